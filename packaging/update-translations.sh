#!/usr/bin/env bash
# Extract every marked string into translations/salon_desktop.pot, merge it into
# the Polish and Persian catalogs, and compile them. Run after changing strings,
# then translate what `msgattrib --untranslated` lists and run this again.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
$PY -m babel.messages.frontend extract -F packaging/babel.cfg \
    -k _ -k N_ -k ngettext:1,2 -k pgettext:1c,2 \
    --no-location --sort-output --project "Salon Desktop" --version 0.1 -o translations/salon_desktop.pot salon_desktop
for lang in pl fa; do
    po=translations/$lang/LC_MESSAGES/salon_desktop.po
    if [[ -f $po ]]; then
        $PY -m babel.messages.frontend update -i translations/salon_desktop.pot -d translations \
            -D salon_desktop -l "$lang" --no-fuzzy-matching --ignore-obsolete
    else
        $PY -m babel.messages.frontend init -i translations/salon_desktop.pot -d translations \
            -D salon_desktop -l "$lang"
    fi
done
$PY -m babel.messages.frontend compile -d translations -D salon_desktop --statistics
