"""The checkout's panels: the left column (client search, open tickets, today's
sales), the row of ticket actions and the totals with the Pay button. Each is a
widget of its own; the screen connects their buttons to what they do."""

from __future__ import annotations

from collections.abc import Callable

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

from salon_desktop.domain.sale import DISCOUNTABLE, TicketDraft, TicketTotals
from salon_desktop.i18n import _
from salon_desktop.i18n.formatting import isolate
from salon_desktop.ui.checkout.open_tickets import OpenTicketsModel
from salon_desktop.ui.checkout.payment_dialog import big
from salon_desktop.ui.checkout.recent_sales import RecentSales
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.widgets.client_picker import ClientPicker


def _button(text: str, tip: str, slot: Callable[[], object], name: str) -> QPushButton:
    b = QPushButton(text)
    b.setObjectName(name)
    b.setToolTip(tip)
    b.setAutoDefault(False)
    b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    b.clicked.connect(slot)
    return b


class LeftPanel(QTabWidget):
    """Open tickets (with the client search) and today's sales, one tab each."""

    TICKETS, SALES = range(2)

    def __init__(
        self,
        env: UiEnv,
        open_model: OpenTicketsModel,
        recent: RecentSales,
        new_ticket: Callable[[], None],
        discard_ticket: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("checkoutTabs")
        self.picker = ClientPicker(env, self)
        self.picker.setObjectName("checkoutClientPicker")
        self.open_table = QTableView(self)
        self.open_table.setObjectName("openTickets")
        self.open_table.setModel(open_model)
        self.open_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.open_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.open_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.open_table.verticalHeader().hide()
        head = self.open_table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(OpenTicketsModel.COL_CLIENT, QHeaderView.ResizeMode.Stretch)
        self.new_button = _button(
            _("New ticket"), _("A new ticket for a walk-in (Ctrl+T)"), new_ticket, "newTicket"
        )
        self.discard_button = _button(
            _("Discard"), _("Throw away this ticket"), discard_ticket, "discardTicket"
        )
        tickets = QWidget()
        lay = QVBoxLayout(tickets)
        lay.setContentsMargins(4, 4, 4, 4)
        find = QLabel(_("&Client (F3):"))
        find.setBuddy(self.picker.edit)
        lay.addWidget(find)
        lay.addWidget(self.picker)
        lay.addWidget(self.open_table, 1)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.discard_button)
        lay.addLayout(row)
        self.addTab(tickets, _("Open tickets"))
        self.addTab(recent, _("Today's sales (F4)"))
        self.setMinimumWidth(260)


class ActionRow(QGridLayout):
    """The buttons under the ticket's lines, in two rows (the screen fits 1024 pixels
    beside the navigation in every language)."""

    def __init__(
        self,
        repeat: Callable[[], None],
        voucher: Callable[[], None],
        account: Callable[[], None],
        line_discount: Callable[[], None],
        ticket_discount: Callable[[], None],
        remove: Callable[[], None],
    ) -> None:
        super().__init__()
        self.repeat_button = _button(
            _("Repeat last visit"),
            _("Add the services of the last visit (Ctrl+R)"),
            repeat,
            "repeatLastVisit",
        )
        self.voucher_button = _button(
            _("Gift voucher…"), _("Sell a gift voucher (Ctrl+G)"), voucher, "sellVoucher"
        )
        self.account_button = _button(
            _("Pay into account…"),
            _("Money paid into the client's account (Ctrl+Shift+A)"),
            account,
            "payIntoAccount",
        )
        self.discount_button = _button(
            _("Line discount…"),
            _("Discount on the chosen line (Ctrl+D)"),
            line_discount,
            "lineDiscount",
        )
        self.ticket_discount_button = _button(
            _("Ticket discount…"),
            _("Discount on the whole ticket (Ctrl+Shift+D)"),
            ticket_discount,
            "ticketDiscount",
        )
        self.remove_button = _button(
            _("Remove line"), _("Remove the chosen line (Delete)"), remove, "removeLine"
        )
        for i, b in enumerate(
            (
                self.repeat_button,
                self.voucher_button,
                self.account_button,
                self.discount_button,
                self.ticket_discount_button,
                self.remove_button,
            )
        ):
            self.addWidget(b, i // 3, i % 3)
        self.setColumnStretch(3, 1)

    def enable(self, ticket: TicketDraft) -> None:
        any_discountable = any(ln.kind in DISCOUNTABLE for ln in ticket.lines)
        self.discount_button.setEnabled(any_discountable)
        self.ticket_discount_button.setEnabled(any_discountable)
        self.remove_button.setEnabled(bool(ticket.lines))
        has_client = ticket.client_id is not None
        self.repeat_button.setEnabled(has_client)
        self.account_button.setEnabled(has_client)


class TotalsPanel(QHBoxLayout):
    """Subtotal, discounts, tax and the total, large, beside the Pay button."""

    def __init__(self, env: UiEnv, pay: Callable[[], None]) -> None:
        super().__init__()
        self.env = env
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(2)
        self.subtotal_value, self.discount_value, self.tax_value = QLabel(), QLabel(), QLabel()
        self.total_value = big(QLabel(), 1.8)
        self.total_value.setObjectName("ticketTotal")
        self.discount_value.setStyleSheet("color: #1b5e20;")
        self.ticket_discount_label = QLabel()
        self.ticket_discount_label.setObjectName("ticketDiscountReason")
        self.ticket_discount_label.setStyleSheet("color: #1b5e20;")
        end = Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter
        self.tax_caption = QLabel(_("Tax included") if not env.ctx.salon.net_pricing else _("Tax"))
        for r, (caption, value) in enumerate(
            (
                (QLabel(_("Subtotal")), self.subtotal_value),
                (QLabel(_("Discounts")), self.discount_value),
                (self.tax_caption, self.tax_value),
                (big(QLabel(_("Total")), 1.3), self.total_value),
            )
        ):
            grid.addWidget(caption, r, 0)
            grid.addWidget(value, r, 1, end)
        self.pay_button = QPushButton(_("Pay (F12)"))
        self.pay_button.setObjectName("payButton")
        self.pay_button.setToolTip(_("Take the money and post the sale (F12 or Ctrl+Enter)"))
        self.pay_button.setAutoDefault(False)
        self.pay_button.setMinimumHeight(56)
        self.pay_button.setMinimumWidth(160)
        big(self.pay_button, 1.3)
        self.pay_button.setStyleSheet("QPushButton:enabled { background: #1b5e20; color: white; }")
        self.pay_button.clicked.connect(pay)
        self.addWidget(self.ticket_discount_label, 1, Qt.AlignmentFlag.AlignTop)
        self.addLayout(grid)
        self.addSpacing(16)
        self.addWidget(self.pay_button, 0, Qt.AlignmentFlag.AlignBottom)

    def show_totals(self, ticket: TicketDraft, t: TicketTotals) -> None:
        fmt = self.env.fmt
        self.subtotal_value.setText(fmt.amount(t.subtotal))
        self.discount_value.setText(fmt.amount(t.discount))  # green: taken off
        d = ticket.discount
        self.ticket_discount_label.setText(
            _("Ticket discount: {reason}").format(reason=isolate(d.reason)) if d else ""
        )
        self.tax_value.setText(fmt.amount(t.tax))
        self.total_value.setText(fmt.amount(t.total))
        self.pay_button.setEnabled(bool(ticket.lines))
