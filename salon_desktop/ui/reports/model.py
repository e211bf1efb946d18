"""The key figures of a report as a table: a figure a row, the period, the period
before and a year earlier as columns."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from salon_desktop.documents.monthly_report import KEY_FIGURES, figure_text, short_title
from salon_desktop.i18n import _
from salon_desktop.i18n.formatting import Formatter
from salon_desktop.services.report_figures import Report


class FiguresModel(QAbstractTableModel):
    def __init__(self, fmt: Formatter, parent=None):
        super().__init__(parent)
        self.fmt = fmt
        self.report: Report | None = None

    def set_report(self, report: Report | None) -> None:
        self.beginResetModel()
        self.report = report
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.report is None else len(KEY_FIGURES)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0 or self.report is None:
            return (_("Figure"), _("This period"), _("Period before"), _("A year earlier"))[section]
        return short_title(self.report.periods[section - 1].period, self.fmt)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.report is None:
            return None
        label, get, how = KEY_FIGURES[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return _(label)
            return figure_text(self.fmt, get(self.report.periods[col - 1]), how)
        if role == Qt.ItemDataRole.TextAlignmentRole and col:
            return int(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
        return None
