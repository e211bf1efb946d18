"""Taking the money: cash (tendered, change due), card, gift voucher, the client's
account, any split of them; tips per staff member; an invoice to a company.

Cash is the balancing tender: what is typed there is the cash handed over, and
the part of it that the other methods leave to pay is applied; the rest is the
change. "=" in an amount field fills in what remains. Enter posts once covered.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.money import max_amount
from salon_desktop.domain.sale import (
    PAY_METHOD_LABELS,
    InvoiceBuyer,
    LineKind,
    PaymentDraft,
    PayMethod,
    TicketDraft,
    TipDraft,
    compute,
    validate,
)
from salon_desktop.domain.validation import ValidationError
from salon_desktop.i18n import _
from salon_desktop.services.changes import Changes
from salon_desktop.services.failures import Failure
from salon_desktop.services.sales import OutOfStock, Posted
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Write
from salon_desktop.ui.widgets.forms import ErrorLabel, error_text
from salon_desktop.ui.widgets.money_field import MoneyField

W = TypeVar("W", bound=QWidget)


def big(label: W, factor: float = 1.6) -> W:
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(True)
    label.setFont(font)
    return label


class PaymentDialog(QDialog):
    """``exec()`` posts the sale; ``posted`` holds the result when accepted."""

    def __init__(
        self,
        env: UiEnv,
        ticket: TicketDraft,
        client_name: str,
        balance: int | None,
        staff: dict[int, str],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(_("Payment"))
        self.setObjectName("paymentDialog")
        self.env, self.ticket = env, ticket
        self.posted: Posted | None = None
        ticket.payments, ticket.tips = [], []
        cfg = env.ctx.salon
        self._cur, self._net = cfg.currency, cfg.net_pricing
        self.base = compute(ticket, self._cur, self._net)
        top = max_amount(self._cur)

        def money(name: str) -> MoneyField:
            f = MoneyField(self._cur, language=env.fmt.language, maximum=top)
            f.setObjectName(name)
            f.valueChanged.connect(self._update)
            f.installEventFilter(self)
            return f

        self.cash, self.card = money("cashTendered"), money("cardAmount")
        self.voucher_amount, self.account = money("voucherAmount"), money("accountAmount")
        self.voucher_code = QLineEdit()
        self.voucher_code.setObjectName("voucherCode")
        self.voucher_code.setPlaceholderText(_("Voucher code"))
        self.voucher_code.textChanged.connect(self._voucher_lookup)
        self.voucher_info = QLabel()
        self.voucher_info.setObjectName("voucherInfo")
        self.account_info = QLabel()
        self.account_info.setObjectName("accountInfo")
        self.errors = {m: ErrorLabel() for m in PayMethod}
        self.general_error = ErrorLabel()
        self.general_error.setObjectName("paymentError")

        # -- header: what is due ----------------------------------------------------
        self.due_label = big(QLabel(), 1.8)
        self.due_label.setObjectName("dueLabel")
        who = QLabel(client_name)
        lay = QVBoxLayout(self)
        lay.addWidget(who)
        lay.addWidget(self.due_label)

        # -- the methods ---------------------------------------------------------------
        grid = QGridLayout()
        grid.setColumnStretch(2, 1)
        rows = [
            (PayMethod.CASH, _("Cash &received:"), None, self.cash, None),
            (PayMethod.CARD, _("Car&d:"), None, self.card, None),
            (
                PayMethod.VOUCHER,
                _("&Gift voucher:"),
                self.voucher_code,
                self.voucher_amount,
                self.voucher_info,
            ),
            (PayMethod.ACCOUNT, _("Client &account:"), None, self.account, self.account_info),
        ]
        r = 0
        for method, text, extra, field, info in rows:
            label = QLabel(text)
            label.setBuddy(extra or field)
            grid.addWidget(label, r, 0)
            if extra is not None:
                grid.addWidget(extra, r, 1)
            grid.addWidget(field, r, 2)
            rest = QToolButton()
            rest.setText("=")
            rest.setToolTip(_("Fill in what remains (=)"))
            rest.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            rest.clicked.connect(lambda _c=False, f=field: self.fill_rest(f))
            grid.addWidget(rest, r, 3)
            r += 1
            if info is not None:
                grid.addWidget(info, r, 1, 1, 3)
                r += 1
            grid.addWidget(self.errors[method], r, 1, 1, 3)
            r += 1
            self.errors[method].setToolTip(_(PAY_METHOD_LABELS[method]))
        pay_box = QGroupBox(_("Payment"))
        pay_box.setLayout(grid)
        lay.addWidget(pay_box)
        if ticket.client_id is None:
            self.account.setEnabled(False)
            self.account_info.setText(_("A walk-in has no account: choose the client first."))
        else:
            self.account_info.setText(
                _("Account balance: {balance}").format(
                    balance=env.fmt.balance(balance or 0, zero_amount=True)
                )
            )

        # -- tips ---------------------------------------------------------------------------
        self.tips: dict[int, MoneyField] = {}
        self.tip_errors: dict[int, ErrorLabel] = {}
        tip_staff = list(
            dict.fromkeys(
                ln.staff_id
                for ln in ticket.lines
                if ln.staff_id is not None and ln.kind is LineKind.SERVICE
            )
        )
        if tip_staff:
            tip_box = QGroupBox(_("Tips (optional)"))
            form = QFormLayout(tip_box)
            for sid in tip_staff:
                self.tips[sid] = money(f"tip{sid}")
                self.tip_errors[sid] = ErrorLabel()
                col = QVBoxLayout()
                col.setSpacing(2)
                col.addWidget(self.tips[sid])
                col.addWidget(self.tip_errors[sid])
                form.addRow(staff.get(sid, "?") + ":", col)
            lay.addWidget(tip_box)

        # -- invoice ---------------------------------------------------------------------
        self.invoice_check = QCheckBox(_("&Invoice to a company"))
        self.invoice_check.setObjectName("invoiceCheck")
        self.invoice_box = QWidget()
        form = QFormLayout(self.invoice_box)
        form.setContentsMargins(0, 0, 0, 0)
        self.buyer_name, self.buyer_tax, self.buyer_address = QLineEdit(), QLineEdit(), QLineEdit()
        self.invoice_errors = {k: ErrorLabel() for k in ("name", "tax_id", "address")}
        for key, text, w in (
            ("name", _("Company:"), self.buyer_name),
            ("tax_id", _("Tax number:"), self.buyer_tax),
            ("address", _("Address:"), self.buyer_address),
        ):
            col = QVBoxLayout()
            col.setSpacing(2)
            col.addWidget(w)
            col.addWidget(self.invoice_errors[key])
            form.addRow(text, col)
        if ticket.invoice:
            self.invoice_check.setChecked(True)
            self.buyer_name.setText(ticket.invoice.name)
            self.buyer_tax.setText(ticket.invoice.tax_id)
            self.buyer_address.setText(ticket.invoice.address)
        self.invoice_box.setVisible(self.invoice_check.isChecked())
        self.invoice_check.toggled.connect(self._invoice_toggled)
        lay.addWidget(self.invoice_check)
        lay.addWidget(self.invoice_box)

        # -- what remains, the change ----------------------------------------------------------
        self.paid_label = QLabel()
        self.remaining_label = big(QLabel(), 1.3)
        self.remaining_label.setObjectName("remainingLabel")
        self.change_label = big(QLabel(), 2.2)
        self.change_label.setObjectName("changeLabel")
        self.change_label.setStyleSheet("color: #0d47a1;")
        self.change_label.setWordWrap(True)  # never clipped, even with a long Toman amount
        self.remaining_label.setWordWrap(True)
        lay.addWidget(self.paid_label)
        lay.addWidget(self.remaining_label)
        lay.addWidget(self.change_label)
        lay.addWidget(self.general_error)
        buttons = QDialogButtonBox()
        self.post_button = buttons.addButton(_("Post sale"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.post_button.setObjectName("postButton")
        self.post_button.setDefault(True)
        self._post_text = self.post_button.text()
        self._busy = False
        self.post_button.setToolTip(_("Post the sale (Enter)"))
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Back to the ticket"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.setMinimumWidth(600)
        self.voucher_info.hide()
        self._update()
        self.cash.setFocus()

    # -- the money -------------------------------------------------------------------------
    def _tip_total(self) -> int:
        return sum(f.value() or 0 for f in self.tips.values())

    def due(self) -> int:
        return self.base.total + self._tip_total()

    def _noncash(self) -> int:
        return sum(
            f.value() or 0 for f in (self.card, self.voucher_amount, self.account) if f.isEnabled()
        )

    def cash_applied(self) -> int:
        return min(self.cash.value() or 0, max(0, self.due() - self._noncash()))

    def payments(self) -> list[tuple[PayMethod, PaymentDraft]]:
        out = []
        for method, field in (
            (PayMethod.CARD, self.card),
            (PayMethod.VOUCHER, self.voucher_amount),
            (PayMethod.ACCOUNT, self.account),
        ):
            if field.isEnabled() and field.value():
                code = self.voucher_code.text() if method is PayMethod.VOUCHER else ""
                out.append((method, PaymentDraft(method, field.value() or 0, 0, code)))
        applied = self.cash_applied()
        if applied:
            out.append(
                (PayMethod.CASH, PaymentDraft(PayMethod.CASH, applied, self.cash.value() or 0))
            )
        return out

    def change(self) -> int:
        return (self.cash.value() or 0) - self.cash_applied()

    def remaining(self) -> int:
        return max(0, self.due() - self._noncash() - self.cash_applied())

    def fill_rest(self, field: MoneyField) -> None:
        own = field.value() or 0 if field is not self.cash else self.cash_applied()
        rest = self.remaining() + own
        field.set_value(rest if rest else None)
        field.setFocus()
        field.selectAll()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(obj, MoneyField)
            and event.text() == "="
        ):
            self.fill_rest(obj)
            return True
        return super().eventFilter(obj, event)

    def _update(self, *_args) -> None:
        fmt = self.env.fmt
        self.due_label.setText(_("To pay: {amount}").format(amount=fmt.amount(self.due())))
        paid = self._noncash() + self.cash_applied()
        self.paid_label.setText(_("Paid: {amount}").format(amount=fmt.amount(paid)))
        rest = self.remaining()
        if rest:
            self.remaining_label.setText(_("Remaining: {amount}").format(amount=fmt.amount(rest)))
            self.remaining_label.setStyleSheet("color: #b00020;")
        else:
            over = self._noncash() - self.due()
            self.remaining_label.setText(
                _("Paid in full")
                if over <= 0
                else _("Too much by {amount}").format(amount=fmt.amount(over))
            )
            self.remaining_label.setStyleSheet(
                "color: #1b5e20;" if over <= 0 else "color: #b00020;"
            )
        change = self.change()
        self.change_label.setText(_("Change due: {amount}").format(amount=fmt.amount(change)))
        self.change_label.setVisible(bool(self.cash.value()))

    def _voucher_lookup(self, code: str) -> None:
        code = code.strip()
        self.voucher_info.setVisible(len(code) >= 4)
        if len(code) < 4:
            self.voucher_info.clear()
            return
        v = self.env.ctx.reader.voucher(code, self._cur)
        fmt = self.env.fmt
        if v is None:
            self.voucher_info.setText(_("No gift voucher has this code."))
            self.voucher_info.setStyleSheet("color: #b00020;")
            return
        text = _("Balance: {amount}").format(amount=fmt.amount(v.balance))
        if v.expires_on:
            text += " · " + _("valid until {day}").format(day=fmt.date(v.expires_on))
        expired = v.expired(self.env.ctx.clients.today())
        if expired:
            text += " · " + _("expired")
        self.voucher_info.setText(text)
        self.voucher_info.setStyleSheet("color: #b00020;" if expired or not v.balance else "")
        if not self.voucher_amount.value() and v.balance and not expired:
            self.voucher_amount.set_value(min(v.balance, self.remaining()) or None)

    def _invoice_toggled(self, on: bool) -> None:
        self.invoice_box.setVisible(on)
        if on:
            self.buyer_name.setFocus()
        self.adjustSize()

    # -- posting ---------------------------------------------------------------------------
    def _clear_errors(self) -> None:
        for label in [
            *self.errors.values(),
            *self.tip_errors.values(),
            *self.invoice_errors.values(),
            self.general_error,
        ]:
            label.clear_error()

    def _fill_ticket(self) -> list[PayMethod] | None:
        """Put the payments, tips and invoice on the ticket; None if a field is unreadable."""
        bad = False
        fields = {
            PayMethod.CASH: self.cash,
            PayMethod.CARD: self.card,
            PayMethod.VOUCHER: self.voucher_amount,
            PayMethod.ACCOUNT: self.account,
        }
        for method, f in fields.items():
            if not f.is_valid():
                self.errors[method].show_error(f.error())
                bad = True
        for sid, f in self.tips.items():
            if not f.is_valid():
                self.tip_errors[sid].show_error(f.error())
                bad = True
        if bad:
            return None
        pays = self.payments()
        self.ticket.payments = [p for _m, p in pays]
        self.ticket.tips = [
            TipDraft(sid, f.value() or 0) for sid, f in self.tips.items() if f.value()
        ]
        self.ticket.invoice = (
            InvoiceBuyer(self.buyer_name.text(), self.buyer_tax.text(), self.buyer_address.text())
            if self.invoice_check.isChecked()
            else None
        )
        return [m for m, _p in pays]

    def accept(self) -> None:
        if self._busy:
            return
        self._clear_errors()
        methods = self._fill_ticket()
        if methods is None:
            return
        try:
            validate(self.ticket, self._cur, self._net)
        except ValidationError as exc:
            self._show(exc, methods)
            return
        self._post(methods, allow_out_of_stock=False)

    def _post(
        self, methods: list[PayMethod], allow_out_of_stock: bool, approved_by: int | None = None
    ) -> None:
        """Post in the background (a busy database must not freeze the desk); the
        dialog closes when the sale is in, or says why it is not."""
        ticket, actor, client_id = self.ticket, self.env.actor(), self.ticket.client_id

        def call(ctx):
            # Written before the post: after a crash the checkout says whether it went in.
            ctx.desk.update(last_sale_uuid=ticket.uuid)
            try:
                return ctx.sales.post(
                    ticket, actor, allow_out_of_stock=allow_out_of_stock, approved_by=approved_by
                )
            except OutOfStock as exc:
                return exc  # asked on the UI thread: sell anyway?

        def changes(result) -> Changes:
            if not isinstance(result, Posted):
                return Changes()
            return Changes.of(
                sales=[result.sale_id],
                clients=[client_id] if client_id is not None else [],
                tickets=True,
                catalog=True,  # stock
            )

        def done(result) -> None:
            self._posting(False)
            if isinstance(result, OutOfStock):
                self._out_of_stock(result, methods)
                return
            self.posted = result
            super(PaymentDialog, self).accept()

        def refused(failure: Failure) -> bool:
            self._posting(False)
            if failure.validation is not None:  # DayClosed too
                self._show(failure.validation, methods)
                return True
            return False

        self._posting(True)
        Write(self.env, self, call, changes=changes).message_to(self.general_error).success(
            done
        ).failure(refused).run_in_background()

    def _posting(self, busy: bool) -> None:
        """While the sale is being posted, Post cannot be pressed twice and the
        dialog does not close (the result must reach the screen)."""
        self._busy = busy
        self.post_button.setEnabled(not busy)
        self.post_button.setText(_("Posting…") if busy else self._post_text)

    def _out_of_stock(self, exc: OutOfStock, methods: list[PayMethod]) -> None:
        """Sell anyway? Whoever is at the desk decides if their role allows it (or
        the salon has no accounts); else a manager's PIN, asked once the write's
        callback is over (checking the PIN is itself a write)."""
        from salon_desktop.domain.permissions import Action

        if not self._sell_anyway(exc):
            self.general_error.show_error(_("Not posted: not enough in stock."))
        elif self.env.ctx.accounts.may(self.env.actor(), Action.SELL_OUT_OF_STOCK):
            self._post(methods, allow_out_of_stock=True)
        else:
            QTimer.singleShot(0, self, lambda: self._managers_decision(methods))

    def _managers_decision(self, methods: list[PayMethod]) -> None:
        from salon_desktop.domain.permissions import Action
        from salon_desktop.ui.login.pin_dialog import ApproveDialog

        dialog = ApproveDialog(self.env, Action.SELL_OUT_OF_STOCK, self)
        if dialog.exec() and dialog.approved is not None:
            self._post(methods, allow_out_of_stock=True, approved_by=dialog.approved)
        else:
            self.general_error.show_error(_("Not posted: not enough in stock."))

    def _sell_anyway(self, exc: OutOfStock) -> bool:
        fmt = self.env.fmt
        items = "\n".join(
            "• "
            + _("{product}: {stock} in stock, {wanted} sold").format(
                product=name, stock=fmt.integer(have), wanted=fmt.integer(want)
            )
            for name, have, want in exc.items
        )
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            _("Not enough in stock"),
            _("There is not enough in stock:")
            + "\n"
            + items
            + "\n\n"
            + _("Sell anyway? This is a manager's decision."),
            parent=self,
        )
        box.setObjectName("outOfStockQuestion")
        yes = box.addButton(_("Sell anyway"), QMessageBox.ButtonRole.YesRole)
        no = box.addButton(_("Do not sell"), QMessageBox.ButtonRole.NoRole)
        box.setDefaultButton(no)
        box.exec()
        return box.clickedButton() is yes

    def _show(self, exc: ValidationError, methods: list[PayMethod]) -> None:
        fmt = self.env.fmt
        tip_ids = [t.staff_id for t in self.ticket.tips]
        general = []
        for err in exc.errors:
            text = error_text(err, fmt)
            name, _sep, rest = err.field.partition(".")
            if name == "payments" and rest.isdigit() and int(rest) < len(methods):
                self.errors[methods[int(rest)]].show_error(text)
            elif name == "tips" and rest.isdigit() and int(rest) < len(tip_ids):
                self.tip_errors[tip_ids[int(rest)]].show_error(text)
            elif name == "invoice" and rest in self.invoice_errors:
                self.invoice_errors[rest].show_error(text)
            elif text not in general:
                general.append(text)
        self.general_error.show_error("\n".join(general))

    def reject(self) -> None:
        if self._busy:
            return  # the sale is being posted: its result must reach the screen
        self.ticket.payments, self.ticket.tips = [], []
        super().reject()
