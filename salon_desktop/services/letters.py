"""Letters: the stored templates per language (``letter_templates``, migration 0011),
filled in for one client or for every client of an action list, and printed
(``documents/letter.py``) as one PDF.

A kind and language the salon has not written itself uses the default wording
(``domain.letters.DEFAULT_*``) in that language. The placeholders are filled
from a few queries for all the clients at once: the files (name, number,
address, birth date), their last visits and their account balances.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Table, bindparam, delete, func, select

from salon_desktop.db.engine import make_sessionmaker
from salon_desktop.db.models import AccountEntry, Client
from salon_desktop.db.models_letters import LetterTemplate
from salon_desktop.domain import action_lists as list_rules
from salon_desktop.domain.letters import (
    DEFAULT_BODIES,
    DEFAULT_SUBJECTS,
    Letter,
    LetterKind,
    Template,
    check_template,
    render,
)
from salon_desktop.domain.permissions import Action
from salon_desktop.domain.text import ascii_digits
from salon_desktop.domain.validation import FieldError
from salon_desktop.i18n import LANGUAGES, _, speaking
from salon_desktop.i18n.formatting import Formatter, ltr
from salon_desktop.services import accounts, audit
from salon_desktop.services.action_lists import ActionLists, _as_date, _chunks
from salon_desktop.services.clients import ClientNotFound
from salon_desktop.services.gdpr import ERASED_NAME
from salon_desktop.services.sales_common import money_sum

_T = cast(Table, LetterTemplate.__table__)
_C = Client.__table__
_A = AccountEntry.__table__
_FACTS = select(
    _C.c.id,
    _C.c.number,
    _C.c.first_name,
    _C.c.last_name,
    _C.c.address,
    _C.c.birth_date,
    _C.c.archived,
).where(_C.c.id.in_(bindparam("ids", expanding=True)))
_OWNER = func.coalesce(_C.c.merged_into_id, _C.c.id)
_BALANCES = (
    select(_OWNER, money_sum(_A.c.amount))
    .join(_C, _C.c.id == _A.c.client_id)
    .where(_OWNER.in_(bindparam("ids", expanding=True)))
    .group_by(_OWNER)
)


@dataclass(frozen=True)
class Facts:
    """What the placeholders of one client's letter are made of."""

    client_id: int
    number: int
    first_name: str
    last_name: str
    address: str = ""
    birth_date: dt.date | None = None
    last_visit: dt.date | None = None
    balance: int = 0  # her account: below zero, what she owes


# The client a preview without a chosen client is filled in with.
SAMPLE = Facts(0, 123, "Anna", "Nowak", "", dt.date(1990, 6, 15), None, -4_500)


def _language(language: str | None, default: str) -> str:
    lang = language or default
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    return lang


class LetterService:
    def __init__(self, ctx):
        self._ctx = ctx

    def _sm(self):
        return make_sessionmaker(self._ctx.engine)

    def today(self) -> dt.date:
        return self._ctx.clients.today()

    # -- templates ----------------------------------------------------------------------
    def default(self, kind: LetterKind, language: str) -> Template:
        with speaking(language):
            return Template(kind, language, _(DEFAULT_SUBJECTS[kind]), _(DEFAULT_BODIES[kind]))

    def template(self, kind: LetterKind, language: str | None = None) -> Template:
        """The salon's wording of that letter in that language, or the default."""
        lang = _language(language, self._ctx.salon.language)
        with self._ctx.engine.connect() as conn:
            row = conn.execute(
                select(_T.c.subject, _T.c.body).where(
                    _T.c.kind == kind.value, _T.c.language == lang
                )
            ).first()
        if row is None:
            return self.default(kind, lang)
        return Template(kind, lang, row.subject, row.body, custom=True)

    def templates(self, language: str | None = None) -> list[Template]:
        return [self.template(k, language) for k in LetterKind]

    def save(
        self,
        kind: LetterKind,
        language: str,
        subject: str,
        body: str,
        actor_id: int | None = None,
    ) -> Template:
        """Store the salon's wording (managers and the owner); ``LetterError`` beside
        the field for an unknown placeholder, nothing saved."""
        lang = _language(language, self._ctx.salon.language)
        subject, body = subject.strip(), body.strip()
        check_template(subject, body)
        with self._sm().begin() as s:
            conn = s.connection()
            accounts.require(conn, actor_id, Action.CHANGE_SETTINGS)
            where = (_T.c.kind == kind.value) & (_T.c.language == lang)
            conn.execute(delete(_T).where(where))
            conn.execute(
                _T.insert().values(
                    kind=kind.value,
                    language=lang,
                    subject=subject,
                    body=body,
                    updated_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
                    updated_by_id=actor_id,
                )
            )
            audit.record(s, actor_id, "letter_template", 0, "save", kind=kind.value, language=lang)
        return Template(kind, lang, subject, body, custom=True)

    def reset(self, kind: LetterKind, language: str, actor_id: int | None = None) -> Template:
        """Back to the default wording."""
        lang = _language(language, self._ctx.salon.language)
        with self._sm().begin() as s:
            conn = s.connection()
            accounts.require(conn, actor_id, Action.CHANGE_SETTINGS)
            conn.execute(delete(_T).where((_T.c.kind == kind.value) & (_T.c.language == lang)))
            audit.record(s, actor_id, "letter_template", 0, "reset", kind=kind.value, language=lang)
        return self.default(kind, lang)

    # -- filling in -----------------------------------------------------------------------
    def facts(self, client_ids: Sequence[int]) -> dict[int, Facts]:
        """The placeholders' facts of current client files (erased and archived left out)."""
        ids = list(dict.fromkeys(client_ids))
        out: dict[int, Facts] = {}
        lists = ActionLists(self._ctx)
        with self._ctx.engine.connect() as conn:
            rows = [r for chunk in _chunks(ids) for r in conn.execute(_FACTS, {"ids": chunk})]
            rows = [r for r in rows if not r.archived and r.first_name != ERASED_NAME]
            live = [r.id for r in rows]
            last = lists._last_visits(conn, live)
            balances: dict[int, int] = {}
            for chunk in _chunks(live):
                balances.update({cid: int(b) for cid, b in conn.execute(_BALANCES, {"ids": chunk})})
        for r in rows:
            out[r.id] = Facts(
                r.id,
                r.number,
                r.first_name,
                r.last_name,
                r.address or "",
                _as_date(r.birth_date),
                last.get(r.id),
                balances.get(r.id, 0),
            )
        return out

    def values(self, f: Facts, language: str, today: dt.date | None = None) -> dict[str, str]:
        salon = self._ctx.salon
        day = today or self.today()
        fmt = Formatter(language, salon.currency)
        jalali = language == "fa" or salon.uses_jalali()
        birthday = (
            fmt.date(list_rules.next_birthday(f.birth_date, day, jalali), "long")
            if f.birth_date
            else ""
        )
        return {
            "first_name": f.first_name,
            "last_name": f.last_name,
            "full_name": f"{f.first_name} {f.last_name}".strip(),
            "client_number": ltr(fmt.client_number(f.number)),
            "salon_name": salon.salon_name,
            "salon_phone": ltr(fmt.digits(ascii_digits(salon.phone))) if salon.phone else "",
            "salon_address": salon.address,
            "last_visit": fmt.date(f.last_visit, "long") if f.last_visit else "",
            "birthday": birthday,
            "amount_due": fmt.amount(max(0, -f.balance)),
            "today": fmt.date(day, "long"),
        }

    def letter(
        self,
        template: Template,
        f: Facts,
        today: dt.date | None = None,
    ) -> Letter:
        """``template`` filled in for one client; ``LetterError`` for a bad placeholder."""
        day = today or self.today()
        values = self.values(f, template.language, day)
        return Letter(
            client_id=f.client_id,
            client_number=f.number,
            name=values["full_name"],
            address=f.address,
            date=day,
            subject=render(template.subject, values, "subject"),
            body=render(template.body, values, "body"),
            language=template.language,
        )

    def for_client(self, kind: LetterKind, client_id: int, language: str | None = None) -> Letter:
        facts = self.facts([client_id])
        if client_id not in facts:
            raise ClientNotFound(client_id)
        return self.letter(self.template(kind, language), facts[client_id])

    def for_list(
        self,
        kind: LetterKind,
        list_name: str,
        language: str | None = None,
        limit: int | None = None,
    ) -> list[Letter]:
        """One letter per client of the action list, in the list's order."""
        rows = ActionLists(self._ctx).rows(list_name, limit=limit)
        template = self.template(kind, language)
        facts = self.facts([r.client_id for r in rows])
        return [self.letter(template, facts[r.client_id]) for r in rows if r.client_id in facts]

    def preview(
        self,
        kind: LetterKind,
        language: str,
        subject: str,
        body: str,
        client_id: int | None = None,
    ) -> bytes:
        """The PDF of a template being edited, filled in for a client (or a sample one)."""
        facts = self.facts([client_id]).get(client_id) if client_id else None
        letter = self.letter(Template(kind, language, subject, body), facts or SAMPLE)
        return self.pdf([letter])

    # -- printing -------------------------------------------------------------------------
    def pdf(
        self, letters: Sequence[Letter], progress: Callable[[int, int], None] | None = None
    ) -> bytes:
        from salon_desktop.documents.letter import letters_pdf

        return letters_pdf(letters, self._ctx.header(), progress)

    def pdf_for_client(
        self, kind: LetterKind, client_id: int, language: str | None = None
    ) -> bytes:
        return self.pdf([self.for_client(kind, client_id, language)])

    def pdf_for_list(
        self,
        kind: LetterKind,
        list_name: str,
        language: str | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> tuple[bytes, int]:
        """The merged PDF of the list's letters and how many there are."""
        letters = self.for_list(kind, list_name, language)
        return self.pdf(letters, progress), len(letters)


def sentence(error: FieldError) -> str:
    """A refused template's problem as one translated sentence (the command line)."""
    return _(error.message).format(**error.params) if error.params else _(error.message)
