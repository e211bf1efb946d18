"""Every write of the checkout, client file, catalog and till meets a failing database
(locked by another program, disk full, read-only, server gone): the user reads a
sentence where she acted, what she typed stays, no exception escapes, and nothing
at all was written."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget
from sqlalchemy import MetaData, select

from salon_desktop.domain.client import ClientDraft, PhoneEntry
from salon_desktop.services.catalog import ProductItem, ServiceItem
from salon_desktop.ui.catalog.screen import PRODUCTS, CatalogScreen
from salon_desktop.ui.checkout.screen import CheckoutScreen
from salon_desktop.ui.clients.file import ClientFileScreen
from salon_desktop.ui.clients.file import screen as file_module
from salon_desktop.ui.till.screen import TillScreen
from tests.faults import EXPECTED_WORDS, KINDS, inject
from tests.ui import sales_data as sd
from tests.ui.checkout_setup import BARCODE, stock_salon
from tests.ui.helpers import Modal, click_button, settle, type_text

ENTER = Qt.Key.Key_Return
LEFT = Qt.MouseButton.LeftButton

pytestmark = pytest.mark.parametrize("kind", KINDS)


def snapshot(env) -> dict[str, list[str]]:
    """Every row of every table: what "nothing was written" is checked against."""
    with env.ctx.engine.connect() as conn:
        meta = MetaData()
        meta.reflect(conn)
        return {
            t.name: sorted(repr(tuple(r)) for r in conn.execute(select(t)).all())
            for t in meta.sorted_tables
            if t.name != "alembic_version"
        }


def shown(where: QWidget) -> str:
    """The text of what is visible in ``where``, and of any message box over it."""
    texts = [lb.text() for lb in where.findChildren(QLabel) if lb.isVisible()]
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QMessageBox) and w.isVisible():
            texts.append(w.text())
            w.close()
    return "\n".join(texts)


def failing(qtbot, env, kind: str, act) -> None:
    """``act()`` with every write failing as ``kind``; waits for the answer."""
    with inject(env.ctx.engine, kind):
        act()
        settle(env)
    qtbot.wait(10)


# -- checkout ----------------------------------------------------------------------------


def _till(qtbot, make_env):
    env = make_env("en")
    salon = stock_salon(env)
    screen = CheckoutScreen(env)
    qtbot.addWidget(screen)
    screen.resize(1024, 700)
    with qtbot.waitActive(screen):
        screen.show()
        screen.activateWindow()
    return screen, env, salon


def _add(qtbot, screen, text: str) -> None:
    type_text(qtbot, screen.entry, text)
    qtbot.keyClick(screen.entry, ENTER)


def _pay_cash(qtbot, screen) -> None:
    def cash(dialog):
        type_text(qtbot, dialog.cash, "=")
        qtbot.keyClick(dialog.cash, ENTER)
        settle(screen.env)

    m = Modal(cash)
    screen.pay()
    m.check()


def test_posting_a_sale(qtbot, make_env, kind):
    screen, env, salon = _till(qtbot, make_env)
    screen.start(salon.anna)
    _add(qtbot, screen, "haircut")
    _add(qtbot, screen, BARCODE)
    before = snapshot(env)
    seen = {}

    def pay(dialog):
        type_text(qtbot, dialog.cash, "=")
        failing(qtbot, env, kind, lambda: qtbot.keyClick(dialog.cash, ENTER))
        seen["open"] = dialog.isVisible()
        seen["text"] = dialog.general_error.text()
        seen["post"] = dialog.post_button.isEnabled()
        seen["snapshot"] = snapshot(env)
        dialog.reject()

    m = Modal(pay)
    screen.pay()
    m.check()
    assert seen["open"], "the payment dialog stays open to try again"
    assert EXPECTED_WORDS[kind] in seen["text"]
    assert seen["post"], "Post can be pressed again"
    assert seen["snapshot"] == before
    assert env.ctx.reader.day_sales() == []
    assert len(screen.ticket.lines) == 2  # the ticket is still on screen
    # Once the database is back, the same ticket posts.
    _pay_cash(qtbot, screen)
    assert len(env.ctx.reader.day_sales()) == 1


def test_adding_to_a_ticket(qtbot, make_env, kind):
    screen, env, salon = _till(qtbot, make_env)
    screen.start(salon.anna)
    before = snapshot(env)
    failing(qtbot, env, kind, lambda: _add(qtbot, screen, "haircut"))
    assert EXPECTED_WORDS[kind] in screen.message.text()
    assert snapshot(env) == before
    assert [ln.description for ln in screen.ticket.lines] == ["Haircut"]  # kept on screen
    _add(qtbot, screen, BARCODE)  # the next change saves both
    assert len(env.ctx.tickets.load(screen.ticket.uuid).lines) == 2


@pytest.mark.parametrize("correction", ["void", "refund"])
def test_voiding_or_refunding(qtbot, make_env, kind, correction):
    screen, env, salon = _till(qtbot, make_env)
    _add(qtbot, screen, BARCODE)
    _pay_cash(qtbot, screen)
    [sale] = env.ctx.reader.day_sales()
    screen.tabs.setCurrentWidget(screen.recent)
    screen.recent.select(sale.id)
    before = snapshot(env)
    seen = {}

    def correct(dialog):
        if correction == "refund":
            next(iter(dialog.spins.values())).setValue(1)
        type_text(qtbot, dialog.reason, "Wrong item")
        failing(
            qtbot,
            env,
            kind,
            lambda: click_button(dialog, "Void sale" if correction == "void" else "Refund"),
        )
        seen["open"] = dialog.isVisible()
        seen["text"] = dialog.error.text()

    m = Modal(correct)
    getattr(screen.recent, f"{correction}_button").click()
    m.check()
    assert seen["open"] and EXPECTED_WORDS[kind] in seen["text"]
    assert snapshot(env) == before
    assert [r.kind for r in screen.recent.model.rows] == ["sale"]


# -- client file -------------------------------------------------------------------------


def _file(qtbot, make_env):
    env = make_env("en")
    w = ClientFileScreen(env)
    qtbot.addWidget(w)
    w.resize(1024, 740)
    w.show()
    return w, env


def _client(env) -> int:
    return env.ctx.clients.create(
        ClientDraft(first_name="Kate", last_name="Bell", phones=[PhoneEntry("07911 123456")]),
        env.actor(),
    )


def test_saving_a_new_client(qtbot, make_env, kind):
    w, env = _file(qtbot, make_env)
    w.new_client("Ewa")
    type_text(qtbot, w.details.last_name, "Nowak")
    type_text(qtbot, w.details.phones.rows[0].number, "07911 123123")
    before = snapshot(env)
    failing(qtbot, env, kind, lambda: qtbot.mouseClick(w.save_button, LEFT))
    assert EXPECTED_WORDS[kind] in shown(w)
    assert snapshot(env) == before
    assert w.details.last_name.text() == "Nowak"  # what she typed is still there
    qtbot.mouseClick(w.save_button, LEFT)
    settle(env)
    [row] = env.ctx.search.search("Nowak").rows
    assert env.ctx.clients.get(row.id).display_name == "Ewa Nowak"


def test_changing_an_existing_client(qtbot, make_env, kind):
    w, env = _file(qtbot, make_env)
    cid = _client(env)
    w.open_client(cid)
    settle(env)  # opening the file is recorded in the audit trail
    type_text(qtbot, w.details.last_name, "-Smith")
    before = snapshot(env)
    failing(qtbot, env, kind, lambda: qtbot.mouseClick(w.save_button, LEFT))
    assert EXPECTED_WORDS[kind] in shown(w)
    assert snapshot(env) == before
    assert w.details.last_name.text() == "Bell-Smith"


def test_archiving_a_client(qtbot, make_env, kind, monkeypatch):
    w, env = _file(qtbot, make_env)
    cid = _client(env)
    monkeypatch.setattr(file_module, "confirm", lambda *a, **k: True)
    w.open_client(cid)
    settle(env)  # opening the file is recorded in the audit trail
    before = snapshot(env)
    failing(qtbot, env, kind, lambda: qtbot.mouseClick(w.archive_button, LEFT))
    assert EXPECTED_WORDS[kind] in shown(w)
    assert snapshot(env) == before
    assert not w.archived_banner.isVisible()


def test_computing_the_scores(qtbot, make_env, kind):
    w, env = _file(qtbot, make_env)
    cid = _client(env)
    w.open_client(cid)
    w.tabs.setCurrentWidget(w.visits)
    settle(env)
    panel = w.visits.scores
    before = snapshot(env)
    failing(qtbot, env, kind, lambda: qtbot.mouseClick(panel.compute_button, LEFT))
    assert EXPECTED_WORDS[kind] in shown(w)
    assert snapshot(env) == before
    assert panel.compute_button.isEnabled()  # she can try again
    qtbot.mouseClick(panel.compute_button, LEFT)
    settle(env)
    assert env.ctx.segments.for_client(cid) is not None


# -- catalog -----------------------------------------------------------------------------


def _catalog(qtbot, make_env):
    env = make_env("en")
    screen = CatalogScreen(env)
    qtbot.addWidget(screen)
    screen.resize(1024, 700)
    screen.show()
    qtbot.waitExposed(screen)
    return screen, env


def test_saving_a_service(qtbot, make_env, kind):
    screen, env = _catalog(qtbot, make_env)
    screen.services.table.setFocus()
    qtbot.keyClick(screen.services.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = screen.services.dialog
    type_text(qtbot, dialog.name, "Balayage")
    type_text(qtbot, dialog.price, "120")
    before = snapshot(env)
    failing(qtbot, env, kind, lambda: qtbot.keyClick(dialog.name, ENTER))
    assert dialog.isVisible() and EXPECTED_WORDS[kind] in shown(dialog)
    assert snapshot(env) == before
    assert dialog.name.text() == "Balayage"


def test_taking_a_service_off_the_list(qtbot, make_env, kind):
    screen, env = _catalog(qtbot, make_env)
    perm = env.ctx.catalog.save_service(ServiceItem(0, "Perm", None, "", 7000, 120, 0, 0))
    env.bus.catalog_changed.emit()
    tab = screen.services
    tab.table.select_row(tab.model.row_of(perm.id))
    before = snapshot(env)
    yes = Modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    failing(qtbot, env, kind, lambda: qtbot.keyClick(tab.table, Qt.Key.Key_Delete))
    yes.check()
    assert EXPECTED_WORDS[kind] in shown(screen)
    assert snapshot(env) == before
    assert env.ctx.catalog.get_service(perm.id).active


def test_receiving_stock(qtbot, make_env, kind):
    screen, env = _catalog(qtbot, make_env)
    item = env.ctx.catalog.save_product(
        ProductItem(0, "Hair mask", "", "", 1000, 0, 0, 0, 0), actor_id=env.actor()
    )
    env.bus.catalog_changed.emit()
    screen.tabs.setCurrentIndex(PRODUCTS)
    tab = screen.products
    assert tab.current().id == item.id
    qtbot.mouseClick(tab.receive_button, LEFT)
    receive = tab.dialog
    type_text(qtbot, receive.qty, "5")
    before = snapshot(env)
    failing(qtbot, env, kind, lambda: qtbot.keyClick(receive.qty, ENTER))
    assert receive.isVisible() and EXPECTED_WORDS[kind] in shown(receive)
    assert snapshot(env) == before
    assert env.ctx.catalog.get_product(item.id).stock == 0


def test_editing_a_product(qtbot, make_env, kind):
    screen, env = _catalog(qtbot, make_env)
    item = env.ctx.catalog.save_product(
        ProductItem(0, "Old gel", "", "", 1000, 0, 0, 0, 0), actor_id=env.actor()
    )
    env.bus.catalog_changed.emit()
    screen.tabs.setCurrentIndex(PRODUCTS)
    tab = screen.products
    tab.table.select_row(0)
    qtbot.keyClick(tab.table, ENTER)
    dialog = tab.dialog
    dialog.name.clear()
    type_text(qtbot, dialog.name, "New gel")
    before = snapshot(env)
    failing(qtbot, env, kind, lambda: qtbot.keyClick(dialog.name, ENTER))
    assert dialog.isVisible() and EXPECTED_WORDS[kind] in shown(dialog)
    assert snapshot(env) == before
    assert env.ctx.catalog.get_product(item.id) == dataclasses.replace(item)


# -- till --------------------------------------------------------------------------------


def _till_screen(qtbot, make_env):
    env = make_env("en")
    sd.service(env.ctx, "Cut", 4500)
    w = TillScreen(env)
    qtbot.addWidget(w)
    w.resize(1024, 740)
    w.show()
    return w, env


def test_opening_float_and_cash_moves(qtbot, make_env, kind):
    w, env = _till_screen(qtbot, make_env)
    d = w.day
    type_text(qtbot, d.float_field, "150")
    before = snapshot(env)
    failing(qtbot, env, kind, lambda: qtbot.mouseClick(d.float_button, LEFT))
    assert EXPECTED_WORDS[kind] in shown(w)
    assert snapshot(env) == before
    assert d.float_field.text() == "150"
    qtbot.mouseClick(d.float_button, LEFT)
    settle(env)
    type_text(qtbot, d.move_amount, "20")
    type_text(qtbot, d.move_reason, "Flowers")
    before = snapshot(env)
    failing(qtbot, env, kind, lambda: qtbot.mouseClick(d.pay_out_button, LEFT))
    assert EXPECTED_WORDS[kind] in shown(w)
    assert snapshot(env) == before
    assert env.ctx.till.report().movements == ()
    assert d.move_reason.text() == "Flowers"


def test_closing_the_session(qtbot, make_env, kind):
    w, env = _till_screen(qtbot, make_env)
    d = w.day
    type_text(qtbot, d.float_field, "150")
    qtbot.mouseClick(d.float_button, LEFT)
    settle(env)
    before = snapshot(env)
    seen = {}

    def close(dialog):
        type_text(qtbot, dialog.counted, "150")
        failing(qtbot, env, kind, lambda: qtbot.mouseClick(dialog.close_button, LEFT))
        seen["open"] = dialog.isVisible()
        seen["text"] = shown(dialog)

    m = Modal(close)
    qtbot.mouseClick(d.close_button, LEFT)
    m.check()
    assert seen["open"] and EXPECTED_WORDS[kind] in seen["text"]
    assert snapshot(env) == before
    assert "Session 1 open since" in w.state.text()


def test_opening_the_next_session_from_the_checkout(qtbot, make_env, kind):
    from salon_desktop.ui.till.open_dialog import OpenSessionDialog

    env = make_env("en")
    env.ctx.till.open_session(0, env.actor())
    env.ctx.till.close_session(0, "", env.actor())
    d = OpenSessionDialog(env, env.ctx.till.session_report())
    qtbot.addWidget(d)
    d.show()
    type_text(qtbot, d.float_field, "80")
    before = snapshot(env)
    failing(qtbot, env, kind, lambda: qtbot.keyClick(d.float_field, Qt.Key.Key_Return))
    assert EXPECTED_WORDS[kind] in shown(d)
    assert snapshot(env) == before and env.ctx.till.is_closed()
    assert d.isVisible() and d.float_field.value() == 8000  # typed: try again
    qtbot.keyClick(d.float_field, Qt.Key.Key_Return)
    settle(env)
    assert not env.ctx.till.is_closed() and d.report is not None


# -- importing clients -------------------------------------------------------------------------


def test_importing_clients(qtbot, make_env, kind, tmp_path):
    from salon_desktop.ui.clients.import_dialog import ImportDialog

    env = make_env("en")
    path = tmp_path / "list.csv"
    path.write_text("Name,Phone\nEwa Nowak,07911 123123\nAnna Kot,07911 123124\n", "utf-8")
    dialog = ImportDialog(env)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.open_file(str(path))
    settle(env)
    before = snapshot(env)
    failing(qtbot, env, kind, lambda: qtbot.mouseClick(dialog.import_button, LEFT))
    assert EXPECTED_WORDS[kind] in shown(dialog)
    assert snapshot(env) == before
    assert dialog.import_button.isEnabled()  # the file is still there, to try again
    qtbot.mouseClick(dialog.import_button, LEFT)
    settle(env)
    assert env.ctx.clients.count() == 2


# -- complaints --------------------------------------------------------------------------


def test_resolving_with_a_voucher_given(qtbot, make_env, kind):
    """The step and the voucher it gives through the till: both, or neither."""
    from salon_desktop.domain.complaints import Compensation, ComplaintDraft, State, Step
    from salon_desktop.ui.complaints.step_dialog import StepDialog

    env = make_env("en")
    salon = stock_salon(env)
    cid = env.ctx.complaints.record(ComplaintDraft(salon.anna, "Kept waiting"), env.actor())
    view = env.ctx.complaints.step(cid, Step(State.ACKNOWLEDGED), env.actor())
    d = StepDialog(env, view, State.RESOLVED)
    qtbot.addWidget(d)
    d.show()
    type_text(qtbot, d.resolution, "Apologised; a voucher")
    d.compensation.setCurrentIndex(d.compensation.findData(Compensation.VOUCHER))
    type_text(qtbot, d.amount, "30")
    before = snapshot(env)
    failing(qtbot, env, kind, lambda: qtbot.keyClick(d.amount, ENTER))
    assert d.isVisible() and EXPECTED_WORDS[kind] in shown(d)
    assert snapshot(env) == before
    assert d.amount.value() == 3000  # what she typed is still there
    qtbot.keyClick(d.amount, ENTER)  # the database is back
    assert not d.isVisible()
    c = env.ctx.complaints.get(cid)
    assert (c.state, c.compensation_cost, c.given.state) == (State.RESOLVED, 3000, "given")


# -- action lists and letters ------------------------------------------------------------


def test_saving_a_letter_template(qtbot, make_env, kind):
    from salon_desktop.domain.letters import LetterKind
    from salon_desktop.services.letters import LetterService
    from salon_desktop.ui.actions.templates_dialog import LetterTemplatesDialog

    env = make_env("en")
    dialog = LetterTemplatesDialog(env, None, LetterKind.APOLOGY)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(env)
    dialog.body.setPlainText("We are sorry, {first_name}.")
    settle(env)
    before = snapshot(env)
    failing(qtbot, env, kind, dialog.save_button.click)
    assert EXPECTED_WORDS[kind] in shown(dialog)
    assert snapshot(env) == before
    assert dialog.body.toPlainText() == "We are sorry, {first_name}."  # what she typed stays
    dialog.save_button.click()
    settle(env)
    assert LetterService(env.ctx).template(LetterKind.APOLOGY, "en").custom


def test_exporting_an_action_list(qtbot, make_env, kind, tmp_path):
    import datetime as dt

    from salon_desktop.domain.action_lists import ListName
    from salon_desktop.ui.actions import ActionsScreen

    env = make_env("en")
    env.ctx.clients.create(
        ClientDraft(first_name="Ann", birth_date=dt.date(1990, 11, 23)), env.actor()
    )
    screen = ActionsScreen(env)
    qtbot.addWidget(screen)
    screen.show()
    screen.choose(ListName.BIRTHDAYS_TODAY)
    settle(env)
    out = tmp_path / "today.csv"
    before = snapshot(env)
    failing(qtbot, env, kind, lambda: screen.export_to(str(out)))
    assert EXPECTED_WORDS[kind] in shown(screen)
    assert snapshot(env) == before
    assert not out.exists() and not list(tmp_path.glob("*.partial"))
    screen.export_to(str(out))
    settle(env)
    assert out.exists()
