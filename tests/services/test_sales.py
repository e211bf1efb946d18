"""Posting, voiding and refunding sales on SQLite and PostgreSQL: one transaction
each, never a partial sale, gap-free receipt numbers, balances kept."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select, text

from salon_desktop.db.models import (
    AccountEntry,
    Sale,
    SaleLine,
    SalePayment,
    SaleTip,
    StockMovement,
)
from salon_desktop.domain.client import ClientDraft
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
from salon_desktop.domain.validation import ValidationError
from salon_desktop.services.context import open_context
from salon_desktop.services.sales import DayClosed, OutOfStock

from .sales_helpers import (
    assert_invariants,
    check_invariants,
    counters,
    counts,
    make_shop,
    pay,
    prod_line,
    set_currency,
    svc_line,
    ten_percent,
)

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def shop(ctx):
    return make_shop(ctx)


def rows(ctx, model, **where):
    with ctx.engine.connect() as conn:
        stmt = select(model)
        for k, v in where.items():
            stmt = stmt.where(getattr(model, k) == v)
        return conn.execute(stmt).all()


def stock(ctx, product) -> int:
    return ctx.catalog.get_product(product.id).stock


def field_messages(exc: ValidationError) -> dict[str, str]:
    return {e.field: e.message for e in exc.errors}


def voucher_line(code: str, value: int, expires: dt.date | None = None) -> LineDraft:
    return LineDraft(LineKind.VOUCHER, "Gift voucher", value, voucher_code=code, expires_on=expires)


# -- posting ------------------------------------------------------------------------
def test_mixed_ticket_writes_every_row_and_stored_totals_equal_recomputed(ctx, shop):
    voucher = voucher_line("SPRING-01", 5_000)
    lines = [
        svc_line(shop, "cut", shop.anna),
        svc_line(shop, "colour", shop.bea),
        prod_line(
            shop, "shampoo", qty=2, discount=Discount(DiscountKind.AMOUNT, 500, "Damaged box")
        ),
        voucher,
    ]
    t = pay(
        ctx,
        lines,
        client=shop.client,
        card=20_000,
        discount=ten_percent(),
        tips=[TipDraft(shop.anna, 1_000), TipDraft(shop.bea, 500)],
        tendered_extra=1_234,
    )
    expected = compute(t, "PLN")
    before = counts(ctx)
    posted = ctx.sales.post(t, shop.desk)
    assert not posted.already_posted
    assert posted.receipt_no == "2026/00001"
    assert posted.total == expected.total and posted.change == 1_234
    after = counts(ctx)
    assert {k: after[k] - before[k] for k in after} == {
        "sales": 1,
        "sale_lines": 4,
        "sale_payments": 2,
        "sale_tips": 2,
        "stock_movements": 1,
        "voucher_movements": 1,
        "account_entries": 0,
        "gift_vouchers": 1,
        "receipt_counters": 1,
    }
    (sale,) = rows(ctx, Sale, id=posted.sale_id)
    assert (sale.subtotal, sale.discount, sale.net, sale.tax, sale.total, sale.tips) == (
        expected.subtotal,
        expected.discount,
        expected.net,
        expected.tax,
        expected.total,
        1_500,
    )
    assert sale.uuid == t.uuid and sale.client_id == shop.client and sale.staff_id == shop.desk
    assert sale.business_date == TODAY and sale.series == "S" and sale.kind == "sale"
    lines_db = sorted(rows(ctx, SaleLine, sale_id=sale.id), key=lambda r: r.position)
    assert [ln.total for ln in lines_db] == [lt.total for lt in expected.lines]
    assert sum(ln.total for ln in lines_db) == sale.total
    assert all(ln.net + ln.tax == ln.total for ln in lines_db)
    # The ticket discount is split over services and products only, not the voucher.
    assert lines_db[3].ticket_discount == 0 and lines_db[3].total == 5_000
    assert sum(ln.ticket_discount for ln in lines_db) + 500 == sale.discount
    assert lines_db[2].cost == 2 * 2_000 and lines_db[0].cost == 500
    pays = rows(ctx, SalePayment, sale_id=sale.id)
    assert sum(p.amount for p in pays) == sale.total + sale.tips
    cash = next(p for p in pays if p.method == "cash")
    assert cash.tendered - cash.amount == 1_234
    assert sorted(t.amount for t in rows(ctx, SaleTip, sale_id=sale.id)) == [500, 1_000]
    assert stock(ctx, shop.shampoo) == 8
    (move,) = rows(ctx, StockMovement, sale_id=sale.id)
    assert (move.qty, move.kind, move.unit_cost) == (-2, "sale", 2_000)
    v = ctx.reader.voucher("spring-01", "PLN")
    assert (v.initial_value, v.balance, v.receipt_no) == (5_000, 5_000, "2026/00001")
    assert v.expires_on == dt.date(2027, 11, 23)  # a year by default
    view = ctx.reader.get(sale.id)
    assert view.total == sale.total and len(view.lines) == 4 and view.tips == 1_500
    assert ctx.reader.by_receipt(" 2026/00001 ").id == sale.id
    assert_invariants(ctx)


def test_posting_twice_is_idempotent(ctx, shop):
    t = pay(ctx, [svc_line(shop), prod_line(shop)], client=shop.client, card=5_000)
    first = ctx.sales.post(t, shop.desk)
    before = counts(ctx)
    again = ctx.sales.post(t, shop.desk)
    assert again.already_posted
    assert (again.sale_id, again.receipt_no, again.total) == (
        first.sale_id,
        first.receipt_no,
        first.total,
    )
    assert counts(ctx) == before
    assert stock(ctx, shop.shampoo) == 9
    assert ctx.sales.posted(t.uuid).sale_id == first.sale_id
    assert ctx.sales.posted("no-such-uuid") is None
    assert ctx.reader.by_uuid(t.uuid).id == first.sale_id


def test_receipt_numbers_are_gap_free_and_corrections_have_their_own_series(ctx, shop):
    nos = [ctx.sales.post(pay(ctx, [svc_line(shop)]), shop.desk).receipt_no for _ in range(3)]
    assert nos == ["2026/00001", "2026/00002", "2026/00003"]
    first = ctx.reader.by_receipt(nos[0]).id
    v = ctx.sales.void(first, "Wrong client", shop.desk)
    assert v.receipt_no == "C2026/00001"
    assert ctx.sales.post(pay(ctx, [svc_line(shop)]), shop.desk).receipt_no == "2026/00004"
    second = ctx.reader.by_receipt(nos[1])
    line = second.lines[0].id
    r = ctx.sales.refund(second.id, {line: 1}, "Unhappy", shop.desk)
    assert r.receipt_no == "C2026/00002"
    assert counters(ctx) == {("S", 2026): 4, ("C", 2026): 2}
    assert_invariants(ctx)


def test_receipt_year_is_jalali_for_a_persian_salon_and_turns_at_nowruz(tmp_path, db_url):
    day = [dt.date(2026, 3, 20)]
    c = open_context(data_dir=tmp_path / "fa", db_url=db_url, today=lambda: day[0])
    try:
        set_currency(c, "IRT", "fa")
        shop = make_shop(c, scale=10)
        nos = [c.sales.post(pay(c, [svc_line(shop)]), shop.desk).receipt_no for _ in range(2)]
        assert nos == ["1404/00001", "1404/00002"]
        day[0] = dt.date(2026, 3, 21)  # 1 Farvardin 1405
        nos = [c.sales.post(pay(c, [svc_line(shop)]), shop.desk).receipt_no for _ in range(2)]
        assert nos == ["1405/00001", "1405/00002"]
        assert (
            c.sales.void(c.reader.by_receipt("1404/00001").id, "Wrong", shop.desk).receipt_no
            == "C1405/00001"
        )
        # Gregorian numbering in the same salon (calendar chosen in the settings).
        c.save_settings(dataclasses.replace(c.salon, calendar="gregorian"))
        assert c.sales.post(pay(c, [svc_line(shop)]), shop.desk).receipt_no == "2026/00001"
        assert counters(c) == {("S", 1404): 2, ("S", 1405): 2, ("C", 1405): 1, ("S", 2026): 1}
        assert_invariants(c)
    finally:
        c.close()


def test_gregorian_year_turns_on_the_first_of_january(tmp_path, db_url):
    day = [dt.date(2026, 12, 31)]
    c = open_context(data_dir=tmp_path / "pl", db_url=db_url, today=lambda: day[0])
    try:
        shop = make_shop(c)
        assert c.sales.post(pay(c, [svc_line(shop)]), shop.desk).receipt_no == "2026/00001"
        day[0] = dt.date(2027, 1, 1)
        assert c.sales.post(pay(c, [svc_line(shop)]), shop.desk).receipt_no == "2027/00001"
        # 20 March 2026 in a Polish salon stays in 2026 (no Jalali year).
        assert not c.salon.uses_jalali()
    finally:
        c.close()


# -- a failed post leaves nothing -----------------------------------------------------------
def _assert_nothing_written(ctx, before, shop, stock_before):
    assert counts(ctx) == before
    assert stock(ctx, shop.shampoo) == stock_before


def test_failed_posts_leave_no_row_and_use_no_receipt_number(ctx, shop):
    ctx.sales.post(pay(ctx, [svc_line(shop)]), shop.desk)
    ctx.sales.post(pay(ctx, [voucher_line("V1", 2_000)]), shop.desk)
    before = counts(ctx)
    # Validation: negative price, absurd quantity, payment short of the total.
    bad = pay(ctx, [svc_line(shop), prod_line(shop)])
    bad.lines[0].unit_price = -100
    bad.lines[1].qty = 5_000
    with pytest.raises(ValidationError) as exc:
        ctx.sales.post(bad, shop.desk)
    assert set(field_messages(exc.value)) >= {"lines.0", "lines.1"}
    short = pay(ctx, [svc_line(shop), prod_line(shop)])
    short.payments[0].amount -= 1
    short.payments[0].tendered -= 1
    with pytest.raises(ValidationError) as exc:
        ctx.sales.post(short, shop.desk)
    err = exc.value.by_field()["payments"]
    assert "do not cover" in err.message and err.params == {"missing_amount": 1}
    # Voucher overdrawn: the voucher holds 2,000.
    over = TicketDraft(
        lines=[prod_line(shop)],
        payments=[
            PaymentDraft(PayMethod.VOUCHER, 2_001, voucher_code="v1"),
            PaymentDraft(PayMethod.CASH, 4_500 - 2_001),
        ],
    )
    with pytest.raises(ValidationError) as exc:
        ctx.sales.post(over, shop.desk)
    assert exc.value.by_field()["payments.0"].params == {"balance_amount": 2_000}
    # Out of stock: 10 on the shelf.
    with pytest.raises(OutOfStock) as oos:
        ctx.sales.post(pay(ctx, [svc_line(shop), prod_line(shop, qty=11)]), shop.desk)
    assert oos.value.items == [("Shampoo", 10, 11)]
    _assert_nothing_written(ctx, before, shop, 10)
    assert ctx.reader.voucher("V1", "PLN").balance == 2_000
    # Day closed.
    ctx.till.close_day(0)
    t = pay(ctx, [svc_line(shop), prod_line(shop)])
    with pytest.raises(DayClosed):
        ctx.sales.post(t, shop.desk)
    after_close = counts(ctx)
    assert after_close == before
    assert ctx.sales.posted(t.uuid) is None
    assert counters(ctx) == {("S", 2026): 2}


def test_out_of_stock_posts_when_the_manager_allows_it(ctx, shop):
    t = pay(ctx, [prod_line(shop, "serum", qty=3), prod_line(shop, "serum", qty=4)])
    with pytest.raises(OutOfStock) as exc:
        ctx.sales.post(t, shop.desk)
    assert exc.value.items == [("Serum", 5, 7)]  # both lines of the product counted
    ctx.sales.post(t, shop.desk, allow_out_of_stock=True)
    assert stock(ctx, shop.serum) == -2
    assert shop.serum.id in {p.id for p in ctx.catalog.low_stock()}
    assert_invariants(ctx)


def test_a_validation_error_is_raised_before_the_day_or_stock_is_looked_at(ctx, shop):
    t = TicketDraft(lines=[], payments=[])
    with pytest.raises(ValidationError) as exc:
        ctx.sales.post(t, shop.desk)
    assert "lines" in exc.value.by_field()


def test_unknown_service_or_product_is_refused(ctx, shop):
    t = pay(ctx, [svc_line(shop), prod_line(shop)])
    t.lines[0].service_id = 99_999
    t.lines[1].product_id = 99_999
    with pytest.raises(ValidationError) as exc:
        ctx.sales.post(t, shop.desk)
    assert set(exc.value.by_field()) == {"lines.0", "lines.1"}
    assert counts(ctx)["sales"] == 0


# -- voids and refunds -----------------------------------------------------------------
def _balances(ctx, shop, code=None):
    out = {
        "shampoo": stock(ctx, shop.shampoo),
        "serum": stock(ctx, shop.serum),
        "account": ctx.reader.balance(shop.client),
    }
    if code:
        out["voucher"] = ctx.reader.voucher(code, "PLN").balance
    return out


def test_void_restores_stock_voucher_account_tips_and_payments(ctx, shop):
    ctx.sales.post(pay(ctx, [voucher_line("GIFT", 10_000)]), shop.desk)
    start = _balances(ctx, shop, "GIFT")
    lines = [svc_line(shop), prod_line(shop, qty=2), prod_line(shop, "serum")]
    t = TicketDraft(
        client_id=shop.client, lines=lines, tips=[TipDraft(shop.anna, 700)], discount=ten_percent()
    )
    due = compute(t, "PLN").due
    t.payments = [
        PaymentDraft(PayMethod.VOUCHER, 6_000, voucher_code=" g i f t "),
        PaymentDraft(PayMethod.ACCOUNT, 5_000),
        PaymentDraft(PayMethod.CARD, 4_000),
        PaymentDraft(PayMethod.CASH, due - 15_000, due - 15_000),
    ]
    posted = ctx.sales.post(t, shop.desk)
    mid = _balances(ctx, shop, "GIFT")
    assert mid == {
        "shampoo": start["shampoo"] - 2,
        "serum": start["serum"] - 1,
        "account": -5_000,
        "voucher": 4_000,
    }
    v = ctx.sales.void(posted.sale_id, "Entered on the wrong client", shop.desk)
    assert v.total == -posted.total
    assert _balances(ctx, shop, "GIFT") == start
    view = ctx.reader.get(v.sale_id)
    assert view.kind == "void" and view.original_sale_id == posted.sale_id
    assert view.reason == "Entered on the wrong client" and view.tips == -700
    assert sorted((p.method, p.amount) for p in view.payments) == sorted(
        (p.method.value, -p.amount) for p in t.payments
    )
    assert [tp.amount for tp in view.tip_lines] == [-700]
    assert all(ln.original_line_id for ln in view.lines)
    assert ctx.reader.get(posted.sale_id).corrections == (("void", "C2026/00001"),)
    assert ctx.reader.refundable(posted.sale_id) == {
        ln.id: 0 for ln in ctx.reader.get(posted.sale_id).lines
    }
    # A second void, a void of the void and a refund after the void are refused.
    before = counts(ctx)
    with pytest.raises(ValidationError, match="already voided"):
        ctx.sales.void(posted.sale_id, "Again", shop.desk)
    with pytest.raises(ValidationError):
        ctx.sales.void(v.sale_id, "Void the void", shop.desk)
    line = ctx.reader.get(posted.sale_id).lines[0].id
    with pytest.raises(ValidationError):
        ctx.sales.refund(posted.sale_id, {line: 1}, "After void", shop.desk)
    assert counts(ctx) == before
    assert [r.voided for r in ctx.reader.day_sales() if r.id == posted.sale_id] == [True]
    assert_invariants(ctx)


def test_void_needs_a_reason_and_an_existing_sale(ctx, shop):
    posted = ctx.sales.post(pay(ctx, [svc_line(shop)]), shop.desk)
    with pytest.raises(ValidationError) as exc:
        ctx.sales.void(posted.sale_id, "   ", shop.desk)
    assert "reason" in exc.value.by_field()
    with pytest.raises(ValidationError):
        ctx.sales.void(99_999, "No such sale", shop.desk)
    assert counts(ctx)["sales"] == 1


def test_void_with_the_same_uuid_twice_posts_once(ctx, shop):
    posted = ctx.sales.post(pay(ctx, [svc_line(shop)]), shop.desk)
    first = ctx.sales.void(posted.sale_id, "Wrong", shop.desk, uuid="void-uuid-1")
    again = ctx.sales.void(posted.sale_id, "Wrong", shop.desk, uuid="void-uuid-1")
    assert again.already_posted and again.sale_id == first.sale_id
    assert counts(ctx)["sales"] == 2


def test_a_voucher_already_used_cannot_be_voided_with_its_sale(ctx, shop):
    sold = ctx.sales.post(pay(ctx, [voucher_line("USED", 3_000)]), shop.desk)
    ctx.sales.post(
        TicketDraft(
            lines=[svc_line(shop)],
            payments=[
                PaymentDraft(PayMethod.VOUCHER, 1_000, voucher_code="used"),
                PaymentDraft(PayMethod.CARD, 9_000),
            ],
        ),
        shop.desk,
    )
    with pytest.raises(ValidationError, match="has been used"):
        ctx.sales.void(sold.sale_id, "Changed mind", shop.desk)
    unused = ctx.sales.post(pay(ctx, [voucher_line("UNUSED", 3_000)]), shop.desk)
    ctx.sales.void(unused.sale_id, "Changed mind", shop.desk)
    assert ctx.reader.voucher("UNUSED", "PLN").balance == 0
    with pytest.raises(ValidationError) as exc:  # a cancelled voucher pays nothing
        ctx.sales.post(
            TicketDraft(
                lines=[svc_line(shop)],
                payments=[
                    PaymentDraft(PayMethod.VOUCHER, 1_000, voucher_code="UNUSED"),
                    PaymentDraft(PayMethod.CARD, 9_000),
                ],
            ),
            shop.desk,
        )
    assert exc.value.by_field()["payments.0"].params == {"balance_amount": 0}
    assert_invariants(ctx)


def test_refund_in_several_steps_gives_back_exactly_the_line_total(ctx, shop):
    t = pay(
        ctx,
        [prod_line(shop, "serum", qty=3), svc_line(shop, "colour")],
        discount=Discount(DiscountKind.AMOUNT, 1_001, "Loyalty card"),
    )
    posted = ctx.sales.post(t, shop.desk)
    view = ctx.reader.get(posted.sale_id)
    serum, colour = view.lines
    assert ctx.reader.refundable(posted.sale_id) == {serum.id: 3, colour.id: 1}
    backs = []
    for n in (1, 1, 1):
        r = ctx.sales.refund(posted.sale_id, {serum.id: n}, "Allergic reaction", shop.desk)
        backs.append(-r.total)
        assert ctx.reader.refundable(posted.sale_id)[serum.id] == 3 - len(backs)
    assert sum(backs) == serum.total
    assert max(backs) - min(backs) <= 1  # spread evenly, no unit lost
    with pytest.raises(ValidationError) as exc:
        ctx.sales.refund(posted.sale_id, {serum.id: 1}, "Once more", shop.desk)
    assert exc.value.by_field()["lines"].params == {"max": 0}
    with pytest.raises(ValidationError) as exc:
        ctx.sales.refund(posted.sale_id, {colour.id: 2}, "Too many", shop.desk)
    assert exc.value.by_field()["lines"].params == {"max": 1}
    # Tax, discounts and cost are given back in full too.
    with ctx.engine.connect() as conn:
        sums = conn.execute(
            text(
                "SELECT sum(tax), sum(ticket_discount), sum(cost), sum(amount), sum(qty) "
                "FROM sale_lines WHERE id = :id OR original_line_id = :id"
            ),
            {"id": serum.id},
        ).one()
    assert tuple(sums) == (0, 0, 0, 0, 0)
    assert stock(ctx, shop.serum) == 5
    # A partly refunded sale cannot be voided as a whole.
    with pytest.raises(ValidationError, match="Part of this sale"):
        ctx.sales.void(posted.sale_id, "Void it", shop.desk)
    ctx.sales.refund(posted.sale_id, {colour.id: 1}, "Redo", shop.desk, PayMethod.CARD)
    assert ctx.reader.refundable(posted.sale_id) == {serum.id: 0, colour.id: 0}
    assert_invariants(ctx)


def test_refund_is_paid_by_the_chosen_method_and_can_go_into_the_account(ctx, shop):
    posted = ctx.sales.post(
        pay(ctx, [svc_line(shop), prod_line(shop)], client=shop.client), shop.desk
    )
    product_line = ctx.reader.get(posted.sale_id).lines[1]
    r = ctx.sales.refund(
        posted.sale_id, {product_line.id: 1}, "Wrong shade", shop.desk, PayMethod.ACCOUNT
    )
    assert r.total == -4_500
    assert ctx.reader.balance(shop.client) == 4_500
    view = ctx.reader.get(r.sale_id)
    assert [(p.method, p.amount) for p in view.payments] == [("account", -4_500)]
    assert view.kind == "refund" and view.tips == 0
    walk_in = ctx.sales.post(pay(ctx, [svc_line(shop), prod_line(shop)]), shop.desk)
    line = ctx.reader.get(walk_in.sale_id).lines[1].id
    for method in (PayMethod.ACCOUNT, PayMethod.VOUCHER):
        with pytest.raises(ValidationError):
            ctx.sales.refund(walk_in.sale_id, {line: 1}, "No account", shop.desk, method)
    with pytest.raises(ValidationError, match="Choose what"):
        ctx.sales.refund(walk_in.sale_id, {line: 0}, "Nothing", shop.desk)
    with pytest.raises(ValidationError, match="not on the sale"):
        ctx.sales.refund(walk_in.sale_id, {123_456: 1}, "Other sale", shop.desk)
    assert_invariants(ctx)


def test_vouchers_and_account_lines_are_not_refunded_line_by_line(ctx, shop):
    posted = ctx.sales.post(
        pay(ctx, [voucher_line("X1", 1_000), svc_line(shop)], client=shop.client), shop.desk
    )
    vline = ctx.reader.get(posted.sale_id).lines[0].id
    with pytest.raises(ValidationError, match="voiding"):
        ctx.sales.refund(posted.sale_id, {vline: 1}, "Return voucher", shop.desk)
    assert vline not in ctx.reader.refundable(posted.sale_id)


# -- vouchers --------------------------------------------------------------------------
def test_voucher_sold_redeemed_in_part_then_balance(ctx, shop):
    code = ctx.sales.new_voucher_code()
    assert len(code) == 8 and code.isupper() and not set(code) & set("01IO")
    ctx.sales.post(pay(ctx, [voucher_line(code.lower(), 15_000)], client=shop.client), shop.desk)
    spaced = " ".join(code[i : i + 4] for i in (0, 4)).lower()
    ctx.sales.post(
        TicketDraft(
            lines=[svc_line(shop)],
            payments=[PaymentDraft(PayMethod.VOUCHER, 10_000, voucher_code=spaced)],
        ),
        shop.desk,
    )
    v = ctx.reader.voucher(spaced, "PLN")
    assert (v.initial_value, v.balance) == (15_000, 5_000)
    assert [m[2] for m in v.movements] == [15_000, -10_000]
    # Two payments on one voucher in one ticket cannot together overdraw it.
    t = TicketDraft(
        lines=[svc_line(shop)],
        payments=[
            PaymentDraft(PayMethod.VOUCHER, 3_000, voucher_code=code),
            PaymentDraft(PayMethod.VOUCHER, 3_000, voucher_code=code),
            PaymentDraft(PayMethod.CARD, 4_000),
        ],
    )
    with pytest.raises(ValidationError) as exc:
        ctx.sales.post(t, shop.desk)
    assert exc.value.by_field()["payments.1"].params == {"balance_amount": 5_000}
    ctx.sales.post(
        TicketDraft(
            lines=[svc_line(shop)],
            payments=[
                PaymentDraft(PayMethod.VOUCHER, 5_000, voucher_code=code),
                PaymentDraft(PayMethod.CARD, 5_000),
            ],
        ),
        shop.desk,
    )
    assert ctx.reader.voucher(code, "PLN").balance == 0
    assert ctx.reader.voucher("NOPE", "PLN") is None
    assert_invariants(ctx)


def test_voucher_codes_are_unique_and_expired_vouchers_are_refused(ctx, shop):
    ctx.sales.post(pay(ctx, [voucher_line("OLD", 5_000, TODAY - dt.timedelta(days=1))]), shop.desk)
    ctx.sales.post(pay(ctx, [voucher_line("LAST-DAY", 5_000, TODAY)]), shop.desk)
    with pytest.raises(ValidationError, match="already exists"):
        ctx.sales.post(pay(ctx, [voucher_line(" o l d ", 1_000)]), shop.desk)
    with pytest.raises(ValidationError, match="already exists"):
        ctx.sales.post(
            pay(ctx, [voucher_line("NEW", 1_000), voucher_line("new", 1_000)]), shop.desk
        )
    expired = TicketDraft(
        lines=[svc_line(shop)],
        payments=[
            PaymentDraft(PayMethod.VOUCHER, 1_000, voucher_code="old"),
            PaymentDraft(PayMethod.CARD, 9_000),
        ],
    )
    with pytest.raises(ValidationError) as exc:
        ctx.sales.post(expired, shop.desk)
    err = exc.value.by_field()["payments.0"]
    assert "expired" in err.message and err.params == {"day": TODAY - dt.timedelta(days=1)}
    unknown = dataclasses.replace(
        expired,
        uuid="u-unknown",
        payments=[
            PaymentDraft(PayMethod.VOUCHER, 1_000, voucher_code="NOSUCH"),
            PaymentDraft(PayMethod.CARD, 9_000),
        ],
    )
    with pytest.raises(ValidationError, match="No gift voucher"):
        ctx.sales.post(unknown, shop.desk)
    valid = dataclasses.replace(
        expired,
        uuid="u-last-day",
        payments=[
            PaymentDraft(PayMethod.VOUCHER, 1_000, voucher_code="last-day"),
            PaymentDraft(PayMethod.CARD, 9_000),
        ],
    )
    ctx.sales.post(valid, shop.desk)  # valid through its expiry day
    assert ctx.reader.voucher("LAST-DAY", "PLN").balance == 4_000
    assert counts(ctx)["gift_vouchers"] == 2


# -- the client's account --------------------------------------------------------------
def test_account_charge_leaves_a_debt_settled_later_and_the_statement_runs(ctx, shop):
    t = TicketDraft(
        client_id=shop.client,
        lines=[svc_line(shop, "colour")],
        payments=[
            PaymentDraft(PayMethod.CASH, 10_000, 10_000),
            PaymentDraft(PayMethod.ACCOUNT, 14_999),
        ],
    )
    ctx.sales.post(t, shop.desk)
    assert ctx.reader.balance(shop.client) == -14_999
    settle = TicketDraft(
        client_id=shop.client,
        lines=[LineDraft(LineKind.ACCOUNT, "Settling the balance", 14_999)],
        payments=[PaymentDraft(PayMethod.CARD, 14_999)],
    )
    ctx.sales.post(settle, shop.desk)
    assert ctx.reader.balance(shop.client) == 0
    prepaid = TicketDraft(
        client_id=shop.client,
        lines=[LineDraft(LineKind.ACCOUNT, "Prepaid", 20_000)],
        payments=[PaymentDraft(PayMethod.CASH, 20_000, 20_000)],
    )
    ctx.sales.post(prepaid, shop.desk)
    ctx.sales.post(
        TicketDraft(
            client_id=shop.client,
            lines=[svc_line(shop)],
            payments=[PaymentDraft(PayMethod.ACCOUNT, 10_000)],
        ),
        shop.desk,
    )
    stmt = ctx.reader.statement(shop.client, "PLN")
    assert [e.amount for e in stmt.entries] == [-14_999, 14_999, 20_000, -10_000]
    assert [e.balance for e in stmt.entries] == [-14_999, 0, 20_000, 10_000]
    assert stmt.closing_balance == 10_000 == ctx.reader.balance(shop.client)
    assert [e.receipt_no for e in stmt.entries] == [
        "2026/00001",
        "2026/00002",
        "2026/00003",
        "2026/00004",
    ]
    # Account money is not "spent" twice in the client's figures.
    _visits, fig = ctx.reader.history(shop.client)
    assert fig.total_spent == 24_999 + 10_000
    assert fig.account_balance == 10_000
    # A walk-in has no account; an account line needs a client.
    walk = TicketDraft(
        lines=[LineDraft(LineKind.ACCOUNT, "Prepaid", 1_000)],
        payments=[PaymentDraft(PayMethod.CASH, 1_000)],
    )
    with pytest.raises(ValidationError) as exc:
        ctx.sales.post(walk, shop.desk)
    assert "client" in exc.value.by_field()
    assert_invariants(ctx)


def test_statement_between_dates_has_an_opening_balance(tmp_path, db_url):
    day = [dt.date(2026, 10, 1)]
    c = open_context(data_dir=tmp_path / "st", db_url=db_url, today=lambda: day[0])
    try:
        shop = make_shop(c)
        for d, amount in ((dt.date(2026, 10, 1), 5_000), (dt.date(2026, 10, 20), 3_000)):
            day[0] = d
            c.sales.post(
                TicketDraft(
                    client_id=shop.client,
                    lines=[LineDraft(LineKind.ACCOUNT, "Prepaid", amount)],
                    payments=[PaymentDraft(PayMethod.CARD, amount)],
                ),
                shop.desk,
            )
        # Entries are dated by their posting time (now), so only check the totals.
        stmt = c.reader.statement(shop.client, "PLN", dt.date(1990, 1, 1), dt.date(2100, 1, 1))
        assert (stmt.opening_balance, stmt.closing_balance) == (0, 8_000)
        later = c.reader.statement(shop.client, "PLN", dt.date(2100, 1, 1))
        assert (later.opening_balance, later.entries, later.closing_balance) == (8_000, (), 8_000)
    finally:
        c.close()


def test_void_of_account_movements_restores_the_balance(ctx, shop):
    charge = ctx.sales.post(
        TicketDraft(
            client_id=shop.client,
            lines=[svc_line(shop)],
            payments=[PaymentDraft(PayMethod.ACCOUNT, 10_000)],
        ),
        shop.desk,
    )
    prepaid = ctx.sales.post(
        TicketDraft(
            client_id=shop.client,
            lines=[LineDraft(LineKind.ACCOUNT, "Prepaid", 3_000)],
            payments=[PaymentDraft(PayMethod.CASH, 3_000)],
        ),
        shop.desk,
    )
    assert ctx.reader.balance(shop.client) == -7_000
    ctx.sales.void(prepaid.sale_id, "Typed wrong amount", shop.desk)
    assert ctx.reader.balance(shop.client) == -10_000
    ctx.sales.void(charge.sale_id, "Wrong client", shop.desk)
    assert ctx.reader.balance(shop.client) == 0
    stmt = ctx.reader.statement(shop.client, "PLN")
    assert [e.amount for e in stmt.entries] == [-10_000, 3_000, -3_000, 10_000]
    assert stmt.entries[-1].description.startswith("Correction")
    assert_invariants(ctx)


# -- merged clients and the client's history -------------------------------------------------
def test_merge_keeps_posted_sales_and_history_shows_both_files(ctx, shop):
    other = ctx.clients.create(
        ClientDraft(first_name="Zahra", last_name="Ahmadi-2"), shop.desk, allow_duplicate=True
    )
    a = ctx.sales.post(
        TicketDraft(
            client_id=shop.client,
            lines=[svc_line(shop)],
            payments=[PaymentDraft(PayMethod.ACCOUNT, 10_000)],
        ),
        shop.desk,
    )
    b = ctx.sales.post(
        TicketDraft(
            client_id=other,
            lines=[svc_line(shop, "colour")],
            payments=[PaymentDraft(PayMethod.CARD, 20_000), PaymentDraft(PayMethod.ACCOUNT, 4_999)],
        ),
        shop.desk,
    )
    ctx.clients.merge(shop.client, other, shop.desk)
    with ctx.engine.connect() as conn:
        owners = dict(conn.execute(select(Sale.id, Sale.client_id)).all())
        entry_owners = sorted(conn.execute(select(AccountEntry.client_id)).scalars())
    assert owners == {a.sale_id: shop.client, b.sale_id: other}  # not rewritten
    assert entry_owners == sorted([shop.client, other])
    visits, fig = ctx.reader.history(shop.client)
    assert {v.sale_id for v in visits} == {a.sale_id, b.sale_id}
    assert fig.account_balance == -14_999 == ctx.reader.balance(shop.client)
    assert fig.total_spent == 10_000 + 24_999
    stmt = ctx.reader.statement(shop.client, "PLN")
    assert stmt.closing_balance == -14_999 and len(stmt.entries) == 2
    # A void of the merged file's sale is booked on the merged file and shows too.
    v = ctx.sales.void(b.sale_id, "Double booking", shop.desk)
    assert ctx.reader.get(v.sale_id).client_id == other
    assert ctx.reader.balance(shop.client) == -10_000
    assert ctx.reader.last_visit_lines(shop.client)[0].service_id == shop.cut.id


def test_client_figures_visits_average_interval_and_corrections(tmp_path, db_url):
    day = [dt.date(2026, 1, 10)]
    c = open_context(data_dir=tmp_path / "h", db_url=db_url, today=lambda: day[0])
    try:
        shop = make_shop(c)
        sale_ids = []
        for d in (
            dt.date(2026, 1, 10),
            dt.date(2026, 2, 7),
            dt.date(2026, 3, 21),
            dt.date(2026, 4, 18),
            dt.date(2026, 5, 2),
        ):
            day[0] = d
            sale_ids.append(
                c.sales.post(
                    pay(c, [svc_line(shop), prod_line(shop)], client=shop.client), shop.desk
                ).sale_id
            )
        c.clients.add_formula(shop.client, dt.date(2026, 3, 21), "6/0 + 3%", shop.bea, shop.desk)
        day[0] = dt.date(2026, 5, 2)
        # The last visit is voided entirely; one product of the first one refunded.
        c.sales.void(sale_ids[-1], "Mistake", shop.desk)
        first = c.reader.get(sale_ids[0])
        c.sales.refund(sale_ids[0], {first.lines[1].id: 1}, "Returned", shop.desk)
        visits, fig = c.reader.history(shop.client)
        assert len(visits) == 7 and visits[0].kind in ("void", "refund")
        assert fig.visits == 4
        assert fig.total_spent == 4 * 14_500 - 4_500
        assert fig.average_ticket == (4 * 14_500 - 4_500) // 4
        assert (fig.first_visit, fig.last_visit) == (dt.date(2026, 1, 10), dt.date(2026, 4, 18))
        # Gaps 28, 42, 28 days: the median is 28.
        assert fig.usual_interval_days == 28
        by_id = {v.sale_id: v for v in visits}
        assert by_id[sale_ids[-1]].corrected and by_id[sale_ids[0]].corrected
        assert by_id[sale_ids[2]].formula == "6/0 + 3%"
        assert by_id[sale_ids[1]].services == ("Cut",)
        assert by_id[sale_ids[1]].products == ("Shampoo",)
        assert by_id[sale_ids[1]].staff == ("Anna Stylist",)
        # "Repeat last visit" skips the voided sale and prices as today.
        c.catalog.save_service(dataclasses.replace(shop.cut, price=11_000), shop.desk)
        (line,) = c.reader.last_visit_lines(shop.client)
        assert (line.service_id, line.unit_price, line.staff_id) == (shop.cut.id, 11_000, shop.anna)
        assert (
            c.reader.history(c.clients.create(ClientDraft(first_name="New"), None))[1].visits == 0
        )
    finally:
        c.close()


def test_last_visit_lines_keeps_an_inactive_service_at_its_old_price(ctx, shop):
    assert ctx.reader.last_visit_lines(shop.client) == []
    ctx.sales.post(
        pay(ctx, [svc_line(shop, "colour", shop.bea), prod_line(shop)], client=shop.client),
        shop.desk,
    )
    ctx.catalog.save_service(dataclasses.replace(shop.colour, active=False, price=1), shop.desk)
    ctx.staff.update(shop.bea, "Bea Colourist", "stylist", False, shop.desk)
    (line,) = ctx.reader.last_visit_lines(shop.client)
    assert (line.description, line.unit_price, line.service_id, line.staff_id) == (
        "Colour",
        24_999,
        None,
        None,
    )


# -- open tickets ------------------------------------------------------------------------
def test_open_tickets_save_list_load_discard_and_posting_deletes(ctx, shop):
    t1 = TicketDraft(
        client_id=shop.client,
        lines=[svc_line(shop), voucher_line("K1", 1_000, dt.date(2027, 1, 1))],
        discount=ten_percent(),
        note="Parked",
    )
    t2 = TicketDraft(lines=[prod_line(shop)])
    ctx.tickets.save(t1, "Zahra Ahmadi")
    ctx.tickets.save(t2, "Walk-in")
    ctx.tickets.save(t2, "Walk-in 2")  # saved again: updated, not doubled
    listed = ctx.tickets.list()
    assert [(r.uuid, r.label, r.lines) for r in listed] == [
        (t1.uuid, "Zahra Ahmadi", 2),
        (t2.uuid, "Walk-in 2", 1),
    ]
    assert ctx.tickets.load(t1.uuid) == t1
    assert ctx.tickets.load("nope") is None
    ctx.tickets.discard(t2.uuid)
    assert [r.uuid for r in ctx.tickets.list()] == [t1.uuid]
    t1.payments = [PaymentDraft(PayMethod.CARD, compute(t1, "PLN").due)]
    ctx.sales.post(t1, shop.desk)
    assert ctx.tickets.list() == []
    # A failed post keeps the parked ticket.
    t3 = pay(ctx, [prod_line(shop, qty=50)])
    ctx.tickets.save(t3, "Big order")
    with pytest.raises(OutOfStock):
        ctx.sales.post(t3, shop.desk)
    assert [r.uuid for r in ctx.tickets.list()] == [t3.uuid]


# -- money in Toman -------------------------------------------------------------------
def test_toman_salon_posts_in_rials_with_no_unit_lost(tmp_path, db_url):
    c = open_context(data_dir=tmp_path / "irt", db_url=db_url, today=lambda: TODAY)
    try:
        set_currency(c, "IRT", "fa")
        shop = make_shop(c, scale=10)
        t = pay(
            c,
            [svc_line(shop), svc_line(shop, "colour"), prod_line(shop, "serum")],
            discount=Discount(DiscountKind.PERCENT, 333, "Nowruz"),
        )
        totals = compute(t, "IRT")
        assert all(lt.total % 10 == 0 and lt.ticket_discount % 10 == 0 for lt in totals.lines)
        posted = c.sales.post(t, shop.desk)
        assert posted.receipt_no == "1405/00001"  # 23 Nov 2026 is in 1405
        serum = c.reader.get(posted.sale_id).lines[2]
        r = c.sales.refund(posted.sale_id, {serum.id: 1}, "Returned", shop.desk)
        assert r.total == -serum.total and r.total % 10 == 0
        bad = pay(c, [svc_line(shop)])
        bad.lines[0].unit_price = 100_005
        with pytest.raises(ValidationError, match="decimals"):
            c.sales.post(bad, shop.desk)
        assert_invariants(c)
    finally:
        c.close()


def test_a_voucher_code_longer_than_the_column_is_refused_with_a_message(ctx, shop):
    with pytest.raises(ValidationError) as exc:
        ctx.sales.post(pay(ctx, [voucher_line("A" * 41, 1_000)]), shop.desk)
    assert exc.value.by_field()["lines.0"].params == {"max": 40}
    ctx.sales.post(pay(ctx, [voucher_line("A" * 40, 1_000)]), shop.desk)
    assert counts(ctx)["gift_vouchers"] == 1


def test_sums_of_money_are_ints_on_every_database(ctx, shop):
    """PostgreSQL sums BIGINT as NUMERIC: the figures must not come back as Decimal."""
    ctx.sales.post(
        TicketDraft(
            client_id=shop.client,
            lines=[svc_line(shop)],
            payments=[PaymentDraft(PayMethod.ACCOUNT, 10_000)],
            tips=[],
        ),
        shop.desk,
    )
    ctx.sales.post(pay(ctx, [svc_line(shop)], tips=[TipDraft(shop.anna, 100)]), shop.desk)
    report = ctx.till.report()
    earned = ctx.till.earnings(TODAY, TODAY)
    values = [
        ctx.reader.balance(shop.client),
        ctx.reader.history(shop.client)[1].account_balance,
        report.expected_cash,
        report.sales_total,
        report.discounts,
        *[v for _m, v in report.by_method],
        *[v for _n, v in report.tips_by_staff],
        *[x for e in earned for x in (e.services_net, e.products_net, e.commission, e.tips)],
    ]
    assert [type(v) for v in values] == [int] * len(values)


def test_the_invariant_checker_sees_a_partial_sale_and_a_gap(sqlite_ctx):
    """The crash and property tests rely on check_invariants: show it can fail."""
    ctx = sqlite_ctx
    shop = make_shop(ctx)
    ctx.sales.post(pay(ctx, [svc_line(shop), prod_line(shop)]), shop.desk)
    assert_invariants(ctx)
    with ctx.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO sales (uuid, kind, series, year, number, receipt_no, business_date,"
                " posted_at, reason, currency, net_pricing, subtotal, discount, discount_reason,"
                " net, tax, total, tips, change_given, note, buyer_name, buyer_tax_id,"
                " buyer_address) VALUES ('partial', 'sale', 'S', 2026, 3, '2026/00003',"
                " '2026-11-23', '2026-11-23 10:00:00', '', 'PLN', 0, 100, 0, '', 100, 0, 100, 0,"
                " 0, '', '', '', '')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO stock_movements (product_id, at, qty, kind, reason,"
                " unit_cost) VALUES (:p, '2026-11-23', -1, 'sale', '', 0)"
            ),
            {"p": shop.shampoo.id},
        )
    with ctx.engine.connect() as conn:
        problems = " | ".join(check_invariants(conn))
    for expected in (
        "has no lines",
        "has no payments",
        "payments 0 != total 100",
        "product",
        "series S2026",
    ):
        assert expected in problems


def test_a_receipt_is_found_as_typed_from_the_paper(ctx):
    shop = make_shop(ctx)
    posted = ctx.sales.post(pay(ctx, [svc_line(shop)]), shop.desk)
    year, number = posted.receipt_no.split("/")
    persian = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    for typed in (
        posted.receipt_no,
        f" {year}/{int(number)} ",
        f"{year}-{number}",
        f"{year}/{int(number)}".translate(persian),
    ):
        assert ctx.reader.by_receipt(typed).id == posted.sale_id, typed
    assert ctx.reader.by_receipt(f"{year}/{int(number) + 1}") is None
    assert ctx.reader.by_receipt("nonsense") is None
    row = ctx.reader.row(posted.sale_id)
    assert (row.receipt_no, row.kind, row.total, row.voided) == (
        posted.receipt_no,
        "sale",
        posted.total,
        False,
    )


def test_repeat_last_visit_skips_what_was_given_back(ctx):
    shop = make_shop(ctx)
    first = ctx.sales.post(pay(ctx, [svc_line(shop, "colour")], client=shop.client), shop.desk)
    second = ctx.sales.post(pay(ctx, [svc_line(shop, qty=2)], client=shop.client), shop.desk)
    cut_line = ctx.reader.get(second.sale_id).lines[0]
    ctx.sales.refund(second.sale_id, {cut_line.id: 1}, "Only one was done", shop.desk)
    (line,) = ctx.reader.last_visit_lines(shop.client)
    assert (line.service_id, line.qty) == (shop.cut.id, 1)  # the one not given back
    ctx.sales.refund(second.sale_id, {cut_line.id: 1}, "Neither, in fact", shop.desk)
    (line,) = ctx.reader.last_visit_lines(shop.client)  # the visit before, then
    assert line.service_id == shop.colour.id
    assert ctx.reader.get(first.sale_id).lines[0].service_id == shop.colour.id
