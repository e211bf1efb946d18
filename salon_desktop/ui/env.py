"""What every screen gets: the services, the formatter, the change bus, the
operations runner, the desk."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from salon_desktop.i18n.formatting import Formatter
from salon_desktop.services.context import AppContext
from salon_desktop.ui.bus import ChangeBus

if TYPE_CHECKING:
    from salon_desktop.services.staff import StaffMember
    from salon_desktop.ui.feed import DeskFeed
    from salon_desktop.ui.operations import Operations


@dataclass
class UiEnv:
    ctx: AppContext
    fmt: Formatter
    bus: ChangeBus = field(default_factory=ChangeBus)
    desk_staff_id: int | None = None
    _ops: Operations | None = field(default=None, init=False, repr=False)
    _feed: DeskFeed | None = field(default=None, init=False, repr=False)
    # Sessions left open on an earlier day this desk said "Not now" to (ui.till.left_open).
    left_open_seen: set[int] = field(default_factory=set, init=False, repr=False)
    _staff: list[StaffMember] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.bus.staff_changed.connect(self._forget_staff)

    def staff_list(self) -> list[StaffMember]:
        """Every staff member, former ones too (``StaffService.list``), read once and
        again after the staff change (here or at another desk): opening a client file
        fills two staff lists, which would otherwise read the table each time."""
        if self._staff is None:
            self._staff = self.ctx.staff.list(include_inactive=True)
        return self._staff

    def _forget_staff(self) -> None:
        self._staff = None

    def actor(self) -> int | None:
        """The staff member working at the desk: every change is recorded as theirs."""
        return self.desk_staff_id

    @property
    def ops(self) -> Operations:
        """The runner of this window's writes and slow reads (``ui.operations``)."""
        if self._ops is None:
            from salon_desktop.ui.operations import Operations

            self._ops = Operations(self, self.bus)
        return self._ops

    def start_feed(self) -> DeskFeed:
        """From now on, what other desks and windows change reaches this bus."""
        if self._feed is None:
            from salon_desktop.ui.feed import DeskFeed

            self._feed = DeskFeed(self, self.bus)
        return self._feed

    def stop_feed(self) -> None:
        if self._feed is not None:
            self._feed.stop()
            self._feed = None

    def restart_feed(self) -> None:
        """A running feed read afresh (after a restore replaced the change log)."""
        if self._feed is not None:
            self.stop_feed()
            self.start_feed()

    @property
    def region(self) -> str:
        return self.ctx.salon.phone_region
