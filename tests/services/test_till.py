"""The till on SQLite and PostgreSQL: cash sessions (float, cash in and out, the
count that closes a session, not the day, and the next session the same day), the
Z reports of a session and of the day, nothing posted while the till is closed,
and staff earnings."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from salon_desktop.domain.money import percent_of
from salon_desktop.domain.sale import PaymentDraft, PayMethod, TicketDraft, TipDraft
from salon_desktop.domain.validation import ValidationError
from salon_desktop.services.context import open_context
from salon_desktop.services.integrity import verify
from salon_desktop.services.sales import DayClosed, TillClosed

from .sales_helpers import counts, make_shop, pay, prod_line, svc_line, ten_percent

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def shop(ctx):
    return make_shop(ctx)


def test_float_cash_moves_and_report_by_method(ctx, shop):
    report = ctx.till.report()
    assert (report.opened, report.opening_float, report.expected_cash) == (False, 0, 0)
    assert ctx.till.open_session(20_000, shop.desk).opening_float == 20_000
    with pytest.raises(ValidationError) as exc:
        ctx.till.move_cash(-5_000, "  ", shop.desk)
    assert "reason" in exc.value.by_field()
    with pytest.raises(ValidationError) as exc:
        ctx.till.move_cash(0, "Nothing", shop.desk)
    assert "amount" in exc.value.by_field()
    with pytest.raises(ValidationError) as exc:
        ctx.till.open_session(-1, shop.desk)
    assert "opening_float" in exc.value.by_field()
    ctx.till.move_cash(-3_000, "Milk and coffee", shop.desk)
    ctx.till.move_cash(1_000, "Change from the bank", shop.desk)
    # Cash with change: 200.00 handed over for 145.00 (the change never enters the drawer).
    a = ctx.sales.post(pay(ctx, [svc_line(shop), prod_line(shop)], tendered_extra=5_500), shop.desk)
    assert a.change == 5_500
    ctx.sales.post(
        pay(
            ctx, [svc_line(shop, "colour", shop.bea)], card=24_999, tips=[TipDraft(shop.bea, 1_000)]
        ),
        shop.desk,
    )
    c = ctx.sales.post(
        TicketDraft(
            client_id=shop.client,
            lines=[svc_line(shop)],
            discount=ten_percent(),
            payments=[PaymentDraft(PayMethod.ACCOUNT, 9_000)],
        ),
        shop.desk,
    )
    ctx.sales.void(c.sale_id, "Wrong client", shop.desk)
    line = ctx.reader.get(a.sale_id).lines[1].id
    ctx.sales.refund(a.sale_id, {line: 1}, "Wrong shampoo", shop.desk)  # cash back
    r = ctx.till.report()
    # The tip was paid in cash; the account charge was voided.
    assert dict(r.by_method) == {
        "cash": 14_500 + 1_000 - 4_500,
        "card": 24_999,
        "voucher": 0,
        "account": 0,
    }
    assert r.expected_cash == 20_000 - 3_000 + 1_000 + 14_500 + 1_000 - 4_500
    assert (r.sales_count, r.sales_total) == (3, 14_500 + 24_999 + 9_000)
    assert (r.voids_count, r.voids_total, r.refunds_count, r.refunds_total) == (
        1,
        -9_000,
        1,
        -4_500,
    )
    assert r.discounts == 1_000 - 1_000  # the voided sale's discount is taken back
    assert r.tips_by_staff == (("Bea Colourist", 1_000),)
    assert [(m.amount, m.reason) for m in r.movements] == [
        (-3_000, "Milk and coffee"),
        (1_000, "Change from the bank"),
    ]
    assert r.counted_cash is None and r.difference is None and not r.closed


def test_close_ends_the_session_and_nothing_goes_in_until_the_next_opens(ctx, shop):
    ctx.till.open_session(10_000, shop.desk)
    sale = ctx.sales.post(pay(ctx, [svc_line(shop)]), shop.desk)
    assert not ctx.till.is_closed()
    closed = ctx.till.close_session(19_950, "Short by 50 gr", shop.desk)
    assert closed.closed and ctx.till.is_closed()
    assert closed.session is not None and closed.session.number == 1
    assert (closed.expected_cash, closed.counted_cash, closed.difference) == (20_000, 19_950, -50)
    assert closed.closed_by == "Desk Reception" and closed.note == "Short by 50 gr"
    before = counts(ctx)
    with pytest.raises(ValidationError, match="closed already"):
        ctx.till.close_session(20_000, "", shop.desk)
    with pytest.raises(TillClosed):
        ctx.sales.post(pay(ctx, [svc_line(shop)]), shop.desk)
    with pytest.raises(TillClosed):
        ctx.sales.void(sale.sale_id, "Too late", shop.desk)
    line = ctx.reader.get(sale.sale_id).lines[0].id
    with pytest.raises(TillClosed):
        ctx.sales.refund(sale.sale_id, {line: 1}, "Too late", shop.desk)
    with pytest.raises(TillClosed):
        ctx.till.move_cash(100, "Late tip jar", shop.desk)
    assert counts(ctx) == before
    assert ctx.till.session_report().expected_cash == 20_000  # frozen at the close
    with pytest.raises(ValidationError):
        ctx.till.close_session(-1)


def test_two_sessions_in_a_day_each_with_its_own_expected_and_counted_cash(ctx, shop):
    ctx.till.open_session(10_000, shop.desk)
    ctx.sales.post(pay(ctx, [svc_line(shop)]), shop.desk)  # 100.00 cash
    ctx.till.move_cash(-2_000, "Flowers", shop.desk)
    first = ctx.till.close_session(18_000, "", shop.desk)
    assert (first.expected_cash, first.difference, first.sales_count) == (18_000, 0, 1)

    # The afternoon shift: a new session the same day, with the float left in the drawer.
    second = ctx.till.open_session(8_000, shop.desk)
    assert second.session is not None and second.session.number == 2 and not second.closed
    assert (second.opening_float, second.expected_cash, second.sales_count) == (8_000, 8_000, 0)
    assert second.movements == ()
    sale = ctx.sales.post(pay(ctx, [svc_line(shop, "colour", shop.bea)], card=24_999), shop.desk)
    ctx.sales.post(pay(ctx, [svc_line(shop)], tendered_extra=2_000), shop.desk)  # 100.00 cash
    ctx.till.move_cash(500, "Change from the bank", shop.desk)
    ctx.sales.void(sale.sale_id, "Wrong client", shop.desk)  # card: the drawer is the same
    now = ctx.till.session_report()
    assert (now.sales_count, now.voids_count, now.expected_cash) == (2, 1, 8_000 + 10_000 + 500)
    assert dict(now.by_method)["card"] == 0 and dict(now.by_method)["cash"] == 10_000
    assert [m.reason for m in now.movements] == ["Change from the bank"]
    closed = ctx.till.close_session(18_400, "", shop.desk)
    assert (closed.expected_cash, closed.counted_cash, closed.difference) == (18_500, 18_400, -100)

    day = ctx.till.report()
    assert [(v.number, v.expected_cash, v.counted_cash, v.difference) for v in day.sessions] == [
        (1, 18_000, 18_000, 0),
        (2, 18_500, 18_400, -100),
    ]
    assert (day.sales_count, day.voids_count) == (3, 1)
    assert (day.expected_cash, day.counted_cash, day.difference) == (36_500, 36_400, -100)
    assert day.opening_float == 10_000 and day.closed and day.session is None
    assert [m.reason for m in day.movements] == ["Flowers", "Change from the bank"]
    # The first session's report is as it was at its close.
    again = ctx.till.session_report(day.sessions[0].id)
    assert (again.sales_count, again.expected_cash, again.counted_cash) == (1, 18_000, 18_000)
    assert [v.number for v in ctx.till.sessions()] == [1, 2]
    # A third session; the cash movements and sales stay in their hash chains.
    third = ctx.till.open_session(0, shop.desk)
    assert third.session is not None and third.session.number == 3 and not ctx.till.is_closed()
    report = verify(ctx.engine)
    assert report.ok, [p.sentence() for p in report.problems]
    assert report.links["cash"] == 2 and report.links["sales"] == 4


def test_setting_the_float_of_the_open_session_changes_it_not_a_new_one(ctx, shop):
    ctx.till.open_session(1_000, shop.desk)
    r = ctx.till.open_session(2_500, shop.desk)
    assert r.session is not None and r.session.number == 1 and r.opening_float == 2_500
    assert len(ctx.till.sessions()) == 1


def test_a_cash_movement_on_a_day_nobody_opened_opens_session_one(ctx, shop):
    ctx.sales.post(pay(ctx, [svc_line(shop)]), shop.desk)
    r = ctx.till.move_cash(-500, "Stamps", shop.desk)
    assert r.session is not None and r.session.number == 1 and r.opening_float == 0
    assert r.sales_count == 1 and r.expected_cash == 10_000 - 500


def test_a_day_never_opened_can_be_closed_and_then_refuses_sales(ctx, shop):
    r = ctx.till.close_day(0)
    assert r.closed and r.expected_cash == 0 and r.difference == 0
    with pytest.raises(DayClosed):  # a TillClosed
        ctx.sales.post(pay(ctx, [svc_line(shop)]), shop.desk)
    assert ctx.till.open_session(500).session.number == 2
    assert ctx.sales.post(pay(ctx, [svc_line(shop)]), shop.desk).total == 10_000


def test_the_next_day_is_open_after_yesterday_closed(tmp_path, db_url):
    day = [TODAY]
    c = open_context(data_dir=tmp_path / "d", db_url=db_url, today=lambda: day[0])
    try:
        shop = make_shop(c)
        first = c.sales.post(pay(c, [svc_line(shop)]), shop.desk)
        c.till.close_session(10_000)
        day[0] = TODAY + dt.timedelta(days=1)
        assert not c.till.is_closed() and c.till.is_closed(TODAY)
        # Yesterday's sale is voided today, into today's report.
        c.sales.void(first.sale_id, "Found next morning", shop.desk)
        assert c.till.report().voids_count == 1
        assert c.till.report(TODAY).voids_count == 0
        assert c.reader.day_sales(TODAY)[0].voided
    finally:
        c.close()


def test_earnings_use_the_commission_frozen_at_posting(tmp_path, db_url):
    day = [dt.date(2026, 11, 2)]
    c = open_context(data_dir=tmp_path / "e", db_url=db_url, today=lambda: day[0])
    try:
        shop = make_shop(c)
        c.catalog.set_commission(shop.anna, 4_000, 1_000)
        first = c.sales.post(
            pay(
                c,
                [svc_line(shop), prod_line(shop, staff=shop.anna)],
                tips=[TipDraft(shop.anna, 500), TipDraft(shop.bea, 300)],
            ),
            shop.desk,
        )
        day[0] = dt.date(2026, 11, 20)
        c.catalog.set_commission(shop.anna, 5_000, 0)  # a new rate: the past stays
        second = c.sales.post(pay(c, [svc_line(shop)]), shop.desk)
        cut1, shampoo = (ln.net for ln in c.reader.get(first.sale_id).lines)
        (cut2,) = (ln.net for ln in c.reader.get(second.sale_id).lines)
        early_commission = percent_of(cut1, 4_000, 1) + percent_of(shampoo, 1_000, 1)
        rows = {
            e.staff_name: e for e in c.till.earnings(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
        }
        anna = rows["Anna Stylist"]
        assert (anna.services_net, anna.products_net) == (cut1 + cut2, shampoo)
        assert anna.commission == early_commission + percent_of(cut2, 5_000, 1)
        assert early_commission == 3_252 + 366  # 81.30 net cut at 40 %, 36.59 at 10 %
        assert anna.tips == 500
        assert (rows["Bea Colourist"].tips, rows["Bea Colourist"].commission) == (300, 0)
        early = {
            e.staff_name: e for e in c.till.earnings(dt.date(2026, 11, 1), dt.date(2026, 11, 10))
        }
        assert early["Anna Stylist"].commission == early_commission
        # A refund takes its commission back.
        sale = c.reader.day_sales()[0]
        c.sales.void(sale.id, "Redo", shop.desk)
        after = {
            e.staff_name: e for e in c.till.earnings(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
        }
        assert after["Anna Stylist"].commission == early["Anna Stylist"].commission
        assert c.till.earnings(dt.date(2025, 1, 1), dt.date(2025, 1, 31)) == []
    finally:
        c.close()


def test_a_sale_waits_for_a_close_in_progress_and_is_then_refused(ctx, shop):
    """While a session is being closed (on another desk), a sale posted into it waits
    for the close and is then refused: never counted after the cash was."""
    import threading

    from salon_desktop.services.sales import lock_day

    outcome: list[object] = []
    with ctx.clients._sm.begin() as s:  # another desk's close, half-way
        lock_day(s.connection(), TODAY, exclusive=True)
        worker = threading.Thread(target=lambda: outcome.append(_post_or_error(ctx, shop)))
        worker.start()
        worker.join(0.5)
        if ctx.engine.dialect.name == "postgresql":
            assert worker.is_alive() and outcome == []  # waiting for the close
        s.execute(
            text(
                "INSERT INTO cash_sessions (business_date, number, opening_float, opened_at, "
                "closed_at, expected_cash, counted_cash, last_sale_id, last_movement_id, note) "
                "VALUES (:d, 1, 0, :t, :t, 0, 0, 0, 0, '')"
            ),
            {"d": TODAY, "t": dt.datetime(2026, 11, 23, 20, 0)},
        )
    worker.join(10)
    assert len(outcome) == 1 and isinstance(outcome[0], TillClosed)
    assert counts(ctx)["sales"] == 0


def _post_or_error(ctx, shop):
    try:
        return ctx.sales.post(pay(ctx, [svc_line(shop)]), shop.desk)
    except Exception as exc:  # noqa: BLE001 - the test looks at it
        return exc


def test_the_drawer_counted_by_denomination_is_kept_with_the_session(ctx, shop):
    # The salon keeps its books in GBP here (the context's default): £150 float counted.
    float_count = {5000: 2, 2000: 2, 500: 2}
    r = ctx.till.open_session(15_000, shop.desk, count=float_count)
    assert r.session is not None
    assert r.session.opening_count == ((5000, 2), (2000, 2), (500, 2))
    # A count that does not add up to the amount, or a piece of another currency,
    # is refused beside the amount and nothing changes.
    with pytest.raises(ValidationError) as exc:
        ctx.till.open_session(15_000, shop.desk, count={5000: 2})
    assert "opening_float" in exc.value.by_field()
    with pytest.raises(ValidationError) as exc:
        ctx.till.close_session(1_000_000, count={1_000_000: 1})
    assert "counted_cash" in exc.value.by_field()
    assert not ctx.till.is_closed()
    ctx.sales.post(pay(ctx, [svc_line(shop)]), shop.desk)  # £100 cash
    closing = {5000: 4, 2000: 2, 1000: 1, 500: 1, 200: 2, 1: 3}
    ctx.till.close_session(25_903, "", shop.desk, count=closing)
    day = ctx.till.report()
    (only,) = day.sessions
    assert only.closing_count == ((5000, 4), (2000, 2), (1000, 1), (500, 1), (200, 2), (1, 3))
    assert only.counted_cash == 25_903 and only.opening_count is not None
    # Typing the total without counting stays possible: the next session has no count.
    r = ctx.till.open_session(5_000, shop.desk)
    assert r.session is not None and r.session.opening_count is None
    # The count of a closed session is sealed like the rest of it.
    with pytest.raises(Exception, match="closed cash session"):
        with ctx.engine.begin() as conn:
            conn.execute(text("UPDATE cash_sessions SET closing_count = '{}' WHERE number = 1"))
    assert ctx.till.report().sessions[0].closing_count == only.closing_count
    assert verify(ctx.engine).ok


def test_a_session_left_open_overnight_is_closed_with_its_own_date_by_a_manager(tmp_path, db_url):
    from salon_desktop.domain.permissions import Role
    from salon_desktop.services.accounts import PermissionDenied

    day = [TODAY]
    c = open_context(data_dir=tmp_path / "n", db_url=db_url, today=lambda: day[0])
    try:
        shop = make_shop(c)
        owner = c.staff.add("Owner", "", None, access=Role.OWNER, pin="7391").id
        manager = c.staff.add("Manager", "", owner, access=Role.MANAGER, pin="2846").id
        desk = c.staff.add("Desk", "", owner, access=Role.RECEPTIONIST, pin="5173").id
        c.till.open_session(10_000, desk)
        c.sales.post(pay(c, [svc_line(shop)]), desk)  # 100.00 cash
        assert c.till.left_open() is None  # still today: nothing left open
        day[0] = TODAY + dt.timedelta(days=1)
        left = c.till.left_open()
        assert left is not None and left.number == 1 and left.expected_cash == 20_000
        assert not c.till.is_closed(TODAY)
        # The receptionist may not close an earlier day's session; the manager may.
        with pytest.raises(PermissionDenied):
            c.till.close_session(20_000, "", desk, day=TODAY)
        r = c.till.close_session(
            19_500, "Counted next morning", manager, day=TODAY, count={5000: 3, 2000: 2, 500: 1}
        )
        assert (r.business_date, r.counted_cash, r.expected_cash) == (TODAY, 19_500, 20_000)
        assert r.session is not None and r.session.closing_count == ((5000, 3), (2000, 2), (500, 1))
        assert c.till.left_open() is None and c.till.is_closed(TODAY)
        # Today is untouched: its first session opens with its own float.
        assert c.till.report().sessions == ()
        assert c.till.open_session(8_000, desk).session.number == 1
    finally:
        c.close()
