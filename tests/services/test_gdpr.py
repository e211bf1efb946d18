"""A client's data exported whole, and erased so that the name and the phone are
nowhere in the database files (the WAL included), while the accounts and the
hash chain stay whole."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import text

from salon_desktop.domain.client import ClientDraft, ConsentKind, PhoneEntry
from salon_desktop.domain.complaints import ComplaintDraft
from salon_desktop.services.clients import ClientNotFound
from salon_desktop.services.integrity import verify
from tests.services.sales_helpers import make_shop, pay, svc_line

FIRST, LAST = "Qzmarkerina", "Vyxtestowa"
PHONE, DIGITS = "+48 601 234 567", "601234567"
NOTE = "Uczulona-na-Xylomarker"


def _client(ctx, tmp_path) -> int:
    cid = ctx.clients.create(
        ClientDraft(
            first_name=FIRST,
            last_name=LAST,
            phones=[PhoneEntry(PHONE, "mobile")],
            email="qzmarkerina@example.com",
            birth_date=dt.date(1990, 5, 17),
            address="ul. Markerowa 7",
            allergies=NOTE,
            notes="Lubi kawę",
            tags=["vip-marker"],
            consents={ConsentKind.DATA_PROCESSING: dt.date(2026, 1, 2)},
        ),
        None,
    )
    ctx.clients.add_formula(cid, dt.date(2026, 3, 1), "Formula-marker 6/0 + 3%", None, None)
    photo = tmp_path / "before.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    from salon_desktop.domain.client import PhotoKind

    ctx.clients.add_photo(cid, photo, next(iter(PhotoKind)), dt.date(2026, 3, 1), "", None)
    return cid


def _post_and_complain(ctx, cid) -> int:
    shop = make_shop(ctx)
    sale = ctx.sales.post(pay(ctx, [svc_line(shop)], client=cid), shop.desk)
    ctx.complaints.record(
        ComplaintDraft(
            cid, f"{FIRST} says the colour is wrong", wanted="Redo", sale_id=sale.sale_id
        ),
        shop.desk,
    )
    return sale.sale_id


def test_export_holds_everything_about_the_client(ctx, tmp_path):
    cid = _client(ctx, tmp_path)
    sale_id = _post_and_complain(ctx, cid)
    data = ctx.client_data.export(cid)
    assert data["client"]["first_name"] == FIRST and data["client"]["allergies"] == NOTE
    assert [p["e164"] for p in data["phones"]] == ["+48601234567"]
    assert data["tags"] == ["vip-marker"]
    assert data["consents"][0]["kind"] == "data_processing"
    assert data["consents"][0]["given_on"] == "2026-01-02"
    assert "Formula-marker" in data["colour_formulas"][0]["formula"]
    assert len(data["photos"]) == 1
    assert [v["id"] for v in data["visits"]] == [sale_id] and data["visits"][0]["lines"]
    assert "cost" not in data["visits"][0]["lines"][0]  # the salon's margins are not hers
    assert data["complaints"][0]["steps"] and "colour" in data["complaints"][0]["description"]
    assert {e["action"] for e in data["file_history"]} >= {"create", "add_formula"}
    json.dumps(data)  # plain JSON
    out = ctx.client_data.export_json(cid, tmp_path / "client.json")
    assert json.loads(out.read_text(encoding="utf-8"))["client"]["last_name"] == LAST


def test_erasure_leaves_no_trace_of_the_name_or_phone_in_the_files(sqlite_ctx, tmp_path):
    ctx = sqlite_ctx
    cid = _client(ctx, tmp_path)
    sale_id = _post_and_complain(ctx, cid)
    # the search found her before
    assert [r.id for r in ctx.search.search(FIRST[:5]).rows] == [cid]
    photo_dir = ctx.data_dir / "photos"
    assert any(photo_dir.rglob("*.*"))
    db = ctx.data_dir / "salon.sqlite3"
    before = b"".join(p.read_bytes() for p in (db, db.with_name(db.name + "-wal")) if p.exists())
    assert FIRST.encode() in before and DIGITS.encode() in before  # the check can fail
    removed = ctx.client_data.erase(cid, None)
    assert removed == 1 and not [p for p in photo_dir.rglob("*") if p.is_file()]
    ctx.engine.dispose()  # every connection closed: what is on disk is all there is
    for path in (db, db.with_name(db.name + "-wal")):
        if path.exists():
            raw = path.read_bytes()
            for marker in (
                FIRST,
                LAST,
                FIRST.lower(),
                LAST.lower(),
                DIGITS,
                "Markerowa",
                "Xylomarker",
                "Formula-marker",
                "qzmarkerina@",
                "vip-marker",
            ):
                assert marker.encode() not in raw, (path.name, marker)
    # the accounts are whole: her sale is there, pointing to the erased file
    with ctx.engine.connect() as conn:
        assert (
            conn.execute(
                text("SELECT client_id FROM sales WHERE id = :s"), {"s": sale_id}
            ).scalar_one()
            == cid
        )
    assert ctx.search.search(FIRST[:5]).rows == []
    report = verify(ctx.engine)
    assert report.ok, [p.sentence() for p in report.problems]
    # and the erasure itself is in the audit log
    with ctx.engine.connect() as conn:
        assert (
            conn.execute(
                text("SELECT count(*) FROM audit_log WHERE entity='client' AND action='erase'")
            ).scalar_one()
            == 1
        )


def test_erasure_on_either_database_keeps_sales_and_the_chain(ctx, tmp_path):
    cid = _client(ctx, tmp_path)
    _post_and_complain(ctx, cid)
    ctx.client_data.erase(cid, None)
    file = ctx.clients.get(cid)
    assert file.archived and file.draft.last_name == "" and not file.draft.phones
    assert file.draft.allergies == "" and not file.formulas and not file.photos
    assert ctx.search.search(FIRST[:5]).rows == []
    assert ctx.complaints.open_for_client(cid)[0].description == ""
    assert verify(ctx.engine).ok


def test_a_client_that_does_not_exist_is_refused(ctx):
    with pytest.raises(ClientNotFound):
        ctx.client_data.erase(999, None)
    with pytest.raises(ClientNotFound):
        ctx.client_data.export(999)


def test_export_and_erase_on_the_command_line(tmp_path, capsys):
    from salon_desktop.cli import main
    from salon_desktop.services.context import open_context

    folder = tmp_path / "salon"
    ctx = open_context(data_dir=folder)
    cid = _client(ctx, tmp_path)
    number = ctx.clients.get(cid).number
    ctx.close()
    out = tmp_path / "her.json"
    assert (
        main(["--data-dir", str(folder), "client", "export", str(number), "--out", str(out)]) == 0
    )
    assert json.loads(out.read_text(encoding="utf-8"))["client"]["first_name"] == FIRST
    pdf = tmp_path / "her.pdf"
    assert (
        main(["--data-dir", str(folder), "client", "export", str(number), "--out", str(pdf)]) == 0
    )
    assert pdf.read_bytes().startswith(b"%PDF") and (tmp_path / "her.json").exists()
    assert main(["--data-dir", str(folder), "client", "erase", str(number), "--yes"]) == 0
    assert "was erased" in capsys.readouterr().out
    assert main(["--data-dir", str(folder), "client", "erase", "4242", "--yes"]) == 2
    assert "There is no client number 4242." in capsys.readouterr().err


# -- who may export and erase, and the audit trail of both -------------------------------------
@pytest.fixture
def roles(ctx):
    from salon_desktop.domain.permissions import Role

    owner = ctx.accounts.create_owner("Olga Owner", "9753").id
    ids = {Role.OWNER: owner}
    for role, pin in ((Role.MANAGER, "8642"), (Role.STYLIST, "1357"), (Role.RECEPTIONIST, "2468")):
        ids[role] = ctx.staff.add(role.value.title(), "", owner, access=role, pin=pin).id
    return ids


def _audit(ctx, entity: str) -> list[tuple]:
    with ctx.engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                text(
                    "SELECT staff_id, entity_id, action, detail FROM audit_log "
                    "WHERE entity = :e ORDER BY id"
                ),
                {"e": entity},
            )
        ]


@pytest.mark.parametrize("role", ["owner", "manager", "stylist", "receptionist"])
def test_only_managers_and_the_owner_export_a_client_and_it_is_audited(ctx, tmp_path, roles, role):
    from salon_desktop.domain.permissions import Role
    from salon_desktop.services.accounts import PermissionDenied

    actor = roles[Role(role)]
    cid = _client(ctx, tmp_path)
    out = tmp_path / "her.json"
    if Role(role) in (Role.OWNER, Role.MANAGER):
        ctx.client_data.export_json(cid, out, actor)
        assert json.loads(out.read_text(encoding="utf-8"))["client"]["first_name"] == FIRST
        ((staff, entity_id, action, detail),) = _audit(ctx, "export")
        assert (staff, entity_id, action) == (actor, cid, "client_data")
        assert json.loads(detail) == {"client_id": cid, "file": "her.json", "format": "json"}
        from salon_desktop.services.audit import AuditFilter

        found = ctx.audit.search(actor, AuditFilter(kind="export", client_id=cid))
        assert [r.entity_id for r in found] == [cid]
        assert FIRST not in detail  # ids, never personal data
    else:
        with pytest.raises(PermissionDenied):
            ctx.client_data.export_json(cid, out, actor)
        with pytest.raises(PermissionDenied):
            ctx.client_data.export(cid, actor)
        assert not out.exists() and not list(tmp_path.glob(".her.json*"))
        assert _audit(ctx, "export") == []


@pytest.mark.parametrize("role", ["owner", "manager", "stylist", "receptionist"])
def test_only_managers_and_the_owner_erase_a_client_and_it_is_audited(ctx, tmp_path, roles, role):
    from salon_desktop.domain.permissions import Role
    from salon_desktop.services.accounts import PermissionDenied

    actor = roles[Role(role)]
    cid = _client(ctx, tmp_path)
    if Role(role) in (Role.OWNER, Role.MANAGER):
        assert ctx.client_data.erase(cid, actor) == 1
        assert ctx.clients.get(cid).draft.last_name == ""
        assert (actor, cid, "erase") in [r[:3] for r in _audit(ctx, "client")]
    else:
        with pytest.raises(PermissionDenied):
            ctx.client_data.erase(cid, actor)
        file = ctx.clients.get(cid)  # nothing erased, not even half
        assert file.draft.last_name == LAST and file.draft.phones and file.photos
        assert "erase" not in [r[2] for r in _audit(ctx, "client")]


def test_an_export_to_a_missing_folder_leaves_no_file_and_no_entry(ctx, tmp_path):
    from salon_desktop.services.export import ExportFailed, ExportProblem

    cid = _client(ctx, tmp_path)
    with pytest.raises(ExportFailed) as exc:
        ctx.client_data.export_json(cid, tmp_path / "gone" / "her.json", None)
    assert exc.value.problem is ExportProblem.FOLDER_MISSING
    assert _audit(ctx, "export") == []


# -- the readable PDF beside the JSON ---------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "pl", "fa"])
def test_the_readable_pdf_holds_the_file_consents_with_dates_and_visits(sqlite_ctx, tmp_path, lang):
    from salon_desktop.documents.base import language
    from salon_desktop.domain.views import SalonHeader
    from salon_desktop.i18n import _, set_language
    from salon_desktop.i18n.formatting import Formatter
    from tests.documents.poppler import assert_fonts_embedded, pdftotext, shows, structure

    ctx = sqlite_ctx
    cid = _client(ctx, tmp_path)
    _post_and_complain(ctx, cid)
    header = SalonHeader(name="Salon Róża", language=lang, currency="PLN")
    pdf_path, json_path = ctx.client_data.export_both(
        cid, tmp_path / "her", None, header, "PL", dt.date(2026, 12, 3)
    )
    set_language("en")
    assert pdf_path.name == "her.pdf" and json_path.name == "her.json"
    assert json.loads(json_path.read_text(encoding="utf-8"))["client"]["first_name"] == FIRST
    pdf = pdf_path.read_bytes()
    structure(pdf)
    assert_fonts_embedded(pdf)
    got = pdftotext(pdf)
    f = Formatter(lang, "PLN")
    with language(lang):
        expected = [
            _("Everything we hold about you"),
            _("Data processing"),
            _("Given on {date}").format(date=f.date(dt.date(2026, 1, 2))),
            _("Marketing by SMS"),
            _("No consent"),
            _("Colour formulas"),
            _("Who opened or changed the file"),
            f.date(dt.date(1990, 5, 17)),
        ]
    for text_ in expected + [FIRST, LAST, NOTE, "Formula-marker", "qzmarkerina@example.com"]:
        assert shows(got, text_), (lang, text_)
    if lang == "fa":  # Jalali dates, Persian digits: 1990-05-17 is 27 Ordibehesht 1369
        assert shows(got, "۱۳۶۹/۰۲/۲۷"), got
    with ctx.engine.connect() as conn:
        formats = conn.execute(
            text("SELECT detail FROM audit_log WHERE entity = 'export' ORDER BY id")
        ).scalars()
        assert [json.loads(d)["format"] for d in formats] == ["json", "pdf"]
