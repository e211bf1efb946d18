"""The start-up screen when the salon's files cannot be opened: a sentence in the
salon's language, Retry / Choose another profile / Quit, and the file untouched.

The app is started as ``salon-desktop`` starts it (``start_gui``): the frame
first, the profile opened in a worker thread.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

import salon_desktop.db.engine as engine_module
from salon_desktop.applog import close_logging
from salon_desktop.i18n import set_language
from salon_desktop.services.failures import Kind
from salon_desktop.services.opening import OPENING_MESSAGES
from salon_desktop.ui.app import start_gui
from salon_desktop.ui.qt_i18n import apply_language
from tests import profiles
from tests.ui.helpers import Modal

EXPECTED = {
    "truncated": Kind.DAMAGED,
    "garbage_inside": Kind.DAMAGED,
    "not_a_database": Kind.DAMAGED,
    "empty_file": Kind.EMPTY_FILE,
    "newer_version": Kind.NEWER_VERSION,
}
BUTTONS = {
    "en": ("Retry", "Choose another profile…", "Quit"),
    "pl": ("Spróbuj ponownie", "Wybierz inny profil…", "Zakończ"),
    "fa": ("تلاش دوباره", "انتخاب پروفایل دیگر…", "خروج"),
}


@pytest.fixture
def start(qapp, qtbot, monkeypatch):
    """``start(folder)``: the app started on that profile, as from the command line."""
    monkeypatch.setattr("salon_desktop.ui.error_dialog.install_excepthook", lambda _log: None)
    started = []

    def factory(folder, language=None):
        startup = start_gui(qapp, str(folder), None, language)
        started.append(startup)
        return startup

    yield factory
    for startup in started:
        if startup.ctx is not None and startup.window.env is not None:
            startup.window.env.ops.wait()
        startup.window.close()
        startup.window.deleteLater()
        startup.close()
    close_logging()
    apply_language(qapp, "en")


def _problem(qtbot, startup):
    qtbot.waitUntil(
        lambda: startup.problem is not None and startup.problem.isVisible(), timeout=20_000
    )
    assert startup.window.stack.currentWidget() is startup.problem
    return startup.problem


def _translated(language: str, msgid: str) -> str:
    from salon_desktop.i18n import _, current_language

    before = current_language()
    set_language(language)
    try:
        return _(msgid)
    finally:
        set_language(before)


@pytest.mark.parametrize("damage", sorted(profiles.BAD_FILES))
def test_a_bad_file_is_said_with_what_to_do_and_left_as_it_was(qtbot, tmp_path, start, damage):
    folder = tmp_path / "profile"
    db = profiles.BAD_FILES[damage](folder)
    before = db.read_bytes()
    startup = start(folder)
    problem = _problem(qtbot, startup)
    assert problem.sentence.text() == OPENING_MESSAGES[EXPECTED[damage]]
    assert str(db) in problem.where.text()
    for button, label in zip(
        (problem.retry_button, problem.other_button, problem.quit_button),
        BUTTONS["en"],
        strict=True,
    ):
        assert button.isVisible() and button.isEnabled() and button.text() == label
    assert QApplication.activeModalWidget() is None  # no first-run wizard over an empty file
    assert startup.ctx is None and startup.window.env is None
    # Retry does not change its mind, nor the file.
    qtbot.mouseClick(problem.retry_button, Qt.MouseButton.LeftButton)
    problem = _problem(qtbot, startup)
    assert problem.sentence.text() == OPENING_MESSAGES[EXPECTED[damage]]
    assert db.read_bytes() == before


@pytest.mark.parametrize("language", ["pl", "fa"])
def test_the_sentence_and_buttons_in_the_salons_language(qtbot, tmp_path, start, language):
    folder = tmp_path / "profile"
    db = profiles.truncated(folder)
    # The language this PC last showed the salon in (the database cannot say).
    (folder / "desk.json").write_text(json.dumps({"language": language, "salon_name": "Salon"}))
    startup = start(folder)
    problem = _problem(qtbot, startup)
    assert problem.sentence.text() == _translated(language, OPENING_MESSAGES[Kind.DAMAGED])
    assert problem.sentence.text() != OPENING_MESSAGES[Kind.DAMAGED]
    texts = (problem.retry_button.text(), problem.other_button.text(), problem.quit_button.text())
    assert texts == BUTTONS[language]
    rtl = Qt.LayoutDirection.RightToLeft if language == "fa" else Qt.LayoutDirection.LeftToRight
    assert problem.layoutDirection() == rtl
    assert str(db) in problem.where.text()


def test_locked_by_another_program_then_retry_opens_it(qtbot, tmp_path, start, monkeypatch):
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)
    folder = tmp_path / "profile"
    db = profiles.good_profile(folder)
    with profiles.locked_by_another_program(db):
        startup = start(folder)
        problem = _problem(qtbot, startup)
        assert problem.sentence.text() == OPENING_MESSAGES[Kind.LOCKED]
    qtbot.mouseClick(problem.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: startup.window.env is not None, timeout=20_000)
    assert startup.problem is None
    assert startup.window.stack.currentWidget() is startup.window.clients
    assert startup.ctx.clients.count() == 40


def test_choose_another_profile_opens_that_one(qtbot, tmp_path, start, monkeypatch):
    bad = tmp_path / "stick"
    profiles.truncated(bad)
    good = tmp_path / "backup"
    profiles.good_profile(good)
    startup = start(bad)
    problem = _problem(qtbot, startup)

    def choose(dialog) -> None:  # Qt's own folder dialog, in the app's language
        assert isinstance(dialog, QFileDialog)
        dialog.setDirectory(str(good.parent))
        dialog.selectFile(str(good))
        dialog.accept()

    modal = Modal(choose)
    qtbot.mouseClick(problem.other_button, Qt.MouseButton.LeftButton)
    modal.check()
    qtbot.waitUntil(lambda: startup.window.env is not None, timeout=20_000)
    assert startup.ctx.data_dir == good
    assert startup.window.salon_label.text() == "Studio Róża"


def test_quit(qtbot, qapp, tmp_path, start, monkeypatch):
    quits = []
    monkeypatch.setattr(qapp, "quit", lambda: quits.append(1))
    folder = tmp_path / "profile"
    profiles.empty_file(folder)
    startup = start(folder)
    problem = _problem(qtbot, startup)
    qtbot.mouseClick(problem.quit_button, Qt.MouseButton.LeftButton)
    assert quits == [1] and not startup.window.isVisible()
    assert (folder / "salon.sqlite3").stat().st_size == 0


def test_read_only_disk(qtbot, tmp_path, start, monkeypatch):
    folder = tmp_path / "profile"
    db = profiles.good_profile(folder)
    before = db.read_bytes()
    with profiles.read_only(folder, monkeypatch):
        startup = start(folder)
        problem = _problem(qtbot, startup)
    assert problem.sentence.text() == OPENING_MESSAGES[Kind.READ_ONLY]
    assert db.read_bytes() == before


def test_full_disk(qtbot, tmp_path, start, monkeypatch):
    folder = tmp_path / "profile"
    profiles.good_profile(folder)
    with profiles.full_disk(monkeypatch):
        startup = start(folder)
        problem = _problem(qtbot, startup)
    assert problem.sentence.text() == OPENING_MESSAGES[Kind.DISK_FULL]
    # Space freed: Retry opens the salon.
    qtbot.mouseClick(problem.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: startup.window.env is not None, timeout=20_000)


def test_the_app_reports_a_bad_file_and_does_not_hang(tmp_path):
    """In a process of its own, as the start-up benchmark runs it: painted, told, done."""
    folder = tmp_path / "profile"
    db = profiles.garbage_inside(folder)
    before = db.read_bytes()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SALON_EXIT_AFTER_PAINT="1")
    out = subprocess.run(
        [sys.executable, "-m", "salon_desktop", "--data-dir", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert out.returncode == 3, out.stderr
    assert "first-paint" in out.stdout and "opening-failed damaged" in out.stdout
    assert "Traceback" not in out.stderr
    assert db.read_bytes() == before
