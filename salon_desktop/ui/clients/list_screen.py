"""Finding clients: search as you type, arrows to move, Enter to open."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.i18n import _, ngettext
from salon_desktop.ui.clients.list_model import ClientListModel
from salon_desktop.ui.clients.printing import CardsButton
from salon_desktop.ui.env import UiEnv

_NAV_KEYS = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}


class ClientListScreen(QWidget):
    open_client = Signal(int)
    new_client = Signal(str)  # what was typed in the search box, to prefill the name

    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self._env = env
        self.model = ClientListModel(env, self)

        self.search = QLineEdit()
        self.search.setObjectName("clientSearch")
        self.search.setPlaceholderText(_("Search by name, phone or client number  (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        self.archived = QCheckBox(_("Archived clients"))
        self.new_button = QPushButton(_("New client") + "  (Ctrl+N)")
        self.open_button = QPushButton(_("Open"))
        self.sale_button = QPushButton(_("New sale") + "  (F9)")
        self.sale_button.setObjectName("newSaleForClient")
        self.sale_button.setToolTip(_("Start a sale for the selected client"))

        self.table = QTableView()
        self.table.setObjectName("clientTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several clients (Ctrl or Shift and a click) for their cards; the current
        # row is still the one Enter opens.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ClientListModel.COL_NAME, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 80), (2, 170), (3, 120), (4, 120), (5, 120)):
            self.table.setColumnWidth(col, width)
        self.table.installEventFilter(self)
        self.table.doubleClicked.connect(lambda _i: self._open_current())
        self.status = QLabel()
        self.status.setObjectName("clientListStatus")
        self.cards_button = CardsButton(env, self, self.selected_client_ids)
        self.import_button = QPushButton(_("Import clients…"))
        self.import_button.setObjectName("importClients")
        self.import_button.setToolTip(
            _("Client lists from other programs (CSV) or a phone (vCard)")
        )
        self.import_button.clicked.connect(self.import_clients)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.archived)
        top.addWidget(self.new_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.cards_button)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.sale_button)
        bottom.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        # Coalesce a burst of keystrokes into one search once the event queue is empty.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._run_search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.archived.toggled.connect(lambda _c: self._run_search())
        self.new_button.clicked.connect(lambda: self.new_client.emit(self.search.text().strip()))
        self.open_button.clicked.connect(self._open_current)
        self.sale_button.clicked.connect(self.new_sale)
        self.archived.toggled.connect(lambda on: self.sale_button.setEnabled(not on))
        QShortcut(
            QKeySequence("F9"),
            self,
            self.new_sale,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        env.bus.client_changed.connect(lambda _id: self.model.refresh())
        env.bus.clients_changed.connect(self.model.refresh)  # many at once (a merge, an import)
        self._run_search()

    # -- behaviour -------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def flush(self) -> None:
        """Run a pending search now (tests and Enter use this)."""
        if self._timer.isActive():
            self._timer.stop()
            self._run_search()

    def _run_search(self) -> None:
        self.model.set_query(self.search.text(), archived=self.archived.isChecked())
        if self.model.rowCount():
            self._select_row(0)
        self._update_status()

    def _update_status(self) -> None:
        shown = self.model.rowCount()
        text = self.search.text().strip()
        if text:
            more = "+" if self.model.canFetchMore() else ""
            self.status.setText(
                ngettext("{n} client found", "{n} clients found", shown).format(
                    n=self._env.fmt.integer(shown) + more
                )
            )
        else:
            total = self._env.ctx.clients.count(archived=self.archived.isChecked())
            self.status.setText(
                ngettext("{n} client", "{n} clients", total).format(n=self._env.fmt.integer(total))
            )

    def current_client_id(self) -> int | None:
        idx = self.table.currentIndex()
        row = self.model.row_at(idx.row()) if idx.isValid() else self.model.row_at(0)
        return row.id if row else None

    def selected_client_ids(self) -> list[int]:
        """The selected clients in list order (the current one when none is selected)."""
        self.flush()
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        ids = [r.id for r in (self.model.row_at(i) for i in rows) if r is not None]
        if not ids:
            current = self.current_client_id()
            ids = [current] if current is not None else []
        return ids

    def _open_current(self) -> None:
        self.flush()
        client_id = self.current_client_id()
        if client_id is not None:
            self.open_client.emit(client_id)

    def import_clients(self) -> None:
        """The import dialog (it reads, checks and imports in the background)."""
        from salon_desktop.ui.clients.import_dialog import ImportDialog

        dialog = ImportDialog(self._env, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def new_sale(self) -> None:
        """F9: a sale for the selected client (the checkout opens their ticket)."""
        self.flush()
        client_id = self.current_client_id()
        if client_id is not None and not self.archived.isChecked():
            self._env.bus.checkout_requested.emit(client_id)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if obj is self.search:
                if key in _NAV_KEYS:
                    self.flush()
                    self._move_selection(key)
                    return True
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self._open_current()
                    return True
                if key == Qt.Key.Key_Escape and self.search.text():
                    self.search.clear()
                    self.flush()
                    return True
            elif obj is self.table:
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self._open_current()
                    return True
                if key == Qt.Key.Key_Escape:
                    self.focus_search()
                    return True
                if (
                    event.text()
                    and event.text().isprintable()
                    and not event.modifiers()
                    & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
                ):
                    # Typing while the list has focus goes on searching.
                    self.search.setFocus()
                    self.search.insert(event.text())
                    return True
        return super().eventFilter(obj, event)

    def _move_selection(self, key) -> None:
        rows = self.model.rowCount()
        if not rows:
            return
        current = self.table.currentIndex().row()
        page = max(1, self.table.viewport().height() // max(1, self.table.rowHeight(0)) - 1)
        step = {
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_PageUp: -page,
            Qt.Key.Key_PageDown: page,
        }[key]
        target = max(0, current + step)
        while target >= self.model.rowCount() and self.model.canFetchMore():
            self.model.fetchMore()
        target = min(target, self.model.rowCount() - 1)
        self._select_row(target)
        self.table.scrollTo(self.model.index(target, 0))

    def _select_row(self, row: int) -> None:
        # QTableView.selectRow() does nothing in a right-to-left view that has
        # not been laid out yet; the selection model works in every direction.
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.selectionModel().setCurrentIndex(self.model.index(row, 0), flags)
