"""Posting sales, voids and refunds: one transaction each, never a partial sale.

Posting goes through SQLAlchemy Core (a handful of statements per sale) rather
than the ORM unit of work: a sale is written once and never changed, and the
till must stay fast. Everything is recomputed here from the ticket; totals sent
by a screen are never trusted.

Idempotent: each ticket has a UUID made when the checkout opened. Posting a
UUID that is already posted returns that sale instead of posting it again (a
retry after a crash or a double click).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import nullcontext

from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from salon_desktop.db.base import utcnow
from salon_desktop.db.models import GiftVoucher
from salon_desktop.db.rows import table_of
from salon_desktop.domain.money import quantum
from salon_desktop.domain.permissions import Action
from salon_desktop.domain.posting import (
    Stamp,
    products_wanted,
    sale_header,
    sale_rows,
    sold_vouchers,
)
from salon_desktop.domain.sale import (
    LineKind,
    PayMethod,
    TicketDraft,
    TicketTotals,
    validate,
)
from salon_desktop.domain.validation import Errors
from salon_desktop.i18n import N_
from salon_desktop.services import accounts, audit, compensations
from salon_desktop.services.corrections import Corrections
from salon_desktop.services.posting_store import LookUp, PostingStore
from salon_desktop.services.sales_common import (
    CORRECTIONS,
    SALES,
    DayClosed,
    OutOfStock,
    Posted,
    TillClosed,
    calendar_year,
    lock_day,
    merged_family,
    money_sum,
    normalise_code,
    receipt_text,
)
from salon_desktop.services.settings import SalonSettings

# Re-exported: screens and other services import these from here.
__all__ = [
    "CORRECTIONS",
    "SALES",
    "DayClosed",
    "OutOfStock",
    "Posted",
    "SalesService",
    "TillClosed",
    "calendar_year",
    "lock_day",
    "merged_family",
    "money_sum",
    "normalise_code",
    "receipt_text",
]

_VOUCHERS = table_of(GiftVoucher)
_TAKEN_CODES = select(_VOUCHERS.c.code).where(
    _VOUCHERS.c.code.in_(bindparam("b_codes", expanding=True))
)
_VOUCHERS_BY_CODE = select(
    _VOUCHERS.c.code, _VOUCHERS.c.id, _VOUCHERS.c.balance, _VOUCHERS.c.expires_on
).where(_VOUCHERS.c.code.in_(bindparam("b_codes", expanding=True)))


class SalesService:
    """Posting sales (here), voids and refunds (``Corrections``, sharing the
    ``PostingStore`` that writes the rows)."""

    def __init__(
        self,
        sm: sessionmaker[Session],
        settings: Callable[[], SalonSettings],
        today: Callable[[], dt.date] = dt.date.today,
        now: Callable[[], dt.datetime] = utcnow,
    ):
        self._sm = sm
        self._settings = settings
        self._today = today
        self._now = now  # the UTC clock stamped on posted rows (the demo's history sets it)
        self._store = PostingStore(lambda: settings().uses_jalali())
        self.corrections = Corrections(sm, self._store, today=today, now=now)

    def posted(self, uuid: str) -> Posted | None:
        """Whether the ticket with this UUID went through (after a restart, say)."""
        with self._sm() as s:
            return self._store.existing(s.connection(), uuid)

    # -- voids and refunds (see ``Corrections``) ---------------------------------------
    def void(
        self, sale_id: int, reason: str, actor_id: int | None, uuid: str | None = None
    ) -> Posted:
        """Cancel a whole sale: a new record in the corrections series that gives
        back stock, voucher and account balances, payments and tips."""
        return self.corrections.void(sale_id, reason, actor_id, uuid)

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
        return self.corrections.refund(sale_id, lines, reason, actor_id, method, uuid)

    # -- posting -------------------------------------------------------------------
    def post(
        self,
        ticket: TicketDraft,
        actor_id: int | None = None,
        allow_out_of_stock: bool = False,
        approved_by: int | None = None,
    ) -> Posted:
        """Post the ticket as a sale. Raises ``ValidationError`` (nothing written),
        ``OutOfStock`` or ``TillClosed`` (a ``DayClosed``). Selling what is out of stock is a
        manager's decision: ``approved_by`` (a manager whose PIN was checked at
        the desk, ``accounts.approve``) or the actor must be allowed to take it,
        else ``PermissionDenied``."""
        cfg = self._settings()
        day = self._today()
        if compensations.referred(ticket):  # as the complaints decided, not as sent
            with self._sm() as s:
                ticket = compensations.enforce(s.connection(), ticket, day)
        totals = validate(ticket, cfg.currency, cfg.net_pricing)
        last: IntegrityError | None = None
        for _attempt in range(5):
            try:
                return self._post(
                    ticket, totals, cfg, day, actor_id, allow_out_of_stock, approved_by
                )
            except IntegrityError as exc:  # another desk took the number or the UUID
                done = self.posted(ticket.uuid)
                if done:
                    return done
                last = exc
        assert last is not None
        raise last

    def post_in(self, s: Session, ticket: TicketDraft, actor_id: int | None) -> Posted:
        """Post ``ticket`` inside the caller's transaction (a complaint's voucher given
        with the step that resolves it): everything ``post`` checks, no retry."""
        cfg = self._settings()
        day = self._today()
        ticket = compensations.enforce(s.connection(), ticket, day)
        totals = validate(ticket, cfg.currency, cfg.net_pricing)
        return self._post(ticket, totals, cfg, day, actor_id, False, None, session=s)

    def _post(
        self,
        ticket: TicketDraft,
        totals: TicketTotals,
        cfg: SalonSettings,
        day: dt.date,
        actor_id: int | None,
        allow_oos: bool,
        approved_by: int | None = None,
        session: Session | None = None,
    ) -> Posted:
        """One transaction; or inside the caller's, when ``session`` is given."""
        with nullcontext(session) if session is not None else self._sm.begin() as s:
            conn = s.connection()
            found = self._store.look_up(
                conn,
                ticket.uuid,
                day,
                {ln.service_id for ln in ticket.lines if ln.service_id},
                {ln.product_id for ln in ticket.lines if ln.product_id},
                {ln.staff_id for ln in ticket.lines if ln.staff_id},
            )
            if found.existing:
                return found.existing
            if found.day_closed:
                raise TillClosed(day)
            redeemed = self._check(conn, ticket, found, day)
            wanted = products_wanted(ticket)
            short = [
                (found.products[pid][0], found.products[pid][1], n)
                for pid, n in wanted.items()
                if found.products[pid][1] < n
            ]
            if short and not allow_oos:
                raise OutOfStock(short)
            if short:
                decided = approved_by if approved_by is not None else actor_id
                accounts.require(conn, decided, Action.SELL_OUT_OF_STOCK)

            stamp = Stamp(day, self._now(), actor_id)
            receipt = self._store.receipt(conn, SALES, day)
            header = sale_header(
                ticket,
                totals,
                currency=cfg.currency,
                net_pricing=cfg.net_pricing,
                receipt=receipt,
                stamp=stamp,
            )
            sale_id = self._store.insert_sale(conn, header)
            voucher_ids = self._store.insert_vouchers(
                conn, sold_vouchers(ticket, sale_id=sale_id, stamp=stamp)
            )
            rows = sale_rows(
                ticket,
                totals,
                found.facts(),
                sale_id=sale_id,
                voucher_ids=voucher_ids,
                redeemed=redeemed,
                q=quantum(cfg.currency),
                stamp=stamp,
            )
            self._store.write(conn, rows)
            compensations.give_in(s, ticket, totals, sale_id, voucher_ids, actor_id, stamp.at)
            self._store.seal(conn, sale_id)
            self._store.drop_ticket(conn, ticket.uuid)
            self._audit(s, ticket, totals, sale_id, actor_id, short, approved_by, found.listed)
            return Posted(sale_id, receipt.text, totals.total, totals.change)

    def _audit(
        self,
        s: Session,
        ticket: TicketDraft,
        totals: TicketTotals,
        sale_id: int,
        actor_id: int | None,
        short: list,
        approved_by: int | None,
        listed: dict[tuple[str, int], int],
    ) -> None:
        """The audit entries of a sale: its discounts, the prices changed at the
        till (against the catalog's ``listed``, read with the ticket's other
        catalog rows), and a sale out of stock with who decided it."""
        cid = ticket.client_id
        if totals.discount:
            audit.record(
                s, actor_id, "sale", sale_id, "discount", client_id=cid, amount=totals.discount
            )
        for ln in ticket.lines:
            key = ("s", ln.service_id) if ln.service_id else ("p", ln.product_id or 0)
            catalog_price = listed.get(key)
            if catalog_price is not None and catalog_price != ln.unit_price:
                audit.record(
                    s,
                    actor_id,
                    "sale",
                    sale_id,
                    "price_override",
                    client_id=cid,
                    listed=catalog_price,
                    charged=ln.unit_price,
                    service_id=ln.service_id,
                    product_id=ln.product_id,
                )
        if short:
            audit.record(
                s,
                actor_id,
                "sale",
                sale_id,
                "sell_out_of_stock",
                client_id=cid,
                approved_by=approved_by if approved_by is not None else actor_id,
                products=[name for name, _have, _want in short],
            )

    def _check(self, conn, ticket: TicketDraft, found: LookUp, day: dt.date) -> list[int]:
        """Refuse what the database says is wrong with the ticket (nothing written);
        the voucher id of each voucher payment."""
        errors = Errors()
        for i, ln in enumerate(ticket.lines):
            if ln.service_id and ln.service_id not in found.material_cost:
                errors.add(f"lines.{i}", N_("This service is no longer in the price list."))
            if ln.kind is LineKind.PRODUCT and ln.product_id not in found.products:
                errors.add(f"lines.{i}", N_("This product is no longer on the shelf."))
        vouchers_sold = [
            normalise_code(ln.voucher_code) for ln in ticket.lines if ln.kind is LineKind.VOUCHER
        ]
        if vouchers_sold:
            taken = set(conn.execute(_TAKEN_CODES, {"b_codes": vouchers_sold}).scalars())
            for i, ln in enumerate(ticket.lines):
                if ln.kind is LineKind.VOUCHER and normalise_code(ln.voucher_code) in taken:
                    errors.add(f"lines.{i}", N_("A voucher with this code already exists."))
            if len(set(vouchers_sold)) != len(vouchers_sold):
                errors.add("lines", N_("A voucher with this code already exists."))
        codes = [
            normalise_code(p.voucher_code) for p in ticket.payments if p.method is PayMethod.VOUCHER
        ]
        known = (
            {r.code: r for r in conn.execute(_VOUCHERS_BY_CODE, {"b_codes": codes})}
            if codes
            else {}
        )
        redeemed: list[tuple[int, int]] = []
        for i, p in enumerate(ticket.payments):
            if p.method is not PayMethod.VOUCHER:
                continue
            v = known.get(normalise_code(p.voucher_code))
            if v is None:
                errors.add(f"payments.{i}", N_("No gift voucher has this code."))
            elif v.expires_on is not None and v.expires_on < day:
                errors.add(
                    f"payments.{i}", N_("This gift voucher expired on {day}."), day=v.expires_on
                )
            elif v.balance - sum(a for vid, a in redeemed if vid == v.id) < p.amount:
                errors.add(
                    f"payments.{i}",
                    N_("The voucher has only {balance_amount} left."),
                    balance_amount=v.balance,
                )
            else:
                redeemed.append((v.id, p.amount))
        errors.raise_if_any()
        return [vid for vid, _a in redeemed]

    # -- vouchers ------------------------------------------------------------------
    def new_voucher_code(self) -> str:
        """A fresh code nobody has: 8 letters and digits without look-alikes."""
        import secrets

        alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
        with self._sm() as s:
            while True:
                code = "".join(secrets.choice(alphabet) for _ in range(8))
                if s.scalar(select(func.count()).where(GiftVoucher.code == code)) == 0:
                    return code
