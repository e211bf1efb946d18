"""Command line: ``salon-desktop`` starts the app; sub-commands work headless.

    salon-desktop [--data-dir DIR] [--db URL]            start the application
    salon-desktop demo [--clients N] [--years Y]         fill a profile with a demo salon
    salon-desktop migrate                                create or upgrade the database
    salon-desktop search TEXT                            find clients (as the search box does)
    salon-desktop staff [--add NAME [--role ROLE]]       list or add staff
    salon-desktop backup [--to DIR]                      a verified backup (for scheduled use)
    salon-desktop restore FILE                           restore a backup (the current data kept)
    salon-desktop export clients|visits|sales --out FILE [--from D --to D]   CSV for a spreadsheet
    salon-desktop cards --client N… | --all --out F.pdf  client cards [--layout a4|card]
    salon-desktop import clients FILE [--dry-run]        import clients from CSV or vCard
    salon-desktop report monthly --month 2026-10 --out F.pdf [--csv F.csv] [--lang fa]
    salon-desktop report period --from D --to D --out F.pdf [--csv F.csv]   the manager's report
    salon-desktop lists [NAME --csv F.csv]               the action lists, or one as CSV
    salon-desktop letters KIND --list NAME --out F.pdf   merged letters for an action list

Nothing heavy is imported before the chosen command needs it, so the window
appears quickly.
"""

from __future__ import annotations

import argparse
import sys

PROGRESS_FROM = 500  # cards: a progress line about every tenth from this many on


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="salon-desktop", description="Salon Desktop")
    p.add_argument(
        "--data-dir", help="profile folder (default: per-user data folder; env SALON_DATA_DIR)"
    )
    p.add_argument(
        "--db", help="database URL, e.g. postgresql+psycopg://user@host/salon (env SALON_DB_URL)"
    )
    p.add_argument(
        "--lang", choices=("en", "pl", "fa"), help="override the salon's language for this run"
    )
    sub = p.add_subparsers(dest="command")
    demo = sub.add_parser("demo", help="fill the profile with a realistic demo salon")
    demo.add_argument("--clients", type=int, default=300)
    demo.add_argument("--seed", type=int, default=2026)
    demo.add_argument("--language", choices=("en", "pl", "fa"), help="the demo salon's language")
    demo.add_argument(
        "--years",
        type=int,
        default=3,
        help="years of visits and sales (0: clients only; default 3)",
    )
    sub.add_parser("migrate", help="create or upgrade the database and exit")
    search = sub.add_parser("search", help="search clients and print matches")
    search.add_argument("text")
    verify = sub.add_parser(
        "verify",
        help="check the hash chains, receipt counters, voucher balances and guards "
        "(exit status 1 when a record was changed, deleted or added outside the app)",
    )
    verify.add_argument(
        "--repair-guards", action="store_true", help="put back missing guard triggers"
    )
    client = sub.add_parser(
        "client", help="a client's data: export everything held (GDPR), or erase it"
    )
    client.add_argument("action", choices=("export", "erase"))
    client.add_argument("number", type=int, help="the client number")
    client.add_argument(
        "--out",
        help="export: the JSON file to write (FILE.pdf: the readable PDF and the JSON beside it)",
    )
    client.add_argument("--yes", action="store_true", help="erase: do not ask")
    sub.add_parser("scores", help="compute and store every client's category, value and strategy")
    staff = sub.add_parser("staff", help="list staff, or add a staff member")
    staff.add_argument("--add", metavar="NAME")
    staff.add_argument("--role", default="")
    backup = sub.add_parser("backup", help="make a verified backup of the salon's database")
    backup.add_argument("--to", metavar="DIR", help="folder (default: the one in Settings)")
    restore = sub.add_parser("restore", help="replace the database with a backup (checked first)")
    restore.add_argument("file")
    export = sub.add_parser("export", help="export clients, visits or sales to a CSV file")
    export.add_argument("what", choices=("clients", "visits", "sales"))
    export.add_argument("--out", required=True, metavar="FILE")
    export.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    export.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    cards = sub.add_parser("cards", help="client cards as a PDF (with --lang: in that language)")
    which = cards.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--client", metavar="NUMBER", type=int, nargs="+", action="extend", help="client numbers"
    )
    which.add_argument("--all", action="store_true", help="every client file in use")
    cards.add_argument("--out", required=True, metavar="FILE.pdf")
    cards.add_argument(
        "--layout",
        choices=("a4", "card"),
        default="a4",
        help="a4: ten to a sheet with cut marks (default); card: one a page, for card printers",
    )
    report = sub.add_parser("report", help="the manager's report as a PDF and its figures as CSV")
    kinds = report.add_subparsers(dest="kind", required=True)
    monthly = kinds.add_parser("monthly", help="a month of the salon's calendar")
    monthly.add_argument(
        "--month", required=True, metavar="YYYY-MM", help="e.g. 2026-10; with --lang fa: 1405-08"
    )
    period = kinds.add_parser("period", help="any range of days")
    period.add_argument("--from", dest="date_from", required=True, metavar="YYYY-MM-DD")
    period.add_argument("--to", dest="date_to", required=True, metavar="YYYY-MM-DD")
    for k in (monthly, period):
        k.add_argument("--out", metavar="FILE.pdf", help="the report as a PDF")
        k.add_argument("--csv", metavar="FILE.csv", help="its figures as CSV")
        k.add_argument(
            "--lang",
            dest="report_lang",
            choices=("en", "pl", "fa"),
            help="the report's language (fa: Jalali months and dates)",
        )
    lists = sub.add_parser("lists", help="the action lists (who to call today), one as CSV")
    lists.add_argument("name", nargs="?", help="the list (without it: every list and its size)")
    lists.add_argument("--csv", metavar="FILE.csv", help="write the list to this CSV file")
    letters = sub.add_parser(
        "letters", help="letters for every client of an action list, merged into one PDF"
    )
    letters.add_argument(
        "template",
        help="birthday, invitation_back, apology, referral_thanks or debt_reminder",
    )
    letters.add_argument("--list", required=True, dest="list_name", metavar="NAME")
    letters.add_argument("--out", required=True, metavar="FILE.pdf")
    letters.add_argument(
        "--lang", dest="letter_lang", choices=("en", "pl", "fa"), help="the letters' language"
    )
    imp = sub.add_parser("import", help="import data from another program")
    what = imp.add_subparsers(dest="what", required=True)
    clients = what.add_parser("clients", help="import client files from a CSV or vCard file")
    clients.add_argument("file")
    clients.add_argument("--dry-run", action="store_true", help="check everything, write nothing")
    clients.add_argument(
        "--preset", choices=("generic", "fresha", "square", "vagaro"), help="the file's origin"
    )
    clients.add_argument(
        "--on-match",
        choices=("fill", "skip"),
        default="fill",
        help="a client already on file: fill in its empty fields (default) or leave it",
    )
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command is None:
        from salon_desktop.ui.app import run_gui

        return run_gui(args.data_dir, args.db, args.lang)

    import logging

    from salon_desktop.applog import close_logging, setup_logging
    from salon_desktop.paths import data_dir_path

    root = logging.getLogger("salon_desktop")
    if not any(isinstance(h, logging.NullHandler) for h in root.handlers):
        root.addHandler(logging.NullHandler())  # warnings go to the log, not the terminal
    setup_logging(data_dir_path(args.data_dir))
    try:
        return _command(args)
    finally:
        close_logging()


def _command(args) -> int:
    from salon_desktop.services.opening import OpeningFailed, open_profile

    if args.command == "restore":  # the database may be past opening: not opened first
        return _restore(args)

    try:
        ctx = open_profile(args.data_dir, args.db)
    except OpeningFailed as failed:
        _say_why(failed.failure, args.data_dir, args.lang)
        return 3
    try:
        if args.command == "migrate":
            from salon_desktop.db.engine import display_url

            print(f"database ready: {display_url(ctx.db_url)}")
        elif args.command == "demo":
            from salon_desktop.demo import DemoNeedsFaker, count_sales, fill_demo

            if args.clients < 0 or args.years < 0:
                print("--clients and --years must not be negative", file=sys.stderr)
                return 2
            try:
                n = fill_demo(
                    ctx,
                    clients=args.clients,
                    seed=args.seed,
                    language=args.language,
                    years=args.years,
                )
            except DemoNeedsFaker as exc:
                from salon_desktop.i18n import _

                print(_(exc.errors[0].message), file=sys.stderr)
                return 2
            print(f"demo salon ready: {n} clients, {count_sales(ctx)} sales in {ctx.data_dir}")
        elif args.command == "search":
            for row in ctx.search.search(args.text, limit=50).rows:
                print(f"{row.number:>7}  {row.first_name} {row.last_name}  {row.main_phone}")
        elif args.command == "import":
            from salon_desktop.cli_import import import_clients

            return import_clients(ctx, args)
        elif args.command == "client":
            return _client_data(ctx, args)
        elif args.command == "verify":
            return _verify(ctx, args)
        elif args.command == "cards":
            return _cards(ctx, args)
        elif args.command == "report":
            from salon_desktop.cli_report import report

            return report(ctx, args)
        elif args.command in ("lists", "letters"):
            from salon_desktop.cli_letters import run as run_letters

            return run_letters(ctx, args)
        elif args.command == "scores":  # the daily job (cron, a scheduled task)
            run = ctx.segments.refit()
            print(f"{run.clients} clients scored ({run.model.value}) in {run.seconds:.1f} s")
        elif args.command == "staff":
            if args.add:
                ctx.staff.add(args.add, args.role)
            for m in ctx.staff.list(include_inactive=True):
                print(f"{m.id:>4}  {m.name}  {m.role}{'' if m.active else '  (inactive)'}")
        elif args.command == "backup":
            return _backup(ctx, args)
        elif args.command == "export":
            return _export(ctx, args)
    finally:
        ctx.close()
    return 0


def _client_data(ctx, args) -> int:
    from pathlib import Path

    from salon_desktop.i18n import _, set_language
    from salon_desktop.services.clients import ClientNotFound

    set_language(args.lang or ctx.salon.language)
    try:
        cid = ctx.client_data.id_of_number(args.number)
    except ClientNotFound:
        print(_("There is no client number {number}.").format(number=args.number), file=sys.stderr)
        return 2
    if args.action == "export":
        out = Path(args.out or f"client-{args.number}.json")
        if out.suffix.lower() == ".pdf":  # the readable PDF, and the JSON beside it
            ctx.client_data.export_both(
                cid, out, None, ctx.header(), ctx.salon.phone_region, ctx.clients.today()
            )
        else:
            ctx.client_data.export_json(cid, out)
        print(
            _("Everything held about client {number} is in {file}.").format(
                number=args.number, file=out
            )
        )
        return 0
    if not args.yes:
        answer = input(
            _(
                "Erase every personal detail of client {number}? This cannot be undone. [y/N] "
            ).format(number=args.number)
        )
        if answer.strip().lower() not in ("y", "yes", "t", "tak", "بله"):
            return 1
    removed = ctx.client_data.erase(cid, None)
    print(
        _(
            "Client {number} was erased ({photos} photos removed); their sales are kept "
            "without their name."
        ).format(number=args.number, photos=removed)
    )
    return 0


def _speak(data_dir: str | None, language: str | None):
    """gettext's ``_`` in the salon's language as cached on this PC."""
    from salon_desktop.i18n import _, set_language
    from salon_desktop.paths import data_dir_path
    from salon_desktop.services.desk import DeskPrefsStore

    set_language(language or DeskPrefsStore(data_dir_path(data_dir)).load().language or "en")
    return _


def _backup(ctx, args) -> int:
    _ = _speak(args.data_dir, args.lang)
    status = ctx.backups.attempt("command", args.to)
    if status.ok:
        print(_("Backup made: {file}").format(file=status.file))
        return 0
    print(_(status.message).format(where=status.where), file=sys.stderr)
    return 2 if ctx.backups.on_server else 4


def _restore(args) -> int:
    from pathlib import Path

    from salon_desktop.db.engine import sqlite_path
    from salon_desktop.paths import resolve_data_dir, resolve_db_url
    from salon_desktop.services.backup import BackupFailed, Problem, restore_file

    _ = _speak(args.data_dir, args.lang)
    folder = resolve_data_dir(args.data_dir)
    db = sqlite_path(resolve_db_url(folder, args.db))
    try:
        if db is None:
            raise BackupFailed(Problem.RESTORE_SERVER)
        result = restore_file(Path(args.file).expanduser(), db, folder)
    except BackupFailed as failed:
        print(_(failed.message).format(where=failed.where), file=sys.stderr)
        return 2 if failed.problem is Problem.RESTORE_SERVER else 4
    print(
        _("Restored from {file}: {clients} clients, {sales} sales.").format(
            file=result.info.file, clients=result.info.clients, sales=result.info.sales
        )
    )
    if result.kept is not None:
        print(_("The database as it was is kept in {file}").format(file=result.kept))
    return 0


def _export(ctx, args) -> int:
    import datetime as dt

    from salon_desktop.services.export import ExportFailed

    _ = _speak(args.data_dir, args.lang)
    try:
        start = dt.date.fromisoformat(args.date_from) if args.date_from else None
        end = dt.date.fromisoformat(args.date_to) if args.date_to else None
    except ValueError:
        print(_("Dates are written YYYY-MM-DD, e.g. 2026-11-23."), file=sys.stderr)
        return 2
    try:
        n = ctx.export.write(args.what, args.out, start, end)
    except ExportFailed as failed:
        print(_(failed.message).format(where=failed.where), file=sys.stderr)
        return 4
    from salon_desktop.i18n import ngettext

    print(
        ngettext("{rows} row written to {file}", "{rows} rows written to {file}", n).format(
            rows=n, file=args.out
        )
    )
    return 0


def _verify(ctx, args) -> int:
    from salon_desktop.i18n import _, set_language
    from salon_desktop.services.integrity import CHAIN_NAMES, verify

    set_language(args.lang or ctx.salon.language)

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty() and total:
            print(f"\r{done * 100 // total:3d} %", end="", file=sys.stderr, flush=True)

    if ctx.integrity is not None:  # opening put back a dropped guard: say so first
        for problem in ctx.integrity.problems:
            if problem.kind == "guard":
                print(problem.sentence())
    report = verify(ctx.engine, progress, repair=args.repair_guards)
    if sys.stderr.isatty():
        print("\r", end="", file=sys.stderr)
    for chain, n in report.links.items():
        seal = report.heads.get(chain, "")[:16]
        print(
            _("{chain}: {n} records checked, seal {seal}").format(
                chain=_(CHAIN_NAMES[chain]), n=n, seal=seal or "—"
            )
        )
    for problem in report.problems:
        print(problem.sentence())
    if report.more:
        print(_("… and {n} more problems.").format(n=report.more))
    if report.ok:
        print(_("The records are as they were written."))
        return 0
    return 1


def _cards(ctx, args) -> int:
    """``cards``: the PDF of client cards; every problem said as a sentence, status 2."""
    import dataclasses
    import time
    from decimal import Decimal
    from pathlib import Path

    from salon_desktop.cli_files import write_out
    from salon_desktop.documents.card import cards_pdf
    from salon_desktop.i18n import _, ngettext, set_language
    from salon_desktop.i18n.formatting import Formatter
    from salon_desktop.services.printouts import CardRequest, UnknownClients

    header = ctx.header()
    if args.lang:
        header = dataclasses.replace(header, language=args.lang)
    set_language(header.language)
    fmt = Formatter(header.language, header.currency)
    out = Path(args.out)
    if not out.parent.is_dir():
        print(_("The folder {folder} does not exist.").format(folder=out.parent), file=sys.stderr)
        return 2
    started = time.monotonic()
    try:
        request = CardRequest(numbers=tuple(args.client or ()), everyone=bool(args.all))
        cards = ctx.printouts.cards(request)
    except UnknownClients as unknown:
        numbers = ", ".join(fmt.client_number(n) for n in unknown.numbers)
        print(
            ngettext(
                "No client file in use has the number {numbers}.",
                "No client files in use have the numbers {numbers}.",
                len(unknown.numbers),
            ).format(numbers=numbers),
            file=sys.stderr,
        )
        return 2
    if not cards:
        print(_("There are no clients to print cards for."), file=sys.stderr)
        return 2
    total = len(cards)
    step = max(1, total // 10)
    last = [0]

    def progress(done: int, of: int) -> None:  # about every tenth, on long runs only
        if of >= PROGRESS_FROM and (done - last[0] >= step or done == of):
            last[0] = done
            text = _("{done} of {total} cards").format(
                done=fmt.integer(done), total=fmt.integer(of)
            )
            print(text, file=sys.stderr, flush=True)

    data = cards_pdf(cards, header, layout=args.layout, progress=progress)
    if not write_out(out, data):
        return 2
    print(
        ngettext(
            "{n} card written to {file} in {seconds} s.",
            "{n} cards written to {file} in {seconds} s.",
            total,
        ).format(
            n=fmt.integer(total),
            file=out,
            seconds=fmt.number(Decimal(f"{time.monotonic() - started:.1f}"), 1),
        )
    )
    return 0


def _say_why(failure, data_dir: str | None, language: str | None) -> None:
    """The sentence of a failed opening, in the salon's language as cached on this PC."""
    from salon_desktop.i18n import _, set_language
    from salon_desktop.paths import data_dir_path
    from salon_desktop.services.desk import DeskPrefsStore

    set_language(language or DeskPrefsStore(data_dir_path(data_dir)).load().language or "en")
    print(_(failure.message), file=sys.stderr)
    print(_("Database: {where}").format(where=failure.where), file=sys.stderr)
    print(_("To open another profile: salon-desktop --data-dir FOLDER"), file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
