"""Change notifications: operations publish what they changed here.

``publish(changes)`` is called by the operations layer (``ui.operations``) after
every write, and by the change feed for writes made on other desks; screens
listen to ``changed`` (or the older, narrower signals it fans out to) and
refresh themselves. No screen reaches into another.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from salon_desktop.services.changes import Changes


class ChangeBus(QObject):
    changed = Signal(object)  # a Changes value: what one write (here or elsewhere) changed
    client_changed = Signal(int)  # a client file was created, edited, archived or merged
    clients_changed = Signal()  # many client files at once (import, merge, demo)
    staff_changed = Signal()
    settings_changed = Signal()
    desk_staff_changed = Signal(object)  # the staff id now at the desk, or None
    sale_posted = Signal(int)  # a sale, void or refund was posted (its sale id; 0: some)
    tickets_changed = Signal()  # open tickets saved, parked or discarded
    catalog_changed = Signal()  # services, products, stock or commission rates changed
    till_changed = Signal()  # float, cash in/out or the day's close
    feedback_changed = Signal()  # complaints or surveys
    scores_changed = Signal()  # the clients' scores were computed again (a refit)
    # Requests between screens (the main window routes them):
    checkout_requested = Signal(object)  # open a ticket for this client id (None: walk-in)
    client_file_requested = Signal(int)  # show this client's file
    page_requested = Signal(str)  # show this page (its title in PAGES, untranslated)

    initiator: object | None = None  # while publishing: the widget whose operation it was

    def publish(self, changes: Changes, initiator: object | None = None) -> None:
        """Tell every screen what changed; ``changed`` first, then the narrow signals.

        ``initiator`` is the widget the user acted in (it has shown the result
        already); ``initiated_by`` lets a screen skip refreshing for its own write.
        """
        if not changes:
            return
        previous, self.initiator = self.initiator, initiator
        try:
            self._fan_out(changes)
        finally:
            self.initiator = previous

    def initiated_by(self, widget: QObject) -> bool:
        """True while publishing a change made from ``widget`` or anything inside it
        (its dialogs included)."""
        node = self.initiator
        while isinstance(node, QObject):
            if node is widget:
                return True
            node = node.parent()
        return False

    def _fan_out(self, changes: Changes) -> None:
        self.changed.emit(changes)
        for client_id in sorted(changes.clients):
            self.client_changed.emit(client_id)
        if changes.all_clients:
            self.clients_changed.emit()
        for sale_id in sorted(changes.sales):
            self.sale_posted.emit(sale_id)
        if changes.all_sales and not changes.sales:
            self.sale_posted.emit(0)  # some sales, which ones not known
        if changes.tickets:
            self.tickets_changed.emit()
        if changes.catalog:
            self.catalog_changed.emit()
        if changes.till:
            self.till_changed.emit()
        if changes.staff:
            self.staff_changed.emit()
        if changes.settings:
            self.settings_changed.emit()
        if changes.feedback:
            self.feedback_changed.emit()
        if changes.scores:
            self.scores_changed.emit()
