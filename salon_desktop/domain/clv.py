"""A client's future value: the BG/NBD and Gamma-Gamma models, and the simple fallback.

Pure functions on plain sequences or numpy arrays; no database, no Qt.

**BG/NBD** (Fader, Hardie & Lee, "Counting your customers the easy way", Marketing
Science 24(2), 2005). A client, while "alive", visits as a Poisson process of rate
λ; λ varies over clients as Gamma(r, α); after each visit she drops out with
probability p, and p varies as Beta(a, b). What we know of a client is
``frequency`` x (repeat visits: visits after the first), ``recency`` t_x (time of
the last visit since the first) and ``T`` (time since the first visit). Eq. 6 of
the paper, the likelihood of one client::

    L = A1 · A2 · (A3 + [x > 0] · A4)
    A1 = Γ(r + x) α^r / Γ(r)
    A2 = Γ(a + b) Γ(b + x) / (Γ(b) Γ(a + b + x))
    A3 = (α + T)^−(r + x)
    A4 = a / (b + x − 1) · (α + t_x)^−(r + x)

summed in logs over clients (each distinct (x, t_x, T) once, weighted by how many
clients share it) and maximised over log-parameters (so every parameter stays
positive). The time unit is the caller's (weeks for CDNOW, days in the salon); the
fit rescales times internally and α back, so any unit converges alike.

Eq. 10, the expected visits in the next ``t`` (conditional on the history)::

    E[Y(t)] = (a + b + x − 1) / (a − 1)
              · [1 − ((α + T) / (α + T + t))^(r + x) · ₂F₁(r + x, b + x; a + b + x − 1; t / (α + T + t))]
              / (1 + [x > 0] · a / (b + x − 1) · ((α + T) / (α + t_x))^(r + x))

and P(alive) = 1 / (1 + [x > 0] · a / (b + x − 1) · ((α + T) / (α + t_x))^(r + x))
(Fader, Hardie & Lee, "Computing P(alive) using the BG/NBD model", 2008).

**Gamma-Gamma** (Fader, Hardie & Lee, "RFM and CLV: using iso-value curves for
customer base analysis", JMR 42(4), 2005; Fader & Hardie, "The Gamma-Gamma model of
monetary value", 2013). The amounts of one client's visits are Gamma(p, ν) around
her own mean; ν varies as Gamma(q, γ). From a client's n visits with mean z̄::

    log L = ln Γ(pn + q) − ln Γ(pn) − ln Γ(q) + q ln γ + (pn − 1) ln z̄ + pn ln n
            − (pn + q) ln(γ + n z̄)

and her expected amount per visit, a weighted mean of the population mean
γp/(q − 1) and her own z̄::

    E[Z | n, z̄] = (γ + n z̄) p / (pn + q − 1)

**Future value**: the expected visits month by month over a horizon, each month's
visits × the expected margin per visit, discounted at a yearly rate (monthly
compounding). **The simple formula**, for salons with too little history for a fit:
average margin per visit × visits per year × expected years.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import optimize, special

Floats = NDArray[np.float64]


class ValueModel(enum.Enum):
    """Which computation gave a client's expected value."""

    PROBABILISTIC = "bgnbd"  # BG/NBD visits × Gamma-Gamma spend, discounted
    SIMPLE = "simple"  # average margin per visit × visits per year × expected years
    NONE = "none"  # no visits: no value to speak of


@dataclass(frozen=True)
class BgNbd:
    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float
    converged: bool = True


@dataclass(frozen=True)
class GammaGamma:
    p: float
    q: float
    gamma: float
    log_likelihood: float
    converged: bool = True

    @property
    def population_mean(self) -> float:
        """γp / (q − 1): the mean amount per visit over all clients (q > 1)."""
        return self.gamma * self.p / (self.q - 1) if self.q > 1 else math.inf


def _arr(values: ArrayLike) -> Floats:
    return np.asarray(values, dtype=np.float64).reshape(-1)


def distinct_rows(*columns: ArrayLike) -> tuple[list[Floats], NDArray[np.int64], Floats]:
    """The distinct rows of ``columns`` (each its own array), in order (the first column
    first); for each row, the index of its distinct row; and how many times each occurs.

    As ``np.unique(np.column_stack(columns), axis=0, …)``, by one ``lexsort`` of the
    columns: ``unique`` with ``axis=0`` sorts the rows as opaque bytes, 20 times slower
    at 200,000 rows."""
    cols = [_arr(c) for c in columns]
    n = len(cols[0]) if cols else 0
    if n == 0:
        return [np.empty(0) for _ in columns], np.zeros(0, dtype=np.int64), np.empty(0)
    order = np.lexsort(cols[::-1])  # lexsort's last key is the primary one
    ordered = [c[order] for c in cols]
    starts = np.zeros(n, dtype=bool)
    starts[0] = True
    for c in ordered:
        starts[1:] |= c[1:] != c[:-1]
    inverse = np.empty(n, dtype=np.int64)
    inverse[order] = np.cumsum(starts) - 1
    counts = np.diff(np.append(np.flatnonzero(starts), n)).astype(np.float64)
    return [c[starts] for c in ordered], inverse, counts


def group_rows(*columns: ArrayLike) -> tuple[list[Floats], Floats]:
    """The distinct rows of ``columns`` (each its own array) and how many times each occurs."""
    rows, _inverse, counts = distinct_rows(*columns)
    return rows, counts


# -- BG/NBD -------------------------------------------------------------------------------------


def _check_bgnbd_data(x: Floats, t_x: Floats, T: Floats) -> None:
    if not (len(x) == len(t_x) == len(T)):
        raise ValueError("frequency, recency and T must have the same length")
    if len(x) == 0:
        raise ValueError("no clients to fit")
    if np.any(x < 0) or np.any(t_x < 0) or np.any(t_x > T + 1e-9):
        raise ValueError("need 0 <= frequency, 0 <= recency <= T")
    if np.any((x == 0) & (t_x != 0)):
        raise ValueError("a client without repeat visits has recency 0")


def bgnbd_log_likelihood(
    r: float,
    alpha: float,
    a: float,
    b: float,
    frequency: ArrayLike,
    recency: ArrayLike,
    T: ArrayLike,
    weights: ArrayLike | None = None,
) -> float:
    """The log-likelihood of eq. 6 summed over clients (each row counted ``weights`` times)."""
    x, t_x, TT = _arr(frequency), _arr(recency), _arr(T)
    w = np.ones_like(x) if weights is None else _arr(weights)
    return float(np.sum(w * _bgnbd_ll_rows(r, alpha, a, b, x, t_x, TT)))


def _bgnbd_ll_rows(
    r: float, alpha: float, a: float, b: float, x: Floats, t_x: Floats, T: Floats
) -> Floats:
    rx = r + x
    ln_a1 = special.gammaln(rx) - special.gammaln(r) + r * math.log(alpha)
    ln_a2 = (
        special.gammaln(a + b)
        + special.gammaln(b + x)
        - special.gammaln(b)
        - special.gammaln(a + b + x)
    )
    ln_a3 = -rx * np.log(alpha + T)
    repeat = x > 0
    ln_a4 = np.full_like(x, -np.inf)
    xr = x[repeat]
    ln_a4[repeat] = math.log(a) - np.log(b + xr - 1) - rx[repeat] * np.log(alpha + t_x[repeat])
    return ln_a1 + ln_a2 + np.logaddexp(ln_a3, ln_a4)


def fit_bgnbd(
    frequency: ArrayLike, recency: ArrayLike, T: ArrayLike, weights: ArrayLike | None = None
) -> BgNbd:
    """The maximum-likelihood BG/NBD parameters for these clients.

    Identical (x, t_x, T) rows are grouped first (a salon's clients share few
    distinct histories when times are whole days), so the cost follows the number of
    distinct histories, not of clients."""
    x, t_x, TT = _arr(frequency), _arr(recency), _arr(T)
    _check_bgnbd_data(x, t_x, TT)
    w0 = np.ones_like(x) if weights is None else _arr(weights)
    (gx, gt, gT, gw0), counts = group_rows(x, t_x, TT, w0)
    gw = counts * gw0
    # Times in units of their mean T: α is a time scale, so α = α' × scale.
    scale = float(np.average(gT, weights=gw)) or 1.0
    gt, gT = gt / scale, gT / scale
    total = float(np.sum(gw))
    rows = _Rows.of(gx, gt, gT, gw)

    def objective(logp: Floats) -> tuple[float, Floats]:
        r, alpha, a, b = np.exp(logp)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            ll, grad = _bgnbd_ll_grad(r, alpha, a, b, rows)
        if not math.isfinite(ll) or not np.all(np.isfinite(grad)):
            return 1e300, np.zeros(4)
        # d/d(log θ) = θ · d/dθ; minimise the mean negative log-likelihood
        return -ll / total, -grad * np.array([r, alpha, a, b]) / total

    best = _minimise(objective, 4)
    r, alpha, a, b = (float(v) for v in np.exp(best.x))
    alpha *= scale
    ll = bgnbd_log_likelihood(r, alpha, a, b, x, t_x, TT, w0)
    converged = bool(best.success) and all(abs(v) < 11.5 for v in best.x)
    return BgNbd(r, alpha, a, b, ll, converged)


def _minimise(objective, k: int):
    """L-BFGS-B on log-parameters from all ones, with the analytic gradient."""
    return optimize.minimize(
        objective,
        np.zeros(k),
        jac=True,
        method="L-BFGS-B",
        bounds=[(-12.0, 12.0)] * k,
        options={"ftol": 1e-14, "gtol": 1e-9, "maxiter": 300},
    )


@dataclass(frozen=True)
class _Rows:
    """Grouped histories, with each column's distinct values: the special functions
    are computed once per distinct x (a few dozen) and per distinct time (a few
    hundred weeks), not once per row."""

    x: Floats
    w: Floats
    ux: Floats
    ix: NDArray[np.intp]
    wx: Floats  # the weight of each distinct x
    uT: Floats
    iT: NDArray[np.intp]
    ut: Floats
    it: NDArray[np.intp]
    repeat: NDArray[np.bool_]

    @classmethod
    def of(cls, x: Floats, t_x: Floats, T: Floats, w: Floats) -> _Rows:
        ux, ix = np.unique(x, return_inverse=True)
        uT, iT = np.unique(T, return_inverse=True)
        ut, it = np.unique(t_x, return_inverse=True)
        wx = np.bincount(ix, weights=w, minlength=len(ux)).astype(np.float64)
        return cls(x, w, ux, ix, wx, uT, iT, ut, it, x > 0)


def _bgnbd_ll_grad(r: float, alpha: float, a: float, b: float, rows: _Rows) -> tuple[float, Floats]:
    """The weighted log-likelihood of eq. 6 and its gradient in (r, α, a, b)."""
    ux, ix, wx, w = rows.ux, rows.ix, rows.wx, rows.w
    n = float(np.sum(w))
    rx_u = r + ux
    bx1_u = np.where(ux > 0, b + ux - 1, 1.0)
    rx = rx_u[ix]
    ln_at = np.log(alpha + rows.uT)[rows.iT]
    ln_atx = np.log(alpha + rows.ut)[rows.it]
    ln_a3 = -rx * ln_at
    ln_a4 = np.where(rows.repeat, math.log(a) - np.log(bx1_u)[ix] - rx * ln_atx, -np.inf)
    top = np.logaddexp(ln_a3, ln_a4)
    w3, w4 = np.exp(ln_a3 - top), np.exp(ln_a4 - top)  # shares of A3 and A4, summing to 1
    per_x = special.gammaln(rx_u) + special.gammaln(b + ux) - special.gammaln(a + b + ux)
    ll = (
        float(wx @ per_x)
        + float(w @ top)
        + n
        * (r * math.log(alpha) - special.gammaln(r) + special.gammaln(a + b) - special.gammaln(b))
    )
    dg_ab, dg_abx = special.digamma(a + b), special.digamma(a + b + ux)
    ww3, ww4 = w * w3, w * w4
    d_r = (
        float(wx @ special.digamma(rx_u))
        + n * (math.log(alpha) - special.digamma(r))
        - float(ww3 @ ln_at)
        - float(ww4 @ ln_atx)
    )
    d_alpha = n * r / alpha - float(
        (ww3 * rx) @ (1.0 / (alpha + rows.uT))[rows.iT]
        + (ww4 * rx) @ (1.0 / (alpha + rows.ut))[rows.it]
    )
    w4x = np.bincount(ix, weights=ww4, minlength=len(ux))  # A4's share, per distinct x
    d_a = n * dg_ab - float(wx @ dg_abx) + float(np.sum(ww4)) / a
    d_b = (
        n * (dg_ab - special.digamma(b))
        + float(wx @ (special.digamma(b + ux) - dg_abx))
        - float(w4x @ (1.0 / bx1_u))
    )
    return ll, np.array([d_r, d_alpha, d_a, d_b])


def _gg_ll_grad(
    p: float, q: float, g: float, n: Floats, z: Floats, w: Floats
) -> tuple[float, Floats]:
    """The weighted Gamma-Gamma log-likelihood and its gradient in (p, q, γ)."""
    pn = p * n
    ln_gnz = np.log(g + n * z)
    dg = special.digamma(pn + q)
    d_p = n * (dg - special.digamma(pn) + np.log(z) + np.log(n) - ln_gnz)
    d_q = dg - special.digamma(q) + math.log(g) - ln_gnz
    d_g = q / g - (pn + q) / (g + n * z)
    grad = np.array([np.sum(w * d) for d in (d_p, d_q, d_g)])
    return float(np.sum(w * _gg_rows(p, q, g, n, z))), grad


def _ratio_term(m: BgNbd, x: Floats, t_x: Floats, T: Floats) -> Floats:
    """[x > 0] · a / (b + x − 1) · ((α + T) / (α + t_x))^(r + x), computed in logs."""
    out = np.zeros_like(x)
    rep = x > 0
    xr = x[rep]
    ln = (
        math.log(m.a)
        - np.log(m.b + xr - 1)
        + (m.r + xr) * (np.log(m.alpha + T[rep]) - np.log(m.alpha + t_x[rep]))
    )
    out[rep] = np.exp(np.minimum(ln, 700.0))
    return out


def p_alive(m: BgNbd, frequency: ArrayLike, recency: ArrayLike, T: ArrayLike) -> Floats:
    """The probability that each client is still "alive" (will come again)."""
    x, t_x, TT = _arr(frequency), _arr(recency), _arr(T)
    return 1.0 / (1.0 + _ratio_term(m, x, t_x, TT))


def expected_visits(
    m: BgNbd, t: float | ArrayLike, frequency: ArrayLike, recency: ArrayLike, T: ArrayLike
) -> Floats:
    """The expected number of visits in the next ``t`` (same unit as T), eq. 10."""
    x, t_x, TT = _arr(frequency), _arr(recency), _arr(T)
    tt = np.broadcast_to(_arr(t), x.shape)
    rx = m.r + x
    z = tt / (m.alpha + TT + tt)
    hyp = special.hyp2f1(rx, m.b + x, m.a + m.b + x - 1, z)
    power = np.exp(rx * (np.log(m.alpha + TT) - np.log(m.alpha + TT + tt)))
    first = (m.a + m.b + x - 1) / (m.a - 1)
    value = first * (1 - power * hyp) / (1 + _ratio_term(m, x, t_x, TT))
    return np.where(tt > 0, np.maximum(value, 0.0), 0.0)


def expected_visits_new(m: BgNbd, t: float) -> float:
    """E[X(t)] for a client just starting (eq. 9): how many visits a new client makes in ``t``."""
    z = t / (m.alpha + t)
    hyp = special.hyp2f1(m.r, m.b, m.a + m.b - 1, z)
    return float((m.a + m.b - 1) / (m.a - 1) * (1 - (m.alpha / (m.alpha + t)) ** m.r * hyp))


# -- Gamma-Gamma ----------------------------------------------------------------------------------


def gamma_gamma_log_likelihood(
    p: float,
    q: float,
    gamma: float,
    n: ArrayLike,
    mean: ArrayLike,
    weights: ArrayLike | None = None,
) -> float:
    nn, zz = _arr(n), _arr(mean)
    w = np.ones_like(nn) if weights is None else _arr(weights)
    return float(np.sum(w * _gg_rows(p, q, gamma, nn, zz)))


def _gg_rows(p: float, q: float, gamma: float, n: Floats, z: Floats) -> Floats:
    pn = p * n
    return (
        special.gammaln(pn + q)
        - special.gammaln(pn)
        - special.gammaln(q)
        + q * math.log(gamma)
        + (pn - 1) * np.log(z)
        + pn * np.log(n)
        - (pn + q) * np.log(gamma + n * z)
    )


def fit_gamma_gamma(n: ArrayLike, mean: ArrayLike, weights: ArrayLike | None = None) -> GammaGamma:
    """The maximum-likelihood Gamma-Gamma parameters from each client's number of
    counted visits ``n`` (≥ 1) and mean amount per visit ``mean`` (> 0)."""
    nn, zz = _arr(n), _arr(mean)
    if len(nn) != len(zz):
        raise ValueError("n and mean must have the same length")
    if len(nn) == 0:
        raise ValueError("no clients to fit")
    if np.any(nn < 1) or np.any(zz <= 0):
        raise ValueError("need n >= 1 and mean > 0")
    w0 = np.ones_like(nn) if weights is None else _arr(weights)
    (gn, gz, gw0), counts = group_rows(nn, zz, w0)
    gw = counts * gw0
    # Amounts in units of their mean: γ is a scale of money, γ = γ' × scale.
    scale = float(np.average(gz, weights=gw)) or 1.0
    gz = gz / scale
    total = float(np.sum(gw))

    def objective(logp: Floats) -> tuple[float, Floats]:
        p, q, g = np.exp(logp)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            ll, grad = _gg_ll_grad(p, q, g, gn, gz, gw)
        if not math.isfinite(ll) or not np.all(np.isfinite(grad)):
            return 1e300, np.zeros(3)
        return -ll / total, -grad * np.array([p, q, g]) / total

    best = _minimise(objective, 3)
    p, q, g = (float(v) for v in np.exp(best.x))
    g *= scale
    ll = gamma_gamma_log_likelihood(p, q, g, nn, zz, w0)
    converged = bool(best.success) and all(abs(v) < 11.5 for v in best.x) and q > 1
    return GammaGamma(p, q, g, ll, converged)


def expected_spend(m: GammaGamma, n: ArrayLike, mean: ArrayLike) -> Floats:
    """Each client's expected amount per future visit; the population mean when n = 0."""
    nn, zz = _arr(n), _arr(mean)
    zz = np.where(nn > 0, zz, 0.0)
    return (m.gamma + nn * zz) * m.p / (m.p * nn + m.q - 1)


# -- value ------------------------------------------------------------------------------------------


def discounted_value(
    m: BgNbd,
    frequency: ArrayLike,
    recency: ArrayLike,
    T: ArrayLike,
    per_visit: ArrayLike,
    *,
    months: int,
    yearly_rate: float,
    days_per_unit: float = 1.0,
    step_months: int = 1,
) -> Floats:
    """Σ over the next ``months``, step by step, of (expected visits in the step) ×
    ``per_visit``, discounted at ``yearly_rate`` to the middle of the step (monthly
    compounding). Times are in units of ``days_per_unit`` days."""
    x, t_x, TT = _arr(frequency), _arr(recency), _arr(T)
    value = np.broadcast_to(_arr(per_visit), x.shape)
    monthly = (1.0 + yearly_rate) ** (1.0 / 12.0) - 1.0
    month = 365.25 / 12.0 / days_per_unit
    total = np.zeros_like(x)
    before = np.zeros_like(x)
    ends = list(range(step_months, months, step_months)) + [months]
    start = 0
    for end in ends:
        upto = expected_visits(m, end * month, x, t_x, TT)
        total += (upto - before) / (1.0 + monthly) ** ((start + end) / 2.0)
        before, start = upto, end
    return total * value


def simple_value(
    margin_per_visit: ArrayLike, visits_per_year: ArrayLike, expected_years: float
) -> Floats:
    """The fallback: average margin per visit × visits per year × expected years."""
    return _arr(margin_per_visit) * _arr(visits_per_year) * float(expected_years)


@dataclass(frozen=True)
class History:
    """How much history a salon has for a fit, and the thresholds below which the simple
    formula is used instead."""

    clients: int
    repeat_clients: int
    days: int  # from the first visit in the database to today


@dataclass(frozen=True)
class FitRule:
    min_clients: int = 100
    min_repeat_clients: int = 30
    min_days: int = 180


def enough_history(h: History, rule: FitRule = FitRule()) -> bool:
    return (
        h.clients >= rule.min_clients
        and h.repeat_clients >= rule.min_repeat_clients
        and h.days >= rule.min_days
    )


def usable(m: BgNbd | None, g: GammaGamma | None) -> bool:
    """A fit the values can be computed from (converged, finite, q > 1)."""
    if m is None or g is None or not (m.converged and g.converged):
        return False
    vals: Sequence[float] = (m.r, m.alpha, m.a, m.b, g.p, g.q, g.gamma)
    return all(math.isfinite(v) and v > 0 for v in vals) and abs(m.a - 1) > 1e-6
