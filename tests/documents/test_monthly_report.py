"""The monthly report PDF of a demo salon, read back as other programs read it:
pikepdf's structure check, embedded fonts, poppler's pdftotext (NFKC), with the
Persian in logical order and the Jalali month ("آبان ۱۴۰۵") in Persian digits."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from salon_desktop.documents.base import language
from salon_desktop.documents.monthly_report import key_label, monthly_report_pdf, period_title
from salon_desktop.domain.report_period import parse_month, range_period
from salon_desktop.i18n import _, set_language
from salon_desktop.i18n.formatting import Formatter
from tests.documents.pdftext import page_sizes_mm
from tests.documents.poppler import assert_fonts_embedded, normal, pdftotext, shows, structure

NOW = dt.datetime(2026, 11, 23, 18)
MONTH = {"en": "2026-10", "pl": "2026-10", "fa": "1405-08"}
TITLE = {"en": "October 2026", "pl": "październik 2026", "fa": "آبان ۱۴۰۵"}


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    set_language("en")


def say(lang: str, message: str, **kw) -> str:
    with language(lang):
        return _(message).format(**kw)


def national_forms(f: Formatter, phones: list[str], region: str) -> list[str]:
    return [normal(f.phone(p, region)) for p in phones]


def _birthdays_next_month(ctx, day: dt.date) -> None:
    """Three current clients with a phone born on ``day`` (of another year)."""
    from sqlalchemy import text

    with ctx.engine.begin() as conn:
        ids = (
            conn.execute(
                text(
                    "SELECT id FROM clients WHERE archived = :f AND merged_into_id IS NULL "
                    "AND main_phone <> '' ORDER BY id LIMIT 3"
                ),
                {"f": False},
            )
            .scalars()
            .all()
        )
        for cid in ids:
            conn.execute(
                text("UPDATE clients SET birth_date = :d WHERE id = :i"),
                {"d": day.replace(year=1990), "i": cid},
            )


def _demo(ctx, lang: str):
    from salon_desktop.demo import fill_demo

    ctx.reports._now = lambda: NOW
    fill_demo(ctx, clients=50, seed=3, years=2, language=lang, now=NOW, complaints=30)
    ctx.reload_settings()
    ctx.segments.refit()
    return ctx


@pytest.mark.parametrize("lang", ["en", "pl", "fa"])
def test_the_monthly_report(sqlite_ctx, lang):
    ctx = _demo(sqlite_ctx, lang)
    period = parse_month(MONTH[lang], ctx.salon.uses_jalali())
    _birthdays_next_month(ctx, period.next_month().start + dt.timedelta(days=3))
    report = ctx.reports.report(period)
    header = ctx.header()
    pdf = monthly_report_pdf(report, header)
    doc = structure(pdf)
    assert len(doc.pages) >= 3
    assert all(size == (210.0, 297.0) for size in page_sizes_mm(pdf))
    assert_fonts_embedded(pdf)
    text = pdftotext(pdf)
    f = Formatter(lang, header.currency)
    cur = report.current
    with language(lang):
        assert period_title(period, f) == TITLE[lang]
        expected = [
            say(lang, "Monthly report"),
            TITLE[lang],
            say(lang, "Key figures"),
            f.amount(cur.revenue),
            f.amount(cur.services),
            f.amount(cur.average_ticket or 0),
            f.amount(cur.by_category[0].amount),
            key_label("method", cur.by_method[0].key),
            say(lang, "Valuable clients to win back"),
            say(lang, "Birthdays in {month}", month=period_title(report.birthdays_month, f)),
            period_title(report.previous.period, f),
            period_title(report.year_before.period, f),
        ]
        expected += [normal(a.label) for a in cur.by_staff if a.label][:3]
        expected += [normal(t.name) for t in cur.top_services][:3]
        expected += [normal(w.name) for w in report.win_back][:3]
        expected += [normal(b.name) for b in report.birthdays][:3]
    for want in expected:
        assert shows(text, want), want
    # Phones as the app shows them: the salon's national format, never E.164.
    phones = [c.phone for c in (*report.birthdays, *report.win_back) if c.phone]
    assert phones, "the demo's clients to call have phones"
    for e164 in phones[:5]:
        national = f.phone(e164, header.phone_region)
        assert shows(text, national), national
        assert normal(f.digits(e164)) not in text, e164
    # (a number of another country is shown internationally, as in the app)
    assert any(not n.startswith("+") for n in national_forms(f, phones, header.phone_region))
    assert len([b for b in report.birthdays if b.phone]) >= 3
    if lang == "fa":
        # Amounts and dates in Persian digits; the month a Jalali month.
        assert "۱۴۰۵/۰۸/۰۱" in text and "۱۴۰۵/۰۸/۳۰" in text
        assert not re.search(r"\d", re.sub(r"[^0-9]", "", f.amount(cur.revenue)))
        assert "مهر ۱۴۰۵" in text and "آبان ۱۴۰۴" in text  # the month before, a year earlier
        assert "آذر ۱۴۰۵" in text  # birthdays next month


def test_a_report_of_any_period(sqlite_ctx):
    ctx = _demo(sqlite_ctx, "en")
    period = range_period(dt.date(2026, 9, 10), dt.date(2026, 10, 9), False)
    report = ctx.reports.report(period)
    text = pdftotext(monthly_report_pdf(report, ctx.header()))
    assert shows(text, "Report: 10/09/2026 to 09/10/2026")
    assert shows(text, "Compared with 11/08/2026 to 09/09/2026 and 10/09/2025 to 09/10/2025.")
