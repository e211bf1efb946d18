"""Today at the till: the Z report of a cash session or of the whole day, the cash
paid in and out, the float that opens a session, the count that closes it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.views import DayCloseReport
from salon_desktop.i18n import _
from salon_desktop.services.changes import Changes
from salon_desktop.services.failures import Failure
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Write
from salon_desktop.ui.till.close_dialog import CloseSessionDialog
from salon_desktop.ui.till.count_dialog import CountedAmount
from salon_desktop.ui.till.models import (
    MovementsModel,
    ReportModel,
    session_caption,
    table_view,
)
from salon_desktop.ui.widgets.forms import ErrorLabel, FormErrors, error_text
from salon_desktop.ui.widgets.money_field import MoneyField
from salon_desktop.ui.widgets.pdf_preview import PdfPreview


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def _field(widget: QWidget, errors: FormErrors, name: str) -> QWidget:
    """``widget`` with its error message under it."""
    box = QWidget(widget.parentWidget())
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(1)
    layout.addWidget(widget)
    label = ErrorLabel(box)
    label.setObjectName(f"error_{name}")
    layout.addWidget(label)
    errors.register(name, label, widget)
    return box


class DayPanel(QWidget):
    """Every change goes through ``ctx.till`` and is announced on ``bus.till_changed``."""

    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self._env = env
        self.report: DayCloseReport | None = None
        self.errors = FormErrors(env.fmt)
        currency = env.ctx.salon.currency
        root = QHBoxLayout(self)

        # -- the report and the movements -------------------------------------------------
        left = QVBoxLayout()
        choose = QHBoxLayout()
        shown_label = QLabel(_("Report of"), self)
        self.report_choice = QComboBox(self)
        self.report_choice.setObjectName("reportChoice")
        shown_label.setBuddy(self.report_choice)
        choose.addWidget(shown_label)
        choose.addWidget(self.report_choice, 1)
        left.addLayout(choose)
        # What the report shows: "current" (the day's last session, following the next
        # one when it opens), "day", or a session's id.
        self._choice: str | int = "current"
        self._filling = False
        self.report_choice.activated.connect(self._chosen)
        self.report_model = ReportModel(env, self)
        self.report_table = table_view(self.report_model, self, "dayReport", stretch=0)
        left.addWidget(self.report_table, 3)
        left.addWidget(_heading(_("Cash paid in and out"), self))
        self.moves_model = MovementsModel(env, self)
        self.moves_table = table_view(self.moves_model, self, "cashMovements", stretch=2)
        left.addWidget(self.moves_table, 1)
        root.addLayout(left, 3)

        # -- actions ----------------------------------------------------------------------------
        side = QFrame(self)
        side.setObjectName("tillActions")
        side.setFrameShape(QFrame.Shape.StyledPanel)
        side.setMinimumWidth(300)
        side.setMaximumWidth(420)
        form = QVBoxLayout(side)

        self.float_heading = _heading(_("Opening float"), side)
        form.addWidget(self.float_heading)
        row = QHBoxLayout()
        self.float_field = MoneyField(currency, side)
        self.float_field.setObjectName("openingFloat")
        self.float_button = QPushButton(_("Set float"), side)
        self.float_field.returnPressed.connect(self.set_float)
        self.float_button.clicked.connect(self.set_float)
        row.addWidget(_field(self.float_field, self.errors, "opening_float"), 1)
        row.addWidget(self.float_button, 0, Qt.AlignmentFlag.AlignTop)
        form.addLayout(row)
        self.float_counting = CountedAmount(self.float_field)
        self.count_float_button = QPushButton(_("Count notes and coins…"), side)
        self.count_float_button.setObjectName("countOpeningFloat")
        self.count_float_button.clicked.connect(self.count_float)
        form.addWidget(self.count_float_button)

        form.addSpacing(8)
        form.addWidget(_heading(_("Cash in or out"), side))
        grid = QGridLayout()
        self.move_amount = MoneyField(currency, side)
        self.move_amount.setObjectName("moveAmount")
        self.move_reason = QLineEdit(side)
        self.move_reason.setObjectName("moveReason")
        self.move_reason.setPlaceholderText(_("e.g. change from the bank, flowers"))
        grid.addWidget(QLabel(_("Amount"), side), 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(_field(self.move_amount, self.errors, "amount"), 0, 1)
        grid.addWidget(QLabel(_("Reason"), side), 1, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(_field(self.move_reason, self.errors, "reason"), 1, 1)
        form.addLayout(grid)
        row = QHBoxLayout()
        self.pay_in_button = QPushButton(_("Pay in"), side)
        self.pay_in_button.setObjectName("payIn")
        self.pay_out_button = QPushButton(_("Pay out"), side)
        self.pay_out_button.setObjectName("payOut")
        self.pay_in_button.clicked.connect(lambda: self.move_cash(+1))
        self.pay_out_button.clicked.connect(lambda: self.move_cash(-1))
        row.addWidget(self.pay_in_button)
        row.addWidget(self.pay_out_button)
        form.addLayout(row)

        form.addSpacing(8)
        form.addWidget(_heading(_("End of the session"), side))
        self.close_button = QPushButton(_("Close the session…"), side)
        self.close_button.setObjectName("closeSession")
        self.close_button.clicked.connect(self.close_session)
        self.print_button = QPushButton(_("Print the report"), side)
        self.print_button.setObjectName("printCloseReport")
        self.print_button.clicked.connect(self.print_report)
        form.addWidget(self.close_button)
        form.addWidget(self.print_button)
        self.general_error = ErrorLabel(side)
        self.general_error.setObjectName("tillError")
        form.addWidget(self.general_error)
        form.addStretch(1)
        root.addWidget(side, 2)
        for b in (
            self.float_button,
            self.count_float_button,
            self.pay_in_button,
            self.pay_out_button,
            self.close_button,
            self.print_button,
        ):
            b.setAutoDefault(False)
        self._while_open = (
            self.move_amount,
            self.move_reason,
            self.pay_in_button,
            self.pay_out_button,
            self.close_button,
        )
        self.day_report: DayCloseReport | None = None

    # -- showing -----------------------------------------------------------------------------
    def refresh(self) -> DayCloseReport:
        """Reads the day and the chosen report; returns the chosen one."""
        till = self._env.ctx.till
        day = self.day_report = till.report()
        sessions = day.sessions
        if self._choice == "day" or not sessions:
            r = day
        elif self._choice == "current" or all(x.id != self._choice for x in sessions):
            self._choice = "current"
            r = till.session_report()
        else:
            r = till.session_report(int(self._choice))
        self.report = r
        self._fill_choice(day)
        self.report_model.show_report(r)
        self.moves_model.set_rows(r.movements)
        closed = bool(sessions) and sessions[-1].closed
        for w in self._while_open:
            w.setEnabled(not closed)
        current = day.open_session
        self.float_button.setText(_("Open a new session") if closed else _("Set float"))
        self.float_heading.setText(_("Float of the next session") if closed else _("Opening float"))
        if not self.float_field.hasFocus():
            self.float_field.set_value(current.opening_float if current else None)
        return r

    def session_title(self, number: int, view=None) -> str:
        if view is None:
            return _("Session {number}").format(number=self._env.fmt.integer(number))
        return session_caption(self._env, view)

    def _fill_choice(self, day: DayCloseReport) -> None:
        self._filling = True
        try:
            box = self.report_choice
            box.clear()
            for i, view in enumerate(day.sessions):
                last = i == len(day.sessions) - 1
                box.addItem(self.session_title(view.number, view), "current" if last else view.id)
            box.addItem(_("The whole day"), "day")
            wanted = self._choice if day.sessions else "day"
            box.setCurrentIndex(max(0, box.findData(wanted)))
        finally:
            self._filling = False

    def _chosen(self, index: int) -> None:
        if self._filling:
            return
        self._choice = self.report_choice.itemData(index)
        self.refresh()

    # -- changes -------------------------------------------------------------------------------
    def _done(self) -> None:
        if not self._env.bus.initiated_by(self):
            self.refresh()  # on its own (tests, a panel outside the till screen)

    def _write(self, call) -> bool:
        """Run a till change; refused input beside its field, anything else below."""

        def refused(failure: Failure) -> bool:
            if failure.validation is None:
                return False
            for e in self.errors.show(failure.validation):
                self.general_error.show_error(error_text(e, self._env.fmt))
            return True

        op = Write(self._env, self, call, changes=Changes(till=True))
        op.message_to(self.general_error).failure(refused).run()
        return op.succeeded

    def _clear(self) -> None:
        self.errors.clear()
        self.general_error.clear_error()

    def _amount(self, field: MoneyField, name: str) -> int | None:
        """The amount typed, or None with the reason beside the field."""
        label = self.errors.label(name)
        if not field.is_valid():
            label.show_error(field.error())
        elif field.value() is None:
            label.show_error(_("Enter an amount."))
        else:
            return field.value()
        field.setFocus()
        return None

    def set_float(self) -> bool:
        self._clear()
        amount = self._amount(self.float_field, "opening_float")
        if amount is None:
            return False
        from salon_desktop.ui.till.left_open import tell_left_open

        if not tell_left_open(self._env, self):  # an earlier day's session first
            return False
        actor, count = self._env.actor(), self.float_counting.count()
        if not self._write(lambda ctx: ctx.till.open_session(amount, actor, count=count)):
            return False
        self._choice = "current"
        self._done()
        return True

    def count_float(self) -> bool:
        """The float counted note by note, then set (or the next session opened)."""
        if not self.float_counting.ask(self._env, self.float_heading.text(), self):
            return False
        return self.set_float()

    def move_cash(self, sign: int) -> bool:
        """Pay in (+1) or out (-1) the amount typed, for the reason typed."""
        self._clear()
        amount = self._amount(self.move_amount, "amount")
        if not self.move_reason.text().strip():
            self.errors.label("reason").show_error(_("Say why the cash goes in or out."))
            if amount is not None:
                self.move_reason.setFocus()
            return False
        if amount is None:
            return False
        reason, actor = self.move_reason.text(), self._env.actor()
        if not self._write(lambda ctx: ctx.till.move_cash(sign * amount, reason, actor)):
            return False
        self.move_amount.set_value(None)
        self.move_reason.clear()
        self._done()
        return True

    def close_session(self) -> bool:
        self._clear()
        self._choice = "current"
        dialog = CloseSessionDialog(self._env, self.refresh(), self)
        try:
            if not dialog.exec():
                return False
        finally:
            dialog.deleteLater()
        self._done()
        return True

    def print_report(self) -> bytes:
        from salon_desktop.documents.day_close import day_close_pdf

        ctx = self._env.ctx
        report = self.refresh()
        day = report.business_date
        if report.session is None:
            earnings = ctx.till.earnings(day, day)
            title, name = _("Day close"), f"day-close-{day.isoformat()}.pdf"
        else:  # the staff's earnings are the day's: on the day's report only
            earnings = []
            number = report.session.number
            title = self.session_title(number)
            name = f"session-close-{day.isoformat()}-{number}.pdf"
        data = day_close_pdf(report, ctx.header(), earnings=earnings)
        preview = PdfPreview(data, title, name, self)
        try:
            preview.exec()
        finally:
            preview.deleteLater()
        return data
