"""One source of truth for posting: the demo's bulk writer and the till write the
same rows for the same tickets, voids and refunds (both build them with
``domain.posting``)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from salon_desktop.db.engine import make_sessionmaker
from salon_desktop.demo.sales import _Bulk
from salon_desktop.domain.posting import correction_lines, sale_rows
from salon_desktop.domain.sale import (
    Discount,
    DiscountKind,
    LineDraft,
    LineKind,
    PaymentDraft,
    PayMethod,
    TicketDraft,
    TipDraft,
    compute,
)
from salon_desktop.services.context import open_context
from salon_desktop.services.sales import SalesService

from .sales_helpers import MONEY_TABLES, assert_invariants, make_shop, prod_line, set_currency
from .sales_helpers import svc_line as service_line

DAY = dt.date(2026, 5, 12)


def _tickets(ctx, shop, scale: int) -> list[TicketDraft]:
    """A mixed ticket that sells a voucher and charges the account, one that redeems
    the voucher and pays from the account, and two plain ones (voided, refunded)."""
    currency, net = ctx.salon.currency, ctx.salon.net_pricing

    def paid(t: TicketDraft, *pays: PaymentDraft, cash_extra: int = 0) -> TicketDraft:
        t.payments = list(pays)
        rest = compute(t, currency, net).due - sum(p.amount for p in pays)
        if rest:
            t.payments.append(PaymentDraft(PayMethod.CASH, rest, rest + cash_extra))
        return t

    first = TicketDraft(
        client_id=shop.client,
        lines=[
            service_line(shop, "cut", shop.anna),
            service_line(
                shop, "colour", shop.bea, discount=Discount(DiscountKind.PERCENT, 1500, "Model")
            ),
            prod_line(shop, "shampoo", qty=3, staff=shop.anna),
            LineDraft(LineKind.VOUCHER, "Gift voucher", 5_000 * scale, voucher_code="may 01"),
            LineDraft(LineKind.ACCOUNT, "Prepaid credit", 3_333 * scale),
        ],
        discount=Discount(DiscountKind.PERCENT, 1000, "Regular client"),
        tips=[TipDraft(shop.anna, 700 * scale)],
        note="Birthday",
    )
    first = paid(first, PaymentDraft(PayMethod.CARD, 20_000 * scale), cash_extra=1_230 * scale)
    second = TicketDraft(
        client_id=shop.client,
        lines=[service_line(shop, "cut", shop.bea), prod_line(shop, "serum", qty=1)],
    )
    second = paid(
        second,
        PaymentDraft(PayMethod.VOUCHER, 4_000 * scale, voucher_code="MAY01"),
        PaymentDraft(PayMethod.ACCOUNT, 3_000 * scale),
    )
    voided = paid(
        TicketDraft(
            client_id=shop.client,
            lines=[service_line(shop, "colour", shop.anna), prod_line(shop, "serum")],
            tips=[TipDraft(shop.bea, 300 * scale)],
        ),
        PaymentDraft(PayMethod.CARD, 10_000 * scale),
    )
    refunded = paid(
        TicketDraft(
            lines=[
                prod_line(
                    shop,
                    "shampoo",
                    qty=3,
                    discount=Discount(DiscountKind.AMOUNT, 100 * scale, "Box"),
                ),
                service_line(shop, "cut", shop.anna),
            ],
            discount=Discount(DiscountKind.PERCENT, 700, "Staff"),
        )
    )
    return [first, second, voided, refunded]


def _profile(tmp_path, name: str, currency: str, scale: int):
    ctx = open_context(data_dir=tmp_path / name, today=lambda: DAY)
    if currency != "PLN":
        set_currency(ctx, currency, "fa" if currency == "IRT" else "en")
    shop = make_shop(ctx, scale)
    for p in (shop.shampoo, shop.serum):
        ctx.catalog.receive(p.id, 20, "delivery", shop.desk)
    ctx.catalog.set_commission(shop.anna, 1_250, 733, shop.desk)
    ctx.catalog.set_commission(shop.bea, 3_333, 0, shop.desk)
    return ctx, shop


def _dump(ctx) -> dict[str, list[tuple]]:
    """Every posted row (the set-up's deliveries, stamped by the real clock, left out)."""
    where = {"stock_movements": " WHERE sale_id IS NOT NULL"}
    with ctx.engine.connect() as conn:

        def rows(sql: str) -> list[tuple]:
            return [tuple(r) for r in conn.execute(text(sql))]

        out = {t: rows(f"SELECT * FROM {t}{where.get(t, '')} ORDER BY 1, 2") for t in MONEY_TABLES}
        out["products"] = rows("SELECT id, stock FROM products ORDER BY id")
    return out


@pytest.mark.parametrize("currency, scale", [("PLN", 1), ("IRT", 10)])
def test_the_demo_writes_what_the_till_posts(tmp_path, currency, scale):
    till_ctx, shop = _profile(tmp_path, "till", currency, scale)
    demo_ctx, demo_shop = _profile(tmp_path, "demo", currency, scale)
    assert demo_shop == shop
    times = [dt.datetime(2026, 5, 12, 9 + i, 15, 30, 123_000) for i in range(8)]

    # Through the till: SalesService.post, void and refund, with those times on the clock.
    clock = {"at": times[0]}
    sales = SalesService(
        make_sessionmaker(till_ctx.engine),
        lambda: till_ctx.salon,
        today=lambda: DAY,
        now=lambda: clock["at"],
    )
    tickets = _tickets(till_ctx, shop, scale)
    ids = []
    for at, t in zip(times, tickets, strict=False):
        clock["at"] = at
        ids.append(sales.post(t, shop.desk).sale_id)
    clock["at"] = times[4]
    sales.void(ids[2], "Wrong client", shop.desk, uuid="void-1")
    clock["at"] = times[5]
    shampoo = till_ctx.reader.get(ids[3]).lines[0].id
    sales.refund(ids[3], {shampoo: 1}, "Allergy", shop.desk, PayMethod.CARD, uuid="refund-1")

    # The demo's bulk writer, given the same events.
    bulk = _Bulk(demo_ctx, None, shop.desk)  # type: ignore[arg-type]
    currency_, net = demo_ctx.salon.currency, demo_ctx.salon.net_pricing
    for seq, (at, t) in enumerate(zip(times, tickets, strict=False)):
        bulk.sale(DAY, seq, t, compute(t, currency_, net), at, keep=True)
    bulk.correct(DAY, 2, None, None, "Wrong client", "void-1", times[4])
    bulk.correct(DAY, 3, {0: 1}, PayMethod.CARD, "Allergy", "refund-1", times[5])
    with demo_ctx.engine.connect() as conn:
        bulk.flush(conn)
        bulk.finish(conn)

    till, demo = _dump(till_ctx), _dump(demo_ctx)
    for table in till:
        assert demo[table] == till[table], table
    # The rows are not trivially equal: everything above was written, and adds up.
    assert len(till["sales"]) == 6 and len(till["voucher_movements"]) == 2
    assert len(till["account_entries"]) == 2 and len(till["stock_movements"]) == 4 + 2
    assert_invariants(till_ctx)
    assert_invariants(demo_ctx)
    till_ctx.close()
    demo_ctx.close()


def test_a_partial_refund_is_rounded_to_the_currency_quantum():
    """The bulk writer once rounded partial refunds to 1 rial while the till used the
    toman: both now take ``correction_lines`` with the currency's quantum."""
    line = dict(
        id=1,
        kind="product",
        description="Serum",
        service_id=None,
        product_id=7,
        voucher_id=None,
        staff_id=None,
        qty=3,
        unit_price=33_330,
        tax_rate_bp=1000,
        amount=99_990,
        line_discount=0,
        ticket_discount=0,
        discount_reason="",
        net=90_900,
        tax=9_090,
        total=99_990,
        cost=30_000,
        commission=0,
    )
    (back,) = correction_lines([line], {1: 1}, q=10)
    assert back["total"] == -33_330 and back["tax"] == -3_030 and back["cost"] == -10_000
    assert all(back[f] % 10 == 0 for f in ("total", "tax", "amount", "net", "cost"))
    (rial,) = correction_lines([line], {1: 1}, q=1)
    assert rial["total"] == -33_330  # the same here; the quantum applies to odd shares
    (two,) = correction_lines([dict(line, total=99_995, amount=99_995)], {1: 2}, q=10)
    assert two["total"] == -66_660  # not -66_663


def test_sale_rows_need_no_database():
    """The builders are plain functions of a ticket and the catalog facts."""
    from salon_desktop.domain.posting import Facts, Stamp

    t = TicketDraft(
        lines=[LineDraft(LineKind.SERVICE, " Cut ", 10_000, 1, 2300, 5, service_id=3)],
        payments=[PaymentDraft(PayMethod.CARD, 10_000)],
    )
    rows = sale_rows(
        t,
        compute(t, "PLN"),
        Facts({3: 400}, {}, {5: (1000, 0)}),
        sale_id=42,
        voucher_ids={},
        redeemed=[],
        q=1,
        stamp=Stamp(DAY, dt.datetime(2026, 5, 12, 10), 1),
    )
    (ln,) = rows.lines
    assert ln["sale_id"] == 42 and ln["description"] == "Cut" and ln["cost"] == 400
    assert ln["commission"] == 813  # 10 % of the net 8,130
    assert rows.payments == [
        dict(sale_id=42, method="card", amount=10_000, tendered=0, voucher_id=None)
    ]
    assert rows.stock_moves == [] and rows.account == [] and rows.voucher_moves == []
