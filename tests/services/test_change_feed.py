"""The change log the desks learn from: what one context records, another reads
once (and its own writes never come back to it); SQLite's data_version tells a
window when to look; PostgreSQL's LISTEN wakes the other PCs and survives the
server dropping the connection."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import insert, select, text

from salon_desktop.db.models import ChangeLogEntry
from salon_desktop.services import change_feed
from salon_desktop.services.change_feed import EVERYTHING, MAX_IDS, decode, encode
from salon_desktop.services.changes import Changes
from salon_desktop.services.context import open_context
from tests.conftest import FIXED_DATE

ids = st.frozensets(st.integers(1, 2**40), max_size=MAX_IDS)


@given(
    clients=ids,
    sales=ids,
    flags=st.fixed_dictionaries(
        {
            name: st.booleans()
            for name in ("all_clients", "all_sales", "tickets", "catalog", "till", "staff")
        }
    ),
)
def test_a_change_reads_back_as_it_was_recorded(clients, sales, flags):
    changes = Changes(clients=clients, sales=sales, **flags)
    assert decode(encode(changes)) == changes


def test_very_many_ids_become_all_and_garbage_means_everything():
    many = Changes.of(clients=range(MAX_IDS + 1), tickets=True)
    assert decode(encode(many)) == Changes(all_clients=True, tickets=True)
    for garbage in ("", "[1, 2]", '{"clients": "x"}', "not json"):
        assert decode(garbage) == EVERYTHING


@pytest.fixture
def two_desks(tmp_path, db_url):
    """Two contexts (two desks) on one database."""
    a = open_context(data_dir=tmp_path / "a", db_url=db_url, today=lambda: FIXED_DATE)
    b = open_context(data_dir=tmp_path / "b", db_url=db_url, today=lambda: FIXED_DATE)
    yield a, b
    a.close()
    b.close()


def test_what_one_desk_records_the_other_reads_once(two_desks):
    a, b = two_desks
    a.feed.record(Changes.of(clients=[1]))  # before B looked: not news to B
    mine, theirs = a.feed.reader(), b.feed.reader()
    a.feed.record(Changes.of(clients=[7], tickets=True))
    a.feed.record(Changes.of(sales=[3], catalog=True))
    assert theirs.unseen() == Changes.of(clients=[7], sales=[3], tickets=True, catalog=True)
    assert theirs.unseen() == Changes()
    assert mine.unseen() == Changes()  # A's own writes do not come back to A
    b.feed.record(Changes(staff=True))
    assert mine.unseen() == Changes(staff=True)
    a.feed.record(Changes())  # nothing changed: nothing recorded
    assert theirs.unseen() == Changes()


def test_a_row_that_becomes_visible_late_is_not_missed(two_desks):
    """On PostgreSQL ids are taken before commit: id 11 may be seen before id 10."""
    a, b = two_desks
    reader = b.feed.reader()
    base = reader.last
    payload = encode(Changes(tickets=True))

    def put(row_id: int, changes: Changes) -> None:
        with a.engine.begin() as conn:
            conn.execute(
                insert(ChangeLogEntry).values(
                    id=row_id, at=dt.datetime(2026, 1, 1), origin="x", payload=encode(changes)
                )
            )

    put(base + 2, Changes(tickets=True))
    assert reader.unseen() == decode(payload)
    put(base + 1, Changes(till=True))
    assert reader.unseen() == Changes(till=True)
    assert reader.unseen() == Changes()


def test_old_rows_are_pruned(two_desks):
    a, _b = two_desks
    a.feed.record(Changes(tickets=True))
    a.feed.prune(now=dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(days=2))
    with a.engine.connect() as conn:
        assert conn.execute(select(ChangeLogEntry)).all() == []


def test_sqlite_data_version_says_when_another_connection_committed(tmp_path, sqlite_url):
    a = open_context(data_dir=tmp_path / "a", db_url=sqlite_url, today=lambda: FIXED_DATE)
    b = open_context(data_dir=tmp_path / "b", db_url=sqlite_url, today=lambda: FIXED_DATE)
    try:
        changed = b.feed.data_version()
        assert not changed()
        a.feed.record(Changes(tickets=True))
        assert changed()
        assert not changed()  # nothing new since
        b.feed.record(Changes(till=True))  # through B's other connections: also a change
        assert changed()
        changed.close()
    finally:
        a.close()
        b.close()


@pytest.mark.postgres
def test_postgres_listen_wakes_the_other_desk_and_survives_a_dropped_connection(
    tmp_path, pg_schema
):
    a = open_context(data_dir=tmp_path / "a", db_url=pg_schema, today=lambda: FIXED_DATE)
    b = open_context(data_dir=tmp_path / "b", db_url=pg_schema, today=lambda: FIXED_DATE)
    poked, lost = threading.Event(), threading.Event()
    listener = b.feed.listen(poked.set, lost.set)
    try:
        assert listener.listening.wait(5)
        reader = b.feed.reader()
        a.feed.record(Changes.of(sales=[42]))
        assert poked.wait(2), "the other desk was not woken within 2 s"
        assert reader.unseen() == Changes.of(sales=[42])
        # The server drops the listening connection: it comes back and says so.
        with a.engine.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": listener.backend_pid})
        assert lost.wait(10), "the listener did not come back"
        assert listener.listening.wait(5)
        poked.clear()
        a.feed.record(Changes(tickets=True))
        assert poked.wait(2)
        assert reader.unseen() == Changes(tickets=True)
    finally:
        listener.stop()
        a.close()
        b.close()
    assert not listener.is_alive()


def test_listen_channel_is_the_one_recorded_to():
    assert change_feed.CHANNEL == "salon_changes"
