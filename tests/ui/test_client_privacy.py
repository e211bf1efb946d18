"""A client's data exported and her file erased from the client file's Print menu,
as the desk does it: the file dialog, the client number typed, a manager's PIN
when the receptionist may not; then the list, the search and the database."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox
from sqlalchemy import text

from salon_desktop.domain.permissions import Action, Role
from salon_desktop.ui.clients.file.privacy import EraseClientDialog
from salon_desktop.ui.clients.page import ClientsPage
from salon_desktop.ui.login.pin_dialog import ApproveDialog
from tests.ui.checkout_setup import stock_salon
from tests.ui.conftest import TODAY
from tests.ui.helpers import Modal, type_text
from tests.ui.sales_data import post

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def page(qtbot, make_env):
    def factory(language: str = "en"):
        env = make_env(language)
        salon = stock_salon(env)
        ctx = env.ctx
        sale = post(ctx, TODAY, salon.anna, [ctx.catalog.get_service(salon.cut)], salon.sara)
        w = ClientsPage(env)
        qtbot.addWidget(w)
        w.resize(1024, 700)
        w.show()
        w.open_client(salon.anna)
        return env, w, salon, sale

    return factory


def db(env, sql: str, **params):
    with env.ctx.engine.connect() as conn:
        return conn.execute(text(sql), params).all()


def names_in_list(w: ClientsPage) -> list[str]:
    m = w.list.model
    return [m.index(r, m.COL_NAME).data() for r in range(m.rowCount())]


def test_erase_from_the_file_gone_from_list_and_search_sales_kept(qtbot, page):
    env, w, salon, sale = page()
    number = env.ctx.clients.get(salon.anna).number
    assert "Anna Nowak" in names_in_list(w)

    def erase(dialog):
        assert isinstance(dialog, EraseClientDialog)
        assert "Removed:" in dialog.findChild(QLabel, "eraseRemoved").text()
        assert "Kept, without her name" in dialog.findChild(QLabel, "eraseKept").text()
        assert not dialog.erase_button.isEnabled()
        type_text(qtbot, dialog.number_edit, str(number + 1))  # not hers
        assert not dialog.erase_button.isEnabled()
        qtbot.keyClick(dialog.number_edit, Qt.Key.Key_Return)
        assert dialog.error.isVisible()
        assert env.ctx.clients.get(salon.anna).draft.last_name == "Nowak"
        dialog.number_edit.clear()
        type_text(qtbot, dialog.number_edit, str(number))
        assert dialog.erase_button.isEnabled()
        qtbot.mouseClick(dialog.erase_button, LEFT)
        qtbot.waitUntil(lambda: not dialog.isVisible())

    closed = []
    w.file.closed.connect(lambda: closed.append(True))
    modal = Modal(erase)
    w.file.privacy.erase_action.trigger()
    modal.check()
    assert closed
    env.ops.wait()
    assert w.stack.currentWidget() is w.list  # back on the list
    qtbot.waitUntil(lambda: "Anna Nowak" not in names_in_list(w))
    assert env.ctx.search.search("Anna").rows == []
    assert env.ctx.search.search("Nowak").rows == []
    # the sale is kept, pointing to the emptied file
    assert db(env, "SELECT client_id, total FROM sales WHERE id = :s", s=sale.sale_id)[0][0] == (
        salon.anna
    )
    row = db(
        env, "SELECT first_name, last_name, allergies FROM clients WHERE id = :c", c=salon.anna
    )
    assert tuple(row[0]) == ("—", "", "")
    assert db(env, "SELECT staff_id FROM audit_log WHERE entity='client' AND action='erase'") == [
        (env.actor(),)
    ]


def test_a_receptionist_erases_with_a_managers_pin(qtbot, page):
    env, w, salon, _sale = page("fa")
    ctx = env.ctx
    owner = ctx.accounts.create_owner("Olga", "9753").id
    manager = ctx.staff.add("Mehri", "", owner, access=Role.MANAGER, pin="8642").id
    assert not ctx.accounts.may(env.actor(), Action.ERASE_CLIENT)  # the receptionist
    number = ctx.clients.get(salon.anna).number

    def approve(dialog):
        assert isinstance(dialog, ApproveDialog)
        dialog.who.setCurrentIndex(dialog.who.findData(manager))
        type_text(qtbot, dialog.pin, "8642")
        qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not dialog.isVisible())

    def erase(dialog):
        assert isinstance(dialog, EraseClientDialog)
        type_text(qtbot, dialog.number_edit, env.fmt.client_number(number))  # Persian digits
        inner = Modal(approve)
        qtbot.mouseClick(dialog.erase_button, LEFT)
        inner.check()
        qtbot.waitUntil(lambda: not dialog.isVisible())

    modal = Modal(erase)
    w.file.privacy.erase_action.trigger()
    modal.check()
    env.ops.wait()
    assert ctx.clients.get(salon.anna).draft.first_name == "—"
    assert db(env, "SELECT staff_id FROM audit_log WHERE entity='client' AND action='erase'") == [
        (manager,)
    ]


def test_a_cancelled_managers_pin_erases_nothing(qtbot, page):
    env, w, salon, _sale = page()
    ctx = env.ctx
    owner = ctx.accounts.create_owner("Olga", "9753").id
    ctx.staff.add("Mehri", "", owner, access=Role.MANAGER, pin="8642")
    number = ctx.clients.get(salon.anna).number

    def erase(dialog):
        type_text(qtbot, dialog.number_edit, str(number))
        inner = Modal(lambda d: d.reject())
        qtbot.mouseClick(dialog.erase_button, LEFT)
        inner.check()
        assert dialog.isVisible()  # still asking

    modal = Modal(erase)
    w.file.privacy.erase_action.trigger()
    modal.check()
    env.ops.wait()
    assert ctx.clients.get(salon.anna).draft.last_name == "Nowak"
    assert w.stack.currentWidget() is w.file


def test_export_from_the_file_writes_the_pdf_and_the_json(qtbot, page, tmp_path):
    env, w, salon, _sale = page("pl")

    def save(dialog):
        assert dialog.defaultSuffix() == "pdf"
        assert "Anna Nowak" in dialog.selectedFiles()[0]
        dialog.setDirectory(str(tmp_path))
        dialog.selectFile(str(tmp_path / "anna.pdf"))
        dialog.accept()

    told = []

    def info(box):
        assert isinstance(box, QMessageBox)
        told.append(box.text())
        box.accept()

    modal = Modal(save)
    w.file.privacy.export_action.trigger()
    modal.check()
    second = Modal(info)
    env.ops.wait()
    second.check()
    assert "anna.pdf" in told[0] and "anna.json" in told[0]
    assert (tmp_path / "anna.pdf").read_bytes().startswith(b"%PDF")
    data = json.loads((tmp_path / "anna.json").read_text(encoding="utf-8"))
    assert data["client"]["last_name"] == "Nowak" and data["visits"]
    formats = [
        json.loads(d)["format"]
        for (d,) in db(env, "SELECT detail FROM audit_log WHERE entity='export' ORDER BY id")
    ]
    assert formats == ["json", "pdf"]
