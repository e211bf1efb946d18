#!/usr/bin/env bash
# Set up a development / CI machine: system packages (Debian 12), the virtual
# environment in .venv and the project with its test dependencies.
# Idempotent: apt is skipped when every package is already installed.
# Run as root (or with sudo available) on a fresh Debian 12 with Python 3.11.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PACKAGES=(
    # PySide6 offscreen
    libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0 libxkbcommon0
    # a real window under Xvfb
    xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
    libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0
    # printing (Qt's print dialog talks to CUPS) and the PDF preview (QtPdf)
    libcups2 libnss3
    # fonts (Symbola: emoji and symbols Vazirmatn and DejaVu lack, for receipts),
    # translations, the PostgreSQL test server, PDF text extraction
    fonts-noto-core fonts-dejavu-core fonts-symbola gettext postgresql poppler-utils
    # decoding the client cards' QR codes and barcodes in the document tests
    zbar-tools
)

# Debian's own python3 has venv (ensurepip) only with python3-venv installed.
if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
    PACKAGES+=(python3-venv)
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
    status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
    if [[ "$status" != "installed" ]]; then
        missing+=("$pkg")
    fi
done

# Debian's own python3 needs python3-venv for ``python3 -m venv``.
if [[ ! -x .venv/bin/python ]] && ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
    PACKAGES+=(python3-venv)
    missing+=(python3-venv)
fi

if ((${#missing[@]})); then
    SUDO=()
    if [[ "$(id -u)" != 0 ]]; then
        SUDO=(sudo)
    fi
    echo "setup: installing ${missing[*]}" >&2
    "${SUDO[@]}" apt-get update
    DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y --no-install-recommends "${PACKAGES[@]}"
else
    echo "setup: system packages already installed" >&2
fi

if [[ ! -x .venv/bin/python ]]; then
    echo "setup: creating .venv" >&2
    python3 -m venv .venv
fi

# Reinstall only when pyproject.toml changed since the last run (or never ran).
STAMP=.venv/.salon-setup-stamp
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [[ ! -f "$STAMP" || "$(cat "$STAMP")" != "$want" ]] \
        || ! .venv/bin/python -c 'import salon_desktop, pytest, hypothesis, faker' 2>/dev/null; then
    echo "setup: installing the project, the demo extra and the test dependencies into .venv" >&2
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test,demo]'
    echo "$want" >"$STAMP"
else
    echo "setup: .venv is up to date" >&2
fi
echo "setup: done" >&2
