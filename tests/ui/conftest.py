"""Screens under test: a temporary profile, a language, and the main window."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from salon_desktop.i18n.formatting import Formatter
from salon_desktop.services.context import open_context
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.qt_i18n import apply_language
from tests.premigrated import premigrate

TODAY = dt.date(2026, 11, 23)
SALONS = {"en": ("GB", "GBP"), "pl": ("PL", "PLN"), "fa": ("IR", "IRT")}


@pytest.fixture
def make_env(qapp, tmp_path):
    """``make_env("fa")``: a fresh profile whose salon speaks that language."""
    made = []

    def factory(language: str = "en", staff: str | None = "Mina") -> UiEnv:
        folder = tmp_path / f"profile-{len(made)}"
        premigrate(f"sqlite:///{folder / 'salon.sqlite3'}")
        ctx = open_context(data_dir=folder, today=lambda: TODAY)
        region, currency = SALONS[language]
        ctx.save_settings(
            dataclasses.replace(
                ctx.salon,
                language=language,
                phone_region=region,
                currency=currency,
                salon_name="Salon Test",
                first_run_done=True,
            )
        )
        desk = ctx.staff.add(staff, "Receptionist").id if staff else None
        apply_language(qapp, language)
        env = UiEnv(ctx, Formatter(language, currency), desk_staff_id=desk)
        made.append(env)
        return env

    yield factory
    for env in made:
        env.stop_feed()
        env.ops.wait()
        env.ctx.close()
    apply_language(qapp, "en")


@pytest.fixture
def main_window(qtbot, make_env):
    """``main_window("pl")``: the main window shown on a fresh profile."""
    from salon_desktop.ui.main_window import MainWindow

    windows = []

    def factory(language: str = "en", staff: str | None = "Mina") -> MainWindow:
        env = make_env(language, staff)
        window = MainWindow(env)
        windows.append(window)
        with qtbot.waitActive(window):  # window shortcuts need an active window
            window.show()
            window.activateWindow()
        return window

    yield factory
    # Not closed through qtbot: a failed test may leave unsaved edits, and the
    # question asked on closing would block the run.
    for window in windows:
        window.clients.file.discard_changes()
        window.close()
        window.deleteLater()
