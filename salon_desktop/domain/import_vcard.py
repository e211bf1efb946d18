"""Contacts exported from a phone (vCard 2.1, 3.0 and 4.0, any number per file)
read into the same table of cells a CSV file gives, so that the preview, the
errors and the import treat both alike.

vobject parses the cards (folded lines, escapes, quoted-printable with its
CHARSET); before it does, the soft line breaks of quoted-printable values (a
line ending in ``=``, as vCard 2.1 writes long names and notes) are joined,
which vobject does not do itself.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from salon_desktop.domain.import_presets import Target
from salon_desktop.i18n import N_


class VCardError(ValueError):
    def __init__(self, message: str, **params):
        self.message, self.params = message, params
        super().__init__(message.format(**params) if params else message)


@dataclass(frozen=True)
class Card:
    line: int  # where the card begins in the file
    full_name: str
    last_name: str
    first_name: str
    mobiles: list[str]
    phones: list[str]
    emails: list[str]
    birthday: str
    address: str
    note: str
    categories: list[str]


_QP = re.compile(r"^[^:]*quoted-printable[^:]*:", re.IGNORECASE)


def join_soft_breaks(text: str) -> str:
    """Join the quoted-printable soft line breaks of vCard 2.1 values."""
    out: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if _QP.match(line):
            while line.endswith("=") and i + 1 < len(lines):
                i += 1
                line = line[:-1] + lines[i]
        out.append(line)
        i += 1
    return "\r\n".join(out) + "\r\n"


def looks_like_vcard(text: str) -> bool:
    return text.lstrip("\ufeff \r\n\t").upper().startswith("BEGIN:VCARD")


def _text(value) -> str:
    if isinstance(value, list):
        value = " ".join(str(v) for v in value)
    return " ".join(str(value or "").split()) if not isinstance(value, str) else value.strip()


def _types(prop) -> set[str]:
    out = {t.upper() for t in prop.params.get("TYPE", []) for t in str(t).split(",")}
    out |= {str(t).upper() for t in getattr(prop, "singletonparams", [])}
    return out


def _tel(value: str) -> str:
    value = value.strip()
    return value[4:] if value.lower().startswith("tel:") else value


def _birthday(value) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    s = str(value).strip()
    m = re.match(r"^(\d{4})(\d{2})(\d{2})(?:T.*)?$", s)
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else s


def _address(value) -> str:
    parts = []
    for name in ("box", "extended", "street", "code", "city", "region", "country"):
        part = _text(getattr(value, name, ""))
        if part:
            parts.append(part)
    return ", ".join(parts) if parts else _text(value)


def read_cards(text: str) -> list[Card]:
    """Every contact of a vCard file, or VCardError naming the one that cannot be read."""
    import vobject

    starts = [
        i + 1 for i, ln in enumerate(text.splitlines()) if ln.upper().startswith("BEGIN:VCARD")
    ]
    cards: list[Card] = []
    try:
        for n, comp in enumerate(
            vobject.readComponents(join_soft_breaks(text), ignoreUnreadable=False)
        ):
            if comp.name.upper() != "VCARD":
                continue
            c: dict[str, Any] = comp.contents
            line = starts[n] if n < len(starts) else 0
            first = last = ""
            if "n" in c:
                name = c["n"][0].value
                first = " ".join(p for p in (_text(name.given), _text(name.additional)) if p)
                last = _text(name.family)
            mobiles: list[str] = []
            phones: list[str] = []
            for tel in c.get("tel", []):
                (mobiles if _types(tel) & {"CELL", "MOBILE"} else phones).append(
                    _tel(str(tel.value))
                )
            cards.append(
                Card(
                    line=line,
                    full_name=_text(c["fn"][0].value) if "fn" in c else "",
                    last_name=last,
                    first_name=first,
                    mobiles=mobiles,
                    phones=phones,
                    emails=[_text(e.value) for e in c.get("email", [])],
                    birthday=_birthday(c["bday"][0].value) if "bday" in c else "",
                    address="; ".join(_address(a.value) for a in c.get("adr", [])),
                    note="\n".join(str(x.value).strip() for x in c.get("note", [])),
                    categories=[
                        str(v).strip()
                        for cat in c.get("categories", [])
                        for v in (cat.value if isinstance(cat.value, list) else [cat.value])
                        if str(v).strip()
                    ],
                )
            )
    except VCardError:
        raise
    except Exception as exc:  # vobject.ParseError and the decoding errors of a damaged card
        where = getattr(exc, "lineNumber", None)
        raise VCardError(
            N_("Contact number {n} cannot be read (line {line}): the file is damaged."),
            n=len(cards) + 1,
            line=where or (starts[len(cards)] if len(cards) < len(starts) else "?"),
        ) from exc
    return cards


# The columns of the table a vCard file becomes (N_() ids: shown translated).
H_FULL = N_("Name")
H_LAST = N_("Last name")
H_FIRST = N_("First name")
H_MOBILE = N_("Mobile {n}")
H_PHONE = N_("Phone {n}")
H_EMAIL = N_("E-mail")
H_BDAY = N_("Birthday")
H_ADDRESS = N_("Address")
H_NOTE = N_("Note")
H_CATEGORIES = N_("Groups")


def cards_table(
    cards: list[Card], translate=lambda s: s
) -> tuple[list[str], list[list[str]], list[int], tuple[Target, ...]]:
    """Headers, rows, the line where each contact starts, and the mapping."""
    n_mobile = max((len(c.mobiles) for c in cards), default=0)
    n_phone = max((len(c.phones) for c in cards), default=0)
    headers = [translate(H_FULL), translate(H_LAST), translate(H_FIRST)]
    mapping = [Target.FULL_NAME, Target.LAST_NAME, Target.FIRST_NAME]
    headers += [translate(H_MOBILE).format(n=i + 1) for i in range(n_mobile)]
    mapping += [Target.MOBILE] * n_mobile
    headers += [translate(H_PHONE).format(n=i + 1) for i in range(n_phone)]
    mapping += [Target.PHONE] * n_phone
    headers += [translate(h) for h in (H_EMAIL, H_BDAY, H_ADDRESS, H_NOTE, H_CATEGORIES)]
    mapping += [Target.EMAIL, Target.BIRTH_DATE, Target.ADDRESS, Target.NOTES, Target.TAGS]
    rows = []
    for c in cards:
        row = [c.full_name, c.last_name, c.first_name]
        row += c.mobiles + [""] * (n_mobile - len(c.mobiles))
        row += c.phones + [""] * (n_phone - len(c.phones))
        row += [", ".join(c.emails), c.birthday, c.address, c.note, ", ".join(c.categories)]
        rows.append(row)
    return headers, rows, [c.line for c in cards], tuple(mapping)
