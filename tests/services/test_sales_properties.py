"""Random tickets posted, then random refunds and voids: the money in the database
always adds up (SQLite and PostgreSQL)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
from salon_desktop.services.sales import OutOfStock

from .sales_helpers import check_invariants, counts, make_shop, prod_line, svc_line

EXAMPLES = min(settings().max_examples, 30)
_codes = itertools.count(1)

discounts = st.one_of(
    st.none(),
    st.builds(Discount, st.just(DiscountKind.PERCENT), st.integers(1, 10_000), st.just("Promo")),
    st.builds(Discount, st.just(DiscountKind.AMOUNT), st.integers(1, 3_000), st.just("Promo")),
)


@st.composite
def tickets(draw, shop, vouchers: list[str]):
    client = draw(st.sampled_from([None, shop.client]))
    lines = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["cut", "colour", "shampoo", "serum", "voucher", "account"]))
        if kind in ("cut", "colour"):
            lines.append(
                svc_line(
                    shop,
                    kind,
                    draw(st.sampled_from([shop.anna, shop.bea])),
                    draw(st.integers(1, 2)),
                    draw(discounts),
                )
            )
        elif kind in ("shampoo", "serum"):
            lines.append(
                prod_line(
                    shop,
                    kind,
                    draw(st.integers(1, 4)),
                    draw(st.sampled_from([None, shop.anna])),
                    draw(discounts),
                )
            )
        elif kind == "voucher":
            lines.append(
                LineDraft(
                    LineKind.VOUCHER,
                    "Voucher",
                    draw(st.integers(1, 50)) * 100,
                    voucher_code=f"P{next(_codes)}",
                )
            )
        elif client is not None:
            lines.append(LineDraft(LineKind.ACCOUNT, "Prepaid", draw(st.integers(1, 20_000))))
    if not lines:
        lines.append(svc_line(shop))
    tips = [TipDraft(shop.anna, draw(st.integers(0, 2_000)))] if draw(st.booleans()) else []
    t = TicketDraft(client_id=client, lines=lines, tips=tips, discount=draw(discounts))
    due = compute(t, "PLN").due
    methods = [PayMethod.CASH, PayMethod.CARD]
    if client is not None:
        methods.append(PayMethod.ACCOUNT)
    if vouchers and not any(ln.kind is LineKind.VOUCHER for ln in lines):
        methods.append(PayMethod.VOUCHER)
    left = due
    while left > 0:
        m = draw(st.sampled_from(methods))
        split = len(t.payments) < 3 and draw(st.booleans())
        amount = draw(st.integers(1, left)) if split else left
        code = draw(st.sampled_from(vouchers)) if m is PayMethod.VOUCHER else ""
        tendered = amount + draw(st.sampled_from([0, 0, 50, 1_000])) if m is PayMethod.CASH else 0
        t.payments.append(PaymentDraft(m, amount, tendered, code))
        left -= amount
    return t


@pytest.fixture
def shop(ctx):
    return make_shop(ctx)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_sales_refunds_and_voids_keep_the_books_balanced(ctx, shop, data):
    # Each example starts from the same shelf and uses only the vouchers it sold, so
    # what hypothesis draws does not depend on the examples before it.
    ctx.catalog.adjust(shop.shampoo.id, 6, "Example start")
    ctx.catalog.adjust(shop.serum.id, 3, "Example start")
    posted: list[int] = []
    vouchers: list[str] = []
    for _ in range(data.draw(st.integers(1, 4), label="tickets")):
        t = data.draw(tickets(shop, vouchers))
        before = counts(ctx)
        try:
            p = ctx.sales.post(t, shop.desk, allow_out_of_stock=data.draw(st.booleans()))
        except (ValidationError, OutOfStock):
            assert counts(ctx) == before  # refused: nothing written
            continue
        stored = ctx.reader.get(p.sale_id)
        assert stored.total == compute(t, "PLN").total
        posted.append(p.sale_id)
        vouchers += [ln.voucher_code for ln in t.lines if ln.kind is LineKind.VOUCHER]
    for _ in range(data.draw(st.integers(0, 4), label="corrections")):
        if not posted:
            break
        sale_id = data.draw(st.sampled_from(posted))
        before = counts(ctx)
        try:
            if data.draw(st.booleans()):
                ctx.sales.void(sale_id, "Random void", shop.desk)
            else:
                left = ctx.reader.refundable(sale_id)
                if not left:
                    continue
                line = data.draw(st.sampled_from(sorted(left)))
                qty = data.draw(st.integers(1, left[line] + 1))
                method = data.draw(
                    st.sampled_from([PayMethod.CASH, PayMethod.CARD, PayMethod.ACCOUNT])
                )
                r = ctx.sales.refund(sale_id, {line: qty}, "Random refund", shop.desk, method)
                assert qty <= left[line] and r.total <= 0
        except ValidationError:
            assert counts(ctx) == before
    with ctx.engine.connect() as conn:
        assert check_invariants(conn) == []
