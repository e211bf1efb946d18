"""The monthly report's figures against an independent computation: plain SQL text
reads the rows of a demo salon, Python counts them (nothing shared with the
report's own statements), on SQLite and PostgreSQL, for Gregorian and Jalali
months (Azar 1405 starts on 22 November; its birthdays month, Dey, runs over New
Year) and for a range of days."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict

import pytest
from sqlalchemy import text

from salon_desktop.domain.report_period import (
    BadPeriod,
    Period,
    month_period,
    parse_month,
    range_period,
)
from salon_desktop.services.report_figures import csv_rows, median_of_counts, round_half_up

TODAY = dt.date(2026, 11, 23)
NOW = dt.datetime.combine(TODAY, dt.time(18))


def _day(v) -> dt.date:
    if isinstance(v, dt.datetime):
        return v.date()
    return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v)[:10])


class Rows:
    """The demo's rows, read with plain SQL."""

    def __init__(self, ctx):
        with ctx.engine.connect() as conn:
            q = lambda sql: conn.execute(text(sql)).all()  # noqa: E731
            self.sales = q("SELECT id, kind, business_date, client_id, original_sale_id FROM sales")
            self.lines = q("SELECT sale_id, kind, service_id, staff_id, qty, total FROM sale_lines")
            self.payments = q("SELECT sale_id, method, amount FROM sale_payments")
            self.category_of = dict(q("SELECT id, category_id FROM services"))
            self.clients = q("SELECT id, number, merged_into_id, archived, birth_date FROM clients")
            self.complaints = q("SELECT opened_at, compensation_cost, category FROM complaints")
            self.surveys = q("SELECT visit_date, recommend FROM surveys")
            self.scores = q(
                "SELECT client_id, category, rfm_segment, strategy, valuable, future_value "
                "FROM client_scores"
            )
        self.date = {s.id: _day(s.business_date) for s in self.sales}
        merged = {c.id: c.merged_into_id for c in self.clients if c.merged_into_id}

        def root(cid):
            while cid in merged:
                cid = merged[cid]
            return cid

        voided = {s.original_sale_id for s in self.sales if s.kind == "void"}
        bought = {ln.sale_id for ln in self.lines if ln.kind in ("service", "product")}
        self.visit_sales = {
            s.id for s in self.sales if s.kind == "sale" and s.id not in voided and s.id in bought
        }
        self.client_visits = {
            (root(s.client_id), self.date[s.id])
            for s in self.sales
            if s.id in self.visit_sales and s.client_id is not None
        }
        self.walk_in_sales = [
            s for s in self.sales if s.id in self.visit_sales and s.client_id is None
        ]

    def expected(self, p: Period) -> dict:
        inside = lambda d: p.start <= d < p.end  # noqa: E731
        services = retail = 0
        by_category: dict = defaultdict(int)
        by_staff: dict = defaultdict(int)
        top: dict = defaultdict(lambda: [0, 0])
        visit_revenue = 0
        for ln in self.lines:
            if ln.kind not in ("service", "product") or not inside(self.date[ln.sale_id]):
                continue
            if ln.kind == "service":
                services += ln.total
                by_category[self.category_of.get(ln.service_id)] += ln.total
                top[ln.service_id][0] += ln.qty
                top[ln.service_id][1] += ln.total
            else:
                retail += ln.total
                by_category["retail"] += ln.total
            by_staff[ln.staff_id] += ln.total
            if ln.sale_id in self.visit_sales:
                visit_revenue += ln.total
        by_day: dict = defaultdict(int)
        for ln in self.lines:
            if ln.kind in ("service", "product") and inside(self.date[ln.sale_id]):
                by_day[self.date[ln.sale_id]] += ln.total
        by_method: dict = defaultdict(int)
        for pay in self.payments:
            if inside(self.date[pay.sale_id]):
                by_method[pay.method] += pay.amount
        seen = {(c, d) for c, d in self.client_visits if inside(d)}
        clients = {c for c, _d in seen}
        first = {}
        for c, d in self.client_visits:
            first[c] = min(d, first.get(c, d))
        new = {c for c in clients if inside(first[c])}
        before = p.months_before(3)
        base = {c for c, d in self.client_visits if before.start <= d < before.end}
        walk_ins = sum(1 for s in self.walk_in_sales if inside(self.date[s.id]))
        days_of = defaultdict(list)
        for c, d in self.client_visits:
            days_of[c].append(d)
        gaps = []
        for c in clients:
            days = sorted(days_of[c])
            gaps += [(b - a).days for a, b in zip(days, days[1:], strict=False) if inside(b)]
        opened = [k for k in self.complaints if p.start <= _day(k.opened_at) < p.end]
        answers = [
            sv for sv in self.surveys if inside(_day(sv.visit_date)) and sv.recommend is not None
        ]
        tops = sorted(top.items(), key=lambda kv: (-kv[1][1], kv[0] or 0))[:10]
        return dict(
            services=services,
            retail=retail,
            by_category={k: v for k, v in by_category.items() if v},
            by_staff={k: v for k, v in by_staff.items() if v},
            by_method={k: v for k, v in by_method.items() if v},
            by_day=sorted(by_day.items()),
            visits=len(seen) + walk_ins,
            walk_ins=walk_ins,
            visit_revenue=visit_revenue,
            clients=len(clients),
            new_clients=len(new),
            retention_base=len(base),
            retained=len(base & clients),
            rebooked=len(gaps),
            rebook_median_days=statistics.median(gaps) if gaps else None,
            rebook_mean_days=statistics.fmean(gaps) if gaps else None,
            top=[(sid, n, a) for sid, (n, a) in tops],
            complaints=len(opened),
            compensation=sum(k.compensation_cost for k in opened),
            nps_answers=len(answers),
            promoters=sum(1 for a in answers if a.recommend >= 9),
        )


def got(m) -> dict:
    return dict(
        services=m.services,
        retail=m.retail,
        by_category={a.key: a.amount for a in m.by_category},
        by_staff={a.key: a.amount for a in m.by_staff},
        by_method={a.key: a.amount for a in m.by_method},
        by_day=list(m.by_day),
        visits=m.visits,
        walk_ins=m.walk_ins,
        visit_revenue=m.visit_revenue,
        clients=m.clients,
        new_clients=m.new_clients,
        retention_base=m.retention_base,
        retained=m.retained,
        rebooked=m.rebooked,
        rebook_median_days=m.rebook_median_days,
        rebook_mean_days=m.rebook_mean_days,
        top=[(t.service_id, t.count, t.amount) for t in m.top_services],
        complaints=m.complaints.opened,
        compensation=m.complaints.compensation_cost,
        nps_answers=m.surveys.overall.nps.answers,
        promoters=m.surveys.overall.nps.promoters,
    )


def _voucher_only(ctx, client_id: int | None, code: str) -> None:
    from salon_desktop.domain.sale import compute
    from tests.services.sales_helpers import pay
    from tests.services.test_sales import voucher_line

    with ctx.engine.connect() as conn:
        desk = conn.execute(text("SELECT min(id) FROM staff")).scalar_one()
    lines = [voucher_line(code, 50_000)]
    due = compute(pay(ctx, lines), ctx.salon.currency, ctx.salon.net_pricing).due
    ctx.sales.post(pay(ctx, lines, client=client_id, card=due), desk)


@pytest.fixture
def demo(ctx):
    """A Persian demo salon (Jalali calendar) with two years of sales, complaints,
    surveys and stored scores; one client file merged into another that has visits."""
    from salon_desktop.demo import fill_demo

    ctx.reports._now = lambda: NOW
    fill_demo(ctx, clients=70, seed=5, years=2, language="fa", now=NOW, complaints=40)
    ctx.reload_settings()
    with ctx.engine.connect() as conn:
        with_visits = (
            conn.execute(
                text(
                    "SELECT client_id FROM sales WHERE client_id IS NOT NULL "
                    "GROUP BY client_id ORDER BY count(*) DESC"
                )
            )
            .scalars()
            .all()
        )
    ctx.clients.merge(with_visits[0], with_visits[1], None)
    ctx.clients.merge(with_visits[2], with_visits[0], None)  # a chain: 1 -> 0 -> 2
    # Sales of only a gift voucher (today, in Azar 1405) are not visits: one for a
    # client, one for a walk-in.
    _voucher_only(ctx, with_visits[3], "REPORT-1")
    _voucher_only(ctx, None, "REPORT-2")
    ctx.segments.refit()
    # Birthdays on the edges of Dey 1405 (22 December 2026 to 20 January 2027).
    born = ["1990-12-22", "1985-01-20", "1992-12-21", "1979-01-21", "1996-12-31"]
    with ctx.engine.begin() as conn:
        ids = (
            conn.execute(
                text("SELECT id FROM clients WHERE archived = :f ORDER BY id"), {"f": False}
            )
            .scalars()
            .all()
        )
        for cid, day in zip(ids, born, strict=False):
            conn.execute(
                text("UPDATE clients SET birth_date = :d WHERE id = :i"),
                {"d": dt.date.fromisoformat(day), "i": cid},
            )
    return ctx


def test_every_figure_equals_an_independent_count_of_the_rows(demo):
    assert demo.salon.uses_jalali()
    rows = Rows(demo)
    assert rows.walk_in_sales and any(s.kind == "void" for s in rows.sales)
    bought = {ln.sale_id for ln in rows.lines if ln.kind in ("service", "product")}
    voucher_only = {ln.sale_id for ln in rows.lines if ln.kind == "voucher"} - bought
    client_of = {s.id: s.client_id for s in rows.sales}
    assert len(voucher_only) >= 2 and any(client_of[i] for i in voucher_only)
    periods = [
        parse_month("1405-08", True),  # Aban: 23 October to 21 November 2026
        parse_month("۱۴۰۵-۰۹", True),  # Azar, typed in Persian digits (up to "today")
        month_period(2026, 10, False),
        range_period(dt.date(2026, 3, 5), dt.date(2026, 6, 17), True),
    ]
    for p in periods:
        report = demo.reports.report(p)
        for m in report.periods:
            want = rows.expected(m.period)
            have = got(m)
            assert have.pop("rebook_mean_days") == pytest.approx(want.pop("rebook_mean_days"))
            assert have == want, m.period
            if m.visits:
                assert m.average_ticket == round_half_up(m.visit_revenue, m.visits)
        assert report.current.visits > 0
    # Something to compare: the demo's months are not empty.
    aban = demo.reports.report(periods[0])
    assert aban.current.new_clients >= 0 and aban.current.retained > 0
    assert aban.current.complaints.opened + aban.previous.complaints.opened > 0


def test_segments_birthdays_and_clients_to_win_back(demo):
    rows = Rows(demo)
    azar = parse_month("1405-09", True)
    report = demo.reports.report(azar)
    current = {c.id for c in rows.clients if not c.archived and not c.merged_into_id}
    scores = [s for s in rows.scores if s.client_id in current]
    cats: dict = defaultdict(int)
    for s in scores:
        cats[s.category] += 1
    assert dict(report.segments.categories) == cats
    assert report.segments.clients == len(scores)
    strategies: dict = defaultdict(int)
    for s in scores:
        strategies[s.strategy] += 1
    assert dict(report.segments.strategies) == strategies
    # Dey 1405: 22 December 2026 to 20 January 2027, over New Year.
    dey = report.birthdays_month
    assert (dey.start, dey.end) == (dt.date(2026, 12, 22), dt.date(2027, 1, 21))

    def falls_in(born: dt.date) -> bool:
        for year in (2026, 2027):
            try:
                on = born.replace(year=year)
            except ValueError:
                on = dt.date(year, 2, 28)
            if dey.start <= on < dey.end:
                return True
        return False

    want = {
        c.id
        for c in rows.clients
        if c.id in current and c.birth_date and falls_in(_day(c.birth_date))
    }
    assert {b.client_id for b in report.birthdays} == want and report.birthdays_total == len(want)
    assert len(want) >= 3, "the demo has birthdays in Dey"
    assert all(dey.start <= b.on < dey.end for b in report.birthdays)
    assert [b.on for b in report.birthdays] == sorted(b.on for b in report.birthdays)
    win = sorted(
        (s for s in scores if s.strategy == "win_back" and s.valuable),
        key=lambda s: (-s.future_value, s.client_id),
    )
    assert [w.client_id for w in report.win_back] == [s.client_id for s in win][:25]
    # NPS by month: the twelve months up to Azar that had surveys (Azar has none yet).
    trend = report.nps_trend
    assert len(trend) == 11 and trend[-1].key == (1405, 8) and trend[0].key == (1404, 10)


def test_the_figures_as_csv_escape_text_and_give_amounts_as_numbers(demo):
    report = demo.reports.report(parse_month("1405-08", True))
    rows = csv_rows(report, demo.salon.currency, lambda kind, key: f"{kind}:{key}")
    assert rows[0][3:] and all(len(r) == 6 for r in rows)
    services = next(r for r in rows if r[1] == "Services")
    assert services[3] == str(report.current.services // 10)  # toman, stored in rials
    assert not any(c.startswith(("=", "+", "@")) for r in rows for c in r[:3])


def test_only_managers_and_the_owner_see_the_report(ctx):
    from salon_desktop.services.accounts import PermissionDenied

    owner = ctx.accounts.create_owner("Owner", "4321")
    desk = ctx.staff.add("Desk", "reception").id
    period = parse_month("2026-10", False)
    assert ctx.reports.report(period, owner.id).current.visits == 0
    assert ctx.reports.report(period, None).current.visits == 0  # the command line
    with pytest.raises(PermissionDenied):
        ctx.reports.report(period, desk)


def test_periods_of_the_calendars():
    aban = parse_month("1405-08", True)
    assert (aban.start, aban.end) == (dt.date(2026, 10, 23), dt.date(2026, 11, 22))
    assert aban.previous().month == (1405, 7) and aban.year_before().month == (1404, 8)
    esfand = parse_month("1403-12", True)  # a leap Esfand: 30 days
    assert esfand.days == 30 and esfand.next_month().month == (1404, 1)
    jan = parse_month("2026-01", False)
    assert jan.previous().month == (2025, 12)
    assert jan.months_before(3).start == dt.date(2025, 10, 1)
    r = range_period(dt.date(2026, 1, 10), dt.date(2026, 1, 19), False)
    assert r.previous() == Period(dt.date(2025, 12, 31), dt.date(2026, 1, 10))
    assert range_period(dt.date(2026, 2, 1), dt.date(2026, 2, 28), False).month == (2026, 2)
    for bad in ("2026-13", "26-10", "", "1405/00"):
        with pytest.raises(BadPeriod):
            parse_month(bad, False)
    assert median_of_counts([(3, 1), (10, 2)]) == 10
    assert median_of_counts([(3, 1), (10, 1)]) == 6.5
    assert median_of_counts([]) is None
