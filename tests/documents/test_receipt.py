"""Receipts, invoices and corrections, read back from the PDF in every language and paper."""

from __future__ import annotations

import io

import pytest

from salon_desktop.documents import rtl
from salon_desktop.documents.base import language
from salon_desktop.documents.receipt import receipt_pdf, render_receipt
from salon_desktop.i18n import _, current_language, set_language
from salon_desktop.i18n.formatting import Formatter
from tests.documents import samples
from tests.documents.pdftext import drawn, drawn_text, extracted, fonts, page_sizes_mm, plain

PAPERS = ("80mm", "A4")


def seen(lang: str, text: str) -> str:
    """``text`` as it is drawn in a document of ``lang``."""
    return plain(rtl.visual(text, lang == "fa"))


def tr(lang: str, message: str) -> str:
    with language(lang):
        return _(message)


def fmt_in(lang: str, currency: str) -> Formatter:
    """A Formatter whose words (toman, rial) are in ``lang``: the test speaks ``lang`` from now on."""
    set_language(lang)
    return Formatter(lang, currency)


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    set_language("en")


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("lang", samples.LANGS)
def test_receipt_shows_what_the_client_paid(lang, paper):
    sale, header = samples.sale(lang), samples.header(lang)
    pdf = receipt_pdf(sale, header, paper)
    text = drawn_text(pdf)
    fmt = fmt_in(lang, sale.currency)
    assert fmt.digits("2026/000123") in text  # Persian digits on a Persian receipt
    assert seen(lang, header.name) in text
    assert seen(lang, tr(lang, "Receipt")) in text
    assert seen(lang, fmt.amount(sale.total)) in text
    assert seen(lang, fmt.datetime(sale.posted_at)) in text
    assert rtl.shape(sale.client_name)[:: -1 if lang == "fa" else 1] in text
    assert "GV-7K3Q-9XPA" in text  # codes stay left to right
    for tip in sale.tip_lines:
        assert seen(lang, fmt.amount(tip.amount)) in text
    assert seen(lang, tr(lang, "Change")) in text
    assert seen(lang, fmt.amount(sale.change_given)) in text
    assert seen(lang, tr(lang, "Not a fiscal receipt")) not in text
    assert seen(lang, tr(lang, "REPRINT")) not in text
    if lang == "fa":
        assert samples.PERSIAN_DIGITS.search(fmt.amount(sale.total))
        assert not samples.ASCII_DIGITS.search(fmt.amount(sale.total))
        assert "۱۴۰۵/۰۹/۰۲" in text  # Jalali date
    width, height = page_sizes_mm(pdf)[0]
    assert width == (80.0 if paper == "80mm" else 210.0)


def test_polish_amounts_as_pypdf_reads_them():
    text = extracted(receipt_pdf(samples.sale("pl"), samples.header("pl"), "A4"))
    assert "Zofia Żółć" in text and "Żaneta Łukasiewicz" in text
    fmt = fmt_in("pl", "PLN")
    assert plain(fmt.amount(samples.sale("pl").total)) in text
    assert plain(fmt.amount(123450)) == "1 234,50 zł"


@pytest.mark.parametrize("lang", samples.LANGS)
def test_not_fiscal_line_only_when_asked(lang):
    pdf = receipt_pdf(samples.sale(lang), samples.header(lang, not_fiscal=True))
    assert seen(lang, tr(lang, "Not a fiscal receipt")) in drawn_text(pdf)


@pytest.mark.parametrize("lang", samples.LANGS)
def test_invoice_names_the_buyer(lang):
    sale = samples.sale(
        lang,
        buyer_name="Kwiaty Sp. z o.o.",
        buyer_tax_id="PL1234563218",
        buyer_address="ul. Łąkowa 3, Gdańsk",
    )
    text = drawn_text(receipt_pdf(sale, samples.header(lang), "A4"))
    assert seen(lang, tr(lang, "Invoice")) in text
    assert "PL1234563218" in text
    assert "Kwiaty Sp. z o.o." in text
    assert seen(lang, tr(lang, "Buyer")) in text


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("lang", samples.LANGS)
@pytest.mark.parametrize("kind, title", [("void", "Void"), ("refund", "Refund")])
def test_correction_names_the_original_receipt(lang, paper, kind, title):
    sale = samples.sale(
        lang,
        kind=kind,
        receipt_no="2026/000124",
        original_sale_id=1,
        original_receipt_no="2026/000122",
        reason="Wrong client",
    )
    text = drawn_text(receipt_pdf(sale, samples.header(lang), paper))
    assert seen(lang, tr(lang, title)) in text
    digits = Formatter(lang).digits
    assert (
        seen(lang, tr(lang, "of receipt {number}").format(number=rtl.ltr(digits("2026/000122"))))
        in text
    )
    assert digits("2026/000124") in text and "Wrong client" in text
    fmt = fmt_in(lang, sale.currency)
    assert sale.total < 0 and seen(lang, fmt.amount(sale.total)) in text


def test_a_voided_sale_says_so_and_a_reprint_is_marked():
    sale = samples.sale("en", corrections=(("void", "2026/000130"),))
    text = drawn_text(receipt_pdf(sale, samples.header("en"), reprint=True))
    assert "Voided by receipt 2026/000130" in text
    assert "REPRINT" in text


def test_persian_receipt_is_mirrored_and_persian():
    sale, header = samples.sale("fa"), samples.header("fa")
    text = drawn_text(receipt_pdf(sale, header, "A4"))
    # Brackets in the service name face the words they enclose.
    assert rtl.visual(samples.NAMES["fa"][3], True) in text
    assert "(" + rtl.shape("بلند")[::-1] + ")" in text
    assert "\u2066" not in text and "\u202a" not in text


@pytest.mark.parametrize("paper", PAPERS)
def test_fonts_are_embedded(paper):
    for lang in samples.LANGS:
        used = fonts(receipt_pdf(samples.sale(lang), samples.header(lang), paper))
        assert used and all("Vazirmatn" in name and embedded for name, embedded in used), used


def test_a_roll_grows_with_the_ticket_and_stays_one_page():
    short = page_sizes_mm(receipt_pdf(samples.sale("en"), samples.header("en")))
    long = page_sizes_mm(receipt_pdf(samples.sale("en", extra_lines=40), samples.header("en")))
    assert len(short) == len(long) == 1
    assert long[0][1] > short[0][1] + 100


def test_a4_breaks_pages_and_repeats_the_table_header():
    pdf = receipt_pdf(samples.sale("en", extra_lines=80), samples.header("en"), "A4")
    sizes = page_sizes_mm(pdf)
    assert len(sizes) >= 2 and all(s == (210.0, 297.0) for s in sizes)
    text = drawn_text(pdf)
    assert text.count("Unit price") == len(sizes)
    assert f"Page 2 of {len(sizes)}" in text


def test_rendering_restores_the_language():
    set_language("pl")
    receipt_pdf(samples.sale("fa"), samples.header("fa"))
    assert current_language() == "pl"


def test_render_to_a_path_and_to_a_file_object(tmp_path):
    sale, header = samples.sale("en"), samples.header("en")
    render_receipt(sale, header, tmp_path / "r.pdf")
    buf = io.BytesIO()
    render_receipt(sale, header, buf, paper="A4")
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    assert buf.getvalue().startswith(b"%PDF")
    with pytest.raises(ValueError):
        receipt_pdf(sale, header, "A5")


def test_logo_is_drawn_and_a_broken_one_ignored(tmp_path):
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 40), (122, 47, 82)).save(logo)
    for paper in PAPERS:
        pdf = receipt_pdf(samples.sale("en"), samples.header("en", logo_path=str(logo)), paper)
        assert b"/Subtype /Image" in pdf
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not an image")
    pdf = receipt_pdf(samples.sale("en"), samples.header("en", logo_path=str(broken)))
    assert b"/Subtype /Image" not in pdf and "2026/000123" in drawn_text(pdf)


def test_documents_render_in_their_own_language_on_worker_threads():
    """A Persian and a Polish receipt rendered at once on two worker threads, while the
    desk goes on in English: each speaks its own language, and the desk's is untouched."""
    import threading

    set_language("en")
    results: dict[str, bytes] = {}
    start = threading.Barrier(2)

    failed: list[BaseException] = []

    def render(lang: str) -> None:
        start.wait()
        try:
            for _round in range(3):
                results[lang] = receipt_pdf(samples.sale(lang), samples.header(lang), "A4")
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            failed.append(exc)

    threads = [threading.Thread(target=render, args=(lang,)) for lang in ("fa", "pl")]
    for t in threads:
        t.start()
    during = set()
    while any(t.is_alive() for t in threads):
        during.add((current_language(), _("Receipt")))
    for t in threads:
        t.join()
    assert not failed, failed  # both threads rendered every round
    assert during == {("en", "Receipt")}
    assert (current_language(), _("Receipt")) == ("en", "Receipt")
    for lang in ("fa", "pl"):
        text = drawn_text(results[lang])
        assert seen(lang, tr(lang, "Receipt")) in text
        assert seen("en", "Receipt") not in text or tr(lang, "Receipt") == "Receipt"


def test_a_persian_refund_prints_its_minus_on_the_left_of_the_amount():
    sale = samples.sale(
        "fa", kind="refund", original_sale_id=1, original_receipt_no="2026/000122", reason="x"
    )
    lines = [t for t in drawn(receipt_pdf(sale, samples.header("fa"), "A4")) if "\u2212" in t]
    assert lines and not any("-" in t for t in lines)
    persian_digits = "۰۱۲۳۴۵۶۷۸۹"
    for t in lines:  # drawn left to right: the sign comes before the digits it belongs to
        k = t.index("\u2212")
        assert t[k + 1] in persian_digits and not t[:k].rstrip().endswith(tuple(persian_digits))
