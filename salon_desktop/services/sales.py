"""Posting sales, voids and refunds: one transaction each, never a partial sale.

Posting goes through SQLAlchemy Core (a handful of statements per sale) rather
than the ORM unit of work: a sale is written once and never changed, and the
till must stay fast. Everything is recomputed here from the ticket; totals sent
by a screen are never trusted.

Idempotent: each ticket has a UUID made when the checkout opened. Posting a
UUID that is already posted returns that sale instead of posting it again (a
retry after a crash or a double click).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import BigInteger, Connection, bindparam, cast, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from salon_desktop.db.base import utcnow
from salon_desktop.db.models import (
    AccountEntry,
    CashDay,
    GiftVoucher,
    OpenTicket,
    Product,
    ReceiptCounter,
    Sale,
    SaleLine,
    SalePayment,
    SaleTip,
    Service,
    StaffCommission,
    StockMovement,
    VoucherMovement,
)
from salon_desktop.domain.money import percent_of, quantum
from salon_desktop.domain.sale import (
    LineKind,
    PayMethod,
    SaleKind,
    TicketDraft,
    refund_share,
    validate,
)
from salon_desktop.domain.validation import Errors, FieldError, ValidationError, check_text
from salon_desktop.i18n import N_
from salon_desktop.services.settings import SalonSettings

SALES, CORRECTIONS = "S", "C"

# The posting statements, built once: executing a prepared Core statement on
# plain tables with parameters skips SQLAlchemy's per-call statement building and
# ORM coercion, which cost more than SQLite's own work (benchmarks/checkout.py).
_sales, _counters, _products = Sale.__table__, ReceiptCounter.__table__, Product.__table__
_EXISTING = select(_sales.c.id, _sales.c.receipt_no, _sales.c.total, _sales.c.change_given
                   ).where(_sales.c.uuid == bindparam("b_uuid"))
_DAY_CLOSED = select(CashDay.__table__.c.closed_at).where(
    CashDay.__table__.c.business_date == bindparam("b_day"))
_NEXT_NUMBER = (update(_counters)
                .where(_counters.c.series == bindparam("b_series"),
                       _counters.c.year == bindparam("b_year"))
                .values(last_number=_counters.c.last_number + 1)
                .returning(_counters.c.last_number))
_INSERT_SALE = insert(_sales).returning(_sales.c.id)
_INSERT = {m: insert(m.__table__) for m in (
    ReceiptCounter, SaleLine, SalePayment, SaleTip, StockMovement, VoucherMovement, AccountEntry)}
_ADD_STOCK = (update(_products).where(_products.c.id == bindparam("b_id"))
              .values(stock=_products.c.stock + bindparam("b_delta")))
_SERVICES = select(Service.__table__.c.id, Service.__table__.c.material_cost).where(
    Service.__table__.c.id.in_(bindparam("b_ids", expanding=True)))
_PRODUCTS = select(_products.c.id, _products.c.name, _products.c.stock, _products.c.cost).where(
    _products.c.id.in_(bindparam("b_ids", expanding=True)))
_RATES = select(StaffCommission.__table__).where(
    StaffCommission.__table__.c.staff_id.in_(bindparam("b_ids", expanding=True)))
_DROP_TICKET = delete(OpenTicket.__table__).where(OpenTicket.__table__.c.uuid == bindparam("b_uuid"))


class OutOfStock(Exception):
    """Products on the ticket have less stock than sold. The manager may allow it
    (post again with ``allow_out_of_stock=True``)."""

    def __init__(self, items: list[tuple[str, int, int]]):
        self.items = items  # (product name, in stock, wanted)
        super().__init__(", ".join(f"{n}: {have} < {want}" for n, have, want in items))


class DayClosed(ValidationError):
    def __init__(self, day: dt.date):
        self.day = day
        super().__init__([FieldError("day", N_(
            "The cash day {day} is closed: nothing more can be posted into it."), {"day": day})])


@dataclass(frozen=True)
class Posted:
    sale_id: int
    receipt_no: str
    total: int
    change: int
    already_posted: bool = False  # the UUID was posted before; nothing new was written


def normalise_code(code: str) -> str:
    return "".join(code.split()).upper()


def receipt_text(series: str, year: int, number: int) -> str:
    return f"{'' if series == SALES else series}{year}/{number:05d}"


def calendar_year(day: dt.date, jalali: bool) -> int:
    if not jalali:
        return day.year
    from persiantools.jdatetime import JalaliDate

    return JalaliDate(day).year


def lock_day(conn: Connection, day: dt.date, exclusive: bool = False) -> None:
    """Serialise closing a cash day against posting into it. On PostgreSQL postings
    share a transaction-level advisory lock on the day and the close takes it alone,
    so no sale commits into a day while it is being closed. (On SQLite every write
    transaction begins IMMEDIATE and holds the one write lock already.)"""
    if conn.dialect.name == "postgresql":
        fn = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
        conn.execute(select(getattr(func, fn)(_DAY_LOCK_SPACE, day.toordinal())))


_DAY_LOCK_SPACE = 7301  # advisory lock key space of cash days


def money_sum(column):
    """SUM of a money column, 0 when there are no rows, as an int on every database
    (PostgreSQL sums BIGINT as NUMERIC, which the driver returns as a Decimal)."""
    return cast(func.coalesce(func.sum(column), 0), BigInteger)


def merged_family(conn, client_id: int) -> list[int]:
    """The client and every file merged into it (directly or through others)."""
    from salon_desktop.db.models import Client

    ids, frontier = [client_id], [client_id]
    while frontier:
        frontier = list(conn.execute(
            select(Client.id).where(Client.merged_into_id.in_(frontier))).scalars())
        frontier = [i for i in frontier if i not in ids]
        ids += frontier
    return ids


class SalesService:
    def __init__(self, sm: sessionmaker[Session], settings: Callable[[], SalonSettings],
                 today: Callable[[], dt.date] = dt.date.today,
                 now: Callable[[], dt.datetime] = utcnow):
        self._sm = sm
        self._settings = settings
        self._today = today
        self._now = now  # the UTC clock stamped on posted rows (the demo's history sets it)

    # -- helpers -----------------------------------------------------------------
    def _existing(self, conn: Connection, uuid: str) -> Posted | None:
        row = conn.execute(_EXISTING, {"b_uuid": uuid}).first()
        return Posted(row[0], row[1], row[2], row[3], already_posted=True) if row else None

    def posted(self, uuid: str) -> Posted | None:
        """Whether the ticket with this UUID went through (after a restart, say)."""
        with self._sm() as s:
            return self._existing(s.connection(), uuid)

    def _check_day_open(self, conn: Connection, day: dt.date) -> None:
        lock_day(conn, day)
        closed = conn.execute(_DAY_CLOSED, {"b_day": day}).scalar()
        if closed is not None:
            raise DayClosed(day)

    def _next_number(self, conn: Connection, series: str, year: int) -> int:
        n = conn.execute(_NEXT_NUMBER, {"b_series": series, "b_year": year}).scalar()
        if n is None:
            conn.execute(_INSERT[ReceiptCounter], {"series": series, "year": year,
                                                   "last_number": 1})
            n = 1
        return n

    def _insert_sale(self, conn: Connection, series: str, day: dt.date, values: dict) -> tuple:
        year = calendar_year(day, self._settings().uses_jalali())
        number = self._next_number(conn, series, year)
        no = receipt_text(series, year, number)
        sale_id = conn.execute(_INSERT_SALE, dict(
            series=series, year=year, number=number, receipt_no=no, business_date=day,
            posted_at=self._now(), **values)).scalar_one()
        return sale_id, no

    # -- posting -------------------------------------------------------------------
    def post(self, ticket: TicketDraft, actor_id: int | None = None,
             allow_out_of_stock: bool = False) -> Posted:
        """Post the ticket as a sale. Raises ``ValidationError`` (nothing written),
        ``OutOfStock`` or ``DayClosed``."""
        cfg = self._settings()
        currency = cfg.currency
        with self._sm() as s:
            done = self._existing(s.connection(), ticket.uuid)
        if done:
            return done
        totals = validate(ticket, currency, cfg.net_pricing)
        day = self._today()
        for _attempt in range(5):
            try:
                return self._post(ticket, totals, cfg, day, actor_id, allow_out_of_stock)
            except IntegrityError as exc:  # another desk took the number or the UUID
                with self._sm() as s:
                    done = self._existing(s.connection(), ticket.uuid)
                if done:
                    return done
                last = exc
        raise last

    def _post(self, ticket, totals, cfg: SalonSettings, day, actor_id, allow_oos) -> Posted:
        q = quantum(cfg.currency)
        with self._sm.begin() as s:
            conn = s.connection()
            done = self._existing(conn, ticket.uuid)
            if done:
                return done
            self._check_day_open(conn, day)
            errors = Errors()
            svc_ids = {ln.service_id for ln in ticket.lines if ln.service_id}
            prod_ids = {ln.product_id for ln in ticket.lines if ln.product_id}
            services = {r.id: r for r in conn.execute(_SERVICES, {"b_ids": list(svc_ids)})
                        } if svc_ids else {}
            products = {r.id: r for r in conn.execute(_PRODUCTS, {"b_ids": list(prod_ids)})
                        } if prod_ids else {}
            staff_ids = {ln.staff_id for ln in ticket.lines if ln.staff_id}
            rates = {r.staff_id: r for r in conn.execute(_RATES, {"b_ids": list(staff_ids)})
                     } if staff_ids else {}
            wanted: dict[int, int] = {}
            for i, ln in enumerate(ticket.lines):
                if ln.service_id and ln.service_id not in services:
                    errors.add(f"lines.{i}", N_("This service is no longer in the price list."))
                if ln.kind is LineKind.PRODUCT:
                    if ln.product_id not in products:
                        errors.add(f"lines.{i}", N_("This product is no longer on the shelf."))
                    else:
                        wanted[ln.product_id] = wanted.get(ln.product_id, 0) + ln.qty
            vouchers_sold = [normalise_code(ln.voucher_code) for ln in ticket.lines
                             if ln.kind is LineKind.VOUCHER]
            if vouchers_sold:
                taken = set(conn.execute(select(GiftVoucher.code)
                                         .where(GiftVoucher.code.in_(vouchers_sold))).scalars())
                for i, ln in enumerate(ticket.lines):
                    if ln.kind is LineKind.VOUCHER and normalise_code(ln.voucher_code) in taken:
                        errors.add(f"lines.{i}", N_("A voucher with this code already exists."))
                if len(set(vouchers_sold)) != len(vouchers_sold):
                    errors.add("lines", N_("A voucher with this code already exists."))
            redeem: list[tuple[int, int]] = []
            for i, p in enumerate(ticket.payments):
                if p.method is not PayMethod.VOUCHER:
                    continue
                v = conn.execute(select(GiftVoucher.id, GiftVoucher.balance,
                                        GiftVoucher.expires_on)
                                 .where(GiftVoucher.code == normalise_code(p.voucher_code))
                                 ).first()
                if v is None:
                    errors.add(f"payments.{i}", N_("No gift voucher has this code."))
                elif v.expires_on is not None and v.expires_on < day:
                    errors.add(f"payments.{i}", N_("This gift voucher expired on {day}."),
                               day=v.expires_on)
                elif v.balance - sum(a for vid, a in redeem if vid == v.id) < p.amount:
                    errors.add(f"payments.{i}",
                               N_("The voucher has only {balance_amount} left."),
                               balance_amount=v.balance)
                else:
                    redeem.append((v.id, p.amount))
            errors.raise_if_any()
            short = [(products[pid].name, products[pid].stock, n) for pid, n in wanted.items()
                     if products[pid].stock < n]
            if short and not allow_oos:
                raise OutOfStock(short)

            sale_id, no = self._insert_sale(conn, SALES, day, dict(
                uuid=ticket.uuid, kind=SaleKind.SALE.value, client_id=ticket.client_id,
                staff_id=actor_id, reason="", currency=cfg.currency, net_pricing=cfg.net_pricing,
                subtotal=totals.subtotal, discount=totals.discount,
                discount_reason=ticket.discount.reason if ticket.discount else "",
                net=totals.net, tax=totals.tax, total=totals.total, tips=totals.tips,
                change_given=totals.change, note=ticket.note,
                buyer_name=ticket.invoice.name if ticket.invoice else "",
                buyer_tax_id=ticket.invoice.tax_id if ticket.invoice else "",
                buyer_address=ticket.invoice.address if ticket.invoice else "",
            ))
            voucher_ids: dict[str, int] = {}
            for ln in ticket.lines:
                if ln.kind is LineKind.VOUCHER:
                    code = normalise_code(ln.voucher_code)
                    vid = conn.execute(insert(GiftVoucher).values(
                        code=code, initial_value=ln.unit_price, balance=ln.unit_price,
                        expires_on=ln.expires_on or _voucher_expiry(day),
                        sold_sale_id=sale_id, client_id=ticket.client_id,
                        created_at=self._now(), version=1,
                    ).returning(GiftVoucher.id)).scalar_one()
                    voucher_ids[code] = vid
            rows = []
            for pos, (ln, lt) in enumerate(zip(ticket.lines, totals.lines, strict=True)):
                if ln.kind is LineKind.SERVICE:
                    cost = services[ln.service_id].material_cost * ln.qty if ln.service_id else 0
                    bp = rates[ln.staff_id].service_bp if ln.staff_id in rates else 0
                elif ln.kind is LineKind.PRODUCT:
                    cost = products[ln.product_id].cost * ln.qty
                    bp = rates[ln.staff_id].product_bp if ln.staff_id in rates else 0
                else:
                    cost, bp = 0, 0
                rows.append(dict(
                    sale_id=sale_id, position=pos, kind=ln.kind.value,
                    description=ln.description.strip(), service_id=ln.service_id,
                    product_id=ln.product_id,
                    voucher_id=voucher_ids.get(normalise_code(ln.voucher_code)),
                    staff_id=ln.staff_id, qty=ln.qty, unit_price=ln.unit_price,
                    tax_rate_bp=ln.tax_rate_bp if ln.kind in (LineKind.SERVICE, LineKind.PRODUCT)
                    else 0,
                    amount=lt.amount, line_discount=lt.line_discount,
                    ticket_discount=lt.ticket_discount,
                    discount_reason=ln.discount.reason if ln.discount else "",
                    net=lt.net, tax=lt.tax, total=lt.total, cost=cost,
                    commission=percent_of(lt.net, bp, q), original_line_id=None,
                ))
            conn.execute(_INSERT[SaleLine], rows)
            pay_rows = []
            redeem_iter = iter(redeem)
            for p in ticket.payments:
                vid = next(redeem_iter)[0] if p.method is PayMethod.VOUCHER else None
                pay_rows.append(dict(sale_id=sale_id, method=p.method.value, amount=p.amount,
                                     tendered=p.tendered if p.method is PayMethod.CASH else 0,
                                     voucher_id=vid))
            if pay_rows:
                conn.execute(_INSERT[SalePayment], pay_rows)
            tips = [dict(sale_id=sale_id, staff_id=t.staff_id, amount=t.amount)
                    for t in ticket.tips if t.amount]
            if tips:
                conn.execute(_INSERT[SaleTip], tips)
            self._stock(conn, sale_id, {pid: -n for pid, n in wanted.items()},
                        {pid: products[pid].cost for pid in wanted}, "sale", actor_id)
            now = self._now()
            vmoves = [dict(voucher_id=vid, sale_id=sale_id, at=now, amount=v)
                      for code, vid in voucher_ids.items()
                      for v in [next(ln.unit_price for ln in ticket.lines
                                     if normalise_code(ln.voucher_code) == code)]]
            for vid, amount in redeem:
                vmoves.append(dict(voucher_id=vid, sale_id=sale_id, at=now, amount=-amount))
                conn.execute(update(GiftVoucher).where(GiftVoucher.id == vid).values(
                    balance=GiftVoucher.balance - amount, version=GiftVoucher.version + 1))
            if vmoves:
                conn.execute(_INSERT[VoucherMovement], vmoves)
            entries = [dict(client_id=ticket.client_id, sale_id=sale_id, at=now,
                            amount=lt.total, note="")
                       for ln, lt in zip(ticket.lines, totals.lines, strict=True)
                       if ln.kind is LineKind.ACCOUNT]
            entries += [dict(client_id=ticket.client_id, sale_id=sale_id, at=now,
                             amount=-p.amount, note="")
                        for p in ticket.payments if p.method is PayMethod.ACCOUNT]
            if entries:
                conn.execute(_INSERT[AccountEntry], entries)
            conn.execute(_DROP_TICKET, {"b_uuid": ticket.uuid})
            return Posted(sale_id, no, totals.total, totals.change)

    def _stock(self, conn, sale_id: int, deltas: dict[int, int], costs: dict[int, int], kind: str,
               actor_id: int | None) -> None:
        deltas = {pid: n for pid, n in deltas.items() if n}
        if not deltas:
            return
        now = self._now()
        conn.execute(_INSERT[StockMovement], [
            dict(product_id=pid, at=now, qty=n, kind=kind, reason="", sale_id=sale_id,
                 staff_id=actor_id, unit_cost=costs.get(pid, 0))
            for pid, n in deltas.items()])
        conn.execute(_ADD_STOCK, [{"b_id": pid, "b_delta": n} for pid, n in deltas.items()])

    # -- corrections -----------------------------------------------------------------
    def void(self, sale_id: int, reason: str, actor_id: int | None,
             uuid: str | None = None) -> Posted:
        """Cancel a whole sale: a new record in the corrections series that gives
        back stock, voucher and account balances, payments and tips."""
        return self._correct(sale_id, None, reason, actor_id, uuid, None)

    def refund(self, sale_id: int, lines: dict[int, int], reason: str, actor_id: int | None,
               method: PayMethod = PayMethod.CASH, uuid: str | None = None) -> Posted:
        """Give back single lines (``{line id: quantity}``) of a sale, paid back by ``method``."""
        return self._correct(sale_id, lines, reason, actor_id, uuid, method)

    def _correct(self, sale_id, lines, reason, actor_id, uuid, method) -> Posted:
        import uuid as uuidlib

        errors = Errors()
        reason = check_text(errors, "reason", reason, required=True, max_len=500)
        if lines is not None and not any(q > 0 for q in lines.values()):
            errors.add("lines", N_("Choose what is given back."))
        if lines is not None and any(q < 0 for q in lines.values()):
            errors.add("lines", N_("Quantity must be between 1 and {max}."), max=999)
        errors.raise_if_any()
        uuid = uuid or str(uuidlib.uuid4())
        day = self._today()
        with self._sm.begin() as s:
            conn = s.connection()
            done = self._existing(conn, uuid)
            if done:
                return done
            self._check_day_open(conn, day)
            orig = conn.execute(select(Sale).where(Sale.id == sale_id)).first()
            if orig is None or orig.kind != SaleKind.SALE.value:
                raise ValidationError([FieldError("sale", N_("Only a sale can be voided or refunded."))])
            olines = conn.execute(select(SaleLine).where(SaleLine.sale_id == sale_id)
                                  .order_by(SaleLine.position)).all()
            corrections = conn.execute(select(Sale.id, Sale.kind)
                                       .where(Sale.original_sale_id == sale_id)).all()
            if any(k == SaleKind.VOID.value for _i, k in corrections):
                raise ValidationError([FieldError("sale", N_("This sale is already voided."))])
            done_q: dict[int, int] = {}
            done_total: dict[int, list[int]] = {}
            for r in conn.execute(select(SaleLine.original_line_id, SaleLine.qty, SaleLine.total,
                                         SaleLine.tax, SaleLine.line_discount,
                                         SaleLine.ticket_discount, SaleLine.commission,
                                         SaleLine.amount, SaleLine.cost)
                                  .join(Sale, Sale.id == SaleLine.sale_id)
                                  .where(Sale.original_sale_id == sale_id)):
                done_q[r[0]] = done_q.get(r[0], 0) - r[1]
                acc = done_total.setdefault(r[0], [0] * 7)
                for k, v in enumerate(r[2:]):
                    acc[k] -= v
            if lines is None:
                if corrections:
                    raise ValidationError([FieldError("sale", N_(
                        "Part of this sale was refunded: refund the remaining lines instead."))])
                take = {ln.id: ln.qty for ln in olines}
            else:
                take = {}
                by_id = {ln.id: ln for ln in olines}
                for lid, qty in lines.items():
                    if qty <= 0:
                        continue
                    ln = by_id.get(lid)
                    if ln is None:
                        errors.add("lines", N_("This line is not on the sale."))
                    elif ln.kind in (LineKind.VOUCHER.value, LineKind.ACCOUNT.value):
                        errors.add("lines", N_(
                            "Vouchers and account payments are given back by voiding the sale."))
                    elif qty > ln.qty - done_q.get(lid, 0):
                        errors.add("lines", N_("Only {max} left to give back on this line."),
                                   max=ln.qty - done_q.get(lid, 0))
                    else:
                        take[lid] = qty
                errors.raise_if_any()
            # Sold vouchers must be unused to be cancelled.
            for ln in olines:
                if ln.id in take and ln.kind == LineKind.VOUCHER.value:
                    v = conn.execute(select(GiftVoucher.balance, GiftVoucher.initial_value)
                                     .where(GiftVoucher.id == ln.voucher_id)).first()
                    if v.balance != v.initial_value:
                        raise ValidationError([FieldError("sale", N_(
                            "A voucher sold on this sale has been used: it cannot be voided."))])
            rows, stock, costs = [], {}, {}
            for ln in olines:
                if ln.id not in take:
                    continue
                qty = take[ln.id]
                dq = done_q.get(ln.id, 0)
                dt_ = done_total.get(ln.id, [0] * 7)
                fields = (ln.total, ln.tax, ln.line_discount, ln.ticket_discount, ln.commission,
                          ln.amount, ln.cost)
                q = quantum(orig.currency)
                back = [refund_share(f, ln.qty, dq, qty, d, q)
                        for f, d in zip(fields, dt_, strict=True)]
                total, tax, ldisc, tdisc, comm, amount, cost = back
                rows.append(dict(
                    position=len(rows), kind=ln.kind, description=ln.description,
                    service_id=ln.service_id, product_id=ln.product_id,
                    voucher_id=ln.voucher_id, staff_id=ln.staff_id, qty=-qty,
                    unit_price=ln.unit_price, tax_rate_bp=ln.tax_rate_bp, amount=-amount,
                    line_discount=-ldisc, ticket_discount=-tdisc,
                    discount_reason=ln.discount_reason, net=-(total - tax), tax=-tax,
                    total=-total, cost=-cost, commission=-comm, original_line_id=ln.id,
                ))
                if ln.product_id and ln.kind == LineKind.PRODUCT.value:
                    stock[ln.product_id] = stock.get(ln.product_id, 0) + qty
                    costs[ln.product_id] = ln.cost // max(1, ln.qty)
            total = sum(r["total"] for r in rows)
            kind = SaleKind.VOID if lines is None else SaleKind.REFUND
            opays = conn.execute(select(SalePayment).where(SalePayment.sale_id == sale_id)).all()
            otips = conn.execute(select(SaleTip).where(SaleTip.sale_id == sale_id)).all()
            if kind is SaleKind.VOID:
                pays = [dict(method=p.method, amount=-p.amount, tendered=0,
                             voucher_id=p.voucher_id) for p in opays]
                tips = [dict(staff_id=t.staff_id, amount=-t.amount) for t in otips]
                tip_total = -orig.tips
            else:
                if method is PayMethod.ACCOUNT and orig.client_id is None:
                    raise ValidationError([FieldError("method", N_(
                        "A walk-in has no account: choose the client first."))])
                if method is PayMethod.VOUCHER:
                    raise ValidationError([FieldError("method", N_(
                        "Refunds are paid in cash, by card or into the client's account."))])
                pays = [dict(method=method.value, amount=total, tendered=0, voucher_id=None)]
                tips, tip_total = [], 0
            cid, no = self._insert_sale(conn, CORRECTIONS, day, dict(
                uuid=uuid, kind=kind.value, client_id=orig.client_id, staff_id=actor_id,
                original_sale_id=sale_id, reason=reason, currency=orig.currency,
                net_pricing=orig.net_pricing,
                subtotal=sum(r["amount"] for r in rows),
                discount=sum(r["line_discount"] + r["ticket_discount"] for r in rows),
                discount_reason="", net=sum(r["net"] for r in rows),
                tax=sum(r["tax"] for r in rows), total=total, tips=tip_total, change_given=0,
                note="", buyer_name=orig.buyer_name, buyer_tax_id=orig.buyer_tax_id,
                buyer_address=orig.buyer_address,
            ))
            for r in rows:
                r["sale_id"] = cid
            conn.execute(_INSERT[SaleLine], rows)
            for p in pays:
                p["sale_id"] = cid
            pays = [p for p in pays if p["amount"]]
            if pays:
                conn.execute(_INSERT[SalePayment], pays)
            if tips:
                conn.execute(insert(SaleTip), [dict(t, sale_id=cid) for t in tips])
            self._stock(conn, cid, stock, costs, "return", actor_id)
            now = self._now()
            for p in pays:
                if p["method"] == PayMethod.VOUCHER.value and p["voucher_id"]:
                    conn.execute(insert(VoucherMovement).values(
                        voucher_id=p["voucher_id"], sale_id=cid, at=now, amount=-p["amount"]))
                    conn.execute(update(GiftVoucher).where(GiftVoucher.id == p["voucher_id"])
                                 .values(balance=GiftVoucher.balance - p["amount"],
                                         version=GiftVoucher.version + 1))
            for r in rows:
                if r["kind"] == LineKind.VOUCHER.value and r["voucher_id"]:
                    conn.execute(insert(VoucherMovement).values(
                        voucher_id=r["voucher_id"], sale_id=cid, at=now, amount=r["total"]))
                    conn.execute(update(GiftVoucher).where(GiftVoucher.id == r["voucher_id"])
                                 .values(balance=GiftVoucher.balance + r["total"],
                                         version=GiftVoucher.version + 1))
            entries = [dict(client_id=orig.client_id, sale_id=cid, at=now, amount=r["total"],
                            note=reason) for r in rows if r["kind"] == LineKind.ACCOUNT.value]
            entries += [dict(client_id=orig.client_id, sale_id=cid, at=now, amount=-p["amount"],
                             note=reason)
                        for p in pays if p["method"] == PayMethod.ACCOUNT.value and p["amount"]]
            if entries:
                conn.execute(_INSERT[AccountEntry], entries)
            return Posted(cid, no, total, 0)

    # -- vouchers ------------------------------------------------------------------
    def new_voucher_code(self) -> str:
        """A fresh code nobody has: 8 letters and digits without look-alikes."""
        import secrets

        alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
        with self._sm() as s:
            while True:
                code = "".join(secrets.choice(alphabet) for _ in range(8))
                if s.scalar(select(func.count()).where(GiftVoucher.code == code)) == 0:
                    return code


def _voucher_expiry(day: dt.date) -> dt.date:
    """Vouchers are valid a year by default."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day + dt.timedelta(days=365)
