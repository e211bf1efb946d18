"""The shared benchmark profile: a SQLite database of 200,000 demo clients.

Built once with the demo's bulk path and reused by ``search.py`` and
``startup.py`` (default folder ``benchmarks/.data/profile-200000``).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

DEFAULT_CLIENTS = 200_000
DEFAULT_DIR = HERE / ".data" / f"profile-{DEFAULT_CLIENTS}"
SALES_YEARS = 4  # 200,000 clients, 4 years: about 3,000,000 visits
SALES_DIR = HERE / ".data" / f"profile-{DEFAULT_CLIENTS}-sales-{SALES_YEARS}y"
DB_NAME = "salon.sqlite3"  # what the app opens inside --data-dir


def pct(values: list[float], p: float) -> float:
    """The ``p`` quantile (0..1) of ``values``, interpolated between neighbours."""
    values = sorted(values)
    k = (len(values) - 1) * p
    lo = int(k)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def open_profile(
    db_path: Path,
    clients: int = DEFAULT_CLIENTS,
    seed: int = 2026,
    language: str = "fa",
    years: int = 0,
):
    """Open the SQLite profile at ``db_path``, filling it with demo clients (and
    ``years`` of their visits and sales) if it has none."""
    from salon_desktop.demo import fill_demo
    from salon_desktop.services.context import open_context

    db_path = Path(db_path).resolve()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    ctx = open_context(data_dir=db_path.parent, db_url=f"sqlite:///{db_path}")
    have = ctx.clients.count() + ctx.clients.count(archived=True)
    if have:
        print(f"# reusing {db_path} ({have:,} clients)", flush=True)
        return ctx
    print(
        f"# building {db_path}: {clients:,} demo clients ({language}, seed {seed})"
        + (f", {years} years of sales" if years else ""),
        flush=True,
    )
    t0 = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if done % 20_000 < 2_000 or done == total:
            rate = done / (time.perf_counter() - t0)
            print(f"#   {done:>7,} / {total:,}  ({rate:,.0f} clients/s)", flush=True)

    t_sales = [0.0]

    def sales_progress(done: int, day) -> None:
        if not t_sales[0]:
            t_sales[0] = time.perf_counter()
        if done % 200_000 < 20_000 or day == ctx.clients.today():
            print(
                f"#   {done:>9,} sales, up to {day}  ({time.perf_counter() - t0:.0f} s)", flush=True
            )

    fill_demo(
        ctx,
        clients=clients,
        seed=seed,
        language=language,
        years=years,
        bulk=True,
        progress=progress,
        sales_progress=sales_progress,
    )
    # No ANALYZE: a salon's own database has no planner statistics either.
    with ctx.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    print(f"# built in {time.perf_counter() - t0:.1f} s", flush=True)
    return ctx


if __name__ == "__main__":
    import argparse

    p = argparse.ArgumentParser(description="build (or check) the benchmark profile")
    p.add_argument("--data-dir", type=Path, default=DEFAULT_DIR)
    p.add_argument("--clients", type=int, default=DEFAULT_CLIENTS)
    p.add_argument("--language", default="fa", choices=("en", "pl", "fa"))
    p.add_argument("--years", type=int, default=0, help="years of visits and sales")
    a = p.parse_args()
    open_profile(a.data_dir / DB_NAME, a.clients, language=a.language, years=a.years).close()
