"""The monthly report's "Moved since" tables: how many clients went from one
category (and RFM segment) to another between the scores kept at the end of the
month before the period and its end (``Report.segments``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from salon_desktop.documents.base import END, MUTED, Col, Doc
from salon_desktop.domain.report import Segments
from salon_desktop.i18n import _
from salon_desktop.i18n.formatting import Formatter

Label = Callable[[str, object], str]


def moved_name(label: Label, kind: str, key: object) -> str:
    """Where a client was (``None``: no scores then) or is, named as the report names
    categories (``kind`` "segment_category") and RFM segments ("rfm")."""
    return _("none") if key is None else label(kind, key)


def movement_rows(
    label: Label, kind: str, moves: Sequence[tuple[object, object, int]]
) -> list[tuple[str, str, int]]:
    """(from, to, clients) named; the "to" of an RFM segment may be "No visit"."""
    return [(moved_name(label, kind, a), label(kind, b), n) for a, b, n in moves]


def movements_section(doc: Doc, seg: Segments, fmt: Formatter, label: Label) -> None:
    size = doc.paper.size
    if seg.moved_since is None:
        doc.heading(_("Moved between categories and segments"))
        doc.text(
            _(
                "No month's scores were kept before this period yet, "
                "so there is nothing to compare with."
            ),
            color=MUTED,
        )
        return
    doc.heading(_("Moved since {date}").format(date=fmt.date(seg.moved_since)))
    for kind, moves, head in (
        ("segment_category", seg.category_moves, _("Categories")),
        ("rfm", seg.segment_moves, _("RFM segments")),
    ):
        rows = movement_rows(label, kind, moves)
        doc.text(head, size * 0.95, bold=True, before=size * 0.3)
        doc.blocks[-1].keep_with_next = True
        if not rows:
            doc.text(_("No client moved."), size * 0.9, color=MUTED)
            continue
        doc.table(
            [Col(2.4), Col(2.4), Col(1.2, END)],
            [[a, b, fmt.integer(n)] for a, b, n in rows],
            [_("From"), _("To"), _("Clients")],
            size=size * 0.92,
        )


__all__ = ["movement_rows", "moved_name", "movements_section"]
