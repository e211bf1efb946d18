"""The two banners of the till: what became of the last sale after a restart, and
the sale just posted (receipt number, change due, print)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from salon_desktop.i18n import _
from salon_desktop.services.sales import Posted
from salon_desktop.ui.checkout.payment_dialog import big
from salon_desktop.ui.env import UiEnv


def _style(f: QFrame, background: str, color: str, weight: str = "normal") -> None:
    name = f.objectName()
    f.setStyleSheet(
        f"QFrame#{name} {{ background: {background}; border-radius: 4px; }}"
        f"QFrame#{name} QLabel {{ color: {color}; font-weight: {weight}; }}"
    )


def _frame(name: str, background: str, color: str) -> QFrame:
    f = QFrame()
    f.setObjectName(name)
    _style(f, background, color)
    return f


def _close_button(frame: QFrame) -> QToolButton:
    b = QToolButton()
    b.setText("×")
    b.setToolTip(_("Hide"))
    b.setAutoRaise(True)
    b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    b.clicked.connect(frame.hide)
    return b


class RestartBanner(QWidget):
    """After a restart: did the last sale sent from this desk go through?"""

    open_ticket = Signal(str)

    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self.env = env
        self.uuid = ""
        self.frame = _frame("restartBanner", "#e8f5e9", "#1b5e20")
        self.text = QLabel()
        self.text.setObjectName("restartText")
        self.text.setWordWrap(True)
        self.open_button = QPushButton(_("Open the ticket"))
        self.open_button.setAutoDefault(False)
        self.open_button.clicked.connect(lambda: self.open_ticket.emit(self.uuid))
        row = QHBoxLayout(self.frame)
        row.setContentsMargins(10, 4, 4, 4)
        row.addWidget(self.text, 1)
        row.addWidget(self.open_button)
        row.addWidget(_close_button(self.frame))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.frame)
        self.check()

    def check(self) -> None:
        ctx, fmt = self.env.ctx, self.env.fmt
        self.uuid = ctx.desk.load().last_sale_uuid
        self.open_button.hide()
        if not self.uuid:
            self.frame.hide()
            return
        posted = ctx.sales.posted(self.uuid)
        if posted is not None:
            sale = ctx.reader.get(posted.sale_id)
            at = fmt.digits(sale.posted_at.strftime("%H:%M")) if sale else ""
            self.text.setText(
                _("Last sale: receipt {number} posted at {time}").format(
                    number=fmt.receipt(posted.receipt_no), time=at
                )
            )
            _style(self.frame, "#e8f5e9", "#1b5e20")
        else:
            still_open = ctx.tickets.load(self.uuid) is not None
            self.text.setText(
                _("The last sale was NOT posted — its ticket is still open")
                if still_open
                else _("The last sale was NOT posted.")
            )
            self.open_button.setVisible(still_open)
            _style(self.frame, "#fff3e0", "#b00020", "bold")
        self.frame.show()


class PostedBanner(QWidget):
    """The sale just posted: receipt number, change due, print the receipt or voucher."""

    print_receipt = Signal(int)
    print_voucher = Signal(str)

    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self.env = env
        self.sale_id = 0
        self.voucher_codes: list[str] = []
        self.frame = _frame("postedBanner", "#e3f2fd", "#0d47a1")
        self.text = QLabel()
        self.text.setObjectName("postedText")
        self.change = big(QLabel(), 1.8)
        self.change.setObjectName("postedChange")
        self.print_button = QPushButton(_("Print receipt (Ctrl+P)"))
        self.print_button.setObjectName("printReceipt")
        self.voucher_button = QPushButton(_("Print gift voucher"))
        self.voucher_button.setObjectName("printVoucher")
        for b in (self.print_button, self.voucher_button):
            b.setAutoDefault(False)
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.print_button.clicked.connect(lambda: self.print_receipt.emit(self.sale_id))
        self.voucher_button.clicked.connect(self._vouchers)
        row = QHBoxLayout(self.frame)
        row.setContentsMargins(10, 4, 4, 4)
        row.addWidget(self.text, 1)
        row.addWidget(self.change)
        row.addSpacing(12)
        row.addWidget(self.print_button)
        row.addWidget(self.voucher_button)
        row.addWidget(_close_button(self.frame))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.frame)
        self.frame.hide()

    def show_posted(
        self, posted: Posted, voucher_codes: list[str] | None = None, kind_text: str = ""
    ) -> None:
        fmt = self.env.fmt
        self.sale_id = posted.sale_id
        self.voucher_codes = list(voucher_codes or [])
        no = fmt.receipt(posted.receipt_no)
        self.text.setText(
            (kind_text or _("Posted: receipt {number}, total {amount}")).format(
                number=no, amount=fmt.amount(abs(posted.total))
            )
        )
        self.change.setText(
            _("Change: {amount}").format(amount=fmt.amount(posted.change)) if posted.change else ""
        )
        self.change.setVisible(bool(posted.change))
        self.voucher_button.setVisible(bool(self.voucher_codes))
        self.frame.show()

    def _vouchers(self) -> None:
        for code in self.voucher_codes:
            self.print_voucher.emit(code)
