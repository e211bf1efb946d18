"""The checkout's panels, built onto the screen: the left column (client search,
open tickets, today's sales), the row of ticket actions and the totals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.i18n import _
from salon_desktop.ui.checkout.open_tickets import OpenTicketsModel
from salon_desktop.ui.checkout.payment_dialog import big
from salon_desktop.ui.widgets.client_picker import ClientPicker

if TYPE_CHECKING:
    from salon_desktop.ui.checkout.screen import CheckoutScreen


def _button(text: str, tip: str, slot, name: str) -> QPushButton:
    b = QPushButton(text)
    b.setObjectName(name)
    b.setToolTip(tip)
    b.setAutoDefault(False)
    b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    b.clicked.connect(slot)
    return b


def build_left(s: CheckoutScreen) -> QWidget:
    s.picker = ClientPicker(s.env, s)
    s.picker.setObjectName("checkoutClientPicker")
    s.picker.client_picked.connect(s._client_picked)
    s.open_table = QTableView(s)
    s.open_table.setObjectName("openTickets")
    s.open_table.setModel(s.open_model)
    s.open_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    s.open_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    s.open_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    s.open_table.verticalHeader().hide()
    head = s.open_table.horizontalHeader()
    head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    head.setSectionResizeMode(OpenTicketsModel.COL_CLIENT, QHeaderView.ResizeMode.Stretch)
    s.open_table.activated.connect(lambda i: s.switch_to(i.data(OpenTicketsModel.UuidRole)))
    s.open_table.clicked.connect(lambda i: s.switch_to(i.data(OpenTicketsModel.UuidRole)))
    s.new_button = _button(
        _("New ticket"), _("A new ticket for a walk-in (Ctrl+T)"), s.new_ticket, "newTicket"
    )
    s.discard_button = _button(
        _("Discard"), _("Throw away this ticket"), s.discard_ticket, "discardTicket"
    )
    tickets = QWidget()
    lay = QVBoxLayout(tickets)
    lay.setContentsMargins(4, 4, 4, 4)
    find = QLabel(_("&Client (F3):"))
    find.setBuddy(s.picker.edit)
    lay.addWidget(find)
    lay.addWidget(s.picker)
    lay.addWidget(s.open_table, 1)
    row = QHBoxLayout()
    row.addWidget(s.new_button)
    row.addWidget(s.discard_button)
    lay.addLayout(row)
    s.tabs = QTabWidget(s)
    s.tabs.setObjectName("checkoutTabs")
    s.tabs.addTab(tickets, _("Open tickets"))
    s.tabs.addTab(s.recent, _("Today's sales"))
    s.tabs.setMinimumWidth(260)
    return s.tabs


def build_actions(s: CheckoutScreen) -> QHBoxLayout:
    s.repeat_button = _button(
        _("Repeat last visit"),
        _("Add the services of the last visit (Ctrl+R)"),
        s.repeat_last_visit,
        "repeatLastVisit",
    )
    s.voucher_button = _button(
        _("Gift voucher…"), _("Sell a gift voucher (Ctrl+G)"), s.sell_voucher, "sellVoucher"
    )
    s.account_button = _button(
        _("Pay into account…"),
        _("Money paid into the client's account (Ctrl+Shift+A)"),
        s.pay_into_account,
        "payIntoAccount",
    )
    s.discount_button = _button(
        _("Line discount…"),
        _("Discount on the chosen line (Ctrl+D)"),
        s.line_discount,
        "lineDiscount",
    )
    s.ticket_discount_button = _button(
        _("Ticket discount…"),
        _("Discount on the whole ticket (Ctrl+Shift+D)"),
        s.ticket_discount,
        "ticketDiscount",
    )
    s.remove_button = _button(
        _("Remove line"), _("Remove the chosen line (Delete)"), s.remove_line, "removeLine"
    )
    row = QHBoxLayout()
    for b in (
        s.repeat_button,
        s.voucher_button,
        s.account_button,
        s.discount_button,
        s.ticket_discount_button,
        s.remove_button,
    ):
        row.addWidget(b)
    row.addStretch(1)
    return row


def build_totals(s: CheckoutScreen) -> QHBoxLayout:
    grid = QGridLayout()
    grid.setHorizontalSpacing(16)
    grid.setVerticalSpacing(2)
    s.subtotal_value, s.discount_value, s.tax_value = QLabel(), QLabel(), QLabel()
    s.total_value = big(QLabel(), 1.8)
    s.total_value.setObjectName("ticketTotal")
    s.discount_value.setStyleSheet("color: #1b5e20;")
    s.ticket_discount_label = QLabel()
    s.ticket_discount_label.setObjectName("ticketDiscountReason")
    s.ticket_discount_label.setStyleSheet("color: #1b5e20;")
    end = Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter
    total_caption = big(QLabel(_("Total")), 1.3)
    for r, (caption, value) in enumerate(
        (
            (QLabel(_("Subtotal")), s.subtotal_value),
            (QLabel(_("Discounts")), s.discount_value),
            (
                QLabel(_("Tax included")) if not s.env.ctx.salon.net_pricing else QLabel(_("Tax")),
                s.tax_value,
            ),
            (total_caption, s.total_value),
        )
    ):
        grid.addWidget(caption, r, 0)
        grid.addWidget(value, r, 1, end)
    s.tax_caption = grid.itemAtPosition(2, 0).widget()
    s.pay_button = QPushButton(_("Pay (F12)"))
    s.pay_button.setObjectName("payButton")
    s.pay_button.setToolTip(_("Take the money and post the sale (F12 or Ctrl+Enter)"))
    s.pay_button.setAutoDefault(False)
    s.pay_button.setMinimumHeight(56)
    s.pay_button.setMinimumWidth(160)
    big(s.pay_button, 1.3)
    s.pay_button.setStyleSheet("QPushButton:enabled { background: #1b5e20; color: white; }")
    s.pay_button.clicked.connect(s.pay)
    row = QHBoxLayout()
    row.addWidget(s.ticket_discount_label, 1, Qt.AlignmentFlag.AlignTop)
    row.addLayout(grid)
    row.addSpacing(16)
    row.addWidget(s.pay_button, 0, Qt.AlignmentFlag.AlignBottom)
    return row
