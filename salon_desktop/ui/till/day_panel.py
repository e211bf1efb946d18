"""Today's cash day: the report, the cash paid in and out, the float, the close."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
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
from salon_desktop.ui.till.close_dialog import CloseDayDialog
from salon_desktop.ui.till.models import MovementsModel, ReportModel, table_view
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

        form.addWidget(_heading(_("Opening float"), side))
        row = QHBoxLayout()
        self.float_field = MoneyField(currency, side)
        self.float_field.setObjectName("openingFloat")
        self.float_button = QPushButton(_("Set float"), side)
        self.float_field.returnPressed.connect(self.set_float)
        self.float_button.clicked.connect(self.set_float)
        row.addWidget(_field(self.float_field, self.errors, "opening_float"), 1)
        row.addWidget(self.float_button, 0, Qt.AlignmentFlag.AlignTop)
        form.addLayout(row)

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
        form.addWidget(_heading(_("End of the day"), side))
        self.close_button = QPushButton(_("Close the day…"), side)
        self.close_button.setObjectName("closeDay")
        self.close_button.clicked.connect(self.close_day)
        self.print_button = QPushButton(_("Print close report"), side)
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
            self.pay_in_button,
            self.pay_out_button,
            self.close_button,
            self.print_button,
        ):
            b.setAutoDefault(False)
        self._editable = (
            self.float_field,
            self.float_button,
            self.move_amount,
            self.move_reason,
            self.pay_in_button,
            self.pay_out_button,
            self.close_button,
        )

    # -- showing -----------------------------------------------------------------------------
    def refresh(self) -> DayCloseReport:
        r = self.report = self._env.ctx.till.report()
        self.report_model.show_report(r)
        self.moves_model.set_rows(r.movements)
        for w in self._editable:
            w.setEnabled(not r.closed)
        if not self.float_field.hasFocus():
            self.float_field.set_value(r.opening_float if r.opened else None)
        return r

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
        actor = self._env.actor()
        if not self._write(lambda ctx: ctx.till.open_day(amount, actor)):
            return False
        self._done()
        return True

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

    def close_day(self) -> bool:
        self._clear()
        dialog = CloseDayDialog(self._env, self.refresh(), self)
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
        data = day_close_pdf(report, ctx.header(), earnings=ctx.till.earnings(day, day))
        preview = PdfPreview(data, _("Day close"), f"day-close-{day.isoformat()}.pdf", self)
        try:
            preview.exec()
        finally:
            preview.deleteLater()
        return data
