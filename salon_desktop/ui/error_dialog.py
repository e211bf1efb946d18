"""The dialog of an unexpected error: a plain sentence, the details to copy.

Every unexpected exception (an operation's, or one that reached
``sys.excepthook`` from anywhere else) is logged to the profile's log file
first; this dialog then tells the user in their language, and offers the
details to copy for whoever supports the salon.
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.i18n import _
from salon_desktop.services.failures import MESSAGES, Kind

log = logging.getLogger("salon_desktop")


class UnexpectedErrorDialog(QDialog):
    def __init__(
        self,
        sentence: str,
        details: str,
        log_file: Path | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("unexpectedErrorDialog")
        self.setWindowTitle(_("Something went wrong"))
        self.details = details
        layout = QVBoxLayout(self)
        message = QLabel(sentence, self)
        message.setObjectName("unexpectedErrorMessage")
        message.setWordWrap(True)
        layout.addWidget(message)
        if log_file is not None:
            where = QLabel(
                _("The details were written to {path}.").format(
                    path="\u2066" + str(log_file) + "\u2069"
                ),
                self,
            )
            where.setWordWrap(True)
            where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(where)
        text = QPlainTextEdit(details, self)
        text.setReadOnly(True)
        text.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        text.setMaximumHeight(160)
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton(_("&Copy details"), self)
        self.copy_button.setObjectName("copyDetails")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 320)

    def copy_details(self) -> None:
        QApplication.clipboard().setText(self.details)
        self.copy_button.setText(_("Copied"))


def show_unexpected(
    sentence: str, details: str, log_file: Path | None = None, parent: QWidget | None = None
) -> UnexpectedErrorDialog:
    dialog = UnexpectedErrorDialog(sentence, details, log_file, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def install_excepthook(log_file: Path | None) -> None:
    """Anything that escapes a slot anyway is logged and shown, never lost in stderr."""
    previous = sys.excepthook

    def hook(kind, exc, tb) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, exc, tb)
            return
        details = "".join(traceback.format_exception(kind, exc, tb))
        log.error("unexpected error escaped to the event loop\n%s", details)
        if QApplication.instance() is not None:
            try:
                show_unexpected(
                    _(MESSAGES[Kind.UNEXPECTED]), details, log_file, QApplication.activeWindow()
                )
            except Exception:  # noqa: BLE001 - the hook itself must never raise
                previous(kind, exc, tb)
        else:
            previous(kind, exc, tb)

    sys.excepthook = hook
