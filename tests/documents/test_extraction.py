"""What a Persian PDF gives back when its text is copied or extracted (pdftotext,
as a PDF viewer's copy does): the text as it was typed, in logical order, ZWNJ
kept, brackets the right way round; and characters Vazirmatn lacks (emoji, ③)
printed from a fallback font instead of vanishing."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salon_desktop.documents import fonts, rtl
from salon_desktop.documents.base import canvas, draw_string
from salon_desktop.documents.complaint import acknowledgement_pdf
from salon_desktop.documents.receipt import receipt_pdf
from salon_desktop.domain.views import ComplaintNotice
from tests.documents import samples
from tests.documents.pdftext import drawn_text
from tests.documents.pdftext import fonts as pdf_fonts

# Bidi controls pdftotext puts around the runs it reorders itself.
_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")

MIXED = "زهرا Karimi ۳ (ویژه)"  # Persian, Latin, a Persian digit, brackets
ZWNJ = "می\u200cخواهم رنگ [روشن‌تر] باشد"  # a ZWNJ inside a word, square brackets


def pdftotext(pdf: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext (poppler-utils, packaging/setup.sh) is missing")
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return out


def logical(text: str) -> str:
    """NFKC (joined letter forms back to letters), bidi controls out, one space."""
    text = _CONTROLS.sub("", unicodedata.normalize("NFKC", text))
    return re.sub(r"[ \t\xa0\u202f]+", " ", text)


def lines_of(text: str) -> set[str]:
    return {ln.strip() for ln in text.splitlines() if ln.strip()}


@pytest.mark.parametrize("paper", ["A4", "80mm"])
def test_a_persian_receipt_extracts_as_typed(paper, tmp_path):
    sale = samples.sale("fa", client_name=MIXED)
    text = logical(pdftotext(receipt_pdf(sale, samples.header("fa"), paper), tmp_path))
    assert logical(MIXED) in text
    for typed in ("سالن زیبایی رز", "تهران، ولیعصر", "کوتاهی مو (بلند)"):
        assert logical(typed) in text, typed
    # Amounts and numbers read as they print, Persian digits in order.
    assert logical("۲۰۲۶/۰۰۰۱۲۳") in text
    assert "(" + "ویژه" + ")" in text  # never ")ویژه("
    # What is on paper is unchanged: joined letters, in visual order.
    assert rtl.visual(MIXED, True) in drawn_text(receipt_pdf(sale, samples.header("fa"), paper))


def test_a_persian_complaint_acknowledgement_extracts_as_typed(tmp_path):
    notice = ComplaintNotice(
        number=42,
        client_name=MIXED,
        opened_at=dt.datetime(2026, 11, 20, 10, 5),
        answer_by=dt.datetime(2026, 11, 23, 10, 5),
        category="service_result",
        channel="phone",
        description="رنگ مو نارنجی شد و " + "Olaplex" + " ۲ بار زده شد",
        wanted=ZWNJ,
    )
    text = logical(pdftotext(acknowledgement_pdf(notice, samples.header("fa"), "A4"), tmp_path))
    assert logical(MIXED) in text
    assert logical(ZWNJ) in text  # the ZWNJ kept, the brackets as typed
    assert "\u200c" in text
    # A long description wraps: each line reads in order, and together they make
    # the sentence.
    assert logical("رنگ مو نارنجی شد و Olaplex ۲ بار زده شد") in " ".join(lines_of(text))


def test_an_english_receipt_is_not_marked(tmp_path):
    """Only reordered or shaped lines carry their logical text: English stays plain."""
    pdf = receipt_pdf(samples.sale("en"), samples.header("en"), "A4")
    assert b"ActualText" not in _uncompressed(pdf)
    assert "Jane O'Neill" in pdftotext(pdf, tmp_path)


def _uncompressed(pdf: bytes) -> bytes:
    import zlib

    out = pdf
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            out += zlib.decompress(m.group(1))
        except zlib.error:
            pass
    return out


EMOJI_NAME = "Anna 💇 Nowak ③"


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_characters_the_font_lacks_print_from_a_fallback(lang, tmp_path):
    if fonts.undrawable("💇③"):
        if os.environ.get("CI"):
            pytest.fail("fallback fonts missing: packaging/setup.sh installs them")
        pytest.skip("the fallback fonts (fonts-dejavu-core, fonts-symbola) are not installed")
    assert fonts.missing_glyphs("💇③")  # Vazirmatn has neither
    sale = samples.sale(lang, client_name=EMOJI_NAME)
    pdf = receipt_pdf(sale, samples.header(lang), "A4")
    drawn = drawn_text(pdf)
    assert "💇" in drawn and "③" in drawn
    used = {name for name, embedded in pdf_fonts(pdf) if embedded}
    assert any("Symbola" in n or "DejaVu" in n for n in used), used
    assert all(embedded for _name, embedded in pdf_fonts(pdf))
    text = pdftotext(pdf, tmp_path)
    assert "💇" in text and "③" in text
    if lang == "fa":
        assert _CONTROLS.sub("", EMOJI_NAME) in _CONTROLS.sub("", text)


def test_a_character_no_font_has_prints_visibly():
    """Nothing is silently dropped: an unknown character becomes U+FFFD; invisible
    format characters (an emoji's variation selector, ZWJ) are left out."""
    private = "\U000f0001"  # a private-use character: no font has it
    runs = fonts.runs(f"a{private}b❤\ufe0f", fonts.font())
    text = "".join(t for _f, t in runs)
    assert fonts.REPLACEMENT in text and "\ufe0f" not in text
    assert text.startswith("a") and "b" in text
    assert fonts.text_width(private, fonts.font(), 10) > 0


WORDS = st.sampled_from(
    [
        "زهرا",
        "کریمی",
        "می\u200cخواهم",
        "Karimi",
        "Anna",
        "۱۲۳",
        "12",
        "(ویژه)",
        "[VIP]",
        "رنگ،",
        "۱۴۰۵/۰۹/۰۲",
        "L'Oréal",
        "تومان",
        "«سلام»",
    ]
)


def _line_pdf(line: str, doc_rtl: bool) -> bytes:
    """One line on a page, with enough text in the document's language that an
    extractor reads the page in its direction, as it reads a whole receipt."""
    buf = io.BytesIO()
    c = canvas(buf, (1200, 200))
    draw_string(c, rtl.visual(line, doc_rtl), 10, 100, "left", fonts.font(), 12)
    filler = "سالن زیبایی رز، سالن زیبایی رز" if doc_rtl else "Rose Beauty salon, Warsaw"
    draw_string(c, rtl.visual(filler, doc_rtl), 10, 150, "left", fonts.font(), 12)
    c.showPage()
    c.save()
    return buf.getvalue()


@given(st.lists(WORDS, min_size=1, max_size=5))
@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_line_of_a_persian_document_extracts_as_typed(tmp_path, words):
    line = " ".join(words)
    got = {ln.strip() for ln in logical(pdftotext(_line_pdf(line, True), tmp_path)).splitlines()}
    assert logical(line) in got


@pytest.mark.parametrize(
    "line", ["Client: زهرا کریمی (VIP)", "زهرا کریمی, Anna Nowak", "Shampoo «سلام» for Anna"]
)
def test_persian_words_in_an_english_document_extract_as_typed(tmp_path, line):
    got = {ln.strip() for ln in logical(pdftotext(_line_pdf(line, False), tmp_path)).splitlines()}
    assert logical(line) in got


PERSIAN_LINES = ["زهرا کریمی ۳", "کریمی، زهرا", "تهران، خیابان ولیعصر ۱۲", "خانم زهرا کریمی."]


@pytest.mark.parametrize("persian_body", [False, True])
def test_a_line_of_only_persian_in_an_english_letter_extracts_as_typed(tmp_path, persian_body):
    """A Persian client's name and address, each on its own line of an English letter,
    read back in logical order: digits, commas and full stops included. pdftotext
    reads a page the way most of its letters go, so a letter whose body is Persian
    as well is read right to left, and its lines are marked for that reading."""
    from salon_desktop.documents.letter import letters_pdf
    from salon_desktop.domain.letters import Letter

    body = "Dear client,\n\nWe hope to see you again soon."
    if persian_body:
        body = "\n\n".join(["زهرا کریمی، سلام. امیدواریم به زودی شما را در سالن ببینیم."] * 8)
    letter = Letter(
        client_id=1,
        client_number=1042,
        name=PERSIAN_LINES[0],
        address="\n".join(PERSIAN_LINES[1:]),
        date=dt.date(2026, 11, 23),
        subject="Happy birthday",
        body=body,
        language="en",
    )
    got = lines_of(logical(pdftotext(letters_pdf([letter], samples.header("en")), tmp_path)))
    for line in PERSIAN_LINES:
        assert logical(line) in got, (line, got)
    assert "Happy birthday" in got
