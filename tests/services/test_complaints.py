"""Complaints through the service, on SQLite and PostgreSQL: recorded with their
targets, taken step by step with every step kept, refused when a step is not
allowed or lacks what it needs (nothing written), overdue, measured."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from salon_desktop.db.engine import make_sessionmaker
from salon_desktop.domain.client import ClientDraft
from salon_desktop.domain.complaints import (
    Channel,
    Compensation,
    ComplaintDraft,
    Severity,
    State,
    Step,
)
from salon_desktop.domain.validation import ValidationError
from salon_desktop.services.clients import ConcurrentEdit
from salon_desktop.services.complaints import ComplaintFilter, ComplaintService

T0 = dt.datetime(2026, 11, 20, 10, 0)


class Clock:
    def __init__(self):
        self.now = T0

    def __call__(self) -> dt.datetime:
        return self.now

    def pass_(self, **kw) -> None:
        self.now += dt.timedelta(**kw)


@pytest.fixture
def desk(ctx):
    clock = Clock()
    service = ComplaintService(make_sessionmaker(ctx.engine), now=clock)
    anna = ctx.clients.create(ClientDraft(first_name="Anna", last_name="Nowak"), None)
    mina = ctx.staff.add("Mina", "Receptionist").id
    return ctx, service, clock, anna, mina


def fields_of(exc: pytest.ExceptionInfo) -> list[str]:
    return [e.field for e in exc.value.errors]


def test_a_complaint_is_recorded_with_targets_from_its_severity(desk):
    ctx, service, clock, anna, mina = desk
    cid = service.record(
        ComplaintDraft(
            anna,
            "Colour came out orange",
            category="service_result",
            severity=Severity.CRITICAL,
            channel=Channel.PHONE,
            wanted="Fix it today",
            owner_id=mina,
        ),
        mina,
    )
    c = service.get(cid)
    assert (c.number, c.state, c.client_name, c.owner_id) == (1, State.NEW, "Anna Nowak", mina)
    assert c.acknowledge_by == T0 + dt.timedelta(hours=1)
    assert c.resolve_by == T0 + dt.timedelta(hours=4)
    assert [(e.from_state, e.to_state, e.staff_name) for e in c.history] == [
        (None, State.NEW, "Mina")
    ]
    assert service.record(ComplaintDraft(anna, "Second"), None) != cid
    assert service.get(service.list()[0].id).number == 2


@pytest.mark.parametrize(
    "draft, wrong",
    [
        (ComplaintDraft(None, "Rude"), ["client_id"]),
        (ComplaintDraft(1, "   "), ["description"]),
        (ComplaintDraft(1, "Rude", category="weather"), ["category"]),
        (ComplaintDraft(1, "Rude", sale_line_id=5), ["sale_line_id"]),
        (ComplaintDraft(1, "Rude", sale_id=999), ["sale_id"]),
        (ComplaintDraft(999, "Rude"), ["client_id"]),
        (ComplaintDraft(1, "Rude", staff_id=999), ["staff_id"]),
    ],
)
def test_bad_input_is_refused_field_by_field_and_nothing_is_saved(desk, draft, wrong):
    ctx, service, clock, anna, mina = desk
    assert anna == 1
    with pytest.raises(ValidationError) as exc:
        service.record(draft, mina)
    assert fields_of(exc) == wrong
    assert service.list() == []


def test_from_new_to_closed_every_step_kept(desk):
    ctx, service, clock, anna, mina = desk
    cid = service.record(ComplaintDraft(anna, "Waited 40 minutes", category="waiting_time"), mina)
    clock.pass_(minutes=30)
    c = service.step(cid, Step(State.ACKNOWLEDGED, note="Called her back"), mina)
    assert c.acknowledged_at == T0 + dt.timedelta(minutes=30)
    clock.pass_(hours=2)
    c = service.step(cid, Step(State.IN_PROGRESS), mina, expected_version=c.version)
    clock.pass_(hours=3)
    c = service.step(
        cid,
        Step(
            State.RESOLVED,
            resolution="Apologised; a gift voucher",
            compensation=Compensation.VOUCHER,
            compensation_cost=5000,
        ),
        mina,
    )
    assert c.resolved_at == T0 + dt.timedelta(hours=5, minutes=30)
    clock.pass_(days=2)
    c = service.step(cid, Step(State.CLOSED, follow_up_outcome="satisfied"), mina)
    assert c.state is State.CLOSED and c.closed_at == clock.now
    assert (c.compensation, c.compensation_cost) == (Compensation.VOUCHER, 5000)
    assert [(e.from_state, e.to_state) for e in c.history] == [
        (None, State.NEW),
        (State.NEW, State.ACKNOWLEDGED),
        (State.ACKNOWLEDGED, State.IN_PROGRESS),
        (State.IN_PROGRESS, State.RESOLVED),
        (State.RESOLVED, State.CLOSED),
    ]
    assert c.history[1].note == "Called her back"
    # The client came back: reopened, to be resolved again.
    c = service.step(cid, Step(State.IN_PROGRESS, note="Orange again"), mina)
    assert (c.state, c.reopened, c.resolved_at, c.closed_at) == (State.IN_PROGRESS, 1, None, None)


@pytest.mark.parametrize(
    "steps, last, wrong",
    [
        ([], Step(State.CLOSED, follow_up_outcome="ok"), ["state"]),
        ([], Step(State.NEW), ["state"]),
        ([], Step(State.REJECTED), ["reason"]),
        ([Step(State.ACKNOWLEDGED)], Step(State.RESOLVED), ["resolution"]),
        (
            [Step(State.ACKNOWLEDGED), Step(State.RESOLVED, resolution="Redone")],
            Step(State.CLOSED),
            ["follow_up_outcome"],
        ),
        (
            [Step(State.ACKNOWLEDGED)],
            Step(State.RESOLVED, resolution="x", compensation_cost=-1),
            ["compensation_cost"],
        ),
    ],
)
def test_a_step_not_allowed_or_incomplete_is_refused_and_nothing_written(desk, steps, last, wrong):
    ctx, service, clock, anna, mina = desk
    cid = service.record(ComplaintDraft(anna, "Rude at the desk"), mina)
    for st in steps:
        service.step(cid, st, mina)
    before = service.get(cid)
    with pytest.raises(ValidationError) as exc:
        service.step(cid, last, mina)
    assert fields_of(exc) == wrong
    assert service.get(cid) == before


def test_a_step_on_a_complaint_changed_elsewhere_is_refused(desk):
    ctx, service, clock, anna, mina = desk
    cid = service.record(ComplaintDraft(anna, "Rude"), mina)
    seen = service.get(cid)
    service.step(cid, Step(State.ACKNOWLEDGED), mina)  # the other desk
    with pytest.raises(ConcurrentEdit):
        service.step(cid, Step(State.REJECTED, reason="dup"), mina, expected_version=seen.version)
    assert service.get(cid).state is State.ACKNOWLEDGED


def test_overdue_ones_are_found_and_stop_being_overdue_when_done(desk):
    ctx, service, clock, anna, mina = desk
    late = service.record(ComplaintDraft(anna, "Burnt scalp", severity=Severity.CRITICAL), mina)
    calm = service.record(ComplaintDraft(anna, "Music too loud", severity=Severity.LOW), mina)
    overdue = ComplaintFilter(overdue_only=True)
    clock.pass_(minutes=61)
    assert [c.id for c in service.list(overdue)] == [late]
    view = service.get(late)
    assert view.acknowledge_overdue and not view.resolve_overdue
    service.step(late, Step(State.ACKNOWLEDGED), mina)
    assert service.list(overdue) == []
    clock.pass_(hours=3)  # past the 4 h to resolve a critical one
    assert [c.id for c in service.list(overdue)] == [late]
    assert service.get(late).resolve_overdue and not service.get(calm).overdue
    service.step(late, Step(State.RESOLVED, resolution="Treated, refunded"), mina)
    assert service.list(overdue) == []
    assert [c.id for c in service.open_for_client(anna)] == [calm]


def test_recorded_steps_cannot_be_changed_or_deleted(desk):
    ctx, service, clock, anna, mina = desk
    service.record(ComplaintDraft(anna, "Rude"), mina)
    for sql in ("UPDATE complaint_events SET note = 'x'", "DELETE FROM complaint_events"):
        with pytest.raises(DBAPIError) as exc:
            with ctx.engine.begin() as conn:
                conn.execute(text(sql))
        assert "cannot be changed" in str(exc.value)


def test_figures_of_a_period(desk):
    ctx, service, clock, anna, mina = desk
    bea = ctx.clients.create(ClientDraft(first_name="Bea"), None)
    a = service.record(ComplaintDraft(anna, "One", severity=Severity.HIGH), mina)
    clock.pass_(hours=1)
    service.step(a, Step(State.ACKNOWLEDGED), mina)  # in time (4 h)
    clock.pass_(hours=30)
    service.step(
        a,
        Step(
            State.RESOLVED,
            resolution="Redone",
            compensation=Compensation.REDO,
            compensation_cost=4500,
        ),
        mina,
    )  # late (24 h)
    b = service.record(ComplaintDraft(anna, "Two", category="price"), mina)  # a repeat
    clock.pass_(hours=2)
    service.step(b, Step(State.ACKNOWLEDGED), mina)
    service.record(ComplaintDraft(bea, "Three", severity=Severity.CRITICAL, staff_id=mina), mina)
    clock.pass_(hours=2)  # Bea's: not acknowledged within 1 h
    f = service.figures(T0.date(), clock.now.date())
    assert (f.opened, f.still_open, f.overdue, f.repeat_complaints) == (3, 2, 1, 1)
    assert f.acknowledged_in_time_pct == 100.0  # two acknowledged, both in time
    assert f.resolved_in_time_pct == 0.0
    assert f.median_minutes_to_acknowledge == 90.0  # 60 and 120
    assert f.median_minutes_to_resolve == 31 * 60
    assert f.compensation_cost == 4500
    assert dict(f.by_category) == {"other": 2, "price": 1}
    assert dict(f.by_staff) == {None: 2, mina: 1}
    assert (
        service.figures(T0.date() - dt.timedelta(days=9), T0.date() - dt.timedelta(days=1)).opened
        == 0
    )
