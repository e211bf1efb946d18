"""Start the application: Qt, language, the profile's database, the main window."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication

from salon_desktop.paths import RESOURCES
from salon_desktop.ui.qt_i18n import apply_language


class AppController:
    """Owns the context and the main window; rebuilds the window when the language changes."""

    def __init__(self, app: QApplication, ctx, language_override: str | None = None):
        self.app = app
        self.ctx = ctx
        self.language_override = language_override
        self.window = None

    def language(self) -> str:
        return self.language_override or self.ctx.salon.language

    def build_window(self):
        from salon_desktop.i18n.formatting import Formatter
        from salon_desktop.ui.bus import ChangeBus
        from salon_desktop.ui.env import UiEnv
        from salon_desktop.ui.main_window import MainWindow

        language = self.language()
        apply_language(self.app, language)
        desk = self.ctx.desk.load().desk_staff_id
        # A bus per window: the old window's screens go away with their bus.
        bus = ChangeBus()
        env = UiEnv(self.ctx, Formatter(language, self.ctx.salon.currency), bus, desk)
        bus.settings_changed.connect(self._settings_changed)
        old = self.window
        self.window = MainWindow(env)
        if old is not None:
            self.window.setGeometry(old.geometry())
            old.close()
            old.deleteLater()
        return self.window

    def _settings_changed(self) -> None:
        """A new language or currency rebuilds every screen, once control is back
        in the event loop (the settings screen that emitted is still on the stack)."""
        env = self.window.env if self.window is not None else None
        salon = self.ctx.salon
        if env is not None and self.language_override in (None, salon.language) and (
            env.fmt.language, env.fmt.currency.value) == (salon.language, salon.currency):
            return
        self.language_override = None

        def rebuild() -> None:
            _font_for(self.language())
            window = self.build_window()
            window.show_page(window.settings)
            window.show()

        QTimer.singleShot(0, rebuild)


def _font_for(language: str) -> None:
    app = QApplication.instance()
    font = QFont(app.font())
    if language == "fa":
        font.setFamilies(["Vazirmatn", "Noto Sans Arabic", "DejaVu Sans"])
    app.setFont(font)


def run_gui(data_dir: str | None, db_url: str | None, language: str | None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Salon Desktop")
    app.setOrganizationName("SalonDesktop")
    icon = RESOURCES / "icons" / "salon-desktop.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    _load_fonts()

    from salon_desktop.services.context import open_context

    ctx = open_context(data_dir, db_url)
    controller = AppController(app, ctx, language)
    if not ctx.salon.first_run_done:
        from salon_desktop.ui.first_run import FirstRunDialog

        apply_language(app, language or ctx.salon.language)
        dialog = FirstRunDialog(ctx, initial_language=language or "en")
        if not dialog.exec():
            ctx.close()
            return 0
        controller.language_override = language
    _font_for(controller.language())
    window = controller.build_window()
    window.show()
    if os.environ.get("SALON_EXIT_AFTER_PAINT"):
        window.first_painted.connect(lambda: (print(f"first-paint {_since_start():.4f}", flush=True),
                                              app.quit()))
    code = app.exec()
    ctx.close()
    return code


def _load_fonts() -> None:
    from PySide6.QtGui import QFontDatabase

    folder = RESOURCES / "fonts"
    if folder.is_dir():
        for f in sorted(folder.glob("*.ttf")):
            QFontDatabase.addApplicationFont(str(f))


def _since_start() -> float:
    """Seconds since this process started (Linux), for the start-up benchmark."""
    try:
        ticks = os.sysconf("SC_CLK_TCK")
        with open("/proc/self/stat") as f:
            start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as f:
            uptime = float(f.read().split()[0])
        return uptime - start_ticks / ticks
    except (OSError, ValueError, IndexError):
        return float("nan")
