from __future__ import annotations

import json

from sqlalchemy.orm import Session

from salon_desktop.db.chains import seal_later
from salon_desktop.db.models import AuditEntry


def record(
    s: Session, actor_id: int | None, entity: str, entity_id: int, action: str, **detail
) -> None:
    """Add an audit row to the caller's transaction (linked to the audit chain)."""
    entry = AuditEntry(
        staff_id=actor_id,
        entity=entity,
        entity_id=entity_id,
        action=action,
        detail=json.dumps(detail, ensure_ascii=False, default=str) if detail else "",
    )
    s.add(entry)
    seal_later(s, "audit", entry)
