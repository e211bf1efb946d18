"""Search-as-you-type latency on 200,000 clients: service layer beside raw sqlite3.

    .venv/bin/python benchmarks/search.py [--db PATH] [--samples 300] [--explain]

Builds the profile on first use (``_profile.py``: the demo's bulk path) and
reuses it afterwards. For every query the service call ``ctx.search.search(q)``
is timed, and so is the same SQL replayed on a plain ``sqlite3`` connection:
the statements and parameters are captured from the service's own cursor (a
SQLAlchemy ``before_cursor_execute`` hook during a warm-up call), so "raw" is
exactly what the service sends, minus SQLAlchemy and Python around it. The two
are run alternately, query by query, in the same process.

Targets (issue 2, item 10): p95 < 25 ms for one or two typed characters and
< 5 ms from three; the service within 1.5x of raw or 0.3 ms of it, whichever
is larger. Opening a client file (``ctx.clients.get``): p95 < 5 ms.
"""

from __future__ import annotations

import argparse
import random
import re
import sqlite3
import statistics
import sys
import time
from pathlib import Path

from _profile import DB_NAME, DEFAULT_DIR, open_profile, pct
from sqlalchemy import event, text

from salon_desktop.domain.text import fold

PERSIAN = re.compile(r"[\u0600-\u06ff]")
POLISH = re.compile(r"[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]")
LATIN = re.compile(r"^[A-Za-z' -]+$")


# -- queries -------------------------------------------------------------------


def _fragment(rng: random.Random, word: str, lo: int = 3, hi: int = 5) -> str | None:
    """A piece of ``word`` that does not start at its first letter (when it can)."""
    word = word.strip()
    if len(word) < lo:
        return None
    n = rng.randint(lo, min(hi, len(word)))
    start = rng.randint(1, len(word) - n) if len(word) - n >= 1 else 0
    return word[start : start + n]


def _polish_fragment(rng: random.Random, name: str) -> str | None:
    """A folded 3-5 letter piece of ``name`` covering one of its diacritics (``zol`` for Żółw)."""
    for word in name.split():
        spots = [i for i, ch in enumerate(word) if POLISH.match(ch)]
        if not spots or len(word) < 3:
            continue
        i = rng.choice(spots)
        n = rng.randint(3, min(5, len(word)))
        start = max(0, min(i - rng.randint(0, n - 1), len(word) - n))
        return fold(word[start : start + n])
    return None


def make_queries(ctx, samples: int, seed: int) -> dict[str, list[str]]:
    import phonenumbers

    rng = random.Random(seed)
    with ctx.engine.connect() as conn:
        people = conn.execute(
            text(
                "SELECT first_name, last_name, main_phone FROM clients WHERE archived = 0 "
                "ORDER BY id"
            )
        ).all()
    rng.shuffle(people)
    kinds: dict[str, list[str]] = {
        k: []
        for k in (
            "name prefix, 1 char",
            "name prefix, 2 chars",
            "mid-name, Latin",
            "mid-name, Persian",
            "mid-name, Polish folded",
            "two words (3+1)",
            "two words (3+2)",
            "phone, national form",
            "phone, international digits",
        )
    }

    def add(kind: str, q: str | None) -> None:
        if q and len(kinds[kind]) < samples:
            kinds[kind].append(q)

    for first, last, phone in people:
        name = f"{first} {last}"
        word = rng.choice([first, last]).strip()
        add("name prefix, 1 char", word[:1])
        if len(word) >= 2:
            add("name prefix, 2 chars", word[:2])
        if PERSIAN.search(name):
            frag = _fragment(rng, rng.choice(name.replace("\u200c", " ").split()), 3, 4)
            add("mid-name, Persian", frag)
        elif POLISH.search(name):
            add("mid-name, Polish folded", _polish_fragment(rng, name))
        elif LATIN.match(name):
            add("mid-name, Latin", (_fragment(rng, word) or "").lower())
        if len(first) >= 3 and len(last) >= 2:  # first name, then the last name's start
            add("two words (3+1)", f"{first[:3]} {last[:1]}".lower())
            add("two words (3+2)", f"{first[:3]} {last[:2]}".lower())
        if phone:
            number = phonenumbers.parse(phone, None)
            national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
            add("phone, national form", national[: rng.randint(6, 9)].strip())
            digits = phone[1:]
            n = rng.randint(4, 8)
            start = rng.randint(0, len(digits) - n)
            add(
                "phone, international digits",
                ("+" if start == 0 else "") + digits[start : start + n],
            )
        if all(len(v) >= samples for v in kinds.values()):
            break
    return kinds


# -- measuring -----------------------------------------------------------------


class Capture:
    """Records the statements the service sends to the database cursor."""

    def __init__(self, engine):
        self.on = False
        self.statements: list[tuple[str, tuple]] = []
        event.listen(engine, "before_cursor_execute", self._hook)

    def _hook(self, _conn, _cursor, statement, parameters, _context, _executemany):
        if self.on and statement.strip().upper() not in {"BEGIN", "COMMIT", "ROLLBACK"}:
            self.statements.append((statement, tuple(parameters)))

    def run(self, fn):
        self.statements, self.on = [], True
        try:
            fn()
        finally:
            self.on = False
        return self.statements


def measure_search(
    ctx, raw: sqlite3.Connection, capture: Capture, queries: list[str], explain: bool
) -> tuple[list[float], list[float], dict]:
    service_ms, raw_ms = [], []
    plans: dict[str, list] = {}
    for i, q in enumerate(queries):
        stmts = capture.run(lambda q=q: ctx.search.search(q))  # warm-up, and the SQL it sent
        if explain:
            for sql, params in stmts:
                plan = raw.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
                plans.setdefault(" | ".join(r[-1] for r in plan), []).append(q)

        def run_service(q=q):
            t = time.perf_counter()
            ctx.search.search(q)
            return (time.perf_counter() - t) * 1000

        def run_raw(stmts=stmts):
            t = time.perf_counter()
            for sql, params in stmts:
                raw.execute(sql, params).fetchall()
            return (time.perf_counter() - t) * 1000

        if i % 2:
            service_ms.append(run_service())
            raw_ms.append(run_raw())
        else:
            raw_ms.append(run_raw())
            service_ms.append(run_service())
    return service_ms, raw_ms, plans


def measure_open(ctx, samples: int, seed: int) -> tuple[list[float], int]:
    rng = random.Random(seed)
    with ctx.engine.connect() as conn:
        ids = [
            r[0]
            for r in conn.execute(
                text(
                    "SELECT c.id FROM clients c WHERE EXISTS (SELECT 1 FROM colour_formulas f "
                    "WHERE f.client_id = c.id) AND EXISTS (SELECT 1 FROM client_tags t "
                    "WHERE t.client_id = c.id) AND EXISTS (SELECT 1 FROM client_consents k "
                    "WHERE k.client_id = c.id)"
                )
            )
        ]
    ids = rng.sample(ids, min(samples, len(ids)))
    for cid in ids[:20]:
        ctx.clients.get(cid)  # warm-up
    times = []
    for cid in ids:
        t = time.perf_counter()
        ctx.clients.get(cid)
        times.append((time.perf_counter() - t) * 1000)
    return times, len(ids)


# -- report --------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument(
        "--db",
        type=Path,
        default=DEFAULT_DIR / DB_NAME,
        help="SQLite file to use; built with demo clients if it has none "
        f"(default {DEFAULT_DIR / DB_NAME})",
    )
    p.add_argument("--clients", type=int, default=200_000, help="clients when building")
    p.add_argument("--samples", type=int, default=300, help="queries per kind (>= 200)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--explain",
        action="store_true",
        help="print EXPLAIN QUERY PLAN of each distinct statement shape",
    )
    a = p.parse_args(argv)

    ctx = open_profile(a.db, a.clients)
    try:
        raw = sqlite3.connect(str(a.db.resolve()), isolation_level=None)
        raw.execute("PRAGMA foreign_keys=ON")
        capture = Capture(ctx.engine)
        total = ctx.clients.count() + ctx.clients.count(archived=True)
        queries = make_queries(ctx, a.samples, a.seed)
        print(
            f"# {total:,} clients, {a.samples} queries per kind, SQLite "
            f"{sqlite3.sqlite_version}, Python {sys.version.split()[0]}"
        )
        header = (
            f"{'kind':<30} {'n':>4} {'service med':>11} {'p95':>7} {'raw med':>8} "
            f"{'p95':>7} {'ratio':>6}  {'target':<22} met"
        )
        print(header)
        print("-" * len(header))
        all_met = True
        all_plans: dict[str, dict] = {}
        for kind, qs in queries.items():
            s, r, plans = measure_search(ctx, raw, capture, qs, a.explain)
            all_plans[kind] = plans
            s_med, s95, r_med, r95 = (
                statistics.median(s),
                pct(s, 0.95),
                statistics.median(r),
                pct(r, 0.95),
            )
            limit = 25.0 if kind.startswith("name prefix") else 5.0
            ratio = s_med / r_med if r_med else float("inf")
            overhead_ok = s_med <= max(1.5 * r_med, r_med + 0.3)
            met = s95 < limit and overhead_ok
            all_met &= met
            target = f"p95<{limit:g}ms, <=1.5x|+0.3"
            print(
                f"{kind:<30} {len(qs):>4} {s_med:>11.2f} {s95:>7.2f} {r_med:>8.2f} "
                f"{r95:>7.2f} {ratio:>5.2f}x  {target:<22} "
                f"{'yes' if met else 'NO' + ('' if s95 < limit else ' (p95)') + ('' if overhead_ok else ' (overhead)')}"
            )
        times, n = measure_open(ctx, a.samples, a.seed)
        o_med, o95 = statistics.median(times), pct(times, 0.95)
        met = o95 < 5.0
        all_met &= met
        print(
            f"{'open client file (get)':<30} {n:>4} {o_med:>11.2f} {o95:>7.2f} {'':>8} {'':>7} "
            f"{'':>6}  {'p95<5ms':<22} {'yes' if met else 'NO'}"
        )
        print("all targets met" if all_met else "SOME TARGETS MISSED")
        if a.explain:
            for kind, plans in all_plans.items():
                print(f"\n## {kind}")
                for plan, qs in sorted(plans.items(), key=lambda kv: -len(kv[1])):
                    print(f"  [{len(qs)} queries, e.g. {qs[0]!r}] {plan}")
        raw.close()
        return 0 if all_met else 1
    finally:
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
