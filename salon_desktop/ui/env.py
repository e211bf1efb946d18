"""What every screen gets: the services, the formatter, the change bus, the desk."""

from __future__ import annotations

from dataclasses import dataclass, field

from salon_desktop.i18n.formatting import Formatter
from salon_desktop.services.context import AppContext
from salon_desktop.ui.bus import ChangeBus


@dataclass
class UiEnv:
    ctx: AppContext
    fmt: Formatter
    bus: ChangeBus = field(default_factory=ChangeBus)
    desk_staff_id: int | None = None

    def actor(self) -> int | None:
        """The staff member working at the desk: every change is recorded as theirs."""
        return self.desk_staff_id

    @property
    def region(self) -> str:
        return self.ctx.salon.phone_region
