"""Placeholder, replaced by the catalog screen."""

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class CatalogScreen(QWidget):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        QVBoxLayout(self).addWidget(QLabel("Catalog"))


