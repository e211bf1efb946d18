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

from salon_desktop.i18n import _
from salon_desktop.i18n.formatting import Formatter
from salon_desktop.services.changes import Changes
from salon_desktop.services.failures import Failure
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.login.pin_field import PinField
from salon_desktop.ui.operations import Write
from salon_desktop.ui.qt_i18n import apply_language
from salon_desktop.ui.settings_screen import LANGUAGE_NAMES
from salon_desktop.ui.widgets.forms import ErrorLabel, error_text

DEFAULTS = {"en": ("GB", "GBP"), "pl": ("PL", "PLN"), "fa": ("IR", "IRT")}


class FirstRunDialog(QDialog):
    def __init__(self, ctx, initial_language: str = "en", parent=None):
        super().__init__(parent)
        self._ctx = ctx
        # The dialog's own operations runner (there is no main window yet).
        currency = ctx.salon.currency
        self._env = UiEnv(ctx, Formatter(initial_language, currency))
        self._env.ops.unexpected.connect(self._unexpected)
        self._busy = False
        self._added: dict = {}
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
        self.pin = PinField()  # the owner's: they log in with it and manage the others
        self.pin.setObjectName("ownerPin")
        self.pin_again = PinField()
        self.pin_again.setObjectName("ownerPinAgain")
        self.error = ErrorLabel()
        self.error.setObjectName("firstRunError")
        self.working = QLabel()
        self.working.setVisible(False)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.form = QFormLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.working)
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
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        apply_language(app, self.language.currentData())
        self._retranslate()

    def _retranslate(self) -> None:
        self.setWindowTitle(_("Welcome to Salon Desktop"))
        self.intro.setText(
            _(
                "This profile is new. Choose the language, then start with a demo "
                "salon to look around, or with an empty salon of your own."
            )
        )
        self.demo.setText(_("Load a demo salon (300 sample clients, three years of visits)"))
        self.empty.setText(_("Start with an empty salon"))
        while self.form.rowCount():
            self.form.takeRow(0)
        self.form.addRow(_("Language"), self.language)
        self.form.addRow(self.demo)  # the whole width: a long sentence in Polish
        self.form.addRow(self.empty)
        self.form.addRow(_("Salon name"), self.salon_name)
        self.form.addRow(_("Your name"), self.your_name)
        self.form.addRow(_("Your PIN or password"), self.pin)
        self.form.addRow(_("The same again"), self.pin_again)
        self.your_name.setPlaceholderText(_("the salon's owner"))
        self.pin.setPlaceholderText(_("at least 4 digits or characters"))
        self.setLayoutDirection(QApplication.layoutDirection())

    def _unexpected(self, sentence: str, details: str) -> None:
        from salon_desktop.applog import log_path
        from salon_desktop.ui.error_dialog import show_unexpected

        self._set_busy(False)
        show_unexpected(sentence, details, log_path(self._ctx.data_dir), self)

    def _update_enabled(self) -> None:
        self.salon_name.setEnabled(self.empty.isChecked())

    def _owner_problem(self) -> str | None:
        """What is wrong with the owner's name and PIN (checked before anything is
        written); required for an empty salon, optional for the demo."""
        from salon_desktop.domain.permissions import pin_problem

        name, pin, again = self.your_name.text().strip(), self.pin.pin(), self.pin_again.pin()
        if self.demo.isChecked() and not pin and not again:
            return None
        if not name:
            return _("Type the owner's name.")
        problem = pin_problem(pin)
        if problem is not None:
            return _(problem).format(min=4, max=64)
        if pin != again:
            return _("The two PINs differ: type the same PIN twice.")
        return None

    def accept(self) -> None:
        """Make the salon (in the background: the demo takes a few seconds); the
        dialog closes once it is in, or says why not and stays to retry."""
        if self.busy:
            return
        problem = self._owner_problem()
        if problem is not None:
            self.error.show_error(problem)
            return
        language = self.language.currentData()
        region, currency = DEFAULTS[language]
        if self.demo.isChecked():
            call = self._demo_call(language)
            changes = Changes(all_clients=True, staff=True, settings=True, catalog=True)
        else:
            call = self._empty_call(language, region, currency)
            changes = Changes(staff=True, settings=True)
        self._set_busy(True)

        def done(_result) -> None:
            self._set_busy(False)
            QDialog.accept(self)

        def refused(failure: Failure) -> bool:
            self._set_busy(False)
            v = failure.validation
            if v is not None and v.errors:
                self.error.show_error(error_text(v.errors[0]))
                return True
            return False

        Write(self._env, self, call, changes=changes).message_to(self.error).success(done).failure(
            refused
        ).run_in_background()

    def _demo_call(self, language: str):
        name, pin = self.your_name.text(), self.pin.pin()

        def call(ctx) -> None:
            from salon_desktop.demo import fill_demo

            ctx.reload_settings()
            # Bulk: the same rows as through the services (a test compares them),
            # in a second or two instead of ten.
            fill_demo(ctx, clients=300, language=language, years=3, bulk=True)
            if pin and not ctx.accounts.in_use():
                owner = ctx.accounts.create_owner(name, pin)
                ctx.desk.update(desk_staff_id=owner.id)
            ctx.reload_settings()

        return call

    def _empty_call(self, language: str, region: str, currency: str):
        salon_name, your_name = self.salon_name.text(), self.your_name.text()
        pin = self.pin.pin()
        added = self._added  # a retry after a failure does not add the same person twice

        def call(ctx) -> None:
            salon = dataclasses.replace(
                ctx.salon,
                language=language,
                phone_region=region,
                currency=currency,
                salon_name=salon_name,
                first_run_done=True,
            )
            ctx.settings.check(salon)  # refused before anyone is added
            if your_name.strip() and added.get("name") != your_name:
                if added.get("id") is not None:  # a retry with another name: the same owner
                    ctx.staff.update(added["id"], your_name, "", True, added["id"], pin=pin)
                else:
                    member = ctx.accounts.create_owner(your_name, pin)
                    added["id"] = member.id
                added["name"] = your_name
            if added.get("id") is not None and your_name.strip():
                ctx.desk.update(desk_staff_id=added["id"])
            ctx.save_settings(salon)

        return call

    @property
    def busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for w in (
            self.language,
            self.demo,
            self.empty,
            self.your_name,
            self.salon_name,
            self.pin,
            self.pin_again,
        ):
            w.setEnabled(not busy)
        self.buttons.setEnabled(not busy)
        if not busy:
            self._update_enabled()
            QApplication.restoreOverrideCursor()
            self.working.setVisible(False)
        else:
            self.error.clear_error()
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            self.working.setText(
                _("Loading the demo salon…") if self.demo.isChecked() else _("Saving…")
            )
            self.working.setVisible(True)

    def reject(self) -> None:
        if not self._busy:  # the salon is being made: wait for it
            super().reject()

    def closeEvent(self, event) -> None:
        if self._busy:
            event.ignore()
            return
        super().closeEvent(event)
