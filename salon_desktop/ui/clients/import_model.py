"""The rows of an import preview as a Qt model: what each row of the file becomes."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from salon_desktop.domain.import_presets import Target
from salon_desktop.domain.importing import CellError, unescape_cell
from salon_desktop.domain.validation import FieldError
from salon_desktop.i18n import N_, _
from salon_desktop.services.importing import Action, ImportPreview, PreviewRow
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.widgets.forms import error_text

_Index = QModelIndex | QPersistentModelIndex

ACTION_LABELS = {
    Action.NEW: N_("New client"),
    Action.FILL: N_("On file: empty fields filled in"),
    Action.UNCHANGED: N_("On file: nothing to add"),
    Action.SKIP: N_("On file: left as it is"),
    Action.SAME: N_("Same client as line {line}"),
    Action.ERROR: N_("Not imported: see the problem"),
}

FIELD_LABELS = {
    "last_name": N_("last name"),
    "email": N_("e-mail"),
    "birth_date": N_("date of birth"),
    "gender": N_("gender"),
    "address": N_("address"),
    "allergies": N_("allergies"),
    "notes": N_("notes"),
    "phones": N_("phones"),
    "tags": N_("tags"),
}


def problem_text(env: UiEnv, headers: list[str], err: CellError) -> str:
    text = error_text(FieldError("", err.message, err.params), env.fmt)
    if err.column is None:
        return text
    return _("“{column}”: {problem}").format(column=headers[err.column], problem=text)


class PreviewModel(QAbstractTableModel):
    COL_LINE, COL_RESULT, COL_NAME, COL_PHONES, COL_EMAIL, COL_BIRTH, COL_DETAIL = range(7)

    def __init__(self, env: UiEnv, parent=None):
        super().__init__(parent)
        self._env = env
        self._preview: ImportPreview | None = None
        self._rows: list[PreviewRow] = []
        self._only_problems = False

    def set_preview(self, preview: ImportPreview | None) -> None:
        self.beginResetModel()
        self._preview = preview
        self._select()
        self.endResetModel()

    def set_only_problems(self, on: bool) -> None:
        self.beginResetModel()
        self._only_problems = on
        self._select()
        self.endResetModel()

    def _select(self) -> None:
        rows = self._preview.rows if self._preview else []
        self._rows = [r for r in rows if r.errors] if self._only_problems else list(rows)

    def _raw_name(self, r: PreviewRow) -> str:
        """The name as the file has it, for a row that could not be read."""
        assert self._preview is not None
        cells = self._preview.table.rows[r.index]
        names = (Target.FIRST_NAME, Target.LAST_NAME, Target.FULL_NAME)
        parts = [
            unescape_cell(cells[i])
            for i, t in enumerate(self._preview.mapping)
            if t in names and i < len(cells)
        ]
        return " ".join(p for p in parts if p)

    def row_at(self, row: int) -> PreviewRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 7

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            _("Line"),
            _("Result"),
            _("Name"),
            _("Phones"),
            _("E-mail"),
            _("Date of birth"),
            _("Problem or what is filled in"),
        )[section]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        r = self.row_at(index.row())
        if r is None or self._preview is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.ForegroundRole and r.errors:
            return QColor("#b00020")
        if role == Qt.ItemDataRole.ToolTipRole and col in (self.COL_DETAIL, self.COL_PHONES):
            return self.data(index) or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        fmt, d = self._env.fmt, r.draft
        if col == self.COL_LINE:
            return fmt.integer(r.line, grouping=False)
        if col == self.COL_RESULT:
            return _(ACTION_LABELS[r.action]).format(line=fmt.integer(r.same_as_line or 0))
        if col == self.COL_DETAIL:
            if r.errors:
                headers = self._preview.table.headers
                return "; ".join(problem_text(self._env, headers, e) for e in r.errors)
            if r.match is not None and r.same_as_line is None:
                where = _("{name}, client {number}").format(
                    name=r.match.name, number=fmt.client_number(r.match.number)
                )
                if r.filled:
                    comma = "، " if fmt.persian else ", "
                    filled = comma.join(_(FIELD_LABELS.get(f, f)) for f in r.filled)
                    return _("{file}: adds {fields}").format(file=where, fields=filled)
                return where
            return ""
        if d is None:
            return self._raw_name(r) if col == self.COL_NAME else ""
        if col == self.COL_NAME:
            return f"{d.first_name} {d.last_name}".strip()
        if col == self.COL_PHONES:
            comma = "، " if fmt.persian else ", "
            return comma.join(fmt.phone(p.number, self._env.region) for p in d.phones)
        if col == self.COL_EMAIL:
            return d.email
        if col == self.COL_BIRTH:
            return fmt.date(d.birth_date) if d.birth_date else ""
        return None
