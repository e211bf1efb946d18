"""Visits, clients, retention and the rebooking interval of the report's periods,
from the visit sales read once.

The periods' windows (each period and the three months before it, for retention)
are merged where they overlap (a month, the month before: five months; the same
month a year earlier: four more), and the sales of each window are read in one pass
through the sales' date index: three narrow columns a sale, straight from the
driver's cursor (no row objects: at 3,000,000 sales a window is some 400,000 rows).
numpy then sorts them by client and day: the visits (a client's day with a sale
that was not voided and was not only a gift voucher or money paid in), each
visit's day before, the clients seen, new, retained. Only the clients seen in a
period and not in the three months before it are looked up further back (one
``GROUP BY`` through the sales' client index for all of them): her last visit
before, or none (a new client).

A client is her file with every file merged into it (followed to the end).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from sqlalchemy import Date, String, and_, bindparam, func, literal, select
from sqlalchemy import cast as cast_
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, Select

from salon_desktop.domain.report import median_of_counts
from salon_desktop.domain.report_period import Period
from salon_desktop.domain.sale import SaleKind
from salon_desktop.services.report_periods import (
    _NOT_BOUGHT,
    _VOIDED,
    RETENTION_MONTHS,
    ROOTS,
    S,
    _visit_sale,
)

EPOCH = dt.date(1970, 1, 1)
KEY = 1 << 20  # a (client, day) pair as one integer: client * KEY + day since 1970
LOOKUP_CHUNK = 5_000  # client ids a statement (SQLite takes 32,766 parameters)


def _window(dialect: str) -> Select:
    """(day, the clients of its sales as one text: "12,0,57,…", 0 for none) of the
    sales (``kind = 'sale'``) from ``start`` to ``end``: a row a day, in the date
    index's order (no sort), one integer a sale; numpy reads each text in one call."""
    client = func.coalesce(S.c.client_id, 0)
    if dialect == "sqlite":
        joined = func.group_concat(client)
    else:
        joined = func.string_agg(cast_(client, String), literal(",", String))
    return (
        select(S.c.business_date, joined)
        .where(_in_window(S), S.c.kind == SaleKind.SALE.value)
        .group_by(S.c.business_date)
    )


def _in_window(t) -> ColumnElement[bool]:
    return and_(
        t.c.business_date >= bindparam("start", type_=Date),
        t.c.business_date < bindparam("end", type_=Date),
    )


# (client or 0, day) of the sales of the window that are not visits: voided, or only a
# gift voucher or money paid in (few), found from those lists through the primary key.
_NOT_VISITS = select(func.coalesce(S.c.client_id, 0), S.c.business_date).where(
    S.c.id.in_(_VOIDED.union(_NOT_BOUGHT)),
    _in_window(S),
    S.c.kind == SaleKind.SALE.value,
)


_BEFORE = (
    select(S.c.client_id, func.max(S.c.business_date))
    .where(
        S.c.client_id.in_(bindparam("ids", expanding=True)),
        S.c.business_date < bindparam("before"),
        _visit_sale(),
    )
    .group_by(S.c.client_id)
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
    """The visit sales from ``start`` to ``end``: arrays of client (her last file)
    and day number, and the days of the walk-ins (one entry a sale)."""

    def __init__(
        self,
        s: Session,
        start: dt.date,
        end: dt.date,
        root_of: Mapping[int, int],
        day: _Days,
    ):
        self.start, self.end = start, end
        bounds = {"start": start, "end": end}
        days, clients = [], []
        for on, joined in s.execute(_window(s.get_bind().dialect.name), bounds):
            ids = np.fromstring(joined, dtype=np.int64, sep=",")
            clients.append(ids)
            days.append(np.full(len(ids), day(on), dtype=np.int64))
        client_a = np.concatenate(clients) if clients else np.zeros(0, np.int64)
        day_a = np.concatenate(days) if days else np.zeros(0, np.int64)
        # How many sales each (client, day) had, less those that are not visits.
        keys, counts = np.unique(client_a * KEY + day_a, return_counts=True)
        out = [c * KEY + day(d) for c, d in s.execute(_NOT_VISITS, bounds)]
        if out:
            gone, n_gone = np.unique(np.array(out, dtype=np.int64), return_counts=True)
            counts[np.searchsorted(keys, gone)] -= n_gone
        keys, counts = keys[counts > 0], counts[counts > 0]
        client_a, day_a = keys // KEY, keys % KEY
        walk = client_a == 0
        self.walk_days, self.walk_counts = day_a[walk], counts[walk]
        client_a, day_a = client_a[~walk], day_a[~walk]
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
    s: Session, clients: Iterable[int], before: dt.date, root_of: Mapping[int, int], day
) -> dict[int, int]:
    """The day of each client's last visit before ``before`` (those with one)."""
    wanted = set(clients)
    files = list(wanted)
    files += [f for f, r in root_of.items() if r in wanted]
    out: dict[int, int] = {}
    for i in range(0, len(files), LOOKUP_CHUNK):
        chunk = files[i : i + LOOKUP_CHUNK]
        for file, last in s.execute(_BEFORE, {"ids": chunk, "before": before}):
            client = root_of.get(file, file)
            n = day(last)
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
    looked = _before(s, c[unseen].tolist(), p.months_before(RETENTION_MONTHS).start, root_of, day)
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
