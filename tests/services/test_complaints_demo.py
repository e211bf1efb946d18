"""The demo's complaints: every state, some overdue, some resolved late, each
about one of the client's own visits (the line and the staff member who did
it), a history that ends in the complaint's state, and numbers the service
carries on from."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from salon_desktop.db.models_feedback import Complaint, ComplaintEvent
from salon_desktop.db.models_sales import Sale, SaleLine
from salon_desktop.demo import fill_demo
from salon_desktop.domain.complaints import ComplaintDraft, State
from salon_desktop.services.complaints import ComplaintFilter

NOW = dt.datetime(2026, 6, 15, 12, 0)


def test_the_demo_records_complaints_in_every_state_about_real_visits(ctx):
    fill_demo(ctx, clients=60, years=1, language="pl", now=NOW)
    with ctx.engine.connect() as conn:
        rows = conn.execute(
            select(
                Complaint,
                Sale.client_id.label("sale_client"),
                SaleLine.sale_id.label("line_sale"),
                SaleLine.staff_id.label("line_staff"),
            )
            .join(Sale, Sale.id == Complaint.sale_id)
            .join(SaleLine, SaleLine.id == Complaint.sale_line_id)
        ).all()
        total = len(conn.scalars(select(Complaint.id)).all())
        events = conn.execute(
            select(ComplaintEvent.complaint_id, ComplaintEvent.to_state).order_by(ComplaintEvent.id)
        ).all()
    assert total == len(rows) >= 8  # every one about a visit
    for r in rows:
        assert r.sale_client == r.client_id and r.line_sale == r.sale_id
        assert r.staff_id in (None, r.line_staff)
        assert r.opened_at <= NOW
    assert {State(r.state) for r in rows} == set(State)
    last = {cid: to for cid, to in events}
    assert all(last[r.id] == r.state for r in rows)
    assert sorted(r.number for r in rows) == list(range(1, total + 1))

    svc = ctx.complaints
    svc._now = lambda: NOW  # the demo's "now", not the clock's
    assert svc.list(ComplaintFilter(overdue_only=True))
    late = [r for r in rows if r.resolved_at is not None and r.resolved_at > r.resolve_by]
    assert late
    f = svc.figures(NOW.date() - dt.timedelta(days=400), NOW.date())
    assert f.opened == total and f.compensation_cost > 0 and f.overdue > 0
    new = svc.record(ComplaintDraft(rows[0].client_id, "After the demo"), None)
    assert svc.get(new).number == total + 1
    # Numbered in the order they were received, as the service numbers them.
    by_number = sorted(rows, key=lambda r: r.number)
    assert [r.opened_at for r in by_number] == sorted(r.opened_at for r in rows)
