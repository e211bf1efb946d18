"""Years of a demo salon's visits, day by day, as events for a writer to carry out.

``VisitPlan(...).days()`` yields ``(day, events)`` in order; both writers in
``demo.sales`` consume the same events (the services for small demos, bulk
Core inserts for big ones), so both profiles hold the same sales.

The shape of the history: regulars every 4–8 weeks, a few once-a-week clients,
occasional clients, lapsed ones (stopped coming over a year ago), one-off
visitors and new clients joining over the years; busier before the holidays
(December, or Esfand before Nowruz), in the wedding season and summer; closed
on Sundays (Fridays in Iran) and on the main holidays. Each visit has one to
three services by a plausible staff member (mostly the client's own), sometimes
a product, a tip, a discount; payment mostly by card (card and cash in Iran);
a few account charges and settlements, gift vouchers sold and redeemed, voids
and refunds; the cash day opened with a float and closed with small
differences.

Events (``at`` is a naive UTC datetime, as the database stores):
    ("open", float_amount)
    ("move", amount, reason, at)
    ("receive", product_id, qty, reason, at)
    ("sale", seq, ticket, totals, at, keep)   keep: a correction will refer to it
    ("void", seq, reason, uuid, at)
    ("refund", seq, line_position, qty, method, reason, uuid, at)
    ("close", counted, expected, note, at)
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import random
import uuid as uuidlib
from collections.abc import Iterator
from dataclasses import dataclass

from salon_desktop.demo import data
from salon_desktop.domain.money import quantum
from salon_desktop.domain.sale import (
    Discount,
    DiscountKind,
    LineDraft,
    LineKind,
    PaymentDraft,
    PayMethod,
    TicketDraft,
    TipDraft,
    compute,
)

OPEN_AT, CLOSE_AT = dt.time(9, 0), dt.time(19, 30)
VOUCHER_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class PlanService:
    id: int
    key: str
    name: str
    role: str
    price: int
    tax_bp: int


@dataclass
class CatalogProduct:
    id: int
    name: str
    price: int
    tax_bp: int
    stock: int
    reorder: int


@dataclass(frozen=True)
class DemoCatalog:
    services: dict[str, PlanService]
    products: list[CatalogProduct]


@dataclass(frozen=True)
class PlanClient:
    id: int
    male: bool
    preferred_staff_id: int | None


def _closed_days(lang: str, first: dt.date, last: dt.date) -> set[dt.date]:
    """Weekly closing day and the main public holidays."""
    out = set()
    weekly = 4 if lang == "fa" else 6  # Friday / Sunday
    d = first
    while d <= last:
        if d.weekday() == weekly:
            out.add(d)
        d += dt.timedelta(days=1)
    for year in range(first.year, last.year + 1):
        if lang == "fa":
            from persiantools.jdatetime import JalaliDate

            for jd in (1, 2, 3, 4, 12, 13):  # Nowruz, Sizdah Bedar
                out.add(JalaliDate(year - 621, 1, jd).to_gregorian())
        else:
            out |= {dt.date(year, 1, 1), dt.date(year, 12, 25), dt.date(year, 12, 26)}
            if lang == "pl":
                out |= {
                    dt.date(year, 5, 1),
                    dt.date(year, 5, 3),
                    dt.date(year, 11, 1),
                    dt.date(year, 11, 11),
                }
    return out


def season(lang: str, day: dt.date) -> float:
    """How much busier than usual the salon is around ``day``."""
    m, d = day.month, day.day
    if lang == "fa":
        if (m == 2 and d >= 20) or (m == 3 and d <= 19):  # Esfand: before Nowruz
            return 1.7
        if m == 3 or (m == 4 and d <= 3):  # Nowruz holidays
            return 0.5
    else:
        if m == 12:
            return 1.6 if d <= 23 else 1.0
        if m == 1:
            return 0.8
    if 6 <= m <= 9:  # weddings and summer
        return 1.2
    if m == 5:
        return 1.1
    return 1.0


class VisitPlan:
    def __init__(
        self,
        *,
        seed: int,
        language: str,
        currency: str,
        net_pricing: bool,
        today: dt.date,
        years: int,
        clients: list[PlanClient],
        staff_by_role: dict[str, list[int]],
        inactive_staff: list[int],
        catalog: DemoCatalog,
        now: dt.datetime | None = None,
    ):
        self.now = now  # naive UTC: nothing is planned later than this
        self.rng = random.Random(seed * 7919 + 17)
        self.lang, self.currency, self.net_pricing = language, currency, net_pricing
        self.q = quantum(currency)
        self.unit = {"IRT": 10, "IRR": 1}.get(currency, 100)
        self.today = today
        self.first = today - dt.timedelta(days=365 * years)
        self.closed = _closed_days(language, self.first, today)
        self.clients = clients
        self.catalog = catalog
        self.by_role = {r: list(v) for r, v in staff_by_role.items()}
        for r in ("stylist", "colourist", "nails", "beautician"):
            self.by_role.setdefault(r, [])
        managers = staff_by_role.get("manager")
        self.manager = managers[0] if managers else None
        self.inactive = list(inactive_staff)
        self.left_on = self.first + (today - self.first) / 2  # when the inactive staff left
        self.staff_role = {sid: r for r, ids in staff_by_role.items() for sid in ids}
        self.cur = currency if currency in data.SERVICE_PRICES else "GBP"
        self.seq = 0
        self.stock = {p.id: p.stock for p in catalog.products}
        self.vouchers: list[list] = []  # [code, balance, expires, sold_on]
        self.vstart = 0  # vouchers before this one have expired
        self.codes: set[str] = set()
        self.balance: dict[int, int] = {}  # client id -> account balance
        self.fav: dict[tuple[int, str], int] = {}
        self.kinds: dict[int, tuple] = {}
        self.habit: dict[int, str] = {}  # client id -> "debt" / "prepaid"

    def money(self, shown: int) -> int:
        return shown * self.unit

    # -- when each client comes ------------------------------------------------------
    def _open_on_or_after(self, d: dt.date) -> dt.date:
        while d in self.closed:
            d += dt.timedelta(days=1)
        return d

    def schedule(self) -> dict[dt.date, list[int]]:
        """day -> indexes of the clients who come that day."""
        rng, first, today = self.rng, self.first, self.today
        span = (today - first).days
        by_day: dict[dt.date, list[int]] = {}
        cum, total = [], 0.0
        for k in range(span + 1):
            total += season(self.lang, first + dt.timedelta(days=k))
            cum.append(total)
        cum.append(float("inf"))
        for i in range(len(self.clients)):
            r = rng.random()
            if r < 0.005:
                lo, hi, kind = 5, 9, "weekly"
            elif r < 0.36:
                lo, hi, kind = 28, 56, "regular"
            elif r < 0.61:
                lo, hi, kind = 60, 180, "occasional"
            elif r < 0.81:
                lo, hi, kind = 28, 120, "lapsed"
            else:
                lo, hi, kind = 90, 400, "once"
            base = rng.uniform(lo, hi)
            if kind == "weekly" or rng.random() < 0.5:  # a client before the history starts
                start = first + dt.timedelta(days=rng.uniform(0, base))
            else:  # joined since
                start = first + dt.timedelta(days=rng.randrange(max(1, span)))
            stop = today
            if kind == "lapsed":
                latest = today - dt.timedelta(days=366)
                if latest <= start:
                    stop = start + dt.timedelta(days=rng.uniform(0, 2 * base))
                else:
                    stop = start + dt.timedelta(days=rng.uniform(0, (latest - start).days))
            elif kind == "once":
                stop = start + dt.timedelta(days=rng.choice([0, 0, base]))
            d = start
            while d <= stop:
                day = self._open_on_or_after(d)
                if day > today:
                    break
                by_day.setdefault(day, []).append(i)
                # Intervals are measured in "busy days": shorter around the peaks.
                k = (day - first).days
                nxt = bisect.bisect_left(cum, cum[k] + base * rng.uniform(0.8, 1.2))
                d = first + dt.timedelta(days=max(k + 1, nxt))
            self.kinds[i] = (kind,)
        return by_day

    # -- what happens in a visit -----------------------------------------------------
    def _client_kind(self, i: int):
        got = self.kinds.get(i)
        if got is None or len(got) == 1:
            c = self.clients[i]
            kinds = data.CLIENT_KINDS["male" if c.male else "female"]
            main, extras = self.rng.choices([(k[1], k[2]) for k in kinds], [k[0] for k in kinds])[0]
            if got and got[0] == "weekly":
                main = data.WEEKLY
            got = (got[0] if got else "walk-in", list(main), list(main.values()), extras)
            self.kinds[i] = got
        return got

    def _staff(self, client: int | None, role: str, day: dt.date) -> int:
        rng = self.rng
        ids = list(self.by_role[role])
        if role == "stylist":
            ids += [s for s in self.inactive if day < self.left_on]
            if self.manager:
                ids.append(self.manager)
        if not ids:
            ids = [s for r in self.by_role.values() for s in r]
        if client is None or rng.random() < 0.12:
            return rng.choice(ids)
        key = (client, role)
        fav = self.fav.get(key)
        if fav is None:
            pref = self.clients[client].preferred_staff_id
            fav = pref if pref in ids else rng.choice(ids)
            self.fav[key] = fav
        if fav not in ids:  # left the salon
            fav = rng.choice(ids)
            self.fav[key] = fav
        return fav

    def _service_line(self, key: str, client: int | None, day: dt.date) -> LineDraft:
        s = self.catalog.services[key]
        return LineDraft(
            LineKind.SERVICE,
            s.name,
            s.price,
            1,
            s.tax_bp,
            self._staff(client, s.role, day),
            service_id=s.id,
        )

    def _uuid(self) -> str:
        return str(uuidlib.UUID(int=self.rng.getrandbits(128), version=4))

    def _round_cash(self, amount: int) -> int:
        step = self.money(data.CASH_ROUND[self.cur])
        return -(-amount // step) * step

    def _visit(self, i: int | None, day: dt.date, events: list) -> tuple:
        """A ticket for client index ``i`` (None: a walk-in); may add receive events."""
        rng, lang = self.rng, self.lang
        cid = self.clients[i].id if i is not None else None
        lines: list[LineDraft] = []
        if i is not None:
            _kind, mains, weights, extras = self._client_kind(i)
            main = rng.choices(mains, weights)[0]
            lines.append(self._service_line(main, i, day))
            r = rng.random()
            n_extra = 0 if r < 0.62 else 1 if r < 0.92 else 2
            for key in rng.sample(extras, min(n_extra, len(extras))):
                if key != main:
                    lines.append(self._service_line(key, i, day))
            if season(lang, day) > 1.1 and not self.clients[i].male and rng.random() < 0.05:
                key = rng.choice(data.PEAK_EXTRAS)
                if key not in {ln.service_id for ln in lines}:
                    lines.append(self._service_line(key, i, day))
        elif rng.random() < 0.6:
            lines.append(
                self._service_line(rng.choice(["cut_men", "blow_dry", "brows"]), None, day)
            )
        # A product now and then (restocked when it runs low).
        if rng.random() < (0.12 if i is not None else 0.6) or not lines:
            p = rng.choice(self.catalog.products)
            qty = 2 if rng.random() < 0.1 else 1
            if self.stock[p.id] - qty <= p.reorder:
                n = rng.choice([6, 12, 12, 24])
                self.stock[p.id] += n
                events.append(("receive", p.id, n, data.RESTOCK_REASON[lang], None))
            self.stock[p.id] -= qty
            lines.append(
                LineDraft(
                    LineKind.PRODUCT,
                    p.name,
                    p.price,
                    qty,
                    p.tax_bp,
                    lines[0].staff_id if lines else None,
                    product_id=p.id,
                )
            )
        simple = True
        # Gift vouchers: more before the holidays.
        if i is not None and rng.random() < 0.004 * (4 if season(lang, day) > 1.5 else 1):
            code = ""
            while not code or code in self.codes:
                code = "".join(rng.choice(VOUCHER_ALPHABET) for _ in range(8))
            self.codes.add(code)
            value = self.money(rng.choice(data.VOUCHER_VALUES[self.cur]))
            lines.append(
                LineDraft(LineKind.VOUCHER, data.VOUCHER_LINE[lang], value, voucher_code=code)
            )
            self.vouchers.append([code, value, _year_after(day), day])
            simple = False
        # The client's account: settle a debt, or top up a prepaid balance.
        bal = self.balance.get(cid, 0) if cid else 0
        habit = self.habit.get(cid) if cid else None
        if cid and habit is None:
            r = rng.random()
            habit = (
                "debt"
                if r < (0.08 if lang == "fa" else 0.01)
                else "prepaid"
                if r < (0.09 if lang == "fa" else 0.04)
                else ""
            )
            self.habit[cid] = habit
        if bal < 0 and rng.random() < 0.7:
            lines.append(LineDraft(LineKind.ACCOUNT, _account_line(lang, True), -bal))
            simple = False
        elif habit == "prepaid" and bal <= 0 and rng.random() < 0.3:
            lines.append(
                LineDraft(
                    LineKind.ACCOUNT,
                    _account_line(lang, False),
                    self.money(rng.choice(data.ACCOUNT_TOP_UP[self.cur])),
                )
            )
            simple = False
        ticket = TicketDraft(uuid=self._uuid(), client_id=cid, lines=lines)
        if rng.random() < 0.05:
            ticket.discount = Discount(
                DiscountKind.PERCENT,
                rng.choice([500, 1000, 1000, 1500]),
                rng.choice(data.DISCOUNT_REASONS[lang]),
            )
        elif rng.random() < 0.02 and lines[0].kind is LineKind.SERVICE:
            lines[0].discount = Discount(
                DiscountKind.PERCENT, 2000, rng.choice(data.DISCOUNT_REASONS[lang])
            )
        staff_on = [ln.staff_id for ln in lines if ln.staff_id]
        if staff_on and rng.random() < (0.35 if lang == "fa" else 0.25):
            ticket.tips.append(TipDraft(staff_on[0], self.money(rng.choice(data.TIPS[self.cur]))))
        totals = compute(ticket, self.currency, self.net_pricing)
        rest = totals.due
        pays = ticket.payments
        vs = self.vouchers  # in the order sold: skip the expired ones at the front
        while self.vstart < len(vs) and vs[self.vstart][2] < day:
            self.vstart += 1
        v = (
            vs[rng.randrange(self.vstart, len(vs))]
            if (simple and self.vstart < len(vs) and rng.random() < 0.02)
            else None
        )
        if v is not None and v[1] > 0 and v[3] < day:
            amount = min(v[1], rest)
            v[1] -= amount
            pays.append(PaymentDraft(PayMethod.VOUCHER, amount, voucher_code=v[0]))
            rest -= amount
            simple = False
        if cid and rest and habit == "prepaid" and bal > 0:
            amount = min(bal, rest)
            pays.append(PaymentDraft(PayMethod.ACCOUNT, amount))
            rest -= amount
            simple = False
        elif cid and rest and habit == "debt" and bal >= 0 and rng.random() < 0.3:
            amount = rest if rng.random() < 0.5 else rest // (2 * self.q) * self.q
            if amount:
                pays.append(PaymentDraft(PayMethod.ACCOUNT, amount))
                rest -= amount
                simple = False
        if rest:
            r = rng.random()
            card, split = {"fa": (0.55, 0.15), "pl": (0.72, 0.03)}.get(lang, (0.82, 0.02))
            if r < split and rest > 2 * self.q:
                part = rest // (2 * self.q) * self.q
                pays.append(PaymentDraft(PayMethod.CARD, part))
                rest -= part
                pays.append(PaymentDraft(PayMethod.CASH, rest, self._round_cash(rest)))
            elif r < split + card:
                pays.append(PaymentDraft(PayMethod.CARD, rest))
            else:
                tendered = self._round_cash(rest) if rng.random() < 0.7 else rest
                pays.append(PaymentDraft(PayMethod.CASH, rest, tendered))
        if cid:
            account = sum(
                lt.total
                for ln, lt in zip(lines, totals.lines, strict=True)
                if ln.kind is LineKind.ACCOUNT
            ) - sum(p.amount for p in pays if p.method is PayMethod.ACCOUNT)
            if account:
                self.balance[cid] = bal + account
        totals = dataclasses.replace(
            totals,
            paid=sum(p.amount for p in pays),
            change=sum(max(0, p.tendered - p.amount) for p in pays if p.method is PayMethod.CASH),
        )
        return ticket, totals, simple

    # -- the days ----------------------------------------------------------------------
    def days(self) -> Iterator[tuple[dt.date, list]]:
        rng, lang, cur = self.rng, self.lang, self.cur
        by_day = self.schedule()
        pending: dict[dt.date, list] = {}  # refunds waiting for their day
        day = self.first
        one = dt.timedelta(days=1)
        while day <= self.today:
            if day in self.closed:
                day += one
                continue
            offset = dt.datetime.combine(day, dt.time(12)).astimezone().utcoffset()

            def utc(t: dt.datetime, offset=offset) -> dt.datetime:
                return t - offset

            start = dt.datetime.combine(day, OPEN_AT)
            float_amount = self.money(data.OPENING_FLOAT[cur])
            events: list = [("open", float_amount)]
            cash = float_amount
            for ev in pending.pop(day, []):
                seq, pos, qty, method, line_total, product_id = ev
                self.stock[product_id] += qty
                if method is PayMethod.CASH:
                    cash -= line_total
                events.append(
                    (
                        "refund",
                        seq,
                        pos,
                        qty,
                        method,
                        rng.choice(data.REFUND_REASONS[lang]),
                        self._uuid(),
                        utc(start + dt.timedelta(minutes=5)),
                    )
                )
            visitors: list[int | None] = list(by_day.get(day, []))
            if rng.random() < 0.3:
                visitors = [*visitors, None]
            rng.shuffle(visitors)
            span = (dt.datetime.combine(day, CLOSE_AT) - start).total_seconds()
            times = sorted(rng.uniform(600, span) for _ in visitors)
            voids = []
            if rng.random() < 0.15:
                reason, amount = rng.choice(data.CASH_OUT[cur])
                cash -= self.money(amount)
                events.append(
                    (
                        "move",
                        -self.money(amount),
                        reason,
                        utc(start + dt.timedelta(seconds=rng.uniform(0, span))),
                    )
                )
            for i, secs in zip(visitors, times, strict=True):
                at = utc(start + dt.timedelta(seconds=secs))
                ticket, totals, simple = self._visit(i, day, events)
                self.seq += 1
                keep = False
                r = rng.random()
                products = [
                    (pos, ln) for pos, ln in enumerate(ticket.lines) if ln.kind is LineKind.PRODUCT
                ]
                if simple and r < 0.006:
                    keep = True
                    voids.append((self.seq, ticket))
                elif simple and products and r < 0.06:
                    back = day + dt.timedelta(days=rng.randint(1, 14))
                    back = self._open_on_or_after(back)
                    if back <= self.today:
                        keep = True
                        pos, ln = products[0]
                        pending.setdefault(back, []).append(
                            (
                                self.seq,
                                pos,
                                ln.qty,
                                PayMethod.CASH
                                if rng.random() < 0.5
                                and totals.lines[pos].total
                                <= self.money(data.OPENING_FLOAT[cur]) // 4
                                else PayMethod.CARD,
                                totals.lines[pos].total,
                                ln.product_id,
                            )
                        )
                cash += sum(p.amount for p in ticket.payments if p.method is PayMethod.CASH)
                events.append(("sale", self.seq, ticket, totals, at, keep))
            end = dt.datetime.combine(day, CLOSE_AT)
            for n, (seq, ticket) in enumerate(voids):
                for ln in ticket.lines:
                    if ln.kind is LineKind.PRODUCT:
                        self.stock[ln.product_id] += ln.qty
                cash -= sum(p.amount for p in ticket.payments if p.method is PayMethod.CASH)
                events.append(
                    (
                        "void",
                        seq,
                        rng.choice(data.VOID_REASONS[lang]),
                        self._uuid(),
                        utc(end + dt.timedelta(minutes=n + 1)),
                    )
                )
            if self.now is not None and day == self.today:
                events = _until(events, self.now, utc(start))
            if day < self.today:
                r = rng.random()
                diff = 0
                note = ""
                if r < 0.25:
                    sign = -1 if rng.random() < 0.6 else 1
                    diff = (
                        sign
                        * rng.choice(data.CLOSE_DIFFS[cur])
                        * self.unit
                        // (100 if self.unit == 100 else 1)
                    )
                    note = data.CLOSE_NOTES[lang][2 if sign < 0 else 3]
                counted = max(0, cash + diff)
                events.append(("close", counted, cash, note, utc(end + dt.timedelta(minutes=30))))
            yield day, events
            day += one


def _until(events: list, now: dt.datetime, opening: dt.datetime) -> list:
    """Today's events that happened by ``now`` (none before the salon opens)."""
    if now < opening:
        return []
    return [ev for ev in events if (at := _at(ev)) is None or at <= now]


def _at(event: tuple) -> dt.datetime | None:
    """When an event happens (None: the cash day's opening, a delivery)."""
    kind = event[0]
    if kind == "open":
        return None
    return event[4] if kind == "sale" else event[-1]


def _year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day + dt.timedelta(days=365)


def _account_line(lang: str, settle: bool) -> str:
    if settle:
        return {"en": "Settling the account", "pl": "Spłata salda", "fa": "تسویه بدهی"}[lang]
    return {"en": "Prepaid credit", "pl": "Przedpłata na konto", "fa": "شارژ حساب"}[lang]
