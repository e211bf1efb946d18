"""The demo's complaints: every state of the process, some overdue, some resolved
late, each about a real visit of the demo (its client, the service line and the
staff member who did it) when the profile has visits.

Planned in Python with a seeded generator (``plan``), written in bulk (``write``:
one transaction, the complaints and every step of their history as the service
would have recorded them, the complaint counter moved on). The benchmark
(``benchmarks/feedback.py``) writes its 20,000 complaints the same way.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from sqlalchemy import func, insert, select, text

from salon_desktop.db.models import Client
from salon_desktop.db.models_feedback import Complaint, ComplaintEvent
from salon_desktop.db.models_sales import Sale, SaleLine
from salon_desktop.db.rows import insert_rows, table_of
from salon_desktop.domain.complaints import (
    DEFAULT_CATEGORIES,
    Channel,
    Compensation,
    Severity,
    State,
    Targets,
)
from salon_desktop.services.complaints import NEXT_NUMBER

# What clients say, in the salon's language (category: (description, what she wants)).
WORDS = {
    "en": {
        "service_result": ("The colour came out much darker than agreed.", "Correct it"),
        "staff_behaviour": ("The stylist was on her phone during the cut.", "An apology"),
        "waiting_time": ("Waited 40 minutes past my appointment.", "Do not let it happen"),
        "price": ("Charged more than the price list said.", "The difference back"),
        "hygiene": ("The towel did not look clean.", "Tell the manager"),
        "product": ("The shampoo I bought irritated my scalp.", "A refund"),
        "booking": ("My booking was lost, nobody called.", "A new time this week"),
        "other": ("The music was far too loud.", ""),
    },
    "pl": {
        "service_result": ("Kolor wyszedł dużo ciemniejszy, niż ustaliłyśmy.", "Poprawka"),
        "staff_behaviour": ("Fryzjerka rozmawiała przez telefon przy strzyżeniu.", "Przeprosiny"),
        "waiting_time": ("Czekałam 40 minut po godzinie wizyty.", "Żeby to się nie powtórzyło"),
        "price": ("Zapłaciłam więcej, niż podaje cennik.", "Zwrot różnicy"),
        "hygiene": ("Ręcznik nie wyglądał na czysty.", "Rozmowa z kierowniczką"),
        "product": ("Kupiony szampon podrażnił mi skórę głowy.", "Zwrot pieniędzy"),
        "booking": ("Moja rezerwacja zginęła, nikt nie zadzwonił.", "Nowy termin w tym tygodniu"),
        "other": ("Muzyka była zdecydowanie za głośna.", ""),
    },
    "fa": {
        "service_result": ("رنگ مو خیلی تیره‌تر از چیزی شد که قرار گذاشتیم.", "اصلاح رنگ"),
        "staff_behaviour": ("آرایشگر وسط کوتاهی با تلفن صحبت می‌کرد.", "عذرخواهی"),
        "waiting_time": ("چهل دقیقه بعد از وقتم منتظر ماندم.", "تکرار نشود"),
        "price": ("بیشتر از قیمت فهرست از من گرفتند.", "پس دادن مابه‌التفاوت"),
        "hygiene": ("حوله تمیز به نظر نمی‌رسید.", "صحبت با مدیر سالن"),
        "product": ("شامپویی که خریدم پوست سرم را حساس کرد.", "پس دادن پول"),
        "booking": ("نوبتم ثبت نشده بود و کسی تماس نگرفت.", "نوبت تازه در همین هفته"),
        "other": ("صدای موسیقی خیلی بلند بود.", ""),
    },
}
RESOLUTIONS = {
    "en": ("Apologised and put it right.", "She was satisfied.", "Not a fault of the salon."),
    "pl": ("Przeprosiłyśmy i naprawiłyśmy.", "Klientka jest zadowolona.", "To nie wina salonu."),
    "fa": ("عذرخواهی کردیم و مشکل را برطرف کردیم.", "مشتری راضی بود.", "تقصیر سالن نبود."),
}
CATEGORY_WEIGHTS = (30, 10, 20, 10, 5, 10, 10, 5)  # in DEFAULT_CATEGORIES order
SEVERITY_WEIGHTS = {Severity.LOW: 30, Severity.MEDIUM: 45, Severity.HIGH: 20, Severity.CRITICAL: 5}
CHANNEL_WEIGHTS = {
    Channel.IN_PERSON: 45,
    Channel.PHONE: 30,
    Channel.MESSAGE: 15,
    Channel.ONLINE_REVIEW: 10,
}
COMPENSATION_WEIGHTS = {
    Compensation.NONE: 40,
    Compensation.REDO: 20,
    Compensation.NEXT_VISIT_DISCOUNT: 15,
    Compensation.REFUND: 10,
    Compensation.VOUCHER: 15,
}
# The first compensations given through the till (taken from the end), so each kind shows.
FIRST_KINDS = (
    Compensation.NEXT_VISIT_DISCOUNT,
    Compensation.REDO,
    Compensation.VOUCHER,
    Compensation.REFUND,
    Compensation.REDO,
    Compensation.NEXT_VISIT_DISCOUNT,
)
# The first complaints of every demo, so that each state and each kind of lateness shows.
FORCED = (
    "new_overdue",
    "in_progress_overdue",
    "new",
    "acknowledged",
    "resolved_late",
    "closed",
    "rejected",
    "reopened",
)
_OLD = ("resolved_late", "closed", "rejected", "reopened")  # need time behind them


@dataclass(frozen=True)
class Visit:
    """What a complaint may be about: a service line of a client's visit."""

    client_id: int
    sale_id: int | None = None
    sale_line_id: int | None = None
    staff_id: int | None = None
    at: dt.datetime | None = None  # when it was posted
    price: int = 0  # the line's total


@dataclass(frozen=True)
class Later:
    """A step the complaint service takes after the bulk write (``demo.compensations``):
    resolving with a compensation given through the till, closing, reopening."""

    what: str  # resolve / close / reopen
    at: dt.datetime
    note: str = ""
    kind: Compensation = Compensation.NONE
    percent_bp: int = 0  # a next-visit discount's
    amount: int = 0  # a voucher's value (currency units: the writer scales it)


@dataclass
class Planned:
    complaint: dict
    events: list[dict] = field(default_factory=list)
    later: list[Later] = field(default_factory=list)
    id: int = 0  # given by ``write``


def _terms(rng: random.Random, kind: Compensation, v: Visit) -> tuple[int, int]:
    """A next-visit discount's percentage, a voucher's value (half the line, rounded
    to whole units of the currency by the writer)."""
    if kind is Compensation.NEXT_VISIT_DISCOUNT:
        return rng.choice((1000, 1500, 2000, 2500)), 0
    if kind is Compensation.VOUCHER:
        return 0, max(v.price, 2000) // 2
    return 0, 0


def visits_of(conn, rng: random.Random, limit: int) -> list[Visit]:
    """Up to ``limit`` service lines done by a staff member, drawn evenly from all
    the profile's lines (not only the latest: old complaints are the closed ones)."""
    lo, hi = conn.execute(select(func.min(SaleLine.id), func.max(SaleLine.id))).one()
    if lo is None:
        return []
    ids = sorted(rng.sample(range(lo, hi + 1), min(limit * 3, hi - lo + 1)))
    out: list[Visit] = []
    for start in range(0, len(ids), 5000):
        out += [
            Visit(*r)
            for r in conn.execute(
                select(
                    Sale.client_id,
                    Sale.id,
                    SaleLine.id,
                    SaleLine.staff_id,
                    Sale.posted_at,
                    SaleLine.total,
                )
                .join(SaleLine, SaleLine.sale_id == Sale.id)
                .where(
                    SaleLine.id.in_(ids[start : start + 5000]),
                    Sale.client_id.is_not(None),
                    SaleLine.kind == "service",
                    SaleLine.staff_id.is_not(None),
                    SaleLine.qty > 0,
                )
            )
        ]
    # Drawn from the whole sample (its ids were sorted for the queries: its first
    # ``limit`` would be the oldest visits only).
    return rng.sample(out, min(limit, len(out)))


def plan(
    rng: random.Random,
    count: int,
    visits: list[Visit],
    client_ids: list[int],
    owners: list[int],
    now: dt.datetime,
    language: str,
    targets: Targets | None = None,
    days: int = 365,
    till: bool = False,
) -> list[Planned]:
    """``count`` complaints with their histories up to ``now``: about ``visits``
    when there are any, else about clients drawn from ``client_ids`` over the
    last ``days`` days. ``till``: a compensation (a free redo, a next-visit
    discount, a refund, a voucher) is given through the till, its steps left in
    ``Planned.later`` for the services; else only its kind and cost are recorded,
    as typed by hand (the benchmark's 20,000)."""
    targets = targets or Targets()
    words = WORDS.get(language, WORDS["en"])
    done_words = RESOLUTIONS.get(language, RESOLUTIONS["en"])
    out: list[Planned] = []
    old = [v for v in visits if v.at and v.at < now - dt.timedelta(days=20)]  # once
    first_kinds = [*FIRST_KINDS]
    for n in range(count):
        forced = FORCED[n] if n < len(FORCED) else None
        if visits:
            v = rng.choice(old if forced in _OLD and old else visits)
            at = v.at or now
            opened = min(at + dt.timedelta(minutes=rng.randint(60, 72 * 60)), now)
        else:
            v = Visit(rng.choice(client_ids))
            opened = now - dt.timedelta(minutes=rng.randint(10, days * 24 * 60))
        if forced in ("new_overdue", "in_progress_overdue", "new", "acknowledged"):
            opened = now - dt.timedelta(hours=rng.randint(30, 60) if "overdue" in forced else 1)
        category = rng.choices(DEFAULT_CATEGORIES, CATEGORY_WEIGHTS)[0]
        severity = rng.choices(list(SEVERITY_WEIGHTS), list(SEVERITY_WEIGHTS.values()))[0]
        if forced in ("new_overdue", "in_progress_overdue"):
            severity = Severity.HIGH  # 4 h to acknowledge, 24 h to resolve: both past
        channel = rng.choices(list(CHANNEL_WEIGHTS), list(CHANNEL_WEIGHTS.values()))[0]
        owner = rng.choice(owners) if owners else None
        ack_by = targets.acknowledge_by(opened, severity)
        res_by = targets.resolve_by(opened, severity)
        ack_span = (ack_by - opened).total_seconds() / 60
        res_span = (res_by - opened).total_seconds() / 60
        late_ack = rng.random() < 0.15
        late_res = forced == "resolved_late" or rng.random() < 0.2
        ack_at = opened + dt.timedelta(
            minutes=ack_span * (rng.uniform(1.05, 3) if late_ack else rng.uniform(0.05, 0.95))
        )
        res_at = opened + dt.timedelta(
            minutes=res_span * (rng.uniform(1.05, 2.5) if late_res else rng.uniform(0.3, 0.95))
        )
        res_at = max(res_at, ack_at + dt.timedelta(minutes=10))
        description, wanted = words[category]
        c = {
            "client_id": v.client_id,
            "sale_id": v.sale_id,
            "sale_line_id": v.sale_line_id,
            "staff_id": v.staff_id if category in ("service_result", "staff_behaviour") else None,
            "owner_id": owner,
            "channel": channel.value,
            "category": category,
            "severity": severity.value,
            "description": description,
            "wanted": wanted,
            "state": State.NEW.value,
            "opened_at": opened,
            "acknowledge_by": ack_by,
            "resolve_by": res_by,
            "acknowledged_at": None,
            "resolved_at": None,
            "closed_at": None,
            "resolution": "",
            "reject_reason": "",
            "follow_up_outcome": "",
            "compensation": Compensation.NONE.value,
            "compensation_cost": 0,
            "reopened": 0,
            "version": 1,
            "created_by_id": owner,
        }
        p = Planned(c, [_event(opened, owner, "", State.NEW, "")])

        def step(at: dt.datetime, to: State, note: str = "", p=p, owner=owner) -> None:
            p.events.append(_event(at, owner, p.complaint["state"], to, note))
            p.complaint["state"] = to.value
            p.complaint["version"] += 1

        if forced in ("new_overdue", "new"):
            out.append(p)
            continue
        if forced == "rejected" or (forced is None and rng.random() < 0.06):
            if ack_at > now:
                out.append(p)
                continue
            c["reject_reason"] = done_words[2]
            c["closed_at"] = ack_at
            step(ack_at, State.REJECTED, done_words[2])
            out.append(p)
            continue
        if forced == "in_progress_overdue":
            ack_at = opened + dt.timedelta(hours=2)
            res_at = now + dt.timedelta(days=2)
        if forced == "acknowledged":
            ack_at = opened + dt.timedelta(minutes=20)
        if ack_at > now:
            out.append(p)
            continue
        c["acknowledged_at"] = ack_at
        step(ack_at, State.ACKNOWLEDGED)
        if forced == "acknowledged":
            out.append(p)
            continue
        work_at = ack_at + (res_at - ack_at) / 3
        if work_at <= now:
            step(work_at, State.IN_PROGRESS)
        if res_at > now:
            out.append(p)
            continue
        kind = rng.choices(list(COMPENSATION_WEIGHTS), list(COMPENSATION_WEIGHTS.values()))[0]
        # The first ones (every state shown) keep their steps here; the others'
        # compensations are given through the till.
        through_till = till and forced is None and v.sale_line_id is not None
        if through_till and first_kinds:
            kind = first_kinds.pop()  # every kind shows, however small the demo
        if through_till and kind is not Compensation.NONE:
            # Given through the till: the services take the steps from here
            # (``demo.compensations.settle``), in time order with the other desks' work.
            closed_at = res_at + dt.timedelta(days=rng.randint(1, 5))
            closes = closed_at <= now and rng.random() >= 0.15
            p.later.append(Later("resolve", res_at, done_words[0], kind, *_terms(rng, kind, v)))
            if closes:
                p.later.append(Later("close", closed_at, done_words[1]))
                reopen_at = closed_at + dt.timedelta(days=rng.randint(1, 20))
                if rng.random() < 0.06 and reopen_at <= now:
                    p.later.append(Later("reopen", min(reopen_at, now), description))
            out.append(p)
            continue
        price = v.price or 4000
        cost = {
            Compensation.NONE: 0,
            Compensation.REDO: price,
            Compensation.NEXT_VISIT_DISCOUNT: price // 5,
            Compensation.REFUND: price,
            Compensation.VOUCHER: price // 2,
        }[kind]
        c.update(
            resolved_at=res_at,
            resolution=done_words[0],
            compensation=kind.value,
            compensation_cost=cost,
        )
        step(res_at, State.RESOLVED, done_words[0])
        closed_at = res_at + dt.timedelta(days=rng.randint(1, 5))
        if closed_at > now or (forced is None and rng.random() < 0.15) or forced == "resolved_late":
            out.append(p)
            continue
        c.update(closed_at=closed_at, follow_up_outcome=done_words[1])
        step(closed_at, State.CLOSED, done_words[1])
        reopen_at = closed_at + dt.timedelta(days=1)
        if forced == "reopened" or (forced is None and rng.random() < 0.03 and reopen_at <= now):
            reopen_at = min(reopen_at, now)
            c.update(reopened=1, resolved_at=None, closed_at=None)
            step(reopen_at, State.IN_PROGRESS, description)
        out.append(p)
    return out


def _event(at: dt.datetime, staff_id: int | None, from_state, to: State, note: str) -> dict:
    from_value = from_state.value if isinstance(from_state, State) else from_state
    return {
        "at": at,
        "staff_id": staff_id,
        "from_state": from_value,
        "to_state": to.value,
        "note": note,
    }


def write(engine, planned: list[Planned], batch: int = 5000) -> int:
    """Write the planned complaints in one transaction, oldest first, numbered by
    the service's counter; returns how many."""
    if not planned:
        return 0
    # In the order they were received, as the service numbers them (the list shows
    # the latest id first).
    planned = sorted(planned, key=lambda p: p.complaint["opened_at"])
    complaints, events = table_of(Complaint), table_of(ComplaintEvent)
    with engine.begin() as conn:
        next_id = (conn.scalar(select(func.max(complaints.c.id))) or 0) + 1
        take_number = NEXT_NUMBER[conn.dialect.name]
        for start in range(0, len(planned), batch):
            rows, steps = [], []
            for p in planned[start : start + batch]:
                # The service's own counter statement, one number at a time: the
                # counter only ever moves forward by one, as the till's do.
                number = conn.execute(take_number).scalar_one()
                p.id = next_id
                rows.append({**p.complaint, "id": next_id, "number": number})
                steps += [{**e, "complaint_id": next_id} for e in p.events]
                next_id += 1
            insert_rows(conn, complaints, rows)
            conn.execute(insert(events), steps)
        if conn.dialect.name == "postgresql":
            for name in ("complaints", "complaint_events"):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                        f"coalesce((SELECT max(id) FROM {name}), 0) + 1, false)"
                    )
                )
    return len(planned)


def add_complaints(
    ctx,
    count: int,
    owners: list[int],
    seed: int,
    language: str,
    now: dt.datetime,
    days: int = 365,
    manager: int | None = None,
) -> int:
    """``count`` demo complaints into ``ctx``'s profile, about its latest visits
    (or its clients, when it has no visits); returns how many were written. With
    ``manager`` (who gives them), compensations are given through the till and
    some of those left for her next visit are used (``demo.compensations``)."""
    rng = random.Random(seed)
    with ctx.engine.connect() as conn:
        visits = visits_of(conn, rng, max(200, count * 10))
        clients = [] if visits else list(conn.scalars(select(Client.id).order_by(Client.id)))
    if not visits and not clients:
        return 0
    planned = plan(
        rng,
        count,
        visits,
        clients,
        owners,
        now,
        language,
        ctx.salon.complaint_targets(),
        days,
        till=manager is not None,
    )
    written = write(ctx.engine, planned)
    if manager is not None:
        from salon_desktop.demo.compensations import settle

        settle(ctx, planned, manager, now, seed)
    return written


__all__ = ["Later", "Planned", "Visit", "add_complaints", "plan", "visits_of", "write"]
