"""The Visits tab: every sale of the client (files merged into this one included),
newest first, with the client's figures, a new sale and the statement of account."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.sale import SaleKind
from salon_desktop.domain.views import ClientFigures, VisitRow
from salon_desktop.i18n import _, ngettext
from salon_desktop.i18n.formatting import isolate
from salon_desktop.services.clients import ClientFile
from salon_desktop.ui.clients.file.scores_panel import ScoresPanel
from salon_desktop.ui.env import UiEnv

if TYPE_CHECKING:
    from salon_desktop.ui.complaints.record_dialog import RecordComplaintDialog
from salon_desktop.ui.widgets.forms import align_leading
from salon_desktop.ui.widgets.pdf_preview import PdfPreview
from salon_desktop.ui.widgets.when_shown import WhenShown

GREY, RED = QColor("#8a8a8a"), QColor("#b00020")
NEW_SALE_KEY = "F9"


def interval_text(env: UiEnv, days: int | None) -> str:
    """'every 6 weeks' from three weeks up, 'every 10 days' below."""
    if days is None:
        return "—"
    if days >= 21:
        weeks = round(days / 7)
        return ngettext("every {n} week", "every {n} weeks", weeks).format(n=env.fmt.integer(weeks))
    return ngettext("every {n} day", "every {n} days", days).format(n=env.fmt.integer(days))


class VisitsModel(QAbstractTableModel):
    """The client's sales and their corrections, newest first."""

    (
        COL_DATE,
        COL_RECEIPT,
        COL_STATUS,
        COL_SERVICES,
        COL_STAFF,
        COL_PRODUCTS,
        COL_AMOUNT,
        COL_NOTE,
        COL_FORMULA,
    ) = range(9)

    def __init__(self, env: UiEnv, parent=None):
        super().__init__(parent)
        self._env = env
        self._rows: list[VisitRow] = []
        self._voided: set[int] = set()
        self._receipts: dict[int, str] = {}
        self._headers = (
            _("Date"),
            _("Receipt"),
            _("Status"),
            _("Services"),
            _("Staff"),
            _("Products"),
            _("Amount"),
            _("Note"),
            _("Colour formula"),
        )

    def set_rows(self, rows: list[VisitRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._voided = {
            r.original_sale_id for r in rows if r.kind == SaleKind.VOID.value and r.original_sale_id
        }
        self._receipts = {r.sale_id: r.receipt_no for r in rows}
        self.endResetModel()

    def row_at(self, row: int) -> VisitRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802 - Qt naming
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802 - Qt naming
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def status(self, r: VisitRow) -> str:
        if r.kind == SaleKind.VOID.value:
            return _("Void")
        if r.kind == SaleKind.REFUND.value:
            return _("Refund")
        if r.sale_id in self._voided:
            return _("Voided")
        if r.corrected:
            return _("Part refunded")
        return ""

    def note(self, r: VisitRow) -> str:
        if r.kind == SaleKind.SALE.value:
            return r.note
        of = self._receipts.get(r.original_sale_id or 0, "")
        text = _("Correction of {receipt}").format(receipt=self._env.fmt.receipt(of)) if of else ""
        if r.reason:
            text = f"{text}: {isolate(r.reason)}" if text else isolate(r.reason)
        return text

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        r = self.row_at(index.row()) if index.isValid() else None
        if r is None:
            return None
        col, env = index.column(), self._env
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = (
                env.fmt.date(r.business_date),
                env.fmt.receipt(r.receipt_no),
                self.status(r),
                env.fmt.join(r.services),
                env.fmt.join(r.staff),
                env.fmt.join(r.products),
                env.fmt.amount(r.total),
                self.note(r),
                r.formula,
            )[col]
            if role == Qt.ItemDataRole.ToolTipRole:
                return (
                    text
                    if col
                    in (self.COL_SERVICES, self.COL_PRODUCTS, self.COL_NOTE, self.COL_FORMULA)
                    and text
                    else None
                )
            return text.replace("\n", " ")
        if role == Qt.ItemDataRole.ForegroundRole:
            if r.kind != SaleKind.SALE.value:
                return QBrush(RED)
            if r.sale_id in self._voided:
                return QBrush(GREY)
            if r.corrected and col == self.COL_STATUS:
                return QBrush(GREY)
            return None
        if (
            role == Qt.ItemDataRole.FontRole
            and r.sale_id in self._voided
            and col != self.COL_STATUS
        ):
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.COL_AMOUNT:
            return int(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
        return None


class VisitsTable(QTableView):
    """Columns share the width in fixed proportions (services get the most), so the
    table reads the same on a small desk screen and a large one; the date, receipt
    number and amount always show whole (the lists of services, staff and products
    take less and show whole in their tooltip)."""

    WEIGHTS = (9, 10, 7, 21, 13, 12, 10, 9, 11)  # in VisitsModel's column order
    WHOLE = (VisitsModel.COL_DATE, VisitsModel.COL_RECEIPT, VisitsModel.COL_AMOUNT)

    def setModel(self, model) -> None:  # noqa: N802 - Qt naming
        super().setModel(model)
        if model is not None:
            model.modelReset.connect(self._share_width)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        self._share_width()

    def _share_width(self) -> None:
        width = self.viewport().width()
        total = sum(self.WEIGHTS)
        widths = [max(60, width * weight // total) for weight in self.WEIGHTS]
        if self.model() is not None and self.model().rowCount():
            for col in self.WHOLE:
                widths[col] = max(widths[col], self.sizeHintForColumn(col))
        over = sum(widths) - width
        shared = [c for c in range(len(widths)) if c not in self.WHOLE]
        room = sum(widths[c] - 60 for c in shared)
        if over > 0 and room > 0:
            for c in shared:
                widths[c] -= min(widths[c] - 60, over * (widths[c] - 60) // room + 1)
        for col, w in enumerate(widths):
            self.setColumnWidth(col, w)


class VisitsTab(QWidget):
    """Read-only: the history comes from posted sales; a new sale opens the checkout."""

    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self._env = env
        self._client_id: int | None = None
        self._client_name = ""
        self._archived = False
        self.complaint_dialog: RecordComplaintDialog | None = None  # while it is open
        self.figures: ClientFigures | None = None
        layout = QVBoxLayout(self)

        # -- the client's figures ------------------------------------------------------
        box = QFrame(self)
        box.setObjectName("visitFigures")
        box.setStyleSheet(
            "QFrame#visitFigures { background: palette(alternate-base); border-radius: 4px; }"
        )
        grid = QGridLayout(box)
        grid.setContentsMargins(10, 6, 10, 6)
        grid.setHorizontalSpacing(10)
        self.values: dict[str, QLabel] = {}
        captions = (
            ("total_spent", _("Total spent")),
            ("visits", _("Visits")),
            ("average_ticket", _("Average ticket")),
            ("balance", _("Account")),
            ("first_visit", _("First visit")),
            ("last_visit", _("Last visit")),
            ("interval", _("Usual interval")),
        )
        for i, (key, caption) in enumerate(captions):
            row, col = divmod(i, 4)
            value = align_leading(QLabel(box))
            value.setObjectName(f"figure_{key}")
            font = value.font()
            font.setBold(True)
            value.setFont(font)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(QLabel(caption + ":", box), row, col * 2)
            grid.addWidget(value, row, col * 2 + 1)
            self.values[key] = value
        for col in (1, 3, 5, 7):
            grid.setColumnStretch(col, 1)
        layout.addWidget(box)
        self.scores = ScoresPanel(env, self)
        layout.addWidget(self.scores)

        # -- actions -----------------------------------------------------------------------
        buttons = QHBoxLayout()
        self.new_sale_button = QPushButton(_("New sale") + f"  ({NEW_SALE_KEY})", self)
        self.new_sale_button.setObjectName("newSale")
        self.new_sale_button.clicked.connect(self.new_sale)
        self.statement_button = QPushButton(_("Statement of account…"), self)
        self.statement_button.clicked.connect(self.ask_statement)
        self.receipt_button = QPushButton(_("Show receipt"), self)
        self.receipt_button.setToolTip(_("Or double-click the visit, or press Enter on it."))
        self.receipt_button.clicked.connect(self.show_current_receipt)
        self.complaint_button = QPushButton(_("Complaint about this visit…"), self)
        self.complaint_button.setObjectName("complaintAboutVisit")
        self.complaint_button.setToolTip(
            _("Record a complaint about the chosen visit, its service and who did it")
        )
        self.complaint_button.clicked.connect(self._complaint_clicked)
        for b in (
            self.new_sale_button,
            self.statement_button,
            self.receipt_button,
            self.complaint_button,
        ):
            b.setAutoDefault(False)
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        # -- the visits ------------------------------------------------------------------------
        self.model = VisitsModel(env, self)
        self.table = VisitsTable(self)
        self.table.setObjectName("visitsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.doubleClicked.connect(lambda index: self.show_receipt(index.row()))
        QShortcut(
            QKeySequence(Qt.Key.Key_Return),
            self.table,
            self.show_current_receipt,
            context=Qt.ShortcutContext.WidgetShortcut,
        )
        QShortcut(
            QKeySequence(Qt.Key.Key_Enter),
            self.table,
            self.show_current_receipt,
            context=Qt.ShortcutContext.WidgetShortcut,
        )
        layout.addWidget(self.table, 1)
        self.empty = QLabel(_("No visits yet."), self)
        self.empty.setObjectName("noVisits")
        layout.addWidget(self.empty)

        # read on a posted sale (or another file opened) only while on screen, else
        # once when the tab is next shown
        self.when_shown = WhenShown(self, self.refresh)
        env.bus.sale_posted.connect(self.when_shown.changed)
        self.load(None)

    def install_shortcut(self, screen: QWidget) -> None:
        """F9 starts a sale from anywhere in the client file."""
        QShortcut(
            QKeySequence(NEW_SALE_KEY),
            screen,
            self.new_sale,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )

    # -- loading ---------------------------------------------------------------------
    def load(self, f: ClientFile | None) -> None:
        self._client_id = f.id if f else None
        self._client_name = f.display_name if f else ""
        self._archived = bool(f and f.archived)
        self.scores.set_client(self._client_id if not self._archived else None)
        self.when_shown.changed()

    def refresh(self) -> None:
        if self._client_id is None:
            rows: list = []
            figures = None
        else:
            rows, figures = self._env.ctx.reader.history(self._client_id)
        self.figures = figures
        self.model.set_rows(rows)
        self._show_figures(figures)
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))
        has_file = self._client_id is not None
        self.new_sale_button.setEnabled(has_file and not self._archived)
        self.statement_button.setEnabled(has_file)
        self.receipt_button.setEnabled(bool(rows))
        self.complaint_button.setEnabled(bool(rows))

    def _show_figures(self, f: ClientFigures | None) -> None:
        fmt, v = self._env.fmt, self.values
        if f is None:
            for label in v.values():
                label.setText("—")
            v["balance"].setStyleSheet("")
            return
        v["total_spent"].setText(fmt.amount(f.total_spent))
        v["visits"].setText(fmt.integer(f.visits))
        v["average_ticket"].setText(fmt.amount(f.average_ticket) if f.visits else "—")
        v["first_visit"].setText(fmt.date(f.first_visit) or "—")
        v["last_visit"].setText(fmt.date(f.last_visit) or "—")
        v["interval"].setText(interval_text(self._env, f.usual_interval_days))
        if f.usual_interval_days is not None:
            v["interval"].setToolTip(
                ngettext(
                    "Usually {n} day between visits",
                    "Usually {n} days between visits",
                    f.usual_interval_days,
                ).format(n=fmt.integer(f.usual_interval_days))
            )
        v["balance"].setText(self._env.fmt.balance(f.account_balance))
        v["balance"].setStyleSheet("color: #b00020;" if f.account_balance < 0 else "")

    # -- actions ----------------------------------------------------------------------------
    def new_sale(self) -> None:
        if self._client_id is not None and not self._archived:
            self._env.bus.checkout_requested.emit(self._client_id)

    def current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def show_current_receipt(self) -> bytes | None:
        return self.show_receipt(self.current_row() if self.current_row() >= 0 else 0)

    def show_receipt(self, row: int | QModelIndex | QPersistentModelIndex) -> bytes | None:
        """The receipt of a visit, as reprinted (the original stays as it was)."""
        from salon_desktop.documents.receipt import receipt_pdf

        visit = self.model.row_at(row if isinstance(row, int) else row.row())
        if visit is None:
            return None
        ctx = self._env.ctx
        sale = ctx.reader.get(visit.sale_id)
        if sale is None:
            return None
        data = receipt_pdf(sale, ctx.header(), paper=ctx.salon.receipt_width, reprint=True)
        title = _("Receipt {receipt}").format(receipt=self._env.fmt.receipt(sale.receipt_no))
        name = "receipt-" + sale.receipt_no.replace("/", "-") + ".pdf"
        return self._preview(data, title, name)

    def _complaint_clicked(self) -> None:
        self.record_complaint()

    def record_complaint(self):
        """The recording dialog about the chosen visit (else the latest): the client,
        the visit, its first service line and who did it filled in."""
        from salon_desktop.ui.complaints.record_dialog import open_record_dialog

        row = self.current_row() if self.current_row() >= 0 else 0
        visit = self.model.row_at(row)
        if visit is None or self._client_id is None:
            return None
        sale = self._env.ctx.reader.get(visit.sale_id)
        if sale is None:
            return None
        lines = [
            (
                ln.id,
                f"{ln.description} — {ln.staff_name}" if ln.staff_name else ln.description,
                ln.staff_id,
            )
            for ln in sale.lines
            if ln.kind == "service" and ln.qty > 0
        ]
        fmt = self._env.fmt
        dialog = open_record_dialog(
            self._env,
            self.window(),
            self._client_id,
            self._client_name,
            sale.id,
            sale_line_id=lines[0][0] if lines else None,
            staff_id=lines[0][2] if lines else None,
            visit_text=f"{fmt.date(sale.business_date)} · {fmt.receipt(sale.receipt_no)}",
            lines=lines,
        )
        dialog.finished.connect(self._complaint_closed)
        self.complaint_dialog = dialog
        return dialog

    def _complaint_closed(self) -> None:
        self.complaint_dialog = None

    def ask_statement(self) -> bytes | None:
        from salon_desktop.ui.clients.file.statement_dialog import StatementDialog

        if self._client_id is None:
            return None
        dialog = StatementDialog(self._env, self)
        try:
            if not dialog.exec():
                return None
            period = dialog.period
        finally:
            dialog.deleteLater()
        return self.show_statement(*period)

    def show_statement(
        self, date_from: dt.date | None = None, date_to: dt.date | None = None
    ) -> bytes | None:
        from salon_desktop.documents.statement import statement_pdf

        if self._client_id is None:
            return None
        ctx = self._env.ctx
        stmt = ctx.reader.statement(self._client_id, ctx.salon.currency, date_from, date_to)
        data = statement_pdf(stmt, ctx.header())
        title = _("Statement of account: {name}").format(name=isolate(stmt.client_name))
        return self._preview(data, title, f"statement-{stmt.client_number}.pdf")

    def _preview(self, data: bytes, title: str, file_name: str) -> bytes:
        preview = PdfPreview(data, title, file_name, self)
        try:
            preview.exec()
        finally:
            preview.deleteLater()
        return data
