"""The client file on A4, for the salon's own use: profile, allergies (first, boxed),
category and strategy, consents, care notes, colour formulas, the client's figures,
visit history and open complaints, in the salon's language."""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from salon_desktop.documents import fonts, rtl
from salon_desktop.documents.base import (
    ACCENT,
    END,
    LEADING,
    MUTED,
    SHADE,
    START,
    Block,
    Col,
    Doc,
    language,
    new_doc,
)
from salon_desktop.documents.complaint import complaint_number
from salon_desktop.documents.parts import salon_block
from salon_desktop.domain.client import (
    BEHAVIOUR_LABELS,
    CONSENT_LABELS,
    GENDER_LABELS,
    PHONE_LABELS,
    SOURCE_LABELS,
    BuyingBehaviour,
    ConsentKind,
    Gender,
    Source,
)
from salon_desktop.domain.complaints import CATEGORY_LABELS, STATE_LABELS, State
from salon_desktop.domain.printouts import ClientFileView
from salon_desktop.domain.views import SalonHeader
from salon_desktop.i18n import _
from salon_desktop.i18n.formatting import Formatter

ALERT = (0.69, 0.0, 0.125)  # the screens' allergy red


def label_of(labels: dict, enum_type, value: str) -> str:
    """A stored key named in the current language ('' for none; the key if unknown)."""
    if not value:
        return ""
    try:
        return _(labels[enum_type(value)])
    except (KeyError, ValueError):
        return value


def phone_lines(view: ClientFileView, fmt: Formatter) -> str:
    out = []
    for label, number in view.phones:
        kind = _(PHONE_LABELS[label]) if label in PHONE_LABELS else label
        shown = fmt.phone(number, view.phone_region) if view.phone_region else fmt.digits(number)
        shown = rtl.ltr(shown)
        out.append(f"{shown} ({kind})" if kind else shown)
    return "\n".join(out)


def client_line(view: ClientFileView, fmt: Formatter) -> str:
    return f"{view.name} " + _("(no. {number})").format(number=fmt.client_number(view.number))


def boxed(doc: Doc, title: str, body: str, color=ACCENT, fill=SHADE, size: float | None = None):
    """A framed paragraph across the page: a title in bold and its text."""
    size = size or doc.paper.size
    pad = 2.5 * mm
    inner = doc.width - 2 * pad
    title_lines = doc.lines(title, size, True, inner)
    body_lines = doc.lines(body, size, False, inner) if body else []
    lead = size * LEADING
    height = lead * (len(title_lines) + len(body_lines)) + 2 * pad
    gap = size * 0.5

    def draw(c: Canvas, top: float) -> None:
        top -= gap
        c.saveState()
        c.setFillColor(fill)
        c.setStrokeColor(color)
        c.setLineWidth(1.1)
        c.roundRect(doc.left, top - height, doc.width, height, 1.5 * mm, stroke=1, fill=1)
        x, how = doc._x(doc.left + pad, inner, START)
        y = top - pad - size * 1.06
        c.setFillColor(color)
        c.setFont(fonts.font(True), size)
        for line in title_lines:
            doc._draw_line(c, line, x, y, how)
            y -= lead
        c.setFillColor((0.12, 0.12, 0.12))
        c.setFont(fonts.font(), size)
        for line in body_lines:
            doc._draw_line(c, line, x, y, how)
            y -= lead
        c.restoreState()

    doc.add(Block(height + 2 * gap, draw))


def _consent_text(view: ClientFileView, fmt: Formatter) -> list[list[str]]:
    given = dict(view.consents)
    rows = []
    for kind in ConsentKind:
        on = given.get(kind.value)
        if kind.value in given:
            state = (
                _("Given on {date}").format(date=fmt.date(on)) if on else _("Given, date unknown")
            )
        else:
            state = _("No consent")
        rows.append([_(CONSENT_LABELS[kind]), state])
    return rows


def client_file_pdf(
    view: ClientFileView, header: SalonHeader, printed_on: dt.date | None = None
) -> bytes:
    with language(header.language):
        fmt = Formatter(header.language, header.currency)
        title = _("Client file")
        doc = new_doc("A4", header.language, title=f"{title}: {view.name}", author=header.name)
        size = doc.paper.size
        salon_block(doc, header, fmt)
        doc.rule(strong=True)
        doc.text(title, size * 1.7, bold=True, color=ACCENT, before=size * 0.3, after=size * 0.2)
        doc.text(client_line(view, fmt), size * 1.35, bold=True, after=size * 0.2)
        doc.text(
            _("Printed on {date}").format(date=fmt.date(printed_on or dt.date.today())),
            size * 0.9,
            color=MUTED,
        )
        if view.archived:
            doc.stamp(_("Archived"))

        # -- what staff must see first ----------------------------------------------
        if view.allergies.strip():
            boxed(
                doc,
                _("Allergies and contraindications"),
                view.allergies.strip(),
                color=ALERT,
                fill=(1, 0.94, 0.94),
            )

        # -- category and strategy: a marked place until they are computed ----------
        doc.heading(_("Category and strategy"))
        if view.category or view.strategy:
            doc.field(_("Category"), view.category, bold=True)
            doc.field(_("Suggested strategy"), view.strategy, bold=True)
        else:
            boxed(
                doc,
                _("Category and strategy: not computed yet"),
                _(
                    "This place is kept for the client's category (visit frequency, "
                    "satisfaction) and the suggested strategy, once the salon computes them."
                ),
                color=MUTED,
            )

        # -- profile ----------------------------------------------------------------
        d = view
        doc.heading(_("Profile"))
        doc.field(_("Phone"), phone_lines(d, fmt))
        doc.field(_("E-mail"), rtl.ltr(d.email) if d.email else "")
        doc.field(_("Date of birth"), fmt.date(d.birth_date))
        doc.field(_("Gender"), label_of(GENDER_LABELS, Gender, d.gender))
        doc.field(_("Address"), d.address)
        doc.field(_("How they found us"), label_of(SOURCE_LABELS, Source, d.source))
        doc.field(_("Referred by"), d.referred_by)
        doc.field(_("Preferred staff member"), d.preferred_staff)
        doc.field(_("Tags"), fmt.join(d.tags))
        doc.field(
            _("Buying behaviour"), label_of(BEHAVIOUR_LABELS, BuyingBehaviour, d.buying_behaviour)
        )
        doc.field(_("Client since"), fmt.date(d.client_since))
        doc.field(
            _("Contact details confirmed"),
            fmt.date(d.contact_confirmed_on) if d.contact_confirmed_on else _("Never"),
        )

        doc.heading(_("Consents"))
        doc.table([Col(2), Col(3)], _consent_text(d, fmt), lines_between=True)

        care = [
            (_("Skin"), d.skin_notes),
            (_("Hair"), d.hair_notes),
            (_("Notes"), d.notes),
        ]
        if any(text.strip() for _label, text in care):
            doc.heading(_("Care notes"))
            for label, text in care:
                doc.field(label, text.strip())

        if d.formulas:
            doc.heading(_("Colour formulas"))
            doc.table(
                [Col(1.2), Col(4.5), Col(1.8)],
                [[fmt.date(f.applied_on), f.formula, f.staff_name] for f in d.formulas],
                [_("Date"), _("Formula"), _("Staff")],
            )

        # -- the client's figures and visits ----------------------------------------------
        f = d.figures
        doc.heading(_("Visits"))
        if f is not None and f.visits:
            doc.field(_("Visits"), fmt.integer(f.visits))
            doc.field(_("Total spent"), fmt.amount(f.total_spent))
            doc.field(_("Average ticket"), fmt.amount(f.average_ticket))
            doc.field(
                _("First and last visit"),
                _("{start} to {end}").format(
                    start=fmt.date(f.first_visit), end=fmt.date(f.last_visit)
                ),
            )
        if f is not None:
            doc.field(_("Account"), fmt.balance(f.account_balance))
        visits = [v for v in d.visits]
        if visits:
            doc.space(size * 0.4)
            doc.table(
                [Col(1.2), Col(1.5), Col(3.4), Col(1.8), Col(1.4, END)],
                [
                    [
                        fmt.date(v.business_date),
                        fmt.receipt(v.receipt_no),
                        _visit_what(v, fmt),
                        fmt.join(v.staff),
                        fmt.amount(v.total),
                    ]
                    for v in visits
                ],
                [_("Date"), _("Receipt"), _("Services and products"), _("Staff"), _("Amount")],
                size=size * 0.9,
            )
        else:
            doc.text(_("No visits yet."), color=MUTED)

        # -- open complaints -----------------------------------------------------------------
        doc.heading(_("Open complaints"))
        if d.complaints:
            doc.table(
                [Col(1.0), Col(1.3), Col(1.6), Col(1.3), Col(1.4), Col(3.2)],
                [
                    [
                        complaint_number(c.number, fmt),
                        fmt.date(c.opened_at.date()),
                        label_of_category(c.category),
                        label_of(STATE_LABELS, State, c.state),
                        fmt.date(c.resolve_by.date())
                        + ("  " + _("(overdue)") if c.overdue else ""),
                        c.description,
                    ]
                    for c in d.complaints
                ],
                [_("No."), _("Opened"), _("About"), _("State"), _("Answer by"), _("Description")],
                size=size * 0.9,
            )
        else:
            doc.text(_("No open complaints."), color=MUTED)
        return doc.build()


def label_of_category(category: str) -> str:
    label = CATEGORY_LABELS.get(category)
    return _(label) if label else category


def _visit_what(v, fmt: Formatter) -> str:
    parts = list(v.services) + list(v.products)
    text = fmt.join(parts)
    if v.kind != "sale":
        kind = _("Void") if v.kind == "void" else _("Refund")
        text = f"{kind}: {text}" if text else kind
    if v.formula:
        text += "\n" + _("Formula: {formula}").format(formula=v.formula)
    return text
