"""The client list as the receptionist uses it: type, arrows, Enter, Esc."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from salon_desktop.domain.client import ClientDraft, PhoneEntry
from salon_desktop.ui.clients.list_screen import ClientListScreen
from tests.ui.helpers import type_text


def add(env, first, last="", phone=None, **kw):
    phones = [PhoneEntry(phone)] if phone else []
    return env.ctx.clients.create(
        ClientDraft(first_name=first, last_name=last, phones=phones, **kw),
        env.actor(),
        allow_duplicate=True,
    )


@pytest.fixture
def persian_list(qtbot, make_env):
    env = make_env("fa")
    ids = {
        "zahra": add(env, "زهرا", "کریمی", "09123456789", allergies="PPD"),
        "ali": add(env, "علی", "احمدی", "09351112233"),
        "anna": add(env, "Anna", "Żółw", "+48600123456"),
    }
    screen = ClientListScreen(env)
    qtbot.addWidget(screen)
    screen.show()
    return env, screen, ids


def shown_names(screen):
    m = screen.model
    return [m.index(r, m.COL_NAME).data() for r in range(m.rowCount())]


def type_search(qtbot, screen, text):
    screen.search.clear()
    type_text(qtbot, screen.search, text)
    qtbot.waitUntil(lambda: not screen._timer.isActive())


def test_empty_search_lists_everyone_by_last_name(persian_list):
    env, screen, _ids = persian_list
    # Sorted by folded last name: Latin letters sort before Persian ones.
    assert shown_names(screen) == ["Anna Żółw", "علی احمدی", "زهرا کریمی"]
    assert "۳" in screen.status.text()  # Persian digits in the count


def test_arabic_letter_forms_find_persian_names(qtbot, persian_list):
    _env, screen, _ids = persian_list
    type_search(qtbot, screen, "كريمي")  # Arabic kaf and yeh
    assert shown_names(screen) == ["زهرا کریمی"]


def test_polish_name_without_diacritics_and_phone_fragments(qtbot, persian_list):
    _env, screen, _ids = persian_list
    type_search(qtbot, screen, "zolw")
    assert shown_names(screen) == ["Anna Żółw"]
    type_search(qtbot, screen, "۰۹۱۲ ۳۴۵")  # national form, Persian digits
    assert shown_names(screen) == ["زهرا کریمی"]
    type_search(qtbot, screen, "600 12")
    assert shown_names(screen) == ["Anna Żółw"]


def test_alert_column_and_persian_phone_digits(qtbot, persian_list):
    _env, screen, _ids = persian_list
    type_search(qtbot, screen, "زهرا")
    m = screen.model
    assert "⚠" in m.index(0, m.COL_ALERT).data()
    assert "۰۹۱۲" in m.index(0, m.COL_PHONE).data()


def test_one_letter_matches_word_starts(qtbot, persian_list):
    _env, screen, _ids = persian_list
    type_search(qtbot, screen, "ا")  # starts احمدی only; علی merely contains no alef at start
    assert shown_names(screen) == ["علی احمدی"]
    type_search(qtbot, screen, "a")
    assert shown_names(screen) == ["Anna Żółw"]


def test_arrows_and_enter_open_the_chosen_client(qtbot, persian_list):
    _env, screen, ids = persian_list
    opened = []
    screen.open_client.connect(opened.append)
    screen.search.setFocus()
    qtbot.keyClick(screen.search, Qt.Key.Key_Down)
    qtbot.keyClick(screen.search, Qt.Key.Key_Down)
    qtbot.keyClick(screen.search, Qt.Key.Key_Up)
    qtbot.keyClick(screen.search, Qt.Key.Key_Return)
    assert opened == [ids["ali"]]  # the second row


def test_enter_opens_first_match_and_escape_clears(qtbot, persian_list):
    _env, screen, ids = persian_list
    opened = []
    screen.open_client.connect(opened.append)
    type_search(qtbot, screen, "anna")
    qtbot.keyClick(screen.search, Qt.Key.Key_Return)
    assert opened == [ids["anna"]]
    qtbot.keyClick(screen.search, Qt.Key.Key_Escape)
    assert screen.search.text() == ""
    assert screen.model.rowCount() == 3


def test_archived_clients_are_listed_apart(qtbot, persian_list):
    env, screen, ids = persian_list
    env.ctx.clients.set_archived(ids["ali"], True, env.actor())
    type_search(qtbot, screen, "احمدی")
    assert shown_names(screen) == []
    screen.archived.setChecked(True)
    assert shown_names(screen) == ["علی احمدی"]


def test_list_fetches_more_rows_as_it_scrolls(qtbot, make_env):
    env = make_env("en")
    for i in range(250):
        add(env, f"Client{i:03d}", "Smith", birth_date=dt.date(1990, 1, 1))
    screen = ClientListScreen(env)
    qtbot.addWidget(screen)
    screen.show()
    assert screen.model.rowCount() == 100  # one page at first
    assert screen.model.canFetchMore()
    screen.table.scrollToBottom()
    qtbot.waitUntil(lambda: screen.model.rowCount() > 100)
    while screen.model.canFetchMore():
        screen.model.fetchMore()
    assert screen.model.rowCount() == 250
    assert len({screen.model.row_at(r).id for r in range(250)}) == 250
