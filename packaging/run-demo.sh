#!/usr/bin/env bash
# Set up (packaging/setup.sh) and start Salon Desktop on a demo profile.
#   packaging/run-demo.sh [PROFILE_DIR] [LANGUAGE]     (LANGUAGE: en, pl or fa; default en)
# A new profile is first filled with a demo salon: 300 clients, 3 years of visits and sales.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PROFILE="${1:-$HOME/SalonDesktop-demo}"
LANGUAGE="${2:-en}"
bash packaging/setup.sh
if [[ ! -e "$PROFILE/salon.sqlite3" ]]; then
    .venv/bin/salon-desktop --data-dir "$PROFILE" demo --clients 300 --language "$LANGUAGE"
fi
if [[ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
    echo "run-demo: no display; starting on a virtual screen (Xvfb :99)" >&2
    Xvfb :99 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
    export DISPLAY=:99
    sleep 1
fi
exec .venv/bin/salon-desktop --data-dir "$PROFILE"
