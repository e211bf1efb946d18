"""Placeholder, replaced by the checkout screen."""

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class CheckoutScreen(QWidget):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        QVBoxLayout(self).addWidget(QLabel("Checkout"))

    def start(self, client_id: int | None) -> None:
        pass

    def confirm_leave(self) -> bool:
        return True
