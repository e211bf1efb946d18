"""The client file's scores panel: category, RFM segment, value and its model, the
strategy with its reason; computed on demand in the background, in English and Persian."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import datetime as dt  # noqa: E402
import re  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from salon_desktop.db.engine import make_sessionmaker  # noqa: E402
from salon_desktop.services.sales import SalesService  # noqa: E402
from salon_desktop.ui.clients.file import ClientFileScreen  # noqa: E402
from tests.services.sales_helpers import make_shop, pay, svc_line  # noqa: E402
from tests.ui.conftest import TODAY  # noqa: E402
from tests.ui.helpers import settle  # noqa: E402

LEFT = Qt.MouseButton.LeftButton
LATIN = re.compile(r"[A-Za-z]")


_SHOPS: dict[int, object] = {}  # the shop of each env's loyal client


def _loyal_client(env) -> int:
    """A client who came every month for the last four months."""
    ctx = env.ctx
    shop = make_shop(ctx, scale=10 if ctx.salon.currency == "IRT" else 1)
    day = [TODAY]
    sales = SalesService(make_sessionmaker(ctx.engine), lambda: ctx.salon, today=lambda: day[0])
    for days in (120, 90, 60, 30):
        day[0] = TODAY - dt.timedelta(days=days)
        sales.post(pay(ctx, [svc_line(shop)], client=shop.client))
    _SHOPS[id(env)] = shop
    return shop.client


@pytest.fixture
def open_file(qtbot, make_env):
    def factory(language: str):
        env = make_env(language)
        cid = _loyal_client(env)
        w = ClientFileScreen(env)
        qtbot.addWidget(w)
        w.resize(1024, 700)
        w.show()
        w.open_client(cid)
        w.tabs.setCurrentWidget(w.visits)
        settle(env)
        return env, w, cid

    return factory


def test_scores_are_computed_on_demand_and_shown_with_their_reason(qtbot, open_file):
    env, w, cid = open_file("en")
    panel = w.visits.scores
    assert panel.strategy.text() == "Not computed yet."
    assert panel.compute_button.isVisible()
    qtbot.mouseClick(panel.compute_button, LEFT)
    settle(env)
    assert env.ctx.segments.for_client(cid) is not None  # stored for every client
    assert not panel.compute_button.isVisible()
    assert panel.values["category"].text() == "Loyal client"
    assert panel.values["rfm"].text().startswith("Loyal clients (3-3-3)")
    assert panel.strategy.text().startswith("Strategy: Maintain the relationship — Loyal and")
    assert "simple formula" in panel.values["value"].toolTip()  # one client: too little history
    assert panel.values["value"].text() == env.fmt.amount(panel.score.future_value)
    assert panel.values["alive"].text() == "—"  # the simple formula does not know it
    assert "Because: Loyal and valuable." in panel.strategy.toolTip()


def test_an_archived_or_new_file_has_no_scores_to_compute(qtbot, open_file):
    env, w, _cid = open_file("en")
    w.new_client()
    settle(env)
    assert not w.visits.scores.compute_button.isVisible()
    assert w.visits.scores.values["category"].text() == "—"


def test_the_panel_speaks_persian(qtbot, open_file):
    env, w, _cid = open_file("fa")
    panel = w.visits.scores
    assert not LATIN.search(panel.strategy.text())
    qtbot.mouseClick(panel.compute_button, LEFT)
    settle(env)
    texts = [label.text() for label in panel.values.values()] + [panel.strategy.text()]
    assert panel.values["category"].text() == "مشتری وفادار"
    assert not any(LATIN.search(t) for t in texts), texts
    assert "حفظ رابطه" in panel.strategy.text()


def test_the_keeper_computes_the_scores_of_the_day_and_after_changes(qtbot, open_file):
    """Nobody presses anything: the keeper refits when none are stored, the open file
    shows them, and after a sale it refits again at its next round; a second check on
    the same day with nothing changed does not."""
    from salon_desktop.ui.score_keeper import ScoreKeeper

    env, w, cid = open_file("en")
    panel = w.visits.scores
    assert panel.strategy.text() == "Not computed yet."
    keeper = ScoreKeeper(env, w, first_check_ms=10, round_ms=3_600_000)
    qtbot.waitUntil(lambda: keeper.refits == 1, timeout=10_000)
    settle(env)
    assert panel.values["category"].text() == "Loyal client"  # refreshed by the bus
    first = env.ctx.segments.last_run().computed_at
    keeper.check()  # same day, nothing new
    settle(env)
    assert keeper.refits == 1 and env.ctx.segments.last_run().computed_at == first
    ctx = env.ctx
    shop = _SHOPS.pop(id(env))
    env.bus.sale_posted.emit(ctx.sales.post(pay(ctx, [svc_line(shop)], client=cid)).sale_id)
    assert keeper.dirty
    keeper._on_round()
    qtbot.waitUntil(lambda: keeper.refits == 2, timeout=10_000)
    assert not keeper.dirty
