"""Printed documents on screen: the receipt PDF rendered by QtPdf, printed page by page
onto a printer (here Qt's PDF printer, as a print dialog would hand it over)."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from salon_desktop.documents.receipt import receipt_pdf
from salon_desktop.ui.widgets.pdf_preview import PdfPreview, print_pdf
from tests.documents import samples


def test_receipt_preview_shows_its_pages_and_prints_them(qtbot, tmp_path):
    data = receipt_pdf(samples.sale("en", extra_lines=40), samples.header("en"), "A4")
    pages = len(PdfReader(io.BytesIO(data)).pages)
    assert pages >= 2  # long enough to need a second sheet
    preview = PdfPreview(data, "Receipt", "receipt.pdf")
    qtbot.addWidget(preview)
    preview.show()
    assert preview.page_count() == pages
    assert preview.print_button.isDefault()

    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert print_pdf(preview.doc, printer) == pages
    printed = PdfReader(out)
    assert len(printed.pages) == pages
    assert all("/XObject" in p["/Resources"] for p in printed.pages)  # each page drawn

    saved = tmp_path / "saved.pdf"
    preview.save_to(str(saved))
    assert saved.read_bytes() == data
