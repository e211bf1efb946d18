"""Assigning a complaint's owner: kept in its history with who and when, a staff
member who does not exist refused (nothing written), a stale screen refused."""

from __future__ import annotations

import datetime as dt

import pytest

from salon_desktop.db.engine import make_sessionmaker
from salon_desktop.domain.client import ClientDraft
from salon_desktop.domain.complaints import ComplaintDraft, State, Step
from salon_desktop.domain.validation import ValidationError
from salon_desktop.services.clients import ConcurrentEdit
from salon_desktop.services.complaints import ComplaintFilter, ComplaintService

T0 = dt.datetime(2026, 11, 20, 10, 0)


def test_the_owner_is_assigned_and_kept_in_the_history(ctx):
    service = ComplaintService(make_sessionmaker(ctx.engine), now=lambda: T0)
    anna = ctx.clients.create(ClientDraft(first_name="Anna"), None)
    mina, zoe = (ctx.staff.add(n, "Manager").id for n in ("Mina", "Zoe"))
    cid = service.record(ComplaintDraft(anna, "Rude"), mina)
    c = service.assign(cid, zoe, mina, expected_version=service.get(cid).version)
    assert c.owner_id == zoe and c.state is State.NEW
    assert [(e.is_assignment, e.note, e.staff_name) for e in c.history] == [
        (False, "", "Mina"),
        (True, "Zoe", "Mina"),
    ]
    assert [x.id for x in service.list(ComplaintFilter(owner_id=zoe))] == [cid]
    same = service.assign(cid, zoe, mina)  # nothing changes, nothing recorded
    assert len(same.history) == 2 and same.version == c.version
    with pytest.raises(ValidationError) as exc:
        service.assign(cid, 999, mina)
    assert [e.field for e in exc.value.errors] == ["owner_id"]
    with pytest.raises(ConcurrentEdit):
        service.assign(cid, None, mina, expected_version=c.version - 1)
    assert service.get(cid) == c
    c = service.assign(cid, None, mina)
    assert c.owner_id is None and c.history[-1].note == ""
    service.step(cid, Step(State.ACKNOWLEDGED), mina)
    assert not service.get(cid).history[-1].is_assignment
