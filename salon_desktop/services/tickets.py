"""Open tickets: the ones being rung up and the parked ones, one per client in the salon.

Kept in the database (not only in memory) so a crash loses nothing and every
desk sees them; posting a ticket deletes it in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from salon_desktop.db.base import utcnow
from salon_desktop.db.models import OpenTicket
from salon_desktop.db.models_sales import Sale
from salon_desktop.domain.sale import TicketDraft, ticket_from_dict, ticket_to_dict


@dataclass(frozen=True)
class OpenTicketRow:
    uuid: str
    client_id: int | None
    label: str
    opened_at: dt.datetime
    updated_at: dt.datetime
    ticket: TicketDraft

    @property
    def lines(self) -> int:
        return len(self.ticket.lines)


class TicketService:
    def __init__(self, sm: sessionmaker[Session]):
        self._sm = sm

    def save(self, ticket: TicketDraft, label: str) -> None:
        """Keep the ticket open; one already posted (here or on another desk that
        still showed it) is never opened again."""
        data = json.dumps(ticket_to_dict(ticket), ensure_ascii=False)
        with self._sm.begin() as s:
            if s.scalar(select(Sale.id).where(Sale.uuid == ticket.uuid)) is not None:
                return
            row = s.get(OpenTicket, ticket.uuid)
            if row is None:
                s.add(
                    OpenTicket(
                        uuid=ticket.uuid, client_id=ticket.client_id, label=label[:200], data=data
                    )
                )
            else:
                row.client_id, row.label, row.data = ticket.client_id, label[:200], data
                row.updated_at = utcnow()

    def list(self) -> list[OpenTicketRow]:
        with self._sm() as s:
            rows = s.scalars(select(OpenTicket).order_by(OpenTicket.opened_at)).all()
            return [
                OpenTicketRow(
                    r.uuid,
                    r.client_id,
                    r.label,
                    r.opened_at,
                    r.updated_at,
                    ticket_from_dict(json.loads(r.data)),
                )
                for r in rows
            ]

    def load(self, uuid: str) -> TicketDraft | None:
        with self._sm() as s:
            row = s.get(OpenTicket, uuid)
            return ticket_from_dict(json.loads(row.data)) if row else None

    def discard(self, uuid: str) -> None:
        with self._sm.begin() as s:
            s.execute(delete(OpenTicket).where(OpenTicket.uuid == uuid))
