"""What the keys and buttons do to the lines of the ticket: add services, products,
vouchers and payments into the account, repeat the last visit, change quantities,
discounts, remove a line. Mixed into ``CheckoutScreen``."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from salon_desktop.domain.sale import DISCOUNTABLE, MAX_QTY, LineDraft, LineKind
from salon_desktop.i18n import _
from salon_desktop.i18n.formatting import isolate
from salon_desktop.ui.checkout.line_dialogs import (
    AccountPaymentDialog,
    DiscountDialog,
    VoucherSaleDialog,
)


class TicketActions:
    # -- adding --------------------------------------------------------------------------------
    def add_line(self, line: LineDraft) -> None:
        row = self.model.insert_line(line, self.totals)
        self._select_line(row)
        self._changed()

    def _default_staff(self) -> int | None:
        for sid in (self.header.preferred_staff_id, self.env.desk_staff_id):
            if sid in self.staff:
                return sid
        return None

    def _seller(self) -> int | None:
        """Who sold a product (their retail commission): whoever did the ticket's last
        service (they recommended it), else as for a service."""
        for ln in reversed(self.ticket.lines):
            if ln.kind is LineKind.SERVICE and ln.staff_id in self.staff:
                return ln.staff_id
        return self._default_staff()

    def add_service(self, sv) -> None:
        self.add_line(
            LineDraft(
                LineKind.SERVICE,
                sv.name,
                sv.price,
                1,
                sv.tax_rate_bp,
                staff_id=self._default_staff(),
                service_id=sv.id,
            )
        )

    def add_product(self, p) -> None:
        last = self.ticket.lines[-1] if self.ticket.lines else None
        if (
            last is not None
            and last.kind is LineKind.PRODUCT
            and last.product_id == p.id
            and last.qty < MAX_QTY
        ):
            last.qty += 1
            self._select_line(len(self.ticket.lines) - 1)
            self._changed()
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
            if ln.staff_id not in self.staff:
                ln.staff_id = self._default_staff()
            self.model.insert_line(ln, self.totals)
        self._select_line(len(self.ticket.lines) - 1)
        self._changed()

    def sell_voucher(self) -> None:
        dialog = VoucherSaleDialog(self.env, self.env.ctx.clients.today(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.line:
            self.add_line(dialog.line)
        dialog.deleteLater()
        self.entry.setFocus()

    def pay_into_account(self) -> None:
        if self.ticket.client_id is None:
            return
        dialog = AccountPaymentDialog(self.env, self.header.name, self.header.balance, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.line:
            self.add_line(dialog.line)
        dialog.deleteLater()
        self.entry.setFocus()

    # -- changing lines --------------------------------------------------------------------------
    def change_qty(self, delta: int) -> None:
        row = self.current_row()
        if row < 0 or self.ticket.lines[row].kind not in DISCOUNTABLE:
            return
        ln = self.ticket.lines[row]
        ln.qty = max(1, min(MAX_QTY, ln.qty + delta))
        self._changed()

    def remove_line(self) -> None:
        row = self.current_row()
        if row < 0:
            return
        self.model.remove_line(row, self.totals)
        self._select_line(min(row, len(self.ticket.lines) - 1))
        self._changed()

    def line_discount(self) -> None:
        row = self.current_row()
        if row < 0 or self.ticket.lines[row].kind not in DISCOUNTABLE:
            return
        ln = self.ticket.lines[row]
        dialog = DiscountDialog(
            self.env,
            ln.qty * ln.unit_price,
            ln.discount,
            _("Line discount"),
            isolate(ln.description),
            self,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            ln.discount = dialog.discount
            self._changed()
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
            self.env, base, self.ticket.discount, _("Ticket discount"), _("The whole ticket"), self
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.ticket.discount = dialog.discount
            self._changed()
        dialog.deleteLater()
