"""Action lists: who to call, write to or greet today, and why. Pure rules, no SQL.

Each list is a rule over a few facts per client that the service reads with
aggregate queries (``services/action_lists.py``); every row carries its own
reason (a figure and a plain sentence). The lists:

* **win_back** — valuable clients (``ClientScore.valuable``) who are slipping
  away: lapsed, or with a probability alive (BG/NBD, after at least two visits)
  under ``slipping_below`` (0.5, as the strategy table reads it), and whose
  probability alive is falling: lower than in the monthly snapshot of the scores
  at least ``fall_days`` (28) old (``services/score_history.py``), when there is
  one; a client who came back since (her probability rose) is not on it. Ranked by the
  **expected value lost**: what she would bring if she were still coming less
  what she is now expected to bring, ``future × (1 − p) / p``; with the simple
  formula (no probability), her margin per year while she came × the simple
  formula's years.
* **birthdays_today**, **birthdays_week** (today and the next six days),
  **birthdays_next_month** (the calendar month after this one: a Jalali month
  for a Persian salon, whose clients keep their Jalali birthday). A 29 February
  birthday falls on 28 February in other years (and 30 Esfand on 29 Esfand).
* **due_back** — clients with two visits or more whose days since the last
  visit are more than ``due_factor`` (1) × their usual interval, but who have
  not lapsed yet (those are for win-back); the most overdue first.
* **stale_contacts** — contact details never confirmed, or longer ago than the
  re-confirm period (``domain.client.contact_is_stale``); the most recent
  visitors first (they will be at the desk soonest).
* **dissatisfied_no_complaint** — in the satisfaction window, their latest
  recommend score is a detractor's (0–6) or their average satisfaction is at
  or below the low threshold, and they have no open complaint: nobody is
  dealing with it yet.
* **promoters** — their latest recommend score in the window is 9 or 10, or
  they referred someone in the window, with no open complaint and not
  dissatisfied by their ratings: ask them to bring a friend.
* **open_debt** — their client account is below zero (a charge not settled),
  the largest debt first.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import math
from dataclasses import dataclass

from salon_desktop.domain.feedback import DETRACTOR_MAX, PROMOTER_MIN
from salon_desktop.i18n import N_


class ListName(enum.Enum):
    WIN_BACK = "win_back"
    BIRTHDAYS_TODAY = "birthdays_today"
    BIRTHDAYS_WEEK = "birthdays_week"
    BIRTHDAYS_NEXT_MONTH = "birthdays_next_month"
    DUE_BACK = "due_back"
    STALE_CONTACTS = "stale_contacts"
    DISSATISFIED_NO_COMPLAINT = "dissatisfied_no_complaint"
    PROMOTERS = "promoters"
    OPEN_DEBT = "open_debt"


LIST_LABELS: dict[ListName, str] = {
    ListName.WIN_BACK: N_("Valuable clients to win back"),
    ListName.BIRTHDAYS_TODAY: N_("Birthdays today"),
    ListName.BIRTHDAYS_WEEK: N_("Birthdays this week"),
    ListName.BIRTHDAYS_NEXT_MONTH: N_("Birthdays next month"),
    ListName.DUE_BACK: N_("Clients due back"),
    ListName.STALE_CONTACTS: N_("Contact details to confirm"),
    ListName.DISSATISFIED_NO_COMPLAINT: N_("Dissatisfied, without an open complaint"),
    ListName.PROMOTERS: N_("Promoters to ask for referrals"),
    ListName.OPEN_DEBT: N_("Clients with an open debt"),
}

LIST_HELP: dict[ListName, str] = {
    ListName.WIN_BACK: N_(
        "Valuable clients who have lapsed or are slipping away, the most value at stake first."
    ),
    ListName.BIRTHDAYS_TODAY: N_("Clients whose birthday is today."),
    ListName.BIRTHDAYS_WEEK: N_("Birthdays from today to six days ahead."),
    ListName.BIRTHDAYS_NEXT_MONTH: N_("Birthdays in the calendar month after this one."),
    ListName.DUE_BACK: N_(
        "Clients past their own usual interval between visits, not lapsed yet; "
        "the most overdue first."
    ),
    ListName.STALE_CONTACTS: N_(
        "Contact details never confirmed or not confirmed within the re-confirm period."
    ),
    ListName.DISSATISFIED_NO_COMPLAINT: N_(
        "A low recommend score or low ratings lately, and no open complaint about it."
    ),
    ListName.PROMOTERS: N_(
        "A recommend score of 9 or 10 lately, or a client they referred: ask them to "
        "bring a friend."
    ),
    ListName.OPEN_DEBT: N_("Clients whose account is below zero, the largest debt first."),
}

# The letter each list suggests (a key of domain.letters.TEMPLATE_KINDS).
LIST_LETTERS: dict[ListName, str] = {
    ListName.WIN_BACK: "invitation_back",
    ListName.BIRTHDAYS_TODAY: "birthday",
    ListName.BIRTHDAYS_WEEK: "birthday",
    ListName.BIRTHDAYS_NEXT_MONTH: "birthday",
    ListName.DUE_BACK: "invitation_back",
    ListName.STALE_CONTACTS: "invitation_back",
    ListName.DISSATISFIED_NO_COMPLAINT: "apology",
    ListName.PROMOTERS: "referral_thanks",
    ListName.OPEN_DEBT: "debt_reminder",
}


def parse_list(name: str) -> ListName:
    """The list of that name (``win_back``, ``win-back``); ``ValueError`` otherwise."""
    try:
        return ListName(name.strip().lower().replace("-", "_"))
    except ValueError:
        raise ValueError(name) from None


@dataclass(frozen=True)
class ListRule:
    slipping_below: float = 0.5  # as StrategyThresholds.slipping_below
    win_back_years: float = 3.0  # the simple formula's years, for a value without a model
    due_factor: float = 1.0  # due back after this × the usual interval
    week_days: int = 7  # "this week": today and the six days after
    fall_days: int = 28  # the probability alive is compared with a snapshot this old at least


# -- win back -----------------------------------------------------------------------------------


def slipping(
    lapsed: bool,
    visits: int,
    p_alive: float | None,
    rule: ListRule = ListRule(),
    before: float | None = None,
) -> bool:
    """Lapsed, or a known probability alive (two visits or more) under the threshold;
    and, when her probability of about a month ago (``before``) is known, below it."""
    if p_alive is not None and before is not None and not p_alive < before:
        return False  # not falling: she came back, or nothing moved
    if lapsed:
        return True
    return visits >= 2 and p_alive is not None and p_alive < rule.slipping_below


def value_lost(
    future_value: int,
    p_alive: float | None,
    margin: int,
    first_visit: dt.date | None,
    last_visit: dt.date | None,
    rule: ListRule = ListRule(),
) -> int:
    """The expected value lost if she does not come back, in minor units (never negative).

    With a probability alive: her value if still alive (``future / p``) less her
    expected value (``future``). Without one: her margin per year while she came
    (at least a year counted) × ``win_back_years``."""
    if p_alive is not None and not math.isnan(p_alive) and 0.0 < p_alive <= 1.0:
        return max(0, round(future_value * (1.0 - p_alive) / p_alive))
    if margin <= 0 or first_visit is None or last_visit is None:
        return 0
    years = max((last_visit - first_visit).days / 365.25, 1.0)
    return max(0, round(margin / years * rule.win_back_years))


# -- birthdays ------------------------------------------------------------------------------------


def _on_or_before_month_end(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def birthday_in(birth: dt.date, year: int) -> dt.date:
    """Her birthday in that Gregorian year (29 February on the 28th in other years)."""
    return _on_or_before_month_end(year, birth.month, birth.day)


def next_birthday(birth: dt.date, today: dt.date, jalali: bool = False) -> dt.date:
    """Her next birthday, today included (the Jalali date kept for a Persian salon)."""
    if jalali:
        from persiantools.jdatetime import JalaliDate

        b, t = JalaliDate(birth), JalaliDate(today)
        for year in (t.year, t.year + 1):
            day = min(b.day, JalaliDate.days_in_month(b.month, year))
            d = JalaliDate(year, b.month, day).to_gregorian()
            if d >= today:
                return d
        raise AssertionError("a birthday comes within a year")
    this_year = birthday_in(birth, today.year)
    return this_year if this_year >= today else birthday_in(birth, today.year + 1)


def next_month(today: dt.date, jalali: bool = False) -> tuple[dt.date, dt.date]:
    """The first and last day of the calendar month after today's (Gregorian days)."""
    if jalali:
        from persiantools.jdatetime import JalaliDate

        t = JalaliDate(today)
        year, month = (t.year + 1, 1) if t.month == 12 else (t.year, t.month + 1)
        first = JalaliDate(year, month, 1).to_gregorian()
        last = JalaliDate(year, month, JalaliDate.days_in_month(month, year)).to_gregorian()
        return first, last
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def birthday_window(
    name: ListName, today: dt.date, jalali: bool = False, rule: ListRule = ListRule()
) -> tuple[dt.date, dt.date]:
    """The days (inclusive) whose birthdays a birthday list holds."""
    if name is ListName.BIRTHDAYS_TODAY:
        return today, today
    if name is ListName.BIRTHDAYS_WEEK:
        return today, today + dt.timedelta(days=rule.week_days - 1)
    if name is ListName.BIRTHDAYS_NEXT_MONTH:
        return next_month(today, jalali)
    raise ValueError(f"{name} is not a birthday list")


def birthday_between(
    birth: dt.date, start: dt.date, end: dt.date, jalali: bool = False
) -> dt.date | None:
    """Her birthday within [start, end] (a window shorter than a year), or None."""
    if birth > end:
        return None
    day = next_birthday(birth, start, jalali)
    return day if day <= end else None


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


# -- due back ---------------------------------------------------------------------------------------


def usual_interval(visits: int, first: dt.date | None, last: dt.date | None) -> float | None:
    if visits < 2 or first is None or last is None:
        return None
    return (last - first).days / (visits - 1)


def days_overdue(
    visits: int,
    first: dt.date | None,
    last: dt.date | None,
    today: dt.date,
    lapsed: bool,
    rule: ListRule = ListRule(),
) -> int | None:
    """Days past her own usual interval (× ``due_factor``), or None when not due back."""
    interval = usual_interval(visits, first, last)
    if interval is None or last is None or lapsed or interval <= 0:
        return None
    since = (today - last).days
    due_after = rule.due_factor * interval
    if since <= due_after:
        return None
    return max(1, int(since - due_after))


# -- what clients told us ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Heard:
    """What one client told us within the satisfaction window."""

    latest_recommend: int | None = None
    rating_sum: int = 0
    rating_count: int = 0
    open_complaints: int = 0
    referrals: int = 0

    @property
    def average(self) -> float | None:
        return self.rating_sum / self.rating_count if self.rating_count else None


def dissatisfied_without_complaint(h: Heard, low_csat: float) -> bool:
    if h.open_complaints:
        return False
    if h.latest_recommend is not None and h.latest_recommend <= DETRACTOR_MAX:
        return True
    avg = h.average
    return avg is not None and avg <= low_csat


def promoter(h: Heard, low_csat: float) -> bool:
    if h.open_complaints:
        return False
    if h.latest_recommend is not None and h.latest_recommend <= DETRACTOR_MAX:
        return False
    avg = h.average
    if avg is not None and avg <= low_csat:
        return False
    return (h.latest_recommend is not None and h.latest_recommend >= PROMOTER_MIN) or (
        h.referrals > 0
    )
