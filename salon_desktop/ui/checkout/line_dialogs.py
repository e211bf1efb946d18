"""Small dialogs of the ticket: a discount (on a line or the whole ticket), selling a
gift voucher, money paid into the client's account."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.money import max_amount
from salon_desktop.domain.sale import (
    Discount,
    DiscountKind,
    LineDraft,
    LineKind,
    TicketDraft,
    check_lines,
)
from salon_desktop.domain.validation import Errors
from salon_desktop.i18n import _
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.widgets.date_field import DateField
from salon_desktop.ui.widgets.forms import ErrorLabel, error_text
from salon_desktop.ui.widgets.money_field import MoneyField, PercentField

REASON_MESSAGE = "Give a reason for the discount."


def _with_error(widget: QWidget, label: ErrorLabel) -> QWidget:
    box = QWidget()
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(2)
    lay.addWidget(widget)
    lay.addWidget(label)
    return box


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox()
    ok = box.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    ok.setDefault(True)
    ok.setObjectName("okButton")
    cancel = box.addButton(QDialogButtonBox.StandardButton.Cancel)
    cancel.setText(_("Cancel"))
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class DiscountDialog(QDialog):
    """Percent or amount, and the reason (required). ``discount`` is the result;
    ``None`` after "Remove discount"."""

    def __init__(
        self,
        env: UiEnv,
        base: int,
        current: Discount | None,
        title: str,
        what: str,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("discountDialog")
        self._env, self._base = env, base
        self.discount: Discount | None = current
        self.percent_radio = QRadioButton(_("&Percent"))
        self.amount_radio = QRadioButton(_("&Amount"))
        self.percent = PercentField(language=env.fmt.language)
        self.percent.setObjectName("discountPercent")
        self.amount = MoneyField(
            env.ctx.salon.currency,
            language=env.fmt.language,
            maximum=max_amount(env.ctx.salon.currency),
        )
        self.amount.setObjectName("discountAmount")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.percent)
        self.stack.addWidget(self.amount)
        self.reason = QLineEdit()
        self.reason.setObjectName("discountReason")
        self.reason.setPlaceholderText(_("e.g. regular client, complaint, staff"))
        self.value_error, self.reason_error = ErrorLabel(), ErrorLabel()
        kinds = QHBoxLayout()
        kinds.addWidget(self.percent_radio)
        kinds.addWidget(self.amount_radio)
        kinds.addStretch(1)
        form = QFormLayout()
        form.addRow(QLabel(what))
        form.addRow(_("Discount as:"), kinds)
        form.addRow(_("Discount:"), _with_error(self.stack, self.value_error))
        form.addRow(_("Reason:"), _with_error(self.reason, self.reason_error))
        buttons = _buttons(self, _("Apply"))
        if current is not None:
            remove = QPushButton(_("Remove discount"))
            remove.setObjectName("removeDiscount")
            remove.setAutoDefault(False)
            remove.clicked.connect(self._remove)
            buttons.addButton(remove, QDialogButtonBox.ButtonRole.DestructiveRole)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(buttons)
        self.percent_radio.toggled.connect(self._kind_chosen)
        if current is not None and current.kind is DiscountKind.AMOUNT:
            self.amount_radio.setChecked(True)
            self.amount.set_value(current.value)
        else:
            self.percent_radio.setChecked(True)
            if current is not None:
                self.percent.set_bp(current.value)
        self.reason.setText(current.reason if current else "")
        self._focus_value()

    def _kind_chosen(self, percent: bool) -> None:
        self.stack.setCurrentIndex(0 if percent else 1)
        self._focus_value()

    def _focus_value(self) -> None:
        field = self.stack.currentWidget()
        if field is not None:
            field.setFocus()

    def _remove(self) -> None:
        self.discount = None
        super().accept()

    def accept(self) -> None:
        self.value_error.clear_error()
        self.reason_error.clear_error()
        is_pct = self.percent_radio.isChecked()
        field = self.percent if is_pct else self.amount
        value = self.percent.value_bp() if is_pct else self.amount.value()
        if not field.is_valid():
            self.value_error.show_error(field.error())
            field.setFocus()
            return
        if not value:
            self.value_error.show_error(_("Enter the discount."))
            field.setFocus()
            return
        d = Discount(
            DiscountKind.PERCENT if is_pct else DiscountKind.AMOUNT,
            value,
            self.reason.text().strip(),
        )
        trial = TicketDraft(lines=[LineDraft(LineKind.PRODUCT, "x", self._base, discount=d)])
        errors = Errors()
        check_lines(trial, self._env.ctx.salon.currency, errors)
        for e in errors.errors:
            if e.message == REASON_MESSAGE or e.message == "This field is required.":
                self.reason_error.show_error(error_text(e, self._env.fmt))
            elif e.field == "lines.0":
                self.value_error.show_error(error_text(e, self._env.fmt))
        if any(e.field == "lines.0" for e in errors.errors):
            (
                self.reason
                if self.reason_error.isVisible() and not self.value_error.isVisible()
                else field
            ).setFocus()
            return
        self.discount = d
        super().accept()


class VoucherSaleDialog(QDialog):
    """A gift voucher sold: its code (made fresh), value and expiry."""

    def __init__(self, env: UiEnv, today: dt.date, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Sell a gift voucher"))
        self.setObjectName("voucherSaleDialog")
        self._env = env
        self.line: LineDraft | None = None
        cur = env.ctx.salon.currency
        self.code = QLineEdit(env.ctx.sales.new_voucher_code())
        self.code.setObjectName("voucherCode")
        self.value = MoneyField(cur, language=env.fmt.language, maximum=max_amount(cur))
        self.value.setObjectName("voucherValue")
        self.expiry = DateField(env.fmt)
        self.expiry.setObjectName("voucherExpiry")
        try:
            self.expiry.setDate(today.replace(year=today.year + 1))
        except ValueError:
            self.expiry.setDate(today + dt.timedelta(days=365))
        self._today = today
        self.code_error, self.value_error, self.expiry_error = (
            ErrorLabel(),
            ErrorLabel(),
            ErrorLabel(),
        )
        form = QFormLayout()
        form.addRow(_("Code:"), _with_error(self.code, self.code_error))
        form.addRow(_("Value:"), _with_error(self.value, self.value_error))
        form.addRow(_("Valid until:"), _with_error(self.expiry, self.expiry_error))
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(_buttons(self, _("Add to ticket")))
        self.value.setFocus()

    def accept(self) -> None:
        for label in (self.code_error, self.value_error, self.expiry_error):
            label.clear_error()
        ok = True
        code = "".join(self.code.text().split()).upper()
        if not code or not code.isascii() or not code.isalnum() or len(code) > 40:
            self.code_error.show_error(_("A code has only Latin letters and digits."))
            ok = False
        if not self.value.is_valid():
            self.value_error.show_error(self.value.error())
            ok = False
        elif not self.value.value():
            self.value_error.show_error(_("Enter an amount above zero."))
            ok = False
        expires = None
        if not self.expiry.is_valid():
            self.expiry_error.show_error(
                _("Not a date. Type it like {example}.").format(
                    example=self._env.fmt.date_pattern()
                )
            )
            ok = False
        else:
            expires = self.expiry.date()
            if expires is not None and expires <= self._today:
                self.expiry_error.show_error(_("The voucher must be valid after today."))
                ok = False
        if not ok:
            return
        self.line = LineDraft(
            LineKind.VOUCHER,
            _("Gift voucher"),
            self.value.value() or 0,
            voucher_code=code,
            expires_on=expires,
        )
        super().accept()


class AccountPaymentDialog(QDialog):
    """Money paid into the client's account: credit ahead, or settling what they owe."""

    def __init__(self, env: UiEnv, client_name: str, balance: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Pay into account"))
        self.setObjectName("accountPaymentDialog")
        cur = env.ctx.salon.currency
        self.line: LineDraft | None = None
        self.amount = MoneyField(cur, language=env.fmt.language, maximum=max_amount(cur))
        self.amount.setObjectName("accountAmount")
        if balance < 0:
            self.amount.set_value(-balance)
            self.amount.selectAll()
        self.error = ErrorLabel()
        form = QFormLayout()
        form.addRow(_("Client:"), QLabel(client_name))
        form.addRow(_("Account balance:"), QLabel(env.fmt.balance(balance, zero_amount=True)))
        form.addRow(_("Amount paid in:"), _with_error(self.amount, self.error))
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(_buttons(self, _("Add to ticket")))
        self.amount.setFocus()

    def accept(self) -> None:
        if not self.amount.is_valid():
            self.error.show_error(self.amount.error())
            return
        if not self.amount.value():
            self.error.show_error(_("Enter an amount above zero."))
            return
        self.line = LineDraft(LineKind.ACCOUNT, _("Payment into account"), self.amount.value() or 0)
        super().accept()
