"""Opening the next cash session: the float counted in the drawer. Asked by the
checkout when the till was closed (a sale after the close opens a new session
instead of being refused at Post), and by the till screen."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.views import DayCloseReport
from salon_desktop.i18n import _
from salon_desktop.i18n.formatting import isolate
from salon_desktop.services.changes import Changes
from salon_desktop.services.failures import Failure
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Query, Write
from salon_desktop.ui.till.count_dialog import CountedAmount
from salon_desktop.ui.widgets.forms import ErrorLabel, FormErrors, error_text
from salon_desktop.ui.widgets.money_field import MoneyField


def closed_text(env: UiEnv, last: DayCloseReport) -> str:
    """ "Session 1 was closed at … by …" (``last``: the day's last session, closed)."""
    number = last.session.number if last.session is not None else 1
    if not last.closed_at:
        return _("The till is closed.")
    return _("Session {number} was closed at {time} by {name}.").format(
        number=env.fmt.integer(number),
        time=env.fmt.digits(last.closed_at.strftime("%H:%M")),
        name=isolate(last.closed_by or _("unknown")),
    )


class OpenSessionDialog(QDialog):
    """Type the float: "Open the session" opens the day's next cash session with it;
    ``report`` is then the new session's."""

    def __init__(self, env: UiEnv, last: DayCloseReport, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("openSessionDialog")
        self.setWindowTitle(_("Open the till"))
        self.setMinimumWidth(420)
        self._env = env
        self.report: DayCloseReport | None = None
        self.errors = FormErrors(env.fmt)
        number = (last.session.number + 1) if last.session is not None else 1
        self._number = number
        layout = QVBoxLayout(self)
        title = QLabel(_("Cash session {number}").format(number=env.fmt.integer(number)), self)
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        title.setFont(font)
        layout.addWidget(title)
        said = QLabel(
            closed_text(env, last)
            + " "
            + _(
                "Count the cash in the drawer and enter it as the float of the new "
                "session; then the sale goes on."
            ),
            self,
        )
        said.setObjectName("openSessionText")
        said.setWordWrap(True)
        layout.addWidget(said)

        form = QFormLayout()
        self.float_field = MoneyField(env.ctx.salon.currency, self)
        self.float_field.setObjectName("sessionFloat")
        self.float_error = self.errors.register("opening_float", ErrorLabel(self), self.float_field)
        self.counting = CountedAmount(self.float_field)
        self.count_button = QPushButton(_("Count notes and coins…"), self)
        self.count_button.setObjectName("countFloat")
        self.count_button.setAutoDefault(False)
        self.count_button.clicked.connect(self.count_cash)
        box = QVBoxLayout()
        box.setSpacing(1)
        field_row = QHBoxLayout()
        field_row.addWidget(self.float_field, 1)
        field_row.addWidget(self.count_button)
        box.addLayout(field_row)
        box.addWidget(self.float_error)
        form.addRow(_("Opening float"), box)
        layout.addLayout(form)
        self.general_error = ErrorLabel(self)
        self.general_error.setObjectName("openSessionError")
        layout.addWidget(self.general_error)

        buttons = QDialogButtonBox(self)
        self.open_button = buttons.addButton(
            _("Open the session"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.open_button.setObjectName("confirmOpenSession")
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        self.open_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.float_field.setFocus()

    def count_cash(self) -> bool:
        """The float counted note by note; its total becomes the float."""
        title = _("Float of cash session {number}").format(
            number=self._env.fmt.integer(self._number)
        )
        if not self.counting.ask(self._env, title, self):
            return False
        self.open_button.setFocus()
        return True

    def accept(self) -> None:
        self.errors.clear()
        self.general_error.clear_error()
        if not self.float_field.is_valid():
            self.float_error.show_error(self.float_field.error())
            self.float_field.setFocus()
            return
        amount = self.float_field.value()
        if amount is None:
            self.float_error.show_error(_("Count the cash in the drawer and enter it."))
            self.float_field.setFocus()
            return
        env = self._env
        actor, count = env.actor(), self.counting.count()

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
                lambda ctx: ctx.till.open_session(amount, actor, count=count),
                changes=Changes(till=True),
            )
            .message_to(self.general_error)
            .failure(refused)
            .run()
        )
        if report is None:
            return  # the float still typed: try again
        self.report = report
        super().accept()


def ensure_till_open(env: UiEnv, parent: QWidget | None) -> bool:
    """True when the till takes cash now; when its last session was closed, asks for
    the float of a new one first (False: not opened, or the check failed and said so)."""
    from salon_desktop.ui.till.left_open import tell_left_open

    if not tell_left_open(env, parent):  # an earlier day's session still open: said first
        return False
    check = Query(env, parent, lambda ctx: ctx.till.is_closed())
    closed = check.run()
    if not check.succeeded:
        return False
    if not closed:
        return True
    last = Query(env, parent, lambda ctx: ctx.till.session_report()).run()
    if last is None:
        return False
    dialog = OpenSessionDialog(env, last, parent)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()
