"""Client cards at the desk: a scanned card (a scanner types the payload and Enter)
opens the client from the client search and from the till's entry field; the
client file prints its card, the file and the intake form, and the list prints
cards for the selected clients, each rendered off the UI thread into the preview."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication

from salon_desktop.domain.card import card_payload
from salon_desktop.domain.client import ClientDraft
from salon_desktop.ui.checkout.screen import CheckoutScreen
from salon_desktop.ui.clients.file import ClientFileScreen
from salon_desktop.ui.clients.list_screen import ClientListScreen
from salon_desktop.ui.widgets.pdf_preview import PdfPreview
from tests.documents.poppler import pdftotext, shows
from tests.ui.checkout_setup import stock_salon
from tests.ui.helpers import settle, type_text

ENTER = Qt.Key.Key_Return
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def add(env, first: str, last: str = "", **kw) -> int:
    return env.ctx.clients.create(
        ClientDraft(first_name=first, last_name=last, **kw), env.actor(), allow_duplicate=True
    )


def number_of(env, client_id: int) -> int:
    return env.ctx.clients.get(client_id).number


def scanned(env, client_id: int, persian_layout: bool = False) -> str:
    """What a scanner types for the client's card (with the Persian layout switched on:
    the same keys give Persian letters and digits)."""
    payload = card_payload(number_of(env, client_id))
    if persian_layout:
        return "سیز" + payload[3:].translate(PERSIAN_DIGITS)
    return payload


@pytest.fixture
def client_list(qtbot, make_env):
    def factory(language: str = "en"):
        env = make_env(language)
        ids = [add(env, "Anna", "Nowak"), add(env, "Ewa", "Kowalska"), add(env, "Zofia", "Lis")]
        screen = ClientListScreen(env)
        qtbot.addWidget(screen)
        screen.show()
        return env, screen, ids

    return factory


@pytest.mark.parametrize("persian_layout", [False, True])
def test_scanning_a_card_into_the_search_opens_the_client(qtbot, client_list, persian_layout):
    env, screen, ids = client_list("fa" if persian_layout else "en")
    screen.search.setFocus()
    type_text(qtbot, screen.search, scanned(env, ids[1], persian_layout))
    with qtbot.waitSignal(screen.open_client) as opened:
        qtbot.keyClick(screen.search, ENTER)
    assert opened.args == [ids[1]]
    assert screen.model.rowCount() == 1  # the card's client alone, not a name search


def test_a_card_typed_while_the_list_has_focus_goes_on_searching(qtbot, client_list):
    env, screen, ids = client_list()
    screen.table.setFocus()
    type_text(qtbot, screen.table, scanned(env, ids[2]))  # the first key moves to the search
    with qtbot.waitSignal(screen.open_client) as opened:
        qtbot.keyClick(screen.search, ENTER)
    assert opened.args == [ids[2]]


@pytest.fixture
def till(qtbot, make_env):
    env = make_env("en")
    salon = stock_salon(env)
    ewa = add(env, "Ewa", "Kowalska")
    screen = CheckoutScreen(env)
    qtbot.addWidget(screen)
    screen.resize(1100, 700)
    with qtbot.waitActive(screen):
        screen.show()
        screen.activateWindow()
    return screen, env, salon, ewa


def scan_into(qtbot, widget, text: str) -> None:
    type_text(qtbot, widget, text)
    qtbot.keyClick(widget, ENTER)


def test_scanning_a_card_at_the_till_opens_the_clients_ticket(qtbot, till):
    screen, env, salon, ewa = till
    screen.start(None)
    scan_into(qtbot, screen.entry, "haircut")  # rung up for a walk-in...
    uuid = screen.ticket.uuid
    scan_into(qtbot, screen.entry, scanned(env, salon.anna))  # ...then her card
    assert screen.ticket.uuid == uuid and screen.ticket.client_id == salon.anna
    assert [ln.description for ln in screen.ticket.lines] == ["Haircut"]
    assert "PPD hair dye" in screen.header.allergy_text.text()  # her alert at once
    assert screen.entry.text() == ""
    # Another client's card (Persian layout on): a ticket of her own.
    scan_into(qtbot, screen.entry, scanned(env, ewa, persian_layout=True))
    assert screen.ticket.client_id == ewa and not screen.ticket.lines
    assert screen.ticket.uuid != uuid
    assert env.ctx.tickets.load(uuid).client_id == salon.anna  # hers is parked


def test_an_unknown_or_archived_card_at_the_till_says_so(qtbot, till):
    screen, env, salon, ewa = till
    screen.start(None)
    scan_into(qtbot, screen.entry, "sdc999999")
    assert "sdc999999" in screen.message.text()
    assert screen.ticket.client_id is None and not screen.ticket.lines
    env.ctx.clients.set_archived(ewa, True, env.actor())
    scan_into(qtbot, screen.entry, scanned(env, ewa))
    assert screen.ticket.client_id is None
    assert card_payload(number_of(env, ewa)) in screen.message.text()


# -- printing ---------------------------------------------------------------------------------
def wait_preview(qtbot, button) -> PdfPreview:
    settle(button._env)
    qtbot.waitUntil(lambda: button.preview is not None and button.preview.isVisible())
    preview = button.preview
    assert isinstance(preview, PdfPreview)
    assert QApplication.activeModalWidget() is preview
    return preview


def close(preview: PdfPreview) -> None:
    preview.reject()


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_client_file_prints_its_card_file_and_intake_form(qtbot, make_env, lang):
    env = make_env(lang)
    name = ("Zahra", "Karimi") if lang == "en" else ("زهرا", "کریمی")
    cid = add(env, *name, allergies="Latex" if lang == "en" else "لاتکس")
    screen = ClientFileScreen(env)
    qtbot.addWidget(screen)
    screen.show()
    screen.new_client()
    assert not screen.print_button.isEnabled()  # nothing to print for a new file
    screen.open_client(cid)
    assert screen.print_button.isEnabled()
    number = env.fmt.client_number(number_of(env, cid))
    expected = {"card": card_payload(number_of(env, cid)), "file": "Latex", "intake": "Latex"}
    if lang == "fa":
        expected["file"] = expected["intake"] = "لاتکس"
    for kind, action in screen.print_button.actions_by_kind.items():
        screen.print_button.preview = None
        action.trigger()
        preview = wait_preview(qtbot, screen.print_button)
        assert preview.page_count() >= 1
        text = pdftotext(preview.data)
        assert shows(text, f"{name[0]} {name[1]}") and number in text
        assert expected[kind] in text
        assert f"{name[0]} {name[1]}" in preview.file_name  # saved under her name
        close(preview)


def test_the_list_prints_cards_for_the_selected_clients(qtbot, client_list):
    env, screen, ids = client_list()
    sel = screen.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    screen._select_row(0)  # Anna Nowak (by last name: Kowalska, Lis, Nowak)
    sel.select(screen.model.index(2, 0), flags)
    chosen = screen.selected_client_ids()
    assert len(chosen) == 2
    button = screen.cards_button
    button.actions_by_layout["card"].trigger()
    preview = wait_preview(qtbot, button)
    assert preview.page_count() == 2  # one card a page
    text = pdftotext(preview.data)
    for cid in chosen:
        assert card_payload(number_of(env, cid)) in text
    close(preview)
    button.preview = None
    button.actions_by_layout["a4"].trigger()
    preview = wait_preview(qtbot, button)
    assert preview.page_count() == 1  # both on one A4 sheet
    close(preview)


def test_cards_of_the_current_client_when_nothing_is_selected(qtbot, client_list):
    env, screen, ids = client_list()
    screen.table.selectionModel().clearSelection()
    assert screen.selected_client_ids() == [screen.current_client_id()]


def test_a_print_that_cannot_read_says_why(qtbot, make_env, monkeypatch):
    import sqlite3

    from PySide6.QtWidgets import QMessageBox

    env = make_env("en")
    cid = add(env, "Zahra", "Karimi")
    screen = ClientFileScreen(env)
    qtbot.addWidget(screen)
    screen.show()
    screen.open_client(cid)

    def locked(_client_id):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(env.ctx.printouts, "client_file", locked)
    screen.print_button.actions_by_kind["file"].trigger()
    settle(env)
    qtbot.waitUntil(lambda: screen.findChild(QMessageBox, "failureMessage") is not None)
    message = screen.findChild(QMessageBox, "failureMessage")
    assert "busy" in message.text()  # the sentence for a locked database
    assert screen.print_button.preview is None  # no preview of nothing
    message.close()
