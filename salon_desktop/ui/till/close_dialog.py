"""Closing a cash session: the cash counted in the drawer against what should be
there. The session ends, not the day: the next one opens with its float."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.views import DayCloseReport
from salon_desktop.i18n import _
from salon_desktop.services.changes import Changes
from salon_desktop.services.failures import Failure
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Query, Write
from salon_desktop.ui.till.models import difference_text
from salon_desktop.ui.widgets.forms import ErrorLabel, FormErrors, align_leading, error_text
from salon_desktop.ui.widgets.money_field import MoneyField


class CloseSessionDialog(QDialog):
    """Type the counted cash: the difference shows as you type (red when short). "Close
    the session" ends it; ``report`` is then the closed session's."""

    def __init__(self, env: UiEnv, report: DayCloseReport, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("closeSessionDialog")
        self.setWindowTitle(_("Close the session"))
        self.setMinimumWidth(420)
        self._env = env
        self.report = report
        self.errors = FormErrors(env.fmt)
        fmt = env.fmt
        layout = QVBoxLayout(self)
        number = report.session.number if report.session is not None else 1
        title = QLabel(
            _("Cash session {number}, {date}").format(
                number=fmt.integer(number), date=fmt.date(report.business_date, "long")
            ),
            self,
        )
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        title.setFont(font)
        layout.addWidget(title)

        form = QFormLayout()
        self.opening = align_leading(QLabel(fmt.amount(report.opening_float), self))
        self.opening.setObjectName("sessionOpeningFloat")
        self.expected = align_leading(QLabel(fmt.amount(report.expected_cash), self))
        self.expected.setObjectName("expectedCash")
        self.counted = MoneyField(env.ctx.salon.currency, self)
        self.counted.setObjectName("countedCash")
        self.counted_error = self.errors.register("counted_cash", ErrorLabel(self), self.counted)
        self.difference = align_leading(QLabel("—", self))
        self.difference.setObjectName("cashDifference")
        font = self.difference.font()
        font.setBold(True)
        self.difference.setFont(font)
        self.note = QLineEdit(self)
        self.note.setObjectName("closeNote")
        self.note.setPlaceholderText(_("Why the cash is short or over (optional)"))
        self.note_error = self.errors.register("note", ErrorLabel(self), self.note)
        counted_box = QVBoxLayout()
        counted_box.setSpacing(1)
        counted_box.addWidget(self.counted)
        counted_box.addWidget(self.counted_error)
        note_box = QVBoxLayout()
        note_box.setSpacing(1)
        note_box.addWidget(self.note)
        note_box.addWidget(self.note_error)
        form.addRow(_("Opening float"), self.opening)
        form.addRow(_("Expected in the drawer"), self.expected)
        form.addRow(_("Counted cash"), counted_box)
        form.addRow(_("Difference"), self.difference)
        form.addRow(_("Note"), note_box)
        layout.addLayout(form)
        warning = QLabel(
            _(
                "Closing ends this session: its count cannot change afterwards. The day "
                "goes on: the next sale opens a new session with its float."
            ),
            self,
        )
        warning.setWordWrap(True)
        layout.addWidget(warning)
        self.general_error = ErrorLabel(self)
        self.general_error.setObjectName("closeError")
        layout.addWidget(self.general_error)

        buttons = QDialogButtonBox(self)
        self.close_button = buttons.addButton(
            _("Close the session"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.close_button.setObjectName("confirmClose")
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        self.close_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.counted.valueChanged.connect(self._show_difference)
        self.counted.setFocus()

    def _show_difference(self, counted: int | None) -> None:
        if counted is None:
            self.difference.setText("—")
            self.difference.setStyleSheet("")
            return
        diff = counted - self.report.expected_cash
        self.difference.setText(difference_text(self._env, diff))
        self.difference.setStyleSheet(
            "color: #b00020;" if diff < 0 else "color: #1b5e20;" if diff == 0 else ""
        )

    def accept(self) -> None:
        self.errors.clear()
        self.general_error.clear_error()
        if not self.counted.is_valid():
            self.counted_error.show_error(self.counted.error())
            self.counted.setFocus()
            return
        counted = self.counted.value()
        if counted is None:
            self.counted_error.show_error(_("Count the cash in the drawer and enter it."))
            self.counted.setFocus()
            return
        env = self._env
        note, actor = self.note.text(), env.actor()

        def refused(failure: Failure) -> bool:
            if failure.validation is None:
                return False
            unplaced = self.errors.show(failure.validation)
            if unplaced:
                self.general_error.show_error("\n".join(error_text(e, env.fmt) for e in unplaced))
            return True

        report = (
            Write(
                env,
                self,
                # The backup after the close runs in the background (below).
                lambda ctx: ctx.till.close_session(counted, note, actor, run_after_close=False),
                changes=Changes(till=True),
            )
            .message_to(self.general_error)
            .failure(refused)
            .run()
        )
        if report is None:
            return  # still open, the count still typed: try again
        self.report = report
        super().accept()
        self._back_up()

    def _back_up(self) -> None:
        """The backup after each close (``services.backup``), in the background; the
        session is closed whatever it does, and a failure is said in a message box."""
        from salon_desktop.services.backup import BackupStatus
        from salon_desktop.ui.backups_section import tell_if_failed

        env, parent, day = self._env, self.parentWidget(), self.report.business_date
        hook = env.ctx.till.after_close
        if hook is None:
            return
        window = parent.window() if parent is not None else None

        def done(status: object) -> None:
            if isinstance(status, BackupStatus):
                tell_if_failed(status, window)

        Query(env, parent, lambda _ctx: hook(day)).success(done).run_in_background()
