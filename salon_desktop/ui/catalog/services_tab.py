"""The price list: service categories on one side, their services in a table."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.i18n import N_, _
from salon_desktop.services.catalog import ServiceItem
from salon_desktop.ui.catalog.common import (
    INACTIVE_FOREGROUND,
    CatalogTable,
    deactivate,
    minutes_text,
)
from salon_desktop.ui.catalog.service_dialogs import CategoryDialog, ServiceDialog
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.widgets.rows_model import RowsModel

ALL = -1  # the "all categories" entry
NONE = 0  # services with no category

NAME, CATEGORY, PRICE, DURATION, TAX, MATERIAL, STATUS = range(7)
_NUMERIC = {PRICE, DURATION, TAX, MATERIAL}


class ServiceTableModel(RowsModel):
    HEADERS = (
        N_("Service"),
        N_("Category"),
        N_("Price"),
        N_("Duration"),
        N_("Tax"),
        N_("Materials"),
        N_("Status"),
    )

    def __init__(self, env: UiEnv, parent=None):
        super().__init__(parent)
        self._fmt = env.fmt
        self.rows: list[ServiceItem] = []

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r, col, fmt = self.rows[index.row()], index.column(), self._fmt
        if role == Qt.ItemDataRole.DisplayRole:
            if col == NAME:
                return r.name
            if col == CATEGORY:
                return r.category
            if col == PRICE:
                return fmt.amount(r.price)
            if col == DURATION:
                return minutes_text(fmt, r.duration_min)
            if col == TAX:
                return fmt.percent(r.tax_rate_bp)
            if col == MATERIAL:
                return fmt.amount(r.material_cost) if r.material_cost else ""
            return _("Offered") if r.active else _("Not offered")
        if role == Qt.ItemDataRole.TextAlignmentRole and col in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and not r.active:
            return QColor(INACTIVE_FOREGROUND)
        return None


class ServicesTab(QWidget):
    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self.env = env
        self.dialog: ServiceDialog | CategoryDialog | None = None

        self.categories = QListWidget()
        self.categories.setObjectName("serviceCategories")
        self.new_category_button = QPushButton(_("New category…"))
        self.rename_category_button = QPushButton(_("Rename…"))
        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(QLabel(_("Categories")))
        side.addWidget(self.categories, 1)
        cat_buttons = QHBoxLayout()
        cat_buttons.addWidget(self.new_category_button)
        cat_buttons.addWidget(self.rename_category_button)
        side.addLayout(cat_buttons)
        side_box = QWidget()
        side_box.setLayout(side)

        self.search = QLineEdit()
        self.search.setObjectName("serviceSearch")
        self.search.setPlaceholderText(_("Find a service"))
        self.search.setClearButtonEnabled(True)
        self.show_inactive = QCheckBox(_("Show services no longer offered"))
        self.model = ServiceTableModel(env, self)
        self.table = CatalogTable()
        self.table.setObjectName("servicesTable")
        self.table.setModel(self.model)
        self.table.stretch(NAME)
        self.new_button = QPushButton(_("New service…"))
        self.new_button.setToolTip(_("Add a new service (Ctrl+N)"))
        self.edit_button = QPushButton(_("Edit…"))
        self.edit_button.setToolTip(_("Edit the chosen service (Enter or double-click)"))
        self.deactivate_button = QPushButton(_("No longer offered"))
        self.deactivate_button.setToolTip(_("Take the chosen service off the price list (Delete)"))
        self.message = QLabel()

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.show_inactive)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        for b in (self.new_button, self.edit_button, self.deactivate_button):
            buttons.addWidget(b)
        main = QVBoxLayout()
        main.setContentsMargins(0, 0, 0, 0)
        main.addLayout(top)
        main.addWidget(self.table, 1)
        main.addLayout(buttons)
        main_box = QWidget()
        main_box.setLayout(main)

        splitter = QSplitter()
        splitter.addWidget(side_box)
        splitter.addWidget(main_box)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        splitter.setChildrenCollapsible(False)
        QVBoxLayout(self).addWidget(splitter)
        pairs: tuple[tuple[QWidget, QWidget], ...] = (
            (self.search, self.table),
            (self.table, self.new_button),
            (self.new_button, self.edit_button),
            (self.edit_button, self.deactivate_button),
            (self.deactivate_button, self.show_inactive),
            (self.show_inactive, self.categories),
            (self.categories, self.new_category_button),
            (self.new_category_button, self.rename_category_button),
        )
        for first, then in pairs:
            QWidget.setTabOrder(first, then)

        self.categories.currentRowChanged.connect(lambda _row: self.reload())
        self.categories.itemDoubleClicked.connect(lambda _item: self.rename_category())
        self.search.textChanged.connect(lambda _text: self.reload())
        self.search.returnPressed.connect(self._search_enter)
        self.show_inactive.toggled.connect(lambda _on: self.reload())
        self.table.edit_requested.connect(self.edit_current)
        self.table.delete_requested.connect(self.deactivate_current)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        self.new_button.clicked.connect(self.new_item)
        self.edit_button.clicked.connect(self.edit_current)
        self.deactivate_button.clicked.connect(self.deactivate_current)
        self.new_category_button.clicked.connect(self.new_category)
        self.rename_category_button.clicked.connect(self.rename_category)
        self.refresh()

    # -- data ----------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload categories and services, keeping the chosen category and row."""
        chosen = self.category_filter()
        self.categories.blockSignals(True)
        self.categories.clear()
        for text, data in (
            [(_("All services"), ALL)]
            + [(c.name, c.id) for c in self.env.ctx.catalog.categories()]
            + [(_("No category"), NONE)]
        ):
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, data)
            self.categories.addItem(item)
        rows = [
            self.categories.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.categories.count())
        ]
        self.categories.setCurrentRow(rows.index(chosen) if chosen in rows else 0)
        self.categories.blockSignals(False)
        self.reload()

    def category_filter(self) -> int:
        item = self.categories.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else ALL

    def reload(self, select_id: int | None = None) -> None:
        current = self.current()
        keep = select_id if select_id is not None else current.id if current else None
        rows = self.env.ctx.catalog.services(
            self.search.text(), include_inactive=self.show_inactive.isChecked()
        )
        cat = self.category_filter()
        if cat == NONE:
            rows = [r for r in rows if r.category_id is None]
        elif cat != ALL:
            rows = [r for r in rows if r.category_id == cat]
        self.model.set_rows(rows)
        row = self.model.row_of(keep) if keep is not None else -1
        self.table.select_row(row if row >= 0 else 0)
        self._enable()

    def current(self) -> ServiceItem | None:
        row = self.table.current_row()
        return self.model.rows[row] if 0 <= row < len(self.model.rows) else None

    def _enable(self) -> None:
        current = self.current()
        self.edit_button.setEnabled(current is not None)
        self.deactivate_button.setEnabled(current is not None and current.active)
        cat = self.category_filter()
        self.rename_category_button.setEnabled(cat not in (ALL, NONE))

    def _search_enter(self) -> None:
        if self.model.rows:
            self.table.setFocus()

    # -- actions ---------------------------------------------------------------------
    def _open(self, dialog, on_saved) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.accepted.connect(lambda: on_saved(dialog.result_item))
        dialog.open()

    def new_item(self) -> None:
        cat = self.category_filter()
        self._open(
            ServiceDialog(self.env, None, cat if cat not in (ALL, NONE) else None, self),
            self._saved,
        )

    def edit_current(self) -> None:
        current = self.current()
        if current is not None:
            self._open(ServiceDialog(self.env, current, parent=self), self._saved)

    def _saved(self, item: ServiceItem) -> None:
        self.message.setText(_("Saved: {name}").format(name=item.name))
        if not item.active:
            self.show_inactive.setChecked(True)
        cat = self.category_filter()
        if cat not in (ALL, NONE, item.category_id) or (cat == NONE and item.category_id):
            self.categories.setCurrentRow(0)
        self.reload(select_id=item.id)
        self.table.setFocus()

    def deactivate_current(self) -> None:
        deactivate(
            self,
            _("No longer offered"),
            _(
                'Take "{name}" off the price list? Past sales keep it; you can offer '
                "it again later."
            ),
            _("No longer offered: {name}"),
            self.env.ctx.catalog.save_service,
        )

    def new_category(self) -> None:
        self._open(CategoryDialog(self.env, parent=self), self._category_saved)

    def rename_category(self) -> None:
        cat = self.category_filter()
        item = next((c for c in self.env.ctx.catalog.categories() if c.id == cat), None)
        if item is not None:
            self._open(CategoryDialog(self.env, item, parent=self), self._category_saved)

    def _category_saved(self, item) -> None:
        self.refresh()
        ids = [
            self.categories.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.categories.count())
        ]
        if item.id in ids:
            self.categories.setCurrentRow(ids.index(item.id))
