"""Visits, clients, retention and the rebooking interval of the report's periods,
from the clients' visit days (``client_visit_days``, kept by triggers: one row a
client file and day with a sale of services or products that was not voided; the
day as days since 1970) and the walk-in sales.

The periods' windows (each period and the three months before it, for retention)
are merged where they overlap (a month, the month before: five months; the same
month a year earlier: four more), and the visit days of each window are read in
one pass through their index on ``day`` (a row a day, its clients as one text),
the walk-ins (sales without a client) counted by day. numpy then sorts the days by
client: the visits (a client's day), each visit's day before, the clients seen,
new, retained. Only the clients seen in a period and not in the three months
before it are looked up further back (one ``GROUP BY`` through the visit days'
primary key for all of them): her last visit before, or none (a new client).

A client is her file with every file merged into it (followed to the end).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import cast

import numpy as np
from sqlalchemy import Date, Integer, String, Table, and_, bindparam, func, literal, select
from sqlalchemy import cast as cast_
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, Select

from salon_desktop.db.models_segments import ClientVisitDay
from salon_desktop.domain.report import median_of_counts
from salon_desktop.domain.report_period import Period
from salon_desktop.services.report_periods import RETENTION_MONTHS, ROOTS, S, _visit_sale

EPOCH = dt.date(1970, 1, 1)
LOOKUP_CHUNK = 5_000  # client ids a statement (SQLite takes 32,766 parameters)


V = cast(Table, ClientVisitDay.__table__)


def _window(dialect: str) -> Select:
    """(day number, the client files with a visit that day as one text: "12,57,…")
    from ``start`` to ``end`` (day numbers): a row a day, in the order of the index
    on ``day`` (no sort); numpy reads each text in one call."""
    if dialect == "sqlite":
        joined = func.group_concat(V.c.client_id)
    else:
        joined = func.string_agg(cast_(V.c.client_id, String), literal(",", String))
    return (
        select(V.c.day, joined)
        .where(
            V.c.day >= bindparam("start", type_=Integer),
            V.c.day < bindparam("end", type_=Integer),
        )
        .group_by(V.c.day)
    )


def _in_window(t) -> ColumnElement[bool]:
    return and_(
        t.c.business_date >= bindparam("start", type_=Date),
        t.c.business_date < bindparam("end", type_=Date),
    )


# The walk-ins of each day of the window: sales without a client that are visits.
_WALK_INS = (
    select(S.c.business_date, func.count())
    .where(_in_window(S), S.c.client_id.is_(None), _visit_sale())
    .group_by(S.c.business_date)
)

# Each client file's last visit day before a day, through the visit days' primary key.
_BEFORE = (
    select(V.c.client_id, func.max(V.c.day))
    .where(
        V.c.client_id.in_(bindparam("ids", expanding=True)),
        V.c.day < bindparam("before", type_=Integer),
    )
    .group_by(V.c.client_id)
)


class _Days:
    """Days as numbers (days since 1970, as numpy's ``datetime64[D]``) from what the
    driver gives (``date``, or ISO text on SQLite), each distinct value parsed once."""

    def __init__(self) -> None:
        self._seen: dict[object, int] = {}

    def __call__(self, v: object) -> int:
        n = self._seen.get(v)
        if n is None:
            d = v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v)[:10])
            n = self._seen[v] = (d - EPOCH).days
        return n


def visit_windows(periods: Sequence[Period]) -> list[tuple[dt.date, dt.date]]:
    """The ranges of days to read: each period and the months before it, merged."""
    spans = sorted((p.months_before(RETENTION_MONTHS).start, p.end) for p in periods)
    out: list[list[dt.date]] = []
    for a, b in spans:
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


class _Window:
    """The visit days from ``start`` to ``end``: arrays of client (her last file) and
    day number (one entry a file and day), and the walk-ins of each day."""

    def __init__(
        self,
        s: Session,
        start: dt.date,
        end: dt.date,
        root_of: Mapping[int, int],
        day: _Days,
    ):
        self.start, self.end = start, end
        numbers = {"start": day(start), "end": day(end)}
        days, clients = [], []
        for on, joined in s.execute(_window(s.get_bind().dialect.name), numbers):
            ids = np.fromstring(joined, dtype=np.int64, sep=",")
            clients.append(ids)
            days.append(np.full(len(ids), int(on), dtype=np.int64))
        client_a = np.concatenate(clients) if clients else np.zeros(0, np.int64)
        day_a = np.concatenate(days) if days else np.zeros(0, np.int64)
        walk = s.execute(_WALK_INS, {"start": start, "end": end}).all()
        self.walk_days = np.array([day(d) for d, _n in walk], dtype=np.int64)
        self.walk_counts = np.array([int(n) for _d, n in walk], dtype=np.int64)
        if root_of:
            files = np.fromiter(root_of, dtype=np.int64)
            order = np.argsort(files)
            files = files[order]
            roots = np.fromiter(root_of.values(), dtype=np.int64)[order]
            at = np.clip(np.searchsorted(files, client_a), 0, len(files) - 1)
            hit = files[at] == client_a
            client_a = np.where(hit, roots[at], client_a)
        self.clients, self.days = client_a, day_a

    def covers(self, p: Period) -> bool:
        return self.start <= p.months_before(RETENTION_MONTHS).start and p.end <= self.end


def _before(
    s: Session, clients: Iterable[int], before: int, root_of: Mapping[int, int]
) -> dict[int, int]:
    """The day number of each client's last visit before day ``before`` (those with one)."""
    wanted = set(clients)
    files = list(wanted)
    files += [f for f, r in root_of.items() if r in wanted]
    out: dict[int, int] = {}
    for i in range(0, len(files), LOOKUP_CHUNK):
        chunk = files[i : i + LOOKUP_CHUNK]
        for file, last in s.execute(_BEFORE, {"ids": chunk, "before": before}):
            client = root_of.get(file, file)
            n = int(last)
            if n > out.get(client, 0):
                out[client] = n
    return out


def _measure(s: Session, w: _Window, p: Period, root_of: Mapping[int, int], day: _Days) -> dict:
    since = day(p.months_before(RETENTION_MONTHS).start)
    start, end = day(p.start), day(p.end)
    inside = (w.days >= since) & (w.days < end)
    c, d = w.clients[inside], w.days[inside]
    order = np.lexsort((d, c))
    c, d = c[order], d[order]
    if len(c):  # one visit a client and day
        keep = np.ones(len(c), dtype=bool)
        keep[1:] = (c[1:] != c[:-1]) | (d[1:] != d[:-1])
        c, d = c[keep], d[keep]
    same = np.zeros(len(c), dtype=bool)  # the row before is the same client's
    same[1:] = c[1:] == c[:-1]
    prev = np.zeros(len(c), dtype=np.int64)
    prev[1:] = d[:-1]
    in_p = d >= start
    first = ~same  # her first day in the window
    first_in_p = in_p & (first | (prev < start))
    gaps_known = d[in_p & same] - prev[in_p & same]
    unseen = in_p & first  # no visit in the months before: look further back
    looked = _before(s, c[unseen].tolist(), since, root_of)
    gaps = dict(zip(*np.unique(gaps_known, return_counts=True), strict=True))
    new = 0
    for client, on in zip(c[unseen].tolist(), d[unseen].tolist(), strict=True):
        last = looked.get(client)
        if last is None:
            new += 1
        else:
            gaps[on - last] = gaps.get(on - last, 0) + 1
    counts = [(int(g), int(n)) for g, n in gaps.items()]
    rebooked = sum(n for _g, n in counts)
    walk_ins = int(w.walk_counts[(w.walk_days >= start) & (w.walk_days < end)].sum())
    return dict(
        visits=int(np.count_nonzero(in_p)) + walk_ins,
        walk_ins=walk_ins,
        clients=int(np.count_nonzero(first_in_p)),
        new_clients=new,
        retention_base=int(np.count_nonzero(first & ~in_p)),
        retained=int(np.count_nonzero(first_in_p & same)),
        rebooked=rebooked,
        rebook_median_days=median_of_counts(counts),
        rebook_mean_days=(sum(g * n for g, n in counts) / rebooked) if rebooked else None,
    )


def visit_figures(s: Session, periods: Sequence[Period]) -> list[dict]:
    """For each period: visits, walk-ins, clients, new clients, the retention base
    and the retained, and the rebooking interval (days from each visit of a client
    seen before to her visit before: how many, median, mean)."""
    root_of = {int(f): int(r) for f, r in s.execute(select(ROOTS.c.id, ROOTS.c.root))}
    day = _Days()
    windows = [_Window(s, a, b, root_of, day) for a, b in visit_windows(periods)]
    out = []
    for p in periods:
        w = next(w for w in windows if w.covers(p))
        out.append(_measure(s, w, p, root_of, day))
    return out


__all__ = ["visit_figures", "visit_windows"]
