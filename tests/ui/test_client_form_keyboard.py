"""The new-client form with the keyboard alone: Tab goes field by field in the order
they are shown, Shift+Tab goes back the same way, in every language."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from salon_desktop.domain.client import BuyingBehaviour, Gender, Source
from salon_desktop.ui.clients.file import ClientFileScreen
from tests.ui.helpers import type_text

# What a receptionist types, field by field (None: leave it, Tab on; "↓": the next choice).
CLIENTS = {
    "en": dict(
        first_name="Olivia",
        last_name="Stone",
        phone="07911 123456",
        e164="+447911123456",
        email="olivia@example.com",
        birth="03/08/1991",
        address="1 High Street",
        tags="VIP",
        confirmed="01/11/2026",
    ),
    "pl": dict(
        first_name="Anna",
        last_name="Żółw",
        phone="512 345 678",
        e164="+48512345678",
        email="anna@example.pl",
        birth="03.08.1991",
        address="ul. Długa 5",
        tags="VIP",
        confirmed="01.11.2026",
    ),
    "fa": dict(
        first_name="سارا",
        last_name="محمدی",
        phone="۰۹۱۲ ۳۴۵ ۶۷۸۹",
        e164="+989123456789",
        email="sara@example.com",
        birth="۱۳۷۰/۰۵/۱۲",
        address="تهران، خیابان ولیعصر",
        tags="VIP",
        confirmed="۱۴۰۵/۰۸/۱۰",
    ),
}


@pytest.fixture
def form(qtbot, make_env):
    def factory(language: str) -> ClientFileScreen:
        env = make_env(language)
        w = ClientFileScreen(env)
        qtbot.addWidget(w)
        w.resize(1024, 700)
        with qtbot.waitActive(w):  # focus moves only in the active window
            w.show()
            w.activateWindow()
        w.new_client()
        w.focus_start()
        qtbot.waitUntil(lambda: w.details.first_name.hasFocus())
        return w

    yield factory


def here() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def tab(qtbot, back: bool = False) -> QWidget:
    if back:
        qtbot.keyClick(here(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    else:
        qtbot.keyClick(here(), Qt.Key.Key_Tab)
    return here()


def choose_next(qtbot) -> None:
    qtbot.keyClick(here(), Qt.Key.Key_Down)


@pytest.mark.parametrize("language", ["en", "pl", "fa"])
def test_a_whole_client_typed_with_tab_alone(qtbot, form, language):
    w = form(language)
    env, d, c = w._env, w.details, CLIENTS[language]
    visited = [here()]

    def step() -> None:
        visited.append(tab(qtbot))

    type_text(qtbot, here(), c["first_name"])
    step()
    type_text(qtbot, here(), c["last_name"])
    step()
    assert here() is d.phones.rows[0].number  # not the "Add phone" button
    type_text(qtbot, here(), c["phone"])
    step()  # the phone's label: Mobile, as it is
    step()  # "Add phone": passed over
    step()
    assert here() is d.email
    type_text(qtbot, here(), c["email"])
    step()
    type_text(qtbot, here(), c["birth"])
    step()
    choose_next(qtbot)  # gender: the first choice after "not given"
    step()
    type_text(qtbot, here(), c["address"])
    step()
    choose_next(qtbot)  # how they found us
    step()  # referred by: left empty
    step()
    choose_next(qtbot)  # preferred staff member: the one at the desk
    step()
    type_text(qtbot, here(), c["tags"])
    step()
    choose_next(qtbot)  # buying behaviour
    step()
    qtbot.keyClick(here(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, here(), c["confirmed"])

    # Every field was reached once, in the order shown, and nothing else was.
    assert visited == d.focus_chain()
    assert len(d.phones.rows) == 1  # no empty row added on the way

    # Back the same way with Shift+Tab.
    back = [here()]
    while back[-1] is not d.first_name and len(back) < 40:
        back.append(tab(qtbot, back=True))
    assert back == visited[::-1]

    qtbot.keyClick(here(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: w.current_client_id() is not None)
    f = env.ctx.clients.get(w.current_client_id())
    draft = f.draft
    assert (draft.first_name, draft.last_name) == (c["first_name"], c["last_name"])
    assert [(p.number, p.label) for p in draft.phones] == [(c["e164"], "mobile")]
    assert draft.email == c["email"]
    assert draft.birth_date == dt.date(1991, 8, 3)
    assert draft.gender is Gender.FEMALE
    assert draft.address == c["address"]
    assert draft.source is Source.RECOMMENDATION
    assert draft.referred_by_id is None
    assert draft.preferred_staff_id == env.actor()
    assert draft.tags == ["VIP"]
    assert draft.buying_behaviour is BuyingBehaviour.UNDECIDED
    assert draft.contact_confirmed_on == dt.date(2026, 11, 1)


def test_a_phone_added_later_takes_its_place_in_the_tab_order(qtbot, form):
    w = form("en")
    d = w.details
    d.phones.rows[0].number.setFocus()
    type_text(qtbot, here(), "07911 123456")
    tab(qtbot)
    assert tab(qtbot) is d.phones.add_button
    qtbot.keyClick(here(), Qt.Key.Key_Space)  # "Add phone"
    second = d.phones.rows[1].number
    qtbot.waitUntil(second.hasFocus)
    type_text(qtbot, here(), "07911 654321")
    assert tab(qtbot) is d.phones.rows[1].label
    assert tab(qtbot) is d.phones.add_button
    assert tab(qtbot) is d.email
    assert tab(qtbot, back=True) is d.phones.add_button
    assert tab(qtbot, back=True) is d.phones.rows[1].label
    assert tab(qtbot, back=True) is second
    assert [r.number.text() for r in d.phones.rows] == ["07911 123456", "07911 654321"]


def test_an_opened_file_keeps_the_order_after_its_phones_are_reloaded(qtbot, form):
    w = form("fa")
    env = w._env
    from salon_desktop.domain.client import ClientDraft, PhoneEntry

    cid = env.ctx.clients.create(
        ClientDraft(
            first_name="مریم",
            phones=[PhoneEntry("+989123456789", "mobile"), PhoneEntry("+982188776655", "home")],
        ),
        env.actor(),
    )
    w.open_client(cid)
    d = w.details
    qtbot.waitUntil(lambda: all(r.number.isVisible() for r in d.phones.rows))  # shown
    qtbot.wait(20)
    # The rows of the new form it replaced never show up as windows of their own.
    assert QApplication.activeWindow() is w
    assert [t for t in QApplication.topLevelWidgets() if t.isVisible()] == [w]
    d.last_name.setFocus()
    assert tab(qtbot) is d.phones.rows[0].number
    assert tab(qtbot) is d.phones.rows[0].label
    assert tab(qtbot) is d.phones.rows[1].number
