"""The one entry field of the till: type a service or product name and pick it, or
type (or scan: a scanner types digits and Enter) a barcode or SKU. A scanned client
card (``sdc000123``, ``domain.card``) opens that client's ticket instead.

Services come first, the one the receptionist most likely means at the top (Enter
takes it): a word starting with what was typed, then what this client had before,
then what the salon sells most (``domain.checkout.rank_services``)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QCompleter, QLineEdit, QWidget

from salon_desktop.domain.card import parse_card
from salon_desktop.domain.checkout import NO_HABITS, ClientHabits, rank_services
from salon_desktop.domain.text import ascii_digits, fold
from salon_desktop.i18n import _
from salon_desktop.services.catalog import ProductItem, ServiceItem
from salon_desktop.ui.env import UiEnv

Item = ServiceItem | ProductItem

_ROLE = Qt.ItemDataRole.UserRole + 1
_MAX = 15


class ItemEntry(QLineEdit):
    service_chosen = Signal(object)  # ServiceItem
    product_chosen = Signal(object)  # ProductItem
    not_found = Signal(str)
    client_scanned = Signal(int)  # a client card was scanned: that client's id
    card_unknown = Signal(str)  # a card whose client is not (or no longer) here
    step = Signal(int)  # "+" or "-" typed into the empty field: change the current line's qty

    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self.env = env
        self.setObjectName("itemEntry")
        self.setPlaceholderText(_("Type a service or product, or scan a barcode"))
        self.setClearButtonEnabled(True)
        self._services: list[ServiceItem] = []
        self._products: list[ProductItem] = []
        self._offered: list[Item] = []
        self._popularity: dict[int, int] = {}
        self._habits: ClientHabits = NO_HABITS
        self._model = QStandardItemModel(self)
        self.completer_ = QCompleter(self._model, self)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.setMaxVisibleItems(12)
        self.completer_.setWidget(self)
        self.completer_.activated[QModelIndex].connect(self._activated)  # type: ignore[index]
        self.textEdited.connect(self._search)
        self.returnPressed.connect(self._enter)
        self.reload()

    def reload(self) -> None:
        """Read the price list again (after the catalog changed)."""
        self._services = self.env.ctx.catalog.services()
        self._products = self.env.ctx.catalog.products()
        self.reload_popularity()

    def reload_popularity(self) -> None:
        """How often the salon sells each service (read again coming back to the till)."""
        self._popularity = self.env.ctx.habits.popularity()

    def set_habits(self, habits: ClientHabits) -> None:
        """What the ticket's client had before: it comes first among equal matches."""
        self._habits = habits

    def offered(self) -> list[Item]:
        """The services and products now offered in the popup."""
        return list(self._offered)

    def _popup(self) -> QAbstractItemView:
        popup = self.completer_.popup()
        assert popup is not None  # a completer always has its popup
        return popup

    # -- typing ------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if not self.text() and event.text() in ("+", "-"):
            self.step.emit(1 if event.text() == "+" else -1)
            return
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()

    def _search(self, text: str) -> None:
        self._model.clear()
        self._offered = []
        q = fold(text.strip())
        if not q or ascii_digits(text.strip()).isdigit() or parse_card(text) is not None:
            self._popup().hide()
            return
        fmt = self.env.fmt
        ranked = rank_services(
            text,
            self._services,
            lambda sv: (sv.id, sv.name, sv.category),
            self._popularity,
            self._habits,
        )
        for sv in ranked:
            self._add(
                sv,
                f"{sv.name}  ·  {fmt.amount(sv.price)}"
                + (f"  ·  {sv.category}" if sv.category else ""),
            )
        for p in self._products:
            if q in fold(p.name) or q == fold(p.sku):
                self._add(
                    p,
                    f"{p.name}  ·  {fmt.amount(p.price)}  ·  "
                    + _("{count} in stock").format(count=fmt.integer(p.stock)),
                )
        if self._offered:
            self.completer_.complete()
            self._popup().setCurrentIndex(self._model.index(0, 0))
        else:
            self._popup().hide()

    def _add(self, item: Item, text: str) -> None:
        if len(self._offered) >= _MAX:
            return
        row = QStandardItem(text)
        row.setData(len(self._offered), _ROLE)
        row.setEditable(False)
        self._model.appendRow(row)
        self._offered.append(item)

    def _activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        i = index.data(_ROLE)
        if i is not None and i < len(self._offered):
            self._choose(self._offered[i])

    def _choose(self, item: Item) -> None:
        self._popup().hide()
        self.clear()
        self._offered = []
        self._model.clear()
        (self.service_chosen if isinstance(item, ServiceItem) else self.product_chosen).emit(item)

    def _enter(self) -> None:
        text = self.text().strip()
        if not text:
            return
        if parse_card(text) is not None:  # a client card, before any product code
            self._card(text)
            return
        code = ascii_digits(text)
        product = self.env.ctx.catalog.find_code(code)
        if product is not None:
            self._choose(product)
            return
        if self._offered:
            self._choose(self._offered[0])
            return
        self._popup().hide()
        self.not_found.emit(text)

    def _card(self, text: str) -> None:
        self._popup().hide()
        row = self.env.ctx.search.by_card(text)
        self.clear()
        if row is None or row.archived:
            self.card_unknown.emit(text.strip())
            return
        self.client_scanned.emit(row.id)
