"""The complaint process (after ISO 10002): receipt, acknowledgement, assessment
and investigation, response, closure — each step recorded, none skipped.

Pure rules, no SQL and no Qt: which state may follow which, what a step needs
(a rejection its reason, a closure its resolution and the follow-up's outcome),
the targets a severity sets, and when a complaint is overdue.

    new ──► acknowledged ──► in progress ──► resolved ──► closed
     │            │                │             │           │
     └────────────┴────────────────┴─► rejected  └─ reopen ◄─┘ (and from rejected)

Reopening and compensation: what a salon expects when a complaint it settled comes
back is that the settlement is open again too. So reopening **withdraws** a
compensation not yet used (a next-visit discount or a free redo still waiting for
her next ticket): the checkout no longer offers it, and the reopening step in the
history says what was withdrawn. What was already given stays given (a refund
paid, a voucher handed over, a discount taken at a visit: the till's records are
never undone, and their cost stays the complaint's). Resolving again decides the
compensation anew, as at the first resolution; a client given something already
is not compensated a second time for the same complaint.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from salon_desktop.domain.sale import PayMethod
from salon_desktop.domain.validation import MAX_LONG, Errors, check_text
from salon_desktop.i18n import N_


class State(enum.Enum):
    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"
    REJECTED = "rejected"


OPEN_STATES = frozenset({State.NEW, State.ACKNOWLEDGED, State.IN_PROGRESS})
DONE_STATES = frozenset({State.RESOLVED, State.CLOSED, State.REJECTED})


class Severity(enum.Enum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class Channel(enum.Enum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    MESSAGE = "message"
    ONLINE_REVIEW = "online_review"


class Compensation(enum.Enum):
    NONE = "none"
    REDO = "redo"  # the service again, a free line on a later ticket
    NEXT_VISIT_DISCOUNT = "next_visit_discount"  # applied at checkout while valid
    REFUND = "refund"  # through the checkout's refund, so the money is in the till
    VOUCHER = "voucher"  # a gift voucher sold at zero through the till


# Given at once when the complaint is resolved (posted through the till), or kept for
# the client's next ticket (the checkout applies it, once).
GIVEN_AT_ONCE = frozenset({Compensation.REFUND, Compensation.VOUCHER})
FOR_LATER = frozenset({Compensation.REDO, Compensation.NEXT_VISIT_DISCOUNT})
BENEFIT_DAYS = 180  # how long a next-visit discount or a free redo waits for her
REFUND_METHODS = (PayMethod.CASH, PayMethod.CARD, PayMethod.ACCOUNT)


def complaint_ref(number: int) -> str:
    """How a posted sale names the complaint it compensates (a discount's reason)."""
    return f"CMPL-{number}"


def benefit_valid_until(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=BENEFIT_DAYS)


DEFAULT_CATEGORIES = (
    "service_result",
    "staff_behaviour",
    "waiting_time",
    "price",
    "hygiene",
    "product",
    "booking",
    "other",
)

# What each category, severity, channel and state is called (translated where shown).
CATEGORY_LABELS = {
    "service_result": N_("Result of a service"),
    "staff_behaviour": N_("Staff behaviour"),
    "waiting_time": N_("Waiting time"),
    "price": N_("Price"),
    "hygiene": N_("Hygiene"),
    "product": N_("Product"),
    "booking": N_("Booking"),
    "other": N_("Other"),
}
SEVERITY_LABELS = {
    Severity.LOW: N_("Low"),
    Severity.MEDIUM: N_("Medium"),
    Severity.HIGH: N_("High"),
    Severity.CRITICAL: N_("Critical"),
}
CHANNEL_LABELS = {
    Channel.IN_PERSON: N_("In person"),
    Channel.PHONE: N_("Phone"),
    Channel.MESSAGE: N_("Message"),
    Channel.ONLINE_REVIEW: N_("Online review"),
}
STATE_LABELS = {
    State.NEW: N_("New"),
    State.ACKNOWLEDGED: N_("Acknowledged"),
    State.IN_PROGRESS: N_("In progress"),
    State.RESOLVED: N_("Resolved"),
    State.CLOSED: N_("Closed"),
    State.REJECTED: N_("Rejected"),
}

# Which state may follow which. Reopening (back to in progress) is allowed from a
# resolved, closed or rejected complaint: the client came back.
TRANSITIONS: dict[State, frozenset[State]] = {
    State.NEW: frozenset({State.ACKNOWLEDGED, State.IN_PROGRESS, State.REJECTED}),
    State.ACKNOWLEDGED: frozenset({State.IN_PROGRESS, State.RESOLVED, State.REJECTED}),
    State.IN_PROGRESS: frozenset({State.RESOLVED, State.REJECTED}),
    State.RESOLVED: frozenset({State.CLOSED, State.IN_PROGRESS}),
    State.CLOSED: frozenset({State.IN_PROGRESS}),
    State.REJECTED: frozenset({State.IN_PROGRESS}),
}


@dataclass(frozen=True)
class Targets:
    """Minutes to acknowledge and to resolve, by severity (settings)."""

    acknowledge: dict[Severity, int] = field(
        default_factory=lambda: {
            Severity.CRITICAL: 60,
            Severity.HIGH: 4 * 60,
            Severity.MEDIUM: 24 * 60,
            Severity.LOW: 48 * 60,
        }
    )
    resolve: dict[Severity, int] = field(
        default_factory=lambda: {
            Severity.CRITICAL: 4 * 60,
            Severity.HIGH: 24 * 60,
            Severity.MEDIUM: 72 * 60,
            Severity.LOW: 7 * 24 * 60,
        }
    )

    def acknowledge_by(self, opened_at: dt.datetime, severity: Severity) -> dt.datetime:
        return opened_at + dt.timedelta(minutes=self.acknowledge[severity])

    def resolve_by(self, opened_at: dt.datetime, severity: Severity) -> dt.datetime:
        return opened_at + dt.timedelta(minutes=self.resolve[severity])


MAX_CATEGORIES = 30
MAX_CATEGORY_LEN = 50  # the column's width
MAX_TARGET_MINUTES = 60 * 24 * 60  # sixty days


def default_minutes(which: str) -> dict[str, int]:
    """The targets of ``Targets()`` as settings store them (``"acknowledge"`` or
    ``"resolve"``: minutes by severity value)."""
    return {sev.value: m for sev, m in getattr(Targets(), which).items()}


def targets_from(acknowledge: dict[str, int], resolve: dict[str, int]) -> Targets:
    """``Targets`` from the settings' minutes by severity value (a severity missing
    or unreadable keeps its default)."""
    base = Targets()

    def pick(saved: dict[str, int], default: dict[Severity, int]) -> dict[Severity, int]:
        out = dict(default)
        for sev in Severity:
            value = saved.get(sev.value)
            if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                out[sev] = value
        return out

    return Targets(pick(acknowledge, base.acknowledge), pick(resolve, base.resolve))


def check_complaint_settings(
    categories: list[str], acknowledge: dict[str, int], resolve: dict[str, int]
) -> tuple[list[str], Errors]:
    """The subjects cleaned (trimmed, in order, none twice) and the problems of the
    subjects and targets: at least one subject, each one line of at most 50
    characters; every severity's targets between a minute and sixty days, none
    resolved sooner than acknowledged."""
    errors = Errors()
    cleaned: list[str] = []
    seen: set[str] = set()
    for raw in categories:
        name = " ".join(str(raw).split())
        if not name or name.casefold() in seen:
            continue
        if len(name) > MAX_CATEGORY_LEN:
            errors.add(
                "complaint_categories",
                N_("A subject is at most {max} characters."),
                max=MAX_CATEGORY_LEN,
            )
            break
        seen.add(name.casefold())
        cleaned.append(name)
    if not cleaned:
        errors.add("complaint_categories", N_("Keep at least one subject of complaints."))
    elif len(cleaned) > MAX_CATEGORIES:
        errors.add("complaint_categories", N_("At most {max} subjects."), max=MAX_CATEGORIES)
    for name, saved in (
        ("complaint_acknowledge_minutes", acknowledge),
        ("complaint_resolve_minutes", resolve),
    ):
        for sev in Severity:
            value = saved.get(sev.value)
            if not (
                isinstance(value, int)
                and not isinstance(value, bool)
                and 1 <= value <= MAX_TARGET_MINUTES
            ):
                errors.add(f"{name}.{sev.value}", N_("Between a minute and sixty days."))
    for sev in Severity:
        a, r = acknowledge.get(sev.value), resolve.get(sev.value)
        if isinstance(a, int) and isinstance(r, int) and r < a:
            errors.add(
                f"complaint_resolve_minutes.{sev.value}",
                N_("Resolving cannot be due before acknowledging."),
            )
    return cleaned, errors


@dataclass(frozen=True)
class Step:
    """A change of state asked for, with what that step records."""

    target: State
    note: str = ""
    reason: str = ""  # a rejection's
    resolution: str = ""  # what was done
    follow_up_outcome: str = ""  # "satisfied" / "not satisfied" / a sentence; closing needs it
    compensation: Compensation = Compensation.NONE  # what the client was given (resolving)
    compensation_cost: int = 0  # what it cost the salon, in minor units (given: as posted)
    compensation_percent_bp: int = 0  # a next-visit discount: 2000 = 20 %
    compensation_amount: int = 0  # a voucher's value, in minor units
    refund_method: PayMethod = PayMethod.CASH  # how a refund is paid back


def check_step(
    current: State,
    step: Step,
    *,
    has_resolution: bool = False,
    giving: bool = False,
    has_line: bool = True,
) -> Errors:
    """The problems with taking ``step`` from ``current`` (empty when allowed).

    ``has_resolution``: a resolution was recorded at an earlier step (closing a
    resolved complaint need not repeat it). ``giving``: the compensation is given
    through the till (not only recorded with a cost typed by hand), so it needs
    its discount, its value or its line; ``has_line``: the complaint names the
    service line concerned (a redo or a refund is of that line).
    """
    errors = Errors()
    if step.target is current:
        errors.add("state", N_("The complaint is already in this state."))
        return errors
    if step.target not in TRANSITIONS[current]:
        errors.add(
            "state",
            N_("A complaint that is “{current}” cannot become “{target}”."),
            current=current.value,
            target=step.target.value,
        )
        return errors
    if step.target is State.REJECTED and not step.reason.strip():
        errors.add("reason", N_("Say why the complaint is rejected."))
    if step.target is State.RESOLVED and not step.resolution.strip():
        errors.add("resolution", N_("Say what was done to resolve it."))
    if step.compensation_cost < 0:
        errors.add("compensation_cost", N_("The cost cannot be negative."))
    elif step.compensation is Compensation.NONE and step.compensation_cost:
        errors.add("compensation", N_("Choose what the client was given for this cost."))
    if step.compensation is not Compensation.NONE and step.target is not State.RESOLVED:
        errors.add("compensation", N_("A compensation is given when the complaint is resolved."))
    kind = step.compensation if giving else Compensation.NONE
    if kind in (Compensation.REDO, Compensation.REFUND) and not has_line:
        errors.add(
            "compensation",
            N_("Name the service line concerned in the complaint: the redo or refund is of it."),
        )
    if kind is Compensation.NEXT_VISIT_DISCOUNT and not 0 < step.compensation_percent_bp <= 10_000:
        errors.add("compensation_percent_bp", N_("A discount is between 0 and 100 %."))
    if kind is Compensation.VOUCHER and step.compensation_amount <= 0:
        errors.add("compensation_amount", N_("Enter the voucher's value."))
    if kind is Compensation.REFUND and step.refund_method not in REFUND_METHODS:
        errors.add(
            "refund_method", N_("Refunds are paid in cash, by card or into the client's account.")
        )
    if step.target is State.CLOSED:
        if not (has_resolution or step.resolution.strip()):
            errors.add("resolution", N_("A complaint is closed only with its resolution."))
        if not step.follow_up_outcome.strip():
            errors.add(
                "follow_up_outcome",
                N_("Record the follow-up with the client (was she satisfied?) before closing."),
            )
    return errors


def is_reopen(current: State, target: State) -> bool:
    return current in DONE_STATES and target is State.IN_PROGRESS


@dataclass(frozen=True)
class Timing:
    """When a complaint was opened, acknowledged and resolved (None: not yet)."""

    severity: Severity
    opened_at: dt.datetime
    acknowledged_at: dt.datetime | None = None
    resolved_at: dt.datetime | None = None
    state: State = State.NEW


def is_overdue(
    state: State, done_at: dt.datetime | None, due: dt.datetime, now: dt.datetime
) -> bool:
    """An open complaint whose step (acknowledging, resolving) is not done and was due."""
    return state in OPEN_STATES and done_at is None and now > due


def in_time(done_at: dt.datetime | None, due: dt.datetime) -> bool | None:
    """Whether a step was done by its due time (None: not done yet)."""
    return None if done_at is None else done_at <= due


def acknowledge_overdue(t: Timing, now: dt.datetime, targets: Targets) -> bool:
    """Not acknowledged, and its acknowledge-by time has passed (open complaints only)."""
    return (
        t.state in OPEN_STATES
        and t.acknowledged_at is None
        and now > targets.acknowledge_by(t.opened_at, t.severity)
    )


def resolve_overdue(t: Timing, now: dt.datetime, targets: Targets) -> bool:
    return (
        t.state in OPEN_STATES
        and t.resolved_at is None
        and now > targets.resolve_by(t.opened_at, t.severity)
    )


def acknowledged_in_time(t: Timing, targets: Targets) -> bool | None:
    """None while not acknowledged."""
    if t.acknowledged_at is None:
        return None
    return t.acknowledged_at <= targets.acknowledge_by(t.opened_at, t.severity)


def resolved_in_time(t: Timing, targets: Targets) -> bool | None:
    if t.resolved_at is None:
        return None
    return t.resolved_at <= targets.resolve_by(t.opened_at, t.severity)


def percentile(values: list[float], q: float) -> float | None:
    """The q-quantile (0..1) by linear interpolation between closest ranks; None if empty."""
    if not values:
        return None
    xs = sorted(values)
    pos = (len(xs) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


@dataclass(frozen=True)
class ComplaintDraft:
    """A complaint as the receptionist records it."""

    client_id: int | None
    description: str
    category: str = "other"
    severity: Severity = Severity.MEDIUM
    channel: Channel = Channel.IN_PERSON
    wanted: str = ""  # what the client asks for
    sale_id: int | None = None  # the visit concerned
    sale_line_id: int | None = None  # the service line concerned
    staff_id: int | None = None  # the staff member concerned
    owner_id: int | None = None  # who sees it through


def check_complaint(d: ComplaintDraft, categories: tuple[str, ...] = DEFAULT_CATEGORIES) -> Errors:
    """The problems of a draft, field by field (empty when it can be recorded)."""
    errors = Errors()
    if d.client_id is None:
        errors.add("client_id", N_("Choose the client who complains."))
    check_text(
        errors, "description", d.description, required=True, max_len=MAX_LONG, single_line=False
    )
    check_text(errors, "wanted", d.wanted, max_len=MAX_LONG, single_line=False)
    if d.category not in categories:
        errors.add("category", N_("Choose a category."))
    if d.sale_line_id is not None and d.sale_id is None:
        errors.add("sale_line_id", N_("A service line belongs to a visit: choose the visit."))
    return errors
