"""What a complaint left the client in the checkout's client header: a next-visit
discount (applied to her ticket at once, unless the receptionist leaves it for a
later visit) or a free redo (added as a line when she has it). Posting the ticket
gives it, once (``services.compensations``).

Ctrl+Shift+B does the first one's button: leave the discount for later, apply it
again, add the redo.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from salon_desktop.domain.complaints import Compensation
from salon_desktop.domain.sale import LineDraft, TicketDraft
from salon_desktop.i18n import _
from salon_desktop.i18n.formatting import isolate
from salon_desktop.services.compensations import Benefit
from salon_desktop.ui.env import UiEnv

BENEFIT_KEY = "Ctrl+Shift+B"


def apply_discount(ticket: TicketDraft, b: Benefit) -> None:
    """The benefit becomes the ticket's discount (replacing one typed by hand)."""
    ticket.discount = b.discount()
    ticket.benefit_id = b.id
    if b.id in ticket.benefits_left:
        ticket.benefits_left.remove(b.id)


def leave_for_later(ticket: TicketDraft, b: Benefit) -> None:
    if ticket.benefit_id == b.id:
        ticket.benefit_id = None
        ticket.discount = None
    if b.id not in ticket.benefits_left:
        ticket.benefits_left.append(b.id)


def offer(ticket: TicketDraft, benefits: list[Benefit]) -> bool:
    """Apply the first next-visit discount not left for later, when the ticket has no
    discount of its own; forget one that is no longer pending. True: it changed."""
    pending = {b.id for b in benefits}
    changed = False
    if ticket.benefit_id is not None and ticket.benefit_id not in pending:
        ticket.benefit_id = None  # given on another desk meanwhile, or no longer valid
        ticket.discount = None
        changed = True
    if ticket.benefit_id is None and ticket.discount is None:
        for b in benefits:
            if b.kind is Compensation.NEXT_VISIT_DISCOUNT and b.id not in ticket.benefits_left:
                apply_discount(ticket, b)
                return True
    return changed


class BenefitsBar(QFrame):
    changed = Signal()  # the ticket's discount changed (the screen recomputes and saves)
    line_wanted = Signal(object)  # a LineDraft to add (the free redo)

    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("benefitsBar")
        self.setStyleSheet(
            "QFrame#benefitsBar { background: #e8f5e9; border-radius: 4px; }"
            "QFrame#benefitsBar QLabel { color: #1b5e20; }"
        )
        self.env = env
        self.ticket: TicketDraft | None = None
        self.benefits: list[Benefit] = []
        self.rows: list[tuple[QLabel, QPushButton]] = []
        self._lay = QVBoxLayout(self)
        self._lay.setContentsMargins(10, 4, 10, 4)
        self._lay.setSpacing(2)
        self.setVisible(False)
        env.bus.feedback_changed.connect(self._reload)

    def _reload(self) -> None:
        """A complaint was resolved (here or on another desk): offer what it left."""
        if self.ticket is not None and self.show_for(self.ticket):
            self.changed.emit()

    def show_for(self, ticket: TicketDraft) -> bool:
        """Read the client's pending compensations and offer them on ``ticket``; True
        when the ticket changed (a discount applied or dropped)."""
        self.ticket = ticket
        cid = ticket.client_id
        self.benefits = self.env.ctx.complaints.pending_benefits(cid) if cid is not None else []
        changed = offer(ticket, self.benefits)
        self.redraw()
        return changed

    def redraw(self) -> None:
        """Show what each benefit is and its button, as the ticket now stands."""
        for label, button in self.rows:
            label.deleteLater()
            button.deleteLater()
        while self._lay.count():
            self._lay.takeAt(0)
        self.rows = []
        t = self.ticket
        if t is None:
            self.setVisible(False)
            return
        fmt = self.env.fmt
        for b in self.benefits:
            until = fmt.date(b.valid_until) if b.valid_until else ""
            if b.kind is Compensation.NEXT_VISIT_DISCOUNT:
                pct = fmt.percent(b.percent_bp)
                if t.benefit_id == b.id:
                    text = _("Complaint {ref}: {percent} off this visit, applied.")
                    action = _("Leave for later")
                else:
                    text = _("Complaint {ref}: {percent} off a visit, until {day}.")
                    action = _("Apply")
                text = text.format(ref=isolate(b.ref), percent=pct, day=until)
            else:
                on_ticket = any(ln.benefit_id == b.id for ln in t.lines)
                text = (
                    _("Complaint {ref}: a free {service}, on this ticket.")
                    if on_ticket
                    else _("Complaint {ref}: a free {service}, until {day}.")
                ).format(ref=isolate(b.ref), service=isolate(b.description), day=until)
                action = "" if on_ticket else _("Add")
            label = QLabel(text, self)
            label.setObjectName("benefitText")
            label.setWordWrap(True)
            button = QPushButton(action, self)
            button.setObjectName("benefitButton")
            button.setToolTip(_("Or press {key}").format(key=BENEFIT_KEY))
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setVisible(bool(action))
            button.clicked.connect(lambda _c=False, benefit=b: self.act(benefit))
            row = QHBoxLayout()
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(label, 1)
            row.addWidget(button)
            self._lay.addLayout(row)
            self.rows.append((label, button))
        self.setVisible(bool(self.benefits))

    def act_first(self) -> None:
        """Ctrl+Shift+B: the first benefit's button."""
        if self.benefits:
            self.act(self.benefits[0])

    def act(self, b: Benefit) -> None:
        t = self.ticket
        if t is None:
            return
        if b.kind is Compensation.NEXT_VISIT_DISCOUNT:
            if t.benefit_id == b.id:
                leave_for_later(t, b)
            else:
                apply_discount(t, b)
            self.changed.emit()
        elif not any(ln.benefit_id == b.id for ln in t.lines):
            line: LineDraft = b.redo_line()
            self.line_wanted.emit(line)
        self.redraw()
