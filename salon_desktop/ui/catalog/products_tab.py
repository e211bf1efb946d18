"""The retail shelf: products, a code field a scanner can type into, stock in
and out, the reorder list, and each product's stock history."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.i18n import N_, _
from salon_desktop.services.catalog import ProductItem
from salon_desktop.ui.catalog.common import (
    INACTIVE_FOREGROUND,
    LOW_STOCK_BACKGROUND,
    STOCK_KINDS,
    CatalogTable,
    deactivate,
    signed_text,
    stock_reason,
)
from salon_desktop.ui.catalog.product_dialogs import AdjustDialog, ProductDialog, ReceiveDialog
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.widgets.rows_model import RowsModel

NAME, SKU, BARCODE, PRICE, COST, TAX, STOCK, REORDER = range(8)
_NUMERIC = {PRICE, COST, TAX, STOCK, REORDER}


class ProductTableModel(RowsModel):
    HEADERS = (
        N_("Product"),
        N_("SKU"),
        N_("Barcode"),
        N_("Price"),
        N_("Cost"),
        N_("Tax"),
        N_("In stock"),
        N_("Reorder at"),
    )

    def __init__(self, env: UiEnv, parent=None):
        super().__init__(parent)
        self._fmt = env.fmt
        self.rows: list[ProductItem] = []

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r, col, fmt = self.rows[index.row()], index.column(), self._fmt
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                r.name,
                r.sku,
                r.barcode,
                fmt.amount(r.price),
                fmt.amount(r.cost) if r.cost else "",
                fmt.percent(r.tax_rate_bp),
                fmt.integer(r.stock),
                fmt.integer(r.reorder_level),
            )[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and r.low:
            return QColor(LOW_STOCK_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and not r.active:
            return QColor(INACTIVE_FOREGROUND)
        if role == Qt.ItemDataRole.ToolTipRole and r.low:
            return _("At or below the reorder level: time to order more.")
        return None


class StockHistoryModel(QAbstractTableModel):
    """(at, qty, kind, reason) rows, newest first."""

    def __init__(self, env: UiEnv, parent=None):
        super().__init__(parent)
        self._fmt = env.fmt
        self.rows: list[tuple] = []

    def set_rows(self, rows: list[tuple]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 4

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("When"), _("Stock change"), _("What"), _("Reason"))[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        at, qty, kind, reason = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                self._fmt.datetime(at),
                signed_text(self._fmt, qty),
                _(STOCK_KINDS[kind]) if kind in STOCK_KINDS else kind,
                stock_reason(reason or ""),
            )[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
        return None


class ProductsTab(QWidget):
    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self.env = env
        self.dialog = None

        self.search = QLineEdit()
        self.search.setObjectName("productSearch")
        self.search.setPlaceholderText(_("Name, SKU or barcode — scan here"))
        self.search.setClearButtonEnabled(True)
        self.low_only = QCheckBox(_("Low stock only (reorder list)"))
        self.low_only.setObjectName("lowStockOnly")
        self.show_inactive = QCheckBox(_("Show products no longer sold"))
        self.model = ProductTableModel(env, self)
        self.table = CatalogTable()
        self.table.setObjectName("productsTable")
        self.table.setModel(self.model)
        self.table.stretch(NAME)
        self.new_button = QPushButton(_("New product…"))
        self.new_button.setToolTip(_("Add a new product (Ctrl+N)"))
        self.edit_button = QPushButton(_("Edit…"))
        self.edit_button.setToolTip(_("Edit the chosen product (Enter or double-click)"))
        self.receive_button = QPushButton(_("Receive stock…"))
        self.adjust_button = QPushButton(_("Adjust stock…"))
        self.deactivate_button = QPushButton(_("No longer sold"))
        self.deactivate_button.setToolTip(_("Stop selling the chosen product (Delete)"))
        self.message = QLabel()
        self.message.setObjectName("productMessage")

        self.history_title = QLabel()
        self.history_title.setStyleSheet("font-weight: bold;")
        self.history = StockHistoryModel(env, self)
        self.history_table = QTableView()
        self.history_table.setObjectName("stockHistory")
        self.history_table.setModel(self.history)
        self.history_table.verticalHeader().setVisible(False)
        self.history_table.setTabKeyNavigation(False)
        self.history_table.setSelectionMode(QTableView.SelectionMode.NoSelection)
        self.history_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.history_table.horizontalHeader()
        for c in range(3):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.low_only)
        top.addWidget(self.show_inactive)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        for b in (
            self.new_button,
            self.edit_button,
            self.receive_button,
            self.adjust_button,
            self.deactivate_button,
        ):
            buttons.addWidget(b)
        upper = QVBoxLayout()
        upper.setContentsMargins(0, 0, 0, 0)
        upper.addLayout(top)
        upper.addWidget(self.table, 1)
        upper.addLayout(buttons)
        upper_box = QWidget()
        upper_box.setLayout(upper)
        lower = QVBoxLayout()
        lower.setContentsMargins(0, 0, 0, 0)
        lower.addWidget(self.history_title)
        lower.addWidget(self.history_table, 1)
        lower_box = QWidget()
        lower_box.setLayout(lower)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper_box)
        splitter.addWidget(lower_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        QVBoxLayout(self).addWidget(splitter)
        chain: tuple[QWidget, ...] = (
            self.search,
            self.table,
            self.new_button,
            self.edit_button,
            self.receive_button,
            self.adjust_button,
            self.deactivate_button,
            self.low_only,
            self.show_inactive,
        )
        for first, then in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, then)

        self.search.textChanged.connect(lambda _text: self.reload())
        self.search.returnPressed.connect(self.find_code)
        self.low_only.toggled.connect(lambda _on: self.reload())
        self.show_inactive.toggled.connect(lambda _on: self.reload())
        self.table.edit_requested.connect(self.edit_current)
        self.table.delete_requested.connect(self.deactivate_current)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._current_changed())
        self.new_button.clicked.connect(self.new_item)
        self.edit_button.clicked.connect(self.edit_current)
        self.receive_button.clicked.connect(self.receive_current)
        self.adjust_button.clicked.connect(self.adjust_current)
        self.deactivate_button.clicked.connect(self.deactivate_current)
        self.reload()

    # -- data ----------------------------------------------------------------------
    def refresh(self) -> None:
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        current = self.current()
        keep = select_id if select_id is not None else current.id if current else None
        self.model.set_rows(
            self.env.ctx.catalog.products(
                self.search.text(),
                include_inactive=self.show_inactive.isChecked(),
                low_only=self.low_only.isChecked(),
            )
        )
        row = self.model.row_of(keep) if keep is not None else -1
        self.table.select_row(row if row >= 0 else 0)
        self._current_changed()

    def current(self) -> ProductItem | None:
        row = self.table.current_row()
        return self.model.rows[row] if 0 <= row < len(self.model.rows) else None

    def _current_changed(self) -> None:
        current = self.current()
        for b in (self.edit_button, self.receive_button, self.adjust_button):
            b.setEnabled(current is not None)
        self.deactivate_button.setEnabled(current is not None and current.active)
        if current is None:
            self.history_title.setText(_("Stock history"))
            self.history.set_rows([])
            return
        self.history_title.setText(_("Stock history: {name}").format(name=current.name))
        self.history.set_rows(self.env.ctx.catalog.stock_history(current.id))

    def find_code(self) -> None:
        """Enter in the search field (a scanner ends with Enter): select the product
        with this barcode or SKU, or the first match of the name."""
        text = self.search.text().strip()
        if not text:
            return
        found = self.env.ctx.catalog.find_code(text)
        if found is not None:
            if found.id not in {r.id for r in self.model.rows}:
                self.low_only.setChecked(False)
            self.reload(select_id=found.id)
            self.message.setText(found.name)
        elif self.model.rows:
            self.table.select_row(0)
            self.message.clear()
        else:
            self.message.setText(_("No product has the code {code}.").format(code=text))
        self.search.selectAll()  # the next scan replaces this one

    # -- actions ---------------------------------------------------------------------
    def _open(self, dialog, on_saved) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.accepted.connect(lambda: on_saved(dialog.result_item))
        dialog.open()

    def new_item(self) -> None:
        self._open(ProductDialog(self.env, parent=self), self._saved)

    def edit_current(self) -> None:
        current = self.current()
        if current is not None:
            self._open(ProductDialog(self.env, current, self), self._saved)

    def receive_current(self) -> None:
        current = self.current()
        if current is not None:
            self._open(ReceiveDialog(self.env, current, self), self._stock_saved)

    def adjust_current(self) -> None:
        current = self.current()
        if current is not None:
            self._open(AdjustDialog(self.env, current, self), self._stock_saved)

    def _saved(self, item: ProductItem) -> None:
        self.message.setText(_("Saved: {name}").format(name=item.name))
        self._show(item)

    def _stock_saved(self, item: ProductItem) -> None:
        self.message.setText(
            _("{name}: {n} in stock").format(name=item.name, n=self.env.fmt.integer(item.stock))
        )
        self._show(item)

    def _show(self, item: ProductItem) -> None:
        if not item.active:
            self.show_inactive.setChecked(True)
        if self.search.text() and item.id not in {
            p.id for p in self.env.ctx.catalog.products(self.search.text(), True)
        }:
            self.search.clear()
        self.reload(select_id=item.id)
        if self.model.row_of(item.id) < 0 and self.low_only.isChecked():
            self.message.setText(self.message.text() + " — " + _("no longer low on stock"))
        self.table.setFocus()

    def deactivate_current(self) -> None:
        deactivate(
            self,
            _("No longer sold"),
            _('Stop selling "{name}"? Past sales keep it; you can sell it again later.'),
            _("No longer sold: {name}"),
            self.env.ctx.catalog.save_product,
        )
