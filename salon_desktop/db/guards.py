"""The triggers that guard the records of money and of who did what.

Installed by the migrations (0002, 0005, 0006 chains) and, when one is found
missing at start-up (someone dropped it to change a record), installed again
by ``services.integrity``: this module is the one list of what must exist,
with the statement that creates each guard, per database.

What they refuse, whoever connects (the app, a script, a DB browser):
- posted sales and their rows, cash movements, complaint steps, the audit log
  and the hash-chain links: any UPDATE or DELETE (and, on SQLite, an INSERT OR
  REPLACE that would delete the row it clashes with; on PostgreSQL, TRUNCATE);
- a closed cash day: any change;
- cash sessions (0012): a closed one, any change; any one, deletion;
- receipt counters and chain heads: anything but moving forward; never
  deleted (the integrity report checks them against the records);
- gift vouchers: deletion (their balance is checked against their movements by
  the integrity report).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, text

REFUSED = "posted records cannot be changed or deleted; record a correction instead"
CLOSED = "a closed cash day cannot be changed"
SESSION_CLOSED = "a closed cash session cannot be changed; cash sessions are never deleted"
COMPLAINT_REFUSED = "the recorded steps of a complaint cannot be changed or deleted"
FORWARD_ONLY = "counters only move forward"
KEPT = "this record cannot be deleted"

# Rows never changed or deleted once written (0002's list).
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
# Added by the chains migration: the audit log and the links themselves.
APPEND_ONLY_LATER = ("audit_log", "chain_links")
# SQLite: the rows an INSERT OR REPLACE into each table would delete (every unique key).
SQLITE_REPLACE_CLASH = {table: "id = NEW.id" for table in APPEND_ONLY + APPEND_ONLY_LATER} | {
    "sales": "id = NEW.id OR uuid = NEW.uuid OR (series = NEW.series AND year = NEW.year "
    "AND number = NEW.number) OR (NEW.kind = 'void' AND kind = 'void' "
    "AND original_sale_id = NEW.original_sale_id)",
    "chain_links": "id = NEW.id OR (chain = NEW.chain AND seq = NEW.seq) "
    "OR (chain = NEW.chain AND record_id = NEW.record_id)",
}
# Counters: (table, key columns, the column that moves forward by one).
FORWARD = (
    ("receipt_counters", ("series", "year"), "last_number"),
    ("chain_heads", ("chain",), "seq"),
)


@dataclass(frozen=True)
class Guard:
    name: str  # the trigger's (or, for PostgreSQL, the function's) name
    table: str | None  # None: a PostgreSQL function the triggers call
    sql: str


def _pg_refuse(name: str, message: str) -> Guard:
    return Guard(
        name,
        None,
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation'; "
        "END $$",
    )


def _sqlite_session_guards() -> list[Guard]:
    """Migration 0012: an open session may be counted and closed, never a closed one
    changed; none deleted (their numbers and id ranges follow one another)."""
    return [
        Guard(
            "cash_sessions_closed_no_update",
            "cash_sessions",
            "CREATE TRIGGER cash_sessions_closed_no_update BEFORE UPDATE ON cash_sessions "
            "WHEN OLD.closed_at IS NOT NULL OR NEW.id IS NOT OLD.id "
            "OR NEW.business_date IS NOT OLD.business_date OR NEW.number IS NOT OLD.number "
            f"BEGIN SELECT RAISE(ABORT, '{SESSION_CLOSED}'); END",
        ),
        Guard(
            "cash_sessions_no_delete",
            "cash_sessions",
            "CREATE TRIGGER cash_sessions_no_delete BEFORE DELETE ON cash_sessions "
            f"BEGIN SELECT RAISE(ABORT, '{SESSION_CLOSED}'); END",
        ),
        Guard(
            "cash_sessions_no_replace",
            "cash_sessions",
            "CREATE TRIGGER cash_sessions_no_replace BEFORE INSERT ON cash_sessions "
            "WHEN EXISTS (SELECT 1 FROM cash_sessions WHERE id = NEW.id OR "
            "(business_date = NEW.business_date AND number = NEW.number)) "
            f"BEGIN SELECT RAISE(ABORT, '{SESSION_CLOSED}'); END",
        ),
    ]


def _pg_session_guards() -> list[Guard]:
    return [
        Guard(
            "salon_refuse_session_change",
            None,
            "CREATE OR REPLACE FUNCTION salon_refuse_session_change() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN IF TG_OP <> 'UPDATE' THEN "
            f"RAISE EXCEPTION '{SESSION_CLOSED}' USING ERRCODE = 'integrity_constraint_violation'; "
            "END IF; IF OLD.closed_at IS NOT NULL OR NEW.id IS DISTINCT FROM OLD.id "
            "OR NEW.business_date IS DISTINCT FROM OLD.business_date "
            "OR NEW.number IS DISTINCT FROM OLD.number THEN "
            f"RAISE EXCEPTION '{SESSION_CLOSED}' USING ERRCODE = 'integrity_constraint_violation'; "
            "END IF; RETURN NEW; END $$",
        ),
        Guard(
            "cash_sessions_guarded",
            "cash_sessions",
            "CREATE TRIGGER cash_sessions_guarded BEFORE UPDATE OR DELETE ON cash_sessions "
            "FOR EACH ROW EXECUTE FUNCTION salon_refuse_session_change()",
        ),
        Guard(
            "cash_sessions_no_truncate",
            "cash_sessions",
            "CREATE TRIGGER cash_sessions_no_truncate BEFORE TRUNCATE ON cash_sessions "
            "FOR EACH STATEMENT EXECUTE FUNCTION salon_refuse_session_change()",
        ),
    ]


def sqlite_guards(later: bool = True, sessions: bool | None = None) -> list[Guard]:
    out: list[Guard] = []
    tables = APPEND_ONLY + (APPEND_ONLY_LATER if later else ())
    for table in tables:
        for event in ("UPDATE", "DELETE"):
            out.append(
                Guard(
                    f"{table}_no_{event.lower()}",
                    table,
                    f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END",
                )
            )
        out.append(
            Guard(
                f"{table}_no_replace",
                table,
                f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "
                f"WHEN EXISTS (SELECT 1 FROM {table} WHERE {SQLITE_REPLACE_CLASH[table]}) "
                f"BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END",
            )
        )
    for event in ("UPDATE", "DELETE"):
        out.append(
            Guard(
                f"cash_days_closed_no_{event.lower()}",
                "cash_days",
                f"CREATE TRIGGER cash_days_closed_no_{event.lower()} BEFORE {event} ON cash_days "
                f"WHEN OLD.closed_at IS NOT NULL BEGIN SELECT RAISE(ABORT, '{CLOSED}'); END",
            )
        )
    out.append(
        Guard(
            "cash_days_closed_no_replace",
            "cash_days",
            "CREATE TRIGGER cash_days_closed_no_replace BEFORE INSERT ON cash_days "
            "WHEN EXISTS (SELECT 1 FROM cash_days WHERE business_date = NEW.business_date "
            f"AND closed_at IS NOT NULL) BEGIN SELECT RAISE(ABORT, '{CLOSED}'); END",
        )
    )
    for event in ("UPDATE", "DELETE"):
        out.append(
            Guard(
                f"complaint_events_no_{event.lower()}",
                "complaint_events",
                f"CREATE TRIGGER complaint_events_no_{event.lower()} BEFORE {event} "
                f"ON complaint_events BEGIN SELECT RAISE(ABORT, '{COMPLAINT_REFUSED}'); END",
            )
        )
    if later:
        for table, keys, col in FORWARD:
            same = " OR ".join(f"NEW.{k} IS NOT OLD.{k}" for k in keys)
            out.append(
                Guard(
                    f"{table}_forward_only",
                    table,
                    f"CREATE TRIGGER {table}_forward_only BEFORE UPDATE ON {table} "
                    f"WHEN NEW.{col} <= OLD.{col} OR {same} "
                    f"BEGIN SELECT RAISE(ABORT, '{FORWARD_ONLY}'); END",
                )
            )
            out.append(
                Guard(
                    f"{table}_no_delete",
                    table,
                    f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{KEPT}'); END",
                )
            )
            if table == "chain_heads":  # receipt counters are upserts: an INSERT that
                # meets its row is how they move forward (a REPLACE that resets one
                # is found by the integrity report: counter against receipts)
                out.append(
                    Guard(
                        f"{table}_no_replace",
                        table,
                        f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "
                        f"WHEN EXISTS (SELECT 1 FROM {table} WHERE chain = NEW.chain) "
                        f"BEGIN SELECT RAISE(ABORT, '{FORWARD_ONLY}'); END",
                    )
                )
        out.append(
            Guard(
                "gift_vouchers_no_delete",
                "gift_vouchers",
                "CREATE TRIGGER gift_vouchers_no_delete BEFORE DELETE ON gift_vouchers "
                f"BEGIN SELECT RAISE(ABORT, '{KEPT}'); END",
            )
        )
    if later if sessions is None else sessions:
        out += _sqlite_session_guards()
    return out


def pg_guards(later: bool = True, sessions: bool | None = None) -> list[Guard]:
    out: list[Guard] = [
        _pg_refuse("salon_refuse_change", REFUSED),
        Guard(
            "salon_refuse_closed_day",
            None,
            "CREATE OR REPLACE FUNCTION salon_refuse_closed_day() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN IF OLD.closed_at IS NOT NULL THEN "
            f"RAISE EXCEPTION '{CLOSED}' USING ERRCODE = 'integrity_constraint_violation'; "
            "END IF; IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$",
        ),
        _pg_refuse("salon_refuse_complaint_change", COMPLAINT_REFUSED),
    ]
    tables = APPEND_ONLY + (APPEND_ONLY_LATER if later else ())
    for table in tables:
        out.append(
            Guard(
                f"{table}_append_only",
                table,
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION salon_refuse_change()",
            )
        )
        out.append(
            Guard(
                f"{table}_no_truncate",
                table,
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION salon_refuse_change()",
            )
        )
    out.append(
        Guard(
            "cash_days_closed",
            "cash_days",
            "CREATE TRIGGER cash_days_closed BEFORE UPDATE OR DELETE ON cash_days "
            "FOR EACH ROW EXECUTE FUNCTION salon_refuse_closed_day()",
        )
    )
    out.append(
        Guard(
            "complaint_events_append_only",
            "complaint_events",
            "CREATE TRIGGER complaint_events_append_only BEFORE UPDATE OR DELETE "
            "ON complaint_events FOR EACH ROW EXECUTE FUNCTION salon_refuse_complaint_change()",
        )
    )
    if later:
        out.append(_pg_refuse("salon_refuse_delete", KEPT))
        for table, keys, col in FORWARD:
            same = " OR ".join(f"NEW.{k} IS DISTINCT FROM OLD.{k}" for k in keys)
            fn = f"salon_{table}_forward"
            out.append(
                Guard(
                    fn,
                    None,
                    f"CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                    f"BEGIN IF NEW.{col} <= OLD.{col} OR {same} THEN "
                    f"RAISE EXCEPTION '{FORWARD_ONLY}' "
                    "USING ERRCODE = 'integrity_constraint_violation'; END IF; "
                    "RETURN NEW; END $$",
                )
            )
            out.append(
                Guard(
                    f"{table}_forward_only",
                    table,
                    f"CREATE TRIGGER {table}_forward_only BEFORE UPDATE ON {table} "
                    f"FOR EACH ROW EXECUTE FUNCTION {fn}()",
                )
            )
        for table in ("receipt_counters", "chain_heads", "gift_vouchers"):
            out.append(
                Guard(
                    f"{table}_no_delete",
                    table,
                    f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION salon_refuse_delete()",
                )
            )
            out.append(
                Guard(
                    f"{table}_no_truncate",
                    table,
                    f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION salon_refuse_delete()",
                )
            )
    if later if sessions is None else sessions:
        out += _pg_session_guards()
    return out


def expected(dialect: str, later: bool = True, sessions: bool | None = None) -> list[Guard]:
    """The guards of a database at head; ``later=False``: as 0002 and 0005 made them;
    ``sessions=False``: as 0010 left them, before the cash sessions (0012). The
    sessions' guards follow ``later`` unless told."""
    if dialect == "sqlite":
        return sqlite_guards(later, sessions)
    if dialect == "postgresql":
        return pg_guards(later, sessions)
    return []


def session_guards(dialect: str) -> list[Guard]:
    """The guards migration 0012 installs (the cash sessions')."""
    return {"sqlite": _sqlite_session_guards, "postgresql": _pg_session_guards}.get(dialect, list)()


def present(conn: Connection) -> set[str]:
    """Names of the guard triggers and functions that exist now."""
    if conn.dialect.name == "sqlite":
        rows = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
        return {r[0] for r in rows}
    rows = conn.execute(
        text(
            "SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE NOT t.tgisinternal AND c.relnamespace = to_regnamespace(current_schema()) "
            "AND t.tgenabled <> 'D' "
            "UNION SELECT proname FROM pg_proc "
            "WHERE pronamespace = to_regnamespace(current_schema())"
        )
    )
    return {r[0] for r in rows}


def missing(conn: Connection, sessions: bool = True) -> list[Guard]:
    have = present(conn)
    return [g for g in expected(conn.dialect.name, sessions=sessions) if g.name not in have]


def install(conn: Connection, guards: list[Guard]) -> None:
    """Create these guards (functions first). A disabled PostgreSQL trigger is
    dropped and created again, so it is enabled."""
    for g in sorted(guards, key=lambda g: g.table is not None):
        if conn.dialect.name == "postgresql" and g.table is not None:
            conn.execute(text(f"DROP TRIGGER IF EXISTS {g.name} ON {g.table}"))
        conn.execute(text(g.sql))
