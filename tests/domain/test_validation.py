"""domain.validation: what text is stored, what is refused, and where it is reported."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salon_desktop.domain.validation import (
    Errors,
    FieldError,
    ValidationError,
    check_email,
    check_text,
)


@given(st.text(), st.booleans())
def test_check_text_returns_the_value_or_reports_the_field(value, single_line):
    errors = Errors()
    out = check_text(errors, "f", value, max_len=10_000, single_line=single_line)
    assert out == (value.strip() if single_line else value)
    assert all(e.field == "f" for e in errors.errors)
    has_control = any(
        (ord(c) < 32 and (single_line or c not in "\n\t\r")) or c == "\x7f" for c in out
    )
    assert bool(errors.errors) == has_control


@pytest.mark.parametrize(
    "value, single_line, refused",
    [
        ("a\x00b", False, True),
        ("a\nb", True, True),
        ("a\nb", False, False),
        ("a\tb", False, False),
        ("\x1b", False, True),
        ("\x7f", False, True),
        ("\ud800", False, True),
        ("😀\u200f\u200c", True, False),
        (" x ", True, False),
    ],
)
def test_control_and_invalid_characters(value, single_line, refused):
    errors = Errors()
    check_text(errors, "notes", value, single_line=single_line)
    assert bool(errors.errors) is refused


def test_required_and_max_len():
    errors = Errors()
    check_text(errors, "name", " \t ", required=True)
    check_text(errors, "role", "x" * 5, max_len=4)
    check_text(errors, "ok", "x" * 4, max_len=4)
    assert [(e.field, e.params) for e in errors.errors] == [("name", {}), ("role", {"max": 4})]
    with pytest.raises(ValidationError) as err:
        errors.raise_if_any()
    assert "name" in str(err.value) and "role" in str(err.value)
    assert err.value.by_field()["role"] == FieldError("role", errors.errors[1].message, {"max": 4})
    Errors().raise_if_any()  # no errors: nothing raised


def test_check_email_strips_and_checks():
    errors = Errors()
    assert check_email(errors, "email", "  anna@example.com ") == "anna@example.com"
    assert check_email(errors, "email", "anna") == "anna"
    assert [e.field for e in errors.errors] == ["email"]
