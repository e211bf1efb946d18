"""Statement, day close, earnings and gift voucher, read back from the PDF."""

from __future__ import annotations

import datetime as dt

import pytest

from salon_desktop.documents import rtl
from salon_desktop.documents.base import language
from salon_desktop.documents.day_close import day_close_pdf
from salon_desktop.documents.earnings import earnings_pdf
from salon_desktop.documents.statement import statement_pdf
from salon_desktop.documents.voucher import voucher_pdf
from salon_desktop.i18n import _, set_language
from salon_desktop.i18n.formatting import Formatter
from tests.documents import samples
from tests.documents.pdftext import drawn_text, fonts, page_sizes_mm, plain


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    set_language("en")


class Reader:
    """What a reader of a document in ``lang`` sees, and how to expect it."""

    def __init__(self, lang: str, pdf: bytes, currency: str | None = None):
        self.lang, self.text = lang, drawn_text(pdf)
        set_language(lang)  # the Formatter's words (toman) in the document's language
        self.fmt = Formatter(lang, currency or samples.CURRENCY[lang])

    def shows(self, text: str) -> bool:
        return plain(rtl.visual(text, self.lang == "fa")) in self.text

    def says(self, message: str, **kw) -> bool:
        with language(self.lang):
            return self.shows(_(message).format(**kw))

    def money(self, minor: int) -> bool:
        return self.shows(self.fmt.amount(minor))


@pytest.mark.parametrize("lang", samples.LANGS)
def test_statement(lang):
    stmt = samples.statement(lang)
    pdf = statement_pdf(stmt, samples.header(lang))
    r = Reader(lang, pdf)
    assert r.says("Account statement")
    # The entries are named in the statement's language, whatever the screen's.
    assert r.says("Charged to account") and r.says("Paid into account")
    assert r.shows(stmt.client_name)
    assert r.money(stmt.opening_balance) and r.money(stmt.closing_balance)
    assert stmt.closing_balance < 0
    assert r.says("The client owes: {amount}", amount=r.fmt.amount(-stmt.closing_balance))
    assert not r.says("The client has credit: {amount}", amount=r.fmt.amount(stmt.closing_balance))
    for entry in stmt.entries:
        assert r.fmt.digits(entry.receipt_no) in r.text
        assert r.money(entry.balance)
    assert r.shows(r.fmt.date(stmt.date_from)) or r.fmt.date(stmt.date_from) in r.text
    if lang == "fa":
        assert "۱۴۰۵/۰۷/۰۹" in r.text  # 1 October 2026, Jalali


def test_statement_with_credit_and_many_pages():
    stmt = samples.statement("en", entries=90, closing_sign=1)
    pdf = statement_pdf(stmt, samples.header("en"))
    r = Reader("en", pdf)
    assert r.says("The client has credit: {amount}", amount=r.fmt.amount(stmt.closing_balance))
    pages = len(page_sizes_mm(pdf))
    assert pages >= 2 and r.text.count("Balance") == pages


@pytest.mark.parametrize("paper", ["A4", "80mm"])
@pytest.mark.parametrize("lang", samples.LANGS)
def test_day_close(lang, paper):
    rep = samples.report(lang)
    pdf = day_close_pdf(rep, samples.header(lang), samples.earnings(lang), paper)
    r = Reader(lang, pdf)
    assert r.says("Day close")
    assert r.money(rep.opening_float) and r.money(rep.expected_cash) and r.money(rep.counted_cash)
    assert r.money(rep.difference) and rep.difference < 0
    assert r.says("Difference (short)")
    assert r.shows("Coffee & milk") and r.money(-2350 * samples.SCALE[lang])
    assert r.says("Cash") and r.says("Card") and r.says("Gift voucher")
    assert r.money(rep.voids_total) and r.money(rep.refunds_total)
    assert r.says("Refunds ({count})", count=r.fmt.integer(rep.refunds_count))
    assert r.shows(samples.NAMES[lang][2])  # tips and earnings by name
    assert r.money(45000 * samples.SCALE[lang])  # a commission
    assert r.says("Closed by") and r.shows(r.fmt.datetime(rep.closed_at))
    assert not r.says("NOT CLOSED")
    assert page_sizes_mm(pdf)[0][0] == (80.0 if paper == "80mm" else 210.0)


@pytest.mark.parametrize("lang", samples.LANGS)
def test_day_close_draft_is_marked(lang):
    rep = samples.report(lang, closed=False)
    r = Reader(lang, day_close_pdf(rep, samples.header(lang)))
    assert r.says("NOT CLOSED") and r.says("not counted")


def _two_sessions(lang: str):
    import dataclasses

    from salon_desktop.domain.views import CashSessionView

    k = samples.SCALE[lang]
    rep = samples.report(lang)
    morning = CashSessionView(
        1,
        1,
        20000 * k,
        dt.datetime(2026, 11, 23, 8, 0),
        "Ewa",
        60000 * k,
        60000 * k,
        dt.datetime(2026, 11, 23, 14, 5),
        "Ewa",
    )
    afternoon = CashSessionView(
        2,
        2,
        15000 * k,
        dt.datetime(2026, 11, 23, 14, 10),
        "Ewa",
        47150 * k,
        47000 * k,
        dt.datetime(2026, 11, 23, 19, 2),
        "Ewa",
    )
    day = dataclasses.replace(rep, sessions=(morning, afternoon))
    one = dataclasses.replace(
        rep,
        session=afternoon,
        sessions=(afternoon,),
        expected_cash=47150 * k,
        counted_cash=47000 * k,
        opening_float=15000 * k,
    )
    return day, one


@pytest.mark.parametrize("paper", ["A4", "80mm"])
@pytest.mark.parametrize("lang", samples.LANGS)
def test_the_day_lists_its_sessions_and_a_session_prints_its_own_z(lang, paper):
    day, one = _two_sessions(lang)
    k = samples.SCALE[lang]
    r = Reader(lang, day_close_pdf(day, samples.header(lang), paper=paper))
    assert r.says("Day close")
    num = r.fmt.integer
    hm = r.fmt.digits
    assert r.says(
        "Session {number}, {start}–{end}", number=num(1), start=hm("08:00"), end=hm("14:05")
    )
    assert r.says(
        "Session {number}, {start}–{end}", number=num(2), start=hm("14:10"), end=hm("19:02")
    )
    assert r.money(60000 * k) and r.money(47150 * k) and r.money(-150 * k)
    s = Reader(lang, day_close_pdf(one, samples.header(lang), paper=paper))
    assert s.says("Session close") and not s.says("Day close")
    assert s.says(
        "Session {number}, {start}–{end}", number=num(2), start=hm("14:10"), end=hm("19:02")
    )
    assert s.money(15000 * k) and s.money(47150 * k) and s.money(47000 * k)


@pytest.mark.parametrize("lang", samples.LANGS)
def test_earnings(lang):
    rows = samples.earnings(lang)
    pdf = earnings_pdf(rows, dt.date(2026, 11, 1), dt.date(2026, 11, 30), samples.header(lang))
    r = Reader(lang, pdf)
    assert r.says("Staff earnings") and r.says("Commission")
    for row in rows:
        assert r.shows(row.staff_name) and r.money(row.commission) and r.money(row.tips)
    assert r.money(sum(row.commission for row in rows))  # the total row


@pytest.mark.parametrize("lang", samples.LANGS)
def test_voucher(lang):
    v = samples.voucher(lang)
    pdf = voucher_pdf(v, samples.header(lang))
    r = Reader(lang, pdf)
    assert "GV-7K3Q-9XPA" in r.text  # left to right, even in Persian
    assert r.says("Gift voucher") and r.money(v.initial_value)
    assert r.says("for {name}", name=v.client_name)
    assert r.says("Valid until {date}", date=r.fmt.date(v.expires_on, "long"))
    assert r.shows(samples.header(lang).name)
    if lang == "fa":
        assert "۱۴۰۶" in r.text  # the Jalali year of 23 November 2027
    w, h = page_sizes_mm(pdf)[0]
    assert (w, h) == (148.0, 105.0)
    assert all("Vazirmatn" in name and embedded for name, embedded in fonts(pdf))


def test_voucher_without_expiry_or_client_shows_the_balance_left():
    v = samples.voucher("en", expires_on=None, client_name="", balance=5000)
    r = Reader("en", voucher_pdf(v, samples.header("en")))
    assert r.says("No expiry date") and "for " not in r.text
    assert r.says("Balance: {amount}", amount=r.fmt.amount(5000))
