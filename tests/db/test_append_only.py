"""Posted money cannot be changed or deleted in the database itself, whoever
connects: raw SQL UPDATE, DELETE (and TRUNCATE on PostgreSQL, INSERT OR REPLACE on
SQLite) are refused by triggers; a closed cash day is frozen, an open one is not."""

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


def test_an_open_cash_day_can_change_a_closed_one_cannot(ctx, posted):
    with ctx.engine.begin() as conn:
        conn.execute(text("UPDATE cash_days SET opening_float = 777"))
    assert ctx.till.report().opening_float == 777
    ctx.till.close_day(0)
    for sql in ("UPDATE cash_days SET counted_cash = 1, closed_at = NULL", "DELETE FROM cash_days"):
        with pytest.raises(DBAPIError, match="closed cash day"):
            with ctx.engine.begin() as conn:
                conn.execute(text(sql))
    report = ctx.till.report()
    assert report.closed and report.counted_cash == 0
    if ctx.engine.dialect.name == "sqlite":
        with pytest.raises(DBAPIError, match="closed cash day"):
            with ctx.engine.begin() as conn:
                conn.execute(
                    text(
                        "INSERT OR REPLACE INTO cash_days (business_date, "
                        "opening_float, opened_at, note) "
                        "SELECT business_date, 0, opened_at, '' FROM cash_days"
                    )
                )
        assert ctx.till.is_closed()


def test_an_open_cash_day_can_be_deleted(ctx):
    ctx.till.open_day(1_000)
    with ctx.engine.begin() as conn:
        conn.execute(text("DELETE FROM cash_days"))
    assert not ctx.till.report().opened
