"""The monthly report for the manager (A4): the figures beside the month before and
the same month a year earlier, charts drawn with reportlab.graphics (revenue by
day, by category, payment methods, NPS by month), and the lists to act on
(birthdays next month, valuable clients to win back).

Charts are shapes only; every label is drawn as the documents' other text is
(shaped, mirrored, with /ActualText), so a Persian report reads back in logical
order. In Persian the layout is mirrored: labels on the right, bars growing to the
left, the first day of the month on the right.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from reportlab.graphics import renderPDF
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, Line, Rect
from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from salon_desktop.documents import fonts, rtl
from salon_desktop.documents.base import (
    ACCENT,
    END,
    INK,
    MUTED,
    RULE,
    Block,
    Col,
    Doc,
    draw_string,
    language,
    new_doc,
)
from salon_desktop.documents.parts import salon_block
from salon_desktop.documents.report_movements import movements_section
from salon_desktop.domain.complaints import CATEGORY_LABELS as COMPLAINT_LABELS
from salon_desktop.domain.report import RETAIL, Amount, Measures, Report
from salon_desktop.domain.report_period import Period
from salon_desktop.domain.sale import PAY_METHOD_LABELS, PayMethod
from salon_desktop.domain.segments import (
    CATEGORY_LABELS,
    RFM_LABELS,
    STRATEGY_LABELS,
    Category,
    RfmSegment,
    Strategy,
)
from salon_desktop.domain.views import SalonHeader
from salon_desktop.i18n import N_, _
from salon_desktop.i18n.formatting import Formatter

PALETTE = [
    HexColor(c)
    for c in (
        "#7a2f52",
        "#c0617f",
        "#e3a3b5",
        "#4f6d8f",
        "#8fb0cf",
        "#6f8f4f",
        "#c9a24a",
        "#8c8c8c",
    )
]
BAR = HexColor("#7a2f52")
BAR_LIGHT = HexColor("#d9b3c4")
NEGATIVE = HexColor("#b04a4a")


# -- names of what the figures are broken down by ------------------------------------------------


def _label(labels: dict, enum_type, key) -> str:
    try:
        return _(labels[enum_type(key)])
    except (KeyError, ValueError):
        return str(key)


def key_label(kind: str, key: object) -> str:
    """The name of a breakdown's key in the current language (also the CSV's)."""
    if kind == "category":
        return _("Retail") if key == RETAIL else _("No category")
    if kind == "staff":
        return _("No staff member")
    if kind == "service":
        return _("No service")
    if kind == "method":
        return _label(PAY_METHOD_LABELS, PayMethod, key)
    if kind == "complaint":
        found = COMPLAINT_LABELS.get(str(key))
        return _(found) if found else str(key)
    if kind == "segment_category":
        return _label(CATEGORY_LABELS, Category, key)
    if kind == "rfm":
        return _("No visit") if key is None else _label(RFM_LABELS, RfmSegment, key)
    if kind == "strategy":
        return _label(STRATEGY_LABELS, Strategy, key)
    return str(key)


def _named(a: Amount, kind: str) -> str:
    return a.label or key_label(kind, a.key)


# -- periods ---------------------------------------------------------------------------------


def period_title(p: Period, fmt: Formatter) -> str:
    """ "November 2026" / "آذر ۱۴۰۵" for a month of the calendar the language writes
    dates in; otherwise its first and last day."""
    if p.month is not None and p.jalali == fmt.persian:
        return fmt.month(p.start)
    return _("{start} to {end}").format(start=fmt.date(p.start), end=fmt.date(p.last))


def short_title(p: Period, fmt: Formatter) -> str:
    if p.month is not None and p.jalali == fmt.persian:
        return fmt.month(p.start)
    return f"{fmt.date(p.start)}–{fmt.date(p.last)}"


# -- formatting the figures -------------------------------------------------------------------------


def _pct(fmt: Formatter, value: float | int | None) -> str:
    return "—" if value is None else fmt.percent(int(round(float(value) * 100)))


def _days(fmt: Formatter, value: float | None) -> str:
    if value is None:
        return "—"
    return _("{days} days").format(days=fmt.number(Decimal(f"{value:.1f}"), 1))


def _hours(fmt: Formatter, minutes: float | None) -> str:
    if minutes is None:
        return "—"
    return _("{hours} h").format(hours=fmt.number(Decimal(f"{minutes / 60:.1f}"), 1))


def _int(fmt: Formatter, value: int | None) -> str:
    return "—" if value is None else fmt.integer(value)


def _money(fmt: Formatter, value: int | None) -> str:
    return "—" if value is None else fmt.amount(value)


def _score(fmt: Formatter, value: int | None) -> str:
    return "—" if value is None else fmt.number(value)


def _phone(fmt: Formatter, e164: str, region: str) -> str:
    """A client's phone as the app shows it: national format for the salon's own country
    (``0912 345 6789``), international otherwise; E.164 when the country is not known."""
    if not e164:
        return ""
    return rtl.ltr(fmt.phone(e164, region) if region else fmt.digits(e164))


# -- charts ----------------------------------------------------------------------------------------


def _chart(doc: Doc, height: float, paint: Callable[[Canvas, float, float, float, float], None]):
    """A block of ``height`` whose ``paint(canvas, x, y, width, height)`` draws a chart."""
    gap = doc.paper.size * 0.5

    def draw(c: Canvas, top: float) -> None:
        c.saveState()
        paint(c, doc.left, top - gap - height, doc.width, height)
        c.restoreState()

    doc.add(Block(height + 2 * gap, draw))


def _drawing(w: float, h: float) -> Drawing:
    """A drawing in the documents' font (ReportLab's default would reference Helvetica)."""
    d = Drawing(w, h)
    d.initialFontName = fonts.font()
    return d


def _text(c: Canvas, doc: Doc, text: str, x: float, y: float, how: str, size: float, color=INK):
    c.setFillColor(color)
    draw_string(c, rtl.visual(text, doc.rtl), x, y, how, fonts.font(), size)


def day_bars(doc: Doc, days: Sequence[tuple], period: Period, fmt: Formatter) -> None:
    """Revenue of each day of the period as vertical bars (first day on the start side)."""
    amounts = {d: a for d, a in days}
    every = [period.start.fromordinal(period.start.toordinal() + i) for i in range(period.days)]
    top_value = max([a for a in amounts.values()] + [1])
    size = doc.paper.size * 0.7
    height = 42 * mm

    def paint(c: Canvas, x0: float, y0: float, w: float, h: float) -> None:
        base = y0 + size * 2
        room = h - size * 3.2
        d = _drawing(w, h)
        n = max(len(every), 1)
        slot = w / n
        d.add(Line(0, base - y0, w, base - y0, strokeColor=RULE, strokeWidth=0.6))
        for i, day in enumerate(every):
            value = amounts.get(day, 0)
            if value <= 0:
                continue
            at = (n - 1 - i) if doc.rtl else i
            bar = room * value / top_value
            d.add(
                Rect(
                    at * slot + slot * 0.15,
                    base - y0,
                    slot * 0.7,
                    bar,
                    fillColor=BAR,
                    strokeColor=None,
                )
            )
        renderPDF.draw(d, c, x0, y0)
        step = 5 if n > 12 else 1
        for i, day in enumerate(every):
            if i % step and i != n - 1:
                continue
            at = (n - 1 - i) if doc.rtl else i
            label = fmt.digits(str(_day_of_month(day, period.jalali)))
            _text(c, doc, label, x0 + at * slot + slot / 2, y0 + size * 0.6, "center", size, MUTED)
        top_label = fmt.amount(top_value)
        edge, how = (x0 + w, "right") if doc.rtl else (x0, "left")
        _text(c, doc, top_label, edge, y0 + h - size, how, size, MUTED)

    _chart(doc, height, paint)


def _day_of_month(d, jalali: bool) -> int:
    if jalali:
        from persiantools.jdatetime import JalaliDate

        return JalaliDate(d).day
    return d.day


def hbars(doc: Doc, rows: Sequence[tuple[str, int, str]]) -> None:
    """Horizontal bars: the label on the start side, the bar toward the end, its value after it."""
    if not rows:
        return
    size = doc.paper.size * 0.85
    lead = size * 1.7
    height = lead * len(rows)
    top_value = max([v for _l, v, _t in rows] + [1])

    def paint(c: Canvas, x0: float, y0: float, w: float, h: float) -> None:
        label_w = w * 0.3
        value_w = w * 0.2
        bar_room = w - label_w - value_w
        d = _drawing(w, h)
        for i, (_label, value, _text_value) in enumerate(rows):
            y = h - lead * (i + 1) + lead * 0.2
            length = bar_room * max(value, 0) / top_value
            x = w - label_w - length if doc.rtl else label_w
            d.add(Rect(x, y, length, lead * 0.6, fillColor=PALETTE[0], strokeColor=None))
        renderPDF.draw(d, c, x0, y0)
        for i, (label, value, shown) in enumerate(rows):
            y = y0 + h - lead * (i + 1) + lead * 0.33
            length = bar_room * max(value, 0) / top_value
            if doc.rtl:
                _text(c, doc, label, x0 + w - size * 0.3, y, "right", size)
                _text(c, doc, shown, x0 + w - label_w - length - size * 0.4, y, "right", size)
            else:
                _text(c, doc, label, x0 + size * 0.3, y, "left", size)
                _text(c, doc, shown, x0 + label_w + length + size * 0.4, y, "left", size)

    _chart(doc, height, paint)


def pie(doc: Doc, rows: Sequence[tuple[str, int, str]]) -> None:
    """A pie of shares (positive values) with its legend on the end side."""
    rows = [r for r in rows if r[1] > 0]
    if not rows:
        return
    size = doc.paper.size * 0.9
    height = max(40 * mm, size * 1.8 * len(rows))

    def paint(c: Canvas, x0: float, y0: float, w: float, h: float) -> None:
        diameter = min(h, 38 * mm)
        d = _drawing(w, h)
        p = Pie()
        p.x = (w - diameter - 4 * mm) if doc.rtl else 4 * mm
        p.y = (h - diameter) / 2
        p.width = p.height = diameter
        p.data = [v for _l, v, _t in rows]
        p.labels = None
        p.simpleLabels = 1
        p.slices.strokeColor = HexColor("#ffffff")
        p.slices.strokeWidth = 0.8
        for i in range(len(rows)):
            p.slices[i].fillColor = PALETTE[i % len(PALETTE)]
        d.add(p)
        lead = size * 1.8
        legend_x = w - diameter - 14 * mm if doc.rtl else diameter + 14 * mm
        first = h / 2 + lead * len(rows) / 2
        for i in range(len(rows)):
            y = first - lead * (i + 1)
            box = legend_x - size if doc.rtl else legend_x
            d.add(Rect(box, y, size, size, fillColor=PALETTE[i % len(PALETTE)], strokeColor=None))
        renderPDF.draw(d, c, x0, y0)
        for i, (label, _v, shown) in enumerate(rows):
            y = y0 + first - lead * (i + 1) + size * 0.15
            text = f"{label}: {shown}"
            if doc.rtl:
                _text(c, doc, text, x0 + legend_x - size * 1.6, y, "right", size)
            else:
                _text(c, doc, text, x0 + legend_x + size * 1.6, y, "left", size)

    _chart(doc, height, paint)


def nps_bars(doc: Doc, months: Sequence, fmt: Formatter, jalali: bool) -> None:
    """NPS of each month (−100 to 100) as bars about a zero line, its score above or below."""
    if not months:
        return
    size = doc.paper.size * 0.7
    height = 46 * mm

    def paint(c: Canvas, x0: float, y0: float, w: float, h: float) -> None:
        n = len(months)
        slot = w / n
        label_room = size * 2.2
        half = (h - label_room - size * 2.4) / 2
        zero = label_room + size * 1.2 + half
        d = _drawing(w, h)
        d.add(Line(0, zero, w, zero, strokeColor=RULE, strokeWidth=0.6))
        for i, f in enumerate(months):
            score = f.nps.score
            if score is None:
                continue
            at = (n - 1 - i) if doc.rtl else i
            bar = half * abs(score) / 100
            y = zero if score >= 0 else zero - bar
            colour = BAR if score >= 0 else NEGATIVE
            d.add(
                Rect(at * slot + slot * 0.2, y, slot * 0.6, bar, fillColor=colour, strokeColor=None)
            )
        renderPDF.draw(d, c, x0, y0)
        for i, f in enumerate(months):
            at = (n - 1 - i) if doc.rtl else i
            cx = x0 + at * slot + slot / 2
            _text(
                c, doc, _month_short(f.first_day, fmt), cx, y0 + size * 0.5, "center", size, MUTED
            )
            score = f.nps.score
            if score is None:
                _text(c, doc, "—", cx, y0 + zero + size * 0.3, "center", size, MUTED)
                continue
            bar = half * abs(score) / 100
            y = y0 + zero + bar + size * 0.3 if score >= 0 else y0 + zero - bar - size * 1.1
            _text(c, doc, fmt.number(score), cx, y, "center", size)

    _chart(doc, height, paint)


def _month_short(d, fmt: Formatter) -> str:
    if d is None:
        return ""
    if fmt.persian:
        return fmt.month(d).split(" ")[0]
    from babel.dates import format_date

    return format_date(d, "LLL yy", locale=fmt.locale)


# -- tables ---------------------------------------------------------------------------------------


def _compare(
    doc: Doc,
    rows: Sequence[Sequence[str]],
    heads: Sequence[str],
    first: str,
) -> None:
    cols = [Col(2.6), Col(1.5, END), Col(1.5, END), Col(1.5, END)]
    doc.table(cols, [list(r) for r in rows], [first, *heads], size=doc.paper.size * 0.92)


def _breakdown_rows(
    report: Report, get: Callable[[Measures], Sequence[Amount]], kind: str, fmt: Formatter
) -> list[list[str]]:
    keys: dict[object, str] = {}
    for m in report.periods:
        for a in get(m):
            keys.setdefault(a.key, _named(a, kind))
    out = []
    for key, name in keys.items():
        values = [next((a.amount for a in get(m) if a.key == key), 0) for m in report.periods]
        out.append([name, *(fmt.amount(v) for v in values)])
    return out


KEY_FIGURES: tuple[tuple[str, Callable[[Measures], object], str], ...] = (
    (N_("Revenue"), lambda m: m.revenue, "money"),
    (N_("Services"), lambda m: m.services, "money"),
    (N_("Retail"), lambda m: m.retail, "money"),
    (N_("Visits"), lambda m: m.visits, "int"),
    (N_("Average ticket"), lambda m: m.average_ticket, "money"),
    (N_("Clients"), lambda m: m.clients, "int"),
    (N_("New clients"), lambda m: m.new_clients, "int"),
    (N_("Returning clients"), lambda m: m.returning_clients, "int"),
    (N_("Retention"), lambda m: m.retention_pct, "pct"),
    (N_("Rebooking interval (median)"), lambda m: m.rebook_median_days, "days"),
    (N_("Complaints opened"), lambda m: m.complaints.opened, "int"),
    (N_("Complaints resolved"), lambda m: m.complaints.opened - m.complaints.still_open, "int"),
    (N_("Complaints overdue"), lambda m: m.complaints.overdue, "int"),
    (
        N_("Time to acknowledge (median)"),
        lambda m: m.complaints.median_minutes_to_acknowledge,
        "hours",
    ),
    (N_("Time to resolve (median)"), lambda m: m.complaints.median_minutes_to_resolve, "hours"),
    (N_("Compensation cost"), lambda m: m.complaints.compensation_cost, "money"),
    (N_("NPS"), lambda m: m.surveys.overall.nps.score if m.surveys else None, "score"),
    (N_("CSAT"), lambda m: m.surveys.overall.csat.percent if m.surveys else None, "pct"),
)


def figure_text(fmt: Formatter, value, how: str) -> str:
    return {
        "money": _money,
        "int": _int,
        "pct": _pct,
        "days": _days,
        "hours": _hours,
        "score": _score,
    }[how](fmt, value)


# -- the document ---------------------------------------------------------------------------------


def monthly_report_pdf(report: Report, header: SalonHeader) -> bytes:
    with language(header.language):
        fmt = Formatter(header.language, header.currency)
        cur, prev, year = report.periods
        p = cur.period
        monthly = p.month is not None
        title = _("Monthly report") if monthly else _("Report")
        heading = f"{title}: {period_title(p, fmt)}"
        doc = new_doc("A4", header.language, title=heading, author=header.name)
        size = doc.paper.size
        salon_block(doc, header, fmt)
        doc.rule(strong=True)
        doc.text(heading, size * 1.7, bold=True, color=ACCENT, before=size * 0.3)
        doc.text(
            _("{start} to {end}").format(start=fmt.date(p.start), end=fmt.date(p.last)),
            color=MUTED,
        )
        doc.text(
            _("Compared with {previous} and {year_before}.").format(
                previous=period_title(prev.period, fmt), year_before=period_title(year.period, fmt)
            ),
            size * 0.9,
            color=MUTED,
            after=size * 0.4,
        )
        heads = [short_title(m.period, fmt) for m in report.periods]

        doc.heading(_("Key figures"))
        _compare(
            doc,
            [
                [_(label), *(figure_text(fmt, get(m), how) for m in report.periods)]
                for label, get, how in KEY_FIGURES
            ],
            heads,
            _("Figure"),
        )

        doc.heading(_("Revenue by day"))
        if cur.by_day:
            day_bars(doc, cur.by_day, p, fmt)
        else:
            doc.text(_("No sales in this period."), color=MUTED)

        doc.heading(_("Revenue by category"))
        hbars(
            doc,
            [(_named(a, "category"), a.amount, fmt.amount(a.amount)) for a in cur.by_category],
        )
        _compare(
            doc,
            _breakdown_rows(report, lambda m: m.by_category, "category", fmt),
            heads,
            _("Category"),
        )

        doc.heading(_("Revenue by staff member"))
        _compare(
            doc, _breakdown_rows(report, lambda m: m.by_staff, "staff", fmt), heads, _("Staff")
        )

        doc.heading(_("Payment methods"))
        total = sum(a.amount for a in cur.by_method if a.amount > 0) or 1
        pie(
            doc,
            [
                (
                    _named(a, "method"),
                    a.amount,
                    f"{fmt.amount(a.amount)} ({_pct(fmt, 100 * a.amount / total)})",
                )
                for a in cur.by_method
            ],
        )
        _compare(
            doc, _breakdown_rows(report, lambda m: m.by_method, "method", fmt), heads, _("Method")
        )

        doc.heading(_("Top services"))
        if cur.top_services:
            doc.table(
                [Col(3.5), Col(1.2, END), Col(1.6, END)],
                [
                    [
                        t.name or key_label("service", None),
                        fmt.integer(t.count),
                        fmt.amount(t.amount),
                    ]
                    for t in cur.top_services
                ],
                [_("Service"), _("Times"), _("Revenue")],
                size=size * 0.92,
            )
        else:
            doc.text(_("No services in this period."), color=MUTED)

        doc.heading(_("Complaints by category"))
        cats: dict[str, None] = {}
        for m in report.periods:
            for k, _n in m.complaints.by_category:
                cats.setdefault(k, None)
        if cats:
            _compare(
                doc,
                [
                    [
                        key_label("complaint", k),
                        *(
                            fmt.integer(dict(m.complaints.by_category).get(k, 0))
                            for m in report.periods
                        ),
                    ]
                    for k in cats
                ],
                heads,
                _("About"),
            )
        else:
            doc.text(_("No complaints in these periods."), color=MUTED)

        doc.heading(_("NPS by month"))
        nps_bars(doc, report.nps_trend, fmt, p.jalali)
        for title_text, figs, kind in (
            (
                _("NPS and CSAT by staff member"),
                cur.surveys.by_staff if cur.surveys else (),
                "staff",
            ),
            (
                _("NPS and CSAT by service"),
                cur.surveys.by_service if cur.surveys else (),
                "service",
            ),
        ):
            doc.heading(title_text)
            if figs:
                doc.table(
                    [Col(3.2), Col(1.2, END), Col(1.2, END), Col(1.2, END)],
                    [
                        [
                            f.label or key_label(kind, None),
                            fmt.integer(f.nps.answers),
                            _score(fmt, f.nps.score),
                            _pct(fmt, f.csat.percent),
                        ]
                        for f in figs
                    ],
                    [_("Name"), _("Answers"), _("NPS"), _("CSAT")],
                    size=size * 0.92,
                )
            else:
                doc.text(_("No survey answers in this period."), color=MUTED)

        seg = report.segments
        doc.heading(_("Clients by category and segment"))
        if seg.clients:
            if seg.scored_on:
                doc.text(
                    _("As scored on {date}.").format(date=fmt.date(seg.scored_on)),
                    size * 0.9,
                    color=MUTED,
                )
            for kind, rows, head in (
                ("segment_category", seg.categories, _("Category")),
                ("rfm", seg.rfm, _("Segment")),
                ("strategy", seg.strategies, _("Strategy")),
            ):
                doc.table(
                    [Col(3.2), Col(1.2, END), Col(1.2, END)],
                    [
                        [key_label(kind, k), fmt.integer(n), _pct(fmt, 100 * n / seg.clients)]
                        for k, n in rows
                    ],
                    [head, _("Clients"), _("Share")],
                    size=size * 0.92,
                )
        else:
            doc.text(_("The clients have not been scored yet."), color=MUTED)
        movements_section(doc, seg, fmt, key_label)

        doc.heading(
            _("Birthdays in {month}").format(month=period_title(report.birthdays_month, fmt))
        )
        if report.birthdays:
            doc.table(
                [Col(1.3), Col(3.0), Col(1.0, END), Col(2.0)],
                [
                    [
                        fmt.date(b.on),
                        b.name,
                        fmt.client_number(b.number),
                        _phone(fmt, b.phone, header.phone_region),
                    ]
                    for b in report.birthdays
                ],
                [_("Date"), _("Client"), _("No."), _("Phone")],
                size=size * 0.92,
            )
            more = report.birthdays_total - len(report.birthdays)
            if more > 0:
                doc.text(_("… and {n} more.").format(n=fmt.integer(more)), color=MUTED)
        else:
            doc.text(_("No birthdays."), color=MUTED)

        doc.heading(_("Valuable clients to win back"))
        if report.win_back:
            doc.table(
                [
                    Col(2.6),
                    Col(0.9, END),
                    Col(1.3),
                    Col(0.8, END),
                    Col(1.5, END),
                    Col(1.5, END),
                    Col(1.9),
                ],
                [
                    [
                        w.name,
                        fmt.client_number(w.number),
                        fmt.date(w.last_visit),
                        fmt.integer(w.visits),
                        fmt.amount(w.revenue),
                        fmt.amount(w.future_value),
                        _phone(fmt, w.phone, header.phone_region),
                    ]
                    for w in report.win_back
                ],
                [
                    _("Client"),
                    _("No."),
                    _("Last visit"),
                    _("Visits"),
                    _("Spent"),
                    _("Future value"),
                    _("Phone"),
                ],
                size=size * 0.85,
            )
        else:
            doc.text(_("No valuable client to win back."), color=MUTED)
        doc.text(
            _("Computed on {date}.").format(date=fmt.datetime(report.computed_at)),
            size * 0.8,
            color=MUTED,
            before=size,
        )
        return doc.build()


__all__ = [
    "KEY_FIGURES",
    "figure_text",
    "key_label",
    "monthly_report_pdf",
    "period_title",
    "short_title",
]
