"""Posted money cannot be changed or deleted in the database itself, whoever
connects: raw SQL UPDATE, DELETE (and TRUNCATE on PostgreSQL, INSERT OR REPLACE on
SQLite) are refused by triggers; a closed cash session is frozen, an open one is not,
and none is deleted."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from salon_desktop.db.models_sales import APPEND_ONLY
from salon_desktop.domain.sale import LineDraft, LineKind, TipDraft
from tests.services.sales_helpers import counts, make_shop, pay, prod_line, svc_line


@pytest.fixture
def posted(ctx):
    """One sale with a row in every append-only table."""
    shop = make_shop(ctx)
    ctx.sales.post(
        pay(
            ctx,
            [LineDraft(LineKind.VOUCHER, "Voucher", 1_000, voucher_code="V")],
            client=shop.client,
        ),
        shop.desk,
    )
    t = pay(
        ctx,
        [svc_line(shop), prod_line(shop), LineDraft(LineKind.ACCOUNT, "Prepaid", 2_000)],
        client=shop.client,
        tips=[TipDraft(shop.anna, 100)],
    )
    ctx.sales.post(t, shop.desk)
    ctx.till.move_cash(500, "Float top-up", shop.desk)
    with ctx.engine.connect() as conn:
        for table in APPEND_ONLY:
            assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() > 0, table
    return shop


def refused(ctx, sql: str) -> None:
    before = counts(ctx)
    with pytest.raises(DBAPIError) as exc:
        with ctx.engine.begin() as conn:
            conn.execute(text(sql))
    assert "cannot be changed" in str(exc.value)
    assert counts(ctx) == before


@pytest.mark.parametrize("table", APPEND_ONLY)
def test_update_and_delete_of_posted_rows_are_refused(ctx, posted, table):
    refused(ctx, f"UPDATE {table} SET id = id")
    refused(ctx, f"DELETE FROM {table}")
    refused(ctx, f"DELETE FROM {table} WHERE id = (SELECT max(id) FROM {table})")
    if ctx.engine.dialect.name == "postgresql":
        refused(ctx, f"TRUNCATE {table} CASCADE")
    else:
        # INSERT OR REPLACE would delete the posted row without a DELETE trigger.
        with ctx.engine.connect() as conn:
            row = conn.execute(text(f"SELECT * FROM {table} LIMIT 1")).mappings().one()
        cols = ", ".join(row)
        marks = ", ".join(f":{c}" for c in row)
        before = counts(ctx)
        with pytest.raises(DBAPIError, match="cannot be changed"):
            with ctx.engine.begin() as conn:
                conn.execute(
                    text(f"INSERT OR REPLACE INTO {table} ({cols}) VALUES ({marks})"), dict(row)
                )
        assert counts(ctx) == before


def test_a_sale_cannot_be_replaced_through_its_other_unique_keys(ctx, posted):
    if ctx.engine.dialect.name != "sqlite":
        pytest.skip("INSERT OR REPLACE is SQLite's")
    with ctx.engine.connect() as conn:
        row = dict(conn.execute(text("SELECT * FROM sales ORDER BY id LIMIT 1")).mappings().one())
    row.pop("id")
    for change in ({"number": 999}, {"uuid": "another-uuid"}):
        clash = dict(row, **change)
        with pytest.raises(DBAPIError, match="cannot be changed"):
            with ctx.engine.begin() as conn:
                conn.execute(
                    text(
                        f"INSERT OR REPLACE INTO sales ({', '.join(clash)}) "
                        f"VALUES ({', '.join(':' + c for c in clash)})"
                    ),
                    clash,
                )
    assert counts(ctx)["sales"] == 2


def test_an_open_cash_session_can_change_a_closed_one_cannot(ctx, posted):
    with ctx.engine.begin() as conn:
        conn.execute(text("UPDATE cash_sessions SET opening_float = 777"))
    assert ctx.till.session_report().opening_float == 777
    ctx.till.close_session(0)
    for sql in (
        "UPDATE cash_sessions SET counted_cash = 1, closed_at = NULL",
        "UPDATE cash_sessions SET last_sale_id = 0",
        "DELETE FROM cash_sessions",
    ):
        with pytest.raises(DBAPIError, match="closed cash session"):
            with ctx.engine.begin() as conn:
                conn.execute(text(sql))
    report = ctx.till.session_report()
    assert report.closed and report.counted_cash == 0
    if ctx.engine.dialect.name == "sqlite":
        with pytest.raises(DBAPIError, match="closed cash session"):
            with ctx.engine.begin() as conn:
                conn.execute(
                    text(
                        "INSERT OR REPLACE INTO cash_sessions (business_date, number, "
                        "opening_float, opened_at, note) "
                        "SELECT business_date, number, 0, opened_at, '' FROM cash_sessions"
                    )
                )
    else:
        with pytest.raises(DBAPIError, match="closed cash session"):
            with ctx.engine.begin() as conn:
                conn.execute(text("TRUNCATE cash_sessions"))
    assert ctx.till.is_closed()


def test_a_cash_session_is_never_deleted_nor_renumbered(ctx):
    ctx.till.open_session(1_000)
    for sql in (
        "DELETE FROM cash_sessions",
        "UPDATE cash_sessions SET number = 2",
        "UPDATE cash_sessions SET business_date = '2020-01-01'",
    ):
        with pytest.raises(DBAPIError, match="cash session"):
            with ctx.engine.begin() as conn:
                conn.execute(text(sql))
    report = ctx.till.session_report()
    assert report.opened and report.session is not None and report.session.number == 1


def test_a_closed_cash_day_of_before_the_sessions_stays_frozen(ctx):
    with ctx.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO cash_days (business_date, opening_float, opened_at, closed_at, "
                "note) VALUES ('2026-01-05', 0, '2026-01-05 07:00:00', '2026-01-05 20:00:00', '')"
            )
        )
    for sql in ("UPDATE cash_days SET counted_cash = 1", "DELETE FROM cash_days"):
        with pytest.raises(DBAPIError, match="closed cash day"):
            with ctx.engine.begin() as conn:
                conn.execute(text(sql))
