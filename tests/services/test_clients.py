"""The client service on SQLite and PostgreSQL: the client file end to end."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from sqlalchemy import select

from salon_desktop.db.models import (
    AuditEntry,
    Client,
    ClientConsent,
    ClientPhone,
    ClientPhoto,
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
)
from salon_desktop.domain.validation import ValidationError
from salon_desktop.services.clients import (
    ClientNotFound,
    ConcurrentEdit,
    PossibleDuplicate,
)

from .conftest import row_count, set_region

TODAY = dt.date(2026, 11, 23)  # tests/conftest.py FIXED_DATE


@pytest.fixture(autouse=True)
def _check_today(fixed_today):
    assert fixed_today == TODAY


def full_draft(ctx, *, referrer_id: int, staff_id: int) -> ClientDraft:
    """A draft with every field filled with a value other than its default."""
    return ClientDraft(
        first_name="  Zahra  ",  # single-line fields lose leading/trailing spaces
        last_name="Ahmadi-Kowalska",
        phones=[PhoneEntry("۰۹۱۲ ۳۴۵ ۶۷۸۹", "mobile"), PhoneEntry("+48 601 234 567", "work")],
        email="zahra@example.com",
        birth_date=dt.date(1990, 3, 21),
        gender=Gender.FEMALE,
        address="Tehran, Valiasr St. 12\nUnit 3",
        source=Source.RECOMMENDATION,
        referred_by_id=referrer_id,
        preferred_staff_id=staff_id,
        tags=["VIP", "colour"],
        allergies="PPD (hair dye)\n",
        skin_notes="Sensitive skin",
        hair_notes="Fine, coloured",
        notes="Prefers mornings.\tNo coffee.",
        buying_behaviour=BuyingBehaviour.CONFIDENT,
        contact_confirmed_on=dt.date(2026, 1, 10),
        consents={
            ConsentKind.DATA_PROCESSING: dt.date(2026, 1, 10),
            ConsentKind.MARKETING_SMS: dt.date(2026, 2, 1),
            ConsentKind.MARKETING_EMAIL: dt.date(2026, 2, 2),
            ConsentKind.HEALTH_DATA: dt.date(2026, 2, 3),
        },
    )


def test_full_draft_sets_every_field():
    """Guards the round trip below: a new ClientDraft field must be added to it."""
    draft = full_draft(None, referrer_id=1, staff_id=1)
    default = ClientDraft()
    unset = [
        f.name
        for f in dataclasses.fields(ClientDraft)
        if getattr(draft, f.name) == getattr(default, f.name)
    ]
    assert unset == []


def test_create_and_get_round_trip_every_field(ir_ctx, actor):
    ctx = ir_ctx
    referrer = ctx.clients.create(ClientDraft(first_name="Maryam", last_name="Karimi"), actor)
    draft = full_draft(ctx, referrer_id=referrer, staff_id=actor)
    cid = ctx.clients.create(draft, actor)

    f = ctx.clients.get(cid)
    expected = dataclasses.replace(
        draft,
        first_name="Zahra",
        phones=[PhoneEntry("+989123456789", "mobile"), PhoneEntry("+48601234567", "work")],
    )
    assert f.draft == expected
    assert f.referred_by_name == "Maryam Karimi"
    assert f.display_name == "Zahra Ahmadi-Kowalska"
    assert f.number == 2 and f.version == 1
    assert not f.archived and f.merged_into_id is None
    assert f.contact_stale is False  # confirmed ten months before TODAY; period is 12


def test_update_round_trips_every_field(ir_ctx, actor):
    ctx = ir_ctx
    r1 = ctx.clients.create(ClientDraft(first_name="Ref", last_name="One"), actor)
    r2 = ctx.clients.create(ClientDraft(first_name="Ref", last_name="Two"), actor)
    other_staff = ctx.staff.add("Stylist", "hair").id
    cid = ctx.clients.create(full_draft(ctx, referrer_id=r1, staff_id=actor), actor)
    v1 = ctx.clients.get(cid).version

    new = ClientDraft(
        first_name="Zohreh",
        last_name="Nowak",
        phones=[PhoneEntry("0912 111 2233", "home")],
        email="z.nowak@example.pl",
        birth_date=dt.date(1985, 12, 31),
        gender=Gender.OTHER,
        address="Kraków",
        source=Source.INSTAGRAM,
        referred_by_id=r2,
        preferred_staff_id=other_staff,
        tags=["new"],
        allergies="",
        skin_notes="dry",
        hair_notes="",
        notes="updated",
        buying_behaviour=BuyingBehaviour.UNCOMFORTABLE,
        contact_confirmed_on=dt.date(2026, 11, 23),
        consents={ConsentKind.HEALTH_DATA: dt.date(2026, 11, 1)},
    )
    ctx.clients.update(cid, new, actor, expected_version=v1)
    f = ctx.clients.get(cid)
    assert f.draft == dataclasses.replace(new, phones=[PhoneEntry("+989121112233", "home")])
    assert f.version == v1 + 1
    assert f.referred_by_name == "Ref Two"
    # Removed phones, tags and consents are gone from the database, not only hidden.
    assert row_count(ctx, ClientPhone) == 1
    assert row_count(ctx, ClientTag) == 1
    assert row_count(ctx, ClientConsent) == 1


def test_clearing_optional_fields(ctx, actor):
    cid = ctx.clients.create(
        ClientDraft(
            first_name="Ewa",
            gender=Gender.FEMALE,
            source=Source.FLYER,
            buying_behaviour=BuyingBehaviour.UNDECIDED,
            birth_date=dt.date(2000, 1, 1),
            consents={ConsentKind.MARKETING_SMS: TODAY},
        ),
        actor,
    )
    ctx.clients.update(cid, ClientDraft(first_name="Ewa"), actor)
    assert ctx.clients.get(cid).draft == ClientDraft(first_name="Ewa")


@pytest.mark.parametrize(
    "raw",
    [
        "۰۹۱۲ ۳۴۵ ۶۷۸۹",
        "٠٩١٢ ٣٤٥ ٦٧٨٩",
        "0912-345-6789",
        "+98 912 345 6789",
        "0098 912 345 6789",
        "۰۹۱۲۳۴۵۶۷۸۹",
    ],
)
def test_phone_in_any_digit_script_is_stored_in_e164(ir_ctx, raw):
    cid = ir_ctx.clients.create(ClientDraft(first_name="سارا", phones=[PhoneEntry(raw)]), None)
    assert ir_ctx.clients.get(cid).draft.phones == [PhoneEntry("+989123456789", "")]
    with ir_ctx.engine.connect() as conn:
        assert conn.execute(select(ClientPhone.e164)).scalars().all() == ["+989123456789"]
        assert conn.execute(select(Client.main_phone)).scalar() == "+989123456789"


def test_phone_region_comes_from_the_salon_settings(ctx):
    set_region(ctx, "PL")
    a = ctx.clients.create(ClientDraft(first_name="A", phones=[PhoneEntry("601 234 567")]), None)
    assert ctx.clients.get(a).draft.phones[0].number == "+48601234567"
    set_region(ctx, "IR")
    with pytest.raises(ValidationError) as err:
        ctx.clients.create(ClientDraft(first_name="B", phones=[PhoneEntry("601 234 567")]), None)
    assert [e.field for e in err.value.errors] == ["phones.0"]


def test_duplicate_phones_and_tags_are_dropped(ir_ctx):
    cid = ir_ctx.clients.create(
        ClientDraft(
            first_name="Leila",
            phones=[
                PhoneEntry("09123456789", "a"),
                PhoneEntry("+989123456789", "b"),
                PhoneEntry("  "),
            ],
            tags=["VIP", "vip", " VIP ", "Ölfarbe", "olfarbe"],
        ),
        None,
    )
    d = ir_ctx.clients.get(cid).draft
    assert d.phones == [PhoneEntry("+989123456789", "a")]
    assert d.tags == sorted(["VIP", "Ölfarbe"])


def test_client_numbers_are_unique_and_increasing(ctx):
    ids = [ctx.clients.create(ClientDraft(first_name=f"N{i}"), None) for i in range(5)]
    numbers = [ctx.clients.get(i).number for i in ids]
    assert numbers == [1, 2, 3, 4, 5]


def test_get_unknown_client(ctx):
    with pytest.raises(ClientNotFound):
        ctx.clients.get(424242)
    with pytest.raises(ClientNotFound):
        ctx.clients.update(424242, ClientDraft(first_name="X"), None)
    with pytest.raises(ClientNotFound):
        ctx.clients.set_archived(424242, True, None)


# -- opening a file: eager loading, no lazy loads ------------------------------


def _attach_everything(ctx, cid, actor, tmp_path) -> None:
    photo = tmp_path / "before.JPG"
    photo.write_bytes(b"\xff\xd8\xff fake jpeg")
    ctx.clients.add_formula(cid, dt.date(2026, 5, 1), "6.1 + 20 vol", actor, actor)
    ctx.clients.add_formula(cid, dt.date(2026, 8, 1), "7.3 + 9 vol", actor, actor)
    ctx.clients.add_photo(cid, photo, PhotoKind.BEFORE, dt.date(2026, 8, 1), "before", actor)
    ctx.clients.add_photo(cid, photo, PhotoKind.AFTER, dt.date(2026, 8, 2), "after", actor)


def test_get_a_client_with_everything_attached(ir_ctx, actor, tmp_path):
    ctx = ir_ctx
    ref = ctx.clients.create(ClientDraft(first_name="Ref", last_name="Erer"), actor)
    cid = ctx.clients.create(full_draft(ctx, referrer_id=ref, staff_id=actor), actor)
    ctx.clients.create(ClientDraft(first_name="Referred", referred_by_id=cid), actor)
    _attach_everything(ctx, cid, actor, tmp_path)

    f = ctx.clients.get(cid)
    assert [x.formula for x in f.formulas] == ["7.3 + 9 vol", "6.1 + 20 vol"]  # newest first
    assert [(p.kind, p.note) for p in f.photos] == [
        (PhotoKind.AFTER, "after"),
        (PhotoKind.BEFORE, "before"),
    ]
    for p in f.photos:
        assert p.path.is_file() and p.path.read_bytes().startswith(b"\xff\xd8")
        assert p.path.parent.parent == tmp_path / "photos"
        assert p.path.suffix == ".jpg"
    assert len(f.draft.phones) == 2 and len(f.draft.consents) == 4
    assert f.referred_by_name == "Ref Erer"


def test_opening_a_file_costs_a_fixed_number_of_statements(ctx, actor, tmp_path):
    """``get`` reads the client and each attached table once: not one statement per row."""
    cid = ctx.clients.create(ClientDraft(first_name="Ola", tags=["a", "b"]), actor)
    _attach_everything(ctx, cid, actor, tmp_path)
    statements: list[str] = []

    from sqlalchemy import event

    def count(*args):
        statements.append(args[2])

    event.listen(ctx.engine, "before_cursor_execute", count)
    try:
        f = ctx.clients.get(cid)
    finally:
        event.remove(ctx.engine, "before_cursor_execute", count)
    assert len(f.draft.tags) == 2 and len(f.formulas) == 2 and len(f.photos) == 2
    assert f.referred_by_name == ""
    # The client (with its referrer's name), phones, tags, consents, formulas, photos.
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 6, statements


# -- duplicates -----------------------------------------------------------------


def test_same_phone_is_a_possible_duplicate(ir_ctx, actor):
    ctx = ir_ctx
    first = ctx.clients.create(
        ClientDraft(first_name="Mina", phones=[PhoneEntry("0912 345 6789")]), actor
    )
    with pytest.raises(PossibleDuplicate) as err:
        ctx.clients.create(
            ClientDraft(first_name="Someone", last_name="Else", phones=[PhoneEntry("۰۹۱۲۳۴۵۶۷۸۹")]),
            actor,
        )
    assert [c.id for c in err.value.candidates] == [first]
    assert ctx.clients.count() == 1
    second = ctx.clients.create(
        ClientDraft(first_name="Someone", last_name="Else", phones=[PhoneEntry("۰۹۱۲۳۴۵۶۷۸۹")]),
        actor,
        allow_duplicate=True,
    )
    assert second != first and ctx.clients.count() == 2


def test_same_folded_name_and_birth_date_is_a_possible_duplicate(ctx):
    born = dt.date(1992, 6, 1)
    first = ctx.clients.create(
        ClientDraft(first_name="علی", last_name="کریمی", birth_date=born), None
    )
    # Arabic letter forms and extra spaces fold to the same name.
    dup = ClientDraft(first_name="علي ", last_name=" كريمي", birth_date=born)
    with pytest.raises(PossibleDuplicate) as err:
        ctx.clients.create(dup, None)
    assert [c.id for c in err.value.candidates] == [first]
    # Same name, other birth date (or none): not a duplicate.
    ctx.clients.create(dataclasses.replace(dup, birth_date=dt.date(1993, 6, 1)), None)
    ctx.clients.create(dataclasses.replace(dup, birth_date=None), None)
    assert ctx.clients.count() == 3


def test_polish_name_without_diacritics_is_a_duplicate(ctx):
    born = dt.date(1980, 2, 29)
    first = ctx.clients.create(
        ClientDraft(first_name="Łucja", last_name="Żółw", birth_date=born), None
    )
    found = ctx.clients.find_duplicates(
        ClientDraft(first_name="lucja", last_name="ZOLW", birth_date=born)
    )
    assert [c.id for c in found] == [first]


def test_archived_files_are_not_duplicates(ir_ctx):
    ctx = ir_ctx
    old = ctx.clients.create(
        ClientDraft(first_name="Old", phones=[PhoneEntry("09120000001")]), None
    )
    ctx.clients.set_archived(old, True, None)
    new = ctx.clients.create(
        ClientDraft(first_name="New", phones=[PhoneEntry("09120000001")]), None
    )
    assert new != old
    assert (
        ctx.clients.find_duplicates(
            ClientDraft(first_name="x", phones=[PhoneEntry("09120000001")]), exclude_id=new
        )
        == []
    )


# -- merge ------------------------------------------------------------------------


def test_merge_moves_everything_and_archives_the_other(ir_ctx, actor, tmp_path):
    ctx = ir_ctx
    keep = ctx.clients.create(
        ClientDraft(
            first_name="Parisa",
            last_name="Rahimi",
            phones=[PhoneEntry("09121111111", "mobile")],
            tags=["vip"],
            allergies="latex",
            consents={ConsentKind.DATA_PROCESSING: dt.date(2026, 1, 1)},
        ),
        actor,
    )
    other = ctx.clients.create(
        ClientDraft(
            first_name="Parisa",
            last_name="Rahimi",
            email="parisa@example.com",
            phones=[PhoneEntry("09122222222", "home"), PhoneEntry("09121111111", "dup")],
            tags=["colour", "VIP"],
            allergies="PPD",
            notes="from the other file",
            birth_date=dt.date(1995, 5, 5),
            consents={
                ConsentKind.DATA_PROCESSING: dt.date(2025, 1, 1),
                ConsentKind.MARKETING_SMS: dt.date(2025, 6, 1),
            },
        ),
        actor,
        allow_duplicate=True,
    )
    referred = ctx.clients.create(ClientDraft(first_name="Friend", referred_by_id=other), actor)
    _attach_everything(ctx, other, actor, tmp_path)
    ctx.clients.add_formula(keep, dt.date(2026, 9, 1), "keep formula", None, actor)

    ctx.clients.merge(keep, other, actor)

    k = ctx.clients.get(keep)
    assert [p.number for p in k.draft.phones] == ["+989121111111", "+989122222222"]
    assert k.draft.phones[0].label == "mobile"
    assert {t.casefold() for t in k.draft.tags} == {"vip", "colour"}
    assert k.draft.consents == {
        ConsentKind.DATA_PROCESSING: dt.date(2026, 1, 1),  # kept's wins
        ConsentKind.MARKETING_SMS: dt.date(2025, 6, 1),
    }
    assert k.draft.email == "parisa@example.com"  # empty field filled from the other
    assert k.draft.birth_date == dt.date(1995, 5, 5)
    assert "latex" in k.draft.allergies and "PPD" in k.draft.allergies
    assert k.draft.notes == "from the other file"
    assert {x.formula for x in k.formulas} == {"keep formula", "6.1 + 20 vol", "7.3 + 9 vol"}
    assert len(k.photos) == 2 and all(p.path.is_file() for p in k.photos)
    assert ctx.clients.get(referred).draft.referred_by_id == keep

    o = ctx.clients.get(other)
    assert o.archived and o.merged_into_id == keep
    assert o.draft.phones == [] and o.draft.tags == [] and o.draft.consents == {}
    assert o.formulas == [] and o.photos == []

    # Search finds only the kept file, by name and by either phone.
    for query in ("Parisa", "pa", "rahimi", "0912 222", "09121111111"):
        assert [r.id for r in ctx.search.search(query).rows] == [keep], query
    assert [r.id for r in ctx.search.search("parisa", archived=True).rows] == [other]
    with ctx.engine.connect() as conn:
        assert (
            conn.execute(select(ClientSearchKey).where(ClientSearchKey.client_id == other)).all()
            == []
        )
        assert set(conn.execute(select(ColourFormula.client_id)).scalars()) == {keep}
        assert set(conn.execute(select(ClientPhoto.client_id)).scalars()) == {keep}
        merges = conn.execute(
            select(AuditEntry.entity_id, AuditEntry.action, AuditEntry.staff_id).where(
                AuditEntry.action.in_(["merge", "merged_into"])
            )
        ).all()
    assert sorted(merges) == sorted([(keep, "merge", actor), (other, "merged_into", actor)])
    assert ctx.clients.count() == 2 and ctx.clients.count(archived=True) == 1


def test_merge_with_itself_or_missing_is_refused(ctx):
    a = ctx.clients.create(ClientDraft(first_name="A"), None)
    with pytest.raises(ValidationError) as err:
        ctx.clients.merge(a, a, None)
    assert [e.field for e in err.value.errors] == ["merge"]
    with pytest.raises(ClientNotFound):
        ctx.clients.merge(a, 999999, None)
    assert not ctx.clients.get(a).archived


def test_merge_when_other_referred_keep(ctx):
    """Keep was referred by the other file: it must not end up referring itself."""
    other = ctx.clients.create(ClientDraft(first_name="Old", last_name="File"), None)
    keep = ctx.clients.create(
        ClientDraft(first_name="New", last_name="File", referred_by_id=other), None
    )
    ctx.clients.merge(keep, other, None)
    assert ctx.clients.get(keep).draft.referred_by_id in (None, other)
    assert ctx.clients.get(keep).draft.referred_by_id != keep


# -- archive / restore ---------------------------------------------------------------


def test_archive_and_restore(ctx, actor):
    cid = ctx.clients.create(ClientDraft(first_name="Karolina", last_name="Zięba"), actor)
    ctx.clients.set_archived(cid, True, actor)
    f = ctx.clients.get(cid)
    assert f.archived
    assert ctx.search.search("karolina").rows == []
    assert ctx.search.search("ka").rows == []
    assert [r.id for r in ctx.search.search("karolina", archived=True).rows] == [cid]
    assert (ctx.clients.count(), ctx.clients.count(archived=True)) == (0, 1)

    ctx.clients.set_archived(cid, False, actor)
    assert not ctx.clients.get(cid).archived
    assert [r.id for r in ctx.search.search("karolina").rows] == [cid]
    assert [r.id for r in ctx.search.search("zi").rows] == [cid]
    assert row_count(ctx, Client) == 1  # never deleted


# -- concurrent edits -----------------------------------------------------------------


def test_concurrent_edit_is_refused(ctx, actor):
    cid = ctx.clients.create(ClientDraft(first_name="Anna"), actor)
    opened_by_a = ctx.clients.get(cid)
    opened_by_b = ctx.clients.get(cid)

    a_draft = dataclasses.replace(opened_by_a.draft, notes="from desk A")
    ctx.clients.update(cid, a_draft, actor, expected_version=opened_by_a.version)

    b_draft = dataclasses.replace(opened_by_b.draft, notes="from desk B")
    with pytest.raises(ConcurrentEdit):
        ctx.clients.update(cid, b_draft, actor, expected_version=opened_by_b.version)
    f = ctx.clients.get(cid)
    assert f.draft.notes == "from desk A"
    assert f.version == opened_by_a.version + 1


# -- validation: nothing saved half-way ------------------------------------------------

ALL_TABLES = (Client, ClientPhone, ClientTag, ClientConsent, ClientSearchKey, AuditEntry)


def _counts(ctx) -> dict:
    return {m.__tablename__: row_count(ctx, m) for m in ALL_TABLES}


def test_invalid_create_saves_nothing(ctx):
    before = _counts(ctx)
    bad = ClientDraft(
        first_name="   ",
        email="not-an-email",
        phones=[PhoneEntry("12"), PhoneEntry("abc")],
        tags=["ok", "x" * 61],
        birth_date=dt.date(2030, 1, 1),
        contact_confirmed_on=dt.date(2027, 1, 1),
        consents={ConsentKind.MARKETING_SMS: dt.date(2027, 1, 1)},
        notes="a\x00b",
    )
    with pytest.raises(ValidationError) as err:
        ctx.clients.create(bad, None)
    fields = {e.field for e in err.value.errors}
    assert fields == {
        "first_name",
        "email",
        "phones.0",
        "phones.1",
        "tags",
        "birth_date",
        "contact_confirmed_on",
        "consent.marketing_sms",
        "notes",
    }
    for e in err.value.errors:
        assert e.message  # a message to show beside the field
    assert _counts(ctx) == before


def test_invalid_link_saves_nothing(ctx, actor):
    before = _counts(ctx)
    with pytest.raises(ValidationError) as err:
        ctx.clients.create(
            ClientDraft(first_name="A", referred_by_id=999999, preferred_staff_id=999999), actor
        )
    assert {e.field for e in err.value.errors} == {"referred_by_id", "preferred_staff_id"}
    assert _counts(ctx) == before


def test_invalid_update_leaves_the_file_as_it_was(ir_ctx, actor):
    ctx = ir_ctx
    cid = ctx.clients.create(
        ClientDraft(first_name="Nazanin", phones=[PhoneEntry("09125550000")], tags=["a"]), actor
    )
    before, file_before = _counts(ctx), ctx.clients.get(cid)
    bad = dataclasses.replace(
        file_before.draft,
        first_name="Changed",
        email="bad@",
        phones=[PhoneEntry("09126660000")],
        tags=["b"],
    )
    with pytest.raises(ValidationError) as err:
        ctx.clients.update(cid, bad, actor)
    assert [e.field for e in err.value.errors] == ["email"]
    with pytest.raises(ValidationError):
        ctx.clients.update(cid, dataclasses.replace(bad, email="", referred_by_id=cid), actor)
    assert _counts(ctx) == before
    assert ctx.clients.get(cid) == file_before


def test_formula_and_photo_validation(ctx, actor, tmp_path):
    cid = ctx.clients.create(ClientDraft(first_name="F"), actor)
    with pytest.raises(ValidationError) as err:
        ctx.clients.add_formula(cid, dt.date(2027, 1, 1), "  ", None, actor)
    assert {e.field for e in err.value.errors} == {"formula", "applied_on"}
    with pytest.raises(ValidationError) as err:
        ctx.clients.add_photo(
            cid, tmp_path / "missing.jpg", PhotoKind.BEFORE, TODAY, "x\x00", actor
        )
    assert {e.field for e in err.value.errors} == {"file", "note"}
    with pytest.raises(ClientNotFound):
        ctx.clients.add_formula(999999, TODAY, "6.1", None, actor)
    photo = tmp_path / "p.png"
    photo.write_bytes(b"png")
    with pytest.raises(ClientNotFound):
        ctx.clients.add_photo(999999, photo, PhotoKind.AFTER, TODAY, "", actor)
    assert not any((tmp_path / "photos").rglob("*.*"))  # the copied file was removed
    assert row_count(ctx, ColourFormula) == 0 and row_count(ctx, ClientPhoto) == 0


def test_remove_formula_and_photo(ctx, actor, tmp_path):
    cid = ctx.clients.create(ClientDraft(first_name="R"), actor)
    _attach_everything(ctx, cid, actor, tmp_path)
    f = ctx.clients.get(cid)
    ctx.clients.remove_formula(f.formulas[0].id, actor)
    ctx.clients.remove_photo(f.photos[0].id, actor)
    g = ctx.clients.get(cid)
    assert [x.id for x in g.formulas] == [f.formulas[1].id]
    assert [x.id for x in g.photos] == [f.photos[1].id]
    assert not f.photos[0].path.exists()  # a removed photo does not stay on the disk
    assert f.photos[1].path.is_file()
    assert f.photos[1].path.stat().st_mode & 0o777 == 0o600  # the profile's owner only
    assert f.photos[1].path.parent.stat().st_mode & 0o777 == 0o700


def test_a_photo_that_fails_to_be_removed_stays_on_the_disk(ctx, actor, tmp_path):
    from tests.faults import inject

    cid = ctx.clients.create(ClientDraft(first_name="R"), actor)
    _attach_everything(ctx, cid, actor, tmp_path)
    photo = ctx.clients.get(cid).photos[0]
    with inject(ctx.engine, "disk_full"), pytest.raises(Exception, match="disk is full"):
        ctx.clients.remove_photo(photo.id, actor)
    assert photo.path.is_file() and [p.id for p in ctx.clients.get(cid).photos][0] == photo.id


# -- audit log --------------------------------------------------------------------------


def _audit(ctx) -> list[tuple]:
    with ctx.engine.connect() as conn:
        return conn.execute(
            select(
                AuditEntry.staff_id,
                AuditEntry.entity,
                AuditEntry.entity_id,
                AuditEntry.action,
                AuditEntry.detail,
            ).order_by(AuditEntry.id)
        ).all()


def test_audit_log_records_the_actor(ctx, actor):
    other = ctx.staff.add("Second Desk").id
    cid = ctx.clients.create(ClientDraft(first_name="Audit"), actor)
    f = ctx.clients.get(cid)
    ctx.clients.update(cid, dataclasses.replace(f.draft, notes="changed"), other)
    ctx.clients.confirm_contact(cid, actor)
    ctx.clients.set_archived(cid, True, other)

    rows = [r for r in _audit(ctx) if r[1] == "client"]
    assert [(r[0], r[2], r[3]) for r in rows] == [
        (actor, cid, "create"),
        (other, cid, "update"),
        (actor, cid, "confirm_contact"),
        (other, cid, "archive"),
    ]
    assert json.loads(rows[1][4]) == {"fields": ["notes"]}

    g = ctx.clients.get(cid)
    assert g.draft.contact_confirmed_on == TODAY and not g.contact_stale
    with ctx.engine.connect() as conn:
        created_by, updated_by = conn.execute(
            select(Client.created_by_id, Client.updated_by_id)
        ).one()
    assert (created_by, updated_by) == (actor, other)


def test_contact_staleness_follows_the_setting(ctx):
    cid = ctx.clients.create(
        ClientDraft(first_name="S", contact_confirmed_on=dt.date(2025, 10, 1)), None
    )
    assert ctx.clients.get(cid).contact_stale  # 13+ months, default period 12
    ctx.save_settings(dataclasses.replace(ctx.salon, reconfirm_months=24))
    assert not ctx.clients.get(cid).contact_stale
    # A file cleared of its date by hand was never confirmed as far as anyone knows.
    f = ctx.clients.get(cid)
    ctx.clients.update(cid, dataclasses.replace(f.draft, contact_confirmed_on=None), None)
    assert ctx.clients.get(cid).contact_stale


def test_a_new_file_is_confirmed_on_the_day_it_is_made(ctx):
    """The details were just taken from the client: no "never confirmed" prompt."""
    cid = ctx.clients.create(ClientDraft(first_name="T"), None)
    f = ctx.clients.get(cid)
    assert f.draft.contact_confirmed_on == ctx.clients.today()
    assert not f.contact_stale
    # A date the receptionist typed is kept.
    typed = ctx.clients.create(
        ClientDraft(first_name="U", contact_confirmed_on=dt.date(2026, 1, 5)), None
    )
    assert ctx.clients.get(typed).draft.contact_confirmed_on == dt.date(2026, 1, 5)


# -- staff ---------------------------------------------------------------------------------


def test_staff_service(ctx):
    b = ctx.staff.add("  Bożena  ", "colourist")
    a = ctx.staff.add("Ali", "")
    assert b.name == "Bożena" and b.active
    assert [m.name for m in ctx.staff.list()] == ["Ali", "Bożena"]

    updated = ctx.staff.update(a.id, "Ali Rezaei", "barber", active=False, actor_id=b.id)
    assert updated.name == "Ali Rezaei" and not updated.active
    assert [m.id for m in ctx.staff.list()] == [b.id]
    assert {m.id for m in ctx.staff.list(include_inactive=True)} == {a.id, b.id}
    assert ctx.staff.get(a.id) == updated
    assert ctx.staff.get(999999) is None

    with pytest.raises(ValidationError) as err:
        ctx.staff.add(" ", "x" * 101)
    assert {e.field for e in err.value.errors} == {"name", "role"}
    with pytest.raises(ValidationError):
        ctx.staff.update(b.id, "", "", True)
    assert len(ctx.staff.list(include_inactive=True)) == 2
    staff_audit = [(r[0], r[2], r[3]) for r in _audit(ctx) if r[1] == "staff"]
    assert staff_audit == [(None, b.id, "create"), (None, a.id, "create"), (b.id, a.id, "update")]


def test_tags_for_the_completer_follow_a_change_made_here(sqlite_ctx):
    """The tag list is kept between file openings (it scans every tag row) but a
    tag added or removed on this desk shows at once."""
    from salon_desktop.domain.client import ClientDraft

    ctx = sqlite_ctx
    cid = ctx.clients.create(ClientDraft(first_name="Ewa", tags=["VIP"]), None)
    assert ctx.clients.all_tags() == ["VIP"]
    f = ctx.clients.get(cid)
    import dataclasses

    ctx.clients.update(cid, dataclasses.replace(f.draft, tags=["VIP", "bride"]), None)
    assert sorted(ctx.clients.all_tags()) == ["VIP", "bride"]
