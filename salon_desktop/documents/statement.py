"""A client's account statement on A4: opening balance, entries, closing balance."""

from __future__ import annotations

from salon_desktop.documents import rtl
from salon_desktop.documents.base import (
    ACCENT,
    END,
    START,
    Col,
    language,
    new_doc,
)
from salon_desktop.documents.parts import salon_block
from salon_desktop.domain.views import AccountStatement, SalonHeader
from salon_desktop.i18n import _
from salon_desktop.i18n.formatting import Formatter


def balance_words(balance: int, fmt: Formatter) -> str:
    """What the closing balance means for the client."""
    if balance > 0:
        return _("The client has credit: {amount}").format(amount=fmt.amount(balance))
    if balance < 0:
        return _("The client owes: {amount}").format(amount=fmt.amount(-balance))
    return _("The account is settled.")


def period_text(stmt: AccountStatement, fmt: Formatter) -> str:
    if stmt.date_from and stmt.date_to:
        return _("{start} to {end}").format(
            start=fmt.date(stmt.date_from), end=fmt.date(stmt.date_to)
        )
    if stmt.date_from:
        return _("from {start}").format(start=fmt.date(stmt.date_from))
    if stmt.date_to:
        return _("until {end}").format(end=fmt.date(stmt.date_to))
    return _("all entries")


def statement_pdf(stmt: AccountStatement, header: SalonHeader, paper: str = "A4") -> bytes:
    with language(header.language):
        fmt = Formatter(header.language, stmt.currency or header.currency)
        doc = new_doc(paper, header.language, title=_("Account statement"), author=header.name)
        size = doc.paper.size
        salon_block(doc, header, fmt)
        doc.rule(strong=True)
        doc.text(
            _("Account statement"),
            size * 1.7,
            bold=True,
            color=ACCENT,
            before=size * 0.3,
            after=size * 0.4,
        )
        client = f"{stmt.client_name} " + _("(no. {number})").format(
            number=fmt.client_number(stmt.client_number)
        )
        doc.field(_("Client"), client, bold=True)
        doc.field(_("Period"), period_text(stmt, fmt))
        doc.space(size * 0.5)
        doc.pair(_("Opening balance"), fmt.amount(stmt.opening_balance), bold=True)
        doc.space(size * 0.5)
        cols = [Col(1.4), Col(1.4), Col(3.2), Col(1.5, END), Col(1.5, END)]
        head = [_("Date"), _("Receipt"), _("Description"), _("Amount"), _("Balance")]
        rows = [
            [
                fmt.datetime(e.at),
                rtl.ltr(fmt.digits(e.receipt_no)),
                e.description,
                fmt.amount(e.amount),
                fmt.amount(e.balance),
            ]
            for e in stmt.entries
        ]
        if rows:
            doc.table(cols, rows, head, size=size * (0.95 if not doc.paper.roll else 0.85))
        else:
            doc.text(_("No entries in this period."), align=START)
            doc.rule()
        doc.pair(
            _("Closing balance"), fmt.amount(stmt.closing_balance), bold=True, size=size * 1.25
        )
        doc.text(
            balance_words(stmt.closing_balance, fmt),
            size * 1.1,
            bold=True,
            align=END,
            color=ACCENT,
            before=size * 0.4,
        )
        return doc.build()
