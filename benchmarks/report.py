"""The monthly report at scale: 200,000 clients / 3,000,000 sales.

    .venv/bin/python benchmarks/report.py [--db URL] [--clients 200000] [--visits 3000000]
                                          [--runs 3] [--lang en|pl|fa]

Builds (once, reused afterwards; the same database as ``benchmarks/segments.py``)
``--clients`` client files with about ``--visits`` sales over four years, stores
their scores once, then, ``--runs`` times, times the report of the last whole
month: its figures (``ReportService.report``: three periods, segments, birthdays,
clients to win back, the NPS trend) and the whole PDF (``monthly_report_pdf``),
printing each run and the median, and beside them the time plain SQL takes to
read and group what the visits need (one pass over the same months, nothing else
computed). Targets (issue 11): figures < 1 s, the whole PDF
(figures and document) < 2 s, on SQLite and PostgreSQL (``--db
postgresql+psycopg://…``). Exit status 1 when a target is missed. Times move with
the machine's load: on a shared machine run it small (``--clients 5000 --visits
75000``) and read the figures as a trend.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from segments import TODAY, build  # noqa: E402

FIGURES_TARGET, PDF_TARGET = 1.0, 2.0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db", help="database URL (default: a SQLite file in benchmarks/.data)")
    p.add_argument("--clients", type=int, default=200_000)
    p.add_argument("--visits", type=int, default=3_000_000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--lang", choices=("en", "pl", "fa"), default="en")
    a = p.parse_args(argv)

    import dataclasses

    from sqlalchemy import func, select

    from salon_desktop.db.models_segments import ClientScore
    from salon_desktop.documents.monthly_report import monthly_report_pdf
    from salon_desktop.domain.report_period import month_of, month_period
    from salon_desktop.services.context import open_context

    folder = HERE / ".data"
    folder.mkdir(parents=True, exist_ok=True)
    url = a.db or f"sqlite:///{folder / f'segments-{a.clients}.sqlite3'}"
    ctx = open_context(data_dir=folder / "segments-profile", db_url=url, today=lambda: TODAY)
    try:
        build(ctx, a.clients, a.visits)
        with ctx.engine.connect() as conn:
            scored = conn.execute(select(func.count()).select_from(ClientScore)).scalar_one()
        if not scored:
            t0 = time.perf_counter()
            ctx.segments.refit()
            print(f"# scores stored ({time.perf_counter() - t0:.1f} s)")
        jalali = a.lang == "fa"
        y, m = month_of(TODAY, jalali)
        period = month_period(y, m - 1, jalali)
        header = dataclasses.replace(ctx.header(), language=a.lang)
        figures, pdfs = [], []
        for run in range(a.runs):
            t0 = time.perf_counter()
            report = ctx.reports.report(period)
            t1 = time.perf_counter()
            data = monthly_report_pdf(report, header)
            t2 = time.perf_counter()
            figures.append(t1 - t0)
            pdfs.append(t2 - t0)
            print(
                f"# run {run + 1}: figures {t1 - t0:.2f} s, document {t2 - t1:.2f} s "
                f"({len(data) // 1024} KiB, {report.current.visits:,} visits in the month)",
                flush=True,
            )
        raws = [raw_sql(ctx.engine, period) for _ in range(a.runs)]
        raw_days = [raw_sql_days(ctx.engine, period) for _ in range(a.runs)]
        raw_money = [raw_sql_money(ctx.engine, period) for _ in range(a.runs)]
        med = statistics.median
        print(f"database        {ctx.engine.dialect.name}")
        print(f"figures         {med(figures):6.2f} s   target < {FIGURES_TARGET:.0f} s")
        print(f"whole PDF       {med(pdfs):6.2f} s   target < {PDF_TARGET:.0f} s")
        print(
            f"raw SQL         {med(raws):6.2f} s   (the visit days of the three periods and "
            "the months before, counted by client and day: the floor of one pass)"
        )
        print(
            f"raw SQL, days   {med(raw_days):6.2f} s   (the visit figures' counts over "
            "client_visit_days and the walk-in sales as plain SQL: what the visits now read)"
        )
        print(
            f"raw SQL, money  {med(m[0] for m in raw_money):6.2f} s   (the three periods' "
            "day totals as plain SQL: what the money now reads; from the lines themselves: "
            f"{med(m[1] for m in raw_money):.2f} s)"
        )
        ok = med(figures) < FIGURES_TARGET and med(pdfs) < PDF_TARGET
        print("all targets met" if ok else "SOME TARGETS MISSED")
        return 0 if ok else 1
    finally:
        ctx.close()


def raw_sql(engine, period) -> float:
    """Seconds for plain SQL text to read what the visits need: the sales (not voided)
    of the windows the report reads (each period and the three months before, the
    overlapping ones merged), grouped by client and day, the groups counted."""
    from sqlalchemy import text

    from salon_desktop.services.report_visits import visit_windows

    sql = text(
        "SELECT count(*) FROM (SELECT client_id, business_date FROM sales s "
        "WHERE business_date >= :a AND business_date < :b AND kind = 'sale' "
        "AND NOT EXISTS (SELECT 1 FROM sales v WHERE v.original_sale_id = s.id "
        "AND v.kind = 'void') GROUP BY client_id, business_date) AS days"
    )
    periods = [period, period.previous(), period.year_before()]
    t0 = time.perf_counter()
    with engine.connect() as conn:
        for start, end in visit_windows(periods):
            conn.execute(sql, {"a": start, "b": end}).scalar_one()
    return time.perf_counter() - t0


def raw_sql_days(engine, period) -> float:
    """Seconds for plain SQL text to count what the visits read now: for each of the
    three periods, its visit days (``client_visit_days``) with their day before (how
    many, first in the period, new, retained; the gaps by value), the months before's
    last days, and the period's walk-in sales (not voided)."""
    from sqlalchemy import text

    from salon_desktop.services.report_visits import EPOCH

    counts = text(
        "SELECT count(*), count(*) FILTER (WHERE prev_day IS NULL OR prev_day < :b), "
        "count(*) FILTER (WHERE prev_day IS NULL), "
        "count(*) FILTER (WHERE prev_day >= :a AND prev_day < :b) "
        "FROM client_visit_days WHERE day >= :b AND day < :c"
    )
    gaps = text(
        "SELECT day - prev_day, count(*) FROM client_visit_days "
        "WHERE day >= :b AND day < :c AND prev_day IS NOT NULL GROUP BY day - prev_day"
    )
    base = text(
        "SELECT count(*) FROM client_visit_days WHERE day >= :a AND day < :b "
        "AND (next_day IS NULL OR next_day >= :b)"
    )
    walk_ins = text(
        "SELECT count(*) FROM sales s "
        "WHERE business_date >= :a AND business_date < :b AND kind = 'sale' "
        "AND client_id IS NULL AND NOT EXISTS (SELECT 1 FROM sales v "
        "WHERE v.original_sale_id = s.id AND v.kind = 'void')"
    )
    periods = [period, period.previous(), period.year_before()]
    t0 = time.perf_counter()
    with engine.connect() as conn:
        for p in periods:
            since = p.months_before(3).start
            n = {"a": (since - EPOCH).days, "b": (p.start - EPOCH).days, "c": (p.end - EPOCH).days}
            conn.execute(counts, n).one()
            conn.execute(gaps, n).all()
            conn.execute(base, n).scalar_one()
            conn.execute(walk_ins, {"a": p.start, "b": p.end}).scalar_one()
    return time.perf_counter() - t0


def raw_sql_money(engine, period) -> tuple[float, float]:
    """Seconds for plain SQL text to read the three periods' money: from the day
    totals (``sale_day_lines`` and ``sale_day_payments``, what the report reads), and
    from the lines themselves (one GROUP BY a period over the sales' lines, what it
    read before migration 0018)."""
    from sqlalchemy import text

    totals = [
        text(
            "SELECT business_date, sale_kind, line_kind, service_id, staff_id, qty, total "
            "FROM sale_day_lines WHERE business_date >= :a AND business_date < :b"
        ),
        text(
            "SELECT method, SUM(amount) FROM sale_day_payments "
            "WHERE business_date >= :a AND business_date < :b GROUP BY method"
        ),
    ]
    lines = text(
        "SELECT s.business_date, l.kind, l.service_id, l.staff_id, s.kind, SUM(l.qty), "
        "SUM(l.total) FROM sales s JOIN sale_lines l ON l.sale_id = s.id "
        "WHERE s.business_date >= :a AND s.business_date < :b "
        "AND l.kind IN ('service', 'product') "
        "GROUP BY s.business_date, l.kind, l.service_id, l.staff_id, s.kind"
    )
    periods = [period, period.previous(), period.year_before()]
    out = []
    for stmts in (totals, [lines]):
        t0 = time.perf_counter()
        with engine.connect() as conn:
            for p in periods:
                for stmt in stmts:
                    conn.execute(stmt, {"a": p.start, "b": p.end}).all()
        out.append(time.perf_counter() - t0)
    return out[0], out[1]


if __name__ == "__main__":
    sys.exit(main())
