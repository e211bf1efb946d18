"""The till's count note by note (at the close and for the float) and a session left
open overnight, driven as the receptionist and the manager would."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import datetime as dt  # noqa: E402
import io  # noqa: E402

import pytest  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from salon_desktop.db.engine import make_sessionmaker  # noqa: E402
from salon_desktop.domain.permissions import Role  # noqa: E402
from salon_desktop.services.till import TillService  # noqa: E402
from salon_desktop.ui.login.pin_dialog import ApproveDialog  # noqa: E402
from salon_desktop.ui.till.close_dialog import CloseSessionDialog  # noqa: E402
from salon_desktop.ui.till.count_dialog import CashCountDialog  # noqa: E402
from salon_desktop.ui.till.left_open import LeftOpenDialog  # noqa: E402
from salon_desktop.ui.till.open_dialog import ensure_till_open  # noqa: E402
from salon_desktop.ui.till.screen import TillScreen  # noqa: E402
from tests.ui import sales_data as sd  # noqa: E402
from tests.ui.conftest import TODAY  # noqa: E402
from tests.ui.helpers import Modal, type_text  # noqa: E402

LEFT = Qt.MouseButton.LeftButton
YESTERDAY = TODAY - dt.timedelta(days=1)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def till(qtbot, env) -> TillScreen:
    w = TillScreen(env)
    qtbot.addWidget(w)
    w.resize(1024, 700)
    w.show()
    return w


def key(qtbot, widget, k) -> None:
    qtbot.keyClick(widget, k)


def test_the_close_counted_note_by_note_from_the_keyboard(qtbot, make_env):
    env = make_env("pl")  # złoty: notes 500…10 zł, coins 5 zł…1 gr
    ctx = env.ctx
    cut = sd.service(ctx, "Strzyżenie", 4500)
    ctx.till.open_session(10_000, env.actor())
    sd.post(ctx, TODAY, None, [cut], env.actor())  # 45 zł cash: 145 zł expected
    w = till(qtbot, env)
    seen: dict = {}

    def count(dialog):
        assert isinstance(dialog, CashCountDialog)
        values = [p.value for p in dialog.pieces]
        assert values[:6] == [50000, 20000, 10000, 5000, 2000, 1000]
        assert values[-1] == 1 and len(values) == 15
        first = dialog.fields[50000]
        assert dialog.focusWidget() is first
        # 500, 200 zł: none (Tab, Enter move down); 100 zł: 1; 20 zł: 2 (typed in
        # Persian digits, as any script is read); 1 gr: 3.
        key(qtbot, first, Qt.Key.Key_Tab)
        key(qtbot, dialog.fields[20000], Qt.Key.Key_Return)
        assert dialog.focusWidget() is dialog.fields[10000]
        type_text(qtbot, dialog.fields[10000], "1")
        key(qtbot, dialog.fields[10000], Qt.Key.Key_Return)
        assert dialog.focusWidget() is dialog.fields[5000]
        key(qtbot, dialog.fields[5000], Qt.Key.Key_Tab)
        type_text(qtbot, dialog.fields[2000], "۲")
        seen["after_20"] = dialog.total_label.text()
        type_text(qtbot, dialog.fields[1], "3")
        seen["line_1gr"] = dialog.line_totals[1].text()
        seen["total"] = dialog.total_label.text()
        # Nonsense in a row: the total says so, the count is not used.
        type_text(qtbot, dialog.fields[500], "x")
        seen["bad_total"] = dialog.total_label.text()
        qtbot.mouseClick(dialog.use_button, LEFT)
        seen["bad_error"] = dialog.error.text() if dialog.isVisible() else ""
        dialog.fields[500].clear()
        type_text(qtbot, dialog.fields[500], "1")  # 5 zł coin
        seen["total"] = dialog.total_label.text()
        key(qtbot, dialog.fields[500], Qt.Key.Key_Tab)
        qtbot.mouseClick(dialog.use_button, LEFT)

    def close(dialog):
        assert isinstance(dialog, CloseSessionDialog)
        inner = Modal(count)
        qtbot.mouseClick(dialog.count_button, LEFT)
        inner.check()
        seen["counted"] = dialog.counted.text()
        seen["difference"] = dialog.difference.text()
        qtbot.mouseClick(dialog.close_button, LEFT)

    modal = Modal(close)
    qtbot.mouseClick(w.day.close_button, LEFT)
    modal.check()
    money = env.fmt.amount
    assert seen["after_20"] == money(14_000) == "140,00\xa0zł"
    assert seen["line_1gr"] == money(3)
    assert seen["bad_total"] == "—" and seen["bad_error"]
    assert seen["total"] == money(14_503)
    assert seen["counted"] == "145,03"
    assert seen["difference"].endswith(money(3))
    (session,) = ctx.till.report().sessions
    assert session.counted_cash == 14_503
    assert session.closing_count == ((10000, 1), (2000, 2), (500, 1), (1, 3))
    # The Z report prints the count note by note.
    from salon_desktop.documents.day_close import day_close_pdf

    text = pdf_text(day_close_pdf(ctx.till.session_report(), ctx.header())).replace("\xa0", " ")
    assert "Przeliczone banknoty i monety" in text
    assert "2 × 20,00 zł" in text and "3 × 0,01 zł" in text and "1 × 100,00 zł" in text


def test_the_float_counted_and_a_typed_amount_drops_the_count(qtbot, make_env):
    env = make_env("en")
    ctx = env.ctx
    w = till(qtbot, env)

    def count(dialog):
        assert isinstance(dialog, CashCountDialog)
        type_text(qtbot, dialog.fields[2000], "5")
        type_text(qtbot, dialog.fields[100], "10")
        qtbot.mouseClick(dialog.use_button, LEFT)

    modal = Modal(count)
    with qtbot.waitSignal(env.bus.till_changed):
        qtbot.mouseClick(w.day.count_float_button, LEFT)
    modal.check()
    r = ctx.till.session_report()
    assert r.opening_float == 11_000 and r.session.opening_count == ((2000, 5), (100, 10))
    assert w.day.float_field.text() == "110.00"
    # Typing another float by hand keeps the amount and drops the count behind it.
    w.day.float_field.clear()
    type_text(qtbot, w.day.float_field, "120")
    with qtbot.waitSignal(env.bus.till_changed):
        qtbot.mouseClick(w.day.float_button, LEFT)
    r = ctx.till.session_report()
    assert r.opening_float == 12_000 and r.session.opening_count is None


def yesterday_open(env) -> None:
    """Yesterday's session: 100 float, a 45 cash sale, never closed."""
    ctx = env.ctx
    then = TillService(make_sessionmaker(ctx.engine), lambda: ctx.salon.currency, lambda: YESTERDAY)
    then.open_session(10_000, env.actor())
    cut = sd.service(ctx, "Cut", 4500)
    sd.post(ctx, YESTERDAY, None, [cut], env.actor())


@pytest.mark.parametrize("language", ["en", "fa"])
def test_a_session_left_open_overnight_is_counted_and_closed_by_the_manager(
    qtbot, make_env, language
):
    env = make_env(language)
    ctx = env.ctx
    yesterday_open(env)
    owner = ctx.accounts.create_owner("Olga", "9753").id
    manager = ctx.staff.add("Maja", "", owner, access=Role.MANAGER, pin="8642").id
    w = till(qtbot, env)
    assert w.left_open.isVisible()
    said = w.left_open_text.text()
    assert env.fmt.date(YESTERDAY, "long") in said
    assert env.fmt.amount(14_500) in said
    if language == "en":
        assert said.startswith("The till was not closed on ")

    def approve(dialog):
        assert isinstance(dialog, ApproveDialog)
        dialog.who.setCurrentIndex(dialog.who.findData(manager))
        type_text(qtbot, dialog.pin, "8642")
        qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not dialog.isVisible())
        seen["closing"] = Modal(close)  # the count opens once the PIN is taken

    seen: dict = {}

    def close(dialog):
        assert isinstance(dialog, CloseSessionDialog)
        assert dialog.earlier and dialog.report.business_date == YESTERDAY
        seen["expected"] = dialog.expected.text()
        type_text(qtbot, dialog.counted, "145" if language == "en" else "۱۴۵۰")
        qtbot.mouseClick(dialog.close_button, LEFT)

    approved = Modal(approve)
    qtbot.mouseClick(w.left_open_button, LEFT)
    approved.check()
    seen["closing"].check()
    assert seen["expected"] == env.fmt.amount(14_500)
    (session,) = ctx.till.report(YESTERDAY).sessions
    assert session.closed and session.counted_cash == 14_500
    assert session.closed_by == "Maja"
    assert ctx.till.left_open() is None
    assert not w.left_open.isVisible()
    assert ctx.till.report().sessions == ()  # today not touched


def test_the_checkout_says_so_before_it_takes_cash(qtbot, make_env):
    env = make_env("en")
    yesterday_open(env)
    seen = {}

    def later(dialog):
        assert isinstance(dialog, LeftOpenDialog)
        from PySide6.QtWidgets import QLabel

        seen["text"] = dialog.findChild(QLabel, "leftOpenText").text()
        qtbot.mouseClick(dialog.later_button, LEFT)

    modal = Modal(later)
    assert ensure_till_open(env, None)  # "Not now": the sale goes on
    modal.check()
    assert seen["text"].startswith("The till was not closed on ")
    # Not asked again at this desk for the same session.
    assert ensure_till_open(env, None)
    # The receptionist may count and close it when no accounts are in use.

    def close(dialog):
        assert isinstance(dialog, CloseSessionDialog)
        type_text(qtbot, dialog.counted, "145")
        qtbot.mouseClick(dialog.close_button, LEFT)

    def count_and_close(dialog):
        assert isinstance(dialog, LeftOpenDialog)
        inner = Modal(close)
        qtbot.mouseClick(dialog.close_button, LEFT)
        inner.check()

    env.left_open_seen.clear()
    modal = Modal(count_and_close)
    assert ensure_till_open(env, None)
    modal.check()
    assert env.ctx.till.is_closed(YESTERDAY) and env.ctx.till.left_open() is None
