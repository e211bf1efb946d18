"""The checkout: ring up a ticket (services with their staff, products by name or
barcode, vouchers, payments into the account), discounts with a reason, live
totals, then take the money and post.

Every change to the ticket is saved at once as an open ticket (``ctx.tickets``):
a crash loses nothing and every desk sees the tickets parked on the left, one
per client in the salon. Switching tickets parks the current one.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from salon_desktop.domain.checkout import NO_HABITS, performs_services
from salon_desktop.domain.sale import LineKind, TicketDraft, TicketTotals, check_lines, compute
from salon_desktop.domain.validation import Errors
from salon_desktop.i18n import _
from salon_desktop.i18n.formatting import isolate
from salon_desktop.services.changes import Changes
from salon_desktop.services.sales import Posted
from salon_desktop.ui.checkout.actions import TicketEditor
from salon_desktop.ui.checkout.banners import PostedBanner, RestartBanner
from salon_desktop.ui.checkout.client_header import ClientHeader
from salon_desktop.ui.checkout.entry import ItemEntry
from salon_desktop.ui.checkout.open_tickets import OpenTicketsModel
from salon_desktop.ui.checkout.payment_dialog import PaymentDialog
from salon_desktop.ui.checkout.recent_sales import RecentSales
from salon_desktop.ui.checkout.ticket_model import StaffDelegate, TicketModel
from salon_desktop.ui.checkout.tools import ActionRow, LeftPanel, TotalsPanel
from salon_desktop.ui.env import UiEnv
from salon_desktop.ui.operations import Write
from salon_desktop.ui.till.open_dialog import ensure_till_open
from salon_desktop.ui.widgets.forms import ErrorLabel, error_text


class CheckoutScreen(QWidget):
    def __init__(self, env: UiEnv, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("checkoutScreen")
        self.env = env
        self.staff: dict[int, str] = {}

        self.restart_banner = RestartBanner(env, self)
        self.restart_banner.open_ticket.connect(self.switch_to)
        self.posted_banner = PostedBanner(env, self)
        self.posted_banner.print_receipt.connect(self.print_receipt)
        self.posted_banner.print_voucher.connect(self.print_voucher)

        # -- the ticket: its lines (the model holds the ticket) and what edits them ----------
        self.model = TicketModel(env, self)
        self.model.edited.connect(self._changed)
        self.table = QTableView(self)
        self.table.setObjectName("ticketLines")
        self.table.setModel(self.model)
        self.staff_delegate = StaffDelegate(self.model, self)
        self.staff_delegate.closeEditor.connect(self._staff_chosen)
        self._back_to_entry = False  # F2 from the entry field: typing goes on there after
        self.table.setItemDelegateForColumn(TicketModel.COL_STAFF, self.staff_delegate)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setAlternatingRowColors(True)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(TicketModel.COL_ITEM, QHeaderView.ResizeMode.Stretch)
        self.table.installEventFilter(self)
        self.header = ClientHeader(env, self)
        self.header.file_requested.connect(env.bus.client_file_requested.emit)
        self.header.benefits.changed.connect(self._changed)
        self.message = ErrorLabel(self)
        self.message.setObjectName("ticketMessage")
        self.editor = TicketEditor(
            env, self.model, self.table, self.header, self.message, self, self._changed
        )
        self._habits_of: int | None = None  # the client whose habits the editor knows
        self.header.benefits.line_wanted.connect(self.editor.add_line)

        # -- left: open tickets and today's sales --------------------------------------
        self.open_model = OpenTicketsModel(env, self)
        self.recent = RecentSales(env, self)
        self.recent.corrected.connect(self._corrected)
        self.tabs = LeftPanel(
            env, self.open_model, self.recent, self.new_ticket, self.discard_ticket, self
        )
        self.picker = self.tabs.picker
        self.picker.client_picked.connect(self._client_picked)
        self.open_table = self.tabs.open_table
        self.open_table.activated.connect(
            lambda i: self.switch_to(i.data(OpenTicketsModel.UuidRole))
        )
        self.open_table.clicked.connect(lambda i: self.switch_to(i.data(OpenTicketsModel.UuidRole)))

        # -- right: the ticket ----------------------------------------------------------
        self.entry = ItemEntry(env, self)
        self.entry.service_chosen.connect(self.editor.add_service)
        self.entry.product_chosen.connect(self.editor.add_product)
        self.entry.not_found.connect(
            lambda t: self.message.show_error(
                _("Nothing in the price list or on the shelf matches “{text}”.").format(
                    text=isolate(t)
                )
            )
        )
        self.entry.step.connect(self.editor.change_qty)
        self.entry.client_scanned.connect(self._client_picked)  # a client card
        self.entry.card_unknown.connect(
            lambda t: self.message.show_error(
                _("No client file in use has the card “{text}”.").format(text=isolate(t))
            )
        )
        self.action_row = ActionRow(
            self.editor.repeat_last_visit,
            self.sell_voucher,
            self.pay_into_account,
            self.editor.line_discount,
            self.editor.ticket_discount,
            self.editor.remove_line,
        )
        self.repeat_button = self.action_row.repeat_button
        self.voucher_button = self.action_row.voucher_button
        self.account_button = self.action_row.account_button
        self.totals_panel = TotalsPanel(env, self.pay)
        self.subtotal_value = self.totals_panel.subtotal_value
        self.discount_value = self.totals_panel.discount_value
        self.tax_value = self.totals_panel.tax_value
        self.total_value = self.totals_panel.total_value
        self.pay_button = self.totals_panel.pay_button

        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.header)
        entry_row = QHBoxLayout()
        entry_label = QLabel(_("&Add:"))
        entry_label.setBuddy(self.entry)
        entry_row.addWidget(entry_label)
        entry_row.addWidget(self.entry, 1)
        rl.addLayout(entry_row)
        rl.addWidget(self.table, 1)
        rl.addLayout(self.action_row)
        rl.addWidget(self.message)
        rl.addLayout(self.totals_panel)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.tabs)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([300, 800])
        root = QVBoxLayout(self)
        root.setContentsMargins(4, 4, 4, 4)
        root.addWidget(self.restart_banner)
        root.addWidget(self.posted_banner)
        root.addWidget(split, 1)
        self._shortcuts()

        env.bus.catalog_changed.connect(self.entry.reload)
        env.bus.staff_changed.connect(self._load_staff)
        env.bus.client_changed.connect(self._client_changed)
        env.bus.sale_posted.connect(lambda _id: self.recent.refresh())
        env.bus.tickets_changed.connect(self._tickets_changed)
        env.bus.settings_changed.connect(self._refresh_totals)
        self._load_staff()
        self.open_model.refresh()
        self.recent.refresh()
        self._show_ticket()

    @property
    def ticket(self) -> TicketDraft:
        """The ticket on screen (held by the lines' model)."""
        return self.model.ticket

    @ticket.setter
    def ticket(self, ticket: TicketDraft) -> None:
        cfg = self.env.ctx.salon
        self.model.set_ticket(ticket, compute(ticket, cfg.currency, cfg.net_pricing))

    def _shortcuts(self) -> None:
        ctx = Qt.ShortcutContext.WidgetWithChildrenShortcut
        keys = [
            ("Ctrl+T", self.new_ticket),
            ("F12", self.pay),
            ("Ctrl+Return", self.pay),
            ("Ctrl+Enter", self.pay),
            ("Ctrl+D", self.editor.line_discount),
            ("Ctrl+Shift+D", self.editor.ticket_discount),
            ("Ctrl+R", self.editor.repeat_last_visit),
            ("Ctrl+G", self.sell_voucher),
            ("Ctrl+Shift+A", self.pay_into_account),
            ("Ctrl+P", self._print_last),
            ("F2", self.change_staff),
            ("F3", self.focus_client),
            ("F4", self.focus_sales),
            ("Ctrl+PgDown", lambda: self.cycle(1)),
            ("Ctrl+PgUp", lambda: self.cycle(-1)),
            ("Ctrl+Shift+K", self.record_complaint),
            ("Ctrl+Shift+B", self.header.benefits.act_first),
        ]
        for key, slot in keys:
            QShortcut(QKeySequence(key), self, slot, context=ctx)

    def record_complaint(self):
        """Ctrl+Shift+K: a complaint of the ticket's client (the recording dialog)."""
        if self.ticket.client_id is None:
            self.message.show_error(_("Choose the client who complains first (F3)."))
            return None
        return self.header.complaints.record()

    def _print_last(self) -> None:
        if self.posted_banner.sale_id:
            self.print_receipt(self.posted_banner.sale_id)

    # -- public ----------------------------------------------------------------------------
    def start(self, client_id: int | None) -> None:
        """The client's open ticket if there is one, else a new ticket (None: walk-in)."""
        if client_id is not None:
            for row in self.env.ctx.tickets.list():
                if row.client_id == client_id and row.uuid != self.ticket.uuid:
                    self.switch_to(row.uuid)
                    return
            if self.ticket.client_id == client_id:
                self.entry.setFocus()
                return
        if not self.ticket.lines and self.ticket.client_id is None:
            self.ticket.client_id = client_id  # the empty walk-in ticket becomes theirs
        else:
            self.ticket = TicketDraft(client_id=client_id)
        self._show_ticket()
        self._save()

    def confirm_leave(self) -> bool:
        return True  # every change is already saved as an open ticket

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt naming
        super().showEvent(event)
        self._load_staff()
        self.entry.reload_popularity()
        self.open_model.refresh()
        self._select_open()
        self.entry.setFocus()

    # -- the ticket on screen -------------------------------------------------------------
    def totals(self) -> TicketTotals:
        return self.editor.totals()

    def _load_staff(self) -> None:
        members = self.env.ctx.staff.list()
        self.staff = {m.id: m.name for m in members}
        self.model.set_staff(self.staff, {m.id for m in members if performs_services(m.role)})

    def _load_habits(self) -> None:
        """What the ticket's client had before: the first match when typing and the
        staff member of a service line follow it."""
        client_id = self.ticket.client_id
        if client_id == self._habits_of:
            return
        self._habits_of = client_id
        habits = self.env.ctx.habits.client(client_id) if client_id is not None else NO_HABITS
        self.editor.habits = habits
        self.entry.set_habits(habits)

    def _show_ticket(self) -> None:
        self.header.set_client(self.ticket.client_id)
        if self.header.benefits.show_for(self.ticket):  # her complaint's discount, applied
            self._save()
        self._load_habits()
        self.model.set_ticket(self.ticket, self.totals())
        self.message.clear_error()
        self.open_model.set_current(self.ticket.uuid)
        self._select_open()
        self._refresh_totals()
        self.entry.setFocus()

    def _refresh_totals(self) -> None:
        t = self.totals()
        self.model.set_totals(t)
        self.totals_panel.show_totals(self.ticket, t)
        self.action_row.enable(self.ticket)
        self.header.benefits.redraw()

    def _select_open(self) -> None:
        row = self.open_model.row_of(self.ticket.uuid)
        sel = self.open_table.selectionModel()
        if row < 0:
            sel.clearSelection()
            return
        sel.setCurrentIndex(
            self.open_model.index(row, 0), sel.SelectionFlag.ClearAndSelect | sel.SelectionFlag.Rows
        )

    def _label(self) -> str:
        return self.header.name if self.ticket.client_id is not None else ""

    def _save(self) -> None:
        """Keep the ticket in the database as soon as it is somebody's or has lines.

        A save that fails keeps the ticket on screen and says why; the next change
        (or switching tickets) saves it again."""
        ticket, label = self.ticket, self._label()
        if ticket.lines or ticket.client_id is not None:
            call = lambda ctx: ctx.tickets.save(ticket, label)  # noqa: E731
        else:  # an emptied walk-in ticket is nobody's: off the list
            call = lambda ctx: ctx.tickets.discard(ticket.uuid)  # noqa: E731
        Write(self.env, self, call, changes=Changes(tickets=True)).message_to(self.message).run()
        self.open_model.refresh()
        self.open_model.set_current(self.ticket.uuid)
        self._select_open()

    def _changed(self) -> None:
        self.message.clear_error()
        self._refresh_totals()
        self._save()

    # -- lines (what does not open a dialog is the editor's alone) ------------------------
    def sell_voucher(self) -> None:
        self.editor.sell_voucher()
        self.entry.setFocus()

    def pay_into_account(self) -> None:
        self.editor.pay_into_account()
        self.entry.setFocus()

    def change_staff(self) -> None:
        """F2: type the name of who did the chosen line (else the last line)."""
        from_entry = self.entry.hasFocus()
        if not self.editor.change_staff():
            self.entry.setFocus()
            return
        self._back_to_entry = from_entry

    def _staff_chosen(self) -> None:
        if self._back_to_entry:
            self._back_to_entry = False
            self.entry.setFocus()

    # -- tickets -----------------------------------------------------------------------------------
    def new_ticket(self) -> None:
        if self.ticket.lines or self.ticket.client_id is not None:
            self.ticket = TicketDraft()
            self._show_ticket()
        self.entry.setFocus()

    def switch_to(self, uuid: str) -> None:
        if uuid == self.ticket.uuid:
            return
        ticket = self.env.ctx.tickets.load(uuid)
        if ticket is None:
            self.open_model.refresh()
            self.message.show_error(_("That ticket was posted or discarded meanwhile."))
            return
        self.ticket = ticket
        self._show_ticket()

    def cycle(self, step: int) -> None:
        rows = self.open_model.rows
        if rows:
            i = self.open_model.row_of(self.ticket.uuid)
            self.switch_to(rows[(i + step) % len(rows)].uuid)

    def discard_ticket(self) -> None:
        if (
            self.ticket.lines
            and QMessageBox.question(
                self,
                _("Discard ticket"),
                _("Throw away this ticket and its lines? Nothing has been paid."),
            )
            != QMessageBox.StandardButton.Yes
        ):
            return
        uuid = self.ticket.uuid
        op = Write(
            self.env, self, lambda ctx: ctx.tickets.discard(uuid), changes=Changes(tickets=True)
        )
        op.message_to(self.message).run()
        if not op.succeeded:
            return
        self.ticket = TicketDraft()
        self.open_model.refresh()
        self._show_ticket()

    def focus_client(self) -> None:
        self.tabs.setCurrentIndex(LeftPanel.TICKETS)
        self.picker.setFocus()
        self.picker.edit.selectAll()

    def focus_sales(self) -> None:
        """F4: today's sales, the keyboard on the list (Enter reprints, Ctrl+Shift+V voids,
        Ctrl+Shift+F refunds)."""
        self.tabs.setCurrentIndex(LeftPanel.SALES)
        self.recent.focus_list()

    def _client_picked(self, client_id: int) -> None:
        """A client chosen at the till. A walk-in ticket already rung up becomes theirs
        ("and your name?") unless they have a ticket open already."""
        self.picker.clear()
        theirs = any(r.client_id == client_id for r in self.env.ctx.tickets.list())
        if self.ticket.client_id is None and self.ticket.lines and not theirs:
            self.ticket.client_id = client_id
            self._show_ticket()
            self._save()
            self.open_model.refresh()
            self.entry.setFocus()
            return
        self.start(client_id)

    def _tickets_changed(self) -> None:
        """Tickets parked, saved or posted on another desk show in the list."""
        if not self.env.bus.initiated_by(self):
            self.open_model.refresh()
            self._select_open()

    def _client_changed(self, client_id: int) -> None:
        """The client's name or balance changed elsewhere: the header and the ticket's
        label follow (not when the change was this screen's own sale)."""
        if client_id == self.ticket.client_id and not self.env.bus.initiated_by(self):
            self.header.set_client(client_id)
            self._save()

    # -- paying --------------------------------------------------------------------------------------
    def pay(self) -> None:
        if not self.ticket.lines:
            self.message.show_error(_("The ticket is empty: add a service or a product."))
            return
        errors = Errors()
        check_lines(self.ticket, self.env.ctx.salon.currency, errors)
        if errors.errors:
            e = errors.errors[0]
            name, _sep, rest = e.field.partition(".")
            text = error_text(e, self.env.fmt)
            if name == "lines" and rest.isdigit():
                text = _("Line {number}: {problem}").format(
                    number=self.env.fmt.integer(int(rest) + 1), problem=text
                )
                self.editor.select_line(int(rest), TicketModel.COL_STAFF)
                self.table.setFocus()
            self.message.show_error(text)
            return
        if not ensure_till_open(self.env, self):  # closed: the float of a new session first
            self.entry.setFocus()
            return
        balance = self.header.balance if self.ticket.client_id is not None else None
        dialog = PaymentDialog(
            self.env, self.ticket, self.header.name or _("Walk-in"), balance, self.staff, self
        )
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        posted = dialog.posted if accepted else None
        dialog.deleteLater()
        if posted is None:
            self._save()
            self.entry.setFocus()
            return
        vouchers = [ln.voucher_code for ln in self.ticket.lines if ln.kind is LineKind.VOUCHER]
        self.posted_banner.show_posted(posted, vouchers)
        self._habits_of = None  # what she had now includes this sale
        self.entry.reload_popularity()
        self.ticket = TicketDraft()
        self.open_model.refresh()
        self._show_ticket()
        if self.isVisible():
            self.window().activateWindow()
        self.entry.setFocus()

    def _corrected(self, posted: Posted) -> None:
        self.posted_banner.show_posted(posted, [], _("Correction {number} posted ({amount})"))

    def print_receipt(self, sale_id: int) -> None:
        from salon_desktop.ui.checkout.receipts import show_receipt

        show_receipt(self.env, sale_id, parent=self)

    def print_voucher(self, code: str) -> None:
        from salon_desktop.ui.checkout.receipts import show_voucher

        show_voucher(self.env, code, parent=self)

    # -- keys in the table --------------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt naming
        if (
            obj is self.table
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and self.table.state() != QAbstractItemView.State.EditingState
        ):
            key = event.key()
            if key == Qt.Key.Key_Delete:
                self.editor.remove_line()
                return True
            if event.text() in ("+", "-"):
                self.editor.change_qty(1 if event.text() == "+" else -1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                i = self.table.currentIndex()
                if i.isValid() and self.model.flags(i) & Qt.ItemFlag.ItemIsEditable:
                    self.table.edit(i)
                    return True
        return super().eventFilter(obj, event)
