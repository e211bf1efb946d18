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

BIDI_EMBEDDINGS = "\u202a\u202b\u202c\u202d\u202e"
ISOLATES = "\u2066\u2067\u2068"
PDI = "\u2069"


def _refused_oracle(text: str, single_line: bool) -> bool:
    """What may not be stored, written out independently of the code under test."""
    for ch in text:
        o = ord(ch)
        if o < 32 and (single_line or ch not in "\n\t"):
            return True
        if 0x7F <= o <= 0x9F or 0xD800 <= o <= 0xDFFF:
            return True
        if single_line and ch in "\u2028\u2029":
            return True
        if ch in BIDI_EMBEDDINGS or ch in "\ufffe\uffff" or 0xFDD0 <= o <= 0xFDEF:
            return True
        if (o & 0xFFFF) in (0xFFFE, 0xFFFF):
            return True
    for line in text.split("\n"):
        depth = 0
        for ch in line:
            if ch in ISOLATES:
                depth += 1
            elif ch == PDI:
                depth -= 1
                if depth < 0:
                    return True
        if depth:
            return True
    return False


# Text with plenty of the characters that matter, among ordinary letters.
tricky_text = st.text(
    st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(
            list(BIDI_EMBEDDINGS + ISOLATES + PDI + "\u200e\u200f\u061c\u200c\n\r\t\x00\x85")
            + ["\u2028", "\x9b", "\x7f", "\ud800", "\ufffe", "a", "ی", " "]
        ),
    ),
    max_size=30,
)


@given(tricky_text, st.booleans())
def test_check_text_returns_the_value_or_reports_the_field(value, single_line):
    errors = Errors()
    out = check_text(errors, "f", value, max_len=10_000, single_line=single_line)
    expected = value.strip() if single_line else value.replace("\r\n", "\n").replace("\r", "\n")
    assert out == expected
    assert all(e.field == "f" for e in errors.errors)
    assert bool(errors.errors) == _refused_oracle(out, single_line)


@given(tricky_text)
def test_what_is_accepted_cannot_reorder_what_follows_it(value):
    """Text that passes, put between two fields of a receipt line, leaves every
    direction control it opens closed before the next field starts."""
    errors = Errors()
    out = check_text(errors, "f", value, max_len=10_000)
    if errors.errors:
        return
    assert not any(ch in BIDI_EMBEDDINGS for ch in out)
    assert sum(ch in ISOLATES for ch in out) == out.count(PDI)


@pytest.mark.parametrize(
    "value, single_line, refused",
    [
        ("a\x00b", False, True),
        ("a\nb", True, True),
        ("a\nb", False, False),
        ("a\tb", False, False),
        ("a\r\nb", False, False),  # stored as a\nb
        ("\x1b", False, True),
        ("\x7f", False, True),
        ("\ud800", False, True),
        ("😀\u200f\u200c", True, False),
        (" x ", True, False),
        # C1 controls (a Windows-1252 quote decoded as Latin-1, NEL, CSI)
        ("O\x92Brien", True, True),
        ("line\x85two", False, True),
        ("\x9b31m", True, True),
        # bidi embeddings and overrides: refused wherever they are
        ("Anna\u202e", True, True),
        ("\u202bسارا\u202c", True, True),
        ("\u202dabc", False, True),
        ("\u202aabc\u202c", False, True),
        # isolates: balanced ones (the app writes them) pass, unbalanced ones do not
        ("\u2068سارا\u2069 Nowak", True, False),
        ("\u2066+48 12\u2069", True, False),
        ("\u2067abc", True, True),
        ("abc\u2069", True, True),
        ("\u2068a\nb\u2069", False, True),  # not closed on its own line
        ("a\u2028b", True, True),  # a line separator in a one-line field
        ("a\u2028b", False, False),
        ("\ufffe", True, True),
    ],
)
def test_control_and_invalid_characters(value, single_line, refused):
    errors = Errors()
    check_text(errors, "notes", value, single_line=single_line)
    assert bool(errors.errors) is refused


def test_each_kind_of_refusal_says_what_is_wrong():
    errors = Errors()
    check_text(errors, "a", "x\x00")
    check_text(errors, "b", "x\x9b")
    check_text(errors, "c", "\udc00")
    check_text(errors, "d", "Anna\u202e")
    messages = {e.field: e.message for e in errors.errors}
    assert messages["a"] == messages["b"] == "Contains control characters that cannot be stored."
    assert messages["c"] == "Contains invalid characters."
    assert "direction" in messages["d"]


def test_multi_line_text_keeps_its_newlines_as_newlines():
    errors = Errors()
    assert check_text(errors, "n", "a\r\nb\rc\n", single_line=False) == "a\nb\nc\n"
    assert not errors.errors


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
