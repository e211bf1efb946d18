"""Placeholder, replaced by the till screen."""

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class TillScreen(QWidget):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        QVBoxLayout(self).addWidget(QLabel("Till"))


