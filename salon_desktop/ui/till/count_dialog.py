"""Counting the drawer note by note: one row per note and coin of the salon's
currency (``domain.denominations``), quantities typed keyboard-first (digits in
any script; Tab or Enter moves down), the total kept up to date in the money
format of the language. The total becomes the counted amount (of a close, or of
the float); typing an amount without counting stays possible.

``CountedAmount`` ties a count to the money field it filled: the count goes to
the service only while the field still shows its total."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.denominations import MAX_PIECES, Denomination, count_total, denominations
from salon_desktop.i18n import _
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.widgets.forms import ErrorLabel, align_leading
from salon_desktop.ui.widgets.money_field import IntegerField, MoneyField


class _Quantity(IntegerField):
    """A quantity: Enter moves down like Tab (the dialog's button only from the last)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.editingFinished.emit()
            self.focusNextChild()
            event.accept()
            return
        super().keyPressEvent(event)


class CashCountDialog(QDialog):
    """Accepted with ``count`` ({minor units: quantity}, zeros left out) and ``total``."""

    def __init__(
        self,
        env: UiEnv,
        title: str,
        initial: Mapping[int, int] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("cashCountDialog")
        self.setWindowTitle(_("Count the cash"))
        self._env = env
        fmt = env.fmt
        self.count: dict[int, int] = {}
        self.total = 0
        layout = QVBoxLayout(self)
        heading = QLabel(title, self)
        heading.setObjectName("cashCountTitle")
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        heading.setFont(font)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        hint = QLabel(
            _("Type how many of each note and coin are in the drawer; Tab or Enter moves down."),
            self,
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)

        pieces = denominations(env.ctx.salon.currency)
        self.pieces: tuple[Denomination, ...] = pieces
        self.fields: dict[int, _Quantity] = {}
        self.line_totals: dict[int, QLabel] = {}
        columns = QHBoxLayout()
        for coins, caption in ((False, _("Banknotes")), (True, _("Coins"))):
            group = [p for p in pieces if p.coin == coins]
            if not group:
                continue
            grid = QGridLayout()
            grid.setHorizontalSpacing(8)
            grid.setVerticalSpacing(2)
            head = QLabel(caption, self)
            bold = head.font()
            bold.setBold(True)
            head.setFont(bold)
            grid.addWidget(head, 0, 0, 1, 3)
            for row, piece in enumerate(group, start=1):
                label = align_leading(QLabel(fmt.amount(piece.value), self))
                field = _Quantity(self, language=fmt.language, maximum=MAX_PIECES)
                field.setObjectName(f"count_{piece.value}")
                field.setMaximumWidth(90)
                label.setBuddy(field)
                line = QLabel("", self)
                line.setAlignment(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
                line.setMinimumWidth(110)
                grid.addWidget(label, row, 0)
                grid.addWidget(field, row, 1)
                grid.addWidget(line, row, 2)
                self.fields[piece.value] = field
                self.line_totals[piece.value] = line
                field.valueChanged.connect(self._update)
                field.textChanged.connect(lambda _t: self._update())
            grid.setRowStretch(len(group) + 1, 1)
            columns.addLayout(grid)
            columns.addSpacing(16)
        layout.addLayout(columns)

        total_row = QHBoxLayout()
        total_caption = QLabel(_("Total counted"), self)
        self.total_label = QLabel("", self)
        self.total_label.setObjectName("countTotal")
        big = self.total_label.font()
        big.setBold(True)
        big.setPointSizeF(big.pointSizeF() * 1.4)
        self.total_label.setFont(big)
        total_caption.setFont(big)
        total_row.addWidget(total_caption)
        total_row.addStretch(1)
        total_row.addWidget(self.total_label)
        layout.addLayout(total_row)
        self.error = ErrorLabel(self)
        self.error.setObjectName("countError")
        layout.addWidget(self.error)

        buttons = QDialogButtonBox(self)
        self.use_button: QPushButton = buttons.addButton(
            _("Use this total"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.use_button.setObjectName("useCount")
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        # Tab order: the notes top to bottom, then the coins, then "Use this total".
        order = [self.fields[p.value] for p in pieces]
        for a, b in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(a, b)
        if order:
            QWidget.setTabOrder(order[-1], self.use_button)
        for value, quantity in (initial or {}).items():
            if value in self.fields and quantity:
                self.fields[value].set_value(quantity)
        self._update()
        if order:
            order[0].setFocus()

    def _update(self) -> None:
        fmt = self._env.fmt
        count: dict[int, int] = {}
        bad = False
        for value, field in self.fields.items():
            line = self.line_totals[value]
            if not field.is_valid():
                bad = True
                line.setText("?")
                continue
            quantity = field.value() or 0
            line.setText(fmt.amount(value * quantity) if quantity else "")
            if quantity:
                count[value] = quantity
        self.count = count
        self.total = count_total(count)
        self.total_label.setText("—" if bad else fmt.amount(self.total))
        if not bad:
            self.error.clear_error()

    def accept(self) -> None:
        self._update()
        for field in self.fields.values():
            if not field.is_valid():
                self.error.show_error(field.error())
                field.setFocus()
                field.selectAll()
                return
        super().accept()


class CountedAmount:
    """The count behind a money field: set when a count filled it, kept while the
    field shows that total (typing another amount drops it)."""

    def __init__(self, field: MoneyField):
        self._field = field
        self._count: dict[int, int] | None = None
        self._total = 0

    def set(self, count: Mapping[int, int], total: int) -> None:
        self._count, self._total = dict(count), total
        self._field.set_value(total)

    def clear(self) -> None:
        self._count = None

    def count(self) -> dict[int, int] | None:
        """The count to send with the field's amount (None: the amount was typed)."""
        if self._count is None or self._field.value() != self._total:
            return None
        return dict(self._count)

    def ask(self, env: UiEnv, title: str, parent: QWidget | None) -> bool:
        """Open the count (with the last count, if the field still shows it); True
        when it filled the field."""
        dialog = CashCountDialog(env, title, self.count(), parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            self.set(dialog.count, dialog.total)
            return True
        finally:
            dialog.deleteLater()
