"""domain.sale: a ticket's money (lines, discounts, tax, payments) and what validate refuses."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salon_desktop.domain.money import Currency, max_amount, quantum
from salon_desktop.domain.sale import (
    DISCOUNTABLE,
    MAX_QTY,
    Discount,
    DiscountKind,
    InvoiceBuyer,
    LineDraft,
    LineKind,
    PaymentDraft,
    PayMethod,
    TicketDraft,
    TipDraft,
    check_lines,
    check_payments,
    compute,
    refund_share,
    ticket_from_dict,
    ticket_to_dict,
    validate,
)
from salon_desktop.domain.validation import Errors, ValidationError

CURRENCIES = st.sampled_from([Currency.PLN, Currency.IRR, Currency.IRT])
RATES = st.sampled_from([0, 500, 800, 2300])


# -- building tickets --------------------------------------------------------------
def service(
    price: int,
    qty: int = 1,
    rate: int = 0,
    discount: Discount | None = None,
    staff_id: int | None = 1,
) -> LineDraft:
    return LineDraft(
        LineKind.SERVICE,
        "Haircut",
        price,
        qty,
        rate,
        staff_id=staff_id,
        service_id=1,
        discount=discount,
    )


def product(price: int, qty: int = 1, rate: int = 0, discount: Discount | None = None) -> LineDraft:
    return LineDraft(LineKind.PRODUCT, "Shampoo", price, qty, rate, product_id=1, discount=discount)


def voucher(price: int, code: str = "GIFT-1") -> LineDraft:
    return LineDraft(
        LineKind.VOUCHER, "Gift voucher", price, voucher_code=code, expires_on=dt.date(2027, 11, 23)
    )


def account(price: int) -> LineDraft:
    return LineDraft(LineKind.ACCOUNT, "Into account", price)


def pct(bp: int, reason: str = "loyal client") -> Discount:
    return Discount(DiscountKind.PERCENT, bp, reason)


def off(amount: int, reason: str = "loyal client") -> Discount:
    return Discount(DiscountKind.AMOUNT, amount, reason)


def card(amount: int) -> PaymentDraft:
    return PaymentDraft(PayMethod.CARD, amount)


def cash(amount: int, tendered: int = 0) -> PaymentDraft:
    return PaymentDraft(PayMethod.CASH, amount, tendered)


def paid_by_card(ticket: TicketDraft, currency: str = "PLN", net: bool = False) -> TicketDraft:
    due = compute(ticket, currency, net).due
    ticket.payments = [card(due)] if due else []
    return ticket


def refused(ticket: TicketDraft, currency: str = "PLN", net: bool = False) -> list:
    with pytest.raises(ValidationError) as info:
        validate(ticket, currency, net)
    return info.value.errors


def messages(errors) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for e in errors:
        out.setdefault(e.field, []).append(e.message)
    return out


# -- random tickets ------------------------------------------------------------------
@st.composite
def line_discounts(draw, amount: int, q: int):
    choice = draw(st.sampled_from(["none", "none", "percent", "amount"]))
    if choice == "percent":
        return pct(draw(st.integers(1, 10_000)))
    if choice == "amount" and amount >= q:
        return off(draw(st.integers(1, amount // q)) * q)
    return None


@st.composite
def tickets(draw, with_other_lines: bool = True):
    """(ticket, currency, net_pricing): valid and paid exactly, by cash and card."""
    currency = draw(CURRENCIES)
    q = quantum(currency)
    top_units = {Currency.PLN: 500_000, Currency.IRR: 50_000_000, Currency.IRT: 5_000_000}
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        kinds = [LineKind.SERVICE, LineKind.PRODUCT]
        if with_other_lines:
            kinds += [LineKind.VOUCHER, LineKind.ACCOUNT]
        kind = draw(st.sampled_from(kinds))
        rate = draw(RATES)
        if kind in DISCOUNTABLE:
            price = draw(st.integers(0, top_units[currency])) * q
            qty = draw(st.integers(1, 5))
            disc = draw(line_discounts(price * qty, q))
            make = service if kind is LineKind.SERVICE else product
            lines.append(make(price, qty, rate, disc))
        else:
            price = draw(st.integers(1, top_units[currency])) * q
            ln = voucher(price) if kind is LineKind.VOUCHER else account(price)
            ln.tax_rate_bp = rate  # must be ignored
            lines.append(ln)
    ticket = TicketDraft(client_id=7, lines=lines)
    net = draw(st.booleans())
    base = compute(ticket, currency, net)
    left = sum(
        lt.amount - lt.line_discount
        for ln, lt in zip(lines, base.lines, strict=True)
        if ln.kind in DISCOUNTABLE
    )
    choice = draw(st.sampled_from(["none", "percent", "amount"]))
    if choice == "percent":
        ticket.discount = pct(draw(st.integers(1, 10_000)))
    elif choice == "amount" and left >= q:
        ticket.discount = off(draw(st.integers(1, left // q)) * q)
    if draw(st.booleans()):
        ticket.tips = [TipDraft(3, draw(st.integers(0, 1000)) * q)]
    due = compute(ticket, currency, net).due
    in_cash = draw(st.integers(0, due // q)) * q if due else 0
    ticket.payments = []
    if in_cash:
        ticket.payments.append(cash(in_cash, in_cash + draw(st.integers(0, 100)) * q))
    if due - in_cash:
        ticket.payments.append(card(due - in_cash))
    return ticket, currency, net


@given(tickets())
def test_ticket_money_adds_up(drawn):
    ticket, currency, net_pricing = drawn
    q = quantum(currency)
    t = compute(ticket, currency, net_pricing)
    assert len(t.lines) == len(ticket.lines)
    assert sum(lt.total for lt in t.lines) == t.total
    assert sum(lt.net for lt in t.lines) == t.net
    assert sum(lt.tax for lt in t.lines) == t.tax
    assert t.subtotal == sum(ln.qty * ln.unit_price for ln in ticket.lines)
    assert t.discount == sum(lt.line_discount + lt.ticket_discount for lt in t.lines)
    assert t.total == t.subtotal - t.discount + (t.tax if net_pricing else 0)
    assert t.net + t.tax == t.total
    assert t.due == t.total + t.tips
    assert t.paid == t.due and t.remaining == 0
    for value in (t.subtotal, t.discount, t.net, t.tax, t.total, t.due, t.paid, t.change):
        assert value % q == 0
    for ln, lt in zip(ticket.lines, t.lines, strict=True):
        assert lt.amount == ln.qty * ln.unit_price
        for value in (lt.amount, lt.line_discount, lt.ticket_discount, lt.total, lt.net, lt.tax):
            assert value % q == 0
            assert value >= 0
        assert lt.net + lt.tax == lt.total
        assert lt.line_discount + lt.ticket_discount <= lt.amount
        if net_pricing:
            assert lt.net == lt.amount - lt.line_discount - lt.ticket_discount
        else:
            assert lt.total == lt.amount - lt.line_discount - lt.ticket_discount
        if ln.kind not in DISCOUNTABLE:
            assert lt.line_discount == lt.ticket_discount == lt.tax == 0
            assert lt.total == lt.net == lt.amount
        if ln.tax_rate_bp == 0:
            assert lt.tax == 0


@given(tickets())
def test_ticket_discount_shares_sum_to_the_ticket_discount(drawn):
    ticket, currency, net_pricing = drawn
    q = quantum(currency)
    t = compute(ticket, currency, net_pricing)
    shares = [lt.ticket_discount for lt in t.lines]
    after = [
        lt.amount - lt.line_discount if ln.kind in DISCOUNTABLE else 0
        for ln, lt in zip(ticket.lines, t.lines, strict=True)
    ]
    base = sum(after)
    d = ticket.discount
    if d is None or base == 0:
        assert sum(shares) == 0
        return
    expected = (
        min(base, d.value)
        if d.kind is DiscountKind.AMOUNT
        else min(base, int(Fraction(base * d.value, 10_000 * q) + Fraction(1, 2)) * q)
    )
    assert sum(shares) == expected
    for share, a in zip(shares, after, strict=True):
        assert abs(share - Fraction(expected * a, base)) < q  # in proportion, to a quantum


@given(tickets())
def test_a_valid_ticket_validates_to_its_totals(drawn):
    ticket, currency, net_pricing = drawn
    assert validate(ticket, currency, net_pricing) == compute(ticket, currency, net_pricing)


@given(tickets())
def test_open_tickets_survive_json(drawn):
    ticket, _currency, _net = drawn
    ticket.invoice = InvoiceBuyer("Beauty Ltd", "PL1234567890")
    assert ticket_from_dict(ticket_to_dict(ticket)) == ticket


@given(tickets(with_other_lines=False))
def test_tax_summary_by_rate(drawn):
    ticket, currency, net_pricing = drawn
    t = compute(ticket, currency, net_pricing)
    summary = t.tax_by_rate([ln.tax_rate_bp for ln in ticket.lines])
    assert sum(n for n, _ in summary.values()) == t.net
    assert sum(x for _, x in summary.values()) == t.tax


# -- what a salon would check by hand ----------------------------------------------
def test_vat_inside_a_123_zloty_haircut():
    t = compute(TicketDraft(lines=[service(123_00, rate=2300)]), "PLN")
    assert (t.total, t.net, t.tax) == (123_00, 100_00, 23_00)


def test_vat_on_top_under_net_pricing():
    t = compute(TicketDraft(lines=[service(100_00, rate=2300)]), "PLN", net_pricing=True)
    assert (t.total, t.net, t.tax) == (123_00, 100_00, 23_00)


def test_ten_percent_off_three_lines_of_33_33_loses_no_grosz():
    ticket = TicketDraft(lines=[service(33_33), service(33_33), product(33_33)], discount=pct(1000))
    t = compute(ticket, "PLN")
    assert t.subtotal == 99_99
    assert t.discount == 10_00  # 9.999 zł, rounded to the grosz
    assert [lt.ticket_discount for lt in t.lines] == [3_34, 3_33, 3_33]
    assert sum(lt.total for lt in t.lines) == t.total == 89_99


def test_toman_rounding():
    # 15 % of 99,990 rials is 14,998.5 rials: 1,500 tomans, i.e. 15,000 rials.
    t = compute(TicketDraft(lines=[service(99_990, discount=pct(1500))]), "IRT")
    assert t.discount == 15_000
    assert t.total == 84_990
    t = compute(TicketDraft(lines=[service(99_990)], discount=pct(1500)), "IRT")
    assert t.discount == 15_000
    # In rials the same discount is rounded to the rial.
    t = compute(TicketDraft(lines=[service(99_990, discount=pct(1500))]), "IRR")
    assert t.discount == 14_999


def test_toman_tax_is_in_whole_tomans():
    t = compute(TicketDraft(lines=[service(100_000, rate=900)]), "IRT")
    assert t.tax % 10 == 0 and t.tax == 8_260  # 100,000 × 9/109 = 8,256.9 → 8,260
    assert t.net + t.tax == t.total == 100_000


def test_vouchers_and_account_payments_are_not_discounted_or_taxed():
    ticket = TicketDraft(
        client_id=1,
        lines=[service(100_00, rate=2300), voucher(50_00), account(20_00)],
        discount=pct(5000),
    )
    ticket.lines[1].tax_rate_bp = ticket.lines[2].tax_rate_bp = 2300
    t = compute(ticket, "PLN")
    assert [lt.ticket_discount for lt in t.lines] == [50_00, 0, 0]
    assert [lt.tax for lt in t.lines][1:] == [0, 0]
    assert t.total == 50_00 + 50_00 + 20_00


def test_change_is_what_cash_tendered_exceeds_the_cash_paid():
    ticket = TicketDraft(lines=[service(80_00)], payments=[cash(50_00, 100_00), card(30_00)])
    t = validate(ticket, "PLN")
    assert (t.paid, t.change, t.remaining) == (80_00, 50_00, 0)


# -- what validate refuses ------------------------------------------------------------
def test_a_valid_ticket_passes():
    ticket = paid_by_card(
        TicketDraft(lines=[service(50_00), product(20_00, 2, 2300)], discount=pct(1000))
    )
    assert validate(ticket, "PLN").total == 81_00


def test_empty_ticket():
    assert "lines" in messages(refused(TicketDraft()))


def test_negative_price():
    errs = messages(refused(TicketDraft(lines=[service(-1)])))
    assert errs["lines.0"] == ["A price cannot be negative."]


@pytest.mark.parametrize("qty", [0, -1, MAX_QTY + 1, 1000])
def test_quantity_out_of_range(qty):
    errors = refused(paid_by_card(TicketDraft(lines=[product(10_00, qty)])))
    [e] = [e for e in errors if e.field == "lines.0"]
    assert e.message == "Quantity must be between 1 and {max}."
    assert e.params == {"max": MAX_QTY}


@pytest.mark.parametrize("currency", ["PLN", "IRR", "IRT"])
def test_price_too_large(currency):
    top = max_amount(currency)
    assert validate(paid_by_card(TicketDraft(lines=[product(top)]), currency), currency)
    errs = messages(refused(TicketDraft(lines=[product(top + quantum(currency))]), currency))
    assert errs["lines.0"] == ["This amount is too large to be right."]
    errs = messages(
        refused(TicketDraft(lines=[product(top // 2 + quantum(currency), 2)]), currency)
    )
    assert errs["lines.0"] == ["This amount is too large to be right."]


def test_price_finer_than_a_toman():
    errs = messages(refused(paid_by_card(TicketDraft(lines=[product(12_345)]), "IRT"), "IRT"))
    assert errs["lines.0"] == ["The price has more decimals than the currency allows."]


def test_discount_without_a_reason():
    ticket = paid_by_card(
        TicketDraft(lines=[service(100_00, discount=pct(1000, "  "))], discount=off(5_00, ""))
    )
    errs = messages(refused(ticket))
    assert errs["lines.0"] == ["Give a reason for the discount."]
    assert errs["discount"] == ["Give a reason for the discount."]


@pytest.mark.parametrize("bp", [0, -100, 10_001])
def test_percent_discount_out_of_range(bp):
    errs = messages(refused(paid_by_card(TicketDraft(lines=[service(100_00, discount=pct(bp))]))))
    assert errs["lines.0"] == ["A discount is between 0 and 100 %."]


def test_discount_above_the_amount():
    too_much = "A discount cannot be more than the amount it is taken from."
    ticket = paid_by_card(TicketDraft(lines=[product(10_00, 2, discount=off(20_01))]))
    assert messages(refused(ticket))["lines.0"] == [too_much]
    ticket = paid_by_card(TicketDraft(lines=[product(10_00, 2, discount=off(20_00))]))
    assert validate(ticket, "PLN").total == 0
    ticket = paid_by_card(TicketDraft(lines=[service(30_00), voucher(50_00)], discount=off(30_01)))
    assert messages(refused(ticket))["discount"] == [too_much]  # vouchers are not discountable


def test_ticket_discount_counts_from_what_line_discounts_left():
    # 100 zł less 50 zł on the line leaves 50 zł: 80 zł off the ticket is too much.
    ticket = paid_by_card(
        TicketDraft(lines=[product(100_00, discount=off(50_00))], discount=off(80_00))
    )
    errs = messages(refused(ticket))
    assert errs["discount"] == ["A discount cannot be more than the amount it is taken from."]
    ticket = paid_by_card(
        TicketDraft(lines=[product(100_00, discount=pct(5000))], discount=off(50_00))
    )
    assert validate(ticket, "PLN").total == 0


def test_discount_on_a_voucher_line():
    ln = voucher(50_00)
    ln.discount = pct(1000)
    errs = messages(refused(paid_by_card(TicketDraft(lines=[ln]))))
    assert errs["lines.0"] == ["Vouchers and account payments cannot be discounted."]


@pytest.mark.parametrize("paid", [0, 1, 99_99])
def test_payments_not_covering_the_total(paid):
    ticket = TicketDraft(
        lines=[service(100_00)], tips=[TipDraft(1, 10_00)], payments=[card(paid)] if paid else []
    )
    [e] = [e for e in refused(ticket) if e.field == "payments"]
    assert e.message == "The payments do not cover the total: {missing_amount} missing."
    assert e.params == {"missing_amount": 110_00 - paid}


def test_overpayment_by_card():
    ticket = TicketDraft(lines=[service(100_00)], payments=[card(100_01)])
    errs = messages(refused(ticket))
    assert errs["payments"] == [
        "The payments are more than the total: enter the cash handed over as cash tendered."
    ]


def test_cash_tendered_less_than_the_cash_amount():
    ticket = TicketDraft(lines=[service(100_00)], payments=[cash(100_00, 50_00)])
    errs = messages(refused(ticket))
    assert errs["payments.0"] == ["The cash handed over is less than the amount paid in cash."]


def test_only_cash_gives_change():
    ticket = TicketDraft(
        lines=[service(100_00)], payments=[PaymentDraft(PayMethod.CARD, 100_00, tendered=120_00)]
    )
    assert messages(refused(ticket))["payments.0"] == ["Only cash can give change."]


def test_zero_or_negative_payment():
    ticket = TicketDraft(lines=[service(100_00)], payments=[card(100_00), cash(0), cash(-5)])
    errs = messages(refused(ticket))
    assert errs["payments.1"] == errs["payments.2"] == ["Enter an amount above zero."]


def test_walk_in_has_no_account():
    ticket = TicketDraft(
        client_id=None, lines=[service(100_00)], payments=[PaymentDraft(PayMethod.ACCOUNT, 100_00)]
    )
    errs = messages(refused(ticket))
    assert errs["payments.0"] == ["A walk-in has no account: choose the client first."]
    ticket.client_id = 5
    assert validate(ticket, "PLN").total == 100_00
    ticket = paid_by_card(TicketDraft(client_id=None, lines=[account(100_00)]))
    assert messages(refused(ticket))["client"] == ["Choose the client whose account this is."]


def test_voucher_paid_with_a_voucher():
    ticket = TicketDraft(
        lines=[voucher(100_00)],
        payments=[PaymentDraft(PayMethod.VOUCHER, 100_00, voucher_code="OLD")],
    )
    errs = messages(refused(ticket))
    assert errs["payments"] == ["A gift voucher cannot be paid with another voucher."]


def test_voucher_payment_needs_a_code_and_a_sold_voucher_needs_one_too():
    ticket = TicketDraft(
        lines=[voucher(100_00, code=" ")],
        payments=[card(50_00), PaymentDraft(PayMethod.VOUCHER, 50_00)],
    )
    errs = messages(refused(ticket))
    assert errs["lines.0"] == ["The voucher needs a code."]
    assert errs["payments.1"] == ["Enter the voucher's code."]


def test_service_without_staff():
    ticket = paid_by_card(TicketDraft(lines=[service(100_00, staff_id=None)]))
    assert messages(refused(ticket))["lines.0"] == ["Choose who did this service."]


def test_voucher_amount_and_quantity():
    ln = voucher(0)
    errs = messages(refused(TicketDraft(lines=[ln])))
    assert errs["lines.0"] == ["Enter an amount above zero."]
    ln = voucher(10_00)
    ln.qty = 2
    [e] = [e for e in refused(paid_by_card(TicketDraft(lines=[ln]))) if e.field == "lines.0"]
    assert e.params == {"max": 1}


def test_tax_rate_out_of_range():
    ticket = paid_by_card(TicketDraft(lines=[service(100_00, rate=10_001)]))
    assert messages(refused(ticket))["lines.0"] == ["A tax rate is between 0 and 100 %."]


def test_checks_can_be_run_separately():
    ticket = TicketDraft(lines=[service(100_00)], payments=[card(40_00)])
    lines_errors, pay_errors = Errors(), Errors()
    check_lines(ticket, "PLN", lines_errors)
    check_payments(ticket, compute(ticket, "PLN"), "PLN", pay_errors)
    assert lines_errors.errors == []
    assert [e.params for e in pay_errors.errors] == [{"missing_amount": 60_00}]


# -- refunds ------------------------------------------------------------------------
@st.composite
def refund_steps(draw):
    q = draw(st.sampled_from([1, 10]))
    line_qty = draw(st.integers(1, 20))
    total = draw(st.integers(0, 10**9)) * q
    steps, left = [], line_qty
    while left:
        n = draw(st.integers(1, left))
        steps.append(n)
        left -= n
    return q, total, line_qty, steps


@given(refund_steps())
def test_refunding_every_unit_in_any_steps_returns_the_line_total(drawn):
    q, total, line_qty, steps = drawn
    done_qty = done_amount = 0
    for n in steps:
        back = refund_share(total, line_qty, done_qty, n, done_amount, q)
        assert back >= 0
        assert back % q == 0
        done_qty += n
        done_amount += back
        assert abs(done_amount - Fraction(total * done_qty, line_qty)) < q
    assert done_amount == total


@given(refund_steps())
def test_refund_share_without_a_quantum_is_to_the_minor_unit(drawn):
    _q, total, line_qty, steps = drawn
    done_qty = done_amount = 0
    for n in steps:
        done_amount += refund_share(total, line_qty, done_qty, n, done_amount)
        done_qty += n
    assert done_amount == total


def test_refund_examples():
    # 100.00 zł for three units: 33.33, 33.33, then the 33.34 that is left.
    assert refund_share(100_00, 3, 0, 1, 0) == 33_33
    assert refund_share(100_00, 3, 1, 1, 33_33) == 33_33
    assert refund_share(100_00, 3, 2, 1, 66_66) == 33_34
    # 1,000 tomans (10,000 rials) for three: whole tomans each time.
    assert refund_share(10_000, 3, 0, 1, 0, q=10) == 3_330
    assert refund_share(10_000, 3, 1, 2, 3_330, q=10) == 6_670
