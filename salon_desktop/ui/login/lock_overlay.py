"""The desk's lock: who is at the desk logs in with their PIN.

``DeskLock`` is installed on the main window once its screens are built. While
the salon has accounts (an owner with a PIN), the window opens locked; Ctrl+L
(or the desk bar's lock button) locks it to switch user; and after the idle
time of the settings (10 minutes by default) it locks itself. The overlay
covers the whole window and keeps its state (an open file, a ticket, what was
typed stay as they are, hidden); while it is shown, every key, click and
shortcut outside it is swallowed. The same or another member unlocks it with
their PIN: Up and Down in the PIN box choose who, Enter logs in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.i18n import _
from salon_desktop.services.accounts import Account
from salon_desktop.services.changes import NOTHING
from salon_desktop.services.failures import Failure
from salon_desktop.ui.login.pin_field import PinField
from salon_desktop.ui.operations import Query, Write, failure_text
from salon_desktop.ui.widgets.forms import ErrorLabel

if TYPE_CHECKING:
    from salon_desktop.ui.env import UiEnv

SWITCH_USER_KEYS = "Ctrl+L"

_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class LockOverlay(QFrame):
    """Covers the window: the accounts, a PIN box, why a PIN was refused."""

    logged_in = Signal(object)  # Account

    def __init__(self, env: UiEnv, parent: QWidget):
        super().__init__(parent)
        self._env = env
        self._busy = False
        self.setObjectName("lockOverlay")
        self.setAutoFillBackground(True)
        pal = self.palette()
        pal.setColor(QPalette.ColorRole.Window, pal.color(QPalette.ColorRole.Window).darker(115))
        self.setPalette(pal)
        panel = QFrame(self)
        panel.setObjectName("lockPanel")
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        panel.setAutoFillBackground(True)
        panel.setPalette(parent.palette())
        panel.setFixedWidth(380)
        self.title = QLabel(_("The desk is locked"))
        self.title.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.hint = QLabel(_("Choose who you are (Up and Down), type your PIN and press Enter."))
        self.hint.setWordWrap(True)
        self.people = QListWidget()
        self.people.setObjectName("lockPeople")
        self.people.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.people.setMaximumHeight(220)
        self.pin = PinField()
        self.pin.setObjectName("lockPin")
        self.pin.setPlaceholderText(_("PIN or password"))
        self.error = ErrorLabel()
        self.error.setObjectName("lockError")
        self.button = QPushButton(_("Log in"))
        self.button.setObjectName("lockLogin")
        self.button.setAutoDefault(False)
        box = QVBoxLayout(panel)
        for w in (self.title, self.hint, self.people, self.pin, self.error, self.button):
            box.addWidget(w)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(panel, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.pin.returnPressed.connect(self.submit)
        self.button.clicked.connect(self.submit)
        self.people.currentRowChanged.connect(lambda _row: self._chosen())
        self.pin.installEventFilter(self)
        self.hide()

    def show_for(self, accounts: list[Account], chosen: int | None, idle: bool) -> None:
        self.title.setText(
            _("Locked after a while without use") if idle else _("The desk is locked")
        )
        self.people.clear()
        for a in accounts:
            item = QListWidgetItem(f"{a.name} — {_(a.role.label)}")
            item.setData(Qt.ItemDataRole.UserRole, a.id)
            self.people.addItem(item)
        row = next((i for i, a in enumerate(accounts) if a.id == chosen), 0)
        self.people.setCurrentRow(row)
        self.pin.clear()
        self.error.clear_error()
        self.cover()
        self.show()
        self.raise_()
        self.pin.setFocus()

    def cover(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())

    def chosen_id(self) -> int | None:
        item = self.people.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def choose(self, staff_id: int) -> None:
        for row in range(self.people.count()):
            if self.people.item(row).data(Qt.ItemDataRole.UserRole) == staff_id:
                self.people.setCurrentRow(row)

    def _chosen(self) -> None:
        self.pin.clear()
        self.error.clear_error()
        self.pin.setFocus()

    def eventFilter(self, obj, event) -> bool:
        if obj is self.pin and event.type() == QEvent.Type.KeyPress:
            step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}.get(event.key())
            if step is not None and self.people.count():
                row = (self.people.currentRow() + step) % self.people.count()
                self.people.setCurrentRow(row)
                return True
        return super().eventFilter(obj, event)

    def submit(self) -> None:
        staff_id, pin = self.chosen_id(), self.pin.pin()
        if self._busy or staff_id is None:
            return
        if not pin:
            self.error.show_error(_("Type your PIN."))
            return

        def refused(failure: Failure) -> bool:
            self._busy = False
            self.pin.clear()
            self.pin.setFocus()
            self.error.show_error(failure_text(failure, self._env.fmt))
            return True

        def done(account: Account) -> None:
            self._busy = False
            self.pin.clear()
            self.logged_in.emit(account)

        self._busy = True
        self.error.clear_error()
        Write(
            self._env, self, lambda ctx: ctx.accounts.login(staff_id, pin), changes=NOTHING
        ).message_to(self.error).success(done).failure(refused).run_in_background()


class DeskLock(QObject):
    """Locks the window: at start, on Ctrl+L, after the idle time."""

    locked_changed = Signal(bool)

    def __init__(self, window, env: UiEnv):
        super().__init__(window)
        self._window = window
        self._env = env
        self._in_use = False
        self._refocus: QWidget | None = None
        self.overlay = LockOverlay(env, window)
        self.overlay.logged_in.connect(self._logged_in)
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.timeout.connect(lambda: self.lock(idle=True))
        self._set_idle_time()
        QShortcut(QKeySequence(SWITCH_USER_KEYS), window, self.lock)
        window.installEventFilter(self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        env.bus.settings_changed.connect(self._set_idle_time)
        env.bus.staff_changed.connect(self.refresh)
        self.refresh()
        if self._in_use:
            self.lock()

    @property
    def in_use(self) -> bool:
        """Whether the salon has accounts (an owner with a PIN): then the desk locks."""
        return self._in_use

    @property
    def locked(self) -> bool:
        return self.overlay.isVisible()

    def refresh(self) -> None:
        try:
            self._in_use = self._env.ctx.accounts.in_use()
        except Exception as exc:  # noqa: BLE001 - the desk goes on as it was
            self._env.ops.report_unexpected(exc)
        if self._in_use:
            self.idle.start()

    def _set_idle_time(self) -> None:
        minutes = max(0, self._env.ctx.salon.lock_after_minutes)
        self.set_idle_msecs(minutes * 60_000)

    def set_idle_msecs(self, msecs: int) -> None:
        """How long without a key or a click before the desk locks (0: never)."""
        self.idle.setInterval(msecs)
        if msecs and self._in_use and not self.locked:
            self.idle.start()
        elif not msecs:
            self.idle.stop()

    def lock(self, idle: bool = False, chosen: int | None = None) -> None:
        """Show the overlay (nothing happens while the salon has no accounts)."""
        if not self._in_use and not self.locked:
            self.refresh()
            if not self._in_use:
                return
        if not self.locked:
            focus = QApplication.focusWidget()
            self._refocus = (
                focus if focus is not None and self._window.isAncestorOf(focus) else None
            )
        env = self._env

        def show(accounts: list[Account]) -> None:
            if not accounts:  # nobody can log in any more: do not lock anyone out
                self._in_use = False
                return
            self.overlay.show_for(accounts, chosen or env.desk_staff_id, idle)
            self.idle.stop()
            self.locked_changed.emit(True)

        Query(env, self.overlay, lambda ctx: ctx.accounts.accounts()).success(show).run()

    def open_for(self, staff_id: int | None) -> None:
        """Unlock for the owner who set their PIN a moment ago (the first start)."""
        if staff_id is not None and self.locked:
            self.overlay.hide()
            self._window.set_desk_staff(staff_id)
            if self.idle.interval():
                self.idle.start()
            self.locked_changed.emit(False)

    def _focus_pin(self) -> None:
        if self.locked:
            self.overlay.pin.setFocus()

    def _logged_in(self, account: Account) -> None:
        self.overlay.hide()
        self._window.set_desk_staff(account.id)
        if self.idle.interval():
            self.idle.start()
        target = self._refocus
        self._refocus = None
        if target is not None and shiboken6.isValid(target) and target.isVisible():
            target.setFocus()
        self.locked_changed.emit(False)

    def eventFilter(self, obj, event) -> bool:
        kind = event.type()
        if obj is self._window and kind == QEvent.Type.Resize and self.overlay.isVisible():
            self.overlay.cover()
            return False
        if not self._in_use:
            return False
        if self.locked:
            if kind == QEvent.Type.Shortcut:
                return True  # no window shortcut runs under the lock
            if (
                kind == QEvent.Type.FocusIn
                and isinstance(obj, QWidget)
                and obj is not self.overlay
                and not self.overlay.isAncestorOf(obj)
                and self._window.isAncestorOf(obj)
            ):
                # A screen took the focus (the search box on the first paint): the
                # keyboard stays on the PIN (and what is typed is not swallowed).
                QTimer.singleShot(0, self._focus_pin)
                return False
            if kind in _INPUT and isinstance(obj, QWidget):
                inside = obj is self.overlay or self.overlay.isAncestorOf(obj)
                return not inside
            return False
        if kind in _INPUT and self.idle.interval():
            self.idle.start()  # someone is working: the idle time starts again
        return False
