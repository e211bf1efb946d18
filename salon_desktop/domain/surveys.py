"""A satisfaction survey of one visit, as the receptionist types it in.

A survey belongs to one visit (a posted sale) and holds: the likelihood to
recommend (0–10), a satisfaction (1–5) with each service line and each staff
member of the visit, the answers to the salon's extra questions (each on its
own scale), and a comment. Every answer may be left blank, but not all of them.
Scores are typed in any digit script (``۷``, ``٧``, ``7``).

Extra questions are the salon's template: a text per language (a built-in
question has a code and its text from the translations until the salon writes
its own), a scale, active or not. What was asked is stored with each answer,
so editing a question later does not change past answers.

The figures and the satisfaction category are ``domain.feedback``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from salon_desktop.domain.feedback import (
    DETRACTOR_MAX,
    LOW_RATING_MAX,
    RATING_MAX,
    RATING_MIN,
    RECOMMEND_MAX,
    RECOMMEND_MIN,
)
from salon_desktop.domain.text import ascii_digits
from salon_desktop.domain.validation import MAX_LONG, Errors, check_text
from salon_desktop.i18n import N_

SCALE_LOWEST, SCALE_HIGHEST = 0, 10  # what a question's scale may span
MAX_QUESTIONS_TEXT = 300


class AnswerKind(enum.Enum):
    RECOMMEND = "recommend"  # 0–10, one per survey
    SERVICE = "service"  # 1–5, one per service line of the visit
    STAFF = "staff"  # 1–5, one per staff member of the visit
    QUESTION = "question"  # an extra question, on its own scale


class Channel(enum.Enum):
    PAPER = "paper"  # a card filled in by the client
    SPOKEN = "spoken"  # asked at the desk or on the phone


CHANNEL_LABELS = {
    Channel.PAPER: N_("Paper card"),
    Channel.SPOKEN: N_("Asked in person or by phone"),
}

RECOMMEND_QUESTION = N_("How likely are you to recommend us to a friend?")
SERVICE_QUESTION = N_("How satisfied were you with {service}?")
STAFF_QUESTION = N_("How satisfied were you with {name}?")

# The extra questions a new salon starts with (migration 0006 adds them, active).
BUILT_IN_QUESTIONS: dict[str, str] = {
    "cleanliness": N_("How clean and tidy was the salon?"),
    "waiting": N_("How satisfied were you with the waiting time?"),
    "value": N_("How satisfied were you with the value for money?"),
}


def question_text(texts: Mapping[str, str], code: str, language: str, translate=lambda s: s) -> str:
    """The question as asked in ``language``: the salon's own text in that language,
    else a built-in question's translation, else the salon's text in any language."""
    own = (texts.get(language) or "").strip()
    if own:
        return own
    if code in BUILT_IN_QUESTIONS:
        return translate(BUILT_IN_QUESTIONS[code])
    for lang in ("en", *sorted(texts)):
        if (texts.get(lang) or "").strip():
            return texts[lang].strip()
    return code


@dataclass(frozen=True)
class QuestionDraft:
    texts: Mapping[str, str] = field(default_factory=dict)  # language -> text
    code: str = ""  # a built-in question's code; "" for the salon's own
    scale_min: int = RATING_MIN
    scale_max: int = RATING_MAX
    active: bool = True


def check_question(d: QuestionDraft) -> tuple[Errors, dict[str, str]]:
    """The problems and the texts as they would be stored (trimmed, blanks dropped)."""
    errors = Errors()
    texts: dict[str, str] = {}
    for lang, text in sorted(d.texts.items()):
        value = check_text(errors, f"text_{lang}", text, max_len=MAX_QUESTIONS_TEXT)
        if value:
            texts[lang] = value
    if not texts and d.code not in BUILT_IN_QUESTIONS:
        errors.add("text_en", N_("Write the question in at least one language."))
    if not SCALE_LOWEST <= d.scale_min < d.scale_max <= SCALE_HIGHEST:
        errors.add(
            "scale",
            N_("A scale runs from {low} to {high}, the lowest first."),
            low=SCALE_LOWEST,
            high=SCALE_HIGHEST,
        )
    return errors, texts


def read_score(text: str) -> int | None:
    """A typed score in any digit script; None when blank. ValueError when not a number."""
    t = ascii_digits(text).strip()
    if not t:
        return None
    if not (t.isascii() and t.isdigit()) or len(t) > 3:
        raise ValueError(text)
    return int(t)


@dataclass(frozen=True)
class SurveyDraft:
    sale_id: int
    recommend: int | None = None
    lines: Mapping[int, int | None] = field(default_factory=dict)  # sale line id -> 1–5
    staff: Mapping[int, int | None] = field(default_factory=dict)  # staff id -> 1–5
    questions: Mapping[int, int | None] = field(default_factory=dict)  # question id -> score
    comment: str = ""
    channel: Channel = Channel.PAPER


def _range(errors: Errors, name: str, value: int | None, low: int, high: int) -> None:
    if value is not None and not low <= value <= high:
        errors.add(name, N_("From {low} to {high}."), low=low, high=high)


def check_survey(
    d: SurveyDraft,
    line_ids: frozenset[int] | set[int],
    staff_ids: frozenset[int] | set[int],
    scales: Mapping[int, tuple[int, int]],
) -> tuple[Errors, str]:
    """The problems of a survey of a visit with these service lines and staff, with
    these active questions (id -> scale); and the comment as it would be stored."""
    errors = Errors()
    _range(errors, "recommend", d.recommend, RECOMMEND_MIN, RECOMMEND_MAX)
    for line_id, score in d.lines.items():
        if line_id not in line_ids:
            errors.add(f"line:{line_id}", N_("This line is not part of the visit."))
        _range(errors, f"line:{line_id}", score, RATING_MIN, RATING_MAX)
    for staff_id, score in d.staff.items():
        if staff_id not in staff_ids:
            errors.add(f"staff:{staff_id}", N_("This staff member did not work on the visit."))
        _range(errors, f"staff:{staff_id}", score, RATING_MIN, RATING_MAX)
    for qid, score in d.questions.items():
        if qid not in scales:
            if score is not None:
                errors.add(f"question:{qid}", N_("This question is no longer asked."))
            continue
        _range(errors, f"question:{qid}", score, *scales[qid])
    comment = check_text(errors, "comment", d.comment.strip(), max_len=MAX_LONG, single_line=False)
    answered = (
        d.recommend is not None
        or any(v is not None for v in d.lines.values())
        or any(v is not None for v in d.staff.values())
        or any(v is not None for v in d.questions.values())
        or bool(comment)
    )
    if not answered:
        errors.add("recommend", N_("Enter at least one answer."))
    return errors, comment


# The complaint category an unhappy answer points to (``domain.complaints``).
COMPLAINT_CATEGORY_OF = {
    AnswerKind.STAFF.value: "staff_behaviour",
    AnswerKind.SERVICE.value: "service_result",
    "cleanliness": "hygiene",
    "waiting": "waiting_time",
    "value": "price",
}


def complaint_category(low: Iterable[tuple[str, str]]) -> str:
    """The category of a complaint recorded from a survey, from its low answers
    (kind, question code), the lowest first: who or what was rated lowest; the
    result of the service when only the recommend score was low."""
    for kind, code in low:
        category = COMPLAINT_CATEGORY_OF.get(code or kind)
        if category is not None:
            return category
        return "other"  # the salon's own question
    return "service_result"


def is_unhappy(recommend: int | None, ratings: Iterable[int | None] = ()) -> bool:
    """A detractor's score, or a satisfaction of 1–2: worth a complaint."""
    if recommend is not None and recommend <= DETRACTOR_MAX:
        return True
    return any(v is not None and v <= LOW_RATING_MAX for v in ratings)


def unhappy_survey(d: SurveyDraft) -> bool:
    """Whether this survey offers a complaint (the service lines and staff ratings)."""
    return is_unhappy(d.recommend, [*d.lines.values(), *d.staff.values()])


__all__ = [
    "BUILT_IN_QUESTIONS",
    "CHANNEL_LABELS",
    "RECOMMEND_QUESTION",
    "SERVICE_QUESTION",
    "STAFF_QUESTION",
    "AnswerKind",
    "Channel",
    "QuestionDraft",
    "SurveyDraft",
    "check_question",
    "check_survey",
    "complaint_category",
    "is_unhappy",
    "question_text",
    "read_score",
    "unhappy_survey",
]
