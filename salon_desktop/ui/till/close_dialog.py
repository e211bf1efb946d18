"""Closing a cash session: the cash counted in the drawer against what should be
there. The session ends, not the day: the next one opens with its float."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
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
from salon_desktop.ui.operations import Query, Write
from salon_desktop.ui.till.count_dialog import CountedAmount
from salon_desktop.ui.till.models import difference_text
from salon_desktop.ui.widgets.forms import ErrorLabel, FormErrors, align_leading, error_text
from salon_desktop.ui.widgets.money_field import MoneyField


class CloseSessionDialog(QDialog):
    """Type the counted cash, or count it note by note ("Count notes and coins…"): the
    difference shows as you type (red when short). "Close the session" ends it with
    its own date (a session left open on an earlier day too: ``actor`` is then
    the manager who closes it); ``report`` is then the closed session's."""

    def __init__(
        self,
        env: UiEnv,
        report: DayCloseReport,
        parent: QWidget | None = None,
        actor: int | None | bool = False,
    ):
        super().__init__(parent)
        self.setObjectName("closeSessionDialog")
        self.setWindowTitle(_("Close the session"))
        self.setMinimumWidth(420)
        self._env = env
        self._actor = env.actor() if actor is False else actor
        self.report = report
        self.earlier = report.business_date < env.ctx.till.today()
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
        if self.earlier:
            left = QLabel(
                _(
                    "The till was not closed on {date}. Count the drawer now: the session "
                    "closes with its own date, before today's opens."
                ).format(date=fmt.date(report.business_date, "long")),
                self,
            )
            left.setObjectName("leftOpenText")
            left.setWordWrap(True)
            left.setStyleSheet("color: #b00020; font-weight: bold;")
            layout.addWidget(left)

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
        self.counting = CountedAmount(self.counted)
        self.count_button = QPushButton(_("Count notes and coins…"), self)
        self.count_button.setObjectName("countCash")
        self.count_button.setAutoDefault(False)
        self.count_button.clicked.connect(self.count_cash)
        counted_box = QVBoxLayout()
        counted_box.setSpacing(1)
        counted_row = QHBoxLayout()
        counted_row.addWidget(self.counted, 1)
        counted_row.addWidget(self.count_button)
        counted_box.addLayout(counted_row)
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
        self.setTabOrder(self.counted, self.count_button)
        self.setTabOrder(self.count_button, self.note)
        self.counted.setFocus()

    def count_cash(self) -> bool:
        """The count note by note; its total becomes the counted cash."""
        number = self.report.session.number if self.report.session is not None else 1
        title = _("Cash session {number}, {date}").format(
            number=self._env.fmt.integer(number),
            date=self._env.fmt.date(self.report.business_date, "long"),
        )
        if not self.counting.ask(self._env, title, self):
            return False
        self.note.setFocus()
        return True

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
        note, actor, count = self.note.text(), self._actor, self.counting.count()
        day = self.report.business_date

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
                lambda ctx: ctx.till.close_session(
                    counted, note, actor, day=day, run_after_close=False, count=count
                ),
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
