"""The client card's payload: what the codes say and how a scan is read back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salon_desktop.domain.card import card_payload, parse_card

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def test_payload_is_prefixed_and_padded():
    assert card_payload(123) == "sdc000123"
    assert card_payload(1234567) == "sdc1234567"
    with pytest.raises(ValueError):
        card_payload(-1)


@pytest.mark.parametrize(
    "typed",
    [
        "sdc000123",
        "SDC000123",  # Caps Lock on
        "  sdc000123\n",
        "sdc 000123",
        "سیز۰۰۰۱۲۳",  # the same keys with the Persian layout on
        "سيز٠٠٠١٢٣",  # an Arabic layout's letters and digits
        "sdc123",
    ],
)
def test_a_scan_is_read_from_any_layout(typed):
    assert parse_card(typed) == 123


@pytest.mark.parametrize(
    "typed", ["", "123", "5901234123457", "sdc", "sdcx12", "sdc-12", "xsdc12", "زهرا", "sdc12a"]
)
def test_other_text_is_not_a_card(typed):
    assert parse_card(typed) is None


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_round_trip(number):
    payload = card_payload(number)
    assert parse_card(payload) == number
    assert parse_card(payload.upper()) == number
    assert parse_card("سیز" + payload[3:].translate(PERSIAN)) == number
    assert parse_card("سيز" + payload[3:].translate(ARABIC_INDIC)) == number


@given(st.text(alphabet="0123456789۰۱۲۳۴۵۶۷۸۹ ", max_size=20))
def test_digits_alone_are_never_a_card(text):
    # a product's EAN or the salon's own shelf code is digits only
    assert parse_card(text) is None
