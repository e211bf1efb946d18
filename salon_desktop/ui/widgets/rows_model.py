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
        # Each row's cells, formatted once: a view sizing its columns to their contents
        # asks for every cell several times (each call of ``cells`` formats a whole row).
        # Kept by the row object itself, so a row replaced is formatted anew.
        self._formatted: dict[int, tuple[Any, tuple[str, ...]]] = {}
        self.modelReset.connect(self._formatted.clear)

    def cells(self, row) -> tuple[str, ...]:
        raise NotImplementedError

    def style(self, row, column: int, role):
        return None

    def _cells_of(self, row) -> tuple[str, ...]:
        seen = self._formatted.get(id(row))
        if seen is not None and seen[0] is row:
            return seen[1]
        cells = self.cells(row)
        self._formatted[id(row)] = (row, cells)
        return cells

    def text(self, row: int, column: int) -> str:
        return self._cells_of(self.rows[row])[column]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells_of(row)[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col in self.amount_columns:
            return int(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
        return self.style(row, col, role)
