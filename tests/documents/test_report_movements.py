"""The monthly report prints how clients moved between categories and RFM segments
since the scores kept at the end of the month before (PDF and CSV, English and
Persian), and says so plainly when no month's scores were kept yet."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from salon_desktop.documents.base import language
from salon_desktop.documents.monthly_report import key_label, monthly_report_pdf
from salon_desktop.domain.client import ClientDraft
from salon_desktop.domain.report_period import month_period
from salon_desktop.i18n import _, set_language
from salon_desktop.i18n.formatting import Formatter
from salon_desktop.services.report_csv import csv_rows
from tests.documents.poppler import normal, pdftotext, shows
from tests.services.sales_helpers import svc_line
from tests.services.test_score_history import history  # noqa: F401  (a fixture)
from tests.services.test_segments import TODAY

NOVEMBER = month_period(2026, 11, False)


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    set_language("en")


@pytest.fixture
def moved(ctx, history):  # noqa: F811
    """Lea loyal on 31 October, occasional on 23 November; Nina new since 13 November."""
    shop, desk, clock, service = history
    clock.day = dt.date(2026, 10, 31)
    service.refit()
    nina = ctx.clients.create(ClientDraft(first_name="Nina", last_name="New"), shop.desk)
    desk.visit(10, [svc_line(shop)], nina)
    clock.day = TODAY
    service.refit()
    return ctx


def _in(lang: str, message: str) -> str:
    with language(lang):
        return _(message)


def lines(text: str) -> list[str]:
    return [line for line in normal(text).splitlines() if line]


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_pdf_shows_who_moved_since_the_month_before(moved, lang):
    ctx = moved
    report = ctx.reports.report(NOVEMBER)
    header = dataclasses.replace(ctx.header(), language=lang)
    text = pdftotext(monthly_report_pdf(report, header), layout=True)
    f = Formatter(lang, header.currency)
    with language(lang):
        since = _("Moved since {date}").format(date=f.date(dt.date(2026, 10, 31)))
        loyal, occasional = (
            key_label("segment_category", "loyal"),
            key_label("segment_category", "occasional"),
        )
        new, none = key_label("segment_category", "new"), _("none")
        one = f.integer(1)
    assert shows(text, since), since
    rows = lines(text)
    # each movement one row of its table: from, to, how many clients (pdftotext's
    # layout gives the columns as they stand on the page: mirrored in Persian)
    for row in ((loyal, occasional, one), (none, new, one)):
        cells = row[::-1] if lang == "fa" else row
        assert normal(" ".join(cells)) in rows, (cells, rows)
    assert shows(text, _in(lang, "RFM segments"))
    if lang == "fa":
        assert "1" not in since and "۱۴۰۵/۰۸/۰۹" in text  # 31 October: 9 Aban, in Persian digits


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_csv_has_a_row_for_each_movement(moved, lang):
    ctx = moved
    report = ctx.reports.report(NOVEMBER)
    with language(lang):
        rows = csv_rows(report, ctx.salon.currency, key_label)
        section = _("Moved between categories and segments")
        moved_rows = [r[1:4] for r in rows if r[0] == section]
        cat = _("Category")
        arrow = _("{before} → {after}")
        want = [
            [_("Since"), "", "2026-10-31"],
            [
                cat,
                arrow.format(
                    before=key_label("segment_category", "loyal"),
                    after=key_label("segment_category", "occasional"),
                ),
                "1",
            ],
            [cat, arrow.format(before=_("none"), after=key_label("segment_category", "new")), "1"],
        ]
        segment_total = sum(int(r[2]) for r in moved_rows if r[0] == _("Segment"))
    for row in want:
        assert row in moved_rows, (row, moved_rows)
    assert segment_total == sum(n for *_, n in report.segments.segment_moves) >= 1


def test_without_a_kept_month_the_report_says_so(moved):
    ctx = moved
    october = ctx.reports.report(month_period(2026, 10, False))
    assert october.segments.moved_since is None
    text = pdftotext(monthly_report_pdf(october, ctx.header()))
    assert shows(
        text,
        "No month's scores were kept before this period yet, so there is nothing to compare with.",
    )
    assert not shows(text, "Moved since")
    rows = csv_rows(october, ctx.salon.currency, key_label)
    section = [r for r in rows if r[0] == "Moved between categories and segments"]
    assert [r[1:4] for r in section] == [["Since", "No scores kept before this period", ""]]
