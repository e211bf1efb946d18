"""The staff list: who works in the salon, their role, whether still active."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.i18n import _
from salon_desktop.services.changes import Changes
from salon_desktop.services.context import AppContext
from salon_desktop.services.failures import Failure
from salon_desktop.services.staff import StaffMember
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Write
from salon_desktop.ui.widgets.forms import ErrorLabel, FormErrors


class StaffModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.members: list[StaffMember] = []

    def set_members(self, members: list[StaffMember]) -> None:
        self.beginResetModel()
        self.members = members
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.members)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("Name"), _("Role"), _("Status"))[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        m = self.members[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (m.name, m.role, _("Active") if m.active else _("Inactive"))[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and not m.active:
            return QColor("#777777")
        return None


class StaffScreen(QWidget):
    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self._env = env
        self._editing: int | None = None
        self._errors = FormErrors()
        self.model = StaffModel(self)
        self.table = QTableView()
        self.table.setObjectName("staffTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        self.form_title = QLabel()
        self.form_title.setStyleSheet("font-weight: bold;")
        self.name = QLineEdit()
        self.name.setObjectName("staffName")
        self.role = QLineEdit()
        self.role.setPlaceholderText(_("e.g. Hair stylist, Colourist, Receptionist"))
        self.active = QCheckBox(_("Works here now"))
        self.save_button = QPushButton(_("Save"))
        self.new_button = QPushButton(_("New staff member"))
        self.message = QLabel()

        form = QFormLayout()
        for label, widget, field_name in (
            (_("Name"), self.name, "name"),
            (_("Role"), self.role, "role"),
        ):
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(widget)
            box.addWidget(self._errors.register(field_name, ErrorLabel(), widget))
            form.addRow(label, box)
        form.addRow("", self.active)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        self.message_error = ErrorLabel()  # a failure to save (database busy, disk full)
        self.message_error.setObjectName("staffSaveError")
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.save_button)
        side = QVBoxLayout()
        side.addWidget(self.form_title)
        side.addLayout(form)
        side.addLayout(buttons)
        side.addWidget(self.message_error)
        side.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.table, 3)
        side_box = QWidget()
        side_box.setLayout(side)
        layout.addWidget(side_box, 2)

        self.table.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self._edit_row(cur.row())
        )
        self.save_button.clicked.connect(self.save)
        self._env.bus.staff_changed.connect(self.reload)  # here or on another desk
        self.name.returnPressed.connect(self.save)
        self.role.returnPressed.connect(self.save)
        self.new_button.clicked.connect(self.start_new)
        self.reload()
        self.start_new()

    def reload(self) -> None:
        self.model.set_members(self._env.ctx.staff.list(include_inactive=True))

    def start_new(self) -> None:
        self._editing = None
        self.table.clearSelection()
        self.form_title.setText(_("New staff member"))
        self.name.clear()
        self.role.clear()
        self.active.setChecked(True)
        self.active.setEnabled(False)
        self._errors.clear()
        self.name.setFocus()

    def _edit_row(self, row: int) -> None:
        if not 0 <= row < len(self.model.members):
            return
        m = self.model.members[row]
        self._editing = m.id
        self.form_title.setText(_("Edit staff member"))
        self.name.setText(m.name)
        self.role.setText(m.role)
        self.active.setEnabled(True)
        self.active.setChecked(m.active)
        self._errors.clear()

    def save(self) -> None:
        """Add or update the member in the form (in the background); errors beside the fields."""
        name, role, active = self.name.text(), self.role.text(), self.active.isChecked()
        editing, actor = self._editing, self._env.actor()

        def call(ctx: AppContext):
            if editing is None:
                return ctx.staff.add(name, role, actor_id=actor)
            return ctx.staff.update(editing, name, role, active, actor_id=actor)

        def saved(member) -> None:
            self.message.setText(_("Saved: {name}").format(name=member.name))
            self.start_new()

        def refused(failure: Failure) -> bool:
            if failure.validation is not None:
                self._errors.show(failure.validation)
                return True
            return False

        self._errors.clear()
        Write(self._env, self, call, changes=Changes(staff=True)).message_to(
            self.message_error
        ).success(saved).failure(refused).run_in_background()
