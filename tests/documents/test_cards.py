"""Client cards, the client file printout and the intake form, read back as other
programs read them: pikepdf's structure check, the embedded fonts, poppler's
pdftotext (NFKC) and zbar decoding the QR code and the Code 128 barcode.

Persian: pdftotext puts the right-to-left runs ReportLab drew in visual order back
into logical order, and NFKC turns the joined letter forms back into letters, so
the Persian text is found as it was written (lines are checked one by one; a line
that mixes both directions is checked by its parts)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pikepdf
import pytest

from salon_desktop.documents.base import language
from salon_desktop.documents.card import CARD_H, CARD_W, cards_pdf, qr_matrix
from salon_desktop.documents.client_file import client_file_pdf
from salon_desktop.documents.intake import intake_pdf
from salon_desktop.domain.card import card_payload
from salon_desktop.domain.printouts import CardView
from salon_desktop.i18n import _, set_language
from salon_desktop.i18n.formatting import Formatter
from tests.documents import client_samples as cs
from tests.documents.pdftext import page_sizes_mm
from tests.documents.poppler import (
    assert_fonts_embedded,
    decoded,
    normal,
    pdftotext,
    pngs,
    shows,
    structure,
)

LANGS = ("en", "pl", "fa")
PRINTED = dt.date(2026, 12, 3)


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    set_language("en")


def say(lang: str, message: str, **kw) -> str:
    """A message as the document in ``lang`` prints it."""
    with language(lang):
        return _(message).format(**kw)


def fmt(lang: str) -> Formatter:
    return Formatter(lang, cs.header(lang).currency)


# -- cards ----------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_one_card(lang, tmp_path):
    card = cs.card(lang)
    pdf = cards_pdf([card], cs.header(lang))
    doc = structure(pdf)
    assert len(doc.pages) == 1
    assert page_sizes_mm(pdf) == [(85.6, 54.0)]
    assert_fonts_embedded(pdf)
    text = pdftotext(pdf)
    f = fmt(lang)
    assert shows(text, cs.header(lang).name)
    assert shows(text, card.name)
    assert shows(text, say(lang, "Client no. {number}", number=f.client_number(card.number)))
    assert shows(text, say(lang, "Client since {date}", date=f.date(card.since)))
    if lang == "fa":
        assert "۱۴۰۲/۱۲/۲۲" in text  # 12 March 2024, Jalali, in Persian digits
        assert "1042" not in text.replace(card.payload, "")
    assert card.payload in text  # printed under the barcode, as the scanner types it
    # Both codes decode back to the payload.
    (png,) = pngs(pdf, tmp_path, dpi=200)
    assert decoded(png) == [f"CODE-128:{card.payload}", f"QR-Code:{card.payload}"]


def _paths(pdf: bytes) -> list[tuple[int, bytes]]:
    """(rectangles in the path, painting operator) of every painted path on page 1."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        ops = pikepdf.parse_content_stream(doc.pages[0])
    out, rects = [], 0
    for _operands, op in ops:
        name = bytes(op)
        if name == b"re":
            rects += 1
        elif name in (b"f", b"f*", b"F", b"B", b"B*", b"S", b"b", b"b*", b"n"):
            out.append((rects, name))
            rects = 0
    return out


def test_the_qr_code_is_one_vector_path():
    card = cs.card("en")
    pdf = cards_pdf([card], cs.header("en"))
    matrix = qr_matrix(card.payload)
    runs = sum(
        sum(1 for i, m in enumerate(row) if m and (i == 0 or not row[i - 1])) for row in matrix
    )
    paths = _paths(pdf)
    assert (runs, b"f") in paths  # one path, filled once (non-zero winding), a rect per run
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert not doc.pages[0].get_images()  # no logo here, and the codes are not images
    # segno's matrix of the payload: a 21×21 QR code (version 1) with its finder patterns
    assert len(matrix) == 21 and all(len(r) == 21 for r in matrix)
    assert list(matrix[0][:7]) == [1] * 7 and list(matrix[6][:7]) == [1] * 7


@pytest.mark.parametrize("lang", LANGS)
def test_ten_cards_to_an_a4_sheet(lang, tmp_path):
    cards = [CardView(200 + i, f"{cs.card(lang).name} {i}", cs.SINCE) for i in range(12)]
    pdf = cards_pdf(cards, cs.header(lang), layout="a4")
    doc = structure(pdf)
    assert len(doc.pages) == 2
    assert page_sizes_mm(pdf) == [(210.0, 297.0)] * 2
    assert_fonts_embedded(pdf)
    text = pdftotext(pdf)
    for card in cards:
        assert card.payload in text
    first, second = pngs(pdf, tmp_path, dpi=300)
    codes = decoded(first)
    assert [c for c in codes if c.startswith("CODE-128:")] == [
        f"CODE-128:{c.payload}" for c in cards[:10]
    ]
    # zbar misses a QR code now and then among ten on one page; most must be read.
    assert len([c for c in codes if c.startswith("QR-Code:")]) >= 8
    assert [c for c in decoded(second) if c.startswith("CODE-128")] == [
        f"CODE-128:{c.payload}" for c in cards[10:]
    ]


def test_a4_cards_fill_from_the_reading_side():
    cards = [CardView(300 + i, f"N{i}", cs.SINCE) for i in range(2)]
    for lang, first_on_left in (("en", True), ("fa", False)):
        text = pdftotext(cards_pdf(cards, cs.header(lang), layout="a4"), layout=True)
        line = next(ln for ln in text.splitlines() if "sdc000300" in ln)
        assert (line.index("sdc000300") < line.index("sdc000301")) == first_on_left


def test_many_cards_and_a_logo(tmp_path):
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (300, 100), "#7a2f52").save(logo)
    header = dataclasses.replace(cs.header("pl"), logo_path=str(logo))
    cards = [CardView(i, f"Klientka {i}", cs.SINCE) for i in range(1, 201)]
    seen: list[tuple[int, int]] = []
    pdf = cards_pdf(cards, header, layout="card", progress=lambda d, t: seen.append((d, t)))
    doc = structure(pdf)
    assert len(doc.pages) == 200
    assert seen[-1] == (200, 200)
    # the logo is embedded once and drawn on every card
    assert len({obj.objgen for page in doc.pages for obj in page.get_images().values()}) == 1


def test_a_card_fits_a_long_name():
    name = "Aleksandra Katarzyna Wiśniewska-Przybyszewska-Nowak"
    pdf = cards_pdf([CardView(5, name, cs.SINCE)], cs.header("pl"))
    text = pdftotext(pdf)
    assert "Aleksandra" in text  # shrunk (or cut with an ellipsis), never off the card


def test_an_empty_batch_and_an_unknown_layout():
    assert len(structure(cards_pdf([], cs.header("en"))).pages) == 1
    with pytest.raises(ValueError):
        cards_pdf([cs.card("en")], cs.header("en"), layout="letter")
    assert (CARD_W, CARD_H) == pytest.approx((242.65, 153.07), abs=0.01)


# -- the client file -------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_client_file(lang):
    view = cs.client_file(lang, n_visits=30)
    pdf = client_file_pdf(view, cs.header(lang), printed_on=PRINTED)
    doc = structure(pdf)
    assert len(doc.pages) >= 2  # thirty visits go on over the page
    assert all(size == (210.0, 297.0) for size in page_sizes_mm(pdf))
    assert_fonts_embedded(pdf)
    text = pdftotext(pdf)
    f = fmt(lang)
    with language(lang):
        balance = f.balance(view.figures.account_balance)
        total_spent = f.amount(view.figures.total_spent)
    for expected in (
        say(lang, "Client file"),
        normal(view.first_name),
        normal(view.last_name),
        f.client_number(view.number),
        say(lang, "Allergies and contraindications"),
        normal(view.allergies),
        say(lang, "Category and strategy: not computed yet"),
        say(lang, "Data processing"),
        say(lang, "Given on {date}", date=f.date(dt.date(2024, 3, 12))),
        say(lang, "Instagram"),
        say(lang, "Female"),
        normal(view.skin_notes),
        f.date(view.birth_date),
        say(lang, "Open complaints"),
        normal(cs.COMPLAINT[lang]),
        say(lang, "Result of a service"),
        say(lang, "Acknowledged"),
        balance,
        total_spent,
    ):
        assert shows(text, expected), expected
    with language(lang):
        for visit in view.visits:
            assert shows(text, f.receipt(visit.receipt_no))
            assert shows(text, f.amount(visit.total))
    if lang == "fa":
        assert "۱۳۶۹/۰۲/۲۷" in text  # born 17 May 1990: Jalali, Persian digits


@pytest.mark.parametrize("lang", LANGS)
def test_client_file_with_category_and_without_visits(lang):
    view = cs.client_file(
        lang, n_visits=0, category="Loyal", strategy="Maintain", complaints=(), allergies=""
    )
    text = pdftotext(client_file_pdf(view, cs.header(lang)))
    assert "Loyal" in text and "Maintain" in text
    assert not shows(text, say(lang, "Category and strategy: not computed yet"))
    assert shows(text, say(lang, "No visits yet."))
    assert shows(text, say(lang, "No open complaints."))
    assert not shows(text, say(lang, "Allergies and contraindications"))


# -- the intake form ------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_intake_form(lang, tmp_path):
    view = cs.client_file(lang)
    logo = tmp_path / "logo.png"
    from PIL import Image

    Image.new("RGB", (400, 160), "#7a2f52").save(logo)
    header = dataclasses.replace(cs.header(lang), logo_path=str(logo))
    pdf = intake_pdf(view, header, printed_on=PRINTED)
    doc = structure(pdf)
    assert len(doc.pages) == 1  # one sheet to sign, logo or not
    assert_fonts_embedded(pdf)
    text = pdftotext(pdf)
    f = fmt(lang)
    for expected in (
        say(lang, "Client details and consent"),
        normal(view.first_name),
        normal(view.last_name),
        normal(view.allergies),
        normal(view.skin_notes),
        f.date(view.birth_date),
        say(lang, "Already given on {date}.", date=f.date(dt.date(2024, 3, 12))),
        say(lang, "Client's signature"),
        say(lang, "Printed on {date}", date=f.date(PRINTED)),
    ):
        assert shows(text, expected), expected
    # each consent's statement, wrapped over lines: every word is there
    with language(lang):
        from salon_desktop.documents.intake import CONSENT_STATEMENTS

        for statement in CONSENT_STATEMENTS.values():
            assert all(shows(text, w) for w in _(statement).split())


def test_payload_matches_domain():
    assert cs.card("en").payload == card_payload(1042)
