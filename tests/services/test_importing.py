"""Importing client files: hostile files are read correctly or refused whole, on both databases."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time

import pytest
from sqlalchemy import select

from salon_desktop.db.models import AuditEntry, Client, ClientPhone, ClientSearchKey
from salon_desktop.domain.client import ClientDraft, PhoneEntry
from salon_desktop.domain.validation import ValidationError
from salon_desktop.services.importing import Action, OnMatch
from salon_desktop.services.integrity import verify
from tests.services.conftest import row_count

FRESHA_HEADER = (
    "Client ID,First Name,Last Name,Email,Mobile Number,Telephone,Gender,Date of Birth,"
    "City,Note,Blocked,Added"
)


def _file(tmp_path, name: str, text: str, encoding: str = "utf-8", bom: bool = False):
    path = tmp_path / name
    data = text.encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def _import(ctx, path, actor=None, **kw):
    table = ctx.importing.read(path)
    return table, ctx.importing.run(table, actor_id=actor, **kw)


def _clients(ctx) -> list[tuple[str, str]]:
    with ctx.engine.connect() as conn:
        rows = conn.execute(select(Client.first_name, Client.last_name).order_by(Client.id))
        return [tuple(r) for r in rows]


def test_a_fresha_export_with_a_bom(ctx, tmp_path, actor):
    text = (
        FRESHA_HEADER + "\r\n"
        '1,Anna,Żółw,anna@example.com,48601234567,,Female,17/05/1990,Kraków,"Likes tea\r\n'
        'and biscuits",No,2020-01-01\r\n'
        "2,Ewa,Nowak,,'+48 602 345 678,22 123 45 67,,,,,No,2020-01-01\r\n"
    )
    table, result = _import(ctx, _file(tmp_path, "export_customer_list.csv", text, bom=True), actor)
    assert (table.preset, table.encoding) == ("fresha", "utf_8_sig")
    assert table.lines == [2, 4]  # the quoted newline: the second row starts on line 4
    assert (result.created, result.imported) == (2, 2)
    anna = ctx.search.search("zolw").rows[0]
    file = ctx.clients.get(anna.id)
    assert [p.number for p in file.draft.phones] == ["+48601234567"]
    assert file.draft.notes == "Likes tea\nand biscuits"
    assert file.draft.birth_date == dt.date(1990, 5, 17)
    assert file.draft.contact_confirmed_on is None  # to be confirmed at the next visit
    ewa = ctx.search.search("602 345").rows[0]
    assert [p.number for p in ctx.clients.get(ewa.id).draft.phones] == [
        "+48602345678",
        "+48221234567",
    ]
    assert ctx.search.search("22 123")  # the second phone is searchable too
    with ctx.engine.connect() as conn:
        audit = conn.execute(
            select(AuditEntry.action, AuditEntry.staff_id).where(AuditEntry.entity == "client")
        ).all()
    assert audit == [("create", actor), ("create", actor)]
    report = verify(ctx.engine)  # the audit rows are in the audit chain
    assert report.ok and report.links["audit"] == row_count(ctx, AuditEntry)


def _keys(ctx, client_id):
    with ctx.engine.connect() as conn:
        row = conn.execute(
            select(
                Client.name_key,
                Client.sort_key,
                Client.phone_key,
                Client.main_phone,
                Client.initials_key,
            ).where(Client.id == client_id)
        ).one()
        keys = conn.scalars(
            select(ClientSearchKey.key).where(ClientSearchKey.client_id == client_id)
        ).all()
    return tuple(row), sorted(keys)


def test_search_keys_are_what_a_normal_save_writes(ctx, tmp_path, actor):
    text = "Name,Mobile,Phone\nZahra Karimi-Żak,601234567,0048 22 123 45 67\n"
    _import(ctx, _file(tmp_path, "a.csv", text), actor)
    cid = ctx.search.search("karimi").rows[0].id
    imported = _keys(ctx, cid)
    file = ctx.clients.get(cid)
    ctx.clients.update(cid, file.draft, actor)  # saved again by the client form's path
    assert _keys(ctx, cid) == imported
    assert ctx.search.search("zah k").rows[0].id == cid  # initials key
    assert ctx.search.search("zak").rows[0].id == cid  # trigram index (FTS5 / pg_trgm)


def test_windows_1250_polish_names(ctx, tmp_path):
    text = "Imię;Nazwisko;Telefon;Uwagi\nŻaneta;Wróblewska-Gęś;601234567;źdźbło\nŁucja;Kościuszko;602345678;\n"
    table, result = _import(ctx, _file(tmp_path, "klienci.csv", text, "cp1250"))
    assert (table.encoding, table.delimiter) == ("cp1250", ";")
    assert result.created == 2
    assert _clients(ctx) == [("Żaneta", "Wróblewska-Gęś"), ("Łucja", "Kościuszko")]


def test_windows_1256_persian_names_in_a_persian_salon(ctx, tmp_path):
    ctx.save_settings(dataclasses.replace(ctx.salon, language="fa", phone_region="IR"))
    # Windows-1256 has no Persian ی: files written in it carry the Arabic ي.
    text = "نام,نام خانوادگي,موبايل,تاريخ تولد\nزهرا,کريمي,09123456789,1369/02/27\nمريم,احمدي,00989121111111,\n"
    table, result = _import(ctx, _file(tmp_path, "مشتريان.csv", text, "cp1256"))
    assert table.encoding == "cp1256"
    assert result.created == 2
    assert _clients(ctx) == [("زهرا", "کریمی"), ("مریم", "احمدی")]
    zahra = ctx.search.search("کریمی").rows[0]
    assert zahra.main_phone == "+989123456789"
    assert zahra.birth_date == dt.date(1990, 5, 17)  # a Jalali date


def test_duplicate_headers_and_formula_text(ctx, tmp_path):
    text = (
        "First Name,First Name,Phone,Phone,Notes,Notes\n"
        "'=cmd|' /C calc'!A0,Second,601234567,'+48221234567,=1+1,'@SUM(A1)\n"
    )
    _table, result = _import(ctx, _file(tmp_path, "a.csv", text))
    assert result.created == 1
    cid = ctx.search.search("601 234").rows[0].id
    d = ctx.clients.get(cid).draft
    assert d.first_name == "=cmd|' /C calc'!A0"  # text, stored as text
    assert [p.number for p in d.phones] == ["+48601234567", "+48221234567"]
    assert d.notes == "Notes: =1+1\nNotes: @SUM(A1)"


def test_a_failing_row_in_the_middle_imports_nothing(ctx, tmp_path):
    rows = [f"Anna{i},Nowak,60{i:07d}" for i in range(50)]
    rows[25] = "Anna25,Nowak,not a phone"
    text = "First Name,Last Name,Mobile\n" + "\n".join(rows) + "\n"
    table = ctx.importing.read(_file(tmp_path, "a.csv", text))
    preview = ctx.importing.preview(table)
    bad = preview.error_rows
    assert [(r.line, r.errors[0].column) for r in bad] == [(27, 2)]
    assert preview.count(Action.NEW) == 49 and not preview.ok
    with pytest.raises(ValidationError) as info:
        ctx.importing.run(table)
    assert info.value.errors[0].params == {"n": 1, "line": 27}
    assert row_count(ctx, Client) == row_count(ctx, AuditEntry) == 0  # noqa: PLR2004


def test_a_failure_while_writing_leaves_nothing(ctx, tmp_path, monkeypatch):
    from salon_desktop.services import importing

    text = "Name,Phone\n" + "\n".join(f"Client {i},60{i:07d}" for i in range(30)) + "\n"
    table = ctx.importing.read(_file(tmp_path, "a.csv", text))
    calls = []
    original = importing.insert_rows

    def failing(conn, t, rows):
        calls.append(t.name)
        if t.name == "client_search_keys":
            raise OSError("disk full")
        original(conn, t, rows)

    monkeypatch.setattr(importing, "insert_rows", failing)
    with pytest.raises(OSError):
        ctx.importing.run(table)
    assert "clients" in calls
    assert row_count(ctx, Client) == row_count(ctx, ClientPhone) == 0


def _fts_trigger(ctx) -> str | None:
    with ctx.engine.connect() as conn:
        return conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'clients_fts_ai'"
        ).scalar()


@pytest.mark.parametrize("where", ["while writing", "after indexing"])
def test_a_big_import_that_fails_keeps_the_search_trigger_and_writes_nothing(
    sqlite_ctx, tmp_path, monkeypatch, where
):
    """Many new files are indexed for the search in one statement, the per-row trigger
    dropped meanwhile inside the import's transaction: a failure brings it back."""
    from salon_desktop.services import importing

    ctx = sqlite_ctx
    monkeypatch.setattr(importing, "FTS_BULK", 5)
    before = _fts_trigger(ctx)
    assert before
    text = "Name,Phone\n" + "\n".join(f"Client {i},60{i:07d}" for i in range(30)) + "\n"
    table = ctx.importing.read(_file(tmp_path, "a.csv", text))
    if where == "while writing":
        original = importing.insert_rows

        def failing(conn, t, rows):
            if t.name == "client_search_keys":
                raise OSError("disk full")
            original(conn, t, rows)

        monkeypatch.setattr(importing, "insert_rows", failing)
    else:
        resume = importing._index_and_resume

        def then_fail(conn, *args):
            resume(conn, *args)
            raise OSError("disk full")

        monkeypatch.setattr(importing, "_index_and_resume", then_fail)
    with pytest.raises(OSError):
        ctx.importing.run(table)
    assert row_count(ctx, Client) == 0
    assert _fts_trigger(ctx) == before
    with ctx.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO clients_fts(clients_fts, rank) VALUES ('integrity-check', 1)"
        )
    monkeypatch.undo()
    ctx.clients.create(ClientDraft(first_name="Zofia", last_name="Later"), None)
    assert [r.first_name for r in ctx.search.search("ofia").rows] == ["Zofia"]


def test_a_big_import_is_found_by_the_search_and_so_is_the_next_client(
    sqlite_ctx, tmp_path, monkeypatch
):
    from salon_desktop.services import importing

    ctx = sqlite_ctx
    ctx.clients.create(ClientDraft(first_name="Ewa", last_name="Before"), None)
    monkeypatch.setattr(importing, "FTS_BULK", 5)
    text = "Name,Phone\n" + "\n".join(f"Klient{i} Nowak,60{i:07d}" for i in range(30)) + "\n"
    _import(ctx, _file(tmp_path, "a.csv", text))
    assert _fts_trigger(ctx)
    assert {r.first_name for r in ctx.search.search("lient17").rows} == {"Klient17"}
    assert [r.first_name for r in ctx.search.search("efore").rows] == ["Ewa"]  # not twice
    ctx.clients.create(ClientDraft(first_name="Zofia", last_name="After"), None)
    assert [r.first_name for r in ctx.search.search("ofia").rows] == ["Zofia"]
    with ctx.engine.begin() as conn:  # the index matches the clients, row for row
        conn.exec_driver_sql(
            "INSERT INTO clients_fts(clients_fts, rank) VALUES ('integrity-check', 1)"
        )
    assert verify(ctx.engine).ok


def test_clients_already_on_file(ctx, tmp_path, actor):
    kept = ctx.clients.create(
        ClientDraft("Anna", "", [PhoneEntry("601234567")], email="anna@old.example"), actor
    )
    born = ctx.clients.create(
        ClientDraft("Ewa", "Nowak", birth_date=dt.date(1990, 5, 17), notes="Kept"), actor
    )
    text = (
        "First Name,Last Name,Mobile,Email,Birthday,Notes\n"
        "Anna,Żółw,+48 601 234 567,anna@new.example,,\n"  # same phone: fill in the last name
        "Ewa,Nowak,602345678,,1990-05-17,New note\n"  # same name and birth date
        "Ola,Nowa,603456789,,,\n"  # new
        "Aleksandra,Nowa,603456789,,,\n"  # the same phone as the row before: merged into it
    )
    path = _file(tmp_path, "a.csv", text)
    table = ctx.importing.read(path)
    preview = ctx.importing.preview(table)
    actions = [(r.action, r.match.id if r.match else None, r.same_as_line) for r in preview.rows]
    assert actions == [
        (Action.FILL, kept, None),
        (Action.FILL, born, None),
        (Action.NEW, None, None),
        (Action.SAME, None, 4),
    ]
    assert preview.rows[0].filled == ["last_name"]
    assert preview.rows[1].filled == ["phones"]

    dry = ctx.importing.run(table, dry_run=True)
    assert (dry.created, dry.filled, dry.merged, dry.dry_run) == (1, 2, 1, True)
    assert row_count(ctx, Client) == 2  # a dry run writes nothing

    skip = ctx.importing.run(table, on_match=OnMatch.SKIP, dry_run=True)
    assert (skip.created, skip.filled, skip.skipped) == (1, 0, 2)

    result = ctx.importing.run(table, actor_id=actor)
    assert (result.created, result.filled, result.merged) == (1, 2, 1)
    anna = ctx.clients.get(kept)
    assert (anna.draft.last_name, anna.draft.email) == ("Żółw", "anna@old.example")
    assert anna.version == 2
    ewa = ctx.clients.get(born)
    assert ewa.draft.notes == "Kept"  # never overwritten
    assert [p.number for p in ewa.draft.phones] == ["+48602345678"]
    assert ctx.search.search("602 345").rows[0].id == born
    assert ctx.search.search("zolw").rows[0].id == kept  # keys refreshed with the last name
    assert [c for c in _clients(ctx) if c[1] == "Nowa"] == [("Ola", "Nowa")]
    assert verify(ctx.engine).ok

    # The same file again: nothing new to import, and it says so.
    with pytest.raises(ValidationError):
        ctx.importing.run(ctx.importing.read(path))


@pytest.mark.parametrize(
    "data, needle",
    [
        (b"", "empty"),
        (b'First Name,Phone\n"Anna,601234567\n', "quoted cell"),
        (b"First Name\x00,Phone\x00\n", "not a text file"),
        (b"BEGIN:VCARD\r\nVERSION:3.0\r\nno colon here\r\nEND:VCARD\r\n", "Contact number 1"),
    ],
)
def test_hostile_files_are_refused_with_a_sentence(ctx, tmp_path, data, needle):
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    with pytest.raises(ValidationError) as info:
        ctx.importing.read(path)
    e = info.value.errors[0]
    assert needle in e.message.format(**e.params)


def test_a_row_longer_than_the_header_is_refused(ctx, tmp_path):
    text = "First Name,Phone\nAnna,601234567,extra\nEwa,602345678,\n"
    preview = ctx.importing.preview(ctx.importing.read(_file(tmp_path, "a.csv", text)))
    assert [r.action for r in preview.rows] == [Action.ERROR, Action.NEW]
    assert preview.rows[0].errors[0].column is None


def test_square_and_vagaro_exports(ctx, tmp_path):
    square = (
        "Reference ID,First Name,Last Name,Email Address,Phone Number,Nickname,Company Name,"
        "Street Address 1,Street Address 2,City,State,Postal Code,Birthday,Memo,"
        "Square Customer ID,Creation Source\n"
        ",Jane,Doe,jane@example.com,+1 415-555-0132,,,1 Main St,Apt 2,San Francisco,CA,"
        "94103,05-17-1990,VIP,ABC123,Directory\n"
    )
    table, result = _import(ctx, _file(tmp_path, "square.csv", square))
    assert table.preset == "square" and result.created == 1
    jane = ctx.clients.get(ctx.search.search("doe").rows[0].id).draft
    assert jane.birth_date == dt.date(1990, 5, 17)  # month first
    assert jane.address == "1 Main St, Apt 2, San Francisco, CA, 94103"
    assert jane.phones[0].number == "+14155550132"
    vagaro = (
        "First Name,Last Name,Email,Mobile,Day,Night,Address,Apt/Suite,City,State,Zip,Birthdate,"
        "Gender,Customer Since,Last Visited,Tags,Refered By\n"
        "John,Roe,---,(415) 555-0199,---,---,---,---,---,---,---,04/03/1985,Male,2019,2024,"
        "Color,---\n"
    )
    ctx.save_settings(dataclasses.replace(ctx.salon, phone_region="US"))
    table, result = _import(ctx, _file(tmp_path, "CustomersList.csv", vagaro))
    assert table.preset == "vagaro" and result.created == 1
    john = ctx.clients.get(ctx.search.search("roe").rows[0].id).draft
    assert (john.email, john.address, john.tags) == ("", "", ["Color"])
    assert john.birth_date == dt.date(1985, 4, 3)


def test_a_vcard_file_from_a_phone(ctx, tmp_path):
    text = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:"
        "=C5=BB=C3=B3=C5=82w;Anna;;;\r\nTEL;CELL:601234567\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Nowak;Ewa;;;\r\nFN:Ewa Nowak\r\n"
        "TEL;TYPE=CELL:602 345 678\r\nTEL;TYPE=HOME:22 123 45 67\r\nEND:VCARD\r\n"
    )
    table, result = _import(ctx, _file(tmp_path, "contacts.vcf", text))
    assert (table.kind, table.preset, table.lines) == ("vcard", "vcard", [1, 6])
    assert result.created == 2
    assert _clients(ctx) == [("Anna", "Żółw"), ("Ewa", "Nowak")]


@pytest.mark.timeout(600)
@pytest.mark.slow
def test_100000_rows(sqlite_ctx, tmp_path):
    ctx = sqlite_ctx
    rows = "\n".join(
        f"{i},Client{i},Nowak{i},c{i}@example.com,+4860{i:07d},,,{1 + i % 28:02d}/05/1980,"
        f'City,"note\nline {i}",No,2020-01-01'
        for i in range(100_000)
    )
    path = _file(tmp_path, "big.csv", FRESHA_HEADER + "\n" + rows + "\n")
    start = time.monotonic()
    seen = []
    table = ctx.importing.read(path)
    result = ctx.importing.run(table, progress=lambda stage, done, total: seen.append(stage))
    elapsed = time.monotonic() - start
    assert result.created == 100_000
    assert row_count(ctx, Client) == 100_000 and row_count(ctx, ClientPhone) == 100_000
    assert ctx.search.search("+48600099999").rows[0].first_name == "Client99999"
    assert "Client5000" in {r.first_name for r in ctx.search.search("nowak5000").rows}
    assert {"checking", "writing"} <= set(seen)
    print(f"100,000 rows read and imported in {elapsed:.1f} s")
    assert elapsed < 120, elapsed  # about 20 s on a busy 2-core machine; CI machines are shared


# -- the command line -------------------------------------------------------------------------


def test_the_command_line_imports_and_summarises(tmp_path, capsys):
    from salon_desktop.cli import main

    folder = tmp_path / "profile"
    text = (
        FRESHA_HEADER
        + "\n1,Anna,Nowak,,48601234567,,,,,,No,2020\n2,Ewa,Kot,,602345678,,,,,,No,2020\n"
    )
    path = _file(tmp_path, "export_customer_list.csv", text)
    assert main(["--data-dir", str(folder), "import", "clients", str(path), "--dry-run"]) == 0
    out, err = capsys.readouterr()
    assert "read as: Fresha" in out and "2 new client files" in out and "Dry run" in out
    assert "Checking rows: 2/2" in err
    assert main(["--data-dir", str(folder), "import", "clients", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "2 new client files" in out and "Dry run" not in out
    assert main(["--data-dir", str(folder), "search", "Nowak"]) == 0
    assert "+48601234567" in capsys.readouterr().out
    # The same file again: nothing to import, a sentence and a non-zero exit.
    assert main(["--data-dir", str(folder), "import", "clients", str(path)]) == 1
    out, err = capsys.readouterr()
    assert "already on file" in out + err and "Traceback" not in err


def test_the_command_line_names_each_problem_and_imports_nothing(tmp_path, capsys):
    from salon_desktop.cli import main

    folder = tmp_path / "profile"
    text = "First Name,Mobile,Birthday\nAnna,601234567,\nEwa,12,soon\n"
    path = _file(tmp_path, "list.csv", text)
    assert main(["--data-dir", str(folder), "import", "clients", str(path)]) == 1
    out, err = capsys.readouterr()
    assert "line 3, column “Mobile”: “12” is not a valid phone number." in err
    assert "line 3, column “Birthday”: “soon” is not a date." in err
    assert "Nothing was imported. Rows with problems: 1, the first on line 3." in err
    assert main(["--data-dir", str(folder), "import", "clients", str(tmp_path / "none.csv")]) == 1
    assert "There is no file" in capsys.readouterr().err
