"""The checkout screen's other paths: refused payments, out of stock, gift vouchers,
parked tickets across a restart, repeat last visit, walk-ins, the after-restart
banner, Persian."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QPushButton

from salon_desktop.domain.sale import LineDraft, LineKind, PaymentDraft, PayMethod, TicketDraft
from salon_desktop.i18n.formatting import Formatter
from salon_desktop.services.context import open_context
from salon_desktop.ui.checkout.screen import CheckoutScreen
from salon_desktop.ui.env import UiEnv
from tests.ui.checkout_setup import BARCODE, stock_salon
from tests.ui.helpers import Modal, click_button, settle, type_text

ENTER = Qt.Key.Key_Return


@pytest.fixture
def till(qtbot, make_env):
    """``till("en", stock=10)``: (screen, env, salon) on a fresh profile."""

    def factory(language: str = "en", stock: int = 10):
        env = make_env(language)
        salon = stock_salon(env, stock)
        screen = CheckoutScreen(env)
        qtbot.addWidget(screen)
        screen.resize(1100, 700)
        with qtbot.waitActive(screen):  # shortcuts need an active window
            screen.show()
            screen.activateWindow()
        return screen, env, salon

    return factory


def add(qtbot, screen, text: str) -> None:
    type_text(qtbot, screen.entry, text)
    qtbot.keyClick(screen.entry, ENTER)


def choose_staff(qtbot, screen, name: str) -> None:
    """F2 on the ticket, type a name, Enter: who did the chosen (else the last) line."""
    if not screen.isActiveWindow():  # offscreen, no window is active after a dialog
        screen.activateWindow()
        qtbot.waitUntil(screen.isActiveWindow)
    qtbot.keyClick(screen.focusWidget() or screen.entry, Qt.Key.Key_F2)
    editor = screen.table.findChild(QComboBox, "staffEditor")
    assert editor is not None and editor.hasFocus()
    type_text(qtbot, editor, name)
    qtbot.keyClick(editor, ENTER)
    qtbot.waitUntil(lambda: screen.table.state() != screen.table.State.EditingState)


def pay_with(qtbot, screen, action) -> None:
    m = Modal(action)
    screen.pay()
    m.check()


def test_payment_short_of_the_total_is_refused(qtbot, till):
    screen, env, salon = till()
    screen.start(salon.anna)
    add(qtbot, screen, "haircut")

    def short(dialog):
        type_text(qtbot, dialog.card, "40")
        assert dialog.remaining_label.text() == "Remaining: £5.00"
        qtbot.keyClick(dialog.card, ENTER)
        assert dialog.isVisible()
        assert dialog.general_error.text() == (
            "The payments do not cover the total: £5.00 missing."
        )
        assert env.ctx.sales.posted(screen.ticket.uuid) is None
        dialog.reject()

    pay_with(qtbot, screen, short)
    assert env.ctx.reader.day_sales() == []
    # The ticket is still there, without the abandoned payment.
    assert env.ctx.tickets.load(screen.ticket.uuid).payments == []
    assert len(screen.ticket.lines) == 1


def test_out_of_stock_asks_and_posts_only_on_yes(qtbot, till):
    screen, env, salon = till(stock=0)
    add(qtbot, screen, BARCODE)
    assert "in stock" in screen.message.text()
    answers = iter(["Do not sell", "Sell anyway"])

    def pay(dialog):
        type_text(qtbot, dialog.cash, "=")  # "=" fills in what remains
        assert dialog.cash.value() == 3990
        for _answer in range(2):
            question = Modal(lambda box: click_button(box, next(answers)))
            qtbot.keyClick(dialog.cash, ENTER)
            settle(env)  # posting runs in the background; the question comes after
            question.check()
            if _answer == 0:
                assert dialog.isVisible()
                assert dialog.general_error.text() == "Not posted: not enough in stock."
                assert env.ctx.reader.day_sales() == []

    pay_with(qtbot, screen, pay)
    assert len(env.ctx.reader.day_sales()) == 1
    assert env.ctx.catalog.get_product(salon.shampoo).stock == -1


def test_voucher_sold_then_redeemed_in_part(qtbot, till):
    screen, env, salon = till()
    ctx = env.ctx

    def sell(dialog):
        type_text(qtbot, dialog.value, "50")
        qtbot.keyClick(dialog.value, ENTER)

    m = Modal(sell)
    screen.voucher_button.click()
    m.check()
    code = screen.ticket.lines[0].voucher_code
    assert screen.ticket.lines[0].kind is LineKind.VOUCHER and screen.totals().total == 5000

    def cash(dialog):
        type_text(qtbot, dialog.cash, "50")
        qtbot.keyClick(dialog.cash, ENTER)

    pay_with(qtbot, screen, cash)
    assert ctx.reader.voucher(code, "GBP").balance == 5000
    assert screen.posted_banner.voucher_button.isVisible()

    # A second ticket: a haircut (45.00) paid with the voucher; 5.00 stays on it. A
    # walk-in has no stylist by default (Mina at the desk does not cut): F2, "sa", Enter.
    add(qtbot, screen, "haircut")
    assert screen.ticket.lines[0].staff_id is None
    choose_staff(qtbot, screen, "sa")
    assert screen.ticket.lines[0].staff_id == salon.sara

    def redeem(dialog):
        type_text(qtbot, dialog.voucher_code, code.lower())
        assert "Balance: £50.00" in dialog.voucher_info.text()
        assert dialog.voucher_amount.value() == 4500  # what remains, not the whole voucher
        qtbot.keyClick(dialog.voucher_code, ENTER)

    pay_with(qtbot, screen, redeem)
    assert ctx.reader.voucher(code, "GBP").balance == 500
    sale = ctx.reader.get(ctx.reader.day_sales()[0].id)
    assert [(p.method, p.amount, p.voucher_code) for p in sale.payments] == [
        ("voucher", 4500, code)
    ]


def test_parked_tickets_survive_a_restart(qtbot, till, tmp_path):
    screen, env, salon = till()
    screen.start(salon.anna)
    add(qtbot, screen, "colour")
    anna_uuid = screen.ticket.uuid
    qtbot.keyClick(screen.entry, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    add(qtbot, screen, BARCODE)
    add(qtbot, screen, BARCODE)  # the same product again: quantity 2 on the same line
    assert [(ln.description, ln.qty) for ln in screen.ticket.lines] == [("Shampoo", 2)]
    assert len(screen.open_model.rows) == 2
    screen.close()

    # A new window over the same database (after closing, or on another desk).
    ctx2 = open_context(data_dir=env.ctx.data_dir, today=env.ctx.clients.today)
    try:
        env2 = UiEnv(ctx2, Formatter("en", "GBP"), desk_staff_id=env.desk_staff_id)
        again = CheckoutScreen(env2)
        qtbot.addWidget(again)
        rows = again.open_model.rows
        assert [(r.client_id, r.lines, r.total) for r in rows] == [
            (salon.anna, 1, 12000),
            (None, 1, 7980),
        ]
        assert again.open_model.data(again.open_model.index(1, 0)) == "Walk-in"
        again.start(salon.anna)  # her parked ticket, not a new one
        assert again.ticket.uuid == anna_uuid
        assert [ln.description for ln in again.ticket.lines] == ["Colour"]
        assert again.header.allergy.isVisibleTo(again)
    finally:
        ctx2.close()


def test_repeat_last_visit(qtbot, till):
    screen, env, salon = till()
    ctx = env.ctx
    ctx.sales.post(
        TicketDraft(
            client_id=salon.anna,
            lines=[
                LineDraft(
                    LineKind.SERVICE,
                    "Haircut",
                    4500,
                    1,
                    2300,
                    staff_id=salon.sara,
                    service_id=salon.cut,
                ),
                LineDraft(
                    LineKind.SERVICE,
                    "Colour",
                    12000,
                    1,
                    2300,
                    staff_id=salon.sara,
                    service_id=salon.colour,
                ),
            ],
            payments=[PaymentDraft(PayMethod.CARD, 16500)],
        ),
        env.actor(),
    )
    screen.start(None)
    assert not screen.repeat_button.isEnabled()  # a walk-in has no last visit
    screen.start(salon.anna)
    qtbot.keyClick(screen.entry, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert screen.message.text() == ""
    assert [(ln.service_id, ln.staff_id) for ln in screen.ticket.lines] == [
        (salon.cut, salon.sara),
        (salon.colour, salon.sara),
    ]
    assert screen.total_value.text() == "£165.00"
    assert len(ctx.tickets.load(screen.ticket.uuid).lines) == 2


def test_walk_in_cannot_pay_by_account(qtbot, till):
    screen, env, salon = till()
    add(qtbot, screen, "haircut")
    choose_staff(qtbot, screen, "Sara")
    assert screen.ticket.client_id is None
    assert not screen.account_button.isEnabled()

    def look(dialog):
        assert not dialog.account.isEnabled()
        assert dialog.account_info.text() == ("A walk-in has no account: choose the client first.")
        type_text(qtbot, dialog.account, "45")  # disabled: nothing typed
        assert dialog.account.value() is None
        dialog.reject()

    pay_with(qtbot, screen, look)
    # A client can: the account is charged, she owes it afterwards.
    screen.start(salon.anna)

    def account(dialog):
        assert dialog.account.isEnabled()
        type_text(qtbot, dialog.account, "=")
        qtbot.keyClick(dialog.account, ENTER)

    add(qtbot, screen, "haircut")
    pay_with(qtbot, screen, account)
    assert env.ctx.reader.balance(salon.anna) == -4500
    screen.start(salon.anna)
    assert screen.header.balance_label.text() == "Account: owes £45.00"


def test_banner_after_restart(qtbot, till):
    screen, env, salon = till()
    ctx = env.ctx
    assert not screen.restart_banner.frame.isVisibleTo(screen)
    posted = ctx.sales.post(
        TicketDraft(
            lines=[LineDraft(LineKind.PRODUCT, "Shampoo", 3990, product_id=salon.shampoo)],
            payments=[PaymentDraft(PayMethod.CASH, 3990)],
        )
    )
    ctx.desk.update(last_sale_uuid=ctx.reader.get(posted.sale_id).uuid)
    again = CheckoutScreen(env)
    qtbot.addWidget(again)
    text = again.restart_banner.text.text()
    assert re.fullmatch(
        r"Last sale: receipt \u2066" + re.escape(posted.receipt_no) + r"\u2069 posted at \d\d:\d\d",
        text,
    ), text

    # A ticket sent for posting that never got there (a crash): still open.
    screen.start(salon.anna)
    add(qtbot, screen, "haircut")
    ctx.desk.update(last_sale_uuid=screen.ticket.uuid)
    third = CheckoutScreen(env)
    qtbot.addWidget(third)
    assert third.restart_banner.text.text() == (
        "The last sale was NOT posted — its ticket is still open"
    )
    assert third.restart_banner.open_button.isVisibleTo(third)
    third.restart_banner.open_button.click()
    assert third.ticket.uuid == screen.ticket.uuid


def test_persian_checkout_shows_persian_digits(qtbot, till):
    screen, env, salon = till("fa")
    screen.start(salon.anna)
    add(qtbot, screen, "haircut")
    add(qtbot, screen, BARCODE)
    assert screen.layoutDirection() == Qt.LayoutDirection.RightToLeft
    total = screen.total_value.text()
    assert total == "۸٬۴۹۰ تومان", total  # 84,900 rials
    for text in (
        total,
        screen.subtotal_value.text(),
        screen.tax_value.text(),
        screen.model.data(screen.model.index(0, screen.model.COL_TOTAL)),
        screen.open_model.data(screen.open_model.index(0, 2)),
    ):
        assert not re.search("[0-9]", text), text


def test_service_needs_its_staff_member_chosen_in_the_table(qtbot, make_env):
    env = make_env("en", staff=None)  # nobody at the desk: no default for a walk-in
    salon = stock_salon(env)
    screen = CheckoutScreen(env)
    qtbot.addWidget(screen)
    screen.show()
    add(qtbot, screen, "haircut")
    assert screen.ticket.lines[0].staff_id is None
    screen.pay()  # refused before any payment is taken
    assert screen.message.text() == "Line 1: Choose who did this service."
    assert screen.table.currentIndex().column() == screen.model.COL_STAFF
    qtbot.keyClick(screen.table, ENTER)  # Enter opens the staff combo
    combo = screen.table.findChild(QComboBox, "staffEditor")
    assert combo is not None
    combo.setCurrentIndex(combo.findData(salon.sara))
    combo.activated.emit(combo.currentIndex())
    assert screen.ticket.lines[0].staff_id == salon.sara
    assert env.ctx.tickets.load(screen.ticket.uuid).lines[0].staff_id == salon.sara
    assert screen.model.data(screen.model.index(0, screen.model.COL_STAFF)) == "\u2068Sara\u2069"
    # + and - in the table change the quantity; Delete removes the line.
    assert screen.table.state() != screen.table.State.EditingState
    type_text(qtbot, screen.table, "+")
    assert screen.ticket.lines[0].qty == 2 and screen.totals().total == 9000
    qtbot.keyClick(screen.table, Qt.Key.Key_Delete)
    assert screen.ticket.lines == []
    assert env.ctx.tickets.load(screen.ticket.uuid) is None  # an empty walk-in is not parked


def test_refund_of_one_product_from_todays_sales(qtbot, till):
    """Two shampoos sold; one comes back: the receptionist picks the quantity, gives a
    reason and pays it back by card. Stock and the day's report follow."""
    screen, env, salon = till(stock=5)
    ctx = env.ctx
    screen.start(salon.anna)
    add(qtbot, screen, "haircut")
    add(qtbot, screen, BARCODE)
    add(qtbot, screen, BARCODE)  # the same product again: quantity 2
    assert [ln.qty for ln in screen.ticket.lines] == [1, 2]
    # The shampoo is credited to whoever did the cut (Sara, who recommended it).
    assert [ln.staff_id for ln in screen.ticket.lines] == [salon.sara, salon.sara]

    def card(dialog):
        type_text(qtbot, dialog.card, "124.80")
        qtbot.keyClick(dialog.card, ENTER)

    pay_with(qtbot, screen, card)
    sale = ctx.reader.by_uuid(ctx.desk.load().last_sale_uuid)
    assert ctx.catalog.get_product(salon.shampoo).stock == 3
    screen.tabs.setCurrentWidget(screen.recent)
    screen.recent.select(sale.id)
    shampoo_line = sale.lines[1]

    def refund(dialog):
        spin = dialog.spins[shampoo_line.id]
        assert spin.maximum() == 2 and sale.lines[0].id in dialog.spins  # the cut too
        click_button(dialog, "Refund")
        assert dialog.isVisible() and dialog.error.text() == "Choose what is given back."
        spin.setValue(1)
        click_button(dialog, "Refund")
        assert dialog.isVisible() and dialog.error.text() == "Give a reason."
        type_text(qtbot, dialog.reason, "Allergic to it")
        dialog.method.setCurrentIndex(dialog.method.findData("card"))
        click_button(dialog, "Refund")

    m = Modal(refund)
    screen.recent.refund_button.click()
    m.check()
    refund_sale = ctx.reader.by_receipt(ctx.reader.get(sale.id).corrections[0][1])
    assert refund_sale.kind == "refund" and refund_sale.reason == "Allergic to it"
    assert [(ln.description, ln.qty, ln.total) for ln in refund_sale.lines] == [
        ("Shampoo", -1, -3990)
    ]
    assert [(p.method, p.amount) for p in refund_sale.payments] == [("card", -3990)]
    assert ctx.catalog.get_product(salon.shampoo).stock == 4
    assert ctx.reader.refundable(sale.id)[shampoo_line.id] == 1
    report = ctx.till.report()
    assert (report.refunds_count, report.refunds_total) == (1, -3990)
    assert dict(report.by_method)["card"] == 12480 - 3990
    assert screen.recent.model.rows[0].kind == "refund"


def test_a_walk_in_ticket_becomes_the_clients_when_chosen_at_the_till(qtbot, till):
    screen, env, salon = till()
    screen.start(None)
    add(qtbot, screen, "haircut")
    uuid = screen.ticket.uuid
    qtbot.keyClick(screen.entry, Qt.Key.Key_F3)  # "and your name?"
    type_text(qtbot, screen.picker.edit, "Nowak")
    qtbot.keyClick(screen.picker.edit, ENTER)
    assert screen.ticket.uuid == uuid and screen.ticket.client_id == salon.anna
    assert [ln.description for ln in screen.ticket.lines] == ["Haircut"]
    assert "PPD hair dye" in screen.header.allergy_text.text()  # her alert shows at once
    saved = env.ctx.tickets.load(uuid)
    assert saved.client_id == salon.anna and len(env.ctx.tickets.list()) == 1


def test_an_older_sale_is_found_by_its_receipt_number_and_refunded(qtbot, till):
    """A shampoo bought last week comes back: the receptionist types the receipt number
    as she reads it (Persian digits, no leading zeros) and refunds it."""
    import datetime as dt

    from tests.ui.sales_data import sales_on

    screen, env, salon = till("fa")
    ctx = env.ctx
    last_week = ctx.clients.today() - dt.timedelta(days=7)
    ticket = TicketDraft(
        client_id=salon.anna,
        lines=[LineDraft(LineKind.PRODUCT, "Shampoo", 39_900, 1, 2300, product_id=salon.shampoo)],
        payments=[PaymentDraft(PayMethod.CARD, 39_900)],
    )
    old = sales_on(ctx, last_week).post(ticket, env.actor())
    screen.tabs.setCurrentWidget(screen.recent)
    screen.recent.refresh()
    assert screen.recent.model.rows == []  # nothing sold today
    year, number = old.receipt_no.split("/")
    type_text(qtbot, screen.recent.find_edit, Formatter("fa").digits("9999/1"))
    qtbot.keyClick(screen.recent.find_edit, ENTER)
    assert screen.recent.find_error.isVisible() and screen.recent.model.rows == []
    screen.recent.find_edit.clear()
    type_text(qtbot, screen.recent.find_edit, Formatter("fa").digits(f"{year}/{int(number)}"))
    qtbot.keyClick(screen.recent.find_edit, ENTER)
    assert [r.id for r in screen.recent.model.rows] == [old.sale_id]
    assert screen.recent.refund_button.isEnabled() and not screen.recent.find_error.isVisible()

    def refund(dialog):
        next(iter(dialog.spins.values())).setValue(1)
        type_text(qtbot, dialog.reason, "بازگشت کالا")
        dialog.findChild(QPushButton, "okButton").click()

    m = Modal(refund)
    screen.recent.refund_button.click()
    m.check()
    rows = screen.recent.model.rows
    assert [r.kind for r in rows] == ["sale", "refund"]  # the sale and its refund
    assert ctx.catalog.get_product(salon.shampoo).stock == 10  # back on the shelf
    screen.recent.find_edit.clear()  # back to today's sales: the refund was posted today
    assert [r.kind for r in screen.recent.model.rows] == ["refund"]
