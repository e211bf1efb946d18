"""The periods a report covers: a month of the salon's calendar or any range of days.

A period is the half-open range of days ``[start, end)``. A month is a month of
the salon's calendar: Gregorian, or Jalali for a Persian salon (Azar 1405 is
22 November to 21 December 2026). Each report figure stands beside the
previous period (the month before; for a range, as many days just before it)
and the same period a year earlier (the same month of the year before; a range
shifted by a year of the calendar). Pure Python: dates only.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from salon_desktop.domain.text import ascii_digits
from salon_desktop.i18n import N_

_MONTH = re.compile(r"^\s*(\d{4})\s*[-/.]\s*(\d{1,2})\s*$")


class BadPeriod(ValueError):
    """A month or a range that cannot be a report's period (``msgid`` says why)."""

    def __init__(self, msgid: str, **params):
        self.msgid, self.params = msgid, params
        super().__init__(msgid.format(**params) if params else msgid)


def _jalali(d: dt.date):
    from persiantools.jdatetime import JalaliDate

    return JalaliDate(d)


def month_start(year: int, month: int, jalali: bool) -> dt.date:
    """The first day (Gregorian date) of a month of the calendar."""
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    if jalali:
        from persiantools.jdatetime import JalaliDate

        return JalaliDate(year, month, 1).to_gregorian()
    return dt.date(year, month, 1)


def month_of(d: dt.date, jalali: bool) -> tuple[int, int]:
    """(year, month) of ``d`` in the calendar."""
    if jalali:
        j = _jalali(d)
        return j.year, j.month
    return d.year, d.month


def add_months(d: dt.date, n: int, jalali: bool) -> dt.date:
    """``d`` moved by ``n`` months of the calendar, its day kept (or the month's last)."""
    if jalali:
        from persiantools.jdatetime import JalaliDate

        j = _jalali(d)
        y, m = j.year + (j.month - 1 + n) // 12, (j.month - 1 + n) % 12 + 1
        last = (month_start(y, m + 1, True) - dt.timedelta(days=1)).toordinal()
        first = month_start(y, m, True).toordinal()
        return JalaliDate(y, m, min(j.day, last - first + 1)).to_gregorian()
    y, m = d.year + (d.month - 1 + n) // 12, (d.month - 1 + n) % 12 + 1
    last = (month_start(y, m + 1, False) - dt.timedelta(days=1)).day
    return dt.date(y, m, min(d.day, last))


@dataclass(frozen=True)
class Period:
    """Days ``start`` (inclusive) to ``end`` (exclusive); ``month`` (year, month of
    the calendar) when it is one whole month."""

    start: dt.date
    end: dt.date
    jalali: bool = False
    month: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise BadPeriod(N_("A period ends after it starts."))

    @property
    def last(self) -> dt.date:
        """Its last day (inclusive)."""
        return self.end - dt.timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def previous(self) -> Period:
        if self.month is not None:
            y, m = self.month
            return month_period(y, m - 1, self.jalali)
        return Period(self.start - dt.timedelta(days=self.days), self.start, self.jalali)

    def year_before(self) -> Period:
        if self.month is not None:
            y, m = self.month
            return month_period(y - 1, m, self.jalali)
        return Period(
            add_months(self.start, -12, self.jalali),
            add_months(self.end, -12, self.jalali),
            self.jalali,
        )

    def months_before(self, n: int) -> Period:
        """The ``n`` months of the calendar just before the start (for retention)."""
        return Period(add_months(self.start, -n, self.jalali), self.start, self.jalali)

    def next_month(self) -> Period:
        """The month of the calendar after the one the period ends in (birthdays)."""
        y, m = month_of(self.last, self.jalali)
        return month_period(y, m + 1, self.jalali)

    def months(self) -> list[tuple[int, int]]:
        """The months of the calendar it touches, in order."""
        out = [month_of(self.start, self.jalali)]
        while True:
            y, m = out[-1]
            nxt = month_start(y, m + 1, self.jalali)
            if nxt >= self.end:
                return out
            out.append(month_of(nxt, self.jalali))


def month_period(year: int, month: int, jalali: bool) -> Period:
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    return Period(
        month_start(year, month, jalali),
        month_start(year, month + 1, jalali),
        jalali,
        (year, month),
    )


def parse_month(text: str, jalali: bool) -> Period:
    """``2026-10`` (or ``1405-08`` in the Jalali calendar), any digits."""
    found = _MONTH.match(ascii_digits(text or ""))
    if not found:
        raise BadPeriod(N_("A month is written YYYY-MM, e.g. {example}."), example=_example(jalali))
    year, month = int(found.group(1)), int(found.group(2))
    if not 1 <= month <= 12:
        raise BadPeriod(N_("There is no month {month}: months are 1 to 12."), month=month)
    low, high = (1300, 1500) if jalali else (1900, 2100)
    if not low <= year <= high:
        raise BadPeriod(N_("The year {year} is out of range."), year=year)
    return month_period(year, month, jalali)


def range_period(date_from: dt.date, date_to: dt.date, jalali: bool) -> Period:
    """From ``date_from`` to ``date_to``, both included."""
    if date_to < date_from:
        raise BadPeriod(N_("A period ends after it starts."))
    end = date_to + dt.timedelta(days=1)
    y, m = month_of(date_from, jalali)
    if date_from == month_start(y, m, jalali) and end == month_start(y, m + 1, jalali):
        return month_period(y, m, jalali)
    return Period(date_from, end, jalali)


def _example(jalali: bool) -> str:
    return "1405-08" if jalali else "2026-10"


__all__ = [
    "BadPeriod",
    "Period",
    "add_months",
    "month_of",
    "month_period",
    "month_start",
    "parse_month",
    "range_period",
]
