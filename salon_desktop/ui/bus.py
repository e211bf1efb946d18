"""Change notifications: screens call services, then announce what changed here.

Other screens listen and refresh; no screen reaches into another.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class ChangeBus(QObject):
    client_changed = Signal(int)  # a client file was created, edited, archived or merged
    staff_changed = Signal()
    settings_changed = Signal()
    desk_staff_changed = Signal(object)  # the staff id now at the desk, or None
    sale_posted = Signal(int)  # a sale, void or refund was posted (its sale id)
    catalog_changed = Signal()  # services, products, stock or commission rates changed
    till_changed = Signal()  # float, cash in/out or the day's close
    # Requests between screens (the main window routes them):
    checkout_requested = Signal(object)  # open a ticket for this client id (None: walk-in)
    client_file_requested = Signal(int)  # show this client's file
