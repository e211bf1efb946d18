"""Read-only pictures of posted money, handed by services to screens and documents.

Plain frozen dataclasses: the documents package renders them without touching
the database, and screens show them without a session.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from salon_desktop.i18n import N_, _


@dataclass(frozen=True)
class SalonHeader:
    """What a printed document says about the salon."""

    name: str
    address: str = ""
    phone: str = ""
    tax_id: str = ""
    logo_path: str = ""  # absolute path, or "" for none
    not_fiscal: bool = False  # print "not a fiscal receipt" (a fiscal printer is used)
    footer: str = ""
    language: str = "en"
    currency: str = "PLN"
    phone_region: str = ""  # the salon's country: its clients' phones in national format


@dataclass(frozen=True)
class SaleLineView:
    id: int
    position: int
    kind: str  # domain.sale.LineKind value
    description: str
    staff_name: str
    qty: int  # negative on corrections
    unit_price: int
    tax_rate_bp: int
    amount: int
    line_discount: int
    ticket_discount: int
    discount_reason: str
    net: int
    tax: int
    total: int
    original_line_id: int | None = None
    staff_id: int | None = None
    service_id: int | None = None
    product_id: int | None = None
    voucher_code: str = ""


@dataclass(frozen=True)
class PaymentView:
    method: str  # domain.sale.PayMethod value
    amount: int
    tendered: int = 0
    voucher_code: str = ""


@dataclass(frozen=True)
class TipView:
    staff_id: int
    staff_name: str
    amount: int


@dataclass(frozen=True)
class SaleView:
    id: int
    uuid: str
    kind: str  # domain.sale.SaleKind value
    receipt_no: str
    business_date: dt.date
    posted_at: dt.datetime  # local time
    currency: str
    subtotal: int
    discount: int
    net: int
    tax: int
    total: int
    tips: int = 0
    change_given: int = 0
    net_pricing: bool = False
    discount_reason: str = ""
    client_id: int | None = None
    client_name: str = ""
    client_number: int | None = None
    staff_name: str = ""  # who posted it
    original_sale_id: int | None = None
    original_receipt_no: str = ""
    reason: str = ""
    note: str = ""
    buyer_name: str = ""
    buyer_tax_id: str = ""
    buyer_address: str = ""
    lines: tuple[SaleLineView, ...] = ()
    payments: tuple[PaymentView, ...] = ()
    tip_lines: tuple[TipView, ...] = ()
    corrections: tuple[tuple[str, str], ...] = ()  # (kind, receipt no.) of its voids/refunds

    @property
    def is_invoice(self) -> bool:
        return bool(self.buyer_tax_id)

    @property
    def voided(self) -> bool:
        return any(kind == "void" for kind, _no in self.corrections)

    def tax_summary(self) -> list[tuple[int, int, int]]:
        """(rate in basis points, net, tax) per rate, highest rate first. Gift vouchers
        and money paid into an account are not a supply: they are left out."""
        out: dict[int, list[int]] = {}
        for ln in self.lines:
            if ln.kind in ("voucher", "account"):
                continue
            acc = out.setdefault(ln.tax_rate_bp, [0, 0])
            acc[0] += ln.net
            acc[1] += ln.tax
        return [(r, n, t) for r, (n, t) in sorted(out.items(), reverse=True)]


@dataclass(frozen=True)
class StatementEntry:
    at: dt.datetime  # local time
    receipt_no: str  # "" for an entry without a sale
    kind: str  # "charge", "payment" or "correction" (ENTRY_LABELS)
    amount: int  # + credit to the client, - charge
    balance: int  # running balance after this entry
    note: str = ""  # a correction's reason

    @property
    def description(self) -> str:
        """What the entry was, in the language being shown or printed."""
        label = _(ENTRY_LABELS.get(self.kind, self.kind))
        return f"{label}: {self.note}" if self.note else label


ENTRY_LABELS = {
    "charge": N_("Charged to account"),
    "payment": N_("Paid into account"),
    "correction": N_("Correction"),
}


@dataclass(frozen=True)
class AccountStatement:
    client_id: int
    client_name: str
    client_number: int
    currency: str
    opening_balance: int
    entries: tuple[StatementEntry, ...]
    closing_balance: int
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@dataclass(frozen=True)
class CashMovementView:
    at: dt.datetime
    amount: int  # + in, - out
    reason: str
    staff_name: str = ""


@dataclass(frozen=True)
class CashSessionView:
    """One session of the till: its float, what should be in the drawer, the count."""

    id: int
    number: int  # 1, 2, ... within its business day
    opening_float: int
    opened_at: dt.datetime
    opened_by: str
    expected_cash: int  # frozen at the close; while open, as of now
    counted_cash: int | None = None
    closed_at: dt.datetime | None = None
    closed_by: str = ""
    note: str = ""
    # Counted by denomination: (minor units, quantity), largest first; None: typed.
    opening_count: tuple[tuple[int, int], ...] | None = None
    closing_count: tuple[tuple[int, int], ...] | None = None

    @property
    def difference(self) -> int | None:
        return None if self.counted_cash is None else self.counted_cash - self.expected_cash

    @property
    def closed(self) -> bool:
        return self.closed_at is not None


@dataclass(frozen=True)
class DayCloseReport:
    """Everything the till did in one cash session (``session`` set: a session's Z
    report) or on one business day (``session`` None: the day's, its sessions listed;
    expected and counted cash are then the sums over its sessions, the count only
    once every session is counted)."""

    business_date: dt.date
    currency: str
    opening_float: int
    movements: tuple[CashMovementView, ...]
    by_method: tuple[tuple[str, int], ...]  # (PayMethod value, net amount) incl. corrections
    sales_count: int
    sales_total: int  # sales only, before corrections
    discounts: int
    voids_count: int
    voids_total: int  # negative
    refunds_count: int
    refunds_total: int  # negative
    tips_by_staff: tuple[tuple[str, int], ...]
    expected_cash: int
    counted_cash: int | None = None
    opened: bool = False
    closed_at: dt.datetime | None = None
    closed_by: str = ""
    note: str = ""
    session: CashSessionView | None = None
    sessions: tuple[CashSessionView, ...] = ()

    @property
    def difference(self) -> int | None:
        return None if self.counted_cash is None else self.counted_cash - self.expected_cash

    @property
    def closed(self) -> bool:
        return self.closed_at is not None

    @property
    def open_session(self) -> CashSessionView | None:
        """The session open now (of the day's report; a session's own, if open)."""
        if self.session is not None:
            return None if self.session.closed else self.session
        return next((x for x in self.sessions if not x.closed), None)


@dataclass(frozen=True)
class StaffEarnings:
    staff_id: int
    staff_name: str
    services_net: int
    products_net: int
    commission: int
    tips: int


@dataclass(frozen=True)
class VoucherView:
    id: int
    code: str
    initial_value: int
    balance: int
    currency: str
    expires_on: dt.date | None
    sold_on: dt.date | None = None
    client_name: str = ""
    receipt_no: str = ""
    movements: tuple[tuple[dt.datetime, str, int], ...] = field(default=())  # (at, receipt, amount)

    def expired(self, today: dt.date) -> bool:
        return self.expires_on is not None and self.expires_on < today


@dataclass(frozen=True)
class VisitRow:
    """One visit in the client file's history (a sale, with its corrections)."""

    sale_id: int
    business_date: dt.date
    receipt_no: str
    kind: str
    services: tuple[str, ...]  # ("Cut", "Colour"): joined by the screen in its language
    staff: tuple[str, ...]
    products: tuple[str, ...]
    total: int
    note: str = ""
    formula: str = ""  # colour formula recorded that day
    corrected: bool = False  # voided or partly refunded
    original_sale_id: int | None = None  # a void or refund: the sale it corrects
    reason: str = ""  # a void or refund: why


@dataclass(frozen=True)
class ClientFigures:
    total_spent: int
    visits: int
    average_ticket: int
    first_visit: dt.date | None
    last_visit: dt.date | None
    usual_interval_days: int | None  # median days between visits
    account_balance: int


@dataclass(frozen=True)
class ComplaintNotice:
    """What the client's printed acknowledgement of her complaint says (local times)."""

    number: int
    client_name: str
    opened_at: dt.datetime
    answer_by: dt.datetime  # the date by which we answer (the resolve target)
    category: str  # a key of domain.complaints.CATEGORY_LABELS, or the salon's own
    channel: str
    description: str
    wanted: str
    visit: str = ""  # "receipt 2026/000123 of 12/11/2026" when a visit is concerned
