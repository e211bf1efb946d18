"""The PIN box shared by the lock overlay and the dialogs: hidden characters,
typed in any digit script (Persian and Arabic-Indic digits are the same PIN)."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "0123456789" * 2)


def plain_pin(text: str) -> str:
    """The PIN as stored: Persian and Arabic-Indic digits as ASCII ones."""
    return text.translate(_DIGITS)


class PinField(QLineEdit):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setMaxLength(64)
        self.setMinimumWidth(220)

    def pin(self) -> str:
        return plain_pin(self.text())
