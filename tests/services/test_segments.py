"""Client scores from the database: visits, revenue and margin as posted (voids, refunds,
compensation, merged files), the model chosen, what is stored and read back; on SQLite
and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest
from sqlalchemy import text

from salon_desktop.db.engine import make_sessionmaker
from salon_desktop.domain import clv
from salon_desktop.domain.client import ClientDraft, Source
from salon_desktop.domain.complaints import Compensation, ComplaintDraft, State, Step
from salon_desktop.domain.feedback import Satisfaction
from salon_desktop.domain.sale import LineDraft, LineKind
from salon_desktop.domain.segments import (
    CATEGORY_ORDER,
    STRATEGY_RULES,
    Category,
    RfmSegment,
    Strategy,
)
from salon_desktop.services.sales import SalesService
from salon_desktop.services.segments import (
    EPOCH,
    Aggregates,
    SegmentService,
    SegmentSettings,
    score,
    view,
)
from tests.conftest import FIXED_DATE
from tests.services.sales_helpers import make_shop, pay, prod_line, svc_line

TODAY = FIXED_DATE


class Desk:
    """Posting sales on chosen days (the till posts on "today")."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.day = TODAY
        self.sales = SalesService(
            make_sessionmaker(ctx.engine), lambda: ctx.salon, today=lambda: self.day
        )

    def visit(self, days_ago: int, lines, client: int):
        self.day = TODAY - dt.timedelta(days=days_ago)
        return self.sales.post(pay(self.ctx, lines, client=client))


@pytest.fixture
def shop(ctx):
    s = make_shop(ctx)
    ctx.catalog.set_commission(s.anna, 1000, 500)  # 10 % of services, 5 % of products
    return s


@pytest.fixture
def service(ctx):
    return SegmentService(make_sessionmaker(ctx.engine), today=lambda: TODAY)


def one(service, client_id: int, **kw):
    """One client's scores from a fresh computation."""
    scores = service.compute(**kw)
    return view(scores, scores.index(client_id))


def _independent(ctx, client_ids) -> tuple[int, int]:
    """Revenue and margin of the clients' service and product lines, by a plain query."""
    ids = ",".join(str(i) for i in client_ids)
    with ctx.engine.connect() as conn:
        rev, mar = conn.execute(
            text(
                "SELECT coalesce(sum(l.total), 0), coalesce(sum(l.net - l.cost - l.commission), 0)"
                " FROM sale_lines l JOIN sales s ON s.id = l.sale_id"
                f" WHERE s.client_id IN ({ids}) AND l.kind IN ('service', 'product')"
                " AND s.id NOT IN (SELECT original_sale_id FROM sales WHERE kind = 'void'"
                "   AND original_sale_id IS NOT NULL)"
                " AND NOT (s.kind = 'void')"
            )
        ).one()
    return int(rev), int(mar)


def test_visits_revenue_and_margin_as_posted(ctx, shop, service):
    desk = Desk(ctx)
    c = shop.client
    desk.visit(200, [svc_line(shop, "colour"), prod_line(shop)], c)
    desk.visit(100, [svc_line(shop)], c)
    voided = desk.visit(50, [svc_line(shop, "colour")], c)
    desk.sales.void(voided.sale_id, "Entered twice", shop.desk)
    kept = desk.visit(10, [svc_line(shop), prod_line(shop, "serum")], c)
    with ctx.engine.connect() as conn:
        serum_line = conn.execute(
            text("SELECT id FROM sale_lines WHERE sale_id = :s AND kind = 'product'"),
            {"s": kept.sale_id},
        ).scalar_one()
    desk.sales.refund(kept.sale_id, {serum_line: 1}, "Allergic", shop.desk)
    # A gift voucher bought and money paid in are not spending.
    desk.visit(5, [LineDraft(LineKind.ACCOUNT, "Paid in", 50_000, 1, 0)], c)

    scores = service.compute()
    v = view(scores, scores.index(c))
    assert v.visits == 3  # the voided day and the paying-in day are not visits
    assert v.first_visit == TODAY - dt.timedelta(days=200)
    assert v.last_visit == TODAY - dt.timedelta(days=10)
    assert v.visits_year == 3
    revenue, margin = _independent(ctx, [c])
    # colour 24,999 + shampoo 4,500 + cut 10,000 + cut 10,000 (the serum given back)
    assert revenue == 24_999 + 4_500 + 10_000 + 10_000
    assert (v.revenue, v.margin) == (revenue, margin)
    assert 0 < v.margin < v.revenue


def test_compensation_is_taken_off_the_margin(ctx, shop, service):
    desk = Desk(ctx)
    desk.visit(30, [svc_line(shop, "colour")], shop.client)
    before = one(service, shop.client).margin
    cid = ctx.complaints.record(ComplaintDraft(shop.client, "Colour faded"), shop.desk)
    ctx.complaints.step(cid, Step(State.ACKNOWLEDGED), shop.desk)
    ctx.complaints.step(
        cid,
        Step(
            State.RESOLVED,
            resolution="A voucher",
            compensation=Compensation.VOUCHER,
            compensation_amount=3_000,  # given at zero through the till: it costs its value
        ),
        shop.desk,
    )
    after = one(service, shop.client).margin
    assert after == before - 3_000


def test_an_open_complaint_makes_her_dissatisfied_until_resolved(ctx, shop, service):
    desk = Desk(ctx)
    for days in (120, 90, 60, 30):
        desk.visit(days, [svc_line(shop)], shop.client)
    assert one(service, shop.client).strategy is Strategy.MAINTAIN
    cid = ctx.complaints.record(ComplaintDraft(shop.client, "Waited an hour"), shop.desk)
    v = one(service, shop.client)
    assert v.satisfaction is Satisfaction.DISSATISFIED and v.strategy is Strategy.REDESIGN
    ctx.complaints.step(cid, Step(State.ACKNOWLEDGED), shop.desk)
    ctx.complaints.step(cid, Step(State.RESOLVED, resolution="Apologised"), shop.desk)
    assert one(service, shop.client).strategy is Strategy.MAINTAIN
    # given satisfaction (from the surveys) replaces what complaints tell
    v = one(service, shop.client, satisfaction={shop.client: Satisfaction.SATISFIED})
    assert v.satisfaction is Satisfaction.SATISFIED


def test_a_merged_file_counts_for_the_kept_one(ctx, shop, service):
    desk = Desk(ctx)
    other = ctx.clients.create(ClientDraft(first_name="Zahra", last_name="A."), shop.desk)
    desk.visit(90, [svc_line(shop)], other)
    desk.visit(20, [svc_line(shop, "colour")], shop.client)
    ctx.clients.merge(shop.client, other, shop.desk)
    scores = service.compute()
    assert scores.index(other) is None  # archived: no scores of its own
    v = view(scores, scores.index(shop.client))
    assert v.visits == 2 and v.first_visit == TODAY - dt.timedelta(days=90)
    assert (v.revenue, v.margin) == _independent(ctx, [shop.client, other])


def test_a_small_salon_gets_the_simple_formula(ctx, shop, service):
    desk = Desk(ctx)
    for days in (300, 200, 100, 40):
        desk.visit(days, [svc_line(shop)], shop.client)
    empty = ctx.clients.create(ClientDraft(first_name="Nobody"), shop.desk)
    scores = service.compute()
    assert scores.fit.model is clv.ValueModel.SIMPLE
    v = view(scores, scores.index(shop.client))
    assert v.value_model is clv.ValueModel.SIMPLE
    # average margin per visit × visits in the last 12 months × 3 years
    assert v.future_value == round(v.margin / 4 * 4 * 3)
    assert v.p_alive is None and v.expected_visits is None
    assert v.category is Category.LOYAL and v.strategy is Strategy.MAINTAIN
    assert (v.r, v.f, v.m) == (3, 3, 3)  # the only client with visits: the middle
    assert v.rfm_segment is RfmSegment.LOYAL
    nobody = view(scores, scores.index(empty))
    assert nobody.category is Category.NEW and nobody.strategy is Strategy.START
    assert nobody.value_model is clv.ValueModel.NONE and nobody.rfm_segment is None


def test_surveys_and_referrals_change_the_category_and_strategy(ctx, shop, service):
    desk = Desk(ctx)
    for days in (120, 90, 60, 30):
        desk.visit(days, [svc_line(shop)], shop.client)
    scores = service.compute(satisfaction={shop.client: Satisfaction.DISSATISFIED})
    v = view(scores, scores.index(shop.client))
    assert v.category is Category.LOYAL and v.satisfaction is Satisfaction.DISSATISFIED
    assert v.strategy is Strategy.REDESIGN
    assert one(service, shop.client, recommend={shop.client: 9}).category is Category.PROMOTER
    assert one(service, shop.client, recommend={shop.client: 8}).category is Category.LOYAL
    ctx.clients.create(
        ClientDraft(first_name="Friend", referred_by_id=shop.client, source=Source.RECOMMENDATION),
        shop.desk,
    )
    assert one(service, shop.client).category is Category.PROMOTER


def test_refit_stores_what_compute_gives_and_replaces_the_last_run(ctx, shop, service):
    desk = Desk(ctx)
    for days in (300, 150, 20):
        desk.visit(days, [svc_line(shop)], shop.client)
    assert service.for_client(shop.client) is None and service.last_run() is None
    scores = service.compute()
    run = service.refit()
    assert run.clients == len(scores) and run.model is clv.ValueModel.SIMPLE
    stored = service.for_client(shop.client)
    assert stored == view(scores, scores.index(shop.client))
    assert stored.rule.reason  # the plain words to show
    service.refit()
    with ctx.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM score_runs")).scalar_one() == 1
        assert conn.execute(text("SELECT count(*) FROM client_scores")).scalar_one() == len(scores)


# -- the model on a salon with enough history (arrays, no database) ---------------------------


def _synthetic(n: int = 2_000, seed: int = 3) -> Aggregates:
    """Clients arriving over three years, visiting every ~6 weeks while they stay."""
    rng = np.random.default_rng(seed)
    t_day = (TODAY - EPOCH).days
    first = t_day - rng.integers(1, 1_100, n)
    rate = rng.gamma(2.0, 1 / 60.0, n)  # visits per day
    drop = rng.beta(1.0, 4.0, n)
    visits = np.ones(n, dtype=np.int64)
    last = first.copy()
    for i in range(n):
        t = float(first[i])
        while True:
            t += rng.exponential(1 / rate[i])
            if t >= t_day:
                break
            visits[i] += 1
            last[i] = int(t)
            if rng.random() < drop[i]:
                break
    window = np.where(last >= t_day - 364, np.minimum(visits, 1 + (last - (t_day - 364)) // 40), 0)
    revenue = visits * rng.integers(5_000, 30_000, n)
    margin = revenue * 2 // 5
    return Aggregates(
        client_id=np.arange(1, n + 1, dtype=np.int64),
        visits=visits,
        visits_window=window.astype(np.int64),
        first_day=first.astype(np.int64),
        last_day=last.astype(np.int64),
        revenue=revenue.astype(np.int64),
        margin=margin.astype(np.int64),
        referrals=np.zeros(n, dtype=np.int64),
    )


@pytest.fixture(scope="module")
def synthetic_scores():
    return score(_synthetic(), TODAY, SegmentSettings())


def test_enough_history_gets_the_probabilistic_model(synthetic_scores):
    s = synthetic_scores
    assert s.fit.model is clv.ValueModel.PROBABILISTIC
    assert s.fit.bgnbd.converged and s.fit.gamma_gamma.converged
    assert all(m is clv.ValueModel.PROBABILISTIC for m in s.value_model)
    assert np.all((s.p_alive >= 0) & (s.p_alive <= 1))
    assert np.all(s.future_value >= 0)


def test_recent_frequent_clients_are_worth_more_than_gone_ones(synthetic_scores):
    s = synthetic_scores
    a = s.agg
    t_day = (TODAY - EPOCH).days
    recent = (a.visits >= 8) & (t_day - a.last_day < 30)
    gone = (a.visits >= 8) & (t_day - a.last_day > 500)
    assert recent.any() and gone.any()
    assert np.median(s.p_alive[recent]) > 0.8 > 0.2 > np.median(s.p_alive[gone])
    assert np.median(s.future_value[recent]) > 5 * np.median(s.future_value[gone])


def test_every_client_has_a_category_segment_and_strategy(synthetic_scores):
    s = synthetic_scores
    assert set(np.unique(s.category)) <= set(range(len(CATEGORY_ORDER)))
    assert np.all(s.rfm >= 0) and np.all((s.r >= 1) & (s.r <= 5))
    assert np.all((s.rule >= 0) & (s.rule < len(STRATEGY_RULES)))
    used = {STRATEGY_RULES[k].strategy for k in np.unique(s.rule)}
    assert {Strategy.MAINTAIN, Strategy.WIN_BACK, Strategy.END} <= used


def test_the_discount_rate_is_a_setting(synthetic_scores):
    agg = synthetic_scores.agg
    cheap = score(
        agg,
        TODAY,
        dataclasses.replace(SegmentSettings(), yearly_discount=0.5),
        fit=synthetic_scores.fit,
    )
    assert cheap.future_value.sum() < synthetic_scores.future_value.sum()


# -- a demo salon, checked against the client file's own figures ----------------------------


def test_a_demo_salon_agrees_with_each_client_file(ctx, service):
    from salon_desktop.demo import fill_demo

    fill_demo(ctx, clients=60, seed=11, years=2, now=dt.datetime.combine(TODAY, dt.time(18)))
    scores = service.compute()
    checked = 0
    for cid in scores.agg.client_id.tolist():
        v = view(scores, scores.index(cid))
        _, figures = ctx.reader.history(cid)
        assert (v.visits, v.first_visit, v.last_visit) == (
            figures.visits,
            figures.first_visit,
            figures.last_visit,
        ), cid
        assert v.revenue == figures.total_spent, cid
        checked += v.visits > 0
    assert checked > 30
    run = service.refit()
    assert run.clients == len(scores)
    assert service.for_client(int(scores.agg.client_id[0])) is not None


def test_the_scores_hear_what_the_surveys_say(ctx, shop):
    """The context's scoring reads every client's survey answers: a 10 makes a loyal
    client a promoter, a 2 makes her dissatisfied (and so redesign)."""
    from salon_desktop.domain.surveys import SurveyDraft

    desk = Desk(ctx)
    other = ctx.clients.create(ClientDraft(first_name="Other"), shop.desk)
    last = {}
    for cid in (shop.client, other):
        for days in (120, 90, 60, 30):
            last[cid] = desk.visit(days, [svc_line(shop)], cid).sale_id
    before = ctx.segments.compute()
    assert view(before, before.index(shop.client)).category is Category.LOYAL
    ctx.surveys.record(SurveyDraft(last[shop.client], recommend=10), shop.desk)
    ctx.surveys.record(SurveyDraft(last[other], recommend=2), shop.desk)
    after = ctx.segments.compute()
    happy, unhappy = (view(after, after.index(c)) for c in (shop.client, other))
    assert happy.category is Category.PROMOTER
    assert unhappy.satisfaction is Satisfaction.DISSATISFIED
    assert unhappy.strategy is Strategy.REDESIGN
