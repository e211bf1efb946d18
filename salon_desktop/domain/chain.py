"""Hash chains over records (as the French POS certification, NF525, asks).

A record's content is written canonically — JSON with sorted keys, no spaces,
dates and times in ISO form, amounts as integers — and hashed with SHA-256;
each link's hash is the SHA-256 of the previous link's hash and the content's.
Changing, deleting or inserting a record anywhere but at the end, or editing
a link, breaks every hash after it, which a recomputation finds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

GENESIS = "0" * 64  # the "previous hash" of a chain's first link


def canonical_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, dt.datetime):
        # Naive UTC everywhere; to the microsecond, as both databases keep it.
        return value.replace(tzinfo=None).isoformat(timespec="microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, float):
        raise TypeError("money and counts are never floats")
    return str(value)


def canonical(
    record: Mapping[str, Any], children: Mapping[str, Sequence[Mapping[str, Any]]]
) -> str:
    """The canonical text of a record and its child rows (each list in id order)."""
    body = {
        "record": {k: canonical_value(v) for k, v in record.items()},
        "children": {
            name: [{k: canonical_value(v) for k, v in row.items()} for row in rows]
            for name, rows in children.items()
        },
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_hash(
    record: Mapping[str, Any], children: Mapping[str, Sequence[Mapping[str, Any]]] | None = None
) -> str:
    return hashlib.sha256(canonical(record, children or {}).encode("utf-8")).hexdigest()


def link_hash(previous: str, content: str) -> str:
    return hashlib.sha256(f"{previous}:{content}".encode("ascii")).hexdigest()
