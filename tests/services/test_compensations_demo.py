"""The demo's complaints carry compensations of every kind, given through the till
as the app gives them: each about the complaint's own visit and client, a refund
posted in the corrections series of the line complained of, a voucher sold at
zero, discounts and free redos waiting for her next ticket, some of them used at a
later visit; the complaint figures' compensation cost is what was posted and the
sales still hold every rule about posted money."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from salon_desktop.db.models import ComplaintCompensation, GiftVoucher
from salon_desktop.db.models_feedback import Complaint, ComplaintEvent
from salon_desktop.db.models_sales import Sale, SaleLine
from salon_desktop.demo import fill_demo
from salon_desktop.domain.complaints import Compensation, State
from tests.conftest import FIXED_DATE
from tests.services.sales_helpers import check_invariants

NOW = dt.datetime.combine(FIXED_DATE, dt.time(12))  # a Monday: the till is open


def test_the_demo_gives_compensations_of_every_kind_through_the_till(ctx):
    fill_demo(ctx, clients=120, years=1, language="en", now=NOW, complaints=60)
    with Session(ctx.engine) as orm:
        rows = orm.execute(
            select(ComplaintCompensation, Complaint.state, Complaint.compensation_cost)
            .join(Complaint, Complaint.id == ComplaintCompensation.complaint_id)
            .add_columns(
                Complaint.client_id.label("complaint_client"),
                Complaint.sale_line_id.label("complaint_line"),
                Complaint.resolved_at,
                Complaint.number,
            )
        ).all()
        orm.expunge_all()
    with ctx.engine.connect() as conn:
        sales = {s.id: s for s in conn.execute(select(Sale)).all()}
        lines = {ln.id: ln for ln in conn.execute(select(SaleLine)).all()}
        vouchers = {v.id: v for v in conn.execute(select(GiftVoucher)).all()}
        assert check_invariants(conn) == []
    comps = [r[0] for r in rows]
    kinds = Counter((Compensation(c.kind), c.state) for c in comps)
    assert {k for k, _state in kinds} == set(Compensation) - {Compensation.NONE}
    for r in rows:
        c = r[0]
        # About the complaint's own visit and client.
        assert c.client_id == r.complaint_client and c.sale_line_id == r.complaint_line
        assert lines[c.sale_line_id].service_id == c.service_id
        assert State(r.state) in (State.RESOLVED, State.CLOSED, State.IN_PROGRESS)
        if c.state == "given":
            sale = sales[c.sale_id]
            assert sale.client_id == c.client_id and c.cost > 0
            assert sale.posted_at >= c.created_at and c.given_at is not None
        if Compensation(c.kind) is Compensation.REFUND:
            sale = sales[c.sale_id]
            assert (sale.kind, sale.original_sale_id) == ("refund", lines[c.sale_line_id].sale_id)
            assert sale.reason == f"Complaint CMPL-{r.number}" and c.cost == -sale.total
        if Compensation(c.kind) is Compensation.VOUCHER:
            v = vouchers[c.voucher_id]
            assert (v.initial_value, sales[c.sale_id].total) == (c.amount, 0) and c.cost == c.amount
    # Given at once or waiting; and some of those waiting used at a later visit.
    assert kinds[(Compensation.REFUND, "given")] and kinds[(Compensation.VOUCHER, "given")]
    assert (
        kinds[(Compensation.REDO, "pending")] + kinds[(Compensation.NEXT_VISIT_DISCOUNT, "pending")]
    )
    used = [c for c in comps if c.kind in ("redo", "next_visit_discount") and c.state == "given"]
    assert used
    for c in used:
        assert sales[c.sale_id].business_date > c.created_at.date()  # a later visit
        assert sales[c.sale_id].discount_reason or any(
            ln.discount_reason for ln in lines.values() if ln.sale_id == c.sale_id
        )
    # Nothing posted on the salon's day off; every history in the order it happened.
    assert all(s.business_date.weekday() != 6 for s in sales.values())
    with ctx.engine.connect() as conn:
        events = conn.execute(
            select(ComplaintEvent.complaint_id, ComplaintEvent.at).order_by(ComplaintEvent.id)
        ).all()
    last: dict[int, dt.datetime] = {}
    for cid, at in events:
        assert at >= last.get(cid, at) and at <= NOW
        last[cid] = at
    # The complaint's cost is what was posted; the figures add it up.
    assert all(r.compensation_cost == r[0].cost for r in rows)
    svc = ctx.complaints
    svc._now = lambda: NOW
    f = svc.figures(NOW.date() - dt.timedelta(days=400), NOW.date())
    assert f.compensation_cost >= sum(c.cost for c in comps) > 0
