"""NPS, CSAT and the satisfaction category, at their boundaries."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salon_desktop.domain.feedback import (
    Heard,
    Satisfaction,
    SatisfactionRule,
    csat,
    nps,
    recommend_group,
    satisfaction,
    window_start,
)

D = dt.datetime(2026, 11, 1, 12, 0)


def test_thirty_percent_promoters_and_twenty_detractors_is_plus_ten():
    scores = [10] * 30 + [8] * 50 + [3] * 20
    r = nps(scores)
    assert (r.answers, r.promoters, r.passives, r.detractors, r.score) == (100, 30, 50, 20, 10)


@pytest.mark.parametrize(
    "score, group",
    [
        (0, "detractor"),
        (6, "detractor"),
        (7, "passive"),
        (8, "passive"),
        (9, "promoter"),
        (10, "promoter"),
    ],
)
def test_groups_at_their_boundaries(score, group):
    assert recommend_group(score) == group


@pytest.mark.parametrize("bad", [-1, 11])
def test_scores_out_of_range_are_refused(bad):
    with pytest.raises(ValueError):
        nps([bad])
    with pytest.raises(ValueError):
        csat([0 if bad < 0 else 6])


def test_no_score_below_the_minimum_count():
    assert nps([10, 10], min_answers=3).score is None
    assert nps([10, 10, 10], min_answers=3).score == 100
    assert csat([5, 5], min_answers=3).percent is None
    assert nps([]).score is None and csat([]).percent is None


def test_csat_counts_fours_and_fives():
    assert csat([5, 4, 3, 2]).percent == 50
    assert csat([4, 4, 4]).percent == 100
    assert csat([3]).percent == 0


@given(st.lists(st.integers(0, 10), min_size=1))
def test_nps_is_promoter_share_minus_detractor_share(scores):
    r = nps(scores)
    exact = 100 * (r.promoters - r.detractors) / r.answers
    assert -100 <= r.score <= 100
    assert abs(r.score - exact) <= 0.5
    assert r.promoters + r.passives + r.detractors == len(scores)


@given(st.lists(st.integers(1, 5), min_size=1))
def test_csat_is_a_share(ratings):
    r = csat(ratings)
    assert 0 <= r.percent <= 100
    assert abs(r.percent - 100 * r.satisfied / r.answers) <= 0.5


def test_satisfaction_categories():
    rule = SatisfactionRule()
    assert satisfaction(Heard(), rule) is None
    assert satisfaction(Heard(recommend=[(D, 10)]), rule) is Satisfaction.SATISFIED
    assert satisfaction(Heard(ratings=[4, 4]), rule) is Satisfaction.SATISFIED
    assert satisfaction(Heard(ratings=[3, 4]), rule) is Satisfaction.AVERAGE
    assert satisfaction(Heard(recommend=[(D, 8)]), rule) is Satisfaction.AVERAGE
    assert satisfaction(Heard(recommend=[(D, 6)]), rule) is Satisfaction.DISSATISFIED
    assert satisfaction(Heard(ratings=[2, 3]), rule) is Satisfaction.DISSATISFIED  # 2.5
    # an open complaint outweighs a promoter's score
    assert (
        satisfaction(Heard(recommend=[(D, 10)], open_complaints=1), rule)
        is Satisfaction.DISSATISFIED
    )
    # the latest recommend score counts, not the first
    later = D + dt.timedelta(days=30)
    assert satisfaction(Heard(recommend=[(D, 3), (later, 9)]), rule) is Satisfaction.SATISFIED


def test_the_window_is_calendar_months():
    assert window_start(dt.date(2026, 12, 3), 12) == dt.date(2025, 12, 3)
    assert window_start(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
