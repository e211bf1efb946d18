"""``salon-desktop report``: the manager's report for scheduled use (cron, a task).

    salon-desktop report monthly --month 2026-10 --out report.pdf [--csv figures.csv]
    salon-desktop report monthly --month 1405-08 --lang fa --out report.pdf   (Aban 1405)
    salon-desktop report period --from 2026-10-01 --to 2026-10-15 --out report.pdf

A month is a month of the report's calendar: Jalali in Persian (``--lang fa``, or a
Persian salon without ``--lang``), Gregorian otherwise. Dates are YYYY-MM-DD; a
year before 1700 is a Jalali date. Progress goes to stderr; every problem is said
as a sentence (exit status 2), nothing half-written is left behind.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
import time
from decimal import Decimal
from pathlib import Path

JALALI_BEFORE = 1700  # a year below this is a year of the Jalali calendar


def _date(text: str) -> dt.date:
    from salon_desktop.domain.text import ascii_digits

    y, m, d = (int(part) for part in ascii_digits(text.strip()).split("-"))
    if y < JALALI_BEFORE:
        from persiantools.jdatetime import JalaliDate

        return JalaliDate(y, m, d).to_gregorian()
    return dt.date(y, m, d)


def report(ctx, args) -> int:
    from salon_desktop.cli_files import write_out
    from salon_desktop.documents.monthly_report import key_label, monthly_report_pdf
    from salon_desktop.domain.report_period import BadPeriod, parse_month, range_period
    from salon_desktop.i18n import _, set_language
    from salon_desktop.i18n.formatting import Formatter
    from salon_desktop.services.accounts import PermissionDenied
    from salon_desktop.services.export import EXPORT_MESSAGES, ExportFailed
    from salon_desktop.services.report_figures import csv_rows, write_csv

    lang = args.report_lang or args.lang
    header = ctx.header()
    if lang:
        header = dataclasses.replace(header, language=lang)
    set_language(header.language)
    jalali = (lang == "fa") if lang else ctx.salon.uses_jalali()
    fmt = Formatter(header.language, header.currency)

    def fail(message: str) -> int:
        print(message, file=sys.stderr)
        return 2

    if not args.out and not args.csv:
        return fail(_("Say where to write the report: --out FILE.pdf, --csv FILE.csv or both."))
    for target in (args.out, args.csv):
        if target and not Path(target).expanduser().parent.is_dir():
            folder = Path(target).expanduser().parent
            return fail(_("The folder {folder} does not exist.").format(folder=folder))
    try:
        if args.kind == "monthly":
            period = parse_month(args.month, jalali)
        else:
            try:
                start, end = _date(args.date_from), _date(args.date_to)
            except ValueError:
                return fail(_("Dates are written YYYY-MM-DD, e.g. 2026-11-23."))
            period = range_period(start, end, jalali)
    except BadPeriod as bad:
        return fail(_(bad.msgid).format(**bad.params))

    started = time.monotonic()

    def progress(done: int, total: int) -> None:
        text = _("Computing the figures: {done} of {total}").format(
            done=fmt.integer(done), total=fmt.integer(total)
        )
        print(text, file=sys.stderr, flush=True)

    try:
        result = ctx.reports.report(period, None, progress)
    except PermissionDenied:
        return fail(_("Only a manager or the owner may see reports."))
    seconds = lambda: fmt.number(Decimal(f"{time.monotonic() - started:.1f}"), 1)  # noqa: E731
    if args.csv:
        with_labels = csv_rows(result, header.currency, key_label)
        out = Path(args.csv).expanduser()
        try:
            write_csv(with_labels, out)
        except ExportFailed as failed:
            return fail(_(EXPORT_MESSAGES[failed.problem]).format(where=failed.where))
        print(_("Figures written to {file}.").format(file=out))
    if args.out:
        print(_("Writing the PDF…"), file=sys.stderr, flush=True)
        data = monthly_report_pdf(result, header)
        out = Path(args.out).expanduser()
        if not write_out(out, data):
            return 2
        print(_("Report written to {file} in {seconds} s.").format(file=out, seconds=seconds()))
    return 0
