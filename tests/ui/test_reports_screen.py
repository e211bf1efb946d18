"""The Reports screen as the manager uses it: pick a month (Jalali in Persian) or
type a period, Enter computes off the UI thread, the key figures show beside the
period before and a year earlier; preview and CSV; receptionists are refused."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from PySide6.QtCore import Qt

from salon_desktop.domain.report_period import month_period
from salon_desktop.ui.reports import ReportsScreen
from tests.ui.conftest import TODAY
from tests.ui.helpers import Modal, settle, type_text

NOW = dt.datetime.combine(TODAY, dt.time(18))


def _demo(env):
    from salon_desktop.demo import fill_demo

    fill_demo(env.ctx, clients=30, seed=4, years=1, now=NOW, complaints=8)
    env.ctx.reload_settings()
    env.ctx.reports._now = lambda: NOW
    return env


def _screen(qtbot, env) -> ReportsScreen:
    screen = ReportsScreen(env)
    qtbot.addWidget(screen)
    screen.resize(1000, 700)
    screen.show()
    return screen


def _cell(screen: ReportsScreen, row: int, col: int) -> str:
    return screen.model.index(row, col).data()


def test_a_month_computed_and_shown_beside_the_month_before_and_a_year_earlier(qtbot, make_env):
    env = _demo(make_env("en"))
    screen = _screen(qtbot, env)
    assert screen.month.currentText() == "October 2026"  # the last whole month
    qtbot.mouseClick(screen.compute_button, Qt.MouseButton.LeftButton)
    settle(env)
    want = env.ctx.reports.report(month_period(2026, 10, False))
    assert screen.title.text() == "Monthly report: October 2026"
    assert _cell(screen, 0, 0) == "Revenue"
    assert _cell(screen, 0, 1) == env.fmt.amount(want.current.revenue)
    assert _cell(screen, 0, 2) == env.fmt.amount(want.previous.revenue)
    assert _cell(screen, 0, 3) == env.fmt.amount(want.year_before.revenue)
    heads = [screen.model.headerData(i, Qt.Orientation.Horizontal) for i in range(4)]
    assert heads[1:] == ["October 2026", "September 2026", "October 2025"]
    assert not screen.progress.isVisible() and screen.preview_button.isEnabled()


def test_a_jalali_month_in_persian(qtbot, make_env):
    env = _demo(make_env("fa"))
    screen = _screen(qtbot, env)
    assert screen.month.currentText() == "آبان ۱۴۰۵"
    screen.month.setFocus()
    qtbot.keyClick(screen.month, Qt.Key.Key_Return)  # Enter computes
    settle(env)
    p = screen.report.current.period
    assert (p.start, p.end) == (dt.date(2026, 10, 23), dt.date(2026, 11, 22))
    assert screen.title.text().endswith("آبان ۱۴۰۵")
    assert not any(ch.isascii() and ch.isdigit() for ch in _cell(screen, 3, 1))


def test_a_period_typed_and_entered(qtbot, make_env):
    env = _demo(make_env("en"))
    screen = _screen(qtbot, env)
    screen.mode.setCurrentIndex(1)
    assert screen.date_from.isVisible() and not screen.month.isVisible()
    for field, text in ((screen.date_from, "01/10/2026"), (screen.date_to, "15/10/2026")):
        field.edit.clear()
        type_text(qtbot, field.edit, text)
    qtbot.keyClick(screen.date_to.edit, Qt.Key.Key_Return)
    settle(env)
    p = screen.report.current.period
    assert (p.start, p.last, p.month) == (dt.date(2026, 10, 1), dt.date(2026, 10, 15), None)
    assert screen.model.headerData(2, Qt.Orientation.Horizontal) == "16/09/2026–30/09/2026"
    # The end before the start: said beside the field, nothing computed.
    screen.date_to.edit.clear()
    type_text(qtbot, screen.date_to.edit, "01/09/2026")
    qtbot.keyClick(screen.date_to.edit, Qt.Key.Key_Return)
    settle(env)
    assert "before its start" in screen.message.text()
    assert screen.report.current.period.start == dt.date(2026, 10, 1)


def test_the_figures_as_csv_and_the_pdf_previewed(qtbot, make_env, tmp_path):
    env = _demo(make_env("en"))
    screen = _screen(qtbot, env)
    screen.compute()
    settle(env)
    out = tmp_path / "october.csv"
    screen.write_csv(out)
    settle(env)
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[1][3:] == ["2026-10-01", "2026-09-01", "2025-10-01"]
    assert "Figures written to" in screen.status.text()
    pages = []
    modal = Modal(lambda dialog: pages.append(dialog.page_count()))
    qtbot.mouseClick(screen.preview_button, Qt.MouseButton.LeftButton)
    settle(env)
    qtbot.waitUntil(lambda: modal.seen is not None, timeout=5000)
    modal.check()
    assert pages and pages[0] >= 3


@pytest.mark.parametrize("role", ["receptionist", "stylist"])
def test_only_managers_and_the_owner_see_reports(qtbot, make_env, role):
    env = make_env("en", staff=None)
    owner = env.ctx.accounts.create_owner("Olga", "2580")
    member = env.ctx.staff.add("Rita", role.title()).id
    env.desk_staff_id = member
    screen = _screen(qtbot, env)
    assert screen.denied.isVisible() and not screen.compute_button.isEnabled()
    screen.compute()
    settle(env)
    assert screen.report is None
    env.desk_staff_id = owner.id
    screen.refresh_access()
    assert not screen.denied.isVisible() and screen.compute_button.isEnabled()
    screen.compute()
    settle(env)
    assert screen.report is not None
