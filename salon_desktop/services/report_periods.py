"""The monthly report's statements: what a visit is, and one period's money.

* **money**: the period's rows of the day totals (``sale_day_lines``: by day, sale
  kind, line kind, service and staff member; ``sale_day_payments``: by day and
  method; kept by triggers, migration 0018); revenue by kind, category, staff member
  and day, the visits' revenue and the top services are added up from those few
  hundred rows.
* **clients** (visits, new, retained, the rebooking interval) are
  ``services.report_visits``'s, read once for the three periods.

A client is her file with every file merged into it (``merged_into_id``, followed to
the end, ``ROOTS``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import cast

from sqlalchemy import Table, and_, exists, literal_column, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from salon_desktop.db.models import Client
from salon_desktop.db.models_sales import Sale, SaleLine
from salon_desktop.db.models_segments import SaleDayLines, SaleDayPayments
from salon_desktop.domain.report import RETAIL
from salon_desktop.domain.report_period import Period
from salon_desktop.domain.sale import LineKind, SaleKind
from salon_desktop.services.sales_common import money_sum

S = cast(Table, Sale.__table__)
L = cast(Table, SaleLine.__table__)
C = cast(Table, Client.__table__)
BOUGHT = (LineKind.SERVICE.value, LineKind.PRODUCT.value)
RETENTION_MONTHS = 3
TOP_SERVICES = 10

# -- the statements' parts ---------------------------------------------------------------------

_M = C.alias("merged")
_UP = C.alias("up")


def _roots():
    """(file id, the file it was merged into at last) for every merged file: a
    recursive CTE over the few merged files (UNION: a loop cannot run forever)."""
    base = (
        select(_M.c.id.label("id"), _M.c.merged_into_id.label("root"))
        .where(_M.c.merged_into_id.is_not(None))
        .cte("roots", recursive=True)
    )
    chain = base.union(
        select(base.c.id, _UP.c.merged_into_id)
        .join(_UP, _UP.c.id == base.c.root)
        .where(_UP.c.merged_into_id.is_not(None))
    )
    merged = select(C.c.id).where(C.c.merged_into_id.is_not(None))
    return select(chain.c.id, chain.c.root).where(chain.c.root.not_in(merged)).subquery("root_of")


ROOTS = _roots()  # one object: statements that read it twice name its CTE once


def _kinds(*kinds: str) -> list[ColumnElement[str]]:
    """The kinds written into the statement, not bound: SQLite uses a partial index
    (``WHERE kind = 'void'``) only when the statement says that very value; with a
    bound parameter it reads every sale (a second a statement at 3,000,000)."""
    return [literal_column(f"'{k}'") for k in kinds]


_VOIDED = select(S.c.original_sale_id).where(
    S.c.kind == _kinds(SaleKind.VOID.value)[0], S.c.original_sale_id.is_not(None)
)
_L2 = L.alias("bought")
# Sales of only a gift voucher or money paid in (every sale has a line): few, found
# through the partial index ``ix_sale_lines_not_bought``, never by reading every line.
_NOT_BOUGHT = select(L.c.sale_id).where(
    L.c.kind.in_(_kinds(LineKind.VOUCHER.value, LineKind.ACCOUNT.value)),
    ~exists(select(_L2.c.id).where(_L2.c.sale_id == L.c.sale_id, _L2.c.kind.in_(BOUGHT))),
)


def _in(col, start: dt.date, end: dt.date) -> ColumnElement[bool]:
    return and_(col >= start, col < end)


def _visit_sale(t=S) -> ColumnElement[bool]:
    """``t`` (the sales or an alias) is a visit: a sale, not voided, of services or products."""
    return and_(t.c.kind == SaleKind.SALE.value, t.c.id.not_in(_VOIDED), t.c.id.not_in(_NOT_BOUGHT))


class _Days:
    """Dates as the driver gives them (``date``, or ISO text on SQLite), each parsed once."""

    def __init__(self) -> None:
        self._seen: dict[object, dt.date] = {}

    def __call__(self, v: object) -> dt.date:
        d = self._seen.get(v)
        if d is None:
            d = v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v)[:10])
            self._seen[v] = d
        return d


# -- money -------------------------------------------------------------------------------------


_DL = cast(Table, SaleDayLines.__table__)
_DP = cast(Table, SaleDayPayments.__table__)
VOIDED = "voided"  # sale_day_lines: a void's lines again, on the day of the sale voided


def money(
    s: Session, p: Period, category_of: Mapping[int, int | None]
) -> tuple[dict, list[tuple[int | None, int, int]]]:
    """Revenue by kind, category (keys; products are ``RETAIL``), staff member and day,
    the visits' revenue and money taken by method; and the top services as (service,
    times, amount), most revenue first. ``category_of``: each service's category.

    Read from the day totals (``sale_day_lines``, ``sale_day_payments``: a few hundred
    rows a month, kept by triggers); the visits' revenue is the sales' (kind ``sale``)
    with the lines of their voids (kind ``voided``, on the day of the sale voided)."""
    stmt = select(
        _DL.c.business_date,
        _DL.c.sale_kind,
        _DL.c.line_kind,
        _DL.c.service_id,
        _DL.c.staff_id,
        _DL.c.qty,
        _DL.c.total,
    ).where(_in(_DL.c.business_date, p.start, p.end))
    day = _Days()
    services = retail = visit_revenue = 0
    by_category: dict[object, int] = {}
    by_staff: dict[object, int] = {}
    by_day: dict[dt.date, int] = {}
    top: dict[int | None, list[int]] = {}
    for date, sale_kind, kind, service, staff, qty, amount in s.execute(stmt):
        amount = int(amount)
        if sale_kind == VOIDED:
            visit_revenue += amount
            continue
        service_id = int(service) or None
        staff_id = int(staff) or None
        key: object
        if kind == LineKind.SERVICE.value:
            services += amount
            key = category_of.get(service_id) if service_id is not None else None
            t = top.setdefault(service_id, [0, 0])
            t[0] += int(qty)
            t[1] += amount
        else:
            retail += amount
            key = RETAIL
        by_category[key] = by_category.get(key, 0) + amount
        by_staff[staff_id] = by_staff.get(staff_id, 0) + amount
        d = day(date)
        by_day[d] = by_day.get(d, 0) + amount
        if sale_kind == SaleKind.SALE.value:
            visit_revenue += amount
    methods: dict[object, int] = {}
    for m, a in s.execute(
        select(_DP.c.method, money_sum(_DP.c.amount))
        .where(_in(_DP.c.business_date, p.start, p.end))
        .group_by(_DP.c.method)
    ):
        methods[m] = int(a)
    tops = sorted(top.items(), key=lambda kv: (-kv[1][1], kv[0] or 0))[:TOP_SERVICES]
    return (
        dict(
            services=services,
            retail=retail,
            visit_revenue=visit_revenue,
            by_category=by_category,
            by_staff=by_staff,
            by_method=methods,
            by_day=tuple(sorted(by_day.items())),
        ),
        [(sid, n, a) for sid, (n, a) in tops],
    )


# -- visits and clients ------------------------------------------------------------------------


__all__ = ["BOUGHT", "RETENTION_MONTHS", "ROOTS", "TOP_SERVICES", "money"]
