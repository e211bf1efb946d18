"""The figures of the monthly report (or of any period).

Each figure is computed for the period, the period before and the same period a
year earlier (``Period``). Money is one ``GROUP BY`` a period over its lines
(``services.report_periods``); visits, clients, retention and the rebooking
interval are counts over each period's range of visit days (``client_visit_days``,
kept by triggers, each day with the same file's day before and after, read from
its index alone) and the walk-in sales (``services.report_visits``); the stored scores, birthdays and clients to win back
are a statement each. At 200,000 clients / 3,000,000 sales that is a dozen
statements in all, none reading every sale.

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
from collections.abc import Callable
from typing import Any, cast

from sqlalchemy import Table, and_, func, literal, or_, select, text, union
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql import ColumnElement

from salon_desktop.db.base import utcnow
from salon_desktop.db.models import Client, Staff
from salon_desktop.db.models_sales import Service, ServiceCategory
from salon_desktop.db.models_segments import ClientScore, ScoreRun
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
from salon_desktop.domain.segments import Strategy
from salon_desktop.services import (
    accounts,
    complaint_figures,
    report_periods,
    report_visits,
    score_history,
)
from salon_desktop.services.report_csv import csv_rows, write_csv
from salon_desktop.services.survey_figures import SurveyFigures

C = cast(Table, Client.__table__)
SV = cast(Table, Service.__table__)
CAT = cast(Table, ServiceCategory.__table__)
SC = cast(Table, ClientScore.__table__)
WIN_BACK_LIMIT = 25
BIRTHDAY_LIMIT = 200
TREND_MONTHS = 12


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
            _no_jit(s)
            names = _Names(s)
            now = self._now()
            periods = [period, period.previous(), period.year_before()]
            visits = report_visits.visit_figures(s, periods)
            measures = []
            for p, v in zip(periods, visits, strict=True):
                measures.append(self._measures(s, p, names, now, v))
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
            _no_jit(s)
            visits = report_visits.visit_figures(s, [period])[0]
            return self._measures(s, period, _Names(s), self._now(), visits)

    def _measures(
        self, s: Session, p: Period, names: _Names, now: dt.datetime, visits: dict
    ) -> Measures:
        figures, top = report_periods.money(s, p, names.category_of)
        return Measures(
            period=p,
            services=figures["services"],
            retail=figures["retail"],
            visit_revenue=figures["visit_revenue"],
            by_day=figures["by_day"],
            by_category=_ordered(
                figures["by_category"],
                lambda k: "" if k in (None, RETAIL) else names.categories.get(cast(int, k), ""),
            ),
            by_staff=_ordered(
                figures["by_staff"],
                lambda k: names.staff.get(cast(int, k), "") if k is not None else "",
            ),
            by_method=_ordered(figures["by_method"], lambda k: ""),
            **visits,
            top_services=tuple(
                TopService(sid, names.services.get(sid, "") if sid else "", n, a)
                for sid, n, a in top
            ),
            complaints=complaint_figures.figures(s, p.start, p.last, now),
            surveys=self._surveys(p.start, p.last),
        )


def _no_jit(s: Session) -> None:
    """PostgreSQL compiles a costly statement to machine code first (half a second
    each for the report's, more than they then take): not for this transaction."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(text("SET LOCAL jit = off"))


def _trend_start(period: Period) -> dt.date:
    from salon_desktop.domain.report_period import add_months, month_of, month_start

    y, m = month_of(period.last, period.jalali)
    return add_months(month_start(y, m, period.jalali), -(TREND_MONTHS - 1), period.jalali)


class _Names:
    def __init__(self, s: Session):
        self.staff: dict[int, str] = dict(s.execute(select(Staff.id, Staff.name)).all())
        self.categories: dict[int, str] = dict(s.execute(select(CAT.c.id, CAT.c.name)).all())
        self.services: dict[int, str] = {}
        self.category_of: dict[int, int | None] = {}
        for sid, name, category in s.execute(select(SV.c.id, SV.c.name, SV.c.category_id)):
            self.services[sid] = name
            self.category_of[sid] = category


def _ordered(rows: dict[object, int], label: Callable[[object], str]) -> tuple[Amount, ...]:
    out = [Amount(k, label(k), v) for k, v in rows.items() if v]
    return tuple(sorted(out, key=lambda a: (-a.amount, a.label)))


def _segments(s: Session) -> Segments:
    """The current files' stored scores counted by category, RFM segment and strategy
    in one ``GROUP BY`` of the three (a few dozen rows), most clients first."""
    # The files that are not current (archived, merged into another) are few, and found
    # through their indexes: left out by id, rather than reading every client's row.
    gone = union(
        select(C.c.id).where(C.c.archived.is_(True)),
        select(C.c.id).where(C.c.merged_into_id.is_not(None)),
    )
    stmt = (
        select(SC.c.category, SC.c.rfm_segment, SC.c.strategy, func.count())
        .where(SC.c.client_id.not_in(gone))
        .group_by(SC.c.category, SC.c.rfm_segment, SC.c.strategy)
    )
    by: list[dict[Any, int]] = [{}, {}, {}]
    for *keys, n in s.execute(stmt):
        for counts, key in zip(by, keys, strict=True):
            counts[key] = counts.get(key, 0) + int(n)

    def ordered(counts: dict[Any, int]) -> tuple[tuple[Any, int], ...]:
        return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0] is None, kv[0] or "")))

    run = s.execute(select(ScoreRun.as_of).order_by(ScoreRun.id.desc()).limit(1)).scalar()
    return Segments(
        scored_on=run,
        clients=sum(by[0].values()),
        categories=ordered(by[0]),
        rfm=ordered(by[1]),
        strategies=ordered(by[2]),
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
    rows = s.execute(
        select(C.c.id, C.c.number, _name(), C.c.birth_date, _phone())
        .where(where)
        .order_by(md, C.c.number)
    ).all()
    out = []
    for cid, number, name, born, phone in rows:
        out.append(Birthday(cid, number, name, born, _birthday_in(born, month), phone))
    out.sort(key=lambda b: (b.on, b.number))
    return tuple(out[:BIRTHDAY_LIMIT]), len(out)


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
