"""A complaint recorded where the client is: her file (the banner's button, or
Ctrl+Shift+K with no complaint open yet), a visit of her history (the visit, its
service line and who did it filled in), the checkout with her selected (and
her open complaints shown there). Run beside tests/ui/test_main_window.py: the
recording dialog opened from a banner once made PySide abort at exit."""

from __future__ import annotations

import datetime as dt

import shiboken6
from PySide6.QtCore import Qt

from salon_desktop.ui.checkout.screen import CheckoutScreen
from salon_desktop.ui.clients.file import ClientFileScreen
from tests.ui import sales_data as sd
from tests.ui.checkout_setup import stock_salon
from tests.ui.helpers import settle, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ENTER = Qt.Key.Key_Return


def record(qtbot, env, dialog, text: str) -> int:
    """Type the description, Ctrl+Enter: the new complaint's id."""
    assert dialog.isVisible()
    type_text(qtbot, dialog.description, text)
    qtbot.keyClick(dialog.description, ENTER, CTRL)
    qtbot.waitUntil(lambda: dialog.recorded is not None)
    settle(env)
    return dialog.recorded


def open_file(qtbot, env, client_id: int) -> ClientFileScreen:
    w = ClientFileScreen(env)
    qtbot.addWidget(w)
    w.resize(1024, 740)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    w.open_client(client_id)
    settle(env)
    return w


def test_from_the_client_file_by_key_then_by_the_banner(qtbot, make_env):
    env = make_env("en")
    anna = sd.client(env.ctx, "Anna", "Nowak")
    w = open_file(qtbot, env, anna)
    banner = w.complaints_banner
    assert not banner.isVisible()
    qtbot.keyClick(w.focusWidget() or w, Qt.Key.Key_K, CTRL | SHIFT)
    dialog = banner.dialog
    assert dialog.client.client_id() == anna and dialog.focusWidget() is dialog.category
    first = record(qtbot, env, dialog, "Cold water at the basin")
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))  # closed, and deleted
    assert banner.dialog is None
    assert banner.isVisible() and banner.text.text().startswith("1 open complaint")
    banner.record_button.click()
    second = record(qtbot, env, banner.dialog, "Waited an hour")
    assert banner.text.text().startswith("2 open complaints")
    assert [c.id for c in env.ctx.complaints.open_for_client(anna)] == [second, first]


def test_from_a_visit_its_line_and_who_did_it_are_filled_in(qtbot, make_env):
    env = make_env("en")
    ctx = env.ctx
    cut, colour = sd.service(ctx, "Cut", 4500), sd.service(ctx, "Colour", 8000)
    ewa = ctx.staff.add("Ewa", "Stylist").id
    anna = sd.client(ctx, "Anna", "Nowak")
    sd.post(ctx, dt.date(2026, 10, 5), anna, [colour, cut], ewa)
    posted = sd.post(ctx, dt.date(2026, 11, 2), anna, [cut], ewa)
    w = open_file(qtbot, env, anna)
    w.tabs.setCurrentWidget(w.visits)
    w.visits.table.selectRow(1)  # the October visit: colour and cut
    dialog = w.visits.record_complaint()
    sale = ctx.reader.get(w.visits.model.row_at(1).sale_id)
    assert sale.id != posted.sale_id
    colour_line = next(ln for ln in sale.lines if ln.description == "Colour")
    assert dialog.line.currentData() == colour_line.id and dialog.staff.currentData() == ewa
    assert "Colour" in dialog.line.currentText() and dialog.visit.text()
    cid = record(qtbot, env, dialog, "The colour faded in a week")
    c = ctx.complaints.get(cid)
    assert (c.client_id, c.sale_id, c.sale_line_id, c.staff_id) == (
        anna,
        sale.id,
        colour_line.id,
        ewa,
    )
    assert w.complaints_banner.isVisible()


def test_from_the_checkout_with_the_client_selected(qtbot, make_env):
    env = make_env("en")
    salon = stock_salon(env)
    screen = CheckoutScreen(env)
    qtbot.addWidget(screen)
    screen.resize(1024, 700)
    with qtbot.waitActive(screen):
        screen.show()
        screen.activateWindow()
    screen.start(None)
    qtbot.keyClick(screen.entry, Qt.Key.Key_K, CTRL | SHIFT)  # a walk-in: nobody to record
    assert screen.message.isVisible() and "client" in screen.message.text()
    screen.start(salon.anna)
    settle(env)
    assert not screen.header.complaints.isVisible()
    qtbot.keyClick(screen.entry, Qt.Key.Key_K, CTRL | SHIFT)
    dialog = screen.header.complaints.dialog
    assert dialog.client.client_id() == salon.anna
    record(qtbot, env, dialog, "Rude at the desk")
    banner = screen.header.complaints
    assert banner.isVisible() and banner.text.text().startswith("1 open complaint")
    screen.start(None)  # another ticket, a walk-in: her banner goes
    settle(env)
    assert not banner.isVisible()
