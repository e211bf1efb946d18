"""The till: float, cash in and out, closing a cash session (not the day) and opening
the next, the Z reports, staff earnings and gift voucher balances, driven as the
receptionist would."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import io  # noqa: E402

import pytest  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from salon_desktop.domain.sale import LineKind, PaymentDraft, PayMethod  # noqa: E402
from salon_desktop.i18n.formatting import Formatter  # noqa: E402
from salon_desktop.services.sales import TillClosed  # noqa: E402
from salon_desktop.ui.env import UiEnv  # noqa: E402
from salon_desktop.ui.till.close_dialog import CloseSessionDialog  # noqa: E402
from salon_desktop.ui.till.screen import TillScreen  # noqa: E402
from tests.ui import sales_data as sd  # noqa: E402
from tests.ui.conftest import TODAY  # noqa: E402
from tests.ui.helpers import Modal, type_text  # noqa: E402

LEFT = Qt.MouseButton.LeftButton


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def salon(make_env):
    env = make_env("en")
    env.cut = sd.service(env.ctx, "Cut", 4500)
    return env


def till(qtbot, env) -> TillScreen:
    w = TillScreen(env)
    qtbot.addWidget(w)
    w.resize(1100, 760)
    w.show()
    return w


def row(w: TillScreen, key: str) -> str | None:
    return w.day.report_model.value_of(key)


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, LEFT)


def test_float_and_cash_paid_out_needs_a_reason(qtbot, salon):
    env, ctx = salon, salon.ctx
    w = till(qtbot, env)
    d = w.day
    assert "Not opened" in w.state.text()
    type_text(qtbot, d.float_field, "150")
    with qtbot.waitSignal(env.bus.till_changed):
        click(qtbot, d.float_button)
    assert ctx.till.report().opening_float == 15000
    assert row(w, "float") == "£150.00"
    assert w.state.text().startswith("Session 1 open since ")

    # Paying out without a reason is refused, the message beside the reason field.
    type_text(qtbot, d.move_amount, "20")
    click(qtbot, d.pay_out_button)
    reason_error = d.errors.label("reason")
    assert reason_error.isVisible() and reason_error.text()
    assert ctx.till.report().movements == ()
    # Nonsense in the amount is refused beside the amount.
    d.move_amount.clear()
    type_text(qtbot, d.move_amount, "abc")
    type_text(qtbot, d.move_reason, "Flowers")
    click(qtbot, d.pay_out_button)
    assert d.errors.label("amount").isVisible()
    assert ctx.till.report().movements == ()

    d.move_amount.clear()
    type_text(qtbot, d.move_amount, "20")
    with qtbot.waitSignal(env.bus.till_changed):
        click(qtbot, d.pay_out_button)
    moves = ctx.till.report().movements
    assert [(m.amount, m.reason, m.staff_name) for m in moves] == [(-2000, "Flowers", "Mina")]
    assert not reason_error.isVisible()
    assert d.move_amount.text() == "" and d.move_reason.text() == ""
    assert d.moves_model.rowCount() == 1
    assert d.moves_model.text(0, 1) == "-£20.00"

    type_text(qtbot, d.move_amount, "5")
    type_text(qtbot, d.move_reason, "Change from the bank")
    click(qtbot, d.pay_in_button)
    assert row(w, "paid_in") == "£5.00"
    assert row(w, "paid_out") == "-£20.00"
    assert row(w, "expected") == "£135.00"


def close_with(qtbot, w: TillScreen, counted: str, seen: dict) -> Modal:
    def act(dialog):
        assert isinstance(dialog, CloseSessionDialog)
        seen["expected"] = dialog.expected.text()
        type_text(qtbot, dialog.counted, counted)
        seen["difference"] = dialog.difference.text()
        seen["style"] = dialog.difference.styleSheet()
        type_text(qtbot, dialog.note, "Coffee money")
        click(qtbot, dialog.close_button)
        seen["error"] = dialog.general_error.text() if dialog.isVisible() else ""

    modal = Modal(act)
    click(qtbot, w.day.close_button)
    return modal


def test_close_the_session_print_it_and_open_the_next(qtbot, salon):
    env, ctx = salon, salon.ctx
    ctx.till.open_session(15000, env.actor())
    ctx.till.move_cash(-2000, "Flowers", env.actor())
    sd.post(ctx, TODAY, None, [env.cut], env.actor())  # £45 cash
    sd.post(ctx, TODAY, None, [env.cut], env.actor(), pay=PayMethod.CARD)
    w = till(qtbot, env)
    assert row(w, "expected") == "£175.00"
    assert row(w, "method_card") == "£45.00"
    assert w.day.report_model.rows[1].count == "2"

    # Another desk's screen, opened before the close, that has not heard of it.
    other = till(qtbot, UiEnv(ctx, Formatter("en", "GBP"), desk_staff_id=env.actor()))

    seen = {}
    close_with(qtbot, w, "170", seen).check()
    assert seen["expected"] == "£175.00"
    assert seen["difference"] == "short by £5.00"
    assert "b00020" in seen["style"]
    r = ctx.till.session_report()
    assert (r.counted_cash, r.expected_cash, r.difference, r.note) == (
        17000,
        17500,
        -500,
        "Coffee money",
    )
    assert r.closed_by == "Mina"
    state = w.state.text()
    assert state.startswith("Session 1 closed at ")
    assert state.endswith("by \u2068Mina\u2069: the next sale opens a new session.")
    assert row(w, "counted") == "£170.00"
    assert row(w, "difference") == "short by £5.00"
    for widget in (w.day.move_amount, w.day.pay_out_button, w.day.close_button):
        assert not widget.isEnabled()
    assert w.day.print_button.isEnabled() and w.day.float_field.isEnabled()
    assert w.day.float_button.text() == "Open a new session"

    # A session closes once: the stale screen's attempt is refused with the reason shown.
    assert other.day.close_button.isEnabled()
    seen2 = {}
    close_with(qtbot, other, "175", seen2).check()
    assert seen2["error"] == "The till is closed already: no session is open."
    assert ctx.till.session_report().counted_cash == 17000
    # Nothing goes into the drawer until a new session opens.
    with pytest.raises(TillClosed):
        sd.post(ctx, TODAY, None, [env.cut], env.actor())
    with pytest.raises(TillClosed):
        ctx.till.move_cash(100, "late", env.actor())

    printed = {}
    modal = Modal(lambda dialog: printed.setdefault("text", pdf_text(dialog.data)))
    click(qtbot, w.day.print_button)
    modal.check()
    text = printed["text"]
    assert "Session close" in text and "Session 1" in text
    assert "£175.00" in text  # expected
    assert "£170.00" in text  # counted
    assert "£5.00" in text  # short
    assert "Coffee money" in text

    # The afternoon: the float of session 2, typed and Enter; the day goes on.
    type_text(qtbot, w.day.float_field, "170")
    with qtbot.waitSignal(env.bus.till_changed):
        qtbot.keyClick(w.day.float_field, Qt.Key.Key_Return)
    assert w.state.text().startswith("Session 2 open since ")
    assert w.day.close_button.isEnabled() and w.day.float_button.text() == "Set float"
    assert row(w, "float") == "£170.00" and row(w, "expected") == "£170.00"
    sd.post(ctx, TODAY, None, [env.cut], env.actor())
    env.bus.sale_posted.emit(0)
    assert row(w, "expected") == "£215.00" and row(w, "sales") == "£45.00"
    # The whole day: both sessions, each with its count.
    choice = w.day.report_choice
    assert [choice.itemText(i) for i in range(choice.count())][-1] == "The whole day"
    assert choice.itemText(1).startswith("Session 2, open since ")
    choice.setCurrentIndex(2)
    choice.activated.emit(2)
    assert row(w, "session_1_counted") == "£170.00"
    assert row(w, "session_1_difference") == "short by £5.00"
    assert row(w, "session_2_expected") == "£215.00"
    assert row(w, "sales") == "£135.00"
    env.bus.till_changed.emit()
    assert w.day.report_choice.currentText() == "The whole day"  # the choice stays


def test_counted_cash_is_required_and_a_cancel_closes_nothing(qtbot, salon):
    env, ctx = salon, salon.ctx
    w = till(qtbot, env)
    seen = {}

    def act(dialog):
        click(qtbot, dialog.close_button)  # nothing counted yet
        seen["error"] = dialog.counted_error.text()
        type_text(qtbot, dialog.counted, "12")
        seen["over"] = dialog.difference.text()
        dialog.reject()

    modal = Modal(act)
    click(qtbot, w.day.close_button)
    modal.check()
    assert seen["error"]
    assert seen["over"] == "over by £12.00"
    assert not ctx.till.is_closed()
    assert w.day.close_button.isEnabled()


def test_staff_earnings_for_a_period(qtbot, salon):
    env, ctx = salon, salon.ctx
    ewa = ctx.staff.add("Ewa", "Stylist").id
    ctx.catalog.set_commission(ewa, 4000, 1000)
    sd.post(ctx, TODAY, None, [env.cut], ewa)
    t = sd.ticket(ctx, None, [env.cut], ewa)
    from salon_desktop.domain.sale import TipDraft

    t.tips = [TipDraft(ewa, 500)]
    t.payments = [PaymentDraft(PayMethod.CARD, 5000)]
    ctx.sales.post(t, env.actor())
    w = till(qtbot, env)
    e = w.earnings
    w.tabs.setCurrentWidget(e)
    e.date_from.clear()
    type_text(qtbot, e.date_from.edit, "23/11/2026")
    click(qtbot, e.show_button)
    names = [e.model.text(i, 0) for i in range(e.model.rowCount())]
    assert names == ["\u2068Ewa\u2069", "Total"]
    assert e.model.text(0, 1) == "£90.00"
    assert e.model.text(0, 3) == "£36.00"  # 40 % of £90
    assert e.model.text(0, 4) == "£5.00"
    assert e.model.text(0, 5) == "£41.00"

    e.date_from.clear()
    type_text(qtbot, e.date_from.edit, "31/02/2026")
    click(qtbot, e.show_button)
    assert e.error.isVisible()

    e.date_from.clear()
    type_text(qtbot, e.date_from.edit, "01/11/2026")
    printed = {}
    modal = Modal(lambda dialog: printed.setdefault("text", pdf_text(dialog.data)))
    click(qtbot, e.print_button)
    modal.check()
    assert "Ewa" in printed["text"] and "£36.00" in printed["text"]


def test_voucher_balance_after_a_partial_redemption(qtbot, salon):
    env, ctx = salon, salon.ctx
    code = ctx.sales.new_voucher_code()
    sd.post(ctx, TODAY, None, [(LineKind.VOUCHER, "Gift voucher", 10000, code)], env.actor())
    t = sd.ticket(ctx, None, [env.cut], env.actor())
    t.payments = [PaymentDraft(PayMethod.VOUCHER, 4500, voucher_code=code)]
    ctx.sales.post(t, env.actor())

    w = till(qtbot, env)
    v = w.vouchers
    w.tabs.setCurrentWidget(v)
    type_text(qtbot, v.code, "NOPE1234")
    qtbot.keyClick(v.code, Qt.Key.Key_Return)
    assert v.error.isVisible() and not v.details.isVisible()

    v.code.clear()
    type_text(qtbot, v.code, code.lower())
    qtbot.keyClick(v.code, Qt.Key.Key_Return)
    assert not v.error.isVisible()
    assert v.fields["balance"].text() == "£55.00"
    assert v.fields["value"].text() == "£100.00"
    assert v.fields["expires"].text() == "23/11/2027"
    assert v.model.rowCount() == 2
    assert v.model.text(1, 2) == "-£45.00"

    # Another redemption elsewhere: the balance follows the sale.
    t = sd.ticket(ctx, None, [env.cut], env.actor())
    t.payments = [PaymentDraft(PayMethod.VOUCHER, 4500, voucher_code=code)]
    posted = ctx.sales.post(t, env.actor())
    env.bus.sale_posted.emit(posted.sale_id)
    assert v.fields["balance"].text() == "£10.00"

    printed = {}
    modal = Modal(lambda dialog: printed.setdefault("text", pdf_text(dialog.data)))
    click(qtbot, v.print_button)
    modal.check()
    assert code in printed["text"]


def test_a_hidden_till_shows_the_sales_posted_meanwhile_when_it_is_shown(qtbot, salon):
    """While the receptionist is at the checkout the till is hidden: the sales posted
    then are read once, when the till is shown again, not at every sale."""
    env, ctx = salon, salon.ctx
    ctx.till.open_session(10000, env.actor())
    w = till(qtbot, env)
    assert row(w, "expected") == "£100.00"
    reads = []
    real = w.day.refresh
    w.day.refresh = lambda: reads.append(1) or real()  # type: ignore[method-assign]
    w.hide()
    for _sale in range(3):
        sd.post(ctx, TODAY, None, [env.cut], env.actor())  # £45 cash each
        env.bus.sale_posted.emit(0)
    assert reads == []  # nothing read while hidden
    assert row(w, "expected") == "£100.00"
    w.show()
    assert reads == [1]
    assert row(w, "expected") == "£235.00" and row(w, "sales") == "£135.00"
    w.hide()
    w.show()  # nothing changed meanwhile: not read again
    assert reads == [1]
    # on screen, a sale is shown as it is posted
    sd.post(ctx, TODAY, None, [env.cut], env.actor())
    env.bus.sale_posted.emit(0)
    assert reads == [1, 1] and row(w, "expected") == "£280.00"
