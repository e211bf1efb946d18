"""A ticket at the till: lines, discounts, tax, tips and payments, in integer money.

Pure rules, used by the checkout screen (live totals) and by the sales service
(which recomputes everything before posting; it never trusts totals sent to it).

Order of work for each line: quantity × unit price, minus the line discount,
minus its share of the ticket discount (split over the discountable lines in
proportion to their amounts, losing no unit), then the tax: contained in the
amount when prices include tax, added on top under net pricing.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid as uuidlib
from dataclasses import dataclass, field

from salon_desktop.domain.money import (
    allocate,
    max_amount,
    percent_of,
    quantum,
    tax_in_gross,
    tax_on_net,
)
from salon_desktop.domain.validation import Errors, check_text
from salon_desktop.i18n import N_

MAX_QTY = 999
MAX_TAX_BP = 10_000  # 100 %
MAX_VOUCHER_CODE = 40  # gift_vouchers.code


class LineKind(enum.StrEnum):
    SERVICE = "service"
    PRODUCT = "product"
    VOUCHER = "voucher"  # a gift voucher sold
    ACCOUNT = "account"  # money paid into the client's account (credit, or settling a debt)


class PayMethod(enum.StrEnum):
    CASH = "cash"
    CARD = "card"
    VOUCHER = "voucher"
    ACCOUNT = "account"  # charged to the client's account (uses credit, or leaves a debt)


class DiscountKind(enum.StrEnum):
    PERCENT = "percent"  # value in basis points: 1000 = 10 %
    AMOUNT = "amount"  # value in stored minor units


class SaleKind(enum.StrEnum):
    SALE = "sale"
    VOID = "void"
    REFUND = "refund"


LINE_KIND_LABELS = {
    LineKind.SERVICE: N_("Service"),
    LineKind.PRODUCT: N_("Product"),
    LineKind.VOUCHER: N_("Gift voucher"),
    LineKind.ACCOUNT: N_("Payment into account"),
}
PAY_METHOD_LABELS = {
    PayMethod.CASH: N_("Cash"),
    PayMethod.CARD: N_("Card"),
    PayMethod.VOUCHER: N_("Gift voucher"),
    PayMethod.ACCOUNT: N_("Client account"),
}
SALE_KIND_LABELS = {
    SaleKind.SALE: N_("Sale"),
    SaleKind.VOID: N_("Void"),
    SaleKind.REFUND: N_("Refund"),
}
DISCOUNTABLE = (LineKind.SERVICE, LineKind.PRODUCT)


@dataclass
class Discount:
    kind: DiscountKind
    value: int
    reason: str = ""


@dataclass
class LineDraft:
    kind: LineKind
    description: str
    unit_price: int  # gross or net per the salon's pricing
    qty: int = 1
    tax_rate_bp: int = 0
    staff_id: int | None = None
    service_id: int | None = None
    product_id: int | None = None
    voucher_code: str = ""  # LineKind.VOUCHER: the code of the voucher sold
    expires_on: dt.date | None = None  # LineKind.VOUCHER: default a year from the sale
    discount: Discount | None = None
    # A complaint's compensation this line gives (a free redo, a voucher at zero):
    # the id of its ``compensations`` row; the line is then discounted in full.
    benefit_id: int | None = None


@dataclass
class PaymentDraft:
    method: PayMethod
    amount: int  # applied to the ticket
    tendered: int = 0  # cash handed over (change = tendered - amount)
    voucher_code: str = ""


@dataclass
class TipDraft:
    staff_id: int
    amount: int


@dataclass
class InvoiceBuyer:
    name: str
    tax_id: str
    address: str = ""


@dataclass
class TicketDraft:
    uuid: str = field(default_factory=lambda: str(uuidlib.uuid4()))
    client_id: int | None = None
    lines: list[LineDraft] = field(default_factory=list)
    discount: Discount | None = None
    payments: list[PaymentDraft] = field(default_factory=list)
    tips: list[TipDraft] = field(default_factory=list)
    note: str = ""
    invoice: InvoiceBuyer | None = None
    # A complaint's next-visit discount applied as the ticket discount (its
    # ``compensations`` id), and those the receptionist left for a later visit.
    benefit_id: int | None = None
    benefits_left: list[int] = field(default_factory=list)


def discountable(ln: LineDraft) -> bool:
    """Services and products take discounts; a compensation line (a voucher given at
    zero) takes its full discount too."""
    return ln.kind in DISCOUNTABLE or ln.benefit_id is not None


@dataclass(frozen=True)
class LineTotals:
    amount: int  # qty × unit price
    line_discount: int
    ticket_discount: int
    total: int  # what the client pays for the line (tax included)
    net: int
    tax: int


@dataclass(frozen=True)
class TicketTotals:
    lines: tuple[LineTotals, ...]
    subtotal: int  # sum of line amounts before discounts, as priced
    discount: int  # line and ticket discounts together
    net: int
    tax: int
    total: int  # the sale's total, tax included
    tips: int
    due: int  # total + tips
    paid: int
    change: int  # cash handed back

    @property
    def remaining(self) -> int:
        return max(0, self.due - self.paid)

    def tax_by_rate(self, rates: list[int]) -> dict[int, tuple[int, int]]:
        """rate -> (net, tax), for the receipt's tax summary."""
        out: dict[int, tuple[int, int]] = {}
        for rate, lt in zip(rates, self.lines, strict=True):
            n, t = out.get(rate, (0, 0))
            out[rate] = (n + lt.net, t + lt.tax)
        return out


def _discount_amount(d: Discount | None, base: int, q: int) -> int:
    if d is None or base <= 0:
        return 0
    if d.kind is DiscountKind.PERCENT:
        return min(base, percent_of(base, max(0, d.value), q))
    return min(base, max(0, d.value))


def compute(ticket: TicketDraft, currency: str, net_pricing: bool = False) -> TicketTotals:
    """The ticket's money, line by line. Never raises for odd input (clamps);
    ``validate`` reports what is wrong."""
    q = quantum(currency)
    amounts = [ln.qty * ln.unit_price for ln in ticket.lines]
    line_disc = [
        _discount_amount(ln.discount, a, q) if discountable(ln) else 0
        for ln, a in zip(ticket.lines, amounts, strict=True)
    ]
    after = [a - d for a, d in zip(amounts, line_disc, strict=True)]
    weights = [
        max(0, v) if ln.kind in DISCOUNTABLE else 0
        for ln, v in zip(ticket.lines, after, strict=True)
    ]
    base = sum(weights)
    tdisc = _discount_amount(ticket.discount, base, q)
    shares = allocate(tdisc, weights, q) if tdisc and base else [0] * len(ticket.lines)
    lines = []
    for ln, a, d, sh in zip(ticket.lines, amounts, line_disc, shares, strict=True):
        priced = a - d - sh
        rate = ln.tax_rate_bp if ln.kind in DISCOUNTABLE else 0
        if net_pricing:
            tax = tax_on_net(priced, rate, q)
            lines.append(LineTotals(a, d, sh, priced + tax, priced, tax))
        else:
            tax = tax_in_gross(priced, rate, q)
            lines.append(LineTotals(a, d, sh, priced, priced - tax, tax))
    total = sum(lt.total for lt in lines)
    tips = sum(t.amount for t in ticket.tips)
    paid = sum(p.amount for p in ticket.payments)
    change = sum(
        max(0, p.tendered - p.amount) for p in ticket.payments if p.method is PayMethod.CASH
    )
    return TicketTotals(
        lines=tuple(lines),
        subtotal=sum(amounts),
        discount=sum(line_disc) + sum(shares),
        net=sum(lt.net for lt in lines),
        tax=sum(lt.tax for lt in lines),
        total=total,
        tips=tips,
        due=total + tips,
        paid=paid,
        change=change,
    )


def _check_discount(errors: Errors, name: str, d: Discount | None, base: int, q: int = 1) -> None:
    if d is None:
        return
    if d.kind is DiscountKind.AMOUNT and d.value % q:
        errors.add(name, N_("The price has more decimals than the currency allows."))
    if d.kind is DiscountKind.PERCENT and not 0 < d.value <= 10_000:
        errors.add(name, N_("A discount is between 0 and 100 %."))
    elif d.kind is DiscountKind.AMOUNT and not 0 < d.value <= base:
        errors.add(name, N_("A discount cannot be more than the amount it is taken from."))
    if not d.reason.strip():
        errors.add(name, N_("Give a reason for the discount."))
    check_text(errors, name, d.reason)


def check_lines(ticket: TicketDraft, currency: str, errors: Errors) -> None:
    """What is wrong with the lines and discounts (prices, quantities, reasons)."""
    top = max_amount(currency)
    q = quantum(currency)
    if not ticket.lines:
        errors.add("lines", N_("The ticket is empty: add a service or a product."))
    for i, ln in enumerate(ticket.lines):
        name = f"lines.{i}"
        check_text(errors, name, ln.description, required=True)
        if not 1 <= ln.qty <= MAX_QTY:
            errors.add(name, N_("Quantity must be between 1 and {max}."), max=MAX_QTY)
        if ln.unit_price < 0:
            errors.add(name, N_("A price cannot be negative."))
        elif ln.unit_price > top or ln.qty * ln.unit_price > top:
            errors.add(name, N_("This amount is too large to be right."))
        elif ln.unit_price % q:
            errors.add(name, N_("The price has more decimals than the currency allows."))
        if not 0 <= ln.tax_rate_bp <= MAX_TAX_BP:
            errors.add(name, N_("A tax rate is between 0 and 100 %."))
        if ln.kind in (LineKind.VOUCHER, LineKind.ACCOUNT) and ln.unit_price <= 0:
            errors.add(name, N_("Enter an amount above zero."))
        if ln.kind in (LineKind.VOUCHER, LineKind.ACCOUNT) and ln.qty != 1:
            errors.add(name, N_("Quantity must be between 1 and {max}."), max=1)
        if ln.kind is LineKind.SERVICE and ln.staff_id is None:
            errors.add(name, N_("Choose who did this service."))
        if ln.kind is LineKind.VOUCHER and not ln.voucher_code.strip():
            errors.add(name, N_("The voucher needs a code."))
        elif ln.kind is LineKind.VOUCHER:
            check_text(errors, name, ln.voucher_code, max_len=MAX_VOUCHER_CODE)
        if ln.discount is not None:
            if not discountable(ln):
                errors.add(name, N_("Vouchers and account payments cannot be discounted."))
            else:
                _check_discount(errors, name, ln.discount, ln.qty * max(0, ln.unit_price), q)
    if ticket.discount is not None:
        # The ticket discount is taken from what is left after the line discounts.
        after_lines = 0
        for ln in ticket.lines:
            if ln.kind in DISCOUNTABLE:
                a = ln.qty * max(0, ln.unit_price)
                after_lines += a - _discount_amount(ln.discount, a, q)
        _check_discount(errors, "discount", ticket.discount, after_lines, q)
    if any(ln.kind is LineKind.ACCOUNT for ln in ticket.lines) and ticket.client_id is None:
        errors.add("client", N_("Choose the client whose account this is."))
    check_text(errors, "note", ticket.note, max_len=2000, single_line=False)
    if ticket.invoice is not None:
        check_text(errors, "invoice.name", ticket.invoice.name, required=True)
        check_text(errors, "invoice.tax_id", ticket.invoice.tax_id, required=True, max_len=40)
        check_text(
            errors, "invoice.address", ticket.invoice.address, max_len=500, single_line=False
        )


def check_payments(
    ticket: TicketDraft, totals: TicketTotals, currency: str, errors: Errors
) -> None:
    """What is wrong with the payments and tips for these totals."""
    top = max_amount(currency)
    for i, t in enumerate(ticket.tips):
        if not 0 <= t.amount <= top:
            errors.add(
                f"tips.{i}",
                N_("A tip cannot be negative.")
                if t.amount < 0
                else N_("This amount is too large to be right."),
            )
    for i, p in enumerate(ticket.payments):
        name = f"payments.{i}"
        if p.amount <= 0:
            errors.add(name, N_("Enter an amount above zero."))
        elif p.amount > top or p.tendered > top:
            errors.add(name, N_("This amount is too large to be right."))
        if p.method is PayMethod.CASH and p.tendered and p.tendered < p.amount:
            errors.add(name, N_("The cash handed over is less than the amount paid in cash."))
        if p.method is not PayMethod.CASH and p.tendered:
            errors.add(name, N_("Only cash can give change."))
        if p.method is PayMethod.VOUCHER and not p.voucher_code.strip():
            errors.add(name, N_("Enter the voucher's code."))
        if p.method is PayMethod.ACCOUNT and ticket.client_id is None:
            errors.add(name, N_("A walk-in has no account: choose the client first."))
    if any(ln.kind is LineKind.VOUCHER for ln in ticket.lines) and any(
        p.method is PayMethod.VOUCHER for p in ticket.payments
    ):
        errors.add("payments", N_("A gift voucher cannot be paid with another voucher."))
    if totals.paid < totals.due:
        errors.add(
            "payments",
            N_("The payments do not cover the total: {missing_amount} missing."),
            missing_amount=totals.due - totals.paid,
        )
    elif totals.paid > totals.due:
        errors.add(
            "payments",
            N_(
                "The payments are more than the total: enter the cash handed over as cash tendered."
            ),
        )


def validate(ticket: TicketDraft, currency: str, net_pricing: bool = False) -> TicketTotals:
    """Raise ``ValidationError`` listing every problem; return the totals if none."""
    errors = Errors()
    check_lines(ticket, currency, errors)
    totals = compute(ticket, currency, net_pricing)
    check_payments(ticket, totals, currency, errors)
    errors.raise_if_any()
    return totals


def refund_share(
    line_total: int, line_qty: int, already_qty: int, qty: int, already_amount: int, q: int = 1
) -> int:
    """What ``qty`` more units of a line give back, so that refunding every unit
    in any steps gives back exactly the line's total. Partial refunds are in
    multiples of the quantum ``q`` (when ``line_total`` is one)."""
    if already_qty + qty >= line_qty:
        return line_total - already_amount
    return line_total * (already_qty + qty) // (line_qty * q) * q - already_amount


# -- open tickets are kept as JSON ------------------------------------------------
def ticket_to_dict(t: TicketDraft) -> dict:
    import dataclasses

    d = dataclasses.asdict(t)
    for ln in d["lines"]:
        ln["expires_on"] = ln["expires_on"].isoformat() if ln["expires_on"] else None
    return d


def ticket_from_dict(d: dict) -> TicketDraft:
    def disc(x):
        return (
            Discount(DiscountKind(x["kind"]), int(x["value"]), x.get("reason", "")) if x else None
        )

    lines = [
        LineDraft(
            kind=LineKind(x["kind"]),
            description=x["description"],
            unit_price=int(x["unit_price"]),
            qty=int(x.get("qty", 1)),
            tax_rate_bp=int(x.get("tax_rate_bp", 0)),
            staff_id=x.get("staff_id"),
            service_id=x.get("service_id"),
            product_id=x.get("product_id"),
            voucher_code=x.get("voucher_code", ""),
            expires_on=dt.date.fromisoformat(x["expires_on"]) if x.get("expires_on") else None,
            discount=disc(x.get("discount")),
            benefit_id=x.get("benefit_id"),
        )
        for x in d.get("lines", [])
    ]
    return TicketDraft(
        uuid=d["uuid"],
        client_id=d.get("client_id"),
        lines=lines,
        discount=disc(d.get("discount")),
        payments=[
            PaymentDraft(
                PayMethod(p["method"]),
                int(p["amount"]),
                int(p.get("tendered", 0)),
                p.get("voucher_code", ""),
            )
            for p in d.get("payments", [])
        ],
        tips=[TipDraft(int(t["staff_id"]), int(t["amount"])) for t in d.get("tips", [])],
        note=d.get("note", ""),
        invoice=InvoiceBuyer(**d["invoice"]) if d.get("invoice") else None,
        benefit_id=d.get("benefit_id"),
        benefits_left=[int(b) for b in d.get("benefits_left", [])],
    )
