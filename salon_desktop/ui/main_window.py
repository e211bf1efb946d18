"""The main window: navigation, who is at the desk, and the screens' stack.

Each screen is its own module; this window only places them and routes
shortcuts. Later screens (visits, complaints, surveys, reports) join ``PAGES``.

The window is drawn in two steps so it appears at once: the frame (navigation,
desk bar, title) needs only Qt and gettext; ``attach(env)`` then builds the
client list, which brings in the database layer, Babel and phonenumbers. Every
other screen is built (and its module imported) the first time it is shown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QWidget,
)

from salon_desktop.i18n import N_, _

if TYPE_CHECKING:
    from salon_desktop.ui.actions import ActionsScreen
    from salon_desktop.ui.catalog.screen import CatalogScreen
    from salon_desktop.ui.checkout.screen import CheckoutScreen
    from salon_desktop.ui.clients.page import ClientsPage
    from salon_desktop.ui.complaints import ComplaintsScreen
    from salon_desktop.ui.env import UiEnv
    from salon_desktop.ui.home import HomeScreen
    from salon_desktop.ui.login.lock_overlay import DeskLock
    from salon_desktop.ui.reports import ReportsScreen
    from salon_desktop.ui.settings_screen import SettingsScreen
    from salon_desktop.ui.staff_screen import StaffScreen
    from salon_desktop.ui.surveys import SurveysScreen
    from salon_desktop.ui.till.screen import TillScreen

log = logging.getLogger(__name__)

PAGES = (
    N_("Clients"),
    N_("Checkout"),
    N_("Catalog"),
    N_("Till"),
    N_("Complaints"),
    N_("Surveys"),
    N_("Staff"),
    N_("Settings"),
    N_("Reports"),
    N_("Action lists"),
    N_("Today"),
)


def page_shortcut(index: int) -> str:
    """The key of a page: Ctrl+1 to Ctrl+9 and Ctrl+0 in order, the day's page Alt+Home
    (the browsers' key for the home page)."""
    if PAGES[index] == N_("Today"):
        return "Alt+Home"
    if index < 9:
        return f"Ctrl+{index + 1}"
    return "Ctrl+0" if index == 9 else ""


def _clients(env: UiEnv) -> QWidget:
    from salon_desktop.ui.clients.page import ClientsPage

    return ClientsPage(env)


def _checkout(env: UiEnv) -> QWidget:
    from salon_desktop.ui.checkout.screen import CheckoutScreen

    return CheckoutScreen(env)


def _catalog(env: UiEnv) -> QWidget:
    from salon_desktop.ui.catalog.screen import CatalogScreen

    return CatalogScreen(env)


def _till(env: UiEnv) -> QWidget:
    from salon_desktop.ui.till.screen import TillScreen

    return TillScreen(env)


def _complaints(env: UiEnv) -> QWidget:
    from salon_desktop.ui.complaints import ComplaintsScreen

    return ComplaintsScreen(env)


def _surveys(env: UiEnv) -> QWidget:
    from salon_desktop.ui.surveys import SurveysScreen

    return SurveysScreen(env)


def _actions(env: UiEnv) -> QWidget:
    from salon_desktop.ui.actions import ActionsScreen

    return ActionsScreen(env)


def _staff(env: UiEnv) -> QWidget:
    from salon_desktop.ui.staff_screen import StaffScreen

    return StaffScreen(env)


def _settings(env: UiEnv) -> QWidget:
    from salon_desktop.ui.settings_screen import SettingsScreen

    return SettingsScreen(env)


def _reports(env: UiEnv) -> QWidget:
    from salon_desktop.ui.reports import ReportsScreen

    return ReportsScreen(env)


def _home(env: UiEnv) -> QWidget:
    from salon_desktop.ui.home import HomeScreen

    return HomeScreen(env)


# What builds each page of ``PAGES``, in the same order (imported when first shown).
_PAGE_FACTORIES: tuple[Callable[[UiEnv], QWidget], ...] = (
    _clients,
    _checkout,
    _catalog,
    _till,
    _complaints,
    _surveys,
    _staff,
    _settings,
    _reports,
    _actions,
    _home,
)


class MainWindow(QMainWindow):
    first_painted = Signal()
    ready = Signal()  # the screens are built and filled

    def __init__(self, env: UiEnv | None = None, salon_name: str = ""):
        super().__init__()
        self.env: UiEnv | None = None
        self.desk_lock: DeskLock | None = None
        self.setObjectName("mainWindow")
        self._fit_screen(1180, 760)
        self._painted = False

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(170)
        self.nav.setStyleSheet(
            "QListWidget#navigation { font-size: 15px; }"
            "QListWidget#navigation::item { padding: 10px 8px; }"
        )
        for i, title in enumerate(PAGES):
            item = QListWidgetItem(_(title))
            item.setToolTip(page_shortcut(i))
            self.nav.addItem(item)
        self.stack = QStackedWidget()
        self.loading = QLabel(_("Opening the salon's files…"))
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.loading)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._build_desk_bar()
        self._retitle(salon_name)
        self.installEventFilter(self)
        if env is not None:
            self.attach(env)

    def _fit_screen(self, width: int, height: int) -> None:
        """That size, or the screen's if it is smaller (a 1024×768 desk PC)."""
        from PySide6.QtGui import QGuiApplication

        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            avail = screen.availableGeometry()
            width, height = min(width, avail.width()), min(height, avail.height())
        self.resize(width, height)

    # -- the screens -----------------------------------------------------------
    @property
    def live(self) -> UiEnv:
        """The environment of the built screens (only called once they are)."""
        assert self.env is not None, "the screens are not built yet"
        return self.env

    def attach(self, env: UiEnv) -> None:
        """Open the window on the database: the client list at once, each other
        screen when it is first shown (building all eight at once kept the window
        from painting for over half a second), the checkout soon after start."""
        self.env = env
        self._layout = env.ctx.desk.load().layout  # each screen's panes as this PC left them
        self._built: dict[int, QWidget] = {}
        self._slots: list[QWidget] = []
        for _title in PAGES:  # an empty stand-in until the screen is built
            slot = QWidget()
            self._slots.append(slot)
            self.stack.addWidget(slot)
        self.stack.removeWidget(self.loading)
        self.loading.deleteLater()
        self.nav.currentRowChanged.connect(lambda row: self.stack.setCurrentWidget(self.page(row)))
        self.page(0)
        self.nav.setCurrentRow(0)
        self.stack.setCurrentWidget(self.clients)
        self._build_shortcuts()
        # While the desk is idle after start, one at a time: the client file and the
        # checkout, the screens a receptionist opens first (else built when first shown).
        self._warm_ups: list[Callable[[], object]] = [
            lambda: self.clients.file,
            lambda: self.page(PAGES.index(N_("Checkout"))),
        ]
        self._soon = QTimer(self)  # dies with the window, never fires on a closed one
        self._soon.setInterval(400)
        self._soon.timeout.connect(self._warm_up)
        self._soon.start()
        env.bus.checkout_requested.connect(self.open_checkout)
        env.bus.client_file_requested.connect(self.open_client_file)
        env.bus.page_requested.connect(lambda title: self.nav.setCurrentRow(PAGES.index(title)))
        env.bus.settings_changed.connect(lambda: self._retitle(env.ctx.salon.salon_name))
        env.ops.unexpected.connect(self._unexpected)
        from salon_desktop.ui.login.lock_overlay import DeskLock

        self._fill_desk_staff()
        self.desk_combo.setEnabled(True)
        self.desk_combo.activated.connect(self._desk_chosen)
        self.desk_lock = DeskLock(self, env)  # locked now if the salon has accounts
        self._fill_desk_staff()  # only who can log in, when the salon has accounts
        self.lock_button.setEnabled(True)
        self.lock_button.clicked.connect(self.desk_lock.lock)
        env.bus.staff_changed.connect(self._fill_desk_staff)
        self._retitle(env.ctx.salon.salon_name)
        where = "\u2066" + self._db_label() + "\u2069"  # a path reads left to right
        self.statusBar().showMessage(_("Database: {where}").format(where=where))
        from salon_desktop.ui.score_keeper import ScoreKeeper

        self.score_keeper = ScoreKeeper(env, self)  # every client's scores, in the background
        try:  # the other desks' changes from now on
            env.start_feed()
        except Exception as exc:  # noqa: BLE001 - the desk works alone all the same
            env.ops.report_unexpected(exc)
        if self.isVisible():
            self.clients.list.focus_search()
        self.ready.emit()
        from salon_desktop.ui.integrity_dialog import warn_if_tampered

        warn_if_tampered(env, self)  # the opening found records changed behind our back

    def page(self, index: int) -> QWidget:
        """The screen of that row of the navigation, built the first time it is asked for."""
        built = self._built.get(index)
        if built is None:
            built = self._built[index] = _PAGE_FACTORIES[index](self.live)
            slot = self._slots[index]
            current = self.stack.currentWidget() is slot
            self.stack.insertWidget(self.stack.indexOf(slot), built)
            self.stack.removeWidget(slot)
            slot.deleteLater()
            self._slots[index] = built
            if current:
                self.stack.setCurrentWidget(built)
            from salon_desktop.ui.layout_memory import restore_panes

            restore_panes(built, self._layout)
        return built

    def _warm_up(self) -> None:
        if not self._warm_ups:
            self._soon.stop()
            return
        try:
            self._warm_ups.pop(0)()
        except Exception as exc:  # noqa: BLE001 - the screen is built again when shown
            self.live.ops.report_unexpected(exc)

    @property
    def clients(self) -> ClientsPage:
        return cast("ClientsPage", self.page(0))

    @property
    def checkout(self) -> CheckoutScreen:
        return cast("CheckoutScreen", self.page(1))

    @property
    def catalog(self) -> CatalogScreen:
        return cast("CatalogScreen", self.page(2))

    @property
    def till(self) -> TillScreen:
        return cast("TillScreen", self.page(3))

    @property
    def complaints(self) -> ComplaintsScreen:
        return cast("ComplaintsScreen", self.page(4))

    @property
    def surveys(self) -> SurveysScreen:
        return cast("SurveysScreen", self.page(5))

    @property
    def staff(self) -> StaffScreen:
        return cast("StaffScreen", self.page(6))

    @property
    def settings(self) -> SettingsScreen:
        return cast("SettingsScreen", self.page(7))

    @property
    def reports(self) -> ReportsScreen:
        return cast("ReportsScreen", self.page(PAGES.index(N_("Reports"))))

    @property
    def action_lists(self) -> ActionsScreen:
        return cast("ActionsScreen", self.page(PAGES.index(N_("Action lists"))))

    @property
    def home(self) -> HomeScreen:
        return cast("HomeScreen", self.page(PAGES.index(N_("Today"))))

    # -- the desk ----------------------------------------------------------------
    def _build_desk_bar(self) -> None:
        bar = self.addToolBar(_("Desk"))
        bar.setObjectName("deskBar")
        bar.setMovable(False)
        self.salon_label = QLabel()
        self.salon_label.setStyleSheet("font-weight: bold; font-size: 15px; padding: 0 8px;")
        bar.addWidget(self.salon_label)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        bar.addWidget(QLabel(_("At the desk:") + " "))
        self.desk_combo = QComboBox()
        self.desk_combo.setObjectName("deskStaff")
        self.desk_combo.setMinimumWidth(180)
        self.desk_combo.setEnabled(False)
        self.desk_combo.setToolTip(
            _("Choose who is working at the desk: every change is recorded in their name.")
        )
        bar.addWidget(self.desk_combo)
        self.lock_button = QToolButton()
        self.lock_button.setObjectName("lockDesk")
        self.lock_button.setText(_("Lock"))
        self.lock_button.setToolTip(_("Lock the desk or switch user (Ctrl+L)"))
        self.lock_button.setEnabled(False)
        bar.addWidget(self.lock_button)

    def _fill_desk_staff(self) -> None:
        env = self.live
        self.desk_combo.blockSignals(True)
        self.desk_combo.clear()
        self.desk_combo.addItem(_("— choose who you are —"), None)
        if self.desk_lock is not None and self.desk_lock.in_use:  # who can log in
            people = [(a.name, a.id) for a in env.ctx.accounts.accounts()]
        else:
            people = [(m.name, m.id) for m in env.ctx.staff.list()]
        for name, staff_id in people:
            self.desk_combo.addItem(name, staff_id)
        idx = self.desk_combo.findData(env.desk_staff_id)
        self.desk_combo.setCurrentIndex(max(0, idx))
        if idx < 0:
            env.desk_staff_id = None
        self.desk_combo.blockSignals(False)
        self._mark_desk()

    def _desk_chosen(self, index: int) -> None:
        chosen = self.desk_combo.itemData(index)
        if self.desk_lock is not None and self.desk_lock.in_use:
            # Another person logs in with their PIN; until then the desk stays as it was.
            self.desk_combo.setCurrentIndex(
                max(0, self.desk_combo.findData(self.live.desk_staff_id))
            )
            if chosen is not None and chosen != self.live.desk_staff_id:
                self.desk_lock.lock(chosen=chosen)
            return
        self.set_desk_staff(chosen)

    def set_desk_staff(self, staff_id: int | None) -> None:
        env = self.live
        env.desk_staff_id = staff_id
        try:  # remembered on this PC for the next start
            env.ctx.desk.update(desk_staff_id=staff_id)
        except OSError as exc:  # a full or read-only disk: this session still knows
            from salon_desktop.services.failures import classify
            from salon_desktop.ui.operations import show_failure

            show_failure(env, self, None, classify(exc))
        idx = self.desk_combo.findData(staff_id)
        self.desk_combo.setCurrentIndex(max(0, idx))
        self._mark_desk()
        env.bus.desk_staff_changed.emit(staff_id)

    def _mark_desk(self) -> None:
        nobody = self.live.desk_staff_id is None
        self.desk_combo.setStyleSheet("background: #fff3cd;" if nobody else "")

    # -- navigation ---------------------------------------------------------------
    def _build_shortcuts(self) -> None:
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_client_search)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_client)
        for i in range(len(PAGES)):
            key = page_shortcut(i)
            if key:
                QShortcut(QKeySequence(key), self, lambda i=i: self.nav.setCurrentRow(i))

    def open_checkout(self, client_id: int | None) -> None:
        """Start (or return to) the ticket of this client, or a walk-in's."""
        self.show_page(self.checkout)
        self.checkout.start(client_id)

    def open_client_file(self, client_id: int) -> None:
        self.show_page(self.clients)
        self.clients.open_client(client_id)

    def show_page(self, page: QWidget) -> None:
        index = next(i for i, built in self._built.items() if built is page)
        self.nav.setCurrentRow(index)

    def focus_client_search(self) -> None:
        self.show_page(self.clients)
        self.clients.show_list()
        self.clients.list.focus_search()

    def new_client(self) -> None:
        self.show_page(self.clients)
        self.clients.new_client(self.clients.list.search.text().strip())

    def _unexpected(self, sentence: str, details: str) -> None:
        from salon_desktop.applog import log_path
        from salon_desktop.ui.error_dialog import show_unexpected

        show_unexpected(sentence, details, log_path(self.live.ctx.data_dir), self)

    def _retitle(self, salon_name: str) -> None:
        salon = salon_name or _("Salon Desktop")
        self.salon_label.setText(salon)
        self.setWindowTitle(f"{salon} — {_('Salon Desktop')}")

    def _db_label(self) -> str:
        url = self.live.ctx.db_url
        return url.split("@")[-1] if "@" in url else url.removeprefix("sqlite:///")

    # -- start-up ---------------------------------------------------------------------
    def eventFilter(self, obj, event) -> bool:
        if obj is self and event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_painted.emit)
            if self.env is not None:
                QTimer.singleShot(0, self.clients.list.focus_search)  # ready to type a name
        return super().eventFilter(obj, event)

    def closeEvent(self, event) -> None:
        if self.env is not None and not all(  # an unsaved file, a ticket being paid
            getattr(page, "confirm_leave", lambda: True)() for page in self._built.values()
        ):
            event.ignore()
            return
        if self.env is not None:
            self.save_layout()
            self.env.ops.wait()  # what the user saved reaches the database before we go
            self.env.stop_feed()
        super().closeEvent(event)

    def save_layout(self) -> None:
        """Remember the window's place and size, its splitters and columns on this PC."""
        from salon_desktop.ui.layout_memory import WINDOW, capture_panes, capture_window

        if self.env is None:
            return
        layout = {**self.env.ctx.desk.load().layout, **capture_panes(self)}
        layout[WINDOW] = capture_window(self)
        try:
            self.env.ctx.desk.update(layout=layout)
        except OSError:  # a full or read-only disk: the next start uses the defaults
            log.warning("the window's layout could not be saved", exc_info=True)
