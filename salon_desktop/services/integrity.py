"""The integrity report: are the records of money and of who did what as written?

It recomputes each hash chain (``db.chains``) link by link — every link's hash
from the previous one and the content's, every record's content from the rows
as they are now — and checks what the chains cannot see: every record has a
link, the heads match the last links, receipt numbers run 1, 2, 3… without a
gap up to their counter, each gift voucher's balance is the sum of its
movements, and every guard trigger is in place. It names the first broken
record of each chain. ``salon-desktop verify`` prints it; the app shows it
(Settings → Check the records); opening a profile puts back a missing guard
and runs the quick check (``quick_check``: the newest links and the heads).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine, func, select, text

from salon_desktop.db import guards
from salon_desktop.db.chains import CHAINS, ORDER, contents, unlinked
from salon_desktop.db.models import (
    ChainHead,
    ChainLink,
    GiftVoucher,
    ReceiptCounter,
    Sale,
    VoucherMovement,
)
from salon_desktop.domain.chain import GENESIS, link_hash
from salon_desktop.i18n import N_, _
from salon_desktop.services.complaints import COMPLAINT_SERIES

log = logging.getLogger("salon_desktop.integrity")

CHUNK = 2000
# Counters in receipt_counters that number something other than receipts.
NOT_RECEIPTS = frozenset({COMPLAINT_SERIES})
ROLE_KINDS = frozenset({"role_superuser", "role_owner"})
NOT_TAMPERING = ROLE_KINDS | {"guard"}
MAX_PER_KIND = 20  # problems of one kind listed; the count says how many more

# kind -> sentence (msgid); {what} is the record ("sale 1204", "audit entry 88")
SENTENCES = {
    "changed": N_("{what} was changed after it was recorded."),
    "missing": N_("{what} was deleted: its link in the chain is there, the record is not."),
    "unlinked": N_("{what} is not in the chain: it was added outside Salon Desktop."),
    "link": N_("The chain's link {seq} was altered (the link after {what})."),
    "gap": N_("Link {seq} of the chain is missing: a record and its link were removed."),
    "head": N_("The end of the {chain} chain does not match its last link."),
    "counter": N_("Receipt series {series} of {year}: {detail}"),
    "voucher": N_("Gift voucher {code}: its balance is not the sum of its movements."),
    "count": N_(
        "The {chain} chain has {links} links but {records} records: records were deleted or "
        "added outside Salon Desktop. The full check (Settings, Check the records) names them."
    ),
    "guard": N_("A protection of the records had been removed ({name}); it was put back."),
    "guard_missing": N_("A protection of the records is missing ({name})."),
    "role_superuser": N_(
        "Salon Desktop connects to PostgreSQL as {role}, a superuser: whoever uses this PC "
        "can switch off the protections of the records. Connect the desks with a role that "
        "does not own the tables (the README shows the set-up)."
    ),
    "role_owner": N_(
        "Salon Desktop connects to PostgreSQL as {role}, which owns the tables: whoever uses "
        "this PC can drop or disable the protections of the records. Run the migrations as "
        "the owner and connect the desks with a role that does not own the tables (the README "
        "shows the set-up)."
    ),
}
CHAIN_NAMES = {"sales": N_("sales"), "cash": N_("cash movements"), "audit": N_("audit log")}
RECORD_NAMES = {
    "sales": N_("Sale {id}"),
    "cash": N_("Cash movement {id}"),
    "audit": N_("Audit entry {id}"),
}


@dataclass(frozen=True)
class Problem:
    kind: str
    chain: str | None = None
    record_id: int | None = None
    seq: int | None = None
    detail: dict[str, str] = field(default_factory=dict)

    def sentence(self) -> str:
        what = ""
        if self.chain is not None and self.record_id is not None:
            what = _(RECORD_NAMES[self.chain]).format(id=self.record_id)
        return _(SENTENCES[self.kind]).format(
            what=what,
            seq=self.seq if self.seq is not None else "",
            chain=_(CHAIN_NAMES.get(self.chain or "", "")) if self.chain else "",
            **self.detail,
        )


@dataclass
class IntegrityReport:
    links: dict[str, int] = field(default_factory=dict)  # chain -> links checked
    heads: dict[str, str] = field(default_factory=dict)  # chain -> last hash (the seal)
    problems: list[Problem] = field(default_factory=list)
    more: int = 0  # problems found beyond those listed
    repaired: list[str] = field(default_factory=list)  # guards put back

    @property
    def ok(self) -> bool:
        """No record was changed (a guard put back or a warning about the set-up is
        said, but the records are as written)."""
        return not [p for p in self.problems if p.kind not in NOT_TAMPERING] and not self.more

    @property
    def warnings(self) -> list[Problem]:
        """What is wrong with the set-up rather than with the records."""
        return [p for p in self.problems if p.kind in ROLE_KINDS]

    def first_broken(self, chain: str) -> Problem | None:
        found = [p for p in self.problems if p.chain == chain]
        return min(found, key=lambda p: (p.seq or 0, p.record_id or 0), default=None)

    def add(self, problem: Problem) -> None:
        same = sum(1 for p in self.problems if p.kind == problem.kind and p.chain == problem.chain)
        if same >= MAX_PER_KIND:
            self.more += 1
        else:
            self.problems.append(problem)


Progress = Callable[[int, int], None]


def verify(
    engine: Engine, progress: Progress | None = None, repair: bool = False
) -> IntegrityReport:
    """The whole check (reads every chained record once). ``repair`` puts back a
    missing guard (and says so in the report) instead of only naming it."""
    report = IntegrityReport()
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(ChainLink.__table__)).scalar_one()
    done = 0
    for chain in ORDER:
        done = _walk(engine, chain, report, done, total, progress)
    with engine.connect() as conn:
        _unlinked(conn, report)
        _counters(conn, report)
        _vouchers(conn, report)
    _guards(engine, report, repair)
    _role(engine, report)
    return report


def quick_check(engine: Engine, newest: int = 200) -> IntegrityReport:
    """What opening a profile runs: the guards put back if missing, the heads
    against the last links, the newest links, nothing unlinked at the end."""
    report = IntegrityReport()
    _guards(engine, report, repair=True)
    with engine.connect() as conn:
        for chain in ORDER:
            last = conn.execute(
                select(func.max(ChainLink.seq)).where(ChainLink.chain == chain)
            ).scalar()
            start = max(0, (last or 0) - newest)
            _walk_conn(conn, chain, report, start, None, 0, 0)
            _count(conn, chain, report)
        _unlinked(conn, report, newest_only=True)
        _counters(conn, report, quick=True)
    _role(engine, report)
    return report


# The guarded tables whose owner could drop or disable their triggers.
_GUARDED = tuple(dict.fromkeys(guards.APPEND_ONLY + guards.APPEND_ONLY_LATER))


def role_problem(conn) -> Problem | None:
    """On PostgreSQL: the app's role can switch off the guards (a superuser, or the
    owner of a guarded table, or a member of its owner); None when it cannot."""
    if conn.dialect.name != "postgresql":
        return None
    role, superuser = conn.execute(
        text("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
    ).one()
    if superuser:
        return Problem("role_superuser", detail={"role": role})
    owns = conn.execute(
        text(
            "SELECT bool_or(pg_has_role(current_user, c.relowner, 'MEMBER')) FROM pg_class c "
            "WHERE c.oid IN (SELECT to_regclass(t) FROM unnest(CAST(:tables AS text[])) AS t)"
        ),
        {"tables": list(_GUARDED)},
    ).scalar()
    if owns:
        return Problem("role_owner", detail={"role": role})
    return None


def _role(engine: Engine, report: IntegrityReport) -> None:
    try:
        with engine.connect() as conn:
            problem = role_problem(conn)
    except Exception:  # noqa: BLE001 - a warning about the set-up never stops the check
        log.exception("could not check the database role")
        return
    if problem is not None:
        log.warning("the app's database role can switch off the guards: %s", problem.kind)
        report.add(problem)


def _count(conn, chain: str, report: IntegrityReport) -> None:
    """As many records as links (a record deleted anywhere in the chain shows here)."""
    table = CHAINS[chain].table
    records = conn.execute(select(func.count()).select_from(table)).scalar_one()
    links = conn.execute(
        select(func.count()).select_from(ChainLink.__table__).where(ChainLink.chain == chain)
    ).scalar_one()
    if records != links:
        report.add(Problem("count", chain, detail={"links": str(links), "records": str(records)}))


def _walk(engine, chain, report, done, total, progress) -> int:
    with engine.connect() as conn:
        return _walk_conn(conn, chain, report, 0, progress, done, total)


def _walk_conn(conn, chain, report, after_seq, progress, done, total) -> int:
    spec = CHAINS[chain]
    links = ChainLink.__table__
    previous = GENESIS
    expected_seq = after_seq + 1
    if after_seq:
        previous = (
            conn.execute(
                select(links.c.hash).where(links.c.chain == chain, links.c.seq == after_seq)
            ).scalar()
            or GENESIS
        )
    checked = 0
    last_record: int | None = None
    while True:
        rows = conn.execute(
            select(links.c.seq, links.c.record_id, links.c.content_hash, links.c.hash)
            .where(links.c.chain == chain, links.c.seq > after_seq)
            .order_by(links.c.seq)
            .limit(CHUNK)
        ).all()
        if not rows:
            break
        now = contents(conn, spec, [r.record_id for r in rows])
        for r in rows:
            if r.seq != expected_seq:
                report.add(Problem("gap", chain, last_record, expected_seq))
            if r.hash != link_hash(previous, r.content_hash):
                report.add(Problem("link", chain, last_record, r.seq))
            actual = now.get(r.record_id)
            if actual is None:
                report.add(Problem("missing", chain, r.record_id, r.seq))
            elif actual != r.content_hash:
                report.add(Problem("changed", chain, r.record_id, r.seq))
            previous, expected_seq, last_record = r.hash, r.seq + 1, r.record_id
        after_seq = rows[-1].seq
        checked += len(rows)
        done += len(rows)
        if progress is not None:
            progress(done, total)
    heads = ChainHead.__table__
    head = conn.execute(
        select(heads.c.seq, heads.c.last_hash).where(heads.c.chain == chain)
    ).first()
    report.links[chain] = report.links.get(chain, 0) + checked
    if head is not None:
        report.heads[chain] = head.last_hash
        if head.seq != expected_seq - 1 or head.last_hash != previous:
            report.add(Problem("head", chain))
    elif checked:
        report.add(Problem("head", chain))
    return done


def _unlinked(conn, report: IntegrityReport, newest_only: bool = False) -> None:
    for chain in ORDER:
        for rid in unlinked(conn, chain, limit=MAX_PER_KIND + 1, newest_only=newest_only):
            report.add(Problem("unlinked", chain, rid))


def _counters_agree(conn, sales, counters: dict[tuple[str, int], int]) -> bool:
    """The opening's shortcut, a few index look-ups instead of reading every receipt
    number: each counter equals the last number of its series and year, and there are
    as many sales as the counters have given out (receipt numbers are unique, so no
    number is missing). When this fails the full comparison names what is wrong."""
    for (series, year), last in counters.items():
        high = conn.execute(
            select(func.max(sales.c.number)).where(sales.c.series == series, sales.c.year == year)
        ).scalar()
        if (high or 0) != last:
            return False
    total = conn.execute(select(func.count()).select_from(sales)).scalar_one()
    return total == sum(counters.values())


def _counters(conn, report: IntegrityReport, quick: bool = False) -> None:
    sales = Sale.__table__
    counters = {
        (r.series, r.year): r.last_number
        for r in conn.execute(select(ReceiptCounter.__table__))
        if r.series not in NOT_RECEIPTS
    }
    if quick and _counters_agree(conn, sales, counters):
        return
    seen = conn.execute(
        select(
            sales.c.series,
            sales.c.year,
            func.count(),
            func.count(sales.c.number.distinct()),
            func.min(sales.c.number),
            func.max(sales.c.number),
        ).group_by(sales.c.series, sales.c.year)
    ).all()
    for series, year, n, distinct, low, high in seen:
        counter = counters.pop((series, year), None)
        detail = None
        if distinct != n:
            detail = _("a receipt number is used twice.")
        elif low != 1 or high != n:
            detail = _("receipt numbers are missing (a sale was deleted).")
        elif counter is None:
            detail = _("its counter is missing.")
        elif counter != high:
            detail = _("its counter says {counter}, the last receipt is {last}.").format(
                counter=counter, last=high
            )
        if detail:
            report.add(
                Problem("counter", detail={"series": series, "year": str(year), "detail": detail})
            )
    for (series, year), counter in counters.items():
        if counter:
            report.add(
                Problem(
                    "counter",
                    detail={
                        "series": series,
                        "year": str(year),
                        "detail": _("its counter says {counter}, but it has no receipts.").format(
                            counter=counter
                        ),
                    },
                )
            )


def _vouchers(conn, report: IntegrityReport) -> None:
    v, m = GiftVoucher.__table__, VoucherMovement.__table__
    moved = (
        select(m.c.voucher_id, func.sum(m.c.amount).label("moved"))
        .group_by(m.c.voucher_id)
        .subquery()
    )
    rows = conn.execute(
        select(v.c.code, v.c.balance, func.coalesce(moved.c.moved, 0))
        .select_from(v.outerjoin(moved, moved.c.voucher_id == v.c.id))
        .where(v.c.balance != func.coalesce(moved.c.moved, 0))
        .order_by(v.c.id)
    ).all()
    for code, _balance, _moved in rows:
        report.add(Problem("voucher", detail={"code": code}))


def _guards(engine: Engine, report: IntegrityReport, repair: bool) -> None:
    with engine.begin() as conn:
        gone = guards.missing(conn)
        if not gone:
            return
        names = ", ".join(g.name for g in gone)
        if repair:
            try:
                guards.install(conn, gone)
            except Exception:  # noqa: BLE001 - e.g. an app role that may not create triggers
                log.exception("could not put back the guards %s", names)
                for g in gone:
                    report.add(Problem("guard_missing", detail={"name": g.name}))
                return
            log.warning("guards were missing and were put back: %s", names)
            report.repaired += [g.name for g in gone]
            for g in gone:
                report.add(Problem("guard", detail={"name": g.name}))
        else:
            for g in gone:
                report.add(Problem("guard_missing", detail={"name": g.name}))
