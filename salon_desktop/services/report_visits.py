"""Visits, clients, retention and the rebooking interval of the report's periods,
from the clients' visit days (``client_visit_days``, kept by triggers: one row a
client file and day with a sale of services or products that was not voided; the
day as days since 1970, with the same file's visit day before and after it,
``prev_day`` / ``next_day``) and the walk-in sales.

Each figure is a count over a range of days, read from the index on
(``day``, ``prev_day``, ``next_day``) alone, nothing per client coming back. For a
period from ``start`` to ``end`` and ``since`` three months before ``start``:

* visits: the days in the period (and the walk-ins: sales without a client);
* clients: the days in the period whose day before is none or before ``start``
  (each client's first day in the period);
* new clients: the days in the period with no day before;
* retained: the days in the period whose day before is in [``since``, ``start``);
* the retention base: the days in [``since``, ``start``) whose day after is none or
  from ``start`` on (each client's last day of the months before);
* the rebooking interval: ``day - prev_day`` of the days in the period with a day
  before, counted by value (median and mean from those counts).

A client is her file with every file merged into it (followed to the end). The
files in a merge (the merged ones and those they were merged into: few) are
counted apart in Python from all their visit days: their figures as files, which
the counts above include, are taken away, and their figures as clients (a root's
days with her merged files', a shared day once) added.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import Date, Integer, Table, and_, bindparam, func, select, union
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from salon_desktop.db.models_segments import ClientVisitDay
from salon_desktop.domain.report import median_of_counts
from salon_desktop.domain.report_period import Period
from salon_desktop.services.report_periods import RETENTION_MONTHS, ROOTS, S, _visit_sale

EPOCH = dt.date(1970, 1, 1)

V = cast(Table, ClientVisitDay.__table__)

_SINCE = bindparam("since", type_=Integer)
_START = bindparam("start", type_=Integer)
_END = bindparam("end", type_=Integer)


def _count(cond: ColumnElement[bool]):
    return func.count().filter(cond)


_IN_PERIOD = and_(V.c.day >= _START, V.c.day < _END)
_FIRST = V.c.prev_day < _START  # (with a day before) her first day in the period
_RETAINED = (V.c.prev_day >= _SINCE) & (V.c.prev_day < _START)

# The period's days: how many, her first in the period, with no day before, with the
# day before in the months before.
_PERIOD = select(
    func.count(),
    _count(V.c.prev_day.is_(None) | _FIRST),
    _count(V.c.prev_day.is_(None)),
    _count(_RETAINED),
).where(_IN_PERIOD)

# Days from each of the period's days to the day before, counted by value.
_GAP = (V.c.day - V.c.prev_day).label("gap")
_GAPS = select(_GAP, func.count()).where(_IN_PERIOD, V.c.prev_day.is_not(None)).group_by(_GAP)

# Both in one pass (PostgreSQL hashes the groups; SQLite sorts them, and the sort
# costs more there than a second pass over the index): by gap, NULL for no day before.
_PERIOD_GAPS = (
    select(_GAP, func.count(), _count(_FIRST), _count(_RETAINED)).where(_IN_PERIOD).group_by(_GAP)
)

# The months before's last day of each file: no day after before ``start``.
_BASE = select(func.count()).where(
    V.c.day >= _SINCE,
    V.c.day < _START,
    V.c.next_day.is_(None) | (V.c.next_day >= _START),
)

# The walk-ins of the period: sales without a client that are visits.
_WALK_INS = select(func.count()).where(
    S.c.business_date >= bindparam("start_date", type_=Date),
    S.c.business_date < bindparam("end_date", type_=Date),
    S.c.client_id.is_(None),
    _visit_sale(),
)

# Every visit day of the files in a merge (few), through the primary key.
_MERGED_DAYS = select(V.c.client_id, V.c.day).where(
    V.c.client_id.in_(union(select(ROOTS.c.id), select(ROOTS.c.root)))
)


def visit_windows(periods: Sequence[Period]) -> list[tuple[dt.date, dt.date]]:
    """The ranges of days the figures cover: each period and the months before it, merged."""
    spans = sorted((p.months_before(RETENTION_MONTHS).start, p.end) for p in periods)
    out: list[list[dt.date]] = []
    for a, b in spans:
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


@dataclass
class _Counts:
    visits: int = 0
    clients: int = 0
    new: int = 0
    retained: int = 0
    base: int = 0
    gaps: Counter[int] = field(default_factory=Counter)

    def add(self, other: _Counts, sign: int = 1) -> None:
        self.visits += sign * other.visits
        self.clients += sign * other.clients
        self.new += sign * other.new
        self.retained += sign * other.retained
        self.base += sign * other.base
        for g, n in other.gaps.items():
            self.gaps[g] += sign * n


def _counted(days_of: Iterable[Sequence[int]], since: int, start: int, end: int) -> _Counts:
    """The counts of the module's docstring from each client's (or file's) visit days
    (day numbers, ascending, distinct), as the statements count them."""
    out = _Counts()
    for days in days_of:
        prev: int | None = None
        for i, d in enumerate(days):
            if start <= d < end:
                out.visits += 1
                if prev is None:
                    out.new += 1
                    out.clients += 1
                else:
                    out.gaps[d - prev] += 1
                    if prev < start:
                        out.clients += 1
                        if prev >= since:
                            out.retained += 1
            elif since <= d < start:
                nxt = days[i + 1] if i + 1 < len(days) else None
                if nxt is None or nxt >= start:
                    out.base += 1
            prev = d
    return out


def _period(s: Session, n: Mapping[str, int]) -> _Counts:
    """The counts of the period's days (all but the retention base)."""
    if s.get_bind().dialect.name == "sqlite":
        visits, first, new, retained = s.execute(_PERIOD, n).one()
        gaps = Counter({int(g): int(k) for g, k in s.execute(_GAPS, n)})
        return _Counts(int(visits), int(first), int(new), int(retained), 0, gaps)
    out = _Counts()
    for gap, k, first, retained in s.execute(_PERIOD_GAPS, n):
        out.visits += int(k)
        if gap is None:
            out.new += int(k)
            out.clients += int(k)
        else:
            out.gaps[int(gap)] += int(k)
            out.clients += int(first)
            out.retained += int(retained)
    return out


def _day(d: dt.date) -> int:
    return (d - EPOCH).days


def visit_figures(s: Session, periods: Sequence[Period]) -> list[dict]:
    """For each period: visits, walk-ins, clients, new clients, the retention base
    and the retained, and the rebooking interval (days from each visit of a client
    seen before to her visit before: how many, median, mean)."""
    root_of = {int(f): int(r) for f, r in s.execute(select(ROOTS.c.id, ROOTS.c.root))}
    files: dict[int, list[int]] = {}
    if root_of:
        for c, d in s.execute(_MERGED_DAYS):
            files.setdefault(int(c), []).append(int(d))
    clients: dict[int, set[int]] = {}
    for f, days in files.items():
        clients.setdefault(root_of.get(f, f), set()).update(days)
    file_days = [sorted(days) for days in files.values()]
    client_days = [sorted(days) for days in clients.values()]
    out = []
    for p in periods:
        since, start, end = (
            _day(p.months_before(RETENTION_MONTHS).start),
            _day(p.start),
            _day(p.end),
        )
        n = {"since": since, "start": start, "end": end}
        counts = _period(s, n)
        counts.base = int(s.execute(_BASE, n).scalar_one())
        if files:
            counts.add(_counted(file_days, since, start, end), -1)
            counts.add(_counted(client_days, since, start, end))
        walk_ins = int(
            s.execute(_WALK_INS, {"start_date": p.start, "end_date": p.end}).scalar_one()
        )
        gaps = [(g, k) for g, k in counts.gaps.items() if k]
        rebooked = sum(k for _g, k in gaps)
        out.append(
            dict(
                visits=counts.visits + walk_ins,
                walk_ins=walk_ins,
                clients=counts.clients,
                new_clients=counts.new,
                retention_base=counts.base,
                retained=counts.retained,
                rebooked=rebooked,
                rebook_median_days=median_of_counts(gaps),
                rebook_mean_days=(sum(g * k for g, k in gaps) / rebooked) if rebooked else None,
            )
        )
    return out


__all__ = ["EPOCH", "visit_figures", "visit_windows"]
