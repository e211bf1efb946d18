"""The migration chain, models versus migrations, connection pragmas, FTS5 triggers."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from salon_desktop.db import HEAD_REVISION
from salon_desktop.db.base import Base
from salon_desktop.db.engine import BUSY_TIMEOUT_MS, make_engine
from salon_desktop.db.migrate import (
    alembic_config,
    current_revision,
    downgrade,
    include_object,
    upgrade,
)

MODEL_TABLES = set(Base.metadata.tables)


@pytest.fixture
def engine(empty_db_url):
    eng = make_engine(empty_db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def sqlite_engine(sqlite_url):
    eng = make_engine(sqlite_url)
    upgrade(eng)
    yield eng
    eng.dispose()


def _tables(eng) -> set[str]:
    with eng.connect() as conn:
        return set(inspect(conn).get_table_names())


# -- the revision chain ------------------------------------------------------


def test_revision_chain_is_linear_with_one_head():
    script = ScriptDirectory.from_config(alembic_config())
    heads = script.get_heads()
    assert heads == [HEAD_REVISION], "HEAD_REVISION must name the one head of the chain"
    assert len(script.get_bases()) == 1
    revisions = list(script.walk_revisions("base", "heads"))
    for rev in revisions:
        assert not isinstance(rev.down_revision, tuple | list), f"{rev.revision} is a merge point"
        assert not rev.branch_labels, f"{rev.revision} opens a branch"
    # Walking down from the head visits every revision exactly once.
    seen, rev = [], script.get_revision(HEAD_REVISION)
    while rev is not None:
        seen.append(rev.revision)
        rev = script.get_revision(rev.down_revision) if rev.down_revision else None
    assert sorted(seen) == sorted(r.revision for r in revisions)
    assert len(set(seen)) == len(seen)


def test_include_object_leaves_out_only_migration_made_search_objects():
    assert not include_object(None, "clients_fts", "table", True, None)
    assert not include_object(None, "clients_fts_data", "table", True, None)
    assert not include_object(None, "ix_clients_name_key_trgm", "index", True, None)
    assert not include_object(None, "ix_clients_phone_key_trgm", "index", True, None)
    assert include_object(None, "clients", "table", True, None)
    assert include_object(None, "ix_clients_archived_sort", "index", True, None)


# -- models match migrations --------------------------------------------------


def _diff(eng) -> list:
    with eng.connect() as conn:
        mc = MigrationContext.configure(
            conn, opts={"include_object": include_object, "compare_type": True}
        )
        return compare_metadata(mc, Base.metadata)


def test_models_match_migrations(engine):
    upgrade(engine)
    assert current_revision(engine) == HEAD_REVISION
    assert _diff(engine) == []


def test_compare_detects_a_model_the_migrations_lack(engine):
    """The comparison above can fail: a table only in the models is reported."""
    from sqlalchemy import Column, Integer, MetaData, Table

    upgrade(engine)
    extra = MetaData()
    for table in Base.metadata.tables.values():
        table.to_metadata(extra)
    Table("not_migrated", extra, Column("id", Integer, primary_key=True))
    with engine.connect() as conn:
        mc = MigrationContext.configure(conn, opts={"include_object": include_object})
        diff = compare_metadata(mc, extra)
    assert [d[0] for d in diff] == ["add_table"]
    assert diff[0][1].name == "not_migrated"


def test_search_objects_exist_after_upgrade(engine):
    upgrade(engine)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            names = set(conn.execute(text("SELECT name FROM sqlite_master")).scalars())
            assert {"clients_fts", "clients_fts_ai", "clients_fts_ad", "clients_fts_au"} <= names
        else:
            indexes = {ix["name"] for ix in inspect(conn).get_indexes("clients")}
            assert {"ix_clients_name_key_trgm", "ix_clients_phone_key_trgm"} <= indexes
            ext = conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'"))
            assert ext.scalar() == 1


# -- upgrade, downgrade, upgrade ------------------------------------------------


def test_upgrade_downgrade_upgrade(engine):
    assert current_revision(engine) is None
    assert upgrade(engine) is True
    assert MODEL_TABLES <= _tables(engine)
    assert upgrade(engine) is False  # already at head: nothing applied

    downgrade(engine, "base")
    assert current_revision(engine) is None
    assert _tables(engine) - {"alembic_version"} == set()

    assert upgrade(engine) is True
    assert current_revision(engine) == HEAD_REVISION
    assert MODEL_TABLES <= _tables(engine)
    assert _diff(engine) == []


# -- SQLite connection pragmas ----------------------------------------------------


def _pragma(conn, name):
    return conn.exec_driver_sql(f"PRAGMA {name}").scalar()


def test_sqlite_pragmas_are_set_on_every_connection(sqlite_engine):
    # Two connections at once: each is a separate DB-API connection from the pool.
    with sqlite_engine.connect() as a, sqlite_engine.connect() as b:
        for conn in (a, b):
            assert _pragma(conn, "foreign_keys") == 1
            assert _pragma(conn, "journal_mode").lower() == "wal"
            assert _pragma(conn, "synchronous") == 2  # FULL
            assert _pragma(conn, "busy_timeout") == BUSY_TIMEOUT_MS > 0


def test_sqlite_foreign_keys_are_enforced(sqlite_engine):
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        with sqlite_engine.begin() as conn:
            conn.execute(text("INSERT INTO client_tags (client_id, tag) VALUES (999999, 'ghost')"))


def test_context_engine_has_the_pragmas(sqlite_ctx):
    with sqlite_ctx.engine.connect() as conn:
        assert _pragma(conn, "foreign_keys") == 1
        assert _pragma(conn, "journal_mode").lower() == "wal"
        assert _pragma(conn, "synchronous") == 2


# -- FTS5 triggers ---------------------------------------------------------------


def _fts_ids(conn, column: str, phrase: str) -> set[int]:
    expr = f'{column} : "{phrase}"'
    return set(
        conn.execute(
            text("SELECT rowid FROM clients_fts WHERE clients_fts MATCH :e"), {"e": expr}
        ).scalars()
    )


def _fts_integrity(conn) -> None:
    # For an external-content table this compares the index with ``clients``.
    conn.execute(text("INSERT INTO clients_fts(clients_fts, rank) VALUES ('integrity-check', 1)"))


def test_fts_triggers_follow_insert_update_delete(sqlite_ctx):
    from salon_desktop.domain.client import ClientDraft, PhoneEntry

    ctx = sqlite_ctx
    a = ctx.clients.create(
        ClientDraft(
            first_name="Żaneta", last_name="Wiśniewska", phones=[PhoneEntry("601 234 567")]
        ),
        None,
    )
    b = ctx.clients.create(ClientDraft(first_name="مریم", last_name="کریمی"), None)
    with ctx.engine.connect() as conn:
        assert _fts_ids(conn, "name_key", "wisniew") == {a}
        assert _fts_ids(conn, "name_key", "کریم") == {b}
        assert _fts_ids(conn, "phone_key", "1234567") == {a}
        _fts_integrity(conn)

    draft = ctx.clients.get(a).draft
    draft.last_name, draft.phones = "Nowak", [PhoneEntry("+48 512 000 111")]
    ctx.clients.update(a, draft, None)
    with ctx.engine.connect() as conn:
        assert _fts_ids(conn, "name_key", "wisniew") == set()
        assert _fts_ids(conn, "name_key", "nowak") == {a}
        assert _fts_ids(conn, "phone_key", "1234567") == set()
        assert _fts_ids(conn, "phone_key", "512000") == {a}
        _fts_integrity(conn)

    with ctx.engine.begin() as conn:  # files are archived by the app; delete by hand
        conn.execute(text("DELETE FROM clients WHERE id = :id"), {"id": b})
    with ctx.engine.connect() as conn:
        assert _fts_ids(conn, "name_key", "کریم") == set()
        assert _fts_ids(conn, "name_key", "nowak") == {a}
        _fts_integrity(conn)
        count = conn.execute(text("SELECT count(*) FROM clients_fts")).scalar()
        assert count == 1


def test_fts_integrity_check_catches_a_stale_index(sqlite_ctx):
    """The integrity check used above really fails when the index is out of step."""
    from sqlalchemy.exc import DatabaseError

    from salon_desktop.domain.client import ClientDraft

    ctx = sqlite_ctx
    ctx.clients.create(ClientDraft(first_name="Anna", last_name="Kowalska"), None)
    with ctx.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER clients_fts_au"))
        conn.execute(text("UPDATE clients SET name_key = 'zzz yyy'"))
    with ctx.engine.connect() as conn, pytest.raises(DatabaseError):
        _fts_integrity(conn)


def test_0012_makes_each_cash_day_its_first_session(engine):
    """An open cash day stays open as session 1; a closed one is a closed session 1
    holding that day's sales and cash movements (and refuses changes)."""
    upgrade(engine, "0009")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO cash_days (business_date, opening_float, opened_at, closed_at, "
                "expected_cash, counted_cash, note) VALUES "
                "('2026-11-22', 5000, '2026-11-22 07:00:00', '2026-11-22 19:00:00', "
                "15000, 14900, 'short'), "
                "('2026-11-23', 7000, '2026-11-23 07:00:00', NULL, NULL, NULL, '')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO cash_movements (id, business_date, at, amount, reason) VALUES "
                "(4, '2026-11-22', '2026-11-22 10:00:00', 500, 'in'), "
                "(9, '2026-11-23', '2026-11-23 10:00:00', -500, 'out')"
            )
        )
    upgrade(engine)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT business_date, number, opening_float, closed_at IS NOT NULL, "
                "expected_cash, counted_cash, last_sale_id, last_movement_id, note "
                "FROM cash_sessions ORDER BY business_date"
            )
        ).all()
    assert [(str(r[0]), *r[1:]) for r in rows] == [
        ("2026-11-22", 1, 5000, True, 15000, 14900, 0, 4, "short"),
        ("2026-11-23", 1, 7000, False, None, None, None, None, ""),
    ]
    with pytest.raises(Exception, match="closed cash session"):
        with engine.begin() as conn:
            conn.execute(text("UPDATE cash_sessions SET note = 'x' WHERE closed_at IS NOT NULL"))
    downgrade(engine, "0009")
    assert "cash_sessions" not in _tables(engine)
    upgrade(engine)


def _neighbours(conn) -> dict[tuple[int, int], tuple[int | None, int | None]]:
    rows = conn.execute(text("SELECT client_id, day, prev_day, next_day FROM client_visit_days"))
    return {(c, d): (p, n) for c, d, p, n in rows}


def test_0017_gives_each_visit_day_its_neighbours(engine):
    """Visit days already there get the file's day before and after; the triggers keep
    them as days come and go; down to 0016 and up again."""
    upgrade(engine, "0016")
    with engine.begin() as conn:
        for cid in (1, 2, 3):
            conn.execute(
                text(
                    "INSERT INTO clients (id, number, first_name, last_name, name_key, sort_key, "
                    "phone_key, main_phone, initials_key, email, address, allergies, skin_notes, "
                    "hair_notes, notes, archived, created_at, updated_at, version) VALUES "
                    "(:i, :i, 'A', 'B', 'a b', 'a b', '', '', '', '', '', '', '', '', '', "
                    ":f, '2026-01-01 00:00:00', '2026-01-01 00:00:00', 1)"
                ),
                {"i": cid, "f": False},
            )
        for cid, d in ((1, 100), (1, 130), (1, 110), (2, 105), (3, 90), (3, 95)):
            conn.execute(
                text("INSERT INTO client_visit_days (client_id, day, sales) VALUES (:c, :d, 1)"),
                {"c": cid, "d": d},
            )
    upgrade(engine)
    with engine.connect() as conn:
        assert _neighbours(conn) == {
            (1, 100): (None, 110),
            (1, 110): (100, 130),
            (1, 130): (110, None),
            (2, 105): (None, None),
            (3, 90): (None, 95),
            (3, 95): (90, None),
        }
        columns = [ix["column_names"] for ix in inspect(conn).get_indexes("client_visit_days")]
        assert ["day", "prev_day", "next_day"] in columns
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO client_visit_days (client_id, day, sales) VALUES (1, 120, 1)")
        )
        conn.execute(text("DELETE FROM client_visit_days WHERE client_id = 3 AND day = 90"))
    with engine.connect() as conn:
        have = _neighbours(conn)
        visits = conn.execute(
            text("SELECT client_id, visits, first_day, last_day FROM client_visits")
        )
        assert {tuple(r) for r in visits} == {(1, 4, 100, 130), (2, 1, 105, 105), (3, 1, 95, 95)}
    assert have[(1, 110)] == (100, 120) and have[(1, 120)] == (110, 130)
    assert have[(1, 130)] == (120, None) and have[(3, 95)] == (None, None)
    downgrade(engine, "0016")
    with engine.begin() as conn:
        names = {c["name"] for c in inspect(conn).get_columns("client_visit_days")}
        assert names == {"client_id", "day", "sales"}
        conn.execute(
            text("INSERT INTO client_visit_days (client_id, day, sales) VALUES (2, 140, 1)")
        )
        last = conn.execute(text("SELECT last_day FROM client_visits WHERE client_id = 2"))
        assert last.scalar_one() == 140  # 0015's trigger is back
    upgrade(engine)
    with engine.connect() as conn:
        assert _neighbours(conn)[(2, 105)] == (None, 140)
        assert _diff(engine) == []
