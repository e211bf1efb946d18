"""The salon's own wording of its letters, one row per kind and language
(``domain/letters.py``); a kind and language without a row uses the default text."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from salon_desktop.db.base import Base, utcnow


class LetterTemplate(Base):
    __tablename__ = "letter_templates"
    __table_args__ = (UniqueConstraint("kind", "language", name="uq_letter_templates_kind_lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))  # domain.letters.LetterKind
    language: Mapped[str] = mapped_column(String(5))
    subject: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
