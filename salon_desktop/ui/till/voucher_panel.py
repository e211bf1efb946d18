"""A gift voucher at the desk: its balance, expiry and history, and printing it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.views import VoucherView
from salon_desktop.i18n import _
from salon_desktop.i18n.formatting import isolate, ltr
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.till.models import VoucherMovesModel, table_view
from salon_desktop.ui.widgets.forms import ErrorLabel, align_leading
from salon_desktop.ui.widgets.pdf_preview import PdfPreview


class VoucherPanel(QWidget):
    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self._env = env
        self.voucher: VoucherView | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.code = QLineEdit(self)
        self.code.setObjectName("voucherCode")
        self.code.setPlaceholderText(_("Type or scan the voucher's code"))
        self.code.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # codes read left to right
        self.code.setMaxLength(40)
        self.code.returnPressed.connect(self.look_up)
        self.check_button = QPushButton(_("Check"), self)
        self.check_button.setObjectName("checkVoucher")
        self.check_button.clicked.connect(self.look_up)
        self.print_button = QPushButton(_("Print voucher…"), self)
        self.print_button.setObjectName("printVoucher")
        self.print_button.clicked.connect(self.print_voucher)
        for b in (self.check_button, self.print_button):
            b.setAutoDefault(False)
        bar.addWidget(QLabel(_("Code"), self))
        self.code.setMinimumWidth(260)
        bar.addWidget(self.code)
        bar.addWidget(self.check_button)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        layout.addLayout(bar)
        self.error = ErrorLabel(self)
        self.error.setObjectName("voucherError")
        layout.addWidget(self.error)

        self.details = QWidget(self)
        form = QFormLayout(self.details)
        self.fields: dict[str, QLabel] = {}
        for key, caption in (
            ("code", _("Code")),
            ("balance", _("Balance")),
            ("value", _("Value when sold")),
            ("expires", _("Valid until")),
            ("sold", _("Sold on")),
            ("client", _("For")),
            ("receipt", _("Receipt")),
        ):
            label = align_leading(QLabel(self.details))
            label.setObjectName(f"voucher_{key}")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(caption, label)
            self.fields[key] = label
        font = self.fields["balance"].font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.fields["balance"].setFont(font)
        layout.addWidget(self.details)
        self.model = VoucherMovesModel(env, self)
        self.table = table_view(self.model, self, "voucherHistory", stretch=None)
        layout.addWidget(self.table, 1)
        self.show_voucher(None)

    def look_up(self) -> VoucherView | None:
        self.error.clear_error()
        code = self.code.text().strip()
        if not code:
            self.error.show_error(_("Type the voucher's code."))
            self.show_voucher(None)
            return None
        v = self._env.ctx.reader.voucher(code, self._env.ctx.salon.currency)
        if v is None:
            self.error.show_error(_("No voucher has this code."))
        self.show_voucher(v)
        return v

    def refresh(self) -> None:
        """A sale may have used the voucher on screen: read it again."""
        if self.voucher is not None:
            self.show_voucher(
                self._env.ctx.reader.voucher(self.voucher.code, self._env.ctx.salon.currency)
            )

    def show_voucher(self, v: VoucherView | None) -> None:
        self.voucher = v
        self.details.setVisible(v is not None)
        self.table.setVisible(v is not None)
        self.print_button.setEnabled(v is not None)
        self.model.show_voucher(v)
        if v is None:
            return
        fmt, f = self._env.fmt, self.fields
        today = self._env.ctx.clients.today()
        f["code"].setText(ltr(v.code))
        f["balance"].setText(fmt.amount(v.balance))
        f["value"].setText(fmt.amount(v.initial_value))
        if v.expires_on is None:
            f["expires"].setText(_("No expiry date"))
            f["expires"].setStyleSheet("")
        elif v.expired(today):
            f["expires"].setText(_("{date} — expired").format(date=fmt.date(v.expires_on)))
            f["expires"].setStyleSheet("color: #b00020; font-weight: bold;")
        else:
            f["expires"].setText(fmt.date(v.expires_on))
            f["expires"].setStyleSheet("")
        f["sold"].setText(fmt.date(v.sold_on) or "—")
        f["client"].setText(isolate(v.client_name) or "—")
        f["receipt"].setText(self._env.fmt.receipt(v.receipt_no) or "—")

    def print_voucher(self) -> bytes | None:
        from salon_desktop.documents.voucher import voucher_pdf

        if self.voucher is None:
            return None
        data = voucher_pdf(self.voucher, self._env.ctx.header())
        preview = PdfPreview(data, _("Gift voucher"), f"voucher-{self.voucher.code}.pdf", self)
        try:
            preview.exec()
        finally:
            preview.deleteLater()
        return data
