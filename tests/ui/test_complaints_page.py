"""The complaints page beyond one complaint's steps: the chosen complaint read off
the UI thread, its owner chosen from the keyboard, the figures of a period by
category and by staff member, the subjects and targets edited in their dialog."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from PySide6.QtCore import Qt

from salon_desktop.domain.client import ClientDraft
from salon_desktop.domain.complaints import ComplaintDraft, Severity, State, Step
from salon_desktop.i18n import _
from salon_desktop.ui.complaints.model import category_text
from tests.ui.helpers import Modal, settle, type_text
from tests.ui.test_complaints import open_screen

ENTER = Qt.Key.Key_Return


def test_the_chosen_complaint_is_read_off_the_ui_thread(qtbot, make_env, monkeypatch):
    env = make_env("en")
    anna = env.ctx.clients.create(ClientDraft(first_name="Anna"), None)
    first = env.ctx.complaints.record(ComplaintDraft(anna, "Cold water"), None)
    second = env.ctx.complaints.record(ComplaintDraft(anna, "Rude"), None)
    threads: list[str] = []
    real_get = env.ctx.complaints.get

    def get(cid):
        threads.append(threading.current_thread().name)
        return real_get(cid)

    monkeypatch.setattr(env.ctx.complaints, "get", get)
    w = open_screen(qtbot, env)
    assert w.current is not None and w.current.id == second  # the newest first
    qtbot.keyClick(w.table, Qt.Key.Key_Down)
    settle(env)
    assert w.current.id == first and "Cold water" in w.summary.text()
    assert threads and threading.main_thread().name not in threads


def test_the_owner_is_chosen_from_the_keyboard_and_kept_in_the_history(qtbot, make_env):
    env = make_env("en")
    ctx = env.ctx
    zoe = ctx.staff.add("Zoe", "Manager").id
    anna = ctx.clients.create(ClientDraft(first_name="Anna"), None)
    cid = ctx.complaints.record(ComplaintDraft(anna, "Rude"), None)
    env.bus.staff_changed.emit()
    w = open_screen(qtbot, env)
    box = w.detail.owner
    assert box.currentText() == "Not assigned" and box.isEnabled()
    qtbot.keyClick(w.table, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)  # &Owner
    assert box.hasFocus()
    while box.currentData() != zoe:
        qtbot.keyClick(box, Qt.Key.Key_Down)
        settle(env)
    settle(env)
    assert ctx.complaints.get(cid).owner_id == zoe
    assert w.current.owner_id == zoe
    assert w.history.item(w.history.count() - 1).text().split("  ", 1)[1] == "Owner: Zoe — Mina"
    # Filtered by owner: Zoe's complaints, then someone else's (none).
    w.owner_filter.setCurrentIndex(w.owner_filter.findData(zoe))
    settle(env)
    assert [r.id for r in w.model.rows] == [cid]


def test_figures_of_a_period_by_category_and_by_staff_member(qtbot, make_env):
    env = make_env("fa")
    ctx = env.ctx
    zahra = ctx.clients.create(ClientDraft(first_name="زهرا"), None)
    sara = ctx.staff.add("سارا", "آرایشگر").id
    a = ctx.complaints.record(
        ComplaintDraft(zahra, "رنگ", category="service_result", staff_id=sara), None
    )
    ctx.complaints.step(a, Step(State.ACKNOWLEDGED), None)
    ctx.complaints.record(
        ComplaintDraft(zahra, "انتظار", category="waiting_time", severity=Severity.LOW), None
    )
    w = open_screen(qtbot, env)
    w.tabs.setCurrentWidget(w.figures)
    settle(env)
    f = w.figures
    today = dt.datetime.now(dt.UTC).date()  # the complaints were received now
    f.date_from.setDate(today - dt.timedelta(days=1))
    f.date_to.setDate(today + dt.timedelta(days=1))
    qtbot.keyClick(f.date_to.edit, ENTER)
    settle(env)
    assert f.model.rowCount() == 3  # all, then the two subjects
    assert f.model.text(0, 0) == _("All complaints")
    assert f.model.text(0, 1) == "۲" and f.model.text(0, 9) == "۱"  # two received, one repeat
    assert f.model.text(0, 4) == "۱۰۰٪"  # the one acknowledged, in time
    assert {f.model.text(r, 0) for r in (1, 2)} == {
        category_text("service_result"),
        category_text("waiting_time"),
    }
    f.by.setCurrentIndex(f.by.findData("staff"))
    assert {f.model.text(r, 0) for r in (1, 2)} == {"سارا", _("Nobody in particular")}
    # A period that ends before it starts is refused beside the dates.
    f.date_to.setDate(f.date_from.date().replace(year=f.date_from.date().year - 1))
    f.refresh()
    assert f.message.isVisible() and f.message.text()


def test_subjects_and_targets_are_edited_and_used_when_recording(qtbot, make_env):
    env = make_env("en")
    ctx = env.ctx
    anna = ctx.clients.create(ClientDraft(first_name="Anna"), None)
    w = open_screen(qtbot, env)

    def edit(d):
        d.subjects.setFocus()
        booking = next(
            i for i in range(d.subjects.count()) if d.subjects.item(i).data(256) == "booking"
        )
        d.subjects.setCurrentRow(booking)
        qtbot.keyClick(d.subjects, Qt.Key.Key_Space)  # untick: no longer offered
        type_text(qtbot, d.new_subject, "Parking")
        qtbot.keyClick(d.new_subject, ENTER)
        d.acknowledge[Severity.CRITICAL].setValue(2)
        d.resolve[Severity.CRITICAL].setValue(1)  # sooner than acknowledging: refused
        d.accept()
        assert d.isVisible() and "Critical" in d.targets_error.text()
        d.resolve[Severity.CRITICAL].setValue(6)
        d.accept()
        assert not d.isVisible()

    m = Modal(edit)
    w.tabs.setCurrentWidget(w.figures)  # beside the figures they set
    w.settings_button.click()
    m.check()
    salon = ctx.reload_settings()
    assert "booking" not in salon.complaint_categories
    assert salon.complaint_categories[-1] == "Parking"
    assert salon.complaint_acknowledge_minutes["critical"] == 120
    settle(env)
    assert w.category.findData("Parking") > 0 and w.category.findData("booking") < 0
    cid = ctx.complaints.record(
        ComplaintDraft(anna, "No space", category="Parking", severity=Severity.CRITICAL), None
    )
    c = ctx.complaints.get(cid)
    assert (c.acknowledge_by - c.opened_at).total_seconds() == 2 * 3600
    assert (c.resolve_by - c.opened_at).total_seconds() == 6 * 3600


@pytest.mark.parametrize("language", ["en", "pl", "fa"])
def test_the_dialogs_fit_a_1024_by_768_screen(qtbot, make_env, language):
    from salon_desktop.ui.complaints.record_dialog import RecordComplaintDialog
    from salon_desktop.ui.complaints.settings_dialog import ComplaintSettingsDialog
    from salon_desktop.ui.complaints.step_dialog import StepDialog

    env = make_env(language)
    anna = env.ctx.clients.create(ClientDraft(first_name="Anna"), None)
    cid = env.ctx.complaints.record(ComplaintDraft(anna, "x"), None)
    view = env.ctx.complaints.get(cid)
    dialogs = [
        ComplaintSettingsDialog(env),
        RecordComplaintDialog(
            env, anna, "Anna", 1, sale_line_id=1, visit_text="1405/09/12", lines=[(1, "Cut", None)]
        ),
        StepDialog(env, view, State.RESOLVED),
        StepDialog(env, view, State.CLOSED),
    ]
    for d in dialogs:
        qtbot.addWidget(d)
        d.show()
        hint = d.sizeHint().expandedTo(d.size())
        assert hint.width() <= 1024 and hint.height() <= 740, (d.objectName(), hint)
        d.close()


@pytest.mark.parametrize("language", ["en", "pl", "fa"])
def test_long_names_do_not_widen_the_page_past_a_1024_pixel_screen(qtbot, make_env, language):
    """The main window's own test has one short staff name; a salon has long ones."""
    import dataclasses

    env = make_env(language)
    ctx = env.ctx
    for name in ("Katarzyna Wiśniewska-Kowalczyk", "Magdalena Lewandowska-Dąbrowska"):
        ctx.staff.add(name, "Manager")
    ctx.save_settings(
        dataclasses.replace(
            ctx.salon,
            complaint_categories=[
                *ctx.salon.complaint_categories,
                "Parking przed salonem i dojazd",
            ],
        )
    )
    anna = ctx.clients.create(ClientDraft(first_name="Anna"), None)
    ctx.complaints.record(ComplaintDraft(anna, "x"), None)
    env.bus.staff_changed.emit()
    w = open_screen(qtbot, env)
    for tab in (0, 1):
        w.tabs.setCurrentIndex(tab)
        assert w.minimumSizeHint().width() <= 1024 - 180, (tab, w.minimumSizeHint())
