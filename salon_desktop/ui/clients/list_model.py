"""The client list: a table model that fetches search results page by page."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from salon_desktop.domain.feedback import Satisfaction
from salon_desktop.i18n import _
from salon_desktop.services.client_search import PAGE, ClientRow
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.surveys.category import SATISFACTION_COLOURS, satisfaction_text

Index = QModelIndex | QPersistentModelIndex


class ClientListModel(QAbstractTableModel):
    COL_NUMBER, COL_NAME, COL_PHONE, COL_BIRTH, COL_ALERT, COL_SATISFACTION = range(6)
    ClientIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, env: UiEnv, parent=None):
        super().__init__(parent)
        self._env = env
        self._rows: list[ClientRow] = []
        self._ids: set[int] = set()
        self._query = ""
        self._archived = False
        self._next: int | None = None
        self._satisfaction: dict[int, Satisfaction | None] = {}  # the rows' categories

    # -- loading -------------------------------------------------------------
    def set_query(self, text: str, archived: bool | None = None) -> None:
        """Show the first page of matches for ``text`` (empty: everyone, A to Z)."""
        if archived is not None:
            self._archived = archived
        self._query = text
        page = self._env.ctx.search.search(text, 0, PAGE, archived=self._archived)
        self.beginResetModel()
        self._rows, self._ids, self._satisfaction = [], set(), {}
        self._append(page.rows)
        self._next = page.next_offset
        self.endResetModel()

    def refresh(self) -> None:
        self.set_query(self._query)

    def _append(self, rows: list[ClientRow]) -> list[ClientRow]:
        fresh = [r for r in rows if r.id not in self._ids]  # a client may match by two words
        self._ids.update(r.id for r in fresh)
        self._rows.extend(fresh)
        if fresh:
            self._load_satisfaction([r.id for r in fresh])
        return fresh

    def _load_satisfaction(self, ids: list[int]) -> None:
        """The page's satisfaction categories, read off the UI thread (typing in the
        search never waits for them); the column fills in when they arrive."""
        from salon_desktop.ui.operations import Query

        Query(self._env, self, lambda ctx: ctx.surveys.categories(ids)).success(
            self._satisfaction_loaded
        ).run_in_background()

    def _satisfaction_loaded(self, categories: dict) -> None:
        known = {cid: cat for cid, cat in categories.items() if cid in self._ids}
        if not known or not self._rows:
            return
        self._satisfaction.update(known)
        col = self.COL_SATISFACTION
        self.dataChanged.emit(self.index(0, col), self.index(len(self._rows) - 1, col))

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._next is not None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._next is None:
            return
        page = self._env.ctx.search.search(self._query, self._next, PAGE, archived=self._archived)
        self._next = page.next_offset
        fresh = [r for r in page.rows if r.id not in self._ids]
        if fresh:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._append(fresh)
            self.endInsertRows()

    # -- Qt model ------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (
                _("No."),
                _("Name"),
                _("Phone"),
                _("Date of birth"),
                _("Alert"),
                _("Satisfaction"),
            )[section]
        return None

    def row_at(self, row: int) -> ClientRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        col = index.column()
        fmt = self._env.fmt
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.COL_NUMBER:
                return fmt.client_number(r.number)
            if col == self.COL_NAME:
                return f"{r.first_name} {r.last_name}".strip()
            if col == self.COL_PHONE:
                return fmt.phone(r.main_phone, self._env.region)
            if col == self.COL_BIRTH:
                return fmt.date(r.birth_date)
            if col == self.COL_ALERT:
                return "⚠ " + _("Allergies") if r.has_alert else ""
            if col == self.COL_SATISFACTION:
                return satisfaction_text(self._satisfaction.get(r.id))
        elif role == self.ClientIdRole:
            return r.id
        elif role == Qt.ItemDataRole.ForegroundRole and col == self.COL_ALERT and r.has_alert:
            return QColor("#b00020")
        elif role == Qt.ItemDataRole.ForegroundRole and col == self.COL_SATISFACTION:
            category = self._satisfaction.get(r.id)
            return SATISFACTION_COLOURS[category] if category is not None else None
        elif role == Qt.ItemDataRole.ToolTipRole and r.archived:
            return _("Archived")
        return None
