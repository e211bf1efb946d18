"""CSV exports of clients, visits and sales: Excel-ready (UTF-8 with BOM), no cell a
spreadsheet would run as a formula, phones that stay importable, plain amounts
with the currency in the header; on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import errno
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salon_desktop.domain.client import ClientDraft, PhoneEntry
from salon_desktop.domain.csv_cells import FORMULA_STARTS, escape_cell, unescape_cell
from salon_desktop.domain.validation import ValidationError
from salon_desktop.services.export import ExportFailed, ExportProblem
from tests import profiles

from .sales_helpers import make_shop, pay, prod_line, set_currency, svc_line

TODAY = dt.date(2026, 11, 23)
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
HOSTILE = [
    '=HYPERLINK("http://evil.example","click")',
    "+48 call me",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "'quoted already",
    "''=1",
]


def read(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def safe(cell: str) -> bool:
    return not cell.startswith(FORMULA_STARTS) or bool(NUMBER.match(cell))


@given(st.text())
def test_any_text_round_trips_and_never_starts_a_cell_with_a_formula(text):
    cell = escape_cell(text)
    assert unescape_cell(cell) == text
    assert not cell.startswith(FORMULA_STARTS)


@given(st.text().filter(lambda t: not t.startswith(("'", *FORMULA_STARTS))))
def test_harmless_text_is_left_as_it_is(text):
    assert escape_cell(text) == text == unescape_cell(text)


def test_a_quote_from_another_program_is_kept():
    assert unescape_cell("'s Hertogenbosch") == "'s Hertogenbosch"


def test_clients_with_hostile_names_and_phones_that_stay_importable(ctx, tmp_path):
    actor = ctx.staff.add("Mina", "reception").id
    for i, name in enumerate(HOSTILE):
        ctx.clients.create(
            ClientDraft(
                first_name=name,
                last_name="Kowalska",
                phones=[PhoneEntry(f"+4860100{i:04d}"), PhoneEntry(f"+48 22 123 45 {i:02d}")],
                notes="=cmd|' /C calc'!A0",
                tags=["-vip"],
            ),
            actor_id=actor,
            allow_duplicate=True,
        )
    out = tmp_path / "clients.csv"
    assert ctx.export.write("clients", out, actor_id=actor) == len(HOSTILE)
    rows = read(out)
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Client number", "First name", "Last name", "Phone"]
    for row in rows:
        assert all(safe(c) for c in row), row
    assert [unescape_cell(r[1]) for r in body] == [h.strip() for h in HOSTILE]  # as stored
    assert body[0][3] == "'+48601000000"  # E.164, escaped: text in a spreadsheet
    assert unescape_cell(body[0][3]) == "+48601000000"
    assert unescape_cell(body[0][4]) == "+48221234500"
    assert body[0][10] == "'-vip"
    assert unescape_cell(body[0][12]) == "=cmd|' /C calc'!A0"
    assert out.stat().st_mode & 0o777 == 0o600  # personal data: the owner's only
    # Recorded in the audit log.
    from sqlalchemy import text

    with ctx.engine.connect() as conn:
        audit = conn.execute(
            text("SELECT staff_id, action FROM audit_log WHERE entity = 'export'")
        ).all()
    assert audit == [(actor, "clients")]


def test_sales_and_visits_with_plain_amounts_and_a_date_range(ctx, tmp_path):
    shop = make_shop(ctx)
    a = ctx.sales.post(pay(ctx, [svc_line(shop), prod_line(shop)], card=5_000), shop.desk)
    line = ctx.reader.get(a.sale_id).lines[1].id
    ctx.sales.refund(a.sale_id, {line: 1}, "-wrong shampoo", shop.desk)
    sales = tmp_path / "sales.csv"
    assert ctx.export.write("sales", sales) == 2
    rows = read(sales)
    header = rows[0]
    assert "Total (PLN)" in header and "Card (PLN)" in header and "Cash (PLN)" in header
    by = [dict(zip(header, r, strict=True)) for r in rows[1:]]
    assert by[0]["Date"] == "2026-11-23" and by[0]["Kind"] == "Sale"
    assert by[0]["Total (PLN)"] == "145.00"
    assert (by[0]["Card (PLN)"], by[0]["Cash (PLN)"]) == ("50.00", "95.00")
    assert by[1]["Kind"] == "Refund" and by[1]["Total (PLN)"] == "-45.00"
    assert by[1]["Corrects receipt"] == by[0]["Receipt"]
    assert by[1]["Reason"] == "'-wrong shampoo"
    assert by[0]["Client"] == ""  # a walk-in
    for row in rows:
        assert all(safe(c) for c in row), row
    visits = tmp_path / "visits.csv"
    assert ctx.export.write("visits", visits) == 3
    lines = [dict(zip(rows_h := read(visits)[0], r, strict=True)) for r in read(visits)[1:]]
    assert [v["Description"] for v in lines] == ["Cut", "Shampoo", "Shampoo"]
    assert [v["Quantity"] for v in lines] == ["1", "1", "-1"]
    assert lines[0]["Staff member"] == "Anna Stylist" and lines[0]["Item"] == "Service"
    assert "Unit price (PLN)" in rows_h
    # Another day's range: nothing but the header.
    none = tmp_path / "none.csv"
    assert ctx.export.write("sales", none, TODAY + dt.timedelta(days=1)) == 0
    assert len(read(none)) == 1
    assert ctx.export.write("visits", none, TODAY, TODAY) == 3


def test_a_persian_salon_gets_toman_jalali_dates_and_persian_headers(ctx, tmp_path):
    set_currency(ctx, "IRT", "fa")
    shop = make_shop(ctx, scale=10)
    ctx.sales.post(pay(ctx, [svc_line(shop)]), shop.desk)
    out = tmp_path / "sales.csv"
    ctx.export.write("sales", out)
    header, row = read(out)
    assert header[0] == "تاریخ" and header[1] != "Date (Jalali)"
    assert row[:2] == ["2026-11-23", "1405/09/02"]
    assert "جمع (تومان)" in header or any("تومان" in h for h in header)
    total = next(v for h, v in zip(header, row, strict=True) if h.endswith("(تومان)") and v != "0")
    assert NUMBER.match(total)  # plain digits a spreadsheet sums, not ۱۰٬۰۰۰


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=20)
@given(name=st.text(min_size=1, max_size=40), note=st.text(max_size=80))
def test_any_stored_text_is_exported_safely_and_read_back(sqlite_ctx, tmp_path, name, note):
    ctx = sqlite_ctx
    try:
        cid = ctx.clients.create(
            ClientDraft(first_name=name, notes=note), None, allow_duplicate=True
        )
    except ValidationError:
        return  # refused at entry, nothing to export
    stored = ctx.clients.get(cid).draft
    out = tmp_path / "c.csv"
    ctx.export.write("clients", out)
    rows = {r[0]: r for r in read(out)[1:]}
    row = rows[str(ctx.clients.get(cid).number)]
    assert all(safe(c) for c in row)
    assert unescape_cell(row[1]) == stored.first_name
    assert unescape_cell(row[12]) == stored.notes


def test_a_missing_folder_leaves_nothing(sqlite_ctx, tmp_path):
    out = tmp_path / "stick" / "clients.csv"
    with pytest.raises(ExportFailed) as caught:
        sqlite_ctx.export.write("clients", out)
    assert caught.value.problem is ExportProblem.FOLDER_MISSING
    assert caught.value.where == str(out)
    assert not out.parent.exists()


def test_a_read_only_folder_leaves_nothing(sqlite_ctx, tmp_path, monkeypatch):
    stick = tmp_path / "stick"
    stick.mkdir()
    with profiles.read_only(stick, monkeypatch):
        with pytest.raises(ExportFailed) as caught:
            sqlite_ctx.export.write("clients", stick / "clients.csv")
    assert caught.value.problem is ExportProblem.READ_ONLY
    assert list(stick.iterdir()) == []


def test_a_full_disk_leaves_no_half_file(sqlite_ctx, tmp_path, monkeypatch):
    ctx = sqlite_ctx
    ctx.clients.create(ClientDraft(first_name="Ola"), None)

    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ExportFailed) as caught:
        ctx.export.write("clients", tmp_path / "clients.csv")
    assert caught.value.problem is ExportProblem.DISK_FULL
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".csv" or "partial" in p.name] == []


def test_the_settings_keep_the_backup_choices(ctx):
    saved = ctx.save_settings(
        dataclasses.replace(ctx.salon, backup_folder="/media/stick", backup_keep=30)
    )
    assert (saved.backup_folder, saved.backup_keep) == ("/media/stick", 30)
    assert ctx.reload_settings().backup_keep == 30
    with pytest.raises(ValidationError) as caught:
        ctx.save_settings(dataclasses.replace(ctx.salon, backup_keep=0))
    assert "backup_keep" in caught.value.by_field()


def test_command_export_with_a_date_range(tmp_path, capsys):
    from salon_desktop.cli import main

    folder = tmp_path / "profile"
    profiles.good_profile(folder, clients=3)
    out = tmp_path / "clients.csv"
    assert main(["--data-dir", str(folder), "export", "clients", "--out", str(out)]) == 0
    assert f"3 rows written to {out}" in capsys.readouterr().out
    assert len(read(out)) == 4
    sales = tmp_path / "sales.csv"
    args = ["--data-dir", str(folder), "export", "sales", "--out", str(sales)]
    assert main([*args, "--from", "2026-11-01", "--to", "2026-11-30"]) == 0
    assert "0 rows" in capsys.readouterr().out
    assert main([*args, "--from", "1.11.2026"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
    missing = tmp_path / "stick" / "x.csv"
    assert main(["--data-dir", str(folder), "export", "visits", "--out", str(missing)]) == 4
    err = capsys.readouterr().err
    assert str(missing) in err and "Traceback" not in err


def test_only_managers_and_the_owner_export(ctx, tmp_path):
    from salon_desktop.domain.permissions import Role
    from salon_desktop.services.accounts import PermissionDenied

    owner = ctx.accounts.create_owner("Olga Owner", "9753").id
    desk = ctx.staff.add("Rita", "", owner, access=Role.RECEPTIONIST, pin="2468").id
    manager = ctx.staff.add("Mina", "", owner, access=Role.MANAGER, pin="8642").id
    out = tmp_path / "clients.csv"
    with pytest.raises(PermissionDenied):
        ctx.export.write("clients", out, actor_id=desk)
    assert not out.exists()
    assert ctx.export.write("clients", out, actor_id=manager) >= 0 and out.exists()
