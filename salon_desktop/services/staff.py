"""The staff list: name, role, active."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from salon_desktop.db.models import Staff
from salon_desktop.domain.validation import Errors, check_text
from salon_desktop.services import audit


@dataclass(frozen=True)
class StaffMember:
    id: int
    name: str
    role: str
    active: bool


def _dto(st: Staff) -> StaffMember:
    return StaffMember(st.id, st.name, st.role, st.active)


class StaffService:
    def __init__(self, sm: sessionmaker[Session]):
        self._sm = sm

    def list(self, include_inactive: bool = False) -> list[StaffMember]:
        stmt = select(Staff).order_by(Staff.name)
        if not include_inactive:
            stmt = stmt.where(Staff.active.is_(True))
        with self._sm() as s:
            return [_dto(st) for st in s.scalars(stmt)]

    def get(self, staff_id: int) -> StaffMember | None:
        with self._sm() as s:
            st = s.get(Staff, staff_id)
            return _dto(st) if st else None

    def _clean(self, name: str, role: str) -> tuple[str, str]:
        errors = Errors()
        name = check_text(errors, "name", name, required=True)
        role = check_text(errors, "role", role, max_len=100)
        errors.raise_if_any()
        return name, role

    def add(self, name: str, role: str = "", actor_id: int | None = None) -> StaffMember:
        name, role = self._clean(name, role)
        with self._sm.begin() as s:
            st = Staff(name=name, role=role, active=True)
            s.add(st)
            s.flush()
            audit.record(s, actor_id, "staff", st.id, "create", name=name)
            return _dto(st)

    def update(
        self, staff_id: int, name: str, role: str, active: bool, actor_id: int | None = None
    ) -> StaffMember:
        name, role = self._clean(name, role)
        with self._sm.begin() as s:
            st = s.get_one(Staff, staff_id)
            st.name, st.role, st.active = name, role, active
            audit.record(s, actor_id, "staff", st.id, "update", name=name, active=active)
            return _dto(st)
