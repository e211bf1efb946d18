"""The Reports screen: choose a month of the salon's calendar (Jalali in Persian) or a
period, compute (off the UI thread, with progress), read the key figures beside the
period before and a year earlier, preview / print / save the PDF, export the figures
as CSV. Only managers and the owner may see reports (the service refuses the others;
the screen says so before they try)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.permissions import Action
from salon_desktop.domain.report_period import (
    BadPeriod,
    Period,
    month_of,
    month_period,
    range_period,
)
from salon_desktop.domain.validation import Errors, ValidationError
from salon_desktop.i18n import N_, _
from salon_desktop.services.report_figures import Report
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Query
from salon_desktop.ui.reports.model import FiguresModel
from salon_desktop.ui.widgets.date_field import DateField, InvalidDate
from salon_desktop.ui.widgets.forms import ErrorLabel, FormErrors

MONTHS_BACK = 36  # months offered in the picker
NOT_A_DATE = N_("Not a valid date. Type it like {pattern}.")
DENIED = N_("Only a manager or the owner may see reports. Ask one of them to log in.")


class _Progress(QObject):
    """Carries the worker's progress to the UI thread (a queued signal)."""

    step = Signal(int, int)


def ltr(text: object) -> str:
    return f"\u2066{text}\u2069"


class ReportsScreen(QWidget):
    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self._env = env
        self.report: Report | None = None
        self._asked = 0
        self.preview_dialog: QDialog | None = None
        self.errors = FormErrors(env.fmt)
        self._progress = _Progress(self)
        self._progress.step.connect(self._step)

        self.mode = QComboBox(self)
        self.mode.setObjectName("reportMode")
        self.mode.addItem(_("A month"), "month")
        self.mode.addItem(_("A period"), "period")
        self.month = QComboBox(self)
        self.month.setObjectName("reportMonth")
        self.date_from = DateField(env.fmt, self)
        self.date_from.setObjectName("reportFrom")
        self.date_to = DateField(env.fmt, self)
        self.date_to.setObjectName("reportTo")
        self.from_label = QLabel(_("From"), self)
        self.to_label = QLabel(_("To"), self)
        self.compute_button = QPushButton(_("Compute"), self)
        self.compute_button.setObjectName("computeReport")
        self.compute_button.setDefault(True)
        self.preview_button = QPushButton(_("Preview and print…"), self)
        self.preview_button.setObjectName("previewReport")
        self.csv_button = QPushButton(_("Export CSV…"), self)
        self.csv_button.setObjectName("exportReport")
        for b in (self.preview_button, self.csv_button):
            b.setEnabled(False)
            b.setAutoDefault(False)

        bar = QHBoxLayout()
        bar.addWidget(self.mode)
        bar.addWidget(self.month)
        bar.addWidget(self.from_label)
        bar.addWidget(self.date_from)
        bar.addWidget(self.to_label)
        bar.addWidget(self.date_to)
        bar.addWidget(self.compute_button)
        bar.addStretch(1)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.preview_button)
        actions.addWidget(self.csv_button)

        self.denied = QLabel(_(DENIED), self)
        self.denied.setObjectName("reportDenied")
        self.denied.setWordWrap(True)
        self.message = ErrorLabel(self)
        self.message.setObjectName("reportMessage")
        self.errors.register("date_from", self.message, self.date_from)
        self.errors.register("date_to", self.message, self.date_to)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("reportProgress")
        self.progress.setVisible(False)
        self.title = QLabel("", self)
        self.title.setObjectName("reportTitle")
        self.title.setStyleSheet("font-weight: bold; font-size: 120%;")
        self.status = QLabel("", self)
        self.status.setObjectName("reportStatus")
        self.status.setWordWrap(True)

        self.model = FiguresModel(env.fmt, self)
        self.table = QTableView(self)
        self.table.setObjectName("reportFigures")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.denied)
        layout.addWidget(self.progress)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(actions)

        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.compute_button.clicked.connect(self.compute)
        self.preview_button.clicked.connect(self.preview)
        self.csv_button.clicked.connect(self.export_csv)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # Enter anywhere on the screen
            enter = QShortcut(QKeySequence(key), self)
            enter.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            enter.activated.connect(self.compute)
        for combo in (self.mode, self.month):  # a closed combo box keeps Enter to itself
            combo.installEventFilter(self)
        self._fill_months()
        self._mode_changed()
        self.refresh_access()

    # -- the period --------------------------------------------------------------------------
    @property
    def jalali(self) -> bool:
        return self._env.ctx.salon.uses_jalali()

    def _fill_months(self) -> None:
        from salon_desktop.documents.monthly_report import period_title

        today = self._env.ctx.clients.today()
        y, m = month_of(today, self.jalali)
        self.month.clear()
        for back in range(MONTHS_BACK):
            p = month_period(y, m - back, self.jalali)
            self.month.addItem(period_title(p, self._env.fmt), p)
        self.month.setCurrentIndex(1)  # the last whole month
        start = month_period(y, m, self.jalali).start
        self.date_from.setDate(start)
        self.date_to.setDate(today)

    def _mode_changed(self) -> None:
        by_month = self.mode.currentData() == "month"
        self.month.setVisible(by_month)
        for w in (self.from_label, self.date_from, self.to_label, self.date_to):
            w.setVisible(not by_month)

    def period(self) -> Period | None:
        """The chosen period, or None with the problem shown beside the field."""
        self.errors.clear()
        if self.mode.currentData() == "month":
            return self.month.currentData()
        errors = Errors()
        values: list[dt.date] = []
        for name, field in (("date_from", self.date_from), ("date_to", self.date_to)):
            try:
                value = field.date()
            except InvalidDate:
                errors.add(name, NOT_A_DATE, pattern=self._env.fmt.date_pattern())
                continue
            if value is None:
                errors.add(name, N_("Enter a date."))
            else:
                values.append(value)
        if not errors.errors and values[1] < values[0]:
            errors.add("date_to", N_("The end of the period is before its start."))
        if errors.errors:
            self.errors.show(ValidationError(errors.errors[:1]))
            return None
        try:
            return range_period(values[0], values[1], self.jalali)
        except BadPeriod as bad:
            self.message.show_error(_(bad.msgid).format(**bad.params))
            return None

    # -- who may see it ------------------------------------------------------------------------
    def may_see(self) -> bool:
        return self._env.ctx.accounts.may(self._env.actor(), Action.SEE_REPORTS)

    def refresh_access(self) -> None:
        allowed = self.may_see()
        self.denied.setVisible(not allowed)
        for w in (self.compute_button, self.mode, self.month, self.date_from, self.date_to):
            w.setEnabled(allowed)
        if not allowed:
            self._show(None)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt naming
        from PySide6.QtCore import QEvent

        if (
            watched in (self.mode, self.month)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not watched.view().isVisible()
        ):
            self.compute()
            return True
        return super().eventFilter(watched, event)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt naming
        super().showEvent(event)
        self.refresh_access()  # who is at the desk may have changed

    def refresh(self) -> None:
        self.refresh_access()

    # -- computing -----------------------------------------------------------------------------
    def compute(self) -> None:
        period = self.period()
        if period is None or not self.may_see():
            return
        self._asked += 1
        asked = self._asked
        actor = self._env.actor()
        step = self._progress.step
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.compute_button.setEnabled(False)
        self.status.setText(_("Computing the figures…"))

        def done(report: Report) -> None:
            if asked == self._asked:
                self._show(report)

        def failed(_failure) -> bool:
            if asked == self._asked:
                self._idle()
                self.status.setText("")
            return False  # the sentence shown as usual

        Query(self._env, self, lambda ctx: ctx.reports.report(period, actor, step.emit)).message_to(
            self.message
        ).success(done).failure(failed).run_in_background()

    def _step(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _idle(self) -> None:
        self.progress.setVisible(False)
        self.compute_button.setEnabled(self.may_see())

    def _show(self, report: Report | None) -> None:
        from salon_desktop.documents.monthly_report import period_title

        self._idle()
        self.report = report
        self.model.set_report(report)
        for b in (self.preview_button, self.csv_button):
            b.setEnabled(report is not None)
        if report is None:
            self.title.setText("")
            self.status.setText("")
            return
        self.title.setText(self._title(report))
        fmt = self._env.fmt
        self.status.setText(
            _("Compared with {previous} and {year_before}.").format(
                previous=period_title(report.previous.period, fmt),
                year_before=period_title(report.year_before.period, fmt),
            )
        )

    def _title(self, report: Report) -> str:
        from salon_desktop.documents.monthly_report import period_title

        p = report.current.period
        what = _("Monthly report") if p.month is not None else _("Report")
        return f"{what}: {period_title(p, self._env.fmt)}"

    # -- the PDF and the CSV ---------------------------------------------------------------------
    def pdf(self) -> bytes | None:
        """The report's PDF (made on the UI thread: a few tenths of a second)."""
        from salon_desktop.documents.monthly_report import monthly_report_pdf

        if self.report is None:
            return None
        return monthly_report_pdf(self.report, self._env.ctx.header())

    def preview(self) -> None:
        from salon_desktop.documents.monthly_report import monthly_report_pdf
        from salon_desktop.ui.widgets.pdf_preview import PdfPreview

        report = self.report
        if report is None:
            return

        def show(data: bytes) -> None:
            preview = PdfPreview(
                data, self._title(report), "report.pdf", self, report.current.period.start
            )
            self.preview_dialog = preview
            try:
                preview.exec()
            finally:
                preview.deleteLater()
                self.preview_dialog = None

        Query(self._env, self, lambda ctx: monthly_report_pdf(report, ctx.header())).message_to(
            self.message
        ).success(show).run_in_background()

    def csv_dialog(self):
        from PySide6.QtWidgets import QFileDialog

        from salon_desktop.ui.widgets.file_dialogs import dated_file_name, save_file_dialog

        assert self.report is not None
        name = dated_file_name(self._title(self.report), self.report.current.period.start, ".csv")
        dialog = save_file_dialog(self, _("Export CSV…"), name, "CSV (*.csv)")
        dialog.setDefaultSuffix("csv")
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        return dialog

    def export_csv(self) -> None:
        if self.report is None:
            return
        dialog = self.csv_dialog()
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
                return
            path = Path(dialog.selectedFiles()[0])
        finally:
            dialog.deleteLater()
        self.write_csv(path)

    def write_csv(self, path: Path) -> None:
        """The figures written to ``path`` in the background; the outcome said below."""
        from salon_desktop.documents.monthly_report import key_label
        from salon_desktop.services.export import ExportFailed
        from salon_desktop.services.report_figures import csv_rows, write_csv

        report = self.report
        if report is None:
            return
        currency = self._env.ctx.salon.currency

        def call(_ctx) -> int | ExportFailed:
            try:
                return write_csv(csv_rows(report, currency, key_label), path)
            except ExportFailed as failed:
                return failed

        def finished(result: int | ExportFailed) -> None:
            if isinstance(result, ExportFailed):
                self.message.show_error(_(result.message).format(where=ltr(result.where)))
                return
            self.status.setText(_("Figures written to {file}.").format(file=ltr(path)))

        Query(self._env, self, call).message_to(self.message).success(finished).run_in_background()
