"""Reading the chained records and appending their links (``domain.chain``).

Three chains: ``sales`` (every posted sale, void and refund with its lines,
payments and tips), ``cash`` (cash paid in or out of the drawer), ``audit``
(the audit log). A link is appended in the transaction that writes the record,
after taking the chain's head row for update: desks append one after another,
in the order they commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, bindparam, event, func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.elements import BindParameter

from salon_desktop.db.base import utcnow
from salon_desktop.db.models import AuditEntry, CashMovement, Sale, SaleLine, SalePayment, SaleTip
from salon_desktop.db.models_integrity import ChainHead, ChainLink
from salon_desktop.db.rows import insert_rows, table_of
from salon_desktop.domain.chain import GENESIS, content_hash, link_hash

_links, _heads = table_of(ChainLink), table_of(ChainHead)


@dataclass(frozen=True)
class ChainSpec:
    name: str
    table: Table
    children: tuple[tuple[str, Table], ...] = ()  # (name, table with a sale_id)
    label: str = ""  # what a record is, in the integrity report


CHAINS: dict[str, ChainSpec] = {
    "sales": ChainSpec(
        "sales",
        table_of(Sale),
        (
            ("lines", table_of(SaleLine)),
            ("payments", table_of(SalePayment)),
            ("tips", table_of(SaleTip)),
        ),
        "sale",
    ),
    "cash": ChainSpec("cash", table_of(CashMovement), (), "cash movement"),
    "audit": ChainSpec("audit", table_of(AuditEntry), (), "audit entry"),
}
ORDER = ("sales", "cash", "audit")  # a transaction takes the heads in this order


def _statements(spec: ChainSpec, one: bool):
    """Built once per chain (building a statement costs more than running it); ``one``:
    for a single record (a sale as it is posted), without the expanding ``IN`` that
    SQLAlchemy rewrites at every execution."""
    ids: BindParameter[int] = bindparam("b_ids", expanding=not one)

    def match(column):
        return column == ids if one else column.in_(ids)

    record = select(spec.table).where(match(spec.table.c.id))
    children = [
        (name, select(child).where(match(child.c.sale_id)).order_by(child.c.id))
        for name, child in spec.children
    ]
    return record, children


_STATEMENTS = {name: _statements(spec, False) for name, spec in CHAINS.items()}
_STATEMENTS_ONE = {name: _statements(spec, True) for name, spec in CHAINS.items()}


def contents(conn: Connection, spec: ChainSpec, ids: Iterable[int]) -> dict[int, str]:
    """Content hash of each record that exists (in one query per table)."""
    wanted = sorted(set(ids))
    one = len(wanted) == 1
    record_stmt, child_stmts = (_STATEMENTS_ONE if one else _STATEMENTS)[spec.name]
    out: dict[int, str] = {}
    for chunk in _chunks(wanted, 500):
        params: dict[str, Any] = {"b_ids": chunk[0] if one else chunk}
        records = {r["id"]: dict(r) for r in conn.execute(record_stmt, params).mappings()}
        children: dict[int, dict[str, list[dict[str, Any]]]] = {
            rid: {name: [] for name, _t in spec.children} for rid in records
        }
        for name, stmt in child_stmts:
            for row in conn.execute(stmt, params).mappings():
                kids = children.get(row["sale_id"])
                if kids is not None:
                    kids[name].append(dict(row))
        for rid, record in records.items():
            out[rid] = content_hash(record, children[rid])
    return out


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def append(conn: Connection, chain: str, ids: Iterable[int]) -> None:
    """Append a link for each of these records (in id order) to ``chain``."""
    wanted = sorted(set(ids))
    if not wanted:
        return
    spec = CHAINS[chain]
    seq, last = head_for_update(conn, chain)
    hashes = contents(conn, spec, wanted)
    rows = []
    now = utcnow()
    for rid in wanted:
        if rid not in hashes:  # written and removed in the same transaction
            continue
        seq += 1
        last = link_hash(last, hashes[rid])
        rows.append(
            {
                "chain": chain,
                "seq": seq,
                "record_id": rid,
                "content_hash": hashes[rid],
                "hash": last,
                "at": now,
            }
        )
    if not rows:
        return
    insert_rows(conn, _links, rows)
    # forward only: its guard refuses anything else
    conn.execute(_MOVE_HEAD, {"b_chain": chain, "b_seq": seq, "b_hash": last})


_HEAD = select(_heads.c.seq, _heads.c.last_hash).where(_heads.c.chain == bindparam("b_chain"))
_HEAD_FOR_UPDATE = _HEAD.with_for_update()
_MOVE_HEAD = (
    update(_heads)
    .where(_heads.c.chain == bindparam("b_chain"))
    .values(seq=bindparam("b_seq"), last_hash=bindparam("b_hash"))
)


def head_for_update(conn: Connection, chain: str) -> tuple[int, str]:
    """The chain's last sequence number and hash, locked until the transaction ends
    (created empty the first time)."""
    stmt = _HEAD_FOR_UPDATE if conn.dialect.name == "postgresql" else _HEAD
    row = conn.execute(stmt, {"b_chain": chain}).first()
    if row is None:
        conn.execute(insert(_heads).values(chain=chain, seq=0, last_hash=GENESIS))
        return 0, GENESIS
    return int(row[0]), str(row[1])


def unlinked(
    conn: Connection, chain: str, *, limit: int | None = None, newest_only: bool = False
) -> list[int]:
    """Records of ``chain`` without a link (what a bulk writer or a migration left, or
    a row slipped in with SQL), in id order; ``newest_only``: only those after the last
    linked record (the quick check of an opening)."""
    spec = CHAINS[chain]
    linked = select(_links.c.record_id).where(
        _links.c.chain == chain, _links.c.record_id == spec.table.c.id
    )
    stmt = select(spec.table.c.id).where(~linked.exists()).order_by(spec.table.c.id)
    if newest_only:
        last = select(func.coalesce(func.max(_links.c.record_id), 0)).where(_links.c.chain == chain)
        stmt = stmt.where(spec.table.c.id > last.scalar_subquery())
    if limit is not None:
        stmt = stmt.limit(limit)
    return [r[0] for r in conn.execute(stmt)]


def seal_all(conn: Connection) -> int:
    """Link every record a bulk writer (the demo, a migration) left unlinked."""
    n = 0
    for chain in ORDER:
        ids = unlinked(conn, chain)
        for chunk in _chunks(ids, 5000):
            append(conn, chain, chunk)
        n += len(ids)
    return n


# -- sealing in the writing transaction -------------------------------------------------
_PENDING = "chain_pending"


def seal_later(session: Session, chain: str, record: int | Any) -> None:
    """Link this record (an id, or an ORM object whose id the flush gives) to
    ``chain`` just before the session commits, in the same transaction."""
    session.info.setdefault(_PENDING, {}).setdefault(chain, []).append(record)


def _seal_pending(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    session.flush()  # ORM records get their ids
    conn = session.connection()
    for chain in ORDER:  # always in this order: two desks never wait on each other
        records = pending.get(chain)
        if records:
            append(conn, chain, [r if isinstance(r, int) else r.id for r in records])


def _drop_pending(session: Session, *_args) -> None:
    session.info.pop(_PENDING, None)


def install_sealing(maker: sessionmaker) -> None:
    """Every session of ``maker`` links what it recorded when it commits."""
    event.listen(maker, "before_commit", _seal_pending)
    event.listen(maker, "after_rollback", _drop_pending)
