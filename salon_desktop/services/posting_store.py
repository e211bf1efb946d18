"""Where posted rows go: the statements ``SalesService`` and ``Corrections`` share.

The rows themselves are built by ``domain.posting``; this writes them inside the
caller's transaction with few statements, each built once at import (executing
a prepared statement on plain tables skips SQLAlchemy's per-call statement
building, which costs more than SQLite's own work; ``benchmarks/checkout.py``):

- one look-up before a sale: whether the UUID is posted already, whether the
  till is closed (the day's last cash session is), and the services, products and commission rates of the
  ticket, as one ``UNION ALL``;
- the receipt number as one upsert of its counter (``ON CONFLICT … RETURNING``);
- each table's rows as one ``INSERT`` (``db.rows``);
- the sale's link in the sales hash chain (``db.chains``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import (
    Connection,
    Integer,
    String,
    bindparam,
    cast,
    delete,
    func,
    literal,
    null,
    select,
    union_all,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from salon_desktop.db.chains import append as append_links
from salon_desktop.db.models import (
    AccountEntry,
    CashSession,
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
from salon_desktop.db.rows import insert_row_id, insert_rows, table_of
from salon_desktop.domain.posting import Facts, Receipt, Row, Rows, calendar_year
from salon_desktop.services.sales_common import Posted, TillClosed, lock_day

_sales, _counters = table_of(Sale), table_of(ReceiptCounter)
_sessions = table_of(CashSession)
_last_session = _sessions.alias("last_session")
_products, _services, _rates = table_of(Product), table_of(Service), table_of(StaffCommission)
_vouchers = table_of(GiftVoucher)
_T = {
    m: table_of(m)
    for m in (
        SaleLine,
        SalePayment,
        SaleTip,
        StockMovement,
        VoucherMovement,
        AccountEntry,
        OpenTicket,
    )
}

_EXISTING, _CLOSED, _SERVICE, _PRODUCT, _RATE = range(5)


def _tagged(tag: int, *cols):
    return [literal(tag, Integer).label("tag"), *cols]


def _nothing(n: int):
    return [cast(null(), Integer) for _ in range(n)]


# tag, id, a, b, c, text
_LOOK_UP = union_all(
    select(
        *_tagged(_EXISTING, _sales.c.id, _sales.c.total, _sales.c.change_given),
        cast(null(), Integer),
        _sales.c.receipt_no,
    ).where(_sales.c.uuid == bindparam("b_uuid")),
    # The till is closed: the day's last cash session is (none open after it).
    select(*_tagged(_CLOSED), *_nothing(4), cast(null(), String)).where(
        _sessions.c.business_date == bindparam("b_day"),
        _sessions.c.closed_at.is_not(None),
        _sessions.c.number
        == select(func.max(_last_session.c.number))
        .where(_last_session.c.business_date == bindparam("b_day"))
        .scalar_subquery(),
    ),
    select(
        *_tagged(_SERVICE, _services.c.id, _services.c.material_cost, _services.c.price),
        *_nothing(1),
        cast(null(), String),
    ).where(_services.c.id.in_(bindparam("b_services", expanding=True))),
    select(
        *_tagged(_PRODUCT, _products.c.id, _products.c.cost, _products.c.stock),
        _products.c.price,
        _products.c.name,
    ).where(_products.c.id.in_(bindparam("b_products", expanding=True))),
    select(
        *_tagged(_RATE, _rates.c.staff_id, _rates.c.service_bp, _rates.c.product_bp),
        cast(null(), Integer),
        cast(null(), String),
    ).where(_rates.c.staff_id.in_(bindparam("b_staff", expanding=True))),
)
_EXISTING_ONLY = select(
    _sales.c.id, _sales.c.receipt_no, _sales.c.total, _sales.c.change_given
).where(_sales.c.uuid == bindparam("b_uuid"))


def _next_number(dialect):
    stmt = dialect.insert(_counters).values(
        series=bindparam("b_series"), year=bindparam("b_year"), last_number=1
    )
    return stmt.on_conflict_do_update(
        index_elements=[_counters.c.series, _counters.c.year],
        set_={"last_number": _counters.c.last_number + 1},
    ).returning(_counters.c.last_number)


_NEXT_NUMBER = {"sqlite": _next_number(sqlite), "postgresql": _next_number(postgresql)}
_ADD_STOCK = (
    update(_products)
    .where(_products.c.id == bindparam("b_id"))
    .values(stock=_products.c.stock + bindparam("b_delta"))
)
_ADD_BALANCE = (
    update(_vouchers)
    .where(_vouchers.c.id == bindparam("b_id"))
    .values(balance=_vouchers.c.balance + bindparam("b_delta"), version=_vouchers.c.version + 1)
)
_DROP_TICKET = delete(_T[OpenTicket]).where(_T[OpenTicket].c.uuid == bindparam("b_uuid"))


@dataclass
class LookUp:
    """What a sale needs to know before it is written."""

    existing: Posted | None = None
    day_closed: bool = False  # the till is closed (no cash session open after a close)
    material_cost: dict[int, int] = field(default_factory=dict)
    products: dict[int, tuple[str, int, int]] = field(default_factory=dict)  # name, stock, cost
    rates: dict[int, tuple[int, int]] = field(default_factory=dict)
    # the catalog's price of each service ("s", id) and product ("p", id) on the ticket
    listed: dict[tuple[str, int], int] = field(default_factory=dict)

    def facts(self) -> Facts:
        return Facts(
            self.material_cost, {pid: p[2] for pid, p in self.products.items()}, self.rates
        )


class PostingStore:
    """Writes what ``domain.posting`` builds, inside the caller's transaction."""

    def __init__(self, jalali: Callable[[], bool]):
        self._jalali = jalali

    def look_up(
        self,
        conn: Connection,
        uuid: str,
        day: dt.date,
        services: Iterable[int] = (),
        products: Iterable[int] = (),
        staff: Iterable[int] = (),
    ) -> LookUp:
        """The existing posting of ``uuid``, whether the till of ``day`` is closed (taking
        the day's shared lock), and the catalog rows of a ticket, in one statement."""
        lock_day(conn, day)
        out = LookUp()
        params = {
            "b_uuid": uuid,
            "b_day": day,
            "b_services": list(services),
            "b_products": list(products),
            "b_staff": list(staff),
        }
        for tag, id_, a, b, c, txt in conn.execute(_LOOK_UP, params):
            if tag == _EXISTING:
                out.existing = Posted(id_, txt, a, b, already_posted=True)
            elif tag == _CLOSED:
                out.day_closed = True
            elif tag == _SERVICE:
                out.material_cost[id_] = a
                out.listed["s", id_] = b
            elif tag == _PRODUCT:
                out.products[id_] = (txt, b, a)
                out.listed["p", id_] = c
            else:
                out.rates[id_] = (a, b)
        return out

    def check(self, conn: Connection, uuid: str, day: dt.date) -> Posted | None:
        """The posting of ``uuid`` if there is one; else raise ``TillClosed`` if the till
        of ``day`` is."""
        found = self.look_up(conn, uuid, day)
        if found.existing is None and found.day_closed:
            raise TillClosed(day)
        return found.existing

    def existing(self, conn: Connection, uuid: str) -> Posted | None:
        row = conn.execute(_EXISTING_ONLY, {"b_uuid": uuid}).first()
        return Posted(row[0], row[1], row[2], row[3], already_posted=True) if row else None

    def receipt(self, conn: Connection, series: str, day: dt.date) -> Receipt:
        """The next number of ``series`` in the calendar year of ``day`` (no gaps: the
        counter moves inside the posting transaction)."""
        year = calendar_year(day, self._jalali())
        stmt = _NEXT_NUMBER[conn.dialect.name]
        number = conn.execute(stmt, {"b_series": series, "b_year": year}).scalar_one()
        return Receipt(series, year, number)

    def insert_sale(self, conn: Connection, header: Row) -> int:
        return insert_row_id(conn, _sales, header)

    def insert_vouchers(self, conn: Connection, rows: list[Row]) -> dict[str, int]:
        """Insert sold vouchers; code -> new id."""
        return {r["code"]: insert_row_id(conn, _vouchers, r) for r in rows}

    def write(self, conn: Connection, rows: Rows) -> None:
        """Every row below a sale, and the stock and voucher balances they move."""
        insert_rows(conn, _T[SaleLine], rows.lines)
        insert_rows(conn, _T[SalePayment], rows.payments)
        insert_rows(conn, _T[SaleTip], rows.tips)
        insert_rows(conn, _T[StockMovement], rows.stock_moves)
        if rows.stock_deltas:
            conn.execute(
                _ADD_STOCK, [{"b_id": p, "b_delta": n} for p, n in rows.stock_deltas.items()]
            )
        if rows.voucher_deltas:
            for vid, n in rows.voucher_deltas:  # one at a time: a voucher may appear twice
                conn.execute(_ADD_BALANCE, {"b_id": vid, "b_delta": n})
        insert_rows(conn, _T[VoucherMovement], rows.voucher_moves)
        insert_rows(conn, _T[AccountEntry], rows.account)

    def seal(self, conn: Connection, sale_id: int) -> None:
        """Link the sale, once all its rows are written, to the sales chain."""
        append_links(conn, "sales", [sale_id])

    def drop_ticket(self, conn: Connection, uuid: str) -> None:
        conn.execute(_DROP_TICKET, {"b_uuid": uuid})
