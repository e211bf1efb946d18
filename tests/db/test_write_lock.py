"""Two desks writing to one SQLite file: a write transaction waits its turn instead of
failing with "database is locked" after reading a snapshot another desk then changed."""

from __future__ import annotations

import threading

from sqlalchemy import text

from salon_desktop.db.engine import make_engine, make_sessionmaker


def test_a_write_transaction_that_reads_first_waits_for_the_other_writer(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'salon.sqlite3'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE counter (n INTEGER)"))
        conn.execute(text("INSERT INTO counter VALUES (0)"))
    sm = make_sessionmaker(engine)
    first_committed = threading.Event()
    first_writing = threading.Event()
    errors: list[BaseException] = []

    def first_desk() -> None:
        with sm.begin() as s:
            s.execute(text("UPDATE counter SET n = n + 1"))
            first_writing.set()
            threading.Event().wait(0.3)  # the second desk tries meanwhile
        first_committed.set()

    def second_desk() -> None:
        first_writing.wait(2)
        try:
            with sm.begin() as s:  # waits here for the first desk's commit
                n = s.execute(text("SELECT n FROM counter")).scalar()
                first_committed.wait(2)
                s.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=first_desk), threading.Thread(target=second_desk)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert errors == []
    with engine.connect() as conn:
        assert conn.execute(text("SELECT n FROM counter")).scalar() == 2  # no lost update
    engine.dispose()
