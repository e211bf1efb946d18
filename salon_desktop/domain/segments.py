"""Who the clients are: frequency category, RFM scores and segment, suggested strategy.

Pure Python and numpy, no database. The rules are data with their thresholds in
dataclasses (settings), and every rule a manager may read in the app has its
words marked for translation (``N_``).

**Frequency category** (``CategoryRule``; the first that applies):

1. **lapsed** — has visited, and the last visit is more than ``lapsed_days`` (365)
   days ago, or, for a client with a usual interval, more than ``lapsed_factor``
   (3) × that interval and at least ``lapsed_min_days`` (90) days ago;
2. **promoter** — loyal (below) and recommends us: referred someone in the last
   ``window_days``, or her latest recommend score in that time is 9 or 10;
3. **loyal** — at least ``loyal_visits`` (4) visits in the last ``window_days``
   (365), and the last visit within ``loyal_factor`` (1.5) × her usual interval;
4. **new** — no visit yet, or the first visit within the last ``new_days`` (90);
5. **occasional** — everyone else who has visited.

The usual interval is the average number of days between her visits (first to last
visit over the visits less one): it needs two visits.

**RFM**: recency (days since the last visit; fewer is better), frequency (visits)
and monetary value (revenue) each scored 1–5 by quintile over all clients with a
visit by mid-rank: 1 + ⌊5 × (clients worse + half of those equal) / all clients⌋,
so equal values get equal scores (all alike: all 3). The named segment comes from R and FM = ⌈(F + M) / 2⌉ by
``RFM_SEGMENTS`` (the first row that matches).

**Strategy** (``STRATEGY_RULES``, the first row that matches) from the category, the
satisfaction category (domain/feedback.py, when surveys or complaints tell it),
whether the client is valuable (in the salon's top share by margin so far or by
expected future value; see the service), and whether she is still coming:
*gone* (lapsed, and the probability alive under ``gone_below`` or unknown),
*slipping* (lapsed but not gone, or a probability alive under
``slipping_below``), otherwise *present*.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from salon_desktop.domain.feedback import PROMOTER_MIN, Satisfaction
from salon_desktop.i18n import N_


class Category(enum.Enum):
    NEW = "new"
    LOYAL = "loyal"
    OCCASIONAL = "occasional"
    PROMOTER = "promoter"
    LAPSED = "lapsed"


CATEGORY_LABELS: dict[Category, str] = {
    Category.NEW: N_("New client"),
    Category.LOYAL: N_("Loyal client"),
    Category.OCCASIONAL: N_("Occasional client"),
    Category.PROMOTER: N_("Promoter"),
    Category.LAPSED: N_("Lapsed client"),
}


@dataclass(frozen=True)
class CategoryRule:
    window_days: int = 365
    loyal_visits: int = 4
    loyal_factor: float = 1.5
    new_days: int = 90
    lapsed_days: int = 365
    lapsed_factor: float = 3.0
    lapsed_min_days: int = 90


@dataclass(frozen=True)
class VisitHistory:
    """What the category rule reads of one client."""

    visits: int = 0
    visits_in_window: int = 0
    first_visit: dt.date | None = None
    last_visit: dt.date | None = None
    referrals_in_window: int = 0  # clients she referred within the window
    latest_recommend: int | None = None  # her latest 0–10 score within the window

    @property
    def usual_interval(self) -> float | None:
        if self.visits < 2 or self.first_visit is None or self.last_visit is None:
            return None
        return (self.last_visit - self.first_visit).days / (self.visits - 1)


def is_lapsed(since_last: int, interval: float | None, rule: CategoryRule) -> bool:
    if since_last > rule.lapsed_days:
        return True
    return (
        interval is not None
        and since_last > rule.lapsed_factor * interval
        and since_last >= rule.lapsed_min_days
    )


def is_loyal(
    visits_in_window: int, since_last: int, interval: float | None, rule: CategoryRule
) -> bool:
    return (
        visits_in_window >= rule.loyal_visits
        and interval is not None
        and since_last <= rule.loyal_factor * interval
    )


def category(h: VisitHistory, today: dt.date, rule: CategoryRule = CategoryRule()) -> Category:
    if h.visits == 0 or h.last_visit is None or h.first_visit is None:
        return Category.NEW
    since_last = (today - h.last_visit).days
    interval = h.usual_interval
    if is_lapsed(since_last, interval, rule):
        return Category.LAPSED
    if is_loyal(h.visits_in_window, since_last, interval, rule):
        recommends = h.referrals_in_window > 0 or (
            h.latest_recommend is not None and h.latest_recommend >= PROMOTER_MIN
        )
        return Category.PROMOTER if recommends else Category.LOYAL
    if (today - h.first_visit).days <= rule.new_days:
        return Category.NEW
    return Category.OCCASIONAL


def categories(
    visits: ArrayLike,
    visits_in_window: ArrayLike,
    days_since_first: ArrayLike,
    days_since_last: ArrayLike,
    recommends: ArrayLike,
    rule: CategoryRule = CategoryRule(),
) -> NDArray[np.int8]:
    """``category`` over arrays of clients at once: indexes into ``CATEGORY_ORDER``.

    ``recommends``: referred someone or a 9–10 latest score in the window (booleans)."""
    n = np.asarray(visits, dtype=np.int64)
    w = np.asarray(visits_in_window, dtype=np.int64)
    first = np.asarray(days_since_first, dtype=np.float64)
    last = np.asarray(days_since_last, dtype=np.float64)
    rec = np.asarray(recommends, dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        interval = np.where(n >= 2, (first - last) / np.maximum(n - 1, 1), np.nan)
    has_interval = n >= 2
    lapsed = (last > rule.lapsed_days) | (
        has_interval & (last > rule.lapsed_factor * interval) & (last >= rule.lapsed_min_days)
    )
    loyal = (w >= rule.loyal_visits) & has_interval & (last <= rule.loyal_factor * interval)
    new = first <= rule.new_days
    out = np.full(n.shape, CATEGORY_ORDER.index(Category.OCCASIONAL), dtype=np.int8)
    out[new] = CATEGORY_ORDER.index(Category.NEW)
    out[loyal] = CATEGORY_ORDER.index(Category.LOYAL)
    out[loyal & rec] = CATEGORY_ORDER.index(Category.PROMOTER)
    out[lapsed] = CATEGORY_ORDER.index(Category.LAPSED)
    out[n == 0] = CATEGORY_ORDER.index(Category.NEW)
    return out


CATEGORY_ORDER: tuple[Category, ...] = tuple(Category)


# -- RFM ------------------------------------------------------------------------------------------


def quintile_scores(values: ArrayLike, higher_is_better: bool = True) -> NDArray[np.int8]:
    """1–5 by mid-rank: 1 + ⌊5 × (clients worse + half the clients equal) / all⌋."""
    v = np.asarray(values, dtype=np.float64)
    if v.size == 0:
        return np.zeros(0, dtype=np.int8)
    if not higher_is_better:
        v = -v
    _, inverse, counts = np.unique(v, return_inverse=True, return_counts=True)
    below = np.cumsum(counts) - counts  # how many are worse than each distinct value
    worse, equal = below[inverse], counts[inverse]
    # mid-rank: 2 × (worse + equal / 2) = 2 × worse + equal, in halves of a client
    return (1 + (5 * (2 * worse + equal)) // (2 * v.size)).astype(np.int8)


class RfmSegment(enum.Enum):
    CHAMPIONS = "champions"
    LOYAL = "loyal"
    POTENTIAL = "potential"
    RECENT = "recent"
    PROMISING = "promising"
    NEEDS_ATTENTION = "needs_attention"
    ABOUT_TO_SLEEP = "about_to_sleep"
    CANT_LOSE = "cant_lose"
    AT_RISK = "at_risk"
    HIBERNATING = "hibernating"
    LOST = "lost"


@dataclass(frozen=True)
class RfmRow:
    segment: RfmSegment
    r: tuple[int, int]  # recency score from, to (inclusive)
    fm: tuple[int, int]  # ⌈(F + M) / 2⌉ from, to
    label: str
    meaning: str


RFM_SEGMENTS: tuple[RfmRow, ...] = (
    RfmRow(
        RfmSegment.CHAMPIONS,
        (4, 5),
        (4, 5),
        N_("Champions"),
        N_("Came recently, come often and spend the most."),
    ),
    RfmRow(RfmSegment.LOYAL, (3, 5), (3, 5), N_("Loyal clients"), N_("Come often and spend well.")),
    RfmRow(
        RfmSegment.POTENTIAL,
        (4, 5),
        (2, 2),
        N_("Potential loyal"),
        N_("Came recently and more than once: could become loyal."),
    ),
    RfmRow(
        RfmSegment.RECENT,
        (5, 5),
        (1, 1),
        N_("Recent"),
        N_("Came for the first time or once lately."),
    ),
    RfmRow(
        RfmSegment.PROMISING,
        (4, 4),
        (1, 1),
        N_("Promising"),
        N_("Came lately but rarely and spent little so far."),
    ),
    RfmRow(
        RfmSegment.NEEDS_ATTENTION,
        (3, 3),
        (2, 2),
        N_("Needs attention"),
        N_("Average on every count, and not seen for a while."),
    ),
    RfmRow(
        RfmSegment.ABOUT_TO_SLEEP,
        (3, 3),
        (1, 1),
        N_("About to sleep"),
        N_("Rare, low spending, and not seen for a while."),
    ),
    RfmRow(
        RfmSegment.CANT_LOSE,
        (1, 1),
        (4, 5),
        N_("Can't lose"),
        N_("Came often and spent the most, but not for a long time."),
    ),
    RfmRow(
        RfmSegment.AT_RISK,
        (1, 2),
        (3, 5),
        N_("At risk"),
        N_("Came often and spent well, but not lately."),
    ),
    RfmRow(
        RfmSegment.HIBERNATING,
        (2, 2),
        (1, 2),
        N_("Hibernating"),
        N_("Rare, low spending, and not seen for long."),
    ),
    RfmRow(
        RfmSegment.LOST,
        (1, 1),
        (1, 2),
        N_("Lost"),
        N_("Rare, low spending, and not seen for the longest time."),
    ),
)
RFM_ORDER: tuple[RfmSegment, ...] = tuple(r.segment for r in RFM_SEGMENTS)
RFM_LABELS: dict[RfmSegment, str] = {r.segment: r.label for r in RFM_SEGMENTS}


def fm_score(f: int, m: int) -> int:
    return (f + m + 1) // 2


def rfm_segment(r: int, f: int, m: int) -> RfmSegment:
    fm = fm_score(f, m)
    for row in RFM_SEGMENTS:
        if row.r[0] <= r <= row.r[1] and row.fm[0] <= fm <= row.fm[1]:
            return row.segment
    raise ValueError(f"RFM scores out of range: {r}, {f}, {m}")


# An R × FM grid (index [r - 1, fm - 1]) of indexes into RFM_ORDER, for whole arrays.
_GRID = np.array(
    [[RFM_ORDER.index(rfm_segment(r, fm, fm)) for fm in range(1, 6)] for r in range(1, 6)],
    dtype=np.int8,
)


def rfm_segments(r: ArrayLike, f: ArrayLike, m: ArrayLike) -> NDArray[np.int8]:
    """``rfm_segment`` over arrays: indexes into ``RFM_ORDER``."""
    rr = np.asarray(r, dtype=np.int64)
    fm = (np.asarray(f, dtype=np.int64) + np.asarray(m, dtype=np.int64) + 1) // 2
    return _GRID[rr - 1, fm - 1]


# -- strategy -------------------------------------------------------------------------------------


class Strategy(enum.Enum):
    MAINTAIN = "maintain"
    REDESIGN = "redesign"
    STRENGTHEN = "strengthen"
    HARVEST = "harvest"
    END = "end"
    WIN_BACK = "win_back"
    START = "start"


STRATEGY_LABELS: dict[Strategy, str] = {
    Strategy.MAINTAIN: N_("Maintain the relationship"),
    Strategy.REDESIGN: N_("Redesign the relationship"),
    Strategy.STRENGTHEN: N_("Strengthen the relationship"),
    Strategy.HARVEST: N_("Harvest the relationship"),
    Strategy.END: N_("End the relationship"),
    Strategy.WIN_BACK: N_("Win her back"),
    Strategy.START: N_("Start a relationship"),
}


class Presence(enum.Enum):
    PRESENT = "present"
    SLIPPING = "slipping"
    GONE = "gone"


@dataclass(frozen=True)
class StrategyThresholds:
    slipping_below: float = 0.5  # probability alive under this: slipping away
    gone_below: float = 0.1  # lapsed with a probability alive under this: gone
    valuable_share: float = 0.4  # the top share of clients by value counts as valuable


def presence(
    cat: Category, p_alive: float | None, t: StrategyThresholds = StrategyThresholds()
) -> Presence:
    if cat is Category.LAPSED:
        if p_alive is None or p_alive < t.gone_below:
            return Presence.GONE
        return Presence.SLIPPING
    if p_alive is not None and p_alive < t.slipping_below:
        return Presence.SLIPPING
    return Presence.PRESENT


@dataclass(frozen=True)
class StrategyRule:
    """One row of the strategy table: every condition given must hold (None: any)."""

    strategy: Strategy
    when: str  # the conditions in plain words, as the manager reads them
    reason: str  # why, and what to do, in plain words
    categories: frozenset[Category] | None = None
    valuable: bool | None = None
    presence: frozenset[Presence] | None = None
    satisfaction: frozenset[Satisfaction] | None = None

    def matches(
        self, cat: Category, valuable: bool, pres: Presence, sat: Satisfaction | None
    ) -> bool:
        return (
            (self.categories is None or cat in self.categories)
            and (self.valuable is None or valuable is self.valuable)
            and (self.presence is None or pres in self.presence)
            and (self.satisfaction is None or sat in self.satisfaction)
        )


_C, _P = Category, Presence
STRATEGY_RULES: tuple[StrategyRule, ...] = (
    StrategyRule(
        Strategy.REDESIGN,
        N_("Dissatisfied (an open complaint, a low score or low ratings)"),
        N_(
            "She is unhappy with us: find out what went wrong and change how we serve "
            "her, before she goes."
        ),
        satisfaction=frozenset({Satisfaction.DISSATISFIED}),
    ),
    StrategyRule(
        Strategy.START,
        N_("New client"),
        N_("A new relationship: welcome her, learn what she likes and book her next visit."),
        categories=frozenset({_C.NEW}),
    ),
    StrategyRule(
        Strategy.WIN_BACK,
        N_("Valuable, and lapsed or slipping away"),
        N_(
            "A valuable client is slipping away: call her yourself and invite her back "
            "with something she likes."
        ),
        valuable=True,
        presence=frozenset({_P.SLIPPING, _P.GONE}),
    ),
    StrategyRule(
        Strategy.END,
        N_("Not valuable, lapsed, and most likely gone"),
        N_(
            "No sign of future value: stop offers and reminders, keep her file, and "
            "welcome her if she comes back."
        ),
        valuable=False,
        presence=frozenset({_P.GONE}),
    ),
    StrategyRule(
        Strategy.WIN_BACK,
        N_("Lapsed, but may still come back"),
        N_("She has stopped coming but may come back: a reminder or a small offer."),
        categories=frozenset({_C.LAPSED}),
    ),
    StrategyRule(
        Strategy.MAINTAIN,
        N_("Promoter"),
        N_("Loyal, and recommends us: keep it so, thank her, and ask her to bring a friend."),
        categories=frozenset({_C.PROMOTER}),
    ),
    StrategyRule(
        Strategy.MAINTAIN,
        N_("Loyal and valuable"),
        N_("Loyal and valuable: keep the relationship as it is and never let her down."),
        categories=frozenset({_C.LOYAL}),
        valuable=True,
    ),
    StrategyRule(
        Strategy.STRENGTHEN,
        N_("Loyal, not among the most valuable"),
        N_("Comes often but spends little: suggest the services and products she has not tried."),
        categories=frozenset({_C.LOYAL}),
        valuable=False,
    ),
    StrategyRule(
        Strategy.STRENGTHEN,
        N_("Occasional and valuable"),
        N_(
            "Valuable but comes irregularly, perhaps also elsewhere: give her reasons to "
            "come every time."
        ),
        categories=frozenset({_C.OCCASIONAL}),
        valuable=True,
    ),
    StrategyRule(
        Strategy.HARVEST,
        N_("Occasional, not among the most valuable"),
        N_(
            "Comes now and then and spends little: serve her well, without special "
            "offers or effort."
        ),
        categories=frozenset({_C.OCCASIONAL}),
        valuable=False,
    ),
)


def strategy(
    cat: Category,
    valuable: bool,
    p_alive: float | None = None,
    sat: Satisfaction | None = None,
    thresholds: StrategyThresholds = StrategyThresholds(),
    rules: Sequence[StrategyRule] = STRATEGY_RULES,
) -> StrategyRule:
    """The first row of ``rules`` that matches the client (its strategy and reason)."""
    pres = presence(cat, p_alive, thresholds)
    for rule in rules:
        if rule.matches(cat, valuable, pres, sat):
            return rule
    raise LookupError(f"no strategy rule for {cat}, {valuable}, {pres}, {sat}")


def top_share(values: ArrayLike, share: float) -> NDArray[np.bool_]:
    """True for the values in the top ``share`` (at or above the (1 − share) quantile),
    never for a value of zero or less."""
    v = np.asarray(values, dtype=np.float64)
    if v.size == 0 or share <= 0:
        return np.zeros(v.shape, dtype=bool)
    cut = np.quantile(v, 1.0 - min(share, 1.0), method="lower")
    return (v >= cut) & (v > 0)
