"""Voids and refunds: a new record in the corrections series, linked to the sale,
with a reason and a staff member, giving back stock, voucher and account balances,
payments and (for a void) tips. The sale itself is never touched."""

from __future__ import annotations

import uuid as uuidlib

from sqlalchemy import insert, select, update

from salon_desktop.db.models import (
    AccountEntry,
    GiftVoucher,
    Sale,
    SaleLine,
    SalePayment,
    SaleTip,
    VoucherMovement,
)
from salon_desktop.domain.money import quantum
from salon_desktop.domain.sale import LineKind, PayMethod, SaleKind, refund_share
from salon_desktop.domain.validation import Errors, FieldError, ValidationError, check_text
from salon_desktop.i18n import N_
from salon_desktop.services.sales_common import CORRECTIONS, Posted

_INSERT = {m: insert(m.__table__) for m in (SaleLine, SalePayment, AccountEntry)}


class Corrections:
    """Voids and refunds of ``SalesService`` (which provides the session maker, the
    clock and the posting helpers used here)."""

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

    def _correct(self, sale_id, lines, reason, actor_id, uuid, method) -> Posted:
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
            done = self._existing(conn, uuid)
            if done:
                return done
            self._check_day_open(conn, day)
            orig = conn.execute(select(Sale).where(Sale.id == sale_id)).first()
            if orig is None or orig.kind != SaleKind.SALE.value:
                raise ValidationError(
                    [FieldError("sale", N_("Only a sale can be voided or refunded."))]
                )
            olines = conn.execute(
                select(SaleLine).where(SaleLine.sale_id == sale_id).order_by(SaleLine.position)
            ).all()
            corrections = conn.execute(
                select(Sale.id, Sale.kind).where(Sale.original_sale_id == sale_id)
            ).all()
            if any(k == SaleKind.VOID.value for _i, k in corrections):
                raise ValidationError([FieldError("sale", N_("This sale is already voided."))])
            done_q: dict[int, int] = {}
            done_total: dict[int, list[int]] = {}
            for r in conn.execute(
                select(
                    SaleLine.original_line_id,
                    SaleLine.qty,
                    SaleLine.total,
                    SaleLine.tax,
                    SaleLine.line_discount,
                    SaleLine.ticket_discount,
                    SaleLine.commission,
                    SaleLine.amount,
                    SaleLine.cost,
                )
                .join(Sale, Sale.id == SaleLine.sale_id)
                .where(Sale.original_sale_id == sale_id)
            ):
                done_q[r[0]] = done_q.get(r[0], 0) - r[1]
                acc = done_total.setdefault(r[0], [0] * 7)
                for k, v in enumerate(r[2:]):
                    acc[k] -= v
            if lines is None:
                if corrections:
                    raise ValidationError(
                        [
                            FieldError(
                                "sale",
                                N_(
                                    "Part of this sale was refunded: refund the remaining lines instead."
                                ),
                            )
                        ]
                    )
                take = {ln.id: ln.qty for ln in olines}
            else:
                take = {}
                by_id = {ln.id: ln for ln in olines}
                for lid, qty in lines.items():
                    if qty <= 0:
                        continue
                    ln = by_id.get(lid)
                    if ln is None:
                        errors.add("lines", N_("This line is not on the sale."))
                    elif ln.kind in (LineKind.VOUCHER.value, LineKind.ACCOUNT.value):
                        errors.add(
                            "lines",
                            N_("Vouchers and account payments are given back by voiding the sale."),
                        )
                    elif qty > ln.qty - done_q.get(lid, 0):
                        errors.add(
                            "lines",
                            N_("Only {max} left to give back on this line."),
                            max=ln.qty - done_q.get(lid, 0),
                        )
                    else:
                        take[lid] = qty
                errors.raise_if_any()
            # Sold vouchers must be unused to be cancelled.
            for ln in olines:
                if ln.id in take and ln.kind == LineKind.VOUCHER.value:
                    v = conn.execute(
                        select(GiftVoucher.balance, GiftVoucher.initial_value).where(
                            GiftVoucher.id == ln.voucher_id
                        )
                    ).first()
                    if v.balance != v.initial_value:
                        raise ValidationError(
                            [
                                FieldError(
                                    "sale",
                                    N_(
                                        "A voucher sold on this sale has been used: it cannot be voided."
                                    ),
                                )
                            ]
                        )
            rows, stock, costs = [], {}, {}
            for ln in olines:
                if ln.id not in take:
                    continue
                qty = take[ln.id]
                dq = done_q.get(ln.id, 0)
                dt_ = done_total.get(ln.id, [0] * 7)
                fields = (
                    ln.total,
                    ln.tax,
                    ln.line_discount,
                    ln.ticket_discount,
                    ln.commission,
                    ln.amount,
                    ln.cost,
                )
                q = quantum(orig.currency)
                back = [
                    refund_share(f, ln.qty, dq, qty, d, q) for f, d in zip(fields, dt_, strict=True)
                ]
                total, tax, ldisc, tdisc, comm, amount, cost = back
                rows.append(
                    dict(
                        position=len(rows),
                        kind=ln.kind,
                        description=ln.description,
                        service_id=ln.service_id,
                        product_id=ln.product_id,
                        voucher_id=ln.voucher_id,
                        staff_id=ln.staff_id,
                        qty=-qty,
                        unit_price=ln.unit_price,
                        tax_rate_bp=ln.tax_rate_bp,
                        amount=-amount,
                        line_discount=-ldisc,
                        ticket_discount=-tdisc,
                        discount_reason=ln.discount_reason,
                        net=-(total - tax),
                        tax=-tax,
                        total=-total,
                        cost=-cost,
                        commission=-comm,
                        original_line_id=ln.id,
                    )
                )
                if ln.product_id and ln.kind == LineKind.PRODUCT.value:
                    stock[ln.product_id] = stock.get(ln.product_id, 0) + qty
                    costs[ln.product_id] = ln.cost // max(1, ln.qty)
            total = sum(r["total"] for r in rows)
            kind = SaleKind.VOID if lines is None else SaleKind.REFUND
            opays = conn.execute(select(SalePayment).where(SalePayment.sale_id == sale_id)).all()
            otips = conn.execute(select(SaleTip).where(SaleTip.sale_id == sale_id)).all()
            if kind is SaleKind.VOID:
                pays = [
                    dict(method=p.method, amount=-p.amount, tendered=0, voucher_id=p.voucher_id)
                    for p in opays
                ]
                tips = [dict(staff_id=t.staff_id, amount=-t.amount) for t in otips]
                tip_total = -orig.tips
            else:
                if method is PayMethod.ACCOUNT and orig.client_id is None:
                    raise ValidationError(
                        [
                            FieldError(
                                "method", N_("A walk-in has no account: choose the client first.")
                            )
                        ]
                    )
                if method is PayMethod.VOUCHER:
                    raise ValidationError(
                        [
                            FieldError(
                                "method",
                                N_(
                                    "Refunds are paid in cash, by card or into the client's account."
                                ),
                            )
                        ]
                    )
                pays = [dict(method=method.value, amount=total, tendered=0, voucher_id=None)]
                tips, tip_total = [], 0
            cid, no = self._insert_sale(
                conn,
                CORRECTIONS,
                day,
                dict(
                    uuid=uuid,
                    kind=kind.value,
                    client_id=orig.client_id,
                    staff_id=actor_id,
                    original_sale_id=sale_id,
                    reason=reason,
                    currency=orig.currency,
                    net_pricing=orig.net_pricing,
                    subtotal=sum(r["amount"] for r in rows),
                    discount=sum(r["line_discount"] + r["ticket_discount"] for r in rows),
                    discount_reason="",
                    net=sum(r["net"] for r in rows),
                    tax=sum(r["tax"] for r in rows),
                    total=total,
                    tips=tip_total,
                    change_given=0,
                    note="",
                    buyer_name=orig.buyer_name,
                    buyer_tax_id=orig.buyer_tax_id,
                    buyer_address=orig.buyer_address,
                ),
            )
            for r in rows:
                r["sale_id"] = cid
            conn.execute(_INSERT[SaleLine], rows)
            for p in pays:
                p["sale_id"] = cid
            pays = [p for p in pays if p["amount"]]
            if pays:
                conn.execute(_INSERT[SalePayment], pays)
            if tips:
                conn.execute(insert(SaleTip), [dict(t, sale_id=cid) for t in tips])
            self._stock(conn, cid, stock, costs, "return", actor_id)
            now = self._now()
            for p in pays:
                if p["method"] == PayMethod.VOUCHER.value and p["voucher_id"]:
                    conn.execute(
                        insert(VoucherMovement).values(
                            voucher_id=p["voucher_id"], sale_id=cid, at=now, amount=-p["amount"]
                        )
                    )
                    conn.execute(
                        update(GiftVoucher)
                        .where(GiftVoucher.id == p["voucher_id"])
                        .values(
                            balance=GiftVoucher.balance - p["amount"],
                            version=GiftVoucher.version + 1,
                        )
                    )
            for r in rows:
                if r["kind"] == LineKind.VOUCHER.value and r["voucher_id"]:
                    conn.execute(
                        insert(VoucherMovement).values(
                            voucher_id=r["voucher_id"], sale_id=cid, at=now, amount=r["total"]
                        )
                    )
                    conn.execute(
                        update(GiftVoucher)
                        .where(GiftVoucher.id == r["voucher_id"])
                        .values(
                            balance=GiftVoucher.balance + r["total"],
                            version=GiftVoucher.version + 1,
                        )
                    )
            entries = [
                dict(client_id=orig.client_id, sale_id=cid, at=now, amount=r["total"], note=reason)
                for r in rows
                if r["kind"] == LineKind.ACCOUNT.value
            ]
            entries += [
                dict(
                    client_id=orig.client_id, sale_id=cid, at=now, amount=-p["amount"], note=reason
                )
                for p in pays
                if p["method"] == PayMethod.ACCOUNT.value and p["amount"]
            ]
            if entries:
                conn.execute(_INSERT[AccountEntry], entries)
            return Posted(cid, no, total, 0)
