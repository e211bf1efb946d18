"""The first-run demo: a fresh profile filled with the demo salon (300 clients,
3 years of visits and sales), as ``salon-desktop demo --clients 300`` and the
README's first command make it.

    .venv/bin/python benchmarks/demo.py [--runs 2] [--clients 300] [--years 3]

Each run makes a new profile in a temporary folder (SQLite, WAL,
``synchronous=FULL`` as the app opens it) and times opening it (the migrations)
and ``fill_demo``, then prints the sales written and the sales per second.
Target (issue 7): ready in under 5 s.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time


def one(clients: int, years: int) -> tuple[float, float, int]:
    from salon_desktop.demo import count_sales, fill_demo
    from salon_desktop.services.context import open_context

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        ctx = open_context(data_dir=tmp)
        t1 = time.perf_counter()
        try:
            fill_demo(ctx, clients=clients, years=years)
            t2 = time.perf_counter()
            return t1 - t0, t2 - t1, count_sales(ctx)
        finally:
            ctx.close()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--clients", type=int, default=300)
    ap.add_argument("--years", type=int, default=3)
    args = ap.parse_args()
    totals = []
    for n in range(args.runs):
        opened, filled, sales = one(args.clients, args.years)
        totals.append(opened + filled)
        print(
            f"run {n + 1}: open {opened:.2f} s + fill {filled:.2f} s = {opened + filled:.2f} s  "
            f"({args.clients} clients, {sales:,} sales, {sales / filled:,.0f} sales/s)"
        )
    med = statistics.median(totals)
    met = med < 5.0
    print(f"first-run demo: median {med:.2f} s   target < 5 s  {'met' if met else 'MISSED'}")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
