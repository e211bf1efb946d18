"""How the desks of one salon learn what the others changed.

Every write a screen makes is described by a ``Changes`` value. After the write,
the operations layer records it here (one small row in ``change_log``); the
other windows and PCs on the same database read the rows they have not seen
and refresh what they show:

- on SQLite (several windows on one profile) a window asks ``PRAGMA
  data_version`` twice a second, a call that costs microseconds and changes
  only when another connection has committed; only then are new rows read;
- on PostgreSQL (several PCs) the record also sends ``NOTIFY salon_changes``
  in its transaction, and each PC keeps one connection that ``LISTEN``s (in a
  thread of its own, reconnecting when the server goes away; after a
  reconnect it reports that everything may have changed).

Rows are hints for refreshing, not data: they are pruned after a day, and a
desk that cannot read them loses nothing but a refresh.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from collections.abc import Callable
from dataclasses import fields
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, text

from salon_desktop.db.base import utcnow
from salon_desktop.db.models import ChangeLogEntry
from salon_desktop.services.changes import Changes

log = logging.getLogger("salon_desktop.feed")

CHANNEL = "salon_changes"
MAX_IDS = 200  # more ids than this in one write: "many changed"
KEEP = dt.timedelta(days=1)
# On PostgreSQL, ids are handed out before commit, so a row with a lower id may
# become visible just after a higher one: each read looks back this many ids.
LOOK_BACK = 64

EVERYTHING = Changes(
    all_clients=True,
    all_sales=True,
    tickets=True,
    catalog=True,
    till=True,
    staff=True,
    settings=True,
    feedback=True,
)


def encode(changes: Changes) -> str:
    out: dict[str, Any] = {}
    for f in fields(changes):
        value = getattr(changes, f.name)
        if f.name == "remote" or not value:
            continue
        if isinstance(value, frozenset):
            if len(value) > MAX_IDS:
                out["all_" + f.name] = True
            else:
                out[f.name] = sorted(value)
        else:
            out[f.name] = True
    return json.dumps(out, separators=(",", ":"))


def decode(payload: str) -> Changes:
    """A recorded change; anything unreadable (a newer version's row) means
    "everything may have changed"."""
    try:
        raw = json.loads(payload)
        if not isinstance(raw, dict):
            return EVERYTHING
        kw: dict[str, Any] = {}
        for f in fields(Changes):
            if f.name == "remote" or f.name not in raw:
                continue
            value = raw[f.name]
            if f.name in ("clients", "sales"):
                kw[f.name] = frozenset(int(v) for v in value)
            else:
                kw[f.name] = bool(value)
        return Changes(**kw)
    except (ValueError, TypeError, AttributeError):
        return EVERYTHING


class ChangeFeed:
    """The change log of one database, as seen by one context (``origin``)."""

    def __init__(self, engine: Engine, origin: str):
        self._engine = engine
        self.origin = origin
        self.postgres = engine.dialect.name == "postgresql"

    # -- writing ------------------------------------------------------------------------
    def record(self, changes: Changes) -> None:
        if not changes:
            return
        with self._engine.begin() as conn:
            conn.execute(
                insert(ChangeLogEntry).values(
                    at=utcnow(), origin=self.origin, payload=encode(changes)
                )
            )
            if self.postgres:
                conn.execute(text("SELECT pg_notify(:channel, '')"), {"channel": CHANNEL})

    def prune(self, now: dt.datetime | None = None) -> None:
        with self._engine.begin() as conn:
            conn.execute(delete(ChangeLogEntry).where(ChangeLogEntry.at < (now or utcnow()) - KEEP))

    # -- reading ------------------------------------------------------------------------
    def reader(self) -> FeedReader:
        """What this desk has not seen yet, from now on."""
        with self._engine.connect() as conn:
            last = conn.scalar(select(func.max(ChangeLogEntry.id))) or 0
        reader = FeedReader(self, last)
        reader._seen = {row[0] for row in self._rows_after(max(0, last - LOOK_BACK))}
        return reader

    def _rows_after(self, low: int) -> list[tuple[int, str, str]]:
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(ChangeLogEntry.id, ChangeLogEntry.origin, ChangeLogEntry.payload)
                .where(ChangeLogEntry.id > low)
                .order_by(ChangeLogEntry.id)
                .limit(1000)
            ).all()
        return [(r[0], r[1], r[2]) for r in rows]

    def data_version(self) -> Callable[[], bool]:
        """SQLite: a check that is True when another connection has committed since
        the last call (``PRAGMA data_version`` on a connection of its own)."""
        raw = self._engine.raw_connection()
        seen = [None]

        def changed() -> bool:
            cur = raw.cursor()
            try:
                cur.execute("PRAGMA data_version")
                row = cur.fetchone()
                version = row[0] if row else None
            finally:
                cur.close()
            before, seen[0] = seen[0], version
            return before is not None and version != before

        changed.close = raw.close  # type: ignore[attr-defined]
        changed()
        return changed

    def listen(self, poke: Callable[[], None], lost: Callable[[], None]) -> Listener:
        """PostgreSQL: ``poke()`` (on the listener's thread) when another desk recorded
        a change; ``lost()`` when the connection came back after being lost."""
        listener = Listener(self._engine, poke, lost)
        listener.start()
        return listener


class FeedReader:
    def __init__(self, feed: ChangeFeed, last: int):
        self._feed = feed
        self.last = last
        self._seen: set[int] = set()

    def unseen(self) -> Changes:
        """Everything the other desks changed since the last call, merged."""
        merged = Changes()
        for row_id, origin, payload in self._feed._rows_after(max(0, self.last - LOOK_BACK)):
            if row_id in self._seen:
                continue
            self._seen.add(row_id)
            self.last = max(self.last, row_id)
            if origin != self._feed.origin:
                merged = merged | decode(payload)
        self._seen = {i for i in self._seen if i > self.last - LOOK_BACK}
        return merged


class Listener(threading.Thread):
    """One PostgreSQL connection waiting for ``NOTIFY salon_changes``."""

    def __init__(self, engine: Engine, poke: Callable[[], None], lost: Callable[[], None]):
        super().__init__(name="salon-desktop-listen", daemon=True)
        url = engine.url.set(drivername="postgresql")
        self._conninfo = url.render_as_string(hide_password=False)
        self._poke, self._lost = poke, lost
        self._stopping = threading.Event()
        self.listening = threading.Event()
        self.backend_pid = 0  # the server process of the listening connection
        self._conn: Any = None

    def stop(self) -> None:
        self._stopping.set()
        conn = self._conn
        if conn is not None:
            try:
                conn.cancel_safe()
            except Exception:  # noqa: BLE001 - closing anyway
                pass
        self.join(timeout=5)

    def run(self) -> None:
        import psycopg

        was_lost = False
        while not self._stopping.is_set():
            try:
                with psycopg.connect(self._conninfo, autocommit=True, connect_timeout=5) as conn:
                    self._conn = conn
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.backend_pid = conn.info.backend_pid
                    self.listening.set()
                    if was_lost:
                        was_lost = False
                        self._lost()
                    while not self._stopping.is_set():
                        for _note in conn.notifies(timeout=0.5, stop_after=1):
                            self._poke()
            except psycopg.Error as exc:
                if self._stopping.is_set():
                    break
                if not was_lost:
                    log.warning("listening for other desks' changes: %s", exc)
                was_lost = True
                self.listening.clear()
                self._stopping.wait(1.0)
            finally:
                self._conn = None
