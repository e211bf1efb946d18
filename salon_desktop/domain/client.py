"""The client file as the receptionist fills it in, and its rules."""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from dataclasses import dataclass, field

from salon_desktop.domain.phones import PhoneError, normalise_phone
from salon_desktop.domain.text import fold, persian_letter_forms
from salon_desktop.domain.validation import (
    MAX_LONG,
    Errors,
    check_email,
    check_text,
)
from salon_desktop.i18n import N_


class Gender(enum.StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


GENDER_LABELS = {
    Gender.FEMALE: N_("Female"),
    Gender.MALE: N_("Male"),
    Gender.OTHER: N_("Other"),
}


class BuyingBehaviour(enum.StrEnum):
    """Set by staff by hand (see DOMAIN.md, 'By buying behaviour')."""

    UNDECIDED = "undecided"
    CONFIDENT = "confident"
    UNCOMFORTABLE = "uncomfortable"


BEHAVIOUR_LABELS = {
    BuyingBehaviour.UNDECIDED: N_("Undecided"),
    BuyingBehaviour.CONFIDENT: N_("Confident"),
    BuyingBehaviour.UNCOMFORTABLE: N_("Uncomfortable"),
}


class ConsentKind(enum.StrEnum):
    DATA_PROCESSING = "data_processing"
    MARKETING_SMS = "marketing_sms"
    MARKETING_EMAIL = "marketing_email"
    HEALTH_DATA = "health_data"


CONSENT_LABELS = {
    ConsentKind.DATA_PROCESSING: N_("Data processing"),
    ConsentKind.MARKETING_SMS: N_("Marketing by SMS"),
    ConsentKind.MARKETING_EMAIL: N_("Marketing by e-mail"),
    ConsentKind.HEALTH_DATA: N_("Health data"),
}


class Source(enum.StrEnum):
    """How the client found the salon."""

    RECOMMENDATION = "recommendation"
    WALK_IN = "walk_in"
    INSTAGRAM = "instagram"
    FACEBOOK = "facebook"
    GOOGLE = "google"
    WEBSITE = "website"
    FLYER = "flyer"
    OTHER = "other"


SOURCE_LABELS = {
    Source.RECOMMENDATION: N_("Recommended by a client"),
    Source.WALK_IN: N_("Walk-in (passing by)"),
    Source.INSTAGRAM: N_("Instagram"),
    Source.FACEBOOK: N_("Facebook"),
    Source.GOOGLE: N_("Google / maps"),
    Source.WEBSITE: N_("Website"),
    Source.FLYER: N_("Flyer or advert"),
    Source.OTHER: N_("Other"),
}


# Phone labels are stored as these keys and shown translated.
PHONE_LABELS = {"mobile": N_("Mobile"), "home": N_("Home"), "work": N_("Work")}


class PhotoKind(enum.StrEnum):
    BEFORE = "before"
    AFTER = "after"
    OTHER = "other"


PHOTO_KIND_LABELS = {
    PhotoKind.BEFORE: N_("Before"),
    PhotoKind.AFTER: N_("After"),
    PhotoKind.OTHER: N_("Photo"),
}


@dataclass
class PhoneEntry:
    number: str  # as typed, or E.164 once cleaned
    label: str = ""


@dataclass
class ClientDraft:
    """What the client form holds. Text is kept exactly as typed."""

    first_name: str = ""
    last_name: str = ""
    phones: list[PhoneEntry] = field(default_factory=list)
    email: str = ""
    birth_date: dt.date | None = None
    gender: Gender | None = None
    address: str = ""
    source: Source | None = None
    referred_by_id: int | None = None
    preferred_staff_id: int | None = None
    tags: list[str] = field(default_factory=list)
    allergies: str = ""
    skin_notes: str = ""
    hair_notes: str = ""
    notes: str = ""
    buying_behaviour: BuyingBehaviour | None = None
    contact_confirmed_on: dt.date | None = None
    consents: dict[ConsentKind, dt.date | None] = field(default_factory=dict)


TEXT_FIELDS_SHORT = ("first_name", "last_name")
TEXT_FIELDS_LONG = ("address", "allergies", "skin_notes", "hair_notes", "notes")


def clean_client(draft: ClientDraft, region: str, today: dt.date) -> ClientDraft:
    """Check a draft and return its cleaned copy, or raise ValidationError.

    Phones are normalised to E.164; duplicate phones and tags are dropped.
    """
    errors = Errors()
    out = ClientDraft(**{k: v for k, v in draft.__dict__.items()})
    out.first_name = check_text(errors, "first_name", draft.first_name, required=True)
    out.last_name = check_text(errors, "last_name", draft.last_name)
    for name in TEXT_FIELDS_LONG:
        setattr(
            out,
            name,
            check_text(errors, name, getattr(draft, name), max_len=MAX_LONG, single_line=False),
        )
    out.email = check_email(errors, "email", draft.email)

    phones: list[PhoneEntry] = []
    seen: set[str] = set()
    for i, entry in enumerate(draft.phones):
        label = check_text(errors, f"phones.{i}", entry.label, max_len=40)
        raw = entry.number.strip()
        if not raw:
            continue
        if "\x00" in raw:
            errors.add(f"phones.{i}", N_("Contains control characters that cannot be stored."))
            continue
        try:
            e164 = normalise_phone(raw, region)
        except PhoneError:
            errors.add(f"phones.{i}", N_("Not a valid phone number for this region."))
            continue
        if e164 not in seen:
            seen.add(e164)
            phones.append(PhoneEntry(e164, label))
    out.phones = phones

    tags: list[str] = []
    for tag in draft.tags:
        tag = check_text(errors, "tags", tag, max_len=60)
        if tag and fold(tag) not in {fold(t) for t in tags}:
            tags.append(tag)
    out.tags = tags

    if draft.birth_date is not None:
        if draft.birth_date > today:
            errors.add("birth_date", N_("The date of birth is in the future."))
        elif draft.birth_date.year < 1900:
            errors.add("birth_date", N_("The date of birth is too far in the past."))
    if draft.contact_confirmed_on is not None and draft.contact_confirmed_on > today:
        errors.add("contact_confirmed_on", N_("This date is in the future."))
    for kind, given in draft.consents.items():
        if given is not None and given > today:
            errors.add(f"consent.{kind.value}", N_("This date is in the future."))
    errors.raise_if_any()
    return out


NAME_KEY_MAX = 410  # the size of clients.name_key; folding may lengthen text (ﷺ: 18 chars)


def name_key(first_name: str, last_name: str) -> str:
    """The folded full name that search and duplicate checks compare."""
    return fold(f"{first_name} {last_name}")[:NAME_KEY_MAX]


def sort_key(first_name: str, last_name: str) -> str:
    """Lists sort by last name, then first name, in folded form."""
    return fold(f"{last_name} {first_name}") if last_name.strip() else fold(first_name)


def contact_is_stale(confirmed_on: dt.date | None, today: dt.date, months: int) -> bool:
    """True when contact details were never confirmed or are older than ``months``."""
    if confirmed_on is None:
        return True
    year, month = divmod(confirmed_on.month - 1 + months, 12)
    year += confirmed_on.year
    day = min(confirmed_on.day, calendar.monthrange(year, month + 1)[1])  # 31 Aug + 6 → 28 Feb
    return today > dt.date(year, month + 1, day)


def display_name(first_name: str, last_name: str) -> str:
    return f"{first_name} {last_name}".strip()


_NAME_COMMA = ("،", ",")


def _capitalise(word: str) -> str:
    head = word[:1].upper()
    return head + word[1:] if len(head) == 1 else word  # "ß".upper() is "SS": left alone


def name_from_search(typed: str, persian: bool) -> tuple[str, str]:
    """First and last name for a new file from what was typed in the client search.

    ``"anna nowak"`` gives ("Anna", "Nowak"): the first word is the first name and
    the rest the last name, capitalised when everything was typed in lower case;
    ``"Nowak, Anna"`` (the list's order) gives the same. For a Persian salon the
    Arabic letter forms a keyboard layout may type (ي ك) become the Persian ones
    (ی ک) the name is written with; the search finds either, the file keeps one.
    Digits are a phone, not a name: they give no name at all.
    """
    text = " ".join(typed.split())
    if not text or any(ch.isdigit() for ch in text):
        return "", ""
    if persian:
        text = persian_letter_forms(text)
    if text == text.lower() and text != text.upper():
        text = " ".join(_capitalise(w) for w in text.split(" "))
    for comma in _NAME_COMMA:
        if comma in text:
            last, _sep, first = text.partition(comma)
            if first.strip() and last.strip():
                return first.strip(), last.strip()
            text = (first + last).strip()
            break
    first, _sep, last = text.partition(" ")
    return first, last
