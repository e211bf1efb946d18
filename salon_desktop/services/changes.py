"""What a write changed: the value every operation returns and every screen reacts to.

Services and the operations layer describe a write by a ``Changes`` value; the
UI's change bus publishes it, and each screen refreshes what it shows of it.
Changes made on another PC or in another window of the same profile arrive as
the same value with ``remote=True`` (see ``services.change_feed``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields


@dataclass(frozen=True)
class Changes:
    clients: frozenset[int] = field(default_factory=frozenset)  # client files created/edited
    all_clients: bool = False  # many client files (an import, a merge, the demo)
    sales: frozenset[int] = field(default_factory=frozenset)  # sales, voids and refunds posted
    all_sales: bool = False  # sales posted, which ones not known (another desk reconnecting)
    tickets: bool = False  # open tickets saved, parked or discarded
    catalog: bool = False  # services, products, stock, commission rates
    till: bool = False  # float, cash in/out, the close of a cash session
    staff: bool = False
    settings: bool = False
    feedback: bool = False  # complaints and surveys
    scores: bool = False  # every client's category, value and strategy computed again
    remote: bool = False  # made by another desk or window

    @classmethod
    def of(
        cls, *, clients: Iterable[int] = (), sales: Iterable[int] = (), **flags: bool
    ) -> Changes:
        return cls(clients=frozenset(clients), sales=frozenset(sales), **flags)

    def __or__(self, other: Changes) -> Changes:
        kw: dict[str, object] = {}
        for f in fields(self):
            a, b = getattr(self, f.name), getattr(other, f.name)
            kw[f.name] = (a | b) if isinstance(a, frozenset) else (a or b)
        kw["remote"] = self.remote and other.remote
        return Changes(**kw)  # type: ignore[arg-type]

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self) if f.name != "remote")

    def as_remote(self) -> Changes:
        from dataclasses import replace

        return replace(self, remote=True)


NOTHING = Changes()
