"""The history of the client scores: one snapshot per month of the salon's calendar.

``client_scores`` holds only the last run. Before a run of a new month replaces
it, the scores the last run of the month before left (each client's category,
RFM segment, probability alive and expected value) are copied, in one
``INSERT … SELECT``, into ``client_score_months`` under that month
(``score_months``: its first day, the day of that run and how many clients). So
a month whose last run was on the 28th is kept as the 28th left it, and a month
without any run (the app not opened) has no snapshot: the comparisons then go
back to the newest one before it and say which day they compare.

Read by:

* ``movements(period)``: how many clients went from each category (and RFM
  segment) to each other one between the end of the month before the period and
  the end of the period (the current scores for the month in progress);
* the win-back list (``services/action_lists.py``), which compares each
  client's probability alive with ``reference_month``: the newest snapshot at
  least ``min_days`` old (about a month ago, never a snapshot of two days before).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, literal, select
from sqlalchemy.orm import Session, sessionmaker

from salon_desktop.db.models_segments import ClientScore, ClientScoreMonth, ScoreMonth, ScoreRun
from salon_desktop.domain.report_period import Period, month_of, month_start

_SC = ClientScore.__table__
_CM = ClientScoreMonth.__table__
_SM = ScoreMonth.__table__
_RUNS = ScoreRun.__table__


def month_key(day: dt.date, jalali: bool) -> dt.date:
    """The first day (a Gregorian date) of the salon's month that ``day`` is in."""
    y, m = month_of(day, jalali)
    return month_start(y, m, jalali)


def keep_month(conn: Connection, as_of: dt.date, jalali: bool) -> dt.date | None:
    """Before the scores of ``as_of`` replace the stored ones: when those are of an
    earlier month, keep them as that month's snapshot (once). Returns the month kept."""
    last = conn.execute(select(_RUNS.c.as_of).order_by(_RUNS.c.id.desc()).limit(1)).scalar()
    if last is None:
        return None
    if isinstance(last, str):  # raw SQLite
        last = dt.date.fromisoformat(last)
    month = month_key(last, jalali)
    if month >= month_key(as_of, jalali):
        return None
    if conn.execute(select(_SM.c.month).where(_SM.c.month == month)).first() is not None:
        return None
    clients = conn.execute(select(func.count()).select_from(_SC)).scalar_one()
    conn.execute(insert(ScoreMonth).values(month=month, as_of=last, clients=clients))
    conn.execute(
        insert(ClientScoreMonth).from_select(
            ["month", "client_id", "category", "rfm_segment", "p_alive", "future_value"],
            select(
                literal(month, type_=_CM.c.month.type),
                _SC.c.client_id,
                _SC.c.category,
                _SC.c.rfm_segment,
                _SC.c.p_alive,
                _SC.c.future_value,
            ),
        )
    )
    return month


def _date(v: Any) -> dt.date:
    return dt.date.fromisoformat(v[:10]) if isinstance(v, str) else v


def reference_month(conn: Connection, today: dt.date, min_days: int) -> dt.date | None:
    """The month of the newest snapshot taken at least ``min_days`` before ``today``."""
    limit = today - dt.timedelta(days=min_days)
    row = conn.execute(
        select(_SM.c.month).where(_SM.c.as_of <= limit).order_by(_SM.c.month.desc()).limit(1)
    ).first()
    return _date(row[0]) if row else None


@dataclass(frozen=True)
class Movements:
    """Clients by (where they were, where they are): ``None`` on the left for a
    client without scores then (a new file), in each pair's count."""

    before: dt.date | None  # the day of the run compared with (None: no snapshot yet)
    after: dt.date | None  # the day of the run of the period's end state
    categories: tuple[tuple[str | None, str, int], ...]
    segments: tuple[tuple[str | None, str | None, int], ...]

    def moved(self, kind: str = "categories") -> tuple[tuple[Any, Any, int], ...]:
        """Only the pairs that changed."""
        return tuple(r for r in getattr(self, kind) if r[0] != r[1])


def movements(sm: sessionmaker[Session], period: Period) -> Movements:
    """How clients moved between categories and RFM segments from the end of the
    month before ``period`` to its end (``period.month`` or the month it ends in)."""
    jalali = period.jalali
    end_month = month_key(period.last, jalali)
    start_month = month_key(period.start, jalali)
    with sm() as s:
        conn = s.connection()
        last_run = conn.execute(select(_RUNS.c.as_of).order_by(_RUNS.c.id.desc()).limit(1)).scalar()
        run_month = month_key(_date(last_run), jalali) if last_run is not None else None
        before_row = conn.execute(
            select(_SM.c.month, _SM.c.as_of)
            .where(_SM.c.month < start_month)
            .order_by(_SM.c.month.desc())
            .limit(1)
        ).first()
        if run_month is not None and run_month <= end_month:
            after: Any = _SC  # the month in progress (or later ones not run yet): now
            after_day: dt.date | None = _date(last_run)
            after_where: list[Any] = []
        else:
            row = conn.execute(
                select(_SM.c.month, _SM.c.as_of)
                .where(_SM.c.month <= end_month)
                .order_by(_SM.c.month.desc())
                .limit(1)
            ).first()
            if row is None:
                return Movements(None, None, (), ())
            after = _CM.alias("after")
            after_day = _date(row[1])
            after_where = [after.c.month == _date(row[0])]
        if before_row is None:
            return Movements(None, after_day, (), ())
        before = _CM.alias("before")
        joined = after.outerjoin(
            before,
            (before.c.client_id == after.c.client_id) & (before.c.month == _date(before_row[0])),
        )
        out: list[tuple[tuple[Any, Any, int], ...]] = []
        for column in ("category", "rfm_segment"):
            q = (
                select(before.c[column], after.c[column], func.count())
                .select_from(joined)
                .where(*after_where)
                .group_by(before.c[column], after.c[column])
            )
            rows = conn.execute(q).all()
            out.append(
                tuple(
                    sorted(
                        ((a, b, int(n)) for a, b, n in rows),
                        key=lambda r: (-r[2], str(r[0]), str(r[1])),
                    )
                )
            )
    return Movements(_date(before_row[1]), after_day, out[0], out[1])
