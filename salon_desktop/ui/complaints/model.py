"""The complaints list: one row per complaint, overdue ones in red."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from salon_desktop.domain.complaints import CATEGORY_LABELS, SEVERITY_LABELS, STATE_LABELS
from salon_desktop.i18n import N_, _
from salon_desktop.i18n.formatting import isolate
from salon_desktop.services.sales_read import local
from salon_desktop.ui.widgets.rows_model import CellsModel

OVERDUE = QColor("#b00020")


def category_text(key: str) -> str:
    label = CATEGORY_LABELS.get(key)
    return _(label) if label else key


class ComplaintsModel(CellsModel):
    HEADERS = (
        N_("No."),
        N_("Client"),
        N_("About"),
        N_("Severity"),
        N_("State"),
        N_("Received on"),
        N_("Answer by"),
    )

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self._env = env

    def cells(self, c) -> tuple[str, ...]:
        fmt = self._env.fmt
        return (
            fmt.integer(c.number, grouping=False),
            isolate(c.client_name),
            category_text(c.category),
            _(SEVERITY_LABELS[c.severity]),
            _(STATE_LABELS[c.state]) + (" — " + _("overdue") if c.overdue else ""),
            fmt.date(local(c.opened_at)),
            fmt.date(local(c.resolve_by)),
        )

    def style(self, row, column: int, role):
        if row.overdue and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(OVERDUE)
        return None
