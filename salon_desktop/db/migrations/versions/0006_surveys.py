"""satisfaction surveys: the extra questions, one survey per visit, its answers

Revision ID: 0006
Revises: 0010
Create Date: 2026-12-03

``survey_day_counts`` holds the counts the figures are made of, per day of
visits (for all surveys, per staff member, per service), kept by the service.
The salon starts with three built-in extra questions (cleanliness, waiting
time, value for money), active, their texts from the translations.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0010"
branch_labels = None
depends_on = None

BUILT_IN = ("cleanliness", "waiting", "value")


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def upgrade() -> None:
    questions = op.create_table(
        "survey_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("texts", sa.Text(), nullable=False),
        sa.Column("scale_min", sa.Integer(), nullable=False),
        sa.Column("scale_max", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_questions")),
    )
    op.create_table(
        "surveys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sale_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("visit_date", sa.Date(), nullable=False),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("recommend", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("ratings", sa.Integer(), nullable=False),
        sa.Column("ratings_satisfied", sa.Integer(), nullable=False),
        sa.Column("ratings_sum", sa.Integer(), nullable=False),
        sa.Column("entered_by_id", sa.Integer(), nullable=True),
        _fk("surveys", "sale_id", "sales"),
        _fk("surveys", "client_id", "clients"),
        _fk("surveys", "entered_by_id", "staff"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_surveys")),
        sa.UniqueConstraint("sale_id", name=op.f("uq_surveys_sale_id")),
    )
    op.create_index("ix_surveys_client_visit", "surveys", ["client_id", "visit_date"])
    op.create_table(
        "survey_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=True),
        sa.Column("question_text", sa.Text(), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("scale_min", sa.Integer(), nullable=False),
        sa.Column("scale_max", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("recommend", sa.Integer(), nullable=True),
        sa.Column("visit_date", sa.Date(), nullable=False),
        sa.Column("sale_line_id", sa.Integer(), nullable=True),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        _fk("survey_answers", "survey_id", "surveys"),
        _fk("survey_answers", "question_id", "survey_questions"),
        _fk("survey_answers", "sale_line_id", "sale_lines"),
        _fk("survey_answers", "service_id", "services"),
        _fk("survey_answers", "staff_id", "staff"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_answers")),
    )
    op.create_index("ix_survey_answers_survey", "survey_answers", ["survey_id"])
    op.create_table(
        "survey_day_counts",
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("visit_date", sa.Date(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("surveys", sa.Integer(), nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.Column("promoters", sa.Integer(), nullable=False),
        sa.Column("detractors", sa.Integer(), nullable=False),
        sa.Column("ratings", sa.Integer(), nullable=False),
        sa.Column("satisfied", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "kind", "visit_date", "subject_id", name=op.f("pk_survey_day_counts")
        ),
    )
    op.bulk_insert(
        questions,
        [
            {
                "code": code,
                "texts": "{}",
                "scale_min": 1,
                "scale_max": 5,
                "active": True,
                "position": i,
            }
            for i, code in enumerate(BUILT_IN)
        ],
    )


def downgrade() -> None:
    op.drop_table("survey_day_counts")
    op.drop_index("ix_survey_answers_survey", table_name="survey_answers")
    op.drop_table("survey_answers")
    op.drop_index("ix_surveys_client_visit", table_name="surveys")
    op.drop_table("surveys")
    op.drop_table("survey_questions")
