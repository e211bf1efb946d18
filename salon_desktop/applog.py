"""The profile's log file: unexpected errors with their tracebacks, rotated.

``setup_logging`` is called once by whoever starts the program (the app, the
command line); nothing is configured at import time.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

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
    for h in list(log.handlers):
        if getattr(h, "_salon_log", False):
            log.removeHandler(h)
            h.close()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
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
    try:
        path.chmod(0o600)
    except OSError:
        pass
    return path
