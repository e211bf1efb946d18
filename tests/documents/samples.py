"""Hand-made views for the document tests, in English, Polish and Persian."""

from __future__ import annotations

import datetime as dt
import re

from salon_desktop.domain.views import (
    AccountStatement,
    CashMovementView,
    DayCloseReport,
    PaymentView,
    SaleLineView,
    SaleView,
    SalonHeader,
    StaffEarnings,
    StatementEntry,
    TipView,
    VoucherView,
)

LANGS = ("en", "pl", "fa")
CURRENCY = {"en": "EUR", "pl": "PLN", "fa": "IRT"}
SCALE = {"en": 1, "pl": 1, "fa": 10_000}  # Toman prices are large (stored in rials)
NAMES = {
    "en": ("Rose Beauty", "Jane O'Neill", "Ann", "Women's cut & blow-dry", "Shampoo 250 ml"),
    "pl": (
        "Salon Róża",
        "Zofia Żółć",
        "Żaneta Łukasiewicz",
        "Strzyżenie damskie",
        "Szampon 250 ml",
    ),
    "fa": ("سالن زیبایی رز", "سارا احمدی", "مریم کریمی", "کوتاهی مو (بلند)", "شامپو L'Oréal ۲۵۰ml"),
}
PERSIAN_DIGITS = re.compile("[۰-۹]")
ASCII_DIGITS = re.compile("[0-9]")


def header(lang: str, **kw) -> SalonHeader:
    salon = NAMES[lang][0]
    values = dict(
        name=salon,
        address="ul. Świętokrzyska 12, Warszawa" if lang != "fa" else "تهران، ولیعصر",
        phone="+48 22 123 45 67",
        tax_id="PL5252248481",
        not_fiscal=False,
        footer="Thank you!" if lang != "fa" else "سپاسگزاریم!",
        language=lang,
        currency=CURRENCY[lang],
    )
    values.update(kw)
    return SalonHeader(**values)


def line(
    lang: str,
    position: int,
    kind="service",
    qty=1,
    price=12000,
    rate=2300,
    line_disc=0,
    ticket_disc=0,
    reason="",
    code="",
    description=None,
) -> SaleLineView:
    k = SCALE[lang]
    amount = qty * price * k
    total = amount - (line_disc + ticket_disc) * k
    tax = total * rate // (10_000 + rate)
    return SaleLineView(
        id=position,
        position=position,
        kind=kind,
        description=description or NAMES[lang][3 if kind == "service" else 4],
        staff_name=NAMES[lang][2] if kind == "service" else "",
        qty=qty,
        unit_price=price * k,
        tax_rate_bp=rate,
        amount=amount,
        line_discount=line_disc * k,
        ticket_discount=ticket_disc * k,
        discount_reason=reason,
        net=total - tax,
        tax=tax,
        total=total,
        voucher_code=code,
    )


def sale(lang: str, kind="sale", extra_lines: int = 0, **kw) -> SaleView:
    k = SCALE[lang]
    lines = [
        line(lang, 1, line_disc=1000, ticket_disc=500, reason="stała klientka"),
        line(lang, 2, "product", qty=2, price=4550, ticket_disc=300),
        line(
            lang, 3, "voucher", price=10000, rate=0, code="GV-7K3Q-9XPA", description="Gift voucher"
        ),
    ]
    lines += [line(lang, 4 + i, price=1000 + i) for i in range(extra_lines)]
    sign = -1 if kind != "sale" else 1
    total = sum(ln.total for ln in lines)
    values = dict(
        id=1,
        uuid="u-1",
        kind=kind,
        receipt_no="2026/000123",
        business_date=dt.date(2026, 11, 23),
        posted_at=dt.datetime(2026, 11, 23, 14, 35),
        currency=CURRENCY[lang],
        subtotal=sign * sum(ln.amount for ln in lines),
        discount=sign * 1800 * k,
        net=sign * sum(ln.net for ln in lines),
        tax=sign * sum(ln.tax for ln in lines),
        total=sign * total,
        tips=1000 * k if kind == "sale" else 0,
        change_given=700 * k,
        discount_reason="Autumn promo",
        client_id=7,
        client_name=NAMES[lang][1],
        client_number=1042,
        staff_name="Ewa",
        lines=tuple(lines),
        payments=(
            PaymentView("card", 20000 * k),
            PaymentView(
                "cash", total + 1000 * k - 20000 * k, tendered=total + 1700 * k - 20000 * k
            ),
        ),
        tip_lines=(TipView(1, NAMES[lang][2], 1000 * k),) if kind == "sale" else (),
    )
    values.update(kw)
    return SaleView(**values)


def statement(lang: str, entries: int = 6, closing_sign: int = -1) -> AccountStatement:
    k = SCALE[lang]
    rows, balance = [], 0
    for i in range(entries):
        amount = (-12000 if i % 2 == 0 else 8000) * k
        balance += amount
        rows.append(
            StatementEntry(
                dt.datetime(2026, 10, 1, 10, 15) + dt.timedelta(days=i),
                f"2026/{100 + i:06d}",
                "charge" if amount < 0 else "payment",
                amount,
                balance,
            )
        )
    closing = abs(balance) * closing_sign if balance else 5000 * k * closing_sign
    return AccountStatement(
        7,
        NAMES[lang][1],
        1042,
        CURRENCY[lang],
        0,
        tuple(rows),
        closing,
        dt.date(2026, 10, 1),
        dt.date(2026, 11, 23),
    )


def report(lang: str, closed: bool = True) -> DayCloseReport:
    k = SCALE[lang]
    return DayCloseReport(
        business_date=dt.date(2026, 11, 23),
        currency=CURRENCY[lang],
        opening_float=20000 * k,
        movements=(
            CashMovementView(dt.datetime(2026, 11, 23, 9, 5), 5000 * k, "Change money", "Ewa"),
            CashMovementView(dt.datetime(2026, 11, 23, 13, 40), -2350 * k, "Coffee & milk", "Ewa"),
        ),
        by_method=(("cash", 84500 * k), ("card", 120300 * k), ("voucher", 10000 * k)),
        sales_count=14,
        sales_total=230000 * k,
        discounts=8200 * k,
        voids_count=1,
        voids_total=-12000 * k,
        refunds_count=2,
        refunds_total=-4500 * k,
        tips_by_staff=((NAMES[lang][2], 3000 * k), ("Ewa", 1500 * k)),
        expected_cash=107150 * k,
        counted_cash=107000 * k if closed else None,
        opened=True,
        closed_at=dt.datetime(2026, 11, 23, 19, 2) if closed else None,
        closed_by="Ewa" if closed else "",
    )


def earnings(lang: str) -> list[StaffEarnings]:
    k = SCALE[lang]
    return [
        StaffEarnings(1, NAMES[lang][2], 150000 * k, 23000 * k, 45000 * k, 3000 * k),
        StaffEarnings(2, "Ewa", 80000 * k, 0, 24000 * k, 1500 * k),
    ]


def voucher(lang: str, **kw) -> VoucherView:
    k = SCALE[lang]
    values = dict(
        id=1,
        code="GV-7K3Q-9XPA",
        initial_value=20000 * k,
        balance=20000 * k,
        currency=CURRENCY[lang],
        expires_on=dt.date(2027, 11, 23),
        sold_on=dt.date(2026, 11, 23),
        client_name=NAMES[lang][1],
        receipt_no="2026/000123",
    )
    values.update(kw)
    return VoucherView(**values)
