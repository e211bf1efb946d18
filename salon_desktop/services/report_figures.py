"""The figures of the monthly report (or of any period), by SQL aggregates.

Every figure is a ``GROUP BY`` or a ``COUNT`` the database computes; nothing
loads sales, lines or clients one by one. Each figure is computed for the
period, the period before and the same period a year earlier (``Period``).

What is counted:

* **revenue** is what service and product lines came to (with tax), over every
  sale dated in the period, corrections included (a void or refund dated in the
  period takes its amount off); vouchers sold and money paid into an account
  are not revenue. By category (a service's category; products are "retail"),
  by the staff member of the line, and the money taken by payment method (all
  sales and corrections of the period, vouchers and account payments included).
* a **visit** is a day on which a client had a sale of services or products that
  was not voided (as ``services.segments`` counts them); a sale without a client
  (a walk-in) is a visit of its own. The **average ticket** is what the visits'
  service and product lines came to, divided by the visits.
* a client is her file with every file merged into it; a **new client** had her
  first visit ever in the period, the others seen are **returning**.
* **retention**: of the clients with a visit in the three months of the calendar
  before the period, the share who had a visit in the period.
* **rebooking interval**: for each visit in the period by a client seen before,
  the days since her previous visit (median and mean).
* complaints (``services.complaint_figures``) and NPS / CSAT
  (``services.survey_figures``) are those modules' own figures.
* clients by category, RFM segment and strategy are the stored scores
  (``client_scores``, as the last ``scores`` run left them), of the current files;
  the clients who moved from one category (or segment) to another compare the
  scores of the month before the period with those of its end
  (``services/score_history.py``: the last run of each month is kept).
* birthdays are those of the month after the period (of the calendar); the
  clients to win back are the valuable ones whose stored strategy is "win back",
  most future value first.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from sqlalchemy import (
    Integer,
    Table,
    and_,
    case,
    distinct,
    exists,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy import (
    cast as cast_,
)
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql import ColumnElement, Select

from salon_desktop.db.base import utcnow
from salon_desktop.db.models import Client, Staff
from salon_desktop.db.models_sales import (
    Sale,
    SaleLine,
    SalePayment,
    Service,
    ServiceCategory,
)
from salon_desktop.db.models_segments import ClientScore, ScoreRun
from salon_desktop.domain.csv_cells import escape_cell
from salon_desktop.domain.permissions import Action
from salon_desktop.domain.report import (
    RETAIL,
    Amount,
    Birthday,
    Measures,
    Report,
    Segments,
    TopService,
    WinBack,
    median_of_counts,
    round_half_up,
)
from salon_desktop.domain.report_period import Period
from salon_desktop.domain.sale import LineKind, SaleKind
from salon_desktop.domain.segments import Strategy
from salon_desktop.services import accounts, complaint_figures, score_history
from salon_desktop.services.sales_common import money_sum
from salon_desktop.services.survey_figures import SurveyFigures

S = cast(Table, Sale.__table__)
L = cast(Table, SaleLine.__table__)
P = cast(Table, SalePayment.__table__)
C = cast(Table, Client.__table__)
SV = cast(Table, Service.__table__)
CAT = cast(Table, ServiceCategory.__table__)
SC = cast(Table, ClientScore.__table__)
BOUGHT = (LineKind.SERVICE.value, LineKind.PRODUCT.value)
TOP_SERVICES = 10
WIN_BACK_LIMIT = 25
BIRTHDAY_LIMIT = 200
RETENTION_MONTHS = 3
TREND_MONTHS = 12

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


_ROOTS = _roots()  # one object: statements that read it twice name its CTE once


_VOIDED = select(S.c.original_sale_id).where(
    S.c.kind == SaleKind.VOID.value, S.c.original_sale_id.is_not(None)
)
_L2 = L.alias("bought")
# Sales of only a gift voucher or money paid in (every sale has a line): few, found
# through the partial index ``ix_sale_lines_not_bought``, never by reading every line.
_NOT_BOUGHT = select(L.c.sale_id).where(
    L.c.kind.in_((LineKind.VOUCHER.value, LineKind.ACCOUNT.value)),
    ~exists(select(_L2.c.id).where(_L2.c.sale_id == L.c.sale_id, _L2.c.kind.in_(BOUGHT))),
)


def _bought(sale_id) -> ColumnElement[bool]:
    return sale_id.not_in(_NOT_BOUGHT)


def _in(col, start: dt.date, end: dt.date) -> ColumnElement[bool]:
    return and_(col >= start, col < end)


def _visit_sale() -> ColumnElement[bool]:
    return and_(S.c.kind == SaleKind.SALE.value, S.c.id.not_in(_VOIDED), _bought(S.c.id))


def _visits(start: dt.date | None, end: dt.date) -> Select:
    """(client, day) of the client visits from ``start`` (None: ever) to ``end``."""
    roots = _ROOTS
    key = func.coalesce(roots.c.root, S.c.client_id)
    days = S.c.business_date < end if start is None else _in(S.c.business_date, start, end)
    return (
        select(key.label("client"), S.c.business_date.label("day"))
        .select_from(S.outerjoin(roots, roots.c.id == S.c.client_id))
        .where(S.c.client_id.is_not(None), days, _visit_sale())
        .group_by(key, S.c.business_date)
    )


def _days_between(dialect: str, later, earlier) -> ColumnElement[Any]:
    if dialect == "sqlite":
        return cast_(func.julianday(later) - func.julianday(earlier), Integer)
    return later - earlier


def _month_day(dialect: str, col) -> ColumnElement[str]:
    if dialect == "sqlite":
        return func.strftime("%m-%d", col)
    return func.to_char(col, "MM-DD")


# -- the service --------------------------------------------------------------------------------

Progress = Callable[[int, int], None]


class ReportService:
    def __init__(
        self,
        sm: sessionmaker[Session],
        surveys: Callable[[dt.date, dt.date], SurveyFigures],
        now: Callable[[], dt.datetime] = utcnow,
    ):
        self._sm = sm
        self._surveys = surveys
        self._now = now

    def report(
        self, period: Period, actor_id: int | None = None, progress: Progress | None = None
    ) -> Report:
        """The report of ``period`` (managers and the owner: ``PermissionDenied``
        for the others). ``progress(done, total)`` after each step."""
        total = 6
        step = [0]

        def tick() -> None:
            step[0] += 1
            if progress is not None:
                progress(step[0], total)

        with self._sm() as s:
            accounts.require(s, actor_id, Action.SEE_REPORTS)
            names = _Names(s)
            now = self._now()
            measures = []
            for p in (period, period.previous(), period.year_before()):
                measures.append(self._measures(s, p, names, now))
                tick()
            segments = _segments(s)
            tick()
            nxt = period.next_month()
            birthdays, n_birthdays = _birthdays(s, nxt)
            win_back = _win_back(s)
            tick()
        moves = score_history.movements(self._sm, period)
        segments = dataclasses.replace(
            segments,
            moved_since=moves.before,
            category_moves=moves.moved("categories"),
            segment_moves=moves.moved("segments"),
        )
        trend = self._surveys(_trend_start(period), period.last).by_month
        tick()
        return Report(
            current=measures[0],
            previous=measures[1],
            year_before=measures[2],
            segments=segments,
            birthdays_month=nxt,
            birthdays=birthdays,
            birthdays_total=n_birthdays,
            win_back=win_back,
            nps_trend=trend,
            computed_at=now,
        )

    def measures(self, period: Period) -> Measures:
        """One period's figures (no permission check: for tests and benchmarks)."""
        with self._sm() as s:
            return self._measures(s, period, _Names(s), self._now())

    def _measures(self, s: Session, p: Period, names: _Names, now: dt.datetime) -> Measures:
        dialect = s.get_bind().dialect.name
        money = _money(s, p, names)
        visits = _visit_counts(s, p)
        rebook = _rebooking(s, p, dialect)
        return Measures(
            period=p,
            **money,
            **visits,
            **rebook,
            top_services=_top_services(s, p, names),
            complaints=complaint_figures.figures(s, p.start, p.last, now),
            surveys=self._surveys(p.start, p.last),
        )


def _trend_start(period: Period) -> dt.date:
    from salon_desktop.domain.report_period import add_months, month_of, month_start

    y, m = month_of(period.last, period.jalali)
    return add_months(month_start(y, m, period.jalali), -(TREND_MONTHS - 1), period.jalali)


class _Names:
    def __init__(self, s: Session):
        self.staff: dict[int, str] = dict(s.execute(select(Staff.id, Staff.name)).all())
        self.categories: dict[int, str] = dict(s.execute(select(CAT.c.id, CAT.c.name)).all())
        self.services: dict[int, str] = dict(s.execute(select(SV.c.id, SV.c.name)).all())


def _ordered(rows: dict[object, int], label: Callable[[object], str]) -> tuple[Amount, ...]:
    out = [Amount(k, label(k), v) for k, v in rows.items() if v]
    return tuple(sorted(out, key=lambda a: (-a.amount, a.label)))


def _money(s: Session, p: Period, names: _Names) -> dict:
    """Revenue by kind, category and staff member in one GROUP BY; money taken by method."""
    stmt = (
        select(L.c.kind, SV.c.category_id, L.c.staff_id, money_sum(L.c.total))
        .select_from(L.join(S, S.c.id == L.c.sale_id).outerjoin(SV, SV.c.id == L.c.service_id))
        .where(_in(S.c.business_date, p.start, p.end), L.c.kind.in_(BOUGHT))
        .group_by(L.c.kind, SV.c.category_id, L.c.staff_id)
    )
    services = retail = 0
    by_category: dict[object, int] = {}
    by_staff: dict[object, int] = {}
    for kind, category_id, staff_id, amount in s.execute(stmt):
        if kind == LineKind.SERVICE.value:
            services += amount
            key: object = category_id
        else:
            retail += amount
            key = RETAIL
        by_category[key] = by_category.get(key, 0) + amount
        by_staff[staff_id] = by_staff.get(staff_id, 0) + amount
    methods: dict[object, int] = dict(
        s.execute(
            select(P.c.method, money_sum(P.c.amount))
            .join(S, S.c.id == P.c.sale_id)
            .where(_in(S.c.business_date, p.start, p.end))
            .group_by(P.c.method)
        ).all()
    )
    days = s.execute(
        select(S.c.business_date, money_sum(L.c.total))
        .join(S, S.c.id == L.c.sale_id)
        .where(_in(S.c.business_date, p.start, p.end), L.c.kind.in_(BOUGHT))
        .group_by(S.c.business_date)
        .order_by(S.c.business_date)
    ).all()
    return dict(
        services=services,
        retail=retail,
        by_day=tuple((_as_date(d), int(a)) for d, a in days),
        by_category=_ordered(
            by_category,
            lambda k: "" if k in (None, RETAIL) else names.categories.get(cast(int, k), ""),
        ),
        by_staff=_ordered(
            by_staff, lambda k: names.staff.get(cast(int, k), "") if k is not None else ""
        ),
        by_method=_ordered(methods, lambda k: ""),
    )


def _as_date(v) -> dt.date:
    return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v))


def _visit_counts(s: Session, p: Period) -> dict:
    seen = _visits(p.start, p.end).subquery("seen")
    visits, clients = s.execute(select(func.count(), func.count(distinct(seen.c.client)))).one()
    walk = and_(S.c.client_id.is_(None), _in(S.c.business_date, p.start, p.end), _visit_sale())
    walk_ins = s.execute(select(func.count()).where(walk)).scalar_one()
    visit_revenue = s.execute(
        select(money_sum(L.c.total))
        .join(S, S.c.id == L.c.sale_id)
        .where(_in(S.c.business_date, p.start, p.end), _visit_sale(), L.c.kind.in_(BOUGHT))
    ).scalar_one()
    # New: no visit before the period, looked up client by client through the
    # sales' client index (her file and the files merged into it).
    clients_seen = select(seen.c.client).distinct().subquery("clients_seen")
    earlier = S.alias("earlier")
    had_visit = exists(
        select(earlier.c.id)
        .where(_visit_of(earlier, clients_seen, p.start))
        .correlate(clients_seen)
    )
    new = s.execute(select(func.count()).select_from(clients_seen).where(~had_visit)).scalar_one()
    base = _visits(p.months_before(RETENTION_MONTHS).start, p.start).subquery("base")
    retention_base, retained = s.execute(
        select(
            func.count(distinct(base.c.client)),
            func.count(distinct(case((base.c.client.in_(select(seen.c.client)), base.c.client)))),
        )
    ).one()
    return dict(
        visits=visits + walk_ins,
        walk_ins=walk_ins,
        visit_revenue=visit_revenue,
        clients=clients,
        new_clients=new,
        retention_base=retention_base,
        retained=retained,
    )


def _visit_of(earlier, seen, before) -> ColumnElement[bool]:
    """``earlier`` (an alias of the sales) is a visit of ``seen.client`` (her file or one
    merged into it) dated before ``before``: read client by client through the sales'
    client index."""
    return and_(
        earlier.c.client_id.in_(
            select(_ROOTS.c.id).where(_ROOTS.c.root == seen.c.client).correlate(seen)
        )
        | (earlier.c.client_id == seen.c.client),
        earlier.c.business_date < before,
        earlier.c.kind == SaleKind.SALE.value,
        earlier.c.id.not_in(_VOIDED),
        earlier.c.id.not_in(_NOT_BOUGHT),
    )


def _gaps(seen, dialect: str) -> Select:
    """(days since the client's visit before, how many) over the visits of ``seen``."""
    earlier = S.alias("earlier")
    last = (
        select(func.max(earlier.c.business_date))
        .where(_visit_of(earlier, seen, seen.c.day))
        .correlate(seen)
        .scalar_subquery()
    )
    with_prev = select(seen.c.day, last.label("prev")).subquery("with_prev")
    gap = _days_between(dialect, with_prev.c.day, with_prev.c.prev).label("gap")
    return select(gap, func.count()).where(with_prev.c.prev.is_not(None)).group_by(gap)


def _rebooking(s: Session, p: Period, dialect: str) -> dict:
    """Days from each visit of the period to the client's visit before, as a histogram."""
    seen = _visits(p.start, p.end).subquery("seen")
    rows = s.execute(_gaps(seen, dialect)).all()
    counts = [(int(g), int(n)) for g, n in rows]
    n = sum(c for _g, c in counts)
    return dict(
        rebooked=n,
        rebook_median_days=median_of_counts(counts),
        rebook_mean_days=(sum(g * c for g, c in counts) / n) if n else None,
    )


def _top_services(s: Session, p: Period, names: _Names) -> tuple[TopService, ...]:
    amount = money_sum(L.c.total)
    rows = s.execute(
        select(L.c.service_id, money_sum(L.c.qty), amount)
        .join(S, S.c.id == L.c.sale_id)
        .where(_in(S.c.business_date, p.start, p.end), L.c.kind == LineKind.SERVICE.value)
        .group_by(L.c.service_id)
        .order_by(amount.desc(), L.c.service_id)
        .limit(TOP_SERVICES)
    ).all()
    return tuple(
        TopService(sid, names.services.get(sid, "") if sid else "", int(n), int(a))
        for sid, n, a in rows
    )


def _segments(s: Session) -> Segments:
    current = and_(C.c.archived.is_(False), C.c.merged_into_id.is_(None))
    base = SC.join(C, C.c.id == SC.c.client_id)

    def count_by(col) -> list:
        stmt = (
            select(col, func.count())
            .select_from(base)
            .where(current)
            .group_by(col)
            .order_by(func.count().desc(), col)
        )
        return [(k, int(n)) for k, n in s.execute(stmt)]

    run = s.execute(select(ScoreRun.as_of).order_by(ScoreRun.id.desc()).limit(1)).scalar()
    cats = count_by(SC.c.category)
    return Segments(
        scored_on=run,
        clients=sum(n for _k, n in cats),
        categories=tuple(cats),
        rfm=tuple(count_by(SC.c.rfm_segment)),
        strategies=tuple(count_by(SC.c.strategy)),
    )


def _phone() -> ColumnElement[str]:
    return C.c.main_phone


def _name() -> ColumnElement[str]:
    return func.trim(C.c.first_name + literal(" ") + C.c.last_name)


def _birthdays(s: Session, month: Period) -> tuple[tuple[Birthday, ...], int]:
    """The current clients whose birthday falls in ``month`` (29 February: on the
    28th in a year without it)."""
    dialect = s.get_bind().dialect.name
    md = _month_day(dialect, C.c.birth_date)
    first, last = month.start, month.last
    lo, hi = first.strftime("%m-%d"), last.strftime("%m-%d")
    if hi == "02-28":
        hi = "02-29"
    if lo <= hi:
        in_month = and_(md >= lo, md <= hi)
    else:  # the month runs over New Year (Dey: 22 December to 20 January)
        in_month = or_(md >= lo, md <= hi)
    where = and_(
        C.c.archived.is_(False),
        C.c.merged_into_id.is_(None),
        C.c.birth_date.is_not(None),
        in_month,
    )
    total = s.execute(select(func.count()).where(where)).scalar_one()
    rows = s.execute(
        select(C.c.id, C.c.number, _name(), C.c.birth_date, _phone())
        .where(where)
        .order_by(md, C.c.number)
    ).all()
    out = []
    for cid, number, name, born, phone in rows:
        out.append(Birthday(cid, number, name, born, _birthday_in(born, month), phone))
    out.sort(key=lambda b: (b.on, b.number))
    return tuple(out[:BIRTHDAY_LIMIT]), total


def _birthday_in(born: dt.date, month: Period) -> dt.date:
    for year in (month.start.year, month.last.year):
        try:
            on = born.replace(year=year)
        except ValueError:  # 29 February
            on = dt.date(year, 2, 28)
        if month.start <= on < month.end:
            return on
    return month.start


def _win_back(s: Session) -> tuple[WinBack, ...]:
    rows = s.execute(
        select(
            C.c.id,
            C.c.number,
            _name(),
            SC.c.last_visit,
            SC.c.visits,
            SC.c.revenue,
            SC.c.future_value,
            _phone(),
        )
        .select_from(SC.join(C, C.c.id == SC.c.client_id))
        .where(
            SC.c.strategy == Strategy.WIN_BACK.value,
            SC.c.valuable.is_(True),
            C.c.archived.is_(False),
            C.c.merged_into_id.is_(None),
        )
        .order_by(SC.c.future_value.desc(), SC.c.revenue.desc(), C.c.number)
        .limit(WIN_BACK_LIMIT)
    ).all()
    return tuple(WinBack(*r) for r in rows)


# -- CSV -------------------------------------------------------------------------------------------


def csv_rows(report: Report, currency: str, label: Callable[[str, object], str]) -> list[list[str]]:
    """The report's figures as CSV rows: section, figure, item, then the period, the
    period before and a year earlier. Amounts are plain numbers in the salon's unit
    (``services.export.plain_amount``); ``label(kind, key)`` names a breakdown's key."""
    from salon_desktop.i18n import _
    from salon_desktop.services.export import plain_amount

    cur, prev, year = report.periods

    def money(v: int | None) -> str:
        return "" if v is None else plain_amount(v, currency)

    def number(v: float | int | None, decimals: int = 1) -> str:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return ""
        if isinstance(v, int):
            return str(v)
        return str(Decimal(f"{v:.{decimals}f}"))

    rows: list[list[str]] = [
        [
            _("Section"),
            _("Figure"),
            _("Item"),
            _("This period"),
            _("Period before"),
            _("A year earlier"),
        ],
        ["", _("From"), "", *(m.period.start.isoformat() for m in report.periods)],
        ["", _("To"), "", *(m.period.last.isoformat() for m in report.periods)],
    ]

    def add(section: str, figure: str, item: str, values: Iterable[str]) -> None:
        rows.append([escape_cell(section), escape_cell(figure), escape_cell(item), *values])

    def each(get: Callable[[Measures], Any], fmt: Callable[[Any], str]) -> list[str]:
        return [fmt(get(m)) for m in report.periods]

    rev = _("Revenue")
    add(rev, _("Services"), "", each(lambda m: m.services, money))
    add(rev, _("Retail"), "", each(lambda m: m.retail, money))
    add(rev, _("Total"), "", each(lambda m: m.revenue, money))
    for kind, get, figure in (
        ("category", lambda m: m.by_category, _("By service category")),
        ("staff", lambda m: m.by_staff, _("By staff member")),
        ("method", lambda m: m.by_method, _("By payment method")),
    ):
        keys = _keys(get(m) for m in report.periods)
        for key, name in keys:
            add(
                rev,
                figure,
                name or label(kind, key),
                [money(_amount_of(get(m), key)) for m in report.periods],
            )
    vis = _("Visits and clients")
    add(vis, _("Visits"), "", each(lambda m: m.visits, number))
    add(vis, _("Walk-in visits"), "", each(lambda m: m.walk_ins, number))
    add(vis, _("Average ticket"), "", each(lambda m: m.average_ticket, money))
    add(vis, _("Clients"), "", each(lambda m: m.clients, number))
    add(vis, _("New clients"), "", each(lambda m: m.new_clients, number))
    add(vis, _("Returning clients"), "", each(lambda m: m.returning_clients, number))
    add(vis, _("Retention (%)"), "", each(lambda m: m.retention_pct, number))
    add(
        vis,
        _("Clients seen in the three months before"),
        "",
        each(lambda m: m.retention_base, number),
    )
    add(
        vis,
        _("Rebooking interval, median (days)"),
        "",
        each(lambda m: m.rebook_median_days, number),
    )
    add(vis, _("Rebooking interval, mean (days)"), "", each(lambda m: m.rebook_mean_days, number))
    top = _("Top services")
    for ts in cur.top_services:
        add(top, _("Revenue"), ts.name, [money(ts.amount), "", ""])
        add(top, _("Times done"), ts.name, [str(ts.count), "", ""])
    com = _("Complaints")
    add(com, _("Opened"), "", each(lambda m: m.complaints.opened, number))
    add(com, _("Still open"), "", each(lambda m: m.complaints.still_open, number))
    add(com, _("Overdue"), "", each(lambda m: m.complaints.overdue, number))
    add(
        com,
        _("Resolved"),
        "",
        each(lambda m: m.complaints.opened - m.complaints.still_open, number),
    )
    add(
        com,
        _("Median minutes to acknowledge"),
        "",
        each(lambda m: m.complaints.median_minutes_to_acknowledge, number),
    )
    add(
        com,
        _("Median minutes to resolve"),
        "",
        each(lambda m: m.complaints.median_minutes_to_resolve, number),
    )
    add(com, _("Compensation cost"), "", each(lambda m: m.complaints.compensation_cost, money))
    for key, _n in _count_keys(m.complaints.by_category for m in report.periods):
        add(
            com,
            _("By what it was about"),
            label("complaint", key),
            [str(dict(m.complaints.by_category).get(key, 0)) for m in report.periods],
        )
    srv = _("Surveys")
    add(
        srv,
        _("NPS"),
        "",
        each(lambda m: m.surveys.overall.nps.score if m.surveys else None, number),
    )
    add(
        srv,
        _("CSAT (%)"),
        "",
        each(lambda m: m.surveys.overall.csat.percent if m.surveys else None, number),
    )
    add(
        srv,
        _("Answers"),
        "",
        each(lambda m: m.surveys.overall.nps.answers if m.surveys else 0, number),
    )
    if cur.surveys is not None:
        for fig, kind in [(f, "staff") for f in cur.surveys.by_staff] + [
            (f, "service") for f in cur.surveys.by_service
        ]:
            figure = _("NPS by staff member") if kind == "staff" else _("NPS by service")
            add(srv, figure, fig.label or label(kind, None), [number(fig.nps.score), "", ""])
            figure = _("CSAT by staff member") if kind == "staff" else _("CSAT by service")
            add(srv, figure, fig.label or label(kind, None), [number(fig.csat.percent), "", ""])
    seg = _("Clients by category")
    for key, n in report.segments.categories:
        add(seg, _("Category"), label("segment_category", key), [str(n), "", ""])
    for key, n in report.segments.rfm:
        add(seg, _("Segment"), label("rfm", key), [str(n), "", ""])
    for key, n in report.segments.strategies:
        add(seg, _("Strategy"), label("strategy", key), [str(n), "", ""])
    bd = _("Birthdays next month")
    add(bd, _("Clients"), "", [str(report.birthdays_total), "", ""])
    for b in report.birthdays:
        add(bd, b.on.isoformat(), f"{b.number} {b.name}", ["", "", ""])
    wb = _("Valuable clients to win back")
    for w in report.win_back:
        add(wb, _("Future value"), f"{w.number} {w.name}", [money(w.future_value), "", ""])
    return rows


def _keys(groups: Iterable[tuple[Amount, ...]]) -> list[tuple[object, str]]:
    seen: dict[object, str] = {}
    for group in groups:
        for a in group:
            seen.setdefault(a.key, a.label)
    return list(seen.items())


def _count_keys(groups: Iterable[tuple[tuple[str, int], ...]]) -> list[tuple[str, int]]:
    seen: dict[str, int] = {}
    for group in groups:
        for k, n in group:
            seen.setdefault(k, n)
    return list(seen.items())


def _amount_of(group: tuple[Amount, ...], key: object) -> int:
    return next((a.amount for a in group if a.key == key), 0)


def write_csv(rows: list[list[str]], out: Path) -> int:
    """The rows written to ``out`` as ``services.export`` writes (UTF-8 with BOM, CRLF,
    complete or not at all); returns the rows written (without the header)."""
    from salon_desktop.services.export import csv_body, write_whole

    return write_whole(out, csv_body(rows))


__all__ = [
    "Amount",
    "Birthday",
    "Measures",
    "Report",
    "ReportService",
    "Segments",
    "TopService",
    "WinBack",
    "csv_rows",
    "median_of_counts",
    "round_half_up",
    "write_csv",
]
