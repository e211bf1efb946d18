"""Tables of the catalog, sales, payments, vouchers, client accounts, the cash day and
its sessions.

Amounts are integers of stored minor units (grosze, cents, rials). Posted rows
(sales and everything hanging off them, stock and account movements, voucher
movements, cash movements) are append-only: migration 0002 installs triggers
that refuse UPDATE and DELETE on them, on SQLite and on PostgreSQL. A void or
refund is a new sale in the corrections series pointing to the original.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from salon_desktop.db.base import Base, utcnow

Money = BigInteger().with_variant(Integer(), "sqlite")  # SQLite INTEGER is 64-bit already

# Tables whose rows can only be inserted (see migration 0002).
APPEND_ONLY = (
    "sales",
    "sale_lines",
    "sale_payments",
    "sale_tips",
    "stock_movements",
    "voucher_movements",
    "account_entries",
    "cash_movements",
)


class ServiceCategory(Base):
    __tablename__ = "service_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Service(Base):
    __tablename__ = "services"

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("service_categories.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    price: Mapped[int] = mapped_column(Money, default=0)
    duration_min: Mapped[int] = mapped_column(Integer, default=30)
    tax_rate_bp: Mapped[int] = mapped_column(Integer, default=0)
    material_cost: Mapped[int] = mapped_column(Money, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (CheckConstraint("price >= 0", name="price"),)


class Product(Base):
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    sku: Mapped[str | None] = mapped_column(String(60), unique=True)
    barcode: Mapped[str | None] = mapped_column(String(60), unique=True)
    price: Mapped[int] = mapped_column(Money, default=0)
    cost: Mapped[int] = mapped_column(Money, default=0)
    tax_rate_bp: Mapped[int] = mapped_column(Integer, default=0)
    stock: Mapped[int] = mapped_column(Integer, default=0)  # kept equal to the movements' sum
    reorder_level: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (CheckConstraint("price >= 0", name="price"),)


class StaffCommission(Base):
    """A staff member's commission rates (basis points of the net amount)."""

    __tablename__ = "staff_commissions"

    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True
    )
    service_bp: Mapped[int] = mapped_column(Integer, default=0)
    product_bp: Mapped[int] = mapped_column(Integer, default=0)


class StockMovement(Base):
    __tablename__ = "stock_movements"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    qty: Mapped[int] = mapped_column(Integer)  # + in, - out
    kind: Mapped[str] = mapped_column(String(20))  # receive / adjust / sale / return
    reason: Mapped[str] = mapped_column(Text, default="")
    sale_id: Mapped[int | None] = mapped_column(ForeignKey("sales.id"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    unit_cost: Mapped[int] = mapped_column(Money, default=0)


class ReceiptCounter(Base):
    """The last number given in a receipt series for a calendar year.

    Incremented inside the posting transaction, so numbers have no gaps: a
    sale that is not committed does not use up its number.
    """

    __tablename__ = "receipt_counters"

    series: Mapped[str] = mapped_column(String(4), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Sale(Base):
    __tablename__ = "sales"
    __table_args__ = (
        UniqueConstraint("series", "year", "number", name="receipt"),
        # Covers the client file's history (SalesReader.history) from the index alone.
        Index(
            "ix_sales_client_history",
            "client_id",
            "posted_at",
            "id",
            "business_date",
            "receipt_no",
            "kind",
            "total",
            "original_sale_id",
            "note",
            "reason",
        ),
        Index("ix_sales_business_date", "business_date"),
        # One void per sale.
        Index(
            "ux_sales_void_of",
            "original_sale_id",
            unique=True,
            sqlite_where=text("kind = 'void'"),
            postgresql_where=text("kind = 'void'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # sale / void / refund
    series: Mapped[str] = mapped_column(String(4))  # S: sales, C: corrections
    year: Mapped[int] = mapped_column(Integer)  # of the salon's calendar
    number: Mapped[int] = mapped_column(Integer)
    receipt_no: Mapped[str] = mapped_column(String(30))
    business_date: Mapped[dt.date] = mapped_column(Date)
    posted_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # at the desk
    original_sale_id: Mapped[int | None] = mapped_column(ForeignKey("sales.id"), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    currency: Mapped[str] = mapped_column(String(3))
    net_pricing: Mapped[bool] = mapped_column(Boolean, default=False)
    subtotal: Mapped[int] = mapped_column(Money)
    discount: Mapped[int] = mapped_column(Money, default=0)
    discount_reason: Mapped[str] = mapped_column(Text, default="")
    net: Mapped[int] = mapped_column(Money)
    tax: Mapped[int] = mapped_column(Money)
    total: Mapped[int] = mapped_column(Money)
    tips: Mapped[int] = mapped_column(Money, default=0)
    change_given: Mapped[int] = mapped_column(Money, default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    buyer_name: Mapped[str] = mapped_column(String(200), default="")
    buyer_tax_id: Mapped[str] = mapped_column(String(40), default="")
    buyer_address: Mapped[str] = mapped_column(Text, default="")


class SaleLine(Base):
    __tablename__ = "sale_lines"
    __table_args__ = (
        # Covers the client file's history: a sale's lines in order, from the index alone.
        Index(
            "ix_sale_lines_history",
            "sale_id",
            "position",
            "kind",
            "description",
            "staff_id",
            "total",
            "qty",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sale_id: Mapped[int] = mapped_column(ForeignKey("sales.id"))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    description: Mapped[str] = mapped_column(String(200))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"), index=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"), index=True)
    voucher_id: Mapped[int | None] = mapped_column(ForeignKey("gift_vouchers.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    qty: Mapped[int] = mapped_column(Integer)  # negative on corrections
    unit_price: Mapped[int] = mapped_column(Money)
    tax_rate_bp: Mapped[int] = mapped_column(Integer, default=0)
    amount: Mapped[int] = mapped_column(Money)  # qty × unit price
    line_discount: Mapped[int] = mapped_column(Money, default=0)
    ticket_discount: Mapped[int] = mapped_column(Money, default=0)
    discount_reason: Mapped[str] = mapped_column(Text, default="")
    net: Mapped[int] = mapped_column(Money)
    tax: Mapped[int] = mapped_column(Money)
    total: Mapped[int] = mapped_column(Money)
    cost: Mapped[int] = mapped_column(Money, default=0)  # materials or goods, for margins
    commission: Mapped[int] = mapped_column(Money, default=0)  # frozen at posting
    original_line_id: Mapped[int | None] = mapped_column(ForeignKey("sale_lines.id"), index=True)


class SalePayment(Base):
    __tablename__ = "sale_payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    sale_id: Mapped[int] = mapped_column(ForeignKey("sales.id"), index=True)
    method: Mapped[str] = mapped_column(String(10))
    amount: Mapped[int] = mapped_column(Money)  # negative: money given back
    tendered: Mapped[int] = mapped_column(Money, default=0)
    voucher_id: Mapped[int | None] = mapped_column(ForeignKey("gift_vouchers.id"), index=True)


class SaleTip(Base):
    __tablename__ = "sale_tips"

    id: Mapped[int] = mapped_column(primary_key=True)
    sale_id: Mapped[int] = mapped_column(ForeignKey("sales.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    amount: Mapped[int] = mapped_column(Money)


class GiftVoucher(Base):
    __tablename__ = "gift_vouchers"
    __table_args__ = (CheckConstraint("balance >= 0", name="balance"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    initial_value: Mapped[int] = mapped_column(Money)
    balance: Mapped[int] = mapped_column(Money)  # kept equal to the movements' sum
    expires_on: Mapped[dt.date | None] = mapped_column(Date)
    sold_sale_id: Mapped[int | None] = mapped_column(ForeignKey("sales.id"))
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"))  # bought by
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)


class VoucherMovement(Base):
    __tablename__ = "voucher_movements"

    id: Mapped[int] = mapped_column(primary_key=True)
    voucher_id: Mapped[int] = mapped_column(ForeignKey("gift_vouchers.id"), index=True)
    sale_id: Mapped[int | None] = mapped_column(ForeignKey("sales.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    amount: Mapped[int] = mapped_column(Money)  # + sold / given back, - redeemed / cancelled


class AccountEntry(Base):
    """A movement of a client's account: + money the client has with the salon
    (prepaid, or a debt settled), - money the client owes (a charge)."""

    __tablename__ = "account_entries"
    __table_args__ = (Index("ix_account_entries_client_at", "client_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    sale_id: Mapped[int | None] = mapped_column(ForeignKey("sales.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    amount: Mapped[int] = mapped_column(Money)
    note: Mapped[str] = mapped_column(Text, default="")


class CashDay(Base):
    """A business day at the till: opening float, then the close (once)."""

    __tablename__ = "cash_days"

    business_date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    opening_float: Mapped[int] = mapped_column(Money, default=0)
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    expected_cash: Mapped[int | None] = mapped_column(Money)
    counted_cash: Mapped[int | None] = mapped_column(Money)
    note: Mapped[str] = mapped_column(Text, default="")


class CashSession(Base):
    """A stretch of the till between an opening float and a count (a shift; a
    close and reopen): numbered 1, 2, ... within its business day. Its sales and
    cash movements are those of its day with ids up to ``last_sale_id`` and
    ``last_movement_id``, frozen at the close, after the previous session's (the
    open one: everything after). Migration 0012: a closed session cannot change,
    none is ever deleted."""

    __tablename__ = "cash_sessions"
    __table_args__ = (UniqueConstraint("business_date", "number", name="cash_session_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    business_date: Mapped[dt.date] = mapped_column(Date, index=True)
    number: Mapped[int] = mapped_column(Integer)
    opening_float: Mapped[int] = mapped_column(Money, default=0)
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    expected_cash: Mapped[int | None] = mapped_column(Money)
    counted_cash: Mapped[int | None] = mapped_column(Money)
    last_sale_id: Mapped[int | None] = mapped_column(Integer)
    last_movement_id: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    # Migration 0016: the float and the close counted by denomination
    # (``domain.denominations.encode``); NULL when the amount was typed.
    opening_count: Mapped[str | None] = mapped_column(Text)
    closing_count: Mapped[str | None] = mapped_column(Text)


class CashMovement(Base):
    """Cash paid into or out of the drawer outside a sale (change float, supplies)."""

    __tablename__ = "cash_movements"

    id: Mapped[int] = mapped_column(primary_key=True)
    business_date: Mapped[dt.date] = mapped_column(Date, index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    amount: Mapped[int] = mapped_column(Money)  # + in, - out
    reason: Mapped[str] = mapped_column(Text)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))


class OpenTicket(Base):
    """A ticket being rung up or parked, kept in the database so it survives a
    crash and shows on every desk. Deleted in the transaction that posts it."""

    __tablename__ = "open_tickets"

    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id", ondelete="SET NULL"))
    label: Mapped[str] = mapped_column(String(200), default="")
    data: Mapped[str] = mapped_column(Text)  # JSON of the TicketDraft
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
