"""The monthly report's figures as CSV: section, figure, item, then the period, the
period before and a year earlier, written as ``services.export`` writes."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from salon_desktop.domain.csv_cells import escape_cell
from salon_desktop.domain.report import Amount, Measures, Report


def csv_rows(report: Report, currency: str, label: Callable[[str, object], str]) -> list[list[str]]:
    """The report's figures as CSV rows: section, figure, item, then the period, the
    period before and a year earlier. Amounts are plain numbers in the salon's unit
    (``services.export.plain_amount``); ``label(kind, key)`` names a breakdown's key."""
    from salon_desktop.i18n import _
    from salon_desktop.services.export import plain_amount

    cur, prev, year = report.periods

    def money(v: int | None) -> str:
        return "" if v is None else plain_amount(v, currency)

    def number(v: float | int | None, decimals: int = 1) -> str:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return ""
        if isinstance(v, int):
            return str(v)
        return str(Decimal(f"{v:.{decimals}f}"))

    rows: list[list[str]] = [
        [
            _("Section"),
            _("Figure"),
            _("Item"),
            _("This period"),
            _("Period before"),
            _("A year earlier"),
        ],
        ["", _("From"), "", *(m.period.start.isoformat() for m in report.periods)],
        ["", _("To"), "", *(m.period.last.isoformat() for m in report.periods)],
    ]

    def add(section: str, figure: str, item: str, values: Iterable[str]) -> None:
        rows.append([escape_cell(section), escape_cell(figure), escape_cell(item), *values])

    def each(get: Callable[[Measures], Any], fmt: Callable[[Any], str]) -> list[str]:
        return [fmt(get(m)) for m in report.periods]

    rev = _("Revenue")
    add(rev, _("Services"), "", each(lambda m: m.services, money))
    add(rev, _("Retail"), "", each(lambda m: m.retail, money))
    add(rev, _("Total"), "", each(lambda m: m.revenue, money))
    for kind, get, figure in (
        ("category", lambda m: m.by_category, _("By service category")),
        ("staff", lambda m: m.by_staff, _("By staff member")),
        ("method", lambda m: m.by_method, _("By payment method")),
    ):
        keys = _keys(get(m) for m in report.periods)
        for key, name in keys:
            add(
                rev,
                figure,
                name or label(kind, key),
                [money(_amount_of(get(m), key)) for m in report.periods],
            )
    vis = _("Visits and clients")
    add(vis, _("Visits"), "", each(lambda m: m.visits, number))
    add(vis, _("Walk-in visits"), "", each(lambda m: m.walk_ins, number))
    add(vis, _("Average ticket"), "", each(lambda m: m.average_ticket, money))
    add(vis, _("Clients"), "", each(lambda m: m.clients, number))
    add(vis, _("New clients"), "", each(lambda m: m.new_clients, number))
    add(vis, _("Returning clients"), "", each(lambda m: m.returning_clients, number))
    add(vis, _("Retention (%)"), "", each(lambda m: m.retention_pct, number))
    add(
        vis,
        _("Clients seen in the three months before"),
        "",
        each(lambda m: m.retention_base, number),
    )
    add(
        vis,
        _("Rebooking interval, median (days)"),
        "",
        each(lambda m: m.rebook_median_days, number),
    )
    add(vis, _("Rebooking interval, mean (days)"), "", each(lambda m: m.rebook_mean_days, number))
    top = _("Top services")
    for ts in cur.top_services:
        add(top, _("Revenue"), ts.name, [money(ts.amount), "", ""])
        add(top, _("Times done"), ts.name, [str(ts.count), "", ""])
    com = _("Complaints")
    add(com, _("Opened"), "", each(lambda m: m.complaints.opened, number))
    add(com, _("Still open"), "", each(lambda m: m.complaints.still_open, number))
    add(com, _("Overdue"), "", each(lambda m: m.complaints.overdue, number))
    add(
        com,
        _("Resolved"),
        "",
        each(lambda m: m.complaints.opened - m.complaints.still_open, number),
    )
    add(
        com,
        _("Median minutes to acknowledge"),
        "",
        each(lambda m: m.complaints.median_minutes_to_acknowledge, number),
    )
    add(
        com,
        _("Median minutes to resolve"),
        "",
        each(lambda m: m.complaints.median_minutes_to_resolve, number),
    )
    add(com, _("Compensation cost"), "", each(lambda m: m.complaints.compensation_cost, money))
    for key, _n in _count_keys(m.complaints.by_category for m in report.periods):
        add(
            com,
            _("By what it was about"),
            label("complaint", key),
            [str(dict(m.complaints.by_category).get(key, 0)) for m in report.periods],
        )
    srv = _("Surveys")
    add(
        srv,
        _("NPS"),
        "",
        each(lambda m: m.surveys.overall.nps.score if m.surveys else None, number),
    )
    add(
        srv,
        _("CSAT (%)"),
        "",
        each(lambda m: m.surveys.overall.csat.percent if m.surveys else None, number),
    )
    add(
        srv,
        _("Answers"),
        "",
        each(lambda m: m.surveys.overall.nps.answers if m.surveys else 0, number),
    )
    if cur.surveys is not None:
        for fig, kind in [(f, "staff") for f in cur.surveys.by_staff] + [
            (f, "service") for f in cur.surveys.by_service
        ]:
            figure = _("NPS by staff member") if kind == "staff" else _("NPS by service")
            add(srv, figure, fig.label or label(kind, None), [number(fig.nps.score), "", ""])
            figure = _("CSAT by staff member") if kind == "staff" else _("CSAT by service")
            add(srv, figure, fig.label or label(kind, None), [number(fig.csat.percent), "", ""])
    seg = _("Clients by category")
    for key, n in report.segments.categories:
        add(seg, _("Category"), label("segment_category", key), [str(n), "", ""])
    for key, n in report.segments.rfm:
        add(seg, _("Segment"), label("rfm", key), [str(n), "", ""])
    for key, n in report.segments.strategies:
        add(seg, _("Strategy"), label("strategy", key), [str(n), "", ""])
    mov = _("Moved between categories and segments")
    moved_since = report.segments.moved_since
    if moved_since is None:
        add(mov, _("Since"), _("No scores kept before this period"), ["", "", ""])
    else:
        add(mov, _("Since"), "", [moved_since.isoformat(), "", ""])
    for figure, kind, moves in (
        (_("Category"), "segment_category", report.segments.category_moves),
        (_("Segment"), "rfm", report.segments.segment_moves),
    ):
        for before, after, n in moves:  # before None: no scores then
            item = _("{before} → {after}").format(
                before=_("none") if before is None else label(kind, before),
                after=label(kind, after),
            )
            add(mov, figure, item, [str(n), "", ""])
    bd = _("Birthdays next month")
    add(bd, _("Clients"), "", [str(report.birthdays_total), "", ""])
    for b in report.birthdays:
        add(bd, b.on.isoformat(), f"{b.number} {b.name}", ["", "", ""])
    wb = _("Valuable clients to win back")
    for w in report.win_back:
        add(wb, _("Future value"), f"{w.number} {w.name}", [money(w.future_value), "", ""])
    return rows


def _keys(groups: Iterable[tuple[Amount, ...]]) -> list[tuple[object, str]]:
    seen: dict[object, str] = {}
    for group in groups:
        for a in group:
            seen.setdefault(a.key, a.label)
    return list(seen.items())


def _count_keys(groups: Iterable[tuple[tuple[str, int], ...]]) -> list[tuple[str, int]]:
    seen: dict[str, int] = {}
    for group in groups:
        for k, n in group:
            seen.setdefault(k, n)
    return list(seen.items())


def _amount_of(group: tuple[Amount, ...], key: object) -> int:
    return next((a.amount for a in group if a.key == key), 0)


def write_csv(rows: list[list[str]], out: Path) -> int:
    """The rows written to ``out`` as ``services.export`` writes (UTF-8 with BOM, CRLF,
    complete or not at all); returns the rows written (without the header)."""
    from salon_desktop.services.export import csv_body, write_whole

    return write_whole(out, csv_body(rows))


__all__ = ["csv_rows", "write_csv"]
