"""Editing a service of the price list, and a service category."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from salon_desktop.i18n import _
from salon_desktop.services.catalog import CategoryItem, ServiceItem
from salon_desktop.ui.catalog.common import FormDialog
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.widgets.money_field import IntegerField, MoneyField, PercentField

DEFAULT_DURATION = 30


class ServiceDialog(FormDialog):
    """A new service (``item`` None, in ``category_id`` if given) or an existing one."""

    def __init__(
        self,
        env: UiEnv,
        item: ServiceItem | None = None,
        category_id: int | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(env, _("Edit service") if item else _("New service"), parent)
        self.item = item
        lang, currency = env.fmt.language, env.ctx.salon.currency
        self.name = self.row(_("Name"), QLineEdit(), "name")
        self.name.setMaxLength(200)
        self.category = self.row(_("Category"), QComboBox(), "category_id")
        self.category.addItem(_("(no category)"), None)
        for c in env.ctx.catalog.categories(include_inactive=bool(item)):
            if c.active or (item and item.category_id == c.id):
                self.category.addItem(c.name, c.id)
        self.price = self.row(self._price_label(), MoneyField(currency, language=lang), "price")
        self.duration = self.row(
            _("Usual duration (minutes)"),
            IntegerField(language=lang, minimum=1, maximum=24 * 60),
            "duration_min",
        )
        self.tax = self.row(_("Tax rate (%)"), PercentField(language=lang), "tax_rate_bp")
        self.material = self.row(
            _("Cost of materials"), MoneyField(currency, language=lang), "material_cost"
        )
        self.active = QCheckBox(_("Offered (shown at the till)"))
        self.form.addRow("", self.active)
        self.name.setObjectName("serviceName")
        self.price.setObjectName("servicePrice")
        if item is None:
            self.category.setCurrentIndex(max(0, self.category.findData(category_id)))
            self.duration.set_value(DEFAULT_DURATION)
            self.tax.set_bp(env.ctx.salon.default_tax_bp)
            self.active.setChecked(True)
            self.active.setVisible(False)
        else:
            self.name.setText(item.name)
            self.category.setCurrentIndex(max(0, self.category.findData(item.category_id)))
            self.price.set_value(item.price)
            self.duration.set_value(item.duration_min)
            self.tax.set_bp(item.tax_rate_bp)
            self.material.set_value(item.material_cost)
            self.active.setChecked(item.active)
        self.name.setFocus()

    def _price_label(self) -> str:
        if self.env.ctx.salon.net_pricing:
            return _("Price without tax")
        return _("Price (with tax)")

    def problems(self) -> list[tuple[str, str]]:
        out = []
        if not self.name.text().strip():
            out.append(("name", _("This field is required.")))
        if self.price.text().strip() == "":
            out.append(("price", _("Enter the price.")))
        for name, field in (
            ("price", self.price),
            ("duration_min", self.duration),
            ("tax_rate_bp", self.tax),
            ("material_cost", self.material),
        ):
            if not field.is_valid():
                out.append((name, field.error()))
        if self.duration.text().strip() == "":
            out.append(("duration_min", _("Enter the usual duration in minutes.")))
        return out

    def save(self) -> ServiceItem:
        base = self.item or ServiceItem(0, "", None, "", 0, DEFAULT_DURATION, 0, 0)
        item = dataclasses.replace(
            base,
            name=self.name.text(),
            category_id=self.category.currentData(),
            price=self.price.value() or 0,
            duration_min=self.duration.value() or 0,
            tax_rate_bp=self.tax.value_bp() or 0,
            material_cost=self.material.value() or 0,
            active=self.active.isChecked(),
        )
        return self.env.ctx.catalog.save_service(item, actor_id=self.env.actor())


class CategoryDialog(FormDialog):
    """A new service category, or a category renamed (or put out of use)."""

    def __init__(self, env: UiEnv, item: CategoryItem | None = None, parent: QWidget | None = None):
        super().__init__(env, _("Rename category") if item else _("New category"), parent)
        self.item = item
        self.name = self.row(_("Name"), QLineEdit(), "name")
        self.name.setObjectName("categoryName")
        self.name.setMaxLength(200)
        self.active = QCheckBox(_("In use"))
        self.active.setChecked(True)
        if item is not None:
            self.name.setText(item.name)
            self.active.setChecked(item.active)
            self.form.addRow("", self.active)
        self.setMinimumWidth(340)
        self.name.setFocus()

    def save(self) -> CategoryItem:
        return self.env.ctx.catalog.save_category(
            self.name.text(),
            self.item.id if self.item else None,
            active=self.active.isChecked(),
            actor_id=self.env.actor(),
        )
