"""The Consents tab: each consent with the date it was given."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QVBoxLayout, QWidget

from salon_desktop.domain.client import CONSENT_LABELS, ClientDraft, ConsentKind
from salon_desktop.domain.validation import Errors
from salon_desktop.i18n import N_, _
from salon_desktop.services.clients import ClientFile
from salon_desktop.ui.clients.file.common import heading, read_date, today
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.widgets.date_field import DateField
from salon_desktop.ui.widgets.forms import ErrorLabel, FormErrors


class ConsentsTab(QWidget):
    """A check box per consent; checking it fills in today's date, which stays editable."""

    def __init__(self, env: UiEnv, errors: FormErrors, parent: QWidget | None = None):
        super().__init__(parent)
        self._env = env
        self.boxes: dict[ConsentKind, QCheckBox] = {}
        self.dates: dict[ConsentKind, DateField] = {}
        outer = QVBoxLayout(self)
        intro = QLabel(_("Tick what the client has agreed to, and when."), self)
        intro.setWordWrap(True)
        outer.addWidget(intro)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.addWidget(heading(_("Consent"), self), 0, 0)
        grid.addWidget(heading(_("Given on"), self), 0, 1)
        for i, (kind, label) in enumerate(CONSENT_LABELS.items(), start=1):
            box = QCheckBox(_(label), self)
            box.setObjectName(f"consent_{kind.value}")
            date = DateField(env.fmt, self)
            date.setObjectName(f"consent_date_{kind.value}")
            date.setEnabled(False)
            error = ErrorLabel(self)
            errors.register(f"consent.{kind.value}", error, date)
            box.toggled.connect(lambda on, k=kind: self._toggled(k, on))
            grid.addWidget(box, i * 2 - 1, 0)
            grid.addWidget(date, i * 2 - 1, 1)
            grid.addWidget(error, i * 2, 0, 1, 2)
            self.boxes[kind], self.dates[kind] = box, date
        grid.setColumnStretch(2, 1)
        outer.addLayout(grid)
        outer.addStretch(1)

    def _toggled(self, kind: ConsentKind, on: bool) -> None:
        date = self.dates[kind]
        date.setEnabled(on)
        if on and not date.text().strip():
            date.setDate(today(self._env))
        elif not on:
            date.clear()

    def load(self, f: ClientFile | None) -> None:
        consents = f.draft.consents if f else {}
        for kind, box in self.boxes.items():
            given = consents.get(kind)
            box.setChecked(given is not None)
            self.dates[kind].setDate(given)
            self.dates[kind].setEnabled(given is not None)

    def fill(self, d: ClientDraft, errors: Errors) -> None:
        pattern = self._env.fmt.date_pattern()
        d.consents = {}
        for kind, box in self.boxes.items():
            if not box.isChecked():
                continue
            name = f"consent.{kind.value}"
            given = read_date(self.dates[kind], errors, name, pattern)
            if given is None and not self.dates[kind].text().strip():
                errors.add(name, N_("Enter the date the consent was given."))
            d.consents[kind] = given

    def state(self) -> tuple:
        return tuple((box.isChecked(), self.dates[k].text()) for k, box in self.boxes.items())
