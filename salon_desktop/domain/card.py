"""What a client card's QR code and barcode say, and how a scan is recognised.

The payload is ``sdc`` ("Salon Desktop client") and the client number, at least six
digits: ``sdc000123``. It can never be a product's barcode: EAN, UPC and the
salon's own shelf codes are digits only, and the till looks for a card before it
looks at the catalog. Lower-case letters, because a barcode scanner types them
as plain key presses (no Shift), and every scanner types Enter after it.

A scanner types *keys*: with a Persian keyboard layout switched on, the same keys
give ``سیز`` and Persian digits (``سیز۰۰۰۱۲۳``); Caps Lock gives ``SDC``. All of
these are read as the same card. Spaces a scanner or a person adds are ignored.
"""

from __future__ import annotations

import re

from salon_desktop.domain.text import ascii_digits

PREFIX = "sdc"
WIDTH = 6  # digits at least; longer numbers keep all their digits

# The keys s, d, c on the Persian (ISIRI 9147 and the older Windows) layout, with
# the Arabic letter form a layout may give for ی.
_PREFIXES = ("sdc", "سیز", "سيز")
_PAYLOAD = re.compile("^(?:" + "|".join(_PREFIXES) + r")([0-9]{1,12})$")


def card_payload(number: int) -> str:
    """The text of the card's QR code and Code 128 barcode."""
    if number < 0:
        raise ValueError("a client number is not negative")
    return f"{PREFIX}{number:0{WIDTH}d}"


def parse_card(text: str) -> int | None:
    """The client number of a scanned or typed card payload, or None if ``text`` is
    not one (any other search or product code)."""
    if not text:
        return None
    folded = ascii_digits(text).strip().lower().replace(" ", "")
    match = _PAYLOAD.match(folded)
    return int(match.group(1)) if match else None
