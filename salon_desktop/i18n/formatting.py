"""The one place numbers, amounts and dates become text, for screens and paper alike.

Free of Qt, so printed documents and screens always agree. Persian gets
Persian digits and separators and the Jalali calendar (persiantools); Polish
and English get Babel's Gregorian formats.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache

from salon_desktop.domain.money import CURRENCIES, Currency
from salon_desktop.domain.text import ascii_digits
from salon_desktop.i18n import _, is_rtl

BABEL_LOCALES = {"en": "en_GB", "pl": "pl_PL", "fa": "fa_IR"}
_TO_PERSIAN = str.maketrans("0123456789,.%", "۰۱۲۳۴۵۶۷۸۹٬٫٪")
_TO_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
LRI, PDI = "\u2066", "\u2069"  # isolate left-to-right text (phones) inside RTL text
FSI = "\u2068"  # isolate text in its own direction (a name inside a translated sentence)


def isolate(text: str) -> str:
    """User text keeps its own direction inside a translated sentence or a mirrored cell."""
    return f"{FSI}{text}{PDI}" if text else ""


def ltr(text: str) -> str:
    """Text that always reads left to right (a code, a receipt number) inside any line."""
    return f"{LRI}{text}{PDI}" if text else ""


# Year/month/day in Persian words (سال ماه روز), the order a Persian date is typed in.
PERSIAN_DATE_PATTERN = "سال/ماه/روز"

_JALALI_MONTHS = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)


@lru_cache(maxsize=8)
def _minus_sign(locale: str) -> str:
    from babel.numbers import get_minus_sign_symbol

    return get_minus_sign_symbol(locale)


_CACHE_SIZE = 4096


class Formatter:
    """Formats for one language and the salon's currency."""

    def __init__(self, language: str = "en", currency: str = Currency.PLN.value):
        self.language = language if language in BABEL_LOCALES else "en"
        self.locale = BABEL_LOCALES[self.language]
        self.currency = Currency(currency)
        self.persian = self.language == "fa"
        # Babel takes a third of a millisecond a number; a table repaints the same
        # amounts again and again, so each text is made once (bounded: cleared when full).
        self._numbers: dict[tuple[str, int | None], str] = {}
        self._currency_texts: dict[str, str] = {}

    # -- digits and numbers --------------------------------------------------
    def digits(self, text: str) -> str:
        """Digits in the language's script (Persian digits for Persian)."""
        return text.translate(_TO_PERSIAN_DIGITS) if self.persian else text

    def integer(self, n: int, grouping: bool = True) -> str:
        if not grouping:
            return self.digits(str(n))
        return self.number(n)

    def number(self, value: int | Decimal, decimals: int | None = None) -> str:
        key = (str(value), decimals)  # 1.50 and 1.5 are equal but may print apart
        text = self._numbers.get(key)
        if text is None:
            if len(self._numbers) >= _CACHE_SIZE:
                self._numbers.clear()
            text = self._numbers[key] = self._format_number(value, decimals)
        return text

    def _format_number(self, value: int | Decimal, decimals: int | None) -> str:
        from babel.numbers import format_decimal

        fmt = None if decimals is None else "#,##0." + "0" * decimals if decimals else "#,##0"
        text = format_decimal(
            value, format=fmt, locale=self.locale, decimal_quantization=decimals is not None
        )
        if text.startswith("-"):
            # Babel writes its pattern's ASCII hyphen; CLDR's minus sign of the language
            # goes there. Persian's is LRM + U+2212: without the mark, right-to-left text
            # puts a hyphen on the far side of the digits ("۱۲۰-"), on screen and paper.
            text = _minus_sign(self.locale) + text[1:]
        return text.translate(_TO_PERSIAN) if self.persian else text

    def join(self, items) -> str:
        """Items of a list in a cell: "Cut, Colour"; Persian uses its own comma."""
        return ("، " if self.persian else ", ").join(items)

    def receipt(self, receipt_no: str) -> str:
        """A receipt number: the language's digits, kept left to right."""
        return ltr(self.digits(receipt_no))

    def percent_number(self, bp: int) -> str:
        """Basis points as the number of a percentage: 2300 as "23", 2350 as "23.5"."""
        if bp % 100 == 0:
            return self.integer(bp // 100, grouping=False)
        return self.number(Decimal(bp) / 100, 1 if bp % 10 == 0 else 2)

    def percent(self, bp: int) -> str:
        """Basis points as a percentage: 2350 as "23.5 %" (Persian "۲۳٫۵٪")."""
        number = self.percent_number(bp)
        return f"{number}٪" if self.persian else f"{number} %"

    def balance(self, minor: int, zero_amount: bool = False) -> str:
        """A client's account as the screens show it: "owes X", "credit X", "settled"
        (with the zero amount when ``zero_amount``)."""
        if minor < 0:
            return _("owes {amount}").format(amount=self.amount(-minor))
        if minor > 0:
            return _("credit {amount}").format(amount=self.amount(minor))
        return (
            _("settled ({amount})").format(amount=self.amount(0)) if zero_amount else _("settled")
        )

    def client_number(self, n: int) -> str:
        return self.digits(str(n))

    # -- money -----------------------------------------------------------------
    def amount(self, minor: int, with_symbol: bool = True) -> str:
        """An amount stored in minor units (Toman: stored in rials, shown ÷ 10)."""
        info = CURRENCIES[self.currency]
        value = Decimal(minor) / info.storage_per_unit
        if info.minor_digits == 0:
            value = value.to_integral_value()
        number = self.number(value, info.minor_digits)
        if not with_symbol:
            return number
        if self.currency in (Currency.IRR, Currency.IRT) or self.persian:
            unit = {Currency.IRR: _("rial"), Currency.IRT: _("toman")}.get(self.currency)
            if unit is None:
                unit = self.currency.value
            return f"{number} {unit}"
        text = self._currency_texts.get(key := str(value))
        if text is None:
            from babel.numbers import format_currency

            if len(self._currency_texts) >= _CACHE_SIZE:
                self._currency_texts.clear()
            text = format_currency(value, self.currency.value, locale=self.locale)
            self._currency_texts[key] = text
        return text

    # -- dates -----------------------------------------------------------------
    def date(self, d: dt.date | None, style: str = "short") -> str:
        """``short``: 23/11/2026, 23.11.2026, ۱۴۰۵/۰۹/۰۲; ``long``: 23 November 2026, ۲ آذر ۱۴۰۵."""
        if d is None:
            return ""
        if self.persian:
            from persiantools.jdatetime import JalaliDate

            j = JalaliDate(d)
            if style == "short":
                text = f"{j.year:04d}/{j.month:02d}/{j.day:02d}"
            else:
                text = f"{j.day} {_JALALI_MONTHS[j.month - 1]} {j.year}"
            return self.digits(text)
        if style == "short":
            return self._short_gregorian(d)
        from babel.dates import format_date

        return format_date(d, "long", locale=self.locale)

    def month(self, d: dt.date, short: bool = False) -> str:
        """The month of ``d`` in the salon's calendar, in words: "November 2026",
        "listopad 2026", "آذر ۱۴۰۵"; ``short``: "Nov 2026", "lis 2026"."""
        if self.persian:
            from persiantools.jdatetime import JalaliDate

            j = JalaliDate(d)
            return self.digits(f"{_JALALI_MONTHS[j.month - 1]} {j.year}")
        from babel.dates import format_date

        return format_date(d, "LLL yyyy" if short else "LLLL yyyy", locale=self.locale)

    def _short_gregorian(self, d: dt.date) -> str:
        if self.language == "pl":
            return f"{d.day:02d}.{d.month:02d}.{d.year:04d}"
        return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"

    def datetime(self, value: dt.datetime | None) -> str:
        if value is None:
            return ""
        return f"{self.date(value.date())} {self.digits(value.strftime('%H:%M'))}"

    def date_pattern(self) -> str:
        """What the date fields expect, shown as a placeholder: the parts in words,
        never a date an empty field could be mistaken for. Persian: year/month/day,
        kept left to right so each word sits where its digits go ("۱۴۰۳/۰۱/۳۱")."""
        if self.persian:
            return ltr(PERSIAN_DATE_PATTERN)
        return {"pl": "dd.mm.rrrr"}.get(self.language, "dd/mm/yyyy")

    def parse_date(self, text: str) -> dt.date | None:
        """Read a typed date (any digit script); empty gives None; nonsense raises ValueError.

        Persian: Jalali year/month/day. Polish and English: day.month.year or
        day/month/year; an ISO date (2026-11-23) is accepted everywhere
        (in Persian, a year above 1700 is taken as Gregorian).
        """
        raw = ascii_digits(text).strip()
        if not raw:
            return None
        parts = [p for p in re.split(r"[\s/.\-]+", raw) if p]
        if len(parts) != 3 or not all(p.isdigit() for p in parts):
            raise ValueError(text)
        a, b, c = (int(p) for p in parts)
        if self.persian:
            if len(parts[0]) == 4:
                year, month, day = a, b, c
            elif len(parts[2]) == 4:
                year, month, day = c, b, a
            else:
                raise ValueError(text)
            if year > 1700:
                return dt.date(year, month, day)
            from persiantools.jdatetime import JalaliDate

            try:
                return JalaliDate(year, month, day).to_gregorian()
            except (ValueError, TypeError) as exc:
                raise ValueError(text) from exc
        if len(parts[0]) == 4:
            return dt.date(a, b, c)
        if len(parts[2]) != 4:
            raise ValueError(text)
        return dt.date(c, b, a)

    # -- phones and names ------------------------------------------------------
    def phone(self, e164: str, region: str) -> str:
        if not e164:
            return ""
        from salon_desktop.domain.phones import display_phone

        text = self.digits(display_phone(e164, region))
        return f"{LRI}{text}{PDI}" if is_rtl(self.language) else text
