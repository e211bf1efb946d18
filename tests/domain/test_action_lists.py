"""The action lists' rules on plain values, at their boundaries."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from persiantools.jdatetime import JalaliDate

from salon_desktop.domain.action_lists import (
    Heard,
    ListName,
    ListRule,
    age_on,
    birthday_window,
    days_overdue,
    dissatisfied_without_complaint,
    next_birthday,
    next_month,
    parse_list,
    promoter,
    slipping,
    value_lost,
)

TODAY = dt.date(2026, 11, 23)
days = st.dates(dt.date(1930, 1, 1), dt.date(2030, 12, 31))


@given(days, days)
def test_the_next_birthday_is_within_a_year_on_her_day(birth, today):
    day = next_birthday(birth, today)
    assert today <= day < today + dt.timedelta(days=366)
    if (birth.month, birth.day) != (2, 29):
        assert (day.month, day.day) == (birth.month, birth.day)


@given(days, days)
def test_the_next_jalali_birthday_keeps_her_jalali_day(birth, today):
    day = next_birthday(birth, today, jalali=True)
    assert today <= day < today + dt.timedelta(days=367)
    b, d = JalaliDate(birth), JalaliDate(day)
    assert d.month == b.month
    assert d.day == b.day or (b.month, b.day, d.day) == (12, 30, 29)


def test_29_february_and_30_esfand_in_ordinary_years():
    assert next_birthday(dt.date(1996, 2, 29), dt.date(2027, 1, 1)) == dt.date(2027, 2, 28)
    assert next_birthday(dt.date(1996, 2, 29), dt.date(2028, 1, 1)) == dt.date(2028, 2, 29)
    born = JalaliDate(1403, 12, 30).to_gregorian()  # 1403 is a leap year, 1404 is not
    assert JalaliDate(next_birthday(born, JalaliDate(1404, 11, 1).to_gregorian(), True)) == (
        JalaliDate(1404, 12, 29)
    )


def test_the_windows():
    assert birthday_window(ListName.BIRTHDAYS_TODAY, TODAY) == (TODAY, TODAY)
    assert birthday_window(ListName.BIRTHDAYS_WEEK, TODAY) == (TODAY, dt.date(2026, 11, 29))
    assert next_month(dt.date(2026, 12, 31)) == (dt.date(2027, 1, 1), dt.date(2027, 1, 31))
    assert next_month(TODAY, jalali=True) == (dt.date(2026, 12, 22), dt.date(2027, 1, 20))
    esfand = JalaliDate(1405, 12, 10).to_gregorian()
    first, _last = next_month(esfand, jalali=True)
    assert JalaliDate(first) == JalaliDate(1406, 1, 1)
    with pytest.raises(ValueError):
        birthday_window(ListName.DUE_BACK, TODAY)


def test_age():
    assert age_on(dt.date(1990, 11, 24), TODAY) == 35
    assert age_on(dt.date(1990, 11, 23), TODAY) == 36


def test_due_back_starts_the_day_after_her_interval():
    first, last = TODAY - dt.timedelta(days=42), TODAY - dt.timedelta(days=21)
    assert days_overdue(2, first, last, TODAY, False) is None  # exactly her interval
    assert days_overdue(2, first, last, TODAY + dt.timedelta(days=1), False) == 1
    assert days_overdue(2, first, last, TODAY + dt.timedelta(days=5), True) is None  # lapsed
    assert days_overdue(1, last, last, TODAY + dt.timedelta(days=99), False) is None
    same_day = days_overdue(2, last, last, TODAY, False)  # two visits on one day: no interval
    assert same_day is None
    slow = ListRule(due_factor=1.5)
    assert days_overdue(2, first, last, TODAY + dt.timedelta(days=10), False, slow) is None


def test_slipping_and_value_lost():
    assert slipping(True, 1, None)
    assert slipping(False, 2, 0.49) and not slipping(False, 2, 0.5)
    assert not slipping(False, 1, 0.1)  # one visit: the probability says nothing
    # with her probability of a month ago: only when it fell
    assert slipping(False, 2, 0.3, before=0.31) and not slipping(False, 2, 0.3, before=0.3)
    assert not slipping(False, 2, 0.3, before=0.2)  # she came back since
    assert not slipping(False, 2, 0.5, before=0.9)  # fell, but not under the threshold
    assert slipping(True, 4, 0.05, before=0.06) and not slipping(True, 4, 0.06, before=0.05)
    assert slipping(True, 4, None, before=0.5)  # lapsed without a probability now
    assert value_lost(1_000, 0.2, 0, None, None) == 4_000
    assert value_lost(1_000, 1.0, 0, None, None) == 0
    a, b = dt.date(2024, 1, 1), dt.date(2026, 1, 1)  # two years
    assert value_lost(0, None, 73_050, a, b) == round(73_050 / (731 / 365.25) * 3)
    assert value_lost(0, None, -5, a, b) == 0


def test_what_clients_told_us():
    low = 2.5
    assert dissatisfied_without_complaint(Heard(latest_recommend=6), low)
    assert not dissatisfied_without_complaint(Heard(latest_recommend=7), low)
    assert not dissatisfied_without_complaint(Heard(latest_recommend=0, open_complaints=1), low)
    assert dissatisfied_without_complaint(Heard(rating_sum=5, rating_count=2), low)
    assert not dissatisfied_without_complaint(Heard(rating_sum=13, rating_count=5), low)
    assert promoter(Heard(latest_recommend=9), low)
    assert not promoter(Heard(latest_recommend=8), low)
    assert promoter(Heard(referrals=1), low)
    assert not promoter(Heard(referrals=1, latest_recommend=3), low)
    assert not promoter(Heard(latest_recommend=10, open_complaints=1), low)


def test_list_names():
    assert parse_list(" Win-Back ") is ListName.WIN_BACK
    with pytest.raises(ValueError):
        parse_list("everyone")
