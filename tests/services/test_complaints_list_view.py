"""The complaints list builds its views in bulk (no dataclass ``__init__``): each is
the same as the complaint opened alone, in every state, overdue or not, on SQLite
and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt

from salon_desktop.domain.client import ClientDraft
from salon_desktop.domain.complaints import ComplaintDraft, Severity, State, Step


def test_a_listed_complaint_is_the_complaint_opened(ctx):
    client = ctx.clients.create(ClientDraft(first_name="Mina", last_name="Rad"), None)
    ids = [
        ctx.complaints.record(ComplaintDraft(client, f"Complaint {n}", severity=sev), None)
        for n, sev in enumerate(Severity)
    ]
    ctx.complaints.step(ids[1], Step(State.ACKNOWLEDGED), None)
    ctx.complaints.step(ids[2], Step(State.IN_PROGRESS), None)
    ctx.complaints.step(ids[2], Step(State.RESOLVED, resolution="Apologised"), None)
    ctx.complaints.step(ids[3], Step(State.REJECTED, reason="Not ours"), None)
    later = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(days=30)
    for now in (None, later):  # as recorded, and a month on: overdue
        if now is not None:
            ctx.complaints._now = lambda now=now: now
        listed = ctx.complaints.list()
        assert sorted(v.id for v in listed) == sorted(ids)
        for v in listed:
            opened = dataclasses.replace(ctx.complaints.get(v.id), history=(), given=None)
            assert v == opened and hash(v) == hash(opened)
    assert {v.state for v in listed} == {
        State.NEW,
        State.ACKNOWLEDGED,
        State.RESOLVED,
        State.REJECTED,
    }
    assert any(v.overdue for v in listed)
