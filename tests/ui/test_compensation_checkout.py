"""A complaint resolved with a discount on the next visit, then that visit at the
till, as the receptionist does it: resolve it on the complaints screen (20 %), open
the checkout for the client, see the discount in her header applied to the ticket,
leave it for later and take it again, post; the sale and the complaint are checked
in the database, and the next ticket no longer offers it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from salon_desktop.db.models import Sale, SaleLine
from salon_desktop.domain.complaints import Compensation, ComplaintDraft, State, Step
from salon_desktop.domain.sale import LineDraft, LineKind, PaymentDraft, PayMethod, TicketDraft
from salon_desktop.ui.complaints import ComplaintsScreen
from tests.ui.checkout_setup import stock_salon
from tests.ui.helpers import Modal, settle, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
ENTER = Qt.Key.Key_Return


def reactivate(qtbot, window) -> None:
    with qtbot.waitActive(window):
        window.activateWindow()


def clean(text: str) -> str:
    return "".join(ch for ch in text if ch not in "\u2066\u2067\u2068\u2069")


def test_a_next_visit_discount_from_the_complaint_to_the_till(qtbot, main_window):
    window = main_window("en")
    env = window.env
    ctx = env.ctx
    salon = stock_salon(env)
    # Her colour last week (posted today for the test), and her complaint of it.
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
    number = ctx.complaints.get(cid).number

    # The complaints screen: Resolve…, a discount on the next visit of 20 %.
    w = ComplaintsScreen(env)
    qtbot.addWidget(w)
    w.resize(1024, 700)
    w.show()
    settle(env)

    def resolve(d):
        type_text(qtbot, d.resolution, "Apologised; 20 % off her next visit")
        d.compensation.setCurrentIndex(d.compensation.findData(Compensation.NEXT_VISIT_DISCOUNT))
        assert d.percent.isVisible() and not d.amount.isVisible()
        type_text(qtbot, d.percent, "20")
        qtbot.keyClick(d.percent, ENTER)

    m = Modal(resolve)
    w.step_buttons[State.RESOLVED].click()
    m.check()
    settle(env)
    c = ctx.complaints.get(cid)
    assert (c.state, c.compensation, c.compensation_cost) == (
        State.RESOLVED,
        Compensation.NEXT_VISIT_DISCOUNT,
        0,
    )
    w.state.setCurrentIndex(w.state.findData("all"))  # resolved: not among the open ones
    settle(env)
    assert "Waiting for her next ticket at the till" in w.summary.text()
    w.close()

    # The till: F3, her name, Enter. Her header says what the complaint left her, and
    # the ticket has it as its discount.
    reactivate(qtbot, window)
    screen = window.checkout
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    qtbot.keyClick(screen.entry, Qt.Key.Key_F3)
    type_text(qtbot, screen.picker.edit, "Nowak")
    qtbot.keyClick(screen.picker.edit, ENTER)
    bar = screen.header.benefits
    assert bar.isVisible()
    [(label, button)] = bar.rows
    pct = env.fmt.percent(2000)
    assert clean(label.text()) == f"Complaint CMPL-{number}: {pct} off this visit, applied."
    assert button.text() == "Leave for later"
    type_text(qtbot, screen.entry, "hairc")
    qtbot.keyClick(screen.entry, ENTER)
    assert screen.totals().total == 3600
    assert screen.discount_value.text() == "£9.00"

    # Left for later, then taken again with Ctrl+Shift+B.
    button.click()
    assert screen.totals().total == 4500 and screen.ticket.discount is None
    [(label, button)] = bar.rows
    assert button.text() == "Apply" and "until" in label.text()
    assert ctx.tickets.load(screen.ticket.uuid).benefits_left == [bar.benefits[0].id]
    qtbot.keyClick(screen.entry, Qt.Key.Key_B, CTRL_SHIFT)
    assert screen.totals().total == 3600
    assert ctx.tickets.load(screen.ticket.uuid).benefit_id == bar.benefits[0].id

    # F12, cash 36.00, Enter posts.
    def pay(dialog):
        type_text(qtbot, dialog.cash, "36")
        qtbot.keyClick(dialog.cash, ENTER)

    reactivate(qtbot, window)
    m = Modal(pay)
    qtbot.keyClick(screen.entry, Qt.Key.Key_F12)
    m.check()
    settle(env)
    with ctx.engine.connect() as conn:
        sale = conn.execute(select(Sale).where(Sale.id != visit.sale_id)).one()
        [line] = conn.execute(select(SaleLine).where(SaleLine.sale_id == sale.id)).all()
    assert (sale.total, sale.discount, sale.discount_reason) == (
        3600,
        900,
        f"Complaint CMPL-{number}",
    )
    assert (line.description, line.ticket_discount) == ("Haircut", 900)
    c = ctx.complaints.get(cid)
    assert c.compensation_cost == 900
    given = ctx.complaints.compensation(cid)
    assert (given.state, given.sale_id) == ("given", sale.id)
    # The fresh ticket for her offers nothing more.
    qtbot.keyClick(screen.entry, Qt.Key.Key_F3)
    type_text(qtbot, screen.picker.edit, "Nowak")
    qtbot.keyClick(screen.picker.edit, ENTER)
    assert screen.ticket.client_id == salon.anna
    assert not bar.isVisible() and screen.ticket.discount is None


def test_a_free_redo_is_added_from_her_header_and_posted_at_zero(qtbot, main_window):
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
    line = ctx.reader.get(visit.sale_id).lines[0].id
    cid = ctx.complaints.record(
        ComplaintDraft(salon.anna, "Patchy", sale_id=visit.sale_id, sale_line_id=line), env.actor()
    )
    ctx.complaints.step(cid, Step(State.ACKNOWLEDGED), env.actor())
    ctx.complaints.step(
        cid,
        Step(State.RESOLVED, resolution="Redo offered", compensation=Compensation.REDO),
        env.actor(),
    )
    number = ctx.complaints.get(cid).number

    screen = window.checkout
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    qtbot.keyClick(screen.entry, Qt.Key.Key_F3)
    type_text(qtbot, screen.picker.edit, "Nowak")
    qtbot.keyClick(screen.picker.edit, ENTER)
    bar = screen.header.benefits
    [(label, button)] = bar.rows
    assert clean(label.text()).startswith(f"Complaint CMPL-{number}: a free Colour, until ")
    assert screen.ticket.discount is None  # a redo is not a discount: nothing applied
    qtbot.keyClick(screen.entry, Qt.Key.Key_B, CTRL_SHIFT)  # Add
    [redo] = screen.ticket.lines
    assert (redo.description, redo.staff_id, screen.totals().total) == ("Colour", salon.sara, 0)
    [(label, button)] = bar.rows
    assert "on this ticket" in label.text() and not button.isVisible()
    type_text(qtbot, screen.entry, "hairc")
    qtbot.keyClick(screen.entry, ENTER)
    assert screen.totals().total == 4500

    def pay(dialog):
        type_text(qtbot, dialog.cash, "45")
        qtbot.keyClick(dialog.cash, ENTER)

    reactivate(qtbot, window)
    m = Modal(pay)
    qtbot.keyClick(screen.entry, Qt.Key.Key_F12)
    m.check()
    settle(env)
    given = ctx.complaints.compensation(cid)
    assert given.state == "given"
    sale = ctx.reader.get(given.sale_id)
    assert [(ln.description, ln.total, ln.discount_reason) for ln in sale.lines] == [
        ("Colour", 0, f"Complaint CMPL-{number}"),
        ("Haircut", 4500, ""),
    ]
    assert ctx.complaints.get(cid).compensation_cost == 12000
    assert not bar.isVisible()
