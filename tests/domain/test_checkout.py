"""The till's choices on plain data: which service is meant, who does a line, who
earns the retail commission, who performs services."""

from __future__ import annotations

import pytest

from salon_desktop.domain.checkout import (
    INSIDE,
    NO_HABITS,
    WHOLE_WORD,
    WORD_START,
    ClientHabits,
    match_staff,
    match_tier,
    performs_services,
    rank_services,
    seller,
    service_staff,
)
from salon_desktop.domain.sale import LineDraft, LineKind

SERVICES = [  # (id, name, category), alphabetical as the price list reads
    (1, "Children's cut", "Hair"),
    (2, "Men's cut", "Hair"),
    (3, "Women's cut & blow-dry", "Hair"),
    (4, "Haircut", "Hair"),
    (5, "Cuticle care", "Nails"),
]


def names(query, popularity=None, habits=NO_HABITS):
    ranked = rank_services(query, SERVICES, lambda s: s, popularity or {}, habits)
    return [s[1] for s in ranked]


@pytest.mark.parametrize(
    ("role", "does"),
    [
        ("Hair stylist", True),
        ("Colourist", True),
        ("Manager", True),  # a manager may cut: only desk roles are excluded
        ("", True),
        ("Receptionist", False),
        ("reception", False),
        ("Front desk", False),
        ("Recepcjonistka", False),
        ("پذیرش", False),
        ("منشي", False),  # Arabic yeh typed for the Persian one
        ("Fryzjerka", True),
        ("آرایشگر مو", True),
    ],
)
def test_who_performs_services(role, does):
    assert performs_services(role) is does


def test_match_tiers():
    assert match_tier("cut", "Men's cut") == WHOLE_WORD
    assert match_tier("cut", "Cuticle care") == WORD_START
    assert match_tier("cut", "Haircut") == INSIDE
    assert match_tier("hair", "Colour", "Hair") is not None
    assert match_tier("perm", "Men's cut", "Hair") is None
    assert match_tier("", "Men's cut") is None
    assert match_tier("blow dry", "Women's cut & blow-dry") == WHOLE_WORD  # a phrase
    assert match_tier("cut & bl", "Women's cut & blow-dry") == WORD_START
    assert match_tier("blo", "Women's cut & blow-dry") == WORD_START


def test_word_start_before_inside_then_what_the_salon_sells_most():
    popularity = {3: 150, 2: 80, 1: 60, 4: 5, 5: 500}
    # The cuts (the whole word), most sold first; "Cuticle care" only starts with
    # it, however often it is sold; the haircut has "cut" inside a word.
    assert names("cut", popularity) == [
        "Women's cut & blow-dry",
        "Men's cut",
        "Children's cut",
        "Cuticle care",
        "Haircut",
    ]


def test_without_any_sales_ties_go_by_name():
    assert names("cut")[:3] == ["Children's cut", "Men's cut", "Women's cut & blow-dry"]


def test_what_the_client_had_before_comes_before_the_salon_habit():
    popularity = {3: 150, 2: 80, 1: 60}
    son = ClientHabits(counts={1: 4})
    assert names("cut", popularity, son)[0] == "Children's cut"
    # A better kind of match still wins over habit.
    assert names("cut", popularity, ClientHabits(counts={4: 9}))[-1] == "Haircut"


def test_ranking_folds_what_was_typed():
    assert names("  CUTI")[0] == "Cuticle care"
    persian = [(7, "کوتاهی کودک", "مو"), (8, "کوتاهی آقایان", "مو")]
    ranked = rank_services("كوتاهي", persian, lambda s: s, {8: 3})  # Arabic letter forms
    assert [s[0] for s in ranked] == [8, 7]


def test_service_line_staff_last_time_then_preferred_never_the_desk():
    performers = {10, 11}  # 12 is the receptionist
    habits = ClientHabits(last_staff={1: 11, 2: 12})
    assert service_staff(1, habits, 10, performers) == 11  # who did it last time
    assert service_staff(3, habits, 10, performers) == 10  # else her preferred one
    assert service_staff(2, habits, 10, performers) == 10  # last time the desk? no
    assert service_staff(3, habits, 12, performers) is None  # preferred is at the desk
    assert service_staff(None, habits, None, performers) is None
    assert service_staff(1, habits, 10, {10}) == 10  # the last one has left


def _line(kind, staff):
    return LineDraft(kind, "x", 100, 1, 0, staff_id=staff)


def test_retail_commission_goes_to_who_did_the_last_service():
    staff = {10, 11, 12}
    lines = [_line(LineKind.SERVICE, 10), _line(LineKind.SERVICE, 11)]
    assert seller(lines, staff, 10, 12) == 11
    assert seller([_line(LineKind.PRODUCT, 10)], staff, None, 12) == 12  # the desk sold it
    assert seller([], staff, 10, 12) == 10  # no service: her preferred one
    assert seller([_line(LineKind.SERVICE, 99)], staff, None, None) is None  # 99 left
    assert seller([_line(LineKind.SERVICE, None)], staff, 13, 12) == 12  # 13 not active


def test_typed_staff_name():
    staff = {1: "Olivia Bennett", 2: "Grace Whitfield", 3: "Olga Nowak"}
    assert match_staff("grace", staff) == 2
    assert match_staff("benn", staff) == 1  # a surname's start
    assert match_staff("ol", staff) == 1  # the first in the list of two
    assert match_staff("olga", staff) == 3
    assert match_staff("Olga Nowak", staff) == 3
    assert match_staff("zz", staff) is None
    assert match_staff("  ", staff) is None
