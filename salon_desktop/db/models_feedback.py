"""Tables of complaints and satisfaction surveys.

A complaint's every step is a row of ``complaint_events`` (who, when, from which
state to which, what it recorded); the ``complaints`` row holds the current
state and the times the figures need (opened, acknowledged, resolved, the
targets), so that lists and figures never replay the history.

A survey is one row per surveyed visit (``surveys``, unique per sale) and one
row per answer (``survey_answers``), which keeps the question as it was asked
(its text and scale) and, copied from its survey, the visit's date and the
recommend score. The figures read ``survey_day_counts``: per day of visits, for
all surveys and per staff member and per service, the counts NPS and CSAT are
made of, added to in the transaction that records a survey (an upsert; surveys
are never changed) and equal to a ``GROUP BY`` of the answers (tested). A year
of figures is then a ``GROUP BY`` over a few thousand rows, however many
surveys there are.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from salon_desktop.db.base import Base, utcnow
from salon_desktop.db.models_sales import Money


class Complaint(Base):
    __tablename__ = "complaints"
    __table_args__ = (
        Index("ix_complaints_state_opened", "state", "opened_at"),
        Index("ix_complaints_client", "client_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)  # what the client is told
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    sale_id: Mapped[int | None] = mapped_column(ForeignKey("sales.id"), nullable=True)
    sale_line_id: Mapped[int | None] = mapped_column(ForeignKey("sale_lines.id"), nullable=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    channel: Mapped[str] = mapped_column(String(20))
    category: Mapped[str] = mapped_column(String(50))
    severity: Mapped[str] = mapped_column(String(10))
    description: Mapped[str] = mapped_column(Text)
    wanted: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(20))
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime)
    acknowledge_by: Mapped[dt.datetime] = mapped_column(DateTime)
    resolve_by: Mapped[dt.datetime] = mapped_column(DateTime)
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    resolution: Mapped[str] = mapped_column(Text, default="")
    reject_reason: Mapped[str] = mapped_column(Text, default="")
    follow_up_outcome: Mapped[str] = mapped_column(Text, default="")
    compensation: Mapped[str] = mapped_column(String(30), default="none")
    compensation_cost: Mapped[int] = mapped_column(Money, default=0)
    reopened: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)

    __mapper_args__ = {"version_id_col": version}


class ComplaintEvent(Base):
    """One step of a complaint, as it was taken."""

    __tablename__ = "complaint_events"
    __table_args__ = (Index("ix_complaint_events_complaint", "complaint_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    from_state: Mapped[str] = mapped_column(String(20), default="")
    to_state: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")


class ComplaintCompensation(Base):
    """What a complaint's client was given, and the posting that gave it (one per
    complaint, ever: unique ``complaint_id``).

    A refund or a voucher is posted when the complaint is resolved (``state`` given
    at once); a next-visit discount or a free redo waits (``pending``) for her next
    ticket, which gives it (``given``, with ``sale_id``) or, past ``valid_until``,
    no longer offers it. ``cost`` is what was posted: the refund's total, the
    voucher's value, the discount taken off the ticket."""

    __tablename__ = "complaint_compensations"
    __table_args__ = (Index("ix_complaint_compensations_client", "client_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), unique=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    kind: Mapped[str] = mapped_column(String(30))
    state: Mapped[str] = mapped_column(String(10))  # pending / given
    percent_bp: Mapped[int] = mapped_column(Integer, default=0)  # a next-visit discount
    amount: Mapped[int] = mapped_column(Money, default=0)  # a voucher's value
    sale_line_id: Mapped[int | None] = mapped_column(ForeignKey("sale_lines.id"), nullable=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"), nullable=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    description: Mapped[str] = mapped_column(String(200), default="")  # the redo's service
    unit_price: Mapped[int] = mapped_column(Money, default=0)  # the redo's, as first sold
    valid_until: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    sale_id: Mapped[int | None] = mapped_column(ForeignKey("sales.id"), nullable=True)
    voucher_id: Mapped[int | None] = mapped_column(ForeignKey("gift_vouchers.id"), nullable=True)
    cost: Mapped[int] = mapped_column(Money, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    given_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)


class SurveyQuestion(Base):
    """An extra question of the salon's survey (the template): texts per language."""

    __tablename__ = "survey_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), default="")  # a built-in question's
    texts: Mapped[str] = mapped_column(Text, default="{}")  # JSON: language -> text
    scale_min: Mapped[int] = mapped_column(Integer, default=1)
    scale_max: Mapped[int] = mapped_column(Integer, default=5)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Survey(Base):
    """The answers of one visit: who answered, when, how, and the comment."""

    __tablename__ = "surveys"
    __table_args__ = (Index("ix_surveys_client_visit", "client_id", "visit_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sale_id: Mapped[int] = mapped_column(ForeignKey("sales.id"), unique=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    visit_date: Mapped[dt.date] = mapped_column(Date)  # the sale's business date
    taken_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    channel: Mapped[str] = mapped_column(String(10))
    language: Mapped[str] = mapped_column(String(5))  # of the questions as asked
    recommend: Mapped[int | None] = mapped_column(Integer, nullable=True)
    comment: Mapped[str] = mapped_column(Text, default="")
    # Of its satisfaction answers on the 1–5 scale: how many, how many 4 or 5 (a survey
    # is never changed, so these stay true).
    ratings: Mapped[int] = mapped_column(Integer, default=0)
    ratings_satisfied: Mapped[int] = mapped_column(Integer, default=0)
    ratings_sum: Mapped[int] = mapped_column(Integer, default=0)  # for the client's average
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)


class SurveyAnswer(Base):
    """One answer, with the question as it was asked. A service line or a staff member
    of the visit left blank still has its row (score NULL): the survey's recommend
    score counts for them all the same."""

    __tablename__ = "survey_answers"
    __table_args__ = (Index("ix_survey_answers_survey", "survey_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id"))
    kind: Mapped[str] = mapped_column(String(10))  # recommend / service / staff / question
    question_id: Mapped[int | None] = mapped_column(
        ForeignKey("survey_questions.id"), nullable=True
    )
    question_text: Mapped[str] = mapped_column(Text)  # as asked, in the survey's language
    subject: Mapped[str] = mapped_column(String(200), default="")  # the service or the person
    scale_min: Mapped[int] = mapped_column(Integer)
    scale_max: Mapped[int] = mapped_column(Integer)
    score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    recommend: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the survey's
    visit_date: Mapped[dt.date] = mapped_column(Date)  # the survey's
    sale_line_id: Mapped[int | None] = mapped_column(ForeignKey("sale_lines.id"), nullable=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"), nullable=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)


class SurveyDayCount(Base):
    """The counts of one day of visits, for all surveys (``kind`` all, subject 0) or
    for one staff member or service (``kind`` staff / service, subject its id, 0 for
    none): recommend answers, promoters, detractors, satisfaction answers (1–5) and
    how many were 4 or 5, and (for all) the surveys."""

    __tablename__ = "survey_day_counts"

    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    visit_date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    subject_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    surveys: Mapped[int] = mapped_column(Integer, default=0)
    answers: Mapped[int] = mapped_column(Integer, default=0)
    promoters: Mapped[int] = mapped_column(Integer, default=0)
    detractors: Mapped[int] = mapped_column(Integer, default=0)
    ratings: Mapped[int] = mapped_column(Integer, default=0)
    satisfied: Mapped[int] = mapped_column(Integer, default=0)
