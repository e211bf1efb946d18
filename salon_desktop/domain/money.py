"""Currencies the salon can keep its books in. Amounts are integer minor units."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from salon_desktop.i18n import N_


class Currency(enum.StrEnum):
    PLN = "PLN"
    IRR = "IRR"
    IRT = "IRT"  # Toman: not an ISO code; amounts are stored in rials and shown ÷ 10
    EUR = "EUR"
    USD = "USD"
    GBP = "GBP"


@dataclass(frozen=True)
class CurrencyInfo:
    code: Currency
    label: str  # N_-marked
    minor_digits: int  # decimals shown
    storage_per_unit: int  # stored minor units per shown unit


CURRENCIES = {
    Currency.PLN: CurrencyInfo(Currency.PLN, N_("Polish złoty (PLN)"), 2, 100),
    Currency.IRR: CurrencyInfo(Currency.IRR, N_("Iranian rial (IRR)"), 0, 1),
    Currency.IRT: CurrencyInfo(Currency.IRT, N_("Toman (rials ÷ 10)"), 0, 10),
    Currency.EUR: CurrencyInfo(Currency.EUR, N_("Euro (EUR)"), 2, 100),
    Currency.USD: CurrencyInfo(Currency.USD, N_("US dollar (USD)"), 2, 100),
    Currency.GBP: CurrencyInfo(Currency.GBP, N_("Pound sterling (GBP)"), 2, 100),
}


# -- rounding and allocation -------------------------------------------------
# Every amount is an int of stored minor units (grosze, cents, rials). A
# currency's *quantum* is the smallest amount it is rounded to: 1 grosz, 1 rial,
# and 10 rials for a salon keeping its books in Toman (0 decimals of a toman).


def info(currency: Currency | str) -> CurrencyInfo:
    return CURRENCIES[Currency(currency)]


def quantum(currency: Currency | str) -> int:
    i = info(currency)
    return i.storage_per_unit // 10**i.minor_digits


def max_amount(currency: Currency | str) -> int:
    """The largest single price or payment accepted (anything above is a typo)."""
    i = info(currency)
    shown = 100_000_000_000 if i.minor_digits == 0 else 1_000_000
    return shown * i.storage_per_unit


def div_round(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half away from zero, in integers only."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    q, r = divmod(abs(numerator), denominator)
    if 2 * r >= denominator:
        q += 1
    return q if numerator >= 0 else -q


def round_to(amount: int, q: int) -> int:
    """``amount`` rounded half away from zero to a multiple of ``q``."""
    return div_round(amount, q) * q


def percent_of(amount: int, basis_points: int, q: int = 1) -> int:
    """``basis_points`` / 100 per cent of ``amount`` (2350 = 23.5 %), rounded to ``q``."""
    return div_round(amount * basis_points, 10_000 * q) * q


def tax_in_gross(gross: int, rate_bp: int, q: int = 1) -> int:
    """The tax contained in a tax-inclusive amount."""
    if rate_bp <= 0:
        return 0
    return div_round(gross * rate_bp, (10_000 + rate_bp) * q) * q


def tax_on_net(net: int, rate_bp: int, q: int = 1) -> int:
    """The tax to add to a net amount."""
    if rate_bp <= 0:
        return 0
    return div_round(net * rate_bp, 10_000 * q) * q


def allocate(total: int, weights: list[int], q: int = 1) -> list[int]:
    """Split ``total`` over ``weights`` in proportion, in multiples of ``q``.

    Largest-remainder method: the parts add up to ``total`` exactly (when
    ``total`` is a multiple of ``q``; any odd remainder goes to the largest
    weight) and no part differs from its exact share by a quantum or more.
    Zero weights get nothing unless all weights are zero (then equal split).
    """
    if not weights:
        if total:
            raise ValueError("nothing to allocate over")
        return []
    if any(w < 0 for w in weights):
        raise ValueError("weights must not be negative")
    sign = -1 if total < 0 else 1
    units, odd = divmod(abs(total), q)
    ws = weights if sum(weights) > 0 else [1] * len(weights)
    wsum = sum(ws)
    shares = [units * w // wsum for w in ws]
    # Leftover units: largest remainder first, ties to the larger weight, then the earlier part.
    rema = [(-(units * w % wsum), -w, i) for i, w in enumerate(ws)]
    left = units - sum(shares)
    for _r, _w, i in sorted(rema)[:left]:
        shares[i] += 1
    parts = [s * q for s in shares]
    if odd:
        parts[max(range(len(ws)), key=lambda i: (ws[i], -i))] += odd
    return [sign * p for p in parts]


# -- typed amounts -------------------------------------------------------------
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u2066\u2067\u2068\u2069"))
_GROUP = {" ", "\u00a0", "\u202f", "'", "٬", "’"}
_DECIMAL = {".", ",", "٫"}
_SEPARATOR = re.compile("[" + re.escape("".join(_GROUP | _DECIMAL)) + "]")
# Currency signs and unit words (as Formatter.amount writes them, in every
# language), longest first so "US$" goes before "$" and "tomanów" before "toman".
_SYMBOLS = sorted(
    (
        "zł",
        "zl",
        "PLN",
        "IRR",
        "IRT",
        "€",
        "US$",
        "$",
        "£",
        "EUR",
        "USD",
        "GBP",
        "rial",
        "riali",
        "toman",
        "tomanów",
        "ریال",
        "تومان",
    ),
    key=len,
    reverse=True,
)


def _strip_symbols(s: str) -> str:
    """``s`` without currency signs and unit words before or after the number."""
    s = s.strip()
    again = True
    while again and s:
        again = False
        for sym in _SYMBOLS:
            n = len(sym)
            if s[:n].lower() == sym.lower():
                s, again = s[n:].strip(), True
            elif s[-n:].lower() == sym.lower():
                s, again = s[:-n].strip(), True
            if again:
                break
    return s


def parse_amount(text: str, currency: Currency | str) -> int:
    """An amount typed in shown units ("1 234,50", "۱۲۰٬۰۰۰", "45.5") as stored units.

    A ``.``, ``,`` or ``٫`` followed by one or two final digits is the decimal
    point in a currency with decimals; every other separator groups thousands
    (groups of three digits). A currency sign or unit word may come before or
    after the number. Raises ``ValueError`` for anything else (letters, signs,
    three decimals, "1.2.3"...).
    """
    i = info(currency)
    s = _strip_symbols(text.translate(_BIDI_MARKS).translate(_DIGITS))
    if not s:
        raise ValueError("empty")
    whole, frac = s, ""
    if i.minor_digits:
        for k in (2, 3):
            if (
                len(s) >= k
                and s[-k] in _DECIMAL
                and s[-k + 1 :].isdigit()
                and s[-k + 1 :].isascii()
            ):
                whole, frac = s[:-k], s[-k + 1 :]
                break
    groups = _SEPARATOR.split(whole)
    if not all(g.isdigit() and g.isascii() for g in groups) or (
        len(groups) > 1 and (len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]))
    ):
        raise ValueError(f"not an amount: {text!r}")
    cleaned = "".join(groups)
    frac = frac.ljust(i.minor_digits, "0")
    minor_per_shown_minor = i.storage_per_unit // 10**i.minor_digits
    value = int(cleaned) * i.storage_per_unit + (int(frac) if frac else 0) * minor_per_shown_minor
    return value


def parse_percent(text: str) -> int:
    """A percentage typed as "23", "23,5", "۲۳٫۵" or "8 %" in basis points (2350).

    Raises ``ValueError`` for anything else, or more than two decimals.
    """
    s = text.strip().translate(_DIGITS).replace("%", "").replace("٪", "").strip()
    whole, frac = s, ""
    for sep in _DECIMAL:
        if sep in s:
            whole, _sep, frac = s.partition(sep)
            break
    if (
        not whole.isdigit()
        or not whole.isascii()
        or (frac and not (frac.isdigit() and frac.isascii() and len(frac) <= 2))
    ):
        raise ValueError(f"not a percentage: {text!r}")
    return int(whole) * 100 + int(frac.ljust(2, "0") or 0)
