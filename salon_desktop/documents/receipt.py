"""The receipt (or invoice, or correction) of one posted sale, on an 80 mm roll or A4."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from salon_desktop.documents import rtl
from salon_desktop.documents.base import (
    ACCENT,
    CENTER,
    END,
    MUTED,
    START,
    Col,
    Doc,
    language,
    new_doc,
    write,
)
from salon_desktop.documents.parts import percent, salon_block
from salon_desktop.domain.sale import PAY_METHOD_LABELS, LineKind, PayMethod, SaleKind
from salon_desktop.domain.views import SaleLineView, SaleView, SalonHeader
from salon_desktop.i18n import _
from salon_desktop.i18n.formatting import Formatter


def receipt_pdf(
    sale: SaleView, header: SalonHeader, paper: str = "80mm", reprint: bool = False
) -> bytes:
    """The PDF of ``sale`` in the salon's language (``header.language``)."""
    with language(header.language):
        return _Receipt(sale, header, paper, reprint).build()


def render_receipt(
    sale: SaleView,
    header: SalonHeader,
    out: Path | str | BinaryIO,
    paper: str = "80mm",
    reprint: bool = False,
) -> None:
    """Write the receipt to a file path or a binary file object."""
    write(receipt_pdf(sale, header, paper, reprint), out)


def title_of(sale: SaleView) -> str:
    if sale.kind == SaleKind.VOID:
        return _("Void")
    if sale.kind == SaleKind.REFUND:
        return _("Refund")
    return _("Invoice") if sale.is_invoice else _("Receipt")


def label_of(labels: dict, enum_type, value: str) -> str:
    """The translated label of an enum value (the raw value if unknown)."""
    try:
        return _(labels[enum_type(value)])
    except (ValueError, KeyError):
        return value


class _Receipt:
    def __init__(self, sale: SaleView, header: SalonHeader, paper: str, reprint: bool):
        self.sale, self.header, self.reprint = sale, header, reprint
        self.fmt = Formatter(header.language, sale.currency or header.currency)
        title = f"{title_of(sale)} {sale.receipt_no}"
        self.doc: Doc = new_doc(paper, header.language, title=title, author=header.name)
        self.size = self.doc.paper.size

    def money(self, minor: int) -> str:
        return self.fmt.amount(minor)

    def build(self) -> bytes:
        doc, sale = self.doc, self.sale
        salon_block(doc, self.header, self.fmt)
        doc.rule(strong=True)
        self.title()
        self.details()
        if sale.is_invoice:
            self.buyer()
        doc.rule(dashed=doc.paper.roll)
        if doc.paper.roll:
            self.lines_roll()
        else:
            self.lines_table()
        self.totals()
        self.tips()
        self.payments()
        self.closing()
        return doc.build()

    # -- parts -----------------------------------------------------------------
    def title(self) -> None:
        doc, sale = self.doc, self.sale
        align = CENTER if doc.paper.roll else START
        doc.text(
            title_of(sale),
            self.size * 1.7,
            bold=True,
            align=align,
            color=ACCENT,
            before=self.size * 0.3,
        )
        if sale.kind != SaleKind.SALE:
            if sale.original_receipt_no:
                doc.text(
                    _("of receipt {number}").format(
                        number=rtl.ltr(self.fmt.digits(sale.original_receipt_no))
                    ),
                    self.size * 1.1,
                    bold=True,
                    align=align,
                )
            if sale.reason:
                doc.text(_("Reason: {reason}").format(reason=sale.reason), align=align)
        if self.reprint:
            doc.space(self.size * 0.3)
            doc.stamp(_("REPRINT"))
        doc.space(self.size * 0.4)

    def details(self) -> None:
        doc, sale, fmt = self.doc, self.sale, self.fmt
        doc.field(_("Number"), rtl.ltr(self.fmt.digits(sale.receipt_no)), bold=True)
        doc.field(_("Date"), fmt.datetime(sale.posted_at))
        if sale.client_name:
            client = sale.client_name
            if sale.client_number is not None:
                client += " " + _("(no. {number})").format(
                    number=fmt.client_number(sale.client_number)
                )
            doc.field(_("Client"), client)
        doc.field(_("Served by"), sale.staff_name)

    def buyer(self) -> None:
        doc, sale = self.doc, self.sale
        doc.heading(_("Buyer"), self.size * 1.05)
        doc.text(sale.buyer_name, bold=True)
        doc.text(_("Tax ID: {tax_id}").format(tax_id=rtl.ltr(sale.buyer_tax_id)))
        doc.text(sale.buyer_address)

    def _description(self, ln: SaleLineView) -> str:
        text = ln.description
        if ln.kind == LineKind.VOUCHER and ln.voucher_code:
            text += "\n" + _("Code: {code}").format(code=rtl.ltr(ln.voucher_code))
        if ln.line_discount and ln.discount_reason:
            text += "\n" + _("Discount: {reason}").format(reason=ln.discount_reason)
        return text

    def lines_roll(self) -> None:
        doc, fmt = self.doc, self.fmt
        small = self.size * 0.9
        for ln in self.sale.lines:
            doc.row([ln.description, self.money(ln.total)], [Col(3), Col(1.6, END)])
            detail = f"{fmt.integer(ln.qty)} × {self.money(ln.unit_price)}"
            if ln.staff_name:
                detail += ("، " if doc.rtl else " · ") + ln.staff_name
            doc.text(detail, small, color=MUTED)
            discount = ln.line_discount + ln.ticket_discount
            if discount:
                label = _("Discount")
                if ln.line_discount and ln.discount_reason:
                    label += f" ({ln.discount_reason})"
                doc.row(
                    [label, self.money(-discount)],
                    [Col(3), Col(1.6, END)],
                    small,
                    color=MUTED,
                    pad=0,
                )
            if ln.kind == LineKind.VOUCHER and ln.voucher_code:
                doc.text(
                    _("Code: {code}").format(code=rtl.ltr(ln.voucher_code)), small, color=MUTED
                )
            doc.space(self.size * 0.25)
        doc.rule(dashed=True)

    def lines_table(self) -> None:
        fmt = self.fmt
        cols = [Col(3.4), Col(1.5), Col(0.7, END), Col(1.5, END), Col(1.4, END), Col(1.6, END)]
        head = [
            _("Description"),
            _("Staff member"),
            _("Qty"),
            _("Unit price"),
            _("Discount"),
            _("Total"),
        ]
        rows = []
        for ln in self.sale.lines:
            discount = ln.line_discount + ln.ticket_discount
            rows.append(
                [
                    self._description(ln),
                    ln.staff_name,
                    fmt.integer(ln.qty),
                    self.money(ln.unit_price),
                    self.money(-discount) if discount else "",
                    self.money(ln.total),
                ]
            )
        self.doc.table(cols, rows, head)

    def totals(self) -> None:
        doc, sale = self.doc, self.sale
        ticket_discount = sum(ln.ticket_discount for ln in sale.lines)
        if sale.discount:
            doc.pair(_("Subtotal"), self.money(sale.subtotal))
            label = _("Discount")
            if ticket_discount and sale.discount_reason:
                label = _("Discount ({reason})").format(reason=sale.discount_reason)
            doc.pair(label, self.money(-sale.discount))
        if sale.net_pricing:
            doc.pair(_("Net"), self.money(sale.net))
            doc.pair(_("Tax"), self.money(sale.tax))
        doc.rule(strong=True, space=self.size * 0.3, totals=True)
        doc.pair(_("Total"), self.money(sale.total), bold=True, size=self.size * 1.35)
        summary = sale.tax_summary()
        if any(rate for rate, _n, _t in summary):
            doc.space(self.size * 0.3)
            cols = (
                [Col(1.2), Col(1.5, END), Col(1.5, END)]
                if doc.paper.roll
                else [Col(1), Col(1.5, END), Col(1.5, END), Col(1.5, END)]
            )
            head = [_("Tax rate"), _("Net"), _("Tax")] + ([] if doc.paper.roll else [_("Gross")])
            rows = []
            for rate, net, tax in summary:
                row = [percent(self.fmt, rate), self.money(net), self.money(tax)]
                rows.append(row if doc.paper.roll else [*row, self.money(net + tax)])
            doc.table(
                cols, rows, head, size=self.size * 0.9, lines_between=False, span=doc.totals_span
            )

    def tips(self) -> None:
        doc, sale = self.doc, self.sale
        if not sale.tip_lines and not sale.tips:
            return
        doc.subtotal_heading(_("Tips"))
        for tip in sale.tip_lines:
            doc.pair(tip.staff_name, self.money(tip.amount))
        doc.pair(_("Total with tips"), self.money(sale.total + sale.tips), bold=True)

    def payments(self) -> None:
        doc, sale = self.doc, self.sale
        if not sale.payments:
            return
        doc.subtotal_heading(_("Payment"))
        for p in sale.payments:
            label = label_of(PAY_METHOD_LABELS, PayMethod, p.method)
            if p.voucher_code:
                label += f" ({rtl.ltr(p.voucher_code)})"
            doc.pair(label, self.money(p.amount))
            if p.method == PayMethod.CASH and p.tendered:
                doc.pair(_("Cash tendered"), self.money(p.tendered), color=MUTED)
        if sale.change_given:
            doc.pair(_("Change"), self.money(sale.change_given), bold=True)

    def closing(self) -> None:
        doc, sale = self.doc, self.sale
        align = CENTER
        doc.rule(dashed=doc.paper.roll)
        for kind, number in sale.corrections:
            text = (
                _("Voided by receipt {number}")
                if kind == SaleKind.VOID
                else _("Refunded by receipt {number}")
            )
            doc.text(
                text.format(number=rtl.ltr(self.fmt.digits(number))),
                bold=True,
                align=align,
                color=ACCENT,
            )
        if sale.note:
            doc.text(sale.note, color=MUTED, align=align)
        if self.header.not_fiscal:
            doc.text(_("Not a fiscal receipt"), bold=True, align=align, before=self.size * 0.3)
        if self.header.footer:
            doc.text(self.header.footer, align=align, before=self.size * 0.3)
        if self.reprint:
            doc.text(_("REPRINT"), bold=True, align=align, color=ACCENT, before=self.size * 0.3)
