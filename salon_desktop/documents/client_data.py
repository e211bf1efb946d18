"""Everything the salon holds about one client, on A4, readable (GDPR article 15):
the same content as the JSON export (``services.gdpr``), in the salon's language,
with dates in the salon's calendar (Jalali in Persian) and consents with the day
each was given. Drawn from the export's own dictionary, so the PDF and the JSON
never say different things."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from salon_desktop.documents import rtl
from salon_desktop.documents.base import ACCENT, END, MUTED, Col, Doc, language, new_doc
from salon_desktop.documents.client_file import label_of, label_of_category
from salon_desktop.documents.complaint import complaint_number
from salon_desktop.documents.parts import salon_block
from salon_desktop.domain.client import (
    BEHAVIOUR_LABELS,
    CONSENT_LABELS,
    GENDER_LABELS,
    PHONE_LABELS,
    PHOTO_KIND_LABELS,
    SOURCE_LABELS,
    BuyingBehaviour,
    ConsentKind,
    Gender,
    PhotoKind,
    Source,
)
from salon_desktop.domain.complaints import STATE_LABELS, State
from salon_desktop.domain.sale import SALE_KIND_LABELS, SaleKind
from salon_desktop.domain.views import SalonHeader
from salon_desktop.i18n import N_, _
from salon_desktop.i18n.formatting import Formatter

# The file's history, named as the audit trail names it.
_HISTORY = {"open": N_("Client file opened"), "erase": N_("Client erased")}
_CHANGED = N_("Client file changed")


def _utc_to_local(at: dt.datetime) -> dt.datetime:
    return at.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _moment(value: Any, local: Callable[[dt.datetime], dt.datetime]) -> dt.datetime | None:
    if not value:
        return None
    at = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    return local(at)


class _Writer:
    def __init__(
        self,
        doc: Doc,
        fmt: Formatter,
        staff: Mapping[int, str],
        local: Callable[[dt.datetime], dt.datetime],
    ):
        self.doc, self.fmt, self.staff, self.local = doc, fmt, staff, local
        self.size = doc.paper.size

    def date(self, value: Any) -> str:
        return self.fmt.date(_date(value))

    def moment(self, value: Any) -> str:
        return self.fmt.datetime(_moment(value, self.local))

    def who(self, staff_id: Any) -> str:
        return self.staff.get(staff_id, "") if staff_id is not None else ""

    def none(self, text: str) -> None:
        self.doc.text(text, color=MUTED)

    # -- the sections --------------------------------------------------------------------
    def profile(self, data: dict[str, Any], region: str) -> None:
        c, doc, fmt = data["client"], self.doc, self.fmt
        doc.heading(_("Profile"))
        doc.field(_("First name"), c.get("first_name", ""))
        doc.field(_("Last name"), c.get("last_name", ""))
        phones = []
        for p in data["phones"]:
            shown = fmt.phone(p["e164"], region) if region else fmt.digits(p["e164"])
            kind = p.get("label", "")
            kind = _(PHONE_LABELS[kind]) if kind in PHONE_LABELS else kind
            phones.append(f"{rtl.ltr(shown)} ({kind})" if kind else rtl.ltr(shown))
        doc.field(_("Phone"), "\n".join(phones))
        doc.field(_("E-mail"), rtl.ltr(c["email"]) if c.get("email") else "")
        doc.field(_("Date of birth"), self.date(c.get("birth_date")))
        doc.field(_("Gender"), label_of(GENDER_LABELS, Gender, c.get("gender") or ""))
        doc.field(_("Address"), c.get("address", ""))
        doc.field(_("How they found us"), label_of(SOURCE_LABELS, Source, c.get("source") or ""))
        doc.field(_("Preferred staff member"), self.who(c.get("preferred_staff_id")))
        doc.field(_("Tags"), fmt.join(data["tags"]))
        doc.field(
            _("Buying behaviour"),
            label_of(BEHAVIOUR_LABELS, BuyingBehaviour, c.get("buying_behaviour") or ""),
        )
        doc.field(_("Allergies and contraindications"), c.get("allergies", ""))
        doc.field(_("Skin"), c.get("skin_notes", ""))
        doc.field(_("Hair"), c.get("hair_notes", ""))
        doc.field(_("Notes"), c.get("notes", ""))
        doc.field(_("Client since"), self.date(c.get("created_at")))
        doc.field(
            _("Contact details confirmed"),
            self.date(c["contact_confirmed_on"]) if c.get("contact_confirmed_on") else _("Never"),
        )

    def consents(self, data: dict[str, Any]) -> None:
        given = {x["kind"]: x.get("given_on") for x in data["consents"]}
        rows = []
        for kind in ConsentKind:
            if kind.value in given:
                on = given[kind.value]
                state = (
                    _("Given on {date}").format(date=self.date(on))
                    if on
                    else _("Given, date unknown")
                )
            else:
                state = _("No consent")
            rows.append([_(CONSENT_LABELS[kind]), state])
        self.doc.heading(_("Consents"))
        self.doc.table([Col(2), Col(3)], rows, lines_between=True)

    def formulas_and_photos(self, data: dict[str, Any]) -> None:
        doc = self.doc
        doc.heading(_("Colour formulas"))
        if data["colour_formulas"]:
            doc.table(
                [Col(1.2), Col(4.5), Col(1.8)],
                [
                    [self.date(f["applied_on"]), f["formula"], self.who(f.get("staff_id"))]
                    for f in data["colour_formulas"]
                ],
                [_("Date"), _("Formula"), _("Staff")],
            )
        else:
            self.none(_("None."))
        doc.heading(_("Photos"))
        if data["photos"]:
            doc.table(
                [Col(1.2), Col(1.2), Col(5.1)],
                [
                    [
                        self.date(p["taken_on"]),
                        label_of(PHOTO_KIND_LABELS, PhotoKind, p.get("kind", "")),
                        p.get("note", ""),
                    ]
                    for p in data["photos"]
                ],
                [_("Date"), _("Kind"), _("Note")],
            )
        else:
            self.none(_("None."))

    def visits(self, data: dict[str, Any]) -> None:
        doc, fmt = self.doc, self.fmt
        doc.heading(_("Visits and purchases"))
        if not data["visits"]:
            self.none(_("No visits yet."))
            return
        rows = []
        for v in data["visits"]:
            what = fmt.join(
                f"{line['description']} × {fmt.integer(abs(line['qty']))}"
                if abs(line.get("qty", 1)) != 1
                else line["description"]
                for line in v["lines"]
            )
            if v.get("kind") and v["kind"] != "sale":
                what = f"{label_of(SALE_KIND_LABELS, SaleKind, v['kind'])}: {what}"
            staff = fmt.join(
                dict.fromkeys(n for n in (self.who(x.get("staff_id")) for x in v["lines"]) if n)
            )
            rows.append(
                [
                    self.date(v["business_date"]),
                    fmt.receipt(v["receipt_no"]),
                    what,
                    staff,
                    fmt.amount(v["total"]),
                ]
            )
        doc.table(
            [Col(1.2), Col(1.5), Col(3.4), Col(1.8), Col(1.4, END)],
            rows,
            [_("Date"), _("Receipt"), _("Services and products"), _("Staff"), _("Amount")],
            size=self.size * 0.9,
        )

    def money(self, data: dict[str, Any]) -> None:
        doc, fmt = self.doc, self.fmt
        doc.heading(_("Account"))
        if data["account"]:
            doc.table(
                [Col(1.6), Col(4.4), Col(1.5, END)],
                [
                    [self.moment(a["at"]), a.get("note", ""), fmt.amount(a["amount"])]
                    for a in data["account"]
                ],
                [_("When"), _("Note"), _("Amount")],
            )
        else:
            self.none(_("None."))
        doc.heading(_("Gift vouchers"))
        if data["gift_vouchers"]:
            doc.table(
                [Col(2.2), Col(1.6), Col(1.6, END), Col(1.6, END)],
                [
                    [
                        rtl.ltr(v["code"]),
                        self.date(v.get("expires_on")),
                        fmt.amount(v["initial_value"]),
                        fmt.amount(v["balance"]),
                    ]
                    for v in data["gift_vouchers"]
                ],
                [_("Code"), _("Valid until"), _("Value"), _("Balance")],
            )
        else:
            self.none(_("None."))

    def complaints(self, data: dict[str, Any]) -> None:
        doc = self.doc
        doc.heading(_("Complaints"))
        if not data["complaints"]:
            self.none(_("None."))
            return
        for c in data["complaints"]:
            doc.text(
                " · ".join(
                    (
                        complaint_number(c["number"], self.fmt),
                        self.date(c["opened_at"]),
                        label_of_category(c.get("category", "")),
                        label_of(STATE_LABELS, State, c.get("state", "")),
                    )
                ),
                bold=True,
                before=self.size * 0.3,
            )
            for label, key in (
                (_("Description"), "description"),
                (_("What the client wants"), "wanted"),
                (_("Resolution"), "resolution"),
            ):
                doc.field(label, c.get(key) or "")
            if c["steps"]:
                doc.table(
                    [Col(1.6), Col(1.6), Col(4.3)],
                    [
                        [
                            self.moment(s["at"]),
                            label_of(STATE_LABELS, State, s.get("to_state") or ""),
                            s.get("note", ""),
                        ]
                        for s in c["steps"]
                    ],
                    [_("When"), _("State"), _("Note")],
                    size=self.size * 0.9,
                )

    def surveys(self, data: dict[str, Any]) -> None:
        doc, fmt = self.doc, self.fmt
        doc.heading(_("Surveys"))
        if not data["surveys"]:
            self.none(_("None."))
            return
        rows = []
        for s in data["surveys"]:
            scores = [
                f"{a.get('question_text') or a.get('subject') or ''}: {fmt.integer(a['score'])}"
                for a in s["answers"]
                if a.get("score") is not None
            ]
            rows.append([self.date(s.get("visit_date")), "\n".join(scores), s.get("comment", "")])
        doc.table(
            [Col(1.2), Col(4.0), Col(2.3)],
            rows,
            [_("Visit"), _("Answers"), _("Comment")],
            size=self.size * 0.9,
        )

    def history(self, data: dict[str, Any]) -> None:
        doc = self.doc
        doc.heading(_("Who opened or changed the file"))
        if not data["file_history"]:
            self.none(_("None."))
            return
        doc.table(
            [Col(1.8), Col(2.4), Col(3.3)],
            [
                [
                    self.moment(e["at"]),
                    self.who(e.get("staff_id")),
                    _(_HISTORY.get(e["action"], _CHANGED)),
                ]
                for e in data["file_history"]
            ],
            [_("When"), _("Who"), _("What")],
            size=self.size * 0.9,
        )


def client_data_pdf(
    data: dict[str, Any],
    header: SalonHeader,
    staff: Mapping[int, str] | None = None,
    phone_region: str = "",
    printed_on: dt.date | None = None,
    local: Callable[[dt.datetime], dt.datetime] = _utc_to_local,
) -> bytes:
    """The export ``data`` (``ClientData.export``) as a readable PDF; ``staff`` names
    the staff ids it mentions; stored times are UTC, shown through ``local``."""
    with language(header.language):
        fmt = Formatter(header.language, header.currency)
        c = data["client"]
        name = f"{c.get('first_name', '')} {c.get('last_name', '')}".strip()
        title = _("Everything we hold about you")
        doc = new_doc("A4", header.language, title=f"{title}: {name}", author=header.name)
        size = doc.paper.size
        salon_block(doc, header, fmt)
        doc.rule(strong=True)
        doc.text(title, size * 1.7, bold=True, color=ACCENT, before=size * 0.3, after=size * 0.2)
        doc.text(
            f"{name} " + _("(no. {number})").format(number=fmt.client_number(c["number"])),
            size * 1.35,
            bold=True,
            after=size * 0.2,
        )
        doc.text(
            _("Printed on {date}").format(date=fmt.date(printed_on or dt.date.today())),
            size * 0.9,
            color=MUTED,
        )
        doc.text(
            _(
                "The salon keeps these data to serve you and for its accounts. You may ask "
                "for them to be corrected, or erased: the sales then stay in the accounts "
                "without your name."
            ),
            size * 0.9,
            color=MUTED,
            before=size * 0.3,
        )
        w = _Writer(doc, fmt, staff or {}, local)
        w.profile(data, phone_region)
        w.consents(data)
        w.formulas_and_photos(data)
        w.visits(data)
        w.money(data)
        w.complaints(data)
        w.surveys(data)
        w.history(data)
        return doc.build()
