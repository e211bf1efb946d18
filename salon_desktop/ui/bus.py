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
