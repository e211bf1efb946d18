"""The notes and coins of each currency, and a count's total and stored text."""

from __future__ import annotations

import pytest

from salon_desktop.domain import denominations as den
from salon_desktop.domain.money import Currency, quantum


@pytest.mark.parametrize("currency", list(Currency))
def test_every_currency_has_its_pieces_largest_first(currency):
    pieces = den.denominations(currency)
    values = [p.value for p in pieces]
    assert values == sorted(set(values), reverse=True)  # one row each, largest first
    assert all(v % quantum(currency) == 0 for v in values)  # amounts the till can hold
    notes = [p for p in pieces if not p.coin]
    assert notes and all(not p.coin for p in pieces[: len(notes)])  # notes, then coins


def test_the_polish_drawer():
    values = [p.value for p in den.denominations("PLN")]
    assert values == [50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1]
    # Toman salons store rials: the same pieces as a rial salon, no coins.
    assert den.denominations("IRT") == den.denominations("IRR")
    assert all(not p.coin for p in den.denominations("IRT"))


def test_a_count_totals_and_is_stored_and_read_back():
    count = {2000: 3, 1: 7, 500: 0, 50000: 1}
    assert den.count_total(count) == 56_007
    text = den.encode(count)
    assert text == '{"50000":1,"2000":3,"1":7}'  # zeros left out, largest first
    assert den.decode(text) == {50000: 1, 2000: 3, 1: 7}
    assert den.decode(None) is None and den.decode("") is None
    assert den.count_problem("PLN", count) is None
    assert den.count_problem("PLN", {25: 1}) is not None  # no 25 gr coin
    assert den.count_problem("USD", {25: 1}) is None  # a quarter
    assert den.count_problem("PLN", {100: -1}) is not None
    assert den.count_problem("PLN", {100: den.MAX_PIECES + 1}) is not None
