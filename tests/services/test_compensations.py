"""A complaint's compensation given through the till, on SQLite and PostgreSQL: each
kind end to end (a next-visit discount and a free redo at the next ticket, a refund
and a voucher when resolving), given once only, its cost as posted in the complaint
and its figures, and nothing half-written when any part is refused."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select, text

from salon_desktop.db.models import ComplaintCompensation, GiftVoucher, Sale, SaleLine
from salon_desktop.domain.complaints import Compensation, ComplaintDraft, State, Step
from salon_desktop.domain.permissions import Role
from salon_desktop.domain.sale import Discount, DiscountKind, PayMethod, SaleKind
from salon_desktop.domain.validation import ValidationError
from salon_desktop.services.accounts import PermissionDenied
from salon_desktop.services.context import open_context
from tests.services.sales_helpers import (
    check_invariants,
    counts,
    make_shop,
    pay,
    svc_line,
)

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def day():
    return [TODAY]


@pytest.fixture
def salon(tmp_path, db_url, day):
    """A context whose day can move, a small shop, and a visit of Zahra's (a colour)
    with her complaint of it, acknowledged."""
    c = open_context(data_dir=tmp_path / "p", db_url=db_url, today=lambda: day[0])
    shop = make_shop(c)
    visit = c.sales.post(pay(c, [svc_line(shop, "colour")], client=shop.client), shop.desk)
    with c.engine.connect() as conn:
        line = conn.execute(select(SaleLine.id).where(SaleLine.sale_id == visit.sale_id)).scalar()
    cid = c.complaints.record(
        ComplaintDraft(
            shop.client, "Colour faded in a week", sale_id=visit.sale_id, sale_line_id=line
        ),
        shop.desk,
    )
    c.complaints.step(cid, Step(State.ACKNOWLEDGED), shop.desk)
    yield c, shop, visit, line, cid
    c.close()


def resolve(ctx, cid, actor, kind, **kw):
    return ctx.complaints.step(
        cid, Step(State.RESOLVED, resolution="Apologised", compensation=kind, **kw), actor
    )


def comp_rows(ctx):
    with ctx.engine.connect() as conn:
        return conn.execute(select(ComplaintCompensation)).all()


def test_a_next_visit_discount_waits_for_her_next_ticket_and_is_given_once(salon):
    ctx, shop, _visit, _line, cid = salon
    c = resolve(ctx, cid, shop.desk, Compensation.NEXT_VISIT_DISCOUNT, compensation_percent_bp=2000)
    assert (c.state, c.compensation, c.compensation_cost) == (
        State.RESOLVED,
        Compensation.NEXT_VISIT_DISCOUNT,
        0,  # nothing given yet
    )
    [b] = ctx.complaints.pending_benefits(shop.client)
    assert c.given == b  # the complaint's view says what waits for her
    assert (b.kind, b.percent_bp, b.ref, b.valid_until) == (
        Compensation.NEXT_VISIT_DISCOUNT,
        2000,
        f"CMPL-{c.number}",
        TODAY + dt.timedelta(days=180),
    )
    # The screen sent 50 %: the service gives the 20 % decided.
    ticket = pay(ctx, [svc_line(shop, "cut")], client=shop.client, discount=b.discount())
    ticket.benefit_id = b.id
    ticket.discount = Discount(DiscountKind.PERCENT, 5000, "typed by hand")
    posted = ctx.sales.post(ticket, shop.desk)
    with ctx.engine.connect() as conn:
        sale = conn.execute(select(Sale).where(Sale.id == posted.sale_id)).one()
        assert check_invariants(conn) == []
    assert (sale.discount, sale.discount_reason, sale.total) == (
        2000,
        f"Complaint CMPL-{c.number}",
        8000,
    )
    c = ctx.complaints.get(cid)
    assert c.compensation_cost == 2000
    given = ctx.complaints.compensation(cid)
    assert (given.state, given.sale_id, given.cost) == ("given", posted.sale_id, 2000)
    assert ctx.complaints.pending_benefits(shop.client) == []
    # Once only: another ticket naming it is refused, nothing written.
    before = counts(ctx)
    again = pay(ctx, [svc_line(shop, "cut")], client=shop.client, discount=b.discount())
    again.benefit_id = b.id
    with pytest.raises(ValidationError) as exc:
        ctx.sales.post(again, shop.desk)
    assert [e.field for e in exc.value.errors] == ["discount"]
    assert counts(ctx) == before
    opened = c.opened_at.date()
    assert ctx.complaints.figures(opened, opened).compensation_cost == 2000


def test_a_discount_is_not_another_clients(salon):
    ctx, shop, _visit, _line, cid = salon
    resolve(ctx, cid, shop.desk, Compensation.NEXT_VISIT_DISCOUNT, compensation_percent_bp=1000)
    [b] = ctx.complaints.pending_benefits(shop.client)
    ticket = pay(ctx, [svc_line(shop, "cut")], client=None, discount=b.discount())
    ticket.benefit_id = b.id
    before = counts(ctx)
    with pytest.raises(ValidationError):
        ctx.sales.post(ticket, shop.desk)
    assert counts(ctx) == before
    assert ctx.complaints.compensation(cid).state == "pending"


def test_a_discount_past_its_validity_is_no_longer_offered_nor_given(salon, day):
    ctx, shop, _visit, _line, cid = salon
    resolve(ctx, cid, shop.desk, Compensation.NEXT_VISIT_DISCOUNT, compensation_percent_bp=1000)
    [b] = ctx.complaints.pending_benefits(shop.client)
    day[0] = TODAY + dt.timedelta(days=181)
    assert ctx.complaints.pending_benefits(shop.client) == []
    ticket = pay(ctx, [svc_line(shop, "cut")], client=shop.client, discount=b.discount())
    ticket.benefit_id = b.id
    with pytest.raises(ValidationError):
        ctx.sales.post(ticket, shop.desk)


def test_a_free_redo_is_the_service_again_at_zero(salon):
    ctx, shop, _visit, _line, cid = salon
    resolve(ctx, cid, shop.desk, Compensation.REDO)
    [b] = ctx.complaints.pending_benefits(shop.client)
    assert (b.kind, b.service_id, b.staff_id, b.description) == (
        Compensation.REDO,
        shop.colour.id,
        shop.anna,
        "Colour",
    )
    redo = b.redo_line()
    redo.discount = None  # whatever the screen sent, it is given in full
    ticket = pay(ctx, [redo, svc_line(shop, "cut")], client=shop.client)
    ticket.payments[0].amount = ticket.payments[0].tendered = shop.cut.price
    posted = ctx.sales.post(ticket, shop.desk)
    assert posted.total == shop.cut.price
    with ctx.engine.connect() as conn:
        lines = conn.execute(
            select(
                SaleLine.service_id,
                SaleLine.total,
                SaleLine.line_discount,
                SaleLine.discount_reason,
            )
            .where(SaleLine.sale_id == posted.sale_id)
            .order_by(SaleLine.position)
        ).all()
        assert check_invariants(conn) == []
    c = ctx.complaints.get(cid)
    assert lines[0] == (shop.colour.id, 0, shop.colour.price, f"Complaint CMPL-{c.number}")
    assert c.compensation_cost == shop.colour.price
    assert ctx.complaints.compensation(cid).sale_id == posted.sale_id


def test_a_redo_must_be_the_service_complained_of(salon):
    ctx, shop, _visit, _line, cid = salon
    resolve(ctx, cid, shop.desk, Compensation.REDO)
    [b] = ctx.complaints.pending_benefits(shop.client)
    other = svc_line(shop, "cut")
    other.benefit_id = b.id
    with pytest.raises(ValidationError) as exc:
        ctx.sales.post(pay(ctx, [other], client=shop.client), shop.desk)
    assert [e.field for e in exc.value.errors] == ["lines.0"]


def test_a_refund_posts_the_refund_of_the_line_with_the_complaint_as_reason(salon):
    ctx, shop, visit, line, cid = salon
    c = resolve(ctx, cid, shop.desk, Compensation.REFUND, refund_method=PayMethod.CARD)
    assert c.compensation_cost == shop.colour.price
    with ctx.engine.connect() as conn:
        refund = conn.execute(select(Sale).where(Sale.original_sale_id == visit.sale_id)).one()
        [(orig_line, qty)] = conn.execute(
            select(SaleLine.original_line_id, SaleLine.qty).where(SaleLine.sale_id == refund.id)
        ).all()
        method = conn.execute(
            text("SELECT method FROM sale_payments WHERE sale_id = :s"), {"s": refund.id}
        ).scalar_one()
        assert check_invariants(conn) == []
    assert (refund.kind, refund.reason, refund.total, orig_line, qty, method) == (
        SaleKind.REFUND.value,
        f"Complaint CMPL-{c.number}",
        -shop.colour.price,
        line,
        -1,
        "card",
    )
    given = ctx.complaints.compensation(cid)
    assert (given.state, given.sale_id) == ("given", refund.id)
    # Reopened and resolved again with another compensation: refused, nothing written.
    ctx.complaints.step(cid, Step(State.IN_PROGRESS), shop.desk)
    before, version = counts(ctx), ctx.complaints.get(cid).version
    with pytest.raises(ValidationError) as exc:
        resolve(ctx, cid, shop.desk, Compensation.VOUCHER, compensation_amount=5000)
    assert [e.field for e in exc.value.errors] == ["compensation"]
    assert counts(ctx) == before
    c = ctx.complaints.get(cid)
    assert (c.state, c.version, c.compensation_cost) == (
        State.IN_PROGRESS,
        version,
        shop.colour.price,
    )


def test_a_refund_of_an_earlier_day_needs_a_manager(tmp_path, db_url, day):
    ctx = open_context(data_dir=tmp_path / "p", db_url=db_url, today=lambda: day[0])
    try:
        shop = make_shop(ctx)
        owner = ctx.accounts.create_owner("Olga Owner", "9753").id
        desk = ctx.staff.add("Rita", "", owner, access=Role.RECEPTIONIST, pin="2468").id
        boss = ctx.staff.add("Maja", "", owner, access=Role.MANAGER, pin="8642").id
        visit = ctx.sales.post(pay(ctx, [svc_line(shop)], client=shop.client), desk)
        with ctx.engine.connect() as conn:
            line = conn.execute(
                select(SaleLine.id).where(SaleLine.sale_id == visit.sale_id)
            ).scalar()
        cid = ctx.complaints.record(
            ComplaintDraft(shop.client, "Uneven", sale_id=visit.sale_id, sale_line_id=line), desk
        )
        ctx.complaints.step(cid, Step(State.ACKNOWLEDGED), desk)
        day[0] = TODAY + dt.timedelta(days=2)
        before = counts(ctx)
        with pytest.raises(PermissionDenied):
            resolve(ctx, cid, desk, Compensation.REFUND)
        assert counts(ctx) == before and comp_rows(ctx) == []
        assert ctx.complaints.get(cid).state is State.ACKNOWLEDGED
        c = resolve(ctx, cid, boss, Compensation.REFUND)
        assert (c.state, c.compensation_cost) == (State.RESOLVED, shop.cut.price)
    finally:
        ctx.close()


def test_a_voucher_is_sold_at_zero_with_the_value_given(salon):
    ctx, shop, _visit, _line, cid = salon
    c = resolve(ctx, cid, shop.desk, Compensation.VOUCHER, compensation_amount=5000)
    assert c.compensation_cost == 5000
    given = ctx.complaints.compensation(cid)
    with ctx.engine.connect() as conn:
        v = conn.execute(select(GiftVoucher).where(GiftVoucher.id == given.voucher_id)).one()
        sale = conn.execute(select(Sale).where(Sale.id == given.sale_id)).one()
        assert check_invariants(conn) == []
    assert (v.initial_value, v.balance, v.client_id, v.sold_sale_id) == (
        5000,
        5000,
        shop.client,
        sale.id,
    )
    assert (sale.total, sale.discount, sale.client_id) == (0, 5000, shop.client)
    assert given.voucher_code == v.code and len(v.code) == 8
    # Voided, the voucher is cancelled with it (its value taken back, not its zero total).
    ctx.sales.void(sale.id, "Given by mistake", shop.desk)
    with ctx.engine.connect() as conn:
        balance = conn.execute(
            select(GiftVoucher.balance).where(GiftVoucher.id == given.voucher_id)
        ).scalar_one()
    assert balance == 0


@pytest.mark.parametrize(
    "step, field",
    [
        (
            Step(State.RESOLVED, resolution="x", compensation=Compensation.VOUCHER),
            "compensation_amount",
        ),
        (
            Step(State.RESOLVED, resolution="x", compensation=Compensation.NEXT_VISIT_DISCOUNT),
            "compensation_percent_bp",
        ),
        (
            Step(
                State.RESOLVED,
                resolution="x",
                compensation=Compensation.REFUND,
                refund_method=PayMethod.VOUCHER,
            ),
            "refund_method",
        ),
    ],
)
def test_a_compensation_lacking_what_it_needs_is_refused(salon, step, field):
    ctx, shop, _visit, _line, cid = salon
    before = counts(ctx)
    with pytest.raises(ValidationError) as exc:
        ctx.complaints.step(cid, step, shop.desk)
    assert field in [e.field for e in exc.value.errors]
    assert counts(ctx) == before and comp_rows(ctx) == []


def test_a_redo_or_refund_needs_the_line_concerned(salon):
    ctx, shop, _visit, _line, _cid = salon
    cid = ctx.complaints.record(ComplaintDraft(shop.client, "Rude"), shop.desk)
    ctx.complaints.step(cid, Step(State.ACKNOWLEDGED), shop.desk)
    for kind in (Compensation.REDO, Compensation.REFUND):
        with pytest.raises(ValidationError) as exc:
            resolve(ctx, cid, shop.desk, kind)
        assert [e.field for e in exc.value.errors] == ["compensation"]
    assert comp_rows(ctx) == []


def test_nothing_is_half_written_when_the_posting_is_refused(salon):
    """The sale was voided: its refund is refused, and the step with it."""
    ctx, shop, visit, _line, cid = salon
    ctx.sales.void(visit.sale_id, "Entered twice", shop.desk)
    before, version = counts(ctx), ctx.complaints.get(cid).version
    with pytest.raises(ValidationError):
        resolve(ctx, cid, shop.desk, Compensation.REFUND)
    assert counts(ctx) == before and comp_rows(ctx) == []
    c = ctx.complaints.get(cid)
    assert (c.state, c.version, c.compensation) == (State.ACKNOWLEDGED, version, Compensation.NONE)


def test_a_voucher_is_not_given_into_a_closed_day(salon):
    ctx, shop, _visit, _line, cid = salon
    ctx.till.close_day(0, actor_id=shop.desk, run_after_close=False)
    before = counts(ctx)
    with pytest.raises(ValidationError):
        resolve(ctx, cid, shop.desk, Compensation.VOUCHER, compensation_amount=5000)
    assert counts(ctx) == before and comp_rows(ctx) == []
    assert ctx.complaints.get(cid).state is State.ACKNOWLEDGED


def test_the_ticket_keeps_its_benefit_through_a_save(salon):
    """An open ticket carries what it applies (and what was left for later)."""
    from salon_desktop.domain.sale import ticket_from_dict, ticket_to_dict

    ctx, shop, _visit, _line, cid = salon
    resolve(ctx, cid, shop.desk, Compensation.REDO)
    [b] = ctx.complaints.pending_benefits(shop.client)
    t = pay(ctx, [b.redo_line()], client=shop.client)
    t.benefits_left = [7]
    t2 = ticket_from_dict(ticket_to_dict(t))
    assert t2.lines[0].benefit_id == b.id and t2.benefits_left == [7]
    t2 = dataclasses.replace(t2, benefit_id=b.id)
    assert ticket_from_dict(ticket_to_dict(t2)).benefit_id == b.id
