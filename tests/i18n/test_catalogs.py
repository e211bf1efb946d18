"""The Polish and Persian catalogs hold every string of the program, translated."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from salon_desktop import i18n

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
PLACEHOLDER = re.compile(r"\{[a-z_0-9]*\}")


def source_messages() -> set[str]:
    ids = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(
        str(ROOT / "salon_desktop"), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        ids.add(message if isinstance(message, str) else message[0])
    return ids


def catalog(lang: str):
    with open(ROOT / "translations" / lang / "LC_MESSAGES" / "salon_desktop.po", "rb") as f:
        return read_po(f, locale=lang)


@pytest.mark.parametrize("lang", ["pl", "fa"])
def test_every_source_string_is_translated(lang):
    cat = catalog(lang)
    missing = []
    for msgid in sorted(source_messages()):
        msg = cat.get(msgid)
        strings = (
            [] if msg is None else (msg.string if isinstance(msg.string, tuple) else [msg.string])
        )
        if msg is None or msg.fuzzy or not all(strings):
            missing.append(msgid)
    assert not missing, f"{lang}: {len(missing)} untranslated, e.g. {missing[:10]}"


@pytest.mark.parametrize("lang", ["pl", "fa"])
def test_translations_keep_their_placeholders(lang):
    cat = catalog(lang)
    for msg in cat:
        if not msg.id:
            continue
        ids = msg.id if isinstance(msg.id, tuple) else (msg.id,)
        strings = msg.string if isinstance(msg.string, tuple) else (msg.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for form, s in enumerate(strings):
            found = set(PLACEHOLDER.findall(s))
            if form == 0 and len(ids) > 1 and cat.num_plurals > 1:
                # The form for exactly one may say "one" instead of {n}.
                assert found <= wanted, (lang, msg.id, s)
            else:
                assert found == wanted, (lang, msg.id, s)


@pytest.mark.parametrize("lang", ["pl", "fa"])
def test_compiled_catalog_matches_source(lang):
    folder = ROOT / "translations" / lang / "LC_MESSAGES"
    with open(folder / "salon_desktop.mo", "rb") as f:
        mo = read_mo(f)
    po = catalog(lang)

    def pairs(cat):
        def key(v):
            return tuple(v) if isinstance(v, (list, tuple)) else v

        return {key(m.id): key(m.string) for m in cat if m.id and not m.fuzzy}

    po_pairs, mo_pairs = pairs(po), pairs(mo)
    assert len(po_pairs) > 150
    assert mo_pairs == po_pairs, "run packaging/update-translations.sh"


def test_polish_plurals_use_three_forms():
    cat = catalog("pl")
    assert cat.num_plurals == 3
    i18n.set_language("pl")
    try:
        forms = {n: i18n.ngettext("{n} client", "{n} clients", n) for n in (1, 2, 5, 22, 25, 112)}
    finally:
        i18n.set_language("en")
    assert forms[1] != forms[2] != forms[5]
    assert forms[2] == forms[22]  # 2, 3, 4, 22…: one form
    assert forms[5] == forms[25] == forms[112]  # 5…21, 25, 112: another


def test_the_checker_notices_a_missing_string(tmp_path):
    assert "This field is required." in source_messages()
    cat = catalog("pl")
    assert cat.get("a string no catalog has") is None
