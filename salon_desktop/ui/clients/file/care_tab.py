"""The Care tab: allergies and contraindications, skin and hair notes, colour formulas."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.client import ClientDraft
from salon_desktop.domain.validation import Errors, ValidationError
from salon_desktop.i18n import _
from salon_desktop.i18n.formatting import isolate
from salon_desktop.services.clients import ClientFile, FormulaEntry
from salon_desktop.ui.clients.file.common import (
    confirm,
    date_or_today,
    form_layout,
    heading,
    plain_text,
    scrolled,
    set_combo_data,
    today,
    with_error,
    write_attachment,
)
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.widgets.date_field import DateField
from salon_desktop.ui.widgets.forms import FormErrors


class FormulaModel(QAbstractTableModel):
    """A client's colour formulas, newest first: date, formula, staff member."""

    def __init__(self, env: UiEnv, parent=None):
        super().__init__(parent)
        self._env = env
        self.entries: list[FormulaEntry] = []
        self.staff_names: dict[int, str] = {}

    def set_entries(self, entries: list[FormulaEntry], staff_names: dict[int, str]) -> None:
        self.beginResetModel()
        self.entries = sorted(entries, key=lambda e: (e.applied_on, e.id), reverse=True)
        self.staff_names = staff_names
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("Date"), _("Formula"), _("Staff member"))[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        e = self.entries[index.row()]
        return (
            self._env.fmt.date(e.applied_on),
            isolate(e.formula),
            isolate(self.staff_names.get(e.staff_id, "")),
        )[index.column()]


class FormulasBox(QGroupBox):
    """Colour formulas as dated entries. Saved at once (the file must exist)."""

    changed = Signal()

    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(_("Colour formulas"), parent)
        self._env = env
        self._client_id: int | None = None
        self._staff_names: dict[int, str] = {}
        self._staff_shown: list | None = None  # the staff list the box was filled from
        self.errors = FormErrors()
        layout = QVBoxLayout(self)
        self.model = FormulaModel(env, self)
        self.table = QTableView(self)
        self.table.setObjectName("formulas")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(140)
        layout.addWidget(self.table)

        grid = QGridLayout()
        self.date = DateField(env.fmt, self)
        self.formula = plain_text(self, 2, 3)
        self.formula.setPlaceholderText(_("e.g. 7.1 + 8.1 (1:1), oxidant 6%, 35 min"))
        self.staff = QComboBox(self)
        self.add_button = QPushButton(_("Add formula"), self)
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_formula)
        self.remove_button = QPushButton(_("Remove selected"), self)
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self.remove_selected)
        grid.addWidget(QLabel(_("Date"), self), 0, 0)
        grid.addWidget(with_error(self.date, self.errors, "applied_on"), 0, 1)
        grid.addWidget(QLabel(_("Staff member"), self), 0, 2)
        grid.addWidget(self.staff, 0, 3)
        grid.addWidget(QLabel(_("Formula"), self), 1, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(with_error(self.formula, self.errors, "formula"), 1, 1, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        layout.addLayout(grid)
        buttons = QGridLayout()
        buttons.addWidget(self.add_button, 0, 0)
        buttons.addWidget(self.remove_button, 0, 1)
        buttons.setColumnStretch(2, 1)
        layout.addLayout(buttons)
        self.hint = QLabel(_("Save the client first to add colour formulas."), self)
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)

    def load(self, f: ClientFile | None) -> None:
        self._client_id = f.id if f else None
        staff = self._env.staff_list()
        if staff is not self._staff_shown:  # filled again only when the staff changed
            self._staff_shown = staff
            self._staff_names = {st.id: st.name for st in staff}  # former staff too
            self.staff.clear()
            self.staff.addItem("—", None)
            for st in staff:
                if st.active:
                    self.staff.addItem(st.name, st.id)
        set_combo_data(self.staff, self._env.actor())
        self.date.setDate(today(self._env))
        self.formula.clear()
        self.errors.clear()
        self.show_formulas(f.formulas if f else [])
        for w in (self.date, self.formula, self.staff, self.add_button, self.remove_button):
            w.setEnabled(f is not None and not f.archived)
        self.hint.setVisible(f is None)

    def show_formulas(self, formulas: list[FormulaEntry]) -> None:
        self.model.set_entries(formulas, self._staff_names)
        self.table.resizeRowsToContents()

    def add_formula(self) -> bool:
        if self._client_id is None:
            return False
        self.errors.clear()
        errors = Errors()
        applied_on = date_or_today(self._env, self.date, errors, "applied_on")
        try:
            errors.raise_if_any()
        except ValidationError as exc:
            self.errors.show(exc)
            return False
        cid, text, staff, actor = (
            self._client_id,
            self.formula.toPlainText(),
            self.staff.currentData(),
            self._env.actor(),
        )
        if not write_attachment(
            self._env,
            self,
            cid,
            lambda ctx: ctx.clients.add_formula(cid, applied_on, text, staff, actor_id=actor),
            self.errors,
            self.errors.label("formula"),
        ):
            return False
        self.formula.clear()
        self.changed.emit()
        return True

    def remove_selected(self) -> bool:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return False
        entry = self.model.entries[rows[0].row()]
        if not confirm(
            self, _("Remove formula"), _("Remove the selected colour formula?"), _("Remove")
        ):
            return False
        actor = self._env.actor()
        if not write_attachment(
            self._env,
            self,
            self._client_id,
            lambda ctx: ctx.clients.remove_formula(entry.id, actor_id=actor),
            self.errors,
            self.errors.label("formula"),
        ):
            return False
        self.changed.emit()
        return True


class CareTab(QWidget):
    def __init__(self, env: UiEnv, errors: FormErrors, parent: QWidget | None = None):
        super().__init__(parent)
        body = QWidget()
        layout = QVBoxLayout(body)
        form_holder = QWidget(body)
        form = form_layout(form_holder)
        self.allergies = plain_text(form_holder, 2, 4)
        self.allergies.setObjectName("allergies")
        self.allergies.setPlaceholderText(
            _("e.g. allergic to PPD hair dye; pregnant; on isotretinoin")
        )
        self.allergies.setStyleSheet("QTextEdit { border: 1px solid #b00020; }")
        self.skin_notes = plain_text(form_holder, 2, 4)
        self.hair_notes = plain_text(form_holder, 2, 4)
        allergy_label = heading(_("Allergies and contraindications"), form_holder)
        allergy_label.setStyleSheet("color: #b00020;")
        allergy_label.setWordWrap(True)
        form.addRow(allergy_label, with_error(self.allergies, errors, "allergies"))
        form.addRow(_("Skin notes"), with_error(self.skin_notes, errors, "skin_notes"))
        form.addRow(_("Hair notes"), with_error(self.hair_notes, errors, "hair_notes"))
        layout.addWidget(form_holder)
        self.formulas = FormulasBox(env, body)
        layout.addWidget(self.formulas, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolled(body, self))

    def load(self, f: ClientFile | None) -> None:
        d = f.draft if f else ClientDraft()
        self.allergies.setPlainText(d.allergies)
        self.skin_notes.setPlainText(d.skin_notes)
        self.hair_notes.setPlainText(d.hair_notes)
        self.formulas.load(f)

    def fill(self, d: ClientDraft, errors: Errors) -> None:
        d.allergies = self.allergies.toPlainText()
        d.skin_notes = self.skin_notes.toPlainText()
        d.hair_notes = self.hair_notes.toPlainText()

    def state(self) -> tuple:
        return (
            self.allergies.toPlainText(),
            self.skin_notes.toPlainText(),
            self.hair_notes.toPlainText(),
        )
