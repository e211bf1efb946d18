"""The BG/NBD and Gamma-Gamma models against the papers' CDNOW figures, and their
properties on hand-made data."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salon_desktop.domain import clv

DATA = Path(__file__).resolve().parents[1] / "data"


def _cdnow():
    with open(DATA / "cdnow_customers_summary.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    return (
        np.array([float(r["frequency"]) for r in rows]),
        np.array([float(r["recency"]) for r in rows]),
        np.array([float(r["T"]) for r in rows]),
    )


def _cdnow_spend():
    with open(DATA / "cdnow_customers_summary_with_transactions.csv", newline="") as f:
        rows = [r for r in csv.DictReader(f) if float(r["x"]) > 0]
    return np.array([float(r["x"]) for r in rows]), np.array([float(r["zbar"]) for r in rows])


@pytest.fixture(scope="module")
def cdnow_fit():
    return clv.fit_bgnbd(*_cdnow())


def test_cdnow_has_the_papers_2357_customers_and_946_repeat_buyers():
    x, _, T = _cdnow()
    assert len(x) == 2357
    assert set(np.round(T, 0)) <= set(range(27, 40))  # first purchases in weeks 1-12
    n, _ = _cdnow_spend()
    assert len(n) == 946


def test_bgnbd_reproduces_fader_hardie_lee_2005(cdnow_fit):
    m = cdnow_fit
    # Table / text of the paper: r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4
    assert (round(m.r, 3), round(m.alpha, 3), round(m.a, 3), round(m.b, 3)) == (
        0.243,
        4.414,
        0.793,
        2.426,
    )
    assert round(m.log_likelihood, 1) == -9582.4
    assert m.converged


def test_bgnbd_conditional_expectation_of_the_papers_example(cdnow_fit):
    # The paper's example: x = 2, t_x = 30.43, T = 38.86 expects 1.226 visits in 39 weeks.
    e = clv.expected_visits(cdnow_fit, 39, [2], [30.43], [38.86])
    assert round(float(e[0]), 3) == 1.226


def test_gamma_gamma_reproduces_the_rfm_clv_paper():
    n, z = _cdnow_spend()
    g = clv.fit_gamma_gamma(n, z)
    # Fader, Hardie & Lee (JMR 2005): p = 6.25, q = 3.74, γ = 15.44 (the CSV's means are
    # rounded to cents, which moves γ in its second decimal by under 0.01).
    assert round(g.p, 2) == 6.25
    assert round(g.q, 2) == 3.74
    assert g.gamma == pytest.approx(15.44, abs=0.01)
    assert g.converged
    # The population mean γp/(q − 1) is about $35.
    assert g.population_mean == pytest.approx(35.2, abs=0.1)


def test_grouped_rows_give_the_same_fit_as_weights():
    x, t, T = _cdnow()
    (gx, gt, gT), counts = clv.group_rows(x, t, T)
    assert len(gx) < len(x) and counts.sum() == len(x)
    a = clv.fit_bgnbd(x, t, T)
    b = clv.fit_bgnbd(gx, gt, gT, weights=counts)
    assert b.r == pytest.approx(a.r, rel=1e-4)
    assert b.log_likelihood == pytest.approx(a.log_likelihood, rel=1e-9)


def test_the_time_unit_only_scales_alpha(cdnow_fit):
    x, t, T = _cdnow()
    days = clv.fit_bgnbd(x, t * 7, T * 7)
    assert days.r == pytest.approx(cdnow_fit.r, rel=1e-3)
    assert days.a == pytest.approx(cdnow_fit.a, rel=1e-3)
    assert days.b == pytest.approx(cdnow_fit.b, rel=1e-3)
    assert days.alpha == pytest.approx(cdnow_fit.alpha * 7, rel=1e-3)


def test_p_alive_is_one_without_repeat_visits_and_falls_with_silence(cdnow_fit):
    pa = clv.p_alive(cdnow_fit, [0, 3, 3, 3], [0, 38, 20, 5], [38.86] * 4)
    assert pa[0] == 1.0
    assert 1 > pa[1] > pa[2] > pa[3] > 0


def test_expected_visits_grow_with_time_and_start_at_zero(cdnow_fit):
    e = [float(clv.expected_visits(cdnow_fit, t, [4], [35.0], [38.0])[0]) for t in (0, 4, 26, 52)]
    assert e[0] == 0
    assert e == sorted(e) and e[-1] > e[1]


def test_discounted_value_is_less_than_undiscounted(cdnow_fit):
    args = (cdnow_fit, [4], [35.0], [38.0], 10.0)
    free = clv.discounted_value(*args, months=12, yearly_rate=0.0, days_per_unit=7)
    paid = clv.discounted_value(*args, months=12, yearly_rate=0.10, days_per_unit=7)
    year = clv.expected_visits(cdnow_fit, 365.25 / 7, [4], [35.0], [38.0])
    assert free[0] == pytest.approx(10.0 * year[0], rel=1e-9)
    assert 0 < paid[0] < free[0]


def test_expected_spend_shrinks_towards_the_population_mean():
    g = clv.GammaGamma(p=6.25, q=3.74, gamma=15.44, log_likelihood=0.0)
    one, many = clv.expected_spend(g, [1, 50], [100.0, 100.0])
    assert g.population_mean < one < many < 100.0
    assert clv.expected_spend(g, [0], [0.0])[0] == pytest.approx(g.population_mean)


def test_simple_formula():
    assert list(clv.simple_value([5000, 0], [6, 6], 3)) == [90000, 0]


@pytest.mark.parametrize(
    "x, t, T",
    [([1], [5], [4]), ([-1], [0], [4]), ([0], [2], [4]), ([], [], [])],
)
def test_fit_refuses_impossible_histories(x, t, T):
    with pytest.raises(ValueError):
        clv.fit_bgnbd(x, t, T)


def test_gamma_gamma_refuses_zero_amounts():
    with pytest.raises(ValueError):
        clv.fit_gamma_gamma([1, 2], [0.0, 5.0])


@pytest.mark.parametrize(
    "h, enough",
    [
        (clv.History(100, 30, 180), True),
        (clv.History(99, 30, 180), False),
        (clv.History(100, 29, 180), False),
        (clv.History(100, 30, 179), False),
    ],
)
def test_enough_history_at_its_thresholds(h, enough):
    assert clv.enough_history(h) is enough


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 30), st.floats(0, 1), st.floats(1, 700)), min_size=1, max_size=40
    )
)
def test_p_alive_and_expectations_stay_in_range(rows):
    m = clv.BgNbd(r=0.5, alpha=20.0, a=0.8, b=2.5, log_likelihood=0.0)
    x = np.array([r[0] for r in rows], dtype=float)
    T = np.array([r[2] for r in rows])
    t = np.where(x > 0, np.array([r[1] for r in rows]) * T, 0.0)
    pa = clv.p_alive(m, x, t, T)
    assert np.all((pa >= 0) & (pa <= 1))
    e = clv.expected_visits(m, 365.0, x, t, T)
    assert np.all(np.isfinite(e)) and np.all(e >= 0)
    assert math.isfinite(clv.bgnbd_log_likelihood(0.5, 20.0, 0.8, 2.5, x, t, T))


def test_distinct_rows_are_those_of_numpy_unique():
    from salon_desktop.domain.clv import distinct_rows

    rng = np.random.default_rng(3)
    for n in (0, 1, 9, 5_000):
        cols = (
            rng.integers(0, 5, n).astype(float),
            rng.integers(0, 3, n) * 7.0 + 3.5,
            rng.integers(0, 4, n) + 0.5,
        )
        rows, inverse, counts = distinct_rows(*cols)
        if n == 0:
            assert [len(r) for r in rows] == [0, 0, 0] and len(inverse) == 0
            continue
        want, inv, cnt = np.unique(
            np.column_stack(cols), axis=0, return_inverse=True, return_counts=True
        )
        assert np.array_equal(np.column_stack(rows), want)
        assert np.array_equal(inverse, inv.reshape(-1)) and np.array_equal(counts, cnt)
        assert np.array_equal(np.column_stack(rows)[inverse], np.column_stack(cols))
