"""The complaints screen, driven as the receptionist and the owner would: a complaint
recorded from the keyboard, taken from new to closed with a gift voucher as
compensation, a step refused beside its field, overdue ones found, the
acknowledgement printed; in English and Persian."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from sqlalchemy import text

from salon_desktop.domain.client import ClientDraft
from salon_desktop.domain.complaints import Compensation, ComplaintDraft, Severity, State
from salon_desktop.ui.complaints import ComplaintsScreen
from tests.ui.helpers import Modal, settle, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
ENTER = Qt.Key.Key_Return


def open_screen(qtbot, env) -> ComplaintsScreen:
    w = ComplaintsScreen(env)
    qtbot.addWidget(w)
    w.resize(1024, 700)
    with qtbot.waitActive(w):
        w.show()
        w.activateWindow()
    settle(env)
    return w


def states(w) -> list[str]:
    return [w.model.text(r, 4) for r in range(w.model.rowCount())]


def test_a_complaint_from_new_to_closed_with_a_voucher(qtbot, make_env):
    env = make_env("en")
    anna = env.ctx.clients.create(ClientDraft(first_name="Anna", last_name="Nowak"), None)
    w = open_screen(qtbot, env)
    assert w.empty.isVisible()

    def record(dialog):
        type_text(qtbot, dialog.client.edit, "nowak")
        qtbot.keyClick(dialog.client.completer.popup(), ENTER)
        assert dialog.client.client_id() == anna
        dialog.category.setCurrentIndex(dialog.category.findData("service_result"))
        dialog.severity.setCurrentIndex(dialog.severity.findData(Severity.HIGH))
        # Saving without a description is refused beside it.
        qtbot.keyClick(dialog.wanted, ENTER, CTRL)
        assert dialog.isVisible() and dialog.errors.label("description").isVisible()
        type_text(qtbot, dialog.description, "Colour came out orange")
        type_text(qtbot, dialog.wanted, "Fix it")
        qtbot.keyClick(dialog.wanted, ENTER, CTRL)

    m = Modal(record)
    qtbot.keyClick(w.table, Qt.Key.Key_N, CTRL)
    m.check()
    settle(env)
    assert states(w) == ["New"]
    assert "Colour came out orange" in w.summary.text()
    assert w.step_buttons[State.ACKNOWLEDGED].isEnabled()
    assert not w.step_buttons[State.CLOSED].isEnabled()

    def take(target, act):
        m = Modal(act)
        w.step_buttons[target].click()
        m.check()
        settle(env)

    take(
        State.ACKNOWLEDGED,
        lambda d: (type_text(qtbot, d.note, "Called back"), qtbot.keyClick(d.note, ENTER)),
    )
    assert states(w) == ["Acknowledged"]

    def resolve(d):
        qtbot.keyClick(d.resolution, ENTER)  # nothing said: refused beside the field
        assert d.isVisible() and d.errors.label("resolution").isVisible()
        type_text(qtbot, d.resolution, "Colour corrected; a voucher")
        d.compensation.setCurrentIndex(d.compensation.findData(Compensation.VOUCHER))
        assert d.amount.isVisible() and not d.percent.isVisible()
        type_text(qtbot, d.amount, "50")
        qtbot.keyClick(d.amount, ENTER)

    take(State.RESOLVED, resolve)
    assert states(w) == []  # the list shows open complaints: this one is resolved
    w.state.setCurrentIndex(w.state.findData("all"))
    settle(env)
    assert states(w) == ["Resolved"]
    assert "Given through the till: voucher" in w.summary.text()  # sold at zero, 50.00

    def close(d):
        qtbot.keyClick(d.outcome, ENTER)
        assert d.isVisible() and d.errors.label("follow_up_outcome").isVisible()
        type_text(qtbot, d.outcome, "satisfied")
        qtbot.keyClick(d.outcome, ENTER)

    take(State.CLOSED, close)
    [c] = env.ctx.complaints.list()
    assert (c.state, c.compensation_cost, c.follow_up_outcome) == (State.CLOSED, 5000, "satisfied")
    assert [w.history.item(i).text().split("  ", 1)[1] for i in range(w.history.count())][:2] == [
        "New — Mina",
        "Acknowledged — Mina: Called back",
    ]
    assert w.history.count() == 4
    assert w.step_buttons[State.IN_PROGRESS].text() == "Reopen"

    seen = {}
    m = Modal(lambda preview: seen.setdefault("title", preview.windowTitle()))
    data = None

    def press():
        nonlocal data
        data = w.print_acknowledgement()

    press()
    m.check()
    assert seen["title"] == "Your complaint" and data.startswith(b"%PDF")


def test_overdue_complaints_stand_out_and_filter(qtbot, make_env):
    env = make_env("fa")
    ctx = env.ctx
    zahra = ctx.clients.create(ClientDraft(first_name="زهرا", last_name="کریمی"), None)
    late = ctx.complaints.record(ComplaintDraft(zahra, "سوختگی", severity=Severity.CRITICAL), None)
    ctx.complaints.record(ComplaintDraft(zahra, "موسیقی بلند", severity=Severity.LOW), None)
    past = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(hours=2)
    with ctx.engine.begin() as conn:
        conn.execute(
            text("UPDATE complaints SET acknowledge_by = :t WHERE id = :id"),
            {"t": past, "id": late},
        )
    w = open_screen(qtbot, env)
    assert w.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert w.model.rowCount() == 2
    overdue_rows = [
        r for r in range(2) if "دیرکرد" in w.model.text(r, 4) or w.model.rows[r].overdue
    ]
    assert [w.model.rows[r].id for r in overdue_rows] == [late]
    red = w.model.data(w.model.index(overdue_rows[0], 0), Qt.ItemDataRole.ForegroundRole)
    assert red is not None
    w.overdue.setChecked(True)
    settle(env)
    assert [r.id for r in w.model.rows] == [late]
    assert all(not ch.isascii() or not ch.isdigit() for ch in w.model.text(0, 0))


def test_the_client_file_shows_her_open_complaints(qtbot, make_env):
    from salon_desktop.ui.clients.file import ClientFileScreen

    env = make_env("en")
    anna = env.ctx.clients.create(ClientDraft(first_name="Anna", last_name="Nowak"), None)
    bea = env.ctx.clients.create(ClientDraft(first_name="Bea"), None)
    env.ctx.complaints.record(ComplaintDraft(anna, "Waited an hour"), None)
    w = ClientFileScreen(env)
    qtbot.addWidget(w)
    w.resize(1024, 740)
    w.show()
    w.open_client(bea)
    settle(env)
    assert not w.complaints_banner.isVisible()
    w.open_client(anna)
    settle(env)
    banner = w.complaints_banner
    assert banner.isVisible() and banner.text.text().startswith("1 open complaint — no. 1, New")

    env.ctx.complaints.record(ComplaintDraft(anna, "Rude on the phone"), None)
    env.bus.feedback_changed.emit()  # as a complaint recorded on the complaints page is
    settle(env)
    assert banner.text.text().startswith("2 open complaints")
