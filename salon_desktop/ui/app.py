"""Start the application: Qt, language, the profile's database, the main window.

Start-up is kept short: the window frame is drawn first, in the language cached
on this PC (``services.desk``), and only then is the database layer imported,
the database opened (and migrated if needed) in a worker thread and the screens
built into it. A profile that cannot be opened (damaged, empty, made by a newer
version, locked, on a read-only or full disk) is said on the frame, with Retry,
Choose another profile and Quit (``ui.opening``); the window never hangs on it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from salon_desktop.paths import RESOURCES, data_dir_path
from salon_desktop.services.desk import DeskPrefsStore
from salon_desktop.ui.layout_memory import restore_window
from salon_desktop.ui.main_window import MainWindow
from salon_desktop.ui.qt_i18n import apply_language

if TYPE_CHECKING:
    from salon_desktop.ui.opening import OpeningProblem


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
        if old is not None and old.env is not None:
            old.save_layout()  # the new window's splitters and columns as the old one's
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


def _app() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app


def _font_for(language: str) -> None:
    app = _app()
    font = QFont(app.font())
    # After the language's own font, the ones that draw what it lacks (a client's
    # name with an emoji or ③), as on the receipts.
    fallbacks = ["DejaVu Sans", "Symbola", "Noto Sans Symbols2", "Noto Color Emoji"]
    if language == "fa":
        font.setFamilies(["Vazirmatn", "Noto Sans Arabic", *fallbacks])
    else:
        font.setFamilies([QFont().defaultFamily(), *fallbacks])
    app.setFont(font)


def _load_fonts() -> None:
    folder = RESOURCES / "fonts"
    if folder.is_dir():
        for f in sorted(folder.glob("*.ttf")):
            QFontDatabase.addApplicationFont(str(f))


def _first_run(app: QApplication, ctx, language: str | None) -> bool:
    """Ask a fresh profile's questions; False when the user cancelled."""
    from salon_desktop.ui.first_run import FirstRunDialog

    apply_language(app, language or ctx.salon.language)
    return bool(FirstRunDialog(ctx, initial_language=language or "en").exec())


def run_gui(data_dir: str | None, db_url: str | None, language: str | None) -> int:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    startup = start_gui(app, data_dir, db_url, language)
    code = app.exec()
    startup.close()
    return code


class Startup:
    """The frame first (in the language cached on this PC), then the profile opened
    in a worker thread: the screens when it opened, else why not and what to do."""

    def __init__(self, app: QApplication, folder: Path, db_url: str | None, language: str | None):
        from salon_desktop.ui.opening import ProfileOpener

        self.app, self.folder, self.db_url = app, folder, db_url
        self.measuring = bool(os.environ.get("SALON_EXIT_AFTER_PAINT"))
        self.controller = AppController(app, None, language)
        cached = DeskPrefsStore(folder).load()
        shown_language = language or cached.language or "en"
        apply_language(app, shown_language)
        _font_for(shown_language)
        self.window = MainWindow(salon_name=cached.salon_name)
        self.window.setProperty("language", shown_language)
        restore_window(self.window, cached.layout)
        self.problem: OpeningProblem | None = None
        self.opener = ProfileOpener(app)
        self.opener.opened.connect(self._opened)
        self.opener.failed.connect(self._failed)
        self.window.first_painted.connect(self.open)
        self.window.show()
        if self.measuring:
            self.window.first_painted.connect(
                lambda: print(f"first-paint {_since_start():.4f}", flush=True)
            )

    @property
    def ctx(self):
        return self.controller.ctx

    def open(self) -> None:
        self.opener.start(self.folder, self.db_url)

    def _opened(self, ctx) -> None:
        import shiboken6

        if not shiboken6.isValid(self.window):  # closed while it was opening
            ctx.close()
            return
        self.controller.ctx = ctx
        first_run = not ctx.salon.first_run_done
        if first_run and not _first_run(self.app, ctx, self.controller.language_override):
            self.app.quit()
            return
        self.window = self.controller.attach(self.window)
        self._daily_backup()
        lock = self.window.desk_lock
        if first_run and lock is not None and lock.locked and self.window.env is not None:
            lock.open_for(self.window.env.desk_staff_id)  # the owner who just set the PIN
        if not self.measuring:
            QTimer.singleShot(0, self._ask_owner)
        if self.measuring:
            QTimer.singleShot(
                0, lambda: (print(f"ready {_since_start():.4f}", flush=True), self.app.quit())
            )

    def _daily_backup(self) -> None:
        """The first start of the day backs the salon up, in the background."""
        from salon_desktop.ui.backups_section import tell_if_failed
        from salon_desktop.ui.operations import Query

        window = self.window
        env = window.env
        if env is None or self.measuring:
            return
        Query(env, window, lambda ctx: ctx.backups.daily_if_due()).success(
            lambda status: tell_if_failed(status, window)
        ).run_in_background()

    def _ask_owner(self) -> None:
        """A profile without an owner who can log in (made before accounts existed,
        or a demo salon): ask for the owner's PIN. "Later" goes on as before."""
        import shiboken6
        from PySide6.QtCore import Qt

        from salon_desktop.ui.login.pin_dialog import OwnerSetupDialog

        window = self.window
        env = window.env if shiboken6.isValid(window) else None
        if env is None:
            return
        try:
            if env.ctx.accounts.in_use():
                return
        except Exception as exc:  # noqa: BLE001 - asked again at the next start
            env.ops.report_unexpected(exc)
            return
        dialog = OwnerSetupDialog(env, window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: window.set_desk_staff(env.desk_staff_id))
        dialog.open()

    def _failed(self, failure) -> None:
        import shiboken6

        from salon_desktop.ui.opening import OpeningProblem

        if not shiboken6.isValid(self.window):
            return
        self._drop_problem()
        self.problem = problem = OpeningProblem(failure)
        problem.retry.connect(self._retry)
        problem.other_profile.connect(self._other_profile)
        problem.quit.connect(self._quit)
        self.window.stack.addWidget(problem)
        self.window.stack.setCurrentWidget(problem)
        if self.measuring:
            print(f"opening-failed {failure.kind.value}", flush=True)
            QTimer.singleShot(0, lambda: self.app.exit(3))

    def _quit(self) -> None:
        self.window.close()
        self.app.quit()

    def _drop_problem(self) -> None:
        if self.problem is not None:
            self.window.stack.removeWidget(self.problem)
            self.problem.deleteLater()
            self.problem = None

    def _retry(self) -> None:
        self._drop_problem()
        self.window.stack.setCurrentWidget(self.window.loading)
        self.open()

    def _other_profile(self, folder: Path) -> None:
        """A profile folder the user chose: its own SQLite database (not the --db URL)."""
        from salon_desktop.applog import setup_logging
        from salon_desktop.ui.error_dialog import install_excepthook

        self.folder = folder
        self.db_url = "sqlite:///" + str(folder / "salon.sqlite3")
        install_excepthook(setup_logging(folder))
        self._retry()

    def close(self) -> None:
        if self.controller.ctx is not None:
            self.controller.ctx.close()


def start_gui(
    app: QApplication, data_dir: str | None, db_url: str | None, language: str | None
) -> Startup:
    app.setApplicationName("Salon Desktop")
    app.setOrganizationName("SalonDesktop")
    icon = RESOURCES / "icons" / "salon-desktop.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    _load_fonts()
    folder = data_dir_path(data_dir)
    from salon_desktop.applog import setup_logging
    from salon_desktop.ui.error_dialog import install_excepthook

    install_excepthook(setup_logging(folder))
    return Startup(app, folder, db_url, language)


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
