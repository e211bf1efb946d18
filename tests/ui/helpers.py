"""Typing as a receptionist does, in any script.

QTest.keyClicks handles only ASCII (it asserts on other characters), so
non-ASCII text is sent as key events carrying the text, the way a Persian or
Polish keyboard layout delivers it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QPushButton, QWidget


def settle(env) -> None:
    """Wait, as a user waits, until every operation the screens started has reported back."""
    assert env.ops.wait(), "an operation did not finish"


def type_text(qtbot, widget: QWidget, text: str) -> None:
    for ch in text:
        if ch.isascii() and (ch.isalnum() or ch in " .,-+@/"):
            qtbot.keyClicks(widget, ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch)
            QApplication.sendEvent(widget, event)
    QApplication.processEvents()


class Modal:
    """Acts on the next modal dialog from inside its event loop, so no test blocks.

    If the action fails, the dialog is closed and the error re-raised by ``check``.
    """

    def __init__(self, action):
        self.action, self.error, self.seen = action, None, None
        self._tries, self._stopped = 0, False
        # A dialog already open (the one the user is acting in) is not the one awaited.
        self._behind = QApplication.activeModalWidget()
        QTimer.singleShot(0, self._run)

    def _run(self) -> None:
        if self._stopped:
            return
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog is self._behind:
            self._tries += 1
            if self._tries < 200:
                QTimer.singleShot(10, self._run)
            return
        self.seen = dialog
        try:
            self.action(dialog)
        except BaseException as exc:  # noqa: BLE001 - reported by check()
            self.error = exc
        finally:
            if dialog.isVisible():
                dialog.reject()

    def check(self):
        self._stopped = True
        if self.error is not None:
            raise self.error
        assert self.seen is not None, "no dialog was shown"
        return self.seen


def click_button(dialog, label: str) -> None:
    for b in dialog.findChildren(QPushButton):
        if b.text() == label:
            b.click()
            return
    raise AssertionError(f"no button {label!r}")
