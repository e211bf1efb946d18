"""Client files: create, read, update, archive, merge; formulas and photos."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import bindparam, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload, sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.sql.elements import BindParameter, ColumnElement

from salon_desktop.db.base import utcnow
from salon_desktop.db.models import (
    Client,
    ClientConsent,
    ClientPhone,
    ClientPhoto,
    ClientSearchKey,
    ClientTag,
    ColourFormula,
)
from salon_desktop.db.rows import table_of
from salon_desktop.domain.client import (
    BuyingBehaviour,
    ClientDraft,
    ConsentKind,
    Gender,
    PhoneEntry,
    PhotoKind,
    Source,
    clean_client,
    contact_is_stale,
    name_key,
)
from salon_desktop.domain.validation import (
    MAX_LONG,
    Errors,
    FieldError,
    ValidationError,
    check_text,
)
from salon_desktop.i18n import N_
from salon_desktop.paths import make_private, make_private_dir
from salon_desktop.services import audit
from salon_desktop.services.client_search import ClientRow, derived_columns, search_keys_for

log = logging.getLogger("salon_desktop.clients")


class ClientNotFound(LookupError):
    pass


class ConcurrentEdit(RuntimeError):
    """Someone saved this file since it was opened; reopen and edit again."""


class PossibleDuplicate(Exception):
    """Raised by ``create`` when files with the same phone or name + birth date exist."""

    def __init__(self, candidates: list[ClientRow]):
        self.candidates = candidates
        super().__init__(f"{len(candidates)} possible duplicate(s)")


@dataclass(frozen=True)
class FormulaEntry:
    id: int
    applied_on: dt.date
    formula: str
    staff_id: int | None


@dataclass(frozen=True)
class PhotoEntry:
    id: int
    kind: PhotoKind
    taken_on: dt.date
    path: Path
    note: str


@dataclass
class ClientFile:
    """A client file as a screen shows it: the editable draft and what is attached."""

    id: int
    number: int
    version: int
    draft: ClientDraft
    archived: bool
    merged_into_id: int | None
    referred_by_name: str
    created_at: dt.datetime
    updated_at: dt.datetime
    contact_stale: bool
    formulas: list[FormulaEntry] = field(default_factory=list)
    photos: list[PhotoEntry] = field(default_factory=list)

    @property
    def display_name(self) -> str:
        return f"{self.draft.first_name} {self.draft.last_name}".strip()


_C = Client.__table__
_REF = _C.alias("referrer")
_CID: BindParameter[int] = bindparam("cid")
_GET_CLIENT = (
    select(_C, _REF.c.first_name.label("ref_first"), _REF.c.last_name.label("ref_last"))
    .select_from(_C.outerjoin(_REF, _REF.c.id == _C.c.referred_by_id))
    .where(_C.c.id == _CID)
)
_T = ClientPhone.__table__
_GET_PHONES = select(_T.c.e164, _T.c.label).where(_T.c.client_id == _CID).order_by(_T.c.position)
_T = ClientTag.__table__
_GET_TAGS = select(_T.c.tag).where(_T.c.client_id == _CID).order_by(_T.c.tag)
_T = ClientConsent.__table__
_GET_CONSENTS = select(_T.c.kind, _T.c.given_on).where(_T.c.client_id == _CID)
_T = ColourFormula.__table__
_GET_FORMULAS = (
    select(_T.c.id, _T.c.applied_on, _T.c.formula, _T.c.staff_id)
    .where(_T.c.client_id == _CID)
    .order_by(_T.c.applied_on.desc(), _T.c.id.desc())
)
_T = ClientPhoto.__table__
_GET_PHOTOS = (
    select(_T.c.id, _T.c.kind, _T.c.taken_on, _T.c.file_name, _T.c.note)
    .where(_T.c.client_id == _CID)
    .order_by(_T.c.taken_on.desc(), _T.c.id.desc())
)
del _T


def _enum(cls, value):
    try:
        return cls(value) if value else None
    except ValueError:
        return None


class ClientService:
    def __init__(
        self,
        sm: sessionmaker[Session],
        photo_dir: Path,
        region=lambda: "PL",
        reconfirm_months=lambda: 12,
        today=dt.date.today,
    ):
        self._sm = sm
        self._photo_dir = photo_dir
        self._region = region
        self._reconfirm_months = reconfirm_months
        self._today = today
        # The tags in use, for the completer: counting them scans every tag row
        # (~100 ms at 200,000 clients), so it is kept until a tag changes here or a
        # minute has passed (tags added on another desk).
        self._tags: tuple[float, int, list[str]] | None = None

    # -- reading ---------------------------------------------------------
    def get(self, client_id: int) -> ClientFile:
        """The whole file. Core statements built once (not the ORM's loaders): opening a
        file is the desk's most frequent read (benchmarks/checkout.py)."""
        with self._sm() as s:
            conn = s.connection()
            row = conn.execute(_GET_CLIENT, {"cid": client_id}).first()
            if row is None:
                raise ClientNotFound(client_id)
            c = SimpleNamespace(**row._mapping)
            args = {"cid": client_id}
            c.phones = [
                SimpleNamespace(e164=e, label=lb) for e, lb in conn.execute(_GET_PHONES, args)
            ]
            c.tags = [SimpleNamespace(tag=t) for (t,) in conn.execute(_GET_TAGS, args)]
            c.consents = [
                SimpleNamespace(kind=k, given_on=d) for k, d in conn.execute(_GET_CONSENTS, args)
            ]
            c.formulas = [
                SimpleNamespace(id=i, applied_on=d, formula=f, staff_id=st)
                for i, d, f, st in conn.execute(_GET_FORMULAS, args)
            ]
            c.photos = [
                SimpleNamespace(id=i, kind=k, taken_on=d, file_name=fn, note=n)
                for i, k, d, fn, n in conn.execute(_GET_PHOTOS, args)
            ]
            c.referred_by = (
                SimpleNamespace(first_name=row.ref_first, last_name=row.ref_last or "")
                if row.ref_first is not None
                else None
            )
            return self._to_file(c)

    def _to_file(self, c: Client | SimpleNamespace) -> ClientFile:
        draft = ClientDraft(
            first_name=c.first_name,
            last_name=c.last_name,
            phones=[PhoneEntry(p.e164, p.label) for p in c.phones],
            email=c.email,
            birth_date=c.birth_date,
            gender=_enum(Gender, c.gender),
            address=c.address,
            source=_enum(Source, c.source),
            referred_by_id=c.referred_by_id,
            preferred_staff_id=c.preferred_staff_id,
            tags=[t.tag for t in c.tags],
            allergies=c.allergies,
            skin_notes=c.skin_notes,
            hair_notes=c.hair_notes,
            notes=c.notes,
            buying_behaviour=_enum(BuyingBehaviour, c.buying_behaviour),
            contact_confirmed_on=c.contact_confirmed_on,
            consents={
                ConsentKind(k.kind): k.given_on
                for k in c.consents
                if k.kind in ConsentKind.__members__.values()
            },
        )
        ref = c.referred_by
        return ClientFile(
            id=c.id,
            number=c.number,
            version=c.version,
            draft=draft,
            archived=c.archived,
            merged_into_id=c.merged_into_id,
            referred_by_name=f"{ref.first_name} {ref.last_name}".strip() if ref else "",
            created_at=c.created_at,
            updated_at=c.updated_at,
            contact_stale=contact_is_stale(
                c.contact_confirmed_on, self._today(), self._reconfirm_months()
            ),
            formulas=[FormulaEntry(f.id, f.applied_on, f.formula, f.staff_id) for f in c.formulas],
            photos=[
                PhotoEntry(
                    p.id,
                    _enum(PhotoKind, p.kind) or PhotoKind.OTHER,
                    p.taken_on,
                    self._photo_dir / p.file_name,
                    p.note,
                )
                for p in c.photos
            ],
        )

    def count(self, archived: bool = False) -> int:
        with self._sm() as s:
            n = s.scalar(
                select(func.count()).select_from(Client).where(Client.archived.is_(archived))
            )
            return n or 0

    def find_duplicates(self, draft: ClientDraft, exclude_id: int | None = None) -> list[ClientRow]:
        """Active files with one of the draft's phones, or the same folded name and birth date."""
        cleaned = clean_client(draft, self._region(), self._today())
        conds: list[ColumnElement[bool]] = []
        phones = [p.number for p in cleaned.phones]
        if phones:
            conds.append(
                Client.id.in_(select(ClientPhone.client_id).where(ClientPhone.e164.in_(phones)))
            )
        if cleaned.birth_date is not None:
            conds.append(
                (Client.name_key == name_key(cleaned.first_name, cleaned.last_name))
                & (Client.birth_date == cleaned.birth_date)
            )
        if not conds:
            return []
        stmt = select(Client).where(or_(*conds), Client.archived.is_(False)).order_by(Client.id)
        if exclude_id is not None:
            stmt = stmt.where(Client.id != exclude_id)
        with self._sm() as s:
            return [
                ClientRow(
                    c.id,
                    c.number,
                    c.first_name,
                    c.last_name,
                    c.main_phone,
                    c.birth_date,
                    bool(c.allergies),
                    c.archived,
                )
                for c in s.scalars(stmt.limit(20))
            ]

    # -- writing ---------------------------------------------------------
    def create(
        self, draft: ClientDraft, actor_id: int | None, *, allow_duplicate: bool = False
    ) -> int:
        cleaned = clean_client(draft, self._region(), self._today())
        if cleaned.contact_confirmed_on is None:
            # The details were just taken from the client: confirmed today.
            cleaned.contact_confirmed_on = self._today()
        if not allow_duplicate:
            dupes = self.find_duplicates(cleaned)
            if dupes:
                raise PossibleDuplicate(dupes)
        for attempt in range(5):
            try:
                with self._sm.begin() as s:
                    self._check_links(s, cleaned, None)
                    number = (s.scalar(select(func.max(Client.number))) or 0) + 1
                    c = Client(number=number, created_by_id=actor_id, updated_by_id=actor_id)
                    self._apply(s, c, cleaned)
                    s.add(c)
                    s.flush()
                    audit.record(s, actor_id, "client", c.id, "create")
                    return c.id
            except IntegrityError:
                # Another desk took the same client number at the same moment
                # (PostgreSQL, several PCs): the transaction was rolled back; try
                # the next number.
                if attempt == 4 or not self._number_taken(number):
                    raise
        raise AssertionError("unreachable")

    def _number_taken(self, number: int) -> bool:
        with self._sm() as s:
            return s.scalar(select(Client.id).where(Client.number == number)) is not None

    def update(
        self,
        client_id: int,
        draft: ClientDraft,
        actor_id: int | None,
        expected_version: int | None = None,
    ) -> None:
        cleaned = clean_client(draft, self._region(), self._today())
        with self._sm.begin() as s:
            c = s.scalars(
                select(Client)
                .where(Client.id == client_id)
                .options(
                    selectinload(Client.phones),
                    selectinload(Client.tags),
                    selectinload(Client.consents),
                    selectinload(Client.search_keys),
                )
            ).one_or_none()
            if c is None:
                raise ClientNotFound(client_id)
            if expected_version is not None and c.version != expected_version:
                raise ConcurrentEdit(client_id)
            self._check_links(s, cleaned, client_id)
            changed = self._changed_fields(c, cleaned)
            self._apply(s, c, cleaned)
            c.updated_at, c.updated_by_id = utcnow(), actor_id
            audit.record(s, actor_id, "client", c.id, "update", fields=changed)
            try:
                s.flush()
            except StaleDataError as exc:  # saved by another desk since we read it
                raise ConcurrentEdit(client_id) from exc

    def _check_links(self, s: Session, d: ClientDraft, self_id: int | None) -> None:
        errors = Errors()
        if d.referred_by_id is not None:
            if d.referred_by_id == self_id:
                errors.add("referred_by_id", N_("A client cannot refer themselves."))
            elif s.get(Client, d.referred_by_id) is None:
                errors.add("referred_by_id", N_("That client no longer exists."))
        if d.preferred_staff_id is not None:
            from salon_desktop.db.models import Staff

            if s.get(Staff, d.preferred_staff_id) is None:
                errors.add("preferred_staff_id", N_("That staff member no longer exists."))
        errors.raise_if_any()

    @staticmethod
    def _changed_fields(c: Client, d: ClientDraft) -> list[str]:
        names = (
            "first_name",
            "last_name",
            "email",
            "birth_date",
            "address",
            "allergies",
            "skin_notes",
            "hair_notes",
            "notes",
            "contact_confirmed_on",
        )
        out = [n for n in names if getattr(c, n) != getattr(d, n)]
        if [p.e164 for p in c.phones] != [p.number for p in d.phones]:
            out.append("phones")
        return out

    def _apply(self, s: Session, c: Client, d: ClientDraft) -> None:
        c.first_name, c.last_name = d.first_name, d.last_name
        for column, value in derived_columns(d).items():
            setattr(c, column, value)
        c.email, c.birth_date, c.address = d.email, d.birth_date, d.address
        c.gender = d.gender.value if d.gender else None
        c.source = d.source.value if d.source else None
        c.referred_by_id, c.preferred_staff_id = d.referred_by_id, d.preferred_staff_id
        c.allergies, c.skin_notes, c.hair_notes, c.notes = (
            d.allergies,
            d.skin_notes,
            d.hair_notes,
            d.notes,
        )
        c.buying_behaviour = d.buying_behaviour.value if d.buying_behaviour else None
        c.contact_confirmed_on = d.contact_confirmed_on
        # Phones: keep rows whose number is unchanged so their ids stay stable.
        existing = {p.e164: p for p in c.phones}
        c.phones = []
        for pos, entry in enumerate(d.phones):
            row = existing.get(entry.number) or ClientPhone(e164=entry.number)
            row.label, row.position = entry.label, pos
            c.phones.append(row)
        old_tags = {t.tag: t for t in c.tags}
        c.tags = [old_tags.get(t) or ClientTag(tag=t) for t in d.tags]
        if set(old_tags) != set(d.tags):
            self._tags = None
        old_consents = {k.kind: k for k in c.consents}
        consents: list[ClientConsent] = []
        for kind, given in d.consents.items():
            if given is None:
                continue
            consent = old_consents.get(kind.value) or ClientConsent(kind=kind.value)
            consent.given_on = given
            consents.append(consent)
        c.consents = consents
        self._refresh_keys(s, c)

    def _refresh_keys(self, s: Session, c: Client) -> None:
        keys = (
            set()
            if c.archived
            else search_keys_for(
                c.first_name, c.last_name, c.number, [d for d in c.phone_key.split()]
            )
        )
        if c.id is None:
            c.search_keys = [ClientSearchKey(key=k) for k in sorted(keys)]
            return
        with s.no_autoflush:  # one UPDATE (one version step) per save, not two
            old = {
                k.key: k
                for k in s.scalars(select(ClientSearchKey).where(ClientSearchKey.client_id == c.id))
            }
        c.search_keys = [old.get(k) or ClientSearchKey(key=k) for k in sorted(keys)]

    def set_archived(self, client_id: int, archived: bool, actor_id: int | None) -> None:
        with self._sm.begin() as s:
            c = s.get(Client, client_id, options=[selectinload(Client.search_keys)])
            if c is None:
                raise ClientNotFound(client_id)
            c.archived = archived
            c.archived_at = utcnow() if archived else None
            if not archived:
                c.merged_into_id = None
            c.updated_at, c.updated_by_id = utcnow(), actor_id
            self._refresh_keys(s, c)
            audit.record(s, actor_id, "client", c.id, "archive" if archived else "restore")

    def confirm_contact(self, client_id: int, actor_id: int | None) -> None:
        with self._sm.begin() as s:
            c = s.get(Client, client_id)
            if c is None:
                raise ClientNotFound(client_id)
            c.contact_confirmed_on = self._today()
            c.updated_at, c.updated_by_id = utcnow(), actor_id
            audit.record(s, actor_id, "client", c.id, "confirm_contact")

    # -- colour formulas and photos -----------------------------------------
    def add_formula(
        self,
        client_id: int,
        applied_on: dt.date,
        formula: str,
        staff_id: int | None,
        actor_id: int | None,
    ) -> int:
        errors = Errors()
        formula = check_text(
            errors, "formula", formula, required=True, max_len=MAX_LONG, single_line=False
        )
        if applied_on > self._today():
            errors.add("applied_on", N_("This date is in the future."))
        errors.raise_if_any()
        with self._sm.begin() as s:
            if s.get(Client, client_id) is None:
                raise ClientNotFound(client_id)
            row = ColourFormula(
                client_id=client_id, applied_on=applied_on, formula=formula, staff_id=staff_id
            )
            s.add(row)
            s.flush()
            audit.record(s, actor_id, "client", client_id, "add_formula", formula_id=row.id)
            return row.id

    def remove_formula(self, formula_id: int, actor_id: int | None) -> None:
        with self._sm.begin() as s:
            row = s.get(ColourFormula, formula_id)
            if row is not None:
                audit.record(
                    s,
                    actor_id,
                    "client",
                    row.client_id,
                    "remove_formula",
                    formula=row.formula,
                    applied_on=row.applied_on,
                )
                s.delete(row)

    def add_photo(
        self,
        client_id: int,
        source: Path,
        kind: PhotoKind,
        taken_on: dt.date,
        note: str,
        actor_id: int | None,
    ) -> int:
        errors = Errors()
        note = check_text(errors, "note", note, max_len=MAX_LONG, single_line=False)
        if not source.is_file():
            errors.add("file", N_("The file cannot be read."))
        errors.raise_if_any()
        rel = f"{client_id}/{uuid.uuid4().hex}{source.suffix.lower()[:10]}"
        dest = self._photo_dir / rel
        make_private_dir(self._photo_dir)
        make_private_dir(dest.parent)
        shutil.copyfile(source, dest)
        make_private(dest)
        try:
            with self._sm.begin() as s:
                if s.get(Client, client_id) is None:
                    raise ClientNotFound(client_id)
                row = ClientPhoto(
                    client_id=client_id,
                    kind=kind.value,
                    taken_on=taken_on,
                    file_name=rel,
                    note=note,
                )
                s.add(row)
                s.flush()
                audit.record(s, actor_id, "client", client_id, "add_photo", photo_id=row.id)
                return row.id
        except BaseException:
            dest.unlink(missing_ok=True)
            raise

    def remove_photo(self, photo_id: int, actor_id: int | None) -> None:
        """Remove a photo from the file, and its image from the disk once that is saved."""
        file_name = None
        with self._sm.begin() as s:
            row = s.get(ClientPhoto, photo_id)
            if row is not None:
                audit.record(
                    s, actor_id, "client", row.client_id, "remove_photo", file=row.file_name
                )
                file_name = row.file_name
                s.delete(row)
        if file_name:
            self._delete_photo_file(file_name)

    def _delete_photo_file(self, file_name: str) -> None:
        """The image of a removed photo: deleted (a client's photo is not kept once
        removed), unless another photo row still names it."""
        with self._sm() as s:
            if s.scalar(select(ClientPhoto.id).where(ClientPhoto.file_name == file_name).limit(1)):
                return
        path = (self._photo_dir / file_name).resolve()
        if not path.is_relative_to(self._photo_dir.resolve()):
            return  # never outside the profile's photos
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("could not delete the removed photo %s: %s", path, exc)

    # -- merging -------------------------------------------------------------
    def merge(self, keep_id: int, other_id: int, actor_id: int | None) -> None:
        """Combine ``other`` into ``keep``; ``other`` stays, archived, pointing to ``keep``.

        Empty fields of the kept file are filled from the other; notes and
        allergies are joined; phones, tags, consents, formulas and photos move;
        clients referred by the other now point to the kept file; her complaints,
        their compensations (a pending discount or redo included) and her surveys
        move (``_move_feedback``).
        """
        if keep_id == other_id:
            raise ValidationError(
                [FieldError("merge", N_("A client file cannot be merged with itself."))]
            )
        with self._sm.begin() as s:
            opts = [
                selectinload(Client.phones),
                selectinload(Client.tags),
                selectinload(Client.consents),
                selectinload(Client.search_keys),
            ]
            keep = s.get(Client, keep_id, options=opts)
            other = s.get(Client, other_id, options=opts)
            if keep is None or other is None:
                raise ClientNotFound(other_id if keep else keep_id)
            for name in (
                "email",
                "birth_date",
                "gender",
                "address",
                "source",
                "referred_by_id",
                "preferred_staff_id",
                "buying_behaviour",
                "last_name",
            ):
                if not getattr(keep, name) and getattr(other, name):
                    setattr(keep, name, getattr(other, name))
            if keep.referred_by_id == keep.id:
                keep.referred_by_id = None
            for name in ("allergies", "skin_notes", "hair_notes", "notes"):
                a, b = getattr(keep, name), getattr(other, name)
                if b and b not in a:
                    setattr(keep, name, f"{a}\n{b}".strip()[:MAX_LONG] if a else b)
            if other.contact_confirmed_on and (
                not keep.contact_confirmed_on
                or other.contact_confirmed_on > keep.contact_confirmed_on
            ):
                keep.contact_confirmed_on = other.contact_confirmed_on
            phones = [PhoneEntry(p.e164, p.label) for p in keep.phones]
            phones += [
                PhoneEntry(p.e164, p.label)
                for p in other.phones
                if p.e164 not in {q.number for q in phones}
            ]
            tags = [t.tag for t in keep.tags] + [t.tag for t in other.tags]
            kinds = set(ConsentKind)
            consents = {ConsentKind(k.kind): k.given_on for k in other.consents if k.kind in kinds}
            consents.update(
                {ConsentKind(k.kind): k.given_on for k in keep.consents if k.kind in kinds}
            )
            draft = self._to_draft_for_merge(keep, phones, tags, consents)
            s.execute(
                update(ColourFormula)
                .where(ColourFormula.client_id == other.id)
                .values(client_id=keep.id)
            )
            s.execute(
                update(ClientPhoto)
                .where(ClientPhoto.client_id == other.id)
                .values(client_id=keep.id)
            )
            s.execute(
                update(Client)
                .where(Client.referred_by_id == other.id, Client.id != keep.id)
                .values(referred_by_id=keep.id)
            )
            moved = self._move_feedback(s, other.id, keep.id)
            s.execute(delete(ClientPhone).where(ClientPhone.client_id == other.id))
            s.execute(delete(ClientTag).where(ClientTag.client_id == other.id))
            self._tags = None
            s.execute(delete(ClientConsent).where(ClientConsent.client_id == other.id))
            s.expire(other, ["phones", "tags", "consents"])
            other.phones, other.tags, other.consents = [], [], []
            other.phone_key, other.main_phone = "", ""
            other.archived, other.archived_at, other.merged_into_id = True, utcnow(), keep.id
            other.updated_at, other.updated_by_id = utcnow(), actor_id
            self._refresh_keys(s, other)
            self._apply(s, keep, clean_client(draft, self._region(), self._today()))
            keep.updated_at, keep.updated_by_id = utcnow(), actor_id
            audit.record(s, actor_id, "client", keep.id, "merge", merged=other.id, **moved)
            audit.record(s, actor_id, "client", other.id, "merged_into", into=keep.id)

    @staticmethod
    def _move_feedback(s: Session, other_id: int, keep_id: int) -> dict[str, int]:
        """Her complaints (open ones show in the kept file and at the till), their
        compensations (one still pending is offered on the kept file's next ticket)
        and her surveys (her satisfaction category is the kept file's) move; the
        visits they are about stay the other file's sales (posted sales never
        change), shown with the kept file's through ``merged_family``. How many of
        each moved, for the audit trail."""
        from salon_desktop.db.models_feedback import Complaint, ComplaintCompensation, Survey

        moved = {}
        for name, model in (
            ("complaints", Complaint),
            ("compensations", ComplaintCompensation),
            ("surveys", Survey),
        ):
            table = table_of(model)
            done = s.connection().execute(
                update(table).where(table.c.client_id == other_id).values(client_id=keep_id)
            )
            moved[name] = done.rowcount
        return moved

    @staticmethod
    def _to_draft_for_merge(c: Client, phones, tags, consents) -> ClientDraft:
        return ClientDraft(
            first_name=c.first_name,
            last_name=c.last_name,
            phones=phones,
            email=c.email,
            birth_date=c.birth_date,
            gender=_enum(Gender, c.gender),
            address=c.address,
            source=_enum(Source, c.source),
            referred_by_id=c.referred_by_id,
            preferred_staff_id=c.preferred_staff_id,
            tags=tags,
            allergies=c.allergies,
            skin_notes=c.skin_notes,
            hair_notes=c.hair_notes,
            notes=c.notes,
            buying_behaviour=_enum(BuyingBehaviour, c.buying_behaviour),
            contact_confirmed_on=c.contact_confirmed_on,
            consents=consents,
        )

    # -- read-only helpers for screens -------------------------------------------
    def all_tags(self, limit: int = 500) -> list[str]:
        """Tags in use on any file, most used first (for the tag completer)."""
        cached = self._tags
        if cached is not None and cached[1] == limit and time.monotonic() - cached[0] < 60:
            return list(cached[2])
        with self._sm() as s:
            stmt = (
                select(ClientTag.tag)
                .group_by(ClientTag.tag)
                .order_by(func.count().desc(), ClientTag.tag)
                .limit(limit)
            )
            tags = list(s.scalars(stmt))
        self._tags = (time.monotonic(), limit, tags)
        return list(tags)

    def today(self) -> dt.date:
        """The date the service checks against ("in the future"); fixed in test profiles."""
        return self._today()
