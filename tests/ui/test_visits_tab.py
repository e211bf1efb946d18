"""The client file's Visits tab: history, figures, corrections, merged files, the
statement of account and receipts, as the receptionist sees them."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import datetime as dt  # noqa: E402
import io  # noqa: E402

import pytest  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from salon_desktop.domain.sale import PayMethod  # noqa: E402
from salon_desktop.ui.clients.file import ClientFileScreen  # noqa: E402
from salon_desktop.ui.clients.file.visits_tab import VisitsModel  # noqa: E402
from salon_desktop.ui.clients.list_screen import ClientListScreen  # noqa: E402
from salon_desktop.ui.widgets.pdf_preview import PdfPreview  # noqa: E402
from tests.ui import sales_data as sd  # noqa: E402
from tests.ui.helpers import Modal, click_button, type_text  # noqa: E402

LEFT = Qt.MouseButton.LeftButton
SEP7, OCT5, NOV2 = dt.date(2026, 9, 7), dt.date(2026, 10, 5), dt.date(2026, 11, 2)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def salon(qtbot, make_env):
    """An English salon (GBP) with a cut (£45) and a colour (£80)."""
    env = make_env("en")
    ctx = env.ctx
    env.cut = sd.service(ctx, "Cut", 4500)
    env.colour = sd.service(ctx, "Colour", 8000)
    env.ewa = ctx.staff.add("Ewa", "Stylist").id
    return env


def open_visits(qtbot, env, client_id: int) -> ClientFileScreen:
    w = ClientFileScreen(env)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    w.open_client(client_id)
    bar = w.tabs.tabBar()
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(w.tabs.indexOf(w.visits)).center())
    assert w.tabs.currentWidget() is w.visits
    return w


def cell(w: ClientFileScreen, row: int, col: int, role=Qt.ItemDataRole.DisplayRole):
    return w.visits.model.data(w.visits.model.index(row, col), role)


def figure(w: ClientFileScreen, key: str) -> str:
    return w.visits.values[key].text()


def test_visits_newest_first_with_the_clients_figures(qtbot, salon):
    env, ctx = salon, salon.ctx
    anna = sd.client(ctx, "Anna", "Nowak")
    ctx.clients.add_formula(anna, OCT5, "7/1 + 6% 1:1", env.ewa, None)
    sd.post(ctx, SEP7, anna, [env.cut], env.actor())
    sd.post(ctx, OCT5, anna, [env.cut, env.colour], env.ewa, note="Wants it shorter")
    sd.post(ctx, NOV2, anna, [env.cut], env.actor(), pay=PayMethod.ACCOUNT)
    sd.post(ctx, OCT5, sd.client(ctx, "Other", "Client"), [env.colour], env.ewa)

    w = open_visits(qtbot, env, anna)
    m = w.visits.model
    assert m.rowCount() == 3
    dates = [cell(w, r, VisitsModel.COL_DATE) for r in range(3)]
    assert dates == ["02/11/2026", "05/10/2026", "07/09/2026"]
    assert cell(w, 1, VisitsModel.COL_SERVICES) == "Cut, Colour"
    assert cell(w, 1, VisitsModel.COL_STAFF) == "Ewa"
    assert cell(w, 1, VisitsModel.COL_AMOUNT) == "£125.00"
    assert cell(w, 1, VisitsModel.COL_NOTE) == "Wants it shorter"
    assert cell(w, 1, VisitsModel.COL_FORMULA) == "7/1 + 6% 1:1"
    assert cell(w, 0, VisitsModel.COL_FORMULA) == ""
    assert cell(w, 2, VisitsModel.COL_RECEIPT).strip("\u2066\u2069") == "2026/00001"
    assert all(cell(w, r, VisitsModel.COL_STATUS) == "" for r in range(3))

    assert figure(w, "total_spent") == "£215.00"
    assert figure(w, "visits") == "3"
    assert figure(w, "average_ticket") == "£71.66"
    assert figure(w, "first_visit") == "07/09/2026"
    assert figure(w, "last_visit") == "02/11/2026"
    assert figure(w, "interval") == "every 4 weeks"
    assert figure(w, "balance") == "owes £45.00"
    assert "b00020" in w.visits.values["balance"].styleSheet()


def test_short_intervals_are_days_and_a_new_file_has_no_figures(qtbot, salon):
    env, ctx = salon, salon.ctx
    anna = sd.client(ctx, "Anna", "Nowak")
    w = open_visits(qtbot, env, anna)
    assert w.visits.model.rowCount() == 0
    assert w.visits.empty.isVisible()
    assert figure(w, "visits") == "0"
    assert figure(w, "interval") == "—"
    assert figure(w, "balance") == "settled"

    # Sales posted while the file is open appear at once (sale_posted).
    for day in (dt.date(2026, 11, 1), dt.date(2026, 11, 11), dt.date(2026, 11, 21)):
        posted = sd.post(ctx, day, anna, [env.cut], env.actor())
        env.bus.sale_posted.emit(posted.sale_id)
    assert w.visits.model.rowCount() == 3
    assert not w.visits.empty.isVisible()
    assert figure(w, "interval") == "every 10 days"
    w.new_client()
    assert w.visits.model.rowCount() == 0
    assert not w.visits.new_sale_button.isEnabled()


def test_a_voided_sale_is_marked_and_leaves_the_figures(qtbot, salon):
    env, ctx = salon, salon.ctx
    anna = sd.client(ctx, "Anna", "Nowak")
    sd.post(ctx, SEP7, anna, [env.cut], env.actor())
    wrong = sd.post(ctx, OCT5, anna, [env.colour], env.actor())
    sd.sales_on(ctx, OCT5).void(wrong.sale_id, "Wrong client", env.actor())

    w = open_visits(qtbot, env, anna)
    assert w.visits.model.rowCount() == 3
    # Newest first: the void, the voided sale, the first visit.
    assert cell(w, 0, VisitsModel.COL_STATUS) == "Void"
    assert cell(w, 0, VisitsModel.COL_AMOUNT) == "-£80.00"
    assert "Wrong client" in cell(w, 0, VisitsModel.COL_NOTE)
    assert "2026/00002" in cell(w, 0, VisitsModel.COL_NOTE)
    assert (
        cell(w, 0, VisitsModel.COL_AMOUNT, Qt.ItemDataRole.ForegroundRole).color().name()
        == "#b00020"
    )
    assert cell(w, 1, VisitsModel.COL_STATUS) == "Voided"
    assert cell(w, 1, VisitsModel.COL_SERVICES, Qt.ItemDataRole.FontRole).strikeOut()
    assert (
        cell(w, 1, VisitsModel.COL_AMOUNT, Qt.ItemDataRole.ForegroundRole).color().name()
        == "#8a8a8a"
    )
    assert cell(w, 2, VisitsModel.COL_STATUS) == ""
    assert cell(w, 2, VisitsModel.COL_SERVICES, Qt.ItemDataRole.ForegroundRole) is None
    assert figure(w, "visits") == "1"
    assert figure(w, "total_spent") == "£45.00"


def test_a_merged_clients_history_shows_both_files(qtbot, salon):
    env, ctx = salon, salon.ctx
    anna = sd.client(ctx, "Anna", "Nowak")
    twin = sd.client(ctx, "Ania", "Nowak")
    sd.post(ctx, SEP7, twin, [env.colour], env.ewa)
    sd.post(ctx, OCT5, anna, [env.cut], env.actor())
    ctx.clients.merge(keep_id=anna, other_id=twin, actor_id=env.actor())

    w = open_visits(qtbot, env, anna)
    assert [cell(w, r, VisitsModel.COL_SERVICES) for r in range(2)] == ["Cut", "Colour"]
    assert figure(w, "visits") == "2"
    assert figure(w, "interval") == "every 4 weeks"
    assert w.visits.new_sale_button.isEnabled()

    # The archived file shows its own visits, and sells nothing.
    w.open_client(twin)
    assert w.visits.model.rowCount() == 1
    assert not w.visits.new_sale_button.isEnabled()


def test_new_sale_from_the_file_and_from_the_list(qtbot, salon):
    env, ctx = salon, salon.ctx
    anna = sd.client(ctx, "Anna", "Nowak")
    w = open_visits(qtbot, env, anna)
    with qtbot.waitSignal(env.bus.checkout_requested) as asked:
        qtbot.mouseClick(w.visits.new_sale_button, LEFT)
    assert asked.args == [anna]
    # F9 anywhere in the file, e.g. on the Details tab.
    w.tabs.setCurrentWidget(w.details)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    w.details.first_name.setFocus()
    with qtbot.waitSignal(env.bus.checkout_requested) as asked:
        qtbot.keyClick(w.details.first_name, Qt.Key.Key_F9)
    assert asked.args == [anna]

    sd.client(ctx, "Bartek", "Kowalski")
    lst = ClientListScreen(env)
    qtbot.addWidget(lst)
    lst.show()
    lst.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is lst)
    type_text(qtbot, lst.search, "Anna")
    lst.flush()
    with qtbot.waitSignal(env.bus.checkout_requested) as asked:
        qtbot.keyClick(lst.search, Qt.Key.Key_F9)
    assert asked.args == [anna]
    with qtbot.waitSignal(env.bus.checkout_requested) as asked:
        qtbot.mouseClick(lst.sale_button, LEFT)
    assert asked.args == [anna]


def test_statement_of_account_opens_with_the_balance(qtbot, salon):
    env, ctx = salon, salon.ctx
    anna = sd.client(ctx, "Anna", "Nowak")
    sd.post(ctx, OCT5, anna, [env.colour], env.actor(), pay=PayMethod.ACCOUNT)
    sd.post(ctx, NOV2, anna, [env.cut], env.actor(), pay=PayMethod.ACCOUNT)
    w = open_visits(qtbot, env, anna)
    seen = {}

    def preview(dialog):
        assert isinstance(dialog, PdfPreview)
        assert dialog.page_count() >= 1
        seen["text"] = pdf_text(dialog.data)

    def period(dialog):
        # An end before the start is refused beside the field; the dialog stays.
        type_text(qtbot, dialog.date_from.edit, "01/11/2026")
        type_text(qtbot, dialog.date_to.edit, "01/10/2026")
        click_button(dialog, "Show statement")
        assert dialog.isVisible()
        assert "before its start" in dialog.errors.label("date_to").text()
        dialog.date_to.clear()
        seen["preview"] = Modal(preview)
        click_button(dialog, "Show statement")

    period_modal = Modal(period)
    qtbot.mouseClick(w.visits.statement_button, LEFT)
    period_modal.check()
    seen["preview"].check()
    text = seen["text"]
    assert "Anna Nowak" in text
    assert "£125.00" in text  # owed at the end: £80 before the period and £45 in it
    assert "£80.00" in text  # the opening balance


def test_double_click_shows_the_receipt_marked_as_a_reprint(qtbot, salon):
    env, ctx = salon, salon.ctx
    anna = sd.client(ctx, "Anna", "Nowak")
    sd.post(ctx, SEP7, anna, [env.cut], env.actor())
    sd.post(ctx, OCT5, anna, [env.colour], env.actor())
    w = open_visits(qtbot, env, anna)
    seen = {}

    def preview(dialog):
        seen["text"] = pdf_text(dialog.data)

    modal = Modal(preview)
    table = w.visits.table
    rect = table.visualRect(w.visits.model.index(1, VisitsModel.COL_SERVICES))
    qtbot.mouseClick(table.viewport(), LEFT, pos=rect.center())  # a double click starts
    qtbot.mouseDClick(table.viewport(), LEFT, pos=rect.center())  # with a press
    modal.check()
    assert "2026/00001" in seen["text"]
    assert "Cut" in seen["text"]
    assert "Colour" not in seen["text"]
    assert "REPRINT" in seen["text"]


def test_visits_are_read_when_their_tab_is_shown_not_at_every_sale(qtbot, salon):
    """The file opens on its details: the visits are read when the Visits tab is
    clicked, and sales posted while another tab is up are read once, on the click."""
    env, ctx = salon, salon.ctx
    anna = sd.client(ctx, "Anna", "Nowak")
    sd.post(ctx, SEP7, anna, [env.cut], env.actor())
    w = ClientFileScreen(env)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    reads = []
    real = ctx.reader.history
    ctx.reader.history = lambda cid: reads.append(cid) or real(cid)  # type: ignore[method-assign]
    w.open_client(anna)
    assert w.tabs.currentWidget() is w.details and reads == []
    for day in (OCT5, NOV2):
        posted = sd.post(ctx, day, anna, [env.cut], env.actor())
        env.bus.sale_posted.emit(posted.sale_id)
    assert reads == []
    bar = w.tabs.tabBar()
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(w.tabs.indexOf(w.visits)).center())
    assert reads == [anna] and w.visits.model.rowCount() == 3
    assert figure(w, "visits") == "3"
    # on screen, a sale is read as it is posted
    posted = sd.post(ctx, NOV2, anna, [env.colour], env.actor())
    env.bus.sale_posted.emit(posted.sale_id)
    assert reads == [anna, anna] and w.visits.model.rowCount() == 4
