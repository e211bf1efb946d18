"""The profile's log file: unexpected errors with their tracebacks, rotated.

``setup_logging`` is called once by whoever starts the program (the app, the
command line); nothing is configured at import time.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from salon_desktop.paths import PRIVATE_FILE, make_private_dir

LOG_NAME = "salon-desktop.log"
MAX_BYTES = 1_000_000
BACKUPS = 5

log = logging.getLogger("salon_desktop")


def log_path(data_dir: Path) -> Path:
    return data_dir / "logs" / LOG_NAME


def setup_logging(data_dir: Path, level: int = logging.INFO) -> Path | None:
    """Log to ``<profile>/logs/salon-desktop.log`` (kept to 5 files of 1 MB).

    Returns the log file's path, or None when the folder cannot be written (a
    read-only profile must not stop the program from telling the user why).
    """
    path = log_path(data_dir)
    close_logging()
    try:
        make_private_dir(data_dir)
        make_private_dir(path.parent)
        handler = _PrivateRotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError:
        return None
    handler._salon_log = True  # type: ignore[attr-defined]
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s")
    )
    log.addHandler(handler)
    log.setLevel(level)
    return path


def close_logging() -> None:
    """Stop logging to the profile (the command line, once its command is done)."""
    for h in list(log.handlers):
        if getattr(h, "_salon_log", False):
            log.removeHandler(h)
            h.close()


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Every log file (the first and each one started on rotation) is 0600."""

    def _open(self):
        stream = super()._open()
        try:
            os.chmod(self.baseFilename, PRIVATE_FILE)
        except OSError:
            pass
        return stream
