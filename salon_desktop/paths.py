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


# The profile holds clients' allergies, notes and photos: only its owner reads it.
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def data_dir_path(arg: str | None = None) -> Path:
    """``--data-dir`` wins, then ``SALON_DATA_DIR``, then the per-user data folder
    (not created: see ``resolve_data_dir``)."""
    raw = arg or os.environ.get("SALON_DATA_DIR")
    return Path(raw).expanduser() if raw else default_data_dir()


def resolve_data_dir(arg: str | None = None) -> Path:
    """The profile folder (``data_dir_path``), created private (0700) if missing."""
    path = data_dir_path(arg)
    make_private_dir(path)
    return path


def make_private_dir(path: Path) -> None:
    """Create the folder ``path`` readable by its owner only (missing parents as
    usual); an existing folder is left as it is."""
    if path.is_dir():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        path.mkdir(mode=PRIVATE_DIR)
    except FileExistsError:
        if not path.is_dir():
            raise
    else:
        path.chmod(PRIVATE_DIR)  # mkdir's mode is cut by the umask; this one is not


def make_private(path: Path) -> None:
    """Make an existing file (or folder) of the profile readable by its owner only."""
    mode = PRIVATE_DIR if path.is_dir() else PRIVATE_FILE
    if path.stat().st_mode & 0o777 != mode:
        path.chmod(mode)


def resolve_db_url(data_dir: Path, arg: str | None = None) -> str:
    """``--db`` wins, then ``SALON_DB_URL``, then SQLite inside the profile."""
    url = arg or os.environ.get("SALON_DB_URL")
    return url or f"sqlite:///{data_dir / 'salon.sqlite3'}"
