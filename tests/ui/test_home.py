"""The home screen as the receptionist sees it first thing: the day's figures on
buttons that lead to where each is dealt with, birthdays and clients due back by
name (Enter opens the file), in English and Persian, inside 1024×768."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from salon_desktop.domain.client import ClientDraft  # noqa: E402
from salon_desktop.domain.complaints import ComplaintDraft  # noqa: E402
from salon_desktop.ui.main_window import PAGES  # noqa: E402
from tests.services.sales_helpers import make_shop, pay, svc_line  # noqa: E402
from tests.ui.conftest import TODAY  # noqa: E402
from tests.ui.helpers import settle  # noqa: E402

HOME = PAGES.index("Today")
LATIN = re.compile(r"[A-Za-z]")


def _day(window):
    ctx, desk = window.env.ctx, window.env.desk_staff_id
    shop = make_shop(ctx, scale=10 if ctx.salon.currency == "IRT" else 1)
    sale = ctx.sales.post(pay(ctx, [svc_line(shop)], client=shop.client), desk)
    ctx.complaints.record(ComplaintDraft(shop.client, "Too short"), desk)
    born = ctx.clients.create(
        ClientDraft(first_name="Roya", last_name="Birthday", birth_date=TODAY.replace(year=1996)),
        desk,
    )
    return sale, born


def _open_home(qtbot, window):
    QTest.keyClick(window, Qt.Key.Key_Home, Qt.KeyboardModifier.AltModifier)
    settle(window.env)
    home = window.home
    qtbot.waitUntil(lambda: home.today is not None, timeout=5_000)
    return home


def test_the_day_on_buttons_that_lead_where_it_is_dealt_with(qtbot, main_window):
    window = main_window("en")
    sale, born = _day(window)
    home = _open_home(qtbot, window)
    assert window.stack.currentWidget() is home
    fmt = window.env.fmt
    assert home.tiles["sales"].text() == f"1 sale today\n{fmt.amount(sale.total)}"
    assert home.tiles["complaints"].text() == "1 complaint open\n0 overdue"
    assert home.tiles["birthdays"].text() == "1 birthday\ntoday"
    assert home.tiles["due"].text() == "Due back:\nscores not computed yet"
    assert home.birthdays.names.item(0).text() == "\u2068Roya Birthday\u2069 · turns 30"
    assert home.revenue_chart.bars[-1][1] == sale.total
    qtbot.mouseClick(home.tiles["complaints"], Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.page(PAGES.index("Complaints"))
    home = _open_home(qtbot, window)
    qtbot.mouseClick(home.tiles["birthdays"], Qt.MouseButton.LeftButton)
    home.birthdays.setFocus()
    QTest.keyClick(home.birthdays, Qt.Key.Key_Return)
    settle(window.env)
    assert window.stack.currentWidget() is window.clients
    assert window.clients.file.current_client_id() == born


def test_a_new_sale_shows_while_the_page_is_open(qtbot, main_window):
    window = main_window("en")
    home = _open_home(qtbot, window)
    assert home.tiles["sales"].text().startswith("0 sales today")
    ctx = window.env.ctx
    shop = make_shop(ctx)
    posted = ctx.sales.post(pay(ctx, [svc_line(shop)], client=shop.client), shop.desk)
    window.env.bus.sale_posted.emit(posted.sale_id)
    qtbot.waitUntil(lambda: home.tiles["sales"].text().startswith("1 sale today"), timeout=5_000)


@pytest.mark.parametrize("language", ["fa", "pl"])
def test_the_home_screen_speaks_the_salon_language_and_fits(qtbot, main_window, language):
    window = main_window(language)
    _day(window)
    window.resize(1024, 768)
    home = _open_home(qtbot, window)
    texts = [b.text() for b in home.tiles.values()] + [home.heading.text()]
    if language == "fa":
        assert not any(LATIN.search(t) for t in texts), texts
        assert home.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.width() <= 1024
    for button in home.tiles.values():
        assert button.width() >= button.sizeHint().width() - 2, button.text()
