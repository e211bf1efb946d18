"""Client cards, credit-card size (ISO/IEC 7810 ID-1, 85.6 × 54 mm).

Each card: the salon's logo and name, the client's name and number, "client
since" (Jalali with Persian digits in Persian), a QR code and a Code 128
barcode of the card payload (``domain.card``: ``sdc000123``, what a scanner
types into the client search or the till). The QR code is one vector path of
its dark modules (segno makes the matrix; no image), the barcode ReportLab's
own bars; both keep their quiet zones. In Persian the card is mirrored: the QR
code on the left, the text from the right.

Layouts: ``card``, one card a page, for card printers; ``a4``, ten cards to a
sheet (two across, five down, edge to edge) with cut marks in the margins.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import segno
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from salon_desktop.documents import fonts, rtl
from salon_desktop.documents.base import ACCENT, INK, MUTED, RULE, canvas, draw_string, language
from salon_desktop.domain.printouts import CardView
from salon_desktop.domain.views import SalonHeader
from salon_desktop.i18n import _, is_rtl
from salon_desktop.i18n.formatting import Formatter

CARD_W, CARD_H = 85.6 * mm, 54 * mm
LAYOUTS = ("card", "a4")
A4_COLS, A4_ROWS = 2, 5
PAD = 4 * mm  # inside the card's edge
QR_SIZE = 21 * mm  # with its quiet zone (4 modules)
CUT = 5 * mm  # length of a cut mark
CUT_GAP = 1.5 * mm  # between the cards' edge and a mark

LOGO_FORM = "salonLogo"

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class _Style:
    """What is the same on every card of a batch, worked out once."""

    header: SalonHeader
    fmt: Formatter
    rtl: bool
    logo: Any  # an ImageReader, or None
    logo_size: tuple[float, float]
    salon_line: str
    salon_size: float


# segno's own choice of mask for card payloads is mask 3 more often than any other
# (42 % of them); fixing it skips scoring all eight, 3 ms a card (any mask is valid).
QR_MASK = 3


def _qr(payload: str):
    return segno.make(payload, error="m", micro=False, mask=QR_MASK)


def qr_matrix(payload: str) -> list[bytearray]:
    """The QR code's modules, row by row (1 = dark), without the quiet zone."""
    return [bytearray(row) for row in _qr(payload).matrix]


def _runs(row) -> list[tuple[int, int]]:
    """(start, length) of each run of dark modules in a row."""
    out, col, n = [], 0, len(row)
    while col < n:
        if row[col]:
            start = col
            while col < n and row[col]:
                col += 1
            out.append((start, col - start))
        else:
            col += 1
    return out


def draw_qr(c: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """The QR code of ``payload`` in the square (x, y, size) with a 4-module quiet
    zone inside it: ONE path, a rectangle per run of dark modules in a row, filled
    once. Drawn in module units (small integers), so 1,000 cards write quickly; each
    rectangle is a hair taller than its module, so no renderer shows a seam where
    rows meet (the non-zero rule keeps the overlaps dark)."""
    matrix = _qr(payload).matrix
    n = len(matrix)
    module = size / (n + 8)
    ops = [
        f"{start} {n - 1 - r} {length} 1.06 re"
        for r, row in enumerate(matrix)
        for start, length in _runs(row)
    ]
    c.saveState()
    c.setFillColorRGB(0, 0, 0)
    c.translate(x + 4 * module, y + 4 * module)
    c.scale(module, module)
    c.addLiteral("\n".join(ops) + "\nf")
    c.restoreState()


def draw_code128(c: Canvas, payload: str, x: float, y: float, width: float, height: float) -> float:
    """A Code 128 barcode of ``payload`` centred in ``width`` (quiet zones of ten
    modules included), bars at most 0.33 mm wide; one path of its bars. ReportLab
    encodes it (code sets, check character); returns the width of the bars."""
    code = Code128(payload, barWidth=1.0, barHeight=1.0, humanReadable=False, quiet=False)
    code.validate()
    code.encode()
    code.decompose()
    ops, left = [], 0
    for ch in code.decomposed:
        if ch.isupper():  # a bar, A = one module wide
            w = ord(ch) - ord("A") + 1
            ops.append(f"{left} 0 {w} 1 re")
            left += w
        else:  # a space
            left += ord(ch) - ord("a") + 1
    bar = min(0.33 * mm, width / (left + 20))
    drawn = left * bar
    c.saveState()
    c.setFillColorRGB(0, 0, 0)
    c.translate(x + (width - drawn) / 2, y)
    c.scale(bar, height)
    c.addLiteral("\n".join(ops) + "\nf")
    c.restoreState()
    return drawn


def _fit(text: str, bold: bool, size: float, width: float, smallest: float = 5.5) -> float:
    w = rtl.width(text, fonts.font(bold), size)
    return size if w <= width else max(smallest, size * width / w)


def _ellipsize(line: str, bold: bool, size: float, width: float) -> str:
    """A visual line cut to ``width`` (a very long name at the smallest size)."""
    font = fonts.font(bold)
    if rtl.width(line, font, size) <= width:
        return line
    while line and rtl.width(line + "…", font, size) > width:
        line = line[:-1]
    return line + "…"


def _style(header: SalonHeader) -> _Style:
    from reportlab.lib.utils import ImageReader

    right_to_left = is_rtl(header.language)
    logo, logo_size = None, (0.0, 0.0)
    if header.logo_path and Path(header.logo_path).is_file():
        try:
            logo = ImageReader(header.logo_path)
            iw, ih = logo.getSize()
            scale = min(22 * mm / iw, 10 * mm / ih)
            logo_size = (iw * scale, ih * scale)
        except Exception:  # noqa: BLE001 - a broken logo must not stop the cards
            logo = None
    room = CARD_W - 2 * PAD - (logo_size[0] + 2 * mm if logo else 0)
    line = rtl.visual(header.name, right_to_left)
    size = _fit(line, True, 10.5, room)
    return _Style(
        header,
        Formatter(header.language, header.currency),
        right_to_left,
        logo,
        logo_size,
        _ellipsize(line, True, size, room),
        size,
    )


def draw_card(c: Canvas, card: CardView, x: float, y: float, st: _Style) -> None:
    """One card with its lower left corner at (x, y)."""
    r2l = st.rtl
    left, right = x + PAD, x + CARD_W - PAD
    top = y + CARD_H - PAD

    def at_start(text: str, baseline: float, size: float, bold: bool, color, width: float):
        visual = rtl.visual(text, r2l)
        size = _fit(visual, bold, size, width)
        cut = _ellipsize(visual, bold, size, width)
        line: str = visual if cut == visual else cut  # whole, it keeps its /ActualText
        c.setFont(fonts.font(bold), size)
        c.setFillColor(color)
        if r2l:
            draw_string(c, line, right, baseline, "right", fonts.font(bold), size)
        else:
            draw_string(c, line, left, baseline, "left", fonts.font(bold), size)

    # -- the salon: logo at the start, its name beside it ---------------------------
    name_x_left, name_x_right = left, right
    head_h = max(st.logo_size[1], st.salon_size * 1.2)
    if st.logo is not None:
        w, h = st.logo_size
        lx = right - w if r2l else left
        c.saveState()
        c.translate(lx, top - h)
        c.doForm(LOGO_FORM)  # the image once in the file, drawn on every card
        c.restoreState()
        if r2l:
            name_x_right = lx - 2 * mm
        else:
            name_x_left = lx + w + 2 * mm
    c.setFont(fonts.font(True), st.salon_size)
    c.setFillColor(ACCENT)
    baseline = top - head_h / 2 - st.salon_size * 0.35
    if r2l:
        c.drawRightString(name_x_right, baseline, st.salon_line)
    else:
        c.drawString(name_x_left, baseline, st.salon_line)
    rule_y = top - head_h - 1.6 * mm
    c.setStrokeColor(ACCENT)
    c.setLineWidth(0.6)
    c.line(left, rule_y, right, rule_y)

    # -- the QR code at the end; the client at the start ---------------------------------
    qr_x = left - 1.2 * mm if r2l else right - QR_SIZE + 1.2 * mm  # its quiet zone may overhang
    draw_qr(c, card.payload, qr_x, rule_y - 1.2 * mm - QR_SIZE, QR_SIZE)
    text_w = CARD_W - 2 * PAD - QR_SIZE
    fmt = st.fmt
    at_start(card.name, rule_y - 6.2 * mm, 12.5, True, INK, text_w)
    number = _("Client no. {number}").format(number=rtl.ltr(fmt.client_number(card.number)))
    at_start(number, rule_y - 11 * mm, 8.5, False, INK, text_w)
    since = _("Client since {date}").format(date=rtl.ltr(fmt.date(card.since)))
    at_start(since, rule_y - 15.2 * mm, 7.5, False, MUTED, text_w)

    # -- the barcode along the bottom, under the client, its text beneath -----------------
    bar_h = 9 * mm
    bar_w = CARD_W - 2 * PAD - QR_SIZE + 2 * mm
    bar_x = right - bar_w if r2l else left - 2 * mm
    bar_y = y + PAD + 3 * mm
    draw_code128(c, card.payload, bar_x, bar_y, bar_w, bar_h)
    c.setFont(fonts.font(), 6)
    c.setFillColor(MUTED)
    c.drawCentredString(bar_x + bar_w / 2, bar_y - 2.4 * mm, card.payload)


def _cut_marks(c: Canvas, x0: float, y0: float, cols: int, rows: int) -> None:
    """Short lines in the margins, on every edge of the grid of cards."""
    c.saveState()
    c.setStrokeColor(RULE)
    c.setLineWidth(0.35)
    x1, y1 = x0 + cols * CARD_W, y0 + rows * CARD_H
    for i in range(cols + 1):
        x = x0 + i * CARD_W
        c.line(x, y1 + CUT_GAP, x, y1 + CUT_GAP + CUT)
        c.line(x, y0 - CUT_GAP, x, y0 - CUT_GAP - CUT)
    for j in range(rows + 1):
        y = y0 + j * CARD_H
        c.line(x0 - CUT_GAP, y, x0 - CUT_GAP - CUT, y)
        c.line(x1 + CUT_GAP, y, x1 + CUT_GAP + CUT, y)
    c.restoreState()


def cards_pdf(
    cards: Sequence[CardView],
    header: SalonHeader,
    layout: str = "card",
    progress: Progress | None = None,
) -> bytes:
    """The cards in the header's language: one a page (``card``) or ten to an A4
    sheet with cut marks (``a4``). ``progress(done, total)`` is called as pages fill."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown card layout {layout!r}; use one of {LAYOUTS}")
    with language(header.language):
        st = _style(header)
        buf = io.BytesIO()
        page = (CARD_W, CARD_H) if layout == "card" else A4
        c = canvas(buf, page)
        title = _("Client card") if len(cards) == 1 else _("Client cards")
        c.setTitle(f"{title}: {cards[0].name}" if len(cards) == 1 else title)
        c.setAuthor(header.name)
        c.setCreator("Salon Desktop")
        total = len(cards)
        if st.logo is not None:
            c.beginForm(LOGO_FORM)
            c.drawImage(st.logo, 0, 0, *st.logo_size, mask="auto")
            c.endForm()
        if layout == "card":
            for i, card in enumerate(cards, start=1):
                draw_card(c, card, 0, 0, st)
                c.showPage()
                if progress is not None and (i % 50 == 0 or i == total):
                    progress(i, total)
        else:
            per_page = A4_COLS * A4_ROWS
            x0 = (A4[0] - A4_COLS * CARD_W) / 2
            y0 = (A4[1] - A4_ROWS * CARD_H) / 2
            for start in range(0, total, per_page):
                batch = cards[start : start + per_page]
                for k, card in enumerate(batch):
                    row, col = divmod(k, A4_COLS)
                    if st.rtl:  # a Persian sheet fills from the right, as it is read
                        col = A4_COLS - 1 - col
                    draw_card(c, card, x0 + col * CARD_W, y0 + (A4_ROWS - 1 - row) * CARD_H, st)
                _cut_marks(c, x0, y0, A4_COLS, A4_ROWS)
                c.showPage()
                if progress is not None:
                    progress(min(start + per_page, total), total)
        if not total:
            c.showPage()
        c.save()
        return buf.getvalue()
