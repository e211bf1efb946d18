"""What the manager's report holds: the figures of a period (``Measures``), the
report (the period, the one before and a year earlier, the client segments and
the lists to act on), as plain values the documents and screens read.
``services.report_figures`` computes them (its docstring says what is counted).
Pure Python."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from salon_desktop.domain.feedback import Csat, Nps
from salon_desktop.domain.report_period import Period

RETAIL = "retail"  # the category key of product lines


class ComplaintsSummary(Protocol):
    """What the report reads of ``services.complaint_figures.ComplaintFigures``."""

    @property
    def opened(self) -> int: ...
    @property
    def still_open(self) -> int: ...
    @property
    def overdue(self) -> int: ...
    @property
    def median_minutes_to_acknowledge(self) -> float | None: ...
    @property
    def median_minutes_to_resolve(self) -> float | None: ...
    @property
    def compensation_cost(self) -> int: ...
    @property
    def by_category(self) -> tuple[tuple[str, int], ...]: ...


@dataclass(frozen=True)
class NoComplaints:
    """The complaints of a period with none (the default of ``Measures``)."""

    opened: int = 0
    still_open: int = 0
    overdue: int = 0
    median_minutes_to_acknowledge: float | None = None
    median_minutes_to_resolve: float | None = None
    compensation_cost: int = 0
    by_category: tuple[tuple[str, int], ...] = ()


class SurveyGroup(Protocol):
    """NPS and CSAT of a group (``services.survey_figures.Figure``)."""

    @property
    def label(self) -> str: ...
    @property
    def nps(self) -> Nps: ...
    @property
    def csat(self) -> Csat: ...
    @property
    def first_day(self) -> dt.date | None: ...


class SurveysSummary(Protocol):
    """What the report reads of ``services.survey_figures.SurveyFigures``."""

    @property
    def overall(self) -> SurveyGroup: ...
    @property
    def by_staff(self) -> tuple[SurveyGroup, ...]: ...
    @property
    def by_service(self) -> tuple[SurveyGroup, ...]: ...


@dataclass(frozen=True)
class Amount:
    """One row of a breakdown: its key (category id, staff id, method), label, money."""

    key: object
    label: str
    amount: int


@dataclass(frozen=True)
class TopService:
    service_id: int | None
    name: str
    count: int
    amount: int


@dataclass(frozen=True)
class Measures:
    """Every figure of one period."""

    period: Period
    services: int = 0
    retail: int = 0
    by_category: tuple[Amount, ...] = ()
    by_staff: tuple[Amount, ...] = ()
    by_method: tuple[Amount, ...] = ()
    by_day: tuple[tuple[dt.date, int], ...] = ()  # revenue of each day that had any
    visits: int = 0  # client visits and walk-ins
    walk_ins: int = 0
    visit_revenue: int = 0
    clients: int = 0  # distinct clients with a visit
    new_clients: int = 0
    retention_base: int = 0  # clients seen in the three months before
    retained: int = 0  # of those, seen in the period
    rebooked: int = 0  # visits with a previous visit of the client
    rebook_median_days: float | None = None
    rebook_mean_days: float | None = None
    top_services: tuple[TopService, ...] = ()
    complaints: ComplaintsSummary = NoComplaints()
    surveys: SurveysSummary | None = None

    @property
    def revenue(self) -> int:
        return self.services + self.retail

    @property
    def returning_clients(self) -> int:
        return self.clients - self.new_clients

    @property
    def average_ticket(self) -> int | None:
        return round_half_up(self.visit_revenue, self.visits) if self.visits else None

    @property
    def retention_pct(self) -> float | None:
        return 100.0 * self.retained / self.retention_base if self.retention_base else None


@dataclass(frozen=True)
class Birthday:
    client_id: int
    number: int
    name: str
    birth_date: dt.date
    on: dt.date  # the birthday in the coming month
    phone: str


@dataclass(frozen=True)
class WinBack:
    client_id: int
    number: int
    name: str
    last_visit: dt.date | None
    visits: int
    revenue: int
    future_value: int
    phone: str


@dataclass(frozen=True)
class Segments:
    """Current client files by stored category, RFM segment and strategy."""

    scored_on: dt.date | None
    clients: int
    categories: tuple[tuple[str, int], ...] = ()
    rfm: tuple[tuple[str | None, int], ...] = ()
    strategies: tuple[tuple[str, int], ...] = ()
    # Clients who moved (from, to, how many; from None: not scored then) between the
    # scores of the month before the period (as of ``moved_since``) and its end.
    moved_since: dt.date | None = None
    category_moves: tuple[tuple[str | None, str, int], ...] = ()
    segment_moves: tuple[tuple[str | None, str | None, int], ...] = ()


@dataclass(frozen=True)
class Report:
    current: Measures
    previous: Measures
    year_before: Measures
    segments: Segments
    birthdays_month: Period
    birthdays: tuple[Birthday, ...]
    birthdays_total: int
    win_back: tuple[WinBack, ...]
    nps_trend: tuple[SurveyGroup, ...]  # by month, the twelve up to the period's end
    computed_at: dt.datetime

    @property
    def periods(self) -> tuple[Measures, Measures, Measures]:
        return self.current, self.previous, self.year_before


def round_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator to the nearest integer (halves away from zero)."""
    q, r = divmod(abs(numerator), denominator)
    q += 2 * r >= denominator
    return q if numerator >= 0 else -q


def median_of_counts(counts: Iterable[tuple[int, int]]) -> float | None:
    """The median of values given as (value, how many)."""
    items = sorted((int(v), int(n)) for v, n in counts if n)
    total = sum(n for _v, n in items)
    if not total:
        return None

    def at(k: int) -> int:  # the k-th value (0-based)
        for v, n in items:
            if k < n:
                return v
            k -= n
        raise IndexError(k)

    if total % 2:
        return float(at(total // 2))
    return (at(total // 2 - 1) + at(total // 2)) / 2


__all__ = [
    "RETAIL",
    "Amount",
    "Birthday",
    "ComplaintsSummary",
    "Measures",
    "NoComplaints",
    "Report",
    "Segments",
    "SurveyGroup",
    "SurveysSummary",
    "TopService",
    "WinBack",
    "median_of_counts",
    "round_half_up",
]
