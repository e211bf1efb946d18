"""Field validation: every problem is reported against the field it concerns."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass

from salon_desktop.i18n import N_

MAX_SHORT = 200  # names, phone labels, tags
MAX_LONG = 20_000  # notes, addresses, allergy text


@dataclass
class FieldError:
    field: str
    message: str  # an N_()-marked message id; translated where shown
    params: dict = dataclasses.field(default_factory=dict)


class ValidationError(Exception):
    """Raised by a service when input is refused. Nothing has been saved."""

    def __init__(self, errors: Iterable[FieldError]):
        self.errors = list(errors)
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in self.errors))

    def by_field(self) -> dict[str, FieldError]:
        out: dict[str, FieldError] = {}
        for e in self.errors:
            out.setdefault(e.field, e)
        return out


class Errors:
    """Collects field errors while a form is checked, then raises them together."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, field_name: str, message: str, **params) -> None:
        self.errors.append(FieldError(field_name, message, params))

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def check_text(
    errors: Errors,
    field_name: str,
    value: str,
    *,
    required: bool = False,
    max_len: int = MAX_SHORT,
    single_line: bool = True,
) -> str:
    """Check a text value and return it exactly as it will be stored.

    Text is stored as typed (no silent trimming of inner content); only leading
    and trailing whitespace of single-line fields is removed, which is what the
    user sees anyway. NUL and other C0 controls are refused with a message:
    PostgreSQL cannot store NUL, and none of them is typed on purpose.
    """
    if single_line:
        value = value.strip()
    if required and not value.strip():
        errors.add(field_name, N_("This field is required."))
        return value
    if len(value) > max_len:
        errors.add(field_name, N_("Too long: at most {max} characters."), max=max_len)
    allowed = "" if single_line else "\n\t\r"
    if any((ord(ch) < 32 and ch not in allowed) or ch == "\x7f" for ch in value):
        errors.add(field_name, N_("Contains control characters that cannot be stored."))
    elif any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
        errors.add(field_name, N_("Contains invalid characters."))
    return value


# Deliberately modest: the address has one @, a dotted domain, no spaces.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")


def check_email(errors: Errors, field_name: str, value: str) -> str:
    value = check_text(errors, field_name, value, max_len=254)
    if value and not _EMAIL.match(value):
        errors.add(field_name, N_("Not a valid e-mail address, e.g. name@example.com."))
    return value
