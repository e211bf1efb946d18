"""The monthly snapshots of the scores: kept once when a run of a new month replaces
the last one (Gregorian and Jalali months), the movements between categories and
segments, the snapshot the win-back list compares with; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from salon_desktop.db.engine import make_sessionmaker
from salon_desktop.domain.client import ClientDraft
from salon_desktop.domain.report_period import month_period
from salon_desktop.services import score_history
from salon_desktop.services.segments import SegmentService
from tests.services.sales_helpers import make_shop, svc_line
from tests.services.test_segments import TODAY, Desk


class Clock:
    def __init__(self, day: dt.date):
        self.day = day

    def __call__(self) -> dt.date:
        return self.day


def months(ctx) -> list[tuple[dt.date, dt.date, int]]:
    with ctx.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT month, as_of, clients FROM score_months ORDER BY month")
        ).all()
    as_date = score_history._date
    return [(as_date(m), as_date(a), n) for m, a, n in rows]


def snapshot(ctx, month: dt.date) -> dict[int, tuple[str, float | None]]:
    with ctx.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT client_id, category, p_alive FROM client_score_months WHERE month = :m"),
            {"m": month},
        ).all()
    return {c: (cat, p) for c, cat, p in rows}


@pytest.fixture
def history(ctx):
    """Loyal Lea: a visit every 30 days, the last on 24 September 2026."""
    shop = make_shop(ctx)
    desk = Desk(ctx)
    for days_ago in (150, 120, 90, 60):
        desk.visit(days_ago, [svc_line(shop)], shop.client)
    clock = Clock(dt.date(2026, 10, 1))
    service = SegmentService(make_sessionmaker(ctx.engine), today=clock)
    return shop, desk, clock, service


def test_the_last_run_of_a_month_is_kept_once_when_the_next_month_starts(ctx, history):
    shop, desk, clock, service = history
    lea = shop.client
    service.refit()
    clock.day = dt.date(2026, 10, 31)  # the month's last run: 37 days since her visit
    service.refit()
    assert months(ctx) == []  # October is still going
    assert service.for_client(lea).category.value == "loyal"
    clock.day = dt.date(2026, 11, 1)
    service.refit()
    assert months(ctx) == [(dt.date(2026, 10, 1), dt.date(2026, 10, 31), 1)]
    assert snapshot(ctx, dt.date(2026, 10, 1)) == {lea: ("loyal", None)}
    clock.day = dt.date(2026, 11, 23)  # 60 days since: no longer loyal
    service.refit()
    assert len(months(ctx)) == 1  # not kept again within November
    assert service.for_client(lea).category.value == "occasional"
    clock.day = dt.date(2027, 1, 5)  # December had no run: November is kept as left
    service.refit()
    assert [m[:2] for m in months(ctx)] == [
        (dt.date(2026, 10, 1), dt.date(2026, 10, 31)),
        (dt.date(2026, 11, 1), dt.date(2026, 11, 23)),
    ]
    assert snapshot(ctx, dt.date(2026, 11, 1)) == {lea: ("occasional", None)}


def test_jalali_months_are_the_salon_s(ctx, history):
    shop, desk, clock, _ = history
    service = SegmentService(make_sessionmaker(ctx.engine), today=clock, jalali=lambda: True)
    clock.day = dt.date(2026, 10, 31)  # 9 Aban 1405
    service.refit()
    clock.day = dt.date(2026, 11, 21)  # 30 Aban: a Gregorian month has ended, Aban has not
    service.refit()
    assert months(ctx) == []
    clock.day = dt.date(2026, 11, 22)  # 1 Azar 1405
    service.refit()
    assert months(ctx) == [(dt.date(2026, 10, 23), dt.date(2026, 11, 21), 1)]  # 1 Aban


def test_movements_between_categories_since_the_month_before(ctx, history):
    shop, desk, clock, service = history
    lea = shop.client
    clock.day = dt.date(2026, 10, 31)
    service.refit()
    newcomer = ctx.clients.create(ClientDraft(first_name="Nina", last_name="New"), shop.desk)
    desk.visit(10, [svc_line(shop)], newcomer)  # 13 November
    clock.day = TODAY  # 23 November: Lea is occasional now, Nina new
    service.refit()
    november = month_period(2026, 11, False)
    moves = service.movements(november)
    assert (moves.before, moves.after) == (dt.date(2026, 10, 31), TODAY)
    assert set(moves.categories) == {("loyal", "occasional", 1), (None, "new", 1)}
    assert set(moves.moved()) == set(moves.categories)
    assert sum(n for *_, n in moves.segments) == 2  # every current client, once
    # a month later, November is compared from its snapshot, not from the scores now
    clock.day = dt.date(2026, 12, 2)
    service.refit()
    clock.day = dt.date(2027, 1, 3)
    desk.visit(-40, [svc_line(shop)], lea)  # she came back on 2 January
    service.refit()
    again = service.movements(november)
    assert (again.before, again.after) == (dt.date(2026, 10, 31), TODAY)
    assert set(again.categories) == set(moves.categories)
    december = service.movements(month_period(2026, 12, False))
    assert december.before == TODAY and december.after == dt.date(2026, 12, 2)
    assert set(december.categories) == {("occasional", "occasional", 1), ("new", "new", 1)}
    assert december.moved() == ()
    # before any snapshot there is nothing to compare with
    empty = service.movements(month_period(2026, 10, False))
    assert empty.before is None and empty.categories == ()


def test_the_win_back_reference_is_a_snapshot_at_least_four_weeks_old(ctx, history):
    shop, desk, clock, service = history
    clock.day = dt.date(2026, 10, 31)
    service.refit()
    clock.day = dt.date(2026, 11, 1)
    service.refit()  # October kept, as of the 31st
    with ctx.engine.connect() as conn:
        ref = score_history.reference_month
        assert ref(conn, dt.date(2026, 11, 27), 28) is None  # 27 days: too recent
        assert ref(conn, dt.date(2026, 11, 28), 28) == dt.date(2026, 10, 1)
        assert ref(conn, dt.date(2026, 12, 2), 28) == dt.date(2026, 10, 1)


def test_the_monthly_report_carries_the_movements(ctx, history):
    shop, desk, clock, service = history
    clock.day = dt.date(2026, 10, 31)
    service.refit()
    clock.day = TODAY
    service.refit()
    report = ctx.reports.report(month_period(2026, 11, False))
    seg = report.segments
    assert seg.moved_since == dt.date(2026, 10, 31)
    assert seg.category_moves == (("loyal", "occasional", 1),)
    assert all(a != b for a, b, _ in seg.segment_moves)
    # October has no month before it kept: nothing to compare with
    october = ctx.reports.report(month_period(2026, 10, False)).segments
    assert october.moved_since is None and october.category_moves == ()
