"""Reading rows of other programs' client exports: cells, phones, dates, presets, vCards."""

from __future__ import annotations

import datetime as dt
import quopri

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from salon_desktop.domain.client import Gender
from salon_desktop.domain.import_presets import (
    FRESHA,
    GENERIC,
    SQUARE,
    VAGARO,
    DateOrder,
    Target,
    auto_mapping,
    detect_preset,
    header_key,
    mapping_problems,
)
from salon_desktop.domain.import_vcard import VCardError, cards_table, join_soft_breaks, read_cards
from salon_desktop.domain.importing import (
    BadDate,
    NoYear,
    RowRules,
    fill_empty,
    normalise_import_phone,
    parse_birth_date,
    parse_gender,
    parse_row,
    split_full_name,
    unescape_cell,
)
from salon_desktop.domain.phones import PhoneError

TODAY = dt.date(2026, 11, 23)
PL = RowRules("PL", TODAY, DateOrder.DMY)

# -- cells ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell, text",
    [
        ("'=SUM(A1)", "=SUM(A1)"),
        ("'+48 601 234 567", "+48 601 234 567"),
        ("'-5", "-5"),
        ("'@home", "@home"),
        ('="0601234567"', "0601234567"),
        ("---", ""),
        ("  Anna  ", "Anna"),
        ("O'Brien", "O'Brien"),
        ("'quoted'", "'quoted'"),
        ('=HYPERLINK("x")', '=HYPERLINK("x")'),  # not escaped: kept as the text it is
    ],
)
def test_unescape_cell(cell, text):
    assert unescape_cell(cell) == text


@given(st.text())
def test_unescape_of_an_escaped_cell_gives_the_text_back(value):
    value = value.strip()
    if value[:1] in ("=", "+", "-", "@") and not set(value) <= set("-—–"):
        assert unescape_cell("'" + value) == value.strip()


# -- phones ---------------------------------------------------------------------------


def test_phones_national_international_and_without_plus():
    assert normalise_import_phone("601 234 567", "PL")[0] == "+48601234567"
    assert normalise_import_phone("۰۹۱۲ ۳۴۵ ۶۷۸۹", "IR") == ("+989123456789", "09123456789")
    # Fresha writes some international numbers without their plus.
    assert normalise_import_phone("443318806451", "PL")[0] == "+443318806451"
    with pytest.raises(PhoneError):
        normalise_import_phone("12", "PL")


@given(st.integers(min_value=500_000_000, max_value=899_999_999))
def test_a_polish_mobile_in_any_form_is_one_number(n):
    digits = str(n)
    forms = [digits, f"+48{digits}", f"0048 {digits}", f"48{digits}", f"'+48{digits}"]
    results = set()
    for form in forms:
        try:
            results.add(normalise_import_phone(unescape_cell(form), "PL")[0])
        except PhoneError:
            results.add("invalid")
    assert len(results) == 1


# -- dates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, order, day",
    [
        ("1990-05-17", DateOrder.DMY, dt.date(1990, 5, 17)),
        ("1990-05-17T00:00:00Z", DateOrder.MDY, dt.date(1990, 5, 17)),
        ("17.05.1990", DateOrder.DMY, dt.date(1990, 5, 17)),
        ("05/17/1990", DateOrder.MDY, dt.date(1990, 5, 17)),
        ("17/05/1990", DateOrder.MDY, dt.date(1990, 5, 17)),  # 17 is no month
        ("03/04/1990", DateOrder.DMY, dt.date(1990, 4, 3)),
        ("03/04/1990", DateOrder.MDY, dt.date(1990, 3, 4)),
        ("17 May 1990", DateOrder.MDY, dt.date(1990, 5, 17)),
        ("May 17, 1990", DateOrder.DMY, dt.date(1990, 5, 17)),
        ("17 maja 1990", DateOrder.DMY, dt.date(1990, 5, 17)),
        ("17-Sep-85", DateOrder.DMY, dt.date(1985, 9, 17)),
        ("17/05/90", DateOrder.DMY, dt.date(1990, 5, 17)),
        ("01/02/03", DateOrder.DMY, dt.date(2003, 2, 1)),
        ("1369/02/27", DateOrder.DMY, dt.date(1990, 5, 17)),  # Jalali
        ("۱۳۶۹/۰۲/۲۷", DateOrder.DMY, dt.date(1990, 5, 17)),
        ("", DateOrder.DMY, None),
    ],
)
def test_birth_dates(text, order, day):
    assert parse_birth_date(text, order, TODAY) == day


@pytest.mark.parametrize("text", ["05-17", "--0517", "0000-05-17", "17 May", "May 17"])
def test_a_birthday_without_a_year_is_no_date_of_birth(text):
    with pytest.raises(NoYear):
        parse_birth_date(text, DateOrder.MDY, TODAY)


@pytest.mark.parametrize(
    "text", ["soon", "31/02/1990", "1990-13-01", "12345678901", "May June 1990"]
)
def test_not_dates(text):
    with pytest.raises(BadDate):
        parse_birth_date(text, DateOrder.DMY, TODAY)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2026, 11, 23)))
def test_every_written_form_of_a_date_reads_back(day):
    forms = {
        day.isoformat(): DateOrder.DMY,
        day.strftime("%d.%m.%Y"): DateOrder.DMY,
        day.strftime("%m/%d/%Y"): DateOrder.MDY,
        day.strftime("%d %B %Y"): DateOrder.DMY,
        day.strftime("%b %d, %Y"): DateOrder.MDY,
    }
    for text, order in forms.items():
        assert parse_birth_date(text, order, TODAY) == day, text


@given(st.text(max_size=30))
def test_any_text_is_a_date_or_a_clear_refusal(text):
    try:
        result = parse_birth_date(text, DateOrder.DMY, TODAY)
    except (NoYear, BadDate):
        return
    assert result is None or isinstance(result, dt.date)


def test_gender_words():
    assert parse_gender("Female") == Gender.FEMALE
    assert parse_gender("kobieta") == Gender.FEMALE
    assert parse_gender("زن") == Gender.FEMALE
    assert parse_gender("M") == Gender.MALE
    assert parse_gender("Donna") == Gender.FEMALE  # an Italian Fresha account
    assert parse_gender("zebra") is None


def test_full_names():
    assert split_full_name("Anna Maria Nowak") == ("Anna Maria", "Nowak")
    assert split_full_name("Nowak, Anna") == ("Anna", "Nowak")
    assert split_full_name("کریمی، زهرا") == ("زهرا", "کریمی")
    assert split_full_name("Cher") == ("Cher", "")


# -- presets and mappings ---------------------------------------------------------------

FRESHA_HEADERS = [
    "Client ID", "First Name", "Last Name", "Email", "Mobile Number", "Telephone",
    "Gender", "Date of Birth", "City", "Note", "Blocked", "Added",
]  # fmt: skip
SQUARE_HEADERS = [
    "Reference ID", "First Name", "Last Name", "Email Address", "Phone Number", "Nickname",
    "Company Name", "Street Address 1", "Street Address 2", "City", "State", "Postal Code",
    "Birthday", "Memo", "Square Customer ID", "Creation Source", "First Visit", "Last Visit",
    "Transaction Count", "Total Spend", "Email Subscription Status", "Instant Profile",
]  # fmt: skip
VAGARO_HEADERS = [
    "First Name", "Last Name", "Email", "Mobile", "Day", "Night", "Address", "Apt/Suite",
    "City", "State", "Zip", "Birthdate", "Gender", "Customer Since", "Last Visited",
    "Membership", "Tags", "Refered By", "Online Booking",
]  # fmt: skip


def test_presets_are_recognised_by_their_headers():
    assert detect_preset(FRESHA_HEADERS) is FRESHA
    assert detect_preset(SQUARE_HEADERS) is SQUARE
    assert detect_preset(VAGARO_HEADERS) is VAGARO
    assert detect_preset(["Name", "Phone", "Email"]) is GENERIC
    # A Polish Fresha account.
    pl = ["ID klienta", "Imię", "Nazwisko", "Adres e-mail", "Numer telefonu komórkowego"]
    assert detect_preset(pl) is FRESHA


def test_preset_mappings():
    m = dict(zip(FRESHA_HEADERS, auto_mapping(FRESHA_HEADERS, FRESHA), strict=True))
    assert m["Mobile Number"] == Target.MOBILE and m["Telephone"] == Target.PHONE
    assert m["Client ID"] == Target.IGNORE and m["Note"] == Target.NOTES
    m = dict(zip(SQUARE_HEADERS, auto_mapping(SQUARE_HEADERS, SQUARE), strict=True))
    assert m["Memo"] == Target.NOTES and m["Birthday"] == Target.BIRTH_DATE
    assert m["Street Address 1"] == m["Postal Code"] == Target.ADDRESS
    assert m["Square Customer ID"] == Target.IGNORE
    m = dict(zip(VAGARO_HEADERS, auto_mapping(VAGARO_HEADERS, VAGARO), strict=True))
    assert m["Day"] == m["Night"] == Target.PHONE and m["Mobile"] == Target.MOBILE
    assert SQUARE.date_order == VAGARO.date_order == DateOrder.MDY


def test_generic_headers_in_three_languages():
    headers = ["Imię", "Nazwisko", "Telefon", "نام خانوادگی", "E-MAIL", "Data urodzenia"]
    assert auto_mapping(headers, GENERIC) == (
        Target.FIRST_NAME,
        Target.LAST_NAME,
        Target.PHONE,
        Target.IGNORE,  # a second last-name column is not imported
        Target.EMAIL,
        Target.BIRTH_DATE,
    )
    assert header_key("\ufeffE-mail Address") == header_key("email address")


def test_duplicate_headers():
    headers = ["First Name", "First Name", "Phone", "Phone", "Notes", "Notes"]
    mapping = auto_mapping(headers, GENERIC)
    assert mapping == (
        Target.FIRST_NAME, Target.IGNORE, Target.PHONE, Target.PHONE, Target.NOTES, Target.NOTES,
    )  # fmt: skip
    assert mapping_problems(mapping) == []
    twice = (Target.FIRST_NAME, Target.FIRST_NAME)
    assert mapping_problems(twice)[0][1] == {"field": "First name"}
    assert mapping_problems((Target.LAST_NAME,))  # no first name


# -- rows ---------------------------------------------------------------------------------


def _row(headers, cells, rules=PL, preset=GENERIC):
    return parse_row(cells, headers, auto_mapping(headers, preset), rules)


def test_a_fresha_row():
    cells = ["17", "Anna", "Żółw", "anna@example.com", "48601234567", "'+48 22 123 45 67",
             "Female", "17/05/1990", "Kraków", "Likes tea", "No", "2020-01-01"]  # fmt: skip
    p = _row(FRESHA_HEADERS, cells, preset=FRESHA)
    assert p.errors == []
    d = p.draft
    assert (d.first_name, d.last_name, d.email) == ("Anna", "Żółw", "anna@example.com")
    assert [(x.number, x.label) for x in d.phones] == [
        ("+48601234567", "mobile"),
        ("+48221234567", ""),
    ]
    assert d.birth_date == dt.date(1990, 5, 17) and d.gender == Gender.FEMALE
    assert d.address == "Kraków" and d.notes == "Likes tea"
    assert d.contact_confirmed_on is None  # not confirmed with the client
    assert p.national["+48601234567"] == "601234567"


def test_errors_are_reported_against_their_column():
    headers = ["First Name", "Phone", "Email", "Birthday"]
    p = _row(headers, ["", "12", "not-an-email", "31/02/1990"])
    by_column = {e.column: e.message for e in p.errors}
    assert set(by_column) == {0, 1, 2, 3}
    assert p.draft is None
    assert "required" in by_column[0]
    assert p.errors[[e.column for e in p.errors].index(1)].params == {"value": "12"}


def test_what_has_no_field_is_kept_in_the_notes():
    headers = ["Name", "Birthday", "Gender", "Email"]
    p = _row(headers, ["Anna Nowak", "05-17", "zebra", "a@example.com; b@example.com"])
    assert p.errors == []
    assert p.draft.birth_date is None
    assert p.draft.notes.splitlines() == [
        "Email: b@example.com",
        "Birthday: 05-17",
        "Gender: zebra",
    ]


def test_persian_rows_use_persian_letters():
    rules = RowRules("IR", TODAY, DateOrder.DMY, persian=True)
    p = _row(["نام", "نام خانوادگی", "موبایل"], ["علي", "كريمي", "09123456789"], rules)
    assert (p.draft.first_name, p.draft.last_name) == ("علی", "کریمی")
    assert p.draft.phones[0].number == "+989123456789"


def test_an_email_cell_of_separators_is_empty():
    p = _row(["First Name", "Email"], ["Anna", " | ; "])
    assert not p.errors and p.draft.email in (None, "")


def test_formula_text_is_text():
    p = _row(["First Name", "Notes"], ["'=cmd|' /C calc'!A0", "=1+1"])
    assert p.draft.first_name == "=cmd|' /C calc'!A0"
    assert p.draft.notes == "=1+1"


@given(
    st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=20), min_size=5, max_size=5)
)
@example(["", "", "", "|", ""])  # an email cell of only a separator (found by hypothesis)
def test_any_row_gives_a_draft_or_errors_by_column(cells):
    headers = ["First Name", "Last Name", "Phone", "Email", "Birthday"]
    p = _row(headers, cells)
    assert (p.draft is None) == bool(p.errors)
    for e in p.errors:
        assert e.column is None or 0 <= e.column < len(headers)


def test_fill_empty_never_changes_what_is_there():
    existing = _row(["First Name", "Email"], ["Anna", "old@example.com"]).draft
    incoming = _row(
        ["First Name", "Last Name", "Email", "Phone"],
        ["Anna", "Nowak", "new@example.com", "601234567"],
    ).draft
    merged, filled = fill_empty(existing, incoming)
    assert merged.email == "old@example.com"
    assert merged.last_name == "Nowak" and merged.phones[0].number == "+48601234567"
    assert filled == ["last_name", "phones"]


# -- vCard ------------------------------------------------------------------------------------


def _qp(text: str, charset: str = "utf-8") -> str:
    return quopri.encodestring(text.encode(charset)).decode().replace("=\n", "=\r\n")


VCARDS = (
    "BEGIN:VCARD\r\nVERSION:2.1\r\n"
    f"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{_qp('Żółw')};Anna;;;\r\n"
    f"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{_qp('Anna Żółw')}\r\n"
    "TEL;CELL;PREF:+48601234567\r\nTEL;HOME:22 123 45 67\r\n"
    "NOTE;ENCODING=QUOTED-PRINTABLE:line one=0D=0Aline =\r\ntwo\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:2.1\r\n"
    f"N;CHARSET=WINDOWS-1250;ENCODING=QUOTED-PRINTABLE:{_qp('Wróbel;Łucja', 'cp1250')}\r\n"
    "TEL;CELL:602345678\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Nowak;Ewa;;;\r\nFN:Ewa Nowak\r\n"
    "TEL;TYPE=CELL:603 456 789\r\nEMAIL;TYPE=INTERNET:ewa@ex\r\n ample.com\r\n"
    "BDAY:19900517\r\nADR;TYPE=HOME:;;ul. Długa 5;Warszawa;;00-001;Polska\r\n"
    "CATEGORIES:VIP,Friends\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:زهرا کریمی\r\nN:کریمی;زهرا;;;\r\n"
    "TEL;VALUE=uri;TYPE=cell:tel:+989123456789\r\nBDAY:--0517\r\nEND:VCARD\r\n"
)


def test_vcards_of_every_version():
    cards = read_cards(VCARDS)
    assert [c.line for c in cards] == [1, 10, 15, 26]
    headers, rows, lines, mapping = cards_table(cards)
    drafts = [parse_row(r, headers, mapping, PL).draft for r in rows]
    assert [(d.first_name, d.last_name) for d in drafts] == [
        ("Anna", "Żółw"),
        ("Łucja", "Wróbel"),
        ("Ewa", "Nowak"),
        ("زهرا", "کریمی"),
    ]
    assert [p.label for p in drafts[0].phones] == ["mobile", ""]
    assert drafts[0].notes == "line one\nline two"  # quoted-printable, a soft line break
    assert drafts[2].email == "ewa@example.com"  # a folded line
    assert drafts[2].birth_date == dt.date(1990, 5, 17)
    assert drafts[2].address == "ul. Długa 5, 00-001, Warszawa, Polska"
    assert drafts[2].tags == ["VIP", "Friends"]
    assert drafts[3].birth_date is None and "--0517" in drafts[3].notes


def test_soft_breaks_only_in_quoted_printable_values():
    text = "NOTE;ENCODING=QUOTED-PRINTABLE:a=\r\nb\r\nFN:x=\r\nEND:VCARD"
    assert join_soft_breaks(text) == "NOTE;ENCODING=QUOTED-PRINTABLE:ab\r\nFN:x=\r\nEND:VCARD\r\n"


def test_a_damaged_vcard_is_named():
    text = VCARDS + "BEGIN:VCARD\r\nVERSION:3.0\r\nthis is not a line\r\nEND:VCARD\r\n"
    with pytest.raises(VCardError) as info:
        read_cards(text)
    assert info.value.params["n"] == 5
