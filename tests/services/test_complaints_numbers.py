"""Complaint numbers from a counter row: two desks recording at the same moment on
PostgreSQL each get their own number (max + 1 gave both the same one and the
second hit the unique constraint); numbers follow on from complaints recorded
before the counter existed; a refused complaint uses up no number."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import delete, select, text

from salon_desktop.db.engine import make_sessionmaker
from salon_desktop.db.models_feedback import Complaint
from salon_desktop.db.models_sales import ReceiptCounter
from salon_desktop.domain.client import ClientDraft
from salon_desktop.domain.complaints import ComplaintDraft
from salon_desktop.domain.validation import ValidationError
from salon_desktop.services.complaints import COMPLAINT_SERIES, ComplaintService
from salon_desktop.services.context import open_context

T0 = dt.datetime(2026, 11, 20, 10, 0)


class MeetingClock:
    """Holds each thread's first reading of the clock (taken inside its recording
    transaction) until every desk has reached it: the desks record at once."""

    def __init__(self, desks: int):
        self._barrier = threading.Barrier(desks, timeout=20)
        self._met = threading.local()

    def __call__(self) -> dt.datetime:
        if not getattr(self._met, "done", False):
            self._met.done = True
            self._barrier.wait()
        return T0


@pytest.mark.postgres
def test_two_desks_recording_at_once_get_two_numbers(tmp_path, pg_schema):
    ctx = open_context(data_dir=tmp_path, db_url=pg_schema)
    try:
        anna = ctx.clients.create(ClientDraft(first_name="Anna"), None)
        desks = 3
        clock = MeetingClock(desks)
        # Each desk its own service, sessions and connections, as on separate computers.
        services = [
            ComplaintService(make_sessionmaker(ctx.engine), now=clock) for _ in range(desks)
        ]
        ids: list[int] = []
        errors: list[BaseException] = []

        def desk(service: ComplaintService, n: int) -> None:
            try:
                ids.append(service.record(ComplaintDraft(anna, f"From desk {n}"), None))
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=desk, args=(s, n)) for n, s in enumerate(services)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert [repr(e) for e in errors] == []
        with ctx.engine.connect() as conn:
            numbers = sorted(conn.scalars(select(Complaint.number).where(Complaint.id.in_(ids))))
        assert numbers == [1, 2, 3]
    finally:
        ctx.close()


def test_numbers_follow_on_and_a_refused_complaint_takes_none(ctx):
    service = ComplaintService(make_sessionmaker(ctx.engine), now=lambda: T0)
    anna = ctx.clients.create(ClientDraft(first_name="Anna"), None)
    first = service.record(ComplaintDraft(anna, "One"), None)
    with pytest.raises(ValidationError):
        service.record(ComplaintDraft(anna, "  "), None)
    second = service.record(ComplaintDraft(anna, "Two"), None)
    assert [service.get(i).number for i in (first, second)] == [1, 2]
    # A profile whose complaints were numbered before the counter: it starts after them.
    with ctx.engine.begin() as conn:
        # (counters are never deleted in a salon's database: the guard is lifted here to
        # make the older profile)
        on = "" if conn.dialect.name == "sqlite" else " ON receipt_counters"
        conn.execute(text(f"DROP TRIGGER receipt_counters_no_delete{on}"))
        conn.execute(delete(ReceiptCounter).where(ReceiptCounter.series == COMPLAINT_SERIES))
        conn.execute(Complaint.__table__.update().where(Complaint.id == second).values(number=41))
    third = service.record(ComplaintDraft(anna, "Three"), None)
    assert service.get(third).number == 42
    with ctx.engine.connect() as conn:
        assert (
            conn.scalar(
                select(ReceiptCounter.last_number).where(ReceiptCounter.series == COMPLAINT_SERIES)
            )
            == 42
        )
