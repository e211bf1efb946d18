"""Writing the demo's client files: through the client service (every row what
the receptionist's screens would write), or in bulk.

For many clients one service call per client is too slow; the bulk path cleans
each draft with the same domain rules (``clean_client``), derives the same
columns the service derives (name, sort and phone keys, the first phone, the
prefix search keys) and inserts batches with SQLAlchemy Core. The FTS5 table is
filled by its triggers on SQLite; the pg_trgm indexes follow the table on
PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from itertools import islice

from sqlalchemy import func, select, text

from salon_desktop.db.base import utcnow
from salon_desktop.db.models import (
    AuditEntry,
    Client,
    ClientConsent,
    ClientPhone,
    ClientSearchKey,
    ClientTag,
    ColourFormula,
)
from salon_desktop.db.rows import insert_rows, table_of
from salon_desktop.demo.people import DemoClient
from salon_desktop.domain.client import ClientDraft, clean_client
from salon_desktop.services.client_search import derived_columns, search_keys_for

BATCH = 2000  # clients per bulk transaction


def today_of(ctx) -> dt.date:
    """The client service validates dates against its own "today" (tests may fix it)."""
    today = getattr(ctx.clients, "today", None)
    return today() if callable(today) else dt.date.today()


def insert_with_services(ctx, items: Iterable[DemoClient], actor: int | None) -> list[int]:
    ids: list[int] = []
    archive: list[int] = []
    for item in items:
        draft = item.draft
        if item.referred_by is not None:
            draft.referred_by_id = ids[item.referred_by]
        cid = ctx.clients.create(draft, actor, allow_duplicate=True)
        ids.append(cid)
        for applied_on, formula, staff_id in sorted(item.formulas):
            ctx.clients.add_formula(cid, applied_on, formula, staff_id, actor)
        if item.archived:
            archive.append(cid)
    for cid in archive:  # after all are created: archived clients may have referred others
        ctx.clients.set_archived(cid, True, actor)
    return ids


def client_columns(cleaned: ClientDraft, number: int, archived: bool) -> dict:
    """The ``clients`` columns the client service derives from a cleaned draft
    (``derived_columns``, as ``ClientService._apply`` stores them), and the
    prefix keys ``_refresh_keys`` would write, under ``"search_keys"``."""
    columns = derived_columns(cleaned)
    keys = (
        set()
        if archived
        else search_keys_for(
            cleaned.first_name, cleaned.last_name, number, columns["phone_key"].split()
        )
    )
    return {**columns, "search_keys": sorted(keys)}


def insert_bulk(
    ctx, items: Iterable[DemoClient], actor: int | None, *, batch: int, total: int, progress=None
) -> list[int]:
    """Insert generated clients in batches with Core statements (see module doc).

    Ids are assigned here (max + 1 onwards), so nothing else may add clients
    or formulas to the profile meanwhile; on PostgreSQL the id sequences are
    moved past them afterwards.
    """
    region, today = ctx.salon.phone_region, today_of(ctx)
    engine = ctx.engine
    with engine.connect() as conn:
        next_id = (conn.scalar(select(func.max(Client.id))) or 0) + 1
        next_number = (conn.scalar(select(func.max(Client.number))) or 0) + 1
        next_formula = (conn.scalar(select(func.max(ColourFormula.id))) or 0) + 1
    first_id = next_id
    ids: list[int] = []
    it = iter(items)
    t_clients, t_phones, t_tags = table_of(Client), table_of(ClientPhone), table_of(ClientTag)
    t_consents, t_keys = table_of(ClientConsent), table_of(ClientSearchKey)
    t_formulas, t_audit = table_of(ColourFormula), table_of(AuditEntry)
    while chunk := list(islice(it, batch)):
        now = utcnow()
        clients, phones, tags, consents, keys, formulas, audits = [], [], [], [], [], [], []
        for item in chunk:
            cid, number = next_id, next_number
            next_id += 1
            next_number += 1
            ids.append(cid)
            d = clean_client(item.draft, region, today)
            derived = client_columns(d, number, item.archived)
            keys += [{"key": k, "client_id": cid} for k in derived.pop("search_keys")]
            clients.append(
                {
                    "id": cid,
                    "number": number,
                    "first_name": d.first_name,
                    "last_name": d.last_name,
                    **derived,
                    "email": d.email,
                    "birth_date": d.birth_date,
                    "gender": d.gender.value if d.gender else None,
                    "address": d.address,
                    "source": d.source.value if d.source else None,
                    "referred_by_id": None
                    if item.referred_by is None
                    else first_id + item.referred_by,
                    "preferred_staff_id": d.preferred_staff_id,
                    "allergies": d.allergies,
                    "skin_notes": d.skin_notes,
                    "hair_notes": d.hair_notes,
                    "notes": d.notes,
                    "buying_behaviour": d.buying_behaviour.value if d.buying_behaviour else None,
                    "contact_confirmed_on": d.contact_confirmed_on,
                    "archived": item.archived,
                    "archived_at": now if item.archived else None,
                    "merged_into_id": None,
                    "created_at": now,
                    "created_by_id": actor,
                    "updated_at": now,
                    "updated_by_id": actor,
                    "version": 2 if item.archived else 1,
                }
            )
            phones += [
                {"client_id": cid, "e164": p.number, "label": p.label, "position": i}
                for i, p in enumerate(d.phones)
            ]
            tags += [{"client_id": cid, "tag": t} for t in d.tags]
            consents += [
                {"client_id": cid, "kind": k.value, "given_on": v}
                for k, v in d.consents.items()
                if v is not None
            ]
            audits.append(_audit(now, actor, cid, "create"))
            for applied_on, formula, staff_id in sorted(item.formulas):
                formulas.append(
                    {
                        "id": next_formula,
                        "client_id": cid,
                        "applied_on": applied_on,
                        "formula": formula,
                        "staff_id": staff_id,
                        "created_at": now,
                    }
                )
                audits.append(_audit(now, actor, cid, "add_formula", formula_id=next_formula))
                next_formula += 1
            if item.archived:
                audits.append(_audit(now, actor, cid, "archive"))
        with engine.begin() as conn:
            insert_rows(conn, t_clients, clients)
            for table, rows in (
                (t_phones, phones),
                (t_tags, tags),
                (t_consents, consents),
                (t_keys, keys),
                (t_formulas, formulas),
                (t_audit, audits),
            ):
                insert_rows(conn, table, rows)
        if progress is not None:
            progress(len(ids), total)
    if ids and engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            for name in ("clients", "colour_formulas"):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                        f"(SELECT max(id) FROM {name}))"
                    )
                )
    return ids


def _audit(at: dt.datetime, actor: int | None, client_id: int, action: str, **detail) -> dict:
    return {
        "at": at,
        "staff_id": actor,
        "entity": "client",
        "entity_id": client_id,
        "action": action,
        "detail": json.dumps(detail, ensure_ascii=False, default=str) if detail else "",
    }
