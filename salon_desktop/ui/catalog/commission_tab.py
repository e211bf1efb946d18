"""Commission rates: what share of the services and products each staff member
sells they earn. Edited in place; each change is saved at once."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.money import parse_percent
from salon_desktop.i18n import _
from salon_desktop.services.catalog import Commission
from salon_desktop.services.changes import Changes
from salon_desktop.services.failures import Failure
from salon_desktop.services.staff import StaffMember
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Write, failure_text
from salon_desktop.ui.widgets.forms import ErrorLabel
from salon_desktop.ui.widgets.money_field import PercentField

NAME, SERVICE, PRODUCT = range(3)


class CommissionModel(QAbstractTableModel):
    saved = Signal(str)  # the staff member's name
    refused = Signal(str)  # why the typed rate was not saved

    def __init__(self, env: UiEnv, parent=None):
        super().__init__(parent)
        self.env = env
        self.rows: list[tuple[StaffMember, Commission]] = []

    def reload(self) -> None:
        rates = self.env.ctx.catalog.commissions()
        self.beginResetModel()
        self.rows = [
            (m, rates.get(m.id, Commission(m.id, 0, 0))) for m in self.env.ctx.staff.list()
        ]
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 3

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("Staff member"), _("On services"), _("On products"))[section]
        return None

    def flags(self, index):
        flags = super().flags(index)
        if index.isValid() and index.column() != NAME:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        member, rate = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == NAME:
                return member.name
            return self.env.fmt.percent(rate.service_bp if col == SERVICE else rate.product_bp)
        if role == Qt.ItemDataRole.EditRole and col != NAME:
            return rate.service_bp if col == SERVICE else rate.product_bp
        if role == Qt.ItemDataRole.TextAlignmentRole and col != NAME:
            return int(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or index.column() == NAME or role != Qt.ItemDataRole.EditRole:
            return False
        if isinstance(value, str):
            try:
                value = parse_percent(value) if value.strip() else 0
            except ValueError:
                self.refused.emit(
                    _("Not a percentage. Type it like {example}.").format(
                        example=self.env.fmt.percent(1000)
                    )
                )
                return False
        member, rate = self.rows[index.row()]
        service_bp = value if index.column() == SERVICE else rate.service_bp
        product_bp = value if index.column() == PRODUCT else rate.product_bp
        if (service_bp, product_bp) == (rate.service_bp, rate.product_bp):
            return True

        def refused(failure: Failure) -> bool:
            self.refused.emit(failure_text(failure, self.env.fmt))
            return True

        saved = (
            Write(
                self.env,
                self,
                lambda ctx: ctx.catalog.set_commission(
                    member.id, service_bp, product_bp, actor_id=self.env.actor()
                ),
                changes=Changes(catalog=True),
            )
            .failure(refused)
            .run()
        )
        if saved is None:
            return False
        self.rows[index.row()] = (member, saved)
        self.dataChanged.emit(index, index)
        self.saved.emit(member.name)
        return True


class _PercentDelegate(QStyledItemDelegate):
    """Edits a rate with a PercentField (any digit script, "12,5" or "12.5")."""

    def __init__(self, env: UiEnv, parent=None):
        super().__init__(parent)
        self._env = env

    def createEditor(self, parent, option, index):  # noqa: N802
        editor = PercentField(parent, language=self._env.fmt.language)
        editor.setObjectName("commissionEditor")
        return editor

    def setEditorData(self, editor, index):  # noqa: N802
        editor.set_bp(index.data(Qt.ItemDataRole.EditRole))
        editor.selectAll()

    def setModelData(self, editor, model, index):  # noqa: N802
        if not editor.is_valid():
            model.refused.emit(editor.error())
            return
        model.setData(index, editor.value_bp() or 0)


class CommissionTab(QWidget):
    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self.env = env
        self.model = CommissionModel(env, self)
        self.table = QTableView()
        self.table.setObjectName("commissionTable")
        self.table.setModel(self.model)
        self.table.setItemDelegate(_PercentDelegate(env, self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setTabKeyNavigation(True)  # Tab walks the rates, as in a spreadsheet
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for c in (SERVICE, PRODUCT):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        hint = QLabel(
            _(
                "The share of the price of what each staff member sells that they earn. "
                "Type a rate in a cell and press Enter; it is saved at once."
            )
        )
        hint.setWordWrap(True)
        self.message = QLabel()
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.message)
        self.model.saved.connect(self._saved)
        self.model.refused.connect(self.error.show_error)
        self.refresh()

    def refresh(self) -> None:
        current = self.table.currentIndex()
        self.model.reload()
        if self.model.rowCount():
            row = min(max(current.row(), 0), self.model.rowCount() - 1)
            self.table.setCurrentIndex(
                self.model.index(row, current.column() if current.isValid() else SERVICE)
            )

    def _saved(self, name: str) -> None:
        self.error.clear_error()
        self.message.setText(_("Saved: {name}").format(name=name))

    def new_item(self) -> None:
        """Ctrl+N here: staff members are added on the Staff page."""
        self.message.setText(_("Add staff members on the Staff page; their rates appear here."))
