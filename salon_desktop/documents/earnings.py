"""Commission and tips per staff member for a period (A4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from salon_desktop.documents.base import ACCENT, END, Col, Doc, language, new_doc
from salon_desktop.documents.parts import salon_block
from salon_desktop.domain.views import SalonHeader, StaffEarnings
from salon_desktop.i18n import _
from salon_desktop.i18n.formatting import Formatter


def earnings_table(doc: Doc, rows: Sequence[StaffEarnings], fmt: Formatter) -> None:
    """Staff, services, products, commission, tips, with a total row."""
    head = [_("Staff"), _("Services"), _("Products"), _("Commission"), _("Tips")]
    if doc.paper.roll:  # too narrow for five columns: one small block per person
        for r in rows:
            doc.text(r.staff_name, bold=True, before=doc.paper.size * 0.3)
            for label, value in zip(
                head[1:], (r.services_net, r.products_net, r.commission, r.tips), strict=True
            ):
                doc.pair(label, fmt.amount(value), size=doc.paper.size * 0.9)
        doc.rule()
        return
    cols = [Col(2.4), Col(1.5, END), Col(1.5, END), Col(1.5, END), Col(1.3, END)]
    body = [
        [
            r.staff_name,
            fmt.amount(r.services_net),
            fmt.amount(r.products_net),
            fmt.amount(r.commission),
            fmt.amount(r.tips),
        ]
        for r in rows
    ]
    size = doc.paper.size
    doc.table(cols, body, head, size=size)
    if len(rows) > 1:
        doc.row(
            [
                _("Total"),
                *(
                    fmt.amount(sum(getattr(r, f) for r in rows))
                    for f in ("services_net", "products_net", "commission", "tips")
                ),
            ],
            cols,
            size,
            bold=True,
            shade=True,
        )


def earnings_pdf(
    rows: Sequence[StaffEarnings],
    date_from: dt.date,
    date_to: dt.date,
    header: SalonHeader,
    paper: str = "A4",
) -> bytes:
    with language(header.language):
        fmt = Formatter(header.language, header.currency)
        doc = new_doc(paper, header.language, title=_("Staff earnings"), author=header.name)
        size = doc.paper.size
        salon_block(doc, header, fmt)
        doc.rule(strong=True)
        doc.text(_("Staff earnings"), size * 1.7, bold=True, color=ACCENT, before=size * 0.3)
        doc.text(
            _("{start} to {end}").format(start=fmt.date(date_from), end=fmt.date(date_to)),
            after=size * 0.6,
        )
        if rows:
            earnings_table(doc, rows, fmt)
        else:
            doc.text(_("No sales in this period."))
        return doc.build()
