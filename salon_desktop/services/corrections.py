"""Voids and refunds: a new record in the corrections series, linked to the sale,
with a reason and a staff member, giving back stock, voucher and account balances,
payments and (for a void) tips. The sale itself is never touched."""

from __future__ import annotations

import datetime as dt
import uuid as uuidlib
from collections.abc import Callable

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.orm import Session, sessionmaker

from salon_desktop.db.base import utcnow
from salon_desktop.db.models import GiftVoucher, Sale, SaleLine, SalePayment, SaleTip
from salon_desktop.db.rows import table_of
from salon_desktop.domain.money import quantum
from salon_desktop.domain.permissions import Action
from salon_desktop.domain.posting import (
    CORRECTIONS,
    SHARED,
    Stamp,
    correction_header,
    correction_lines,
    correction_payments,
    correction_rows,
)
from salon_desktop.domain.sale import LineKind, PayMethod, SaleKind
from salon_desktop.domain.validation import Errors, FieldError, ValidationError, check_text
from salon_desktop.i18n import N_
from salon_desktop.services import accounts, audit
from salon_desktop.services.posting_store import PostingStore
from salon_desktop.services.sales_common import Posted

_sales, _lines = table_of(Sale), table_of(SaleLine)
_ORIGINAL = select(_sales).where(_sales.c.id == bindparam("b_id"))
_LINES = select(_lines).where(_lines.c.sale_id == bindparam("b_id")).order_by(_lines.c.position)
_CORRECTIONS = select(_sales.c.id, _sales.c.kind).where(
    _sales.c.original_sale_id == bindparam("b_id")
)
_GIVEN_BACK = (
    select(_lines.c.original_line_id, _lines.c.qty, *(_lines.c[f] for f in SHARED))
    .join(_sales, _sales.c.id == _lines.c.sale_id)
    .where(_sales.c.original_sale_id == bindparam("b_id"))
)
_PAYMENTS = select(table_of(SalePayment)).where(
    table_of(SalePayment).c.sale_id == bindparam("b_id")
)
_TIPS = select(table_of(SaleTip)).where(table_of(SaleTip).c.sale_id == bindparam("b_id"))


def _refused(message: str, name: str = "sale") -> ValidationError:
    return ValidationError([FieldError(name, message)])


class Corrections:
    """Voids and refunds, written through the ``PostingStore`` the sales share."""

    def __init__(
        self,
        sm: sessionmaker[Session],
        store: PostingStore,
        today: Callable[[], dt.date] = dt.date.today,
        now: Callable[[], dt.datetime] = utcnow,
    ):
        self._sm = sm
        self._store = store
        self._today = today
        self._now = now

    def void(
        self, sale_id: int, reason: str, actor_id: int | None, uuid: str | None = None
    ) -> Posted:
        """Cancel a whole sale: a new record in the corrections series that gives
        back stock, voucher and account balances, payments and tips."""
        return self._correct(sale_id, None, reason, actor_id, uuid, None)

    def refund(
        self,
        sale_id: int,
        lines: dict[int, int],
        reason: str,
        actor_id: int | None,
        method: PayMethod = PayMethod.CASH,
        uuid: str | None = None,
    ) -> Posted:
        """Give back single lines (``{line id: quantity}``) of a sale, paid back by ``method``."""
        return self._correct(sale_id, lines, reason, actor_id, uuid, method)

    def refund_in(
        self,
        s: Session,
        sale_id: int,
        lines: dict[int, int],
        reason: str,
        actor_id: int | None,
        method: PayMethod = PayMethod.CASH,
    ) -> Posted:
        """A refund as ``refund`` gives it, inside the caller's transaction (a
        complaint resolved with a refund: the step and the refund, or neither)."""
        errors = Errors()
        reason = check_text(errors, "reason", reason, required=True, max_len=500)
        errors.raise_if_any()
        uuid, day = str(uuidlib.uuid4()), self._today()
        conn = s.connection()
        self._store.check(conn, uuid, day)
        posted, audited = self._write(conn, sale_id, lines, reason, actor_id, uuid, method, day)
        audit.record(s, actor_id, "sale", sale_id, **audited)
        return posted

    def _correct(
        self,
        sale_id: int,
        lines: dict[int, int] | None,
        reason: str,
        actor_id: int | None,
        uuid: str | None,
        method: PayMethod | None,
    ) -> Posted:
        errors = Errors()
        reason = check_text(errors, "reason", reason, required=True, max_len=500)
        if lines is not None and not any(q > 0 for q in lines.values()):
            errors.add("lines", N_("Choose what is given back."))
        if lines is not None and any(q < 0 for q in lines.values()):
            errors.add("lines", N_("Quantity must be between 1 and {max}."), max=999)
        errors.raise_if_any()
        uuid = uuid or str(uuidlib.uuid4())
        day = self._today()
        with self._sm.begin() as s:
            conn = s.connection()
            done = self._store.check(conn, uuid, day)
            if done:
                return done
            posted, audited = self._write(conn, sale_id, lines, reason, actor_id, uuid, method, day)
            audit.record(s, actor_id, "sale", sale_id, **audited)
            return posted

    def _write(
        self,
        conn: Connection,
        sale_id: int,
        lines: dict[int, int] | None,
        reason: str,
        actor_id: int | None,
        uuid: str,
        method: PayMethod | None,
        day: dt.date,
    ) -> tuple[Posted, dict]:
        """The correction written, and what the audit trail says of it."""
        errors = Errors()
        p = {"b_id": sale_id}
        found = conn.execute(_ORIGINAL, p).mappings().first()
        orig = dict(found) if found is not None else None
        if orig is None or orig["kind"] != SaleKind.SALE.value:
            raise _refused(N_("Only a sale can be voided or refunded."))
        if orig["business_date"] < day:  # the till of that day is counted and closed
            accounts.require(conn, actor_id, Action.CORRECT_EARLIER_DAY)
        olines = [dict(r) for r in conn.execute(_LINES, p).mappings()]
        corrections = conn.execute(_CORRECTIONS, p).all()
        if any(k == SaleKind.VOID.value for _i, k in corrections):
            raise _refused(N_("This sale is already voided."))
        done_q: dict[int, int] = {}
        done_total: dict[int, list[int]] = {}
        for r in conn.execute(_GIVEN_BACK, p):
            done_q[r[0]] = done_q.get(r[0], 0) - r[1]
            acc = done_total.setdefault(r[0], [0] * len(SHARED))
            for k, v in enumerate(r[2:]):
                acc[k] -= v
        if lines is None:
            if corrections:
                raise _refused(
                    N_("Part of this sale was refunded: refund the remaining lines instead.")
                )
            take = {ln["id"]: ln["qty"] for ln in olines}
        else:
            take = {}
            by_id = {ln["id"]: ln for ln in olines}
            for lid, qty in lines.items():
                if qty <= 0:
                    continue
                ln = by_id.get(lid)
                if ln is None:
                    errors.add("lines", N_("This line is not on the sale."))
                elif ln["kind"] in (LineKind.VOUCHER.value, LineKind.ACCOUNT.value):
                    errors.add(
                        "lines",
                        N_("Vouchers and account payments are given back by voiding the sale."),
                    )
                elif qty > ln["qty"] - done_q.get(lid, 0):
                    errors.add(
                        "lines",
                        N_("Only {max} left to give back on this line."),
                        max=ln["qty"] - done_q.get(lid, 0),
                    )
                else:
                    take[lid] = qty
            errors.raise_if_any()
        # Sold vouchers must be unused to be cancelled.
        for ln in olines:
            if ln["id"] in take and ln["kind"] == LineKind.VOUCHER.value:
                v = conn.execute(
                    select(GiftVoucher.balance, GiftVoucher.initial_value).where(
                        GiftVoucher.id == ln["voucher_id"]
                    )
                ).one()
                if v.balance != v.initial_value:
                    raise _refused(
                        N_("A voucher sold on this sale has been used: it cannot be voided.")
                    )
        void = lines is None
        if not void:
            if method is PayMethod.ACCOUNT and orig["client_id"] is None:
                raise _refused(N_("A walk-in has no account: choose the client first."), "method")
            if method is PayMethod.VOUCHER:
                raise _refused(
                    N_("Refunds are paid in cash, by card or into the client's account."), "method"
                )
        rows = correction_lines(olines, take, quantum(orig["currency"]), done_q, done_total)
        pays = correction_payments(
            rows, [dict(r) for r in conn.execute(_PAYMENTS, p).mappings()] if void else [], method
        )
        tips = [dict(r) for r in conn.execute(_TIPS, p).mappings()] if void else []
        stamp = Stamp(day, self._now(), actor_id)
        receipt = self._store.receipt(conn, CORRECTIONS, day)
        header = correction_header(
            orig, rows, void=void, uuid=uuid, reason=reason, receipt=receipt, stamp=stamp
        )
        cid = self._store.insert_sale(conn, header)
        out = correction_rows(
            orig, olines, rows, pays, tips, sale_id=cid, void=void, reason=reason, stamp=stamp
        )
        self._store.write(conn, out)
        self._store.seal(conn, cid)
        audited = {
            "action": "void" if void else "refund",
            "correction_id": cid,
            "client_id": orig["client_id"],
            "total": header["total"],
            "earlier_day": orig["business_date"] < day,
        }
        return Posted(cid, receipt.text, header["total"], 0), audited
