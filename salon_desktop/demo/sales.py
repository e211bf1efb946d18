"""The demo salon's years of sales, from ``demo.visits.VisitPlan``, written in
one of two ways:

- ``write_with_services``: every event through the real services
  (``SalesService.post``/``void``/``refund`` with that day as "today" and the
  visit's time on the clock, ``TillService`` to open and close each day,
  ``ctx.catalog.receive`` for deliveries);
- ``write_bulk``: the same events in few transactions, each row built by the
  same functions as the till's (``domain.posting``: the sale, its lines,
  payments, tips, stock, voucher and account movements, voids and refunds),
  with ids and receipt numbers given out here. Posted tables refuse UPDATE, so
  only final rows are inserted; product stock, voucher balances and receipt
  counters (ordinary columns) are set once at the end.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, text, update

from salon_desktop.db.chains import seal_all
from salon_desktop.db.engine import make_sessionmaker
from salon_desktop.db.models import (
    AccountEntry,
    CashMovement,
    CashSession,
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
from salon_desktop.db.rows import insert_rows, table_of
from salon_desktop.demo.visits import VisitPlan
from salon_desktop.domain.money import quantum
from salon_desktop.domain.posting import (
    CORRECTIONS,
    SALES,
    Facts,
    Receipt,
    Row,
    Rows,
    Stamp,
    calendar_year,
    correction_header,
    correction_lines,
    correction_payments,
    correction_rows,
    normalise_code,
    sale_header,
    sale_rows,
    sold_vouchers,
)
from salon_desktop.domain.sale import PayMethod, TicketDraft, TicketTotals
from salon_desktop.services.sales import SalesService
from salon_desktop.services.till import TillService

BULK_SALES_BATCH = 20_000  # sales per bulk transaction


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
                till.open_session(ev[1], actor)
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
                till.close_session(ev[1], ev[3], actor, day=day)
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
    CashSession,
)


class _Kept:
    """A posted sale a later void or refund refers to."""

    def __init__(self, header: Row, lines: list[Row], payments: list[Row], tips: list[Row]):
        self.header, self.lines, self.payments, self.tips = header, lines, payments, tips


class _Bulk:
    def __init__(self, ctx, plan: VisitPlan, actor: int | None):
        self.ctx, self.plan, self.actor = ctx, plan, actor
        cfg = ctx.salon
        self.currency, self.net_pricing = cfg.currency, cfg.net_pricing
        self.jalali = cfg.uses_jalali()
        self.q = quantum(self.currency)
        self.rows: dict[type, list[Row]] = {t: [] for t in _TABLES}
        with ctx.engine.connect() as conn:
            self.next = {
                t: (conn.scalar(select(func.max(table_of(t).c.id))) or 0) + 1 for t in _TABLES
            }
            self.counters: dict[tuple[str, int], int] = {
                (s, y): n
                for s, y, n in conn.execute(
                    select(ReceiptCounter.series, ReceiptCounter.year, ReceiptCounter.last_number)
                )
            }
            self.known_counters = set(self.counters)
            material = {r[0]: r[1] for r in conn.execute(select(Service.id, Service.material_cost))}
            prods = conn.execute(select(Product.id, Product.cost, Product.stock)).all()
            self.cost = {r[0]: r[1] for r in prods}
            self.stock = {r[0]: r[2] for r in prods}
            rates = {
                r[0]: (r[1], r[2])
                for r in conn.execute(
                    select(
                        StaffCommission.staff_id,
                        StaffCommission.service_bp,
                        StaffCommission.product_bp,
                    )
                )
            }
        self.facts = Facts(material, self.cost, rates)
        self.vouchers: dict[str, int] = {}  # code -> id
        self.balances: dict[int, list[int]] = {}  # voucher id -> [balance, version]
        self.kept: dict[int, _Kept] = {}
        self.years: dict[dt.date, int] = {}
        self.sales = 0

    def _id(self, table) -> int:
        n = self.next[table]
        self.next[table] = n + 1
        return n

    def _receipt(self, series: str, day: dt.date) -> Receipt:
        year = self.years.get(day)
        if year is None:
            year = self.years[day] = calendar_year(day, self.jalali)
        number = self.counters.get((series, year), 0) + 1
        self.counters[(series, year)] = number
        return Receipt(series, year, number)

    def _add(self, out: Rows) -> None:
        """Give the rows their ids, queue them, and move stock and voucher balances."""
        for table, rows in (
            (SaleLine, out.lines),
            (SalePayment, out.payments),
            (SaleTip, out.tips),
            (StockMovement, out.stock_moves),
            (VoucherMovement, out.voucher_moves),
            (AccountEntry, out.account),
        ):
            for r in rows:
                r["id"] = self._id(table)
            self.rows[table] += rows
        for pid, n in out.stock_deltas.items():
            self.stock[pid] += n
        for vid, n in out.voucher_deltas:
            v = self.balances[vid]
            v[0] += n
            v[1] += 1

    def sale(
        self,
        day: dt.date,
        seq: int,
        ticket: TicketDraft,
        totals: TicketTotals,
        at: dt.datetime,
        keep: bool,
    ) -> None:
        stamp = Stamp(day, at, self.actor)
        sale_id = self._id(Sale)
        header = sale_header(
            ticket,
            totals,
            currency=self.currency,
            net_pricing=self.net_pricing,
            receipt=self._receipt(SALES, day),
            stamp=stamp,
        )
        header["id"] = sale_id
        self.rows[Sale].append(header)
        voucher_ids: dict[str, int] = {}
        for v in sold_vouchers(ticket, sale_id=sale_id, stamp=stamp):
            vid = v["id"] = self._id(GiftVoucher)
            voucher_ids[v["code"]] = self.vouchers[v["code"]] = vid
            self.balances[vid] = [v["balance"], v["version"]]
            self.rows[GiftVoucher].append(v)
        redeemed = [
            self.vouchers[normalise_code(p.voucher_code)]
            for p in ticket.payments
            if p.method is PayMethod.VOUCHER
        ]
        out = sale_rows(
            ticket,
            totals,
            self.facts,
            sale_id=sale_id,
            voucher_ids=voucher_ids,
            redeemed=redeemed,
            q=self.q,
            stamp=stamp,
        )
        self._add(out)
        if keep:
            self.kept[seq] = _Kept(header, out.lines, out.payments, out.tips)
        self.sales += 1

    def correct(
        self,
        day: dt.date,
        seq: int,
        take: dict[int, int] | None,
        method: PayMethod | None,
        reason: str,
        uuid: str,
        at: dt.datetime,
    ) -> None:
        """A void (``take`` None) or a refund of ``{line position: qty}``, built as
        ``Corrections`` builds it (each kept sale is corrected once)."""
        kept = self.kept.pop(seq)
        void = take is None
        if take is None:
            by_id = {ln["id"]: ln["qty"] for ln in kept.lines}
        else:
            by_id = {kept.lines[pos]["id"]: qty for pos, qty in take.items()}
        stamp = Stamp(day, at, self.actor)
        lines = correction_lines(kept.lines, by_id, self.q)
        pays = correction_payments(lines, kept.payments if void else [], method)
        cid = self._id(Sale)
        header = correction_header(
            kept.header,
            lines,
            void=void,
            uuid=uuid,
            reason=reason,
            receipt=self._receipt(CORRECTIONS, day),
            stamp=stamp,
        )
        header["id"] = cid
        self.rows[Sale].append(header)
        self._add(
            correction_rows(
                kept.header,
                kept.lines,
                lines,
                pays,
                kept.tips,
                sale_id=cid,
                void=void,
                reason=reason,
                stamp=stamp,
            )
        )

    def receive(self, product_id: int, qty: int, reason: str, at: dt.datetime) -> None:
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

    def flush(self, conn: Connection) -> None:
        with conn.begin():
            for table in _TABLES:
                rows = self.rows[table]
                if rows:
                    insert_rows(conn, table_of(table), rows)
                    rows.clear()

    def finish(self, conn: Connection) -> None:
        with conn.begin():
            if self.stock:
                conn.execute(
                    update(Product)
                    .where(Product.id == bindparam("pid"))
                    .values(stock=bindparam("new_stock")),
                    [{"pid": pid, "new_stock": n} for pid, n in self.stock.items()],
                )
            if self.balances:
                conn.execute(
                    update(GiftVoucher)
                    .where(GiftVoucher.id == bindparam("vid"))
                    .values(balance=bindparam("new_balance"), version=bindparam("new_version")),
                    [
                        {"vid": vid, "new_balance": v[0], "new_version": v[1]}
                        for vid, v in self.balances.items()
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
            seal_all(conn)  # every sale, cash movement and audit entry in its hash chain
            if conn.dialect.name == "postgresql":
                for table in _TABLES:
                    name = table.__tablename__
                    conn.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                            f"coalesce((SELECT max(id) FROM {name}), 0) + 1, false)"
                        )
                    )


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
                cash_day: dict[str, Any] | None = None  # the day's one cash session
                first_sale, first_move = bulk.next[Sale], bulk.next[CashMovement]
                for ev in events:
                    kind = ev[0]
                    if kind == "sale":
                        bulk.sale(day, *ev[1:])
                    elif kind == "open":
                        cash_day = dict(
                            id=bulk._id(CashSession),
                            business_date=day,
                            number=1,
                            opening_float=ev[1],
                            opened_at=dt.datetime.combine(day, dt.time(7)),
                            opened_by_id=actor,
                            closed_at=None,
                            closed_by_id=None,
                            expected_cash=None,
                            counted_cash=None,
                            last_sale_id=None,
                            last_movement_id=None,
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
                    elif kind == "close" and cash_day is not None:
                        cash_day.update(
                            closed_at=ev[4],
                            closed_by_id=actor,
                            expected_cash=ev[2],
                            counted_cash=ev[1],
                            note=ev[3],
                            # as the till's close: the day's highest ids (0: none)
                            last_sale_id=bulk.next[Sale] - 1 if bulk.next[Sale] > first_sale else 0,
                            last_movement_id=bulk.next[CashMovement] - 1
                            if bulk.next[CashMovement] > first_move
                            else 0,
                        )
                if cash_day is not None:
                    rows[CashSession].append(cash_day)
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
