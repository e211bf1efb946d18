"""The till's choices, as rules on plain data: which service a receptionist means
by what she typed, who does a service line by default, who earns the commission
on a product sold, which staff members perform services at all.

No Qt and no SQL: the screens feed these with what the services read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from salon_desktop.domain.sale import LineDraft, LineKind
from salon_desktop.domain.text import fold

# Roles at the desk or in the office: they sell and take money but do not do the
# services. Folded words (see ``fold``); a role naming any of them is one of these.
DESK_ROLE_WORDS = frozenset(
    {
        # English
        "reception",
        "receptionist",
        "front desk",
        "desk",
        "cashier",
        "accountant",
        "office",
        "admin",
        "administrator",
        # Polish
        "recepcja",
        "recepcjonista",
        "recepcjonistka",
        "kasjer",
        "kasjerka",
        "ksiegowa",
        "ksiegowy",
        "biuro",
        # Persian
        "پذیرش",
        "منشی",
        "صندوقدار",
        "حسابدار",
    }
)


def performs_services(role: str) -> bool:
    """Whether a staff member with this role does services (a stylist, a nail
    technician, a manager who cuts) rather than only working the desk."""
    folded = fold(role)
    if not folded:
        return True  # no role written: the salon has not said she does not
    if folded in DESK_ROLE_WORDS:
        return False
    return not any(word in DESK_ROLE_WORDS for word in folded.replace("-", " ").split())


# -- which service she means ---------------------------------------------------------------

T = TypeVar("T")

WHOLE_WORD, WORD_START, INSIDE, CATEGORY = range(4)
_WORDS = re.compile(r"\W+")


def match_tier(query: str, name: str, category: str = "") -> int | None:
    """How well a folded ``query`` matches a service: it is a whole word of the name
    ("cut" in "Men's cut"), a word of the name starts with it ("cut" in "Cuticle
    care"), it is inside a word ("Haircut"), it is in the category; None: no match.
    Lower is better. Several typed words match as a phrase from a word start."""
    if not query:
        return None
    name, category = fold(name), fold(category)
    words = [w for w in _WORDS.split(name) if w]
    spaced = " " + " ".join(words) + " "
    phrase = " ".join(w for w in _WORDS.split(query) if w)
    if phrase and f" {phrase} " in spaced:
        return WHOLE_WORD
    if phrase and f" {phrase}" in spaced:
        return WORD_START
    if query in name:
        return INSIDE
    if query in category:
        return CATEGORY
    return None


@dataclass(frozen=True)
class ClientHabits:
    """What one client had before: how often each service, and who did it last."""

    counts: Mapping[int, int] = field(default_factory=dict)  # service id -> times
    last_staff: Mapping[int, int] = field(default_factory=dict)  # service id -> staff id


NO_HABITS = ClientHabits()


def rank_services(
    query: str,
    services: Iterable[T],
    key: Callable[[T], tuple[int, str, str]],
    popularity: Mapping[int, int],
    habits: ClientHabits = NO_HABITS,
) -> list[T]:
    """The services matching what was typed, the one she most likely means first:
    by how the words match (a whole word, then the start of a word, then inside a
    word), then what this client had before, then how often the salon sells it,
    then by name. ``key(s)`` gives ``(id, name, category)``."""
    q = fold(query.strip())
    ranked: list[tuple[tuple[int, int, int, str], int, T]] = []
    for i, item in enumerate(services):
        sid, name, category = key(item)
        tier = match_tier(q, name, category)
        if tier is None:
            continue
        order = (tier, -habits.counts.get(sid, 0), -popularity.get(sid, 0), fold(name))
        ranked.append((order, i, item))
    ranked.sort(key=lambda r: (r[0], r[1]))
    return [item for _order, _i, item in ranked]


# -- who does it, who sold it ------------------------------------------------------------------


def service_staff(
    service_id: int | None,
    habits: ClientHabits,
    preferred_id: int | None,
    performers: Iterable[int],
) -> int | None:
    """Who does a service line by default: whoever did this service for the client
    last time, else her preferred staff member; never somebody who does not perform
    services (the receptionist at the desk). None: the receptionist chooses."""
    able = set(performers)
    last = habits.last_staff.get(service_id) if service_id is not None else None
    for sid in (last, preferred_id):
        if sid is not None and sid in able:
            return sid
    return None


def seller(
    lines: Sequence[LineDraft],
    staff: Iterable[int],
    preferred_id: int | None,
    desk_id: int | None,
) -> int | None:
    """Who earns the retail commission on a product added to the ticket: whoever did
    the ticket's last service (they recommended it), else the client's preferred
    staff member, else who is at the desk (she sold it). Only active staff count."""
    active = set(staff)
    for ln in reversed(lines):
        if ln.kind is LineKind.SERVICE and ln.staff_id in active:
            return ln.staff_id
    for sid in (preferred_id, desk_id):
        if sid is not None and sid in active:
            return sid
    return None


def match_staff(text: str, staff: Mapping[int, str]) -> int | None:
    """The staff member a typed name means: the exact name, else the only one whose
    name (or a word of it) starts with the text, else the first such in the list."""
    q = fold(text.strip())
    if not q:
        return None
    starts: list[int] = []
    for sid, name in staff.items():
        folded = fold(name)
        if folded == q:
            return sid
        if folded.startswith(q) or any(w.startswith(q) for w in _WORDS.split(folded)):
            starts.append(sid)
    return starts[0] if starts else None
