"""Complaint figures by SQL aggregates, on SQLite and PostgreSQL: the same results
as measuring the listed complaints one by one in Python (the way they were
first computed, kept here as the reference, compared on random histories), and
their boundaries: a step done exactly at its target is in time, a period's
first and last days are in it, a client's complaint before the period makes
none of hers a repeat, an empty period has no percentages."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salon_desktop.db.engine import make_sessionmaker
from salon_desktop.domain.client import ClientDraft
from salon_desktop.domain.complaints import (
    OPEN_STATES,
    Compensation,
    ComplaintDraft,
    Severity,
    State,
    Step,
    in_time,
    percentile,
)
from salon_desktop.services.complaints import (
    ComplaintFilter,
    ComplaintService,
    ComplaintView,
    Measures,
)

T0 = dt.datetime(2026, 1, 5, 9, 0)


class Clock:
    def __init__(self):
        self.now = T0

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def desk(ctx):
    clock = Clock()
    service = ComplaintService(make_sessionmaker(ctx.engine), now=clock)
    clients = [
        ctx.clients.create(ClientDraft(first_name=name), None) for name in ("Anna", "Bea", "Cyra")
    ]
    mina = ctx.staff.add("Mina", "Stylist").id
    return service, clock, clients, mina


# -- the reference: every complaint of the period measured in Python ----------------------
def reference(rows: list[ComplaintView]) -> Measures:
    def pct(values) -> float | None:
        known = [v for v in values if v is not None]
        return 100.0 * sum(known) / len(known) if known else None

    def minutes(a, b) -> float:
        return (b - a).total_seconds() / 60

    to_ack = [minutes(r.opened_at, r.acknowledged_at) for r in rows if r.acknowledged_at]
    to_res = [minutes(r.opened_at, r.resolved_at) for r in rows if r.resolved_at]
    return Measures(
        opened=len(rows),
        still_open=sum(r.state in OPEN_STATES for r in rows),
        overdue=sum(r.overdue for r in rows),
        acknowledged_in_time_pct=pct(in_time(r.acknowledged_at, r.acknowledge_by) for r in rows),
        resolved_in_time_pct=pct(in_time(r.resolved_at, r.resolve_by) for r in rows),
        median_minutes_to_acknowledge=percentile(to_ack, 0.5),
        p90_minutes_to_acknowledge=percentile(to_ack, 0.9),
        median_minutes_to_resolve=percentile(to_res, 0.5),
        p90_minutes_to_resolve=percentile(to_res, 0.9),
        compensation_cost=sum(r.compensation_cost for r in rows),
        repeat_complaints=sum(r.id in repeats(rows) for r in rows),
    )


def repeats(rows: list[ComplaintView]) -> set[int]:
    seen: set[int] = set()
    found = set()
    for r in sorted(rows, key=lambda r: (r.opened_at, r.id)):
        if r.client_id in seen:
            found.add(r.id)
        seen.add(r.client_id)
    return found


def reference_figures(service: ComplaintService, date_from: dt.date, date_to: dt.date):
    rows = service.list(ComplaintFilter(opened_from=date_from, opened_to=date_to), limit=10**9)
    rep = repeats(rows)

    def measured(subset: list[ComplaintView]) -> Measures:
        m = reference(subset)
        return Measures(
            **{
                **m.__dict__,
                "repeat_complaints": sum(r.id in rep for r in subset),
            }
        )

    def grouped(key) -> dict:
        groups: dict = {}
        for r in rows:
            groups.setdefault(key(r), []).append(r)
        return {k: measured(v) for k, v in groups.items()}

    return (
        measured(rows),
        grouped(lambda r: r.category),
        grouped(lambda r: r.staff_id),
    )


def same(a: Measures, b: Measures) -> bool:
    for name in Measures.__dataclass_fields__:
        x, y = getattr(a, name), getattr(b, name)
        if isinstance(x, float) or isinstance(y, float):
            if x is None or y is None or x != pytest.approx(y, abs=1e-3):
                return False
        elif x != y:
            return False
    return True


def total_of(f) -> Measures:
    return Measures(**{name: getattr(f, name) for name in Measures.__dataclass_fields__})


# -- random histories ---------------------------------------------------------------------
PLAN = st.tuples(
    st.integers(0, 2),  # which client
    st.sampled_from(["price", "hygiene", "other"]),
    st.booleans(),  # about the staff member
    st.sampled_from(list(Severity)),
    st.integers(0, 14 * 24 * 60),  # opened, minutes after the period's start
    st.one_of(st.none(), st.integers(0, 3 * 24 * 60)),  # then acknowledged after
    st.one_of(st.none(), st.integers(0, 8 * 24 * 60)),  # then resolved after
    st.sampled_from(["stay", "close", "reject", "reopen"]),
    st.integers(0, 9000),  # compensation cost
)
_examples = iter(range(10**6))


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plans=st.lists(PLAN, max_size=9), now_after=st.integers(0, 20 * 24 * 60))
def test_sql_figures_are_those_of_the_complaints_one_by_one(desk, plans, now_after):
    service, clock, clients, mina = desk
    start = T0 + dt.timedelta(days=40 * next(_examples))  # each example its own period
    for client, category, about_mina, severity, opened, ack, res, end, cost in plans:
        at = start + dt.timedelta(minutes=opened)
        clock.now = at
        cid = service.record(
            ComplaintDraft(
                clients[client],
                "x",
                category=category,
                severity=severity,
                staff_id=mina if about_mina else None,
            ),
            None,
        )
        if ack is None:
            if end == "reject":
                service.step(cid, Step(State.REJECTED, reason="no"), None)
            continue
        clock.now = at = at + dt.timedelta(minutes=ack)
        service.step(cid, Step(State.ACKNOWLEDGED), None)
        if res is None:
            continue
        clock.now = at = at + dt.timedelta(minutes=res)
        service.step(
            cid,
            Step(
                State.RESOLVED,
                resolution="done",
                compensation=Compensation.VOUCHER if cost else Compensation.NONE,
                compensation_cost=cost,
            ),
            None,
        )
        if end in ("close", "reopen"):
            clock.now = at = at + dt.timedelta(hours=5)
            service.step(cid, Step(State.CLOSED, follow_up_outcome="fine"), None)
        if end == "reopen":
            clock.now = at + dt.timedelta(hours=1)
            service.step(cid, Step(State.IN_PROGRESS), None)
    clock.now = start + dt.timedelta(minutes=now_after)
    date_from, date_to = start.date(), (start + dt.timedelta(days=14)).date()
    f = service.figures(date_from, date_to)
    total, categories, staff = reference_figures(service, date_from, date_to)
    assert same(total_of(f), total), (total_of(f), total)
    assert {k for k, _m in f.categories} == set(categories)
    assert all(same(m, categories[k]) for k, m in f.categories)
    assert {k for k, _m in f.staff} == set(staff)
    assert all(same(m, staff[k]) for k, m in f.staff)
    counts = [m.opened for _k, m in f.categories]
    assert counts == sorted(counts, reverse=True)


# -- boundaries ---------------------------------------------------------------------------
def test_a_step_done_exactly_at_its_target_is_in_time_a_minute_later_is_not(desk):
    service, clock, (anna, bea, _c), mina = desk
    on_time = service.record(ComplaintDraft(anna, "x", severity=Severity.CRITICAL), None)
    late = service.record(ComplaintDraft(bea, "y", severity=Severity.CRITICAL), None)
    clock.now = T0 + dt.timedelta(hours=1)  # critical: acknowledge within 1 h
    assert service.figures(T0.date(), T0.date()).overdue == 0  # due, not yet past due
    service.step(on_time, Step(State.ACKNOWLEDGED), None)
    clock.now = T0 + dt.timedelta(hours=1, minutes=1)
    assert service.figures(T0.date(), T0.date()).overdue == 1
    service.step(late, Step(State.ACKNOWLEDGED), None)
    clock.now = T0 + dt.timedelta(hours=4)  # critical: resolve within 4 h
    service.step(on_time, Step(State.RESOLVED, resolution="ok"), None)
    f = service.figures(T0.date(), T0.date())
    assert (f.acknowledged_in_time_pct, f.resolved_in_time_pct) == (50.0, 100.0)
    assert (f.median_minutes_to_acknowledge, f.p90_minutes_to_acknowledge) == (60.5, 60.9)
    assert f.median_minutes_to_resolve == 240.0
    assert (f.overdue, f.still_open) == (0, 1)


def test_the_first_and_last_days_are_in_the_period_the_next_day_is_not(desk):
    service, clock, (anna, bea, cyra), mina = desk
    day = T0.date()
    for at, who in (
        (dt.datetime.combine(day, dt.time()), anna),  # midnight starting the first day
        (dt.datetime.combine(day + dt.timedelta(days=2), dt.time(23, 59, 59, 999999)), bea),
        (dt.datetime.combine(day + dt.timedelta(days=3), dt.time()), cyra),  # the next day
        (dt.datetime.combine(day, dt.time()) - dt.timedelta(microseconds=1), cyra),  # before
    ):
        clock.now = at
        service.record(ComplaintDraft(who, "x"), None)
    f = service.figures(day, day + dt.timedelta(days=2))
    assert (f.opened, f.repeat_complaints) == (2, 0)
    assert service.figures(day + dt.timedelta(days=3), day + dt.timedelta(days=3)).opened == 1


def test_repeats_count_inside_the_period_only_and_by_group(desk):
    service, clock, (anna, bea, _c), mina = desk
    clock.now = T0 - dt.timedelta(days=30)
    service.record(ComplaintDraft(anna, "Last month"), None)
    clock.now = T0
    service.record(ComplaintDraft(anna, "First this month", category="price"), None)
    clock.now = T0 + dt.timedelta(days=1)
    service.record(ComplaintDraft(anna, "Again", category="hygiene", staff_id=mina), None)
    service.record(ComplaintDraft(bea, "Once", category="hygiene"), None)
    clock.now = T0 + dt.timedelta(days=2)
    service.record(ComplaintDraft(anna, "And again", category="hygiene", staff_id=mina), None)
    f = service.figures(T0.date(), T0.date() + dt.timedelta(days=7))
    assert (f.opened, f.repeat_complaints) == (4, 2)
    cats = dict(f.categories)
    assert (cats["hygiene"].opened, cats["hygiene"].repeat_complaints) == (3, 2)
    assert cats["price"].repeat_complaints == 0
    assert f.by_category == (("hygiene", 3), ("price", 1))
    assert dict(f.staff)[mina].repeat_complaints == 2


def test_an_empty_period_has_counts_of_zero_and_no_percentages(desk):
    service, clock, clients, mina = desk
    f = service.figures(T0.date(), T0.date())
    assert total_of(f) == Measures()
    assert (f.categories, f.staff, f.by_category, f.by_staff) == ((), (), (), ())


def test_ninety_percent_of_ten_times_interpolates_between_the_ninth_and_tenth(desk):
    service, clock, (anna, *_r), mina = desk
    for minutes in range(1, 11):
        clock.now = T0
        cid = service.record(ComplaintDraft(anna, "x", severity=Severity.LOW), None)
        clock.now = T0 + dt.timedelta(minutes=minutes * 10)
        service.step(cid, Step(State.ACKNOWLEDGED), None)
    f = service.figures(T0.date(), T0.date())
    assert f.median_minutes_to_acknowledge == pytest.approx(55.0)
    assert f.p90_minutes_to_acknowledge == pytest.approx(91.0)
    assert f.median_minutes_to_resolve is None and f.resolved_in_time_pct is None
