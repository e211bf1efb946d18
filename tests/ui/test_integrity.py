"""The owner is told, at start-up and from Settings, when records were changed
behind the app's back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from salon_desktop.services.integrity import quick_check
from salon_desktop.ui.integrity_dialog import IntegrityDialog
from tests.services.sales_helpers import make_shop, pay, svc_line


def _sale_deleted_behind_our_back(ctx, scale: int = 1) -> int:
    shop = make_shop(ctx, scale)
    ids = [
        ctx.sales.post(pay(ctx, [svc_line(shop)], client=shop.client), shop.desk).sale_id
        for _ in range(3)
    ]
    victim = ids[1]
    with ctx.engine.begin() as conn:
        for trigger in ("sales_no_delete", "sale_lines_no_delete", "sale_payments_no_delete"):
            conn.execute(text(f"DROP TRIGGER {trigger}"))
        for table in ("sale_lines", "sale_payments"):
            conn.execute(text(f"DELETE FROM {table} WHERE sale_id = {victim}"))
        conn.execute(text(f"DELETE FROM sales WHERE id = {victim}"))
    return victim


def test_the_window_says_at_start_up_that_a_sale_was_deleted(qtbot, make_env):
    from salon_desktop.ui.main_window import MainWindow

    env = make_env("en")
    _sale_deleted_behind_our_back(env.ctx)
    env.ctx.integrity = quick_check(env.ctx.engine)  # as opening the profile does
    window = MainWindow(env)
    qtbot.addWidget(window)
    window.show()
    dialog = window.findChild(IntegrityDialog)
    assert dialog is not None and dialog.isVisible()
    shown = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert any("was put back" in s for s in shown)  # the dropped guards
    assert any("links but" in s and "records" in s for s in shown)  # one record gone
    assert "not as they were written" in dialog.summary.text()
    # the full check names the deleted sale
    qtbot.mouseClick(dialog.check, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.check.isEnabled(), timeout=10_000)
    shown = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert any(s.startswith("Sale ") and "was deleted" in s for s in shown), shown
    dialog.close()
    window.close()


def test_a_clean_salon_opens_without_a_warning_and_settings_checks_every_record(qtbot, main_window):
    window = main_window("en")
    shop = make_shop(window.live.ctx)
    window.live.ctx.sales.post(pay(window.live.ctx, [svc_line(shop)]), shop.desk)
    assert window.findChild(IntegrityDialog) is None
    settings = window.settings
    window.show_page(settings)
    qtbot.mouseClick(settings.records_button, Qt.MouseButton.LeftButton)
    dialog = settings.findChild(IntegrityDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.check.isEnabled(), timeout=10_000)
    assert dialog.summary.text() == "The records are as they were written."
    assert "sales: 1 records" in dialog.seals.text()
    dialog.close()


def test_the_report_fits_a_small_screen_in_persian(qtbot, make_env):
    env = make_env("fa")
    _sale_deleted_behind_our_back(env.ctx, scale=10)  # whole toman
    dialog = IntegrityDialog(env, quick_check(env.ctx.engine))
    qtbot.addWidget(dialog)
    dialog.show()
    screen = QApplication.primaryScreen().availableGeometry()
    assert dialog.frameGeometry().width() <= min(1024, screen.width())
    assert dialog.frameGeometry().height() <= min(768, screen.height())
    assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
