"""``salon-desktop import clients FILE``: the import service on the command line.

Prints what was read, the problems of each row by line and column, progress on
standard error, and a summary; exits 1 when nothing was imported (a problem in
the file, or nothing new in it), 0 otherwise (a clean dry run included).
"""

from __future__ import annotations

import sys

from salon_desktop.domain.import_presets import PRESETS, VCARD
from salon_desktop.domain.validation import ValidationError
from salon_desktop.i18n import _, ngettext, set_language

SHOWN_ERRORS = 20


def _say(message: str, params: dict | None = None) -> str:
    return _(message).format(**(params or {}))


def _progress(stage: str, done: int, total: int) -> None:
    label = {"checking": _("Checking rows"), "writing": _("Writing client files")}.get(stage, stage)
    end = "\n" if done >= total else ""
    print(f"\r{label}: {done}/{total}", end=end, file=sys.stderr, flush=True)


def import_clients(ctx, args) -> int:
    set_language(args.lang or ctx.salon.language)
    from salon_desktop.services.importing import OnMatch

    service = ctx.importing
    try:
        table = service.read(args.file)
    except ValidationError as exc:
        for e in exc.errors:
            print(_say(e.message, e.params), file=sys.stderr)
        return 1
    preset = args.preset or table.preset
    origin = VCARD if preset == VCARD.key else PRESETS[preset]
    print(
        ngettext(
            "{file}: {n} row, {encoding}, read as: {origin}",
            "{file}: {n} rows, {encoding}, read as: {origin}",
            len(table.rows),
        ).format(
            file=table.name,
            n=len(table.rows),
            encoding=_(table.encoding_name),
            origin=_(origin.label),
        )
    )
    on_match = OnMatch(args.on_match)
    try:
        preview = service.preview(table, preset=preset, on_match=on_match, progress=_progress)
    except ValidationError as exc:
        for e in exc.errors:
            print(_say(e.message, e.params), file=sys.stderr)
        return 1
    for message, params in preview.problems:
        print(_say(message, params), file=sys.stderr)
    bad = preview.error_rows
    for row in bad[:SHOWN_ERRORS]:
        for err in row.errors:
            where = (
                _("line {line}, column “{column}”").format(
                    line=row.line, column=table.headers[err.column]
                )
                if err.column is not None
                else _("line {line}").format(line=row.line)
            )
            print(f"{where}: {_say(err.message, err.params)}", file=sys.stderr)
    if len(bad) > SHOWN_ERRORS:
        more = len(bad) - SHOWN_ERRORS
        print(
            ngettext(
                "… and {n} more row with problems.", "… and {n} more rows with problems.", more
            ).format(n=more),
            file=sys.stderr,
        )
    try:
        result = service.run(
            table,
            preset=preset,
            on_match=on_match,
            dry_run=args.dry_run,
            progress=_progress,
            checked=preview,
        )
    except ValidationError as exc:
        for e in exc.errors:
            print(_say(e.message, e.params), file=sys.stderr)
        return 1
    lines = [
        (result.created, ngettext("{n} new client file", "{n} new client files", result.created)),
        (
            result.filled,
            ngettext(
                "{n} client already on file: its empty fields filled in",
                "{n} clients already on file: their empty fields filled in",
                result.filled,
            ),
        ),
        (
            result.unchanged,
            ngettext(
                "{n} client already on file with nothing to add",
                "{n} clients already on file with nothing to add",
                result.unchanged,
            ),
        ),
        (
            result.skipped,
            ngettext(
                "{n} client already on file left as it was",
                "{n} clients already on file left as they were",
                result.skipped,
            ),
        ),
        (
            result.merged,
            ngettext(
                "{n} row repeated an earlier row and was merged into it",
                "{n} rows repeated an earlier row and were merged into it",
                result.merged,
            ),
        ),
    ]
    for n, text in lines:
        if n:
            print(text.format(n=n))
    if result.dry_run:
        print(_("Dry run: nothing was written."))
    return 0
