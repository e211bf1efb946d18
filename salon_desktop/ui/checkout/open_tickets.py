"""Open and parked tickets, one per client in the salon: who, how many lines, total.

Read from the database (``ctx.tickets``), so every desk sees the same list.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from salon_desktop.domain.sale import compute
from salon_desktop.i18n import N_, _
from salon_desktop.i18n.formatting import isolate
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.widgets.rows_model import RowsModel

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class OpenRow:
    uuid: str
    client_id: int | None
    label: str
    lines: int
    total: int


class OpenTicketsModel(RowsModel):
    COL_CLIENT, COL_LINES, COL_TOTAL = range(3)
    HEADERS = (N_("Client"), N_("Lines"), N_("Total"))
    UuidRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, env: UiEnv, parent=None):
        super().__init__(parent)
        self._env = env
        self.rows: list[OpenRow] = []
        self.current_uuid = ""

    def refresh(self) -> None:
        ctx = self._env.ctx
        rows = []
        for r in ctx.tickets.list():
            total = compute(r.ticket, ctx.salon.currency, ctx.salon.net_pricing).total
            rows.append(OpenRow(r.uuid, r.client_id, r.label, r.lines, total))
        self.set_rows(rows)

    def set_current(self, uuid: str) -> None:
        self.current_uuid = uuid
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 2))

    def row_of(self, uuid: str, attr: str = "uuid") -> int:
        return super().row_of(uuid, attr)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.COL_CLIENT:
                return isolate(r.label) if r.client_id is not None else _("Walk-in")
            if col == self.COL_LINES:
                return self._env.fmt.integer(r.lines)
            return self._env.fmt.amount(r.total, with_symbol=False)
        if role == self.UuidRole:
            return r.uuid
        if role == Qt.ItemDataRole.FontRole and r.uuid == self.current_uuid:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col != self.COL_CLIENT:
            return int(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
        return None
