"""The lines of the ticket being rung up, as a table: item, staff, quantity, price,
discount, total. Staff and quantity are edited in place (a combo for the staff)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from salon_desktop.domain.checkout import match_staff
from salon_desktop.domain.sale import (
    DISCOUNTABLE,
    MAX_QTY,
    DiscountKind,
    LineDraft,
    LineKind,
    TicketDraft,
    TicketTotals,
)
from salon_desktop.i18n import N_, _
from salon_desktop.i18n.formatting import isolate
from salon_desktop.ui.env import UiEnv

Index = QModelIndex | QPersistentModelIndex


class TicketModel(QAbstractTableModel):
    COL_ITEM, COL_STAFF, COL_QTY, COL_PRICE, COL_DISCOUNT, COL_TOTAL = range(6)
    HEADERS = (N_("Item"), N_("Staff member"), N_("Qty"), N_("Price"), N_("Discount"), N_("Total"))
    StaffIdRole = Qt.ItemDataRole.UserRole + 1

    edited = Signal()  # a line was changed in the table (staff or quantity)

    def __init__(self, env: UiEnv, parent=None):
        super().__init__(parent)
        self._env = env
        self.ticket = TicketDraft()
        self.totals: TicketTotals | None = None
        self.staff: dict[int, str] = {}
        self.performers: set[int] = set()  # who does services (not the desk)

    # -- feeding -----------------------------------------------------------------
    def set_staff(self, staff: dict[int, str], performers: set[int] | None = None) -> None:
        self.staff = staff
        self.performers = set(staff) if performers is None else performers & set(staff)
        self._changed_all()

    def choices(self, row: int) -> dict[int, str]:
        """Who can be on a line: for a service, those who perform services (and whoever
        is on it already); for a product, anybody (the desk sells too)."""
        line = self.ticket.lines[row]
        if line.kind is not LineKind.SERVICE:
            return dict(self.staff)
        return {
            sid: name
            for sid, name in self.staff.items()
            if sid in self.performers or sid == line.staff_id
        }

    def set_ticket(self, ticket: TicketDraft, totals: TicketTotals) -> None:
        self.beginResetModel()
        self.ticket, self.totals = ticket, totals
        self.endResetModel()

    def set_totals(self, totals: TicketTotals) -> None:
        """After a change of lines that keeps the row count (or after insert/remove)."""
        self.totals = totals
        self._changed_all()

    def _changed_all(self) -> None:
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1)
            )

    def line(self, row: int) -> LineDraft:
        return self.ticket.lines[row]

    def insert_line(self, line: LineDraft, totals_fn: Callable[[], TicketTotals]) -> int:
        row = len(self.ticket.lines)
        self.beginInsertRows(QModelIndex(), row, row)
        self.ticket.lines.append(line)
        self.totals = totals_fn()
        self.endInsertRows()
        self._changed_all()
        return row

    def remove_line(self, row: int, totals_fn: Callable[[], TicketTotals]) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.ticket.lines[row]
        self.totals = totals_fn()
        self.endRemoveRows()
        self._changed_all()

    # -- Qt model ----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.ticket.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return self._env.fmt.integer(section + 1)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return base
        ln = self.ticket.lines[index.row()]
        if index.column() == self.COL_STAFF and ln.kind in DISCOUNTABLE:
            return base | Qt.ItemFlag.ItemIsEditable
        if index.column() == self.COL_QTY and ln.kind in DISCOUNTABLE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        ln = self.ticket.lines[index.row()]
        col, fmt = index.column(), self._env.fmt
        lt = (
            self.totals.lines[index.row()]
            if self.totals and index.row() < len(self.totals.lines)
            else None
        )
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.COL_ITEM:
                if ln.kind is LineKind.VOUCHER:
                    return _("Gift voucher {code}").format(code=isolate(ln.voucher_code))
                if ln.kind is LineKind.ACCOUNT:
                    return _("Payment into account")
                return isolate(ln.description)
            if col == self.COL_STAFF:
                if ln.staff_id is None:
                    return _("— choose —") if ln.kind is LineKind.SERVICE else ""
                return isolate(self.staff.get(ln.staff_id, "?"))
            if col == self.COL_QTY:
                return fmt.integer(ln.qty)
            if col == self.COL_PRICE:
                return fmt.amount(ln.unit_price, with_symbol=False)
            if col == self.COL_DISCOUNT:
                if lt is None or not (lt.line_discount or lt.ticket_discount):
                    return ""
                text = fmt.amount(lt.line_discount + lt.ticket_discount, with_symbol=False)
                if ln.discount and ln.discount.kind is DiscountKind.PERCENT:
                    text += f" ({fmt.percent(ln.discount.value)})"
                return text
            if col == self.COL_TOTAL:
                return fmt.amount(lt.total, with_symbol=False) if lt else ""
        if role == Qt.ItemDataRole.EditRole:
            if col == self.COL_STAFF:
                return ln.staff_id
            if col == self.COL_QTY:
                return ln.qty
        if role == self.StaffIdRole:
            return ln.staff_id
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.COL_DISCOUNT and ln.discount and ln.discount.reason:
                return ln.discount.reason
            if col == self.COL_STAFF and ln.kind is LineKind.SERVICE:
                return _("Who did this service (F2, then type a name)")
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == self.COL_STAFF and ln.staff_id is None:
                return QColor("#b00020")
            if col == self.COL_DISCOUNT:
                return QColor("#1b5e20")
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= self.COL_QTY:
            return int(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        ln = self.ticket.lines[index.row()]
        if index.column() == self.COL_STAFF:
            ln.staff_id = value if isinstance(value, int) else None
        elif index.column() == self.COL_QTY:
            try:
                qty = int(value)
            except (TypeError, ValueError):
                return False
            ln.qty = max(1, min(MAX_QTY, qty))
        else:
            return False
        self.edited.emit()
        return True


class StaffEditor(QComboBox):
    """The staff member of a line: type the start of a name (or of a surname) and
    Enter; Up/Down go through the list, Alt+Down opens it."""

    def __init__(self, choices: dict[int, str], nobody: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("staffEditor")
        self.choices = choices
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        if nobody:
            self.addItem(_("— nobody —"), None)
        for sid, name in choices.items():
            self.addItem(name, sid)
        self.setCompleter(None)  # type: ignore[arg-type]  # the typed name is matched on Enter

    def chosen(self) -> tuple[bool, int | None]:
        """(True, staff id or None for nobody) when the text names somebody (or is
        cleared on a line that may have nobody); (False, None) when it names nobody."""
        text = self.currentText().strip()
        if not text or (self.itemData(0) is None and text == self.itemText(0)):
            return self.itemData(0) is None and self.count() > 0, None
        sid = match_staff(text, self.choices)
        return (sid is not None), sid


class StaffDelegate(QStyledItemDelegate):
    """Staff column: who did the service (or sold the product), typed by name."""

    def __init__(self, model: TicketModel, parent: QObject | None = None):
        super().__init__(parent)
        self._model = model

    def createEditor(  # noqa: N802 - Qt naming
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        line = self._model.line(index.row())
        editor = StaffEditor(
            self._model.choices(index.row()), line.kind is not LineKind.SERVICE, parent
        )
        editor.activated.connect(lambda _i, e=editor: self._commit(e))
        return editor

    def _commit(self, editor: StaffEditor) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor)

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        if isinstance(editor, StaffEditor):
            i = editor.findData(index.data(TicketModel.StaffIdRole))
            editor.setCurrentIndex(max(0, i))
            line = editor.lineEdit()
            if line is not None:
                line.selectAll()  # typing replaces the name

    def setModelData(  # noqa: N802
        self, editor: QWidget, model: QAbstractItemModel, index: Index
    ) -> None:
        if not isinstance(editor, StaffEditor):
            return
        ok, sid = editor.chosen()
        if ok:
            model.setData(index, sid, Qt.ItemDataRole.EditRole)
