"""Printed documents on screen: the receipt PDF rendered by QtPdf, printed page by page
onto a printer (here Qt's PDF printer, as a print dialog would hand it over)."""

from __future__ import annotations

import datetime as dt
import io

from hypothesis import given
from hypothesis import strategies as st
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


def test_the_preview_fits_a_small_screen_and_saves_in_documents(qtbot, qapp, tmp_path):
    from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

    from salon_desktop.i18n import _
    from salon_desktop.ui.qt_i18n import apply_language
    from salon_desktop.ui.widgets import file_dialogs
    from tests.ui.helpers import Modal

    data = receipt_pdf(samples.sale("pl"), samples.header("pl"), "A4")
    try:
        apply_language(qapp, "pl")
        title = _("Receipt {number}").format(number="R/2026/7")
        preview = PdfPreview(data, title, "receipt.pdf", day=dt.date(2026, 11, 23))
        qtbot.addWidget(preview)
        preview.show()
        assert preview.height() <= 768 - 60  # Print and Save stay above the panel
        assert preview.file_name == "Paragon R-2026-7 2026-11-23.pdf"
        dialog = preview.file_dialog()
        qtbot.addWidget(dialog)
        assert dialog.directory().absolutePath() == str(file_dialogs.documents_folder())
        assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)  # Qt's, in Polish
        box = dialog.findChild(QDialogButtonBox)
        assert {b.text() for b in box.buttons()} >= {"Anuluj"}

        def save(d) -> None:
            d.setDirectory(str(tmp_path))
            d.selectFile(str(tmp_path / preview.file_name))
            d.accept()

        modal = Modal(save)
        preview.save_dialog()
        modal.check()
        assert (tmp_path / "Paragon R-2026-7 2026-11-23.pdf").read_bytes() == data
        assert file_dialogs.documents_folder() == tmp_path  # the next save starts there

        apply_language(qapp, "fa")
        preview = PdfPreview(
            data, _("Receipt {number}").format(number="1405/7"), day=dt.date(2026, 11, 23)
        )
        qtbot.addWidget(preview)
        assert preview.file_name == "رسید 1405-7 ۱۴۰۵-۰۹-۰۲.pdf"
    finally:
        file_dialogs._last_folder.clear()
        apply_language(qapp, "en")


@given(st.text(max_size=120), st.dates(min_value=dt.date(1990, 1, 1)))
def test_a_dated_file_name_is_always_a_plain_file_name(title, day):
    from salon_desktop.ui.widgets.file_dialogs import dated_file_name

    name = dated_file_name(title, day)
    assert name.endswith(f"{day.isoformat()}.pdf")
    assert not set(name) & set('/\\:*?"<>|\x00\n\r\u202e\u2066\u2069')
    assert not name.startswith((" ", ".", "-")) and len(name) <= 100
