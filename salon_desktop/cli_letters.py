"""``salon-desktop lists`` and ``salon-desktop letters``: the action lists and their
merged letters, for scheduled use; every problem said as a sentence (status 2)."""

from __future__ import annotations

import sys
import time
from decimal import Decimal
from pathlib import Path

PROGRESS_FROM = 200  # letters: a progress line about every tenth from this many on


def run(ctx, args) -> int:
    from salon_desktop.i18n import set_language

    language = getattr(args, "letter_lang", None) or args.lang or ctx.salon.language
    set_language(language)
    if args.command == "lists":
        return _lists(ctx, args)
    return _letters(ctx, args, language)


def _unknown_list(name: str) -> None:
    from salon_desktop.i18n import _
    from salon_desktop.services.action_lists import ActionLists

    print(
        _("There is no action list called {name}. The lists are: {names}.").format(
            name=name, names=", ".join(ActionLists.names())
        ),
        file=sys.stderr,
    )


def _lists(ctx, args) -> int:
    from salon_desktop.i18n import _, ngettext
    from salon_desktop.services.action_lists import ActionLists, UnknownList
    from salon_desktop.services.export import ExportFailed

    lists = ActionLists(ctx)
    if not args.name:
        if args.csv:
            print(
                _("Name the list to write: salon-desktop lists NAME --csv FILE."), file=sys.stderr
            )
            return 2
        for name in lists.names():
            print(f"{name:<28} {len(lists.rows(name)):>6}  {lists.label(name)}")
        return 0
    try:
        if not args.csv:
            for r in lists.rows(args.name):
                print(f"{r.number:>7}  {r.name}  {r.phone}  {r.email}")
            return 0
        n = lists.write_csv(args.name, args.csv)
    except UnknownList:
        _unknown_list(args.name)
        return 2
    except ExportFailed as failed:
        print(_(failed.message).format(where=failed.where), file=sys.stderr)
        return 2
    print(
        ngettext("{rows} row written to {file}", "{rows} rows written to {file}", n).format(
            rows=n, file=args.csv
        )
    )
    return 0


def _letters(ctx, args, language: str) -> int:
    from salon_desktop.cli_files import write_out
    from salon_desktop.domain.letters import LetterError, LetterKind, parse_kind
    from salon_desktop.i18n import _, ngettext
    from salon_desktop.i18n.formatting import Formatter
    from salon_desktop.services.action_lists import UnknownList
    from salon_desktop.services.letters import LetterService, sentence

    fmt = Formatter(language, ctx.salon.currency)
    try:
        kind = parse_kind(args.template)
    except ValueError:
        print(
            _("There is no letter called {name}. The letters are: {names}.").format(
                name=args.template, names=", ".join(k.value for k in LetterKind)
            ),
            file=sys.stderr,
        )
        return 2
    out = Path(args.out)
    if not out.parent.is_dir():
        print(_("The folder {folder} does not exist.").format(folder=out.parent), file=sys.stderr)
        return 2
    started = time.monotonic()
    service = LetterService(ctx)
    last = [0]

    def progress(done: int, of: int) -> None:  # about every tenth, on long runs only
        if of >= PROGRESS_FROM and (done - last[0] >= max(1, of // 10) or done == of):
            last[0] = done
            text = _("{done} of {total} letters").format(
                done=fmt.integer(done), total=fmt.integer(of)
            )
            print(text, file=sys.stderr, flush=True)

    try:
        data, n = service.pdf_for_list(kind, args.list_name, language, progress)
    except UnknownList:
        _unknown_list(args.list_name)
        return 2
    except LetterError as exc:
        print(
            _("The letter cannot be filled in: {problem}").format(problem=sentence(exc.errors[0])),
            file=sys.stderr,
        )
        return 2
    if not n:
        print(_("There is nobody on that list today, so no letters were written."), file=sys.stderr)
        return 2
    if not write_out(out, data):
        return 2
    print(
        ngettext(
            "{n} letter written to {file} in {seconds} s.",
            "{n} letters written to {file} in {seconds} s.",
            n,
        ).format(
            n=fmt.integer(n),
            file=out,
            seconds=fmt.number(Decimal(f"{time.monotonic() - started:.1f}"), 1),
        )
    )
    return 0
