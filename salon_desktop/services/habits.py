"""What the till learns from posted sales: how often the salon sells each service,
and what one client had before (how often, and from whom). Read-only; the rules
that use it are in ``domain/checkout.py``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session, sessionmaker

from salon_desktop.db.models import Sale, SaleLine
from salon_desktop.domain.checkout import ClientHabits
from salon_desktop.domain.sale import LineKind, SaleKind
from salon_desktop.services.sales_common import merged_family

_S, _L = Sale.__table__, SaleLine.__table__
_VOIDED = select(_S.c.original_sale_id).where(
    _S.c.kind == SaleKind.VOID.value, _S.c.original_sale_id.is_not(None)
)
# Service lines sold since a day, per service (voided sales do not count).
_POPULARITY = (
    select(_L.c.service_id, func.count())
    .select_from(_L.join(_S, _S.c.id == _L.c.sale_id))
    .where(
        _S.c.kind == SaleKind.SALE.value,
        _S.c.business_date >= bindparam("since"),
        _L.c.kind == LineKind.SERVICE.value,
        _L.c.service_id.is_not(None),
        _S.c.id.not_in(_VOIDED),
    )
    .group_by(_L.c.service_id)
)
# A client's service lines, newest first.
_CLIENT = (
    select(_L.c.service_id, _L.c.staff_id)
    .select_from(_L.join(_S, _S.c.id == _L.c.sale_id))
    .where(
        _S.c.client_id.in_(bindparam("ids", expanding=True)),
        _S.c.kind == SaleKind.SALE.value,
        _L.c.kind == LineKind.SERVICE.value,
        _L.c.service_id.is_not(None),
        _S.c.id.not_in(_VOIDED),
    )
    .order_by(_S.c.posted_at.desc(), _S.c.id.desc(), _L.c.position)
)

POPULARITY_DAYS = 365


class HabitsReader:
    def __init__(self, sm: sessionmaker[Session], today: Callable[[], dt.date] = dt.date.today):
        self._sm = sm
        self._today = today

    def popularity(self, days: int = POPULARITY_DAYS) -> dict[int, int]:
        """Service id -> how many times it was sold in the last ``days`` days."""
        since = self._today() - dt.timedelta(days=days)
        with self._sm() as s:
            return {sid: n for sid, n in s.connection().execute(_POPULARITY, {"since": since})}

    def client(self, client_id: int) -> ClientHabits:
        """The services the client (and files merged into hers) had, how often, and
        who did each last."""
        counts: dict[int, int] = {}
        last: dict[int, int] = {}
        with self._sm() as s:
            conn = s.connection()
            ids = merged_family(conn, client_id)
            for sid, staff_id in conn.execute(_CLIENT, {"ids": ids}):
                counts[sid] = counts.get(sid, 0) + 1
                if staff_id is not None:
                    last.setdefault(sid, staff_id)
        return ClientHabits(counts, last)
