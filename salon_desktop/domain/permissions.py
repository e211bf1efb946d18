"""Who may do what: the staff roles and the actions only some of them may take.

Pure data and rules (no Qt, no SQL). The services enforce the matrix (a refused
action raises ``PermissionDenied`` before anything is written); the staff screen
shows it to the owner as a table. The PIN rules (length, lock-out after wrong
attempts) live here too, so the service and its tests share them.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from salon_desktop.i18n import N_


class Role(enum.Enum):
    """What a staff member may do in the app (their job title is free text beside it)."""

    RECEPTIONIST = "receptionist"
    STYLIST = "stylist"
    MANAGER = "manager"
    OWNER = "owner"

    @property
    def label(self) -> str:
        """The msgid of the role's name (translate where shown)."""
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.RECEPTIONIST: N_("Receptionist"),
    Role.STYLIST: N_("Stylist"),
    Role.MANAGER: N_("Manager"),
    Role.OWNER: N_("Owner"),
}


class Action(enum.Enum):
    """The guarded actions: everything else any logged-in staff member may do."""

    CORRECT_EARLIER_DAY = "correct_earlier_day"
    SELL_OUT_OF_STOCK = "sell_out_of_stock"
    EXPORT_DATA = "export_data"
    ERASE_CLIENT = "erase_client"
    SEE_REPORTS = "see_reports"
    CHANGE_SETTINGS = "change_settings"
    MANAGE_STAFF = "manage_staff"
    SEE_AUDIT = "see_audit"
    CLOSE_EARLIER_SESSION = "close_earlier_session"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS: dict[Action, str] = {
    Action.CORRECT_EARLIER_DAY: N_("Void or refund a sale of an earlier day"),
    Action.SELL_OUT_OF_STOCK: N_("Sell what is out of stock"),
    Action.EXPORT_DATA: N_("Export data"),
    Action.ERASE_CLIENT: N_("Erase a client's personal data"),
    Action.SEE_REPORTS: N_("See reports and staff earnings"),
    Action.CHANGE_SETTINGS: N_("Change the salon's settings"),
    Action.MANAGE_STAFF: N_("Manage staff, roles and PINs"),
    Action.SEE_AUDIT: N_("See the audit trail"),
    Action.CLOSE_EARLIER_SESSION: N_("Count and close a till session left open on an earlier day"),
}

_MANAGER = frozenset(
    {
        Action.CORRECT_EARLIER_DAY,
        Action.SELL_OUT_OF_STOCK,
        Action.EXPORT_DATA,
        Action.ERASE_CLIENT,
        Action.SEE_REPORTS,
        Action.CHANGE_SETTINGS,
        Action.SEE_AUDIT,
        Action.CLOSE_EARLIER_SESSION,
    }
)

# The matrix: role -> the guarded actions it may take.
MATRIX: dict[Role, frozenset[Action]] = {
    Role.RECEPTIONIST: frozenset(),
    Role.STYLIST: frozenset(),
    Role.MANAGER: _MANAGER,
    Role.OWNER: frozenset(Action),
}


def allowed(role: Role, action: Action) -> bool:
    return action in MATRIX[role]


def roles_allowed(action: Action) -> list[Role]:
    """The roles that may take ``action``, in the order of ``Role``."""
    return [r for r in Role if allowed(r, action)]


def parse_role(value: str | None) -> Role:
    """The stored role (an unknown or empty value is the least trusted role)."""
    try:
        return Role(value or "")
    except ValueError:
        return Role.RECEPTIONIST


# Job titles a salon types (in our three languages) that name a receptionist or
# a manager; anyone else is a stylist (does services). Used once, for staff
# added before roles existed, and as the default role of a new staff member.
_TITLE_HINTS: tuple[tuple[Role, tuple[str, ...]], ...] = (
    (Role.RECEPTIONIST, ("recep", "front desk", "پذیرش", "منشی")),
    (Role.MANAGER, ("manag", "kierown", "مدیر")),
    (Role.OWNER, ("owner", "właściciel", "wlasciciel", "مالک")),
)


def role_from_title(title: str) -> Role:
    folded = title.casefold()
    for role, hints in _TITLE_HINTS:
        if any(h in folded for h in hints):
            return role
    return Role.STYLIST


# -- PINs --------------------------------------------------------------------------
PIN_MIN = 4
PIN_MAX = 64
MAX_WRONG_PINS = 5  # in a row; then the account is locked for LOCK_FOR
LOCK_FOR = dt.timedelta(minutes=15)


def pin_problem(pin: str) -> str | None:
    """The msgid of what is wrong with a new PIN or password, or None."""
    if len(pin) < PIN_MIN:
        return N_("A PIN has at least {min} characters.")
    if len(pin) > PIN_MAX:
        return N_("A PIN or password has at most {max} characters.")
    if pin != pin.strip():
        return N_("A PIN cannot start or end with a space.")
    if len(set(pin)) == 1:
        return N_("Choose a PIN that is not one character repeated.")
    return None


@dataclass(frozen=True)
class PinState:
    """The wrong attempts in a row on an account and until when it is locked."""

    failures: int = 0
    locked_until: dt.datetime | None = None

    def locked(self, now: dt.datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def after_wrong(self, now: dt.datetime) -> PinState:
        """One more wrong PIN: the MAX_WRONG_PINS-th in a row locks the account."""
        failures = self.failures + 1
        if failures >= MAX_WRONG_PINS:
            return PinState(0, now + LOCK_FOR)
        return PinState(failures, None)

    def attempts_left(self) -> int:
        return MAX_WRONG_PINS - self.failures
