"""What the survey service hands its callers (plain dataclasses), and the rows a
survey writes: ``answer_rows`` and ``rating_counts``, pure functions shared by
the service and the demo's bulk writer (``demo.surveys``), so both write the
same rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from salon_desktop.domain.feedback import (
    LOW_RATING_MAX,
    RATING_MAX,
    RATING_MIN,
    RECOMMEND_MAX,
    RECOMMEND_MIN,
    SATISFIED_MIN,
)
from salon_desktop.domain.surveys import (
    RECOMMEND_QUESTION,
    SERVICE_QUESTION,
    STAFF_QUESTION,
    AnswerKind,
    Channel,
    SurveyDraft,
    complaint_category,
)
from salon_desktop.i18n import _, speaking


@dataclass(frozen=True)
class VisitToSurvey:
    """A line of the waiting list."""

    sale_id: int
    receipt_no: str
    business_date: dt.date
    client_id: int
    client_name: str
    services: tuple[str, ...]
    staff: tuple[str, ...]


@dataclass(frozen=True)
class FormLine:
    line_id: int
    description: str
    staff_id: int | None
    staff_name: str


@dataclass(frozen=True)
class FormQuestion:
    id: int
    text: str
    scale_min: int
    scale_max: int


@dataclass(frozen=True)
class SurveyForm:
    """What the entry form asks about one visit."""

    sale_id: int
    receipt_no: str
    business_date: dt.date
    client_id: int
    client_name: str
    lines: tuple[FormLine, ...]
    staff: tuple[tuple[int, str], ...]
    questions: tuple[FormQuestion, ...]


@dataclass(frozen=True)
class Recorded:
    survey_id: int
    unhappy: bool  # a detractor's score or a satisfaction of 1–2: offer a complaint


@dataclass(frozen=True)
class AnswerView:
    kind: AnswerKind
    question_text: str
    subject: str
    scale_min: int
    scale_max: int
    score: int | None
    sale_line_id: int | None
    staff_id: int | None
    service_id: int | None
    question_id: int | None
    question_code: str = ""  # a built-in question's


@dataclass(frozen=True)
class SurveyView:
    id: int
    sale_id: int
    client_id: int
    client_name: str
    visit_date: dt.date
    taken_at: dt.datetime
    channel: Channel
    language: str
    recommend: int | None
    comment: str
    answers: tuple[AnswerView, ...]

    def complaint_text(self) -> str:
        """The survey in a few lines, for a complaint recorded from it."""
        parts = [
            f"{a.question_text} {a.score}/{a.scale_max}"
            for a in self.answers
            if a.score is not None
        ]
        if self.comment:
            parts.append(self.comment)
        return "\n".join(parts)

    def complaint_category(self) -> str:
        """What a complaint recorded from this survey is about (its lowest answer)."""
        low = sorted(
            (
                a
                for a in self.answers
                if a.kind is not AnswerKind.RECOMMEND
                and a.score is not None
                and (a.scale_min, a.scale_max) == (RATING_MIN, RATING_MAX)
                and a.score <= LOW_RATING_MAX
            ),
            key=lambda a: a.score or 0,
        )
        return complaint_category((a.kind.value, a.question_code) for a in low)

    def low_staff(self) -> int | None:
        """The staff member rated lowest (1–2), if one was."""
        low = [a for a in self.answers if a.kind is AnswerKind.STAFF and a.score is not None]
        low = [a for a in low if a.score is not None and a.score <= 2]
        return min(low, key=lambda a: a.score or 0).staff_id if low else None


@dataclass(frozen=True)
class QuestionItem:
    id: int
    code: str
    texts: dict[str, str]
    scale_min: int
    scale_max: int
    active: bool
    position: int
    text: str  # as asked in the salon's language


def answer_rows(
    survey_id: int,
    form: SurveyForm,
    draft: SurveyDraft,
    language: str,
    service_of: Mapping[int, int | None],
) -> list[dict[str, Any]]:
    """The ``survey_answers`` rows of a survey: the question as asked in ``language``,
    one row per service line and staff member of the visit (a blank one too: its
    recommend score counts for them), one per extra question answered. Shared by the
    service and the demo's bulk writer."""
    common = {  # every row has every key: an executemany takes the first row's
        "survey_id": survey_id,
        "recommend": draft.recommend,
        "visit_date": form.business_date,
        "question_id": None,
        "sale_line_id": None,
        "service_id": None,
        "staff_id": None,
    }
    rows: list[dict] = []
    with speaking(language):
        if draft.recommend is not None:
            rows.append(
                dict(
                    common,
                    kind=AnswerKind.RECOMMEND.value,
                    question_text=_(RECOMMEND_QUESTION),
                    subject="",
                    scale_min=RECOMMEND_MIN,
                    scale_max=RECOMMEND_MAX,
                    score=draft.recommend,
                )
            )
        for line in form.lines:
            rows.append(
                dict(
                    common,
                    kind=AnswerKind.SERVICE.value,
                    question_text=_(SERVICE_QUESTION).format(service=line.description),
                    subject=line.description,
                    scale_min=RATING_MIN,
                    scale_max=RATING_MAX,
                    score=draft.lines.get(line.line_id),
                    sale_line_id=line.line_id,
                    service_id=service_of.get(line.line_id),
                    staff_id=line.staff_id,
                )
            )
        for staff_id, name in form.staff:
            rows.append(
                dict(
                    common,
                    kind=AnswerKind.STAFF.value,
                    question_text=_(STAFF_QUESTION).format(name=name),
                    subject=name,
                    scale_min=RATING_MIN,
                    scale_max=RATING_MAX,
                    score=draft.staff.get(staff_id),
                    staff_id=staff_id,
                )
            )
    for q in form.questions:
        score = draft.questions.get(q.id)
        if score is None:
            continue
        rows.append(
            dict(
                common,
                kind=AnswerKind.QUESTION.value,
                question_id=q.id,
                question_text=q.text,
                subject="",
                scale_min=q.scale_min,
                scale_max=q.scale_max,
                score=score,
            )
        )
    return rows


def rating_counts(rows: Iterable[Mapping[str, Any]]) -> tuple[int, int, int]:
    """Of these answers, the satisfaction answers on the 1–5 scale, the 4s and 5s
    (what CSAT counts) and their sum (a client's average): kept on the survey."""
    n = satisfied = total = 0
    for r in rows:
        if (
            r["kind"] != AnswerKind.RECOMMEND.value
            and (r["scale_min"], r["scale_max"]) == (RATING_MIN, RATING_MAX)
            and r["score"] is not None
        ):
            n += 1
            satisfied += r["score"] >= SATISFIED_MIN
            total += r["score"]
    return n, satisfied, total
