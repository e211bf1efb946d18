"""Generated people of the demo salon: client files as a receptionist would type
them, in the salon's language and a mix of others (names from Faker, the
optional ``demo`` extra: ``pip install .[demo]``).

The data is deterministic for a seed (and a given day: dates are relative to
the service's "today").
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

import phonenumbers

from salon_desktop.demo import data
from salon_desktop.domain.client import (
    BuyingBehaviour,
    ClientDraft,
    ConsentKind,
    Gender,
    PhoneEntry,
    Source,
)
from salon_desktop.domain.text import fold
from salon_desktop.domain.validation import FieldError, ValidationError
from salon_desktop.i18n import LANGUAGES, N_


class DemoNeedsFaker(ValidationError):
    """The demo's names come from Faker, which is an optional extra."""

    def __init__(self) -> None:
        super().__init__(
            [
                FieldError(
                    "demo",
                    N_(
                        "Demo data needs the optional demo package: "
                        "pip install salon-desktop[demo] (packaging/setup.sh installs it)."
                    ),
                )
            ]
        )


def faker_class():
    """Faker's ``Faker`` class, or ``DemoNeedsFaker`` when it is not installed."""
    try:
        from faker import Faker
    except ImportError as exc:
        raise DemoNeedsFaker() from exc
    return Faker


@dataclass
class DemoClient:
    """One generated client file: the draft as typed, plus what is attached to it."""

    draft: ClientDraft
    formulas: list[tuple[dt.date, str, int | None]] = field(default_factory=list)
    archived: bool = False
    referred_by: int | None = None  # index of an earlier generated client


@dataclass
class StaffIds:
    by_role: dict[str, list[int]]
    inactive: list[int]
    desk: int | None

    def pick(self, rng: random.Random, *roles: str) -> int | None:
        ids = [i for r in roles for i in self.by_role.get(r, [])]
        return rng.choice(ids) if ids else None


class Generator:
    def __init__(self, seed: int, language: str, today: dt.date, staff: StaffIds):
        Faker = faker_class()  # noqa: N806

        self.rng = random.Random(seed)
        self.lang = language
        self.region = data.REGION[language]
        self.today = today
        self.staff = staff
        self.fakers = {}
        for i, lang in enumerate(LANGUAGES):
            fk = Faker(data.LOCALES[lang])
            fk.seed_instance(seed * 31 + i)
            self.fakers[lang] = fk
        others = [x for x in LANGUAGES if x != language]
        self.name_langs = [language, *others]
        self.name_weights = [70, 15, 15]
        self.used_phones: set[str] = set()
        self.promoters: list[int] = []

    # -- pieces ------------------------------------------------------------
    def _name(self, lang: str, gender: Gender | None) -> tuple[str, str]:
        fk = self.fakers[lang]
        male = gender is Gender.MALE
        first = fk.first_name_male() if male else fk.first_name_female()
        while first in data.FAKER_TYPOS:
            first = fk.first_name_male() if male else fk.first_name_female()
        last = fk.last_name_male() if male else fk.last_name_female()
        if lang == "en" and self.rng.random() < 0.04:  # double-barrelled
            last = f"{last}-{fk.last_name()}"
        return first, last

    def _phone(self, country: str, own: bool) -> str:
        """A valid mobile number of ``country``, typed as a receptionist would."""
        rng = self.rng
        while True:
            if country == "IR":
                nsn = rng.choice(
                    [
                        "912",
                        "919",
                        "935",
                        "936",
                        "937",
                        "938",
                        "939",
                        "901",
                        "902",
                        "990",
                        "991",
                        "910",
                        "911",
                        "913",
                        "915",
                        "917",
                        "921",
                        "922",
                    ]
                )
                nsn += f"{rng.randrange(10**7):07d}"
            elif country == "PL":
                nsn = (
                    rng.choice(
                        ["50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88"]
                    )
                    + f"{rng.randrange(10**7):07d}"
                )
            else:
                nsn = "7" + rng.choice("12345789") + f"{rng.randrange(10**8):08d}"
                if nsn.startswith("7700900"):
                    continue
            key = data.COUNTRY_CODE[country] + nsn
            if not phonenumbers.is_valid_number(phonenumbers.parse("+" + key)):
                continue  # a range the numbering plan (as libphonenumber knows it) does not use
            if key not in self.used_phones:
                self.used_phones.add(key)
                break
        if not own or rng.random() < 0.05:  # foreign numbers, and some typed in full
            cc = data.COUNTRY_CODE[country]
            if country == "IR":
                return f"+{cc} {nsn[:3]} {nsn[3:6]} {nsn[6:]}"
            if country == "PL":
                return f"+{cc} {nsn[:3]} {nsn[3:6]} {nsn[6:]}"
            return f"+{cc} {nsn[:4]} {nsn[4:]}"
        if country == "IR":
            typed = rng.choice(
                [f"0{nsn[:3]} {nsn[3:6]} {nsn[6:]}", f"0{nsn}", f"0{nsn[:3]}-{nsn[3:6]}-{nsn[6:]}"]
            )
            return typed.translate(data.PERSIAN_DIGITS) if rng.random() < 0.4 else typed
        if country == "PL":
            return rng.choice(
                [f"{nsn[:3]} {nsn[3:6]} {nsn[6:]}", nsn, f"{nsn[:3]}-{nsn[3:6]}-{nsn[6:]}"]
            )
        return rng.choice([f"0{nsn[:4]} {nsn[4:]}", f"0{nsn}"])

    def _email(self, lang: str, first: str, last: str) -> str:
        rng = self.rng
        if lang == "fa":
            f, la = fold(first).translate(data.FA_LATIN), fold(last).translate(data.FA_LATIN)
        else:
            f, la = (fold(x).replace(" ", "").replace("'", "") for x in (first, last))
        f, la = (
            "".join(c for c in f if c.isalnum() and c.isascii()),
            "".join(c for c in la if c.isalnum() and c.isascii()),
        )
        f, la = f or "client", la or "mail"
        user = rng.choice([f"{f}.{la}", f"{f}{la}", f"{f[0]}.{la}", f"{f}_{la}", f"{la}.{f}"])
        if rng.random() < 0.4:
            user += str(rng.randrange(1, 99))
        return f"{user}@{rng.choice(data.EMAIL_DOMAINS[lang])}"

    def _address(self) -> str:
        rng, lang = self.rng, self.lang
        fk = self.fakers[lang]
        if lang == "fa":
            city = rng.choice(data.FA_CITIES)
            addr = (
                f"{city}، خیابان {rng.choice(data.TEHRAN_STREETS)}، کوچه {rng.randrange(1, 40)}، "
                f"پلاک {rng.randrange(1, 120)}"
            )
            if rng.random() < 0.5:
                addr += f"، واحد {rng.randrange(1, 30)}"
            return addr.translate(data.PERSIAN_DIGITS) if rng.random() < 0.7 else addr
        if lang == "pl":
            city = "Kraków" if rng.random() < 0.7 else fk.city()
            return f"{fk.street_address()}\n{fk.postcode()} {city}"
        city = "Cambridge" if rng.random() < 0.7 else fk.city()
        return f"{fk.street_address()}\n{city} {fk.postcode()}"

    def _date_between(self, start: dt.date, end: dt.date) -> dt.date:
        days = (end - start).days
        return start + dt.timedelta(days=self.rng.randrange(days + 1)) if days > 0 else end

    def _formula(self) -> str:
        rng = self.rng
        brand, shades = rng.choice(data.COLOUR_LINES)
        words = data.FORMULA_WORDS[self.lang]
        dev = rng.choice(["3%", "6%", "6%", "9%", "12%"])
        ratio = rng.choice(["1:1", "1:1", "1:2"])
        minutes = rng.choice([20, 25, 30, 35, 35, 40, 45])
        a = rng.choice(shades)
        if rng.random() < 0.3:
            mix = f"{brand} {a} + {rng.choice(shades)} (2:1) + {dev} {ratio}, {minutes} min"
        else:
            mix = f"{brand} {a} + {dev} {ratio}, {minutes} min"
        if rng.random() < 0.35:
            mix = f"{words[0]}: {mix}; {words[1]}: {rng.choice(data.TONERS)} 1:2, 20 min"
        elif rng.random() < 0.15:
            mix = f"{mix}; {words[2]}: {rng.choice(data.TONERS)} 1:2, 15 min"
        return mix

    # -- one client ----------------------------------------------------------
    def client(self, index: int) -> DemoClient:
        rng, lang, today = self.rng, self.lang, self.today
        g = rng.random()
        gender = (
            Gender.FEMALE
            if g < 0.84
            else Gender.MALE
            if g < 0.97
            else Gender.OTHER
            if g < 0.98
            else None
        )
        name_lang = rng.choices(self.name_langs, self.name_weights)[0]
        first, last = self._name(name_lang, gender)

        own = rng.random() < 0.8 or name_lang == lang
        country = self.region if own else data.REGION[name_lang]
        labels = data.PHONE_LABELS
        phones = []
        r = rng.random()
        if r < 0.97:
            phones.append(
                PhoneEntry(
                    self._phone(country, country == self.region),
                    labels[0] if rng.random() < 0.5 else "",
                )
            )
        if r < 0.12:
            phones.append(PhoneEntry(self._phone(self.region, True), rng.choice(labels[1:])))

        since = today - dt.timedelta(days=rng.randrange(6 * 365))  # client since
        d = ClientDraft(first_name=first, last_name=last, phones=phones, gender=gender)
        if rng.random() < 0.55:
            d.email = self._email(name_lang, first, last)
        if rng.random() < 0.85:
            age = int(rng.triangular(16, 82, 34))
            d.birth_date = today - dt.timedelta(days=age * 365 + rng.randrange(365))
        if rng.random() < 0.65:
            d.address = self._address()

        d.source = rng.choices(
            [
                Source.RECOMMENDATION,
                Source.WALK_IN,
                Source.INSTAGRAM,
                Source.GOOGLE,
                Source.FACEBOOK,
                Source.WEBSITE,
                Source.FLYER,
                Source.OTHER,
                None,
            ],
            [25, 14, 24, 12, 6, 6, 4, 2, 7],
        )[0]
        referred_by = None
        if d.source is Source.RECOMMENDATION and index > 0 and rng.random() < 0.8:
            if self.promoters and rng.random() < 0.7:
                referred_by = rng.choice(self.promoters)
            else:
                referred_by = rng.randrange(index)
        if rng.random() < 0.08:
            self.promoters.append(index)

        if rng.random() < 0.4:
            if rng.random() < 0.05 and self.staff.inactive:
                d.preferred_staff_id = rng.choice(self.staff.inactive)
            else:
                d.preferred_staff_id = self.staff.pick(
                    rng, "stylist", "stylist", "colourist", "nails", "beautician"
                )

        tags = data.TAGS[lang]
        if rng.random() < 0.04:
            d.tags.append("VIP")
        if rng.random() < 0.45:
            d.tags += rng.sample(tags[1:], rng.choice([1, 1, 1, 2, 2, 3]))

        if rng.random() < 0.08:
            d.allergies = "\n".join(rng.sample(data.ALLERGIES[lang], rng.choice([1, 1, 1, 2])))
        if rng.random() < 0.25:
            d.skin_notes = rng.choice(data.SKIN_NOTES[lang])
        if rng.random() < 0.4:
            d.hair_notes = rng.choice(data.HAIR_NOTES[lang])
        if rng.random() < 0.15:
            d.notes = rng.choice(data.NOTES[lang])
        if rng.random() < 0.35:
            d.buying_behaviour = rng.choices(
                [
                    BuyingBehaviour.CONFIDENT,
                    BuyingBehaviour.UNDECIDED,
                    BuyingBehaviour.UNCOMFORTABLE,
                ],
                [60, 30, 10],
            )[0]
        if rng.random() < 0.9:
            d.contact_confirmed_on = self._date_between(
                max(since, today - dt.timedelta(days=730)), today
            )
        else:  # a file is confirmed the day it is made (as ClientService.create does)
            d.contact_confirmed_on = since

        consents: dict[ConsentKind, dt.date | None] = {}
        if rng.random() < 0.95:
            consents[ConsentKind.DATA_PROCESSING] = since
        if rng.random() < 0.6:
            consents[ConsentKind.MARKETING_SMS] = self._date_between(since, today)
        if d.email and rng.random() < 0.5:
            consents[ConsentKind.MARKETING_EMAIL] = self._date_between(since, today)
        if rng.random() < (0.85 if d.allergies or d.skin_notes else 0.2):
            consents[ConsentKind.HEALTH_DATA] = since
        d.consents = consents

        formulas: list[tuple[dt.date, str, int | None]] = []
        if rng.random() < (0.35 if gender is not Gender.MALE else 0.05):
            day = self._date_between(max(since, today - dt.timedelta(days=120)), today)
            for _ in range(rng.choice([1, 2, 3, 4, 6])):
                if day < since:
                    break
                staff_id = self.staff.pick(rng, "colourist", "colourist", "stylist")
                formulas.append((day, self._formula(), staff_id))
                day -= dt.timedelta(days=rng.randrange(35, 75))
            if not d.tags and rng.random() < 0.3:
                d.tags.append(tags[-2])  # "colour client"
        return DemoClient(d, formulas, archived=rng.random() < 0.02, referred_by=referred_by)

    def clients(self, n: int) -> Iterator[DemoClient]:
        for i in range(n):
            yield self.client(i)
