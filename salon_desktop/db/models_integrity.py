"""The hash chains that make changed or deleted records evident (``services.integrity``).

Each posted sale or correction, cash movement and audit entry gets one
``chain_links`` row, written in the same transaction: the SHA-256 of the
previous link's hash and of the record's canonical content. ``chain_heads``
holds each chain's last link (taken under a row lock, so two desks append one
after the other). Both tables are append-only / forward-only by triggers.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from salon_desktop.db.base import Base, utcnow


class ChainLink(Base):
    __tablename__ = "chain_links"
    __table_args__ = (
        Index("ix_chain_links_chain_seq", "chain", "seq", unique=True),
        Index("ix_chain_links_record", "chain", "record_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    chain: Mapped[str] = mapped_column(String(10))  # sales / cash / audit
    seq: Mapped[int] = mapped_column(Integer)  # 1, 2, 3… within the chain
    record_id: Mapped[int] = mapped_column(Integer)  # the id in the chain's table
    content_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))  # sha256(previous hash + content hash)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ChainHead(Base):
    __tablename__ = "chain_heads"

    chain: Mapped[str] = mapped_column(String(10), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64))
