"""The staff list: name, job title, role (what they may do), PIN, active."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from salon_desktop.db.models import Staff
from salon_desktop.domain.permissions import Action, Role, parse_role, role_from_title
from salon_desktop.domain.validation import Errors, check_text
from salon_desktop.i18n import N_
from salon_desktop.services import accounts, audit


@dataclass(frozen=True)
class StaffMember:
    id: int
    name: str
    role: str  # the job title, as typed
    active: bool
    access: Role = Role.STYLIST  # what they may do
    has_pin: bool = False  # can log in at the desk


def _dto(st: Staff) -> StaffMember:
    return StaffMember(st.id, st.name, st.role, st.active, parse_role(st.access), bool(st.pin_hash))


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

    def _clean(self, name: str, role: str, pin: str) -> tuple[str, str]:
        errors = Errors()
        name = check_text(errors, "name", name, required=True)
        role = check_text(errors, "role", role, max_len=100)
        if pin:
            accounts.check_pin(errors, pin)
        errors.raise_if_any()
        return name, role

    def add(
        self,
        name: str,
        role: str = "",
        actor_id: int | None = None,
        access: Role | None = None,
        pin: str = "",
    ) -> StaffMember:
        """A new staff member; ``access`` defaults to what the job title says
        (a receptionist, a manager, else a stylist); ``pin`` lets them log in."""
        name, role = self._clean(name, role, pin)
        access = access or role_from_title(role)
        with self._sm.begin() as s:
            accounts.require(s, actor_id, Action.MANAGE_STAFF)
            st = Staff(
                name=name,
                role=role,
                active=True,
                access=access.value,
                pin_hash=accounts.hash_pin(pin) if pin else "",
            )
            s.add(st)
            s.flush()
            audit.record(
                s, actor_id, "staff", st.id, "create", name=name, access=access.value, pin=bool(pin)
            )
            return _dto(st)

    def update(
        self,
        staff_id: int,
        name: str,
        role: str,
        active: bool,
        actor_id: int | None = None,
        access: Role | None = None,
        pin: str = "",
    ) -> StaffMember:
        """Change a member (``access`` None: unchanged; ``pin`` empty: unchanged).
        The last owner who can log in stays an active owner."""
        name, role = self._clean(name, role, pin)
        with self._sm.begin() as s:
            accounts.require(s, actor_id, Action.MANAGE_STAFF)
            st = s.get_one(Staff, staff_id)
            was_owner = st.access == Role.OWNER.value and st.active and bool(st.pin_hash)
            st.name, st.role, st.active = name, role, active
            if access is not None:
                st.access = access.value
            if pin:
                st.pin_hash = accounts.hash_pin(pin)
                st.pin_failures, st.locked_until = 0, None
            s.flush()
            if was_owner and not accounts.in_use(s):
                errors = Errors()
                errors.add(
                    "access" if active else "active",
                    N_("The salon needs an owner who can log in: make someone else owner first."),
                )
                errors.raise_if_any()
            audit.record(
                s,
                actor_id,
                "staff",
                st.id,
                "update",
                name=name,
                active=active,
                access=st.access,
                pin=bool(pin),
            )
            return _dto(st)
