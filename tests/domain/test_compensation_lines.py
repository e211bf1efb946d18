"""Lines that give a complaint's compensation: discounted in full whatever their
price (a voucher given at zero keeps its value; a free redo is worth what it cost
the salon), and a void of a voucher given at zero takes its whole value back."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from salon_desktop.domain.posting import Stamp, correction_lines, correction_rows
from salon_desktop.domain.sale import (
    Discount,
    DiscountKind,
    LineDraft,
    LineKind,
    TicketDraft,
    check_lines,
    compute,
    validate,
)
from salon_desktop.domain.validation import Errors

FULL = Discount(DiscountKind.PERCENT, 10_000, "Complaint CMPL-1")
values = st.integers(1, 10_000_000)


@given(values, st.sampled_from(["PLN", "EUR", "IRR"]))
def test_a_voucher_given_costs_nothing_and_keeps_its_value(value, currency):
    q = 100 if currency == "IRR" else 1
    value *= q
    line = LineDraft(LineKind.VOUCHER, "Gift voucher", value, voucher_code="X", benefit_id=1)
    line.discount = FULL
    ticket = TicketDraft(client_id=1, lines=[line])
    totals = validate(ticket, currency)  # nothing to pay: no payment needed
    [lt] = totals.lines
    assert (lt.amount, lt.line_discount, lt.total, totals.due) == (value, value, 0, 0)


def test_only_a_compensation_voucher_takes_a_discount():
    line = LineDraft(LineKind.VOUCHER, "Gift voucher", 5000, voucher_code="X", discount=FULL)
    errors = Errors()
    check_lines(TicketDraft(lines=[line]), "PLN", errors)
    assert [e.field for e in errors.errors] == ["lines.0"]


@given(values, st.integers(1, 3), st.integers(0, 10_000))
def test_a_free_redo_is_discounted_in_full_beside_a_ticket_discount(price, qty, bp):
    redo = LineDraft(LineKind.SERVICE, "Colour", price, 1, 2300, staff_id=1, service_id=1)
    redo.discount, redo.benefit_id = FULL, 1
    other = LineDraft(LineKind.SERVICE, "Cut", price, qty, 2300, staff_id=1, service_id=2)
    ticket = TicketDraft(
        client_id=1, lines=[redo, other], discount=Discount(DiscountKind.PERCENT, bp, "r")
    )
    t = compute(ticket, "PLN")
    assert (t.lines[0].line_discount, t.lines[0].ticket_discount, t.lines[0].total) == (
        price,
        0,
        0,
    )
    assert t.total == t.lines[1].total


@given(values)
def test_voiding_a_voucher_given_at_zero_takes_its_value_back(value):
    posted = dict(
        id=7,
        kind="voucher",
        description="Gift voucher",
        service_id=None,
        product_id=None,
        voucher_id=3,
        staff_id=None,
        qty=1,
        unit_price=value,
        tax_rate_bp=0,
        amount=value,
        line_discount=value,
        ticket_discount=0,
        discount_reason="Complaint CMPL-1",
        total=0,
        tax=0,
        cost=0,
        commission=0,
    )
    rows = correction_lines([posted], {7: 1}, 1)
    out = correction_rows(
        dict(client_id=1, tips=0),
        [posted],
        rows,
        [],
        [],
        sale_id=9,
        void=True,
        reason="mistake",
        stamp=Stamp(dt.date(2026, 11, 23), dt.datetime(2026, 11, 23, 12), None),
    )
    assert out.voucher_deltas == [(3, -value)]
    assert rows[0]["total"] == 0
