"""A fresh profile's first start: choose the language, then a demo salon or an empty one."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
)

from salon_desktop.domain.validation import ValidationError
from salon_desktop.i18n import _
from salon_desktop.ui.qt_i18n import apply_language
from salon_desktop.ui.settings_screen import LANGUAGE_NAMES
from salon_desktop.ui.widgets.forms import ErrorLabel, error_text

DEFAULTS = {"en": ("GB", "GBP"), "pl": ("PL", "PLN"), "fa": ("IR", "IRT")}


class FirstRunDialog(QDialog):
    def __init__(self, ctx, initial_language: str = "en", parent=None):
        super().__init__(parent)
        self._ctx = ctx
        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(initial_language)))
        self.demo = QRadioButton()
        self.empty = QRadioButton()
        group = QButtonGroup(self)
        group.addButton(self.demo)
        group.addButton(self.empty)
        self.demo.setChecked(True)
        self.your_name = QLineEdit()
        self.salon_name = QLineEdit()
        self.error = ErrorLabel()
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.form = QFormLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.language.currentIndexChanged.connect(self._language_changed)
        self.empty.toggled.connect(self._update_enabled)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._retranslate()
        self._update_enabled()
        self.setMinimumWidth(520)

    def _language_changed(self) -> None:
        apply_language(QApplication.instance(), self.language.currentData())
        self._retranslate()

    def _retranslate(self) -> None:
        self.setWindowTitle(_("Welcome to Salon Desktop"))
        self.intro.setText(
            _(
                "This profile is new. Choose the language, then start with a demo "
                "salon to look around, or with an empty salon of your own."
            )
        )
        self.demo.setText(_("Load a demo salon (300 sample clients, two years of visits)"))
        self.empty.setText(_("Start with an empty salon"))
        while self.form.rowCount():
            self.form.takeRow(0)
        self.form.addRow(_("Language"), self.language)
        self.form.addRow("", self.demo)
        self.form.addRow("", self.empty)
        self.form.addRow(_("Salon name"), self.salon_name)
        self.form.addRow(_("Your name"), self.your_name)
        self.your_name.setPlaceholderText(_("who works at this desk"))
        direction = QApplication.instance().layoutDirection()
        self.setLayoutDirection(direction)

    def _update_enabled(self) -> None:
        for w in (self.your_name, self.salon_name):
            w.setEnabled(self.empty.isChecked())

    def accept(self) -> None:
        language = self.language.currentData()
        region, currency = DEFAULTS[language]
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if self.demo.isChecked():
                from salon_desktop.demo import fill_demo

                self._ctx.reload_settings()
                # Bulk: the same rows as through the services (a test compares them),
                # in a second or two instead of ten.
                fill_demo(self._ctx, clients=300, language=language, years=2, bulk=True)
                self._ctx.reload_settings()
                return super().accept()
            salon = dataclasses.replace(
                self._ctx.salon,
                language=language,
                phone_region=region,
                currency=currency,
                salon_name=self.salon_name.text(),
                first_run_done=True,
            )
            if self.your_name.text().strip():
                member = self._ctx.staff.add(self.your_name.text(), _("Manager"))
                self._ctx.desk.update(desk_staff_id=member.id)
            self._ctx.save_settings(salon)
        except ValidationError as exc:
            self.error.show_error(error_text(exc.errors[0]))
            return None
        finally:
            QApplication.restoreOverrideCursor()
        return super().accept()
