"""Salon settings (in the database) and desk preferences (in the profile folder)."""

from __future__ import annotations

import dataclasses
import json

import pytest
from sqlalchemy import text

from salon_desktop.domain.validation import ValidationError
from salon_desktop.services.desk import DeskPrefs, DeskPrefsStore
from salon_desktop.services.settings import SalonSettings


def test_defaults_on_a_new_profile(ctx):
    assert ctx.salon == SalonSettings()
    assert ctx.settings.load() == SalonSettings()
    assert (
        ctx.salon.language,
        ctx.salon.currency,
        ctx.salon.phone_region,
        ctx.salon.reconfirm_months,
    ) == ("en", "PLN", "PL", 12)


def test_settings_round_trip(ctx):
    wanted = SalonSettings(
        salon_name="  سالن زیبایی رز  ",
        address="Tehran\nValiasr 12",
        phone="+98 21 8877 6655",
        logo_file="logo.png",
        language="fa",
        currency="IRT",
        phone_region="ir",
        reconfirm_months=6,
        first_run_done=True,
    )
    saved = ctx.save_settings(wanted)
    assert saved == dataclasses.replace(wanted, salon_name="سالن زیبایی رز", phone_region="IR")
    assert ctx.salon == saved
    assert ctx.settings.load() == saved
    assert ctx.reload_settings() == saved
    # Saving again replaces, it does not add rows.
    ctx.save_settings(dataclasses.replace(saved, currency="EUR"))
    assert ctx.settings.load().currency == "EUR"
    with ctx.engine.connect() as conn:
        n = conn.execute(text("SELECT count(*) FROM settings")).scalar()
    assert n == len(dataclasses.fields(SalonSettings))


@pytest.mark.parametrize("currency", ["PLN", "IRR", "IRT", "EUR", "USD", "GBP"])
def test_every_currency_can_be_chosen(sqlite_ctx, currency):
    assert (
        sqlite_ctx.save_settings(dataclasses.replace(sqlite_ctx.salon, currency=currency)).currency
        == currency
    )


@pytest.mark.parametrize(
    "change, field",
    [
        ({"language": "de"}, "language"),
        ({"currency": "BTC"}, "currency"),
        ({"phone_region": "Poland"}, "phone_region"),
        ({"phone_region": "1R"}, "phone_region"),
        ({"reconfirm_months": 0}, "reconfirm_months"),
        ({"reconfirm_months": 121}, "reconfirm_months"),
        ({"salon_name": "x" * 201}, "salon_name"),
        ({"salon_name": "Rose\x00"}, "salon_name"),
        ({"address": "a\x00"}, "address"),
        ({"phone": "1" * 41}, "phone"),
    ],
)
def test_invalid_settings_are_refused_and_nothing_is_saved(ctx, change, field):
    good = ctx.save_settings(SalonSettings(salon_name="Rose", language="pl"))
    with pytest.raises(ValidationError) as err:
        # A valid change beside the invalid one must not be saved either.
        ctx.save_settings(dataclasses.replace(good, logo_file="changed.png", **change))
    assert [e.field for e in err.value.errors] == [field]
    assert ctx.settings.load() == good
    assert ctx.salon == good


def test_unknown_and_mistyped_stored_values_fall_back_to_defaults(ctx):
    with ctx.engine.begin() as conn:
        conn.execute(
            text("INSERT INTO settings (key, value) VALUES (:k, :v)"),
            [
                {"k": "no_such_setting", "v": json.dumps(1)},
                {"k": "reconfirm_months", "v": json.dumps("twelve")},
                {"k": "salon_name", "v": json.dumps("Rose")},
            ],
        )
    loaded = ctx.settings.load()
    assert loaded == SalonSettings(salon_name="Rose")


def test_settings_are_shared_by_contexts_on_one_database(ctx, db_url, tmp_path):
    from salon_desktop.services.context import open_context

    ctx.save_settings(SalonSettings(salon_name="Shared", phone_region="GB"))
    other = open_context(data_dir=tmp_path / "second-desk", db_url=db_url)
    try:
        assert other.salon.salon_name == "Shared" and other.salon.phone_region == "GB"
        # Desk preferences are per PC (per profile folder), not shared.
        ctx.desk.update(desk_staff_id=7)
        assert ctx.desk.load().desk_staff_id == 7
        assert other.desk.load().desk_staff_id is None
    finally:
        other.close()


# -- desk preferences ------------------------------------------------------------


def test_desk_prefs_round_trip(tmp_path):
    store = DeskPrefsStore(tmp_path)
    assert store.load() == DeskPrefs(desk_staff_id=None)
    prefs = DeskPrefs(desk_staff_id=3, language="pl", salon_name="Salon Różany")
    store.save(prefs)
    assert store.load() == prefs
    assert DeskPrefsStore(tmp_path).load() == prefs
    assert store.update(desk_staff_id=4) == DeskPrefs(4, "pl", "Salon Różany")
    store.save(DeskPrefs(desk_staff_id=None))
    assert store.load() == DeskPrefs()
    assert [p.name for p in tmp_path.iterdir()] == ["desk.json"]  # no temp file left


def test_desk_caches_the_salon_language_and_name(ctx):
    ctx.save_settings(dataclasses.replace(ctx.salon, language="fa", salon_name="سالن رز"))
    prefs = DeskPrefsStore(ctx.data_dir).load()
    assert (prefs.language, prefs.salon_name) == ("fa", "سالن رز")


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json",
        b"[]",
        b'{"desk_staff_id": "3"}',
        b'{"desk_staff_id": 2.5}',
        b'{"desk_staff_id": true}',
        b"\xff\xfe",
        b"null",
    ],
)
def test_damaged_desk_prefs_read_as_defaults(tmp_path, content):
    (tmp_path / "desk.json").write_bytes(content)
    assert DeskPrefsStore(tmp_path).load() == DeskPrefs()


def test_a_stored_boolean_is_not_taken_for_a_number(sqlite_ctx):
    with sqlite_ctx.engine.begin() as conn:
        conn.execute(
            text("INSERT INTO settings (key, value) VALUES ('reconfirm_months', :v)"),
            {"v": json.dumps(True)},
        )
    assert sqlite_ctx.settings.load().reconfirm_months == 12
