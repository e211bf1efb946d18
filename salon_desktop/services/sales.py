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

from sqlalchemy import Connection, bindparam, delete, func, insert, select, update
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
    validate,
)
from salon_desktop.domain.validation import Errors
from salon_desktop.i18n import N_
from salon_desktop.services.corrections import Corrections
from salon_desktop.services.sales_common import (
    CORRECTIONS,
    SALES,
    DayClosed,
    OutOfStock,
    Posted,
    calendar_year,
    lock_day,
    merged_family,
    money_sum,
    normalise_code,
    receipt_text,
)
from salon_desktop.services.settings import SalonSettings

# Re-exported: screens and other services import these from here.
__all__ = [
    "CORRECTIONS",
    "SALES",
    "DayClosed",
    "OutOfStock",
    "Posted",
    "SalesService",
    "calendar_year",
    "lock_day",
    "merged_family",
    "money_sum",
    "normalise_code",
    "receipt_text",
]


# The posting statements, built once: executing a prepared Core statement on
# plain tables with parameters skips SQLAlchemy's per-call statement building and
# ORM coercion, which cost more than SQLite's own work (benchmarks/checkout.py).
_sales, _counters, _products = Sale.__table__, ReceiptCounter.__table__, Product.__table__
_EXISTING = select(_sales.c.id, _sales.c.receipt_no, _sales.c.total, _sales.c.change_given).where(
    _sales.c.uuid == bindparam("b_uuid")
)
_DAY_CLOSED = select(CashDay.__table__.c.closed_at).where(
    CashDay.__table__.c.business_date == bindparam("b_day")
)
_NEXT_NUMBER = (
    update(_counters)
    .where(_counters.c.series == bindparam("b_series"), _counters.c.year == bindparam("b_year"))
    .values(last_number=_counters.c.last_number + 1)
    .returning(_counters.c.last_number)
)
_INSERT_SALE = insert(_sales).returning(_sales.c.id)
_INSERT = {
    m: insert(m.__table__)
    for m in (
        ReceiptCounter,
        SaleLine,
        SalePayment,
        SaleTip,
        StockMovement,
        VoucherMovement,
        AccountEntry,
    )
}
_ADD_STOCK = (
    update(_products)
    .where(_products.c.id == bindparam("b_id"))
    .values(stock=_products.c.stock + bindparam("b_delta"))
)
_SERVICES = select(Service.__table__.c.id, Service.__table__.c.material_cost).where(
    Service.__table__.c.id.in_(bindparam("b_ids", expanding=True))
)
_PRODUCTS = select(_products.c.id, _products.c.name, _products.c.stock, _products.c.cost).where(
    _products.c.id.in_(bindparam("b_ids", expanding=True))
)
_RATES = select(StaffCommission.__table__).where(
    StaffCommission.__table__.c.staff_id.in_(bindparam("b_ids", expanding=True))
)
_DROP_TICKET = delete(OpenTicket.__table__).where(
    OpenTicket.__table__.c.uuid == bindparam("b_uuid")
)


class SalesService(Corrections):
    def __init__(
        self,
        sm: sessionmaker[Session],
        settings: Callable[[], SalonSettings],
        today: Callable[[], dt.date] = dt.date.today,
        now: Callable[[], dt.datetime] = utcnow,
    ):
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
            conn.execute(
                _INSERT[ReceiptCounter], {"series": series, "year": year, "last_number": 1}
            )
            n = 1
        return n

    def _insert_sale(self, conn: Connection, series: str, day: dt.date, values: dict) -> tuple:
        year = calendar_year(day, self._settings().uses_jalali())
        number = self._next_number(conn, series, year)
        no = receipt_text(series, year, number)
        sale_id = conn.execute(
            _INSERT_SALE,
            dict(
                series=series,
                year=year,
                number=number,
                receipt_no=no,
                business_date=day,
                posted_at=self._now(),
                **values,
            ),
        ).scalar_one()
        return sale_id, no

    # -- posting -------------------------------------------------------------------
    def post(
        self, ticket: TicketDraft, actor_id: int | None = None, allow_out_of_stock: bool = False
    ) -> Posted:
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
            services = (
                {r.id: r for r in conn.execute(_SERVICES, {"b_ids": list(svc_ids)})}
                if svc_ids
                else {}
            )
            products = (
                {r.id: r for r in conn.execute(_PRODUCTS, {"b_ids": list(prod_ids)})}
                if prod_ids
                else {}
            )
            staff_ids = {ln.staff_id for ln in ticket.lines if ln.staff_id}
            rates = (
                {r.staff_id: r for r in conn.execute(_RATES, {"b_ids": list(staff_ids)})}
                if staff_ids
                else {}
            )
            wanted: dict[int, int] = {}
            for i, ln in enumerate(ticket.lines):
                if ln.service_id and ln.service_id not in services:
                    errors.add(f"lines.{i}", N_("This service is no longer in the price list."))
                if ln.kind is LineKind.PRODUCT:
                    if ln.product_id not in products:
                        errors.add(f"lines.{i}", N_("This product is no longer on the shelf."))
                    else:
                        wanted[ln.product_id] = wanted.get(ln.product_id, 0) + ln.qty
            vouchers_sold = [
                normalise_code(ln.voucher_code)
                for ln in ticket.lines
                if ln.kind is LineKind.VOUCHER
            ]
            if vouchers_sold:
                taken = set(
                    conn.execute(
                        select(GiftVoucher.code).where(GiftVoucher.code.in_(vouchers_sold))
                    ).scalars()
                )
                for i, ln in enumerate(ticket.lines):
                    if ln.kind is LineKind.VOUCHER and normalise_code(ln.voucher_code) in taken:
                        errors.add(f"lines.{i}", N_("A voucher with this code already exists."))
                if len(set(vouchers_sold)) != len(vouchers_sold):
                    errors.add("lines", N_("A voucher with this code already exists."))
            redeem: list[tuple[int, int]] = []
            for i, p in enumerate(ticket.payments):
                if p.method is not PayMethod.VOUCHER:
                    continue
                v = conn.execute(
                    select(GiftVoucher.id, GiftVoucher.balance, GiftVoucher.expires_on).where(
                        GiftVoucher.code == normalise_code(p.voucher_code)
                    )
                ).first()
                if v is None:
                    errors.add(f"payments.{i}", N_("No gift voucher has this code."))
                elif v.expires_on is not None and v.expires_on < day:
                    errors.add(
                        f"payments.{i}", N_("This gift voucher expired on {day}."), day=v.expires_on
                    )
                elif v.balance - sum(a for vid, a in redeem if vid == v.id) < p.amount:
                    errors.add(
                        f"payments.{i}",
                        N_("The voucher has only {balance_amount} left."),
                        balance_amount=v.balance,
                    )
                else:
                    redeem.append((v.id, p.amount))
            errors.raise_if_any()
            short = [
                (products[pid].name, products[pid].stock, n)
                for pid, n in wanted.items()
                if products[pid].stock < n
            ]
            if short and not allow_oos:
                raise OutOfStock(short)

            sale_id, no = self._insert_sale(
                conn,
                SALES,
                day,
                dict(
                    uuid=ticket.uuid,
                    kind=SaleKind.SALE.value,
                    client_id=ticket.client_id,
                    staff_id=actor_id,
                    reason="",
                    currency=cfg.currency,
                    net_pricing=cfg.net_pricing,
                    subtotal=totals.subtotal,
                    discount=totals.discount,
                    discount_reason=ticket.discount.reason if ticket.discount else "",
                    net=totals.net,
                    tax=totals.tax,
                    total=totals.total,
                    tips=totals.tips,
                    change_given=totals.change,
                    note=ticket.note,
                    buyer_name=ticket.invoice.name if ticket.invoice else "",
                    buyer_tax_id=ticket.invoice.tax_id if ticket.invoice else "",
                    buyer_address=ticket.invoice.address if ticket.invoice else "",
                ),
            )
            now = self._now()
            voucher_ids: dict[str, int] = {}
            vmoves = []  # voucher movements: sold here, then redeemed here
            for ln in ticket.lines:
                if ln.kind is LineKind.VOUCHER:
                    code = normalise_code(ln.voucher_code)
                    vid = conn.execute(
                        insert(GiftVoucher)
                        .values(
                            code=code,
                            initial_value=ln.unit_price,
                            balance=ln.unit_price,
                            expires_on=ln.expires_on or _voucher_expiry(day),
                            sold_sale_id=sale_id,
                            client_id=ticket.client_id,
                            created_at=now,
                            version=1,
                        )
                        .returning(GiftVoucher.id)
                    ).scalar_one()
                    voucher_ids[code] = vid
                    vmoves.append(
                        dict(voucher_id=vid, sale_id=sale_id, at=now, amount=ln.unit_price)
                    )
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
                rows.append(
                    dict(
                        sale_id=sale_id,
                        position=pos,
                        kind=ln.kind.value,
                        description=ln.description.strip(),
                        service_id=ln.service_id,
                        product_id=ln.product_id,
                        voucher_id=voucher_ids.get(normalise_code(ln.voucher_code)),
                        staff_id=ln.staff_id,
                        qty=ln.qty,
                        unit_price=ln.unit_price,
                        tax_rate_bp=ln.tax_rate_bp
                        if ln.kind in (LineKind.SERVICE, LineKind.PRODUCT)
                        else 0,
                        amount=lt.amount,
                        line_discount=lt.line_discount,
                        ticket_discount=lt.ticket_discount,
                        discount_reason=ln.discount.reason if ln.discount else "",
                        net=lt.net,
                        tax=lt.tax,
                        total=lt.total,
                        cost=cost,
                        commission=percent_of(lt.net, bp, q),
                        original_line_id=None,
                    )
                )
            conn.execute(_INSERT[SaleLine], rows)
            pay_rows = []
            redeem_iter = iter(redeem)
            for p in ticket.payments:
                vid = next(redeem_iter)[0] if p.method is PayMethod.VOUCHER else None
                pay_rows.append(
                    dict(
                        sale_id=sale_id,
                        method=p.method.value,
                        amount=p.amount,
                        tendered=p.tendered if p.method is PayMethod.CASH else 0,
                        voucher_id=vid,
                    )
                )
            if pay_rows:
                conn.execute(_INSERT[SalePayment], pay_rows)
            tips = [
                dict(sale_id=sale_id, staff_id=t.staff_id, amount=t.amount)
                for t in ticket.tips
                if t.amount
            ]
            if tips:
                conn.execute(_INSERT[SaleTip], tips)
            self._stock(
                conn,
                sale_id,
                {pid: -n for pid, n in wanted.items()},
                {pid: products[pid].cost for pid in wanted},
                "sale",
                actor_id,
            )
            for vid, amount in redeem:
                vmoves.append(dict(voucher_id=vid, sale_id=sale_id, at=now, amount=-amount))
                conn.execute(
                    update(GiftVoucher)
                    .where(GiftVoucher.id == vid)
                    .values(balance=GiftVoucher.balance - amount, version=GiftVoucher.version + 1)
                )
            if vmoves:
                conn.execute(_INSERT[VoucherMovement], vmoves)
            entries = [
                dict(client_id=ticket.client_id, sale_id=sale_id, at=now, amount=lt.total, note="")
                for ln, lt in zip(ticket.lines, totals.lines, strict=True)
                if ln.kind is LineKind.ACCOUNT
            ]
            entries += [
                dict(client_id=ticket.client_id, sale_id=sale_id, at=now, amount=-p.amount, note="")
                for p in ticket.payments
                if p.method is PayMethod.ACCOUNT
            ]
            if entries:
                conn.execute(_INSERT[AccountEntry], entries)
            conn.execute(_DROP_TICKET, {"b_uuid": ticket.uuid})
            return Posted(sale_id, no, totals.total, totals.change)

    def _stock(
        self,
        conn,
        sale_id: int,
        deltas: dict[int, int],
        costs: dict[int, int],
        kind: str,
        actor_id: int | None,
    ) -> None:
        deltas = {pid: n for pid, n in deltas.items() if n}
        if not deltas:
            return
        now = self._now()
        conn.execute(
            _INSERT[StockMovement],
            [
                dict(
                    product_id=pid,
                    at=now,
                    qty=n,
                    kind=kind,
                    reason="",
                    sale_id=sale_id,
                    staff_id=actor_id,
                    unit_cost=costs.get(pid, 0),
                )
                for pid, n in deltas.items()
            ],
        )
        conn.execute(_ADD_STOCK, [{"b_id": pid, "b_delta": n} for pid, n in deltas.items()])

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
