"""Shared set-up and database checks for the sales, till and append-only tests."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from sqlalchemy import text

from salon_desktop.domain.client import ClientDraft
from salon_desktop.domain.sale import (
    Discount,
    DiscountKind,
    LineDraft,
    LineKind,
    PaymentDraft,
    PayMethod,
    TicketDraft,
    TipDraft,
)
from salon_desktop.services.catalog import ProductItem, ServiceItem

MONEY_TABLES = (
    "sales",
    "sale_lines",
    "sale_payments",
    "sale_tips",
    "stock_movements",
    "voucher_movements",
    "account_entries",
    "gift_vouchers",
    "receipt_counters",
)


@dataclass
class Shop:
    """A small salon: a desk, two stylists, two services, two products, a client."""

    desk: int
    anna: int
    bea: int
    cut: ServiceItem
    colour: ServiceItem
    shampoo: ProductItem
    serum: ProductItem
    client: int


def set_currency(ctx, currency: str, language: str = "en") -> None:
    ctx.save_settings(dataclasses.replace(ctx.salon, currency=currency, language=language))


def make_shop(ctx, scale: int = 1) -> Shop:
    """``scale`` multiplies prices (10 for IRT, where prices are multiples of 10 rials)."""
    desk = ctx.staff.add("Desk Reception", "reception").id
    anna = ctx.staff.add("Anna Stylist", "stylist").id
    bea = ctx.staff.add("Bea Colourist", "stylist").id
    cat = ctx.catalog.save_category("Hair")
    cut = ctx.catalog.save_service(
        ServiceItem(0, "Cut", cat.id, "", 10_000 * scale, 45, 2300, 500 * scale), desk
    )
    colour = ctx.catalog.save_service(
        ServiceItem(0, "Colour", cat.id, "", 24_999 * scale, 90, 2300, 3_000 * scale), desk
    )
    shampoo = ctx.catalog.save_product(
        ProductItem(
            0, "Shampoo", "SKU-1", "5901234123457", 4_500 * scale, 2_000 * scale, 2300, 10, 3
        ),
        desk,
    )
    serum = ctx.catalog.save_product(
        ProductItem(0, "Serum", "SKU-2", "5901234123458", 7_999 * scale, 3_000 * scale, 800, 5, 1),
        desk,
    )
    client = ctx.clients.create(ClientDraft(first_name="Zahra", last_name="Ahmadi"), desk)
    return Shop(desk, anna, bea, cut, colour, shampoo, serum, client)


def svc_line(
    shop: Shop,
    which: str = "cut",
    staff: int | None = None,
    qty: int = 1,
    discount: Discount | None = None,
) -> LineDraft:
    sv = shop.cut if which == "cut" else shop.colour
    return LineDraft(
        LineKind.SERVICE,
        sv.name,
        sv.price,
        qty,
        sv.tax_rate_bp,
        staff_id=staff or shop.anna,
        service_id=sv.id,
        discount=discount,
    )


def prod_line(
    shop: Shop,
    which: str = "shampoo",
    qty: int = 1,
    staff: int | None = None,
    discount: Discount | None = None,
) -> LineDraft:
    p = shop.shampoo if which == "shampoo" else shop.serum
    return LineDraft(
        LineKind.PRODUCT,
        p.name,
        p.price,
        qty,
        p.tax_rate_bp,
        staff_id=staff,
        product_id=p.id,
        discount=discount,
    )


def pay(
    ctx,
    lines: list[LineDraft],
    *,
    client: int | None = None,
    card: int = 0,
    tips: list[TipDraft] | None = None,
    discount: Discount | None = None,
    tendered_extra: int = 0,
    currency: str | None = None,
) -> TicketDraft:
    """A ticket paid in full: ``card`` on card, the rest in cash (with change when
    ``tendered_extra``)."""
    from salon_desktop.domain.sale import compute

    t = TicketDraft(client_id=client, lines=lines, tips=tips or [], discount=discount)
    totals = compute(t, currency or ctx.salon.currency, ctx.salon.net_pricing)
    cash = totals.due - card
    if card:
        t.payments.append(PaymentDraft(PayMethod.CARD, card))
    if cash:
        t.payments.append(PaymentDraft(PayMethod.CASH, cash, cash + tendered_extra))
    return t


def ten_percent(reason: str = "Regular client") -> Discount:
    return Discount(DiscountKind.PERCENT, 1000, reason)


def counts(ctx) -> dict[str, int]:
    with ctx.engine.connect() as conn:
        return {
            t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in MONEY_TABLES
        }


def counters(ctx) -> dict[tuple[str, int], int]:
    with ctx.engine.connect() as conn:
        return {
            (s, y): n
            for s, y, n in conn.execute(
                text("SELECT series, year, last_number FROM receipt_counters")
            )
        }


def check_invariants(conn) -> list[str]:
    """Every rule about posted money that must hold in the database; the problems found."""
    bad: list[str] = []
    q = conn.execute
    for sid, total, tips, lines, pays, nlines, npays in q(
        text(
            "SELECT s.id, s.total, s.tips,"
            " (SELECT coalesce(sum(total), 0) FROM sale_lines WHERE sale_id = s.id),"
            " (SELECT coalesce(sum(amount), 0) FROM sale_payments WHERE sale_id = s.id),"
            " (SELECT count(*) FROM sale_lines WHERE sale_id = s.id),"
            " (SELECT count(*) FROM sale_payments WHERE sale_id = s.id) FROM sales s"
        )
    ):
        if nlines == 0:
            bad.append(f"sale {sid} has no lines")
        if npays == 0 and total + tips != 0:
            bad.append(f"sale {sid} has no payments")
        if lines != total:
            bad.append(f"sale {sid}: lines {lines} != total {total}")
        if pays != total + tips:
            bad.append(f"sale {sid}: payments {pays} != total {total} + tips {tips}")
    for sid, tips, tip_rows in q(
        text(
            "SELECT s.id, s.tips, (SELECT coalesce(sum(amount), 0) FROM sale_tips"
            " WHERE sale_id = s.id) FROM sales s"
        )
    ):
        if tips != tip_rows:
            bad.append(f"sale {sid}: tips {tips} != tip rows {tip_rows}")
    for pid, stock, moved in q(
        text(
            "SELECT p.id, p.stock, (SELECT coalesce(sum(qty), 0) FROM stock_movements"
            " WHERE product_id = p.id) FROM products p"
        )
    ):
        if stock != moved:
            bad.append(f"product {pid}: stock {stock} != movements {moved}")
    for vid, balance, moved in q(
        text(
            "SELECT v.id, v.balance, (SELECT coalesce(sum(amount), 0) FROM voucher_movements"
            " WHERE voucher_id = v.id) FROM gift_vouchers v"
        )
    ):
        if balance != moved or balance < 0:
            bad.append(f"voucher {vid}: balance {balance}, movements {moved}")
    for lid, qty, back in q(
        text(
            "SELECT l.id, l.qty, (SELECT coalesce(-sum(c.qty), 0) FROM sale_lines c"
            " WHERE c.original_line_id = l.id) FROM sale_lines l"
            " WHERE l.original_line_id IS NULL"
        )
    ):
        if back > qty or back < 0:
            bad.append(f"line {lid}: {back} given back of {qty}")
    for lid, total, back in q(
        text(
            "SELECT l.id, l.total, (SELECT coalesce(-sum(c.total), 0) FROM sale_lines c"
            " WHERE c.original_line_id = l.id) FROM sale_lines l"
            " WHERE l.original_line_id IS NULL"
        )
    ):
        if abs(back) > abs(total):
            bad.append(f"line {lid}: {back} money given back of {total}")
    for series, year, last, n, lo, hi in q(
        text(
            "SELECT c.series, c.year, c.last_number, count(s.id), min(s.number), max(s.number)"
            " FROM receipt_counters c LEFT JOIN sales s ON s.series = c.series AND s.year = c.year"
            " WHERE c.series <> 'CMPL'"  # the complaints' numbers (services.complaints)
            " GROUP BY c.series, c.year, c.last_number"
        )
    ):
        if not (n == last and (n == 0 or (lo == 1 and hi == n))):
            bad.append(f"series {series}{year}: counter {last}, {n} sales {lo}..{hi}")
    return bad


def assert_invariants(ctx) -> None:
    with ctx.engine.connect() as conn:
        assert check_invariants(conn) == []


def at_once(*calls, timeout: float = 60) -> list[BaseException]:
    """Run each call in a thread of its own, all at once (two desks posting), and give
    back what any of them raised; a call still running after ``timeout`` fails."""
    import threading

    errors: list[BaseException] = []

    def run(call) -> None:
        try:
            call()
        except BaseException as exc:  # noqa: BLE001 - given back to the test
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    if any(t.is_alive() for t in threads):
        errors.append(TimeoutError(f"still running after {timeout} s"))
    return errors
