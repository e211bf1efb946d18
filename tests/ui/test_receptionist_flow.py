"""A receptionist's morning, through the main window only: keyboard first.

New client typed in the salon's language (phone in Persian digits for the
Persian salon), saved with Ctrl+S; found again with another keyboard's letter
forms (Arabic ي/ك for Persian, no diacritics for Polish); opened with Enter;
the allergy alert is there; edited; a second file for the same person is
caught as a duplicate, then merged. The database is checked at each step.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from salon_desktop.domain.client import ClientDraft, PhoneEntry
from tests.ui.helpers import Modal, type_text

CTRL = Qt.KeyboardModifier.ControlModifier

CASES = {
    "fa": dict(
        first="زهرا",
        last="کریمی",
        phone="۰۹۱۲ ۳۴۵ ۶۷۸۹",
        e164="+989123456789",
        allergy="حساسیت به PPD",
        search="كريمي",
        other_phone="09351112233",
        other_e164="+989351112233",
        new_last="کریمی‌نژاد",
    ),
    "pl": dict(
        first="Małgorzata",
        last="Żółw",
        phone="601 234 567",
        e164="+48601234567",
        allergy="Lateks",
        search="zolw",
        other_phone="+48 602 000 111",
        other_e164="+48602000111",
        new_last="Żółwińska",
    ),
}


@pytest.mark.parametrize("language", ["fa", "pl"])
def test_receptionist_flow(qtbot, main_window, language):
    c = CASES[language]
    window = main_window(language)
    env, page = window.env, window.clients
    file = page.file

    # Ctrl+N: a new file; type it; Ctrl+S.
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    assert page.stack.currentWidget() is file
    type_text(qtbot, file.details.first_name, c["first"])
    type_text(qtbot, file.details.last_name, c["last"])
    type_text(qtbot, file.details.phones.rows[0].number, c["phone"])
    file.tabs.setCurrentWidget(file.care)
    type_text(qtbot, file.care.allergies, c["allergy"])
    with qtbot.waitSignal(file.saved) as saved:
        qtbot.keyClick(file.care.allergies, Qt.Key.Key_S, CTRL)
    cid = saved.args[0]
    stored = env.ctx.clients.get(cid)
    assert (stored.draft.first_name, stored.draft.last_name) == (c["first"], c["last"])
    assert [p.number for p in stored.draft.phones] == [c["e164"]]
    assert stored.draft.allergies == c["allergy"]

    # Esc back to the list; Ctrl+F; found with another keyboard's letters; Enter opens.
    qtbot.keyClick(file, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.list)
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    type_text(qtbot, page.list.search, c["search"])
    page.list.flush()
    assert page.list.model.rowCount() == 1
    qtbot.keyClick(page.list.search, Qt.Key.Key_Return)
    assert page.stack.currentWidget() is file and file.current_client_id() == cid
    assert file.allergy_banner.isVisible()
    assert c["allergy"] in file.allergy_text.text()

    # Edit the last name; save; the list shows the new name.
    file.tabs.setCurrentWidget(file.details)
    file.details.last_name.clear()
    type_text(qtbot, file.details.last_name, c["new_last"])
    with qtbot.waitSignal(file.saved):
        qtbot.keyClick(file.details.last_name, Qt.Key.Key_S, CTRL)
    assert env.ctx.clients.get(cid).draft.last_name == c["new_last"]

    # The same person was once filed again with another phone: merge them.
    other = env.ctx.clients.create(
        ClientDraft(
            first_name=c["first"], last_name=c["new_last"], phones=[PhoneEntry(c["other_phone"])]
        ),
        env.actor(),
        allow_duplicate=True,
    )

    def merge(dialog):
        type_text(qtbot, dialog.picker.edit, c["other_phone"][-6:])
        qtbot.keyClick(dialog.picker.edit, Qt.Key.Key_Return)
        assert dialog.other_id() == other
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)

    modal = Modal(merge)
    qtbot.mouseClick(file.merge_button, Qt.MouseButton.LeftButton)
    modal.check()
    kept = env.ctx.clients.get(cid)
    assert [p.number for p in kept.draft.phones] == [c["e164"], c["other_e164"]]
    merged = env.ctx.clients.get(other)
    assert merged.archived and merged.merged_into_id == cid

    # A new file typed with the merged phone is caught as a duplicate.
    # (Offscreen, no window is active after a dialog closes; a desktop would
    # give the focus back.)
    qtbot.wait(50)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(file, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.list)
    qtbot.keyClick(page.list.search, Qt.Key.Key_Escape)  # clear the search
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    assert file.current_client_id() is None and file.details.first_name.text() == ""
    type_text(qtbot, file.details.first_name, c["first"])
    type_text(qtbot, file.details.phones.rows[0].number, c["other_phone"])

    def open_existing(dialog):
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)

    modal = Modal(open_existing)
    qtbot.keyClick(file.details.first_name, Qt.Key.Key_S, CTRL)
    modal.check()
    assert file.current_client_id() == cid
    assert env.ctx.clients.count() == 1 and env.ctx.clients.count(archived=True) == 1
