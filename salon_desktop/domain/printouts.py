"""Read-only pictures of a client for printed documents: the client card, the client
file printout and the intake form. Plain frozen dataclasses, as ``domain.views``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from salon_desktop.domain.card import card_payload
from salon_desktop.domain.views import ClientFigures, VisitRow


@dataclass(frozen=True)
class CardView:
    """One client card."""

    number: int
    name: str
    since: dt.date  # the day the client file was opened (local)

    @property
    def payload(self) -> str:
        return card_payload(self.number)


@dataclass(frozen=True)
class ComplaintLine:
    """An open complaint as the client file printout lists it."""

    number: int
    opened_at: dt.datetime  # local
    category: str  # a key of domain.complaints.CATEGORY_LABELS, or the salon's own
    state: str  # domain.complaints.State value
    description: str
    resolve_by: dt.datetime
    overdue: bool


@dataclass(frozen=True)
class FormulaLine:
    applied_on: dt.date
    formula: str
    staff_name: str = ""


@dataclass(frozen=True)
class ClientFileView:
    """Everything the printed client file and the intake form say about a client.

    Enumerated fields (gender, source, consent kinds, buying behaviour) keep their
    stored keys; the documents name them in the language they print in.
    """

    id: int
    number: int
    first_name: str
    last_name: str
    phones: tuple[tuple[str, str], ...] = ()  # (label key, E.164)
    phone_region: str = ""  # the salon's: its own numbers print in national format
    email: str = ""
    birth_date: dt.date | None = None
    gender: str = ""
    address: str = ""
    source: str = ""
    referred_by: str = ""
    preferred_staff: str = ""
    tags: tuple[str, ...] = ()
    buying_behaviour: str = ""
    allergies: str = ""
    skin_notes: str = ""
    hair_notes: str = ""
    notes: str = ""
    consents: tuple[tuple[str, dt.date | None], ...] = ()  # (ConsentKind value, given on)
    contact_confirmed_on: dt.date | None = None
    client_since: dt.date | None = None
    archived: bool = False
    formulas: tuple[FormulaLine, ...] = ()
    visits: tuple[VisitRow, ...] = ()
    figures: ClientFigures | None = None
    complaints: tuple[ComplaintLine, ...] = ()
    # The client's category and suggested strategy, once they are computed (issue 10);
    # until then the printout keeps a marked place for them.
    category: str = ""
    strategy: str = ""

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def card(self) -> CardView:
        return CardView(self.number, self.name, self.client_since or dt.date.today())
