"""The import dialog as the owner uses it: from the client list, choose a file, look at
the rows, change a column, import; every row or none."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox

from salon_desktop.domain.import_presets import Target
from salon_desktop.ui.clients.import_dialog import ImportDialog
from salon_desktop.ui.clients.list_screen import ClientListScreen
from tests.ui.helpers import settle

FRESHA = (
    "Client ID,First Name,Last Name,Email,Mobile Number,Telephone,Gender,Date of Birth,"
    "City,Note,Blocked,Added\n"
    '1,Anna,Żółw,anna@example.com,48601234567,,Female,17/05/1990,Kraków,"Tea\nno sugar",No,2020\n'
    "2,Ewa,Nowak,,602 345 678,,,,,,No,2020\n"
    "3,Ola,Kot,,not a phone,,,,,,No,2020\n"
)


def _dialog(qtbot, env):
    dialog = ImportDialog(env)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _open(env, dialog, path):
    dialog.open_file(str(path))
    settle(env)


def _cell(dialog, row, col):
    m = dialog.model
    return m.index(row, col).data()


def test_reached_from_the_client_list(qtbot, make_env):
    env = make_env("en")
    screen = ClientListScreen(env)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.mouseClick(screen.import_button, Qt.MouseButton.LeftButton)
    dialogs = screen.findChildren(ImportDialog)
    assert dialogs and dialogs[0].isVisible()
    dialogs[0].close()


def test_a_row_with_a_problem_stops_the_import_until_its_column_is_changed(
    qtbot, make_env, tmp_path
):
    env = make_env("pl")
    path = tmp_path / "export_customer_list.csv"
    path.write_text(FRESHA, encoding="utf-8")
    dialog = _dialog(qtbot, env)
    _open(env, dialog, path)

    assert "UTF-8" in dialog.info.text()
    assert dialog.preset.currentData() == "fresha"
    assert dialog.model.rowCount() == 3
    assert _cell(dialog, 0, dialog.model.COL_NAME) == "Anna Żółw"
    assert _cell(dialog, 2, dialog.model.COL_LINE) == "5"  # the quoted newline counted
    assert "Mobile Number" in _cell(dialog, 2, dialog.model.COL_DETAIL)
    assert "not a valid phone number" not in _cell(dialog, 0, dialog.model.COL_DETAIL)
    assert dialog.model.index(2, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert not dialog.import_button.isEnabled()
    box = dialog.only_problems
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert dialog.model.rowCount() == 1
    assert env.ctx.clients.count() == 0  # the preview is a dry run

    # The mobile column is not imported after all: every row is fine.
    dialog.tabs.setCurrentIndex(1)
    box = dialog.columns.cellWidget(4, 2)
    assert isinstance(box, QComboBox)
    assert box.currentData() == Target.MOBILE.value
    box.setCurrentIndex(box.findData(Target.IGNORE.value))
    settle(env)
    assert dialog.import_button.isEnabled()
    assert (
        dialog.import_button.text() == "Importuj 3 klientów" or "3" in dialog.import_button.text()
    )

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    settle(env)
    assert dialog.result_of_import is not None and dialog.result_of_import.created == 3
    assert "3" in dialog.summary.text()
    assert env.ctx.clients.count() == 3
    anna = env.ctx.clients.get(env.ctx.search.search("zolw").rows[0].id)
    assert anna.draft.phones == [] and anna.draft.notes == "Tea\nno sugar"


def test_clients_on_file_and_the_list_refreshes(qtbot, make_env, tmp_path):
    from salon_desktop.domain.client import ClientDraft, PhoneEntry

    env = make_env("en")
    kept = env.ctx.clients.create(ClientDraft("Ewa", "", [PhoneEntry("07912345678")]), None)
    screen = ClientListScreen(env)
    qtbot.addWidget(screen)
    path = tmp_path / "list.csv"
    path.write_text("Name,Phone,Email\nEwa Nowak,07912 345678,ewa@example.com\n", "utf-8")
    dialog = _dialog(qtbot, env)
    _open(env, dialog, path)
    detail = _cell(dialog, 0, dialog.model.COL_DETAIL)
    assert "client" in detail and "adds last name, e-mail" in detail
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    settle(env)
    assert "1 file on record completed" in dialog.summary.text()
    assert env.ctx.clients.get(kept).draft.email == "ewa@example.com"
    assert screen.model.rowCount() == 1
    assert "Nowak" in screen.model.index(0, screen.model.COL_NAME).data()


def test_a_file_that_cannot_be_read_says_why(qtbot, make_env, tmp_path):
    env = make_env("en")
    path = tmp_path / "broken.csv"
    path.write_text('First Name,Phone\n"Anna,601234567\n', "utf-8")
    dialog = _dialog(qtbot, env)
    _open(env, dialog, path)
    assert dialog.error.isVisible()
    assert "line 2" in dialog.error.text()
    assert not dialog.import_button.isEnabled() and not dialog.bar.isVisible()


@pytest.mark.parametrize("language", ["en", "pl", "fa"])
def test_fits_1024_by_768_in_every_language(qtbot, make_env, tmp_path, language):
    env = make_env(language)
    path = tmp_path / "contacts.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:کریمی;زهرا;;;\r\nFN:زهرا کریمی\r\n"
        "TEL;TYPE=CELL:09123456789\r\nEND:VCARD\r\n",
        "utf-8",
    )
    dialog = _dialog(qtbot, env)
    _open(env, dialog, path)
    assert dialog.model.rowCount() == 1
    hint = dialog.minimumSizeHint()
    assert hint.width() <= 1024 and hint.height() <= 740, hint
    assert dialog.width() <= 1024 and dialog.height() <= 740
