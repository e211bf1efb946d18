"""``sale_day_lines`` and ``sale_day_payments`` (kept by triggers on ``sale_lines`` and
``sale_payments``, migration 0018) stay equal to what the lines and payments say,
through sales, voids on a later day, refunds, a voucher sold, walk-ins, the demo's
bulk writer, two desks posting at once and the migration's own fill; on SQLite and
PostgreSQL.

"What they say" is computed here from the lines and payments themselves."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from salon_desktop.db.migrate import downgrade, upgrade
from salon_desktop.domain.sale import LineDraft, LineKind
from tests.services.sales_helpers import at_once, make_shop, pay, prod_line, svc_line
from tests.services.test_segments import TODAY, Desk

_LINES = """
SELECT s.business_date, s.kind, l.kind, COALESCE(l.service_id, 0), COALESCE(l.staff_id, 0),
       count(*), SUM(l.qty), SUM(l.total)
FROM sale_lines l JOIN sales s ON s.id = l.sale_id
WHERE l.kind IN ('service', 'product')
GROUP BY s.business_date, s.kind, l.kind, COALESCE(l.service_id, 0), COALESCE(l.staff_id, 0)
UNION ALL
SELECT o.business_date, 'voided', l.kind, COALESCE(l.service_id, 0), COALESCE(l.staff_id, 0),
       count(*), SUM(l.qty), SUM(l.total)
FROM sale_lines l JOIN sales v ON v.id = l.sale_id JOIN sales o ON o.id = v.original_sale_id
WHERE v.kind = 'void' AND l.kind IN ('service', 'product')
GROUP BY o.business_date, l.kind, COALESCE(l.service_id, 0), COALESCE(l.staff_id, 0)
"""
_PAYMENTS = """
SELECT s.business_date, p.method, count(*), SUM(p.amount)
FROM sale_payments p JOIN sales s ON s.id = p.sale_id GROUP BY s.business_date, p.method
"""


def _as_date(v) -> dt.date:
    return dt.date.fromisoformat(v) if isinstance(v, str) else v


def _rows(ctx, sql: str) -> dict[tuple, tuple[int, int]]:
    """{(day, the keys…, how many): (the two sums)} of a statement's rows."""
    with ctx.engine.connect() as conn:
        rows = conn.execute(text(sql)).all()
    return {(_as_date(r[0]), *r[1:-2]): (int(r[-2]), int(r[-1])) for r in rows}


def kept(ctx) -> tuple[dict, dict]:
    return (
        _rows(
            ctx,
            "SELECT business_date, sale_kind, line_kind, service_id, staff_id, lines, qty, total "
            "FROM sale_day_lines",
        ),
        _rows(ctx, "SELECT business_date, method, payments, amount FROM sale_day_payments"),
    )


def from_records(ctx) -> tuple[dict, dict]:
    return _rows(ctx, _LINES), _rows(ctx, _PAYMENTS)


def test_sales_voids_refunds_and_walk_ins_are_added_to_their_day(ctx):
    shop = make_shop(ctx)
    desk = Desk(ctx)
    c = shop.client
    first = desk.visit(9, [svc_line(shop), prod_line(shop, qty=2)], c)
    second = desk.visit(9, [svc_line(shop, "colour", staff=shop.bea), svc_line(shop)], c)
    with ctx.engine.connect() as conn:
        second_total = conn.execute(
            text("SELECT total FROM sales WHERE id = :s"), {"s": second.sale_id}
        ).scalar_one()
    lines, payments = kept(ctx)
    assert (lines, payments) == from_records(ctx)
    # two cuts by Anna on day 9, in one row of the day
    cut = [k[5] for k in lines if k[1:5] == ("sale", "service", shop.cut.id, shop.anna)]
    assert cut == [2]
    # a void today of day 9's first sale is today's (negative) lines
    desk.day = TODAY
    desk.sales.void(first.sale_id, "Wrong client", shop.desk)
    lines, _ = kept(ctx)
    assert any(k[0] == TODAY and k[1] == "void" and v[1] < 0 for k, v in lines.items())
    # and again as "voided" on day 9: what day 9's sales that still stand came to
    day9 = TODAY - dt.timedelta(days=9)
    standing = sum(v[1] for k, v in lines.items() if k[0] == day9 and k[1] in ("sale", "voided"))
    assert standing == second_total
    # a refund, a walk-in, a voucher sold (not a service or product line: no line row,
    # but its payment counts)
    kept_sale = desk.visit(3, [svc_line(shop), prod_line(shop, "serum")], c)
    with ctx.engine.connect() as conn:
        serum = conn.execute(
            text("SELECT id FROM sale_lines WHERE sale_id = :s AND kind = 'product'"),
            {"s": kept_sale.sale_id},
        ).scalar_one()
    desk.sales.refund(kept_sale.sale_id, {serum: 1}, "Allergic", shop.desk)
    desk.day = TODAY - dt.timedelta(days=2)
    desk.sales.post(pay(ctx, [svc_line(shop)]))
    desk.visit(1, [LineDraft(LineKind.ACCOUNT, "Paid in", 50_000, 1, 0)], c)
    lines, payments = kept(ctx)
    assert (lines, payments) == from_records(ctx)
    assert {k[1] for k in lines} == {"sale", "void", "voided", "refund"}


def test_the_demo_bulk_writer_keeps_the_totals(ctx):
    from salon_desktop.demo import fill_demo

    fill_demo(ctx, clients=30, seed=3, years=1, now=dt.datetime.combine(TODAY, dt.time(18)))
    have, want = kept(ctx), from_records(ctx)
    assert len(want[0]) > 100 and len(want[1]) > 100
    assert have == want


def test_two_desks_posting_at_once_lose_nothing(ctx, tmp_path):
    """Sales whose lines add to the same rows of the day, in opposite orders, from two
    desks at once: every line is counted once."""
    from salon_desktop.services.context import open_context

    shop = make_shop(ctx)
    other = open_context(data_dir=tmp_path / "desk2", db_url=ctx.db_url)

    def post_many(c, reverse: bool) -> None:
        for _ in range(10):
            lines = [svc_line(shop), svc_line(shop, "cut", staff=shop.bea)]
            lines.append(svc_line(shop, "colour", staff=shop.bea))
            if reverse:
                lines.reverse()
            c.sales.post(pay(c, lines, client=shop.client, card=1000), shop.desk)

    try:
        errors = at_once(lambda: post_many(ctx, False), lambda: post_many(other, True))
    finally:
        other.close()
    assert not errors
    lines, payments = kept(ctx)
    assert (lines, payments) == from_records(ctx)
    assert sum(k[5] for k in lines) == 60


def test_the_migration_fills_the_totals_from_what_was_posted(ctx):
    shop = make_shop(ctx)
    desk = Desk(ctx)
    for days_ago in (30, 12, 12, 2):
        desk.visit(days_ago, [svc_line(shop), prod_line(shop)], shop.client)
    want = from_records(ctx)
    downgrade(ctx.engine, "0017")
    with ctx.engine.connect() as conn:
        tables = set(
            conn.execute(
                text(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                    if ctx.engine.dialect.name == "sqlite"
                    else "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                )
            ).scalars()
        )
    assert "sale_day_lines" not in tables
    upgrade(ctx.engine)
    assert kept(ctx) == want
    # and the triggers are back: a later sale is added
    desk.visit(1, [svc_line(shop)], shop.client)
    assert kept(ctx) == from_records(ctx)
