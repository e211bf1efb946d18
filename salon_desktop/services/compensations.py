"""A complaint's compensation, given through the one posting path.

Resolving a complaint with a compensation (``ComplaintService.step``) records one
``complaint_compensations`` row, in the step's transaction, and:

- a **refund** posts at once the refund correction of the complaint's service
  line (``Corrections.refund_in``: a new record in the corrections series, the
  money paid back through the till, a manager's permission for a sale of an
  earlier day), its reason the complaint;
- a **voucher** posts at once a sale of a gift voucher of the value given,
  discounted in full (``SalesService.post_in``: the voucher, its movement, a
  receipt at zero);
- a **next-visit discount** or a **free redo** waits, pending, for the client's
  next ticket: the checkout shows it and applies it (a ticket discount, or the
  service line again discounted in full, its reason the complaint); posting that
  ticket gives it, once (a conditional update inside the sale's transaction).

Reopening the complaint **withdraws** a compensation still pending (``withdraw_in``,
in the reopening step's transaction: state ``withdrawn``, the complaint's
compensation back to none, its history's reopening step saying what was withdrawn):
the checkout no longer offers it and a ticket that still names it is refused.
What was given stays given (a refund, a voucher, a discount already taken: money
that left the till is not taken back, its cost stays in the figures). Resolving the
complaint again may compensate her anew: the withdrawn row takes the new decision
(one row per complaint; the audit trail and the history keep the earlier one).

What was posted is what it cost (the refund's total, the voucher's value, the
discount taken off), kept on the row and added to the complaint's
``compensation_cost``, which the figures read. The audit trail and the hash
chains follow from the posting paths.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, func, or_, select, update
from sqlalchemy.orm import Session

from salon_desktop.db.models import ComplaintCompensation, GiftVoucher, SaleLine
from salon_desktop.db.models_feedback import Complaint
from salon_desktop.db.rows import table_of
from salon_desktop.domain.complaints import Compensation, complaint_ref
from salon_desktop.domain.sale import (
    Discount,
    DiscountKind,
    LineKind,
    TicketDraft,
    TicketTotals,
)
from salon_desktop.domain.validation import FieldError, ValidationError
from salon_desktop.i18n import N_, _
from salon_desktop.services import audit

PENDING, GIVEN, WITHDRAWN = "pending", "given", "withdrawn"
FULL = 10_000  # a redo or a voucher given: discounted in full (basis points)

_C = table_of(ComplaintCompensation)
_K = table_of(Complaint)
_L = table_of(SaleLine)
_V = table_of(GiftVoucher)

_COLUMNS = (
    _C.c.id,
    _C.c.complaint_id,
    _K.c.number,
    _C.c.client_id,
    _C.c.kind,
    _C.c.state,
    _C.c.percent_bp,
    _C.c.amount,
    _C.c.service_id,
    _C.c.staff_id,
    _C.c.description,
    _C.c.unit_price,
    _C.c.valid_until,
    _C.c.sale_id,
    _C.c.cost,
    _C.c.voucher_id,
    _V.c.code,
)
_FROM = _C.join(_K, _K.c.id == _C.c.complaint_id).outerjoin(_V, _V.c.id == _C.c.voucher_id)
_BY_ID = select(*_COLUMNS).select_from(_FROM).where(_C.c.id.in_(bindparam("b_ids", expanding=True)))
_OF_COMPLAINT = (
    select(*_COLUMNS).select_from(_FROM).where(_C.c.complaint_id == bindparam("b_complaint"))
)
_PENDING_OF = (
    select(*_COLUMNS)
    .select_from(_FROM)
    .where(
        _C.c.client_id == bindparam("b_client"),
        _C.c.state == PENDING,
        or_(_C.c.valid_until.is_(None), _C.c.valid_until >= bindparam("b_day")),
    )
    .order_by(_C.c.id)
)
_GIVE = (
    update(_C)
    .where(_C.c.id == bindparam("b_id"), _C.c.state == PENDING)
    .values(
        state=GIVEN,
        sale_id=bindparam("b_sale"),
        voucher_id=bindparam("b_voucher"),
        cost=bindparam("b_cost"),
        given_at=bindparam("b_at"),
    )
)
_ADD_COST = (
    update(_K)
    .where(_K.c.id == bindparam("b_complaint"))
    .values(
        compensation_cost=_K.c.compensation_cost + bindparam("b_cost"), version=_K.c.version + 1
    )
)
_GIVEN_BACK = select(func.coalesce(func.sum(_L.c.qty), 0)).where(
    _L.c.original_line_id == bindparam("b_line")
)


@dataclass(frozen=True)
class Benefit:
    """A compensation of a complaint: pending (for the checkout) or given."""

    id: int
    complaint_id: int
    complaint_number: int
    client_id: int
    kind: Compensation
    state: str
    percent_bp: int
    amount: int
    service_id: int | None
    staff_id: int | None
    description: str
    unit_price: int
    valid_until: dt.date | None
    sale_id: int | None
    cost: int
    voucher_id: int | None = None
    voucher_code: str = ""  # the voucher given, to print it

    @property
    def ref(self) -> str:
        return complaint_ref(self.complaint_number)

    @property
    def reason(self) -> str:
        """The reason of the discount that gives it, in the language of the desk."""
        return reason_of(self.complaint_number)

    def discount(self) -> Discount:
        """The discount that gives it: the next-visit discount's percentage, else all."""
        bp = self.percent_bp if self.kind is Compensation.NEXT_VISIT_DISCOUNT else FULL
        return Discount(DiscountKind.PERCENT, bp, self.reason)

    def redo_line(self):
        """The free redo as a ticket line (the service again, by who did it first)."""
        from salon_desktop.domain.sale import LineDraft

        return LineDraft(
            LineKind.SERVICE,
            self.description,
            self.unit_price,
            staff_id=self.staff_id,
            service_id=self.service_id,
            discount=self.discount(),
            benefit_id=self.id,
        )


def reason_of(number: int) -> str:
    return _("Complaint {ref}").format(ref=complaint_ref(number))


def _benefit(r) -> Benefit:
    return Benefit(
        r[0],
        r[1],
        r[2],
        r[3],
        Compensation(r[4]),
        r[5],
        r[6],
        r[7],
        r[8],
        r[9],
        r[10],
        r[11],
        r[12],
        r[13],
        r[14],
        r[15],
        r[16] or "",
    )


def _refused(name: str, message: str, **params) -> ValidationError:
    return ValidationError([FieldError(name, message, params)])


def pending(conn: Connection, client_id: int, day: dt.date) -> list[Benefit]:
    """The client's compensations waiting for her next ticket (still valid on ``day``)."""
    return [_benefit(r) for r in conn.execute(_PENDING_OF, {"b_client": client_id, "b_day": day})]


def of_complaint(conn: Connection, complaint_id: int) -> Benefit | None:
    row = conn.execute(_OF_COMPLAINT, {"b_complaint": complaint_id}).first()
    return _benefit(row) if row is not None else None


def referred(ticket: TicketDraft) -> list[int]:
    """The compensations the ticket says it gives."""
    ids = [ln.benefit_id for ln in ticket.lines if ln.benefit_id is not None]
    return ids + ([ticket.benefit_id] if ticket.benefit_id is not None else [])


def enforce(conn: Connection, ticket: TicketDraft, day: dt.date) -> TicketDraft:
    """The ticket with each compensation it refers to as the database holds it (the
    discount, the service, the voucher's value: what a screen sent is not trusted);
    refused when one is not the client's, was given already or is no longer valid."""
    ids = referred(ticket)
    if not ids:
        return ticket
    found = {b.id: b for b in map(_benefit, conn.execute(_BY_ID, {"b_ids": ids}))}
    out = copy.deepcopy(ticket)
    errors: list[FieldError] = []

    def usable(b: Benefit | None, name: str) -> bool:
        if b is None or b.client_id != ticket.client_id:
            errors.append(FieldError(name, N_("This compensation is not the client's.")))
        elif b.state == WITHDRAWN:
            errors.append(
                FieldError(name, N_("This compensation was withdrawn: its complaint was reopened."))
            )
        elif b.state != PENDING:
            errors.append(FieldError(name, N_("This compensation was given already.")))
        elif b.valid_until is not None and b.valid_until < day:
            errors.append(
                FieldError(
                    name, N_("This compensation was valid until {day}."), {"day": b.valid_until}
                )
            )
        else:
            return True
        return False

    if len(set(ids)) != len(ids):
        errors.append(FieldError("lines", N_("This compensation was given already.")))
    for i, ln in enumerate(out.lines):
        if ln.benefit_id is None:
            continue
        b = found.get(ln.benefit_id)
        if not usable(b, f"lines.{i}"):
            continue
        assert b is not None
        if b.kind is Compensation.REDO and not (
            ln.kind is LineKind.SERVICE and ln.service_id == b.service_id and ln.qty == 1
        ):
            errors.append(FieldError(f"lines.{i}", N_("A free redo is the service complained of.")))
        elif b.kind is Compensation.VOUCHER and not (
            ln.kind is LineKind.VOUCHER and ln.unit_price == b.amount
        ):
            errors.append(FieldError(f"lines.{i}", N_("A voucher given is of the value decided.")))
        elif b.kind not in (Compensation.REDO, Compensation.VOUCHER):
            errors.append(FieldError(f"lines.{i}", N_("This compensation is not a line.")))
        ln.discount = b.discount()
    if out.benefit_id is not None:
        b = found.get(out.benefit_id)
        if usable(b, "discount"):
            assert b is not None
            if b.kind is Compensation.NEXT_VISIT_DISCOUNT:
                out.discount = b.discount()
            else:
                errors.append(FieldError("discount", N_("This compensation is not a discount.")))
    if errors:
        raise ValidationError(errors)
    return out


def give_in(
    s: Session,
    ticket: TicketDraft,
    totals: TicketTotals,
    sale_id: int,
    voucher_ids: dict[str, int],
    actor_id: int | None,
    at: dt.datetime,
) -> None:
    """Inside the posting of ``ticket`` (sale ``sale_id``): each compensation it gives
    is given, once (another desk that gave it first makes this one refuse), with
    what it cost as posted; the complaint's cost grows by as much."""
    from salon_desktop.domain.posting import normalise_code

    if not referred(ticket):
        return
    conn = s.connection()
    given: list[tuple[int, int, int | None]] = []  # (compensation, cost, voucher)
    for ln, lt in zip(ticket.lines, totals.lines, strict=True):
        if ln.benefit_id is not None:
            voucher = (
                voucher_ids.get(normalise_code(ln.voucher_code))
                if ln.kind is LineKind.VOUCHER
                else None
            )
            given.append((ln.benefit_id, lt.line_discount, voucher))
    if ticket.benefit_id is not None:
        given.append((ticket.benefit_id, sum(lt.ticket_discount for lt in totals.lines), None))
    for comp_id, cost, voucher in given:
        _give(s, conn, comp_id, sale_id, cost, voucher, actor_id, at)


def _give(
    s: Session,
    conn: Connection,
    comp_id: int,
    sale_id: int,
    cost: int,
    voucher: int | None,
    actor_id: int | None,
    at: dt.datetime,
) -> None:
    done = conn.execute(
        _GIVE,
        {"b_id": comp_id, "b_sale": sale_id, "b_voucher": voucher, "b_cost": cost, "b_at": at},
    )
    if done.rowcount != 1:
        raise _refused("benefit", N_("This compensation was given already."))
    complaint_id = conn.execute(select(_C.c.complaint_id).where(_C.c.id == comp_id)).scalar_one()
    conn.execute(_ADD_COST, {"b_complaint": complaint_id, "b_cost": cost})
    audit.record(
        s,
        actor_id,
        "complaint",
        complaint_id,
        "compensation_given",
        compensation_id=comp_id,
        sale_id=sale_id,
        cost=cost,
    )


def _fill(row: ComplaintCompensation, **values) -> None:
    for name, value in values.items():
        setattr(row, name, value)


_WITHDRAW = (
    update(_C)
    .where(_C.c.complaint_id == bindparam("b_complaint"), _C.c.state == PENDING)
    .values(state=WITHDRAWN)
)


def withdraw_in(s: Session, complaint_id: int, actor_id: int | None) -> Benefit | None:
    """Inside the step that reopens the complaint: its compensation still waiting for
    the client's next ticket is withdrawn (the checkout no longer offers it); the
    benefit withdrawn, or None when nothing was pending (what was given stays given)."""
    conn = s.connection()
    before = of_complaint(conn, complaint_id)
    if before is None or before.state != PENDING:
        return None
    if conn.execute(_WITHDRAW, {"b_complaint": complaint_id}).rowcount != 1:
        # Given on another desk meanwhile: it stays given.
        return None
    audit.record(
        s, actor_id, "complaint", complaint_id, "compensation_withdrawn", compensation_id=before.id
    )
    return before


def withdrawn_note(b: Benefit) -> str:
    """What the history's reopening step says was withdrawn (in the desk's language,
    as a discount's reason is)."""
    if b.kind is Compensation.NEXT_VISIT_DISCOUNT:
        return _("Withdrawn, not used: the discount on her next visit.")
    return _("Withdrawn, not used: the free {service}.").format(service=b.description)


def offer_in(
    s: Session,
    sales,
    c: Complaint,
    kind: Compensation,
    *,
    percent_bp: int,
    amount: int,
    refund_method,
    actor_id: int | None,
    at: dt.datetime,
    valid_until: dt.date,
) -> None:
    """Inside the step that resolves complaint ``c``: its compensation recorded and,
    for a refund or a voucher, posted at once through ``sales`` (a ``SalesService``).
    Refused (the step with it) when the complaint compensated its client before."""
    earlier = s.scalar(select(ComplaintCompensation).where(_C.c.complaint_id == c.id))
    if earlier is not None and earlier.state != WITHDRAWN:
        raise _refused("compensation", N_("This complaint's client was compensated already."))
    line = s.get(SaleLine, c.sale_line_id) if c.sale_line_id is not None else None
    if kind is Compensation.REDO and (line is None or line.service_id is None):
        raise _refused("compensation", N_("A free redo is of a service line: name it first."))
    if kind is Compensation.REFUND and line is None:
        raise _refused("compensation", N_("A refund is of a line of the visit: name it first."))
    # Resolved again after a reopening withdrew the first one: the row takes the new
    # decision (what was withdrawn is in the history and the audit trail).
    row = earlier if earlier is not None else ComplaintCompensation(complaint_id=c.id)
    _fill(
        row,
        client_id=c.client_id,
        kind=kind.value,
        state=PENDING,
        percent_bp=percent_bp if kind is Compensation.NEXT_VISIT_DISCOUNT else 0,
        amount=amount if kind is Compensation.VOUCHER else 0,
        sale_line_id=line.id if line is not None else None,
        service_id=line.service_id if line is not None else None,
        staff_id=line.staff_id if line is not None else None,
        description=line.description if line is not None else "",
        unit_price=line.unit_price if line is not None else 0,
        valid_until=valid_until
        if kind in (Compensation.REDO, Compensation.NEXT_VISIT_DISCOUNT)
        else None,
        cost=0,
        sale_id=None,
        voucher_id=None,
        given_at=None,
        created_at=at,
        created_by_id=actor_id,
    )
    s.add(row)
    s.flush()
    audit.record(
        s, actor_id, "complaint", c.id, "compensation", kind=kind.value, compensation_id=row.id
    )
    conn = s.connection()
    if kind is Compensation.REFUND:
        assert line is not None and c.sale_id is not None
        back = -int(conn.execute(_GIVEN_BACK, {"b_line": line.id}).scalar_one())
        left = line.qty - back
        if left <= 0:
            raise _refused("compensation", N_("This line was refunded already."))
        posted = sales.corrections.refund_in(
            s, line.sale_id, {line.id: left}, reason_of(c.number), actor_id, refund_method
        )
        _give(s, conn, row.id, posted.sale_id, -posted.total, None, actor_id, at)
    elif kind is Compensation.VOUCHER:
        from salon_desktop.domain.sale import LineDraft

        code = sales.new_voucher_code()
        ticket = TicketDraft(
            client_id=c.client_id,
            lines=[
                LineDraft(
                    LineKind.VOUCHER,
                    _("Gift voucher"),
                    amount,
                    voucher_code=code,
                    discount=Discount(DiscountKind.PERCENT, FULL, reason_of(c.number)),
                    benefit_id=row.id,
                )
            ],
            note=reason_of(c.number),
        )
        sales.post_in(s, ticket, actor_id)
