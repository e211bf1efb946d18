"""Writing a command's output file: whole or not at all, and a sentence when it fails."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from salon_desktop.i18n import _


def write_out(out: Path, data: bytes) -> bool:
    """Write ``data`` to ``out`` through a temporary file beside it (never a half-written
    file); False, with the reason said on stderr, when it cannot be written."""
    tmp = out.with_name(f".{out.name}.partial")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, out)
    except OSError as exc:
        with contextlib.suppress(OSError):  # there may be no folder to remove it from
            tmp.unlink(missing_ok=True)
        print(
            _("Cannot write {file}: {reason}").format(file=out, reason=exc.strerror or exc),
            file=sys.stderr,
        )
        return False
    return True
