"""Currencies the salon can keep its books in. Amounts are integer minor units."""

from __future__ import annotations

import enum
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
_DECIMAL = {".", ",", "٫"}


@dataclass(frozen=True)
class NumberSymbols:
    """How a language writes an amount: its decimal mark(s) and thousands separators.

    Taken from CLDR (what ``Formatter.amount`` writes), plus what a keyboard of that
    language types: the numeric keypad's dot as a decimal mark in Polish and Persian,
    the Latin and the Arabic comma between thousands in Persian.
    """

    decimal: frozenset[str]
    group: frozenset[str]


NUMBER_SYMBOLS = {
    "en": NumberSymbols(frozenset("."), frozenset(",")),
    "pl": NumberSymbols(frozenset(",."), frozenset(" \u00a0\u202f")),
    "fa": NumberSymbols(frozenset("٫."), frozenset("٬,،")),
}
# Every separator any language uses: one that is not this language's is refused.
_ANY_SEPARATOR = frozenset().union(*(s.decimal | s.group for s in NUMBER_SYMBOLS.values())) | {
    "'",
    "’",
}


class AmountError(ValueError):
    """Typed text that is not an amount; ``reason`` says why (one of the constants)."""

    EMPTY = "empty"
    NOT_A_NUMBER = "not_a_number"
    DECIMALS = "decimals"  # more decimals than the currency has
    GROUPING = "grouping"  # separators that are not the language's, or misplaced

    def __init__(self, reason: str, text: str):
        super().__init__(f"{reason}: {text!r}")
        self.reason = reason


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


def _digits(part: str) -> bool:
    return part.isdigit() and part.isascii()


def parse_amount(text: str, currency: Currency | str, language: str) -> int:
    """An amount typed in shown units, read the way ``language`` writes numbers, as
    stored units: "1 234,50" or "12,5" in Polish, "1,234.50" in English,
    "۱۲۰٬۰۰۰" in Persian; digits in any script; a currency sign or unit word
    before or after the number.

    Raises ``AmountError`` (a ``ValueError``) rather than guess: more decimals
    than the currency has ("12,345" in Polish is not 12 345 zł), thousands
    separators that are not the language's or not every three digits ("1.234"
    in Polish, "1,2345" in English), letters, signs, "1.2.3"...
    """
    symbols = NUMBER_SYMBOLS.get(language, NUMBER_SYMBOLS["en"])
    i = info(currency)
    s = _strip_symbols(text.translate(_BIDI_MARKS).translate(_DIGITS))
    if not s:
        raise AmountError(AmountError.EMPTY, text)
    for ch in s:
        if not (_digits(ch) or ch in _ANY_SEPARATOR):
            raise AmountError(AmountError.NOT_A_NUMBER, text)
        if ch in _ANY_SEPARATOR and ch not in symbols.decimal | symbols.group:
            raise AmountError(AmountError.GROUPING, text)
    marks = [k for k, ch in enumerate(s) if ch in symbols.decimal]
    if len(marks) > 1:
        raise AmountError(AmountError.GROUPING, text)
    whole, frac = (s[: marks[0]], s[marks[0] + 1 :]) if marks else (s, "")
    if marks and not (whole and frac):  # ".50", "1."
        raise AmountError(AmountError.NOT_A_NUMBER, text)
    if frac and not _digits(frac):  # a separator after the decimal mark
        raise AmountError(AmountError.GROUPING, text)
    groups = [whole]
    for sep in symbols.group:
        groups = [g for part in groups for g in part.split(sep)]
    if not all(_digits(g) for g in groups):
        raise AmountError(AmountError.GROUPING if all(groups) else AmountError.NOT_A_NUMBER, text)
    if len(groups) > 1 and (len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:])):
        raise AmountError(AmountError.GROUPING, text)
    if len(frac) > i.minor_digits:
        raise AmountError(AmountError.DECIMALS, text)
    frac = frac.ljust(i.minor_digits, "0")
    minor_per_shown_minor = i.storage_per_unit // 10**i.minor_digits
    return (
        int("".join(groups)) * i.storage_per_unit
        + (int(frac) if frac else 0) * minor_per_shown_minor
    )


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
