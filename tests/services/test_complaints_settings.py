"""The subjects and targets of complaints are salon settings: the defaults are the
issue's (critical 1 h / 4 h … low 48 h / 7 days), record() uses what is saved,
bad values are refused field by field and nothing is saved."""

from __future__ import annotations

import dataclasses

import pytest

from salon_desktop.domain.client import ClientDraft
from salon_desktop.domain.complaints import DEFAULT_CATEGORIES, ComplaintDraft, Severity
from salon_desktop.domain.validation import ValidationError


def test_defaults_then_saved_subjects_and_targets_are_used_by_record(ctx):
    salon = ctx.salon
    assert salon.complaint_categories == list(DEFAULT_CATEGORIES)
    assert salon.complaint_acknowledge_minutes == {
        "low": 2880,
        "medium": 1440,
        "high": 240,
        "critical": 60,
    }
    assert salon.complaint_resolve_minutes["low"] == 7 * 24 * 60
    anna = ctx.clients.create(ClientDraft(first_name="Anna"), None)
    ctx.save_settings(
        dataclasses.replace(
            salon,
            complaint_categories=["  Parking  ", "price", "parking"],
            complaint_acknowledge_minutes={**salon.complaint_acknowledge_minutes, "high": 30},
        )
    )
    assert ctx.reload_settings().complaint_categories == ["Parking", "price"]
    cid = ctx.complaints.record(
        ComplaintDraft(anna, "No space", category="Parking", severity=Severity.HIGH), None
    )
    c = ctx.complaints.get(cid)
    assert (c.acknowledge_by - c.opened_at).total_seconds() == 30 * 60
    assert (c.resolve_by - c.opened_at).total_seconds() == 24 * 3600
    with pytest.raises(ValidationError) as exc:
        ctx.complaints.record(ComplaintDraft(anna, "Late", category="waiting_time"), None)
    assert [e.field for e in exc.value.errors] == ["category"]  # no longer offered


@pytest.mark.parametrize(
    "change, fields",
    [
        ({"complaint_categories": []}, ["complaint_categories"]),
        ({"complaint_categories": ["  ", ""]}, ["complaint_categories"]),
        ({"complaint_categories": ["x" * 51]}, ["complaint_categories"]),
        ({"complaint_categories": [f"s{i}" for i in range(31)]}, ["complaint_categories"]),
        (
            {"complaint_acknowledge_minutes": {"low": 0, "medium": 1, "high": 1, "critical": 1}},
            ["complaint_acknowledge_minutes.low"],
        ),
        (
            {"complaint_resolve_minutes": {"low": 2880, "medium": 4320, "high": 1440}},
            ["complaint_resolve_minutes.critical"],
        ),
        (
            {
                "complaint_resolve_minutes": {
                    "low": 60,
                    "medium": 4320,
                    "high": 1440,
                    "critical": 240,
                }
            },
            ["complaint_resolve_minutes.low"],  # before its 48 h to acknowledge
        ),
        (
            {
                "complaint_acknowledge_minutes": {
                    "low": 60 * 24 * 60 + 1,
                    "medium": 1,
                    "high": 1,
                    "critical": True,
                }
            },
            ["complaint_acknowledge_minutes.low", "complaint_acknowledge_minutes.critical"],
        ),
    ],
)
def test_bad_subjects_or_targets_are_refused_and_nothing_is_saved(ctx, change, fields):
    before = ctx.reload_settings()
    with pytest.raises(ValidationError) as exc:
        ctx.save_settings(dataclasses.replace(before, **change))
    assert [e.field for e in exc.value.errors][: len(fields)] == fields
    assert ctx.reload_settings() == before
