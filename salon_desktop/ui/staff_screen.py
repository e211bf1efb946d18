"""The staff list: who works in the salon, their job title, their role (what they
may do), their PIN, whether still active; the permission matrix the owner reads;
the audit trail (managers and the owner)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
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

from salon_desktop.domain.permissions import Action, Role, allowed
from salon_desktop.i18n import _
from salon_desktop.services.changes import Changes
from salon_desktop.services.context import AppContext
from salon_desktop.services.failures import Failure
from salon_desktop.services.staff import StaffMember
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.login.pin_field import PinField
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
        return 0 if parent.isValid() else 5

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("Name"), _("Job title"), _("Role"), _("PIN"), _("Status"))[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        m = self.members[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                m.name,
                m.role,
                _(m.access.label),
                _("Set") if m.has_pin else _("None"),
                _("Active") if m.active else _("Inactive"),
            )[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and not m.active:
            return QColor("#777777")
        return None


class PermissionsModel(QAbstractTableModel):
    """The permission matrix, read-only: the guarded actions × the roles."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.actions = list(Action)
        self.roles = list(Role)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.actions)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1 + len(self.roles)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _("Only they may") if section == 0 else _(self.roles[section - 1].label)
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        action = self.actions[index.row()]
        if index.column() == 0:
            return _(action.label) if role == Qt.ItemDataRole.DisplayRole else None
        may = allowed(self.roles[index.column() - 1], action)
        if role == Qt.ItemDataRole.DisplayRole:
            return "✓" if may else "—"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _("Allowed") if may else _("Not allowed")
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor("#1b7f3b") if may else QColor("#999999")
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
        self.permissions = QTableView()
        self.permissions.setObjectName("permissionsTable")
        self.permissions.setModel(PermissionsModel(self))
        self.permissions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.permissions.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.permissions.verticalHeader().setVisible(False)
        self.permissions.setWordWrap(False)
        self.permissions.verticalHeader().setDefaultSectionSize(24)
        header = self.permissions.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, 1 + len(Role)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.permissions.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.permissions_title = QLabel(
            _("What each role may do (everyone may do everything else at the desk)")
        )
        self.permissions_title.setWordWrap(True)
        self.permissions_title.setStyleSheet("font-weight: bold;")

        self.form_title = QLabel()
        self.form_title.setStyleSheet("font-weight: bold;")
        self.name = QLineEdit()
        self.name.setObjectName("staffName")
        self.role = QLineEdit()
        self.role.setPlaceholderText(_("e.g. Hair stylist, Colourist, Receptionist"))
        self.access = QComboBox()
        self.access.setObjectName("staffAccess")
        self.access.addItem(_("From the job title"), None)
        for r in Role:
            self.access.addItem(_(r.label), r.value)
        self.pin = PinField()
        self.pin.setObjectName("staffPin")
        self.pin.setPlaceholderText(_("empty: no change"))
        self.active = QCheckBox(_("Works here now"))
        self.save_button = QPushButton(_("Save"))
        self.new_button = QPushButton(_("New staff member"))
        self.message = QLabel()

        form = QFormLayout()
        for label, widget, field_name in (
            (_("Name"), self.name, "name"),
            (_("Job title"), self.role, "role"),
            (_("Role"), self.access, "access"),
            (_("New PIN"), self.pin, "pin"),
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
        self.audit_button = QPushButton(_("Audit trail…"))
        self.audit_button.setObjectName("openAudit")
        self.audit_button.setToolTip(_("Who opened or changed what, and when (managers and owner)"))
        self.audit_button.clicked.connect(self.open_audit)
        side.addWidget(self.audit_button)
        left = QVBoxLayout()
        left.addWidget(self.table, 3)
        left.addWidget(self.permissions_title)
        left.addWidget(self.permissions, 2)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
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
        self.pin.returnPressed.connect(self.save)
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
        self.access.setCurrentIndex(0)
        self.pin.clear()
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
        self.access.setCurrentIndex(max(0, self.access.findData(m.access.value)))
        self.pin.clear()
        self.active.setEnabled(True)
        self.active.setChecked(m.active)
        self._errors.clear()

    def save(self) -> None:
        """Add or update the member in the form (in the background); errors beside the fields."""
        name, role, active = self.name.text(), self.role.text(), self.active.isChecked()
        chosen, pin = self.access.currentData(), self.pin.pin()
        access = Role(chosen) if chosen else None
        editing, actor = self._editing, self._env.actor()

        def call(ctx: AppContext):
            if editing is None:
                return ctx.staff.add(name, role, actor_id=actor, access=access, pin=pin)
            return ctx.staff.update(
                editing, name, role, active, actor_id=actor, access=access, pin=pin
            )

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

    def open_audit(self) -> None:
        from salon_desktop.ui.audit_viewer import AuditDialog

        dialog = AuditDialog(self._env, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
