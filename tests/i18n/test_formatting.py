"""i18n.formatting: dates, digits and amounts read the same on screen and paper."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from salon_desktop.i18n.formatting import LRI, PDI, Formatter

LANGS = ("en", "pl", "fa")
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"

# Jalali 1/1/1 is 622-03-22; years above 1700 typed in Persian are read as Gregorian.
fa_dates = st.dates(dt.date(622, 3, 22), dt.date(2320, 12, 31))


@given(lang=st.sampled_from(("en", "pl")), d=st.dates())
@example(lang="en", d=dt.date(2024, 2, 29))
@example(lang="pl", d=dt.date(1, 1, 1))
def test_gregorian_short_date_round_trip(lang, d):
    f = Formatter(lang)
    assert f.parse_date(f.date(d)) == d


@given(d=fa_dates)
@example(d=dt.date(2026, 3, 20))  # Nowruz eve: 1404/12/29
@example(d=dt.date(2026, 3, 21))  # 1405/01/01
@example(d=dt.date(2025, 3, 20))  # 1403/12/30, a leap-year Esfand 30
def test_jalali_short_date_round_trip(d):
    f = Formatter("fa")
    text = f.date(d)
    assert set(text) <= set(PERSIAN_DIGITS + "/")
    assert f.parse_date(text) == d
    # Typed with Arabic-Indic or ASCII digits, or in day/month/year order: the same day.
    ascii_text = text.translate(str.maketrans(PERSIAN_DIGITS, "0123456789"))
    assert f.parse_date(ascii_text) == d
    assert f.parse_date(ascii_text.translate(str.maketrans("0123456789", ARABIC_INDIC))) == d
    y, m, day = ascii_text.split("/")
    assert f.parse_date(f"{day}/{m}/{y}") == d


@given(lang=st.sampled_from(LANGS), d=st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)))
def test_iso_dates_are_accepted_everywhere(lang, d):
    assert Formatter(lang).parse_date(d.isoformat()) == d


@given(lang=st.sampled_from(LANGS), text=st.text(max_size=30))
@example(lang="en", text="1/1/99999999999999999999")
@example(lang="fa", text="99999999999999999999/1/1")
@example(lang="fa", text="1403/12/31")  # 1403 is leap; 1404 is not
@example(lang="fa", text="1404/12/30")
@example(lang="pl", text="31.02.2024")
def test_parse_date_gives_a_date_none_or_value_error(lang, text):
    try:
        out = Formatter(lang).parse_date(text)
    except ValueError:
        return
    assert out is None or isinstance(out, dt.date)
    if out is None:
        assert not text.strip()


@pytest.mark.parametrize(
    "lang, text, expected",
    [
        ("en", "23/11/2026", dt.date(2026, 11, 23)),
        ("en", "23.11.2026", dt.date(2026, 11, 23)),
        ("en", " 1-2-2026 ", dt.date(2026, 2, 1)),
        ("pl", "23.11.2026", dt.date(2026, 11, 23)),
        ("pl", "۲۳.۱۱.۲۰۲۶", dt.date(2026, 11, 23)),
        ("fa", "۱۴۰۵/۰۹/۰۲", dt.date(2026, 11, 23)),
        ("fa", "1405/9/2", dt.date(2026, 11, 23)),
        ("fa", "2026-11-23", dt.date(2026, 11, 23)),
        ("en", "", None),
        ("fa", "   ", None),
    ],
)
def test_parse_date_examples(lang, text, expected):
    assert Formatter(lang).parse_date(text) == expected


@pytest.mark.parametrize(
    "lang, text",
    [
        ("en", "2026"),
        ("en", "23/11/26"),
        ("en", "30/02/2026"),
        ("pl", "a.b.c"),
        ("fa", "1405/13/01"),
        ("fa", "1404/12/30"),
        ("fa", "05/09/02"),
        ("en", "1/2/3/4"),
    ],
)
def test_parse_date_refuses(lang, text):
    with pytest.raises(ValueError):
        Formatter(lang).parse_date(text)


def test_dates_per_language():
    d = dt.date(2026, 11, 23)
    assert Formatter("en").date(d) == "23/11/2026"
    assert Formatter("pl").date(d) == "23.11.2026"
    assert Formatter("fa").date(d) == "۱۴۰۵/۰۹/۰۲"
    assert Formatter("en").date(d, "long") == "23 November 2026"
    assert Formatter("pl").date(d, "long") == "23 listopada 2026"
    assert Formatter("fa").date(d, "long") == "۲ آذر ۱۴۰۵"
    assert Formatter("fa").date(None) == ""
    assert Formatter("fa").datetime(dt.datetime(2026, 11, 23, 9, 5)) == "۱۴۰۵/۰۹/۰۲ ۰۹:۰۵"


@given(n=st.integers(-(10**12), 10**12))
def test_persian_numbers_are_the_same_number_in_persian_digits(n):
    en, fa = Formatter("en").number(n), Formatter("fa").number(n)
    assert not set(fa) & set("0123456789")
    back = fa.translate(str.maketrans(PERSIAN_DIGITS + "٬", "0123456789,"))
    assert back.replace("\u200e", "").replace("\u2212", "-") == en


@pytest.mark.parametrize(
    "lang, currency, minor, expected",
    [
        ("pl", "PLN", 123456, "1\u00a0234,56\u00a0zł"),
        ("en", "EUR", 5, "€0.05"),
        ("en", "GBP", -150, "-£1.50"),
        ("en", "IRR", 1234560, "1,234,560 rial"),
        ("en", "IRT", 1234560, "123,456 toman"),  # stored in rials, shown in tomans
    ],
)
def test_amounts(lang, currency, minor, expected):
    assert Formatter(lang, currency).amount(minor) == expected


def test_amount_in_persian_uses_persian_digits():
    text = Formatter("fa", "IRT").amount(1234560, with_symbol=False)
    assert text == "۱۲۳٬۴۵۶"
    assert Formatter("fa", "PLN").amount(150, with_symbol=False) == "۱٫۵۰"


def test_number_decimals():
    assert Formatter("en").number(Decimal("1234.5"), 2) == "1,234.50"
    assert Formatter("pl").number(1234567) == "1\u00a0234\u00a0567"
    assert Formatter("en").integer(1234567, grouping=False) == "1234567"
    assert Formatter("fa").client_number(1203) == "۱۲۰۳"


def test_phone_is_isolated_left_to_right_in_persian():
    assert Formatter("fa").phone("+989123456789", "IR") == f"{LRI}۰۹۱۲ ۳۴۵ ۶۷۸۹{PDI}"
    assert Formatter("en").phone("+48601234567", "PL") == "601 234 567"
    assert Formatter("en").phone("", "PL") == ""


@given(n=st.integers(-(10**12), -1), currency=st.sampled_from(["IRT", "IRR", "EUR", "PLN"]))
def test_persian_negative_amounts_put_the_minus_on_the_left(n, currency):
    """CLDR's Persian minus sign (LRM + U+2212, what Babel's fa data gives): with it the
    bidi algorithm keeps the sign on the left of the digits in right-to-left text; a bare
    hyphen ended up on their right ("۱۲۰-")."""
    from babel.numbers import get_minus_sign_symbol
    from bidi.algorithm import get_display

    fmt = Formatter("fa", currency)
    for show in (fmt.number, fmt.amount, lambda v: fmt.amount(v, with_symbol=False)):
        text = show(n)
        assert text.startswith(get_minus_sign_symbol("fa_IR")) and "-" not in text
        assert text == get_minus_sign_symbol("fa_IR") + show(-n)
        shown = get_display(text, base_dir="R").replace("\u200e", "")  # as drawn
        k = shown.index("\u2212")
        assert shown[k + 1] in PERSIAN_DIGITS, shown  # the sign, then the number


def test_negative_amounts_in_english_and_polish_keep_their_hyphen():
    assert Formatter("en", "GBP").amount(-150) == "-£1.50"
    assert Formatter("pl", "PLN").amount(-150) == "-1,50\u00a0zł"
    assert Formatter("en", "IRT").amount(-1_234_560) == "-123,456 toman"
    assert Formatter("pl").number(-5) == "-5"


@given(
    lang=st.sampled_from(LANGS),
    currency=st.sampled_from(("PLN", "IRT", "IRR", "EUR")),
    values=st.lists(
        st.one_of(
            st.integers(-(10**12), 10**12),
            st.decimals(-(10**6), 10**6, places=3, allow_nan=False, allow_infinity=False),
        ),
        max_size=20,
    ),
    decimals=st.sampled_from((None, 0, 1, 2)),
)
def test_a_formatter_reused_prints_what_a_fresh_one_prints(lang, currency, values, decimals):
    """Texts are cached per formatter: equal numbers written apart (1.5, 1.50) stay apart."""
    used = Formatter(lang, currency)
    for v in values + values:
        assert used.number(v, decimals) == Formatter(lang, currency).number(v, decimals)
        if isinstance(v, int):
            assert used.amount(v) == Formatter(lang, currency).amount(v)
