"""The operations layer: results come back, failures become sentences, nothing escapes."""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtWidgets import QWidget

from salon_desktop.domain.validation import FieldError, ValidationError
from salon_desktop.services.changes import Changes
from salon_desktop.services.failures import Kind
from salon_desktop.ui.operations import Query, Write
from salon_desktop.ui.widgets.forms import ErrorLabel
from tests.faults import EXPECTED_WORDS, KINDS, inject
from tests.ui.helpers import settle


def test_a_background_write_runs_off_the_ui_thread_and_publishes_its_changes(qtbot, make_env):
    env = make_env("en")
    seen: list = []
    env.bus.changed.connect(seen.append)
    names: list[str] = []
    env.bus.staff_changed.connect(lambda: names.append("staff"))
    threads: list = []

    def call(ctx):
        threads.append(threading.current_thread())
        return ctx.staff.add("Ola", "Stylist", actor_id=None)

    results: list = []
    Write(env, None, call, changes=Changes(staff=True)).success(results.append).run_in_background()
    settle(env)
    assert threads and threads[0] is not threading.main_thread()
    assert [m.name for m in results] == ["Ola"]
    assert seen == [Changes(staff=True)] and names == ["staff"]
    assert "Ola" in [m.name for m in env.ctx.staff.list()]


def test_changes_can_depend_on_the_result(qtbot, make_env):
    env = make_env("en")
    seen: list = []
    env.bus.client_changed.connect(seen.append)
    Write(env, None, lambda ctx: 42, changes=lambda cid: Changes.of(clients=[cid])).run()
    assert seen == [42]


@pytest.mark.parametrize("kind", KINDS)
def test_each_failure_is_a_sentence_beside_where_the_user_acted(qtbot, make_env, kind):
    env = make_env("en")
    widget = QWidget()
    qtbot.addWidget(widget)
    label = ErrorLabel(widget)
    widget.show()
    published: list = []
    env.bus.changed.connect(published.append)
    succeeded: list = []
    with inject(env.ctx.engine, kind):
        Write(
            env,
            widget,
            lambda ctx: ctx.staff.add("Ola", "Stylist", actor_id=None),
            changes=Changes(staff=True),
        ).message_to(label).success(succeeded.append).run_in_background()
        settle(env)
    assert label.isVisible() and EXPECTED_WORDS[kind] in label.text()
    assert "Ola" not in [m.name for m in env.ctx.staff.list(include_inactive=True)]
    assert succeeded == [] and published == []  # nothing happened, nothing announced


def test_a_refused_input_shows_its_field_message(qtbot, make_env):
    env = make_env("en")
    label = ErrorLabel()
    qtbot.addWidget(label)

    def call(ctx):
        raise ValidationError([FieldError("name", "This field is required.")])

    kinds: list = []
    Write(env, None, call).message_to(label).failure(lambda f: kinds.append(f.kind) and False).run()
    assert kinds == [Kind.VALIDATION]
    assert label.text() == "This field is required."


def test_an_unexpected_error_is_logged_and_offered_in_a_dialog(qtbot, make_env, caplog):
    env = make_env("en")
    reported: list = []
    env.ops.unexpected.connect(lambda sentence, details: reported.append((sentence, details)))

    def call(ctx):
        raise ZeroDivisionError("a defect")

    with caplog.at_level(logging.ERROR, logger="salon_desktop"):
        result = Write(env, None, call).run_in_background()
        settle(env)
    assert result is None
    sentence, details = reported[0]
    assert "Something went wrong" in sentence
    assert "ZeroDivisionError: a defect" in details
    assert "ZeroDivisionError" in caplog.text


def test_a_callback_that_raises_never_leaves_the_slot(qtbot, make_env):
    env = make_env("en")
    reported: list = []
    env.ops.unexpected.connect(lambda s, d: reported.append(d))

    def broken(_result):
        raise RuntimeError("screen bug")

    Query(env, None, lambda ctx: 1).success(broken).run_in_background()
    settle(env)
    assert "screen bug" in reported[0]
    assert env.ops.pending == 0


def test_a_result_for_a_closed_screen_is_dropped(qtbot, make_env):
    env = make_env("en")
    widget = QWidget()
    called: list = []
    gate = threading.Event()

    def slow(ctx):
        gate.wait(5)
        return 1

    Query(env, widget, slow).success(called.append).run_in_background()
    widget.deleteLater()
    qtbot.wait(10)
    gate.set()
    settle(env)
    assert called == []


def test_writes_reach_the_database_in_the_order_they_were_made(qtbot, make_env):
    env = make_env("en")
    for i in range(20):
        Write(
            env, None, lambda ctx, i=i: ctx.staff.add(f"S{i:02}", "Stylist", actor_id=None)
        ).run_in_background()
    settle(env)
    ids = {m.name: m.id for m in env.ctx.staff.list()}
    assert [ids[f"S{i:02}"] for i in range(20)] == sorted(ids[f"S{i:02}"] for i in range(20))
