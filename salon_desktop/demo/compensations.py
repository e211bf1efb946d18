"""The demo's compensations, given as the salon gives them: through the services.

``demo.complaints.plan`` (with ``till``) leaves the steps after a complaint's
investigation (resolving it with a compensation, closing it, reopening it) in
``Planned.later``; ``settle`` takes them through ``ComplaintService.step`` in time
order, each at its moment on the services' clock, so the app's own path records
the ``complaint_compensations`` row and posts what is given at once (a refund of
the line complained of, by card, in the corrections series; a voucher sold at
zero), a reopening withdraws what was still waiting, and the complaint's cost is
what was posted. A refund or a voucher needs the till: when that day's till was
closed already (the bulk writer closed every day), the manager gives it after the
close, in a cash session of its own (its float the cash counted at the close)
closed at once (nothing in cash moves: the refund is to her card, the voucher is
at zero), as the till asks at the desk;
on a day the salon is closed, on the next day it opens.

Then some of the benefits still waiting (a next-visit discount, a free redo) are
used at her visit today, through ``SalesService.post`` with the till's open
session: the ticket names the benefit and posting gives it, once.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import func, select

from salon_desktop.db.engine import make_sessionmaker
from salon_desktop.db.models import CashSession, ComplaintCompensation, Sale, SaleLine
from salon_desktop.db.models_feedback import Complaint
from salon_desktop.demo.complaints import Later, Planned
from salon_desktop.domain.complaints import GIVEN_AT_ONCE, Compensation, State, Step
from salon_desktop.domain.money import info
from salon_desktop.domain.sale import (
    LineDraft,
    LineKind,
    PaymentDraft,
    PayMethod,
    TicketDraft,
    compute,
)
from salon_desktop.domain.validation import ValidationError
from salon_desktop.services.complaints import ComplaintService
from salon_desktop.services.sales import SalesService
from salon_desktop.services.sales_read import local
from salon_desktop.services.till import TillService

USED_SHARE = 0.5  # of the benefits still waiting, used at her visit today
VISIT_GAP = dt.timedelta(minutes=6)  # at most this far apart


class _Desk:
    """The services on a clock the demo moves (``at``: naive UTC)."""

    def __init__(self, ctx, now: dt.datetime):
        self.at = now
        sm = make_sessionmaker(ctx.engine)
        self.sm = sm
        self.sales = SalesService(sm, lambda: ctx.salon, today=self.day, now=self.clock)
        self.till = TillService(sm, lambda: ctx.salon.currency, today=self.day, now=self.clock)
        self.complaints = ComplaintService(
            sm,
            now=self.clock,
            targets=lambda: ctx.salon.complaint_targets(),
            categories=lambda: tuple(ctx.salon.complaint_categories),
            sales=self.sales,
            today=self.day,
        )

    def clock(self) -> dt.datetime:
        return self.at

    def day(self) -> dt.date:
        return local(self.at).date()

    def last_session(self):
        with self.sm() as s:
            return s.execute(
                select(CashSession.number, CashSession.closed_at, CashSession.counted_cash)
                .where(CashSession.business_date == self.day())
                .order_by(CashSession.number.desc())
                .limit(1)
            ).first()


def settle(ctx, planned: list[Planned], actor: int, now: dt.datetime, seed: int) -> int:
    """Take the planned later steps through the services, then use some of the
    benefits still waiting at today's visits; returns the compensations given."""
    desk = _Desk(ctx, now)
    unit = info(ctx.salon.currency).storage_per_unit
    steps = sorted(
        ((step, p) for p in planned for step in p.later), key=lambda sp: (sp[0].at, sp[1].id)
    )
    skipped: set[int] = set()
    floor: dict[int, dt.datetime] = {}  # a complaint's next step not before (a moved one)
    for step, p in steps:
        desk.at = max(step.at, floor.get(p.id, step.at))
        if p.id in skipped or desk.at > now:
            skipped.add(p.id)
            continue
        if step.what == "resolve":
            if not _resolve(desk, p.id, step, actor, unit, now):
                skipped.add(p.id)
        elif step.what == "close":
            _step(desk, p.id, Step(State.CLOSED, follow_up_outcome=step.note), actor)
        else:
            _step(desk, p.id, Step(State.IN_PROGRESS, note=step.note), actor)
        floor[p.id] = desk.at + dt.timedelta(hours=1)
    _use_today(ctx, desk, now, actor, random.Random(seed * 13 + 5))
    with ctx.engine.connect() as conn:
        return int(
            conn.scalar(
                select(func.count())
                .select_from(ComplaintCompensation)
                .where(ComplaintCompensation.state == "given")
            )
            or 0
        )


def _step(desk: _Desk, complaint_id: int, step: Step, actor: int) -> bool:
    try:
        desk.complaints.step(complaint_id, step, actor)
    except ValidationError:
        return False
    return True


def _resolve(
    desk: _Desk, complaint_id: int, step: Later, actor: int, unit: int, now: dt.datetime
) -> bool:
    """Resolved with its compensation; given at once through the till when a refund or
    a voucher (in a session of its own after that day's close); without compensation
    when the till refuses it (her line refunded already, say)."""
    amount = max(unit, step.amount // unit * unit) if step.kind is Compensation.VOUCHER else 0
    resolve = Step(
        State.RESOLVED,
        resolution=step.note,
        compensation=step.kind,
        compensation_percent_bp=step.percent_bp,
        compensation_amount=amount,
        refund_method=PayMethod.CARD,
    )
    opened, drawer = False, 0
    if step.kind in GIVEN_AT_ONCE:
        last = desk.last_session()
        for _ in range(10):  # a day the salon is closed (no till): the next it opens
            if last is not None or desk.at > now:
                break
            desk.at += dt.timedelta(days=1)
            last = desk.last_session()
        if last is None or desk.at > now:
            desk.at = step.at  # none before now: resolved, nothing given
            return _step(desk, complaint_id, Step(State.RESOLVED, resolution=step.note), actor)
        if last.closed_at is not None:
            desk.at = max(desk.at, last.closed_at + dt.timedelta(minutes=5))
            if desk.at > now:
                desk.at = step.at
                return _step(desk, complaint_id, Step(State.RESOLVED, resolution=step.note), actor)
            # The drawer still holds what was counted at the close: that is the float.
            drawer = max(last.counted_cash or 0, unit)
            desk.till.open_session(drawer, actor)
            opened = True
    try:
        done = _step(desk, complaint_id, resolve, actor) or _step(
            desk, complaint_id, Step(State.RESOLVED, resolution=step.note), actor
        )
    finally:
        if opened:  # nothing moved in cash (a refund to her card, a voucher at zero)
            day = desk.day()
            midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time()).astimezone(dt.UTC)
            last_moment = midnight.replace(tzinfo=None) - dt.timedelta(microseconds=1)
            desk.at = min(desk.at + dt.timedelta(minutes=3), last_moment)  # that day's still
            desk.till.close_session(drawer, "", actor, day=day)
    return done


def _use_today(ctx, desk: _Desk, now: dt.datetime, actor: int, rng: random.Random) -> None:
    """Some of the benefits still waiting used at today's visits (after the day's last
    sale so far, none later than ``now``), when today's till is open."""
    desk.at = now
    last = desk.last_session()
    if last is None or last.closed_at is not None:
        return
    with ctx.engine.connect() as conn:
        waiting = conn.execute(
            select(
                ComplaintCompensation.id,
                ComplaintCompensation.client_id,
                ComplaintCompensation.kind,
                SaleLine.tax_rate_bp,
            )
            .join(Complaint, Complaint.id == ComplaintCompensation.complaint_id)
            .join(SaleLine, SaleLine.id == ComplaintCompensation.sale_line_id)
            .where(
                ComplaintCompensation.state == "pending",
                ComplaintCompensation.valid_until >= desk.day(),
            )
            .order_by(ComplaintCompensation.id)
        ).all()
        latest = conn.scalar(
            select(func.max(Sale.posted_at)).where(Sale.business_date == desk.day())
        )
    chosen = [w for w in waiting if rng.random() < USED_SHARE]
    # Paid one after another between the day's last sale so far and ``now``.
    first = max(latest or now - VISIT_GAP * len(chosen), now - VISIT_GAP * len(chosen))
    step = (now - first) / (len(chosen) + 1)
    for n, (comp_id, client_id, kind, tax) in enumerate(chosen, 1):
        desk.at = first + step * n
        b = next((x for x in desk.complaints.pending_benefits(client_id) if x.id == comp_id), None)
        if b is None:
            continue
        if Compensation(kind) is Compensation.REDO:
            ticket = TicketDraft(client_id=client_id, lines=[b.redo_line()])
        else:
            line = LineDraft(
                LineKind.SERVICE,
                b.description,
                b.unit_price,
                1,
                tax,
                staff_id=b.staff_id,
                service_id=b.service_id,
            )
            ticket = TicketDraft(
                client_id=client_id, lines=[line], discount=b.discount(), benefit_id=b.id
            )
        due = compute(ticket, ctx.salon.currency, ctx.salon.net_pricing).due
        if due:
            ticket.payments.append(PaymentDraft(PayMethod.CARD, due))
        try:
            desk.sales.post(ticket, actor)
        except ValidationError:
            continue  # her stylist has left, say: the benefit waits
