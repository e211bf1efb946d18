"""Clients, visits (one row per sale line) and sales exported to CSV for a spreadsheet.

The file is UTF-8 with a byte-order mark (Excel then reads Persian and Polish
letters right), comma-separated with CRLF line ends, headers in the salon's
language. Text cells that a spreadsheet would run as a formula are escaped
(``domain.csv_cells``); phones are written in E.164 and escaped too. Amounts
are plain decimal numbers with a point (``1234.50``, ``-45.00``), in the unit
the salon sees (Toman for a Toman salon), with the currency in the column's
header: a spreadsheet in any language reads them as numbers and sums them,
which locale-formatted amounts (``1 234,50 zł``) would not allow. Dates are
ISO (``2026-11-23``), with the Jalali date beside it for a Jalali salon.

The file is written under a temporary name and renamed when complete and
recorded in the audit log, so a failed export leaves no half file and no file
without its audit entry.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import errno
import io
import os
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from salon_desktop.db.models import Client, ClientPhone, ClientTag, Sale, SaleLine, Staff
from salon_desktop.db.models_sales import SalePayment
from salon_desktop.domain.client import GENDER_LABELS, SOURCE_LABELS, Gender, Source
from salon_desktop.domain.csv_cells import escape_cell
from salon_desktop.domain.money import CURRENCIES, Currency
from salon_desktop.domain.permissions import Action
from salon_desktop.domain.sale import (
    LINE_KIND_LABELS,
    PAY_METHOD_LABELS,
    SALE_KIND_LABELS,
    LineKind,
    PayMethod,
    SaleKind,
)
from salon_desktop.i18n import N_, _, speaking
from salon_desktop.services.accounts import require
from salon_desktop.services.audit import record
from salon_desktop.services.sales_read import client_display, local

KINDS = ("clients", "visits", "sales")

T = TypeVar("T")


class ExportProblem(enum.Enum):
    FOLDER_MISSING = "folder_missing"
    DISK_FULL = "disk_full"
    READ_ONLY = "read_only"
    DISK_IO = "disk_io"


# msgids with {where} (the file), translated where shown or printed
EXPORT_MESSAGES: dict[ExportProblem, str] = {
    ExportProblem.FOLDER_MISSING: N_(
        "The folder of {where} is not there (is the USB stick plugged in?), so nothing was "
        "exported. Choose another place."
    ),
    ExportProblem.DISK_FULL: N_(
        "The disk is full, so {where} was not written. Free some space, or choose another place."
    ),
    ExportProblem.READ_ONLY: N_(
        "{where} cannot be written (the folder or the disk is read-only, or the file is open "
        "in another program), so nothing was exported. Choose another place."
    ),
    ExportProblem.DISK_IO: N_(
        "{where} could not be written (was the USB stick pulled out?), so nothing was "
        "exported. Check the disk, then export again."
    ),
}


class ExportFailed(Exception):
    def __init__(self, problem: ExportProblem, where: Path | str, exc: BaseException):
        super().__init__(f"{problem.value}: {where}: {exc}")
        self.problem = problem
        self.where = str(where)
        self.exc = exc

    @property
    def message(self) -> str:
        return EXPORT_MESSAGES[self.problem]


def plain_amount(minor: int, currency: str) -> str:
    """``1234.50``: stored minor units in the unit the salon sees, point-separated."""
    info = CURRENCIES[Currency(currency)]
    value = Decimal(minor) / info.storage_per_unit
    return f"{value:.{info.minor_digits}f}"


def currency_header(currency: str) -> str:
    return _("toman") if currency == Currency.IRT.value else currency


class ExportService:
    def __init__(
        self,
        sm: sessionmaker[Session],
        currency: Callable[[], str],
        language: Callable[[], str],
        jalali: Callable[[], bool],
    ):
        self._sm = sm
        self._currency = currency
        self._language = language
        self._jalali = jalali

    def write(
        self,
        what: str,
        out: Path | str,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        actor_id: int | None = None,
    ) -> int:
        """Write the CSV file; the number of rows (without the header)."""
        if what not in KINDS:
            raise ValueError(f"unknown export {what!r}")
        with self._sm() as s:  # refused before anything is read or written
            require(s, actor_id, Action.EXPORT_DATA)
        out = Path(out).expanduser()

        # Recorded, and only then given its name: an export not in the audit log
        # leaves no file (and one that is not written leaves no entry).
        def entry(s: Session, n: int) -> None:
            record(
                s,
                actor_id,
                "export",
                0,
                what,
                rows=n,
                date_from=date_from,
                date_to=date_to,
                file=out.name,
            )

        with speaking(self._language()):  # the rows are made as they are written
            return write_recorded(
                self._sm, out, csv_body(self.rows(what, date_from, date_to)), entry
            )

    def rows(
        self, what: str, date_from: dt.date | None = None, date_to: dt.date | None = None
    ) -> Iterator[list[str]]:
        """The header, then the rows, as cells ready for the CSV file."""
        if what == "clients":
            return self._clients()
        if what == "visits":
            return self._visits(date_from, date_to)
        return self._sales(date_from, date_to)

    # -- the three exports ----------------------------------------------------------------
    def _dates(self, d: dt.date) -> list[str]:
        if not self._jalali():
            return [d.isoformat()]
        from persiantools.jdatetime import JalaliDate

        j = JalaliDate(d)
        return [d.isoformat(), f"{j.year:04d}/{j.month:02d}/{j.day:02d}"]

    def _date_headers(self) -> list[str]:
        return [_("Date"), _("Date (Jalali)")] if self._jalali() else [_("Date")]

    def _clients(self) -> Iterator[list[str]]:
        yield [
            _("Client number"),
            _("First name"),
            _("Last name"),
            _("Phone"),
            _("Other phones"),
            _("E-mail"),
            _("Date of birth"),
            _("Gender"),
            _("Address"),
            _("How they found us"),
            _("Tags"),
            _("Allergies and contraindications"),
            _("Notes"),
            _("Client since"),
            _("Archived"),
        ]
        with self._sm() as s:
            phones: dict[int, list[str]] = {}
            for cid, e164 in s.execute(
                select(ClientPhone.client_id, ClientPhone.e164).order_by(
                    ClientPhone.client_id, ClientPhone.position
                )
            ):
                phones.setdefault(cid, []).append(e164)
            tags: dict[int, list[str]] = {}
            for cid, tag in s.execute(
                select(ClientTag.client_id, ClientTag.tag).order_by(ClientTag.tag)
            ):
                tags.setdefault(cid, []).append(tag)
            for c in s.scalars(select(Client).order_by(Client.number)).yield_per(500):
                own = phones.get(c.id, [])
                yield [
                    str(c.number),
                    escape_cell(c.first_name),
                    escape_cell(c.last_name),
                    escape_cell(own[0] if own else ""),
                    escape_cell("; ".join(own[1:])),
                    escape_cell(c.email),
                    c.birth_date.isoformat() if c.birth_date else "",
                    _label(GENDER_LABELS, Gender, c.gender),
                    escape_cell(c.address),
                    _label(SOURCE_LABELS, Source, c.source),
                    escape_cell("; ".join(tags.get(c.id, []))),
                    escape_cell(c.allergies),
                    escape_cell(c.notes),
                    local(c.created_at).date().isoformat(),
                    _("Yes") if c.archived else "",
                ]

    def _visits(self, date_from: dt.date | None, date_to: dt.date | None) -> Iterator[list[str]]:
        cur = currency_header(self._currency())
        yield [
            *self._date_headers(),
            _("Receipt"),
            _("Kind"),
            _("Client number"),
            _("Client"),
            _("Item"),
            _("Description"),
            _("Staff member"),
            _("Quantity"),
            _("Unit price ({currency})").format(currency=cur),
            _("Discount ({currency})").format(currency=cur),
            _("Net ({currency})").format(currency=cur),
            _("Tax ({currency})").format(currency=cur),
            _("Total ({currency})").format(currency=cur),
        ]
        with self._sm() as s:
            names = _staff_names(s)
            q = (
                select(
                    Sale.business_date,
                    Sale.receipt_no,
                    Sale.kind,
                    Sale.currency,
                    Client.number,
                    Client.first_name,
                    Client.last_name,
                    SaleLine.kind,
                    SaleLine.description,
                    SaleLine.staff_id,
                    SaleLine.qty,
                    SaleLine.unit_price,
                    SaleLine.line_discount + SaleLine.ticket_discount,
                    SaleLine.net,
                    SaleLine.tax,
                    SaleLine.total,
                )
                .join(Sale, Sale.id == SaleLine.sale_id)
                .outerjoin(Client, Client.id == Sale.client_id)
                .order_by(Sale.business_date, Sale.id, SaleLine.position)
            )
            for row in s.execute(_between(q, date_from, date_to)).yield_per(1000):
                (day, receipt, kind, currency, number, first, last, line_kind, desc, staff) = row[
                    :10
                ]
                qty, unit, disc, net, tax, total = row[10:]
                yield [
                    *self._dates(day),
                    escape_cell(receipt),
                    _label(SALE_KIND_LABELS, SaleKind, kind),
                    str(number) if number is not None else "",
                    escape_cell(client_display(first or "", last or "")),
                    _label(LINE_KIND_LABELS, LineKind, line_kind),
                    escape_cell(desc),
                    escape_cell(names.get(staff, "")),
                    str(qty),
                    *(plain_amount(v, currency) for v in (unit, disc, net, tax, total)),
                ]

    def _sales(self, date_from: dt.date | None, date_to: dt.date | None) -> Iterator[list[str]]:
        cur = currency_header(self._currency())
        methods = list(PayMethod)
        yield [
            *self._date_headers(),
            _("Time"),
            _("Receipt"),
            _("Kind"),
            _("Corrects receipt"),
            _("Client number"),
            _("Client"),
            _("At the desk"),
            _("Discount ({currency})").format(currency=cur),
            _("Net ({currency})").format(currency=cur),
            _("Tax ({currency})").format(currency=cur),
            _("Total ({currency})").format(currency=cur),
            _("Tips ({currency})").format(currency=cur),
            *(
                _("{method} ({currency})").format(method=_(PAY_METHOD_LABELS[m]), currency=cur)
                for m in methods
            ),
            _("Reason"),
        ]
        with self._sm() as s:
            names = _staff_names(s)
            receipts = dict(s.execute(select(Sale.id, Sale.receipt_no)).all())
            paid: dict[int, dict[str, int]] = {}
            pays = (
                select(SalePayment.sale_id, SalePayment.method, func.sum(SalePayment.amount))
                .join(Sale, Sale.id == SalePayment.sale_id)
                .group_by(SalePayment.sale_id, SalePayment.method)
            )
            for sid, method, amount in s.execute(_between(pays, date_from, date_to)):
                paid.setdefault(sid, {})[method] = int(amount or 0)
            q = (
                select(Sale, Client.number, Client.first_name, Client.last_name)
                .outerjoin(Client, Client.id == Sale.client_id)
                .order_by(Sale.business_date, Sale.id)
            )
            for sale, number, first, last in s.execute(_between(q, date_from, date_to)).yield_per(
                500
            ):
                by = paid.get(sale.id, {})
                yield [
                    *self._dates(sale.business_date),
                    local(sale.posted_at).strftime("%H:%M"),
                    escape_cell(sale.receipt_no),
                    _label(SALE_KIND_LABELS, SaleKind, sale.kind),
                    escape_cell(receipts.get(sale.original_sale_id, ""))
                    if sale.original_sale_id
                    else "",
                    str(number) if number is not None else "",
                    escape_cell(client_display(first or "", last or "")),
                    escape_cell(names.get(sale.staff_id, "")),
                    *(
                        plain_amount(v, sale.currency)
                        for v in (sale.discount, sale.net, sale.tax, sale.total, sale.tips)
                    ),
                    *(plain_amount(by.get(m.value, 0), sale.currency) for m in methods),
                    escape_cell(sale.reason or sale.discount_reason),
                ]


def _between(q, date_from: dt.date | None, date_to: dt.date | None):
    if date_from is not None:
        q = q.where(Sale.business_date >= date_from)
    if date_to is not None:
        q = q.where(Sale.business_date <= date_to)
    return q


def _staff_names(s: Session) -> dict[int | None, str]:
    return dict(s.execute(select(Staff.id, Staff.name)).all())


def _label(labels: dict, enum_type, value: str | None) -> str:
    if not value:
        return ""
    try:
        return _(labels[enum_type(value)])
    except (KeyError, ValueError):
        return escape_cell(value)


def _unlink(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def csv_body(rows: Iterable[list[str]]) -> Callable[[BinaryIO], int]:
    """What ``write_whole``/``write_recorded`` write for a CSV file: UTF-8 with a BOM,
    CRLF line ends; the writer returns the number of rows after the header."""

    def fill(f: BinaryIO) -> int:
        text = io.TextIOWrapper(f, encoding="utf-8-sig", newline="")
        n = -1
        writer = csv.writer(text, lineterminator="\r\n")
        for row in rows:
            writer.writerow(row)
            n += 1
        text.flush()
        text.detach()  # the caller closes the file
        return n

    return fill


def bytes_body(body: bytes) -> Callable[[BinaryIO], int]:
    """What ``write_recorded`` writes for a file already made (a PDF, a JSON
    document): its bytes; the writer returns their count."""

    def fill(f: BinaryIO) -> int:
        return f.write(body)

    return fill


def _write_partial(out: Path, fill: Callable[[BinaryIO], T]) -> tuple[Path, T]:
    """``fill`` run on a temporary file beside ``out`` (0600, synced to disk): its path
    and what ``fill`` returned, or ``ExportFailed`` and no file."""
    tmp = out.with_name(f".{out.name}.partial")
    try:
        if not out.parent.is_dir():
            raise FileNotFoundError(errno.ENOENT, "no such folder", str(out.parent))
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            result = fill(f)
            f.flush()
            os.fsync(f.fileno())
    except OSError as exc:
        _unlink(tmp)
        raise ExportFailed(_export_problem(exc, out), out, exc) from exc
    return tmp, result


def _rename(tmp: Path, out: Path) -> None:
    try:
        os.replace(tmp, out)
    except OSError as exc:
        raise ExportFailed(_export_problem(exc, out), out, exc) from exc


def write_whole(out: Path, fill: Callable[[BinaryIO], T]) -> T:
    """``fill``'s output written to ``out`` complete or not at all (a temporary file
    renamed when whole); what ``fill`` returned. ``ExportFailed`` on a disk problem."""
    tmp, result = _write_partial(out, fill)
    try:
        _rename(tmp, out)
    finally:
        _unlink(tmp)
    return result


def write_recorded(
    sm: sessionmaker[Session],
    out: Path,
    fill: Callable[[BinaryIO], T],
    entry: Callable[[Session, T], None],
) -> T:
    """``fill``'s output written to ``out`` only together with its audit ``entry``
    (added by ``entry`` to the transaction, given what ``fill`` returned): a temporary
    file beside ``out``, renamed inside the transaction that records it, so there is
    never a file without its entry nor an entry without its file. ``ExportFailed`` and
    no file on a disk problem."""
    tmp, result = _write_partial(out, fill)
    try:
        with sm.begin() as s:
            entry(s, result)
            s.flush()
            _rename(tmp, out)
    finally:
        _unlink(tmp)
    return result


def _export_problem(exc: OSError, out: Path) -> ExportProblem:
    if exc.errno == errno.ENOENT or not out.parent.is_dir():
        return ExportProblem.FOLDER_MISSING
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return ExportProblem.DISK_FULL
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM, errno.EISDIR, errno.EBUSY):
        return ExportProblem.READ_ONLY
    return ExportProblem.DISK_IO
