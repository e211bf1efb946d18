"""The monthly report's statements: what a visit is, and one period's money in two passes.

* **money**: one ``GROUP BY`` over the period's service and product lines (found
  through the sales' date index) by day, line kind, service, staff member and whether
  the sale is a visit; revenue by kind, category, staff member and day, the visits'
  revenue and the top services are added up from its few rows. One more over the
  period's payments.
* **clients** (visits, new, retained, the rebooking interval) are
  ``services.report_visits``'s, read once for the three periods.

A client is her file with every file merged into it (``merged_into_id``, followed to
the end, ``ROOTS``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import cast

from sqlalchemy import Table, and_, case, exists, func, literal_column, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from salon_desktop.db.models import Client
from salon_desktop.db.models_sales import Sale, SaleLine, SalePayment
from salon_desktop.domain.report import RETAIL
from salon_desktop.domain.report_period import Period
from salon_desktop.domain.sale import LineKind, SaleKind
from salon_desktop.services.sales_common import money_sum

S = cast(Table, Sale.__table__)
L = cast(Table, SaleLine.__table__)
P = cast(Table, SalePayment.__table__)
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


def sale_ids(s: Session, p: Period) -> tuple[int, int, int]:
    """The first and the last id of the sales dated in ``p``, and how many (0, -1, 0:
    none)."""
    # ``id + 0``: through the date index; MIN(id) alone has PostgreSQL walk the primary
    # key from the first sale ever until it meets the period (seconds at 3,000,000).
    ids = S.c.id + 0
    lo, hi, n = s.execute(
        select(func.min(ids), func.max(ids), func.count()).where(
            _in(S.c.business_date, p.start, p.end)
        )
    ).one()
    return (0, -1, 0) if lo is None else (int(lo), int(hi), int(n))


def _lines_of(s: Session, p: Period, col) -> ColumnElement[bool]:
    """A condition the lines (or payments, ``col`` their sale id) of ``p``'s sales meet:
    their sale's id is between the first and the last of the period's. PostgreSQL
    then reads that range of the index on ``sale_id`` instead of every line to join
    them. SQLite follows such a range wherever it is, so it gets it only when the
    period's sales are mostly consecutive ids (corrections posted long after their
    sale's day can spread them); otherwise it joins through the date index."""
    lo, hi, n = sale_ids(s, p)
    if s.get_bind().dialect.name == "sqlite" and hi - lo + 1 > 2 * n:
        return literal_column("1") == literal_column("1")
    return col.between(lo, hi)


def money(
    s: Session, p: Period, category_of: Mapping[int, int | None]
) -> tuple[dict, list[tuple[int | None, int, int]]]:
    """Revenue by kind, category (keys; products are ``RETAIL``), staff member and day,
    the visits' revenue and money taken by method; and the top services as (service,
    times, amount), most revenue first. ``category_of``: each service's category."""
    lines_of = _lines_of(s, p, L.c.sale_id)
    is_visit = case((and_(S.c.kind == SaleKind.SALE.value, S.c.id.not_in(_VOIDED)), 1), else_=0)
    stmt = (
        select(
            S.c.business_date,
            L.c.kind,
            L.c.service_id,
            L.c.staff_id,
            is_visit,
            money_sum(L.c.qty),
            money_sum(L.c.total),
        )
        .select_from(S.join(L, L.c.sale_id == S.c.id))
        .where(_in(S.c.business_date, p.start, p.end), L.c.kind.in_(BOUGHT), lines_of)
        .group_by(S.c.business_date, L.c.kind, L.c.service_id, L.c.staff_id, is_visit)
    )
    day = _Days()
    services = retail = visit_revenue = 0
    by_category: dict[object, int] = {}
    by_staff: dict[object, int] = {}
    by_day: dict[dt.date, int] = {}
    top: dict[int | None, list[int]] = {}
    for date, kind, service_id, staff_id, visit, qty, amount in s.execute(stmt):
        amount = int(amount)
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
        if visit:
            visit_revenue += amount
    methods: dict[object, int] = {
        m: int(a)
        for m, a in s.execute(
            select(P.c.method, money_sum(P.c.amount))
            .select_from(S.join(P, P.c.sale_id == S.c.id))
            .where(_in(S.c.business_date, p.start, p.end), _lines_of(s, p, P.c.sale_id))
            .group_by(P.c.method)
        )
    }
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
