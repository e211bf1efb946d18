"""NPS and CSAT over 300,000 surveys: the figures of a year, by staff member.

    .venv/bin/python benchmarks/survey_figures.py [--surveys 300000] [--db URL] [--runs 20]

Builds (once, into ``benchmarks/.data/surveys-N-Yy/``, or into ``--db``) a
profile with N surveys spread over ``--years`` (default 1) of visits by 12 staff members
and 30 services: their rows written straight into ``surveys`` and
``survey_answers`` (foreign keys off while writing; the visits themselves are
not needed by the figures). Then times ``ctx.surveys.figures`` for the last
year (every grouping: by day for the months, by staff, by service) and prints
the median and the worst. The target is under 500 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from salon_desktop.services.context import open_context  # noqa: E402

TODAY = dt.date(2026, 11, 23)


def build(ctx, n: int, years: int = 1, seed: int = 1) -> None:
    from sqlalchemy import func, select, text

    from salon_desktop.db.models_feedback import Survey
    from salon_desktop.db.rows import insert_rows, table_of

    with ctx.engine.connect() as conn:
        have = conn.execute(select(func.count(Survey.id))).scalar_one()
    if have >= n:
        return
    rnd = random.Random(seed)
    staff = [ctx.staff.add(f"Stylist {i}", "stylist").id for i in range(12)]
    services = list(range(1, 31))
    t0 = time.perf_counter()
    with ctx.engine.connect() as conn:
        if conn.dialect.name == "sqlite":  # outside a transaction, or SQLite ignores it
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        else:
            conn.execute(text("SET session_replication_role = replica"))  # no FK checks
            conn.commit()
        surveys, answers = [], []
        for sid in range(1, n + 1):
            day = TODAY - dt.timedelta(days=rnd.randrange(years * 365))
            rec = rnd.choice((10, 10, 9, 9, 9, 8, 8, 7, 6, 3))
            surveys.append(
                dict(
                    id=sid,
                    sale_id=sid,
                    client_id=rnd.randrange(1, 50_000),
                    visit_date=day,
                    taken_at=dt.datetime.combine(day, dt.time(18)),
                    channel="paper",
                    language="en",
                    recommend=rec,
                    comment="",
                    entered_by_id=None,
                )
            )
            base = dict(
                survey_id=sid,
                recommend=rec,
                visit_date=day,
                question_id=None,
                sale_line_id=None,
                service_id=None,
                staff_id=None,
                subject="",
                scale_min=1,
                scale_max=5,
            )
            first = len(answers)
            answers.append(
                dict(
                    base, kind="recommend", question_text="r", scale_min=0, scale_max=10, score=rec
                )
            )
            for _ in range(rnd.choice((1, 1, 2))):
                who = rnd.choice(staff)
                answers.append(
                    dict(
                        base,
                        kind="service",
                        question_text="s",
                        score=rnd.choice((5, 5, 4, 3, None)),
                        service_id=rnd.choice(services),
                        staff_id=who,
                    )
                )
                answers.append(
                    dict(
                        base,
                        kind="staff",
                        question_text="p",
                        score=rnd.choice((5, 5, 4, 3, None)),
                        staff_id=who,
                    )
                )
            mine = [x for x in answers[first:] if x["kind"] != "recommend"]
            rated = [x["score"] for x in mine if x["score"] is not None]
            surveys[-1]["ratings"] = len(rated)
            surveys[-1]["ratings_satisfied"] = sum(r >= 4 for r in rated)
            surveys[-1]["ratings_sum"] = sum(rated)
            if len(surveys) >= 20_000:
                insert_rows(conn, table_of(Survey), surveys)
                from salon_desktop.db.models_feedback import SurveyAnswer

                insert_rows(conn, table_of(SurveyAnswer), answers)
                surveys.clear()
                answers.clear()
        from salon_desktop.db.models_feedback import SurveyAnswer

        insert_rows(conn, table_of(Survey), surveys)
        insert_rows(conn, table_of(SurveyAnswer), answers)
        from salon_desktop.services.survey_figures import rebuild_day_counts

        rebuild_day_counts(conn)
        conn.commit()
        if conn.dialect.name == "sqlite":
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")
    print(f"built {n} surveys in {time.perf_counter() - t0:.1f} s")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--surveys", type=int, default=300_000)
    p.add_argument("--db", default=None)
    p.add_argument("--runs", type=int, default=20)
    p.add_argument("--years", type=int, default=1, help="the surveys are spread over")
    args = p.parse_args()
    folder = ROOT / "benchmarks" / ".data" / f"surveys-{args.surveys}-{args.years}y"
    folder.mkdir(parents=True, exist_ok=True)
    ctx = open_context(data_dir=folder, db_url=args.db, today=lambda: TODAY)
    try:
        build(ctx, args.surveys, args.years)
        start, end = TODAY - dt.timedelta(days=364), TODAY
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            f = ctx.surveys.figures(start, end)
            times.append((time.perf_counter() - t) * 1000)
        print(
            f"figures of a year ({f.surveys} surveys, {f.overall.nps.answers} recommend "
            f"answers, {len(f.by_staff)} staff): median {statistics.median(times):.0f} ms, "
            f"worst {max(times):.0f} ms (target < 500 ms); NPS {f.overall.nps.score}, "
            f"CSAT {f.overall.csat.percent} %"
        )
    finally:
        ctx.close()


if __name__ == "__main__":
    main()
