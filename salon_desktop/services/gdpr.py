"""A client's rights over their data (GDPR articles 15, 17 and 20): everything
the salon holds about one client, exported; and erasure.

Export: one JSON document — the file (names, contacts, birth date, notes,
allergies, consents with their dates, formulas, photos listed), visits and
purchases, account and gift vouchers, complaints with their steps, surveys with
their answers, and who opened or changed the file (the audit log).

Erasure keeps what the accounts need and nothing that names the person: the
client row stays (sales point to it) with every personal field emptied; phones,
tags, consents, formulas, photos (the files too), search keys and open tickets
are deleted; complaints and surveys keep their figures, not their words.
Posted sales, their hash chain and the audit log are not touched (none of them holds the
client's name or contacts), so the chain survives erasure. Then, on SQLite,
the search index is rebuilt, the WAL checkpointed and the file VACUUMed, so the
name and phone are gone from the database files, not only hidden.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from salon_desktop.db.base import utcnow
from salon_desktop.db.models import (
    AccountEntry,
    AuditEntry,
    Client,
    ClientConsent,
    ClientPhone,
    ClientPhoto,
    ClientSearchKey,
    ClientTag,
    ColourFormula,
    Complaint,
    ComplaintEvent,
    GiftVoucher,
    OpenTicket,
    Sale,
    SaleLine,
    Staff,
    Survey,
    SurveyAnswer,
)
from salon_desktop.domain.permissions import Action
from salon_desktop.domain.views import SalonHeader
from salon_desktop.services import audit
from salon_desktop.services.accounts import require
from salon_desktop.services.clients import ClientNotFound
from salon_desktop.services.export import bytes_body, write_recorded

log = logging.getLogger("salon_desktop.gdpr")

ERASED_NAME = "—"  # what an erased client is called in lists (no personal data)
FORMAT = "salon-desktop/client-data/1"


def _row(obj: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    out = {}
    for col in obj.__table__.columns:
        if col.key in skip:
            continue
        value = getattr(obj, col.key)
        if isinstance(value, dt.datetime | dt.date):
            value = value.isoformat()
        out[col.key] = value
    return out


_SEARCH_ONLY = ("name_key", "sort_key", "phone_key", "initials_key")


class ClientData:
    """Export and erasure of one client's data."""

    def __init__(self, sm: sessionmaker[Session], engine: Engine, photo_dir: Path):
        self._sm, self._engine, self._photo_dir = sm, engine, photo_dir

    def id_of_number(self, number: int) -> int:
        """The id of the client with that client number (as printed on the card)."""
        with self._sm() as s:
            cid = s.scalar(select(Client.id).where(Client.number == number))
        if cid is None:
            raise ClientNotFound(number)
        return cid

    # -- article 15 / 20 ------------------------------------------------------------------
    def export(self, client_id: int, actor_id: int | None = None) -> dict[str, Any]:
        """Everything held about the client (managers and the owner only)."""
        with self._sm() as s:
            require(s, actor_id, Action.EXPORT_DATA)
            c = s.get(Client, client_id)
            if c is None:
                raise ClientNotFound(client_id)
            sales = s.scalars(
                select(Sale).where(Sale.client_id == client_id).order_by(Sale.posted_at)
            ).all()
            sale_ids = [x.id for x in sales]
            lines: dict[int, list[dict[str, Any]]] = {}
            if sale_ids:
                for line in s.scalars(
                    select(SaleLine).where(SaleLine.sale_id.in_(sale_ids)).order_by(SaleLine.id)
                ):
                    lines.setdefault(line.sale_id, []).append(
                        _row(line, ("cost", "commission"))  # the salon's, not the client's
                    )
            complaints = s.scalars(
                select(Complaint).where(Complaint.client_id == client_id).order_by(Complaint.id)
            ).all()
            events: dict[int, list[dict[str, Any]]] = {}
            if complaints:
                for ev in s.scalars(
                    select(ComplaintEvent)
                    .where(ComplaintEvent.complaint_id.in_([x.id for x in complaints]))
                    .order_by(ComplaintEvent.id)
                ):
                    events.setdefault(ev.complaint_id, []).append(_row(ev))
            surveys = s.scalars(
                select(Survey).where(Survey.client_id == client_id).order_by(Survey.id)
            ).all()
            answers: dict[int, list[dict[str, Any]]] = {}
            if surveys:
                for ans in s.scalars(
                    select(SurveyAnswer)
                    .where(SurveyAnswer.survey_id.in_([x.id for x in surveys]))
                    .order_by(SurveyAnswer.id)
                ):
                    answers.setdefault(ans.survey_id, []).append(_row(ans))
            return {
                "format": FORMAT,
                "exported_at": utcnow().isoformat(),
                "client": _row(c, _SEARCH_ONLY),
                "phones": [_row(p, ("id", "client_id")) for p in c.phones],
                "tags": [t.tag for t in c.tags],
                "consents": [_row(x, ("client_id",)) for x in c.consents],
                "colour_formulas": [_row(f, ("client_id",)) for f in c.formulas],
                "photos": [_row(p, ("client_id",)) for p in c.photos],
                "visits": [{**_row(x, ("uuid",)), "lines": lines.get(x.id, [])} for x in sales],
                "account": [
                    _row(a)
                    for a in s.scalars(
                        select(AccountEntry)
                        .where(AccountEntry.client_id == client_id)
                        .order_by(AccountEntry.id)
                    )
                ],
                "gift_vouchers": [
                    _row(v)
                    for v in s.scalars(
                        select(GiftVoucher).where(GiftVoucher.client_id == client_id)
                    )
                ],
                "complaints": [{**_row(x), "steps": events.get(x.id, [])} for x in complaints],
                "surveys": [{**_row(x), "answers": answers.get(x.id, [])} for x in surveys],
                "file_history": [
                    _row(e)
                    for e in s.scalars(
                        select(AuditEntry)
                        .where(AuditEntry.entity == "client", AuditEntry.entity_id == client_id)
                        .order_by(AuditEntry.id)
                    )
                ],
            }

    def export_json(self, client_id: int, path: Path, actor_id: int | None = None) -> Path:
        """The export as a JSON file, recorded in the audit log (no file without its
        entry, no entry without its file; ``ExportFailed`` for a disk problem)."""
        data = self.export(client_id, actor_id)
        body = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
        return self._write(client_id, actor_id, Path(path), body, "json")

    def staff_names(self) -> dict[int, str]:
        """Who the export's staff ids are (for the readable PDF)."""
        with self._sm() as s:
            return {i: n for i, n in s.execute(select(Staff.id, Staff.name))}

    def export_pdf(
        self,
        client_id: int,
        path: Path,
        actor_id: int | None,
        header: SalonHeader,
        phone_region: str = "",
        printed_on: dt.date | None = None,
    ) -> Path:
        """The export as a readable PDF in the salon's language, recorded in the audit
        log as the JSON file is."""
        from salon_desktop.documents.client_data import client_data_pdf

        data = self.export(client_id, actor_id)
        body = client_data_pdf(data, header, self.staff_names(), phone_region, printed_on)
        return self._write(client_id, actor_id, Path(path), body, "pdf")

    def export_both(
        self,
        client_id: int,
        pdf_path: Path,
        actor_id: int | None,
        header: SalonHeader,
        phone_region: str = "",
        printed_on: dt.date | None = None,
    ) -> tuple[Path, Path]:
        """The PDF at ``pdf_path`` and the JSON file beside it (same name, ``.json``)."""
        pdf_path = Path(pdf_path).expanduser()
        if pdf_path.suffix.lower() != ".pdf":
            pdf_path = pdf_path.with_name(pdf_path.name + ".pdf")
        json_path = self.export_json(client_id, pdf_path.with_suffix(".json"), actor_id)
        self.export_pdf(client_id, pdf_path, actor_id, header, phone_region, printed_on)
        return pdf_path, json_path

    def _write(
        self, client_id: int, actor_id: int | None, path: Path, body: bytes, form: str
    ) -> Path:
        path = path.expanduser()

        def entry(s: Session, _size: int) -> None:
            require(s, actor_id, Action.EXPORT_DATA)
            audit.record(
                s,
                actor_id,
                "export",
                client_id,
                "client_data",
                client_id=client_id,
                file=path.name,
                format=form,
            )

        write_recorded(self._sm, path, bytes_body(body), entry)
        return path

    # -- article 17 --------------------------------------------------------------------
    def erase(
        self, client_id: int, actor_id: int | None, progress: Callable[[str], None] | None = None
    ) -> int:
        """Erase the client's personal data (managers and the owner only); returns the
        photo files removed."""
        with self._sm.begin() as s:
            require(s, actor_id, Action.ERASE_CLIENT)
            c = s.get(Client, client_id)
            if c is None:
                raise ClientNotFound(client_id)
            photos = [p.file_name for p in c.photos]
            for model in (ClientPhone, ClientTag, ClientConsent, ColourFormula, ClientPhoto):
                s.execute(delete(model).where(model.client_id == client_id))
            s.execute(delete(ClientSearchKey).where(ClientSearchKey.client_id == client_id))
            s.execute(delete(OpenTicket).where(OpenTicket.client_id == client_id))
            s.execute(
                update(Complaint)
                .where(Complaint.client_id == client_id)
                .values(description="", wanted="", follow_up_outcome="", resolution="")
            )
            # Surveys keep their scores (the figures), not the client's words.
            s.execute(update(Survey).where(Survey.client_id == client_id).values(comment=""))
            s.execute(
                update(Client)
                .where(Client.id == client_id)
                .values(
                    first_name=ERASED_NAME,
                    last_name="",
                    name_key="",
                    sort_key="",
                    phone_key="",
                    main_phone="",
                    initials_key="",
                    email="",
                    birth_date=None,
                    gender=None,
                    address="",
                    source=None,
                    referred_by_id=None,
                    preferred_staff_id=None,
                    allergies="",
                    skin_notes="",
                    hair_notes="",
                    notes="",
                    buying_behaviour=None,
                    contact_confirmed_on=None,
                    archived=True,
                    archived_at=utcnow(),
                    updated_at=utcnow(),
                    updated_by_id=actor_id,
                    version=Client.version + 1,
                )
            )
            # Others referred by this client keep the link: it names nobody now.
            audit.record(s, actor_id, "client", client_id, "erase")
        removed = 0
        for name in photos:
            try:
                (self._photo_dir / name).unlink()
                removed += 1
            except FileNotFoundError:
                pass
        if progress is not None:
            progress("compact")
        self.compact()
        return removed

    def compact(self) -> None:
        """Rewrite the database so that deleted text is gone from its files."""
        if self._engine.dialect.name == "sqlite":
            raw = self._engine.raw_connection()  # VACUUM runs outside any transaction
            try:
                db = raw.driver_connection
                assert db is not None
                db.execute("INSERT INTO clients_fts(clients_fts) VALUES ('rebuild')")
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                db.execute("VACUUM")
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                raw.close()
        else:
            with self._engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                for table in (
                    "clients",
                    "client_phones",
                    "client_search_keys",
                    "complaints",
                    "surveys",
                ):
                    conn.execute(text(f"VACUUM {table}"))
