from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select


def set_region(ctx, region: str) -> None:
    ctx.save_settings(dataclasses.replace(ctx.salon, phone_region=region))


def row_count(ctx, model) -> int:
    with ctx.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


@pytest.fixture
def ir_ctx(ctx):
    """A context whose salon is in Iran (phones without a country code are Iranian)."""
    set_region(ctx, "IR")
    return ctx


@pytest.fixture
def actor(ctx) -> int:
    """The staff member working at the desk."""
    return ctx.staff.add("Desk Receptionist", "reception").id
