"""Persian text for ReportLab: shaping, bidi order, mirroring, and wrapping before reordering."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from salon_desktop.documents import fonts, rtl
from salon_desktop.i18n.formatting import Formatter

FONT = fonts.font()
SENTENCE = (
    "امروز مشتری عزیز ما برای کوتاهی مو و رنگ کردن موهایش به سالن آمد و "
    "پس از پایان کار از خدمات کارکنان بسیار راضی بود و دوباره نوبت گرفت"
)


def test_left_to_right_text_passes_through():
    assert rtl.visual("Zażółć gęślą jaźń 12,50 zł", False) == "Zażółć gęślą jaźń 12,50 zł"
    assert rtl.wrap("Zażółć gęślą jaźń", FONT, 10, 1000, False) == ["Zażółć gęślą jaźń"]


def test_persian_letters_are_joined_and_reversed():
    shaped = rtl.shape("سلام")
    assert shaped != "سلام" and all(0xFB50 <= ord(ch) <= 0xFEFF for ch in shaped)  # joined forms
    assert rtl.visual("سلام", True) == shaped[::-1]
    assert "\ufefc" in rtl.shape("سلام") or "\ufefb" in rtl.shape("سلام")  # lam-alef ligature


def test_diacritics_are_kept():
    text = "مُحَمَّد"
    out = rtl.visual(text, True)
    for mark in ("\u064e", "\u064f", "\u0651"):  # fatha, damma, shadda
        assert mark in out


def test_brackets_and_guillemets_are_mirrored():
    # Logically "(" opens before the word; drawn right to left it must still
    # face the word, so in the left-to-right glyph string it comes first as "(".
    out = rtl.visual("کد (الف)", True)
    assert out.startswith("(") and out.index("(") < out.index(")")
    out = rtl.visual("«نقل»", True)
    assert out == "«" + rtl.shape("نقل")[::-1] + "»"
    out = rtl.visual("[ب]", True)
    assert out[0] == "[" and out[-1] == "]"


def test_numbers_and_latin_words_keep_their_order():
    fmt = Formatter("fa", "IRT")
    amount = fmt.amount(123_456_780, with_symbol=False)  # ۱۲٬۳۴۵٬۶۷۸
    out = rtl.visual(f"مبلغ {amount} تومان", True)
    assert amount in out
    assert out.index(amount) < out.index(rtl.shape("مبلغ")[::-1])  # the number is to the left
    # Digits after a Latin word belong to its left-to-right run.
    out = rtl.visual("شامپو L'Oréal ۲۵۰ml", True)
    assert out == "L'Oréal ۲۵۰ml " + rtl.shape("شامپو")[::-1]


def test_phone_in_isolates_stays_left_to_right_and_controls_vanish():
    phone = Formatter("fa").phone("+48221234567", "IR")
    assert phone.startswith("\u2066")
    out = rtl.visual(f"تلفن: {phone}", True)
    assert not any(ch in out for ch in "\u2066\u2069\u202a\u202c\u200e\u200f")
    assert out.startswith(phone.strip("\u2066\u2069")) and phone.strip("\u2066\u2069").startswith(
        "+۴۸"
    )


def test_persian_in_a_left_to_right_document_is_still_shaped():
    out = rtl.visual("Client: سارا", False)
    assert out.startswith("Client: ") and out.endswith(rtl.shape("سارا")[::-1])


def test_lines_are_wrapped_before_they_are_reordered():
    width = 150
    lines = rtl.wrap(SENTENCE, FONT, 10, width, True)
    assert len(lines) >= 3
    words = SENTENCE.split()
    # Pure Persian: each visual line is its logical line reversed.
    logical = [ln[::-1] for ln in lines]
    first = logical[0].split()
    assert rtl.shape(" ".join(words[: len(first)])) == logical[0]  # the first words come first
    assert " ".join(logical) == rtl.shape(SENTENCE)
    for ln in lines:
        assert rtl.width(ln, FONT, 10) <= width


def test_newlines_start_paragraphs():
    assert len(rtl.wrap("الف\nب", FONT, 10, 500, True)) == 2
    assert rtl.wrap("", FONT, 10, 500, True) == [""]


PERSIAN_WORD = st.text(alphabet="ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی", min_size=1, max_size=12)
LATIN_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyząęłńóśźżĄĘŁŃÓŚŹŻ", min_size=1, max_size=12)


@given(
    words=st.lists(st.one_of(PERSIAN_WORD, LATIN_WORD), min_size=1, max_size=30),
    width=st.integers(min_value=20, max_value=300),
    right_to_left=st.booleans(),
)
def test_wrap_loses_and_repeats_no_word_and_lines_fit(words, width, right_to_left):
    text = " ".join(words)
    lines = rtl.wrap(text, FONT, 9, width, right_to_left)
    drawn = [w for ln in lines for w in ln.split()]

    # A word is reversed when drawn right to left: compare its letters.
    def key(w):
        return "".join(sorted(w))

    assert Counter(map(key, drawn)) == Counter(key(rtl.shape(w)) for w in words)
    for ln in lines:
        assert rtl.width(ln, FONT, 9) <= width or len(ln.split()) == 1


def test_a_paragraph_of_one_direction_keeps_it_in_a_document_of_the_other():
    assert rtl.visual("Kwiaty Sp. z o.o.", True) == "Kwiaty Sp. z o.o."
    assert rtl.visual("سارا احمدی.", False) == "." + rtl.shape("سارا احمدی")[::-1]
    # Mixed text takes the document's direction.
    assert rtl.visual("Client: سارا.", False) == "Client: " + rtl.shape("سارا")[::-1] + "."
