"""Letters to clients on A4, one a page, merged into one PDF for a whole list.

Each letter: the salon's letterhead, the date (Jalali, Persian digits in Persian),
the client's name and address, the subject, the body as written (a blank line
starts a new paragraph). Persian letters are right to left, on the fonts and
shaping the other documents use (``documents/base.py``, ``documents/rtl.py``). A
letter longer than a page goes on to another page of its own; the page numbers
count the pages of each letter, not of the whole file.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from salon_desktop.documents.base import (
    ACCENT,
    END,
    MUTED,
    START,
    Doc,
    canvas,
    draw_page,
    language,
    new_doc,
)
from salon_desktop.documents.parts import salon_block
from salon_desktop.domain.letters import Letter
from salon_desktop.domain.views import SalonHeader
from salon_desktop.i18n import _
from salon_desktop.i18n.formatting import Formatter


def _letter_doc(letter: Letter, header: SalonHeader, fmt: Formatter) -> Doc:
    doc = new_doc("A4", letter.language, title=letter.subject, author=header.name)
    size = doc.paper.size * 1.1
    salon_block(doc, header, fmt)
    doc.rule(strong=True)
    doc.text(fmt.date(letter.date, "long"), size, align=END, color=MUTED, before=size * 0.6)
    doc.text(letter.name, size, bold=True, align=START, before=size * 0.8)
    for line in letter.address.splitlines():
        doc.text(line, size, align=START)
    if letter.subject:
        doc.text(letter.subject, size * 1.35, bold=True, color=ACCENT, before=size * 2.0)
    doc.space(size)
    paragraphs = [p.strip() for p in letter.body.replace("\r\n", "\n").split("\n\n")]
    for paragraph in paragraphs:
        for line in paragraph.splitlines():
            doc.text(line.strip(), size, align=START)
        doc.space(size * 0.8)
    return doc


def letters_pdf(
    letters: Sequence[Letter],
    header: SalonHeader,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """One PDF of every letter, each starting on a new page (none: an empty page
    saying so)."""
    docs: list[Doc] = []
    for i, letter in enumerate(letters, start=1):
        with language(letter.language):
            fmt = Formatter(letter.language, header.currency)
            docs.append(_letter_doc(letter, header, fmt))
        if progress is not None:
            progress(i, len(letters))
    lang = letters[0].language if letters else header.language
    if not docs:
        with language(lang):
            empty = new_doc("A4", lang, title=_("Letters"), author=header.name)
            empty.text(_("There are no letters to print."))
            docs.append(empty)
    buf = io.BytesIO()
    first = docs[0]
    height = first.paper.height or 0.0
    c = canvas(buf, (first.paper.width, height))
    c.setTitle(first.title if len(docs) == 1 else _title(lang, len(docs)))
    c.setAuthor(header.name)
    c.setCreator("Salon Desktop")
    for doc, letter_lang in zip(docs, [x.language for x in letters] or [lang], strict=False):
        pages = doc._pages()
        with language(letter_lang):
            for number, blocks in enumerate(pages, start=1):
                draw_page(c, blocks, height - doc.paper.margin, doc.rtl)
                if len(pages) > 1:
                    doc._page_number(c, number, len(pages))
                c.showPage()
    c.save()
    return buf.getvalue()


def _title(lang: str, n: int) -> str:
    from salon_desktop.i18n import ngettext

    with language(lang):
        return ngettext("{n} letter", "{n} letters", n).format(n=Formatter(lang).integer(n))
