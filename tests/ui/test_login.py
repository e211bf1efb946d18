"""Logging in at the desk as a user does it: the PIN typed and Enter, switching
user with Ctrl+L, the idle lock, the lock-out after wrong PINs, a manager's PIN
for a sale out of stock, the owner's first PIN."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from salon_desktop.db.models import Staff
from salon_desktop.domain.permissions import Action, Role
from tests.ui.helpers import settle, type_text

OWNER_PIN, DESK_PIN = "9753", "2468"


@pytest.fixture
def salon(qtbot, make_env):
    """A salon with accounts: Olga the owner and Mina at the desk, each with a PIN."""

    def factory(language: str = "en"):
        env = make_env(language)
        mina = env.desk_staff_id
        owner = env.ctx.accounts.create_owner("Olga", OWNER_PIN).id
        env.ctx.staff.update(mina, "Mina", "Receptionist", True, owner, pin=DESK_PIN)
        return env, mina, owner

    return factory


@pytest.fixture
def window_on(qtbot):
    from salon_desktop.ui.main_window import MainWindow

    made = []

    def factory(env):
        window = MainWindow(env)
        made.append(window)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        return window

    yield factory
    for window in made:
        window.clients.file.discard_changes()
        window.close()
        window.deleteLater()


def log_in(qtbot, window, pin: str) -> None:
    overlay = window.desk_lock.overlay
    type_text(qtbot, overlay.pin, pin)
    qtbot.keyClick(overlay.pin, Qt.Key.Key_Return)
    settle(window.env)


def test_the_window_opens_locked_and_the_pin_and_enter_unlock_it(qtbot, salon, window_on):
    env, mina, _owner = salon()
    window = window_on(env)
    lock = window.desk_lock
    assert lock.in_use and lock.locked
    assert lock.overlay.chosen_id() == mina  # who was at the desk last
    assert lock.overlay.pin.hasFocus()
    log_in(qtbot, window, DESK_PIN)
    assert not lock.locked
    assert env.desk_staff_id == mina and window.desk_combo.currentText() == "Mina"


def test_switching_user_is_ctrl_l_then_the_pin(qtbot, salon, window_on):
    env, _mina, owner = salon()
    window = window_on(env)
    log_in(qtbot, window, DESK_PIN)
    type_text(qtbot, window.clients.list.search, "Zah")  # work in progress
    qtbot.keyClick(window.clients.list.search, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    lock = window.desk_lock
    assert lock.locked and lock.overlay.pin.hasFocus()
    qtbot.keyClick(lock.overlay.pin, Qt.Key.Key_Down)  # Mina -> Olga
    assert lock.overlay.chosen_id() == owner
    log_in(qtbot, window, OWNER_PIN)
    assert not lock.locked and env.desk_staff_id == owner
    assert window.desk_combo.currentText() == "Olga"
    assert window.clients.list.search.text() == "Zah"  # the window kept its state
    assert env.ctx.desk.load().desk_staff_id == owner


def test_nothing_under_the_lock_takes_keys_or_shortcuts(qtbot, salon, window_on):
    env, _mina, _owner = salon()
    window = window_on(env)
    assert window.desk_lock.locked
    qtbot.keyClick(window.desk_lock.overlay.pin, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.clients.list.search, Qt.Key.Key_A)
    assert window.nav.currentRow() == 0
    assert window.clients.list.search.text() == ""


def test_the_desk_locks_itself_after_the_idle_time(qtbot, salon, window_on):
    env, mina, _owner = salon()
    window = window_on(env)
    log_in(qtbot, window, DESK_PIN)
    window.desk_lock.set_idle_msecs(300)  # the setting is in minutes: shortened here
    qtbot.waitUntil(lambda: window.desk_lock.locked, timeout=3000)
    assert "without use" in window.desk_lock.overlay.title.text()
    assert window.desk_lock.overlay.chosen_id() == mina
    log_in(qtbot, window, DESK_PIN)
    assert not window.desk_lock.locked


def test_five_wrong_pins_lock_the_account(qtbot, salon, window_on):
    env, mina, _owner = salon()
    window = window_on(env)
    overlay = window.desk_lock.overlay
    log_in(qtbot, window, "0000")
    assert overlay.error.text().endswith(": 4.")
    for _ in range(4):
        log_in(qtbot, window, "0000")
    assert "locked" in overlay.error.text()
    log_in(qtbot, window, DESK_PIN)  # the right PIN, too late
    assert window.desk_lock.locked and "locked" in overlay.error.text()
    with env.ctx.engine.connect() as conn:
        until = conn.execute(select(Staff.locked_until).where(Staff.id == mina)).scalar_one()
    assert until is not None  # stored: a restart keeps it


def test_a_profile_without_accounts_is_not_locked(qtbot, main_window):
    window = main_window()
    assert not window.desk_lock.in_use and not window.desk_lock.locked
    qtbot.keyClick(window.clients.list.search, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not window.desk_lock.locked


def test_a_managers_pin_approves_a_sale_out_of_stock(qtbot, salon):
    from salon_desktop.ui.login.pin_dialog import ApproveDialog

    env, _mina, owner = salon()
    manager = env.ctx.staff.add("Maja", "", owner, access=Role.MANAGER, pin="8642").id
    dialog = ApproveDialog(env, Action.SELL_OUT_OF_STOCK)
    qtbot.addWidget(dialog)
    dialog.show()
    assert [dialog.who.itemData(i) for i in range(dialog.who.count())] == [manager, owner]
    type_text(qtbot, dialog.pin, "1111")
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    settle(env)
    assert dialog.isVisible() and "Wrong PIN" in dialog.error.text()
    type_text(qtbot, dialog.pin, "8642")
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    settle(env)
    assert not dialog.isVisible() and dialog.approved == manager


@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_owner_sets_a_pin_on_a_profile_from_before_accounts(qtbot, make_env, language):
    from salon_desktop.ui.login.pin_dialog import OwnerSetupDialog

    env = make_env(language)
    mina = env.desk_staff_id
    dialog = OwnerSetupDialog(env)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.width() <= 1024 and dialog.height() <= 768
    dialog.who.setCurrentIndex(dialog.who.findData(mina))
    type_text(qtbot, dialog.pin, "2580")
    type_text(qtbot, dialog.again, "2581")
    qtbot.keyClick(dialog.again, Qt.Key.Key_Return)
    settle(env)
    assert dialog.isVisible() and not env.ctx.accounts.in_use()
    dialog.again.clear()
    type_text(qtbot, dialog.again, "2580")
    qtbot.keyClick(dialog.again, Qt.Key.Key_Return)
    settle(env)
    assert not dialog.isVisible() and env.ctx.accounts.in_use()
    assert env.ctx.staff.get(mina).access is Role.OWNER
    assert env.ctx.accounts.login(mina, "2580").id == mina


# -- the staff screen: roles, PINs, the matrix, the audit trail ------------------------------
def test_the_owner_gives_a_role_and_a_pin_on_the_staff_screen(qtbot, salon):
    from salon_desktop.ui.staff_screen import StaffScreen

    env, mina, owner = salon()
    env.desk_staff_id = owner
    screen = StaffScreen(env)
    qtbot.addWidget(screen)
    screen.show()
    type_text(qtbot, screen.name, "Maja")
    type_text(qtbot, screen.role, "Salon manager")
    screen.access.setCurrentIndex(screen.access.findData("manager"))
    type_text(qtbot, screen.pin, "8642")
    qtbot.keyClick(screen.pin, Qt.Key.Key_Return)
    settle(env)
    maja = next(m for m in env.ctx.staff.list() if m.name == "Maja")
    assert maja.access is Role.MANAGER and maja.has_pin
    assert env.ctx.accounts.login(maja.id, "8642").role is Role.MANAGER
    matrix = screen.permissions.model()
    assert matrix.rowCount() == len(Action) and matrix.columnCount() == 1 + len(Role)
    row = matrix.actions.index(Action.MANAGE_STAFF)
    cells = [matrix.index(row, c).data() for c in range(1, 1 + len(Role))]
    assert cells == ["—", "—", "—", "✓"]  # receptionist, stylist, manager, owner


def test_a_receptionist_cannot_change_staff_and_is_told_why(qtbot, salon):
    from salon_desktop.ui.staff_screen import StaffScreen

    env, mina, _owner = salon()
    screen = StaffScreen(env)
    qtbot.addWidget(screen)
    screen.show()
    type_text(qtbot, screen.name, "Mallory")
    qtbot.keyClick(screen.name, Qt.Key.Key_Return)
    settle(env)
    assert "role does not allow" in screen.message_error.text()
    assert "Mallory" not in [m.name for m in env.ctx.staff.list()]


def test_opening_a_client_file_is_in_the_audit_trail_the_owner_reads(qtbot, salon, window_on):
    from salon_desktop.domain.client import ClientDraft
    from salon_desktop.ui.audit_viewer import AuditDialog

    env, mina, owner = salon()
    cid = env.ctx.clients.create(ClientDraft(first_name="Zahra", last_name="Ahmadi"), mina)
    window = window_on(env)
    log_in(qtbot, window, DESK_PIN)
    window.open_client_file(cid)
    settle(env)
    dialog = AuditDialog(env, window)  # Mina, a receptionist: refused
    qtbot.addWidget(dialog)
    settle(env)
    assert "role does not allow" in dialog.error.text() and dialog.model.rowCount() == 0
    env.desk_staff_id = owner
    dialog.what.setCurrentIndex(dialog.what.findData("client_open"))
    dialog.refresh()
    settle(env)
    assert dialog.model.rowCount() == 1
    when, who, what, record, _detail = dialog.model.cells(dialog.model.rows[0])
    assert (who, what) == ("Mina", "Client file opened") and record.endswith(str(cid))
    dialog.who.setCurrentIndex(dialog.who.findData(owner))
    dialog.refresh()
    settle(env)
    assert dialog.model.rowCount() == 0


def test_sell_anyway_asks_a_managers_pin_at_the_till(qtbot, make_env):
    from salon_desktop.ui.checkout.screen import CheckoutScreen
    from tests.ui.checkout_setup import BARCODE, stock_salon
    from tests.ui.helpers import Modal, click_button

    env = make_env("en")
    stock_salon(env, stock=0)
    owner = env.ctx.accounts.create_owner("Olga", OWNER_PIN).id
    manager = env.ctx.staff.add("Maja", "", owner, access=Role.MANAGER, pin="8642").id
    screen = CheckoutScreen(env)  # Mina, a receptionist, is at the desk
    qtbot.addWidget(screen)
    screen.resize(1100, 700)
    with qtbot.waitActive(screen):
        screen.show()
        screen.activateWindow()
    type_text(qtbot, screen.entry, BARCODE)
    qtbot.keyClick(screen.entry, Qt.Key.Key_Return)

    approved = []

    def managers_pin() -> None:  # the dialog after the question: who decides, their PIN
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != "approveDialog":
            QTimer.singleShot(10, managers_pin)
            return
        type_text(qtbot, dialog.pin, "8642")
        qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
        approved.append(dialog)

    def sell_anyway(box):
        managers_pin()
        click_button(box, "Sell anyway")

    def pay(dialog):
        type_text(qtbot, dialog.cash, "=")
        question = Modal(sell_anyway)
        qtbot.keyClick(dialog.cash, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: bool(approved) and not dialog.isVisible(), timeout=10_000)
        question.check()

    m = Modal(pay)
    screen.pay()
    m.check()
    settle(env)
    assert len(env.ctx.reader.day_sales()) == 1
    from salon_desktop.services.audit import AuditFilter

    rows = env.ctx.audit.search(owner, AuditFilter(kind="out_of_stock"))
    assert [(r.staff_id, r.detail["approved_by"]) for r in rows] == [(env.desk_staff_id, manager)]
