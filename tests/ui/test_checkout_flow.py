"""The till, as a receptionist uses it through the main window: find the client,
ring up two services and a product by barcode, a discount with its reason, a
split payment with change, post with Enter, print the receipt, then void it.
The database is checked through the services at each step."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtCore import Qt

from salon_desktop.domain.sale import SaleKind
from tests.ui.checkout_setup import BARCODE, stock_salon
from tests.ui.helpers import Modal, click_button, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
ENTER = Qt.Key.Key_Return


def reactivate(qtbot, window) -> None:
    """Offscreen, no window is active after a modal dialog closes: shortcuts need one."""
    with qtbot.waitActive(window):
        window.activateWindow()


def test_receptionist_sells_prints_and_voids(qtbot, main_window, tmp_path):
    window = main_window("en")
    env = window.env
    ctx = env.ctx
    salon = stock_salon(env)
    screen = window.checkout

    # Ctrl+2: the till. F3: find the client by typing; Enter picks her.
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    assert window.stack.currentWidget() is screen
    qtbot.keyClick(screen.entry, Qt.Key.Key_F3)
    assert screen.picker.edit.hasFocus()
    type_text(qtbot, screen.picker.edit, "Nowak")
    qtbot.keyClick(screen.picker.edit, ENTER)
    assert screen.ticket.client_id == salon.anna
    assert screen.header.name_label.text().strip("\u2068\u2069") == "Anna Nowak"
    assert screen.header.allergy.isVisible()
    assert "PPD hair dye" in screen.header.allergy_text.text()
    assert "Likes tea" in screen.header.notes.text()
    assert screen.entry.hasFocus()

    # Two services by name (the client's preferred stylist does them), a product by barcode.
    type_text(qtbot, screen.entry, "hairc")
    assert [i.name for i in screen.entry.offered()] == ["Haircut"]
    qtbot.keyClick(screen.entry, ENTER)
    type_text(qtbot, screen.entry, "colo")
    qtbot.keyClick(screen.entry, ENTER)
    type_text(qtbot, screen.entry, BARCODE)  # the scanner types digits and Enter
    qtbot.keyClick(screen.entry, ENTER)
    assert screen.entry.text() == ""
    lines = screen.ticket.lines
    assert [ln.description for ln in lines] == ["Haircut", "Colour", "Shampoo"]
    assert [ln.staff_id for ln in lines[:2]] == [salon.sara, salon.sara]
    # Saved at once as an open ticket, shown on the left.
    assert ctx.tickets.load(screen.ticket.uuid).lines[2].product_id == salon.shampoo
    assert screen.open_model.rows[0].total == 4500 + 12000 + 3990

    # 10 % off the colour, with a reason: Ctrl+D on the line.
    screen.editor.select_line(1)
    screen.table.setFocus()

    def discount(dialog):
        type_text(qtbot, dialog.percent, "10")
        qtbot.keyClick(dialog.reason, ENTER)  # no reason: refused beside the field
        assert dialog.isVisible() and dialog.reason_error.text() == (
            "Give a reason for the discount."
        )
        type_text(qtbot, dialog.reason, "regular client")
        qtbot.keyClick(dialog.reason, ENTER)

    m = Modal(discount)
    qtbot.keyClick(screen.table, Qt.Key.Key_D, CTRL)
    m.check()
    total = 4500 + 10800 + 3990
    assert screen.totals().total == total
    assert screen.total_value.text() == "£192.90"
    assert screen.discount_value.text() == "£12.00"

    # F12: card 100.00, cash handed over 100.00 -> change 7.10; Enter posts.
    def pay(dialog):
        type_text(qtbot, dialog.card, "100")
        type_text(qtbot, dialog.cash, "100")
        assert dialog.change_label.text() == "Change due: £7.10"
        assert dialog.remaining_label.text() == "Paid in full"
        qtbot.keyClick(dialog.cash, ENTER)

    reactivate(qtbot, window)
    m = Modal(pay)
    qtbot.keyClick(screen.entry, Qt.Key.Key_F12)
    m.check()
    sales = ctx.reader.day_sales()
    assert len(sales) == 1
    sale = ctx.reader.get(sales[0].id)
    assert sale.total == total and sale.change_given == 710
    assert sale.client_id == salon.anna
    assert [(ln.description, ln.qty, ln.total) for ln in sale.lines] == [
        ("Haircut", 1, 4500),
        ("Colour", 1, 10800),
        ("Shampoo", 1, 3990),
    ]
    assert sale.lines[1].discount_reason == "regular client"
    assert sorted((p.method, p.amount, p.tendered) for p in sale.payments) == [
        ("card", 10000, 0),
        ("cash", 9290, 10000),
    ]
    assert ctx.catalog.get_product(salon.shampoo).stock == 9
    assert ctx.tickets.list() == []  # posted: no longer open
    assert ctx.desk.load().last_sale_uuid == sale.uuid
    # The screen: the receipt number and the change, a fresh ticket, the day's sales.
    assert screen.posted_banner.isVisible()
    assert sale.receipt_no in screen.posted_banner.text.text()
    assert screen.posted_banner.change.text() == "Change: £7.10"
    assert screen.ticket.lines == [] and screen.ticket.uuid != sale.uuid
    assert screen.recent.model.rows[0].receipt_no == sale.receipt_no

    # Print the receipt (Ctrl+P): the preview saves the PDF.
    pdf_path = tmp_path / "receipt.pdf"
    reactivate(qtbot, window)
    m = Modal(lambda preview: preview.save_to(str(pdf_path)))
    qtbot.keyClick(screen.entry, Qt.Key.Key_P, CTRL)
    m.check()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_path.read_bytes())).pages)
    assert sale.receipt_no in text
    assert "Haircut" in text

    # Void it from today's sales: a reason is required, then stock comes back.
    screen.tabs.setCurrentWidget(screen.recent)
    screen.recent.select(sale.id)

    def void(dialog):
        click_button(dialog, "Void sale")
        assert dialog.isVisible() and dialog.error.text() == "Give a reason."
        type_text(qtbot, dialog.reason, "wrong client")
        click_button(dialog, "Void sale")

    m = Modal(void)
    screen.recent.void_button.click()
    m.check()
    after = ctx.reader.get(sale.id)
    assert after.voided
    void_sale = ctx.reader.by_receipt(after.corrections[0][1])
    assert void_sale.kind == SaleKind.VOID and void_sale.total == -total
    assert void_sale.reason == "wrong client"
    assert ctx.catalog.get_product(salon.shampoo).stock == 10
    report = ctx.till.report()
    assert (report.sales_count, report.voids_count, report.voids_total) == (1, 1, -total)
    assert dict(report.by_method).get("cash", 0) == 0
    rows = screen.recent.model.rows
    assert [r.kind for r in rows] == ["void", "sale"] and rows[1].voided
    assert not screen.recent.void_button.isEnabled()  # the voided sale stays selected
    assert void_sale.receipt_no in screen.posted_banner.text.text()
