"""A cash session left open overnight (opened on an earlier day, never closed):
said plainly on the till screen and by the checkout before it takes cash, and
counted and closed with its own date by a manager (or with a manager's PIN)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.permissions import Action
from salon_desktop.domain.views import CashSessionView
from salon_desktop.i18n import _
from salon_desktop.i18n.formatting import isolate
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Query


def left_open_text(env: UiEnv, view: CashSessionView, day) -> str:
    """ "The till was not closed on <date>: session 1, opened at 09:00 by Mina, …"."""
    fmt = env.fmt
    return _(
        "The till was not closed on {date}: session {number}, opened at {time} by {name}, "
        "is still open with {expected} expected in the drawer. A manager counts it and "
        "closes it with its own date."
    ).format(
        date=fmt.date(day, "long"),
        number=fmt.integer(view.number),
        time=fmt.digits(view.opened_at.strftime("%H:%M")),
        name=isolate(view.opened_by or _("unknown")),
        expected=fmt.amount(view.expected_cash),
    )


def find_left_open(env: UiEnv, parent: QWidget | None):
    """(succeeded, (the session left open, its report) or None); a failed read says
    why in a message."""

    def read(ctx):
        view = ctx.till.left_open()
        return None if view is None else (view, ctx.till.session_report(view.id))

    query = Query(env, parent, read)
    found = query.run()
    return query.succeeded, found


def close_left_open(env: UiEnv, parent: QWidget | None, report) -> bool:
    """Count and close the session of ``report`` (an earlier day's): by the person at
    the desk when they may, else with a manager's PIN. True once it is closed."""
    from salon_desktop.ui.clients.file.privacy import decider
    from salon_desktop.ui.till.close_dialog import CloseSessionDialog

    actor = decider(env, Action.CLOSE_EARLIER_SESSION, parent or QWidget())
    if actor is False:
        return False
    dialog = CloseSessionDialog(env, report, parent, actor=actor)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()


class LeftOpenDialog(QDialog):
    """What the checkout says before it takes cash while an earlier day's session is
    open: "Count and close it…" (the close, with its own date) or "Not now" (the sale
    goes on; asked again after a restart)."""

    def __init__(self, env: UiEnv, view: CashSessionView, report, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("leftOpenDialog")
        self.setWindowTitle(_("The till was not closed"))
        self.setMinimumWidth(460)
        self._env, self._report = env, report
        self.closed = False
        layout = QVBoxLayout(self)
        text = QLabel(left_open_text(env, view, report.business_date), self)
        text.setObjectName("leftOpenText")
        text.setWordWrap(True)
        font = text.font()
        font.setBold(True)
        text.setFont(font)
        layout.addWidget(text)
        buttons = QDialogButtonBox(self)
        self.close_button = buttons.addButton(
            _("Count and close it…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.close_button.setObjectName("closeLeftOpen")
        self.later_button = buttons.addButton(_("Not now"), QDialogButtonBox.ButtonRole.RejectRole)
        self.later_button.setObjectName("notNow")
        self.close_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        if close_left_open(self._env, self, self._report):
            self.closed = True
            super().accept()


def tell_left_open(env: UiEnv, parent: QWidget | None) -> bool:
    """Before the checkout takes cash: when an earlier day's session is still open
    (and the desk did not say "Not now" to it already), say so and offer its close.
    False when the check failed (and said so)."""
    ok, found = find_left_open(env, parent)
    if found is None:
        return ok
    view, report = found
    if view.id in env.left_open_seen:
        return True
    dialog = LeftOpenDialog(env, view, report, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            env.left_open_seen.add(view.id)
    finally:
        dialog.deleteLater()
    return True
