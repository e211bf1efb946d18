"""Where a profile lives. One place, with an environment override."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "SalonDesktop"
PACKAGE_ROOT = Path(__file__).resolve().parent
SOURCE_ROOT = PACKAGE_ROOT.parent
RESOURCES = SOURCE_ROOT / "resources"


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(arg: str | None = None) -> Path:
    """``--data-dir`` wins, then ``SALON_DATA_DIR``, then the per-user data folder."""
    raw = arg or os.environ.get("SALON_DATA_DIR")
    path = Path(raw).expanduser() if raw else default_data_dir()
    path.mkdir(parents=True, exist_ok=True)
    return path


def resolve_db_url(data_dir: Path, arg: str | None = None) -> str:
    """``--db`` wins, then ``SALON_DB_URL``, then SQLite inside the profile."""
    url = arg or os.environ.get("SALON_DB_URL")
    return url or f"sqlite:///{data_dir / 'salon.sqlite3'}"
