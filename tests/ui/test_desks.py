"""Two desks on one database (two windows on one SQLite profile, or two PCs on
one PostgreSQL database): what one does appears on the other within 2 seconds,
without a restart."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt

from salon_desktop.i18n.formatting import Formatter
from salon_desktop.services.context import open_context
from salon_desktop.ui.checkout.screen import CheckoutScreen
from salon_desktop.ui.clients.list_screen import ClientListScreen
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.till.screen import TillScreen
from tests.ui.checkout_setup import stock_salon
from tests.ui.conftest import TODAY
from tests.ui.helpers import Modal, settle, type_text

ENTER = Qt.Key.Key_Return


@pytest.fixture
def desks(qapp, tmp_path, db_url):
    """(desk A, desk B): two UiEnvs on one database, B listening for A's changes."""
    made: list[UiEnv] = []

    def desk(name: str) -> UiEnv:
        ctx = open_context(data_dir=tmp_path / name, db_url=db_url, today=lambda: TODAY)
        if not made:
            ctx.save_settings(
                dataclasses.replace(
                    ctx.salon, phone_region="GB", currency="GBP", first_run_done=True
                )
            )
        else:
            ctx.reload_settings()
        env = UiEnv(ctx, Formatter("en", "GBP"))
        made.append(env)
        return env

    a = desk("a")
    salon = stock_salon(a)
    a.desk_staff_id = a.ctx.staff.add("Mina", "Receptionist").id
    b = desk("b")
    feed = b.start_feed()
    assert feed.listening or _wait(qapp, lambda: feed.listening)
    yield a, b, salon
    for env in made:
        env.stop_feed()
        env.ops.wait()
        env.ctx.close()


def _wait(qapp, condition) -> bool:
    from PySide6.QtCore import QDeadlineTimer

    deadline = QDeadlineTimer(5000)
    while not condition() and not deadline.hasExpired():
        qapp.processEvents()
    return condition()


def _checkout(qtbot, env) -> CheckoutScreen:
    screen = CheckoutScreen(env)
    qtbot.addWidget(screen)
    screen.resize(1024, 700)
    screen.show()
    return screen


def test_a_parked_ticket_and_a_posted_sale_reach_the_other_desk(qtbot, desks):
    a, b, salon = desks
    here, there = _checkout(qtbot, a), _checkout(qtbot, b)
    till_there = TillScreen(b)
    qtbot.addWidget(till_there)
    assert there.open_model.rowCount() == 0
    here.start(salon.anna)
    type_text(qtbot, here.entry, "haircut")
    qtbot.keyClick(here.entry, ENTER)
    settle(a)
    # The ticket rung up on desk A is in desk B's list of open tickets.
    qtbot.waitUntil(lambda: there.open_model.rowCount() == 1, timeout=2000)
    assert "Anna Nowak" in there.open_model.index(0, 0).data()

    def cash(dialog):
        type_text(qtbot, dialog.cash, "=")
        qtbot.keyClick(dialog.cash, ENTER)
        settle(a)

    m = Modal(cash)
    here.pay()
    m.check()
    [sale] = a.ctx.reader.day_sales()
    # Posted on A: off B's open tickets, in B's sales of the day and B's till.
    qtbot.waitUntil(lambda: there.open_model.rowCount() == 0, timeout=2000)
    qtbot.waitUntil(lambda: [r.id for r in there.recent.model.rows] == [sale.id], timeout=2000)
    # B's till, hidden meanwhile, heard of it with the rest: shown, it has the sale.
    till_there.show()
    assert till_there.day.report.sales_count == 1


def test_a_client_saved_on_one_desk_is_found_on_the_other(qtbot, desks):
    from salon_desktop.domain.client import ClientDraft, PhoneEntry

    a, b, _salon = desks
    there = ClientListScreen(b)
    qtbot.addWidget(there)
    there.show()
    rows_before = there.model.rowCount()
    from salon_desktop.services.changes import Changes
    from salon_desktop.ui.operations import Write

    draft = ClientDraft(first_name="Zahra", last_name="Karimi", phones=[PhoneEntry("07911 123777")])
    Write(
        a,
        None,
        lambda ctx: ctx.clients.create(draft, None),
        changes=lambda cid: Changes.of(clients=[cid]),
    ).run()
    qtbot.waitUntil(lambda: there.model.rowCount() == rows_before + 1, timeout=2000)


def test_own_changes_are_not_published_twice(qtbot, desks):
    a, b, salon = desks
    a.start_feed()
    seen = []
    a.bus.changed.connect(seen.append)
    here = _checkout(qtbot, a)
    here.start(salon.anna)
    settle(a)
    qtbot.wait(1200)  # two ticks of the feed
    assert seen and not any(c.remote for c in seen)
