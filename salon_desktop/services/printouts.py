"""What printed client documents need: cards for many clients at once, and one
client's whole file (profile, formulas, visits, open complaints) as a plain view."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session, sessionmaker

from salon_desktop.db.models import Client, Staff
from salon_desktop.db.models_sales import Sale
from salon_desktop.domain.printouts import CardView, ClientFileView, ComplaintLine, FormulaLine
from salon_desktop.services.clients import ClientService
from salon_desktop.services.complaints import ComplaintService
from salon_desktop.services.sales_read import SalesReader, local

_C = Client.__table__
_CARD_COLUMNS = (_C.c.id, _C.c.number, _C.c.first_name, _C.c.last_name, _C.c.created_at)
_CARDS_BY_ID = select(*_CARD_COLUMNS).where(_C.c.id.in_(bindparam("ids", expanding=True)))
_CARDS_BY_NUMBER = select(*_CARD_COLUMNS, _C.c.archived).where(
    _C.c.number.in_(bindparam("numbers", expanding=True))
)
_ALL_CARDS = select(*_CARD_COLUMNS).where(_C.c.archived.is_(False)).order_by(_C.c.sort_key, _C.c.id)
_S = Sale.__table__
_FIRST_VISITS = (
    select(_S.c.client_id, func.min(_S.c.business_date))
    .where(_S.c.client_id.in_(bindparam("ids", expanding=True)), _S.c.kind == "sale")
    .group_by(_S.c.client_id)
)
_ALL_FIRST_VISITS = (
    select(_S.c.client_id, func.min(_S.c.business_date))
    .where(_S.c.client_id.is_not(None), _S.c.kind == "sale")
    .group_by(_S.c.client_id)
)
_CHUNK = 500  # ids per IN (...): well under every driver's parameter limit


class UnknownClients(LookupError):
    """Some of the client numbers asked for have no file (or only an archived one)."""

    def __init__(self, numbers: Sequence[int]):
        self.numbers = list(numbers)
        super().__init__(", ".join(str(n) for n in self.numbers))


@dataclass(frozen=True)
class CardRequest:
    """Which clients to print cards for: ids (the list's selection), numbers (the
    command line) or every active client."""

    ids: tuple[int, ...] = ()
    numbers: tuple[int, ...] = ()
    everyone: bool = False


def since(created: dt.datetime | None, first_visit: dt.date | None) -> dt.date:
    """ "Client since": the first visit, or the day the file was opened if that is
    earlier (a file typed in from paper cards after years of visits says the years)."""
    opened = local(created).date() if created is not None else dt.date.today()
    return min(opened, first_visit) if first_visit is not None else opened


def _card(row, first_visits: dict[int, dt.date]) -> CardView:
    name = f"{row.first_name} {row.last_name}".strip()
    return CardView(row.number, name, since(row.created_at, first_visits.get(row.id)))


def _as_date(value) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value  # raw SQLite


class PrintoutService:
    def __init__(
        self,
        sm: sessionmaker[Session],
        clients: ClientService,
        reader: SalesReader,
        complaints: ComplaintService,
        region: Callable[[], str] = lambda: "PL",
    ):
        self._sm = sm
        self._region = region
        self._clients = clients
        self._reader = reader
        self._complaints = complaints

    # -- cards ------------------------------------------------------------------
    def cards(self, request: CardRequest) -> list[CardView]:
        """Cards in the order asked for (ids, numbers), or by name for everyone.
        Raises ``UnknownClients`` naming every number without an active file."""
        with self._sm() as s:
            conn = s.connection()
            rows: list[Any]
            if request.everyone:
                rows = list(conn.execute(_ALL_CARDS))
                firsts = {c: _as_date(d) for c, d in conn.execute(_ALL_FIRST_VISITS)}
                return [_card(r, firsts) for r in rows]
            if request.numbers:
                found = {}
                for chunk in _chunks(request.numbers):
                    for r in conn.execute(_CARDS_BY_NUMBER, {"numbers": chunk}):
                        if not r.archived:
                            found[r.number] = r
                missing = [n for n in dict.fromkeys(request.numbers) if n not in found]
                if missing:
                    raise UnknownClients(missing)
                rows = [found[n] for n in dict.fromkeys(request.numbers)]
            else:
                by_id = {}
                for chunk in _chunks(request.ids):
                    by_id.update({r.id: r for r in conn.execute(_CARDS_BY_ID, {"ids": chunk})})
                rows = [by_id[i] for i in dict.fromkeys(request.ids) if i in by_id]
            firsts = {}
            for chunk in _chunks([r.id for r in rows]):
                firsts.update(
                    {c: _as_date(d) for c, d in conn.execute(_FIRST_VISITS, {"ids": chunk})}
                )
            return [_card(r, firsts) for r in rows]

    def count_active(self) -> int:
        return self._clients.count()

    # -- the client file ----------------------------------------------------------
    def client_file(self, client_id: int) -> ClientFileView:
        """The file as printed; raises ``ClientNotFound``."""
        f = self._clients.get(client_id)
        d = f.draft
        staff_ids = {x for x in (d.preferred_staff_id, *(g.staff_id for g in f.formulas)) if x}
        names = self._staff_names(staff_ids)
        visits, figures = self._reader.history(client_id)
        complaints = tuple(
            ComplaintLine(
                number=c.number,
                opened_at=local(c.opened_at),
                category=c.category,
                state=c.state.value,
                description=c.description,
                resolve_by=local(c.resolve_by),
                overdue=c.overdue,
            )
            for c in self._complaints.open_for_client(client_id)
        )
        return ClientFileView(
            id=f.id,
            number=f.number,
            first_name=d.first_name,
            last_name=d.last_name,
            phones=tuple((p.label, p.number) for p in d.phones),
            phone_region=self._region(),
            email=d.email,
            birth_date=d.birth_date,
            gender=d.gender.value if d.gender else "",
            address=d.address,
            source=d.source.value if d.source else "",
            referred_by=f.referred_by_name,
            preferred_staff=names.get(d.preferred_staff_id or 0, ""),
            tags=tuple(d.tags),
            buying_behaviour=d.buying_behaviour.value if d.buying_behaviour else "",
            allergies=d.allergies,
            skin_notes=d.skin_notes,
            hair_notes=d.hair_notes,
            notes=d.notes,
            consents=tuple(sorted((k.value, v) for k, v in d.consents.items())),
            contact_confirmed_on=d.contact_confirmed_on,
            client_since=since(f.created_at, figures.first_visit if figures else None),
            archived=f.archived,
            formulas=tuple(
                FormulaLine(g.applied_on, g.formula, names.get(g.staff_id or 0, ""))
                for g in f.formulas
            ),
            visits=tuple(visits),
            figures=figures,
            complaints=complaints,
        )

    def _staff_names(self, ids: Iterable[int]) -> dict[int, str]:
        ids = list(ids)
        if not ids:
            return {}
        with self._sm() as s:
            return dict(s.execute(select(Staff.id, Staff.name).where(Staff.id.in_(ids))).all())


def _chunks(values: Sequence[int], size: int = _CHUNK) -> Iterable[list[int]]:
    values = list(dict.fromkeys(values))
    for i in range(0, len(values), size):
        yield values[i : i + size]
