"""Importing client files from a CSV or vCard file: read, preview, dry run, import.

1. ``read(path)`` decodes the file and reads it as CSV or vCard cells
   (``services.import_file``).
2. ``preview(table, mapping, ...)`` reads every row with the domain's rules
   (``domain.importing``), and tells for each whether it is a new client, a
   client already on file (the same phone, or the same name and date of birth,
   as ``ClientService.find_duplicates`` decides) or the same person as an
   earlier row of the file, and what would be filled in.
3. ``run(...)`` does it in one transaction, all or nothing: any row with a
   problem and nothing is written. ``dry_run`` checks everything against the
   database as the import would, and writes nothing.

A client already on file is never overwritten: only the fields that are empty
in it are filled in from the file (``on_match=FILL``), or the row is left out
(``on_match=SKIP``). Imported files are not marked as confirmed with the
client (``contact_confirmed_on`` stays empty), so the desk asks to confirm
their details at the next visit.

The rows are written in bulk with Core statements: the same columns and prefix
search keys the client service writes for one file (``derived_columns``,
``search_keys_for``); ids (of the files and of their audit entries) are given
here, so no statement returns rows one by one; duplicates are looked up once
per batch of phones and names, never per row; on SQLite a big file's new
clients go into the FTS5 search index in one statement (its per-row trigger
dropped and put back inside the same transaction). Profiled on 20,000 rows
(cProfile): reading the phones with the phonenumbers library is now the
largest part; 100,000 rows take about 20 s on a busy 2-core machine (50–110 s
before).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine, bindparam, delete, select, text, update

from salon_desktop.db import chains
from salon_desktop.db.base import utcnow
from salon_desktop.db.models import (
    AuditEntry,
    Client,
    ClientPhone,
    ClientSearchKey,
    ClientTag,
)
from salon_desktop.db.rows import insert_rows, table_of
from salon_desktop.domain.client import ClientDraft, Gender, PhoneEntry, name_key
from salon_desktop.domain.import_presets import (
    PRESETS,
    VCARD,
    DateOrder,
    Preset,
    Target,
    auto_mapping,
    mapping_problems,
)
from salon_desktop.domain.importing import (
    CellError,
    RowRules,
    fill_empty,
    merge_rows,
    parse_row,
)
from salon_desktop.domain.phones import national_digits
from salon_desktop.i18n import N_
from salon_desktop.services.client_search import derived_columns, search_keys_for
from salon_desktop.services.import_file import ImportTable, read_table, refuse

__all__ = ["Action", "ImportPreview", "ImportResult", "ImportService", "ImportTable", "OnMatch"]

BATCH = 2000
Progress = Callable[[str, int, int], None]  # stage ("reading", "checking", "writing"), done, total


class OnMatch(enum.StrEnum):
    FILL = "fill"  # fill in what is empty in the file already kept
    SKIP = "skip"  # leave the kept file as it is


class Action(enum.StrEnum):
    NEW = "new"
    FILL = "fill"  # a client on file; some empty fields filled in
    UNCHANGED = "unchanged"  # a client on file; nothing to add
    SKIP = "skip"  # a client on file; left out (on_match=SKIP)
    SAME = "same"  # the same person as an earlier row: merged into it
    ERROR = "error"


@dataclass(frozen=True)
class Match:
    id: int
    number: int
    name: str


@dataclass
class PreviewRow:
    index: int
    line: int
    draft: ClientDraft | None
    errors: list[CellError]
    action: Action = Action.NEW
    national: dict[str, str] = field(default_factory=dict)  # the phones' national digits
    match: Match | None = None
    same_as_line: int | None = None
    filled: list[str] = field(default_factory=list)


@dataclass
class ImportPreview:
    table: ImportTable
    preset: str
    mapping: tuple[Target, ...]
    on_match: OnMatch
    rows: list[PreviewRow]
    problems: list[tuple[str, dict]]  # of the mapping as a whole

    def count(self, action: Action) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def error_rows(self) -> list[PreviewRow]:
        return [r for r in self.rows if r.action == Action.ERROR]

    @property
    def ok(self) -> bool:
        return (
            not self.problems
            and not self.error_rows
            and any(r.action in (Action.NEW, Action.FILL) for r in self.rows)
        )


@dataclass(frozen=True)
class ImportResult:
    created: int
    filled: int
    unchanged: int
    skipped: int
    merged: int
    dry_run: bool

    @property
    def imported(self) -> int:
        return self.created + self.filled


# -- the service ------------------------------------------------------------------------


_C = table_of(Client)
_P = table_of(ClientPhone)
_T = table_of(ClientTag)
_K = table_of(ClientSearchKey)
_A = table_of(AuditEntry)

_FILL_COLUMNS = (
    "last_name",
    "email",
    "birth_date",
    "gender",
    "address",
    "allergies",
    "notes",
    "name_key",
    "sort_key",
    "phone_key",
    "main_phone",
    "initials_key",
)
_UPDATE = (
    update(_C)
    .where(_C.c.id == bindparam("b_id"))
    .values(
        {c: bindparam(f"b_{c}") for c in _FILL_COLUMNS}
        | {
            "updated_at": bindparam("b_updated_at"),
            "updated_by_id": bindparam("b_updated_by_id"),
            "version": _C.c.version + 1,
        }
    )
)


_GENDERS = frozenset(g.value for g in Gender)

FTS_BULK = 500  # new files from which the search index is filled in one statement
_FTS_INSERT_TRIGGER = "clients_fts_ai"
_FTS_COLUMNS = "name_key, phone_key, initials_key"


def _suspend_fts_insert(conn: Connection) -> str | None:
    """On SQLite: drop the trigger that indexes each new client for the search (inside
    this transaction: a failed import puts it back with everything else); its SQL,
    to create it again, or None (another database, or no such trigger)."""
    if conn.dialect.name != "sqlite":
        return None
    sql = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
        (_FTS_INSERT_TRIGGER,),
    ).scalar()
    if sql:
        conn.exec_driver_sql(f"DROP TRIGGER {_FTS_INSERT_TRIGGER}")
    return sql or None


def _index_and_resume(conn: Connection, trigger_sql: str, first_id: int, last_id: int) -> None:
    """What the dropped trigger would have done for the new clients, in one statement;
    then the trigger again, as it was."""
    conn.exec_driver_sql(
        f"INSERT INTO clients_fts(rowid, {_FTS_COLUMNS}) "
        f"SELECT id, {_FTS_COLUMNS} FROM clients WHERE id BETWEEN ? AND ?",
        (first_id, last_id),
    )
    conn.exec_driver_sql(trigger_sql)


def _chunks(items: list, n: int = 500) -> Iterable[list]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


class ImportService:
    def __init__(
        self,
        engine: Engine,
        region: Callable[[], str] = lambda: "PL",
        language: Callable[[], str] = lambda: "en",
        today: Callable[[], dt.date] = dt.date.today,
    ):
        self._engine = engine
        self._region = region
        self._language = language
        self._today = today

    # -- reading ------------------------------------------------------------------
    def read(self, path: str | Path) -> ImportTable:
        """The file as a table, or ValidationError saying why it cannot be read."""
        p = Path(path)
        try:
            data = p.read_bytes()
        except FileNotFoundError as exc:
            raise refuse(N_("There is no file {name}."), name=str(p)) from exc
        except IsADirectoryError as exc:
            raise refuse(N_("{name} is a folder, not a file."), name=str(p)) from exc
        except PermissionError as exc:
            raise refuse(
                N_("The file {name} cannot be opened (no permission)."), name=p.name
            ) from exc
        return read_table(data, p.name, self._language())

    def rules(self, preset: Preset) -> RowRules:
        region = self._region()
        order = preset.date_order or (DateOrder.MDY if region.upper() == "US" else DateOrder.DMY)
        return RowRules(region, self._today(), order, persian=self._language() == "fa")

    # -- checking -----------------------------------------------------------------
    def parse(
        self,
        table: ImportTable,
        mapping: tuple[Target, ...] | None = None,
        preset: str | None = None,
        progress: Progress | None = None,
    ) -> tuple[str, tuple[Target, ...], list[PreviewRow], list[tuple[str, dict]]]:
        """Every row read by the domain's rules (no database)."""
        key = preset or table.preset
        chosen = VCARD if key == VCARD.key else PRESETS.get(key)
        if chosen is None:
            raise refuse(N_("Unknown kind of file “{name}”."), name=key)
        if mapping is None:
            mapping = table.mapping if key == table.preset else auto_mapping(table.headers, chosen)
        if len(mapping) != len(table.headers):
            raise refuse(N_("The columns chosen do not match the file's columns."))
        rules = self.rules(chosen)
        width = len(table.headers)
        rows: list[PreviewRow] = []
        total = len(table.rows)
        for i, cells in enumerate(table.rows):
            if progress is not None and i % 1000 == 0:
                progress("checking", i, total)
            parsed = parse_row(cells, table.headers, mapping, rules)
            errors = list(parsed.errors)
            extra = [c for c in cells[width:] if c.strip()]
            if extra:
                errors.insert(
                    0,
                    CellError(
                        None,
                        N_("This row has {cells} cells but the file has {columns} columns."),
                        {"cells": len(cells), "columns": width},
                    ),
                )
            rows.append(
                PreviewRow(
                    i,
                    table.lines[i],
                    None if errors else parsed.draft,
                    errors,
                    Action.ERROR if errors else Action.NEW,
                    parsed.national,
                )
            )
        if progress is not None:
            progress("checking", total, total)
        return key, mapping, rows, mapping_problems(mapping)

    def preview(
        self,
        table: ImportTable,
        mapping: tuple[Target, ...] | None = None,
        preset: str | None = None,
        on_match: OnMatch = OnMatch.FILL,
        progress: Progress | None = None,
    ) -> ImportPreview:
        """What an import would do, row by row (a dry run that writes nothing)."""
        key, mapping, rows, problems = self.parse(table, mapping, preset, progress)
        with self._engine.connect() as conn:
            self._match(conn, rows, on_match)
        return ImportPreview(table, key, mapping, on_match, rows, problems)

    def _match(
        self, conn: Connection, rows: list[PreviewRow], on_match: OnMatch
    ) -> dict[int, ClientDraft]:
        """Set each valid row's action; the drafts of the files on record that rows match."""
        valid = [r for r in rows if r.draft is not None]
        phones: dict[str, int] = {}
        names: dict[tuple[str, dt.date], int] = {}
        wanted_phones = {p.number for r in valid for p in r.draft.phones}  # type: ignore[union-attr]
        for chunk in _chunks(sorted(wanted_phones)):
            # One table, by its index: joined to clients (for "not archived"), SQLite
            # would rather walk every active client.
            q = select(_P.c.e164, _P.c.client_id).where(_P.c.e164.in_(chunk))
            for e164, cid in conn.execute(q):
                phones[e164] = min(cid, phones.get(e164, cid))
        if phones:
            active: set[int] = set()
            for chunk in _chunks(sorted(set(phones.values()))):
                q = select(_C.c.id, _C.c.archived).where(_C.c.id.in_(chunk))
                active.update(cid for cid, archived in conn.execute(q) if not archived)
            phones = {e: cid for e, cid in phones.items() if cid in active}
        keys = {
            r.index: name_key(r.draft.first_name, r.draft.last_name)  # type: ignore[union-attr]
            for r in valid
            if r.draft.birth_date is not None  # type: ignore[union-attr]
        }
        wanted_names = set(keys.values())
        for chunk in _chunks(sorted(wanted_names)):
            q = select(_C.c.name_key, _C.c.birth_date, _C.c.id, _C.c.archived).where(
                _C.c.name_key.in_(chunk)
            )
            for row in conn.execute(q):
                if row.birth_date is not None and not row.archived:
                    nb_key = (row.name_key, row.birth_date)
                    names[nb_key] = min(row.id, names.get(nb_key, row.id))

        # Which person each row is: a file on record ("c", id) or the first row of the
        # file that names them ("r", index).
        entity_of_phone: dict[str, tuple[str, int]] = {}
        entity_of_name: dict[tuple[str, dt.date], tuple[str, int]] = {}
        groups: dict[tuple[str, int], list[PreviewRow]] = {}
        for r in valid:
            d = r.draft
            assert d is not None
            nb: tuple[str, dt.date] | None = (
                (keys[r.index], d.birth_date) if d.birth_date is not None else None
            )
            entity: tuple[str, int] | None = None
            for p in d.phones:
                if p.number in phones:
                    entity = ("c", phones[p.number])
                    break
            if entity is None and nb is not None and nb in names:
                entity = ("c", names[nb])
            if entity is None:
                for p in d.phones:
                    if p.number in entity_of_phone:
                        entity = entity_of_phone[p.number]
                        break
            if entity is None and nb is not None and nb in entity_of_name:
                entity = entity_of_name[nb]
            if entity is None:
                entity = ("r", r.index)
            groups.setdefault(entity, []).append(r)
            for p in d.phones:
                entity_of_phone.setdefault(p.number, entity)
            if nb is not None:
                entity_of_name.setdefault(nb, entity)

        matched_ids = sorted(cid for kind, cid in groups if kind == "c")
        existing = self._drafts(conn, matched_ids)
        for (kind, ident), members in groups.items():
            if kind == "r":
                for later in members[1:]:
                    later.action, later.same_as_line = Action.SAME, members[0].line
                continue
            number, current = existing[ident]
            match = Match(ident, number, f"{current.first_name} {current.last_name}".strip())
            incoming = members[0].draft
            assert incoming is not None
            for later in members[1:]:
                assert later.draft is not None
                incoming = merge_rows(incoming, later.draft)
            _merged, filled = fill_empty(current, incoming)
            for j, r in enumerate(members):
                r.match = match
                if j:
                    r.action, r.same_as_line = Action.SAME, members[0].line
                elif on_match == OnMatch.SKIP:
                    r.action = Action.SKIP
                else:
                    r.action = Action.FILL if filled else Action.UNCHANGED
                    r.filled = filled
        return {cid: existing[cid][1] for cid in matched_ids}

    def _drafts(self, conn: Connection, ids: list[int]) -> dict[int, tuple[int, ClientDraft]]:
        out: dict[int, tuple[int, ClientDraft]] = {}
        for chunk in _chunks(ids):
            cols = _C.c
            q = select(
                cols.id, cols.number, cols.first_name, cols.last_name, cols.email,
                cols.birth_date, cols.gender, cols.address, cols.allergies, cols.notes,
            ).where(cols.id.in_(chunk))  # fmt: skip
            for row in conn.execute(q):
                gender = Gender(row.gender) if row.gender in _GENDERS else None
                out[row.id] = (
                    row.number,
                    ClientDraft(
                        first_name=row.first_name,
                        last_name=row.last_name,
                        email=row.email,
                        birth_date=row.birth_date,
                        gender=gender,
                        address=row.address,
                        allergies=row.allergies,
                        notes=row.notes,
                    ),
                )
            q2 = (
                select(_P.c.client_id, _P.c.e164, _P.c.label)
                .where(_P.c.client_id.in_(chunk))
                .order_by(_P.c.client_id, _P.c.position)
            )
            for cid, e164, label in conn.execute(q2):
                out[cid][1].phones.append(PhoneEntry(e164, label))
            q3 = select(_T.c.client_id, _T.c.tag).where(_T.c.client_id.in_(chunk))
            for cid, tag in conn.execute(q3):
                out[cid][1].tags.append(tag)
        return out

    # -- importing ------------------------------------------------------------------
    def run(
        self,
        table: ImportTable,
        mapping: tuple[Target, ...] | None = None,
        preset: str | None = None,
        on_match: OnMatch = OnMatch.FILL,
        actor_id: int | None = None,
        *,
        dry_run: bool = False,
        progress: Progress | None = None,
        checked: ImportPreview | None = None,
    ) -> ImportResult:
        """Import every row in one transaction, or nothing (ValidationError).

        ``checked``: the preview of this table with these columns, whose rows were
        read already (what matches a file on record is decided again, here)."""
        if (
            checked is not None
            and checked.table is table
            and (mapping is None or tuple(mapping) == checked.mapping)
        ):
            key, mapping, problems = checked.preset, checked.mapping, checked.problems
            rows = [
                dataclasses.replace(
                    r,
                    action=Action.ERROR if r.errors else Action.NEW,
                    match=None,
                    same_as_line=None,
                    filled=[],
                )
                for r in checked.rows
            ]
        else:
            key, mapping, rows, problems = self.parse(table, mapping, preset, progress)
        if problems:
            message, params = problems[0]
            raise refuse(message, **params)
        bad = [r for r in rows if r.action == Action.ERROR]
        if bad:
            raise refuse(
                N_(
                    "Nothing was imported. Rows with problems: {n}, the first on line {line}. "
                    "Correct them in the file, or choose other columns, and try again."
                ),
                n=len(bad),
                line=bad[0].line,
            )
        if dry_run:
            with self._engine.connect() as conn:
                self._match(conn, rows, on_match)
                return self._result(rows, dry_run=True)
        writer = self._engine.execution_options(sqlite_immediate=True)
        with writer.begin() as conn:
            if conn.dialect.name == "postgresql":
                # Client numbers are max + 1: no other desk adds a client meanwhile.
                conn.execute(text("LOCK TABLE clients IN SHARE ROW EXCLUSIVE MODE"))
            existing = self._match(conn, rows, on_match)
            result = self._result(rows, dry_run=False)
            self._write(conn, table, rows, existing, actor_id, progress)
        return result

    @staticmethod
    def _result(rows: list[PreviewRow], dry_run: bool) -> ImportResult:
        result = ImportResult(
            created=sum(1 for r in rows if r.action == Action.NEW),
            filled=sum(1 for r in rows if r.action == Action.FILL),
            unchanged=sum(1 for r in rows if r.action == Action.UNCHANGED),
            skipped=sum(1 for r in rows if r.action == Action.SKIP),
            merged=sum(1 for r in rows if r.action == Action.SAME),
            dry_run=dry_run,
        )
        if result.imported == 0:
            raise refuse(N_("Nothing to import: every client in the file is already on file."))
        return result

    def _write(
        self,
        conn: Connection,
        table: ImportTable,
        rows: list[PreviewRow],
        existing: dict[int, ClientDraft],
        actor_id: int | None,
        progress: Progress | None,
    ) -> None:
        now = utcnow()
        if conn.dialect.name == "sqlite":
            # The indexes (and the FTS5 trigram index) of 100,000 new rows do not fit
            # SQLite's default 2 MB page cache: 64 MB for this connection.
            conn.exec_driver_sql("PRAGMA cache_size=-65536")
        by_line = {r.line: r for r in rows}
        # Later rows of the same person: merged into the row (or file) they repeat.
        merged: dict[int, ClientDraft] = {}
        for r in rows:
            if r.action in (Action.NEW, Action.FILL, Action.UNCHANGED):
                assert r.draft is not None
                merged[r.index] = r.draft
        for r in rows:
            if r.action == Action.SAME and r.same_as_line is not None:
                head = by_line[r.same_as_line]
                if head.index in merged and r.draft is not None:
                    merged[head.index] = merge_rows(merged[head.index], r.draft)
        new = [r for r in rows if r.action == Action.NEW]
        fills = [r for r in rows if r.action == Action.FILL]
        digits: dict[str, str] = {}
        for r in rows:
            digits.update(r.national)

        def national(e164: str) -> str:  # parsed once, when the row was read
            return digits.get(e164) or national_digits(e164)

        total = len(new) + len(fills)
        detail = json.dumps({"source": "import", "file": table.name}, ensure_ascii=False)
        ids = self._new_ids(conn, len(new))
        # Many new files: the search index (SQLite's FTS5) takes them in one statement
        # at the end, not one trigger call a row (half the writing time of a big file).
        fts_trigger = _suspend_fts_insert(conn) if len(new) >= FTS_BULK else None
        next_number = (
            conn.scalar(select(_C.c.number).order_by(_C.c.number.desc()).limit(1)) or 0
        ) + 1
        done = 0
        for start in range(0, len(new), BATCH):
            clients, phones, tags, keys, audits = [], [], [], [], []
            for r in new[start : start + BATCH]:
                d = merged[r.index]
                cid, number = ids[done], next_number + done
                done += 1
                columns = derived_columns(d, national)
                clients.append(
                    {
                        "id": cid,
                        "number": number,
                        "first_name": d.first_name,
                        "last_name": d.last_name,
                        **columns,
                        "email": d.email,
                        "birth_date": d.birth_date,
                        "gender": d.gender.value if d.gender else None,
                        "address": d.address,
                        "source": None,
                        "referred_by_id": None,
                        "preferred_staff_id": None,
                        "allergies": d.allergies,
                        "skin_notes": "",
                        "hair_notes": "",
                        "notes": d.notes,
                        "buying_behaviour": None,
                        "contact_confirmed_on": None,
                        "archived": False,
                        "archived_at": None,
                        "merged_into_id": None,
                        "created_at": now,
                        "created_by_id": actor_id,
                        "updated_at": now,
                        "updated_by_id": actor_id,
                        "version": 1,
                    }
                )
                phones += [
                    {"client_id": cid, "e164": p.number, "label": p.label, "position": i}
                    for i, p in enumerate(d.phones)
                ]
                tags += [{"client_id": cid, "tag": t} for t in d.tags]
                keys += [
                    {"key": k, "client_id": cid}
                    for k in sorted(
                        search_keys_for(
                            d.first_name, d.last_name, number, columns["phone_key"].split()
                        )
                    )
                ]
                audits.append(self._audit(now, actor_id, cid, "create", detail))
            insert_rows(conn, _C, clients)
            for t, batch in ((_P, phones), (_T, tags), (_K, keys)):
                insert_rows(conn, t, batch)
            self._audit_rows(conn, audits)
            if progress is not None:
                progress("writing", done, total)
        if fts_trigger is not None:
            _index_and_resume(conn, fts_trigger, ids[0], ids[-1])
        for chunk in _chunks(fills, BATCH):
            params, phones, tags, keys, audits, ids_done = [], [], [], [], [], []
            for r in chunk:
                assert r.match is not None
                cid = r.match.id
                current = existing[cid]
                filled_draft, filled = fill_empty(current, merged[r.index])
                columns = derived_columns(filled_draft, national)
                params.append(
                    {
                        "b_id": cid,
                        "b_last_name": filled_draft.last_name,
                        "b_email": filled_draft.email,
                        "b_birth_date": filled_draft.birth_date,
                        "b_gender": filled_draft.gender.value if filled_draft.gender else None,
                        "b_address": filled_draft.address,
                        "b_allergies": filled_draft.allergies,
                        "b_notes": filled_draft.notes,
                        **{f"b_{k}": v for k, v in columns.items()},
                        "b_updated_at": now,
                        "b_updated_by_id": actor_id,
                    }
                )
                if "phones" in filled:
                    phones += [
                        {"client_id": cid, "e164": p.number, "label": p.label, "position": i}
                        for i, p in enumerate(filled_draft.phones)
                    ]
                if "tags" in filled:
                    tags += [{"client_id": cid, "tag": t} for t in filled_draft.tags]
                ids_done.append(cid)
                keys += [
                    {"key": k, "client_id": cid}
                    for k in sorted(
                        search_keys_for(
                            filled_draft.first_name,
                            filled_draft.last_name,
                            r.match.number,
                            columns["phone_key"].split(),
                        )
                    )
                ]
                audits.append(
                    self._audit(
                        now,
                        actor_id,
                        cid,
                        "update",
                        json.dumps(
                            {"source": "import", "file": table.name, "fields": filled},
                            ensure_ascii=False,
                        ),
                    )
                )
            conn.execute(_UPDATE, params)
            conn.execute(delete(_K).where(_K.c.client_id.in_(ids_done)))
            for t, batch in ((_P, phones), (_T, tags), (_K, keys)):
                insert_rows(conn, t, batch)
            self._audit_rows(conn, audits)
            done += len(chunk)
            if progress is not None:
                progress("writing", done, total)

    @staticmethod
    def _audit_rows(conn: Connection, rows: list[dict]) -> None:
        """The audit rows, linked to the audit chain in this transaction (as
        ``audit.record`` links one)."""
        if not rows:
            return
        # Their ids given here, as the clients' are: an INSERT … RETURNING of many
        # rows in their order runs one statement a row on SQLite.
        ids = ImportService._new_ids(conn, len(rows), _A)
        insert_rows(conn, _A, [{"id": i, **r} for i, r in zip(ids, rows, strict=True)])
        chains.append(conn, "audit", ids)

    @staticmethod
    def _new_ids(conn: Connection, n: int, table=_C) -> list[int]:
        """``n`` fresh ids of ``table`` (SQLite: after the largest, the import holding
        the write lock; PostgreSQL: from its sequence)."""
        if n == 0:
            return []
        if conn.dialect.name == "postgresql":
            q = text(
                f"SELECT nextval(pg_get_serial_sequence('{table.name}', 'id')) "
                "FROM generate_series(1, :n)"
            )
            return sorted(conn.execute(q, {"n": n}).scalars())
        first = (conn.scalar(select(table.c.id).order_by(table.c.id.desc()).limit(1)) or 0) + 1
        return list(range(first, first + n))

    @staticmethod
    def _audit(at: dt.datetime, actor: int | None, cid: int, action: str, detail: str) -> dict:
        return {
            "at": at,
            "staff_id": actor,
            "entity": "client",
            "entity_id": cid,
            "action": action,
            "detail": detail,
        }
