"""The catalog page: the price list of services, the retail products and their
stock, and staff commission rates, one tab each.

Keyboard: Ctrl+N makes a new item in the current tab, Enter or a double-click
edits the selected row, Delete takes it off the list (after asking).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QTabWidget, QVBoxLayout, QWidget

from salon_desktop.i18n import _
from salon_desktop.ui.catalog.commission_tab import CommissionTab
from salon_desktop.ui.catalog.products_tab import ProductsTab
from salon_desktop.ui.catalog.services_tab import ServicesTab
from salon_desktop.ui.env import UiEnv

SERVICES, PRODUCTS, COMMISSION = range(3)


class CatalogScreen(QWidget):
    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self.env = env
        self.services = ServicesTab(env)
        self.products = ProductsTab(env)
        self.commission = CommissionTab(env)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("catalogTabs")
        self.tabs.addTab(self.services, _("Services"))
        self.tabs.addTab(self.products, _("Products and stock"))
        self.tabs.addTab(self.commission, _("Commission"))
        self.tabs.currentChanged.connect(self._tab_shown)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        env.bus.catalog_changed.connect(self._catalog_changed)
        env.bus.staff_changed.connect(self.commission.refresh)

    # -- changes -----------------------------------------------------------------------
    def _catalog_changed(self) -> None:
        """Something in the catalog changed: on another screen or desk, refresh; a tab's
        own save has shown itself already."""
        if self.env.bus.initiated_by(self):
            return
        self.refresh()

    def refresh(self) -> None:
        self.services.refresh()
        self.products.refresh()
        self.commission.refresh()

    # -- keyboard ------------------------------------------------------------------------
    def current_tab(self) -> ServicesTab | ProductsTab | CommissionTab:
        return (self.services, self.products, self.commission)[self.tabs.currentIndex()]

    def new_item(self) -> None:
        self.current_tab().new_item()

    def _tab_shown(self, index: int) -> None:
        """The keyboard goes to the tab's first field, unless it is in that tab already."""
        focus = {
            SERVICES: self.services.table,
            PRODUCTS: self.products.search,
            COMMISSION: self.commission.table,
        }.get(index)
        if focus is None or not self.isVisible():
            return
        current, tab = QApplication.focusWidget(), self.tabs.widget(index)
        if current is not None and tab is not None and tab.isAncestorOf(current):
            return
        focus.setFocus()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt naming
        super().showEvent(event)
        # Coming to the page (Ctrl+3): the keyboard goes to the current tab.
        QTimer.singleShot(0, lambda: self._tab_shown(self.tabs.currentIndex()))

    def event(self, event: QEvent) -> bool:
        # Ctrl+N on this page makes a catalog item, not a client file: claim the
        # key before the main window's shortcut sees it.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self._is_new(event)
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt naming
        if self._is_new(event):
            self.new_item()
            return
        super().keyPressEvent(event)

    @staticmethod
    def _is_new(event: QKeyEvent) -> bool:
        return (
            event.key() == Qt.Key.Key_N and event.modifiers() == Qt.KeyboardModifier.ControlModifier
        )
