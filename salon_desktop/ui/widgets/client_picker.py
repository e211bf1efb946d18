"""Pick a client by typing: a line edit with a popup of search results."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QToolButton,
    QWidget,
)

from salon_desktop.domain.client import display_name
from salon_desktop.i18n import _
from salon_desktop.services.client_search import ClientRow
from salon_desktop.ui.env import UiEnv

_ID_ROLE = Qt.ItemDataRole.UserRole + 1
_MAX_ROWS = 20


class _PickerEdit(QLineEdit):
    """Keeps Enter to itself, so picking a client never presses a dialog's default button."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


class ClientPicker(QWidget):
    """Type part of a name, number or phone; arrows move, Enter or a click picks.

    ``client_id()`` is set only once a client has been picked; editing the
    text afterwards forgets the pick.
    """

    client_picked = Signal(int)
    cleared = Signal()

    def __init__(self, env: UiEnv, parent: QWidget | None = None, exclude: set[int] | None = None):
        super().__init__(parent)
        self._env = env
        self._id: int | None = None
        self._exclude: set[int] = set(exclude or ())
        self._rows: list[ClientRow] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.edit = _PickerEdit(self)
        self.edit.setPlaceholderText(_("Type a name, number or phone"))
        self.edit.textEdited.connect(self._search)
        self.edit.returnPressed.connect(self._pick_first)
        self.clear_button = QToolButton(self)
        self.clear_button.setText("×")
        self.clear_button.setToolTip(_("Clear"))
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_button.clicked.connect(self.clear)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.clear_button)
        self.setFocusProxy(self.edit)

        self._model = QStandardItemModel(self)
        self.completer = QCompleter(self._model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(10)
        self.completer.setWidget(self.edit)
        self.completer.activated[QModelIndex].connect(self._activated)  # type: ignore[index]

    def _popup(self) -> QAbstractItemView:
        popup = self.completer.popup()
        assert popup is not None  # a completer always has its popup
        return popup

    # -- public ------------------------------------------------------------------
    def client_id(self) -> int | None:
        return self._id

    def set_client(self, client_id: int | None, name: str = "") -> None:
        self._id = client_id
        self.edit.setText(name if client_id is not None else "")
        self.edit.setCursorPosition(0)

    def clear(self) -> None:
        had = self._id is not None or bool(self.edit.text())
        self._id = None
        self.edit.clear()
        self._popup().hide()
        if had:
            self.cleared.emit()

    def set_excluded(self, ids: set[int]) -> None:
        """Clients that may not be picked (e.g. the file being edited)."""
        self._exclude = set(ids)

    def results(self) -> list[ClientRow]:
        """The rows now offered in the popup."""
        return list(self._rows)

    def pick_row(self, row: int) -> None:
        """Pick the ``row``-th offered client, as a click on it would."""
        self._pick(self._rows[row])

    # -- behaviour -----------------------------------------------------------------
    def _search(self, text: str) -> None:
        if self._id is not None:
            self._id = None
            self.cleared.emit()
        self._model.clear()
        self._rows = []
        if not text.strip():
            self._popup().hide()
            return
        page = self._env.ctx.search.search(text, 0, _MAX_ROWS + len(self._exclude))
        fmt, region = self._env.fmt, self._env.region
        for row in page.rows:
            if row.id in self._exclude or len(self._rows) >= _MAX_ROWS:
                continue
            parts = [
                display_name(row.first_name, row.last_name),
                "#" + fmt.client_number(row.number),
            ]
            if row.main_phone:
                parts.append(fmt.phone(row.main_phone, region))
            if row.birth_date:
                parts.append(fmt.date(row.birth_date))
            item = QStandardItem("  ·  ".join(parts))
            item.setData(row.id, _ID_ROLE)
            item.setEditable(False)
            self._model.appendRow(item)
            self._rows.append(row)
        if self._rows:
            self.completer.complete()
            self._popup().setCurrentIndex(self._model.index(0, 0))
        else:
            self._popup().hide()

    def _activated(self, index: QModelIndex) -> None:
        client_id = index.data(_ID_ROLE)
        for row in self._rows:
            if row.id == client_id:
                self._pick(row)
                return

    def _pick_first(self) -> None:
        if self._id is None and self._rows:
            self._pick(self._rows[0])

    def _pick(self, row: ClientRow) -> None:
        self._popup().hide()
        self.set_client(row.id, display_name(row.first_name, row.last_name))
        self.client_picked.emit(row.id)
