"""A printed document on screen: the PDF rendered by QtPdf, printed through Qt's
print dialog or saved as a file. Documents are made headless (``documents/``);
this dialog only shows and prints their bytes."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QSize, Qt
from PySide6.QtGui import QGuiApplication, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.i18n import _
from salon_desktop.ui.widgets.file_dialogs import dated_file_name, remember_folder, save_file_dialog


def load_pdf(data: bytes, parent=None) -> tuple[QPdfDocument, QBuffer]:
    """A QPdfDocument over ``data`` (keep the buffer alive as long as the document)."""
    doc = QPdfDocument(parent)
    buf = QBuffer(parent)
    buf.setData(QByteArray(data))
    buf.open(QIODevice.OpenModeFlag.ReadOnly)
    doc.load(buf)
    return doc, buf


def print_pdf(doc: QPdfDocument, printer: QPrinter) -> int:
    """Render every page of ``doc`` onto ``printer``, scaled to the printable area.
    Returns the number of pages printed."""
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        area = printer.pageLayout().paintRectPixels(printer.resolution())
        for i in range(doc.pageCount()):
            if i:
                printer.newPage()
            size = doc.pagePointSize(i)
            scale = min(area.width() / size.width(), area.height() / size.height())
            target = QSize(int(size.width() * scale), int(size.height() * scale))
            image = doc.render(i, target)
            painter.drawImage(QPointF(0, 0), image)
    finally:
        painter.end()
    return doc.pageCount()


# What a window's frame and the desktop's panel take from the screen's height.
FRAME_ALLOWANCE = 60


def fit_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to that size, or to what its screen has room for (a
    1024×768 desk PC), leaving room for the title bar and the desktop's panel."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        avail = screen.availableGeometry()
        width = min(width, avail.width())
        height = min(height, avail.height() - FRAME_ALLOWANCE)
    widget.resize(width, height)


class PdfPreview(QDialog):
    """Shows a PDF with Print…, Save as PDF… and Close."""

    def __init__(
        self,
        data: bytes,
        title: str,
        file_name: str = "document.pdf",
        parent: QWidget | None = None,
        day: dt.date | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("pdfPreview")
        fit_screen(self, 720, 680)
        self.data = data
        # Saved under its title in the user's language, dated (``file_name``, the
        # English one, only for a document without a title).
        stem = title or file_name.removesuffix(".pdf")
        self.file_name = dated_file_name(stem, day or dt.date.today())
        self.doc, self._buf = load_pdf(data, self)
        self.view = QPdfView(self)
        self.view.setDocument(self.doc)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        buttons = QDialogButtonBox()
        self.print_button = QPushButton(_("Print…"))
        self.print_button.setDefault(True)
        self.save_button = QPushButton(_("Save as PDF…"))
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Close"))
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self.print_dialog)
        self.save_button.clicked.connect(self.save_dialog)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.print_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def page_count(self) -> int:
        return self.doc.pageCount()

    def print_dialog(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.file_name.removesuffix(".pdf"))  # the print queue's name
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            print_pdf(self.doc, printer)

    def save_to(self, path: str) -> None:
        with open(path, "wb") as fh:
            fh.write(self.data)

    def file_dialog(self) -> QFileDialog:
        """The Save dialog, in the Documents folder on the document's dated name."""
        dialog = save_file_dialog(self, _("Save as PDF…"), self.file_name, "PDF (*.pdf)")
        dialog.setDefaultSuffix("pdf")
        return dialog

    def save_dialog(self) -> None:
        dialog = self.file_dialog()
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
                return
            path = dialog.selectedFiles()[0]
        finally:
            dialog.deleteLater()
        try:
            self.save_to(path)
        except OSError as exc:
            from salon_desktop.services.failures import classify

            QMessageBox.warning(self, _("Save as PDF…"), _(classify(exc).message))
            return
        remember_folder(path)
