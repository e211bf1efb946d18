"""The demo salon: realistic, valid, searchable, and the bulk path writes what the services write."""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid

import phonenumbers
import pytest
from sqlalchemy import text

from salon_desktop.domain.text import fold
from salon_desktop.services.context import open_context
from salon_desktop.services.demo import fill_demo

PG_URL = os.environ.get("SALON_TEST_PG_URL")
TODAY = dt.date(2026, 6, 15)

PERSIAN = re.compile(r"[\u0600-\u06ff]")
POLISH = re.compile(r"[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]")
LATIN_ONLY = re.compile(r"^[A-Za-z' -]+$")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def open_profile(request, tmp_path):
    """A factory of fresh, empty profiles on the parametrised database."""
    contexts, databases = [], []
    admin = None
    if request.param == "postgresql":
        if not PG_URL:
            if os.environ.get("CI"):
                pytest.fail("SALON_TEST_PG_URL is not set")
            pytest.skip("no PostgreSQL server (set SALON_TEST_PG_URL)")
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")

    def make(name: str):
        url = None
        if admin is not None:
            db = f"salon_demo_{uuid.uuid4().hex[:12]}"
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{db}"'))
            databases.append(db)
            url = make_url(PG_URL).set(database=db).render_as_string(hide_password=False)
        ctx = open_context(data_dir=tmp_path / name, db_url=url, today=lambda: TODAY)
        contexts.append(ctx)
        return ctx

    yield make
    for ctx in contexts:
        ctx.close()
    if admin is not None:
        with admin.connect() as conn:
            for db in databases:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'))
        admin.dispose()


def _rows(ctx, sql: str) -> list[tuple]:
    with ctx.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def test_demo_salon_is_realistic_and_searchable(open_profile):
    ctx = open_profile("pl")
    assert fill_demo(ctx, clients=40, seed=7, language="pl", bulk=False) == 40

    # Settings and staff.
    salon = ctx.reload_settings()
    assert (salon.language, salon.currency, salon.phone_region) == ("pl", "PLN", "PL")
    assert salon.first_run_done and salon.salon_name and salon.address
    staff = ctx.staff.list(include_inactive=True)
    assert 5 <= len(staff) <= 8
    assert sum(not m.active for m in staff) == 1
    assert {"Fryzjerka", "Recepcjonistka", "Kierowniczka"} <= {m.role for m in staff}
    assert ctx.desk.load().desk_staff_id in {m.id for m in staff}

    # Counts.
    active, archived = ctx.clients.count(), ctx.clients.count(archived=True)
    assert active + archived == 40 and active >= 35
    files = [ctx.clients.get(cid) for (cid,) in _rows(ctx, "SELECT id FROM clients ORDER BY id")]
    drafts = [f.draft for f in files]

    # Names in three scripts.
    names = [f"{d.first_name} {d.last_name}" for d in drafts]
    assert any(PERSIAN.search(n) for n in names)
    assert any(POLISH.search(n) for n in names)
    assert any(LATIN_ONLY.match(n) and not POLISH.search(n) for n in names)

    # Phones: E.164 and valid for their country.
    phones = [p.number for d in drafts for p in d.phones]
    assert len(phones) >= 38
    for number in phones:
        assert re.fullmatch(r"\+[1-9]\d{7,14}", number), number
        assert phonenumbers.is_valid_number(phonenumbers.parse(number, None)), number
    assert sum(p.startswith("+48") for p in phones) > len(phones) / 2

    # The rest of the client file.
    assert any(d.allergies for d in drafts)
    assert sum(bool(d.email) for d in drafts) >= 10
    assert sum(d.birth_date is not None for d in drafts) >= 25
    assert all(d.birth_date is None or d.birth_date < TODAY for d in drafts)
    assert any(d.tags for d in drafts) and any(d.hair_notes for d in drafts)
    assert any(d.referred_by_id for d in drafts)
    assert any(d.preferred_staff_id for d in drafts)
    assert any(f.formulas for f in files)
    assert all(f.applied_on <= TODAY for fl in files for f in fl.formulas)
    assert sum(bool(d.consents) for d in drafts) >= 35
    confirmed = [d.contact_confirmed_on for d in drafts if d.contact_confirmed_on]
    assert min(confirmed) < TODAY - dt.timedelta(days=365) < max(confirmed)
    assert any(f.contact_stale for f in files) and not all(f.contact_stale for f in files)
    assert any(f.photos for f in files)

    # Search: a 3-character fragment from inside a name, typed without diacritics.
    active_files = [f for f in files if not f.archived]
    target = next(f for f in active_files if len(fold(f.draft.last_name)) >= 5
                  and POLISH.search(f.draft.last_name)) if any(
        POLISH.search(f.draft.last_name) for f in active_files) else active_files[0]
    fragment = fold(target.draft.last_name)[1:4]
    assert target.id in {r.id for r in ctx.search.search(fragment).rows}
    persian = next(f for f in active_files if PERSIAN.search(f.draft.first_name))
    assert persian.id in {r.id for r in ctx.search.search(persian.draft.first_name[:3]).rows}
    # A phone fragment in national and in international form, and two typed characters.
    with_phone = next(f for f in active_files if f.draft.phones)
    number = phonenumbers.parse(with_phone.draft.phones[0].number, None)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    assert with_phone.id in {r.id for r in ctx.search.search(national[:7]).rows}
    assert with_phone.id in {r.id for r in ctx.search.search(with_phone.draft.phones[0].number[3:9]).rows}
    assert target.id in {r.id for r in ctx.search.search(target.draft.last_name[:2]).rows}


def test_language_none_keeps_the_setting_and_refill_reuses_staff(open_profile):
    ctx = open_profile("en")
    assert fill_demo(ctx, clients=5, seed=1) == 5
    salon = ctx.reload_settings()
    assert (salon.language, salon.currency, salon.phone_region) == ("en", "GBP", "GB")
    assert fill_demo(ctx, clients=3, seed=2) == 3
    assert len(ctx.staff.list(include_inactive=True)) == 7
    numbers = [n for (n,) in _rows(ctx, "SELECT number FROM clients ORDER BY number")]
    assert numbers == list(range(1, 9))


_COMPARE = {
    "clients": "SELECT id, number, first_name, last_name, name_key, sort_key, phone_key, "
               "main_phone, email, birth_date, gender, address, source, referred_by_id, "
               "preferred_staff_id, allergies, skin_notes, hair_notes, notes, buying_behaviour, "
               "contact_confirmed_on, archived, archived_at IS NULL, merged_into_id, "
               "created_by_id, updated_by_id, version FROM clients ORDER BY id",
    "client_phones": "SELECT id, client_id, e164, label, position FROM client_phones ORDER BY id",
    "client_tags": "SELECT client_id, tag FROM client_tags ORDER BY client_id, tag",
    "client_consents": "SELECT client_id, kind, given_on FROM client_consents "
                       "ORDER BY client_id, kind",
    "client_search_keys": "SELECT key, client_id FROM client_search_keys ORDER BY key, client_id",
    "colour_formulas": "SELECT id, client_id, applied_on, formula, staff_id FROM colour_formulas "
                       "ORDER BY id",
    "client_photos": "SELECT id, client_id, kind, taken_on FROM client_photos ORDER BY id",
    "audit_log": "SELECT staff_id, entity, entity_id, action, detail FROM audit_log "
                 "ORDER BY entity, entity_id, action, detail",
    "staff": "SELECT id, name, role, active FROM staff ORDER BY id",
    "settings": "SELECT key, value FROM settings ORDER BY key",
}


@pytest.mark.parametrize("language", ["fa", "en"])
def test_bulk_path_writes_what_the_services_write(open_profile, language):
    by_service, by_bulk = open_profile("service"), open_profile("bulk")
    assert fill_demo(by_service, clients=40, seed=11, language=language, bulk=False) == 40
    assert fill_demo(by_bulk, clients=40, seed=11, language=language, bulk=True, batch=7) == 40
    for table, sql in _COMPARE.items():
        assert _rows(by_bulk, sql) == _rows(by_service, sql), table

    # The search indexes agree too (FTS5 filled by triggers, or pg_trgm).
    files = [by_service.clients.get(cid) for (cid,) in _rows(by_service, "SELECT id FROM clients")]
    queries = {fold(f.draft.first_name)[:3] for f in files} | {fold(f.draft.last_name)[-4:] for f in files}
    queries |= {f.draft.phones[0].number[4:9] for f in files if f.draft.phones}
    queries |= {fold(f.draft.last_name)[:1] for f in files}
    for q in sorted(queries):
        service_ids = [r.id for r in by_service.search.search(q).rows]
        assert [r.id for r in by_bulk.search.search(q).rows] == service_ids, q
        assert [r.id for r in by_bulk.search.search(q, archived=True).rows] == [
            r.id for r in by_service.search.search(q, archived=True).rows], q
    assert any(by_bulk.search.search(q).rows for q in queries)

    # Ids continue after the bulk insert (PostgreSQL sequences moved on).
    assert fill_demo(by_bulk, clients=2, seed=12, language=language, bulk=False) == 2
    assert _rows(by_bulk, "SELECT max(id), max(number) FROM clients") == [(42, 42)]


def test_same_seed_same_salon(open_profile):
    a, b = open_profile("a"), open_profile("b")
    fill_demo(a, clients=15, seed=3, language="fa", bulk=True)
    fill_demo(b, clients=15, seed=3, language="fa", bulk=True)
    sql = "SELECT first_name, last_name, phone_key, email, birth_date FROM clients ORDER BY id"
    assert _rows(a, sql) == _rows(b, sql)
    c = open_profile("c")
    fill_demo(c, clients=15, seed=4, language="fa", bulk=True)
    assert _rows(c, sql) != _rows(a, sql)
