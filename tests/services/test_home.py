"""The home screen's figures: today's sales, complaints, surveys waiting, birthdays,
clients due back and the trends, each checked against what was recorded."""

from __future__ import annotations

import datetime as dt

from salon_desktop.domain.client import ClientDraft
from salon_desktop.domain.complaints import ComplaintDraft
from salon_desktop.services.home import SHOWN
from tests.conftest import FIXED_DATE
from tests.services.sales_helpers import make_shop, pay, svc_line
from tests.services.test_segments import Desk


def test_an_empty_salon_has_a_quiet_day(ctx):
    t = ctx.home.today()
    assert (t.sales, t.revenue, t.open_complaints, t.surveys_waiting) == (0, 0, 0, 0)
    assert t.birthdays == () and t.due_back == () and not t.scores_known
    assert len(t.revenue_by_day) == 30 and t.revenue_by_day[-1] == (FIXED_DATE, 0)


def test_the_day_as_recorded(ctx):
    shop = make_shop(ctx)
    posted = [
        ctx.sales.post(pay(ctx, [svc_line(shop)], client=shop.client), shop.desk) for _ in range(3)
    ]
    ctx.sales.void(posted[0].sale_id, "Wrong client", shop.desk)
    ctx.complaints.record(ComplaintDraft(shop.client, "Colour too dark"), shop.desk)
    today = ctx.home.today()
    assert today.sales == 3  # the void is a correction, not a sale
    assert today.revenue == 2 * posted[1].total  # the voided sale taken off
    assert today.revenue_by_day[-1] == (FIXED_DATE, today.revenue)
    assert today.open_complaints == 1 and today.overdue_complaints == 0
    assert today.surveys_waiting == len(ctx.surveys.waiting()) >= 2


def test_birthdays_today_with_the_age_she_turns(ctx):
    desk = make_shop(ctx).desk
    born = FIXED_DATE.replace(year=1990)
    many = [
        ctx.clients.create(ClientDraft(first_name=f"B{i:02}", birth_date=born), desk)
        for i in range(SHOWN + 2)
    ]
    ctx.clients.create(
        ClientDraft(first_name="Tomorrow", birth_date=born + dt.timedelta(days=1)), desk
    )
    ctx.clients.set_archived(many[0], True, desk)
    t = ctx.home.today()
    assert t.birthday_count == SHOWN + 1  # not the archived file, not tomorrow's
    assert len(t.birthdays) == SHOWN and all(p.detail == 36 for p in t.birthdays)
    assert many[0] not in {p.client_id for p in t.birthdays}


def test_due_back_past_her_own_interval_once_scores_are_known(ctx):
    shop = make_shop(ctx)
    desk = Desk(ctx)
    monthly = ctx.clients.create(ClientDraft(first_name="Monthly"), shop.desk)
    recent = ctx.clients.create(ClientDraft(first_name="Recent"), shop.desk)
    gone = ctx.clients.create(ClientDraft(first_name="Gone"), shop.desk)
    for days in (150, 120, 90, 60):  # every 30 days, last 60 days ago: due
        desk.visit(days, [svc_line(shop)], monthly)
    for days in (70, 40, 10):  # last 10 days ago: not yet
        desk.visit(days, [svc_line(shop)], recent)
    for days in (400, 370):  # 370 days since, usual 30: lapsed, not due back
        desk.visit(days, [svc_line(shop)], gone)
    assert not ctx.home.today().scores_known
    ctx.segments.refit()
    t = ctx.home.today()
    assert t.scores_known
    assert [(p.client_id, p.detail) for p in t.due_back] == [(monthly, 60)]
    assert t.due_back_count == 1
