"""The surveys screen: the recent visits still waiting for a survey (Enter opens
the form), and the figures — NPS and CSAT for a period, by staff member, by
service and by month, each with its number of answers. A survey that says the
client is unhappy offers to record a complaint from it at once."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.complaints import Severity
from salon_desktop.i18n import N_, _, is_rtl
from salon_desktop.services.survey_figures import SurveyFigures
from salon_desktop.services.surveys import SurveyForm, SurveyView
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Query
from salon_desktop.ui.surveys.form_dialog import SurveyDialog
from salon_desktop.ui.surveys.models import (
    FiguresModel,
    WaitingModel,
    csat_text,
    figures_caption,
    nps_text,
)
from salon_desktop.ui.till.models import table_view
from salon_desktop.ui.widgets.forms import ErrorLabel

PERIODS = (
    ("30d", N_("Last 30 days")),
    ("3m", N_("Last 3 months")),
    ("12m", N_("Last 12 months")),
    ("year", N_("This year")),
)
GROUPS = (
    ("staff", N_("By staff member")),
    ("service", N_("By service")),
    ("month", N_("By month")),
)


def period_dates(key: str, today: dt.date, jalali: bool) -> tuple[dt.date, dt.date]:
    if key == "30d":
        return today - dt.timedelta(days=29), today
    if key == "3m":
        return today - dt.timedelta(days=91), today
    if key == "12m":
        return today - dt.timedelta(days=364), today
    if jalali:
        from persiantools.jdatetime import JalaliDate

        return JalaliDate(JalaliDate(today).year, 1, 1).to_gregorian(), today
    return dt.date(today.year, 1, 1), today


class SurveysScreen(QWidget):
    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("surveysScreen")
        self._env = env
        self.figures: SurveyFigures | None = None
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("surveyTabs")

        # -- waiting ------------------------------------------------------------------------
        waiting = QWidget(self)
        self.model = WaitingModel(env, self)
        self.table = table_view(self.model, waiting, "surveysWaiting", stretch=2)
        self.table.activated.connect(lambda index: self.open_survey(self._row_sale(index.row())))
        self.empty = QLabel(_("Every recent visit has its survey."), waiting)
        self.empty.setObjectName("surveysEmpty")
        hint = QLabel(_("Choose a visit and press Enter to type in the client's answers."), waiting)
        hint.setStyleSheet("color: #666;")
        self.questions_button = QPushButton(_("Questions…"), waiting)
        self.questions_button.setObjectName("surveyQuestions")
        self.questions_button.setToolTip(_("The extra questions of the survey"))
        self.questions_button.clicked.connect(self.edit_questions)
        top = QHBoxLayout()
        top.addWidget(hint, 1)
        top.addWidget(self.questions_button)
        self.message = ErrorLabel(waiting)
        wl = QVBoxLayout(waiting)
        wl.addLayout(top)
        wl.addWidget(self.table, 1)
        wl.addWidget(self.empty)
        wl.addWidget(self.message)
        self.tabs.addTab(waiting, _("Waiting for a survey"))

        # -- figures ------------------------------------------------------------------------
        figures = QWidget(self)
        self.period = QComboBox(figures)
        self.period.setObjectName("surveyPeriod")
        for key, label in PERIODS:
            self.period.addItem(_(label), key)
        self.period.setCurrentIndex(2)
        self.group = QComboBox(figures)
        self.group.setObjectName("surveyGroup")
        for key, label in GROUPS:
            self.group.addItem(_(label), key)
        self.overall = QLabel(figures)
        self.overall.setObjectName("surveyOverall")
        self.overall.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.overall.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Visits of:"), figures))
        bar.addWidget(self.period)
        bar.addWidget(self.group)
        bar.addStretch(1)
        self.rules_button = QPushButton(_("Survey settings…"), figures)
        self.rules_button.setObjectName("surveyRules")
        self.rules_button.setToolTip(
            _("The fewest answers for a score, and how a client's satisfaction is judged")
        )
        self.rules_button.clicked.connect(self.edit_rules)
        bar.addWidget(self.rules_button)
        self.figures_model = FiguresModel(env, self)
        self.figures_model.nobody = _("Nobody named")
        self.figures_table = table_view(self.figures_model, figures, "surveyFigures", stretch=0)
        caption = QLabel(figures_caption(), figures)
        caption.setWordWrap(True)
        caption.setStyleSheet("color: #666;")
        self.figures_message = ErrorLabel(figures)
        fl = QVBoxLayout(figures)
        fl.addLayout(bar)
        fl.addWidget(self.overall)
        fl.addWidget(self.figures_table, 1)
        fl.addWidget(caption)
        fl.addWidget(self.figures_message)
        self.tabs.addTab(figures, _("Figures"))

        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)
        self.period.currentIndexChanged.connect(self.refresh_figures)
        self.group.currentIndexChanged.connect(self._show_group)
        self.tabs.currentChanged.connect(self._tab_changed)
        QShortcut(
            QKeySequence(Qt.Key.Key_F5),
            self,
            self.refresh,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        env.bus.feedback_changed.connect(self.refresh)
        env.bus.sale_posted.connect(lambda _id: self.refresh_waiting())
        env.bus.settings_changed.connect(self.refresh_figures)
        self.refresh()

    # -- the waiting list -------------------------------------------------------------------
    def refresh(self) -> None:
        self.refresh_waiting()
        self.refresh_figures()

    def refresh_waiting(self) -> None:
        keep = self._row_sale(self.table.currentIndex().row())
        Query(self._env, self, lambda ctx: ctx.surveys.waiting()).message_to(self.message).success(
            lambda rows: self._show_waiting(rows, keep)
        ).run_in_background()

    def _show_waiting(self, rows, keep: int | None) -> None:
        self.model.set_rows(rows)
        self.empty.setVisible(not rows)
        if rows:
            row = self.model.row_of(keep, "sale_id") if keep is not None else -1
            self.table.selectRow(max(0, row))

    def _row_sale(self, row: int) -> int | None:
        v = self.model.row_at(row)
        return v.sale_id if v is not None else None

    def focus_list(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.table.setFocus()

    def open_survey(self, sale_id: int | None) -> bool:
        """The form of this visit; after an unhappy survey, the offer of a complaint."""
        if sale_id is None:
            return False
        form: SurveyForm | None = (
            Query(self._env, self, lambda ctx: ctx.surveys.form(sale_id))
            .message_to(self.message)
            .run()
        )
        if form is None:
            return False
        dialog = SurveyDialog(self._env, form, self)
        try:
            dialog.exec()
            recorded = dialog.recorded
        finally:
            dialog.deleteLater()
        if recorded is None:
            return False
        self.table.setFocus()
        if recorded.unhappy:
            self.offer_complaint(recorded.survey_id)
        return True

    # -- an unhappy client -----------------------------------------------------------------
    def offer_complaint(self, survey_id: int) -> int | None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("An unhappy client"),
            _(
                "The client is unhappy with this visit. Record a complaint from the survey "
                "now, so that someone calls her back?"
            ),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        yes = box.addButton(_("Record a complaint"), QMessageBox.ButtonRole.YesRole)
        box.addButton(_("Not now"), QMessageBox.ButtonRole.NoRole)
        box.setDefaultButton(yes)
        try:
            box.exec()
            if box.clickedButton() is not yes:
                return None
        finally:
            box.deleteLater()
        view: SurveyView | None = (
            Query(self._env, self, lambda ctx: ctx.surveys.get(survey_id))
            .message_to(self.message)
            .run()
        )
        if view is None:
            return None
        return self.record_complaint(view)

    def record_complaint(self, view: SurveyView) -> int | None:
        from salon_desktop.ui.complaints.record_dialog import RecordComplaintDialog

        dialog = RecordComplaintDialog(
            self._env, view.client_id, view.client_name, view.sale_id, self
        )
        try:
            staff = view.low_staff()
            category = view.complaint_category()
            dialog.category.setCurrentIndex(max(0, dialog.category.findData(category)))
            if staff is not None:
                dialog.staff.setCurrentIndex(max(0, dialog.staff.findData(staff)))
            if view.recommend is not None and view.recommend <= 3:
                dialog.severity.setCurrentIndex(max(0, dialog.severity.findData(Severity.HIGH)))
            dialog.description.setPlainText(
                _("From the survey of the visit:") + "\n" + view.complaint_text()
            )
            dialog.description.setFocus()
            dialog.exec()
            return dialog.recorded
        finally:
            dialog.deleteLater()

    # -- the template ---------------------------------------------------------------------
    def edit_questions(self) -> None:
        from salon_desktop.ui.surveys.questions_dialog import QuestionsDialog

        dialog = QuestionsDialog(self._env, self)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

    def edit_rules(self) -> bool:
        from salon_desktop.ui.surveys.rules_dialog import SurveyRulesDialog

        dialog = SurveyRulesDialog(self._env, self)
        try:
            return bool(dialog.exec())
        finally:
            dialog.deleteLater()

    # -- the figures ------------------------------------------------------------------------
    def _tab_changed(self, index: int) -> None:
        if index == 0:
            self.table.setFocus()

    def refresh_figures(self) -> None:
        ctx = self._env.ctx
        start, end = period_dates(
            self.period.currentData(), ctx.surveys.today(), ctx.salon.uses_jalali()
        )
        Query(self._env, self, lambda c: c.surveys.figures(start, end)).message_to(
            self.figures_message
        ).success(self._show_figures).run_in_background()

    def _show_figures(self, figures: SurveyFigures) -> None:
        self.figures = figures
        fmt = self._env.fmt
        o = figures.overall
        lead = "\u200f" if is_rtl() else ""  # the line starts with "NPS" in every language
        self.overall.setText(
            lead
            + _("NPS {nps} on {n} answers · CSAT {csat} on {m} answers · {surveys} surveys").format(
                nps=nps_text(fmt, o.nps),
                n=fmt.integer(o.nps.answers),
                csat=csat_text(fmt, o.csat),
                m=fmt.integer(o.csat.answers),
                surveys=fmt.integer(figures.surveys),
            )
        )
        self._show_group()

    def _show_group(self) -> None:
        f = self.figures
        if f is None:
            return
        key = self.group.currentData()
        rows = f.by_staff if key == "staff" else f.by_service if key == "service" else f.by_month
        self.figures_model.set_rows(rows)
