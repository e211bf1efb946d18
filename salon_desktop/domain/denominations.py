"""The notes and coins of each currency, for counting the drawer by denomination.

A count is ``{denomination: quantity}`` with the denomination in the currency's
stored minor units (grosze, cents, rials; a Toman salon stores rials). The
till keeps the count of a session's float and of its close with the session
(``CashSession.opening_count``/``closing_count``) as the text of ``encode``."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from salon_desktop.domain.money import Currency, info

MAX_PIECES = 1_000_000  # of one note or coin in one drawer: anything above is a typo


@dataclass(frozen=True)
class Denomination:
    value: int  # stored minor units
    coin: bool


def _pieces(notes: tuple[int, ...], coins: tuple[int, ...]) -> tuple[Denomination, ...]:
    return tuple(Denomination(v, False) for v in notes) + tuple(
        Denomination(v, True) for v in coins
    )


# Largest first, as a drawer is counted.
_PLN = _pieces(
    (50000, 20000, 10000, 5000, 2000, 1000),
    (500, 200, 100, 50, 20, 10, 5, 2, 1),
)
_EUR = _pieces(
    (50000, 20000, 10000, 5000, 2000, 1000, 500),
    (200, 100, 50, 20, 10, 5, 2, 1),
)
_USD = _pieces((10000, 5000, 2000, 1000, 500, 200, 100), (50, 25, 10, 5, 1))
_GBP = _pieces((5000, 2000, 1000, 500), (200, 100, 50, 20, 10, 5, 2, 1))
# Iran: the notes in circulation (in rials) and the Central Bank's bearer cheques
# ("Iran cheque") of 500 000 and 1 000 000 rials that pass as notes; coins are
# out of use. The same pieces for a salon keeping its books in Toman (stored in rials).
_IRR = _pieces(
    (1_000_000, 500_000, 100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000),
    (),
)

DENOMINATIONS: dict[Currency, tuple[Denomination, ...]] = {
    Currency.PLN: _PLN,
    Currency.EUR: _EUR,
    Currency.USD: _USD,
    Currency.GBP: _GBP,
    Currency.IRR: _IRR,
    Currency.IRT: _IRR,
}


def denominations(currency: Currency | str) -> tuple[Denomination, ...]:
    return DENOMINATIONS[Currency(currency)]


def count_total(count: Mapping[int, int]) -> int:
    """What a count comes to, in stored minor units."""
    return sum(value * quantity for value, quantity in count.items())


def count_problem(currency: Currency | str, count: Mapping[int, int]) -> str | None:
    """Why ``count`` is not a count of this currency (an internal message), or None."""
    known = {d.value for d in denominations(currency)}
    for value, quantity in count.items():
        if value not in known:
            return f"{value} is not a note or coin of {info(currency).code.value}"
        if not isinstance(quantity, int) or isinstance(quantity, bool):
            return "a quantity is a whole number"
        if quantity < 0 or quantity > MAX_PIECES:
            return "a quantity is between 0 and a million"
    return None


def encode(count: Mapping[int, int]) -> str:
    """The stored text of a count: the pieces counted, largest first (none: ``{}``)."""
    kept = sorted(((v, q) for v, q in count.items() if q), reverse=True)
    return json.dumps({str(v): q for v, q in kept}, separators=(",", ":"))


def decode(text: str | None) -> dict[int, int] | None:
    """The count stored as ``text`` (None: the amount was typed, not counted)."""
    if not text:
        return None
    return {int(v): int(q) for v, q in json.loads(text).items()}
