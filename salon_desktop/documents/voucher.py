"""A gift voucher to hand to the client: one A6 landscape card."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A6, landscape
from reportlab.lib.units import mm

from salon_desktop.documents import fonts, rtl
from salon_desktop.documents.base import (
    ACCENT,
    INK,
    MUTED,
    SHADE,
    canvas,
    draw_string,
    language,
)
from salon_desktop.domain.views import SalonHeader, VoucherView
from salon_desktop.i18n import _, is_rtl
from salon_desktop.i18n.formatting import Formatter

PAGE = landscape(A6)  # 148 × 105 mm


def _fit(text: str, bold: bool, size: float, width: float) -> float:
    """The largest size up to ``size`` at which ``text`` fits ``width``."""
    w = rtl.width(text, fonts.font(bold), size)
    return size if w <= width else max(6.0, size * width / w)


def voucher_pdf(v: VoucherView, header: SalonHeader) -> bytes:
    with language(header.language):
        fmt = Formatter(header.language, v.currency or header.currency)
        right_to_left = is_rtl(header.language)
        buf = io.BytesIO()
        c = canvas(buf, PAGE)
        c.setTitle(_("Gift voucher") + " " + v.code)
        c.setAuthor(header.name)
        c.setCreator("Salon Desktop")
        w, h = PAGE
        cx = w / 2

        def centred(text: str, y: float, size: float, bold: bool = False, color=INK) -> float:
            line = rtl.visual(text, right_to_left)
            size = _fit(line, bold, size, w - 24 * mm)
            c.setFillColor(color)
            draw_string(c, line, cx, y, "center", fonts.font(bold), size)
            return rtl.width(line, fonts.font(bold), size)

        # frame: a strong outer line, a fine inner one
        c.setStrokeColor(ACCENT)
        c.setLineWidth(1.6)
        c.roundRect(5 * mm, 5 * mm, w - 10 * mm, h - 10 * mm, 4 * mm, stroke=1, fill=0)
        c.setLineWidth(0.4)
        c.roundRect(7 * mm, 7 * mm, w - 14 * mm, h - 14 * mm, 3 * mm, stroke=1, fill=0)

        centred(header.name, h - 17 * mm, 13, bold=True, color=ACCENT)
        title_width = centred(_("Gift voucher"), h - 31 * mm, 24, bold=True)
        c.setStrokeColor(ACCENT)
        c.setLineWidth(0.8)
        for sign in (-1, 1):  # short lines either side of the title
            x = cx + sign * (title_width / 2 + 4 * mm)
            c.line(x, h - 28.5 * mm, x + sign * 14 * mm, h - 28.5 * mm)
        centred(fmt.amount(v.initial_value), h - 47 * mm, 30, bold=True, color=ACCENT)
        y = h - 56 * mm
        if v.client_name:
            centred(_("for {name}").format(name=v.client_name), y, 12)
        if v.balance != v.initial_value:
            centred(
                _("Balance: {amount}").format(amount=fmt.amount(v.balance)),
                y - 5.5 * mm,
                9,
                color=MUTED,
            )

        # the code, in a shaded box, always left to right
        box_w, box_h = 78 * mm, 15 * mm
        box_y = 19 * mm
        c.setFillColor(SHADE)
        c.setStrokeColor(ACCENT)
        c.setLineWidth(0.6)
        c.roundRect(cx - box_w / 2, box_y, box_w, box_h, 2 * mm, stroke=1, fill=1)
        centred(_("Code"), box_y + box_h - 4.2 * mm, 7.5, color=MUTED)
        c.setFillColor(INK)
        size = _fit(v.code, True, 17, box_w - 6 * mm)
        c.setFont(fonts.font(True), size)
        c.drawCentredString(cx, box_y + 3.2 * mm, rtl.strip_controls(v.code))

        # bottom line: expiry at the start, the salon's contact at the end
        if v.expires_on:
            expiry = _("Valid until {date}").format(date=fmt.date(v.expires_on, "long"))
        else:
            expiry = _("No expiry date")
        contact = " · ".join(
            x for x in (header.phone and rtl.ltr(fmt.digits(header.phone)), header.address) if x
        )
        left_text, right_text = (contact, expiry) if right_to_left else (expiry, contact)
        c.setFillColor(MUTED)
        c.setFont(fonts.font(True), 8)
        bold_left = not right_to_left
        for text, x, at_left, bold in (
            (left_text, 11 * mm, True, bold_left),
            (right_text, w - 11 * mm, False, not bold_left),
        ):
            line = rtl.visual(text, right_to_left)
            size = _fit(line, bold, 8, w / 2 - 14 * mm)
            draw_string(c, line, x, 11 * mm, "left" if at_left else "right", fonts.font(bold), size)
        c.showPage()
        c.save()
        return buf.getvalue()
