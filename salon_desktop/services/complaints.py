"""Complaints: recorded, taken step by step through the process, listed, measured.

The rules (which step may follow which, what each needs, targets, overdue) are
``domain.complaints``; this service keeps them in the database: one row per
complaint with its current state and the times the figures need, and one
never-changed row per step (who, when, from which state to which, what it
recorded). Each public method is one transaction.
"""

from __future__ import annotations

import builtins
import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, String, func, select, type_coerce
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from salon_desktop.db.base import utcnow
from salon_desktop.db.models import Client, Staff
from salon_desktop.db.models_feedback import Complaint, ComplaintEvent
from salon_desktop.db.models_sales import ReceiptCounter, Sale, SaleLine
from salon_desktop.db.rows import table_of
from salon_desktop.domain.complaints import (
    DEFAULT_CATEGORIES,
    OPEN_STATES,
    Channel,
    Compensation,
    ComplaintDraft,
    Severity,
    State,
    Step,
    Targets,
    benefit_valid_until,
    check_complaint,
    check_step,
    is_overdue,
    is_reopen,
)
from salon_desktop.domain.validation import Errors
from salon_desktop.i18n import N_
from salon_desktop.services import audit, compensations, complaint_figures
from salon_desktop.services.clients import ConcurrentEdit
from salon_desktop.services.compensations import Benefit
from salon_desktop.services.complaint_figures import ComplaintFigures, Measures
from salon_desktop.services.sales_common import merged_family
from salon_desktop.services.sales_read import client_display

if TYPE_CHECKING:
    from salon_desktop.services.sales import SalesService


class ComplaintNotFound(LookupError):
    pass


@dataclass(frozen=True)
class ComplaintEventView:
    at: dt.datetime
    staff_name: str
    from_state: State | None
    to_state: State
    note: str

    @property
    def is_assignment(self) -> bool:
        """The owner changed (the note is the new owner's name, empty for nobody)."""
        return self.from_state is self.to_state


@dataclass(frozen=True)
class ComplaintView:
    id: int
    number: int
    client_id: int
    client_name: str
    sale_id: int | None
    sale_line_id: int | None
    staff_id: int | None
    owner_id: int | None
    channel: Channel
    category: str
    severity: Severity
    description: str
    wanted: str
    state: State
    opened_at: dt.datetime
    acknowledge_by: dt.datetime
    resolve_by: dt.datetime
    acknowledged_at: dt.datetime | None
    resolved_at: dt.datetime | None
    closed_at: dt.datetime | None
    resolution: str
    reject_reason: str
    follow_up_outcome: str
    compensation: Compensation
    compensation_cost: int
    reopened: int
    version: int
    acknowledge_overdue: bool
    resolve_overdue: bool
    history: tuple[ComplaintEventView, ...] = ()
    given: Benefit | None = None  # its compensation through the till (with its history)

    @property
    def overdue(self) -> bool:
        return self.acknowledge_overdue or self.resolve_overdue


@dataclass(frozen=True)
class ComplaintFilter:
    states: frozenset[State] | None = None  # None: every state
    overdue_only: bool = False
    owner_id: int | None = None
    staff_id: int | None = None
    category: str | None = None
    client_id: int | None = None
    opened_from: dt.date | None = None
    opened_to: dt.date | None = None  # inclusive


# Complaint numbers come from a counter row of their own (not max + 1), so two desks
# recording at once wait for each other on that row instead of both taking the same
# number. The series is not one of the receipts' ("S" sales, "C" corrections); the
# numbers never restart, hence year 0. A database with complaints from before the
# counter starts it after the highest number.
COMPLAINT_SERIES, COMPLAINT_YEAR = "CMPL", 0


def _next_number_stmt(dialect):
    start = select(func.coalesce(func.max(Complaint.number), 0) + 1).scalar_subquery()
    counters = table_of(ReceiptCounter)
    stmt = dialect.insert(counters).values(
        series=COMPLAINT_SERIES, year=COMPLAINT_YEAR, last_number=start
    )
    return stmt.on_conflict_do_update(
        index_elements=[counters.c.series, counters.c.year],
        set_={"last_number": counters.c.last_number + 1},
    ).returning(counters.c.last_number)


_COMPLAINTS = table_of(Complaint)
# The list's columns, its times as the driver gives them (SQLite: ISO text, parsed by
# ``datetime.fromisoformat`` in ``_listed``, several times quicker than SQLAlchemy's
# processor; PostgreSQL: datetimes already).
_LIST_COLUMNS = [
    type_coerce(col, String()).label(col.name) if isinstance(col.type, DateTime) else col
    for col in (
        _COMPLAINTS.c[name]
        for name in (
            "id number client_id sale_id sale_line_id staff_id owner_id channel category "
            "severity description wanted state opened_at acknowledge_by resolve_by "
            "acknowledged_at resolved_at closed_at resolution reject_reason "
            "follow_up_outcome compensation compensation_cost reopened version"
        ).split()
    )
]
_STATES = {st.value: st for st in State}
_SEVERITIES = {sv.value: sv for sv in Severity}
_CHANNELS = {ch.value: ch for ch in Channel}
_COMPENSATIONS = {cp.value: cp for cp in Compensation}


def _when(value) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if isinstance(value, str) else value


# The statement that takes the next number (by dialect), for the demo's writer too.
NEXT_NUMBER = {"sqlite": _next_number_stmt(sqlite), "postgresql": _next_number_stmt(postgresql)}


def next_complaint_number(s: Session) -> int:
    """The next complaint number, taken inside the caller's transaction (no gaps:
    a complaint not committed gives its number back)."""
    return int(s.execute(NEXT_NUMBER[s.get_bind().dialect.name]).scalar_one())


class ComplaintService:
    def __init__(
        self,
        sm: sessionmaker[Session],
        now: Callable[[], dt.datetime] = utcnow,
        targets: Callable[[], Targets] = Targets,
        categories: Callable[[], tuple[str, ...]] = lambda: DEFAULT_CATEGORIES,
        sales: SalesService | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ):
        self._sm = sm
        self._now = now
        self._targets = targets
        self._categories = categories
        # With the till: a compensation is given when resolving (``services.compensations``);
        # without (a bare service), only its kind and a cost typed by hand are recorded.
        self._sales = sales
        self._today = today

    # -- writing --------------------------------------------------------------------------
    def record(self, draft: ComplaintDraft, actor_id: int | None) -> int:
        """A new complaint (state new); its id. Targets are set from its severity."""
        errors = check_complaint(draft, self._categories())
        with self._sm.begin() as s:
            self._check_links(s, draft, errors)
            errors.raise_if_any()
            now = self._now()
            targets = self._targets()
            number = next_complaint_number(s)
            c = Complaint(
                number=number,
                client_id=draft.client_id,
                sale_id=draft.sale_id,
                sale_line_id=draft.sale_line_id,
                staff_id=draft.staff_id,
                owner_id=draft.owner_id,
                channel=draft.channel.value,
                category=draft.category,
                severity=draft.severity.value,
                description=draft.description,
                wanted=draft.wanted,
                state=State.NEW.value,
                opened_at=now,
                acknowledge_by=targets.acknowledge_by(now, draft.severity),
                resolve_by=targets.resolve_by(now, draft.severity),
                resolution="",
                reject_reason="",
                follow_up_outcome="",
                compensation=Compensation.NONE.value,
                compensation_cost=0,
                reopened=0,
                created_by_id=actor_id,
            )
            s.add(c)
            s.flush()
            s.add(
                ComplaintEvent(
                    complaint_id=c.id, at=now, staff_id=actor_id, to_state=State.NEW.value
                )
            )
            audit.record(s, actor_id, "complaint", c.id, "record")
            return c.id

    def _check_links(self, s: Session, d: ComplaintDraft, errors: Errors) -> None:
        if d.client_id is not None and s.get(Client, d.client_id) is None:
            errors.add("client_id", N_("This client file no longer exists."))
        if d.sale_id is not None:
            sale = s.get(Sale, d.sale_id)
            # Her visits include those of files merged into hers (her visits tab shows them).
            family = merged_family(s.connection(), d.client_id) if d.client_id is not None else []
            if sale is None or sale.client_id not in family:
                errors.add("sale_id", N_("This visit is not one of the client's."))
            elif d.sale_line_id is not None:
                line = s.get(SaleLine, d.sale_line_id)
                if line is None or line.sale_id != d.sale_id:
                    errors.add("sale_line_id", N_("This line is not part of the visit."))
        for name, staff_id in (("staff_id", d.staff_id), ("owner_id", d.owner_id)):
            if staff_id is not None and s.get(Staff, staff_id) is None:
                errors.add(name, N_("This staff member no longer exists."))

    def assign(
        self,
        complaint_id: int,
        owner_id: int | None,
        actor_id: int | None,
        expected_version: int | None = None,
    ) -> ComplaintView:
        """Who sees the complaint through (None: nobody yet); kept in its history
        as a step that leaves the state as it is, its note the owner's name."""
        with self._sm.begin() as s:
            c = self._row(s, complaint_id)
            if expected_version is not None and c.version != expected_version:
                raise ConcurrentEdit(complaint_id)
            owner = s.get(Staff, owner_id) if owner_id is not None else None
            if owner_id is not None and owner is None:
                errors = Errors()
                errors.add("owner_id", N_("This staff member no longer exists."))
                errors.raise_if_any()
            if c.owner_id == owner_id:
                return self._view(s, c, with_history=True)
            c.owner_id = owner_id
            s.add(
                ComplaintEvent(
                    complaint_id=c.id,
                    at=self._now(),
                    staff_id=actor_id,
                    from_state=c.state,
                    to_state=c.state,
                    note=owner.name if owner is not None else "",
                )
            )
            audit.record(s, actor_id, "complaint", c.id, "assign", owner=owner_id)
            try:
                s.flush()
            except StaleDataError as exc:
                raise ConcurrentEdit(complaint_id) from exc
            return self._view(s, c, with_history=True)

    def step(
        self,
        complaint_id: int,
        step: Step,
        actor_id: int | None,
        expected_version: int | None = None,
    ) -> ComplaintView:
        """Take one step of the process; refused (nothing written) when the domain
        says the step is not allowed or lacks what it needs."""
        with self._sm.begin() as s:
            c = self._row(s, complaint_id)
            if expected_version is not None and c.version != expected_version:
                raise ConcurrentEdit(complaint_id)
            current = State(c.state)
            giving = self._sales is not None and step.compensation is not Compensation.NONE
            errors = check_step(
                current,
                step,
                has_resolution=bool(c.resolution.strip()),
                giving=giving,
                has_line=c.sale_line_id is not None,
            )
            errors.raise_if_any()
            now = self._now()
            note = step.note or step.reason or step.resolution or step.follow_up_outcome
            if is_reopen(current, step.target):
                c.reopened += 1
                c.resolved_at = c.closed_at = None
                # What still waited for her next ticket is withdrawn (given stays given).
                withdrawn = compensations.withdraw_in(s, c.id, actor_id)
                if withdrawn is not None:
                    c.compensation = Compensation.NONE.value
                    said = compensations.withdrawn_note(withdrawn)
                    note = f"{note}\n{said}" if note else said
            if step.target is not State.REJECTED and c.acknowledged_at is None:
                c.acknowledged_at = now  # any answer to the client acknowledges it
            if step.target is State.RESOLVED:
                c.resolved_at = now
            if step.target is State.CLOSED:
                c.closed_at = now
                if c.resolved_at is None:
                    c.resolved_at = now
            if step.target is State.REJECTED:
                c.reject_reason = step.reason
                c.closed_at = now
            if step.resolution.strip():
                c.resolution = step.resolution
            if step.follow_up_outcome.strip():
                c.follow_up_outcome = step.follow_up_outcome
            if step.compensation is not Compensation.NONE:
                c.compensation = step.compensation.value
                # Given through the till: what it cost is added as it is posted.
                c.compensation_cost = 0 if giving else step.compensation_cost
            c.state = step.target.value
            s.add(
                ComplaintEvent(
                    complaint_id=c.id,
                    at=now,
                    staff_id=actor_id,
                    from_state=current.value,
                    to_state=step.target.value,
                    note=note,
                )
            )
            audit.record(
                s, actor_id, "complaint", c.id, "step", **{"from": current.value, "to": c.state}
            )
            try:
                s.flush()
            except StaleDataError as exc:  # stepped on another desk meanwhile
                raise ConcurrentEdit(complaint_id) from exc
            if giving:
                assert self._sales is not None
                compensations.offer_in(
                    s,
                    self._sales,
                    c,
                    step.compensation,
                    percent_bp=step.compensation_percent_bp,
                    amount=step.compensation_amount,
                    refund_method=step.refund_method,
                    actor_id=actor_id,
                    at=now,
                    valid_until=benefit_valid_until(self._today()),
                )
                s.refresh(c)  # its cost and version as the postings left them
            return self._view(s, c, with_history=True)

    def compensation(self, complaint_id: int) -> Benefit | None:
        """What the complaint's client was given (or is yet to be, at her next ticket)."""
        with self._sm() as s:
            return compensations.of_complaint(s.connection(), complaint_id)

    def pending_benefits(self, client_id: int) -> builtins.list[Benefit]:
        """The client's compensations waiting for her next ticket (the checkout's)."""
        with self._sm() as s:
            return compensations.pending(s.connection(), client_id, self._today())

    # -- reading --------------------------------------------------------------------------
    def get(self, complaint_id: int) -> ComplaintView:
        with self._sm() as s:
            return self._view(s, self._row(s, complaint_id), with_history=True)

    def list(self, f: ComplaintFilter = ComplaintFilter(), limit: int = 500) -> list[ComplaintView]:
        """Newest first (the order they were recorded in: a complaint's ``opened_at`` is
        when it was recorded, so the id's order, which the primary key gives without
        sorting); overdue computed against now. Plain rows, not ORM objects: a chain's
        screen lists hundreds at a time."""
        t = _COMPLAINTS
        stmt = select(*_LIST_COLUMNS).order_by(t.c.id.desc())
        if f.states is not None:
            # SQLite: ``state || ''`` for the states most complaints end in (closed,
            # resolved, …): newest first along the primary key, stopping at ``limit``
            # (without statistics it would read the state index and sort all it
            # found). The open ones are few in a working salon (3 % of a chain's
            # year): those through the state index, sorted. A client's few come
            # through her index all the same; PostgreSQL weighs the state index
            # against the key by its statistics.
            plain = (
                f.client_id is not None
                or f.states <= OPEN_STATES
                or self._dialect() == "postgresql"
            )
            state = t.c.state if plain else t.c.state.concat("")
            stmt = stmt.where(state.in_([st.value for st in f.states]))
        for column, value in (
            (t.c.owner_id, f.owner_id),
            (t.c.staff_id, f.staff_id),
            (t.c.category, f.category),
            (t.c.client_id, f.client_id),
        ):
            if value is not None:
                stmt = stmt.where(column == value)
        if f.opened_from is not None:
            stmt = stmt.where(t.c.opened_at >= dt.datetime.combine(f.opened_from, dt.time()))
        if f.opened_to is not None:
            end = dt.datetime.combine(f.opened_to + dt.timedelta(days=1), dt.time())
            stmt = stmt.where(t.c.opened_at < end)
        now = self._now()
        if f.overdue_only:
            stmt = stmt.where(
                t.c.state.in_([st.value for st in OPEN_STATES]),
                ((t.c.acknowledged_at.is_(None)) & (t.c.acknowledge_by < now))
                | ((t.c.resolved_at.is_(None)) & (t.c.resolve_by < now)),
            )
        with self._sm() as s:
            rows = s.execute(stmt.limit(limit)).all()
            # The clients' names in one query, not one per complaint.
            ids = {r[2] for r in rows}
            names = {
                cid: client_display(first, last)
                for cid, first, last in s.execute(
                    select(Client.id, Client.first_name, Client.last_name).where(Client.id.in_(ids))
                )
            }
        return [_listed(r, names.get(r[2], ""), now) for r in rows]

    def open_for_client(self, client_id: int) -> builtins.list[ComplaintView]:
        """What the client file and the checkout show: her complaints not yet resolved."""
        return self.list(ComplaintFilter(states=OPEN_STATES, client_id=client_id))

    def figures(self, date_from: dt.date, date_to: dt.date) -> ComplaintFigures:
        """The process measured over complaints opened from ``date_from`` to ``date_to``
        (inclusive), by category and by staff member (``complaint_figures``)."""
        with self._sm() as s:
            return complaint_figures.figures(s, date_from, date_to, self._now())

    def notice(self, complaint_id: int, fmt_visit: Callable[[str, dt.date], str] | None = None):
        """What the client's printed acknowledgement says (``documents.complaint``)."""
        from salon_desktop.domain.views import ComplaintNotice
        from salon_desktop.services.sales_read import local

        with self._sm() as s:
            c = self._row(s, complaint_id)
            view = self._view(s, c)
            visit = ""
            if c.sale_id is not None and fmt_visit is not None:
                sale = s.get(Sale, c.sale_id)
                if sale is not None:
                    visit = fmt_visit(sale.receipt_no, sale.business_date)
        return ComplaintNotice(
            number=view.number,
            client_name=view.client_name,
            opened_at=local(view.opened_at),
            answer_by=local(view.resolve_by),
            category=view.category,
            channel=view.channel.value,
            description=view.description,
            wanted=view.wanted,
            visit=visit,
        )

    # -- helpers --------------------------------------------------------------------------
    def _dialect(self) -> str:
        bind = self._sm.kw.get("bind")
        return bind.dialect.name if bind is not None else ""

    def _row(self, s: Session, complaint_id: int) -> Complaint:
        c = s.get(Complaint, complaint_id)
        if c is None:
            raise ComplaintNotFound(complaint_id)
        return c

    def _view(
        self,
        s: Session,
        c: Complaint,
        with_history: bool = False,
        client_name: str | None = None,
    ) -> ComplaintView:
        if client_name is None:
            client = s.get(Client, c.client_id)
            client_name = client_display(client.first_name, client.last_name) if client else ""
        name = client_name
        history: tuple[ComplaintEventView, ...] = ()
        if with_history:
            names: dict[int, str] = dict(s.execute(select(Staff.id, Staff.name)).all())
            events = s.scalars(
                select(ComplaintEvent)
                .where(ComplaintEvent.complaint_id == c.id)
                .order_by(ComplaintEvent.id)
            )
            history = tuple(
                ComplaintEventView(
                    e.at,
                    names.get(e.staff_id, "") if e.staff_id is not None else "",
                    State(e.from_state) if e.from_state else None,
                    State(e.to_state),
                    e.note,
                )
                for e in events
            )
        view = _view_of(c, name, self._now(), history)
        if with_history:
            given = compensations.of_complaint(s.connection(), c.id)
            if given is not None:
                view = dataclasses.replace(view, given=given)
        return view


_VIEW_FIELDS = tuple(f.name for f in dataclasses.fields(ComplaintView))


def _listed(row, client_name: str, now: dt.datetime) -> ComplaintView:
    """The view of a row of ``_LIST_COLUMNS`` (unpacked by position: a Row's
    attributes cost more than the rest of the list; times as the driver gives them).
    Made without the frozen dataclass's ``__init__`` (thirty guarded assignments, a
    fifth of a 500-row list): its fields set in one ``__dict__`` update, in the order
    ``_VIEW_FIELDS`` names them, so the view is the same as one built field by field."""
    (
        id_,
        number,
        client_id,
        sale_id,
        line_id,
        staff_id,
        owner_id,
        channel,
        category,
        severity,
        description,
        wanted,
        state_value,
        opened,
        ack_by,
        res_by,
        ack_at,
        res_at,
        closed,
        resolution,
        reject_reason,
        follow_up,
        compensation,
        cost,
        reopened,
        version,
    ) = row
    state = _STATES[state_value]
    when = _when
    acknowledge_by, resolve_by = when(ack_by), when(res_by)
    acknowledged_at = when(ack_at) if ack_at is not None else None
    resolved_at = when(res_at) if res_at is not None else None
    assert acknowledge_by is not None and resolve_by is not None
    open_ = state in OPEN_STATES
    view = object.__new__(ComplaintView)
    view.__dict__.update(
        zip(
            _VIEW_FIELDS,
            (
                id_,
                number,
                client_id,
                client_name,
                sale_id,
                line_id,
                staff_id,
                owner_id,
                _CHANNELS[channel],
                category,
                _SEVERITIES[severity],
                description,
                wanted,
                state,
                when(opened),
                acknowledge_by,
                resolve_by,
                acknowledged_at,
                resolved_at,
                when(closed) if closed is not None else None,
                resolution,
                reject_reason,
                follow_up,
                _COMPENSATIONS[compensation],
                cost,
                reopened,
                version,
                open_ and acknowledged_at is None and now > acknowledge_by,  # as is_overdue
                open_ and resolved_at is None and now > resolve_by,
                (),
                None,
            ),
            strict=True,
        )
    )
    return view


def _view_of(c, client_name: str, now: dt.datetime, history=()) -> ComplaintView:
    """The view of a complaint: a ``Complaint`` or a row of its table (same names)."""
    state = State(c.state)
    return ComplaintView(
        id=c.id,
        number=c.number,
        client_id=c.client_id,
        client_name=client_name,
        sale_id=c.sale_id,
        sale_line_id=c.sale_line_id,
        staff_id=c.staff_id,
        owner_id=c.owner_id,
        channel=Channel(c.channel),
        category=c.category,
        severity=Severity(c.severity),
        description=c.description,
        wanted=c.wanted,
        state=state,
        opened_at=c.opened_at,
        acknowledge_by=c.acknowledge_by,
        resolve_by=c.resolve_by,
        acknowledged_at=c.acknowledged_at,
        resolved_at=c.resolved_at,
        closed_at=c.closed_at,
        resolution=c.resolution,
        reject_reason=c.reject_reason,
        follow_up_outcome=c.follow_up_outcome,
        compensation=Compensation(c.compensation),
        compensation_cost=c.compensation_cost,
        reopened=c.reopened,
        version=c.version,
        acknowledge_overdue=is_overdue(state, c.acknowledged_at, c.acknowledge_by, now),
        resolve_overdue=is_overdue(state, c.resolved_at, c.resolve_by, now),
        history=history,
    )


__all__ = [
    "ComplaintEventView",
    "ComplaintFigures",
    "ComplaintFilter",
    "ComplaintNotFound",
    "ComplaintService",
    "ComplaintView",
    "Measures",
]
