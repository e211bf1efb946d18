"""The complaint process measured over a period, by SQL aggregates.

One ``GROUP BY category, staff member`` gives every count and sum (they add up,
so the totals, the categories and the staff members are rolled up from its few
rows in Python); one more statement fetches a narrow row per complaint in the
order they were opened: the minutes to acknowledge and to resolve (computed by
the database) for the medians and 90th percentiles, which do not add up, and the
client, whose second and later complaints in the period are repeats. (A window
function, ``row_number() OVER (PARTITION BY client_id …)``, under the GROUP BY
cost SQLite a sort of the period through the client index: three times the
rest.) Nothing replays a history.

Minutes are computed by the database: exact to the microsecond on PostgreSQL,
to the millisecond on SQLite (``julianday``; a float, rounded).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Float, case, cast, extract, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from salon_desktop.db.models_feedback import Complaint
from salon_desktop.domain.complaints import OPEN_STATES, percentile

_OPEN = [st.value for st in OPEN_STATES]


@dataclass(frozen=True)
class Measures:
    """The process measured over a set of complaints (a period; a category or a
    staff member of it)."""

    opened: int = 0
    still_open: int = 0
    overdue: int = 0
    acknowledged_in_time_pct: float | None = None  # of those acknowledged
    resolved_in_time_pct: float | None = None  # of those resolved
    median_minutes_to_acknowledge: float | None = None
    p90_minutes_to_acknowledge: float | None = None
    median_minutes_to_resolve: float | None = None
    p90_minutes_to_resolve: float | None = None
    compensation_cost: int = 0
    repeat_complaints: int = 0  # by a client who had complained before in the period


@dataclass(frozen=True)
class ComplaintFigures(Measures):
    """A period's figures, with the same measures by category and by staff member
    concerned (most complaints first; ``None``: nobody in particular)."""

    categories: tuple[tuple[str, Measures], ...] = ()
    staff: tuple[tuple[int | None, Measures], ...] = field(default=())

    @property
    def by_category(self) -> tuple[tuple[str, int], ...]:
        return tuple((k, m.opened) for k, m in self.categories)

    @property
    def by_staff(self) -> tuple[tuple[int | None, int], ...]:
        return tuple((k, m.opened) for k, m in self.staff)


def _minutes(dialect: str, start, end) -> ColumnElement[Any]:
    if dialect == "sqlite":
        ms = func.round((func.julianday(end) - func.julianday(start)) * 86_400_000.0)
        return ms / 60_000.0
    return cast(extract("epoch", end - start), Float) / 60.0


@dataclass
class _Sums:
    opened: int = 0
    still_open: int = 0
    overdue: int = 0
    acknowledged: int = 0
    acknowledged_in_time: int = 0
    resolved: int = 0
    resolved_in_time: int = 0
    cost: int = 0
    repeat: int = 0
    to_ack: list[float] = field(default_factory=list)
    to_res: list[float] = field(default_factory=list)

    def add(self, row) -> None:
        self.opened += row.opened
        self.still_open += row.still_open or 0
        self.overdue += row.overdue or 0
        self.acknowledged += row.acknowledged or 0
        self.acknowledged_in_time += row.acknowledged_in_time or 0
        self.resolved += row.resolved or 0
        self.resolved_in_time += row.resolved_in_time or 0
        self.cost += row.cost or 0

    def measures(self) -> Measures:
        def pct(part: int, whole: int) -> float | None:
            return 100.0 * part / whole if whole else None

        self.to_ack.sort()
        self.to_res.sort()
        return Measures(
            opened=self.opened,
            still_open=self.still_open,
            overdue=self.overdue,
            acknowledged_in_time_pct=pct(self.acknowledged_in_time, self.acknowledged),
            resolved_in_time_pct=pct(self.resolved_in_time, self.resolved),
            median_minutes_to_acknowledge=percentile(self.to_ack, 0.5),
            p90_minutes_to_acknowledge=percentile(self.to_ack, 0.9),
            median_minutes_to_resolve=percentile(self.to_res, 0.5),
            p90_minutes_to_resolve=percentile(self.to_res, 0.9),
            compensation_cost=self.cost,
            repeat_complaints=self.repeat,
        )


def _count(condition) -> ColumnElement[int]:
    return func.sum(case((condition, 1), else_=0))


def figures(s: Session, date_from: dt.date, date_to: dt.date, now: dt.datetime) -> ComplaintFigures:
    """Complaints opened from ``date_from`` to ``date_to`` (inclusive), measured."""
    dialect = s.get_bind().dialect.name
    start = dt.datetime.combine(date_from, dt.time())
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time())
    c = Complaint
    in_period = (c.opened_at >= start) & (c.opened_at < end)
    is_open = c.state.in_(_OPEN)
    sums = (
        select(
            c.category,
            c.staff_id,
            func.count().label("opened"),
            _count(is_open).label("still_open"),
            _count(
                is_open
                & (
                    (c.acknowledged_at.is_(None) & (c.acknowledge_by < now))
                    | (c.resolved_at.is_(None) & (c.resolve_by < now))
                )
            ).label("overdue"),
            func.count(c.acknowledged_at).label("acknowledged"),
            _count(c.acknowledged_at <= c.acknowledge_by).label("acknowledged_in_time"),
            func.count(c.resolved_at).label("resolved"),
            _count(c.resolved_at <= c.resolve_by).label("resolved_in_time"),
            func.sum(c.compensation_cost).label("cost"),
        )
        .where(in_period)
        .group_by(c.category, c.staff_id)
    )
    # One narrow row a complaint, in the order they were opened: the minutes (for the
    # percentiles) and the client (a repeat: her second or later in the period).
    each = (
        select(
            c.client_id,
            c.category,
            c.staff_id,
            _minutes(dialect, c.opened_at, c.acknowledged_at),
            _minutes(dialect, c.opened_at, c.resolved_at),
        )
        .where(in_period)
        .order_by(c.opened_at, c.id)
    )

    total = _Sums()
    by_category: dict[str, _Sums] = {}
    by_staff: dict[int | None, _Sums] = {}
    for row in s.execute(sums):
        for bucket in (
            total,
            by_category.setdefault(row.category, _Sums()),
            by_staff.setdefault(row.staff_id, _Sums()),
        ):
            bucket.add(row)
    # Plain tuples, the minutes as the driver gives them (floats on both databases:
    # ``_minutes`` divides by a float); the total's lists taken whole, each row then
    # added to its category and its staff member only (a year of a chain is 20,000).
    rows = s.connection().execute(each).all()
    total.to_ack = [r[3] for r in rows if r[3] is not None]
    total.to_res = [r[4] for r in rows if r[4] is not None]
    seen: set[int] = set()
    for client_id, category, staff_id, to_ack, to_res in rows:
        cat, person = by_category[category], by_staff[staff_id]
        if client_id in seen:
            total.repeat += 1
            cat.repeat += 1
            person.repeat += 1
        else:
            seen.add(client_id)
        if to_ack is not None:
            cat.to_ack.append(to_ack)
            person.to_ack.append(to_ack)
        if to_res is not None:
            cat.to_res.append(to_res)
            person.to_res.append(to_res)
    t = total.measures()
    return ComplaintFigures(
        **{f: getattr(t, f) for f in Measures.__dataclass_fields__},
        categories=tuple(
            sorted(
                ((k, v.measures()) for k, v in by_category.items()),
                key=lambda kv: (-kv[1].opened, kv[0]),
            )
        ),
        staff=tuple(
            sorted(
                ((k, v.measures()) for k, v in by_staff.items()),
                key=lambda kv: (-kv[1].opened, kv[0] or 0),
            )
        ),
    )


__all__ = ["ComplaintFigures", "Measures", "figures"]
