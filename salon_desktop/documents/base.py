"""A small top-to-bottom layout for documents, mirrored for right-to-left languages.

A :class:`Doc` is a list of blocks (lines of text, table rows, rules, images)
measured when they are added and drawn when the PDF is built. "Start" is the
left edge in English and Polish and the right edge in Persian; a table's first
column is on the start side. A roll (80 mm) is one page as long as its
content; A4 is cut into pages, repeating a table's header on each.
"""

from __future__ import annotations

import contextlib
import io
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.colors import Color, HexColor, black
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from salon_desktop.documents import fonts, rtl
from salon_desktop.documents.drawing import draw_page, draw_string
from salon_desktop.documents.rtl import Line
from salon_desktop.i18n import _, current_language, is_rtl, speaking

START, END, CENTER = "start", "end", "center"
LEADING = 1.45  # line height / font size (Vazirmatn is tall: ascent 1.03, descent 0.54)

INK = HexColor("#1f1f1f")
MUTED = HexColor("#5f5f5f")
ACCENT = HexColor("#7a2f52")
RULE = HexColor("#b8b8b8")
SHADE = HexColor("#f1ecef")


@dataclass(frozen=True)
class Paper:
    name: str
    width: float
    height: float | None  # None: a roll, as long as its content
    margin: float
    size: float  # body text size in points

    @property
    def roll(self) -> bool:
        return self.height is None


ROLL_80 = Paper("80mm", 80 * mm, None, 4 * mm, 8.0)
A4 = Paper("A4", 210 * mm, 297 * mm, 18 * mm, 9.5)
PAPERS = {"80mm": ROLL_80, "A4": A4}


def paper(name: str | Paper) -> Paper:
    if isinstance(name, Paper):
        return name
    try:
        return PAPERS[name]
    except KeyError:
        raise ValueError(f"unknown paper {name!r}; use one of {sorted(PAPERS)}") from None


def language(lang: str) -> contextlib.AbstractContextManager[None]:
    """Translate into ``lang`` within the block, on this thread only: a document
    renders in the client's language in a worker while the screens go on in theirs."""
    return speaking(lang)


def write(data: bytes, out: Path | str | BinaryIO) -> None:
    """Save PDF bytes to a path or a binary file object."""
    if isinstance(out, (str, Path)):
        Path(out).write_bytes(data)
    else:
        out.write(data)


@dataclass
class Block:
    height: float
    draw: Callable[[Canvas, float], None]  # (canvas, top y)
    header: Block | None = None  # a table row: its header, repeated on a new page
    keep_with_next: bool = False


@dataclass(frozen=True)
class Col:
    weight: float = 1.0
    align: str = START


@dataclass
class Doc:
    paper: Paper
    rtl: bool = False
    title: str = ""
    author: str = ""
    blocks: list[Block] = field(default_factory=list)

    # -- geometry ----------------------------------------------------------
    @property
    def left(self) -> float:
        return self.paper.margin

    @property
    def width(self) -> float:
        return self.paper.width - 2 * self.paper.margin

    @property
    def mono(self) -> bool:
        """Thermal rolls print black only."""
        return self.paper.roll

    def color(self, c: Color) -> Color:
        return black if self.mono else c

    def _x(self, x0: float, w: float, align: str) -> tuple[float, str]:
        """Where to draw in the box [x0, x0 + w]: (x, 'left' | 'right' | 'center')."""
        if align == CENTER:
            return x0 + w / 2, "center"
        at_left = (align == START) != self.rtl
        return (x0, "left") if at_left else (x0 + w, "right")

    def _draw_line(
        self,
        c: Canvas,
        text: str,
        x: float,
        y: float,
        how: str,
        font: str | None = None,
        size: float | None = None,
    ) -> None:
        """One visual line; in the canvas's current font unless told."""
        draw_string(c, text, x, y, how, font or c._fontname, size or c._fontsize)

    def lines(
        self, text: str, size: float | None = None, bold: bool = False, width: float | None = None
    ) -> list[Line]:
        size = size or self.paper.size
        return rtl.wrap(text, fonts.font(bold), size, width or self.width, self.rtl)

    # -- blocks --------------------------------------------------------------
    def add(self, block: Block) -> None:
        self.blocks.append(block)

    def space(self, height: float) -> None:
        self.add(Block(height, lambda c, y: None))

    def text(
        self,
        text: str,
        size: float | None = None,
        bold: bool = False,
        align: str = START,
        color: Color = INK,
        before: float = 0.0,
        after: float = 0.0,
    ) -> None:
        if not text:
            return
        size = size or self.paper.size
        lines = self.lines(text, size, bold)
        lead = size * LEADING

        def draw(c: Canvas, top: float) -> None:
            c.setFont(fonts.font(bold), size)
            c.setFillColor(self.color(color))
            x, how = self._x(self.left, self.width, align)
            for i, line in enumerate(lines):
                y = top - before - lead * i - size * 1.06
                self._draw_line(c, line, x, y, how, fonts.font(bold), size)

        self.add(Block(before + lead * len(lines) + after, draw))

    def heading(
        self, text: str, size: float | None = None, align: str = START, color: Color = ACCENT
    ) -> None:
        self.text(
            text,
            size or self.paper.size * 1.25,
            bold=True,
            align=align,
            color=color,
            before=self.paper.size * 0.6,
            after=self.paper.size * 0.15,
        )
        self.blocks[-1].keep_with_next = True

    def rule(
        self,
        dashed: bool = False,
        strong: bool = False,
        space: float | None = None,
        totals: bool = False,
        span: tuple[float, float] | None = None,
    ) -> None:
        """A horizontal line; ``totals``: only under the totals (the end half of A4)."""
        gap = self.paper.size * 0.45 if space is None else space
        if totals and not self.paper.roll:
            span = self.totals_span
        x0, x1 = self._span_x(*(span or (0.0, self.width)))

        def draw(c: Canvas, top: float) -> None:
            c.saveState()
            c.setStrokeColor(self.color(INK if strong else RULE))
            c.setLineWidth(0.9 if strong else 0.5)
            if dashed:
                c.setDash(2, 2)
            c.line(x0, top - gap, x1, top - gap)
            c.restoreState()

        self.add(Block(2 * gap, draw))

    def row(
        self,
        cells: Sequence[str],
        cols: Sequence[Col],
        size: float | None = None,
        bold: bool | Sequence[bool] = False,
        color: Color = INK,
        shade: bool = False,
        header: Block | None = None,
        pad: float | None = None,
        span: tuple[float, float] | None = None,
    ) -> Block:
        """One table row; cells wrap within their column. ``span`` (offset from the
        start edge, width) narrows the row. Returns the block."""
        size = size or self.paper.size
        offset, full = span or (0.0, self.width)
        pad = size * 0.2 if pad is None else pad
        gap = size * 0.6  # between columns
        total = sum(col.weight for col in cols)
        widths = [full * col.weight / total for col in cols]
        bolds = [bold] * len(cols) if isinstance(bold, bool) else list(bold)
        wrapped = [
            self.lines(str(cell), size, b, max(w - gap, size)) if cell else []
            for cell, w, b in zip(cells, widths, bolds, strict=True)
        ]
        lead = size * LEADING
        height = lead * max(1, *(len(ls) for ls in wrapped)) + 2 * pad

        def draw(c: Canvas, top: float) -> None:
            if shade and not self.mono:
                c.setFillColor(SHADE)
                c.rect(self._span_x(offset, full)[0], top - height, full, height, stroke=0, fill=1)
            c.setFillColor(self.color(color))
            x0 = offset
            for lines, w, col, b in zip(wrapped, widths, cols, bolds, strict=True):
                box = self.left + (self.width - x0 - w if self.rtl else x0)
                inner = (box + gap / 2, w - gap)
                x, how = self._x(*inner, col.align)
                c.setFont(fonts.font(b), size)
                for i, line in enumerate(lines):
                    y = top - pad - lead * i - size * 1.06
                    self._draw_line(c, line, x, y, how, fonts.font(b), size)
                x0 += w

        block = Block(height, draw, header=header)
        self.add(block)
        return block

    def _span_x(self, offset: float, full: float) -> tuple[float, float]:
        """The page x range of a span given from the start edge."""
        x0 = self.left + (self.width - offset - full if self.rtl else offset)
        return x0, x0 + full

    def table(
        self,
        cols: Sequence[Col],
        rows: Sequence[Sequence[str]],
        header: Sequence[str] | None = None,
        size: float | None = None,
        lines_between: bool = True,
        span: tuple[float, float] | None = None,
    ) -> None:
        """A header (bold, repeated on each page) and rows with thin rules between them."""
        size = size or self.paper.size
        head = None
        if header:
            head = self.row(
                header, cols, size, bold=True, color=self.color(MUTED), shade=True, span=span
            )
            head.keep_with_next = True
        for i, cells in enumerate(rows):
            block = self.row(cells, cols, size, header=head, span=span)
            if lines_between and i < len(rows) - 1:
                self._underline(block, span)
        self.rule(space=size * 0.2, span=span)

    def _underline(self, block: Block, span: tuple[float, float] | None = None) -> None:
        inner, height = block.draw, block.height
        x0, x1 = self._span_x(*(span or (0.0, self.width)))

        def draw(c: Canvas, top: float) -> None:
            inner(c, top)
            c.saveState()
            c.setStrokeColor(self.color(RULE))
            c.setLineWidth(0.3)
            if self.mono:
                c.setDash(1, 2)
            c.line(x0, top - height, x1, top - height)
            c.restoreState()

        block.draw = draw

    def pair(
        self,
        label: str,
        value: str,
        bold: bool = False,
        size: float | None = None,
        color: Color = INK,
    ) -> None:
        """A label and its value at the end (totals): across a roll, in the end half of A4.
        The value keeps to one line."""
        size = size or self.paper.size
        full = self.width if self.paper.roll else self.width * 0.5
        need = rtl.width(rtl.visual(value, self.rtl), fonts.font(bold), size) + size * 1.2
        value_width = min(max(need, full * 0.3), full * 0.7)
        self.row(
            [label, value],
            [Col(full - value_width), Col(value_width, END)],
            size,
            bold,
            color,
            pad=0,
            span=(self.width - full, full),
        )

    @property
    def totals_span(self) -> tuple[float, float] | None:
        """Where totals go: the whole roll, the end half of A4."""
        return None if self.paper.roll else (self.width / 2, self.width / 2)

    def subtotal_heading(self, text: str) -> None:
        """A heading over pairs (tips, payments): above them, wherever they are."""
        self.space(self.paper.size * 0.5)
        self.pair(text, "", bold=True, color=ACCENT)
        self.blocks[-1].keep_with_next = True

    def field(self, label: str, value: str, bold: bool = False) -> None:
        """A detail (number, date, client): a pair on a roll; label and value side by side on A4."""
        if not value:
            return
        if self.paper.roll:
            self.pair(label, value, bold)
        else:
            self.row(
                [label, value],
                [Col(1), Col(3)],
                bold=[False, bold],
                pad=0,
                color=INK,
                span=(0, self.width * 0.75),
            )

    def image(self, path: str, max_width: float, max_height: float, align: str = START) -> bool:
        """A logo; False (and nothing added) if the file cannot be read."""
        from reportlab.lib.utils import ImageReader

        try:
            reader = ImageReader(path)
            iw, ih = reader.getSize()
        except Exception:  # noqa: BLE001 - a broken logo must not stop a receipt
            return False
        scale = min(max_width / iw, max_height / ih)
        w, h = iw * scale, ih * scale

        def draw(c: Canvas, top: float) -> None:
            x, how = self._x(self.left, self.width, align)
            x = {"left": x, "right": x - w, "center": x - w / 2}[how]
            c.drawImage(reader, x, top - h, w, h, mask="auto")

        self.add(Block(h + self.paper.size * 0.4, draw))
        return True

    def stamp(self, text: str, size: float | None = None) -> None:
        """A boxed word across the page: REPRINT, NOT CLOSED."""
        size = size or self.paper.size * 1.5
        line = rtl.visual(text, self.rtl)
        pad = size * 0.35

        def draw(c: Canvas, top: float) -> None:
            c.saveState()
            w = rtl.width(line, fonts.font(True), size) + 4 * pad
            x = self.left + (self.width - w) / 2
            c.setStrokeColor(black if self.mono else ACCENT)
            c.setLineWidth(1.2)
            c.rect(x, top - size * LEADING - 2 * pad + pad, w, size * LEADING, stroke=1, fill=0)
            c.setFillColor(black if self.mono else ACCENT)
            x, y = self.left + self.width / 2, top - pad - size * 1.1
            draw_string(c, line, x, y, "center", fonts.font(True), size)
            c.restoreState()

        self.add(Block(size * LEADING + 2 * pad, draw))

    # -- output --------------------------------------------------------------
    def _pages(self) -> list[list[Block]]:
        if self.paper.height is None:  # a roll: one long page
            return [self.blocks]
        room = self.paper.height - 2 * self.paper.margin - 6 * mm  # page numbers below
        pages: list[list[Block]] = [[]]
        used = 0.0
        for i, block in enumerate(self.blocks):
            need = block.height
            if block.keep_with_next and i + 1 < len(self.blocks):
                need += self.blocks[i + 1].height
            if pages[-1] and used + need > room:
                pages.append([])
                used = 0.0
                if block.header is not None and block.header is not block:
                    pages[-1].append(block.header)
                    used += block.header.height
            pages[-1].append(block)
            used += block.height
        return pages

    def build(self) -> bytes:
        pages = self._pages()
        height = self.paper.height
        if height is None:  # a roll, as long as its content
            height = sum(b.height for b in self.blocks) + 2 * self.paper.margin
        buf = io.BytesIO()
        c = canvas(buf, (self.paper.width, height))
        c.setTitle(self.title)
        c.setAuthor(self.author)
        c.setCreator("Salon Desktop")
        for number, blocks in enumerate(pages, start=1):
            draw_page(c, blocks, height - self.paper.margin, self.rtl)
            if len(pages) > 1:
                self._page_number(c, number, len(pages))
            c.showPage()
        c.save()
        return buf.getvalue()

    def _page_number(self, c: Canvas, number: int, count: int) -> None:
        from salon_desktop.i18n.formatting import Formatter

        fmt = Formatter(current_language())
        text = _("Page {page} of {pages}").format(
            page=fmt.integer(number), pages=fmt.integer(count)
        )
        c.setFillColor(self.color(MUTED))
        x, y = self.paper.width / 2, self.paper.margin * 0.6
        draw_string(
            c, rtl.visual(text, self.rtl), x, y, "center", fonts.font(), self.paper.size * 0.8
        )


# ReportLab subsets an embedded font when a canvas is saved, on state the font shares
# between documents: two documents saved at once on two threads (a receipt preview
# beside the monthly report) broke each other's subsets (KeyError in makeSubset).
_SAVING = threading.Lock()


class _Canvas(Canvas):
    def save(self) -> None:
        with _SAVING:
            super().save()


def canvas(buf: BinaryIO, pagesize: tuple[float, float]) -> Canvas:
    """A canvas whose every font is embedded (not even Helvetica is referenced),
    with reproducible output; safe to save from any thread."""
    return _Canvas(
        buf,
        pagesize=pagesize,
        invariant=True,
        pageCompression=1,
        initialFontName=fonts.font(),
        initialFontSize=10,
    )


def new_doc(paper_name: str | Paper, lang: str, title: str = "", author: str = "") -> Doc:
    return Doc(paper(paper_name), is_rtl(lang), title=title, author=author)
