"""The table model every list screen starts from: plain rows from a service, fixed
column headers (``N_``-marked, translated when shown)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from salon_desktop.i18n import _

Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel):
    """Subclasses set ``HEADERS`` and implement ``data``."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[Any] = []

    def set_rows(self, rows: Iterable[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int):
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of(self, key, attr: str = "id") -> int:
        """The row whose ``attr`` equals ``key``, or -1."""
        return next((i for i, r in enumerate(self.rows) if getattr(r, attr) == key), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None


class CellsModel(RowsModel):
    """Rows shown as already formatted cells; subclasses say how a row reads (``cells``)
    and looks (``style``). ``amount_columns`` align to the trailing edge."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.amount_columns: set[int] = set()

    def cells(self, row) -> tuple[str, ...]:
        raise NotImplementedError

    def style(self, row, column: int, role):
        return None

    def text(self, row: int, column: int) -> str:
        return self.cells(self.rows[row])[column]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(row)[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col in self.amount_columns:
            return int(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
        return self.style(row, col, role)
