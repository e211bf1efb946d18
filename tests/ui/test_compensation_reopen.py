"""A complaint resolved with a discount on her next visit, the client at the till with
it applied, then the complaint reopened on the complaints screen, as the receptionist
does it: the till drops the discount at once, its header no longer offers it, the
complaint says it was withdrawn (its history too), and the ticket posts at its price."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from salon_desktop.db.models import Sale
from salon_desktop.domain.complaints import Compensation, ComplaintDraft, State, Step
from salon_desktop.domain.sale import LineDraft, LineKind, PaymentDraft, PayMethod, TicketDraft
from salon_desktop.ui.complaints import ComplaintsScreen
from tests.ui.checkout_setup import stock_salon
from tests.ui.helpers import Modal, settle, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
ENTER = Qt.Key.Key_Return


def reactivate(qtbot, window) -> None:
    with qtbot.waitActive(window):
        window.activateWindow()


def test_reopening_the_complaint_takes_her_discount_off_the_open_ticket(qtbot, main_window):
    window = main_window("en")
    env = window.env
    ctx = env.ctx
    salon = stock_salon(env)
    visit = ctx.sales.post(
        TicketDraft(
            client_id=salon.anna,
            lines=[LineDraft(LineKind.SERVICE, "Colour", 12000, 1, 2300, salon.sara, salon.colour)],
            payments=[PaymentDraft(PayMethod.CARD, 12000)],
        ),
        env.actor(),
    )
    cid = ctx.complaints.record(
        ComplaintDraft(salon.anna, "Colour faded in a week", sale_id=visit.sale_id), env.actor()
    )
    ctx.complaints.step(cid, Step(State.ACKNOWLEDGED), env.actor())
    ctx.complaints.step(
        cid,
        Step(
            State.RESOLVED,
            resolution="20 % off her next visit",
            compensation=Compensation.NEXT_VISIT_DISCOUNT,
            compensation_percent_bp=2000,
        ),
        env.actor(),
    )

    # She is at the till: her ticket has the discount.
    screen = window.checkout
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    qtbot.keyClick(screen.entry, Qt.Key.Key_F3)
    type_text(qtbot, screen.picker.edit, "Nowak")
    qtbot.keyClick(screen.picker.edit, ENTER)
    type_text(qtbot, screen.entry, "hairc")
    qtbot.keyClick(screen.entry, ENTER)
    bar = screen.header.benefits
    assert bar.isVisible() and screen.totals().total == 3600

    # Meanwhile the manager reopens the complaint: Reopen, a note, Enter.
    w = ComplaintsScreen(env)
    qtbot.addWidget(w)
    w.resize(1024, 700)
    w.show()
    w.state.setCurrentIndex(w.state.findData("all"))
    settle(env)
    assert w.step_buttons[State.IN_PROGRESS].text() == "Reopen"

    def note(d):
        type_text(qtbot, d.note, "She called: faded again")
        qtbot.keyClick(d.note, ENTER)

    m = Modal(note)
    w.step_buttons[State.IN_PROGRESS].click()
    m.check()
    settle(env)
    c = ctx.complaints.get(cid)
    assert (c.state, c.compensation, c.given.state) == (
        State.IN_PROGRESS,
        Compensation.NONE,
        "withdrawn",
    )
    assert "Withdrawn unused when the complaint was reopened." in w.summary.text()
    history = [w.history.item(i).text() for i in range(w.history.count())]
    assert history[-1].endswith(
        "She called: faded again\nWithdrawn, not used: the discount on her next visit."
    )
    w.close()

    # The till no longer gives it: the discount is off her ticket, the header is empty.
    settle(env)
    assert screen.ticket.discount is None and screen.ticket.benefit_id is None
    assert not bar.isVisible() and screen.totals().total == 4500
    assert ctx.tickets.load(screen.ticket.uuid).benefit_id is None

    def pay(dialog):
        type_text(qtbot, dialog.cash, "45")
        qtbot.keyClick(dialog.cash, ENTER)

    reactivate(qtbot, window)
    m = Modal(pay)
    qtbot.keyClick(screen.entry, Qt.Key.Key_F12)
    m.check()
    settle(env)
    with ctx.engine.connect() as conn:
        sale = conn.execute(select(Sale).where(Sale.id != visit.sale_id)).one()
    assert (sale.total, sale.discount, sale.discount_reason) == (4500, 0, "")
    assert ctx.complaints.get(cid).compensation_cost == 0
