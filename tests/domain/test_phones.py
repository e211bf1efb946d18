"""domain.phones: E.164 from digits in any script."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salon_desktop.domain.phones import (
    PhoneError,
    display_phone,
    national_digits,
    normalise_phone,
    phone_search_key,
)

SCRIPTS = ("0123456789", "۰۱۲۳۴۵۶۷۸۹", "٠١٢٣٤٥٦٧٨٩")
SEPARATORS = ["", " ", "-", ".", " - "]

# (region, national number with trunk prefix, E.164)
KNOWN = [
    ("IR", "09123456789", "+989123456789"),
    ("IR", "02188776655", "+982188776655"),
    ("PL", "601234567", "+48601234567"),
    ("PL", "223456789", "+48223456789"),
    ("GB", "02079460958", "+442079460958"),
    ("DE", "030123456", "+4930123456"),
]


def write(digits: str, script: str, seps: list[str]) -> str:
    out = []
    for i, ch in enumerate(digits):
        out.append(script[int(ch)])
        if i < len(seps):
            out.append(seps[i])
    return "".join(out)


@given(
    case=st.sampled_from(KNOWN),
    script=st.sampled_from(SCRIPTS),
    seps=st.lists(st.sampled_from(SEPARATORS), max_size=12),
    form=st.sampled_from(["national", "plus", "00"]),
)
def test_any_digit_script_and_spacing_gives_the_same_e164(case, script, seps, form):
    region, national, e164 = case
    if form == "national":
        digits, prefix = national, ""
    elif form == "plus":
        digits, prefix = e164[1:], "+"
    else:
        digits, prefix = "00" + e164[1:], ""
    raw = prefix + write(digits, script, seps)
    assert normalise_phone(raw, region) == e164
    assert normalise_phone(f"  {raw}\t", region.lower()) == e164


def test_persian_example_from_the_issue():
    assert normalise_phone("۰۹۱۲ ۳۴۵ ۶۷۸۹", "IR") == "+989123456789"


@given(
    digits=st.text(st.sampled_from("0123456789"), min_size=1, max_size=20),
    script=st.sampled_from(SCRIPTS),
    region=st.sampled_from(["IR", "PL", "GB", "US", "DE"]),
)
def test_result_is_e164_or_phone_error(digits, script, region):
    raw = write(digits, script, [])
    try:
        e164 = normalise_phone(raw, region)
    except PhoneError:
        return
    # phonenumbers allows a few national numbers longer than E.164's 15 digits
    # (German 14-digit ones); what matters is the client_phones.e164 column (20).
    assert e164.startswith("+") and e164[1:].isdigit() and len(e164) <= 20
    # Idempotent: the stored form reads back as itself in any region.
    assert normalise_phone(e164, region) == e164
    assert normalise_phone("+" + write(e164[1:], script, []), "PL") == e164


@pytest.mark.parametrize(
    "raw", ["", "   ", "abc", "+", "12", "۱۲", "0912 345 6789 0000 1111 22", "phone: none"]
)
def test_impossible_numbers_are_refused(raw):
    with pytest.raises(PhoneError):
        normalise_phone(raw, "IR")


@pytest.mark.parametrize(
    "raw, region",
    [
        ("09123", "IR"),  # "possible" (+989123) but no one answers it
        ("0912 345", "IR"),
        ("12345", "PL"),
        ("100 000 000", "PL"),  # nine digits, but no Polish number starts with 10
        ("07700", "GB"),
        ("+98 000 000 0000", "IR"),
    ],
)
def test_possible_but_invalid_numbers_are_refused(raw, region):
    import phonenumbers

    if raw == "09123":  # the case from the desk: it was stored as +989123
        assert phonenumbers.is_possible_number(phonenumbers.parse(raw, region))
    with pytest.raises(PhoneError):
        normalise_phone(raw, region)


@given(
    region=st.sampled_from(["IR", "PL", "GB", "US", "DE"]),
    digits=st.text(st.sampled_from("0123456789"), min_size=1, max_size=15),
)
def test_what_is_stored_is_a_valid_number(region, digits):
    import phonenumbers

    try:
        e164 = normalise_phone(digits, region)
    except PhoneError:
        return
    assert phonenumbers.is_valid_number(phonenumbers.parse(e164, None))


@given(st.text())
def test_normalise_never_raises_anything_but_phone_error(text):
    try:
        normalise_phone(text, "PL")
    except PhoneError:
        pass


def test_national_and_display_forms():
    assert national_digits("+989123456789") == "09123456789"
    assert national_digits("+48601234567") == "601234567"
    assert phone_search_key("+989123456789") == "989123456789 09123456789"
    assert display_phone("+48601234567", "PL") == "601 234 567"
    assert display_phone("+48601234567", "IR") == "+48 601 234 567"
    assert display_phone("not a phone", "PL") == "not a phone"
