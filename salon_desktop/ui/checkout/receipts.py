"""Printing from the till: a sale's receipt (or reprint) and a sold gift voucher,
made headless by ``documents/`` and shown in the PDF preview."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from salon_desktop.i18n import _
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.widgets.pdf_preview import PdfPreview


def receipt_preview(
    env: UiEnv, sale_id: int, reprint: bool = False, parent: QWidget | None = None
) -> PdfPreview | None:
    from salon_desktop.documents.receipt import receipt_pdf

    ctx = env.ctx
    sale = ctx.reader.get(sale_id)
    if sale is None:
        return None
    data = receipt_pdf(sale, ctx.header(), paper=ctx.salon.receipt_width, reprint=reprint)
    title = (_("Reprint of receipt {number}") if reprint else _("Receipt {number}")).format(
        number=sale.receipt_no
    )
    preview = PdfPreview(data, title, f"receipt-{sale.receipt_no.replace('/', '-')}.pdf", parent)
    preview.setObjectName("receiptPreview")
    return preview


def voucher_preview(env: UiEnv, code: str, parent: QWidget | None = None) -> PdfPreview | None:
    from salon_desktop.documents.voucher import voucher_pdf

    ctx = env.ctx
    v = ctx.reader.voucher(code, ctx.salon.currency)
    if v is None:
        return None
    data = voucher_pdf(v, ctx.header())
    preview = PdfPreview(
        data, _("Gift voucher {code}").format(code=v.code), f"voucher-{v.code}.pdf", parent
    )
    preview.setObjectName("voucherPreview")
    return preview


def show_receipt(
    env: UiEnv, sale_id: int, reprint: bool = False, parent: QWidget | None = None
) -> None:
    preview = receipt_preview(env, sale_id, reprint, parent)
    if preview is not None:
        preview.exec()
        preview.deleteLater()


def show_voucher(env: UiEnv, code: str, parent: QWidget | None = None) -> None:
    preview = voucher_preview(env, code, parent)
    if preview is not None:
        preview.exec()
        preview.deleteLater()
