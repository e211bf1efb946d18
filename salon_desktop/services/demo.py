"""A realistic demo salon: staff, settings and client files.

``fill_demo`` writes through the real services (``ctx.staff``,
``ctx.save_settings``, ``ctx.clients``) for small profiles, so every row is
exactly what the receptionist's screens would have written. For large
profiles (the 200,000-client benchmark) one service call per client is too
slow; the bulk path cleans each draft with the same domain rules
(``clean_client``), derives the same columns the service derives (name, sort
and phone keys, the first phone, the prefix search keys) and inserts batches
with SQLAlchemy Core. The FTS5 table is filled by its triggers on SQLite; the
pg_trgm indexes follow the table on PostgreSQL.

The data is deterministic for a seed (and a given day: dates are relative to
the service's "today").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
import struct
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from sqlalchemy import func, insert, select, text

from salon_desktop.db.base import utcnow
from salon_desktop.db.models import (
    AuditEntry,
    Client,
    ClientConsent,
    ClientPhone,
    ClientSearchKey,
    ClientTag,
    ColourFormula,
)
from salon_desktop.domain.client import (
    BuyingBehaviour,
    ClientDraft,
    ConsentKind,
    Gender,
    PhoneEntry,
    PhotoKind,
    Source,
    clean_client,
)
from salon_desktop.domain.text import fold
from salon_desktop.i18n import LANGUAGES
from salon_desktop.services import demo_data as data
from salon_desktop.services.client_search import derived_columns, search_keys_for

BULK_THRESHOLD = 1000  # from this many clients, ``fill_demo`` takes the bulk path
BATCH = 2000  # clients per bulk transaction


@dataclass
class DemoClient:
    """One generated client file: the draft as typed, plus what is attached to it."""

    draft: ClientDraft
    formulas: list[tuple[dt.date, str, int | None]] = field(default_factory=list)
    archived: bool = False
    referred_by: int | None = None  # index of an earlier generated client


@dataclass
class _StaffIds:
    by_role: dict[str, list[int]]
    inactive: list[int]
    desk: int | None

    def pick(self, rng: random.Random, *roles: str) -> int | None:
        ids = [i for r in roles for i in self.by_role.get(r, [])]
        return rng.choice(ids) if ids else None


class _Generator:
    def __init__(self, seed: int, language: str, today: dt.date, staff: _StaffIds):
        from faker import Faker

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


# -- filling a profile ----------------------------------------------------------


def _today(ctx) -> dt.date:
    # The client service validates dates against its own "today" (tests may fix it).
    today = getattr(ctx.clients, "today", None)
    return today() if callable(today) else dt.date.today()


def _setup_salon(ctx, language: str) -> _StaffIds:
    salon = data.SALONS[language]
    settings = dataclasses.replace(
        ctx.salon,
        language=language,
        first_run_done=True,
        default_tax_bp=data.PRODUCT_TAX[salon["currency"]],
        **salon,
    )
    ctx.save_settings(settings)
    existing = {m.name: m for m in ctx.staff.list(include_inactive=True)}
    roles = data.ROLES[language]
    by_role: dict[str, list[int]] = {}
    inactive: list[int] = []
    desk = None
    for name, role, active in data.STAFF[language]:
        member = existing.get(name) or ctx.staff.add(name, roles[role])
        if not active and member.active:
            member = ctx.staff.update(member.id, member.name, member.role, False)
        if active:
            by_role.setdefault(role, []).append(member.id)
        else:
            inactive.append(member.id)
        if role == "reception":
            desk = member.id
    if desk is not None and ctx.desk.load().desk_staff_id is None:
        ctx.desk.update(desk_staff_id=desk)
    return _StaffIds(by_role, inactive, desk)


def fill_demo(
    ctx,
    clients: int = 300,
    seed: int = 2026,
    language: str | None = None,
    *,
    years: int = 0,
    bulk: bool | None = None,
    batch: int = BATCH,
    progress=None,
    sales_progress=None,
) -> int:
    """Fill the profile behind ``ctx`` with a demo salon; returns the clients created.

    ``language`` (en, pl, fa) sets the salon's language, country and currency;
    None keeps the current language. ``years`` > 0 adds the price list, the
    retail shelf and that many years of visits and sales of the new clients
    (``demo_visits``; only into a profile without sales). ``bulk`` forces (True)
    or avoids (False) the bulk insert paths; by default they are used from
    ``BULK_THRESHOLD`` clients. ``progress(done, total)`` is called after each
    batch of clients on the bulk path, ``sales_progress(sales, day)`` after
    each batch of sales.
    """
    language = language or ctx.salon.language or "en"
    if language not in data.SALONS:
        raise ValueError(f"unknown language {language!r}")
    if clients < 0:
        raise ValueError("clients must be >= 0")
    staff = _setup_salon(ctx, language)
    gen = _Generator(seed, language, _today(ctx), staff)
    items = gen.clients(clients)
    if bulk is None:
        bulk = clients >= BULK_THRESHOLD
    if bulk:
        ids = _insert_bulk(ctx, items, staff.desk, batch=batch, total=clients, progress=progress)
    else:
        ids = _insert_with_services(ctx, items, staff.desk)
    _add_photos(ctx, ids, gen, staff.desk)
    if years > 0:
        _add_history(ctx, ids, staff, seed, language, gen.today, years, bulk, sales_progress)
    return len(ids)


def _add_history(
    ctx,
    ids: list[int],
    staff: _StaffIds,
    seed: int,
    language: str,
    today: dt.date,
    years: int,
    bulk: bool,
    progress,
) -> int:
    """The catalog and ``years`` of sales of the clients ``ids``; returns the sales written."""
    from salon_desktop.services import demo_sales
    from salon_desktop.services.demo_visits import VisitPlan

    if demo_sales.has_sales(ctx):
        return 0
    catalog = demo_sales.setup_catalog(ctx, language, staff.by_role, seed, staff.desk)
    if catalog is None:
        return 0
    plan = VisitPlan(
        seed=seed,
        language=language,
        currency=ctx.salon.currency,
        net_pricing=ctx.salon.net_pricing,
        today=today,
        years=years,
        clients=demo_sales.plan_clients(ctx, ids),
        staff_by_role=staff.by_role,
        inactive_staff=staff.inactive,
        catalog=catalog,
    )
    if bulk:
        return demo_sales.write_bulk(ctx, plan, staff.desk, progress=progress)
    return demo_sales.write_with_services(ctx, plan, staff.desk)


def _insert_with_services(ctx, items: Iterable[DemoClient], actor: int | None) -> list[int]:
    ids: list[int] = []
    archive: list[int] = []
    for item in items:
        draft = item.draft
        if item.referred_by is not None:
            draft.referred_by_id = ids[item.referred_by]
        cid = ctx.clients.create(draft, actor, allow_duplicate=True)
        ids.append(cid)
        for applied_on, formula, staff_id in sorted(item.formulas):
            ctx.clients.add_formula(cid, applied_on, formula, staff_id, actor)
        if item.archived:
            archive.append(cid)
    for cid in archive:  # after all are created: archived clients may have referred others
        ctx.clients.set_archived(cid, True, actor)
    return ids


def client_columns(cleaned: ClientDraft, number: int, archived: bool) -> dict:
    """The ``clients`` columns the client service derives from a cleaned draft
    (``derived_columns``, as ``ClientService._apply`` stores them), and the
    prefix keys ``_refresh_keys`` would write, under ``"search_keys"``."""
    columns = derived_columns(cleaned)
    keys = (
        set()
        if archived
        else search_keys_for(
            cleaned.first_name, cleaned.last_name, number, columns["phone_key"].split()
        )
    )
    return {**columns, "search_keys": sorted(keys)}


def _insert_bulk(
    ctx, items: Iterable[DemoClient], actor: int | None, *, batch: int, total: int, progress=None
) -> list[int]:
    """Insert generated clients in batches with Core statements (see module doc).

    Ids are assigned here (max + 1 onwards), so nothing else may add clients
    or formulas to the profile meanwhile; on PostgreSQL the id sequences are
    moved past them afterwards.
    """
    region, today = ctx.salon.phone_region, _today(ctx)
    engine = ctx.engine
    with engine.connect() as conn:
        next_id = (conn.scalar(select(func.max(Client.id))) or 0) + 1
        next_number = (conn.scalar(select(func.max(Client.number))) or 0) + 1
        next_formula = (conn.scalar(select(func.max(ColourFormula.id))) or 0) + 1
    first_id = next_id
    ids: list[int] = []
    it = iter(items)
    t_clients, t_phones, t_tags = Client.__table__, ClientPhone.__table__, ClientTag.__table__
    t_consents, t_keys = ClientConsent.__table__, ClientSearchKey.__table__
    t_formulas, t_audit = ColourFormula.__table__, AuditEntry.__table__
    while chunk := list(islice(it, batch)):
        now = utcnow()
        clients, phones, tags, consents, keys, formulas, audits = [], [], [], [], [], [], []
        for item in chunk:
            cid, number = next_id, next_number
            next_id += 1
            next_number += 1
            ids.append(cid)
            d = clean_client(item.draft, region, today)
            derived = client_columns(d, number, item.archived)
            keys += [{"key": k, "client_id": cid} for k in derived.pop("search_keys")]
            clients.append(
                {
                    "id": cid,
                    "number": number,
                    "first_name": d.first_name,
                    "last_name": d.last_name,
                    **derived,
                    "email": d.email,
                    "birth_date": d.birth_date,
                    "gender": d.gender.value if d.gender else None,
                    "address": d.address,
                    "source": d.source.value if d.source else None,
                    "referred_by_id": None
                    if item.referred_by is None
                    else first_id + item.referred_by,
                    "preferred_staff_id": d.preferred_staff_id,
                    "allergies": d.allergies,
                    "skin_notes": d.skin_notes,
                    "hair_notes": d.hair_notes,
                    "notes": d.notes,
                    "buying_behaviour": d.buying_behaviour.value if d.buying_behaviour else None,
                    "contact_confirmed_on": d.contact_confirmed_on,
                    "archived": item.archived,
                    "archived_at": now if item.archived else None,
                    "merged_into_id": None,
                    "created_at": now,
                    "created_by_id": actor,
                    "updated_at": now,
                    "updated_by_id": actor,
                    "version": 2 if item.archived else 1,
                }
            )
            phones += [
                {"client_id": cid, "e164": p.number, "label": p.label, "position": i}
                for i, p in enumerate(d.phones)
            ]
            tags += [{"client_id": cid, "tag": t} for t in d.tags]
            consents += [
                {"client_id": cid, "kind": k.value, "given_on": v}
                for k, v in d.consents.items()
                if v is not None
            ]
            audits.append(_audit(now, actor, cid, "create"))
            for applied_on, formula, staff_id in sorted(item.formulas):
                formulas.append(
                    {
                        "id": next_formula,
                        "client_id": cid,
                        "applied_on": applied_on,
                        "formula": formula,
                        "staff_id": staff_id,
                        "created_at": now,
                    }
                )
                audits.append(_audit(now, actor, cid, "add_formula", formula_id=next_formula))
                next_formula += 1
            if item.archived:
                audits.append(_audit(now, actor, cid, "archive"))
        with engine.begin() as conn:
            conn.execute(insert(t_clients), clients)
            for table, rows in (
                (t_phones, phones),
                (t_tags, tags),
                (t_consents, consents),
                (t_keys, keys),
                (t_formulas, formulas),
                (t_audit, audits),
            ):
                if rows:
                    conn.execute(insert(table), rows)
        if progress is not None:
            progress(len(ids), total)
    if ids and engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            for table in ("clients", "colour_formulas"):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
                )
    return ids


def _audit(at: dt.datetime, actor: int | None, client_id: int, action: str, **detail) -> dict:
    return {
        "at": at,
        "staff_id": actor,
        "entity": "client",
        "entity_id": client_id,
        "action": action,
        "detail": json.dumps(detail, ensure_ascii=False, default=str) if detail else "",
    }


# -- photos ---------------------------------------------------------------------


def _png(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    """A small gradient PNG, made without an imaging library."""
    r0, g0, b0 = colour
    rows = b"".join(
        b"\x00" + bytes(v for x in range(width) for v in (min(255, r0 + y), min(255, g0 + x), b0))
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def _add_photos(ctx, ids: list[int], gen: _Generator, actor: int | None) -> None:
    """Before/after photos for the first two clients, through the service."""
    today = gen.today
    with tempfile.TemporaryDirectory() as tmp:
        for n, cid in enumerate(ids[:2]):
            for kind, colour in (
                (PhotoKind.BEFORE, (90, 60, 40)),
                (PhotoKind.AFTER, (150, 80, 60)),
            ):
                path = Path(tmp) / f"{n}-{kind.value}.png"
                path.write_bytes(_png(48, 48, colour))
                ctx.clients.add_photo(cid, path, kind, today - dt.timedelta(days=14 * n), "", actor)
