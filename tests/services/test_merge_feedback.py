"""Two files of one client merged: her complaints, their compensations (a discount
still waiting for her next ticket) and her surveys move to the kept file, so the
kept file shows her open complaint, the till offers it the discount, her
satisfaction is the kept file's, and a complaint or a survey about a visit of the
merged-away file is recorded on the kept one. On SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import func, select

from salon_desktop.db.models import Sale
from salon_desktop.db.models_feedback import Complaint, ComplaintCompensation, Survey
from salon_desktop.domain.client import ClientDraft
from salon_desktop.domain.complaints import Compensation, ComplaintDraft, State
from salon_desktop.domain.surveys import SurveyDraft
from salon_desktop.services.complaints import ComplaintFilter
from tests.services.sales_helpers import check_invariants, pay, svc_line
from tests.services.test_compensations import day, resolve, salon  # noqa: F401


def owners(ctx, model) -> dict[int, int]:
    with ctx.engine.connect() as conn:
        return dict(
            conn.execute(select(model.client_id, func.count()).group_by(model.client_id)).all()
        )


def test_merging_moves_her_complaints_benefits_and_surveys_to_the_kept_file(salon):  # noqa: F811
    ctx, shop, visit, line, cid = salon
    other = shop.client  # Zahra's file with the visit, the complaint, the survey
    resolve(ctx, cid, shop.desk, Compensation.NEXT_VISIT_DISCOUNT, compensation_percent_bp=2000)
    still_open = ctx.complaints.record(
        ComplaintDraft(other, "Nobody called back about the booking", category="booking"),
        shop.desk,
    )
    later = ctx.sales.post(pay(ctx, [svc_line(shop, "cut")], client=other), shop.desk)
    ctx.surveys.record(SurveyDraft(visit.sale_id, recommend=2, lines={line: 1}), shop.desk)
    mood = ctx.surveys.category(other)
    assert mood is not None
    keep = ctx.clients.create(ClientDraft(first_name="Zahra", last_name="Ahmadi-Rad"), shop.desk)
    assert ctx.complaints.open_for_client(keep) == []
    assert ctx.complaints.pending_benefits(keep) == []
    assert ctx.surveys.category(keep) is None

    ctx.clients.merge(keep, other, shop.desk)

    assert [c.id for c in ctx.complaints.open_for_client(keep)] == [still_open]
    assert {c.id for c in ctx.complaints.list(ComplaintFilter(client_id=keep))} == {cid, still_open}
    assert ctx.complaints.list(ComplaintFilter(client_id=other)) == []
    assert owners(ctx, Complaint) == {keep: 2}
    assert owners(ctx, ComplaintCompensation) == {keep: 1}
    assert owners(ctx, Survey) == {keep: 1}
    assert ctx.surveys.category(keep) == mood
    # The kept file's next ticket is given the discount her complaint left her.
    [b] = ctx.complaints.pending_benefits(keep)
    assert (b.complaint_id, b.percent_bp) == (cid, 2000)
    ticket = pay(ctx, [svc_line(shop, "cut")], client=keep, discount=b.discount())
    ticket.benefit_id = b.id
    posted = ctx.sales.post(ticket, shop.desk)
    given = ctx.complaints.compensation(cid)
    assert (given.state, given.sale_id, given.cost) == ("given", posted.sale_id, 2000)
    assert ctx.complaints.get(cid).compensation_cost == 2000
    # A visit of the merged-away file (her visits tab shows it) is hers to complain
    # of and to survey; both are the kept file's.
    again = ctx.complaints.record(
        ComplaintDraft(keep, "The cut was uneven", sale_id=later.sale_id), shop.desk
    )
    assert ctx.complaints.get(again).client_id == keep
    form = ctx.surveys.form(later.sale_id)
    assert form.client_id == keep and form.client_name == "Zahra Ahmadi-Rad"
    ctx.surveys.record(SurveyDraft(later.sale_id, recommend=10), shop.desk)
    assert owners(ctx, Survey) == {keep: 2}
    with ctx.engine.connect() as conn:
        # The visits themselves stay as posted, the other file's.
        assert conn.scalar(select(Sale.client_id).where(Sale.id == later.sale_id)) == other
        assert check_invariants(conn) == []
    assert ctx.complaints.get(cid).state is State.RESOLVED
