"""Knowing the clients: each client's category, RFM segment, value and strategy.

Computed for every client at once from a handful of SQL aggregates (never ORM
objects per client), scored with numpy, and the BG/NBD + Gamma-Gamma model
(``domain/clv.py``) fitted on the salon's own history; salons with too little
history get the simple formula instead, and every row says which was used.
``refit`` stores the result (``client_scores``, one ``score_runs`` row per run) so
the screens read one row per client; it is the entry point of the background job.

What is counted, per client (files merged into hers included):

* a **visit** is a day with a sale of services or products that was not voided;
* **revenue** is what those lines cost her (with tax), less what voids and refunds
  gave back; **margin** is their net price less materials (or goods) and staff
  commission, less the same for corrections, and less the cost of what complaints
  compensated; money paid into her account or for a gift voucher is neither.

Satisfaction (from the surveys and complaints) and the latest recommend score come
in as optional mappings ``client_id -> Satisfaction`` and ``client_id -> 0–10``.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import (
    Integer,
    bindparam,
    delete,
    func,
    insert,
    select,
)
from sqlalchemy.orm import Session, sessionmaker

from salon_desktop.db.base import utcnow
from salon_desktop.db.models import Client
from salon_desktop.db.models_feedback import Complaint
from salon_desktop.db.models_segments import (
    ClientMoney,
    ClientScore,
    ClientVisitDay,
    ClientVisits,
    ScoreRun,
)
from salon_desktop.domain import clv
from salon_desktop.domain.complaints import OPEN_STATES
from salon_desktop.domain.feedback import PROMOTER_MIN, Heard, Satisfaction
from salon_desktop.domain.feedback import satisfaction as satisfaction_of
from salon_desktop.domain.report_period import Period
from salon_desktop.domain.segments import (
    CATEGORY_ORDER,
    RFM_ORDER,
    STRATEGY_RULES,
    Category,
    CategoryRule,
    Presence,
    RfmSegment,
    Strategy,
    StrategyRule,
    StrategyThresholds,
    categories,
    quintile_scores,
    rfm_segments,
    top_share,
)
from salon_desktop.services import score_history
from salon_desktop.services.sales_common import money_sum

log = logging.getLogger("salon_desktop.segments")

Ints = NDArray[np.int64]
Floats = NDArray[np.float64]
EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True)
class SegmentSettings:
    categories: CategoryRule = CategoryRule()
    strategy: StrategyThresholds = StrategyThresholds()
    fit: clv.FitRule = clv.FitRule()
    yearly_discount: float = 0.10  # the discount rate of future margin, per year
    horizon_months: int = 36  # how far ahead the expected value looks
    fallback_years: float = 3.0  # the simple formula's expected years
    step_months: int = 3  # the visits of each quarter discounted to its middle


# -- reading the aggregates ----------------------------------------------------------------------

_C = Client.__table__
_M = ClientMoney.__table__
_D = ClientVisitDay.__table__
_V = ClientVisits.__table__
# Per client file: visits (days), first and last visit (day numbers), kept by triggers ...
_VISITS = select(_V.c.client_id, _V.c.visits, _V.c.first_day, _V.c.last_day)
# ... and the visits in the window, from the days of the window alone (index on day).
_WINDOW = (
    select(_D.c.client_id, func.count())
    .where(_D.c.day >= bindparam("since", type_=Integer))
    .group_by(_D.c.client_id)
)
_FAMILY_DAYS = select(_D.c.client_id, _D.c.day).where(
    _D.c.client_id.in_(bindparam("ids", expanding=True))
)
"""The visit days of some client files (those merged together, counted once)."""


# Revenue and margin per client file, corrections included (kept by a trigger).
_MONEY = select(_M.c.client_id, _M.c.revenue, _M.c.margin)
# The current files (read from the index on (archived, sort_key), not the wide rows) and
# the few merged ones (from the index on merged_into_id).
_CURRENT = select(_C.c.id).where(_C.c.archived.is_(False))
_MERGED = select(_C.c.id, _C.c.merged_into_id).where(_C.c.merged_into_id.is_not(None))


def _tuples(conn, stmt: Any, params: Mapping[str, Any] | None = None) -> list[tuple]:
    """The rows as the driver gives them (tuples): for the queries of 200,000 rows of
    integers, where making a ``Row`` of each cost more than the query. Only for
    columns the driver returns as they are (integers)."""
    result = conn.execute(stmt, params or {})
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


_REFERRALS = (
    select(_C.c.referred_by_id, func.count())
    .where(_C.c.referred_by_id.is_not(None), _C.c.created_at >= bindparam("since_at"))
    .group_by(_C.c.referred_by_id)
)
_K = Complaint.__table__
_OPEN_COMPLAINTS = (
    select(_K.c.client_id, func.count())
    .where(_K.c.state.in_([st.value for st in OPEN_STATES]))
    .group_by(_K.c.client_id)
)
_COMPENSATION = (
    select(_K.c.client_id, money_sum(_K.c.compensation_cost))
    .where(_K.c.compensation_cost != 0)
    .group_by(_K.c.client_id)
)


@dataclass
class Aggregates:
    """One entry per current client file (not archived), in ``client_id`` order."""

    client_id: Ints
    visits: Ints
    visits_window: Ints
    first_day: Ints  # days since 1970-01-01; 0 without a visit
    last_day: Ints
    revenue: Ints
    margin: Ints  # compensation taken off
    referrals: Ints  # files created in the window naming her as referrer

    def __len__(self) -> int:
        return len(self.client_id)


def read_aggregates(conn, today: dt.date, window_days: int) -> Aggregates:
    """The per-client sums, in a few queries over the whole database: the client
    files, visits from ``client_visits`` and (those of the window) from
    ``client_visit_days``, money from ``client_money``, referrals and compensation. Files merged into one count as one client: their visit days
    are read one by one (few) so that a day both files had counts once."""
    since = today - dt.timedelta(days=window_days - 1)
    keep = np.array(_tuples(conn, _CURRENT), dtype=np.int64).reshape(-1)
    merged_into = dict(_tuples(conn, _MERGED))

    def root(cid: int) -> int:
        seen = 0
        while cid in merged_into and seen < 100:  # a chain of merges, never a loop
            cid, seen = merged_into[cid], seen + 1
        return cid

    order = np.sort(keep)
    n = len(order)

    def positions(client_ids: list[int]) -> Ints:
        """Index in ``order`` of each client's root file, or -1 when it is not current."""
        if not client_ids:
            return np.zeros(0, dtype=np.int64)
        roots = np.array([root(c) if merged_into else c for c in client_ids], dtype=np.int64)
        pos = np.searchsorted(order, roots)
        pos = np.minimum(pos, max(n - 1, 0))
        ok = (order[pos] == roots) if n else np.zeros(len(roots), dtype=bool)
        return np.where(ok, pos, -1)

    visits = np.zeros(n, dtype=np.int64)
    window = np.zeros(n, dtype=np.int64)
    first = np.zeros(n, dtype=np.int64)
    last = np.zeros(n, dtype=np.int64)
    revenue = np.zeros(n, dtype=np.int64)
    margin = np.zeros(n, dtype=np.int64)
    family = set(merged_into) | {root(c) for c in merged_into}
    # plain tuples (numpy also probes a Row for array attributes, which costs more still)
    t_since = (since - EPOCH).days
    for stmt, width, params in ((_VISITS, 4, {}), (_WINDOW, 2, {"since": t_since})):
        per = _tuples(conn, stmt, params)
        if family:
            per = [r for r in per if r[0] not in family]
        if not per:
            continue
        cols = np.array(per, dtype=np.int64).reshape(-1, width)
        pos = positions(cols[:, 0].tolist())
        ok = pos >= 0
        p = pos[ok]
        if width == 4:
            visits[p], first[p], last[p] = cols[ok, 1], cols[ok, 2], cols[ok, 3]
        else:
            window[p] = cols[ok, 1]
    if family:
        days: dict[int, set[int]] = {}
        members = sorted(family)
        for k in range(0, len(members), 500):
            q = conn.execute(_FAMILY_DAYS, {"ids": members[k : k + 500]})
            for cid, day in q:
                days.setdefault(root(cid), set()).add(int(day))
        for rid, seen in days.items():
            i = int(np.searchsorted(order, rid))
            if i < n and order[i] == rid:
                visits[i], first[i], last[i] = len(seen), min(seen), max(seen)
                window[i] = sum(1 for d in seen if d >= t_since)
    money = _tuples(conn, _MONEY)
    if money:
        cols = np.array(money, dtype=np.int64).reshape(-1, 3)
        pos = positions(cols[:, 0].tolist())
        ok = pos >= 0
        np.add.at(revenue, pos[ok], cols[ok, 1])
        np.add.at(margin, pos[ok], cols[ok, 2])
    referrals = np.zeros(n, dtype=np.int64)
    since_at = dt.datetime.combine(since, dt.time())
    refs = conn.execute(_REFERRALS, {"since_at": since_at}).all()
    if refs:
        pos = positions([r[0] for r in refs])
        ok = pos >= 0
        np.add.at(referrals, pos[ok], np.array([r[1] for r in refs], dtype=np.int64)[ok])
    comp = conn.execute(_COMPENSATION).all()
    if comp:
        pos = positions([r[0] for r in comp])
        ok = pos >= 0
        np.subtract.at(margin, pos[ok], np.array([r[1] for r in comp], dtype=np.int64)[ok])
    return Aggregates(order, visits, window, first, last, revenue, margin, referrals)


# -- scoring -----------------------------------------------------------------------------------------

_SATISFACTION_ORDER: tuple[Satisfaction | None, ...] = (None, *Satisfaction)
_PRESENCE_ORDER: tuple[Presence, ...] = tuple(Presence)


def _rule_table(rules: tuple[StrategyRule, ...]) -> NDArray[np.int16]:
    """[category, valuable, presence, satisfaction] -> index of the first matching rule."""
    table = np.full(
        (len(CATEGORY_ORDER), 2, len(_PRESENCE_ORDER), len(_SATISFACTION_ORDER)), -1, np.int16
    )
    for ci, cat in enumerate(CATEGORY_ORDER):
        for vi in (0, 1):
            for pi, pres in enumerate(_PRESENCE_ORDER):
                for si, sat in enumerate(_SATISFACTION_ORDER):
                    for k, rule in enumerate(rules):
                        if rule.matches(cat, bool(vi), pres, sat):
                            table[ci, vi, pi, si] = k
                            break
    if (table < 0).any():
        raise ValueError("the strategy rules leave some clients without a strategy")
    return table


@dataclass(frozen=True)
class Fit:
    model: clv.ValueModel  # PROBABILISTIC or SIMPLE for the salon as a whole
    bgnbd: clv.BgNbd | None = None  # times in days
    gamma_gamma: clv.GammaGamma | None = None  # amounts in minor units
    seconds: float = 0.0
    why: str = ""  # why the simple formula, when it is used (for the log)


@dataclass
class Scores:
    """Every current client's scores, as arrays in ``client_id`` order."""

    as_of: dt.date
    agg: Aggregates
    fit: Fit
    category: NDArray[np.int8]  # index into CATEGORY_ORDER
    r: NDArray[np.int8]  # 0 without a visit
    f: NDArray[np.int8]
    m: NDArray[np.int8]
    rfm: NDArray[np.int8]  # index into RFM_ORDER, -1 without a visit
    p_alive: Floats  # NaN when not known (simple formula, no visit)
    expected_visits: Floats  # next 12 months; NaN when not known
    future_value: Ints  # minor units, discounted expected margin
    value_model: list[clv.ValueModel]
    valuable: NDArray[np.bool_]
    satisfaction: NDArray[np.int8]  # index into _SATISFACTION_ORDER
    rule: NDArray[np.int16]  # index into STRATEGY_RULES
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.agg)

    def index(self, client_id: int) -> int | None:
        i = int(np.searchsorted(self.agg.client_id, client_id))
        if i < len(self.agg) and self.agg.client_id[i] == client_id:
            return i
        return None


def _week(days: Ints) -> Floats:
    return np.floor(days / 7.0) * 7.0 + 3.5


def fit_models(agg: Aggregates, today: dt.date, rule: clv.FitRule | None = None) -> Fit:
    """BG/NBD and Gamma-Gamma on the salon's history, or the simple formula and why."""
    rule = rule or clv.FitRule()
    start = time.perf_counter()
    has = agg.visits > 0
    t_day = (today - EPOCH).days
    history = clv.History(
        clients=int(has.sum()),
        repeat_clients=int((agg.visits > 1).sum()),
        days=int(t_day - agg.first_day[has].min()) if has.any() else 0,
    )
    if not clv.enough_history(history, rule):
        return Fit(clv.ValueModel.SIMPLE, seconds=time.perf_counter() - start, why="history")
    x = (agg.visits[has] - 1).astype(np.float64)
    # The fit reads times by the week (each at the middle of its week, still in days):
    # 200,000 clients then share a few tens of thousands of distinct (x, t_x, T) rows,
    # and the parameters move by far less than their standard errors.
    t_x = np.where(x > 0, _week(agg.last_day[has] - agg.first_day[has]), 0.0)
    T = _week(t_day - agg.first_day[has])
    spenders = (agg.visits > 1) & (agg.revenue > 0)
    try:
        with np.errstate(all="ignore"):
            m = clv.fit_bgnbd(x, t_x, T)
            g = clv.fit_gamma_gamma(
                agg.visits[spenders], agg.revenue[spenders] / agg.visits[spenders]
            )
    except (ValueError, ArithmeticError) as exc:
        log.warning("the value model could not be fitted: %s", exc)
        return Fit(clv.ValueModel.SIMPLE, seconds=time.perf_counter() - start, why=str(exc))
    seconds = time.perf_counter() - start
    if not clv.usable(m, g):
        log.warning("the value model did not converge: %s %s", m, g)
        return Fit(clv.ValueModel.SIMPLE, m, g, seconds, why="not converged")
    return Fit(clv.ValueModel.PROBABILISTIC, m, g, seconds)


def score(
    agg: Aggregates,
    today: dt.date,
    settings: SegmentSettings = SegmentSettings(),
    fit: Fit | None = None,
    satisfaction: Mapping[int, Satisfaction] | None = None,
    recommend: Mapping[int, int] | None = None,
    rules: tuple[StrategyRule, ...] = STRATEGY_RULES,
) -> Scores:
    """Categories, RFM, value and strategy for every client of ``agg``."""
    timings: dict[str, float] = {}
    start = tick = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal tick
        now = time.perf_counter()
        timings[name] = now - tick
        tick = now

    n = len(agg)
    t_day = (today - EPOCH).days
    has = agg.visits > 0
    since_first = np.where(has, t_day - agg.first_day, 0)
    since_last = np.where(has, t_day - agg.last_day, 0)
    recommends = agg.referrals > 0
    if recommend:
        for cid, score_ in recommend.items():
            i = int(np.searchsorted(agg.client_id, cid))
            if i < n and agg.client_id[i] == cid and score_ >= PROMOTER_MIN:
                recommends[i] = True
    cat = categories(
        agg.visits, agg.visits_window, since_first, since_last, recommends, settings.categories
    )
    lap("categories")

    r = np.zeros(n, dtype=np.int8)
    f = np.zeros(n, dtype=np.int8)
    m = np.zeros(n, dtype=np.int8)
    rfm = np.full(n, -1, dtype=np.int8)
    if has.any():
        r[has] = quintile_scores(since_last[has], higher_is_better=False)
        f[has] = quintile_scores(agg.visits[has])
        m[has] = quintile_scores(agg.revenue[has])
        rfm[has] = rfm_segments(r[has], f[has], m[has])
    lap("rfm")

    if fit is None:
        fit = fit_models(agg, today, settings.fit)
        lap("fit")
    p_alive = np.full(n, np.nan)
    expected = np.full(n, np.nan)
    future = np.zeros(n, dtype=np.float64)
    visits_f = np.maximum(agg.visits, 1).astype(np.float64)
    if fit.model is clv.ValueModel.PROBABILISTIC and fit.bgnbd and fit.gamma_gamma:
        bg, gg = fit.bgnbd, fit.gamma_gamma
        x = (agg.visits[has] - 1).astype(np.float64)
        # By the week, as fitted: clients with the same weekly history share their
        # expectations, computed once per distinct history.
        t_x = np.where(x > 0, _week(agg.last_day[has] - agg.first_day[has]), 0.0)
        T = _week(t_day - agg.first_day[has])
        (gx, gt, gT), inv, _counts = clv.distinct_rows(x, t_x, T)
        with np.errstate(all="ignore"):
            p_alive[has] = clv.p_alive(bg, gx, gt, gT)[inv]
            expected[has] = clv.expected_visits(bg, 365.0, gx, gt, gT)[inv]
            ahead = clv.discounted_value(
                bg,
                gx,
                gt,
                gT,
                1.0,
                months=settings.horizon_months,
                yearly_rate=settings.yearly_discount,
                step_months=settings.step_months,
            )[inv]
            mean = np.maximum(agg.revenue[has], 0) / visits_f[has]
            spend = clv.expected_spend(gg, agg.visits[has], mean)
            total_rev = float(np.maximum(agg.revenue[has], 0).sum())
            salon_ratio = float(agg.margin[has].sum()) / total_rev if total_rev > 0 else 0.0
            own = np.where(
                agg.revenue[has] > 0,
                agg.margin[has] / np.maximum(agg.revenue[has], 1),
                salon_ratio,
            )
            future[has] = ahead * spend * np.clip(own, 0.0, 1.0)
    else:
        per_visit_margin = np.maximum(agg.margin, 0) / visits_f
        future = clv.simple_value(per_visit_margin, agg.visits_window, settings.fallback_years)
    future = np.where(has & np.isfinite(future), future, 0.0)
    value_model = [clv.ValueModel.NONE] * n
    for i in np.flatnonzero(has).tolist():
        value_model[i] = fit.model
    lap("value")

    share = settings.strategy.valuable_share
    valuable = np.zeros(n, dtype=bool)
    if has.any():
        valuable[has] = top_share(agg.margin[has], share) | top_share(future[has], share)
    sat = np.zeros(n, dtype=np.int8)
    if satisfaction:
        for cid, s in satisfaction.items():
            i = int(np.searchsorted(agg.client_id, cid))
            if i < n and agg.client_id[i] == cid:
                sat[i] = _SATISFACTION_ORDER.index(s)
    t = settings.strategy
    lapsed = cat == CATEGORY_ORDER.index(Category.LAPSED)
    known = ~np.isnan(p_alive)
    # BG/NBD gives P(alive) = 1 to everyone who never came back (in the model a client
    # can only drop out after a visit): the strategy reads it only after two visits.
    known = known & (agg.visits > 1)
    gone = lapsed & (~known | (np.where(known, p_alive, 1.0) < t.gone_below))
    slipping = (lapsed & ~gone) | (
        ~lapsed & known & (np.where(known, p_alive, 1.0) < t.slipping_below)
    )
    pres = np.where(
        gone,
        _PRESENCE_ORDER.index(Presence.GONE),
        np.where(
            slipping,
            _PRESENCE_ORDER.index(Presence.SLIPPING),
            _PRESENCE_ORDER.index(Presence.PRESENT),
        ),
    )
    rule = _rule_table(rules)[cat, valuable.astype(np.int64), pres, sat]
    lap("strategy")
    return Scores(
        as_of=today,
        agg=agg,
        fit=fit,
        category=cat,
        r=r,
        f=f,
        m=m,
        rfm=rfm,
        p_alive=p_alive,
        expected_visits=expected,
        future_value=np.rint(future).astype(np.int64),
        value_model=value_model,
        valuable=valuable,
        satisfaction=sat,
        rule=rule,
        seconds=time.perf_counter() - start,
        timings=timings,
    )


# -- what a screen reads -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ClientScoreView:
    client_id: int
    as_of: dt.date
    category: Category
    visits: int
    visits_year: int
    first_visit: dt.date | None
    last_visit: dt.date | None
    revenue: int
    margin: int
    r: int
    f: int
    m: int
    rfm_segment: RfmSegment | None
    value_model: clv.ValueModel
    future_value: int
    p_alive: float | None
    expected_visits: float | None
    valuable: bool
    satisfaction: Satisfaction | None
    strategy: Strategy
    rule: StrategyRule  # its ``when`` and ``reason`` are the plain words to show


def _opt(v: float) -> float | None:
    return None if math.isnan(v) else float(v)


def _date(day: int, has: bool) -> dt.date | None:
    return EPOCH + dt.timedelta(days=int(day)) if has else None


def view(s: Scores, i: int, rules: tuple[StrategyRule, ...] = STRATEGY_RULES) -> ClientScoreView:
    a = s.agg
    has = bool(a.visits[i] > 0)
    rule = rules[int(s.rule[i])]
    return ClientScoreView(
        client_id=int(a.client_id[i]),
        as_of=s.as_of,
        category=CATEGORY_ORDER[int(s.category[i])],
        visits=int(a.visits[i]),
        visits_year=int(a.visits_window[i]),
        first_visit=_date(a.first_day[i], has),
        last_visit=_date(a.last_day[i], has),
        revenue=int(a.revenue[i]),
        margin=int(a.margin[i]),
        r=int(s.r[i]),
        f=int(s.f[i]),
        m=int(s.m[i]),
        rfm_segment=RFM_ORDER[int(s.rfm[i])] if s.rfm[i] >= 0 else None,
        value_model=s.value_model[i],
        future_value=int(s.future_value[i]),
        p_alive=_opt(s.p_alive[i]),
        expected_visits=_opt(s.expected_visits[i]),
        valuable=bool(s.valuable[i]),
        satisfaction=_SATISFACTION_ORDER[int(s.satisfaction[i])],
        strategy=rule.strategy,
        rule=rule,
    )


@dataclass(frozen=True)
class RunView:
    computed_at: dt.datetime
    as_of: dt.date
    model: clv.ValueModel
    clients: int
    bgnbd: clv.BgNbd | None
    gamma_gamma: clv.GammaGamma | None
    seconds: float


class SegmentService:
    def __init__(
        self,
        sm: sessionmaker[Session],
        today: Callable[[], dt.date] = dt.date.today,
        settings: Callable[[], SegmentSettings] = SegmentSettings,
        heard: Callable[[], tuple[Mapping[int, Satisfaction], Mapping[int, int]]] | None = None,
        jalali: Callable[[], bool] = lambda: False,
    ):
        self._sm = sm
        self._today = today
        self._settings = settings
        self._jalali = jalali  # the salon's months (of the score snapshots) are Jalali
        # every client's satisfaction and latest recommend score (the surveys' reader)
        self._heard = heard

    def compute(
        self,
        satisfaction: Mapping[int, Satisfaction] | None = None,
        recommend: Mapping[int, int] | None = None,
    ) -> Scores:
        """Every current client's scores, fitted afresh (read-only).

        Without ``satisfaction``, what the surveys and open complaints tell
        (``heard``); without that either, a client with an open complaint counts as
        dissatisfied (``domain.feedback.satisfaction`` of what complaints tell)."""
        today = self._today()
        cfg = self._settings()
        start = time.perf_counter()
        if satisfaction is None and self._heard is not None:
            satisfaction, latest = self._heard()
            if recommend is None:
                recommend = latest
        with self._sm() as s:
            conn = s.connection()
            agg = read_aggregates(conn, today, cfg.categories.window_days)
            if satisfaction is None:
                satisfaction = {}
                for cid, n in conn.execute(_OPEN_COMPLAINTS):
                    sat = satisfaction_of(Heard(open_complaints=n))
                    if sat is not None:
                        satisfaction[cid] = sat
        read = time.perf_counter() - start
        out = score(agg, today, cfg, satisfaction=satisfaction, recommend=recommend)
        out.timings["read"] = read
        return out

    def refit(
        self,
        satisfaction: Mapping[int, Satisfaction] | None = None,
        recommend: Mapping[int, int] | None = None,
    ) -> RunView:
        """Compute everything and store it (one transaction): the background job."""
        scores = self.compute(satisfaction, recommend)
        return self.store(scores)

    def store(self, scores: Scores) -> RunView:
        fit = scores.fit
        bg, gg = (
            (fit.bgnbd, fit.gamma_gamma)
            if fit.model is clv.ValueModel.PROBABILISTIC
            else (None, None)
        )
        a = scores.agg
        has = a.visits > 0
        firsts = [(_date(d, h)) for d, h in zip(a.first_day.tolist(), has.tolist(), strict=True)]
        lasts = [(_date(d, h)) for d, h in zip(a.last_day.tolist(), has.tolist(), strict=True)]
        pa = [None if math.isnan(v) else v for v in scores.p_alive.tolist()]
        ev = [None if math.isnan(v) else v for v in scores.expected_visits.tolist()]
        cats = [CATEGORY_ORDER[c].value for c in scores.category.tolist()]
        segs = [RFM_ORDER[k].value if k >= 0 else None for k in scores.rfm.tolist()]
        sats = [
            (s.value if s is not None else None)
            for s in (_SATISFACTION_ORDER[k] for k in scores.satisfaction.tolist())
        ]
        strategies = [STRATEGY_RULES[k].strategy.value for k in scores.rule.tolist()]
        computed_at = utcnow()
        with self._sm.begin() as s:
            conn = s.connection()
            # the last scores of a month that has ended are kept before being replaced
            score_history.keep_month(conn, scores.as_of, self._jalali())
            run_id = conn.execute(
                insert(ScoreRun).returning(ScoreRun.id),
                dict(
                    computed_at=computed_at,
                    as_of=scores.as_of,
                    model=fit.model.value,
                    clients=len(a),
                    r=bg.r if bg else None,
                    alpha=bg.alpha if bg else None,
                    a=bg.a if bg else None,
                    b=bg.b if bg else None,
                    p=gg.p if gg else None,
                    q=gg.q if gg else None,
                    gamma=gg.gamma if gg else None,
                    seconds=scores.seconds,
                ),
            ).scalar_one()
            conn.execute(delete(ClientScore))
            conn.execute(delete(ScoreRun).where(ScoreRun.id != run_id))
            rows = [
                dict(
                    client_id=cid,
                    run_id=run_id,
                    category=cats[i],
                    visits=v,
                    visits_year=w,
                    first_visit=firsts[i],
                    last_visit=lasts[i],
                    revenue=rev,
                    margin=mar,
                    r=rr,
                    f=ff,
                    m=mm,
                    rfm_segment=segs[i],
                    value_model=scores.value_model[i].value,
                    future_value=fv,
                    p_alive=pa[i],
                    expected_visits=ev[i],
                    valuable=val,
                    satisfaction=sats[i],
                    strategy=strategies[i],
                    strategy_rule=rule,
                )
                for i, (cid, v, w, rev, mar, rr, ff, mm, fv, val, rule) in enumerate(
                    zip(
                        a.client_id.tolist(),
                        a.visits.tolist(),
                        a.visits_window.tolist(),
                        a.revenue.tolist(),
                        a.margin.tolist(),
                        scores.r.tolist(),
                        scores.f.tolist(),
                        scores.m.tolist(),
                        scores.future_value.tolist(),
                        scores.valuable.tolist(),
                        scores.rule.tolist(),
                        strict=True,
                    )
                )
            ]
            for k in range(0, len(rows), 20_000):
                conn.execute(insert(ClientScore), rows[k : k + 20_000])
        return RunView(computed_at, scores.as_of, fit.model, len(a), bg, gg, scores.seconds)

    def movements(self, period: Period) -> score_history.Movements:
        """Clients moving between categories and RFM segments since the month before
        ``period`` (its months are the salon's calendar's: ``period.jalali``)."""
        return score_history.movements(self._sm, period)

    def out_of_date(self) -> bool:
        """No scores yet, or scores of an earlier day (the daily refit is due)."""
        run = self.last_run()
        return run is None or run.as_of < self._today()

    def last_run(self) -> RunView | None:
        t = ScoreRun.__table__
        with self._sm() as s:
            row = s.connection().execute(select(t).order_by(t.c.id.desc()).limit(1)).first()
        if row is None:
            return None
        bg = clv.BgNbd(row.r, row.alpha, row.a, row.b, math.nan) if row.r is not None else None
        gg = clv.GammaGamma(row.p, row.q, row.gamma, math.nan) if row.p is not None else None
        return RunView(
            row.computed_at, row.as_of, clv.ValueModel(row.model), row.clients, bg, gg, row.seconds
        )

    def for_client(self, client_id: int) -> ClientScoreView | None:
        """The stored scores of one client (None before the first run or for a new file)."""
        t, runs = ClientScore.__table__, ScoreRun.__table__
        q = (
            select(t, runs.c.as_of)
            .join(runs, runs.c.id == t.c.run_id)
            .where(t.c.client_id == client_id)
        )
        with self._sm() as s:
            row = s.connection().execute(q).first()
        if row is None:
            return None
        k = row.strategy_rule if 0 <= row.strategy_rule < len(STRATEGY_RULES) else None
        rule = (
            STRATEGY_RULES[k]
            if k is not None
            else next(r for r in STRATEGY_RULES if r.strategy.value == row.strategy)
        )
        return ClientScoreView(
            client_id=row.client_id,
            as_of=row.as_of,
            category=Category(row.category),
            visits=row.visits,
            visits_year=row.visits_year,
            first_visit=row.first_visit,
            last_visit=row.last_visit,
            revenue=row.revenue,
            margin=row.margin,
            r=row.r,
            f=row.f,
            m=row.m,
            rfm_segment=RfmSegment(row.rfm_segment) if row.rfm_segment else None,
            value_model=clv.ValueModel(row.value_model),
            future_value=row.future_value,
            p_alive=row.p_alive,
            expected_visits=row.expected_visits,
            valuable=bool(row.valuable),
            satisfaction=Satisfaction(row.satisfaction) if row.satisfaction else None,
            strategy=Strategy(row.strategy),
            rule=rule,
        )

    @staticmethod
    def rules() -> tuple[StrategyRule, ...]:
        """The strategy table, in the order it is read (the first row that matches)."""
        return STRATEGY_RULES
