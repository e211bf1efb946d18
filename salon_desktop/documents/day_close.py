"""The till's Z report, of one cash session or of the whole day: cash drawer, payments by
method, sales and corrections, tips, the count (the day's: each session's, then the sums)."""

from __future__ import annotations

from collections.abc import Sequence

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
)
from salon_desktop.documents.earnings import earnings_table
from salon_desktop.documents.parts import salon_block
from salon_desktop.documents.receipt import label_of
from salon_desktop.domain.sale import PAY_METHOD_LABELS, PayMethod
from salon_desktop.domain.views import DayCloseReport, SalonHeader, StaffEarnings
from salon_desktop.i18n import _
from salon_desktop.i18n.formatting import Formatter


def day_close_pdf(
    report: DayCloseReport,
    header: SalonHeader,
    earnings: Sequence[StaffEarnings] = (),
    paper: str = "A4",
) -> bytes:
    with language(header.language):
        return _DayClose(report, header, earnings, paper).build()


class _DayClose:
    def __init__(
        self,
        report: DayCloseReport,
        header: SalonHeader,
        earnings: Sequence[StaffEarnings],
        paper: str,
    ):
        self.r, self.header, self.earnings = report, header, earnings
        self.fmt = Formatter(header.language, report.currency or header.currency)
        self.doc: Doc = new_doc(
            paper,
            header.language,
            author=header.name,
            title=self.title() + " " + self.fmt.date(report.business_date),
        )
        self.size = self.doc.paper.size

    def title(self) -> str:
        return _("Session close") if self.r.session is not None else _("Day close")

    def span(self, view) -> str:
        fmt = self.fmt
        start = fmt.digits(view.opened_at.strftime("%H:%M"))
        if view.closed_at is None:
            return _("Session {number}, open since {time}").format(
                number=fmt.integer(view.number), time=start
            )
        return _("Session {number}, {start}–{end}").format(
            number=fmt.integer(view.number),
            start=start,
            end=fmt.digits(view.closed_at.strftime("%H:%M")),
        )

    def money(self, minor: int) -> str:
        return self.fmt.amount(minor)

    def build(self) -> bytes:
        doc, r, fmt, size = self.doc, self.r, self.fmt, self.size
        salon_block(doc, self.header, fmt)
        doc.rule(strong=True)
        align = CENTER if doc.paper.roll else START
        doc.text(self.title(), size * 1.7, bold=True, color=ACCENT, before=size * 0.3, align=align)
        doc.text(fmt.date(r.business_date, "long"), size * 1.2, bold=True, align=align)
        if r.session is not None:
            doc.text(self.span(r.session), size * 1.1, align=align)
        if not r.closed:
            doc.space(size * 0.4)
            doc.stamp(_("NOT CLOSED"))
        self.cash_drawer()
        self.methods()
        self.sales()
        self.tips()
        self.count()
        self.denominations()
        if self.earnings:
            doc.heading(_("Staff earnings"))
            earnings_table(doc, self.earnings, fmt)
        return doc.build()

    def cash_drawer(self) -> None:
        doc, r, fmt = self.doc, self.r, self.fmt
        doc.heading(_("Cash drawer"))
        doc.pair(_("Opening float"), self.money(r.opening_float))
        if r.movements:
            if doc.paper.roll:
                for m in r.movements:
                    label = f"{fmt.digits(m.at.strftime('%H:%M'))} {m.reason}"
                    doc.pair(label, self.money(m.amount))
            else:
                cols = [Col(0.8), Col(3.2), Col(1.6), Col(1.5, END)]
                head = [_("Time"), _("Reason"), _("Staff"), _("Amount")]
                rows = [
                    [
                        fmt.digits(m.at.strftime("%H:%M")),
                        m.reason,
                        m.staff_name,
                        self.money(m.amount),
                    ]
                    for m in r.movements
                ]
                doc.table(cols, rows, head)
        cash_in = sum(m.amount for m in r.movements if m.amount > 0)
        cash_out = sum(m.amount for m in r.movements if m.amount < 0)
        doc.pair(_("Cash in"), self.money(cash_in))
        doc.pair(_("Cash out"), self.money(cash_out))

    def methods(self) -> None:
        doc = self.doc
        doc.heading(_("Payments by method"))
        if not self.r.by_method:
            doc.text(_("No payments."), color=MUTED)
        for method, amount in self.r.by_method:
            doc.pair(label_of(PAY_METHOD_LABELS, PayMethod, method), self.money(amount))
        total = sum(amount for _m, amount in self.r.by_method)
        doc.pair(_("Total"), self.money(total), bold=True)

    def sales(self) -> None:
        doc, r, fmt = self.doc, self.r, self.fmt
        doc.heading(_("Sales"))
        doc.pair(
            _("Sales ({count})").format(count=fmt.integer(r.sales_count)), self.money(r.sales_total)
        )
        doc.pair(
            _("Discounts given"), self.money(-abs(r.discounts)) if r.discounts else self.money(0)
        )
        doc.pair(
            _("Voids ({count})").format(count=fmt.integer(r.voids_count)), self.money(r.voids_total)
        )
        doc.pair(
            _("Refunds ({count})").format(count=fmt.integer(r.refunds_count)),
            self.money(r.refunds_total),
        )
        doc.pair(
            _("After corrections"),
            self.money(r.sales_total + r.voids_total + r.refunds_total),
            bold=True,
        )

    def tips(self) -> None:
        doc, r = self.doc, self.r
        if not r.tips_by_staff:
            return
        doc.heading(_("Tips"))
        for name, amount in r.tips_by_staff:
            doc.pair(name, self.money(amount))
        doc.pair(_("Total"), self.money(sum(a for _n, a in r.tips_by_staff)), bold=True)

    def sessions(self) -> None:
        """The day's sessions, each with its count."""
        doc, r = self.doc, self.r
        for v in r.sessions:
            doc.pair(self.span(v), "", bold=True)
            doc.pair(_("Opening float"), self.money(v.opening_float))
            doc.pair(_("Expected cash"), self.money(v.expected_cash))
            if v.counted_cash is None:
                doc.pair(_("Counted cash"), _("not counted"))
            else:
                doc.pair(_("Counted cash"), self.money(v.counted_cash))
                doc.pair(_("Difference"), self.money(v.difference or 0))
        doc.rule()

    def denominations(self) -> None:
        """The counts note by note (of the float and of the close) of each session
        counted so; nothing when every amount was typed."""
        r = self.r
        views = (r.session,) if r.session is not None else r.sessions
        counted = [v for v in views if v.opening_count or v.closing_count]
        if not counted:
            return
        doc = self.doc
        doc.heading(_("Notes and coins counted"))
        for v in counted:
            if len(views) > 1:
                doc.pair(self.span(v), "", bold=True)
            if v.opening_count:
                self.pieces(_("Opening float"), v.opening_count)
            if v.closing_count:
                self.pieces(_("Counted cash"), v.closing_count)
        doc.rule()

    def pieces(self, title: str, count: Sequence[tuple[int, int]]) -> None:
        doc, fmt = self.doc, self.fmt
        doc.pair(title, self.money(sum(v * q for v, q in count)), bold=True)
        for value, quantity in count:
            label = _("{quantity} × {piece}").format(
                quantity=fmt.integer(quantity), piece=self.money(value)
            )
            doc.pair(label, self.money(value * quantity))

    def count(self) -> None:
        doc, r, fmt = self.doc, self.r, self.fmt
        doc.heading(_("Cash count"))
        if r.session is None and len(r.sessions) > 1:
            self.sessions()
        doc.pair(_("Expected cash"), self.money(r.expected_cash), bold=True)
        if r.counted_cash is None:
            doc.pair(_("Counted cash"), _("not counted"))
        else:
            doc.pair(_("Counted cash"), self.money(r.counted_cash), bold=True)
            diff = r.difference or 0
            label = (
                _("Difference (over)")
                if diff > 0
                else _("Difference (short)")
                if diff < 0
                else _("Difference")
            )
            doc.pair(label, self.money(diff), bold=True, color=ACCENT if diff else MUTED)
        doc.rule()
        if r.closed:
            doc.field(_("Closed at"), fmt.datetime(r.closed_at))
            doc.field(_("Closed by"), r.closed_by)
        if r.note:
            doc.text(r.note, color=MUTED, before=self.size * 0.3)
