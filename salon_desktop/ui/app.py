"""Start the application: Qt, language, the profile's database, the main window.

Start-up is kept short: the window frame is drawn first, in the language cached
on this PC (``services.desk``), and only then is the database layer imported,
the database opened (and migrated if needed) and the screens built into it.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from salon_desktop.paths import RESOURCES, resolve_data_dir
from salon_desktop.services.desk import DeskPrefsStore
from salon_desktop.ui.main_window import MainWindow
from salon_desktop.ui.qt_i18n import apply_language


class AppController:
    """Owns the context and the main window; rebuilds the window when the language changes."""

    def __init__(self, app: QApplication, ctx=None, language_override: str | None = None):
        self.app = app
        self.ctx = ctx
        self.language_override = language_override
        self.window: MainWindow | None = None

    def language(self) -> str:
        return self.language_override or self.ctx.salon.language

    def make_env(self):
        from salon_desktop.i18n.formatting import Formatter
        from salon_desktop.ui.bus import ChangeBus
        from salon_desktop.ui.env import UiEnv

        # A bus per window: the old window's screens go away with their bus.
        bus = ChangeBus()
        desk = self.ctx.desk.load().desk_staff_id
        env = UiEnv(self.ctx, Formatter(self.language(), self.ctx.salon.currency), bus, desk)
        bus.settings_changed.connect(self._settings_changed)
        return env

    def build_window(self) -> MainWindow:
        """A new main window, built in the current language, replacing any old one."""
        language = self.language()
        apply_language(self.app, language)
        _font_for(language)
        old = self.window
        self.window = MainWindow(self.make_env())
        self.window.setProperty("language", language)
        if old is not None:
            self.window.setGeometry(old.geometry())
            old.close()
            old.deleteLater()
        return self.window

    def attach(self, window: MainWindow) -> MainWindow:
        """Fill a frame drawn before the database was open, or replace it if the
        salon's language turned out to differ from the one cached on this PC."""
        self.window = window
        if self.language() != window_language(window):
            window = self.build_window()
            window.show()
            window.ready.emit()
            return window
        window.attach(self.make_env())
        return window

    def _settings_changed(self) -> None:
        """A new language or currency rebuilds every screen, once control is back
        in the event loop (the settings screen that emitted is still on the stack)."""
        env = self.window.env if self.window is not None else None
        salon = self.ctx.salon
        if (
            env is not None
            and self.language_override in (None, salon.language)
            and (env.fmt.language, env.fmt.currency.value) == (salon.language, salon.currency)
        ):
            return
        self.language_override = None

        def rebuild() -> None:
            window = self.build_window()
            window.show_page(window.settings)
            window.show()

        QTimer.singleShot(0, rebuild)


def window_language(window: MainWindow) -> str:
    return window.property("language") or "en"


def _font_for(language: str) -> None:
    app = QApplication.instance()
    font = QFont(app.font())
    if language == "fa":
        font.setFamilies(["Vazirmatn", "Noto Sans Arabic", "DejaVu Sans"])
    else:
        font.setFamilies([QFont().defaultFamily()])
    app.setFont(font)


def _load_fonts() -> None:
    folder = RESOURCES / "fonts"
    if folder.is_dir():
        for f in sorted(folder.glob("*.ttf")):
            QFontDatabase.addApplicationFont(str(f))


def _open(data_dir, db_url):
    from salon_desktop.services.context import open_context

    return open_context(data_dir, db_url)


def _first_run(app: QApplication, ctx, language: str | None) -> bool:
    """Ask a fresh profile's questions; False when the user cancelled."""
    from salon_desktop.ui.first_run import FirstRunDialog

    apply_language(app, language or ctx.salon.language)
    return bool(FirstRunDialog(ctx, initial_language=language or "en").exec())


def run_gui(data_dir: str | None, db_url: str | None, language: str | None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Salon Desktop")
    app.setOrganizationName("SalonDesktop")
    icon = RESOURCES / "icons" / "salon-desktop.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    _load_fonts()
    folder = resolve_data_dir(data_dir)
    from salon_desktop.applog import setup_logging
    from salon_desktop.ui.error_dialog import install_excepthook

    install_excepthook(setup_logging(folder))
    cached = DeskPrefsStore(folder).load()
    measuring = bool(os.environ.get("SALON_EXIT_AFTER_PAINT"))
    controller = AppController(app, None, language)

    if cached.language is None:
        # Never opened on this PC: open the database first (a new profile has
        # questions to ask before there is anything to show).
        controller.ctx = _open(folder, db_url)
        if not controller.ctx.salon.first_run_done and not _first_run(
            app, controller.ctx, language
        ):
            controller.ctx.close()
            return 0
        window = controller.build_window()
        window.show()
        if measuring:
            _report_start_up(app, window)
    else:
        shown_language = language or cached.language
        apply_language(app, shown_language)
        _font_for(shown_language)
        window = MainWindow(salon_name=cached.salon_name)
        window.setProperty("language", shown_language)
        window.show()
        if measuring:
            _report_start_up(app, window)

        def open_database() -> None:
            controller.ctx = _open(folder, db_url)
            if not controller.ctx.salon.first_run_done and not _first_run(
                app, controller.ctx, language
            ):
                app.quit()
                return
            controller.attach(window)

        window.first_painted.connect(open_database)

    code = app.exec()
    if controller.ctx is not None:
        controller.ctx.close()
    return code


def _report_start_up(app: QApplication, window: MainWindow) -> None:
    """For benchmarks/startup.py: print when the window was first painted and
    when its screens were filled, then quit."""
    window.first_painted.connect(lambda: print(f"first-paint {_since_start():.4f}", flush=True))

    def ready() -> None:
        QTimer.singleShot(0, lambda: (print(f"ready {_since_start():.4f}", flush=True), app.quit()))

    if window.env is not None:
        window.first_painted.connect(ready)
    else:
        window.ready.connect(ready)


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
