"""What the columns of other salon software's client exports are called.

Each preset lists, per field of the client file, the header names an export
uses; headers are compared folded (``header_key``: case, accents, spaces and
punctuation ignored), so "Mobile Number", "mobile_number" and "MOBILE NUMBER"
are one header. Where each name comes from is said beside it. The English
names are the ones the exports write; accounts in another language write
their headers in that language, and the translated variants below are the
ones found in the vendors' help pages where there were any, otherwise the
words a Polish or Persian account would show (marked "our translation").
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from salon_desktop.domain.text import fold
from salon_desktop.i18n import N_


class Target(enum.StrEnum):
    """What a column of the file is read as."""

    IGNORE = "ignore"
    FIRST_NAME = "first_name"
    LAST_NAME = "last_name"
    FULL_NAME = "full_name"  # "Anna Nowak" or "Nowak, Anna" in one column
    MOBILE = "mobile"
    PHONE = "phone"  # any other phone (home, work, day, night)
    EMAIL = "email"
    BIRTH_DATE = "birth_date"
    GENDER = "gender"
    ADDRESS = "address"  # street, flat, city, postcode: joined in this order
    NOTES = "notes"
    ALLERGIES = "allergies"
    TAGS = "tags"


TARGET_LABELS = {
    Target.IGNORE: N_("(not imported)"),
    Target.FIRST_NAME: N_("First name"),
    Target.LAST_NAME: N_("Last name"),
    Target.FULL_NAME: N_("Full name"),
    Target.MOBILE: N_("Mobile phone"),
    Target.PHONE: N_("Other phone"),
    Target.EMAIL: N_("E-mail"),
    Target.BIRTH_DATE: N_("Date of birth"),
    Target.GENDER: N_("Gender"),
    Target.ADDRESS: N_("Address (part of)"),
    Target.NOTES: N_("Notes"),
    Target.ALLERGIES: N_("Allergies"),
    Target.TAGS: N_("Tags"),
}

# Several columns may be read as one of these (phones, address parts, notes);
# the others take one column each.
MULTI = frozenset({Target.MOBILE, Target.PHONE, Target.ADDRESS, Target.NOTES, Target.TAGS})


class DateOrder(enum.StrEnum):
    DMY = "dmy"  # 17/05/1990 (Europe, Iran)
    MDY = "mdy"  # 05/17/1990 (United States)


_NOT_WORD = re.compile(r"[\W_]+")


def header_key(header: str) -> str:
    """A header as compared: folded, without spaces and punctuation ("E-mail" = "email")."""
    return _NOT_WORD.sub("", fold(header.lstrip("\ufeff")))


@dataclass(frozen=True)
class Preset:
    key: str  # as typed after --preset
    label: str  # an N_() message id, or a product's name
    headers: Mapping[Target, tuple[str, ...]]
    date_order: DateOrder | None = None  # None: from the salon's country
    # Headers only this product's export has: two of them name the file's origin.
    signature: tuple[str, ...] = ()
    keys: dict[str, Target] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for target, names in self.headers.items():
            for name in names:
                self.keys.setdefault(header_key(name), target)
        for generic, target in GENERIC_HEADERS_FLAT:
            self.keys.setdefault(header_key(generic), target)

    def target_of(self, header: str) -> Target:
        return self.keys.get(header_key(header), Target.IGNORE)


# -- the words any client list may use (English, Polish, Persian) --------------------
# Our own list: the usual headers of spreadsheets and contact exports, and their
# Polish and Persian equivalents (our translation).
_GENERIC: dict[Target, tuple[str, ...]] = {
    Target.FIRST_NAME: (
        "First Name", "Firstname", "Given Name", "Forename", "Name (first)",
        "Imię", "Imie",
        "نام", "اسم",
    ),
    Target.LAST_NAME: (
        "Last Name", "Lastname", "Surname", "Family Name",
        "Nazwisko",
        "نام خانوادگی", "فامیلی", "نام‌خانوادگی",
    ),
    Target.FULL_NAME: (
        "Name", "Full Name", "Client", "Client Name", "Customer", "Customer Name", "Display Name",
        "Imię i nazwisko", "Klient", "Nazwa klienta",
        "نام و نام خانوادگی", "نام کامل", "مشتری", "نام مشتری",
    ),
    Target.MOBILE: (
        "Mobile", "Mobile Phone", "Mobile Number", "Cell", "Cell Phone", "Cellphone",
        "Komórka", "Telefon komórkowy", "Numer telefonu komórkowego", "Nr telefonu komórkowego",
        "موبایل", "تلفن همراه", "شماره موبایل", "شماره همراه",
    ),
    Target.PHONE: (
        "Phone", "Phone Number", "Telephone", "Tel", "Home Phone", "Work Phone", "Landline",
        "Telefon", "Numer telefonu", "Telefon domowy", "Telefon stacjonarny",
        "تلفن", "شماره تلفن", "تلفن ثابت",
    ),
    Target.EMAIL: (
        "Email", "E-mail", "Email Address", "E-mail Address", "Mail",
        "Adres e-mail", "Adres email",
        "ایمیل", "پست الکترونیک", "آدرس ایمیل",
    ),
    Target.BIRTH_DATE: (
        "Date of Birth", "Birth Date", "Birthdate", "Birthday", "DOB",
        "Data urodzenia", "Urodziny",
        "تاریخ تولد", "تولد",
    ),
    Target.GENDER: ("Gender", "Sex", "Płeć", "Plec", "جنسیت"),
    Target.ADDRESS: (
        "Address", "Street", "Street Address", "Address Line 1", "Address Line 2",
        "City", "Town", "Postcode", "Post Code", "Postal Code", "Zip", "Zip Code",
        "Adres", "Ulica", "Miasto", "Miejscowość", "Kod pocztowy",
        "آدرس", "نشانی", "شهر", "کد پستی",
    ),
    Target.NOTES: (
        "Notes", "Note", "Comment", "Comments", "Memo", "Remarks",
        "Notatki", "Notatka", "Uwagi", "Komentarz",
        "یادداشت", "توضیحات",
    ),
    Target.ALLERGIES: ("Allergies", "Allergy", "Alergie", "Uczulenia", "حساسیت", "آلرژی"),
    Target.TAGS: ("Tags", "Tag", "Labels", "Groups", "Tagi", "Etykiety", "Grupy", "برچسب‌ها", "برچسب"),
}  # fmt: skip
GENERIC_HEADERS_FLAT = tuple((name, t) for t, names in _GENERIC.items() for name in names)


# -- Fresha ------------------------------------------------------------------------
# The client list export (export_customer_list.csv): "Client ID, First Name, Last
# Name, Email, Mobile Number, Telephone, Gender, Date of Birth, City, Note, Blocked,
# Added" (the columns a public migration script reads from a real export:
# github.com/dariolr/Agenda_Project, agenda_core/migrations/fromfresha/import_clients.php).
# Fresha's help on importing a client list (support.fresha.com, article 115001938785)
# names the e-mail column "Adres e-mail" in Polish, "E-Mail-Adresse" in German and
# "E-post" in Swedish; the rest of the Polish headers are our translation. Its
# exports write phones in international form, sometimes without the "+"
# ("443318806451"), which ``normalise_import_phone`` accepts.
FRESHA = Preset(
    key="fresha",
    label="Fresha",
    headers={
        Target.IGNORE: ("Client ID", "Blocked", "Block Reason", "Added", "Appointments",
                        "No-shows", "Total Sales", "Outstanding", "Accepts Marketing",
                        "Accepts SMS marketing", "ID klienta", "Zablokowany", "Dodano"),
        Target.FIRST_NAME: ("First Name", "Imię"),
        Target.LAST_NAME: ("Last Name", "Nazwisko"),
        Target.EMAIL: ("Email", "Adres e-mail", "E-Mail-Adresse", "E-post"),
        Target.MOBILE: ("Mobile Number", "Numer telefonu komórkowego", "Telefon komórkowy"),
        Target.PHONE: ("Telephone", "Telefon"),
        Target.GENDER: ("Gender", "Płeć"),
        Target.BIRTH_DATE: ("Date of Birth", "Data urodzenia"),
        Target.ADDRESS: ("Address", "Apartment and suite", "Area", "City", "State", "Post Code",
                         "Adres", "Miasto", "Kod pocztowy"),
        Target.NOTES: ("Note", "Notatka"),
        Target.TAGS: ("Referral Source", "Źródło polecenia"),
    },
    date_order=DateOrder.DMY,
    signature=("Client ID", "Mobile Number", "Blocked", "Added", "Telephone", "ID klienta",
               "Numer telefonu komórkowego", "Zablokowany"),
)  # fmt: skip

# -- Square ------------------------------------------------------------------------
# The customer directory export of the Square Dashboard (Customers > Directory >
# Export): "Reference ID, First Name, Last Name, Email Address, Phone Number,
# Nickname, Company Name, Street Address 1, Street Address 2, City, State, Postal
# Code, Birthday, Memo, Square Customer ID, Creation Source, First Visit, Last
# Visit, Transaction Count, Total Spend, Email Subscription Status, Instant Profile"
# (the export's header; Square's help on importing customers, squareup.com/help
# article 6632, names the "Email Subscription Status" column and the birthday
# formats "MM-DD, YYYY-MM-DD, and MM-DD-YYYY"; its Customers API names the name
# fields given_name / family_name and writes "0000-09-21" for a birthday without a
# year). UK accounts write "Surname" and "Postcode"; the Polish ones are our
# translation.
SQUARE = Preset(
    key="square",
    label="Square",
    headers={
        Target.IGNORE: ("Reference ID", "Nickname", "Company Name", "Square Customer ID",
                        "Creation Source", "First Visit", "Last Visit", "Transaction Count",
                        "Total Spend", "Email Subscription Status", "Instant Profile"),
        Target.FIRST_NAME: ("First Name", "Given Name", "Imię"),
        Target.LAST_NAME: ("Last Name", "Surname", "Family Name", "Nazwisko"),
        Target.EMAIL: ("Email Address", "Adres e-mail"),
        Target.PHONE: ("Phone Number", "Numer telefonu"),
        Target.ADDRESS: ("Street Address 1", "Street Address 2", "City", "State", "Postal Code",
                         "Postcode", "Adres 1", "Adres 2", "Miasto", "Kod pocztowy"),
        Target.BIRTH_DATE: ("Birthday", "Urodziny"),
        Target.NOTES: ("Memo", "Notatka"),
    },
    date_order=DateOrder.MDY,
    signature=("Square Customer ID", "Reference ID", "Creation Source", "Instant Profile",
               "Email Subscription Status", "Street Address 1", "Transaction Count"),
)  # fmt: skip

# -- Vagaro ------------------------------------------------------------------------
# The customer list export (CustomersList.xlsx, saved as CSV): "First Name, Last
# Name, Email, Mobile, Day, Night, Address, Apt/Suite, City, State, Zip, Birthdate,
# Gender, Customer Since, Last Visited, Membership, Tags, Refered By [sic], Online
# Booking, Credit Card, Bank, Appointments Booked, Classes Booked, Check-Ins,
# Points Earned, Amount Paid, No Shows/Cancellations, Employee Seen", with "---" in
# empty cells (from a public importer of Vagaro's exports; Vagaro's help on the
# customer profile, support.vagaro.com article 115004392674, names the mobile,
# daytime and night-time phones). The Polish headers are our translation.
VAGARO = Preset(
    key="vagaro",
    label="Vagaro",
    headers={
        Target.IGNORE: ("Customer Since", "Last Visited", "Membership", "Refered By",
                        "Referred By", "Online Booking", "Credit Card", "Bank",
                        "Appointments Booked", "Classes Booked", "Check-Ins", "Points Earned",
                        "Amount Paid", "No Shows/Cancellations", "Employee Seen"),
        Target.FIRST_NAME: ("First Name", "Imię"),
        Target.LAST_NAME: ("Last Name", "Nazwisko"),
        Target.EMAIL: ("Email", "E-mail"),
        Target.MOBILE: ("Mobile", "Cell Phone", "Komórka"),
        Target.PHONE: ("Day", "Night", "Day Phone", "Night Phone", "Telefon (dzień)",
                       "Telefon (wieczór)"),
        Target.ADDRESS: ("Address", "Apt/Suite", "City", "State", "Zip", "Adres", "Miasto",
                         "Kod pocztowy"),
        Target.BIRTH_DATE: ("Birthdate", "Data urodzenia"),
        Target.GENDER: ("Gender", "Płeć"),
        Target.TAGS: ("Tags", "Tagi"),
    },
    date_order=DateOrder.MDY,
    signature=("Day", "Night", "Apt/Suite", "Customer Since", "Last Visited", "Refered By",
               "Online Booking", "Points Earned", "Employee Seen", "Check-Ins"),
)  # fmt: skip

GENERIC = Preset(key="generic", label=N_("Other CSV file"), headers={})

# The columns a vCard file is read into (domain.import_vcard makes them).
VCARD = Preset(key="vcard", label=N_("Contacts (vCard)"), headers={}, date_order=DateOrder.DMY)

PRESETS: dict[str, Preset] = {p.key: p for p in (GENERIC, FRESHA, SQUARE, VAGARO)}


def detect_preset(headers: list[str]) -> Preset:
    """The product whose export this header row looks like; the generic reader otherwise."""
    present = {header_key(h) for h in headers}
    best, best_score = GENERIC, 1  # one shared word ("Email") names no product
    for preset in (FRESHA, SQUARE, VAGARO):
        score = len({header_key(s) for s in preset.signature} & present)
        if score > best_score:
            best, best_score = preset, score
    return best


def auto_mapping(headers: list[str], preset: Preset) -> tuple[Target, ...]:
    """What each column is read as: by its header; a column repeating a header that
    takes one column (a second "First Name") is not imported."""
    out: list[Target] = []
    taken: set[Target] = set()
    for h in headers:
        target = preset.target_of(h)
        if target not in MULTI and target != Target.IGNORE:
            if target in taken:
                target = Target.IGNORE
            taken.add(target)
        out.append(target)
    return tuple(out)


def mapping_problems(mapping: tuple[Target, ...]) -> list[tuple[str, dict]]:
    """What is wrong with a mapping as a whole: (N_() message, params) pairs."""
    problems: list[tuple[str, dict]] = []
    seen: dict[Target, int] = {}
    for t in mapping:
        seen[t] = seen.get(t, 0) + 1
    for t, n in seen.items():
        if t not in MULTI and t != Target.IGNORE and n > 1:
            problems.append(
                (N_("Two columns are read as “{field}”: choose one."), {"field": TARGET_LABELS[t]})
            )
    if not (seen.get(Target.FIRST_NAME) or seen.get(Target.FULL_NAME)):
        problems.append((N_("No column is read as the first name or the full name."), {}))
    return problems
