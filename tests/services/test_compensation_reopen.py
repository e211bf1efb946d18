"""Reopening a complaint whose compensation still waits for the client's next ticket
withdraws it (the checkout no longer offers it, a ticket naming it is refused, the
history says so); what was given stays given; resolving again compensates anew.
On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from salon_desktop.domain.complaints import Compensation, State, Step
from salon_desktop.domain.validation import ValidationError
from tests.services.sales_helpers import check_invariants, counts, pay, svc_line
from tests.services.test_compensations import comp_rows, day, resolve, salon  # noqa: F401


def reopen(ctx, cid, actor, note="She called back: the colour faded again"):
    return ctx.complaints.step(cid, Step(State.IN_PROGRESS, note=note), actor)


def test_reopening_withdraws_an_unused_discount_and_resolving_again_gives_anew(salon):  # noqa: F811
    ctx, shop, _visit, _line, cid = salon
    resolve(ctx, cid, shop.desk, Compensation.NEXT_VISIT_DISCOUNT, compensation_percent_bp=2000)
    [b] = ctx.complaints.pending_benefits(shop.client)

    c = reopen(ctx, cid, shop.desk)
    assert (c.state, c.reopened, c.compensation, c.compensation_cost) == (
        State.IN_PROGRESS,
        1,
        Compensation.NONE,
        0,
    )
    assert c.given is not None and c.given.state == "withdrawn"
    assert c.history[-1].to_state is State.IN_PROGRESS
    assert c.history[-1].note == (
        "She called back: the colour faded again\n"
        "Withdrawn, not used: the discount on her next visit."
    )
    assert ctx.complaints.pending_benefits(shop.client) == []
    # A ticket still naming it (opened before the reopening) is refused, nothing written.
    ticket = pay(ctx, [svc_line(shop, "cut")], client=shop.client, discount=b.discount())
    ticket.benefit_id = b.id
    before = counts(ctx)
    with pytest.raises(ValidationError) as exc:
        ctx.sales.post(ticket, shop.desk)
    [err] = exc.value.errors
    assert (err.field, err.message) == (
        "discount",
        "This compensation was withdrawn: its complaint was reopened.",
    )
    assert counts(ctx) == before

    # Resolved again, with a free redo this time: she has that, and only that.
    c = resolve(ctx, cid, shop.desk, Compensation.REDO)
    assert c.compensation is Compensation.REDO
    [redo] = ctx.complaints.pending_benefits(shop.client)
    assert (redo.id, redo.kind, redo.state) == (b.id, Compensation.REDO, "pending")
    posted = ctx.sales.post(pay(ctx, [redo.redo_line()], client=shop.client), shop.desk)
    given = ctx.complaints.compensation(cid)
    assert (given.state, given.sale_id) == ("given", posted.sale_id)
    assert ctx.complaints.get(cid).compensation_cost == given.cost > 0
    assert len(comp_rows(ctx)) == 1
    with ctx.engine.connect() as conn:
        assert check_invariants(conn) == []


def test_reopening_a_closed_complaint_withdraws_its_free_redo(salon):  # noqa: F811
    ctx, shop, _visit, _line, cid = salon
    resolve(ctx, cid, shop.desk, Compensation.REDO)
    ctx.complaints.step(cid, Step(State.CLOSED, follow_up_outcome="Satisfied"), shop.desk)
    [b] = ctx.complaints.pending_benefits(shop.client)
    c = reopen(ctx, cid, shop.desk, note="")
    assert c.history[-1].note == "Withdrawn, not used: the free Colour."
    assert ctx.complaints.pending_benefits(shop.client) == []
    before = counts(ctx)
    with pytest.raises(ValidationError) as exc:
        ctx.sales.post(pay(ctx, [b.redo_line()], client=shop.client), shop.desk)
    assert [e.field for e in exc.value.errors] == ["lines.0"]
    assert counts(ctx) == before
    # Resolved again with nothing: nothing waits for her.
    c = ctx.complaints.step(cid, Step(State.RESOLVED, resolution="Explained"), shop.desk)
    assert c.compensation is Compensation.NONE
    assert ctx.complaints.pending_benefits(shop.client) == []


def test_what_was_given_stays_given_when_the_complaint_is_reopened(salon):  # noqa: F811
    ctx, shop, _visit, _line, cid = salon
    c = resolve(ctx, cid, shop.desk, Compensation.VOUCHER, compensation_amount=5000)
    assert c.compensation_cost == 5000
    c = reopen(ctx, cid, shop.desk)
    assert (c.compensation, c.compensation_cost, c.given.state) == (
        Compensation.VOUCHER,
        5000,
        "given",
    )
    assert c.history[-1].note == "She called back: the colour faded again"
    # Not compensated twice for one complaint; resolving without a compensation is fine.
    before = counts(ctx)
    with pytest.raises(ValidationError):
        resolve(ctx, cid, shop.desk, Compensation.NEXT_VISIT_DISCOUNT, compensation_percent_bp=1000)
    assert counts(ctx) == before
    c = ctx.complaints.step(cid, Step(State.RESOLVED, resolution="Redone, kindly"), shop.desk)
    assert (c.state, c.compensation_cost) == (State.RESOLVED, 5000)


def test_a_discount_given_before_the_reopening_stays_given(salon):  # noqa: F811
    ctx, shop, _visit, _line, cid = salon
    resolve(ctx, cid, shop.desk, Compensation.NEXT_VISIT_DISCOUNT, compensation_percent_bp=1000)
    [b] = ctx.complaints.pending_benefits(shop.client)
    ticket = pay(ctx, [svc_line(shop, "cut")], client=shop.client, discount=b.discount())
    ticket.benefit_id = b.id
    ctx.sales.post(ticket, shop.desk)
    c = reopen(ctx, cid, shop.desk)
    assert c.given.state == "given" and c.compensation is Compensation.NEXT_VISIT_DISCOUNT
    assert c.compensation_cost == 1000
