"""Asks for the period of a statement of account (both ends optional)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from salon_desktop.domain.validation import Errors, ValidationError
from salon_desktop.i18n import N_, _
from salon_desktop.ui.clients.file.common import form_layout, read_date, with_error
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.widgets.date_field import DateField
from salon_desktop.ui.widgets.forms import FormErrors


class StatementDialog(QDialog):
    """``period`` is (from, to) once accepted; an empty end means 'from the first entry' or
    'up to today'."""

    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Statement of account"))
        self.setObjectName("statementDialog")
        self._env = env
        self.period: tuple[dt.date | None, dt.date | None] = (None, None)
        self.errors = FormErrors()
        layout = QVBoxLayout(self)
        intro = QLabel(_("Leave a date empty for the whole account."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        holder = QWidget(self)
        form = form_layout(holder)
        self.date_from = DateField(env.fmt, holder)
        self.date_from.setObjectName("statementFrom")
        self.date_to = DateField(env.fmt, holder)
        self.date_to.setObjectName("statementTo")
        form.addRow(_("From"), with_error(self.date_from, self.errors, "date_from"))
        form.addRow(_("To"), with_error(self.date_to, self.errors, "date_to"))
        layout.addWidget(holder)
        buttons = QDialogButtonBox(self)
        self.ok_button = buttons.addButton(
            _("Show statement"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setDefault(True)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.date_from.setFocus()

    def accept(self) -> None:
        pattern = self._env.fmt.date_pattern()
        errors = Errors()
        start = read_date(self.date_from, errors, "date_from", pattern)
        end = read_date(self.date_to, errors, "date_to", pattern)
        if start and end and start > end:
            errors.add("date_to", N_("The end of the period is before its start."))
        if errors.errors:
            self.errors.show(ValidationError(errors.errors))
            return
        self.period = (start, end)
        super().accept()
