"""``salon-desktop report``: the monthly report and its figures from the command line,
on SQLite and PostgreSQL; Jalali months with ``--lang fa``; progress on stderr; every
problem a sentence and status 2, nothing written."""

from __future__ import annotations

import csv
import datetime as dt

import pikepdf
import pytest

from salon_desktop.cli import main
from salon_desktop.domain.report_period import month_period
from tests.documents.poppler import pdftotext, shows

NOW = dt.datetime(2026, 11, 23, 18)


@pytest.fixture
def salon(ctx):
    from salon_desktop.demo import fill_demo

    fill_demo(ctx, clients=30, seed=8, years=1, language="en", now=NOW, complaints=10)
    ctx.segments.refit()
    return ctx, ["--data-dir", str(ctx.data_dir), "--db", ctx.db_url]


def test_a_monthly_report_and_its_figures(salon, tmp_path, capsys):
    ctx, base = salon
    out, figures = tmp_path / "october.pdf", tmp_path / "october.csv"
    args = ["report", "monthly", "--month", "2026-10", "--out", str(out), "--csv", str(figures)]
    assert main([*base, *args]) == 0
    said = capsys.readouterr()
    assert "Computing the figures: 6 of 6" in said.err
    assert "Report written to" in said.out and "Figures written to" in said.out
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) >= 3
    text = pdftotext(out.read_bytes())
    assert shows(text, "Monthly report: October 2026")
    assert shows(text, "Compared with September 2026 and October 2025.")
    with figures.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[1][3:] == ["2026-10-01", "2026-09-01", "2025-10-01"]
    want = ctx.reports.report(month_period(2026, 10, False))
    services = next(r for r in rows if r[1] == "Services")
    assert services[3] == f"{want.current.services / 100:.2f}"


def test_a_jalali_month_in_persian(salon, tmp_path, capsys):
    ctx, base = salon
    out = tmp_path / "aban.pdf"
    args = ["report", "monthly", "--month", "1405-08", "--lang", "fa", "--out", str(out)]
    assert main([*base, *args]) == 0
    text = pdftotext(out.read_bytes())
    assert shows(text, "آبان ۱۴۰۵") and "۱۴۰۵/۰۸/۰۱" in text and "۱۴۰۵/۰۸/۳۰" in text


def test_a_period_of_days(salon, tmp_path):
    ctx, base = salon
    out = tmp_path / "half.csv"
    args = ["report", "period", "--from", "2026-10-01", "--to", "2026-10-15", "--csv", str(out)]
    assert main([*base, *args]) == 0
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[1][3:] == ["2026-10-01", "2026-09-16", "2025-10-01"]
    assert rows[2][3:] == ["2026-10-15", "2026-09-30", "2025-10-15"]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["monthly", "--month", "2026-13", "--out", "{tmp}/x.pdf"], "There is no month 13"),
        (["monthly", "--month", "October", "--out", "{tmp}/x.pdf"], "A month is written YYYY-MM"),
        (["monthly", "--month", "2026-10"], "Say where to write the report"),
        (["monthly", "--month", "2026-10", "--out", "{tmp}/no/x.pdf"], "does not exist"),
        (
            ["period", "--from", "2026-10-05", "--to", "2026-10-01", "--out", "{tmp}/x.pdf"],
            "ends after it starts",
        ),
        (["period", "--from", "5 Oct", "--to", "2026-10-01", "--out", "{tmp}/x.pdf"], "YYYY-MM-DD"),
    ],
)
def test_problems_are_sentences_and_nothing_is_written(salon, tmp_path, capsys, args, said):
    ctx, base = salon
    args = [a.format(tmp=tmp_path) for a in args]
    assert main([*base, "report", *args]) == 2
    assert said in capsys.readouterr().err
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob("*.csv"))
