"""Editing a retail product; receiving goods; correcting the stock with a reason."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QCompleter, QLabel, QLineEdit, QWidget

from salon_desktop.i18n import _
from salon_desktop.services.catalog import MAX_STOCK, ProductItem
from salon_desktop.ui.catalog.common import FormDialog
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.widgets.money_field import IntegerField, MoneyField, PercentField


class _EnterMovesOn(QObject):
    """A scanner types the code and Enter: in a form, Enter then goes to the next field."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if (
            isinstance(event, QKeyEvent)
            and isinstance(obj, QWidget)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            obj.focusNextChild()
            return True
        return False


class ProductDialog(FormDialog):
    """A new product (with its opening stock) or an existing one (stock changes
    only by receiving or adjusting)."""

    def __init__(self, env: UiEnv, item: ProductItem | None = None, parent: QWidget | None = None):
        super().__init__(env, _("Edit product") if item else _("New product"), parent)
        self.item = item
        lang, currency = env.fmt.language, env.ctx.salon.currency
        self.name = self.row(_("Name"), QLineEdit(), "name")
        self.name.setObjectName("productName")
        self.name.setMaxLength(200)
        self.barcode = self.row(_("Barcode"), QLineEdit(), "barcode")
        self.barcode.setObjectName("productBarcode")
        self.barcode.setPlaceholderText(_("Scan or type"))
        self.sku = self.row(_("SKU (own code)"), QLineEdit(), "sku")
        for code in (self.barcode, self.sku):
            code.setMaxLength(60)
            code.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self._enter_moves_on = _EnterMovesOn(self)
        self.barcode.installEventFilter(self._enter_moves_on)
        price_label = _("Price without tax") if env.ctx.salon.net_pricing else _("Price (with tax)")
        self.price = self.row(price_label, MoneyField(currency, language=lang), "price")
        self.price.setObjectName("productPrice")
        self.cost = self.row(_("Purchase cost"), MoneyField(currency, language=lang), "cost")
        self.tax = self.row(_("Tax rate (%)"), PercentField(language=lang), "tax_rate_bp")
        self.reorder = self.row(
            _("Reorder at (in stock)"),
            IntegerField(language=lang, maximum=MAX_STOCK),
            "reorder_level",
        )
        self.stock = IntegerField(language=lang, maximum=MAX_STOCK)
        self.active = QCheckBox(_("Sold (shown at the till)"))
        if item is None:
            self.row(_("Opening stock"), self.stock, "stock")
            self.tax.set_bp(env.ctx.salon.default_tax_bp)
            self.reorder.set_value(0)
            self.stock.set_value(0)
            self.active.setChecked(True)
        else:
            self.form.addRow(_("In stock"), QLabel(env.fmt.integer(item.stock)))
            self.form.addRow("", self.active)
            self.name.setText(item.name)
            self.barcode.setText(item.barcode)
            self.sku.setText(item.sku)
            self.price.set_value(item.price)
            self.cost.set_value(item.cost)
            self.tax.set_bp(item.tax_rate_bp)
            self.reorder.set_value(item.reorder_level)
            self.active.setChecked(item.active)
        self.name.setFocus()

    def problems(self) -> list[tuple[str, str]]:
        out = []
        if not self.name.text().strip():
            out.append(("name", _("This field is required.")))
        if self.price.text().strip() == "":
            out.append(("price", _("Enter the price.")))
        fields = [
            ("price", self.price),
            ("cost", self.cost),
            ("tax_rate_bp", self.tax),
            ("reorder_level", self.reorder),
        ]
        if self.item is None:
            fields.append(("stock", self.stock))
        out += [(name, f.error()) for name, f in fields if not f.is_valid()]
        return out

    def save(self) -> ProductItem:
        base = self.item or ProductItem(0, "", "", "", 0, 0, 0, 0, 0)
        item = dataclasses.replace(
            base,
            name=self.name.text(),
            sku=self.sku.text(),
            barcode=self.barcode.text(),
            price=self.price.value() or 0,
            cost=self.cost.value() or 0,
            tax_rate_bp=self.tax.value_bp() or 0,
            reorder_level=self.reorder.value() or 0,
            stock=(self.stock.value() or 0) if self.item is None else base.stock,
            active=self.active.isChecked(),
        )
        return self.env.ctx.catalog.save_product(item, actor_id=self.env.actor())


class ReceiveDialog(FormDialog):
    """Goods delivered: how many came in, and a note (supplier, invoice)."""

    def __init__(self, env: UiEnv, item: ProductItem, parent: QWidget | None = None):
        super().__init__(env, _("Receive stock"), parent)
        self.item = item
        self.form.addRow(_("Product"), QLabel(item.name))
        self.form.addRow(_("In stock"), QLabel(env.fmt.integer(item.stock)))
        self.qty = self.row(
            _("Quantity received"),
            IntegerField(language=env.fmt.language, minimum=1, maximum=MAX_STOCK),
            "qty",
        )
        self.qty.setObjectName("receiveQty")
        self.note = self.row(_("Note"), QLineEdit(), "reason")
        self.note.setObjectName("receiveNote")
        self.note.setPlaceholderText(_("Supplier, delivery note…"))
        self.note.setMaxLength(500)
        self.qty.setFocus()

    def problems(self) -> list[tuple[str, str]]:
        if self.qty.text().strip() == "":
            return [("qty", _("Enter how many came in."))]
        return [] if self.qty.is_valid() else [("qty", self.qty.error())]

    def save(self) -> ProductItem:
        return self.env.ctx.catalog.receive(
            self.item.id, self.qty.value() or 0, self.note.text(), actor_id=self.env.actor()
        )


class AdjustDialog(FormDialog):
    """A stock count, a breakage, a loss: the stock becomes what was counted."""

    def __init__(self, env: UiEnv, item: ProductItem, parent: QWidget | None = None):
        super().__init__(env, _("Adjust stock"), parent)
        self.item = item
        self.form.addRow(_("Product"), QLabel(item.name))
        self.form.addRow(_("In stock (recorded)"), QLabel(env.fmt.integer(item.stock)))
        self.counted = self.row(
            _("Counted on the shelf"),
            IntegerField(language=env.fmt.language, maximum=MAX_STOCK),
            "qty",
        )
        self.counted.setObjectName("adjustCounted")
        self.reason = self.row(_("Reason"), QLineEdit(), "reason")
        self.reason.setObjectName("adjustReason")
        self.reason.setMaxLength(500)
        self.reason.setPlaceholderText(
            _("Required: stock count, damaged, expired, used in the salon…")
        )
        reasons = [
            _("Stock count"),
            _("Damaged"),
            _("Expired"),
            _("Used in the salon"),
            _("Missing"),
        ]
        completer = QCompleter(reasons, self.reason)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.reason.setCompleter(completer)
        self.counted.setFocus()

    def problems(self) -> list[tuple[str, str]]:
        if self.counted.text().strip() == "":
            return [("qty", _("Enter how many are on the shelf."))]
        return [] if self.counted.is_valid() else [("qty", self.counted.error())]

    def save(self) -> ProductItem:
        return self.env.ctx.catalog.adjust(
            self.item.id, self.counted.value() or 0, self.reason.text(), actor_id=self.env.actor()
        )
