"""Pieces several documents share: the salon's letterhead, a tax rate as a percentage."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm

from salon_desktop.documents import rtl
from salon_desktop.documents.base import ACCENT, CENTER, MUTED, START, Doc
from salon_desktop.i18n import _


def percent(fmt, rate_bp: int) -> str:
    """A tax rate in basis points as a percentage: 23 %, 8,5 %, ۹٪."""
    from decimal import Decimal

    number = fmt.number(Decimal(rate_bp) / 100)
    return f"{number}٪" if fmt.persian else f"{number}%"


def salon_block(doc: Doc, header, fmt) -> None:
    """Logo, name, address, phone and tax number at the top of a document."""
    align = CENTER if doc.paper.roll else START
    if header.logo_path and Path(header.logo_path).is_file():
        if doc.paper.roll:
            doc.image(header.logo_path, 40 * mm, 16 * mm, CENTER)
        else:
            doc.image(header.logo_path, 50 * mm, 22 * mm, START)
    size = doc.paper.size
    doc.text(header.name, size * 1.6, bold=True, align=align, color=ACCENT)
    doc.text(header.address, size, align=align, color=MUTED)
    if header.phone:
        phone = rtl.ltr(fmt.digits(header.phone))
        doc.text(_("Phone: {phone}").format(phone=phone), size, align=align, color=MUTED)
    if header.tax_id:
        doc.text(
            _("Tax ID: {tax_id}").format(tax_id=rtl.ltr(header.tax_id)),
            size,
            align=align,
            color=MUTED,
        )
