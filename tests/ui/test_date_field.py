"""The date field: typed in any digit script, shown in the language's calendar."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import datetime as dt  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QCalendar, QDate, Qt  # noqa: E402

from salon_desktop.i18n.formatting import Formatter  # noqa: E402
from salon_desktop.ui.widgets.date_field import DateField, InvalidDate  # noqa: E402
from tests.ui.helpers import type_text  # noqa: E402


@pytest.fixture
def field(qtbot):
    def make(language: str) -> DateField:
        w = DateField(Formatter(language))
        qtbot.addWidget(w)
        w.show()
        return w

    return make


def test_persian_digits_are_read_as_a_jalali_date(qtbot, field):
    w = field("fa")
    type_text(qtbot, w.edit, "۱۳۷۰/۰۵/۱۲")
    assert w.date() == dt.date(1991, 8, 3)
    # The empty field shows what goes where, not a date it could be taken for.
    assert w.edit.placeholderText().strip("\u2066\u2069") == "سال/ماه/روز"


@pytest.mark.parametrize("language", ["en", "pl", "fa"])
def test_an_empty_date_field_shows_a_pattern_that_is_not_a_date(qtbot, field, language):
    w = field(language)
    placeholder = w.edit.placeholderText()
    assert placeholder and w.text() == ""
    assert not any(ch.isdigit() for ch in placeholder)  # no digits in any script
    with pytest.raises(ValueError):
        Formatter(language).parse_date(placeholder)
    assert w.date() is None  # empty: no date, whatever the placeholder says


def test_the_persian_pattern_lays_out_like_a_typed_date(qtbot, field):
    """Year on the left, day on the right, as ۱۴۰۳/۰۱/۳۱ is shown in a mirrored form:
    the words are isolated left to right (a bare RTL run would put the year on the right)."""
    w = field("fa")
    assert w.edit.placeholderText() == "\u2066سال/ماه/روز\u2069"


def test_latin_digits_in_persian_are_tidied_on_leaving_the_field(qtbot, field):
    w = field("fa")
    seen = []
    w.dateChanged.connect(seen.append)
    qtbot.keyClicks(w.edit, "1370-5-12")
    qtbot.keyClick(w.edit, Qt.Key.Key_Return)
    assert w.text() == "۱۳۷۰/۰۵/۱۲"
    assert seen == [dt.date(1991, 8, 3)]


def test_polish_and_english_orders(qtbot, field):
    pl, en = field("pl"), field("en")
    qtbot.keyClicks(pl.edit, "3.8.1991")
    qtbot.keyClicks(en.edit, "03/08/1991")
    assert pl.date() == en.date() == dt.date(1991, 8, 3)
    pl.setDate(dt.date(2026, 11, 23))
    assert pl.text() == "23.11.2026"
    assert pl.edit.placeholderText() == "dd.mm.rrrr"


def test_nonsense_is_flagged_not_guessed(qtbot, field):
    w = field("en")
    qtbot.keyClicks(w.edit, "31/02/2020")
    assert not w.is_valid()
    with pytest.raises(InvalidDate):
        w.date()
    qtbot.keyClick(w.edit, Qt.Key.Key_Return)
    assert w.edit.property("invalid") is True
    assert w.text() == "31/02/2020"  # left as typed for the receptionist to fix
    w.edit.clear()
    qtbot.keyClicks(w.edit, "1/2/2020")
    assert w.edit.property("invalid") is False
    assert w.date() == dt.date(2020, 2, 1)


def test_empty_is_none(field):
    w = field("pl")
    assert w.date() is None and w.is_valid()
    w.setDate(dt.date(2000, 1, 1))
    w.clear()
    assert w.date() is None


def test_calendar_popup_is_jalali_in_persian_and_picks(qtbot, field):
    w = field("fa")
    w.setDate(dt.date(1991, 8, 3))
    qtbot.keyClick(w.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    cal = w.calendar_popup()
    assert cal is not None and cal.isVisible()
    assert cal.calendar().isProleptic() == QCalendar(QCalendar.System.Jalali).isProleptic()
    assert cal.calendar().name() == QCalendar(QCalendar.System.Jalali).name()
    assert cal.selectedDate() == QDate(1991, 8, 3)
    cal.clicked.emit(QDate(1991, 8, 4))
    assert w.date() == dt.date(1991, 8, 4)
    assert w.text() == "۱۳۷۰/۰۵/۱۳"
    assert not cal.isVisible()


def test_calendar_is_gregorian_in_polish(qtbot, field):
    w = field("pl")
    qtbot.mouseClick(w.button, Qt.MouseButton.LeftButton)
    assert w.calendar_popup().calendar().name() == QCalendar(QCalendar.System.Gregorian).name()
