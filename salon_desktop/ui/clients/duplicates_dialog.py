"""Shown when a new client looks like one already on file."""

from __future__ import annotations

import enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.client import display_name
from salon_desktop.i18n import _, ngettext
from salon_desktop.services.client_search import ClientRow
from salon_desktop.ui.env import UiEnv


class DuplicateChoice(enum.Enum):
    CANCEL = "cancel"
    OPEN_EXISTING = "open"
    SAVE_NEW = "new"


class DuplicatesDialog(QDialog):
    """Lists the possible duplicates; the receptionist opens one, saves anyway, or goes back.

    After ``exec()``, ``choice`` says what was chosen and ``selected_id()``
    which existing file to open.
    """

    def __init__(self, env: UiEnv, candidates: list[ClientRow], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("duplicatesDialog")
        self.setWindowTitle(_("Possible duplicate"))
        self.choice = DuplicateChoice.CANCEL
        self._candidates = list(candidates)
        fmt = env.fmt
        layout = QVBoxLayout(self)
        intro = QLabel(
            ngettext(
                "This client may already be on file. Open the existing file instead?",
                "This client may already be on file ({n} files match). Open one of them instead?",
                len(candidates),
            ).format(n=fmt.integer(len(candidates))),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.table = QTableWidget(len(candidates), 4, self)
        self.table.setHorizontalHeaderLabels([_("No."), _("Name"), _("Phone"), _("Date of birth")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for r, row in enumerate(candidates):
            values = [
                fmt.client_number(row.number),
                display_name(row.first_name, row.last_name),
                fmt.phone(row.main_phone, env.region),
                fmt.date(row.birth_date),
            ]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if row.has_alert and c == 1:
                    item.setText("⚠ " + value)
                    item.setToolTip(_("Has allergies or contraindications"))
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        if candidates:
            self.table.selectRow(0)
        self.table.doubleClicked.connect(lambda _index: self._choose(DuplicateChoice.OPEN_EXISTING))
        layout.addWidget(self.table)

        buttons = QDialogButtonBox(self)
        self.open_button = QPushButton(_("Open existing file"), self)
        self.new_button = QPushButton(_("Save as a new client"), self)
        self.cancel_button = QPushButton(_("Cancel"), self)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.new_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(lambda: self._choose(DuplicateChoice.OPEN_EXISTING))
        self.new_button.clicked.connect(lambda: self._choose(DuplicateChoice.SAVE_NEW))
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.resize(640, 280)

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        index = rows[0].row() if rows else 0
        return self._candidates[index].id if self._candidates else None

    def _choose(self, choice: DuplicateChoice) -> None:
        self.choice = choice
        self.accept()

    def reject(self) -> None:
        self.choice = DuplicateChoice.CANCEL
        super().reject()
