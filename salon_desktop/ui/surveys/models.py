"""The surveys screen's tables: the visits waiting for a survey, and the figures."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from salon_desktop.domain.feedback import Csat, Nps
from salon_desktop.i18n import N_, _
from salon_desktop.i18n.formatting import isolate, ltr
from salon_desktop.services.survey_figures import Figure
from salon_desktop.services.surveys import VisitToSurvey
from salon_desktop.ui.widgets.rows_model import CellsModel

GOOD, BAD = QColor("#1b5e20"), QColor("#b00020")
DASH = "—"


class WaitingModel(CellsModel):
    HEADERS = (N_("Visit"), N_("Client"), N_("Services"), N_("Staff"), N_("Receipt"))

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self._env = env

    def cells(self, v: VisitToSurvey) -> tuple[str, ...]:
        fmt = self._env.fmt
        return (
            fmt.date(v.business_date),
            isolate(v.client_name),
            fmt.join(isolate(s) for s in v.services),
            fmt.join(isolate(s) for s in v.staff),
            fmt.receipt(v.receipt_no),
        )


def nps_text(fmt, n: Nps) -> str:
    if n.score is None:
        return DASH
    return ltr(("+" if n.score > 0 else "") + fmt.integer(n.score, grouping=False))


def csat_text(fmt, c: Csat) -> str:
    return DASH if c.percent is None else fmt.percent(c.percent * 100)


class FiguresModel(CellsModel):
    HEADERS = (N_("Who or what"), N_("NPS"), N_("Answers"), N_("CSAT"), N_("Answers"))

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self._env = env
        self.amount_columns = {1, 2, 3, 4}
        self.nobody = ""  # the label of a group without a name (no staff member, a deleted one)

    def label(self, f: Figure) -> str:
        fmt = self._env.fmt
        if f.first_day is not None and f.last_day is not None:
            return f"{fmt.date(f.first_day)} – {fmt.date(f.last_day)}"
        return isolate(f.label) if f.label else self.nobody

    def cells(self, f: Figure) -> tuple[str, ...]:
        fmt = self._env.fmt
        return (
            self.label(f),
            nps_text(fmt, f.nps),
            fmt.integer(f.nps.answers),
            csat_text(fmt, f.csat),
            fmt.integer(f.csat.answers),
        )

    def style(self, f: Figure, column: int, role):
        if role != Qt.ItemDataRole.ForegroundRole:
            return None
        if column == 1 and f.nps.score is not None:
            return QBrush(GOOD if f.nps.score > 0 else BAD if f.nps.score < 0 else QColor())
        return None


def figures_caption() -> str:
    return _("No score is shown on fewer answers than the minimum set in the settings.")
