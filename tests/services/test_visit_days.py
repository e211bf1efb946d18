"""``client_visit_days`` (kept by a trigger on ``sale_lines``) and ``client_visits`` (by
triggers on that) stay equal to what the
sales say, through sales, voids, refunds, voucher-only sales, walk-ins, two sales on
one day, merged files and the demo's bulk writer; on SQLite and PostgreSQL.

"What the sales say" is an independent query: for each client and day, the sales
(kind ``sale``) with a service or product line and no void."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from salon_desktop.db.engine import make_sessionmaker
from salon_desktop.domain.client import ClientDraft
from salon_desktop.domain.sale import LineDraft, LineKind
from salon_desktop.services.segments import EPOCH, SegmentService, view
from tests.services.sales_helpers import make_shop, pay, prod_line, svc_line
from tests.services.test_segments import TODAY, Desk

_FROM_SALES = """
SELECT s.client_id, s.business_date, count(*) FROM sales s
WHERE s.client_id IS NOT NULL AND s.kind = 'sale'
  AND s.id NOT IN (SELECT original_sale_id FROM sales
                   WHERE kind = 'void' AND original_sale_id IS NOT NULL)
  AND s.id IN (SELECT sale_id FROM sale_lines WHERE kind IN ('service', 'product'))
GROUP BY s.client_id, s.business_date
"""


@pytest.fixture
def service(ctx):
    return SegmentService(make_sessionmaker(ctx.engine), today=lambda: TODAY)


def _as_date(v) -> dt.date:
    return dt.date.fromisoformat(v) if isinstance(v, str) else v


def kept(ctx) -> dict[tuple[int, dt.date], int]:
    with ctx.engine.connect() as conn:
        rows = conn.execute(text("SELECT client_id, day, sales FROM client_visit_days")).all()
    return {(c, EPOCH + dt.timedelta(days=d)): n for c, d, n in rows}


def totals(ctx) -> dict[int, tuple[int, dt.date, dt.date]]:
    """``client_visits`` as dates, checked against the visit days it is kept from."""
    with ctx.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT client_id, visits, first_day, last_day FROM client_visits")
        ).all()
    have = {
        c: (n, EPOCH + dt.timedelta(days=a), EPOCH + dt.timedelta(days=b)) for c, n, a, b in rows
    }
    want: dict[int, tuple[int, dt.date, dt.date]] = {}
    for c, d in kept(ctx):
        n, a, b = want.get(c, (0, d, d))
        want[c] = (n + 1, min(a, d), max(b, d))
    assert have == want
    return have


def from_sales(ctx) -> dict[tuple[int, dt.date], int]:
    with ctx.engine.connect() as conn:
        rows = conn.execute(text(_FROM_SALES)).all()
    return {(c, _as_date(d)): n for c, d, n in rows}


def day(days_ago: int) -> dt.date:
    return TODAY - dt.timedelta(days=days_ago)


def line_id(ctx, sale_id: int, kind: str) -> int:
    with ctx.engine.connect() as conn:
        return conn.execute(
            text("SELECT id FROM sale_lines WHERE sale_id = :s AND kind = :k"),
            {"s": sale_id, "k": kind},
        ).scalar_one()


def test_sales_voids_and_refunds_keep_the_days_right(ctx):
    shop = make_shop(ctx)
    desk = Desk(ctx)
    c = shop.client
    desk.visit(40, [svc_line(shop), prod_line(shop)], c)
    assert kept(ctx) == {(c, day(40)): 1}
    # a second sale the same day: still one visit day, two sales
    second = desk.visit(40, [prod_line(shop)], c)
    assert kept(ctx) == {(c, day(40)): 2}
    # voiding one of the two leaves the day; voiding the other removes it
    assert totals(ctx) == {c: (1, day(40), day(40))}
    desk.sales.void(second.sale_id, "Entered twice", shop.desk)
    assert kept(ctx) == {(c, day(40)): 1}
    only = desk.visit(20, [svc_line(shop, "colour")], c)
    assert kept(ctx)[(c, day(20))] == 1
    # a void posted on a later day takes away the visit of the day it voids
    desk.day = TODAY
    desk.sales.void(only.sale_id, "Wrong client", shop.desk)
    assert (c, day(20)) not in kept(ctx) and (c, TODAY) not in kept(ctx)
    assert totals(ctx) == {c: (1, day(40), day(40))}  # her last visit is back to day 40
    # a refund gives money back but the visit happened
    kept_sale = desk.visit(10, [svc_line(shop), prod_line(shop, "serum")], c)
    desk.sales.refund(
        kept_sale.sale_id, {line_id(ctx, kept_sale.sale_id, "product"): 1}, "Allergic", shop.desk
    )
    assert kept(ctx)[(c, day(10))] == 1
    # money paid into her account and a walk-in are not her visits
    desk.visit(5, [LineDraft(LineKind.ACCOUNT, "Paid in", 50_000, 1, 0)], c)
    desk.day = day(5)
    desk.sales.post(pay(ctx, [svc_line(shop)]))
    assert kept(ctx) == from_sales(ctx) == {(c, day(40)): 1, (c, day(10)): 1}
    assert totals(ctx) == {c: (2, day(40), day(10))}


def test_merged_files_count_a_shared_day_once(ctx, service):
    shop = make_shop(ctx)
    desk = Desk(ctx)
    other = ctx.clients.create(ClientDraft(first_name="Zahra", last_name="A."), shop.desk)
    desk.visit(60, [svc_line(shop)], other)
    desk.visit(30, [svc_line(shop)], other)
    desk.visit(30, [prod_line(shop)], shop.client)  # the same day, on the other file
    desk.visit(10, [svc_line(shop)], shop.client)
    ctx.clients.merge(shop.client, other, shop.desk)
    # the table is per file, as the sales are ...
    assert kept(ctx) == from_sales(ctx)
    assert {k for k in kept(ctx) if k[0] == other} == {(other, day(60)), (other, day(30))}
    # ... and the scores count the kept file's days, the shared one once
    scores = service.compute()
    v = view(scores, scores.index(shop.client))
    assert (v.visits, v.first_visit, v.last_visit) == (3, day(60), day(10))
    assert v.visits_year == 3
    # a void after the merge still takes the day away
    late = desk.visit(2, [svc_line(shop)], other)
    desk.sales.void(late.sale_id, "Wrong file", shop.desk)
    assert kept(ctx) == from_sales(ctx)
    assert totals(ctx)[other] == (2, day(60), day(30))


def test_the_demo_bulk_writer_keeps_the_table(ctx):
    from salon_desktop.demo import fill_demo

    fill_demo(ctx, clients=40, seed=5, years=1, now=dt.datetime.combine(TODAY, dt.time(18)))
    have, want = kept(ctx), from_sales(ctx)
    assert len(want) > 100
    assert have == want
    assert len(totals(ctx)) > 20
    with ctx.engine.connect() as conn:
        voids = conn.execute(text("SELECT count(*) FROM sales WHERE kind = 'void'")).scalar_one()
    assert voids > 0  # the demo's voids went through the trigger too
