"""domain.text: search folding and digit scripts."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from salon_desktop.domain.text import ascii_digits, fold, looks_like_phone, only_digits

PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
ASCII = "0123456789"
SCRIPTS = (ASCII, PERSIAN, ARABIC_INDIC)

# Arabic letter forms and the Persian letters they stand for.
ARABIC_TO_PERSIAN = {
    "ي": "ی",
    "ى": "ی",
    "ك": "ک",
    "ة": "ه",
    "ۀ": "ه",
    "أ": "ا",
    "إ": "ا",
    "ٱ": "ا",
    "ؤ": "و",
}

arabic_persian_text = st.text(
    st.one_of(
        st.sampled_from(sorted(set(ARABIC_TO_PERSIAN) | set(ARABIC_TO_PERSIAN.values()))),
        st.sampled_from("مریمعلرضاحسنی \u200c\u200f"),
    ),
    max_size=40,
)


@given(st.text())
@example("ℂlara")  # decomposes to a capital letter
@example("ᴬᴮ")
@example("ﷺ")
@example("ϒ")
@example("Ǆ")
def test_fold_is_idempotent(s):
    assert fold(fold(s)) == fold(s)


@given(st.text())
def test_fold_has_no_case_no_marks_no_extra_spaces(s):
    f = fold(s)
    assert f == f.casefold()
    assert f == f.strip()
    assert "  " not in f
    for invisible in "\u200c\u200d\u200e\u200f\ufeff\u00ad\u202e":
        assert invisible not in f


@given(arabic_persian_text)
def test_arabic_letter_forms_fold_like_persian(s):
    persian = s.translate(str.maketrans(ARABIC_TO_PERSIAN))
    assert fold(s) == fold(persian)
    assert not set(fold(s)) & {"ي", "ى", "ك"}


@given(st.lists(st.integers(0, 9), max_size=20), st.sampled_from(SCRIPTS), st.sampled_from(SCRIPTS))
def test_digits_in_any_script_fold_alike(digits, script_a, script_b):
    a = "".join(script_a[d] for d in digits)
    b = "".join(script_b[d] for d in digits)
    assert fold(a) == fold(b) == "".join(ASCII[d] for d in digits)
    assert ascii_digits(a) == only_digits(b) == "".join(ASCII[d] for d in digits)


@pytest.mark.parametrize(
    "raw, folded",
    [
        ("Żółw", "zolw"),
        ("ŁUCJA Ćwierć", "lucja cwierc"),
        ("  Anna   Maria  ", "anna maria"),
        ("علي كريمي", "علی کریمی"),
        ("احمدی\u200cنژاد", "احمدینژاد"),
        ("\u200fمریم\u200e", "مریم"),
        ("Straße", "strasse"),
        ("Ｚｏｌｗ", "zolw"),
        ("Søren Ærø", "soren aero"),
        ("كـتـاب", "کتاب"),  # tatweel dropped
        ("۱۲۳ ٤٥٦", "123 456"),
    ],
)
def test_fold_examples(raw, folded):
    assert fold(raw) == folded


@pytest.mark.parametrize(
    "query, phone",
    [
        ("0912 345", True),
        ("۰۹۱۲", True),
        ("+48 (601) 234-567", True),
        ("1", True),
        ("٠٩١٢.٣٤٥", True),
        ("anna", False),
        ("a1", False),
        ("+", False),
        ("", False),
        ("  ", False),
        ("12ab", False),
    ],
)
def test_looks_like_phone(query, phone):
    assert looks_like_phone(query) is phone


@given(st.text())
def test_only_digits_keeps_only_ascii_digits(s):
    out = only_digits(s)
    assert set(out) <= set(ASCII)
    assert len(out) == sum(ch in ASCII + PERSIAN + ARABIC_INDIC for ch in s)


def _fold_slowly(text: str) -> str:
    """``fold`` without its shortcut for ASCII text (the general path)."""
    import unicodedata

    from salon_desktop.domain.text import _FOLD_TABLE

    text = text.translate(_FOLD_TABLE)
    for _ in range(2):
        text = unicodedata.normalize("NFKD", text.casefold())
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        text = text.translate(_FOLD_TABLE)
    return " ".join(text.split())


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_the_ascii_shortcut_of_fold_folds_as_the_general_path(text):
    assert fold(text) == _fold_slowly(text)


@given(st.text())
def test_only_digits_keeps_the_ascii_digits_of_any_script(text):
    assert only_digits(text) == "".join(ch for ch in ascii_digits(text) if "0" <= ch <= "9")
