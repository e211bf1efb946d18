"""Letters to clients: kinds, placeholders, default wording, and a safe renderer.

A template is a subject and a body with placeholders in braces, ``{first_name}``;
``{{`` and ``}}`` print a brace. Only the names in ``PLACEHOLDERS`` are filled in,
and only as plain names: ``{first_name.upper}``, ``{amount_due:>10}``, ``{0}`` or
an unknown name is refused with a sentence naming it (``LetterError``), so a
template never reaches into the program and a typo never prints as a blank.

The default wording is an English text marked for translation: a salon that has
not written its own gets it in Polish or Persian from the catalogs.
"""

from __future__ import annotations

import datetime as dt
import enum
import string
from collections.abc import Mapping
from dataclasses import dataclass

from salon_desktop.domain.validation import Errors, ValidationError
from salon_desktop.i18n import N_


class LetterKind(enum.Enum):
    BIRTHDAY = "birthday"
    INVITATION_BACK = "invitation_back"
    APOLOGY = "apology"
    REFERRAL_THANKS = "referral_thanks"
    DEBT_REMINDER = "debt_reminder"


KIND_LABELS: dict[LetterKind, str] = {
    LetterKind.BIRTHDAY: N_("Birthday greeting"),
    LetterKind.INVITATION_BACK: N_("Invitation back"),
    LetterKind.APOLOGY: N_("Apology after a complaint"),
    LetterKind.REFERRAL_THANKS: N_("Thank you for a referral"),
    LetterKind.DEBT_REMINDER: N_("Debt reminder"),
}

PLACEHOLDERS: dict[str, str] = {
    "first_name": N_("the client's first name"),
    "last_name": N_("the client's last name"),
    "full_name": N_("the client's first and last name"),
    "client_number": N_("the client number"),
    "salon_name": N_("the salon's name"),
    "salon_phone": N_("the salon's phone"),
    "salon_address": N_("the salon's address"),
    "last_visit": N_("the date of the last visit"),
    "birthday": N_("the client's next birthday"),
    "amount_due": N_("what the client owes on her account"),
    "today": N_("today's date"),
}

MAX_SUBJECT = 200
MAX_BODY = 5_000


@dataclass(frozen=True)
class Template:
    kind: LetterKind
    language: str
    subject: str
    body: str
    custom: bool = False  # the salon's own wording (else the default)


DEFAULT_SUBJECTS: dict[LetterKind, str] = {
    LetterKind.BIRTHDAY: N_("Happy birthday, {first_name}!"),
    LetterKind.INVITATION_BACK: N_("We miss you, {first_name}"),
    LetterKind.APOLOGY: N_("We are sorry, {first_name}"),
    LetterKind.REFERRAL_THANKS: N_("Thank you for recommending us"),
    LetterKind.DEBT_REMINDER: N_("A reminder about your account"),
}

DEFAULT_BODIES: dict[LetterKind, str] = {
    LetterKind.BIRTHDAY: N_(
        "Dear {first_name},\n\n"
        "Everyone at {salon_name} wishes you a very happy birthday on {birthday}. "
        "Come and celebrate with us: a small treat is waiting for you at your next visit "
        "this month.\n\n"
        "With warm wishes,\n{salon_name}"
    ),
    LetterKind.INVITATION_BACK: N_(
        "Dear {first_name},\n\n"
        "We have not seen you since {last_visit} and we miss you. We would be glad to "
        "welcome you back: call us on {salon_phone} and we will find a time that suits "
        "you.\n\n"
        "See you soon,\n{salon_name}"
    ),
    LetterKind.APOLOGY: N_(
        "Dear {first_name},\n\n"
        "We are sorry that your last visit was not what you expected. Your opinion "
        "matters to us, and we would like to put it right. Please call us on "
        "{salon_phone} or come and see us.\n\n"
        "With our apologies,\n{salon_name}"
    ),
    LetterKind.REFERRAL_THANKS: N_(
        "Dear {first_name},\n\n"
        "Thank you for recommending {salon_name} to your friends. It is the best "
        "compliment we can receive. A small thank-you is waiting for you at your next "
        "visit.\n\n"
        "With gratitude,\n{salon_name}"
    ),
    LetterKind.DEBT_REMINDER: N_(
        "Dear {first_name},\n\n"
        "Our records show {amount_due} still open on your account with us. You can "
        "settle it at your next visit or call us on {salon_phone} if anything is "
        "unclear.\n\n"
        "Thank you,\n{salon_name}"
    ),
}


class LetterError(ValidationError):
    """A template the renderer refuses (unknown placeholder, a stray brace)."""


def parse_kind(value: str) -> LetterKind:
    """The kind of that name (``birthday``, ``debt-reminder``); ``ValueError`` otherwise."""
    return LetterKind(value.strip().lower().replace("-", "_"))


def placeholders_in(text: str) -> list[str]:
    """The placeholder names used in ``text`` (``ValueError`` for a stray brace)."""
    names = []
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        names.append(name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else ""))
    return names


def check(errors: Errors, field: str, text: str) -> None:
    """Every problem of one template text, beside its field."""
    try:
        used = placeholders_in(text)
    except ValueError:
        errors.add(
            field,
            N_("A brace is not closed. Write a placeholder as {example}, a brace as {brace}."),
            example="{first_name}",
            brace="{{ }}",
        )
        return
    for name in used:
        if name not in PLACEHOLDERS:
            errors.add(
                field,
                N_("There is no placeholder {{{name}}}. Use one of: {known}."),
                name=name,
                known=", ".join("{" + p + "}" for p in PLACEHOLDERS),
            )
            return


def check_template(subject: str, body: str) -> None:
    """``LetterError`` with every problem of the subject and body, or nothing."""
    errors = Errors()
    if len(subject) > MAX_SUBJECT:
        errors.add("subject", N_("At most {n} characters."), n=MAX_SUBJECT)
    if not body.strip():
        errors.add("body", N_("Write the letter."))
    elif len(body) > MAX_BODY:
        errors.add("body", N_("At most {n} characters."), n=MAX_BODY)
    check(errors, "subject", subject)
    check(errors, "body", body)
    if errors.errors:
        raise LetterError(errors.errors)


def render(text: str, values: Mapping[str, str], field: str = "body") -> str:
    """``text`` with its placeholders filled in from ``values``; ``LetterError`` for a
    placeholder that is unknown, or a stray brace."""
    errors = Errors()
    check(errors, field, text)
    if errors.errors:
        raise LetterError(errors.errors)
    out = []
    for literal, name, _spec, _conversion in string.Formatter().parse(text):
        out.append(literal)
        if name is not None:
            out.append(str(values.get(name, "")))
    return "".join(out)


@dataclass(frozen=True)
class Letter:
    """One letter as printed: to whom, the date, the subject and the body (filled in)."""

    client_id: int
    client_number: int
    name: str
    address: str
    date: dt.date
    subject: str
    body: str
    language: str
