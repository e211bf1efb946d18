"""Salon settings: name, address, logo, language, currency, phone region."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.money import CURRENCIES
from salon_desktop.i18n import _, ngettext
from salon_desktop.services.changes import Changes
from salon_desktop.services.failures import Failure
from salon_desktop.services.settings import PHONE_REGIONS, SalonSettings
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Write
from salon_desktop.ui.widgets.forms import ErrorLabel, FormErrors, error_text
from salon_desktop.ui.widgets.money_field import PercentField

LANGUAGE_NAMES = {"en": "English", "pl": "Polski", "fa": "فارسی"}


def country_name(code: str, language: str) -> str:
    from babel import Locale

    try:
        return Locale.parse({"fa": "fa_IR", "pl": "pl_PL"}.get(language, "en_GB")).territories[code]
    except (KeyError, ValueError):
        return code


class SettingsScreen(QWidget):
    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self._env = env
        self._errors = FormErrors()
        self._logo_source: Path | None = None
        self._logo_removed = False

        self.salon_name = QLineEdit()
        self.address = QPlainTextEdit()
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(70)
        self.phone = QLineEdit()
        self.phone.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.logo_preview = QLabel()
        self.logo_preview.setFixedSize(120, 60)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setStyleSheet("border: 1px solid #ccc;")
        self.logo_button = QPushButton(_("Choose logo…"))
        self.logo_remove = QPushButton(_("Remove logo"))
        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.currency = QComboBox()
        for code, info in CURRENCIES.items():
            self.currency.addItem(_(info.label), code.value)
        self.region = QComboBox()
        regions = sorted(PHONE_REGIONS, key=lambda c: country_name(c, env.fmt.language))
        for code in regions:
            self.region.addItem(f"{country_name(code, env.fmt.language)} ({code})", code)
        self.reconfirm = QSpinBox()
        self.reconfirm.setRange(1, 120)
        self.reconfirm.valueChanged.connect(self._months_suffix)
        # Till and receipts
        self.tax_id = QLineEdit()
        self.tax_id.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.net_pricing = QCheckBox(_("Prices are entered without tax (tax is added at the till)"))
        self.default_tax = PercentField(language=env.fmt.language)
        self.default_tax.setPlaceholderText(_("e.g. 23 or 8"))
        self.default_tax.setMaximumWidth(120)
        self.calendar = QComboBox()
        self.calendar.addItem(_("Automatic (Jalali for a Persian salon)"), "auto")
        self.calendar.addItem(_("Gregorian"), "gregorian")
        self.calendar.addItem(_("Jalali (Persian)"), "jalali")
        self.fiscal = QCheckBox(
            _('A separate fiscal printer is used: mark receipts "not a fiscal receipt"')
        )
        self.paper = QComboBox()
        self.paper.addItem(_("80 mm receipt roll"), "80mm")
        self.paper.addItem(_("A4 sheet"), "A4")
        self.footer = QPlainTextEdit()
        self.footer.setTabChangesFocus(True)
        self.footer.setFixedHeight(50)
        self.save_button = QPushButton(_("Save settings"))
        self.save_button.setDefault(True)
        self.saved_label = QLabel()
        self.save_error = ErrorLabel()  # a failure to save (database busy, disk full)
        self.save_error.setObjectName("settingsSaveError")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        def row(label: str, widget: QWidget, field_name: str) -> None:
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(widget)
            box.addWidget(self._errors.register(field_name, ErrorLabel(), widget))
            form.addRow(label, box)

        row(_("Salon name"), self.salon_name, "salon_name")
        row(_("Address"), self.address, "address")
        row(_("Phone"), self.phone, "phone")
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_preview)
        logo_row.addWidget(self.logo_button)
        logo_row.addWidget(self.logo_remove)
        logo_row.addStretch(1)
        logo_box = QWidget()
        logo_box.setLayout(logo_row)
        row(_("Logo"), logo_box, "logo_file")
        row(_("Language"), self.language, "language")
        row(_("Currency"), self.currency, "currency")
        row(_("Phone numbers default to"), self.region, "phone_region")
        row(_("Ask to re-confirm contact details after"), self.reconfirm, "reconfirm_months")
        till_title = QLabel(_("Till and receipts"))
        till_title.setStyleSheet("font-size: 15px; font-weight: bold; padding-top: 8px;")
        form.addRow(till_title)
        row(_("Salon's tax number"), self.tax_id, "tax_id")
        row(_("Prices"), self.net_pricing, "net_pricing")
        row(_("Usual tax rate (%)"), self.default_tax, "default_tax_bp")
        row(_("Receipt numbers count by year of"), self.calendar, "calendar")
        row(_("Fiscal printer"), self.fiscal, "fiscal_printer")
        row(_("Receipts print on"), self.paper, "receipt_width")
        row(_("Receipt footer"), self.footer, "receipt_footer")

        title = QLabel(_("Salon settings"))
        title.setStyleSheet("font-size: 18px; font-weight: bold;")
        buttons = QHBoxLayout()
        self.records_button = QPushButton(_("Check the records…"))
        self.records_button.setObjectName("checkRecordsButton")
        self.records_button.setToolTip(
            _("Recompute the seals of every sale, correction, cash movement and audit entry")
        )
        self.records_button.clicked.connect(self._check_records)
        buttons.addWidget(self.records_button)
        buttons.addWidget(self.saved_label, 1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.save_error)
        layout.addStretch(1)

        self.save_button.clicked.connect(self.save)
        self.logo_button.clicked.connect(self._choose_logo)
        self.logo_remove.clicked.connect(self._remove_logo)
        QShortcut(
            QKeySequence.StandardKey.Save,
            self,
            self.save,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self.load()

    def _check_records(self) -> None:
        from salon_desktop.ui.integrity_dialog import IntegrityDialog

        dialog = IntegrityDialog(self._env, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        dialog.run_check()

    def load(self) -> None:
        s = self._env.ctx.salon
        self.salon_name.setText(s.salon_name)
        self.address.setPlainText(s.address)
        self.phone.setText(s.phone)
        self.language.setCurrentIndex(max(0, self.language.findData(s.language)))
        self.currency.setCurrentIndex(max(0, self.currency.findData(s.currency)))
        self.region.setCurrentIndex(max(0, self.region.findData(s.phone_region)))
        self.reconfirm.setValue(s.reconfirm_months)
        self._months_suffix(s.reconfirm_months)
        self.tax_id.setText(s.tax_id)
        self.net_pricing.setChecked(s.net_pricing)
        self.default_tax.set_bp(s.default_tax_bp)
        self.calendar.setCurrentIndex(max(0, self.calendar.findData(s.calendar)))
        self.fiscal.setChecked(s.fiscal_printer)
        self.paper.setCurrentIndex(max(0, self.paper.findData(s.receipt_width)))
        self.footer.setPlainText(s.receipt_footer)
        self._logo_source, self._logo_removed = None, False
        self._show_logo(self._env.ctx.data_dir / s.logo_file if s.logo_file else None)
        self._errors.clear()

    def _months_suffix(self, n: int) -> None:
        self.reconfirm.setSuffix(" " + ngettext("month", "months", n))

    def _show_logo(self, path: Path | None) -> None:
        pix = QPixmap(str(path)) if path else QPixmap()
        if pix.isNull():
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText(_("No logo"))
        else:
            self.logo_preview.setPixmap(
                pix.scaled(
                    self.logo_preview.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )

    def _choose_logo(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Choose logo"), "", _("Images (*.png *.jpg *.jpeg *.svg *.bmp)")
        )
        if name:
            self.set_logo_file(Path(name))

    def set_logo_file(self, path: Path) -> None:
        label = self._errors.label("logo_file")
        if QPixmap(str(path)).isNull():
            label.show_error(_("This file is not an image."))
            return
        label.clear_error()
        self._logo_source, self._logo_removed = path, False
        self._show_logo(path)

    def _remove_logo(self) -> None:
        self._logo_source, self._logo_removed = None, True
        self._show_logo(None)

    def save(self) -> None:
        """Save the settings (in the background); refused fields say why beside them."""
        s = self._env.ctx.salon
        if not self.default_tax.is_valid():
            self._errors.label("default_tax_bp").show_error(self.default_tax.error())
            return
        tax_bp = self.default_tax.value_bp() or 0
        new = dataclasses.replace(
            s,
            salon_name=self.salon_name.text(),
            address=self.address.toPlainText(),
            phone=self.phone.text(),
            language=self.language.currentData(),
            currency=self.currency.currentData(),
            phone_region=self.region.currentData(),
            reconfirm_months=self.reconfirm.value(),
            tax_id=self.tax_id.text(),
            net_pricing=self.net_pricing.isChecked(),
            default_tax_bp=tax_bp,
            calendar=self.calendar.currentData(),
            fiscal_printer=self.fiscal.isChecked(),
            receipt_width=self.paper.currentData(),
            receipt_footer=self.footer.toPlainText(),
        )
        if self._logo_removed:
            new.logo_file = ""
        logo = self._logo_source

        def saved(_salon: SalonSettings) -> None:
            self._errors.clear()
            self._logo_source, self._logo_removed = None, False
            self.saved_label.setText(_("Settings saved."))

        def refused(failure: Failure) -> bool:
            if failure.validation is None:
                return False
            for err in self._errors.show(failure.validation):
                self.saved_label.setText(error_text(err))
            return True

        self._errors.clear()
        self.saved_label.clear()
        Write(
            self._env,
            self,
            lambda ctx: ctx.save_settings_with_logo(new, logo),
            changes=Changes(settings=True),
        ).message_to(self.save_error).success(saved).failure(refused).run_in_background()
