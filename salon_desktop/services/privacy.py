"""Only the profile's owner may read it: clients' allergies, notes and photos are in it.

New folders are made 0700 and files 0600 where they are written (database,
photos, logo, desk preferences, logs); ``secure_profile`` runs at every opening
and also tightens a profile made by an older version, once, file by file.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from salon_desktop.paths import PRIVATE_DIR, make_private

log = logging.getLogger("salon_desktop.privacy")

SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def secure_profile(folder: Path, db_path: Path | None) -> None:
    """The folder 0700, the database file and its journals 0600; when the folder
    could be read by others (an older version made it), every file in it too.

    Never fails the opening: a folder that cannot be changed (another owner, a
    read-only disk) is logged and left as it is.
    """
    try:
        st = folder.stat()
        if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
            log.warning(
                "profile %s belongs to another user; its modes are left as they are", folder
            )
            return
        legacy = bool(st.st_mode & 0o077)
        if legacy:
            folder.chmod(PRIVATE_DIR)
            for path in _tree(folder):
                make_private(path)
            log.info("profile %s was readable by others: made private", folder)
        if db_path is not None:
            for path in (db_path, *(Path(f"{db_path}{s}") for s in SQLITE_COMPANIONS)):
                if path.exists():
                    make_private(path)
    except OSError as exc:
        log.warning("could not make the profile %s private: %s", folder, exc)


def _tree(folder: Path):
    for root, dirs, files in os.walk(folder):
        for name in (*dirs, *files):
            path = Path(root) / name
            if not path.is_symlink():
                yield path
