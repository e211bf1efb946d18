"""The complaint process: every state change allowed or refused with a reason."""

from __future__ import annotations

import datetime as dt

import pytest

from salon_desktop.domain.complaints import (
    TRANSITIONS,
    Severity,
    State,
    Step,
    Targets,
    Timing,
    acknowledge_overdue,
    acknowledged_in_time,
    check_step,
    is_reopen,
    percentile,
    resolve_overdue,
    resolved_in_time,
)

T0 = dt.datetime(2026, 12, 1, 10, 0)


def fields_of(errors) -> list[str]:
    return [e.field for e in errors.errors]


def test_the_happy_path_is_allowed_step_by_step():
    state = State.NEW
    for step in (
        Step(State.ACKNOWLEDGED),
        Step(State.IN_PROGRESS),
        Step(State.RESOLVED, resolution="Colour redone free"),
        Step(State.CLOSED, follow_up_outcome="Satisfied"),
    ):
        assert check_step(state, step, has_resolution=state is State.RESOLVED).errors == []
        state = step.target
    assert state is State.CLOSED


@pytest.mark.parametrize("current", list(State))
@pytest.mark.parametrize("target", list(State))
def test_every_pair_of_states_is_allowed_exactly_when_the_table_says(current, target):
    step = Step(target, reason="r", resolution="done", follow_up_outcome="ok")
    allowed = check_step(current, step).errors == []
    assert allowed == (target in TRANSITIONS[current])


def test_a_forbidden_change_names_both_states():
    errors = check_step(State.NEW, Step(State.CLOSED, resolution="x", follow_up_outcome="y"))
    assert fields_of(errors) == ["state"]
    assert errors.errors[0].params == {"current": "new", "target": "closed"}


def test_rejecting_needs_a_reason_and_resolving_needs_what_was_done():
    assert fields_of(check_step(State.NEW, Step(State.REJECTED, reason="  "))) == ["reason"]
    assert fields_of(check_step(State.IN_PROGRESS, Step(State.RESOLVED))) == ["resolution"]


def test_closing_needs_a_resolution_and_the_follow_up():
    errors = check_step(State.RESOLVED, Step(State.CLOSED))
    assert fields_of(errors) == ["resolution", "follow_up_outcome"]
    # the resolution recorded when it was resolved counts
    errors = check_step(State.RESOLVED, Step(State.CLOSED), has_resolution=True)
    assert fields_of(errors) == ["follow_up_outcome"]


@pytest.mark.parametrize("done", [State.RESOLVED, State.CLOSED, State.REJECTED])
def test_a_finished_complaint_can_be_reopened(done):
    assert check_step(done, Step(State.IN_PROGRESS)).errors == []
    assert is_reopen(done, State.IN_PROGRESS)
    assert not is_reopen(State.ACKNOWLEDGED, State.IN_PROGRESS)


def test_staying_in_the_same_state_is_not_a_step():
    assert fields_of(check_step(State.NEW, Step(State.NEW))) == ["state"]


@pytest.mark.parametrize(
    "severity, ack_h, res_h",
    [
        (Severity.CRITICAL, 1, 4),
        (Severity.HIGH, 4, 24),
        (Severity.MEDIUM, 24, 72),
        (Severity.LOW, 48, 168),
    ],
)
def test_targets_by_severity_and_overdue_at_their_boundary(severity, ack_h, res_h):
    targets = Targets()
    assert targets.acknowledge_by(T0, severity) == T0 + dt.timedelta(hours=ack_h)
    assert targets.resolve_by(T0, severity) == T0 + dt.timedelta(hours=res_h)
    open_ = Timing(severity, T0)
    at_ack = T0 + dt.timedelta(hours=ack_h)
    assert not acknowledge_overdue(open_, at_ack, targets)  # due exactly now: not yet late
    assert acknowledge_overdue(open_, at_ack + dt.timedelta(seconds=1), targets)
    at_res = T0 + dt.timedelta(hours=res_h)
    assert not resolve_overdue(open_, at_res, targets)
    assert resolve_overdue(open_, at_res + dt.timedelta(seconds=1), targets)


def test_acknowledged_or_finished_complaints_are_not_overdue_for_that_step():
    targets = Targets()
    late = T0 + dt.timedelta(days=30)
    acked = Timing(
        Severity.CRITICAL,
        T0,
        acknowledged_at=T0 + dt.timedelta(minutes=30),
        state=State.ACKNOWLEDGED,
    )
    assert not acknowledge_overdue(acked, late, targets)
    assert resolve_overdue(acked, late, targets)
    rejected = Timing(Severity.CRITICAL, T0, state=State.REJECTED)
    assert not acknowledge_overdue(rejected, late, targets)
    assert not resolve_overdue(rejected, late, targets)


def test_in_time_or_late():
    targets = Targets()
    t = Timing(
        Severity.HIGH,
        T0,
        acknowledged_at=T0 + dt.timedelta(hours=4),
        resolved_at=T0 + dt.timedelta(hours=25),
        state=State.RESOLVED,
    )
    assert acknowledged_in_time(t, targets) is True
    assert resolved_in_time(t, targets) is False
    assert acknowledged_in_time(Timing(Severity.HIGH, T0), targets) is None


def test_percentiles():
    assert percentile([], 0.5) is None
    assert percentile([5.0], 0.9) == 5.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert percentile(list(map(float, range(1, 11))), 0.9) == pytest.approx(9.1)
