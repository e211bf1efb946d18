"""The roles, the permission matrix and the PIN rules (pure)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salon_desktop.domain.permissions import (
    LOCK_FOR,
    MATRIX,
    MAX_WRONG_PINS,
    Action,
    PinState,
    Role,
    allowed,
    parse_role,
    pin_problem,
    role_from_title,
    roles_allowed,
)

NOW = dt.datetime(2026, 12, 3, 10, 0)


def test_the_owner_may_do_everything_receptionists_and_stylists_nothing_guarded():
    assert all(allowed(Role.OWNER, a) for a in Action)
    assert not any(allowed(r, a) for r in (Role.RECEPTIONIST, Role.STYLIST) for a in Action)


def test_a_manager_takes_the_managers_decisions_but_does_not_manage_staff():
    for action in (
        Action.CORRECT_EARLIER_DAY,
        Action.SELL_OUT_OF_STOCK,
        Action.EXPORT_DATA,
        Action.ERASE_CLIENT,
        Action.SEE_REPORTS,
        Action.SEE_AUDIT,
    ):
        assert allowed(Role.MANAGER, action)
    assert not allowed(Role.MANAGER, Action.MANAGE_STAFF)


def test_every_role_and_action_has_a_label_and_a_row_in_the_matrix():
    assert set(MATRIX) == set(Role)
    assert all(r.label for r in Role) and all(a.label for a in Action)
    assert roles_allowed(Action.MANAGE_STAFF) == [Role.OWNER]


def test_an_unknown_stored_role_is_the_least_trusted():
    assert parse_role("owner") is Role.OWNER
    assert parse_role("") is Role.RECEPTIONIST
    assert parse_role("superuser") is Role.RECEPTIONIST


@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("Receptionist", Role.RECEPTIONIST),
        ("Recepcjonistka", Role.RECEPTIONIST),
        ("مسئول پذیرش", Role.RECEPTIONIST),
        ("Salon manager", Role.MANAGER),
        ("Kierowniczka", Role.MANAGER),
        ("مدیر سالن", Role.MANAGER),
        ("Hair stylist", Role.STYLIST),
        ("", Role.STYLIST),
    ],
)
def test_a_job_title_suggests_a_role(title, role):
    assert role_from_title(title) is role


def test_pin_rules():
    assert pin_problem("2468") is None
    assert pin_problem("correct horse") is None
    assert pin_problem("123") is not None
    assert pin_problem("1111") is not None
    assert pin_problem(" 2468") is not None
    assert pin_problem("x" * 65) is not None


def test_the_fifth_wrong_pin_in_a_row_locks_the_account_for_a_while():
    state = PinState()
    for n in range(MAX_WRONG_PINS - 1):
        state = state.after_wrong(NOW)
        assert not state.locked(NOW)
        assert state.attempts_left() == MAX_WRONG_PINS - n - 1
    state = state.after_wrong(NOW)
    assert state.locked(NOW)
    assert state.locked(NOW + LOCK_FOR - dt.timedelta(seconds=1))
    assert not state.locked(NOW + LOCK_FOR)


@given(st.integers(min_value=0, max_value=30))
def test_an_account_is_never_locked_before_five_wrong_pins(n):
    state = PinState()
    locked_at = None
    for i in range(n):
        state = state.after_wrong(NOW)
        if state.locked(NOW) and locked_at is None:
            locked_at = i + 1
    assert (locked_at == MAX_WRONG_PINS) if n >= MAX_WRONG_PINS else locked_at is None
