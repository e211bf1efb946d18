"""Survey figures and each client's satisfaction category.

Net Promoter Score: the share of promoters (9–10) minus the share of detractors
(0–6) among all answers, passives (7–8) counted in the total; from −100 to +100.
CSAT: the share of satisfaction answers (1–5) that are 4 or 5. A figure on too
few answers says nothing: below ``min_answers`` (a setting) there is no score,
only the count.

A client's satisfaction category, from the last 12 months (a setting):
* **dissatisfied** — an open complaint, or their latest recommend score is a
  detractor's, or their average satisfaction is at or below ``low_csat``;
* **satisfied** — no open complaint, and their latest recommend score is a
  promoter's or their average satisfaction is at or above ``high_csat``;
* **average** — everything else with at least one answer or complaint;
* no category (None) when nothing was heard from them in the window.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

PROMOTER_MIN = 9
DETRACTOR_MAX = 6
SATISFIED_MIN = 4  # CSAT counts 4 and 5
RECOMMEND_MIN, RECOMMEND_MAX = 0, 10
RATING_MIN, RATING_MAX = 1, 5  # satisfaction with a service line or a staff member
LOW_RATING_MAX = 2  # a satisfaction of 1 or 2 offers a complaint, like a detractor's score


class Satisfaction(enum.Enum):
    SATISFIED = "satisfied"
    AVERAGE = "average"
    DISSATISFIED = "dissatisfied"


def recommend_group(score: int) -> str:
    if not 0 <= score <= 10:
        raise ValueError(f"recommend score out of range: {score}")
    if score >= PROMOTER_MIN:
        return "promoter"
    if score <= DETRACTOR_MAX:
        return "detractor"
    return "passive"


@dataclass(frozen=True)
class Nps:
    answers: int
    promoters: int
    passives: int
    detractors: int
    score: int | None  # rounded to a whole point; None below the minimum count

    @property
    def promoter_share(self) -> float:
        return self.promoters / self.answers if self.answers else 0.0

    @property
    def detractor_share(self) -> float:
        return self.detractors / self.answers if self.answers else 0.0


def nps(scores: Iterable[int], min_answers: int = 1) -> Nps:
    p = pa = d = 0
    for s in scores:
        g = recommend_group(s)
        if g == "promoter":
            p += 1
        elif g == "detractor":
            d += 1
        else:
            pa += 1
    return nps_of_counts(p + pa + d, p, d, min_answers)


def _whole_percent(num: int, n: int) -> int:
    """``100 * num / n`` rounded half away from zero, on exact integers."""
    q, r = divmod(abs(100 * num), n)
    whole = q + (1 if 2 * r >= n else 0)
    return whole if num >= 0 else -whole


def nps_of_counts(answers: int, promoters: int, detractors: int, min_answers: int = 1) -> Nps:
    """The score from counts (as a ``GROUP BY`` gives them)."""
    if not 0 <= promoters + detractors <= answers:
        raise ValueError("promoters and detractors are among the answers")
    score = None
    if answers and answers >= min_answers:
        score = _whole_percent(promoters - detractors, answers)
    return Nps(answers, promoters, answers - promoters - detractors, detractors, score)


@dataclass(frozen=True)
class Csat:
    answers: int
    satisfied: int
    percent: int | None  # whole percent; None below the minimum count


def csat(ratings: Iterable[int], min_answers: int = 1) -> Csat:
    n = s = 0
    for r in ratings:
        if not RATING_MIN <= r <= RATING_MAX:
            raise ValueError(f"satisfaction out of range: {r}")
        n += 1
        s += r >= SATISFIED_MIN
    return csat_of_counts(n, s, min_answers)


def csat_of_counts(answers: int, satisfied: int, min_answers: int = 1) -> Csat:
    if not 0 <= satisfied <= answers:
        raise ValueError("the satisfied are among the answers")
    pct = None
    if answers and answers >= min_answers:
        pct = _whole_percent(satisfied, answers)
    return Csat(answers, satisfied, pct)


@dataclass(frozen=True)
class SatisfactionRule:
    months: int = 12
    low_csat: float = 2.5  # average satisfaction at or below: dissatisfied
    high_csat: float = 4.0  # at or above (and no detractor score): satisfied


@dataclass(frozen=True)
class Heard:
    """What one client told us within the window."""

    recommend: Sequence[tuple[dt.datetime, int]] = ()  # (when, 0–10)
    ratings: Sequence[int] = ()  # 1–5 satisfaction answers
    open_complaints: int = 0
    # 1–5 answers already added up (as a GROUP BY gives them), besides ``ratings``
    rating_sum: int = 0
    rating_count: int = 0

    def average(self) -> float | None:
        n = len(self.ratings) + self.rating_count
        return (sum(self.ratings) + self.rating_sum) / n if n else None


def satisfaction(heard: Heard, rule: SatisfactionRule = SatisfactionRule()) -> Satisfaction | None:
    avg = heard.average()
    if not heard.recommend and avg is None and not heard.open_complaints:
        return None
    latest = max(heard.recommend)[1] if heard.recommend else None
    if heard.open_complaints:
        return Satisfaction.DISSATISFIED
    if latest is not None and latest <= DETRACTOR_MAX:
        return Satisfaction.DISSATISFIED
    if avg is not None and avg <= rule.low_csat:
        return Satisfaction.DISSATISFIED
    if (latest is not None and latest >= PROMOTER_MIN) or (
        avg is not None and avg >= rule.high_csat
    ):
        return Satisfaction.SATISFIED
    return Satisfaction.AVERAGE


def window_start(today: dt.date, months: int) -> dt.date:
    """The first day counted: ``months`` calendar months before ``today`` (clamped to month end)."""
    y, m = divmod(today.year * 12 + today.month - 1 - months, 12)
    month = m + 1
    import calendar

    day = min(today.day, calendar.monthrange(y, month)[1])
    return dt.date(y, month, day)
