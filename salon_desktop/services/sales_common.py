"""What posting, correcting and reading sales share: the outcome of a post, the
refusals, receipt numbers and calendar years, locking a cash day, money sums,
and the family of client files merged into one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import BigInteger, Connection, cast, func, select

from salon_desktop.domain.posting import (
    CORRECTIONS,
    SALES,
    calendar_year,
    normalise_code,
    receipt_text,
)
from salon_desktop.domain.validation import FieldError, ValidationError
from salon_desktop.i18n import N_

__all__ = [
    "CORRECTIONS",
    "SALES",
    "DayClosed",
    "OutOfStock",
    "Posted",
    "TillClosed",
    "calendar_year",
    "lock_day",
    "kept_file",
    "merged_family",
    "money_sum",
    "normalise_code",
    "receipt_text",
]


class OutOfStock(Exception):
    """Products on the ticket have less stock than sold. The manager may allow it
    (post again with ``allow_out_of_stock=True``)."""

    def __init__(self, items: list[tuple[str, int, int]]):
        self.items = items  # (product name, in stock, wanted)
        super().__init__(", ".join(f"{n}: {have} < {want}" for n, have, want in items))


class DayClosed(ValidationError):
    def __init__(self, day: dt.date):
        self.day = day
        super().__init__(
            [
                FieldError(
                    "day",
                    N_("The cash day {day} is closed: nothing more can be posted into it."),
                    {"day": day},
                )
            ]
        )


class TillClosed(DayClosed):
    """The day's last cash session is closed and no new one is open: nothing goes into
    the drawer (no sale, correction or cash movement) until a session opens with its
    float (``TillService.open_session``)."""

    def __init__(self, day: dt.date):
        self.day = day
        ValidationError.__init__(
            self,
            [
                FieldError(
                    "session",
                    N_("The till is closed: open a new cash session with its float first."),
                )
            ],
        )


@dataclass(frozen=True)
class Posted:
    sale_id: int
    receipt_no: str
    total: int
    change: int
    already_posted: bool = False  # the UUID was posted before; nothing new was written


def lock_day(conn: Connection, day: dt.date, exclusive: bool = False) -> None:
    """Serialise closing a cash day against posting into it. On PostgreSQL postings
    share a transaction-level advisory lock on the day and the close takes it alone,
    so no sale commits into a day while it is being closed. (On SQLite every write
    transaction begins IMMEDIATE and holds the one write lock already.)"""
    if conn.dialect.name == "postgresql":
        fn = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
        conn.execute(select(getattr(func, fn)(_DAY_LOCK_SPACE, day.toordinal())))


_DAY_LOCK_SPACE = 7301  # advisory lock key space of cash days


def money_sum(column):
    """SUM of a money column, 0 when there are no rows, as an int on every database
    (PostgreSQL sums BIGINT as NUMERIC, which the driver returns as a Decimal)."""
    return cast(func.coalesce(func.sum(column), 0), BigInteger)


def kept_file(conn, client_id: int) -> int:
    """The file a merged-away file now lives in (following merges); itself otherwise."""
    from salon_desktop.db.models import Client

    seen = [client_id]
    while True:
        into = conn.execute(
            select(Client.merged_into_id).where(Client.id == seen[-1])
        ).scalar_one_or_none()
        if into is None or into in seen:
            return seen[-1]
        seen.append(into)


def merged_family(conn, client_id: int) -> list[int]:
    """The client and every file merged into it (directly or through others)."""
    from salon_desktop.db.models import Client

    ids, frontier = [client_id], [client_id]
    while frontier:
        frontier = list(
            conn.execute(select(Client.id).where(Client.merged_into_id.in_(frontier))).scalars()
        )
        frontier = [i for i in frontier if i not in ids]
        ids += frontier
    return ids
