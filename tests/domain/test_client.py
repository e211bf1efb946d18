"""domain.client: cleaning a draft, keys, staleness."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from salon_desktop.domain.client import (
    NAME_KEY_MAX,
    ClientDraft,
    ConsentKind,
    PhoneEntry,
    clean_client,
    contact_is_stale,
    display_name,
    name_from_search,
    name_key,
    sort_key,
)
from salon_desktop.domain.text import fold
from salon_desktop.domain.validation import ValidationError

TODAY = dt.date(2026, 11, 23)


def fields_of(err: ValidationError) -> list[str]:
    return [e.field for e in err.errors]


def test_clean_keeps_text_as_typed_but_trims_single_line_fields():
    d = ClientDraft(
        first_name="  Anna ",
        last_name=" Nowak\u00a0",
        email=" a@b.pl ",
        notes="  two\n lines \n",
        allergies="\tlatex",
    )
    out = clean_client(d, "PL", TODAY)
    assert (out.first_name, out.last_name, out.email) == ("Anna", "Nowak", "a@b.pl")
    assert out.notes == "  two\n lines \n" and out.allergies == "\tlatex"
    assert d.first_name == "  Anna "  # the draft itself is not changed


def test_clean_normalises_and_deduplicates_phones():
    d = ClientDraft(
        first_name="A",
        phones=[
            PhoneEntry("۰۹۱۲ ۳۴۵ ۶۷۸۹", " mobile "),
            PhoneEntry("+98 912 345 6789", "again"),
            PhoneEntry(""),
            PhoneEntry("0098 21 8877 6655", "home"),
        ],
    )
    out = clean_client(d, "IR", TODAY)
    assert out.phones == [
        PhoneEntry("+989123456789", "mobile"),
        PhoneEntry("+982188776655", "home"),
    ]


def test_every_problem_is_reported_against_its_field():
    d = ClientDraft(
        first_name="",
        last_name="x" * 201,
        email="a@b",
        phones=[PhoneEntry("1"), PhoneEntry("+48601234567", "l" * 41)],
        birth_date=dt.date(1899, 12, 31),
        contact_confirmed_on=TODAY + dt.timedelta(days=1),
        consents={
            ConsentKind.HEALTH_DATA: TODAY + dt.timedelta(days=1),
            ConsentKind.MARKETING_SMS: TODAY,
        },
        tags=["t" * 61],
        address="\x00",
        hair_notes="\ud800",
    )
    with pytest.raises(ValidationError) as err:
        clean_client(d, "PL", TODAY)
    assert sorted(fields_of(err.value)) == sorted(
        [
            "first_name",
            "last_name",
            "email",
            "phones.0",
            "phones.1",
            "birth_date",
            "contact_confirmed_on",
            "consent.health_data",
            "tags",
            "address",
            "hair_notes",
        ]
    )
    assert set(err.value.by_field()) == set(fields_of(err.value))


@pytest.mark.parametrize(
    "born, ok",
    [
        (TODAY, True),
        (TODAY + dt.timedelta(days=1), False),
        (dt.date(1900, 1, 1), True),
        (dt.date(1899, 12, 31), False),
    ],
)
def test_birth_date_limits(born, ok):
    d = ClientDraft(first_name="A", birth_date=born)
    if ok:
        assert clean_client(d, "PL", TODAY).birth_date == born
    else:
        with pytest.raises(ValidationError) as err:
            clean_client(d, "PL", TODAY)
        assert fields_of(err.value) == ["birth_date"]


@pytest.mark.parametrize(
    "email, ok",
    [
        ("anna@example.com", True),
        ("a.b+c@sub.example.co.uk", True),
        ("", True),
        ("anna@example", False),
        ("anna example@x.pl", False),
        ("@x.pl", False),
        ("a@@x.pl", False),
        ("a@x..pl", False),
        ("a@.pl", False),
    ],
)
def test_email(email, ok):
    d = ClientDraft(first_name="A", email=email)
    if ok:
        assert clean_client(d, "PL", TODAY).email == email
    else:
        with pytest.raises(ValidationError) as err:
            clean_client(d, "PL", TODAY)
        assert fields_of(err.value) == ["email"]


def test_tags_are_deduplicated_by_folded_form():
    out = clean_client(
        ClientDraft(first_name="A", tags=["VIP", " vip", "", "Żółw", "zolw"]), "PL", TODAY
    )
    assert out.tags == ["VIP", "Żółw"]


def test_keys():
    assert name_key("Łucja", "Żółw") == "lucja zolw"
    assert name_key("علي", "كريمي") == name_key("علی", "کریمی")
    assert sort_key("Anna", "Nowak") == "nowak anna"
    assert sort_key("Anna", "  ") == "anna"
    assert display_name("Anna", "") == "Anna"
    assert len(name_key("ﷺ" * 200, "ﷺ" * 200)) == NAME_KEY_MAX


@pytest.mark.parametrize(
    "confirmed, months, stale",
    [
        (None, 12, True),
        (dt.date(2025, 11, 23), 12, False),
        (dt.date(2025, 11, 22), 12, True),
        (dt.date(2026, 10, 23), 1, False),
        (dt.date(2026, 10, 22), 1, True),
        (dt.date(2024, 2, 29), 24, True),
        (dt.date(2026, 1, 31), 10, False),
        (dt.date(2016, 11, 24), 120, False),
    ],
)
def test_contact_staleness(confirmed, months, stale):
    assert contact_is_stale(confirmed, TODAY, months) is stale


def test_stale_after_a_short_month_end():
    import datetime as dt

    from salon_desktop.domain.client import contact_is_stale

    confirmed = dt.date(2025, 8, 31)  # six months on is the last day of February
    assert not contact_is_stale(confirmed, dt.date(2026, 2, 28), 6)
    assert contact_is_stale(confirmed, dt.date(2026, 3, 1), 6)
    assert not contact_is_stale(dt.date(2025, 1, 31), dt.date(2025, 2, 28), 1)


# -- a new file from what was typed in the search ----------------------------------------


@pytest.mark.parametrize(
    "typed, persian, expected",
    [
        ("Anna", False, ("Anna", "")),
        ("anna nowak", False, ("Anna", "Nowak")),
        ("  Anna   Maria  Nowak ", False, ("Anna", "Maria Nowak")),
        ("Nowak, Anna", False, ("Anna", "Nowak")),
        ("ewa żółw", False, ("Ewa", "Żółw")),
        ("McDonald", False, ("McDonald", "")),
        ("van der Berg", False, ("van", "der Berg")),  # not all lower case: kept
        ("0912 345", False, ("", "")),
        ("", False, ("", "")),
        ("علي كريمي", True, ("علی", "کریمی")),
        ("كريمي، علي", True, ("علی", "کریمی")),
        ("مريم", True, ("مریم", "")),
        ("زهرا محمدی‌نژاد", True, ("زهرا", "محمدی‌نژاد")),  # the half-space stays in the word
        ("علي", False, ("علي", "")),  # an Arabic name in a Polish salon is left as typed
    ],
)
def test_name_from_search(typed, persian, expected):
    assert name_from_search(typed, persian) == expected


@given(st.text(max_size=40), st.booleans())
@example("ßa b", False)
@example("ŉ", False)
def test_name_from_search_loses_no_letter_and_has_no_arabic_forms_in_persian(typed, persian):
    first, last = name_from_search(typed, persian)
    if any(ch.isdigit() for ch in typed):
        assert (first, last) == ("", "")
        return
    assert first == first.strip() and last == last.strip()
    assert bool(last) <= bool(first)
    if persian:
        assert not set("يىك") & set(first + last)
    # Every letter typed is in the name (in its Persian form, maybe capitalised).
    typed_letters = sorted(fold(ch) for ch in typed if ch.isalpha())
    kept_letters = sorted(fold(ch) for ch in first + last if ch.isalpha())
    assert typed_letters == kept_letters
