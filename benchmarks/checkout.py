"""Checkout speed: posting a sale through the service layer, beside raw sqlite3,
and opening a client file with 200 visits at 200,000 clients / 3,000,000 visits.

    .venv/bin/python benchmarks/checkout.py [--sales 500] [--db PATH] [--samples 200]

(a) ``ctx.sales.post`` on a fresh demo salon (SQLite, WAL, ``synchronous=FULL``,
    as the app opens it): median and p95 of each post, over ``--sales`` tickets
    (two services by their staff, a product scanned, a tip, card or cash with change).
(b) sales per second through the service, and through a plain ``sqlite3``
    connection with the same pragmas writing the same rows (the sale, its lines,
    payments, tip, stock movement and product stock, the receipt counter), one
    transaction per sale; the two run alternately in blocks in the same process.
(c) on the 200,000-client profile with 4 years of sales (built on first use with
    the demo's bulk path into ``benchmarks/.data/``, reused afterwards): opening
    a client file, ``ctx.clients.get(id)`` then ``ctx.reader.history(id)``, for
    clients with about 200 visits.

Targets (issue 3, raised in issue 7): (a) p95 < 10 ms; (b) >= 800 sales/s and >= 1/3 of raw;
(c) p95 < 5 ms.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _profile import DB_NAME, SALES_DIR, SALES_YEARS, open_profile, pct
from sqlalchemy import text

from salon_desktop.db.base import utcnow
from salon_desktop.domain.sale import (
    LineDraft,
    LineKind,
    PaymentDraft,
    PayMethod,
    TicketDraft,
    TipDraft,
    compute,
)

# -- (a) and (b): posting --------------------------------------------------------------


class Till:
    """A demo salon with a price list, and tickets like the desk rings up."""

    def __init__(self, folder: Path):
        from salon_desktop.demo import fill_demo
        from salon_desktop.services.context import open_context

        self.ctx = open_context(data_dir=folder)
        fill_demo(self.ctx, clients=300, seed=5, language="pl", years=1, bulk=True)
        ctx = self.ctx
        self.services = ctx.catalog.services()
        self.products = ctx.catalog.products()
        for p in self.products:  # plenty on the shelf
            ctx.catalog.receive(p.id, 100_000, "benchmark")
        self.staff = [m.id for m in ctx.staff.list()]
        with ctx.engine.connect() as conn:
            self.clients = [r[0] for r in conn.execute(text("SELECT id FROM clients LIMIT 200"))]
        self.desk = ctx.desk.load().desk_staff_id
        self.rng = random.Random(1)
        self.db = Path(ctx.engine.url.database)

    def ticket(self) -> TicketDraft:
        rng = self.rng
        lines = [
            LineDraft(
                LineKind.SERVICE,
                s.name,
                s.price,
                1,
                s.tax_rate_bp,
                rng.choice(self.staff),
                service_id=s.id,
            )
            for s in rng.sample(self.services, 2)
        ]
        p = rng.choice(self.products)
        lines.append(
            LineDraft(
                LineKind.PRODUCT,
                p.name,
                p.price,
                1,
                p.tax_rate_bp,
                lines[0].staff_id,
                product_id=p.id,
            )
        )
        t = TicketDraft(
            client_id=rng.choice(self.clients),
            lines=lines,
            tips=[TipDraft(lines[0].staff_id, 1000)],
        )
        due = compute(t, "PLN").due
        if rng.random() < 0.5:
            t.payments = [PaymentDraft(PayMethod.CARD, due)]
        else:
            t.payments = [PaymentDraft(PayMethod.CASH, due, -(-due // 5000) * 5000)]
        return t


class RawWriter:
    """The rows ``SalesService.post`` writes for a ticket, with plain sqlite3 and
    precomputed values: the floor the service is compared with."""

    def __init__(self, till: Till):
        self.till = till
        self.conn = sqlite3.connect(str(till.db), isolation_level=None)
        for pragma in (
            "foreign_keys=ON",
            "journal_mode=WAL",
            "synchronous=FULL",
            "busy_timeout=5000",
        ):
            self.conn.execute(f"PRAGMA {pragma}")
        self.cost = {p.id: p.cost for p in till.products}
        self.rates = dict(
            (r[0], (r[1], r[2]))
            for r in self.conn.execute(
                "SELECT staff_id, service_bp, product_bp FROM staff_commissions"
            )
        )

    def post(self, t: TicketDraft) -> None:
        from salon_desktop.domain.money import percent_of

        totals = compute(t, "PLN")
        now = utcnow().isoformat(sep=" ")
        today = time.strftime("%Y-%m-%d")
        year = int(today[:4])
        c = self.conn
        c.execute("BEGIN")
        number = c.execute(
            "UPDATE receipt_counters SET last_number = last_number + 1 "
            "WHERE series = 'S' AND year = ? RETURNING last_number",
            (year,),
        ).fetchone()
        if number is None:
            c.execute(
                "INSERT INTO receipt_counters (series, year, last_number) VALUES ('S', ?, 1)",
                (year,),
            )
            number = (1,)
        n = number[0]
        sale_id = c.execute(
            "INSERT INTO sales (uuid, kind, series, year, number, receipt_no, business_date, "
            "posted_at, client_id, staff_id, original_sale_id, reason, currency, net_pricing, "
            "subtotal, discount, discount_reason, net, tax, total, tips, change_given, note, "
            "buyer_name, buyer_tax_id, buyer_address) VALUES (?, 'sale', 'S', ?, ?, ?, ?, ?, ?, "
            "?, NULL, '', 'PLN', 0, ?, ?, '', ?, ?, ?, ?, ?, '', '', '', '') RETURNING id",
            (
                t.uuid,
                year,
                n,
                f"{year}/{n:05d}",
                today,
                now,
                t.client_id,
                self.till.desk,
                totals.subtotal,
                totals.discount,
                totals.net,
                totals.tax,
                totals.total,
                totals.tips,
                totals.change,
            ),
        ).fetchone()[0]
        rows = []
        for pos, (ln, lt) in enumerate(zip(t.lines, totals.lines, strict=True)):
            product = ln.kind is LineKind.PRODUCT
            bp = self.rates.get(ln.staff_id, (0, 0))[1 if product else 0]
            rows.append(
                (
                    sale_id,
                    pos,
                    ln.kind.value,
                    ln.description,
                    ln.service_id,
                    ln.product_id,
                    ln.staff_id,
                    ln.qty,
                    ln.unit_price,
                    ln.tax_rate_bp,
                    lt.amount,
                    lt.line_discount,
                    lt.ticket_discount,
                    lt.net,
                    lt.tax,
                    lt.total,
                    self.cost[ln.product_id] if product else 0,
                    percent_of(lt.net, bp, 1),
                )
            )
        c.executemany(
            "INSERT INTO sale_lines (sale_id, position, kind, description, service_id, "
            "product_id, voucher_id, staff_id, qty, unit_price, tax_rate_bp, amount, "
            "line_discount, ticket_discount, discount_reason, net, tax, total, cost, "
            "commission, original_line_id) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, "
            "?, '', ?, ?, ?, ?, ?, NULL)",
            rows,
        )
        c.executemany(
            "INSERT INTO sale_payments (sale_id, method, amount, tendered, voucher_id) "
            "VALUES (?, ?, ?, ?, NULL)",
            [(sale_id, p.method.value, p.amount, p.tendered) for p in t.payments],
        )
        c.executemany(
            "INSERT INTO sale_tips (sale_id, staff_id, amount) VALUES (?, ?, ?)",
            [(sale_id, tip.staff_id, tip.amount) for tip in t.tips],
        )
        for ln in t.lines:
            if ln.kind is LineKind.PRODUCT:
                c.execute(
                    "INSERT INTO stock_movements (product_id, at, qty, kind, reason, "
                    "sale_id, staff_id, unit_cost) VALUES (?, ?, ?, 'sale', '', ?, ?, ?)",
                    (
                        ln.product_id,
                        now,
                        -ln.qty,
                        sale_id,
                        self.till.desk,
                        self.cost[ln.product_id],
                    ),
                )
                c.execute(
                    "UPDATE products SET stock = stock - ? WHERE id = ?", (ln.qty, ln.product_id)
                )
        c.execute("COMMIT")


def measure_posting(n: int) -> tuple[list[float], float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        till = Till(Path(tmp))
        raw = RawWriter(till)
        ctx = till.ctx
        for _ in range(20):  # warm-up
            ctx.sales.post(till.ticket(), till.desk)
            raw.post(till.ticket())
        latencies: list[float] = []
        service_s = raw_s = 0.0
        block = 50
        for start in range(0, n, block):
            k = min(block, n - start)
            tickets = [till.ticket() for _ in range(k)]
            t0 = time.perf_counter()
            for t in tickets:
                t1 = time.perf_counter()
                ctx.sales.post(t, till.desk)
                latencies.append((time.perf_counter() - t1) * 1000)
            service_s += time.perf_counter() - t0
            tickets = [till.ticket() for _ in range(k)]
            t0 = time.perf_counter()
            for t in tickets:
                raw.post(t)
            raw_s += time.perf_counter() - t0
        with ctx.engine.connect() as conn:  # both wrote whole, consistent sales
            bad = conn.execute(
                text(
                    "SELECT count(*) FROM sales s WHERE s.total != (SELECT sum(total) FROM "
                    "sale_lines l WHERE l.sale_id = s.id)"
                )
            ).scalar()
            assert bad == 0, bad
        raw.conn.close()
        ctx.close()
    return latencies, n / service_s, n / raw_s


# -- (c): opening a client file ----------------------------------------------------------


def measure_history(db: Path, samples: int) -> tuple[list[float], list[float], int, int, float]:
    ctx = open_profile(db, years=SALES_YEARS)
    try:
        with ctx.engine.connect() as conn:
            sales = conn.execute(text("SELECT count(*) FROM sales WHERE kind = 'sale'")).scalar()
            rows = conn.execute(
                text(
                    "SELECT client_id, count(*) n FROM sales WHERE client_id IS NOT NULL "
                    "GROUP BY client_id ORDER BY abs(count(*) - 200) LIMIT :k"
                ),
                {"k": samples},
            ).all()
        ids = [r[0] for r in rows]
        visits = statistics.median(r[1] for r in rows)
        for cid in ids[:20]:  # warm-up
            ctx.clients.get(cid)
            ctx.reader.history(cid)
        total, hist = [], []
        for cid in ids:
            t0 = time.perf_counter()
            ctx.clients.get(cid)
            t1 = time.perf_counter()
            ctx.reader.history(cid)
            t2 = time.perf_counter()
            total.append((t2 - t0) * 1000)
            hist.append((t2 - t1) * 1000)
        clients = ctx.clients.count() + ctx.clients.count(archived=True)
        return total, hist, clients, sales, visits
    finally:
        ctx.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sales", type=int, default=500, help="sales posted each way")
    p.add_argument(
        "--db",
        type=Path,
        default=SALES_DIR / DB_NAME,
        help="the 200,000-client profile with sales (built if missing)",
    )
    p.add_argument("--samples", type=int, default=200, help="client files opened")
    p.add_argument("--skip-history", action="store_true", help="only (a) and (b)")
    a = p.parse_args(argv)
    print(f"# SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}")
    lat, service_rate, raw_rate = measure_posting(a.sales)
    met_a = pct(lat, 0.95) < 10
    met_b = service_rate >= 800 and service_rate >= raw_rate / 3
    print(
        f"post a sale (service, synchronous=FULL)  n={len(lat)}  median {statistics.median(lat):.2f} ms"
        f"  p95 {pct(lat, 0.95):.2f} ms  max {max(lat):.2f} ms   target p95 < 10 ms  "
        f"{'met' if met_a else 'MISSED'}"
    )
    print(
        f"sales per second: service {service_rate:,.0f}/s, raw sqlite3 {raw_rate:,.0f}/s "
        f"(service = {service_rate / raw_rate:.2f} of raw)   target >= 800/s and >= 1/3 of raw  "
        f"{'met' if met_b else 'MISSED'}"
    )
    met_c = True
    if not a.skip_history:
        total, hist, clients, sales, visits = measure_history(a.db, a.samples)
        met_c = pct(total, 0.95) < 5
        print(
            f"open a client file ({clients:,} clients, {sales:,} sales; {len(total)} files of "
            f"~{visits:.0f} visits): get + history median {statistics.median(total):.2f} ms  "
            f"p95 {pct(total, 0.95):.2f} ms (history alone p95 {pct(hist, 0.95):.2f} ms)   "
            f"target p95 < 5 ms  {'met' if met_c else 'MISSED'}"
        )
    ok = met_a and met_b and met_c
    print("all targets met" if ok else "SOME TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
