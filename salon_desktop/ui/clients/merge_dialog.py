"""Merge another client file into the open one: pick it, compare, confirm."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.i18n import _
from salon_desktop.services.clients import ClientFile
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.widgets.client_picker import ClientPicker


class _FileSummary(QGroupBox):
    """Name, number, phones and birth date of one file."""

    def __init__(self, env: UiEnv, title: str, parent: QWidget | None = None):
        super().__init__(title, parent)
        self._env = env
        form = QFormLayout(self)
        self.name = QLabel(self)
        self.number = QLabel(self)
        self.phones = QLabel(self)
        self.birth = QLabel(self)
        self.email = QLabel(self)
        self.allergies = QLabel(self)
        for label in (self.name, self.phones, self.allergies, self.email):
            label.setWordWrap(True)
        self.allergies.setStyleSheet("color: #b00020; font-weight: bold;")
        form.addRow(_("Name:"), self.name)
        form.addRow(_("Client number:"), self.number)
        form.addRow(_("Phones:"), self.phones)
        form.addRow(_("Date of birth:"), self.birth)
        form.addRow(_("E-mail:"), self.email)
        form.addRow(_("Allergies:"), self.allergies)
        self.setMinimumWidth(260)

    def show_file(self, f: ClientFile | None) -> None:
        fmt = self._env.fmt
        if f is None:
            for label in (
                self.name,
                self.number,
                self.phones,
                self.birth,
                self.email,
                self.allergies,
            ):
                label.setText("—" if label is not self.allergies else "")
            return
        self.name.setText(f.display_name)
        self.number.setText(fmt.client_number(f.number))
        self.phones.setText(
            "\n".join(fmt.phone(p.number, self._env.region) for p in f.draft.phones) or "—"
        )
        self.birth.setText(fmt.date(f.draft.birth_date) or "—")
        self.email.setText(f.draft.email or "—")
        self.allergies.setText(f.draft.allergies)


class MergeDialog(QDialog):
    """Choose the file to merge into ``keep_id``. After ``exec()``, ``other_id()`` is the pick.

    The dialog only chooses; the caller merges (``ClientService.merge``).
    """

    def __init__(self, env: UiEnv, keep_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mergeDialog")
        self.setWindowTitle(_("Merge client files"))
        self._env = env
        self._keep = env.ctx.clients.get(keep_id)
        self._other: ClientFile | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Choose the other file of this client. Its phones, tags, consents, colour "
                "formulas and photos move to this file; empty details here are filled from it; "
                "the other file is archived."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Other file:"), self))
        self.picker = ClientPicker(env, self, exclude={keep_id})
        self.picker.client_picked.connect(self._picked)
        self.picker.cleared.connect(lambda: self._picked(None))
        row.addWidget(self.picker, 1)
        layout.addLayout(row)

        sides = QHBoxLayout()
        self.keep_box = _FileSummary(env, _("This file (kept)"), self)
        self.other_box = _FileSummary(env, _("Other file (archived after merging)"), self)
        self.keep_box.show_file(self._keep)
        self.other_box.show_file(None)
        sides.addWidget(self.keep_box, 1)
        sides.addWidget(self.other_box, 1)
        layout.addLayout(sides)

        buttons = QDialogButtonBox(self)
        self.merge_button = QPushButton(_("Merge"), self)
        self.merge_button.setEnabled(False)
        self.merge_button.setAutoDefault(False)
        self.cancel_button = QPushButton(_("Cancel"), self)
        self.cancel_button.setAutoDefault(False)
        buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.merge_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.picker.setFocus()
        self.resize(720, 360)

    def other_id(self) -> int | None:
        return self._other.id if self._other else None

    def _picked(self, client_id: int | None) -> None:
        self._other = self._env.ctx.clients.get(client_id) if client_id is not None else None
        self.other_box.show_file(self._other)
        self.merge_button.setEnabled(self._other is not None)
