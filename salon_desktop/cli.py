"""Command line: ``salon-desktop`` starts the app; sub-commands work headless.

    salon-desktop [--data-dir DIR] [--db URL]            start the application
    salon-desktop demo [--clients N] [--years Y]         fill a profile with a demo salon
    salon-desktop migrate                                create or upgrade the database
    salon-desktop search TEXT                            find clients (as the search box does)
    salon-desktop staff [--add NAME [--role ROLE]]       list or add staff
    salon-desktop import clients FILE [--dry-run]        import clients from CSV or vCard

Nothing heavy is imported before the chosen command needs it, so the window
appears quickly.
"""

from __future__ import annotations

import argparse
import sys


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
    client.add_argument("--out", help="export: the JSON file to write")
    client.add_argument("--yes", action="store_true", help="erase: do not ask")
    staff = sub.add_parser("staff", help="list staff, or add a staff member")
    staff.add_argument("--add", metavar="NAME")
    staff.add_argument("--role", default="")
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
        elif args.command == "staff":
            if args.add:
                ctx.staff.add(args.add, args.role)
            for m in ctx.staff.list(include_inactive=True):
                print(f"{m.id:>4}  {m.name}  {m.role}{'' if m.active else '  (inactive)'}")
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
