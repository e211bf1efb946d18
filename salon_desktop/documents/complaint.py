"""The client's acknowledgement of her complaint (A4 or 80 mm): its number, what
was recorded, and the date by which the salon answers, in the salon's language."""

from __future__ import annotations

from salon_desktop.documents import rtl
from salon_desktop.documents.base import ACCENT, START, language, new_doc
from salon_desktop.documents.parts import salon_block
from salon_desktop.domain.complaints import CATEGORY_LABELS, CHANNEL_LABELS, Channel
from salon_desktop.domain.views import ComplaintNotice, SalonHeader
from salon_desktop.i18n import _
from salon_desktop.i18n.formatting import Formatter


def complaint_number(number: int, fmt: Formatter) -> str:
    return rtl.ltr(fmt.digits(f"R-{number:05d}"))


def acknowledgement_pdf(notice: ComplaintNotice, header: SalonHeader, paper: str = "A4") -> bytes:
    with language(header.language):
        fmt = Formatter(header.language, header.currency)
        title = _("Your complaint")
        doc = new_doc(paper, header.language, title=title, author=header.name)
        size = doc.paper.size
        salon_block(doc, header, fmt)
        doc.rule(strong=True)
        doc.text(title, size * 1.7, bold=True, color=ACCENT, before=size * 0.3, after=size * 0.4)
        doc.field(_("Complaint no."), complaint_number(notice.number, fmt), bold=True)
        doc.field(_("Client"), notice.client_name, bold=True)
        doc.field(_("Received on"), fmt.datetime(notice.opened_at))
        try:
            channel = _(CHANNEL_LABELS[Channel(notice.channel)])
        except (KeyError, ValueError):
            channel = notice.channel
        doc.field(_("How"), channel)
        label = CATEGORY_LABELS.get(notice.category)
        doc.field(_("About"), _(label) if label else notice.category)
        if notice.visit:
            doc.field(_("Visit"), notice.visit)
        doc.space(size * 0.5)
        doc.text(_("What you told us"), bold=True, align=START)
        doc.text(notice.description, align=START, after=size * 0.4)
        if notice.wanted.strip():
            doc.text(_("What you asked for"), bold=True, align=START)
            doc.text(notice.wanted, align=START, after=size * 0.4)
        doc.rule()
        doc.text(
            _("We will answer you by {date}.").format(date=fmt.date(notice.answer_by)),
            size * 1.2,
            bold=True,
            color=ACCENT,
            align=START,
            before=size * 0.3,
        )
        doc.text(
            _("Thank you for telling us. Quote the number above when you contact us about it."),
            align=START,
            before=size * 0.3,
        )
        return doc.build()
