"""The Backups and export tab of the settings, used as the owner uses it: a folder,
how many to keep, Back up now, Restore… (checked, then asked), Export…; every
failure a sentence on the screen; the till close's backup failure said."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from salon_desktop.domain.client import ClientDraft
from salon_desktop.services.backup import default_folder
from salon_desktop.ui.backups_section import BackupsSection, RestoreDialog
from salon_desktop.ui.export_dialog import ExportDialog
from salon_desktop.ui.settings_screen import SettingsScreen
from salon_desktop.ui.till.close_dialog import CloseSessionDialog
from salon_desktop.ui.till.screen import TillScreen
from tests.faults import EXPECTED_WORDS, KINDS, inject
from tests.ui.helpers import Modal, settle, type_text

LEFT = Qt.MouseButton.LeftButton


def section(qtbot, env) -> BackupsSection:
    screen = SettingsScreen(env)
    qtbot.addWidget(screen)
    screen.resize(854, 700)
    screen.show()
    screen.tabs.setCurrentWidget(screen.backups)
    screen.backups.kept_screen = screen  # the screen lives as long as the test holds its section
    return screen.backups


def test_back_up_now_shows_the_backup_made(qtbot, make_env):
    env = make_env("en")
    s = section(qtbot, env)
    assert s.last.text() == "No backup made yet."
    qtbot.mouseClick(s.backup_button, LEFT)
    assert not s.backup_button.isEnabled()  # in the background
    settle(env)
    [made] = env.ctx.backups.backups()
    assert made.parent == default_folder(env.ctx.data_dir)
    assert "made and checked" in s.last.text() and made.name in s.last.text()
    assert made.name in s.done.text() and s.backup_button.isEnabled()
    assert not s.message.isVisible()


def test_a_chosen_folder_that_is_gone_is_said_beside_the_buttons(qtbot, make_env, tmp_path):
    env = make_env("en")
    s = section(qtbot, env)
    stick = tmp_path / "STICK"
    stick.mkdir()
    s.set_folder(str(stick))
    settle(env)
    assert env.ctx.salon.backup_folder == str(stick)
    stick.rmdir()  # the stick pulled out
    qtbot.mouseClick(s.backup_button, LEFT)
    settle(env)
    assert s.message.isVisible() and "is not there" in s.message.text()
    assert str(stick) in s.message.text()
    assert "failed" in s.last.text() and "b00020" in s.last.styleSheet()
    assert not stick.exists()


def test_keep_the_last_n_typed_and_saved(qtbot, make_env):
    env = make_env("en")
    s = section(qtbot, env)
    assert s.keep.value() == 14 and s.keep.suffix() == " backups"
    s.keep.selectAll()
    type_text(qtbot, s.keep.lineEdit(), "3")
    qtbot.keyClick(s.keep, Qt.Key.Key_Return)
    settle(env)
    assert env.ctx.salon.backup_keep == 3
    assert env.ctx.settings.load().backup_keep == 3


def test_the_salon_settings_save_keeps_the_backup_choices(qtbot, make_env, tmp_path):
    env = make_env("en")
    screen = SettingsScreen(env)
    qtbot.addWidget(screen)
    screen.show()
    screen.backups.set_folder(str(tmp_path))
    settle(env)
    type_text(qtbot, screen.salon_name, " Two")
    qtbot.mouseClick(screen.save_button, LEFT)
    settle(env)
    saved = env.ctx.settings.load()
    assert (saved.salon_name, saved.backup_folder) == ("Salon Test Two", str(tmp_path))


def test_restore_checks_asks_and_then_the_data_is_the_backup(qtbot, make_env):
    env = make_env("en")
    ctx = env.ctx
    ctx.clients.create(ClientDraft(first_name="Olivia"), env.actor())
    made = ctx.backups.back_up().file
    ctx.clients.create(ClientDraft(first_name="Later"), env.actor())
    s = section(qtbot, env)
    heard = []
    env.bus.client_changed.connect(lambda *a: heard.append(a))
    seen = {}

    def confirm(dialog):
        assert isinstance(dialog, RestoreDialog)
        seen["texts"] = [w.text().strip("\u2066\u2069") for w in dialog.findChildren(type(s.last))]
        assert not dialog.restore_button.isDefault()
        qtbot.mouseClick(dialog.restore_button, LEFT)

    modal = Modal(confirm)
    s.restore_from(made)
    qtbot.waitUntil(lambda: modal.seen is not None)
    modal.check()
    settle(env)
    assert ctx.clients.count() == 1
    assert made.name in seen["texts"] and "1" in seen["texts"]
    assert "restored" in s.done.text() and "before-restore-" in s.done.text()
    assert any(p.name.startswith("before-restore-") for p in default_folder(ctx.data_dir).iterdir())


def test_restore_cancelled_changes_nothing(qtbot, make_env):
    env = make_env("en")
    ctx = env.ctx
    made = ctx.backups.back_up().file
    ctx.clients.create(ClientDraft(first_name="Later"), env.actor())
    s = section(qtbot, env)
    modal = Modal(lambda dialog: dialog.reject())
    s.restore_from(made)
    qtbot.waitUntil(lambda: modal.seen is not None)
    modal.check()
    settle(env)
    assert ctx.clients.count() == 1
    assert s.done.text() == ""


def test_a_file_that_is_not_a_backup_is_refused_without_asking(qtbot, make_env, tmp_path):
    env = make_env("en")
    s = section(qtbot, env)
    notes = tmp_path / "notes.sqlite3"
    notes.write_text("shopping list")
    s.restore_from(notes)
    settle(env)
    assert QApplication.activeModalWidget() is None
    assert "not a backup of Salon Desktop" in s.message.text()
    assert s.restore_button.isEnabled()


def test_export_sales_from_the_dialog(qtbot, make_env, tmp_path):
    env = make_env("en")
    env.ctx.clients.create(ClientDraft(first_name="=1+2"), env.actor())
    dialog = ExportDialog(env)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.date_from.isEnabled()  # clients: every file, whatever the date
    assert dialog.suggested_name() == "clients-2026-11-23.csv"
    dialog.export_to(tmp_path / "clients")
    settle(env)
    out = tmp_path / "clients.csv"
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[1][1] == "'=1+2"
    assert dialog.written.text() == f"1 row written to \u2066{out}\u2069"
    dialog.what.setCurrentIndex(dialog.what.findData("sales"))
    assert dialog.date_from.isEnabled()
    dialog.export_to(tmp_path / "missing" / "sales.csv")
    settle(env)
    assert dialog.message.isVisible() and "is not there" in dialog.message.text()


def test_export_refuses_dates_in_the_wrong_order(qtbot, make_env, tmp_path):
    env = make_env("en")
    dialog = ExportDialog(env)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.what.setCurrentIndex(dialog.what.findData("visits"))
    dialog.date_from.clear()
    type_text(qtbot, dialog.date_from.edit, "30/11/2026")
    dialog.export_to(tmp_path / "v.csv")
    settle(env)
    assert "after the last" in dialog.dates_error.text()
    assert not (tmp_path / "v.csv").exists()


def test_the_export_button_opens_the_dialog(qtbot, make_env):
    env = make_env("en")
    s = section(qtbot, env)
    modal = Modal(lambda dialog: dialog.reject())
    qtbot.mouseClick(s.export_button, LEFT)
    assert isinstance(modal.check(), ExportDialog)


def test_a_till_close_whose_backup_fails_closes_and_says_so(qtbot, make_env, tmp_path):
    env = make_env("en")
    ctx = env.ctx
    ctx.save_settings(dataclasses.replace(ctx.salon, backup_folder=str(tmp_path / "gone")))
    w = TillScreen(env)
    qtbot.addWidget(w)
    w.show()

    def close(dialog):
        assert isinstance(dialog, CloseSessionDialog)
        type_text(qtbot, dialog.counted, "0")
        qtbot.mouseClick(dialog.close_button, LEFT)

    modal = Modal(close)
    qtbot.mouseClick(w.day.close_button, LEFT)
    modal.check()
    settle(env)
    assert ctx.till.is_closed()
    box = qtbot.waitUntil(lambda: _message_box() is not None) or _message_box()
    assert box is not None and "is not there" in box.text() and str(tmp_path / "gone") in box.text()
    box.close()


def _message_box() -> QMessageBox | None:
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMessageBox) and w.objectName() == "backupFailedMessage" and w.isVisible():
            return w
    return None


def test_a_server_database_says_to_use_the_server_tools(qtbot, make_env, monkeypatch):
    env = make_env("en")
    monkeypatch.setattr(env.ctx.backups, "_db", None)
    s = section(qtbot, env)
    assert not s.backup_button.isEnabled() and not s.restore_button.isEnabled()
    assert s.export_button.isEnabled()
    assert any("pg_dump" in label.text() for label in s.findChildren(type(s.last)))


def test_the_backups_tab_in_persian_fits_and_speaks_persian(qtbot, make_env):
    env = make_env("fa")
    s = section(qtbot, env)
    screen = s.parentWidget()
    while not isinstance(screen, SettingsScreen):
        screen = screen.parentWidget()
    assert screen.tabs.tabText(1) != "Backups and export"
    assert s.backup_button.text() != "Back up now"
    assert screen.minimumSizeHint().width() <= 1024 - 170
    assert screen.minimumSizeHint().height() <= 768 - 80
    qtbot.mouseClick(s.backup_button, LEFT)
    settle(env)
    assert "۱۴۰۵" in s.last.text()  # the Jalali date, Persian digits
    assert Path(env.ctx.backups.status().file).exists()


@pytest.mark.parametrize("kind", KINDS)
def test_saving_the_backup_choices_that_fails_says_why_and_keeps_them(qtbot, make_env, kind):
    env = make_env("en")
    s = section(qtbot, env)
    with inject(env.ctx.engine, kind):
        s.set_folder("/media/stick")
        settle(env)
    assert s.message.isVisible() and EXPECTED_WORDS[kind] in s.message.text()
    assert env.ctx.settings.load().backup_folder == ""
    assert s.folder.text() == "/media/stick"  # still there to try again


@pytest.mark.parametrize("kind", KINDS)
def test_an_export_whose_audit_entry_fails_says_why(qtbot, make_env, kind, tmp_path):
    env = make_env("en")
    dialog = ExportDialog(env)
    qtbot.addWidget(dialog)
    dialog.show()
    with inject(env.ctx.engine, kind):
        dialog.export_to(tmp_path / "clients.csv")
        settle(env)
    assert dialog.message.isVisible() and EXPECTED_WORDS[kind] in dialog.message.text()
    assert dialog.export_button.isEnabled()
    assert [p for p in tmp_path.iterdir() if p.is_file()] == []  # none the audit log lacks


# -- the first start of the day --------------------------------------------------------
@pytest.fixture
def start(qapp, qtbot, monkeypatch):
    """``start(folder)``: the app started on that profile, as from the command line."""
    from salon_desktop.applog import close_logging
    from salon_desktop.ui.app import start_gui
    from salon_desktop.ui.qt_i18n import apply_language

    monkeypatch.setattr("salon_desktop.ui.error_dialog.install_excepthook", lambda _log: None)
    started = []

    def factory(folder):
        startup = start_gui(qapp, str(folder), None, None)
        started.append(startup)
        qtbot.waitUntil(lambda: startup.window.env is not None, timeout=20_000)
        settle(startup.window.env)
        return startup

    yield factory
    for startup in started:
        if startup.window.env is not None:
            startup.window.env.ops.wait()
        startup.window.close()
        startup.window.deleteLater()
        startup.close()
    close_logging()
    apply_language(qapp, "en")


def test_the_first_start_of_the_day_backs_up_once(qtbot, tmp_path, start):
    from tests import profiles

    folder = tmp_path / "profile"
    profiles.good_profile(folder, clients=2)
    startup = start(folder)
    status = startup.ctx.backups.status()
    assert status.ok and status.reason == "daily" and Path(status.file).exists()
    assert _message_box() is None
    again = start(folder)  # the second start of the day: no other backup
    assert len(again.ctx.backups.backups()) == 1


def test_a_first_start_whose_backup_fails_says_so(qtbot, tmp_path, start):
    from salon_desktop.services.context import open_context
    from tests import profiles

    folder = tmp_path / "profile"
    profiles.good_profile(folder, clients=2)
    ctx = open_context(folder)
    ctx.save_settings(dataclasses.replace(ctx.salon, backup_folder=str(tmp_path / "STICK")))
    ctx.close()
    start(folder)
    qtbot.waitUntil(lambda: _message_box() is not None)
    box = _message_box()
    assert "automatic backup was not made" in box.text() and "STICK" in box.text()
    box.close()


def test_a_till_close_backs_up_in_the_background(qtbot, make_env):
    env = make_env("en")
    w = TillScreen(env)
    qtbot.addWidget(w)
    w.show()

    def close(dialog):
        type_text(qtbot, dialog.counted, "0")
        qtbot.mouseClick(dialog.close_button, LEFT)

    modal = Modal(close)
    qtbot.mouseClick(w.day.close_button, LEFT)
    modal.check()
    settle(env)
    status = env.ctx.backups.status()
    assert env.ctx.till.is_closed() and status.ok and status.reason == "till_close"
    assert len(env.ctx.backups.backups()) == 1  # one backup, not one per path
    assert _message_box() is None
