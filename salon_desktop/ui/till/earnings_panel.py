"""Commission and tips per staff member for any period."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from salon_desktop.domain.validation import Errors, ValidationError
from salon_desktop.domain.views import StaffEarnings
from salon_desktop.i18n import N_, _
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.till.models import EarningsModel, table_view
from salon_desktop.ui.widgets.date_field import DateField, InvalidDate
from salon_desktop.ui.widgets.forms import ErrorLabel, FormErrors
from salon_desktop.ui.widgets.pdf_preview import PdfPreview

NOT_A_DATE = N_("Not a valid date. Type it like {pattern}.")


def month_start(env: UiEnv, day: dt.date) -> dt.date:
    """The first day of ``day``'s month in the salon's calendar (Jalali for Persian)."""
    if env.fmt.persian:
        from persiantools.jdatetime import JalaliDate

        return JalaliDate(day).replace(day=1).to_gregorian()
    return day.replace(day=1)


class EarningsPanel(QWidget):
    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self._env = env
        self.rows: list[StaffEarnings] = []
        self.period: tuple[dt.date, dt.date] | None = None
        self.errors = FormErrors(env.fmt)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.date_from = DateField(env.fmt, self)
        self.date_from.setObjectName("earningsFrom")
        self.date_to = DateField(env.fmt, self)
        self.date_to.setObjectName("earningsTo")
        self.show_button = QPushButton(_("Show"), self)
        self.show_button.setObjectName("showEarnings")
        self.print_button = QPushButton(_("Print…"), self)
        self.print_button.setObjectName("printEarnings")
        for b in (self.show_button, self.print_button):
            b.setAutoDefault(False)
        self.show_button.clicked.connect(self.show_period)
        self.print_button.clicked.connect(self.print_earnings)
        self.date_from.edit.returnPressed.connect(self.show_period)
        self.date_to.edit.returnPressed.connect(self.show_period)
        bar.addWidget(QLabel(_("From"), self))
        bar.addWidget(self.date_from)
        bar.addWidget(QLabel(_("To"), self))
        bar.addWidget(self.date_to)
        bar.addWidget(self.show_button)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        layout.addLayout(bar)
        self.error = ErrorLabel(self)
        self.error.setObjectName("earningsError")
        self.errors.register("date_from", self.error, self.date_from)
        self.errors.register("date_to", self.error, self.date_to)
        layout.addWidget(self.error)
        self.model = EarningsModel(env, self)
        self.table = table_view(self.model, self, "earningsTable", stretch=None)
        layout.addWidget(self.table, 1)
        self.empty = QLabel(_("Nobody earned anything in this period."), self)
        layout.addWidget(self.empty)
        today = env.ctx.clients.today()
        self.date_from.setDate(month_start(env, today))
        self.date_to.setDate(today)

    def _read(self) -> tuple[dt.date, dt.date] | None:
        errors = Errors()
        pattern = self._env.fmt.date_pattern()
        values: list[dt.date] = []
        for name, field in (("date_from", self.date_from), ("date_to", self.date_to)):
            try:
                value = field.date()
            except InvalidDate:
                errors.add(name, NOT_A_DATE, pattern=pattern)
                continue
            if value is None:
                errors.add(name, N_("Enter a date."))
            else:
                values.append(value)
        if not errors.errors and values[0] > values[1]:
            errors.add("date_to", N_("The end of the period is before its start."))
        if errors.errors:
            self.errors.show(ValidationError(errors.errors[:1]))
            return None
        return values[0], values[1]

    def show_period(self) -> bool:
        self.errors.clear()
        period = self._read()
        if period is None:
            return False
        self.period = period
        self.rows = self._earnings(period)
        self.model.show_earnings(self.rows)
        self.empty.setVisible(not self.rows)
        self.table.setVisible(bool(self.rows))
        return True

    def _earnings(self, period: tuple[dt.date, dt.date]) -> list[StaffEarnings]:
        """The period's earnings, if the role of who is at the desk lets them see them."""
        from salon_desktop.services.accounts import PermissionDenied
        from salon_desktop.services.failures import classify
        from salon_desktop.ui.operations import failure_text

        try:
            return self._env.ctx.till.earnings(*period, actor_id=self._env.actor())
        except PermissionDenied as exc:
            self.error.show_error(failure_text(classify(exc), self._env.fmt))
            return []

    def refresh(self) -> None:
        """Show the period again (a sale was posted): quietly keep the old one if the
        fields hold nonsense."""
        if self.period is None:
            self.show_period()
            return
        self.rows = self._earnings(self.period)
        self.model.show_earnings(self.rows)
        self.empty.setVisible(not self.rows)
        self.table.setVisible(bool(self.rows))

    def print_earnings(self) -> bytes | None:
        from salon_desktop.documents.earnings import earnings_pdf

        if not self.show_period() or self.period is None or not self.rows:
            return None
        ctx = self._env.ctx
        start, end = self.period
        data = earnings_pdf(self.rows, start, end, ctx.header())
        preview = PdfPreview(
            data, _("Staff earnings"), f"earnings-{start.isoformat()}-{end.isoformat()}.pdf", self
        )
        try:
            preview.exec()
        finally:
            preview.deleteLater()
        return data
