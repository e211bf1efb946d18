"""The hash chains and the integrity report: a record changed, deleted or added
behind the app's back is named, even when the guard triggers were dropped first."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from salon_desktop.db import guards
from salon_desktop.domain.client import ClientDraft
from salon_desktop.domain.sale import LineDraft, LineKind
from salon_desktop.services.integrity import quick_check, verify
from tests.services.sales_helpers import at_once, make_shop, pay, prod_line, svc_line


@pytest.fixture
def salon(ctx):
    """Three sales (one with a voucher sold), a void, a cash movement, audit entries."""
    shop = make_shop(ctx)
    ids = []
    for _ in range(3):
        ids.append(
            ctx.sales.post(
                pay(ctx, [svc_line(shop), prod_line(shop)], client=shop.client), shop.desk
            ).sale_id
        )
    ctx.sales.post(
        pay(ctx, [LineDraft(LineKind.VOUCHER, "Voucher", 5_000, voucher_code="GIFT-1")]),
        shop.desk,
    )
    ctx.sales.void(ids[1], "Wrong client", shop.desk)
    ctx.till.move_cash(1_000, "Float top-up", shop.desk)
    return shop, ids


def _sql(ctx, *statements: str) -> None:
    with ctx.engine.begin() as conn:
        for s in statements:
            conn.execute(text(s))


def _drop_guards(ctx, *tables: str) -> None:
    """What someone with the database file and a SQL tool does first."""
    with ctx.engine.begin() as conn:
        for g in guards.expected(conn.dialect.name):
            if g.table in tables:
                if conn.dialect.name == "sqlite":
                    conn.execute(text(f"DROP TRIGGER IF EXISTS {g.name}"))
                else:
                    conn.execute(text(f"DROP TRIGGER IF EXISTS {g.name} ON {g.table}"))


def _sentences(report) -> list[str]:
    return [p.sentence() for p in report.problems]


def test_what_the_app_records_is_chained_and_checks_out(ctx, salon):
    report = verify(ctx.engine)
    assert report.ok, _sentences(report)
    with ctx.engine.connect() as conn:
        n_sales = conn.execute(text("SELECT count(*) FROM sales")).scalar_one()
        n_audit = conn.execute(text("SELECT count(*) FROM audit_log")).scalar_one()
    assert report.links["sales"] == n_sales == 5  # 4 sales and the void
    assert report.links["cash"] == 1
    assert report.links["audit"] == n_audit > 0
    assert set(report.heads) == {"sales", "cash", "audit"}


def test_a_sale_deleted_after_dropping_the_guards_is_named(ctx, salon):
    _shop, ids = salon
    _drop_guards(ctx, "sales", "sale_lines", "sale_payments", "sale_tips", "stock_movements")
    victim = ids[2]
    _sql(
        ctx,
        f"DELETE FROM sale_lines WHERE sale_id = {victim}",
        f"DELETE FROM sale_payments WHERE sale_id = {victim}",
        f"DELETE FROM sale_tips WHERE sale_id = {victim}",
        f"DELETE FROM stock_movements WHERE sale_id = {victim}",
        f"DELETE FROM sales WHERE id = {victim}",
    )
    report = verify(ctx.engine)
    assert not report.ok
    first = report.first_broken("sales")
    assert first is not None and first.kind == "missing" and first.record_id == victim
    assert f"Sale {victim} was deleted" in first.sentence()
    # its receipt number is missing from the series too
    assert any(p.kind == "counter" for p in report.problems)
    # the guards that were dropped are named (the report was not asked to repair)
    assert any(p.kind == "guard_missing" for p in report.problems)


def test_an_amount_changed_is_named_and_only_that_sale(ctx, salon):
    _shop, ids = salon
    _drop_guards(ctx, "sale_lines")
    _sql(ctx, f"UPDATE sale_lines SET total = total - 100 WHERE sale_id = {ids[0]}")
    report = verify(ctx.engine)
    broken = [p for p in report.problems if p.chain == "sales"]
    assert [(p.kind, p.record_id) for p in broken] == [("changed", ids[0])]
    assert "was changed after it was recorded" in broken[0].sentence()


def test_a_sale_slipped_in_with_sql_is_not_in_the_chain(ctx, salon):
    _sql(
        ctx,
        "INSERT INTO sales (uuid, kind, series, year, number, receipt_no, business_date, "
        "posted_at, reason, currency, net_pricing, subtotal, discount, discount_reason, net, "
        "tax, total, tips, change_given, note, buyer_name, buyer_tax_id, buyer_address) "
        "VALUES ('x-1', 'sale', 'S', 2026, 999, 'S/2026/999', '2026-11-20', "
        "'2026-11-20 10:00:00', '', 'PLN', false, 100, 0, '', 100, 0, 100, 0, 0, '', '', '', '')",
    )
    report = verify(ctx.engine)
    assert any(p.kind == "unlinked" and p.chain == "sales" for p in report.problems)


def test_a_link_edited_to_hide_a_change_breaks_the_next_link(ctx, salon):
    _shop, ids = salon
    _drop_guards(ctx, "sale_lines", "chain_links")
    _sql(ctx, f"UPDATE sale_lines SET total = total - 100 WHERE sale_id = {ids[0]}")
    # recompute the content hash of that sale and write it into its link
    from salon_desktop.db.chains import CHAINS, contents

    with ctx.engine.begin() as conn:
        new = contents(conn, CHAINS["sales"], [ids[0]])[ids[0]]
        conn.execute(
            text(
                "UPDATE chain_links SET content_hash = :h WHERE chain = 'sales' AND record_id = :r"
            ),
            {"h": new, "r": ids[0]},
        )
    report = verify(ctx.engine)
    assert any(p.kind == "link" and p.chain == "sales" for p in report.problems)


def test_a_voucher_balance_raised_and_a_counter_reset_are_found(ctx, salon):
    _drop_guards(ctx, "gift_vouchers", "receipt_counters")
    _sql(
        ctx,
        "UPDATE gift_vouchers SET balance = balance + 10000 WHERE code = 'GIFT-1'",
        "UPDATE receipt_counters SET last_number = 1 WHERE series = 'S'",
    )
    kinds = {p.kind for p in verify(ctx.engine).problems}
    assert {"voucher", "counter"} <= kinds


def test_counters_and_heads_only_move_forward_and_records_stay(ctx, salon):
    from sqlalchemy.exc import DBAPIError

    for statement in (
        "UPDATE receipt_counters SET last_number = last_number - 1",
        "DELETE FROM receipt_counters",
        "UPDATE chain_heads SET seq = seq - 1",
        "DELETE FROM chain_heads",
        "DELETE FROM gift_vouchers",
        "UPDATE audit_log SET action = 'nothing'",
        "DELETE FROM audit_log",
        "UPDATE chain_links SET hash = 'x'",
        "DELETE FROM chain_links",
    ):
        with pytest.raises(DBAPIError):
            _sql(ctx, statement)
    assert verify(ctx.engine).ok


def test_opening_puts_back_a_dropped_guard_and_says_so(ctx, salon):
    _drop_guards(ctx, "sales")
    report = quick_check(ctx.engine)
    assert report.repaired and all(n.startswith("sales_") for n in report.repaired)
    assert "was put back" in report.problems[0].sentence()
    with ctx.engine.connect() as conn:
        assert not guards.missing(conn)
    assert quick_check(ctx.engine).problems == quick_check(ctx.engine).warnings  # nothing more


def test_clients_and_staff_changes_are_in_the_audit_chain(ctx):
    ctx.clients.create(ClientDraft(first_name="Zahra", last_name="Karimi"), None)
    assert verify(ctx.engine).links["audit"] >= 1


def test_two_desks_posting_at_once_keep_one_unbroken_chain(ctx, tmp_path):
    """Each desk appends after taking the chain's head: no fork, no gap."""
    from salon_desktop.services.context import open_context

    shop = make_shop(ctx)
    other = open_context(data_dir=tmp_path / "desk2", db_url=ctx.db_url)

    def post_many(c) -> None:
        for _ in range(8):
            c.sales.post(pay(c, [svc_line(shop)], client=shop.client), shop.desk)

    try:
        errors = at_once(lambda: post_many(ctx), lambda: post_many(other))
    finally:
        other.close()
    assert not errors
    report = verify(ctx.engine)
    assert report.ok, _sentences(report)
    assert report.links["sales"] == 16


def test_verify_on_the_command_line_names_the_deleted_sale(tmp_path, capsys):
    from salon_desktop.cli import main
    from salon_desktop.services.context import open_context

    folder = tmp_path / "salon"
    ctx = open_context(data_dir=folder)
    shop = make_shop(ctx)
    ids = [
        ctx.sales.post(pay(ctx, [svc_line(shop)], client=shop.client), shop.desk).sale_id
        for _ in range(3)
    ]
    ctx.close()
    assert main(["--data-dir", str(folder), "verify"]) == 0
    assert "The records are as they were written." in capsys.readouterr().out
    import sqlite3

    with sqlite3.connect(folder / "salon.sqlite3") as raw:
        for t in ("sales_no_delete", "sale_lines_no_delete", "sale_payments_no_delete"):
            raw.execute(f"DROP TRIGGER {t}")
        raw.execute("DELETE FROM sale_lines WHERE sale_id = ?", (ids[0],))
        raw.execute("DELETE FROM sale_payments WHERE sale_id = ?", (ids[0],))
        raw.execute("DELETE FROM sales WHERE id = ?", (ids[0],))
    assert main(["--data-dir", str(folder), "verify"]) == 1
    out = capsys.readouterr().out
    assert f"Sale {ids[0]} was deleted" in out
    assert "(sales_no_delete); it was put back" in out  # the opening put the guard back
    with sqlite3.connect(folder / "salon.sqlite3") as raw:
        names = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    assert "sales_no_delete" in names


def test_complaint_numbers_are_not_taken_for_a_receipt_series(ctx, salon):
    """Complaints are numbered from receipt_counters too (series CMPL): not receipts."""
    from salon_desktop.domain.complaints import ComplaintDraft

    shop, _ids = salon
    ctx.complaints.record(ComplaintDraft(shop.client, "Waited an hour"), shop.desk)
    report = verify(ctx.engine)
    assert report.ok, _sentences(report)


def test_the_opening_finds_an_old_sale_deleted_with_its_link(ctx, salon):
    """The opening walks only the newest links, and reads no receipt numbers when
    the counters agree with the sales; a sale removed far back together with its link
    leaves the counts short, and the full comparison then names the missing number."""
    _shop, ids = salon
    found = quick_check(ctx.engine, newest=1).problems
    assert [p for p in found if not p.kind.startswith("role_")] == []  # the test role owns all
    _drop_guards(
        ctx, "sales", "sale_lines", "sale_payments", "sale_tips", "stock_movements", "chain_links"
    )
    victim = ids[0]
    _sql(
        ctx,
        f"DELETE FROM sale_lines WHERE sale_id = {victim}",
        f"DELETE FROM sale_payments WHERE sale_id = {victim}",
        f"DELETE FROM sale_tips WHERE sale_id = {victim}",
        f"DELETE FROM stock_movements WHERE sale_id = {victim}",
        f"DELETE FROM chain_links WHERE chain = 'sales' AND record_id = {victim}",
        f"DELETE FROM sales WHERE id = {victim}",
    )
    report = quick_check(ctx.engine, newest=1)
    counters = [p for p in report.problems if p.kind == "counter"]
    assert counters and "missing" in counters[0].sentence()
