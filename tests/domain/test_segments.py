"""Frequency categories, RFM and strategies at their boundaries, on hand-built histories."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salon_desktop.domain.feedback import Satisfaction
from salon_desktop.domain.segments import (
    CATEGORY_ORDER,
    RFM_ORDER,
    RFM_SEGMENTS,
    STRATEGY_RULES,
    Category,
    CategoryRule,
    Presence,
    RfmSegment,
    Strategy,
    StrategyThresholds,
    VisitHistory,
    categories,
    category,
    presence,
    quintile_scores,
    rfm_segment,
    rfm_segments,
    strategy,
    top_share,
)

TODAY = dt.date(2026, 12, 3)


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def history(
    visits: int,
    first: int,
    last: int,
    in_window: int | None = None,
    referrals: int = 0,
    score: int | None = None,
) -> VisitHistory:
    """``visits`` visits, the first ``first`` days ago and the last ``last`` days ago."""
    return VisitHistory(
        visits=visits,
        visits_in_window=visits if in_window is None else in_window,
        first_visit=ago(first),
        last_visit=ago(last),
        referrals_in_window=referrals,
        latest_recommend=score,
    )


# -- categories ------------------------------------------------------------------------------


def test_a_file_without_visits_is_new():
    assert category(VisitHistory(), TODAY) is Category.NEW


@pytest.mark.parametrize("first, cat", [(90, Category.NEW), (91, Category.OCCASIONAL)])
def test_new_until_ninety_days_after_the_first_visit(first, cat):
    assert category(history(1, first, first), TODAY) is cat


def test_loyal_needs_four_visits_in_twelve_months():
    # every 30 days: visits 120, 90, 60, 30 days ago (average interval 30), last 30 days ago
    assert category(history(4, 120, 30), TODAY) is Category.LOYAL
    assert category(history(4, 120, 30, in_window=3), TODAY) is Category.OCCASIONAL


@pytest.mark.parametrize("last, cat", [(45, Category.LOYAL), (46, Category.OCCASIONAL)])
def test_loyal_while_the_last_visit_is_within_one_and_a_half_intervals(last, cat):
    # five visits 120 days apart in total: interval 30 days; 1.5 × 30 = 45
    first = last + 120
    assert category(history(5, first, last), TODAY) is cat


@pytest.mark.parametrize(
    "referrals, score, cat",
    [
        (0, None, Category.LOYAL),
        (1, None, Category.PROMOTER),
        (0, 9, Category.PROMOTER),
        (0, 10, Category.PROMOTER),
        (0, 8, Category.LOYAL),
    ],
)
def test_promoter_is_loyal_and_recommends_us(referrals, score, cat):
    assert category(history(5, 130, 10, referrals=referrals, score=score), TODAY) is cat


def test_a_promoter_who_is_not_loyal_is_occasional():
    assert category(history(2, 300, 200, referrals=3, score=10), TODAY) is Category.OCCASIONAL


@pytest.mark.parametrize("last, cat", [(365, Category.OCCASIONAL), (366, Category.LAPSED)])
def test_lapsed_after_a_year_without_a_visit(last, cat):
    assert category(history(1, last, last), TODAY) is cat


@pytest.mark.parametrize("last, cat", [(90, Category.OCCASIONAL), (91, Category.LAPSED)])
def test_lapsed_after_three_usual_intervals(last, cat):
    # 3 visits 60 days apart: interval 30, 3 × 30 = 90 days of silence allowed
    assert category(history(3, last + 60, last), TODAY) is cat


@pytest.mark.parametrize("last, cat", [(89, Category.OCCASIONAL), (90, Category.LAPSED)])
def test_a_weekly_client_is_not_lapsed_before_ninety_days(last, cat):
    # weekly for a year: 3 × 7 days is far exceeded, but lapsing needs 90 days at least
    assert category(history(50, last + 343, last, in_window=20), TODAY) is cat


def test_the_thresholds_are_settings():
    strict = CategoryRule(loyal_visits=6)
    assert category(history(5, 130, 10), TODAY, strict) is Category.OCCASIONAL


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, 60),
    st.integers(0, 1500),
    st.integers(0, 1500),
    st.integers(0, 30),
    st.booleans(),
)
def test_the_array_rule_is_the_same_rule(visits, first, gap, window, recommends):
    last = max(0, first - gap) if visits > 1 else first
    h = (
        VisitHistory()
        if visits == 0
        else history(
            visits,
            first,
            last,
            in_window=min(window, visits),
            referrals=int(recommends),
        )
    )
    one = category(h, TODAY)
    arr = categories(
        [visits],
        [h.visits_in_window],
        [first if visits else 0],
        [last if visits else 0],
        [recommends],
    )
    assert CATEGORY_ORDER[arr[0]] is one


# -- RFM --------------------------------------------------------------------------------------


def test_quintiles_of_ten_clients():
    assert list(quintile_scores(range(10))) == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert list(quintile_scores(range(10), higher_is_better=False)) == [
        5,
        5,
        4,
        4,
        3,
        3,
        2,
        2,
        1,
        1,
    ]


def test_equal_values_get_equal_scores_by_their_middle_rank():
    s = quintile_scores([1, 1, 1, 1, 1, 1, 2, 3, 4, 5])
    assert list(s) == [2, 2, 2, 2, 2, 2, 4, 4, 5, 5]
    assert list(quintile_scores([7, 7, 7])) == [3, 3, 3]


def test_one_client_scores_three_and_no_clients_nothing():
    assert list(quintile_scores([7])) == [3]
    assert list(quintile_scores([])) == []


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 20), min_size=1, max_size=60))
def test_scores_are_between_one_and_five_and_follow_the_values(values):
    s = quintile_scores(values)
    assert all(1 <= x <= 5 for x in s)
    pairs = sorted(zip(values, s, strict=True))
    assert all(a[1] <= b[1] for a, b in zip(pairs, pairs[1:], strict=False))


def test_every_rfm_combination_has_exactly_the_first_matching_segment():
    for r, f, m in itertools.product(range(1, 6), repeat=3):
        seg = rfm_segment(r, f, m)
        assert RFM_ORDER[rfm_segments([r], [f], [m])[0]] is seg


@pytest.mark.parametrize(
    "r, f, m, seg",
    [
        (5, 5, 5, RfmSegment.CHAMPIONS),
        (4, 4, 3, RfmSegment.CHAMPIONS),  # FM = ⌈3.5⌉ = 4
        (4, 3, 3, RfmSegment.LOYAL),
        (3, 5, 5, RfmSegment.LOYAL),
        (5, 2, 2, RfmSegment.POTENTIAL),
        (5, 1, 1, RfmSegment.RECENT),
        (4, 1, 1, RfmSegment.PROMISING),
        (3, 2, 2, RfmSegment.NEEDS_ATTENTION),
        (3, 1, 1, RfmSegment.ABOUT_TO_SLEEP),
        (1, 5, 4, RfmSegment.CANT_LOSE),
        (1, 3, 3, RfmSegment.AT_RISK),
        (2, 5, 5, RfmSegment.AT_RISK),
        (2, 2, 2, RfmSegment.HIBERNATING),
        (1, 2, 1, RfmSegment.LOST),
    ],
)
def test_named_segments(r, f, m, seg):
    assert rfm_segment(r, f, m) is seg


def test_every_segment_is_reachable_and_explained():
    reached = {rfm_segment(r, f, m) for r, f, m in itertools.product(range(1, 6), repeat=3)}
    assert reached == set(RfmSegment)
    assert all(row.label and row.meaning for row in RFM_SEGMENTS)


def test_scores_out_of_range_are_refused():
    with pytest.raises(ValueError):
        rfm_segment(0, 3, 3)


# -- strategy ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cat, p, pres",
    [
        (Category.LAPSED, None, Presence.GONE),
        (Category.LAPSED, 0.099, Presence.GONE),
        (Category.LAPSED, 0.1, Presence.SLIPPING),
        (Category.LOYAL, 0.49, Presence.SLIPPING),
        (Category.LOYAL, 0.5, Presence.PRESENT),
        (Category.OCCASIONAL, None, Presence.PRESENT),
    ],
)
def test_presence_at_its_thresholds(cat, p, pres):
    assert presence(cat, p) is pres


@pytest.mark.parametrize(
    "cat, valuable, p, sat, expected",
    [
        (Category.NEW, False, None, None, Strategy.START),
        (Category.NEW, True, 0.2, Satisfaction.DISSATISFIED, Strategy.REDESIGN),
        (Category.LOYAL, True, 0.9, Satisfaction.DISSATISFIED, Strategy.REDESIGN),
        (Category.LOYAL, True, 0.9, Satisfaction.AVERAGE, Strategy.MAINTAIN),
        (Category.LOYAL, True, 0.3, None, Strategy.WIN_BACK),
        (Category.LOYAL, False, 0.9, None, Strategy.STRENGTHEN),
        (Category.PROMOTER, False, 0.9, Satisfaction.SATISFIED, Strategy.MAINTAIN),
        (Category.OCCASIONAL, True, 0.7, None, Strategy.STRENGTHEN),
        (Category.OCCASIONAL, False, 0.7, None, Strategy.HARVEST),
        (Category.OCCASIONAL, False, 0.2, None, Strategy.HARVEST),
        (Category.LAPSED, True, 0.01, None, Strategy.WIN_BACK),
        (Category.LAPSED, False, 0.05, None, Strategy.END),
        (Category.LAPSED, False, None, None, Strategy.END),
        (Category.LAPSED, False, 0.1, None, Strategy.WIN_BACK),
    ],
)
def test_strategy_table(cat, valuable, p, sat, expected):
    rule = strategy(cat, valuable, p, sat)
    assert rule.strategy is expected
    assert rule.reason and rule.when


def test_the_strategy_thresholds_are_settings():
    t = StrategyThresholds(gone_below=0.5)
    assert strategy(Category.LAPSED, False, 0.3, None, t).strategy is Strategy.END


def test_every_client_gets_a_strategy_and_every_strategy_is_used():
    used = set()
    for cat, valuable, p, sat in itertools.product(
        Category, (True, False), (None, 0.05, 0.3, 0.9), (None, *Satisfaction)
    ):
        used.add(strategy(cat, valuable, p, sat).strategy)
    assert used == set(Strategy)
    assert len({r.when for r in STRATEGY_RULES}) == len(STRATEGY_RULES)


def test_top_share_counts_the_top_forty_percent_and_never_zero():
    v = np.array([0, 0, 0, 0, 0, 0, 10, 20, 30, 40])
    assert list(top_share(v, 0.4)) == [False] * 6 + [True] * 4
    assert list(top_share([5, 5, 5, 5, 5], 0.4)) == [True] * 5  # all equal: all at the cut
    assert not top_share([0, 0, 0], 0.4).any()
