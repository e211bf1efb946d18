"""A survey's rules: scores typed in any digit script, each answer on its scale,
at least one answer, a question's texts and scale, who is unhappy enough for a
complaint, counts that make the same figures as the answers themselves."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salon_desktop.domain.feedback import (
    Heard,
    Satisfaction,
    csat,
    csat_of_counts,
    nps,
    nps_of_counts,
    satisfaction,
)
from salon_desktop.domain.surveys import (
    BUILT_IN_QUESTIONS,
    QuestionDraft,
    SurveyDraft,
    check_question,
    check_survey,
    is_unhappy,
    question_text,
    read_score,
)

PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
ARABIC = "٠١٢٣٤٥٦٧٨٩"


@given(st.integers(0, 10), st.sampled_from(["ascii", "persian", "arabic"]), st.booleans())
def test_a_score_reads_the_same_in_every_digit_script(n, script, padded):
    text = str(n)
    if script != "ascii":
        digits = PERSIAN if script == "persian" else ARABIC
        text = "".join(digits[int(c)] for c in text)
    assert read_score(f"  {text} " if padded else text) == n


@pytest.mark.parametrize("text", ["a", "5a", "-1", "1.5", "۵x", "1234"])
def test_what_is_not_a_score_is_refused(text):
    with pytest.raises(ValueError):
        read_score(text)


def test_blank_is_no_answer():
    assert read_score("") is None and read_score("   ") is None


def fields(errors) -> list[str]:
    return [e.field for e in errors.errors]


@given(
    st.one_of(st.none(), st.integers(-3, 13)),
    st.dictionaries(st.sampled_from([1, 2]), st.one_of(st.none(), st.integers(-1, 7))),
    st.dictionaries(st.sampled_from([10, 11]), st.one_of(st.none(), st.integers(-1, 7))),
    st.dictionaries(st.sampled_from([100, 101]), st.one_of(st.none(), st.integers(-1, 12))),
)
def test_each_answer_is_checked_against_its_scale(rec, lines, staff, questions):
    scales = {100: (1, 5), 101: (0, 10)}
    errors, _comment = check_survey(
        SurveyDraft(1, rec, lines, staff, questions), {1, 2}, {10, 11}, scales
    )
    wrong = set(fields(errors))
    assert ("recommend" in wrong) == (
        (rec is not None and not 0 <= rec <= 10)
        or all(v is None for v in [rec, *lines.values(), *staff.values(), *questions.values()])
    )
    for k, v in lines.items():
        assert (f"line:{k}" in wrong) == (v is not None and not 1 <= v <= 5)
    for k, v in staff.items():
        assert (f"staff:{k}" in wrong) == (v is not None and not 1 <= v <= 5)
    for k, v in questions.items():
        lo, hi = scales[k]
        assert (f"question:{k}" in wrong) == (v is not None and not lo <= v <= hi)


def test_lines_staff_and_questions_must_be_of_the_visit():
    errors, _ = check_survey(SurveyDraft(1, 9, {3: 5}, {12: 4}, {999: 3}), {1}, {10}, {})
    assert fields(errors) == ["line:3", "staff:12", "question:999"]


def test_a_comment_alone_is_an_answer_and_is_trimmed():
    errors, comment = check_survey(SurveyDraft(1, comment="  Lovely  "), set(), set(), {})
    assert not errors.errors and comment == "Lovely"


def test_a_question_needs_a_text_and_a_scale_lowest_first():
    errors, texts = check_question(QuestionDraft({"en": " Music? ", "pl": " "}))
    assert not errors.errors and texts == {"en": "Music?"}
    errors, _ = check_question(QuestionDraft({}, scale_min=3, scale_max=3))
    assert fields(errors) == ["text_en", "scale"]
    errors, _ = check_question(QuestionDraft({}, code="cleanliness", scale_min=0, scale_max=10))
    assert not errors.errors  # a built-in question reads from the translations
    errors, _ = check_question(QuestionDraft({"en": "x"}, scale_min=0, scale_max=11))
    assert fields(errors) == ["scale"]


def test_the_question_as_asked_in_a_language():
    assert question_text({"pl": "Muzyka?"}, "", "fa") == "Muzyka?"  # any text rather than none
    assert question_text({"en": "Music?", "fa": "موسیقی؟"}, "", "fa") == "موسیقی؟"
    assert question_text({}, "waiting", "en", str.upper) == BUILT_IN_QUESTIONS["waiting"].upper()
    assert question_text({"en": "Clean?"}, "cleanliness", "en") == "Clean?"


@pytest.mark.parametrize(
    "rec, ratings, unhappy",
    [
        (6, [], True),
        (7, [], False),
        (None, [2], True),
        (10, [5, 1], True),
        (9, [3, None], False),
        (None, [None], False),
    ],
)
def test_who_is_offered_a_complaint(rec, ratings, unhappy):
    assert is_unhappy(rec, ratings) is unhappy


@given(st.lists(st.integers(0, 10)), st.integers(1, 20))
def test_counts_make_the_same_nps_as_the_scores(scores, least):
    p = sum(s >= 9 for s in scores)
    d = sum(s <= 6 for s in scores)
    assert nps_of_counts(len(scores), p, d, least) == nps(scores, least)


@given(st.lists(st.integers(1, 5)), st.integers(1, 20))
def test_counts_make_the_same_csat_as_the_ratings(ratings, least):
    s = sum(r >= 4 for r in ratings)
    assert csat_of_counts(len(ratings), s, least) == csat(ratings, least)


@given(st.lists(st.integers(1, 5), min_size=1))
def test_ratings_added_up_give_the_same_category(ratings):
    listed = satisfaction(Heard(ratings=ratings))
    summed = satisfaction(Heard(rating_sum=sum(ratings), rating_count=len(ratings)))
    assert listed is summed and summed in set(Satisfaction)


@pytest.mark.parametrize(
    "low, category",
    [
        ([], "service_result"),  # only the recommend score was low
        ([("staff", "")], "staff_behaviour"),
        ([("question", "waiting"), ("staff", "")], "waiting_time"),
        ([("question", "cleanliness")], "hygiene"),
        ([("question", "value")], "price"),
        ([("question", "")], "other"),
        ([("service", "")], "service_result"),
    ],
)
def test_a_complaint_from_a_survey_is_about_its_lowest_answer(low, category):
    from salon_desktop.domain.complaints import DEFAULT_CATEGORIES
    from salon_desktop.domain.surveys import complaint_category

    assert complaint_category(low) == category and category in DEFAULT_CATEGORIES
