"""Opening the profile off the UI thread, and the screen that says why it could not be.

``ProfileOpener`` runs ``services.opening.open_profile`` in a worker thread (a
daemon: a program stuck on a dead disk or server never keeps the window from
closing) and reports back on the UI thread. ``OpeningProblem`` takes the
place of "Opening the salon's files…" when opening failed: the sentence, where,
and Retry / Choose another profile / Quit.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.i18n import _
from salon_desktop.services.failures import Kind
from salon_desktop.services.opening import OpeningFailed, OpeningFailure, open_profile


class _Relay(QObject):
    done = Signal(object, object)  # AppContext or None, OpeningFailure or None


class ProfileOpener(QObject):
    """``start(folder, db_url)``; then ``opened(ctx)`` or ``failed(failure)``, on the UI thread."""

    opened = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._relay = _Relay(self)
        self._relay.done.connect(self._finished)
        self.running = False

    def start(self, folder: Path, db_url: str | None) -> None:
        if self.running:
            return
        self.running = True
        threading.Thread(
            target=self._run, args=(folder, db_url), name="opening", daemon=True
        ).start()

    def _run(self, folder: Path, db_url: str | None) -> None:  # the worker thread
        try:
            ctx = open_profile(folder, db_url)
        except OpeningFailed as failed:
            self._relay.done.emit(None, failed.failure)
        except BaseException as exc:  # noqa: BLE001 - reported on the UI thread
            self._relay.done.emit(None, OpeningFailure(Kind.UNEXPECTED, str(folder), exc))
        else:
            _warm_up(ctx)
            self._relay.done.emit(ctx, None)
            _import_the_rest()

    def _finished(self, ctx, failure: OpeningFailure | None) -> None:
        self.running = False
        if failure is None:
            self.opened.emit(ctx)
        else:
            self.failed.emit(failure)


def _warm_up(ctx) -> None:
    """While still off the UI thread: import the client list's modules and load the
    language's number data, so that building the first screen does not stall the
    window (importing them on the UI thread took most of half a second)."""
    try:
        import datetime as dt

        import salon_desktop.ui.checkout.screen  # noqa: F401
        import salon_desktop.ui.clients.page  # noqa: F401
        from salon_desktop.i18n.formatting import Formatter

        fmt = Formatter(ctx.salon.language, ctx.salon.currency)
        fmt.amount(12345)
        fmt.date(dt.date.today(), "long")
    except Exception:  # noqa: BLE001 - only a head start; the UI thread does it otherwise
        pass


# The other screens and what they print with, imported while the desk is idle
# after opening: importing ReportLab and the documents on the UI thread when the
# reports screen was first shown held the window for a quarter of a second.
LATER_MODULES = (
    "salon_desktop.ui.home",
    "salon_desktop.ui.catalog.screen",
    "salon_desktop.ui.till.screen",
    "salon_desktop.ui.complaints",
    "salon_desktop.ui.surveys",
    "salon_desktop.ui.actions",
    "salon_desktop.ui.staff_screen",
    "salon_desktop.ui.settings_screen",
    "salon_desktop.ui.reports",
    "salon_desktop.ui.clients.file",
    "salon_desktop.documents.receipt",
    "salon_desktop.documents.client_file",
    "salon_desktop.documents.letter",
    "salon_desktop.documents.card",
)


def _import_the_rest() -> None:
    """Import ``LATER_MODULES`` on this worker thread, one by one (the UI thread
    gets the interpreter between them and within them every few milliseconds)."""
    import importlib

    for name in LATER_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - only a head start; imported when shown otherwise
            pass


class OpeningProblem(QWidget):
    """Why the salon's files could not be opened, and what to do next."""

    retry = Signal()
    other_profile = Signal(Path)
    quit = Signal()

    def __init__(self, failure: OpeningFailure, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("openingProblem")
        self.failure = failure
        title = QLabel(_("The salon's files could not be opened"))
        title.setStyleSheet("font-size: 18px; font-weight: bold;")
        title.setWordWrap(True)
        self.sentence = QLabel(_(failure.message))
        self.sentence.setObjectName("openingSentence")
        self.sentence.setWordWrap(True)
        self.sentence.setStyleSheet("font-size: 15px;")
        where = "\u2066" + failure.where + "\u2069"  # a path reads left to right
        self.where = QLabel(_("Database: {where}").format(where=where))
        self.where.setObjectName("openingWhere")
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.where.setStyleSheet("color: #555;")
        self.retry_button = QPushButton(_("Retry"))
        self.retry_button.setObjectName("openingRetry")
        self.retry_button.setDefault(True)
        self.other_button = QPushButton(_("Choose another profile…"))
        self.other_button.setObjectName("openingOtherProfile")
        self.quit_button = QPushButton(_("Quit"))
        self.quit_button.setObjectName("openingQuit")
        buttons = QHBoxLayout()
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.other_button)
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        box = QWidget()
        box.setMaximumWidth(640)
        inner = QVBoxLayout(box)
        inner.addWidget(title)
        inner.addSpacing(8)
        inner.addWidget(self.sentence)
        inner.addWidget(self.where)
        inner.addSpacing(12)
        inner.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box, 4)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        self.retry_button.clicked.connect(self.retry)
        self.other_button.clicked.connect(self._choose_profile)
        self.quit_button.clicked.connect(self.quit)

    def _choose_profile(self) -> None:
        from salon_desktop.ui.widgets.file_dialogs import folder_dialog

        dialog = folder_dialog(self, _("Choose another profile folder"))
        try:
            chosen = dialog.selectedFiles() if dialog.exec() else []
        finally:
            dialog.deleteLater()
        if chosen:
            self.other_profile.emit(Path(chosen[0]))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.retry_button.setFocus()
