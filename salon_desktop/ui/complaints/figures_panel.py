"""The complaints' figures for a chosen period: open, overdue, acknowledged and
resolved within target, median and 90th-percentile times, compensation cost,
repeat complaints — for the whole period and by category or by staff member.

Computed by the service's SQL aggregates, off the UI thread (``Query``)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.i18n import N_, _
from salon_desktop.services.complaints import ComplaintFigures, Measures
from salon_desktop.ui.complaints.model import category_text
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Query
from salon_desktop.ui.till.models import table_view
from salon_desktop.ui.widgets.date_field import DateField
from salon_desktop.ui.widgets.forms import ErrorLabel
from salon_desktop.ui.widgets.rows_model import CellsModel

BY_CATEGORY, BY_STAFF = "category", "staff"


def duration_text(fmt, minutes: float | None) -> str:
    """Minutes as a reader takes them in: "45 min", "3 h 20 min", "2 d 5 h"."""
    if minutes is None:
        return "—"
    m = int(round(minutes))
    if m < 60:
        return _("{n} min").format(n=fmt.integer(m))
    if m < 48 * 60:
        return _("{h} h {m} min").format(h=fmt.integer(m // 60), m=fmt.integer(m % 60))
    return _("{d} d {h} h").format(d=fmt.integer(m // 1440), h=fmt.integer(m % 1440 // 60))


def percent_text(fmt, value: float | None) -> str:
    return "—" if value is None else fmt.percent(int(round(value)) * 100)


class FiguresModel(CellsModel):
    HEADERS = (
        N_("Subject or staff member"),
        N_("Complaints"),
        N_("Still open"),
        N_("Overdue"),
        N_("Acknowledged in time"),
        N_("Resolved in time"),
        N_("To acknowledge (median / 90 %)"),
        N_("To resolve (median / 90 %)"),
        N_("Compensation"),
        N_("Repeats"),
    )

    def __init__(self, env: UiEnv, parent=None):
        super().__init__(parent)
        self._env = env
        self.amount_columns = {1, 2, 3, 8, 9}

    def cells(self, row) -> tuple[str, ...]:
        name, m = row
        fmt = self._env.fmt
        return (
            name,
            fmt.integer(m.opened),
            fmt.integer(m.still_open),
            fmt.integer(m.overdue),
            percent_text(fmt, m.acknowledged_in_time_pct),
            percent_text(fmt, m.resolved_in_time_pct),
            duration_text(fmt, m.median_minutes_to_acknowledge)
            + " / "
            + duration_text(fmt, m.p90_minutes_to_acknowledge),
            duration_text(fmt, m.median_minutes_to_resolve)
            + " / "
            + duration_text(fmt, m.p90_minutes_to_resolve),
            fmt.amount(m.compensation_cost),
            fmt.integer(m.repeat_complaints),
        )

    def style(self, row, column: int, role):
        if role == Qt.ItemDataRole.FontRole and self.rows and row is self.rows[0]:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None


class FiguresPanel(QWidget):
    """From, to, by what; the whole period first, then each category or staff member."""

    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("complaintFigures")
        self._env = env
        self.figures: ComplaintFigures | None = None
        today = env.ctx.clients.today()
        self.date_from = DateField(env.fmt, self)
        self.date_from.setObjectName("figuresFrom")
        self.date_from.setDate(today - dt.timedelta(days=29))
        self.date_to = DateField(env.fmt, self)
        self.date_to.setObjectName("figuresTo")
        self.date_to.setDate(today)
        self.by = QComboBox(self)
        self.by.setObjectName("figuresBy")
        self.by.addItem(_("By category"), BY_CATEGORY)
        self.by.addItem(_("By staff member concerned"), BY_STAFF)
        self.show_button = QPushButton(_("Show"), self)
        self.show_button.setObjectName("showFigures")
        self.bar = bar = QHBoxLayout()
        for text, w in ((_("From:"), self.date_from), (_("To:"), self.date_to)):
            label = QLabel(text, self)
            label.setBuddy(w)
            bar.addWidget(label)
            bar.addWidget(w)
        bar.addWidget(self.by)
        bar.addWidget(self.show_button)
        bar.addStretch(1)
        self.message = ErrorLabel(self)
        self.model = FiguresModel(env, self)
        self.table = table_view(self.model, self, "figuresTable", stretch=0)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.message)
        lay.addWidget(self.table, 1)

        self.show_button.clicked.connect(self.refresh)
        self.by.currentIndexChanged.connect(lambda _i: self._fill())
        for field in (self.date_from, self.date_to):
            field.dateChanged.connect(lambda _d: self.refresh())
            field.edit.returnPressed.connect(self.refresh)
        env.bus.feedback_changed.connect(self.refresh)

    def period(self) -> tuple[dt.date, dt.date] | None:
        """The chosen dates, or None (and why, beside them) when they are not a period."""
        if not (self.date_from.is_valid() and self.date_to.is_valid()):
            self.message.show_error(_("Type the dates of the period."))
            return None
        start, end = self.date_from.date(), self.date_to.date()
        if start is None or end is None:
            self.message.show_error(_("Type the dates of the period."))
            return None
        if end < start:
            self.message.show_error(_("The period ends before it starts."))
            return None
        return start, end

    def refresh(self) -> None:
        period = self.period()
        if period is None:
            return
        Query(self._env, self, lambda ctx: ctx.complaints.figures(*period)).message_to(
            self.message
        ).success(self._got).run_in_background()

    def _got(self, figures: ComplaintFigures) -> None:
        self.figures = figures
        self._fill()

    def _fill(self) -> None:
        f = self.figures
        if f is None:
            self.model.set_rows([])
            return
        total = Measures(**{k: getattr(f, k) for k in Measures.__dataclass_fields__})
        rows: list[tuple[str, Measures]] = [(_("All complaints"), total)]
        if self.by.currentData() == BY_CATEGORY:
            rows += [(category_text(k), m) for k, m in f.categories]
        else:
            names = {m.id: m.name for m in self._env.ctx.staff.list(include_inactive=True)}
            rows += [
                (names.get(k, "?") if k is not None else _("Nobody in particular"), m)
                for k, m in f.staff
            ]
        self.model.set_rows(rows)
