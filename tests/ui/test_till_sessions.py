"""Cash sessions through the main window, as the desk runs two shifts: the float of
session 1 at the till, a cash sale in the checkout, the count that closes the
session, then a sale after the close: the checkout asks for the float of session 2
(instead of refusing the ticket at Post) and the sale goes into it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from tests.ui.checkout_setup import stock_salon
from tests.ui.helpers import Modal, settle, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
ENTER = Qt.Key.Key_Return


def reactivate(qtbot, window) -> None:
    """Offscreen, no window is active after a modal dialog closes: shortcuts need one."""
    with qtbot.waitActive(window):
        window.activateWindow()


def ring_up_haircut(qtbot, window) -> None:
    screen = window.checkout
    reactivate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    qtbot.keyClick(screen.entry, Qt.Key.Key_F3)  # Anna, who prefers Sara
    type_text(qtbot, screen.picker.edit, "Nowak")
    qtbot.keyClick(screen.picker.edit, ENTER)
    type_text(qtbot, screen.entry, "hairc")
    qtbot.keyClick(screen.entry, ENTER)
    assert [ln.description for ln in screen.ticket.lines] == ["Haircut"]


def pay_cash(qtbot):
    def pay(dialog):
        type_text(qtbot, dialog.cash, "50")
        qtbot.keyClick(dialog.cash, ENTER)

    return pay


def test_two_sessions_in_a_day_through_the_checkout(qtbot, main_window):
    window = main_window("en")
    env, ctx = window.env, window.env.ctx
    stock_salon(env)
    till = window.till

    # Session 1: the float typed at the till (Ctrl+4), Enter.
    qtbot.keyClick(window, Qt.Key.Key_4, CTRL)
    assert window.stack.currentWidget() is till
    assert "Not opened" in till.state.text()
    type_text(qtbot, till.day.float_field, "100")
    qtbot.keyClick(till.day.float_field, ENTER)
    settle(env)
    assert till.state.text().startswith("Session 1 open since ")

    # A cash sale in the checkout: no question asked, the till is open.
    ring_up_haircut(qtbot, window)
    reactivate(qtbot, window)
    m = Modal(pay_cash(qtbot))
    qtbot.keyClick(window.checkout.entry, Qt.Key.Key_F12)
    assert m.check().objectName() != "openSessionDialog"
    settle(env)
    assert len(ctx.reader.day_sales()) == 1

    # The close: £145 expected, £145 counted.
    qtbot.keyClick(window, Qt.Key.Key_4, CTRL)
    seen = {}

    def close(dialog):
        seen["expected"] = dialog.expected.text()
        type_text(qtbot, dialog.counted, "145")
        seen["difference"] = dialog.difference.text()
        qtbot.keyClick(dialog.counted, ENTER)

    m = Modal(close)
    qtbot.mouseClick(till.day.close_button, Qt.MouseButton.LeftButton)
    m.check()
    settle(env)
    assert seen == {"expected": "£145.00", "difference": "exact"}
    assert ctx.till.is_closed()
    assert till.state.text().startswith("Session 1 closed at ")

    # A sale after the close: F12 asks for the float of session 2 first; then payment.
    ring_up_haircut(qtbot, window)
    reactivate(qtbot, window)
    asked, paid = {}, {}

    def open_session(dialog):
        asked["name"] = dialog.objectName()
        asked["text"] = dialog.findChild(QLabel, "openSessionText").text()
        qtbot.keyClick(dialog.float_field, ENTER)  # nothing typed: said beside the field
        asked["empty"] = dialog.float_error.text()
        assert dialog.isVisible()
        type_text(qtbot, dialog.float_field, "80")
        paid["modal"] = Modal(
            lambda d: (paid.setdefault("name", d.objectName()), pay_cash(qtbot)(d))
        )
        qtbot.keyClick(dialog.float_field, ENTER)

    m = Modal(open_session)
    qtbot.keyClick(window.checkout.entry, Qt.Key.Key_F12)
    m.check()
    paid["modal"].check()
    settle(env)
    assert asked["name"] == "openSessionDialog"
    assert asked["empty"] == "Count the cash in the drawer and enter it."
    assert asked["text"].startswith("Session 1 was closed at ")
    assert paid["name"] != "openSessionDialog"
    sessions = ctx.till.sessions()
    assert [(v.number, v.opening_float, v.closed) for v in sessions] == [
        (1, 10000, True),
        (2, 8000, False),
    ]
    assert sessions[1].expected_cash == 8000 + 4500
    assert len(ctx.reader.day_sales()) == 2
    assert window.checkout.ticket.lines == []  # posted, a fresh ticket
    qtbot.keyClick(window, Qt.Key.Key_4, CTRL)
    assert till.state.text().startswith("Session 2 open since ")


def test_cancelling_the_float_keeps_the_ticket(qtbot, main_window):
    window = main_window("en")
    env, ctx = window.env, window.env.ctx
    stock_salon(env)
    ctx.till.open_session(0, env.actor())
    ctx.till.close_session(0, "", env.actor())
    ring_up_haircut(qtbot, window)
    reactivate(qtbot, window)
    m = Modal(lambda dialog: dialog.reject())
    qtbot.keyClick(window.checkout.entry, Qt.Key.Key_F12)
    assert m.check().objectName() == "openSessionDialog"
    assert ctx.till.is_closed() and ctx.reader.day_sales() == []
    assert [ln.description for ln in window.checkout.ticket.lines] == ["Haircut"]
    assert ctx.tickets.load(window.checkout.ticket.uuid).lines[0].description == "Haircut"


def test_a_void_after_the_close_asks_for_the_float_first(qtbot, main_window):
    from tests.ui import sales_data as sd
    from tests.ui.conftest import TODAY

    window = main_window("en")
    env, ctx = window.env, window.env.ctx
    salon = stock_salon(env)
    ctx.till.open_session(1000, env.actor())
    posted = sd.post(ctx, TODAY, None, [ctx.catalog.get_service(salon.cut)], salon.sara)
    ctx.till.close_session(5500, "", env.actor())
    screen = window.checkout
    reactivate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    screen.tabs.setCurrentWidget(screen.recent)
    screen.recent.refresh()
    screen.recent.select(posted.sale_id)
    seen = {}

    def open_session(dialog):
        seen["name"] = dialog.objectName()
        type_text(qtbot, dialog.float_field, "55")
        seen["void"] = Modal(lambda d: seen.setdefault("then", d.objectName()))
        qtbot.keyClick(dialog.float_field, ENTER)

    m = Modal(open_session)
    screen.recent.void_button.click()
    m.check()
    seen["void"].check()
    assert seen["name"] == "openSessionDialog" and seen["then"] != "openSessionDialog"
    assert [(v.number, v.opening_float) for v in ctx.till.sessions()] == [(1, 1000), (2, 5500)]
