"""Two small PIN dialogs: a manager's decision taken at the desk (their PIN for
selling what is out of stock), and the owner's first PIN (a profile made before
accounts existed, or a demo salon)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.permissions import Action, allowed
from salon_desktop.i18n import _
from salon_desktop.services.changes import NOTHING, Changes
from salon_desktop.services.failures import Failure
from salon_desktop.ui.login.pin_field import PinField
from salon_desktop.ui.operations import Query, Write, failure_text
from salon_desktop.ui.widgets.forms import ErrorLabel, error_text

if TYPE_CHECKING:
    from salon_desktop.ui.env import UiEnv


class ApproveDialog(QDialog):
    """Who decides (the accounts whose role allows ``action``) and their PIN;
    ``approved`` is their staff id once the PIN was right."""

    def __init__(self, env: UiEnv, action: Action, parent: QWidget | None = None):
        super().__init__(parent)
        self._env, self._action = env, action
        self._busy = False
        self.approved: int | None = None
        self.setObjectName("approveDialog")
        self.setWindowTitle(_("A manager's decision"))
        intro = QLabel(
            _("{action}: a manager or the owner decides this with their PIN.").format(
                action=_(action.label)
            )
        )
        intro.setWordWrap(True)
        self.who = QComboBox()
        self.who.setObjectName("approveWho")
        self.pin = PinField()
        self.pin.setObjectName("approvePin")
        self.error = ErrorLabel()
        self.error.setObjectName("approveError")
        form = QFormLayout()
        form.addRow(_("Who decides"), self.who)
        form.addRow(_("PIN"), self.pin)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        accounts = Query(env, self, lambda ctx: ctx.accounts.accounts()).run() or []
        for a in accounts:
            if allowed(a.role, action):
                self.who.addItem(f"{a.name} — {_(a.role.label)}", a.id)
        self.pin.setFocus()

    def accept(self) -> None:
        staff_id, pin, action = self.who.currentData(), self.pin.pin(), self._action
        if self._busy or staff_id is None:
            return

        def done(account) -> None:
            self._busy = False
            self.approved = account.id
            QDialog.accept(self)

        def refused(failure: Failure) -> bool:
            self._busy = False
            self.pin.clear()
            self.pin.setFocus()
            self.error.show_error(failure_text(failure, self._env.fmt))
            return True

        self._busy = True
        Write(
            self._env,
            self,
            lambda ctx: ctx.accounts.approve(staff_id, pin, action),
            changes=NOTHING,
        ).message_to(self.error).success(done).failure(refused).run_in_background()

    def reject(self) -> None:
        if not self._busy:
            super().reject()


class OwnerSetupDialog(QDialog):
    """Who owns the salon (an existing staff member or a new name) and their PIN,
    typed twice. Until it is set, everyone may do everything, as before."""

    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self._env = env
        self._busy = False
        self.setObjectName("ownerSetupDialog")
        self.setWindowTitle(_("The salon's owner"))
        intro = QLabel(
            _(
                "Staff now log in at the desk with a PIN, and some actions are for managers "
                "and the owner only. Choose who owns the salon and set their PIN; the owner "
                "then gives the others their roles and PINs on the Staff screen."
            )
        )
        intro.setWordWrap(True)
        self.who = QComboBox()
        self.who.setObjectName("ownerWho")
        self.who.addItem(_("Someone new (type the name)"), None)
        for m in env.ctx.staff.list():
            self.who.addItem(m.name, m.id)
        if env.desk_staff_id is not None:
            self.who.setCurrentIndex(max(0, self.who.findData(env.desk_staff_id)))
        self.name = QLineEdit()
        self.name.setObjectName("ownerName")
        self.pin = PinField()
        self.pin.setObjectName("ownerPin")
        self.again = PinField()
        self.again.setObjectName("ownerPinAgain")
        self.error = ErrorLabel()
        self.error.setObjectName("ownerError")
        form = QFormLayout()
        form.addRow(_("Owner"), self.who)
        form.addRow(_("Name"), self.name)
        form.addRow(_("PIN or password"), self.pin)
        form.addRow(_("The same again"), self.again)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Later"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        self.who.currentIndexChanged.connect(self._who_changed)
        self.again.returnPressed.connect(self.accept)
        self._who_changed()

    def _who_changed(self) -> None:
        self.name.setEnabled(self.who.currentData() is None)
        (self.name if self.who.currentData() is None else self.pin).setFocus()

    def accept(self) -> None:
        if self._busy:
            return
        staff_id, name = self.who.currentData(), self.name.text()
        pin, again = self.pin.pin(), self.again.pin()
        if pin != again:
            self.error.show_error(_("The two PINs differ: type the same PIN twice."))
            self.again.clear()
            self.again.setFocus()
            return

        def done(account) -> None:
            self._busy = False
            self._env.desk_staff_id = account.id
            QDialog.accept(self)

        def refused(failure: Failure) -> bool:
            self._busy = False
            v = failure.validation
            self.error.show_error(
                error_text(v.errors[0], self._env.fmt) if v and v.errors else failure_text(failure)
            )
            return True

        self._busy = True
        self.error.clear_error()
        Write(
            self._env,
            self,
            lambda ctx: ctx.accounts.create_owner(name, pin, staff_id),
            changes=Changes(staff=True),
        ).message_to(self.error).success(done).failure(refused).run_in_background()

    def reject(self) -> None:
        if not self._busy:
            super().reject()
