"""The main window: navigation, shortcuts, who is at the desk, language."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from salon_desktop.domain.client import ClientDraft
from salon_desktop.ui.main_window import PAGES
from tests.ui.helpers import type_text


def test_ctrl_f_focuses_search_from_another_page(qtbot, main_window):
    window = main_window("en")
    window.nav.setCurrentRow(6)
    assert window.stack.currentWidget() is window.settings
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.clients
    qtbot.waitUntil(lambda: window.clients.list.search.hasFocus())


def test_screens_are_built_when_first_shown_and_the_checkout_soon_after_start(qtbot, main_window):
    """Start-up builds only the client list: the window paints at once."""
    window = main_window("en")
    assert set(window._built) <= {0, 1}
    catalog = PAGES.index("Catalog")
    assert catalog not in window._built
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert catalog in window._built
    assert window.stack.currentWidget() is window.catalog
    assert window.stack.count() == len(PAGES)  # the stand-in was replaced, not added to
    qtbot.waitUntil(lambda: PAGES.index("Checkout") in window._built, timeout=3000)
    # a page built later is the same page each time it is shown
    first = window.catalog
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is first


def test_ctrl_digits_switch_pages(qtbot, main_window):
    window = main_window("en")
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.checkout
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.complaints
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.staff
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.clients


def test_search_enter_opens_the_file_and_escape_returns(qtbot, main_window):
    window = main_window("en")
    env = window.env
    cid = env.ctx.clients.create(ClientDraft(first_name="Olivia", last_name="Stone"), env.actor())
    window.focus_client_search()
    page = window.clients
    type_text(qtbot, page.list.search, "oliv")
    qtbot.keyClick(page.list.search, Qt.Key.Key_Return)
    assert page.stack.currentWidget() is page.file
    assert page.file.current_client_id() == cid
    qtbot.keyClick(page.file, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.list)


def test_ctrl_n_starts_a_new_client_file(qtbot, main_window):
    window = main_window("en")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    page = window.clients
    assert page.stack.currentWidget() is page.file
    assert page.file.current_client_id() is None


def test_ctrl_n_from_a_persian_search_files_the_name_in_persian_letters(qtbot, main_window):
    """Typed on an Arabic keyboard layout (ي ك), found anyway by the search; the new
    file gets the Persian letters (ی ک), split into first and last name."""
    window = main_window("fa")
    env = window.env
    page = window.clients
    window.focus_client_search()
    type_text(qtbot, page.list.search, "علي كريمي")
    qtbot.keyClick(page.list.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.stack.currentWidget() is page.file
    details = page.file.details
    assert (details.first_name.text(), details.last_name.text()) == ("علی", "کریمی")
    qtbot.keyClick(details.first_name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.file.current_client_id() is not None)
    f = env.ctx.clients.get(page.file.current_client_id())
    assert (f.draft.first_name, f.draft.last_name) == ("علی", "کریمی")
    # The search still finds it by either letter form.
    assert [r.id for r in env.ctx.search.search("كريمي").rows] == [f.id]


def test_ctrl_n_from_an_english_search_splits_the_name(qtbot, main_window):
    window = main_window("en")
    page = window.clients
    window.focus_client_search()
    type_text(qtbot, page.list.search, "olivia stone")
    qtbot.keyClick(page.list.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    details = page.file.details
    assert (details.first_name.text(), details.last_name.text()) == ("Olivia", "Stone")


def test_desk_staff_is_remembered_and_recorded(qtbot, main_window):
    window = main_window("en", staff=None)
    env = window.env
    assert env.actor() is None
    assert window.desk_combo.currentData() is None
    anna = env.ctx.staff.add("Anna", "Stylist")
    env.bus.staff_changed.emit()
    idx = window.desk_combo.findText("Anna")
    assert idx > 0
    window.desk_combo.setCurrentIndex(idx)
    window.desk_combo.activated.emit(idx)
    assert env.actor() == anna.id
    assert json.loads((env.ctx.data_dir / "desk.json").read_text())["desk_staff_id"] == anna.id
    cid = env.ctx.clients.create(ClientDraft(first_name="Eva"), env.actor())
    from sqlalchemy import text

    with env.ctx.engine.connect() as conn:
        who = conn.execute(
            text("SELECT staff_id FROM audit_log WHERE entity='client' AND entity_id=:i"),
            {"i": cid},
        ).scalar()
    assert who == anna.id


def test_persian_mirrors_the_window(qtbot, main_window):
    window = main_window("fa")
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.isRightToLeft()
    # The navigation sits on the right in a mirrored window.
    assert window.nav.mapTo(window, window.nav.rect().topLeft()).x() > window.width() / 2


def test_qt_own_dialog_texts_follow_the_language(qapp):
    from PySide6.QtCore import QCoreApplication, QLocale

    from salon_desktop.ui.qt_i18n import apply_language

    try:
        apply_language(qapp, "pl")
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Anuluj"
        assert QLocale().name() == "pl_PL"
        apply_language(qapp, "fa")
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") != "Cancel"
        assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    finally:
        apply_language(qapp, "en")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_keyboard_lands_where_the_receptionist_types(qtbot, main_window):
    window = main_window("en")
    env, page = window.env, window.clients
    cid = env.ctx.clients.create(ClientDraft(first_name="Olivia"), env.actor())
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.file.details.first_name.hasFocus()  # type the name straight away
    page.file.discard_changes()
    page.open_client(cid)
    bar = page.file.tabs.tabBar()
    assert bar.hasFocus()
    qtbot.keyClick(bar, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert page.file.tabs.currentIndex() == 1


@pytest.mark.parametrize("language", ["en", "pl", "fa"])
def test_the_window_fits_a_1024_pixel_screen_in_every_language(qtbot, main_window, language):
    """No page may force the window wider than a small salon PC's screen."""
    window = main_window(language)
    window.resize(1024, 768)
    qtbot.wait(10)
    assert window.minimumSizeHint().width() <= 1024
    assert window.width() == 1024
    pages = [window.page(i) for i in range(len(PAGES))]
    qtbot.wait(10)
    assert window.width() == 1024  # building the other pages did not widen it
    widest = max(pages, key=lambda p: p.minimumSizeHint().width())
    assert widest.minimumSizeHint().width() <= 1024 - window.nav.width(), type(widest).__name__
