"""The consent and intake form (A4) the client reads, corrects and signs on paper:
her details as the salon has them (a line to correct each), health questions with
what is known filled in, each consent to tick, and lines for date and signature."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from salon_desktop.documents import fonts, rtl
from salon_desktop.documents.base import (
    ACCENT,
    INK,
    LEADING,
    MUTED,
    RULE,
    START,
    Block,
    Doc,
    language,
    new_doc,
)
from salon_desktop.documents.client_file import client_line, label_of, phone_lines
from salon_desktop.documents.parts import salon_block
from salon_desktop.domain.client import GENDER_LABELS, ConsentKind, Gender
from salon_desktop.domain.printouts import ClientFileView
from salon_desktop.domain.views import SalonHeader
from salon_desktop.i18n import N_, _
from salon_desktop.i18n.formatting import Formatter

CONSENT_STATEMENTS = {
    ConsentKind.DATA_PROCESSING: N_(
        "I agree that the salon keeps my details and the history of my visits in order "
        "to serve me. I may see, correct or withdraw them at any time."
    ),
    ConsentKind.HEALTH_DATA: N_(
        "I agree that the salon records what it needs to know about my health "
        "(allergies, skin and scalp conditions) for safe treatment."
    ),
    ConsentKind.MARKETING_SMS: N_("I would like to receive reminders and offers by SMS."),
    ConsentKind.MARKETING_EMAIL: N_("I would like to receive reminders and offers by e-mail."),
}
QUESTIONS = (
    N_("Allergies and contraindications (products, dyes, latex, medicines)"),
    N_("Skin or scalp conditions, recent treatments"),
    N_("Medicines you take, pregnancy, anything else we should know"),
)
BOX = 3.4 * mm


def _cells(doc: Doc, cells: list[tuple[str, str]], lines: int = 1) -> None:
    """Fields side by side, each a small label above the value printed (if any) and
    ruled lines to write a correction on."""
    size = doc.paper.size
    gap = 6 * mm
    cell_w = (doc.width - gap * (len(cells) - 1)) / len(cells)
    small = size * 0.85
    laid = [
        (
            doc.lines(label, small, False, cell_w),
            doc.lines(value, size, True, cell_w) if value else [],
        )
        for label, value in cells
    ]
    lead, small_lead = size * LEADING, small * LEADING
    written = lead * 1.2  # room for handwriting
    tallest = max(len(a) * small_lead + max(len(b), 1) * lead for a, b in laid)
    height = tallest + written * (lines - 1) + size * 0.9

    def draw(c: Canvas, top: float) -> None:
        for k, (label_lines, value_lines) in enumerate(laid):
            offset = k * (cell_w + gap)
            x0 = doc.left + (doc.width - offset - cell_w if doc.rtl else offset)
            x, how = doc._x(x0, cell_w, START)
            y = top - small * 1.06
            c.setFillColor(MUTED)
            c.setFont(fonts.font(), small)
            for line in label_lines:
                doc._draw_line(c, line, x, y, how)
                y -= small_lead
            y -= size * 1.06 - small * 1.06
            c.setFillColor(INK)
            c.setFont(fonts.font(True), size)
            for line in value_lines:
                doc._draw_line(c, line, x, y, how)
                y -= lead
            c.saveState()
            c.setStrokeColor(RULE)
            c.setLineWidth(0.5)
            base = top - tallest + size * 0.15
            for n in range(lines):
                c.line(x0, base - written * n, x0 + cell_w, base - written * n)
            c.restoreState()

    doc.add(Block(height, draw))


def _checkbox(c: Canvas, x: float, y: float, ticked: bool) -> None:
    c.saveState()
    c.setStrokeColor(INK)
    c.setLineWidth(0.8)
    c.rect(x, y, BOX, BOX, stroke=1, fill=0)
    if ticked:
        c.setLineWidth(1.2)
        c.line(x + BOX * 0.18, y + BOX * 0.5, x + BOX * 0.42, y + BOX * 0.2)
        c.line(x + BOX * 0.42, y + BOX * 0.2, x + BOX * 0.85, y + BOX * 0.85)
    c.restoreState()


def _consent(doc: Doc, statement: str, given_on: str | None, fmt: Formatter) -> None:
    """A consent statement with "Yes" and "No" boxes at its start; "Yes" ticked when the
    salon already has it (with the date it was given)."""
    size = doc.paper.size
    boxes_w = 30 * mm
    text_w = doc.width - boxes_w
    lines = doc.lines(statement, size, False, text_w)
    said = len(lines)
    if given_on is not None:
        lines += doc.lines(
            _("Already given on {date}.").format(date=given_on)
            if given_on
            else _("Already given."),
            size,
            False,
            text_w,
        )
    lead = size * LEADING
    height = len(lines) * lead + size * 0.6
    yes, no = _("Yes"), _("No")

    def draw(c: Canvas, top: float) -> None:
        c.setFont(fonts.font(), size)
        c.setFillColor(INK)
        y_box = top - size * 1.06 - BOX * 0.15
        # the boxes on the start side: [ ] Yes  [ ] No
        for k, (word, ticked) in enumerate(((yes, given_on is not None), (no, False))):
            offset = k * boxes_w / 2
            if doc.rtl:
                bx = doc.left + doc.width - offset - BOX
                _checkbox(c, bx, y_box, ticked)
                c.drawRightString(bx - 1.2 * mm, top - size * 1.06, rtl.visual(word, True))
            else:
                bx = doc.left + offset
                _checkbox(c, bx, y_box, ticked)
                c.drawString(bx + BOX + 1.2 * mm, top - size * 1.06, word)
        x0 = doc.left + (0 if doc.rtl else boxes_w)
        x, how = doc._x(x0, text_w, START)
        for i, line in enumerate(lines):
            c.setFillColor(INK if i < said else MUTED)
            doc._draw_line(c, line, x, top - size * 1.06 - lead * i, how)

    doc.add(Block(height, draw))


def _signature(doc: Doc) -> None:
    size = doc.paper.size
    half = doc.width / 2 - 6 * mm
    labels = (_("Date"), _("Client's signature"))

    def draw(c: Canvas, top: float) -> None:
        y = top - 9 * mm
        c.saveState()
        c.setStrokeColor(INK)
        c.setLineWidth(0.6)
        c.setFillColor(MUTED)
        c.setFont(fonts.font(), size * 0.9)
        for k, label in enumerate(labels):
            offset = k * (half + 12 * mm)
            x0 = doc.left + (doc.width - offset - half if doc.rtl else offset)
            c.line(x0, y, x0 + half, y)
            x, how = doc._x(x0, half, START)
            doc._draw_line(c, rtl.visual(label, doc.rtl), x, y - size * 1.3, how)
        c.restoreState()

    doc.add(Block(9 * mm + size * 1.6, draw))


def _logo_at_end(doc: Doc, path: str) -> None:
    """The logo in the top corner on the end side, beside the salon's name (it takes
    no lines of its own)."""
    from reportlab.lib.utils import ImageReader

    if not path or not Path(path).is_file():
        return
    try:
        reader = ImageReader(path)
        iw, ih = reader.getSize()
    except Exception:  # noqa: BLE001 - a broken logo must not stop the form
        return
    scale = min(45 * mm / iw, 14 * mm / ih)
    w, h = iw * scale, ih * scale

    def draw(c: Canvas, top: float) -> None:
        x = doc.left if doc.rtl else doc.left + doc.width - w
        c.drawImage(reader, x, top - h, w, h, mask="auto")

    doc.add(Block(0, draw))


def intake_pdf(
    view: ClientFileView, header: SalonHeader, printed_on: dt.date | None = None
) -> bytes:
    with language(header.language):
        fmt = Formatter(header.language, header.currency)
        title = _("Client details and consent")
        doc = new_doc("A4", header.language, title=f"{title}: {view.name}", author=header.name)
        size = doc.paper.size
        # A small letterhead: the whole form fits one sheet, logo or not.
        _logo_at_end(doc, header.logo_path)
        salon_block(doc, dataclasses.replace(header, logo_path="", tax_id=""), fmt)
        doc.rule(strong=True)
        doc.text(title, size * 1.7, bold=True, color=ACCENT, before=size * 0.3, after=size * 0.2)
        doc.text(client_line(view, fmt), size * 1.2, bold=True)
        doc.text(
            _("Printed on {date}").format(date=fmt.date(printed_on or dt.date.today())),
            size * 0.85,
            color=MUTED,
        )
        doc.text(
            _(
                "Please check your details and write any correction or anything missing on "
                "its line. Tell us about your health so that we can treat you safely. Then "
                "tick Yes or No for each consent and sign below."
            ),
            color=MUTED,
            before=size * 0.3,
        )

        doc.heading(_("Your details"))
        _cells(doc, [(_("First name"), view.first_name), (_("Last name"), view.last_name)])
        _cells(
            doc,
            [
                (_("Phone"), phone_lines(view, fmt)),
                (_("E-mail"), rtl.ltr(view.email) if view.email else ""),
            ],
        )
        _cells(
            doc,
            [
                (_("Date of birth"), fmt.date(view.birth_date)),
                (_("Gender"), label_of(GENDER_LABELS, Gender, view.gender)),
            ],
        )
        _cells(doc, [(_("Address"), view.address)])

        doc.heading(_("Your health"))
        known = (view.allergies.strip(), view.skin_notes.strip(), "")
        for question, value in zip(QUESTIONS, known, strict=True):
            _cells(doc, [(_(question), value)], lines=2)

        doc.heading(_("Your consent"))
        given = dict(view.consents)
        for kind, statement in CONSENT_STATEMENTS.items():
            on = given.get(kind.value, None) if kind.value in given else None
            shown = None if kind.value not in given else (fmt.date(on) if on else "")
            _consent(doc, _(statement), shown, fmt)
        doc.text(
            _("You may withdraw any consent at any time by telling us."),
            size * 0.9,
            color=MUTED,
            before=size * 0.2,
        )
        _signature(doc)
        return doc.build()
