"""Phone numbers: parsed and stored in E.164 with the phonenumbers library.

phonenumbers loads a large metadata set; it is imported on first use so the
application starts without it.
"""

from __future__ import annotations

from salon_desktop.domain.text import ascii_digits, only_digits


class PhoneError(ValueError):
    pass


def normalise_phone(raw: str, region: str) -> str:
    """Return the E.164 form of ``raw`` (any digit script), or raise PhoneError.

    >>> normalise_phone("۰۹۱۲ ۳۴۵ ۶۷۸۹", "IR")
    '+989123456789'
    """
    return normalise_phone_with_national(raw, region)[0]


def normalise_phone_with_national(raw: str, region: str) -> tuple[str, str]:
    """The E.164 form of ``raw`` and its national digits (``national_digits``) from one
    parse, for imports of many numbers; PhoneError as ``normalise_phone``."""
    import phonenumbers

    text = ascii_digits(raw).strip()
    if not only_digits(text):
        raise PhoneError("no digits")
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, region.upper() or None)
    except phonenumbers.NumberParseException as exc:
        raise PhoneError(str(exc)) from exc
    # "Possible" only checks the length: 09123 in Iran is possible (+989123) but no
    # one can be called on it. Valid means the number fits the country's plan.
    if not phonenumbers.is_valid_number(number):
        raise PhoneError("not a valid number")
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return e164, only_digits(national)


def national_digits(e164: str) -> str:
    """The digits of the number as dialled inside its country (with trunk prefix)."""
    import phonenumbers

    number = phonenumbers.parse(e164, None)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return only_digits(national)


def display_phone(e164: str, region: str) -> str:
    """National format for numbers of the salon's own country, international otherwise."""
    import phonenumbers

    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    if phonenumbers.region_code_for_number(number) == region.upper():
        fmt = phonenumbers.PhoneNumberFormat.NATIONAL
    else:
        fmt = phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, fmt)


def phone_search_key(e164: str) -> str:
    """Digit strings a phone fragment may match: international and national forms."""
    return f"{only_digits(e164)} {national_digits(e164)}"
