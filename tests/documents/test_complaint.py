"""The client's acknowledgement of a complaint, read back from the PDF in each
language and on both papers."""

from __future__ import annotations

import datetime as dt

import pytest

from salon_desktop.documents import rtl
from salon_desktop.documents.base import language
from salon_desktop.documents.complaint import acknowledgement_pdf
from salon_desktop.domain.views import ComplaintNotice
from salon_desktop.i18n import _
from salon_desktop.i18n.formatting import Formatter
from tests.documents import samples
from tests.documents.pdftext import drawn_text, page_sizes_mm, plain

TEXTS = {
    "en": ("Colour came out orange", "Redo it this week"),
    "pl": ("Kolor wyszedł pomarańczowy", "Poprawka w tym tygodniu"),
    "fa": ("رنگ مو نارنجی شد", "اصلاح رنگ در همین هفته"),
}


def seen(lang: str, text: str) -> str:
    return plain(rtl.visual(text, lang == "fa"))


def tr(lang: str, message: str) -> str:
    with language(lang):
        return _(message)


@pytest.mark.parametrize("paper", ["A4", "80mm"])
@pytest.mark.parametrize("lang", samples.LANGS)
def test_acknowledgement_says_what_was_recorded_and_when_we_answer(lang, paper):
    description, wanted = TEXTS[lang]
    notice = ComplaintNotice(
        number=42,
        client_name=samples.NAMES[lang][1],
        opened_at=dt.datetime(2026, 11, 20, 10, 5),
        answer_by=dt.datetime(2026, 11, 23, 10, 5),
        category="service_result",
        channel="phone",
        description=description,
        wanted=wanted,
    )
    header = samples.header(lang)
    pdf = acknowledgement_pdf(notice, header, paper)
    text = drawn_text(pdf)
    with language(lang):
        fmt = Formatter(lang, header.currency)
        answer = _("We will answer you by {date}.").format(date=fmt.date(notice.answer_by))
    assert fmt.digits("R-00042") in text
    for part in (
        tr(lang, "Your complaint"),
        description,
        wanted,
        tr(lang, "Result of a service"),
        tr(lang, "Phone"),
        answer,
    ):
        assert seen(lang, part) in text, part
    if lang == "fa":
        assert not samples.ASCII_DIGITS.search(fmt.date(notice.answer_by))
    width = page_sizes_mm(pdf)[0][0]
    assert round(width) == (210 if paper == "A4" else 80)


def test_the_service_gives_the_notice_in_local_time(ctx):
    from salon_desktop.domain.client import ClientDraft
    from salon_desktop.domain.complaints import ComplaintDraft
    from salon_desktop.services.sales_read import local

    anna = ctx.clients.create(ClientDraft(first_name="Anna", last_name="Nowak"), None)
    cid = ctx.complaints.record(ComplaintDraft(anna, "Too hot", wanted="A sorry"), None)
    view = ctx.complaints.get(cid)
    notice = ctx.complaints.notice(cid)
    assert (notice.number, notice.client_name, notice.wanted) == (1, "Anna Nowak", "A sorry")
    assert notice.answer_by == local(view.resolve_by)
    assert acknowledgement_pdf(notice, ctx.header()).startswith(b"%PDF")
