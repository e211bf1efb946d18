"""Pieces the catalog tabs share: the keyboard-driven table, form rows, labels."""

from __future__ import annotations

import dataclasses
from typing import TypeVar

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayoutItem,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.i18n import N_, _
from salon_desktop.i18n.formatting import Formatter, ltr
from salon_desktop.services.changes import Changes
from salon_desktop.services.failures import Failure
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Write, failure_text
from salon_desktop.ui.widgets.forms import ErrorLabel, FormErrors, error_text
from salon_desktop.ui.widgets.money_field import MoneyField

STOCK_KINDS = {
    "receive": N_("Received"),
    "adjust": N_("Adjusted"),
    "sale": N_("Sold"),
    "return": N_("Returned"),
}
# Reasons the service writes itself (marked for translation there).
_SERVICE_REASONS = frozenset({"Opening stock"})

LOW_STOCK_BACKGROUND = "#fde2e1"
INACTIVE_FOREGROUND = "#777777"

W = TypeVar("W", bound=QWidget)


def minutes_text(fmt: Formatter, minutes: int) -> str:
    return _("{n} min").format(n=fmt.integer(minutes, grouping=False))


def signed_text(fmt: Formatter, n: int) -> str:
    """A stock change: "+5", "−2" (with the language's digits)."""
    sign = "+" if n > 0 else "−" if n < 0 else ""
    text = f"{sign}{fmt.integer(abs(n))}"
    # Kept left to right, or the sign would drift to the far end in Persian.
    return ltr(text) if fmt.persian and sign else text


def stock_reason(reason: str) -> str:
    return _(reason) if reason in _SERVICE_REASONS else reason


def currency_unit(fmt: Formatter) -> str:
    """The sign or word the amounts carry: "£", "zł", "toman"."""
    return fmt.amount(0).replace(fmt.amount(0, with_symbol=False), "").strip()


class CatalogTable(QTableView):
    """A read-only table of rows: Enter or a double-click edits, Delete deactivates."""

    edit_requested = Signal()
    delete_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setTabKeyNavigation(False)  # Tab leaves the table for the buttons
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setHighlightSections(False)
        self.doubleClicked.connect(lambda _index: self.edit_requested.emit())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.current_row() >= 0:
                self.edit_requested.emit()
                return
            if event.key() == Qt.Key.Key_Delete and self.current_row() >= 0:
                self.delete_requested.emit()
                return
        super().keyPressEvent(event)

    def current_row(self) -> int:
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        return rows[0].row() if rows else -1

    def select_row(self, row: int) -> None:
        """Select and show ``row`` (through the selection model: works in RTL before layout)."""
        model = self.model()
        if model is None or not 0 <= row < model.rowCount():
            self.clearSelection()
            return
        index = model.index(row, 0)
        self.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.scrollTo(index)

    def stretch(self, column: int) -> None:
        header = self.horizontalHeader()
        for c in range(self.model().columnCount()):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)


def _first_widget(item: QLayoutItem | None) -> QWidget | None:
    """The widget of a layout item, else the first widget inside its layout."""
    if item is None:
        return None
    widget = item.widget()
    if widget is not None:
        return widget
    layout = item.layout()
    return _first_widget(layout.itemAt(0)) if layout is not None else None


class FormDialog(QDialog):
    """A small editing form: Enter (or Save) checks the fields, calls the
    service through ``save()`` and closes; errors appear beside their fields
    and nothing is saved."""

    def __init__(self, env: UiEnv, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.env = env
        self.result_item = None
        self.setWindowTitle(title)
        self.errors = FormErrors(env.fmt)
        self._widgets: dict[str, QWidget] = {}
        self._tabs_ordered = False
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.message = ErrorLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setDefault(True)
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def row(self, label: str, widget: W, field_name: str) -> W:
        """A form row: the field with its error label under it."""
        box = QVBoxLayout()
        box.setSpacing(2)
        if isinstance(widget, MoneyField):
            line = QHBoxLayout()
            line.addWidget(widget, 1)
            line.addWidget(QLabel(currency_unit(self.env.fmt)))
            box.addLayout(line)
        else:
            box.addWidget(widget)
        box.addWidget(self.errors.register(field_name, ErrorLabel(), widget))
        self.form.addRow(label, box)
        self._widgets[field_name] = widget
        return widget

    def showEvent(self, event) -> None:  # noqa: N802 - Qt naming
        if not self._tabs_ordered:
            self._tabs_ordered = True
            self._order_tabs()
        super().showEvent(event)

    def _order_tabs(self) -> None:
        """Tab goes down the form, then to the buttons (made first, they would come first)."""
        chain = []
        for i in range(self.form.rowCount()):
            item = self.form.itemAt(i, QFormLayout.ItemRole.FieldRole)
            if item is None:
                continue
            w = _first_widget(item)
            if w is not None and w.focusPolicy() & Qt.FocusPolicy.TabFocus:
                chain.append(w)
        chain += [b for b in self.buttons.buttons()]
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)

    # -- to be provided ----------------------------------------------------------
    def problems(self) -> list[tuple[str, str]]:
        """(field, translated message) for what the fields themselves cannot read."""
        return []

    def save(self):
        """Call the service; return what was saved. May raise ValidationError."""
        raise NotImplementedError

    # -- saving --------------------------------------------------------------------
    def try_save(self) -> bool:
        self.errors.clear()
        self.message.clear_error()
        problems = self.problems()
        if problems:
            for field_name, text in problems:
                label = self.errors.label(field_name)
                if label is not None:
                    label.show_error(text)
            self._widgets[problems[0][0]].setFocus()
            return False

        def refused(failure: Failure) -> bool:
            if failure.validation is None:
                return False
            unplaced = self.errors.show(failure.validation)
            if unplaced:
                self.message.show_error("\n".join(error_text(e, self.env.fmt) for e in unplaced))
            return True

        saved = (
            Write(self.env, self, lambda _ctx: self.save(), changes=Changes(catalog=True))
            .message_to(self.message)
            .failure(refused)
            .run()
        )
        if saved is None:
            return False  # the dialog stays open with what was typed, to try again
        self.result_item = saved
        self.accept()
        return True


def deactivate(tab, title: str, question: str, done: str, save) -> None:
    """Take the tab's current item out of use after asking (``question`` and ``done``
    carry ``{name}``); ``save`` is the catalog's save method for that kind of item."""
    current = tab.current()
    if current is None or not current.active:
        return
    answer = QMessageBox.question(tab, title, question.format(name=current.name))
    if answer != QMessageBox.StandardButton.Yes:
        return

    def refused(failure: Failure) -> bool:
        tab.message.setText(failure_text(failure, tab.env.fmt))
        return True

    done_item = (
        Write(
            tab.env,
            tab,
            lambda _ctx: save(dataclasses.replace(current, active=False), actor_id=tab.env.actor()),
            changes=Changes(catalog=True),
        )
        .failure(refused)
        .run()
    )
    if done_item is None:
        return
    tab.message.setText(done.format(name=current.name))
    tab.reload()
