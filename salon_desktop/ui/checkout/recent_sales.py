"""Today's sales at the till: reprint a receipt, void a sale, refund some of its lines.

A void or refund is a new record in the corrections series (``ctx.sales``);
nothing posted is ever changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.sale import PAY_METHOD_LABELS, SALE_KIND_LABELS, PayMethod, SaleKind
from salon_desktop.i18n import N_, _
from salon_desktop.i18n.formatting import isolate
from salon_desktop.services.changes import Changes
from salon_desktop.services.sales import Posted
from salon_desktop.services.sales_read import SaleRow
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Write
from salon_desktop.ui.widgets.forms import ErrorLabel
from salon_desktop.ui.widgets.rows_model import RowsModel

Index = QModelIndex | QPersistentModelIndex


def _finish_dialog(dialog: QDialog, form: QFormLayout, ok_text: str, width: int) -> None:
    """The form above the dialog's buttons: ``ok_text`` (the default) and Cancel."""
    buttons = QDialogButtonBox()
    ok = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    ok.setObjectName("okButton")
    ok.setDefault(True)
    buttons.addButton(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    lay = QVBoxLayout(dialog)
    lay.addLayout(form)
    lay.addWidget(buttons)
    dialog.setMinimumWidth(width)


class DaySalesModel(RowsModel):
    COL_RECEIPT, COL_TIME, COL_CLIENT, COL_TOTAL = range(4)
    HEADERS = (N_("Receipt"), N_("Time"), N_("Client"), N_("Total"))

    def __init__(self, env: UiEnv, parent=None):
        super().__init__(parent)
        self._env = env
        self.rows: list[SaleRow] = []

    def refresh(self) -> None:
        self.set_rows(self._env.ctx.reader.day_sales())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r, col, fmt = self.rows[index.row()], index.column(), self._env.fmt
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.COL_RECEIPT:
                no = fmt.receipt(r.receipt_no)
                return (
                    no
                    if r.kind == SaleKind.SALE
                    else f"{no} {_(SALE_KIND_LABELS[SaleKind(r.kind)])}"
                )
            if col == self.COL_TIME:
                return fmt.digits(r.posted_at.strftime("%H:%M"))
            if col == self.COL_CLIENT:
                return isolate(r.client_name) if r.client_name else _("Walk-in")
            return fmt.amount(r.total, with_symbol=False)
        if role == Qt.ItemDataRole.ToolTipRole and r.voided:
            return _("Voided")
        if role == Qt.ItemDataRole.ForegroundRole and (r.voided or r.kind != SaleKind.SALE):
            return QColor("#888888")
        if role == Qt.ItemDataRole.FontRole and r.voided:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.COL_TOTAL:
            return int(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
        return None


class VoidDialog(QDialog):
    def __init__(self, env: UiEnv, row: SaleRow, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Void a sale"))
        self.setObjectName("voidDialog")
        self.env, self.row = env, row
        self.posted: Posted | None = None
        text = QLabel(
            _(
                "Void receipt {number} ({amount})? The whole sale is cancelled: stock, "
                "vouchers and the account are given back. This cannot be undone."
            ).format(number=env.fmt.receipt(row.receipt_no), amount=env.fmt.amount(row.total))
        )
        text.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setObjectName("voidReason")
        self.reason.setPlaceholderText(_("Why is it voided?"))
        self.error = ErrorLabel()
        form = QFormLayout()
        form.addRow(text)
        form.addRow(_("Reason:"), self.reason)
        form.addRow(self.error)
        _finish_dialog(self, form, _("Void sale"), 420)
        self.reason.setFocus()

    def accept(self) -> None:
        if not self.reason.text().strip():
            self.error.show_error(_("Give a reason."))
            return
        sale_id, reason, actor = self.row.id, self.reason.text(), self.env.actor()
        posted = _correct(
            self.env, self, self.error, self.row, lambda ctx: ctx.sales.void(sale_id, reason, actor)
        )
        if posted is None:
            return
        self.posted = posted
        super().accept()


def _correct(
    env: UiEnv, dialog: QDialog, error: ErrorLabel, row: SaleRow, call: Callable[[Any], Posted]
) -> Posted | None:
    """Post a void or refund through the operations layer; None when refused (said in
    ``error``, the dialog stays open)."""

    def changes(posted: Posted) -> Changes:
        view = env.ctx.reader.get(row.id)
        client = [view.client_id] if view is not None and view.client_id is not None else []
        return Changes.of(sales=[posted.sale_id], clients=client, catalog=True, till=True)

    return Write(env, dialog, call, changes=changes).message_to(error).run()


class RefundDialog(QDialog):
    """Choose the lines and quantities given back, the reason and how the money goes back."""

    def __init__(self, env: UiEnv, row: SaleRow, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Refund"))
        self.setObjectName("refundDialog")
        self.env, self.row = env, row
        self.posted: Posted | None = None
        ctx, fmt = env.ctx, env.fmt
        sale = ctx.reader.get(row.id)
        left = ctx.reader.refundable(row.id)
        grid = QGridLayout()
        grid.addWidget(QLabel("<b>" + _("Item") + "</b>"), 0, 0)
        grid.addWidget(QLabel("<b>" + _("Price") + "</b>"), 0, 1)
        grid.addWidget(QLabel("<b>" + _("Give back") + "</b>"), 0, 2)
        self.spins: dict[int, QSpinBox] = {}
        for ln in sale.lines if sale else ():
            if left.get(ln.id, 0) <= 0:
                continue
            r = len(self.spins) + 1
            grid.addWidget(QLabel(isolate(ln.description)), r, 0)
            grid.addWidget(QLabel(fmt.amount(ln.total)), r, 1)
            spin = QSpinBox()
            spin.setRange(0, left[ln.id])
            spin.setSuffix(" / " + fmt.integer(left[ln.id]))
            spin.setObjectName(f"refundQty{ln.id}")
            grid.addWidget(spin, r, 2)
            self.spins[ln.id] = spin
        self.reason = QLineEdit()
        self.reason.setObjectName("refundReason")
        self.method = QComboBox()
        self.method.setObjectName("refundMethod")
        for m in (PayMethod.CASH, PayMethod.CARD, PayMethod.ACCOUNT):
            if m is PayMethod.ACCOUNT and (sale is None or sale.client_id is None):
                continue
            self.method.addItem(_(PAY_METHOD_LABELS[m]), m.value)
        self.error = ErrorLabel()
        form = QFormLayout()
        form.addRow(QLabel(_("Receipt {number}").format(number=fmt.receipt(row.receipt_no))))
        form.addRow(grid)
        if not self.spins:
            form.addRow(QLabel(_("Nothing left to give back on this sale.")))
        form.addRow(_("Reason:"), self.reason)
        form.addRow(_("Paid back by:"), self.method)
        form.addRow(self.error)
        _finish_dialog(self, form, _("Refund"), 460)
        if self.spins:
            next(iter(self.spins.values())).setFocus()

    def accept(self) -> None:
        lines = {lid: s.value() for lid, s in self.spins.items() if s.value()}
        if not lines:
            self.error.show_error(_("Choose what is given back."))
            return
        if not self.reason.text().strip():
            self.error.show_error(_("Give a reason."))
            self.reason.setFocus()
            return
        sale_id, reason, actor = self.row.id, self.reason.text(), self.env.actor()
        method = PayMethod(self.method.currentData())
        posted = _correct(
            self.env,
            self,
            self.error,
            self.row,
            lambda ctx: ctx.sales.refund(sale_id, lines, reason, actor, method),
        )
        if posted is None:
            return
        self.posted = posted
        super().accept()


class RecentSales(QWidget):
    """The day's sales with Reprint, Void and Refund; an older sale is found by its
    receipt number (a product brought back next week)."""

    corrected = Signal(object)  # Posted: a void or refund was posted

    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self.env = env
        self.model = DaySalesModel(env, self)
        self.table = QTableView(self)
        self.table.setObjectName("daySales")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(DaySalesModel.COL_CLIENT, QHeaderView.ResizeMode.Stretch)
        self.table.installEventFilter(self)
        self.reprint_button = QPushButton(_("&Reprint"))
        self.reprint_button.setToolTip(_("Print the receipt again (Alt+R or Enter in the list)"))
        self.void_button = QPushButton(_("&Void…"))
        self.void_button.setToolTip(_("Cancel the whole sale (Alt+V or Delete in the list)"))
        self.refund_button = QPushButton(_("Re&fund…"))
        self.refund_button.setToolTip(_("Give back some of its lines (Alt+F)"))
        for b, slot, name in (
            (self.reprint_button, self.reprint, "reprintSale"),
            (self.void_button, self.void, "voidSale"),
            (self.refund_button, self.refund, "refundSale"),
        ):
            b.setObjectName(name)
            b.setAutoDefault(False)
            b.clicked.connect(slot)
        self.find_edit = QLineEdit()
        self.find_edit.setObjectName("findReceipt")
        self.find_edit.setPlaceholderText(_("Receipt number of an older sale, then Enter"))
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.returnPressed.connect(self.find_receipt)
        self.find_edit.textChanged.connect(lambda text: None if text.strip() else self.show_today())
        self.find_error = ErrorLabel()
        row = QHBoxLayout()
        row.addWidget(self.reprint_button)
        row.addWidget(self.void_button)
        row.addWidget(self.refund_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.find_edit)
        lay.addWidget(self.find_error)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        self._found: int | None = None  # the older sale shown instead of today's
        self.table.selectionModel().currentRowChanged.connect(self._enable)
        self.model.modelReset.connect(self._enable)
        self._enable()

    def refresh(self) -> None:
        row = self.env.ctx.reader.row(self._found) if self._found is not None else None
        if row is None:
            self._found = None
            self.model.refresh()
        else:
            reader = self.env.ctx.reader
            self.model.set_rows([row, *(reader.row(c.id) for c in self._corrections(row.id))])

    def _corrections(self, sale_id: int):
        view = self.env.ctx.reader.get(sale_id)
        return (
            [self.env.ctx.reader.by_receipt(no) for _kind, no in view.corrections] if view else []
        )

    def find_receipt(self) -> None:
        text = self.find_edit.text().strip()
        if not text:
            self.show_today()
            return
        view = self.env.ctx.reader.by_receipt(text)
        if view is None:
            self.find_error.show_error(_("No sale has this receipt number."))
            return
        self.find_error.clear_error()
        self._found = view.original_sale_id or view.id
        self.refresh()
        self.select(view.id)
        self.table.setFocus()

    def show_today(self) -> None:
        self.find_error.clear_error()
        if self._found is not None:
            self._found = None
            self.refresh()

    def select(self, sale_id: int) -> None:
        for i, r in enumerate(self.model.rows):
            if r.id == sale_id:
                self.table.selectionModel().setCurrentIndex(
                    self.model.index(i, 0),
                    self.table.selectionModel().SelectionFlag.ClearAndSelect
                    | self.table.selectionModel().SelectionFlag.Rows,
                )
                return

    def current(self) -> SaleRow | None:
        i = self.table.selectionModel().currentIndex()
        return self.model.rows[i.row()] if i.isValid() and i.row() < len(self.model.rows) else None

    def _enable(self, *_args) -> None:
        r = self.current()
        sale = r is not None and r.kind == SaleKind.SALE and not r.voided
        self.reprint_button.setEnabled(r is not None)
        self.void_button.setEnabled(sale)
        self.refund_button.setEnabled(sale)

    def reprint(self) -> None:
        from salon_desktop.ui.checkout.receipts import show_receipt

        r = self.current()
        if r is not None:
            show_receipt(self.env, r.id, reprint=True, parent=self)

    def focus_list(self) -> None:
        """The keyboard on the list, on a sale (the newest when none is chosen)."""
        if self.model.rows and not self.table.selectionModel().currentIndex().isValid():
            self.select(self.model.rows[0].id)
        self.table.setFocus()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if (
            obj is self.table
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and not event.modifiers()
        ):
            if event.key() == Qt.Key.Key_Delete and self.void_button.isEnabled():
                self.void()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.current():
                self.reprint()
                return True
        return super().eventFilter(obj, event)

    def _correct(self, dialog_type: type[VoidDialog] | type[RefundDialog]) -> None:
        r = self.current()
        if r is None or not self.void_button.isEnabled():
            return
        from salon_desktop.ui.till.open_dialog import ensure_till_open

        if not ensure_till_open(self.env, self):  # closed: the next session's float first
            return
        dialog = dialog_type(self.env, r, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.posted is not None:
            self.refresh()
            self.select(r.id)
            self.corrected.emit(dialog.posted)
        dialog.deleteLater()
        self.table.setFocus()

    def void(self) -> None:
        self._correct(VoidDialog)

    def refund(self) -> None:
        self._correct(RefundDialog)
