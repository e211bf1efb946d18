"""domain.money: rounding, tax, allocation and typed amounts, in integer minor units."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salon_desktop import i18n
from salon_desktop.domain.money import (
    CURRENCIES,
    NUMBER_SYMBOLS,
    AmountError,
    Currency,
    allocate,
    div_round,
    max_amount,
    parse_amount,
    percent_of,
    quantum,
    round_to,
    tax_in_gross,
    tax_on_net,
)
from salon_desktop.i18n.formatting import Formatter

QUANTA = st.sampled_from([1, 10, 100])
AMOUNTS = st.integers(-(10**15), 10**15)


def half_up(numerator: int, denominator: int) -> int:
    """The reference: Decimal's ROUND_HALF_UP (half away from zero)."""
    exact = Decimal(numerator) / Decimal(denominator)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def test_quanta_and_limits():
    assert quantum(Currency.PLN) == 1
    assert quantum(Currency.IRR) == 1
    assert quantum(Currency.IRT) == 10  # Toman: stored in rials, no fractions of a toman
    assert quantum("EUR") == 1
    assert max_amount(Currency.PLN) == 1_000_000_00
    assert max_amount(Currency.IRT) == max_amount(Currency.IRR) * 10
    for c in Currency:
        assert max_amount(c) % quantum(c) == 0


# -- rounding ------------------------------------------------------------------
@given(AMOUNTS, st.integers(1, 10**6))
def test_div_round_is_half_away_from_zero(n, d):
    assert div_round(n, d) == half_up(n, d)


@given(AMOUNTS, QUANTA)
def test_round_to_a_quantum(amount, q):
    r = round_to(amount, q)
    assert r % q == 0
    assert abs(r - amount) * 2 <= q
    assert r == half_up(amount, q) * q


@pytest.mark.parametrize(
    "n, d, expected",
    [
        (5, 10, 1),
        (-5, 10, -1),
        (4, 10, 0),
        (-4, 10, 0),
        (15, 10, 2),
        (25, 10, 3),
        (0, 7, 0),
    ],
)
def test_div_round_examples(n, d, expected):
    assert div_round(n, d) == expected


def test_div_round_refuses_a_zero_or_negative_denominator():
    with pytest.raises(ValueError):
        div_round(1, 0)
    with pytest.raises(ValueError):
        div_round(1, -3)


@given(st.integers(0, 10**12), st.integers(0, 10_000), QUANTA)
def test_percent_of_matches_decimal(amount, bp, q):
    p = percent_of(amount, bp, q)
    assert p % q == 0
    assert p == half_up(amount * bp, 10_000 * q) * q
    assert abs(p - Fraction(amount * bp, 10_000)) * 2 <= q


# -- tax -------------------------------------------------------------------------
RATES = st.sampled_from([0, 500, 800, 2300]) | st.integers(0, 10_000)


@given(st.integers(0, 10**12), RATES, QUANTA)
def test_tax_in_gross_plus_net_is_gross(g, rate, q):
    gross = g * q
    tax = tax_in_gross(gross, rate, q)
    net = gross - tax
    assert net + tax == gross
    assert tax % q == 0 and 0 <= tax <= gross
    expected = 0 if rate == 0 else half_up(gross * rate, (10_000 + rate) * q) * q
    assert tax == expected
    # The reference, as an accountant would compute it: gross × r / (1 + r), to the quantum.
    exact = Decimal(gross) * rate / (10_000 + rate) / q
    assert tax == int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)) * q


@given(st.integers(0, 10**12), RATES, QUANTA)
def test_tax_on_net(n, rate, q):
    net = n * q
    tax = tax_on_net(net, rate, q)
    assert tax % q == 0
    assert tax == (0 if rate == 0 else half_up(net * rate, 10_000 * q) * q)


def test_vat_inside_123_zloty_is_23_zloty():
    assert tax_in_gross(123_00, 2300) == 23_00
    assert tax_on_net(100_00, 2300) == 23_00
    assert tax_in_gross(100_00, 800) == 741  # 100 zł at 8 %: 7.41 zł
    assert tax_in_gross(100_00, 0) == 0
    assert tax_in_gross(100_00, -5) == 0


# -- allocation ------------------------------------------------------------------
@given(
    st.integers(-(10**9), 10**9), st.lists(st.integers(0, 10**6), min_size=1, max_size=12), QUANTA
)
def test_allocate_sums_exactly_and_stays_fair(units, weights, q):
    total = units * q
    parts = allocate(total, weights, q)
    assert len(parts) == len(weights)
    assert sum(parts) == total
    assert all(p % q == 0 for p in parts)
    wsum = sum(weights)
    ws = weights if wsum else [1] * len(weights)
    for p, w in zip(parts, ws, strict=True):
        exact = Fraction(total * w, sum(ws))
        assert abs(p - exact) < q
        if total > 0:
            assert p >= 0
        elif total < 0:
            assert p <= 0
        if wsum and w == 0:
            assert p == 0


@given(st.integers(-(10**6), 10**6), st.lists(st.integers(0, 1000), min_size=1, max_size=8), QUANTA)
def test_allocate_odd_totals_still_sum(total, weights, q):
    # A total that is not a multiple of the quantum still adds up exactly.
    assert sum(allocate(total, weights, q)) == total


def test_allocate_examples():
    assert allocate(100, [1, 1, 1]) == [34, 33, 33]
    assert sum(allocate(1000, [3333, 3333, 3333])) == 1000
    assert allocate(0, [1, 2]) == [0, 0]
    assert allocate(30, [0, 0, 0], 10) == [10, 10, 10]  # all zero: equal split
    assert allocate(-100, [1, 3]) == [-25, -75]
    assert allocate(0, []) == []
    with pytest.raises(ValueError):
        allocate(5, [])
    with pytest.raises(ValueError):
        allocate(5, [1, -1])


# -- typed amounts ---------------------------------------------------------------
LANGUAGES = ["en", "pl", "fa"]


@st.composite
def shown_amounts(draw):
    currency = draw(st.sampled_from(list(Currency)))
    q = quantum(currency)
    minor = draw(st.integers(0, max_amount(currency) // q * 10) | st.integers(0, 2000)) * q
    return currency, minor


def written(lang: str, currency, minor: int, with_symbol: bool) -> str:
    i18n.set_language(lang)  # the unit words (rial, riali, ریال...) are translated
    try:
        return Formatter(lang, currency).amount(minor, with_symbol=with_symbol)
    finally:
        i18n.set_language("en")


@pytest.mark.parametrize("lang", LANGUAGES)
@given(amount=shown_amounts(), with_symbol=st.booleans())
def test_parse_amount_reads_what_the_formatter_writes(lang, amount, with_symbol):
    currency, minor = amount
    text = written(lang, currency, minor, with_symbol)
    assert parse_amount(text, currency, lang) == minor, text


@pytest.mark.parametrize("written_in", LANGUAGES)
@pytest.mark.parametrize("read_in", LANGUAGES)
@given(amount=shown_amounts(), with_symbol=st.booleans())
def test_an_amount_written_the_way_of_another_language_is_never_misread(
    written_in, read_in, amount, with_symbol
):
    """Read with another language's separators, an amount is refused or read right:
    never 12 345 zł for "12,345", never 1.50 for "1,500"."""
    currency, minor = amount
    text = written(written_in, currency, minor, with_symbol)
    try:
        value = parse_amount(text, currency, read_in)
    except AmountError:
        return
    assert value == minor, text


# Digits grouped wrongly: a group that is not three digits, a first group of four or more.
@st.composite
def wrongly_grouped(draw):
    lang = draw(st.sampled_from(LANGUAGES))
    sep = draw(st.sampled_from(sorted(NUMBER_SYMBOLS[lang].group - NUMBER_SYMBOLS[lang].decimal)))
    first = draw(st.integers(1, 999_999))
    rest = draw(st.lists(st.integers(0, 9999), min_size=1, max_size=3))
    sizes = [draw(st.sampled_from([1, 2, 3, 4])) for _ in rest]
    groups = [str(first)] + [str(n).zfill(k)[-k:] for n, k in zip(rest, sizes, strict=True)]
    if len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]):
        groups.append("1234")  # make sure one group is wrong
    return lang, sep.join(groups)


@given(case=wrongly_grouped(), currency=st.sampled_from(list(Currency)))
def test_wrong_grouping_is_refused(case, currency):
    lang, text = case
    with pytest.raises(AmountError):
        parse_amount(text, currency, lang)


@given(
    lang=st.sampled_from(LANGUAGES),
    whole=st.integers(0, 10**6),
    frac=st.text(st.sampled_from("0123456789"), min_size=3, max_size=5),
)
def test_more_decimals_than_the_currency_has_is_refused(lang, whole, frac):
    for currency in Currency:
        for mark in NUMBER_SYMBOLS[lang].decimal:
            with pytest.raises(AmountError) as err:
                parse_amount(f"{whole}{mark}{frac}", currency, lang)
            if mark not in NUMBER_SYMBOLS[lang].group:
                assert err.value.reason == AmountError.DECIMALS


@pytest.mark.parametrize(
    "text, currency, lang, expected",
    [
        ("1 234,50", Currency.PLN, "pl", 1_234_50),
        ("1\u00a0234,50\u00a0zł", Currency.PLN, "pl", 1_234_50),
        ("1234,50", Currency.PLN, "pl", 1_234_50),
        ("45.5", Currency.PLN, "pl", 45_50),  # the keypad's dot
        ("45,05 zł", Currency.PLN, "pl", 45_05),
        ("12", Currency.PLN, "pl", 12_00),
        ("12,3", Currency.PLN, "pl", 12_30),
        ("1,234.56", Currency.EUR, "en", 1_234_56),
        ("1234.56", Currency.EUR, "en", 1_234_56),
        ("US$1,234.50", Currency.USD, "en", 1_234_50),
        ("£0.99", Currency.GBP, "en", 99),
        ("12,345", Currency.GBP, "en", 12_345_00),  # English groups with a comma
        ("۱۲۰٬۰۰۰", Currency.IRR, "fa", 120_000),
        ("120,000", Currency.IRT, "fa", 1_200_000),
        ("۱۲۰٬۰۰۰ ریال", Currency.IRR, "fa", 120_000),
        ("۱۲۰٬۰۰۰ تومان", Currency.IRT, "fa", 1_200_000),  # toman: stored in rials
        ("۱۲٫۵", Currency.EUR, "fa", 12_50),
        ("12 toman", Currency.IRT, "en", 120),
        ("٣٤٥", Currency.IRR, "fa", 345),  # Arabic-Indic digits too
        ("\u200f۵۰۰ تومان\u200f", Currency.IRT, "fa", 5000),  # right-to-left marks from a copy
    ],
)
def test_parse_amount_examples(text, currency, lang, expected):
    assert parse_amount(text, currency, lang) == expected


@pytest.mark.parametrize(
    "text, currency, lang, reason",
    [
        ("12,345", Currency.PLN, "pl", AmountError.DECIMALS),  # not 12 345 zł
        ("12.345", Currency.PLN, "pl", AmountError.DECIMALS),
        ("1,234.50", Currency.PLN, "pl", AmountError.GROUPING),
        ("1.234,50", Currency.PLN, "pl", AmountError.GROUPING),
        ("1.234,56", Currency.EUR, "en", AmountError.GROUPING),
        ("1 234.56", Currency.EUR, "en", AmountError.GROUPING),
        ("12.345", Currency.GBP, "en", AmountError.DECIMALS),
        ("1,2345", Currency.GBP, "en", AmountError.GROUPING),
        ("12,50", Currency.GBP, "en", AmountError.GROUPING),
        ("45.5", Currency.IRR, "fa", AmountError.DECIMALS),
        ("۱۲۰ ۰۰۰", Currency.IRT, "fa", AmountError.GROUPING),
        ("12a", Currency.PLN, "pl", AmountError.NOT_A_NUMBER),
        ("", Currency.PLN, "pl", AmountError.EMPTY),
    ],
)
def test_what_is_refused_says_why(text, currency, lang, reason):
    with pytest.raises(AmountError) as err:
        parse_amount(text, currency, lang)
    assert err.value.reason == reason


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "zł",
        "abc",
        "12a",
        "a12",
        "12zł34",
        "--",
        "-5",
        "−5",
        "+5",
        "-0",
        "1.2.3",
        "1,2,3",
        "1.2345",
        "12.345.6789",
        ".50",
        "1.",
        "1..0",
        "1 2",
        "1e5",
        "１２",
        "½",
        "12%",
    ],
)
def test_parse_amount_rejects_junk(text):
    for currency in Currency:
        for lang in LANGUAGES:
            with pytest.raises(ValueError):
                parse_amount(text, currency, lang)


@pytest.mark.parametrize("text", ["45.5", "12,50", "0٫5", "1.234.5"])
def test_no_decimals_in_rials_or_tomans(text):
    for currency in (Currency.IRR, Currency.IRT):
        for lang in LANGUAGES:
            with pytest.raises(ValueError):
                parse_amount(text, currency, lang)


@given(st.text(max_size=12), st.sampled_from(LANGUAGES))
def test_parse_amount_never_fails_otherwise(text, lang):
    for currency in CURRENCIES:
        try:
            value = parse_amount(text, currency, lang)
        except AmountError:
            continue
        assert value >= 0
        assert value % quantum(currency) == 0


@given(st.integers(0, 10**9))
def test_plain_digits_parse(n):
    for lang in LANGUAGES:
        assert parse_amount(str(n), Currency.IRR, lang) == n
        assert parse_amount(str(n), Currency.IRT, lang) == n * 10
        assert parse_amount(str(n), Currency.PLN, lang) == n * 100
