"""Tables of the client file, staff and settings.

Search support that SQLAlchemy cannot describe (the FTS5 table and its triggers
on SQLite, pg_trgm indexes on PostgreSQL) is made by the migrations only.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from salon_desktop.db.base import Base, utcnow

# Keys compared by byte order (prefix range scans) on both databases.
KeyString = String(200).with_variant(String(200, collation="C"), "postgresql")


class Staff(Base):
    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(100), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # What they may do (domain.permissions.Role); ``role`` above is the job title.
    access: Mapped[str] = mapped_column(String(20), default="stylist", server_default="stylist")
    # argon2 hash of the PIN or password; empty: this member cannot log in.
    pin_hash: Mapped[str] = mapped_column(String(200), default="", server_default="")
    pin_failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class Setting(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # JSON


class Client(Base):
    __tablename__ = "clients"
    __table_args__ = (
        Index("ix_clients_name_key_birth", "name_key", "birth_date"),
        Index("ix_clients_archived_sort", "archived", "sort_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    first_name: Mapped[str] = mapped_column(String(200))
    last_name: Mapped[str] = mapped_column(String(200), default="")
    # Folded forms kept beside the names for search (see domain.text.fold).
    name_key: Mapped[str] = mapped_column(String(410))
    sort_key: Mapped[str] = mapped_column(KeyString)
    phone_key: Mapped[str] = mapped_column(Text, default="")
    main_phone: Mapped[str] = mapped_column(String(20), default="")  # first phone, for lists
    # Marked first letters of each name word, so the trigram index also answers
    # "a word starts with" for the one- and two-letter words of a longer query.
    initials_key: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    gender: Mapped[str | None] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str | None] = mapped_column(String(40))
    referred_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("clients.id", ondelete="SET NULL"), index=True
    )
    preferred_staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", ondelete="SET NULL")
    )
    allergies: Mapped[str] = mapped_column(Text, default="")
    skin_notes: Mapped[str] = mapped_column(Text, default="")
    hair_notes: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    buying_behaviour: Mapped[str | None] = mapped_column(String(20))
    contact_confirmed_on: Mapped[dt.date | None] = mapped_column(Date)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    archived_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("clients.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    phones: Mapped[list[ClientPhone]] = relationship(
        back_populates="client", cascade="all, delete-orphan", order_by="ClientPhone.position"
    )
    tags: Mapped[list[ClientTag]] = relationship(
        cascade="all, delete-orphan", order_by="ClientTag.tag"
    )
    consents: Mapped[list[ClientConsent]] = relationship(cascade="all, delete-orphan")
    formulas: Mapped[list[ColourFormula]] = relationship(
        cascade="all, delete-orphan",
        order_by="(ColourFormula.applied_on.desc(), ColourFormula.id.desc())",
    )
    photos: Mapped[list[ClientPhoto]] = relationship(
        cascade="all, delete-orphan",
        order_by="(ClientPhoto.taken_on.desc(), ClientPhoto.id.desc())",
    )
    search_keys: Mapped[list[ClientSearchKey]] = relationship(cascade="all, delete-orphan")
    referred_by: Mapped[Client | None] = relationship(
        remote_side=[id], foreign_keys=[referred_by_id]
    )
    preferred_staff: Mapped[Staff | None] = relationship(foreign_keys=[preferred_staff_id])

    __mapper_args__ = {"version_id_col": version}


class ClientPhone(Base):
    __tablename__ = "client_phones"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    e164: Mapped[str] = mapped_column(String(20), index=True)
    label: Mapped[str] = mapped_column(String(40), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    client: Mapped[Client] = relationship(back_populates="phones")


class ClientTag(Base):
    __tablename__ = "client_tags"

    client_id: Mapped[int] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(60), primary_key=True)


class ClientConsent(Base):
    __tablename__ = "client_consents"

    client_id: Mapped[int] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    given_on: Mapped[dt.date] = mapped_column(Date)


class ColourFormula(Base):
    __tablename__ = "colour_formulas"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    applied_on: Mapped[dt.date] = mapped_column(Date)
    formula: Mapped[str] = mapped_column(Text)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ClientPhoto(Base):
    __tablename__ = "client_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    taken_on: Mapped[dt.date] = mapped_column(Date)
    file_name: Mapped[str] = mapped_column(String(300))  # relative to the profile's photo folder
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ClientSearchKey(Base):
    """One row per word a client can be found by from its first characters.

    Folded first and last name words, the client number and the phone's
    national and international digits. A one- or two-character query is a
    range scan on this table's primary key.
    """

    __tablename__ = "client_search_keys"

    key: Mapped[str] = mapped_column(KeyString, primary_key=True)
    client_id: Mapped[int] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class AuditEntry(Base):
    """Who changed what and when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index("ix_audit_log_entity", "entity", "entity_id"),
        Index("ix_audit_log_staff_at", "staff_id", "at"),
    )


# Sales, catalog and the cash day live in their own module; imported here so
# one import of the models registers every table.
from salon_desktop.db.models_feedback import *  # noqa: E402,F401,F403
from salon_desktop.db.models_integrity import *  # noqa: E402,F401,F403
from salon_desktop.db.models_letters import *  # noqa: E402,F401,F403
from salon_desktop.db.models_sales import *  # noqa: E402,F401,F403
from salon_desktop.db.models_segments import *  # noqa: E402,F401,F403


class ChangeLogEntry(Base):
    """What one write changed, for the other desks and windows on this database
    (``services.change_feed``). Short-lived: rows older than a day are pruned."""

    __tablename__ = "change_log"
    __table_args__ = {"sqlite_autoincrement": True}  # ids never reused: a desk reads "after id"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    origin: Mapped[str] = mapped_column(String(36))  # the context that wrote it
    payload: Mapped[str] = mapped_column(Text)  # JSON of a Changes value
