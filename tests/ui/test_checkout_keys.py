"""The till as a receptionist drives it with the keyboard: "cut" and Enter adds the
cut she means, service lines get the client's stylist (never the receptionist), F2
and a typed name change the stylist, and a sale is voided from today's sales by keys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QComboBox

from salon_desktop.domain.client import ClientDraft
from salon_desktop.domain.sale import SaleKind
from salon_desktop.services.catalog import ServiceItem
from salon_desktop.ui.checkout.screen import CheckoutScreen
from tests.services.sales_helpers import pay
from tests.ui.checkout_setup import stock_salon
from tests.ui.helpers import Modal, type_text

ENTER = Qt.Key.Key_Return


@pytest.fixture
def desk(qtbot, make_env):
    """A till with three cuts (the women's cut sold most), two stylists and a client
    whose last women's cut was Olivia's although she prefers Sara."""
    env = make_env("en")  # Mina, a receptionist, is at the desk
    ctx, actor = env.ctx, env.actor()
    salon = stock_salon(env)
    olivia = ctx.staff.add("Olivia Bennett", "Hair stylist").id
    cat = ctx.catalog.save_category("Cuts")
    cuts = {
        name: ctx.catalog.save_service(ServiceItem(0, name, cat.id, "", price, 30, 2300, 0))
        for name, price in (
            ("Children's cut", 1800),
            ("Men's cut", 2800),
            ("Women's cut & blow-dry", 5500),
        )
    }

    def sell(service, staff, client=None):
        sv = cuts[service]
        from salon_desktop.domain.sale import LineDraft, LineKind

        line = LineDraft(
            LineKind.SERVICE, sv.name, sv.price, 1, sv.tax_rate_bp, staff, service_id=sv.id
        )
        return ctx.sales.post(pay(ctx, [line], client=client), actor)

    for _ in range(3):
        sell("Women's cut & blow-dry", salon.sara)
    sell("Children's cut", salon.sara)
    sell("Women's cut & blow-dry", olivia, client=salon.anna)
    env.bus.staff_changed.emit()
    env.bus.catalog_changed.emit()
    screen = CheckoutScreen(env)
    qtbot.addWidget(screen)
    screen.resize(1024, 700)
    with qtbot.waitActive(screen):
        screen.show()
        screen.activateWindow()
    return screen, env, salon, olivia, cuts, sell


def test_cut_and_enter_adds_the_cut_she_means_with_her_last_stylist(qtbot, desk):
    screen, env, salon, olivia, cuts, _sell = desk
    screen.start(salon.anna)
    type_text(qtbot, screen.entry, "cut")
    offered = [i.name for i in screen.entry.offered()]
    assert offered[:3] == ["Women's cut & blow-dry", "Children's cut", "Men's cut"]
    assert "Haircut" in offered[3:]  # "cut" only inside a word: after the cuts
    qtbot.keyClick(screen.entry, ENTER)
    line = screen.ticket.lines[0]
    assert line.service_id == cuts["Women's cut & blow-dry"].id
    assert line.staff_id == olivia  # who did it last time, not Sara whom she prefers
    # A service she never had: her preferred stylist.
    type_text(qtbot, screen.entry, "men's")
    qtbot.keyClick(screen.entry, ENTER)
    assert screen.ticket.lines[1].staff_id == salon.sara
    saved = env.ctx.tickets.load(screen.ticket.uuid)
    assert [ln.staff_id for ln in saved.lines] == [olivia, salon.sara]
    name = screen.model.data(screen.model.index(0, screen.model.COL_STAFF))
    assert name == "\u2068Olivia Bennett\u2069"


def test_what_a_client_had_before_comes_first(qtbot, desk):
    screen, env, salon, olivia, cuts, sell = desk
    tom = env.ctx.clients.create(ClientDraft(first_name="Tom", last_name="Small"), env.actor())
    for _ in range(2):
        sell("Children's cut", salon.sara, client=tom)
    screen.start(tom)
    type_text(qtbot, screen.entry, "cut")
    qtbot.keyClick(screen.entry, ENTER)
    assert screen.ticket.lines[0].service_id == cuts["Children's cut"].id


def test_a_walk_in_never_gets_the_receptionist_and_f2_changes_the_stylist(qtbot, desk):
    screen, env, salon, olivia, cuts, _sell = desk
    type_text(qtbot, screen.entry, "cut")
    qtbot.keyClick(screen.entry, ENTER)
    line = screen.ticket.lines[0]
    assert line.service_id == cuts["Women's cut & blow-dry"].id  # what the salon sells most
    assert line.staff_id is None and env.desk_staff_id is not None  # not Mina at the desk
    assert screen.model.data(screen.model.index(0, screen.model.COL_STAFF)) == "— choose —"

    # F2 in the entry field: the line's staff member, typed by (sur)name.
    qtbot.keyClick(screen.entry, Qt.Key.Key_F2)
    editor = screen.table.findChild(QComboBox, "staffEditor")
    assert editor is not None and QApplication.focusWidget() is editor
    names = [editor.itemText(i) for i in range(editor.count())]
    assert "Mina" not in names and {"Sara", "Olivia Bennett"} <= set(names)
    type_text(qtbot, editor, "benn")
    qtbot.keyClick(editor, ENTER)
    qtbot.waitUntil(lambda: screen.ticket.lines[0].staff_id == olivia)
    assert env.ctx.tickets.load(screen.ticket.uuid).lines[0].staff_id == olivia
    qtbot.waitUntil(screen.entry.hasFocus)  # typing goes on in the entry field
    # A name that is nobody's changes nothing.
    qtbot.waitUntil(lambda: screen.table.findChild(QComboBox, "staffEditor") is None)
    qtbot.keyClick(screen.entry, Qt.Key.Key_F2)
    editor = screen.table.findChild(QComboBox, "staffEditor")
    type_text(qtbot, editor, "zz")
    qtbot.keyClick(editor, ENTER)
    qtbot.waitUntil(lambda: screen.table.state() != screen.table.State.EditingState)
    assert screen.ticket.lines[0].staff_id == olivia


def test_void_from_todays_sales_by_keys(qtbot, desk):
    screen, env, salon, olivia, cuts, sell = desk
    ctx = env.ctx
    sale = sell("Men's cut", salon.sara, client=salon.anna)
    screen.recent.refresh()
    qtbot.keyClick(screen.entry, Qt.Key.Key_F4)  # today's sales, the keyboard on the list
    assert screen.tabs.currentWidget() is screen.recent
    assert screen.recent.table.hasFocus()
    assert screen.recent.current().id == sale.sale_id  # the newest sale

    def void(dialog):
        assert dialog.focusWidget() is dialog.reason  # typing goes into the reason
        qtbot.keyClick(dialog.reason, ENTER)  # no reason: refused, still open
        assert dialog.isVisible() and dialog.error.text() == "Give a reason."
        type_text(qtbot, dialog.reason, "wrong client")
        qtbot.keyClick(dialog.reason, ENTER)

    m = Modal(void)
    qtbot.keyClick(screen.recent.table, Qt.Key.Key_Delete)
    m.check()
    after = ctx.reader.get(sale.sale_id)
    assert after.voided
    void_sale = ctx.reader.by_receipt(after.corrections[0][1])
    assert void_sale.kind == SaleKind.VOID and void_sale.reason == "wrong client"
    assert [r.kind for r in screen.recent.model.rows[:2]] == ["void", "sale"]
    assert void_sale.receipt_no in screen.posted_banner.text.text()
    # The voided sale cannot be voided again, by key or button.
    screen.recent.select(sale.sale_id)
    assert not screen.recent.void_button.isEnabled()
    m = Modal(lambda d: None)
    qtbot.keyClick(screen.recent.table, Qt.Key.Key_Delete)
    QApplication.processEvents()
    assert m.seen is None
    m._stopped = True


def test_refund_by_keys_with_the_alt_mnemonic(qtbot, desk):
    screen, env, salon, olivia, cuts, sell = desk
    sale = sell("Men's cut", salon.sara, client=salon.anna)
    screen.recent.refresh()
    qtbot.keyClick(screen.entry, Qt.Key.Key_F4)

    button = screen.recent.refund_button
    assert button.shortcut() == QKeySequence("Alt+F")  # "Re&fund…"
    assert button.focusPolicy() & Qt.FocusPolicy.TabFocus

    def refund(dialog):
        spin = dialog.spins[sale_line]
        assert dialog.focusWidget() is spin
        type_text(qtbot, spin, "1")
        type_text(qtbot, dialog.reason, "unhappy")
        qtbot.keyClick(dialog.reason, ENTER)

    sale_line = env.ctx.reader.get(sale.sale_id).lines[0].id
    m = Modal(refund)
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)  # Tab to the button, Space
    m.check()
    view = env.ctx.reader.get(sale.sale_id)
    kinds = [env.ctx.reader.by_receipt(no).kind for _k, no in view.corrections]
    assert kinds == [SaleKind.REFUND]
