"""What the keys and buttons do to the lines of the ticket: add services, products,
vouchers and payments into the account, repeat the last visit, change quantities,
discounts, the staff member of a line, remove a line.

``TicketEditor`` is a collaborator of ``CheckoutScreen``: it holds the ticket's
table model (the ticket itself), the table, the client header and the message
line, and calls back ``changed`` after every change so the screen saves it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QTableView, QWidget

from salon_desktop.domain.checkout import NO_HABITS, ClientHabits, seller, service_staff
from salon_desktop.domain.sale import (
    DISCOUNTABLE,
    MAX_QTY,
    LineDraft,
    LineKind,
    TicketDraft,
    TicketTotals,
    compute,
)
from salon_desktop.i18n import _
from salon_desktop.i18n.formatting import isolate
from salon_desktop.services.catalog import ProductItem, ServiceItem
from salon_desktop.ui.checkout.client_header import ClientHeader
from salon_desktop.ui.checkout.line_dialogs import (
    AccountPaymentDialog,
    DiscountDialog,
    VoucherSaleDialog,
)
from salon_desktop.ui.checkout.ticket_model import TicketModel
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.widgets.forms import ErrorLabel


class TicketEditor:
    def __init__(
        self,
        env: UiEnv,
        model: TicketModel,
        table: QTableView,
        header: ClientHeader,
        message: ErrorLabel,
        parent: QWidget,
        changed: Callable[[], None],
    ) -> None:
        self.env = env
        self.model = model
        self.table = table
        self.header = header
        self.message = message
        self.parent = parent
        self.changed = changed
        self.habits: ClientHabits = NO_HABITS  # what the ticket's client had before

    # -- the ticket --------------------------------------------------------------------
    @property
    def ticket(self) -> TicketDraft:
        return self.model.ticket

    def totals(self) -> TicketTotals:
        cfg = self.env.ctx.salon
        return compute(self.ticket, cfg.currency, cfg.net_pricing)

    def current_row(self) -> int:
        """The chosen line, else the last one (-1: no lines)."""
        i = self.table.selectionModel().currentIndex()
        if i.isValid() and i.row() < len(self.ticket.lines):
            return i.row()
        return len(self.ticket.lines) - 1

    def select_line(self, row: int, column: int = 0) -> None:
        if 0 <= row < self.model.rowCount():
            sel = self.table.selectionModel()
            sel.setCurrentIndex(
                self.model.index(row, column),
                sel.SelectionFlag.ClearAndSelect | sel.SelectionFlag.Rows,
            )
            self.table.scrollTo(self.model.index(row, column))

    # -- adding ------------------------------------------------------------------------
    def add_line(self, line: LineDraft) -> None:
        row = self.model.insert_line(line, self.totals)
        self.select_line(row)
        self.changed()

    def _service_staff(self, service_id: int | None) -> int | None:
        return service_staff(
            service_id, self.habits, self.header.preferred_staff_id, self.model.performers
        )

    def _seller(self) -> int | None:
        return seller(
            self.ticket.lines,
            self.model.staff,
            self.header.preferred_staff_id,
            self.env.desk_staff_id,
        )

    def add_service(self, sv: ServiceItem) -> None:
        self.add_line(
            LineDraft(
                LineKind.SERVICE,
                sv.name,
                sv.price,
                1,
                sv.tax_rate_bp,
                staff_id=self._service_staff(sv.id),
                service_id=sv.id,
            )
        )

    def add_product(self, p: ProductItem) -> None:
        last = self.ticket.lines[-1] if self.ticket.lines else None
        if (
            last is not None
            and last.kind is LineKind.PRODUCT
            and last.product_id == p.id
            and last.qty < MAX_QTY
        ):
            last.qty += 1
            self.select_line(len(self.ticket.lines) - 1)
            self.changed()
        else:
            self.add_line(
                LineDraft(
                    LineKind.PRODUCT,
                    p.name,
                    p.price,
                    1,
                    p.tax_rate_bp,
                    staff_id=self._seller(),
                    product_id=p.id,
                )
            )
        if p.stock - self._wanted(p.id) < 0:
            self.message.show_error(
                _("Only {count} of “{product}” in stock.").format(
                    count=self.env.fmt.integer(p.stock), product=isolate(p.name)
                )
            )

    def _wanted(self, product_id: int) -> int:
        return sum(ln.qty for ln in self.ticket.lines if ln.product_id == product_id)

    def repeat_last_visit(self) -> None:
        if self.ticket.client_id is None:
            return
        lines = self.env.ctx.reader.last_visit_lines(self.ticket.client_id)
        if not lines:
            self.message.show_error(_("No earlier visit to repeat."))
            return
        for ln in lines:
            if ln.staff_id not in self.model.performers:
                ln.staff_id = self._service_staff(ln.service_id)
            self.model.insert_line(ln, self.totals)
        self.select_line(len(self.ticket.lines) - 1)
        self.changed()

    def sell_voucher(self) -> None:
        dialog = VoucherSaleDialog(self.env, self.env.ctx.clients.today(), self.parent)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.line:
            self.add_line(dialog.line)
        dialog.deleteLater()

    def pay_into_account(self) -> None:
        if self.ticket.client_id is None:
            return
        dialog = AccountPaymentDialog(self.env, self.header.name, self.header.balance, self.parent)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.line:
            self.add_line(dialog.line)
        dialog.deleteLater()

    # -- changing lines --------------------------------------------------------------------
    def change_qty(self, delta: int) -> None:
        row = self.current_row()
        if row < 0 or self.ticket.lines[row].kind not in DISCOUNTABLE:
            return
        if self.ticket.lines[row].benefit_id is not None:
            return  # a free redo is one service
        ln = self.ticket.lines[row]
        ln.qty = max(1, min(MAX_QTY, ln.qty + delta))
        self.changed()

    def remove_line(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        self.model.remove_line(row, self.totals)
        self.select_line(min(row, len(self.ticket.lines) - 1))
        self.changed()

    def change_staff(self) -> bool:
        """Open the staff member of the chosen line (else the last) for typing a name.
        False when no line has one."""
        row = self.current_row()
        if row < 0 or self.ticket.lines[row].kind not in DISCOUNTABLE:
            return False
        self.select_line(row, TicketModel.COL_STAFF)
        self.table.setFocus()
        self.table.edit(self.model.index(row, TicketModel.COL_STAFF))
        return True

    def line_discount(self) -> None:
        row = self.current_row()
        if row < 0 or self.ticket.lines[row].kind not in DISCOUNTABLE:
            return
        if self.ticket.lines[row].benefit_id is not None:
            return  # a free redo is free: its discount is the complaint's
        ln = self.ticket.lines[row]
        dialog = DiscountDialog(
            self.env,
            ln.qty * ln.unit_price,
            ln.discount,
            _("Line discount"),
            isolate(ln.description),
            self.parent,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            ln.discount = dialog.discount
            self.changed()
        dialog.deleteLater()

    def ticket_discount(self) -> None:
        base = sum(
            lt.amount - lt.line_discount
            for ln, lt in zip(self.ticket.lines, self.totals().lines, strict=True)
            if ln.kind in DISCOUNTABLE
        )
        if not base:
            return
        dialog = DiscountDialog(
            self.env,
            base,
            self.ticket.discount,
            _("Ticket discount"),
            _("The whole ticket"),
            self.parent,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.ticket.discount = dialog.discount
            benefit = self.ticket.benefit_id
            if benefit is not None:  # a discount typed instead of the complaint's: kept for later
                self.ticket.benefit_id = None
                self.ticket.benefits_left.append(benefit)
            self.changed()
        dialog.deleteLater()
