"""Staff accounts: logging in with a PIN or password, lock-out, and who may do what.

A PIN is stored as an argon2id hash only. Wrong PINs in a row are counted on
the account in the database (a restart does not reset them); the fifth locks
the account for a while (``domain.permissions``). The guarded actions are
checked here, in the services' own transactions, with ``require``: a refused
action raises ``PermissionDenied`` before anything is written.

Accounts are "in use" once an owner has a PIN. Before that (a profile made by
an older version, a test, a script) every action is allowed, so an upgrade
locks nobody out; the first start then asks for the owner's PIN. An actor id of
None is the command line, run by the profile's owner on their own files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session, sessionmaker

from salon_desktop.db.base import utcnow
from salon_desktop.db.models import Staff
from salon_desktop.domain.permissions import (
    Action,
    PinState,
    Role,
    allowed,
    parse_role,
    pin_problem,
)
from salon_desktop.domain.validation import Errors, FieldError, ValidationError, check_text
from salon_desktop.i18n import N_
from salon_desktop.services import audit

# OWASP's smallest recommended argon2id cost: ~20 ms a check on a desk PC.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


class PermissionDenied(Exception):
    """The staff member at the desk may not do this (nothing was written)."""

    def __init__(self, action: Action, role: Role | None):
        self.action, self.role = action, role
        super().__init__(f"{role.value if role else 'nobody'} may not {action.value}")


class WrongPin(ValidationError):
    """A wrong PIN or a locked account (the wrong attempt is counted all the same)."""


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    role: Role
    locked_until: dt.datetime | None = None


def hash_pin(pin: str) -> str:
    return _HASHER.hash(pin)


def check_pin(errors: Errors, pin: str, field: str = "pin") -> None:
    problem = pin_problem(pin)
    if problem is not None:
        errors.add(field, problem, min=4, max=64)


def _matches(stored: str, pin: str) -> bool:
    if not stored:
        return False
    try:
        return _HASHER.verify(stored, pin)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def in_use(conn: Connection | Session) -> bool:
    """Whether an active owner has a PIN (from then on, the roles are enforced)."""
    row = conn.execute(
        select(Staff.id)
        .where(Staff.access == Role.OWNER.value, Staff.active.is_(True), Staff.pin_hash != "")
        .limit(1)
    ).first()
    return row is not None


def role_of(conn: Connection | Session, staff_id: int | None) -> Role | None:
    """The role of an active staff member (None: unknown or no longer working here)."""
    if staff_id is None:
        return None
    row = conn.execute(select(Staff.access, Staff.active).where(Staff.id == staff_id)).first()
    if row is None or not row.active:
        return None
    return parse_role(row.access)


def may(conn: Connection | Session, actor_id: int | None, action: Action) -> bool:
    if actor_id is None or not in_use(conn):
        return True
    role = role_of(conn, actor_id)
    return role is not None and allowed(role, action)


def require(conn: Connection | Session, actor_id: int | None, action: Action) -> None:
    """Refuse ``action`` to ``actor_id`` inside the caller's transaction."""
    if not may(conn, actor_id, action):
        raise PermissionDenied(action, role_of(conn, actor_id))


def _refused(message: str, field: str = "pin", **params) -> WrongPin:
    return WrongPin([FieldError(field, message, params)])


class AccountService:
    def __init__(self, sm: sessionmaker[Session], now: Callable[[], dt.datetime] = utcnow):
        self._sm = sm
        self._now = now

    # -- reading -----------------------------------------------------------------------
    def in_use(self) -> bool:
        with self._sm() as s:
            return in_use(s)

    def accounts(self) -> list[Account]:
        """Who can log in at the desk: active staff with a PIN, by name."""
        with self._sm() as s:
            rows = s.execute(
                select(Staff.id, Staff.name, Staff.access, Staff.locked_until)
                .where(Staff.active.is_(True), Staff.pin_hash != "")
                .order_by(Staff.name)
            ).all()
            return [Account(r.id, r.name, parse_role(r.access), r.locked_until) for r in rows]

    def may(self, actor_id: int | None, action: Action) -> bool:
        with self._sm() as s:
            return may(s, actor_id, action)

    def require(self, actor_id: int | None, action: Action) -> None:
        """Raise ``PermissionDenied`` unless ``actor_id`` may take ``action``."""
        with self._sm() as s:
            require(s, actor_id, action)

    # -- logging in ----------------------------------------------------------------------
    def login(self, staff_id: int, pin: str) -> Account:
        """The account whose PIN this is; ``WrongPin`` (counted) otherwise."""
        return self._verify(staff_id, pin, None)

    def approve(self, staff_id: int, pin: str, action: Action) -> Account:
        """A decision taken by another staff member at the desk (a manager's PIN
        for selling out of stock): their PIN, and their role allows it."""
        return self._verify(staff_id, pin, action)

    def _verify(self, staff_id: int, pin: str, action: Action | None) -> Account:
        now = self._now()
        failure: Exception | None = None
        with self._sm.begin() as s:
            st = s.get(Staff, staff_id, with_for_update=True)  # two desks count both tries
            if st is None or not st.active or not st.pin_hash:
                raise _refused(N_("This staff member cannot log in."), "staff")
            state = PinState(st.pin_failures, st.locked_until)
            if state.locked(now):
                assert state.locked_until is not None
                minutes = max(1, int((state.locked_until - now).total_seconds() // 60) + 1)
                raise _refused(
                    N_("Too many wrong PINs: this account is locked. Try again in {minutes} min."),
                    minutes=minutes,
                )
            if _matches(st.pin_hash, pin):
                st.pin_failures, st.locked_until = 0, None
                if _HASHER.check_needs_rehash(st.pin_hash):
                    st.pin_hash = hash_pin(pin)
                role = parse_role(st.access)
                if action is not None and not allowed(role, action):
                    audit.record(s, staff_id, "staff", staff_id, "refused", what=action.value)
                    failure = PermissionDenied(action, role)
                else:
                    audit.record(
                        s,
                        staff_id,
                        "staff",
                        staff_id,
                        "login" if action is None else "approve",
                        **({"what": action.value} if action is not None else {}),
                    )
                    return Account(st.id, st.name, role, None)
            else:
                after = state.after_wrong(now)
                st.pin_failures, st.locked_until = after.failures, after.locked_until
                audit.record(
                    s, None, "staff", staff_id, "wrong_pin", locked=after.locked_until is not None
                )
                if after.locked_until is not None:
                    failure = _refused(
                        N_(
                            "Too many wrong PINs: this account is locked. "
                            "Try again in {minutes} min."
                        ),
                        minutes=int((after.locked_until - now).total_seconds() // 60),
                    )
                else:
                    failure = _refused(
                        N_(
                            "Wrong PIN. Tries left before this account is locked for a while: {left}."
                        ),
                        left=after.attempts_left(),
                    )
        assert failure is not None
        raise failure  # after the commit: the wrong attempt is counted

    # -- setting up ----------------------------------------------------------------------
    def create_owner(self, name: str, pin: str, staff_id: int | None = None) -> Account:
        """The salon's first owner (a new staff member, or ``staff_id`` made the
        owner). Only while no owner can log in: afterwards the owner manages staff."""
        errors = Errors()
        if staff_id is None:
            name = check_text(errors, "name", name, required=True)
        check_pin(errors, pin)
        errors.raise_if_any()
        with self._sm.begin() as s:
            if in_use(s):
                raise PermissionDenied(Action.MANAGE_STAFF, None)
            if staff_id is None:
                st = Staff(name=name, role="", active=True)
                s.add(st)
            else:
                st = s.get_one(Staff, staff_id)
                st.active = True
            st.access = Role.OWNER.value
            st.pin_hash = hash_pin(pin)
            st.pin_failures, st.locked_until = 0, None
            s.flush()
            audit.record(s, st.id, "staff", st.id, "owner_set")
            return Account(st.id, st.name, Role.OWNER)

    def change_own_pin(self, staff_id: int, old_pin: str, new_pin: str) -> None:
        errors = Errors()
        check_pin(errors, new_pin, "new_pin")
        errors.raise_if_any()
        self.login(staff_id, old_pin)
        with self._sm.begin() as s:
            st = s.get_one(Staff, staff_id)
            st.pin_hash = hash_pin(new_pin)
            audit.record(s, staff_id, "staff", staff_id, "pin_set")
