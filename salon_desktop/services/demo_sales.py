"""The demo salon's price list, shelf and years of sales.

The catalog (categories, services, products with EAN-13 barcodes, commission
rates) is written through ``ctx.catalog``. The history comes from
``demo_visits.VisitPlan`` and is written in one of two ways:

- ``write_with_services``: every event through the real services
  (``SalesService.post``/``void``/``refund`` with that day as "today" and the
  visit's time on the clock, ``TillService`` to open and close each day,
  ``ctx.catalog.receive`` for deliveries), so each row is what the till writes;
- ``write_bulk``: the same events as batched Core inserts, with the money of
  each ticket computed by ``domain.sale.compute`` and the rows built as
  ``SalesService`` builds them (receipt numbers per series and calendar year,
  costs, frozen commission, stock, voucher and account movements). Posted
  tables refuse UPDATE, so only final rows are inserted; product stock and
  voucher balances (ordinary columns) are set once at the end.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import bindparam, func, insert, select, text, update

from salon_desktop.db.engine import make_sessionmaker
from salon_desktop.db.models import (
    AccountEntry,
    CashDay,
    CashMovement,
    Client,
    GiftVoucher,
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
from salon_desktop.domain.sale import LineKind, PayMethod, SaleKind, refund_share
from salon_desktop.services import demo_data as data
from salon_desktop.services.catalog import ProductItem, ServiceItem
from salon_desktop.services.demo_visits import (
    CatalogProduct,
    DemoCatalog,
    PlanClient,
    PlanService,
    VisitPlan,
)
from salon_desktop.services.sales import (
    CORRECTIONS,
    SALES,
    SalesService,
    calendar_year,
    normalise_code,
    receipt_text,
)
from salon_desktop.services.till import TillService

BULK_SALES_BATCH = 20_000  # sales per bulk transaction
_LANG_COL = {"en": 3, "pl": 4, "fa": 5}


def ean13(first12: str) -> str:
    """``first12`` with its EAN-13 check digit."""
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(first12))
    return first12 + str((10 - total % 10) % 10)


def setup_catalog(
    ctx, language: str, by_role: dict[str, list[int]], seed: int, actor: int | None
) -> DemoCatalog | None:
    """The demo price list and shelf, made through the catalog service (or the
    one already there). None when the profile has a catalog of its own."""
    currency = ctx.salon.currency
    cur = currency if currency in data.SERVICE_PRICES else "GBP"
    unit = {"IRT": 10, "IRR": 1}.get(currency, 100)
    q = quantum(currency)
    rng = random.Random(seed * 131 + 5)
    col = _LANG_COL[language]
    existing = {s.name: s for s in ctx.catalog.services(include_inactive=True)}
    if not existing:
        cats = {}
        for key, names in data.CATEGORIES.items():
            cats[key] = ctx.catalog.save_category(names[language], actor_id=actor).id
        for key, spec in data.SERVICES.items():
            price, material = data.SERVICE_PRICES[cur][key]
            tax = data.SERVICE_TAX_EXCEPTIONS.get(cur, {}).get(key, data.SERVICE_TAX[cur][spec[0]])
            ctx.catalog.save_service(
                ServiceItem(
                    0,
                    spec[col],
                    cats[spec[0]],
                    "",
                    price * unit // q * q,
                    spec[2],
                    tax,
                    material * unit // q * q,
                ),
                actor,
            )
        prefix = data.EAN_PREFIX[language]
        for n, p in enumerate(data.PRODUCTS):
            name = {"en": p[0], "pl": p[1] or p[0], "fa": p[2]}[language]
            price, cost = {"PLN": (p[3], p[4]), "GBP": (p[5], p[6]), "IRT": (p[7], p[8])}[cur]
            body = prefix + f"{rng.randrange(10 ** (12 - len(prefix))):0{12 - len(prefix)}d}"
            brand = "".join(c for c in p[0].split()[0].upper() if c.isalpha())[:4]
            ctx.catalog.save_product(
                ProductItem(
                    0,
                    name,
                    f"{brand}-{n + 1:03d}",
                    ean13(body),
                    price * unit,
                    cost * unit,
                    data.PRODUCT_TAX[cur],
                    rng.randint(p[9] + 4, p[9] + 16),
                    p[9],
                ),
                actor,
            )
        for role, ids in by_role.items():
            service_bp, product_bp = data.COMMISSION.get(role, (0, 0))
            for sid in ids:
                ctx.catalog.set_commission(sid, service_bp, product_bp, actor)
        existing = {s.name: s for s in ctx.catalog.services(include_inactive=True)}
    services = {}
    for key, spec in data.SERVICES.items():
        s = existing.get(spec[col])
        if s is None:
            return None
        services[key] = PlanService(s.id, key, s.name, spec[1], s.price, s.tax_rate_bp)
    products = [
        CatalogProduct(p.id, p.name, p.price, p.tax_rate_bp, p.stock, p.reorder_level)
        for p in ctx.catalog.products()
    ]
    return DemoCatalog(services, products) if products else None


def plan_clients(ctx, ids: list[int]) -> list[PlanClient]:
    if not ids:
        return []
    with ctx.engine.connect() as conn:
        rows = conn.execute(
            select(Client.id, Client.gender, Client.preferred_staff_id)
            .where(Client.id.between(min(ids), max(ids)))
            .order_by(Client.id)
        ).all()
    wanted = set(ids)
    return [PlanClient(r[0], r[1] == "male", r[2]) for r in rows if r[0] in wanted]


def count_sales(ctx) -> int:
    """Posted sales in the profile (voids and refunds not counted)."""
    with ctx.engine.connect() as conn:
        return conn.scalar(
            select(func.count()).select_from(Sale).where(Sale.kind == SaleKind.SALE.value)
        )


def has_sales(ctx) -> bool:
    with ctx.engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(Sale)) > 0


# -- through the services -------------------------------------------------------------


def write_with_services(ctx, plan: VisitPlan, actor: int | None) -> int:
    """Carry out the plan through the services; returns the sales posted."""
    sm = make_sessionmaker(ctx.engine)
    state: dict = {"day": None, "at": None}
    sales = SalesService(sm, lambda: ctx.salon, today=lambda: state["day"], now=lambda: state["at"])
    till = TillService(
        sm, lambda: ctx.salon.currency, today=lambda: state["day"], now=lambda: state["at"]
    )
    ids: dict[int, int] = {}
    count = 0
    for day, events in plan.days():
        state["day"] = day
        for ev in events:
            kind = ev[0]
            if kind == "open":
                state["at"] = dt.datetime.combine(day, dt.time(7))  # as the bulk path
                till.open_day(ev[1], actor)
            elif kind == "move":
                state["at"] = ev[3]
                till.move_cash(ev[1], ev[2], actor)
            elif kind == "receive":
                ctx.catalog.receive(ev[1], ev[2], ev[3], actor)
            elif kind == "sale":
                _k, seq, ticket, _totals, at, keep = ev
                state["at"] = at
                posted = sales.post(ticket, actor)
                count += 1
                if keep:
                    ids[seq] = posted.sale_id
            elif kind == "void":
                state["at"] = ev[4]
                sales.void(ids[ev[1]], ev[2], actor, uuid=ev[3])
            elif kind == "refund":
                _k, seq, pos, qty, method, reason, uuid, at = ev
                state["at"] = at
                line = ctx.reader.get(ids[seq]).lines[pos]
                sales.refund(ids[seq], {line.id: qty}, reason, actor, method, uuid=uuid)
            elif kind == "close":
                state["at"] = ev[4]
                till.close_day(ev[1], ev[3], actor, day=day)
    return count


# -- in bulk --------------------------------------------------------------------------

_TABLES = (
    Sale,
    GiftVoucher,
    SaleLine,
    SalePayment,
    SaleTip,
    StockMovement,
    VoucherMovement,
    AccountEntry,
    CashMovement,
    CashDay,
)


class _Bulk:
    def __init__(self, ctx, plan: VisitPlan, actor: int | None):
        self.ctx, self.plan, self.actor = ctx, plan, actor
        cfg = ctx.salon
        self.currency, self.net_pricing = cfg.currency, cfg.net_pricing
        self.jalali = cfg.uses_jalali()
        self.q = quantum(self.currency)
        self.rows: dict = {t: [] for t in _TABLES}
        with ctx.engine.connect() as conn:
            self.next = {
                t: (conn.scalar(select(func.max(t.id))) or 0) + 1
                for t in _TABLES
                if t is not CashDay
            }
            self.counters = {
                (s, y): n
                for s, y, n in conn.execute(
                    select(ReceiptCounter.series, ReceiptCounter.year, ReceiptCounter.last_number)
                )
            }
            self.known_counters = set(self.counters)
            self.material = dict(conn.execute(select(Service.id, Service.material_cost)).all())
            prods = conn.execute(select(Product.id, Product.cost, Product.stock)).all()
            self.cost = {r[0]: r[1] for r in prods}
            self.stock = {r[0]: r[2] for r in prods}
            self.rates = {
                r[0]: (r[1], r[2])
                for r in conn.execute(
                    select(
                        StaffCommission.staff_id,
                        StaffCommission.service_bp,
                        StaffCommission.product_bp,
                    )
                )
            }
        self.vouchers: dict[str, list] = {}  # code -> [id, balance, version]
        self.kept: dict[int, tuple] = {}
        self.years: dict[dt.date, int] = {}
        self.sales = 0

    def _id(self, table) -> int:
        n = self.next[table]
        self.next[table] = n + 1
        return n

    def _sale_row(self, series: str, day: dt.date, at: dt.datetime, values: dict) -> tuple:
        year = self.years.get(day)
        if year is None:
            year = self.years[day] = calendar_year(day, self.jalali)
        number = self.counters.get((series, year), 0) + 1
        self.counters[(series, year)] = number
        sale_id = self._id(Sale)
        no = receipt_text(series, year, number)
        self.rows[Sale].append(
            dict(
                id=sale_id,
                series=series,
                year=year,
                number=number,
                receipt_no=no,
                business_date=day,
                posted_at=at,
                **values,
            )
        )
        return sale_id, no

    def sale(self, day, seq, ticket, totals, at, keep) -> None:
        actor, q, rows = self.actor, self.q, self.rows
        sale_id, _no = self._sale_row(
            SALES,
            day,
            at,
            dict(
                uuid=ticket.uuid,
                kind=SaleKind.SALE.value,
                client_id=ticket.client_id,
                staff_id=actor,
                original_sale_id=None,
                reason="",
                currency=self.currency,
                net_pricing=self.net_pricing,
                subtotal=totals.subtotal,
                discount=totals.discount,
                discount_reason=ticket.discount.reason if ticket.discount else "",
                net=totals.net,
                tax=totals.tax,
                total=totals.total,
                tips=totals.tips,
                change_given=totals.change,
                note=ticket.note,
                buyer_name="",
                buyer_tax_id="",
                buyer_address="",
            ),
        )
        voucher_ids: dict[str, int] = {}
        sold = []
        lines, wanted, account = [], {}, []
        for pos, (ln, lt) in enumerate(zip(ticket.lines, totals.lines, strict=True)):
            kind = ln.kind
            vid = None
            if kind is LineKind.SERVICE:
                cost = self.material[ln.service_id] * ln.qty if ln.service_id else 0
                bp = self.rates[ln.staff_id][0] if ln.staff_id in self.rates else 0
            elif kind is LineKind.PRODUCT:
                cost = self.cost[ln.product_id] * ln.qty
                bp = self.rates[ln.staff_id][1] if ln.staff_id in self.rates else 0
                wanted[ln.product_id] = wanted.get(ln.product_id, 0) + ln.qty
            else:
                cost, bp = 0, 0
                if kind is LineKind.VOUCHER:
                    code = normalise_code(ln.voucher_code)
                    vid = self._id(GiftVoucher)
                    voucher_ids[code] = vid
                    self.vouchers[code] = [vid, ln.unit_price, 1]
                    rows[GiftVoucher].append(
                        dict(
                            id=vid,
                            code=code,
                            initial_value=ln.unit_price,
                            balance=ln.unit_price,
                            expires_on=ln.expires_on or _year_after(day),
                            sold_sale_id=sale_id,
                            client_id=ticket.client_id,
                            created_at=at,
                            version=1,
                        )
                    )
                    sold.append((vid, ln.unit_price))
                else:
                    account.append(lt.total)
            lines.append(
                dict(
                    id=self._id(SaleLine),
                    sale_id=sale_id,
                    position=pos,
                    kind=kind.value,
                    description=ln.description.strip(),
                    service_id=ln.service_id,
                    product_id=ln.product_id,
                    voucher_id=vid,
                    staff_id=ln.staff_id,
                    qty=ln.qty,
                    unit_price=ln.unit_price,
                    tax_rate_bp=ln.tax_rate_bp
                    if kind in (LineKind.SERVICE, LineKind.PRODUCT)
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
        rows[SaleLine] += lines
        pays, redeem = [], []
        for p in ticket.payments:
            vid = None
            if p.method is PayMethod.VOUCHER:
                v = self.vouchers[normalise_code(p.voucher_code)]
                v[1] -= p.amount
                v[2] += 1
                vid = v[0]
                redeem.append((vid, p.amount))
            elif p.method is PayMethod.ACCOUNT:
                account.append(-p.amount)
            pays.append(
                dict(
                    id=self._id(SalePayment),
                    sale_id=sale_id,
                    method=p.method.value,
                    amount=p.amount,
                    tendered=p.tendered if p.method is PayMethod.CASH else 0,
                    voucher_id=vid,
                )
            )
        rows[SalePayment] += pays
        tips = [
            dict(id=self._id(SaleTip), sale_id=sale_id, staff_id=t.staff_id, amount=t.amount)
            for t in ticket.tips
            if t.amount
        ]
        rows[SaleTip] += tips
        self._stock(sale_id, {pid: -n for pid, n in wanted.items()}, self.cost, "sale", at)
        for vid, amount in sold:
            rows[VoucherMovement].append(
                dict(
                    id=self._id(VoucherMovement),
                    voucher_id=vid,
                    sale_id=sale_id,
                    at=at,
                    amount=amount,
                )
            )
        for vid, amount in redeem:
            rows[VoucherMovement].append(
                dict(
                    id=self._id(VoucherMovement),
                    voucher_id=vid,
                    sale_id=sale_id,
                    at=at,
                    amount=-amount,
                )
            )
        for amount in account:
            rows[AccountEntry].append(
                dict(
                    id=self._id(AccountEntry),
                    client_id=ticket.client_id,
                    sale_id=sale_id,
                    at=at,
                    amount=amount,
                    note="",
                )
            )
        if keep:
            self.kept[seq] = (sale_id, ticket.client_id, lines, pays, tips, totals.tips)
        self.sales += 1

    def _stock(self, sale_id, deltas: dict, costs: dict, kind: str, at) -> None:
        for pid, n in deltas.items():
            if not n:
                continue
            self.stock[pid] += n
            self.rows[StockMovement].append(
                dict(
                    id=self._id(StockMovement),
                    product_id=pid,
                    at=at,
                    qty=n,
                    kind=kind,
                    reason="",
                    sale_id=sale_id,
                    staff_id=self.actor,
                    unit_cost=costs.get(pid, 0),
                )
            )

    def correct(self, day, seq, take: dict[int, int] | None, method, reason, uuid, at) -> None:
        """A void (``take`` None) or a refund of ``{line position: qty}`` (see
        ``SalesService._correct``; only sales without vouchers or account are corrected)."""
        sale_id, client_id, olines, opays, otips, otip_total = self.kept.pop(seq)
        if take is None:
            take = {ln["position"]: ln["qty"] for ln in olines}
        rows, stock, costs = [], {}, {}
        for ln in olines:
            if ln["position"] not in take:
                continue
            qty = take[ln["position"]]
            fields = [
                refund_share(ln[f], ln["qty"], 0, qty, 0)
                for f in (
                    "total",
                    "tax",
                    "line_discount",
                    "ticket_discount",
                    "commission",
                    "amount",
                    "cost",
                )
            ]
            total, tax, ldisc, tdisc, comm, amount, cost = fields
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
                    original_line_id=ln["id"],
                )
            )
            if ln["product_id"] and ln["kind"] == LineKind.PRODUCT.value:
                stock[ln["product_id"]] = stock.get(ln["product_id"], 0) + qty
                costs[ln["product_id"]] = ln["cost"] // max(1, ln["qty"])
        total = sum(r["total"] for r in rows)
        void = method is None
        if void:
            pays = [
                dict(
                    method=p["method"], amount=-p["amount"], tendered=0, voucher_id=p["voucher_id"]
                )
                for p in opays
            ]
            tips = [dict(staff_id=t["staff_id"], amount=-t["amount"]) for t in otips]
            tip_total = -otip_total
        else:
            pays = [dict(method=method.value, amount=total, tendered=0, voucher_id=None)]
            tips, tip_total = [], 0
        cid, _no = self._sale_row(
            CORRECTIONS,
            day,
            at,
            dict(
                uuid=uuid,
                kind=(SaleKind.VOID if void else SaleKind.REFUND).value,
                client_id=client_id,
                staff_id=self.actor,
                original_sale_id=sale_id,
                reason=reason,
                currency=self.currency,
                net_pricing=self.net_pricing,
                subtotal=sum(r["amount"] for r in rows),
                discount=sum(r["line_discount"] + r["ticket_discount"] for r in rows),
                discount_reason="",
                net=sum(r["net"] for r in rows),
                tax=sum(r["tax"] for r in rows),
                total=total,
                tips=tip_total,
                change_given=0,
                note="",
                buyer_name="",
                buyer_tax_id="",
                buyer_address="",
            ),
        )
        for r in rows:
            r["id"], r["sale_id"] = self._id(SaleLine), cid
        self.rows[SaleLine] += rows
        self.rows[SalePayment] += [
            dict(p, id=self._id(SalePayment), sale_id=cid) for p in pays if p["amount"]
        ]
        self.rows[SaleTip] += [dict(t, id=self._id(SaleTip), sale_id=cid) for t in tips]
        self._stock(cid, stock, costs, "return", at)

    def receive(self, product_id: int, qty: int, reason: str, at) -> None:
        self.stock[product_id] += qty
        self.rows[StockMovement].append(
            dict(
                id=self._id(StockMovement),
                product_id=product_id,
                at=at,
                qty=qty,
                kind="receive",
                reason=reason,
                sale_id=None,
                staff_id=self.actor,
                unit_cost=self.cost[product_id],
            )
        )

    def flush(self, conn) -> None:
        with conn.begin():
            for table in _TABLES:
                rows = self.rows[table]
                if rows:
                    _insert_rows(conn, table.__table__, rows)
                    rows.clear()

    def finish(self, conn) -> None:
        with conn.begin():
            conn.execute(
                update(Product)
                .where(Product.id == bindparam("pid"))
                .values(stock=bindparam("new_stock")),
                [{"pid": pid, "new_stock": n} for pid, n in self.stock.items()],
            )
            if self.vouchers:
                conn.execute(
                    update(GiftVoucher)
                    .where(GiftVoucher.id == bindparam("vid"))
                    .values(balance=bindparam("new_balance"), version=bindparam("new_version")),
                    [
                        {"vid": v[0], "new_balance": v[1], "new_version": v[2]}
                        for v in self.vouchers.values()
                    ],
                )
            for (series, year), n in self.counters.items():
                if (series, year) in self.known_counters:
                    conn.execute(
                        update(ReceiptCounter)
                        .where(ReceiptCounter.series == series, ReceiptCounter.year == year)
                        .values(last_number=n)
                    )
                else:
                    conn.execute(
                        insert(ReceiptCounter).values(series=series, year=year, last_number=n)
                    )
            if conn.dialect.name == "postgresql":
                for table in _TABLES:
                    if table is CashDay:
                        continue
                    name = table.__tablename__
                    conn.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                            f"coalesce((SELECT max(id) FROM {name}), 0) + 1, false)"
                        )
                    )


def _insert_rows(conn, table, rows: list[dict]) -> None:
    """``INSERT`` many rows. On SQLite the Core statement is compiled once and
    the rows go to the driver's executemany as tuples, each value through the
    column type's own bind processor (what ``conn.execute(insert(t), rows)``
    does, without its per-row bookkeeping, which costs more than SQLite here)."""
    dialect = conn.dialect
    if dialect.name != "sqlite":
        conn.execute(insert(table), rows)
        return
    cols = list(rows[0])
    compiled = insert(table).values({c: bindparam(c) for c in cols}).compile(dialect=dialect)
    idx = [cols.index(name) for name in compiled.positiontup]
    procs = [table.c[c].type._cached_bind_processor(dialect) for c in cols]
    if all(p is None for p in procs):
        params = [tuple(r[cols[i]] for i in idx) for r in rows]
    else:
        params = [
            tuple(
                v if (p := procs[i]) is None or v is None else p(v)
                for i in idx
                for v in (r[cols[i]],)
            )
            for r in rows
        ]
    conn.exec_driver_sql(str(compiled), params)


def write_bulk(
    ctx, plan: VisitPlan, actor: int | None, *, batch: int = BULK_SALES_BATCH, progress=None
) -> int:
    """Carry out the plan with batched Core inserts; returns the sales written."""
    bulk = _Bulk(ctx, plan, actor)
    rows = bulk.rows
    with ctx.engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:  # a bigger page cache for the indexes while building
            conn.exec_driver_sql("PRAGMA cache_size=-262144")
            conn.commit()
        try:
            for day, events in plan.days():
                cash_day = None
                for ev in events:
                    kind = ev[0]
                    if kind == "sale":
                        bulk.sale(day, *ev[1:])
                    elif kind == "open":
                        cash_day = dict(
                            business_date=day,
                            opening_float=ev[1],
                            opened_at=dt.datetime.combine(day, dt.time(7)),
                            opened_by_id=actor,
                            closed_at=None,
                            closed_by_id=None,
                            expected_cash=None,
                            counted_cash=None,
                            note="",
                        )
                    elif kind == "move":
                        rows[CashMovement].append(
                            dict(
                                id=bulk._id(CashMovement),
                                business_date=day,
                                at=ev[3],
                                amount=ev[1],
                                reason=ev[2],
                                staff_id=actor,
                            )
                        )
                    elif kind == "receive":
                        bulk.receive(
                            ev[1], ev[2], ev[3], ev[4] or dt.datetime.combine(day, dt.time(7))
                        )
                    elif kind == "void":
                        bulk.correct(day, ev[1], None, None, ev[2], ev[3], ev[4])
                    elif kind == "refund":
                        _k, seq, pos, qty, method, reason, uuid, at = ev
                        bulk.correct(day, seq, {pos: qty}, method, reason, uuid, at)
                    elif kind == "close":
                        cash_day.update(
                            closed_at=ev[4],
                            closed_by_id=actor,
                            expected_cash=ev[2],
                            counted_cash=ev[1],
                            note=ev[3],
                        )
                if cash_day is not None:
                    rows[CashDay].append(cash_day)
                if len(rows[Sale]) >= batch:
                    bulk.flush(conn)
                    if progress is not None:
                        progress(bulk.sales, day)
            bulk.flush(conn)
            bulk.finish(conn)
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA cache_size=-2000")
                conn.commit()
    if progress is not None:
        progress(bulk.sales, plan.today)
    return bulk.sales


def _year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day + dt.timedelta(days=365)
