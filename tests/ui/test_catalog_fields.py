"""The amount, percentage and whole-number fields the catalog (and the till) type into."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from salon_desktop.ui.widgets.money_field import IntegerField, MoneyField, PercentField
from tests.ui.helpers import type_text


def leave(qtbot, field) -> None:
    """What leaving the field with Tab does (offscreen, focus-out needs an active window)."""
    qtbot.keyClick(field, Qt.Key.Key_Return)


@pytest.mark.parametrize(
    ("currency", "language", "typed", "stored", "shown"),
    [
        ("GBP", "en", "45.5", 4550, "45.50"),
        ("GBP", "en", "£1,234.50", 123450, "1,234.50"),
        ("PLN", "pl", "1 234,5", 123450, "1\u00a0234,50"),
        ("IRT", "fa", "120,000", 1_200_000, "۱۲۰٬۰۰۰"),
        ("IRT", "fa", "۱۲۰٬۰۰۰", 1_200_000, "۱۲۰٬۰۰۰"),
        ("IRR", "fa", "۲۵۰۰۰۰۰ ریال", 2_500_000, "۲٬۵۰۰٬۰۰۰"),
    ],
)
def test_money_typed_in_shown_units_read_as_stored_units(
    qtbot, currency, language, typed, stored, shown
):
    field = MoneyField(currency, language=language)
    qtbot.addWidget(field)
    seen = []
    field.valueChanged.connect(seen.append)
    type_text(qtbot, field, typed)
    assert (field.value(), field.is_valid(), field.error()) == (stored, True, "")
    assert seen[-1] == stored
    leave(qtbot, field)
    assert field.text() == shown
    assert field.value() == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", "cannot be negative"),
        ("abc", "Not an amount"),
        ("1.2.3", "not separated like that"),
        ("12,34,5", "not separated like that"),
        ("1 234.50", "not separated like that"),
        ("12.345", "at most 2"),
    ],
)
def test_money_nonsense_has_no_value_and_a_message(qtbot, typed, message):
    field = MoneyField("GBP", language="en")
    qtbot.addWidget(field)
    type_text(qtbot, field, typed)
    assert field.value() is None and not field.is_valid()
    assert message in field.error()
    leave(qtbot, field)
    assert field.property("invalid")  # the red frame
    field.clear()
    assert field.is_valid() and field.value() is None and not field.property("invalid")


def test_money_set_value_and_maximum(qtbot):
    field = MoneyField("IRT", language="en", maximum=10_000_000)
    qtbot.addWidget(field)
    field.set_value(1_234_560)
    assert field.text() == "123,456" and field.value() == 1_234_560
    field.set_value(None)
    assert field.text() == "" and field.value() is None
    type_text(qtbot, field, "2,000,000")
    assert field.value() is None and "too large" in field.error()


@pytest.mark.parametrize(
    ("typed", "bp", "shown"),
    [
        ("23", 2300, "۲۳"),
        ("23,5", 2350, "۲۳٫۵"),
        ("۸٫۲۵", 825, "۸٫۲۵"),
        ("8 %", 800, "۸"),
    ],
)
def test_percent_read_in_basis_points(qtbot, typed, bp, shown):
    field = PercentField(language="fa")
    qtbot.addWidget(field)
    type_text(qtbot, field, typed)
    assert field.value_bp() == bp
    leave(qtbot, field)
    assert field.text() == shown


def test_percent_out_of_range_or_nonsense_refused(qtbot):
    field = PercentField(language="en")
    qtbot.addWidget(field)
    for typed in ("101", "-3", "x", "1.234"):
        field.clear()
        type_text(qtbot, field, typed)
        assert field.value_bp() is None and field.error(), typed
    field.set_bp(1250)
    assert (field.text(), field.value_bp()) == ("12.5", 1250)


def test_integer_field_in_persian_digits_and_range(qtbot):
    field = IntegerField(language="fa", minimum=1, maximum=100)
    qtbot.addWidget(field)
    type_text(qtbot, field, "۱۲")
    assert field.value() == 12
    leave(qtbot, field)
    assert field.text() == "۱۲"
    field.clear()
    type_text(qtbot, field, "0")
    assert field.value() is None and "۱" in field.error() and "۱۰۰" in field.error()


@pytest.mark.parametrize(
    ("currency", "language", "typed", "message"),
    [
        # "12,345" was read as 12 345 zł: in Polish the comma is the decimal mark.
        ("PLN", "pl", "12,345", "at most 2"),
        ("PLN", "pl", "1.234,50", "not separated like that"),
        ("PLN", "pl", "1,234.50", "not separated like that"),
        ("IRT", "fa", "12.5", "no decimals"),
        ("IRT", "fa", "۱۲۰ ۰۰۰", "not separated like that"),
    ],
)
def test_an_amount_that_could_be_misread_is_refused_with_a_message(
    qtbot, currency, language, typed, message
):
    field = MoneyField(currency, language=language)
    qtbot.addWidget(field)
    type_text(qtbot, field, typed)
    assert field.value() is None and not field.is_valid()
    assert message in field.error()  # the messages are in English in this test
    leave(qtbot, field)
    assert field.property("invalid") and field.text() == typed  # kept for correcting
