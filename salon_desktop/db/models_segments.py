"""The cache of client scores: category, RFM, value and strategy, as last computed.

Written whole by ``services.segments.SegmentService.refit`` (a background job),
read by the client file and lists; ``score_runs`` keeps each run's model
parameters, so the screens can say which model gave a value.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from salon_desktop.db.base import Base, utcnow
from salon_desktop.db.models_sales import Money, SaleLine

# The few lines that are not spending (a gift voucher sold, money paid into an account),
# so that the sales without services or products are found without reading every line.
NOT_BOUGHT = "kind IN ('voucher', 'account')"
Index(
    "ix_sale_lines_not_bought",
    SaleLine.__table__.c.sale_id,
    sqlite_where=text(NOT_BOUGHT),
    postgresql_where=text(NOT_BOUGHT),
)


class ClientMoney(Base):
    """What each client file's service and product lines add up to, corrections
    included: kept by a trigger on ``sale_lines`` (migration 0008), which are only
    ever inserted, so the sums are always those of the lines."""

    __tablename__ = "client_money"

    client_id: Mapped[int] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True
    )
    revenue: Mapped[int] = mapped_column(Money, default=0)  # line totals (with tax)
    margin: Mapped[int] = mapped_column(Money, default=0)  # net less cost and commission


class ClientVisitDay(Base):
    """A day on which a client file had a visit: a sale with a service or product
    line that was not voided (``sales`` of them). Kept by a trigger on
    ``sale_lines`` (migration 0015), which recounts the day from the sales at each
    service or product line of a sale or a void; refunds leave visits alone.
    ``prev_day`` / ``next_day``: the same file's visit day before / after (NULL for
    her first / last), kept by the triggers on this table (migration 0017)."""

    __tablename__ = "client_visit_days"
    __table_args__ = (
        PrimaryKeyConstraint("client_id", "day", name="pk_client_visit_days"),
        {"sqlite_with_rowid": False},
    )

    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    day: Mapped[int] = mapped_column(Integer)  # the business date, as days since 1970-01-01
    sales: Mapped[int] = mapped_column(Integer)
    prev_day: Mapped[int | None] = mapped_column(Integer)
    next_day: Mapped[int | None] = mapped_column(Integer)


# a range of days with their neighbours, read from the index alone (the report's visits)
Index(
    "ix_client_visit_days_day",
    ClientVisitDay.__table__.c.day,
    ClientVisitDay.__table__.c.prev_day,
    ClientVisitDay.__table__.c.next_day,
)


class ClientVisits(Base):
    """Each client file's visit days: how many, the first and the last (day numbers),
    recounted by triggers on ``client_visit_days`` (migration 0015)."""

    __tablename__ = "client_visits"

    client_id: Mapped[int] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True
    )
    visits: Mapped[int] = mapped_column(Integer)
    first_day: Mapped[int] = mapped_column(Integer)
    last_day: Mapped[int] = mapped_column(Integer)


class ScoreMonth(Base):
    """A month of the salon's calendar whose last scores are kept
    (``client_score_months``): ``month`` its first day, ``as_of`` the day of the run."""

    __tablename__ = "score_months"

    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    as_of: Mapped[dt.date] = mapped_column(Date)
    clients: Mapped[int] = mapped_column(Integer)


class ClientScoreMonth(Base):
    """One client's scores as the last run of a month left them."""

    __tablename__ = "client_score_months"

    month: Mapped[dt.date] = mapped_column(
        ForeignKey("score_months.month", ondelete="CASCADE"), primary_key=True
    )
    client_id: Mapped[int] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True
    )
    category: Mapped[str] = mapped_column(String(20))
    rfm_segment: Mapped[str | None] = mapped_column(String(20))
    p_alive: Mapped[float | None] = mapped_column(Float)
    future_value: Mapped[int] = mapped_column(Money)


class ScoreRun(Base):
    __tablename__ = "score_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    computed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    as_of: Mapped[dt.date] = mapped_column(Date)  # the salon's "today" of the run
    model: Mapped[str] = mapped_column(String(10))  # clv.ValueModel
    clients: Mapped[int] = mapped_column(Integer)
    # BG/NBD (times in days) and Gamma-Gamma (amounts in minor units); NULL for the simple formula
    r: Mapped[float | None] = mapped_column(Float)
    alpha: Mapped[float | None] = mapped_column(Float)
    a: Mapped[float | None] = mapped_column(Float)
    b: Mapped[float | None] = mapped_column(Float)
    p: Mapped[float | None] = mapped_column(Float)
    q: Mapped[float | None] = mapped_column(Float)
    gamma: Mapped[float | None] = mapped_column(Float)
    seconds: Mapped[float] = mapped_column(Float, default=0.0)


class ClientScore(Base):
    __tablename__ = "client_scores"

    client_id: Mapped[int] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True
    )
    run_id: Mapped[int] = mapped_column(ForeignKey("score_runs.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(20))
    visits: Mapped[int] = mapped_column(Integer)
    visits_year: Mapped[int] = mapped_column(Integer)  # in the category window
    first_visit: Mapped[dt.date | None] = mapped_column(Date)
    last_visit: Mapped[dt.date | None] = mapped_column(Date)
    revenue: Mapped[int] = mapped_column(Money)
    margin: Mapped[int] = mapped_column(Money)
    r: Mapped[int] = mapped_column(SmallInteger)  # RFM scores 1-5, 0 without a visit
    f: Mapped[int] = mapped_column(SmallInteger)
    m: Mapped[int] = mapped_column(SmallInteger)
    rfm_segment: Mapped[str | None] = mapped_column(String(20))
    value_model: Mapped[str] = mapped_column(String(10))
    future_value: Mapped[int] = mapped_column(Money)  # expected margin, discounted
    p_alive: Mapped[float | None] = mapped_column(Float)
    expected_visits: Mapped[float | None] = mapped_column(Float)  # in the next 12 months
    valuable: Mapped[bool] = mapped_column(Boolean)
    satisfaction: Mapped[str | None] = mapped_column(String(20))
    strategy: Mapped[str] = mapped_column(String(20))
    strategy_rule: Mapped[int] = mapped_column(SmallInteger)  # index in STRATEGY_RULES


# The report's count of the stored scores by category, RFM segment and strategy, read
# from this index in its order (migration 0018).
Index(
    "ix_client_scores_counts",
    ClientScore.__table__.c.category,
    ClientScore.__table__.c.rfm_segment,
    ClientScore.__table__.c.strategy,
    ClientScore.__table__.c.client_id,
)
# The report's valuable clients to win back, most expected value first (0018).
Index(
    "ix_client_scores_win_back",
    ClientScore.__table__.c.strategy,
    ClientScore.__table__.c.valuable,
    ClientScore.__table__.c.future_value,
)


class SaleDayLines(Base):
    """The service and product lines of a business day added up by sale kind, line
    kind, service and staff member (0: none): kept by a trigger on ``sale_lines``
    (migration 0018), which are only ever inserted, so the sums are always the
    lines'. The day is that of the sale the line belongs to; a void's lines are added
    again as sale kind ``voided`` on the day of the sale they void."""

    __tablename__ = "sale_day_lines"
    __table_args__ = (
        PrimaryKeyConstraint(
            "business_date",
            "sale_kind",
            "line_kind",
            "service_id",
            "staff_id",
            name="pk_sale_day_lines",
        ),
        {"sqlite_with_rowid": False},
    )

    business_date: Mapped[dt.date] = mapped_column(Date)
    sale_kind: Mapped[str] = mapped_column(String(10))
    line_kind: Mapped[str] = mapped_column(String(10))
    service_id: Mapped[int] = mapped_column(Integer)
    staff_id: Mapped[int] = mapped_column(Integer)
    lines: Mapped[int] = mapped_column(Integer)
    qty: Mapped[int] = mapped_column(Money)
    total: Mapped[int] = mapped_column(Money)


class SaleDayPayments(Base):
    """The payments of a business day added up by method (a trigger on
    ``sale_payments``, migration 0018)."""

    __tablename__ = "sale_day_payments"
    __table_args__ = (
        PrimaryKeyConstraint("business_date", "method", name="pk_sale_day_payments"),
        {"sqlite_with_rowid": False},
    )

    business_date: Mapped[dt.date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(10))
    payments: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(Money)
