"""Drawing one line of text on a PDF canvas (each character in a font that has it,
what an extractor would misread marked with its text) and one page of blocks.

Split from ``documents.base`` (which re-exports these)."""

from __future__ import annotations

import contextvars
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from salon_desktop.documents import fonts, rtl

if TYPE_CHECKING:
    from salon_desktop.documents.base import Block

__all__ = ["actual_text", "draw_page", "draw_string"]


def actual_text(logical: str) -> str:
    """The PDF operator opening a span whose text reads ``logical`` (UTF-16BE)."""
    return f"/Span <</ActualText <FEFF{logical.encode('utf-16-be').hex().upper()}>>> BDC"


# While a page is drawn: None (not known), a list (counting its letters: nothing is
# drawn) or whether an extractor reads it left to right (see ``draw_page``).
_PAGE: contextvars.ContextVar[list[int] | bool | None] = contextvars.ContextVar(
    "page", default=None
)


def draw_page(c: Canvas, blocks: Sequence[Block], top: float, doc_rtl: bool) -> None:
    """Draw a page's blocks from ``top`` down. In a left-to-right document, a line of
    only Persian is marked for the way an extractor will read the page (poppler:
    the way most of its letters go), so the page's letters are counted first."""
    if not doc_rtl:
        tally = [0, 0]  # letter balance, lines that depend on it
        scratch = Canvas(io.BytesIO())
        token = _PAGE.set(tally)
        try:
            y = top
            for block in blocks:
                block.draw(scratch, y)
                y -= block.height
        finally:
            _PAGE.reset(token)
        mode: bool | None = tally[0] >= 0 if tally[1] else None
    else:
        mode = None
    token = _PAGE.set(mode)
    try:
        for block in blocks:
            block.draw(c, top)
            top -= block.height
    finally:
        _PAGE.reset(token)


def draw_string(c: Canvas, text: str, x: float, y: float, how: str, font: str, size: float) -> None:
    """Draw one visual line at ``x`` ('left', 'right' or 'center' of it), each
    character in a font that has it (see :func:`fonts.runs`), the glyphs a text
    extractor would misread marked with what they stand for (``/ActualText``, see
    :func:`rtl.visual_runs`)."""
    page = _PAGE.get()
    if isinstance(page, list):  # counting the page's letters
        page[0] += rtl.letter_balance(text)
        if isinstance(text, rtl.Line) and text.ltr_runs is not None:
            page[1] += 1
        return
    runs = text.runs if isinstance(text, rtl.Line) else ((text, ""),)
    if isinstance(text, rtl.Line) and text.ltr_runs is not None and page is not False:
        runs = text.ltr_runs
    pieces = [(fonts.runs(drawn, font), actual) for drawn, actual in runs]
    w = sum(stringWidth(t, name, size) for part, _a in pieces for name, t in part)
    at = x if how == "left" else x - w if how == "right" else x - w / 2
    if len(pieces) == 1 and not pieces[0][1] and len(pieces[0][0]) == 1:
        only, drawn = pieces[0][0][0]
        c.setFont(only, size)
        c.drawString(at, y, drawn)  # the common case: one font, read as drawn
        c.setFont(font, size)
        return
    t = c.beginText(at, y)
    current = ""
    for glyph_runs, actual in pieces:
        if actual:
            t._code.append(actual_text(actual))
        for name, chunk in glyph_runs:
            if name != current:
                t.setFont(name, size)
                current = name
            t.textOut(chunk)
        if actual:
            t._code.append("EMC")
    c.drawText(t)
    c.setFont(font, size)
