"""The rows a sale, a void or a refund writes: one source of truth.

Pure functions from a ticket (or a posted sale) to plain rows (``dict`` of
column name to value, one per table row), with no database: the till
(``services.sales``), the corrections (``services.corrections``) and the demo's
bulk writer (``demo.sales``) all build their rows here and differ only in how
they write them and where ids come from (the database's ``RETURNING`` for the
till, a counter for the bulk writer).

A posting is built in two steps because its children refer to ids the writer
gives out: the ``sales`` row first (``sale_header`` / ``correction_header``),
then, with the sale's id, the rest (``sale_rows`` / ``correction_rows``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from salon_desktop.domain.money import percent_of
from salon_desktop.domain.sale import (
    LineKind,
    PayMethod,
    SaleKind,
    TicketDraft,
    TicketTotals,
    refund_share,
)

Row = dict[str, Any]

SALES, CORRECTIONS = "S", "C"  # receipt series


def normalise_code(code: str) -> str:
    """A voucher code as stored: no spaces, upper case."""
    return "".join(code.split()).upper()


def receipt_text(series: str, year: int, number: int) -> str:
    return f"{'' if series == SALES else series}{year}/{number:05d}"


def calendar_year(day: dt.date, jalali: bool) -> int:
    """The receipt year of ``day``: Gregorian, or Jalali in a Persian salon."""
    if not jalali:
        return day.year
    from persiantools.jdatetime import JalaliDate

    return JalaliDate(day).year


def voucher_expiry(day: dt.date) -> dt.date:
    """Vouchers are valid a year by default."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day + dt.timedelta(days=365)


@dataclass(frozen=True)
class Receipt:
    series: str
    year: int
    number: int

    @property
    def text(self) -> str:
        return receipt_text(self.series, self.year, self.number)


@dataclass(frozen=True)
class Stamp:
    """When and by whom: the business day, the UTC clock on the rows, the staff member."""

    day: dt.date
    at: dt.datetime
    actor: int | None


@dataclass(frozen=True)
class Facts:
    """What posting a ticket reads from the catalog: frozen into the rows."""

    material_cost: Mapping[int, int]  # service id -> material cost of one
    product_cost: Mapping[int, int]  # product id -> unit cost
    rates: Mapping[int, tuple[int, int]]  # staff id -> (service bp, product bp) of commission


@dataclass
class Rows:
    """Everything a posting writes below its ``sales`` row, in writing order, and
    the changes to the ordinary (not append-only) columns it implies."""

    lines: list[Row] = field(default_factory=list)
    payments: list[Row] = field(default_factory=list)
    tips: list[Row] = field(default_factory=list)
    stock_moves: list[Row] = field(default_factory=list)
    voucher_moves: list[Row] = field(default_factory=list)
    account: list[Row] = field(default_factory=list)
    stock_deltas: dict[int, int] = field(default_factory=dict)  # product id -> change
    voucher_deltas: list[tuple[int, int]] = field(default_factory=list)  # (voucher id, change)


# -- a sale ---------------------------------------------------------------------------


def sale_header(
    ticket: TicketDraft,
    totals: TicketTotals,
    *,
    currency: str,
    net_pricing: bool,
    receipt: Receipt,
    stamp: Stamp,
) -> Row:
    """The ``sales`` row of a ticket (without its id)."""
    inv = ticket.invoice
    return dict(
        uuid=ticket.uuid,
        kind=SaleKind.SALE.value,
        series=receipt.series,
        year=receipt.year,
        number=receipt.number,
        receipt_no=receipt.text,
        business_date=stamp.day,
        posted_at=stamp.at,
        client_id=ticket.client_id,
        staff_id=stamp.actor,
        original_sale_id=None,
        reason="",
        currency=currency,
        net_pricing=net_pricing,
        subtotal=totals.subtotal,
        discount=totals.discount,
        discount_reason=ticket.discount.reason if ticket.discount else "",
        net=totals.net,
        tax=totals.tax,
        total=totals.total,
        tips=totals.tips,
        change_given=totals.change,
        note=ticket.note,
        buyer_name=inv.name if inv else "",
        buyer_tax_id=inv.tax_id if inv else "",
        buyer_address=inv.address if inv else "",
    )


def sold_vouchers(ticket: TicketDraft, *, sale_id: int, stamp: Stamp) -> list[Row]:
    """The ``gift_vouchers`` rows of the vouchers the ticket sells (without ids), in line order."""
    return [
        dict(
            code=normalise_code(ln.voucher_code),
            initial_value=ln.unit_price,
            balance=ln.unit_price,
            expires_on=ln.expires_on or voucher_expiry(stamp.day),
            sold_sale_id=sale_id,
            client_id=ticket.client_id,
            created_at=stamp.at,
            version=1,
        )
        for ln in ticket.lines
        if ln.kind is LineKind.VOUCHER
    ]


def products_wanted(ticket: TicketDraft) -> dict[int, int]:
    """Product id -> quantity on the ticket, in the order first rung up."""
    wanted: dict[int, int] = {}
    for ln in ticket.lines:
        if ln.kind is LineKind.PRODUCT and ln.product_id is not None:
            wanted[ln.product_id] = wanted.get(ln.product_id, 0) + ln.qty
    return wanted


def sale_rows(
    ticket: TicketDraft,
    totals: TicketTotals,
    facts: Facts,
    *,
    sale_id: int,
    voucher_ids: Mapping[str, int],
    redeemed: Sequence[int],
    q: int,
    stamp: Stamp,
) -> Rows:
    """The rows below the sale ``sale_id``. ``voucher_ids``: code -> id of each voucher
    sold on it; ``redeemed``: the voucher id of each voucher payment, in order."""
    at, actor = stamp.at, stamp.actor
    out = Rows()
    for pos, (ln, lt) in enumerate(zip(ticket.lines, totals.lines, strict=True)):
        kind = ln.kind
        rate = facts.rates.get(ln.staff_id) if ln.staff_id is not None else None
        if kind is LineKind.SERVICE:
            cost = facts.material_cost[ln.service_id] * ln.qty if ln.service_id else 0
            bp = rate[0] if rate else 0
        elif kind is LineKind.PRODUCT:
            assert ln.product_id is not None
            cost = facts.product_cost[ln.product_id] * ln.qty
            bp = rate[1] if rate else 0
        else:
            cost, bp = 0, 0
        taxed = kind is LineKind.SERVICE or kind is LineKind.PRODUCT
        out.lines.append(
            dict(
                sale_id=sale_id,
                position=pos,
                kind=kind.value,
                description=ln.description.strip(),
                service_id=ln.service_id,
                product_id=ln.product_id,
                voucher_id=voucher_ids.get(normalise_code(ln.voucher_code))
                if kind is LineKind.VOUCHER
                else None,
                staff_id=ln.staff_id,
                qty=ln.qty,
                unit_price=ln.unit_price,
                tax_rate_bp=ln.tax_rate_bp if taxed else 0,
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
    redeem = iter(redeemed)
    redeemed_now: list[tuple[int, int]] = []
    for p in ticket.payments:
        vid = None
        if p.method is PayMethod.VOUCHER:
            vid = next(redeem)
            redeemed_now.append((vid, p.amount))
        out.payments.append(
            dict(
                sale_id=sale_id,
                method=p.method.value,
                amount=p.amount,
                tendered=p.tendered if p.method is PayMethod.CASH else 0,
                voucher_id=vid,
            )
        )
    out.tips = [
        dict(sale_id=sale_id, staff_id=t.staff_id, amount=t.amount) for t in ticket.tips if t.amount
    ]
    wanted = products_wanted(ticket)
    _stock(out, sale_id, {pid: -n for pid, n in wanted.items()}, facts.product_cost, "sale", stamp)
    for ln in ticket.lines:
        if ln.kind is LineKind.VOUCHER:
            out.voucher_moves.append(
                dict(
                    voucher_id=voucher_ids[normalise_code(ln.voucher_code)],
                    sale_id=sale_id,
                    at=at,
                    amount=ln.unit_price,
                )
            )
    for vid, amount in redeemed_now:
        out.voucher_moves.append(dict(voucher_id=vid, sale_id=sale_id, at=at, amount=-amount))
        out.voucher_deltas.append((vid, -amount))
    client = ticket.client_id
    out.account = [
        dict(client_id=client, sale_id=sale_id, at=at, amount=lt.total, note="")
        for ln, lt in zip(ticket.lines, totals.lines, strict=True)
        if ln.kind is LineKind.ACCOUNT
    ]
    out.account += [
        dict(client_id=client, sale_id=sale_id, at=at, amount=-p.amount, note="")
        for p in ticket.payments
        if p.method is PayMethod.ACCOUNT
    ]
    del actor
    return out


def _stock(
    out: Rows,
    sale_id: int,
    deltas: Mapping[int, int],
    costs: Mapping[int, int],
    kind: str,
    stamp: Stamp,
) -> None:
    for pid, n in deltas.items():
        if not n:
            continue
        out.stock_deltas[pid] = out.stock_deltas.get(pid, 0) + n
        out.stock_moves.append(
            dict(
                product_id=pid,
                at=stamp.at,
                qty=n,
                kind=kind,
                reason="",
                sale_id=sale_id,
                staff_id=stamp.actor,
                unit_cost=costs.get(pid, 0),
            )
        )


# -- a void or a refund ---------------------------------------------------------------

# The money columns of a line given back in proportion (``refund_share``), in this order.
SHARED = ("total", "tax", "line_discount", "ticket_discount", "commission", "amount", "cost")


def correction_lines(
    lines: Sequence[Mapping[str, Any]],
    take: Mapping[int, int],
    q: int,
    done_qty: Mapping[int, int] | None = None,
    done: Mapping[int, Sequence[int]] | None = None,
) -> list[Row]:
    """The ``sale_lines`` rows (without ``sale_id``) giving back ``take`` (line id ->
    quantity) of the posted ``lines``. ``done_qty`` / ``done``: per line id, the
    quantity and the ``SHARED`` amounts already given back by earlier refunds."""
    done_qty, done = done_qty or {}, done or {}
    rows: list[Row] = []
    for ln in lines:
        lid = ln["id"]
        if lid not in take:
            continue
        qty = take[lid]
        dq = done_qty.get(lid, 0)
        already = done.get(lid) or (0,) * len(SHARED)
        total, tax, ldisc, tdisc, comm, amount, cost = (
            refund_share(ln[f], ln["qty"], dq, qty, d, q)
            for f, d in zip(SHARED, already, strict=True)
        )
        rows.append(
            dict(
                position=len(rows),
                kind=ln["kind"],
                description=ln["description"],
                service_id=ln["service_id"],
                product_id=ln["product_id"],
                voucher_id=ln["voucher_id"],
                staff_id=ln["staff_id"],
                qty=-qty,
                unit_price=ln["unit_price"],
                tax_rate_bp=ln["tax_rate_bp"],
                amount=-amount,
                line_discount=-ldisc,
                ticket_discount=-tdisc,
                discount_reason=ln["discount_reason"],
                net=-(total - tax),
                tax=-tax,
                total=-total,
                cost=-cost,
                commission=-comm,
                original_line_id=lid,
            )
        )
    return rows


def correction_payments(
    lines: Sequence[Row],
    payments: Sequence[Mapping[str, Any]],
    method: PayMethod | None,
) -> list[Row]:
    """What is paid back (without ``sale_id``): a void gives back every payment of the
    sale, a refund its total by ``method``. Zero amounts are left out."""
    if method is None:
        pays = [
            dict(method=p["method"], amount=-p["amount"], tendered=0, voucher_id=p["voucher_id"])
            for p in payments
        ]
    else:
        total = sum(r["total"] for r in lines)
        pays = [dict(method=method.value, amount=total, tendered=0, voucher_id=None)]
    return [p for p in pays if p["amount"]]


def correction_header(
    original: Mapping[str, Any],
    lines: Sequence[Row],
    *,
    void: bool,
    uuid: str,
    reason: str,
    receipt: Receipt,
    stamp: Stamp,
) -> Row:
    """The ``sales`` row (without its id) of a void (``void``) or a refund of
    ``lines`` (from ``correction_lines``) of the sale ``original``."""
    return dict(
        uuid=uuid,
        kind=(SaleKind.VOID if void else SaleKind.REFUND).value,
        series=receipt.series,
        year=receipt.year,
        number=receipt.number,
        receipt_no=receipt.text,
        business_date=stamp.day,
        posted_at=stamp.at,
        client_id=original["client_id"],
        staff_id=stamp.actor,
        original_sale_id=original["id"],
        reason=reason,
        currency=original["currency"],
        net_pricing=original["net_pricing"],
        subtotal=sum(r["amount"] for r in lines),
        discount=sum(r["line_discount"] + r["ticket_discount"] for r in lines),
        discount_reason="",
        net=sum(r["net"] for r in lines),
        tax=sum(r["tax"] for r in lines),
        total=sum(r["total"] for r in lines),
        tips=-original["tips"] if void else 0,
        change_given=0,
        note="",
        buyer_name=original["buyer_name"],
        buyer_tax_id=original["buyer_tax_id"],
        buyer_address=original["buyer_address"],
    )


def correction_rows(
    original: Mapping[str, Any],
    original_lines: Sequence[Mapping[str, Any]],
    lines: Sequence[Row],
    payments: Sequence[Row],
    tips: Sequence[Mapping[str, Any]],
    *,
    sale_id: int,
    void: bool,
    reason: str,
    stamp: Stamp,
) -> Rows:
    """The rows below the correction ``sale_id``: its ``lines`` and ``payments`` (from
    ``correction_lines`` / ``correction_payments``), the tips given back by a void
    (``tips``: the sale's), stock back on the shelf, vouchers and account balances."""
    at = stamp.at
    out = Rows(
        lines=[dict(r, sale_id=sale_id) for r in lines],
        payments=[dict(p, sale_id=sale_id) for p in payments],
        tips=[dict(staff_id=t["staff_id"], amount=-t["amount"], sale_id=sale_id) for t in tips]
        if void
        else [],
    )
    by_id = {ln["id"]: ln for ln in original_lines}
    stock: dict[int, int] = {}
    costs: dict[int, int] = {}
    for r in lines:
        if r["product_id"] and r["kind"] == LineKind.PRODUCT.value:
            ln = by_id[r["original_line_id"]]
            stock[r["product_id"]] = stock.get(r["product_id"], 0) - r["qty"]
            costs[r["product_id"]] = ln["cost"] // max(1, ln["qty"])
    _stock(out, sale_id, stock, costs, "return", stamp)
    for p in out.payments:
        if p["method"] == PayMethod.VOUCHER.value and p["voucher_id"]:
            out.voucher_moves.append(
                dict(voucher_id=p["voucher_id"], sale_id=sale_id, at=at, amount=-p["amount"])
            )
            out.voucher_deltas.append((p["voucher_id"], -p["amount"]))
    for r in out.lines:
        # The voucher's value is taken back (its amount: a voucher given at zero for a
        # complaint has a total of nothing and the value all the same).
        if r["kind"] == LineKind.VOUCHER.value and r["voucher_id"]:
            out.voucher_moves.append(
                dict(voucher_id=r["voucher_id"], sale_id=sale_id, at=at, amount=r["amount"])
            )
            out.voucher_deltas.append((r["voucher_id"], r["amount"]))
    client = original["client_id"]
    out.account = [
        dict(client_id=client, sale_id=sale_id, at=at, amount=r["total"], note=reason)
        for r in out.lines
        if r["kind"] == LineKind.ACCOUNT.value
    ]
    out.account += [
        dict(client_id=client, sale_id=sale_id, at=at, amount=-p["amount"], note=reason)
        for p in out.payments
        if p["method"] == PayMethod.ACCOUNT.value and p["amount"]
    ]
    return out
