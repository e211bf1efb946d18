"""Per-PC preferences in ``desk.json`` inside the profile folder.

Who is working at this desk belongs to the PC, not to the salon's database
(several PCs may share one PostgreSQL database). The file also caches the
salon's language and name so the window can be drawn, in the right language
and direction, before the database layer is even imported. Standard library
only: this module is on the start-up path.
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class DeskPrefs:
    desk_staff_id: int | None = None
    language: str | None = None  # cached from the salon settings
    salon_name: str = ""  # cached from the salon settings
    # The UUID of the last ticket this desk sent for posting, written before the
    # post: after a crash or restart the checkout says whether it went through.
    last_sale_uuid: str = ""
    # How the screens were laid out on this PC: the window's place and size, the
    # splitters' and the table columns' sizes, by a name of the widget. Integers only.
    layout: dict[str, list[int]] = field(default_factory=dict)


class DeskPrefsStore:
    def __init__(self, data_dir: Path):
        self._path = data_dir / "desk.json"

    def load(self) -> DeskPrefs:
        try:
            raw = json.loads(self._path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return DeskPrefs()
        if not isinstance(raw, dict):
            return DeskPrefs()
        staff = raw.get("desk_staff_id")
        language = raw.get("language")
        name = raw.get("salon_name")
        last = raw.get("last_sale_uuid")
        return DeskPrefs(
            staff if _is_int(staff) else None,
            language if isinstance(language, str) else None,
            name if isinstance(name, str) else "",
            last if isinstance(last, str) else "",
            _layout(raw.get("layout")),
        )

    def save(self, prefs: DeskPrefs) -> None:
        tmp = self._path.with_suffix(".tmp")
        data = json.dumps(dataclasses.asdict(prefs), ensure_ascii=False).encode("utf-8")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # the profile's owner only
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o600)  # an older .tmp left behind keeps its mode through O_CREAT
        tmp.replace(self._path)

    def update(self, **changes) -> DeskPrefs:
        prefs = dataclasses.replace(self.load(), **changes)
        self.save(prefs)
        return prefs


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _layout(raw: object) -> dict[str, list[int]]:
    """The saved layout, keeping only entries of the expected shape (a file edited
    by hand or by an older version never stops the window from opening)."""
    if not isinstance(raw, dict):
        return {}
    return {
        key: list(value)
        for key, value in raw.items()
        if isinstance(key, str)
        and isinstance(value, list)
        and len(value) <= 64
        and all(_is_int(v) and abs(v) < 100_000 for v in value)
    }
