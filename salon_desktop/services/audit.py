"""The audit trail: who opened or changed what, and when.

``record`` adds an entry to the caller's transaction (every change of a client
file, a void, a refund, a discount, a price override, a complaint step, a
login...), linked to the audit chain. The table is append-only (the guards of
migration 0010 refuse UPDATE and DELETE). Entries name ids, never personal data, so a client's erasure
leaves nothing of them here. ``AuditService`` records reads (a client file
opened: at most once per staff member and file in ``OPEN_QUIET``) and lets a
manager search the trail.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, sessionmaker

from salon_desktop.db.chains import seal_later
from salon_desktop.db.models import AuditEntry, Staff
from salon_desktop.domain.permissions import Action
from salon_desktop.i18n import N_


def _detail(detail: dict) -> str:
    return json.dumps(detail, ensure_ascii=False, default=str, sort_keys=True) if detail else ""


def record(
    s: Session, actor_id: int | None, entity: str, entity_id: int, action: str, **detail
) -> None:
    """Add an audit row to the caller's transaction (linked to the audit chain)."""
    entry = AuditEntry(
        staff_id=actor_id,
        entity=entity,
        entity_id=entity_id,
        action=action,
        detail=_detail(detail),
    )
    s.add(entry)
    seal_later(s, "audit", entry)


# What the viewer filters by: a name -> the (entity, actions) it covers (None: any action).
KINDS: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "client_open": ("client", ("open",)),
    "client_change": (
        "client",
        (
            "create",
            "update",
            "archive",
            "restore",
            "confirm_contact",
            "add_formula",
            "remove_formula",
            "add_photo",
            "remove_photo",
            "merge",
            "merged_into",
        ),
    ),
    "void": ("sale", ("void",)),
    "refund": ("sale", ("refund",)),
    "discount": ("sale", ("discount",)),
    "price_override": ("sale", ("price_override",)),
    "out_of_stock": ("sale", ("sell_out_of_stock",)),
    "complaint": ("complaint", None),
    "export": ("export", None),
    "erasure": ("client", ("erase",)),
    "login": ("staff", ("login", "wrong_pin", "approve", "refused", "lock", "owner_set")),
    "staff": ("staff", ("create", "update", "pin_set", "commission")),
    "catalog": ("catalog", None),
    "settings": ("settings", None),
}
KIND_LABELS: dict[str, str] = {
    "client_open": N_("Client file opened"),
    "client_change": N_("Client file changed"),
    "void": N_("Sale voided"),
    "refund": N_("Refund"),
    "discount": N_("Discount"),
    "price_override": N_("Price changed at the till"),
    "out_of_stock": N_("Sold out of stock"),
    "complaint": N_("Complaint"),
    "export": N_("Export"),
    "erasure": N_("Client erased"),
    "login": N_("Log-in and PINs"),
    "staff": N_("Staff changed"),
    "catalog": N_("Catalog changed"),
    "settings": N_("Settings changed"),
}
_CATALOG_ENTITIES = ("category", "service", "product", "commission", "stock")

OPEN_QUIET = 600.0  # seconds: a file reopened by the same person meanwhile is not recorded again


def kind_of(entity: str, action: str) -> str | None:
    for name, (ent, actions) in KINDS.items():
        if name == "catalog" and entity in _CATALOG_ENTITIES:
            return name
        if ent == entity and (actions is None or action in actions):
            return name
    return None


@dataclass(frozen=True)
class AuditFilter:
    staff_id: int | None = None
    kind: str | None = None  # a key of KINDS
    client_id: int | None = None
    date_from: dt.date | None = None  # days on this PC's clock
    date_to: dt.date | None = None  # inclusive


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime  # UTC
    staff_id: int | None
    staff_name: str
    entity: str
    entity_id: int
    action: str
    kind: str | None
    detail: dict


def _utc_midnight(day: dt.date) -> dt.datetime:
    """The start of ``day`` on this PC's clock, as the stored (naive UTC) times are."""
    return dt.datetime.combine(day, dt.time()).astimezone(dt.UTC).replace(tzinfo=None)


class AuditService:
    def __init__(self, sm: sessionmaker[Session], clock: Callable[[], float] = time.monotonic):
        self._sm = sm
        self._clock = clock
        self._opened: dict[tuple[int | None, str, int], float] = {}
        self._lock = threading.Lock()

    def opened(self, entity: str, entity_id: int, actor_id: int | None) -> bool:
        """Record that ``actor_id`` opened (read) this record; False when it was
        already recorded a moment ago (one entry per person and file in OPEN_QUIET)."""
        key = (actor_id, entity, entity_id)
        now = self._clock()
        with self._lock:
            last = self._opened.get(key)
            if last is not None and now - last < OPEN_QUIET:
                return False
            self._opened[key] = now
        try:
            with self._sm.begin() as s:
                record(s, actor_id, entity, entity_id, "open")
        except BaseException:
            with self._lock:
                self._opened.pop(key, None)
            raise
        return True

    def search(self, actor_id: int | None, f: AuditFilter, limit: int = 1000) -> list[AuditRow]:
        """The newest entries matching ``f`` (managers and the owner only)."""
        from salon_desktop.services.accounts import require

        a = AuditEntry
        stmt = (
            select(a, Staff.name)
            .outerjoin(Staff, Staff.id == a.staff_id)
            .order_by(a.at.desc(), a.id.desc())
            .limit(limit)
        )
        if f.staff_id is not None:
            stmt = stmt.where(a.staff_id == f.staff_id)
        if f.kind is not None and f.kind in KINDS:
            entity, actions = KINDS[f.kind]
            if f.kind == "catalog":
                stmt = stmt.where(a.entity.in_(_CATALOG_ENTITIES))
            elif actions is None:
                stmt = stmt.where(a.entity == entity)
            else:
                stmt = stmt.where(a.entity == entity, a.action.in_(actions))
        if f.client_id is not None:
            cid = int(f.client_id)
            stmt = stmt.where(
                or_(
                    and_(a.entity == "client", a.entity_id == cid),
                    a.detail.like(f'%"client_id": {cid},%'),
                    a.detail.like(f'%"client_id": {cid}}}'),
                )
            )
        if f.date_from is not None:
            stmt = stmt.where(a.at >= _utc_midnight(f.date_from))
        if f.date_to is not None:
            stmt = stmt.where(a.at < _utc_midnight(f.date_to + dt.timedelta(days=1)))
        with self._sm() as s:
            require(s, actor_id, Action.SEE_AUDIT)
            out = []
            for e, name in s.execute(stmt):
                try:
                    detail = json.loads(e.detail) if e.detail else {}
                except ValueError:
                    detail = {"text": e.detail}
                out.append(
                    AuditRow(
                        e.id,
                        e.at,
                        e.staff_id,
                        name or "",
                        e.entity,
                        e.entity_id,
                        e.action,
                        kind_of(e.entity, e.action),
                        detail if isinstance(detail, dict) else {"value": detail},
                    )
                )
            return out
