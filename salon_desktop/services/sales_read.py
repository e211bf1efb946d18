"""Reading posted money: a sale for its receipt, a client's visits and figures,
the account statement, gift voucher balances, the sales of a day."""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session, sessionmaker

from salon_desktop.db.models import (
    AccountEntry,
    Client,
    ColourFormula,
    GiftVoucher,
    Sale,
    SaleLine,
    SalePayment,
    SaleTip,
    Service,
    Staff,
    VoucherMovement,
)
from salon_desktop.domain.sale import LineDraft, LineKind, SaleKind
from salon_desktop.domain.text import ascii_digits
from salon_desktop.domain.views import (
    AccountStatement,
    ClientFigures,
    PaymentView,
    SaleLineView,
    SaleView,
    StatementEntry,
    TipView,
    VisitRow,
    VoucherView,
)
from salon_desktop.services.sales import merged_family, money_sum, normalise_code

_S, _L = Sale.__table__, SaleLine.__table__
# The client file's history, built once (see SalesReader.history).
_HISTORY = (
    select(
        _S.c.id,
        _S.c.business_date,
        _S.c.receipt_no,
        _S.c.kind,
        _S.c.total,
        _S.c.note,
        _S.c.original_sale_id,
        _S.c.reason,
        _L.c.kind,
        _L.c.description,
        _L.c.staff_id,
        _L.c.total,
        _L.c.qty,
    )
    .select_from(_S.outerjoin(_L, _L.c.sale_id == _S.c.id))
    .where(_S.c.client_id.in_(bindparam("ids", expanding=True)))
    .order_by(_S.c.posted_at.desc(), _S.c.id.desc(), _L.c.position)
)
_STAFF_NAMES = select(Staff.__table__.c.id, Staff.__table__.c.name)
_FORMULAS = select(ColourFormula.__table__.c.applied_on, ColourFormula.__table__.c.formula).where(
    ColourFormula.__table__.c.client_id.in_(bindparam("ids", expanding=True))
)
_BALANCE = select(money_sum(AccountEntry.__table__.c.amount)).where(
    AccountEntry.__table__.c.client_id.in_(bindparam("ids", expanding=True))
)


_GIVEN_BACK = (
    select(_L.c.original_line_id, func.sum(_L.c.qty))
    .join(_S, _S.c.id == _L.c.sale_id)
    .where(_S.c.original_sale_id == bindparam("sale_id"))
    .group_by(_L.c.original_line_id)
)


def _given_back(conn, sale_id: int) -> dict[int, int]:
    """line id -> quantity given back by the sale's refunds and void (negative)."""
    return dict(conn.execute(_GIVEN_BACK, {"sale_id": sale_id}).all())


_SERVICE = LineKind.SERVICE.value
_BOUGHT = (LineKind.SERVICE.value, LineKind.PRODUCT.value)


class _SaleRow(NamedTuple):
    id: int
    business_date: dt.date
    receipt_no: str
    kind: str
    total: int
    note: str
    original_sale_id: int | None
    reason: str


def local(at: dt.datetime) -> dt.datetime:
    """A stored UTC time as this PC's local time."""
    return at.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def client_display(first: str, last: str) -> str:
    return f"{first} {last}".strip()


@dataclass(frozen=True)
class SaleRow:
    """A line in a list of sales (the day's sales, a search by receipt)."""

    id: int
    receipt_no: str
    kind: str
    posted_at: dt.datetime
    client_name: str
    total: int
    voided: bool


class SalesReader:
    def __init__(self, sm: sessionmaker[Session], today: Callable[[], dt.date] = dt.date.today):
        self._sm = sm
        self._today = today

    # -- one sale ----------------------------------------------------------------
    def get(self, sale_id: int) -> SaleView | None:
        with self._sm() as s:
            sale = s.get(Sale, sale_id)
            return self._view(s, sale) if sale else None

    def by_receipt(self, receipt_no: str) -> SaleView | None:
        """The sale with this receipt number, typed as printed or loosely: in any
        digit script, without the leading zeros, with - or . for the slash."""
        no = "".join(ascii_digits(receipt_no).split()).upper()
        m = re.fullmatch(r"([A-Z]?)(\d{4})[/.\-](\d{1,9})", no)
        if m:
            no = f"{m[1]}{m[2]}/{int(m[3]):05d}"
        with self._sm() as s:
            sale = s.scalars(select(Sale).where(Sale.receipt_no == no)).first()
            return self._view(s, sale) if sale else None

    def by_uuid(self, uuid: str) -> SaleView | None:
        with self._sm() as s:
            sale = s.scalars(select(Sale).where(Sale.uuid == uuid)).first()
            return self._view(s, sale) if sale else None

    def _view(self, s: Session, sale: Sale) -> SaleView:
        names: dict[int | None, str] = {i: n for i, n in s.execute(select(Staff.id, Staff.name))}
        client = s.get(Client, sale.client_id) if sale.client_id else None
        vcodes: dict[int | None, str] = {}
        lines = s.scalars(
            select(SaleLine).where(SaleLine.sale_id == sale.id).order_by(SaleLine.position)
        ).all()
        pays = s.scalars(
            select(SalePayment).where(SalePayment.sale_id == sale.id).order_by(SalePayment.id)
        ).all()
        vids = {ln.voucher_id for ln in lines if ln.voucher_id} | {
            p.voucher_id for p in pays if p.voucher_id
        }
        if vids:
            vcodes = {
                i: c
                for i, c in s.execute(
                    select(GiftVoucher.id, GiftVoucher.code).where(GiftVoucher.id.in_(vids))
                )
            }
        tips = s.scalars(select(SaleTip).where(SaleTip.sale_id == sale.id)).all()
        orig_no = ""
        if sale.original_sale_id:
            orig_no = (
                s.scalar(select(Sale.receipt_no).where(Sale.id == sale.original_sale_id)) or ""
            )
        corrections = tuple(
            (kind, no)
            for kind, no in s.execute(
                select(Sale.kind, Sale.receipt_no)
                .where(Sale.original_sale_id == sale.id)
                .order_by(Sale.id)
            ).all()
        )
        return SaleView(
            id=sale.id,
            uuid=sale.uuid,
            kind=sale.kind,
            receipt_no=sale.receipt_no,
            business_date=sale.business_date,
            posted_at=local(sale.posted_at),
            currency=sale.currency,
            subtotal=sale.subtotal,
            discount=sale.discount,
            net=sale.net,
            tax=sale.tax,
            total=sale.total,
            tips=sale.tips,
            change_given=sale.change_given,
            net_pricing=sale.net_pricing,
            discount_reason=sale.discount_reason,
            client_id=sale.client_id,
            client_name=client_display(client.first_name, client.last_name) if client else "",
            client_number=client.number if client else None,
            staff_name=names.get(sale.staff_id, ""),
            original_sale_id=sale.original_sale_id,
            original_receipt_no=orig_no or "",
            reason=sale.reason,
            note=sale.note,
            buyer_name=sale.buyer_name,
            buyer_tax_id=sale.buyer_tax_id,
            buyer_address=sale.buyer_address,
            lines=tuple(
                SaleLineView(
                    id=ln.id,
                    position=ln.position,
                    kind=ln.kind,
                    description=ln.description,
                    staff_name=names.get(ln.staff_id, ""),
                    qty=ln.qty,
                    unit_price=ln.unit_price,
                    tax_rate_bp=ln.tax_rate_bp,
                    amount=ln.amount,
                    line_discount=ln.line_discount,
                    ticket_discount=ln.ticket_discount,
                    discount_reason=ln.discount_reason,
                    net=ln.net,
                    tax=ln.tax,
                    total=ln.total,
                    original_line_id=ln.original_line_id,
                    staff_id=ln.staff_id,
                    service_id=ln.service_id,
                    product_id=ln.product_id,
                    voucher_code=vcodes.get(ln.voucher_id, ""),
                )
                for ln in lines
            ),
            payments=tuple(
                PaymentView(p.method, p.amount, p.tendered, vcodes.get(p.voucher_id, ""))
                for p in pays
            ),
            tip_lines=tuple(TipView(t.staff_id, names.get(t.staff_id, ""), t.amount) for t in tips),
            corrections=corrections,
        )

    def row(self, sale_id: int) -> SaleRow | None:
        """One sale as a line of a list of sales."""
        v = self.get(sale_id)
        return (
            None
            if v is None
            else SaleRow(v.id, v.receipt_no, v.kind, v.posted_at, v.client_name, v.total, v.voided)
        )

    def refundable(self, sale_id: int) -> dict[int, int]:
        """line id -> quantity that can still be given back."""
        with self._sm() as s:
            lines = s.execute(
                select(SaleLine.id, SaleLine.qty, SaleLine.kind).where(SaleLine.sale_id == sale_id)
            ).all()
            back = _given_back(s.connection(), sale_id)
        return {
            lid: qty + (back.get(lid) or 0)
            for lid, qty, kind in lines
            if kind in (LineKind.SERVICE.value, LineKind.PRODUCT.value)
        }

    def day_sales(self, day: dt.date | None = None) -> list[SaleRow]:
        day = day or self._today()
        with self._sm() as s:
            voided = set(
                s.scalars(
                    select(Sale.original_sale_id).where(
                        Sale.kind == SaleKind.VOID.value, Sale.business_date >= day
                    )
                )
            )
            rows = s.execute(
                select(
                    Sale.id,
                    Sale.receipt_no,
                    Sale.kind,
                    Sale.posted_at,
                    Client.first_name,
                    Client.last_name,
                    Sale.total,
                )
                .outerjoin(Client, Client.id == Sale.client_id)
                .where(Sale.business_date == day)
                .order_by(Sale.id.desc())
            ).all()
        return [
            SaleRow(
                r[0],
                r[1],
                r[2],
                local(r[3]),
                client_display(r[4], r[5]) if r[4] is not None else "",
                r[6],
                r[0] in voided,
            )
            for r in rows
        ]

    # -- the client file -----------------------------------------------------------
    def history(self, client_id: int) -> tuple[list[VisitRow], ClientFigures]:
        """The client's visits newest first (files merged into it included) and figures.

        One query for the sales with their lines (a statement built once), then the
        formulas and the balance: the client file opens in a few milliseconds even
        with hundreds of visits among millions (benchmarks/checkout.py).
        """
        with self._sm() as s:
            conn = s.connection()
            ids = merged_family(conn, client_id)
            names = dict(conn.execute(_STAFF_NAMES).all())
            sales: list = []
            lines: dict[int, list] = {}
            last = None
            for r in conn.execute(_HISTORY, {"ids": ids}).all():
                if r[0] != last:
                    sales.append(_SaleRow(*r[:8]))
                    lines[r[0]] = []
                    last = r[0]
                if r[8] is not None:  # a sale without lines has one row of NULLs
                    lines[r[0]].append((r[0], r[8], r[9], names.get(r[10]), r[11], r[12]))
            formulas: dict[dt.date, str] = {}
            for d, f in conn.execute(_FORMULAS, {"ids": ids}):
                formulas[d] = f if d not in formulas else formulas[d] + "; " + f
            balance = conn.execute(_BALANCE, {"ids": ids}).scalar() or 0
        corrected = {r.original_sale_id for r in sales if r.original_sale_id}
        # What the client bought: services and products, less what corrections gave
        # back. Money paid into the account or for a gift voucher is not spent yet (it
        # would count twice once the account or the voucher pays for a visit).
        bought = _BOUGHT
        net_by_sale: dict[int, int] = {r.id: 0 for r in sales if r.kind == "sale"}
        qty_by_sale: dict[int, int] = dict(net_by_sale)
        for r in sales:
            key = r.id if r.kind == "sale" else r.original_sale_id
            if key in net_by_sale:
                for x in lines.get(r.id, []):
                    if x[1] in bought:
                        net_by_sale[key] += x[4]
                        qty_by_sale[key] += x[5]
        visits = []
        for r in sales:
            ls = lines.get(r.id, [])
            svc = [x[2] for x in ls if x[1] == _SERVICE]
            prod = [x[2] for x in ls if x[1] != _SERVICE]
            staff = list(dict.fromkeys(x[3] for x in ls if x[3]))
            visits.append(
                VisitRow(
                    sale_id=r.id,
                    business_date=r.business_date,
                    receipt_no=r.receipt_no,
                    kind=r.kind,
                    services=tuple(svc),
                    staff=tuple(staff),
                    products=tuple(prod),
                    total=r.total,
                    note=r.note,
                    formula=formulas.get(r.business_date, "") if r.kind == "sale" else "",
                    corrected=r.id in corrected,
                    original_sale_id=r.original_sale_id,
                    reason=r.reason or "",
                )
            )
        # A visit counts when something of it is left after corrections.
        days = sorted(
            {r.business_date for r in sales if r.kind == "sale" and qty_by_sale.get(r.id, 0) > 0}
        )
        spent = sum(v for v in net_by_sale.values() if v > 0)
        gaps = [(b - a).days for a, b in zip(days, days[1:], strict=False)]
        figures = ClientFigures(
            total_spent=spent,
            visits=len(days),
            average_ticket=spent // len(days) if days else 0,
            first_visit=days[0] if days else None,
            last_visit=days[-1] if days else None,
            usual_interval_days=int(statistics.median(gaps)) if gaps else None,
            account_balance=balance,
        )
        return visits, figures

    def last_visit_lines(self, client_id: int) -> list[LineDraft]:
        """The services of the client's previous visit, priced as today, for "Repeat last visit"."""
        with self._sm() as s:
            conn = s.connection()
            ids = merged_family(conn, client_id)
            voided = select(Sale.original_sale_id).where(
                Sale.kind == SaleKind.VOID.value, Sale.original_sale_id.is_not(None)
            )
            recent = (
                conn.execute(
                    select(Sale.id)
                    .join(SaleLine, SaleLine.sale_id == Sale.id)
                    .where(
                        Sale.client_id.in_(ids),
                        Sale.kind == SaleKind.SALE.value,
                        SaleLine.kind == LineKind.SERVICE.value,
                        Sale.id.not_in(voided),
                    )
                    .group_by(Sale.id, Sale.posted_at)
                    .order_by(Sale.posted_at.desc(), Sale.id.desc())
                    .limit(10)
                )
                .scalars()
                .all()
            )
            rows = []
            for sale_id in recent:  # the newest visit with a service not given back
                given_back = _given_back(conn, sale_id)
                rows = [
                    (r, r.qty + (given_back.get(r.id) or 0))
                    for r in conn.execute(
                        select(
                            SaleLine.service_id,
                            SaleLine.description,
                            SaleLine.staff_id,
                            SaleLine.qty,
                            SaleLine.unit_price,
                            SaleLine.tax_rate_bp,
                            Service.price,
                            Service.tax_rate_bp,
                            Service.name,
                            Service.active,
                            SaleLine.id,
                        )
                        .outerjoin(Service, Service.id == SaleLine.service_id)
                        .where(SaleLine.sale_id == sale_id, SaleLine.kind == LineKind.SERVICE.value)
                        .order_by(SaleLine.position)
                    ).all()
                ]
                rows = [(r, left) for r, left in rows if left > 0]
                if rows:
                    break
            if not rows:
                return []
            active_staff = set(
                conn.execute(select(Staff.id).where(Staff.active.is_(True))).scalars()
            )
        out = []
        for r, left in rows:
            current = r.service_id is not None and r.active
            out.append(
                LineDraft(
                    kind=LineKind.SERVICE,
                    description=r.name if current else r.description,
                    unit_price=r.price if current else r.unit_price,
                    qty=left,
                    tax_rate_bp=r[7] if current else r.tax_rate_bp,
                    staff_id=r.staff_id if r.staff_id in active_staff else None,
                    service_id=r.service_id if current else None,
                )
            )
        return out

    # -- the client's account ----------------------------------------------------------
    def balance(self, client_id: int) -> int:
        with self._sm() as s:
            ids = merged_family(s.connection(), client_id)
            return (
                s.scalar(
                    select(money_sum(AccountEntry.amount)).where(AccountEntry.client_id.in_(ids))
                )
                or 0
            )

    def statement(
        self,
        client_id: int,
        currency: str,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
    ) -> AccountStatement:
        with self._sm() as s:
            ids = merged_family(s.connection(), client_id)
            client = s.get_one(Client, client_id)
            rows = s.execute(
                select(
                    AccountEntry.at,
                    Sale.receipt_no,
                    Sale.kind,
                    AccountEntry.amount,
                    AccountEntry.note,
                )
                .outerjoin(Sale, Sale.id == AccountEntry.sale_id)
                .where(AccountEntry.client_id.in_(ids))
                .order_by(AccountEntry.at, AccountEntry.id)
            ).all()
        opening, running, entries = 0, 0, []
        for at, no, kind, amount, note in rows:
            day = local(at).date()
            if date_to and day > date_to:
                break
            running += amount
            if date_from and day < date_from:
                opening = running
                continue
            if kind in (SaleKind.VOID.value, SaleKind.REFUND.value):
                what = "correction"
            else:
                what, note = ("payment" if amount > 0 else "charge"), ""
            entries.append(StatementEntry(local(at), no or "", what, amount, running, note))
        return AccountStatement(
            client.id,
            client_display(client.first_name, client.last_name),
            client.number,
            currency,
            opening,
            tuple(entries),
            running,
            date_from,
            date_to,
        )

    # -- gift vouchers -------------------------------------------------------------------
    def voucher(self, code: str, currency: str) -> VoucherView | None:
        with self._sm() as s:
            v = s.scalars(
                select(GiftVoucher).where(GiftVoucher.code == normalise_code(code))
            ).first()
            if v is None:
                return None
            client = s.get(Client, v.client_id) if v.client_id else None
            sold = s.get(Sale, v.sold_sale_id) if v.sold_sale_id else None
            moves = s.execute(
                select(VoucherMovement.at, Sale.receipt_no, VoucherMovement.amount)
                .outerjoin(Sale, Sale.id == VoucherMovement.sale_id)
                .where(VoucherMovement.voucher_id == v.id)
                .order_by(VoucherMovement.id)
            ).all()
            return VoucherView(
                v.id,
                v.code,
                v.initial_value,
                v.balance,
                currency,
                v.expires_on,
                sold.business_date if sold else None,
                client_display(client.first_name, client.last_name) if client else "",
                sold.receipt_no if sold else "",
                tuple((local(at), no or "", amount) for at, no, amount in moves),
            )
