"""The action lists screen as a receptionist uses it: each list opens, Enter opens the
client's file, the export writes the CSV with a hostile name escaped, letters print;
the letter templates dialog previews as she types and refuses an unknown placeholder."""

from __future__ import annotations

import csv
import datetime as dt

from PySide6.QtCore import Qt

from salon_desktop.domain.action_lists import ListName
from salon_desktop.domain.client import ClientDraft
from salon_desktop.domain.letters import LetterKind
from tests.ui.helpers import settle, type_text

HOSTILE = "=cmd|' /C calc'!A0"


def _window(main_window, language="en"):
    window = main_window(language)
    env = window.env
    env.ctx.clients.create(
        ClientDraft(first_name=HOSTILE, last_name="Nowak", birth_date=dt.date(1990, 11, 23)),
        env.actor(),
    )
    env.ctx.clients.create(
        ClientDraft(first_name="Olivia", last_name="Stone", birth_date=dt.date(1991, 11, 25)),
        env.actor(),
    )
    return window


def test_each_list_opens_and_enter_opens_the_file(qtbot, main_window, tmp_path):
    window = _window(main_window)
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    screen = window.action_lists
    assert window.stack.currentWidget() is screen
    for name in ListName:
        screen.choose(name)
        settle(window.env)
        assert screen.model.list_name is name
    screen.choose(ListName.BIRTHDAYS_WEEK)
    settle(window.env)
    assert [screen.model.text(r, 1) for r in range(screen.model.rowCount())] == [
        f"{HOSTILE} Nowak",
        "Olivia Stone",
    ]
    assert "turns 36" in screen.model.text(0, 2)
    assert screen.count.text() == "2 clients"
    screen.table.setFocus()
    screen.table.selectRow(1)
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    settle(window.env)
    assert window.stack.currentWidget() is window.clients
    olivia = window.env.ctx.search.search("Olivia").rows[0].id
    qtbot.waitUntil(lambda: window.clients.file.current_client_id() == olivia)


def test_export_escapes_a_hostile_name(qtbot, main_window, tmp_path):
    window = _window(main_window)
    screen = window.action_lists
    screen.choose(ListName.BIRTHDAYS_TODAY)
    settle(window.env)
    out = tmp_path / "today.csv"
    screen.export_to(str(out))
    settle(window.env)
    assert screen.last_export == out
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[1][1] == "'" + HOSTILE
    assert "1 row written" in screen.count.text()


def test_print_letters_for_the_list(qtbot, main_window):
    window = _window(main_window, "fa")
    screen = window.action_lists
    screen.choose(ListName.BIRTHDAYS_WEEK)
    settle(window.env)
    screen.letters_button.click()
    settle(window.env)
    qtbot.waitUntil(lambda: screen.preview is not None)
    assert screen.preview.doc.pageCount() == 2
    screen.preview.close()


def test_editing_a_template_shows_the_preview(qtbot, main_window):
    window = _window(main_window)
    screen = window.action_lists
    screen.templates_button.click()
    dialog = screen.templates_dialog
    settle(window.env)
    assert dialog.current() == (LetterKind.INVITATION_BACK, "en")
    dialog.body.selectAll()
    type_text(qtbot, dialog.body, "Hello {first_name} from {salon_name}")
    qtbot.waitUntil(lambda: dialog.previewed is not None and "Hello Anna" in dialog.previewed.body)
    assert "Salon Test" in dialog.preview.toPlainText()
    type_text(qtbot, dialog.body, " {nickname}")
    dialog.save_button.click()
    settle(window.env)
    assert "There is no placeholder {nickname}" in dialog.errors.label("body").text()
    from salon_desktop.services.letters import LetterService

    assert not LetterService(window.env.ctx).template(LetterKind.INVITATION_BACK, "en").custom
    dialog.body.setPlainText("Hello {first_name}")
    dialog.save_button.click()
    settle(window.env)
    saved = LetterService(window.env.ctx).template(LetterKind.INVITATION_BACK, "en")
    assert saved.custom and saved.body == "Hello {first_name}"
    dialog.close()


def test_print_a_letter_from_the_client_file(qtbot, main_window):
    window = _window(main_window)
    env = window.env
    cid = env.ctx.clients.create(ClientDraft(first_name="Ewa", last_name="Lis"), env.actor())
    window.open_client_file(cid)
    settle(env)
    button = window.clients.file.print_button
    button.letter_actions[LetterKind.BIRTHDAY].trigger()
    settle(env)
    qtbot.waitUntil(lambda: button.preview is not None)
    assert "Ewa Lis" in button.preview.windowTitle()
    button.preview.close()
