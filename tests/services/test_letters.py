"""Letters: the safe renderer, templates stored per language, letters for one client
and merged for an action list (one a page, in en and fa), and the command line."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salon_desktop.domain.client import ClientDraft
from salon_desktop.domain.letters import (
    DEFAULT_BODIES,
    DEFAULT_SUBJECTS,
    PLACEHOLDERS,
    LetterError,
    LetterKind,
    check_template,
    placeholders_in,
    render,
)
from salon_desktop.services.letters import LetterService, sentence
from tests.documents.poppler import assert_fonts_embedded, normal, pdftotext, shows, structure
from tests.services.sales_helpers import make_shop
from tests.services.test_action_lists import _paid

VALUES = {name: f"<{name}>" for name in PLACEHOLDERS}


def test_render_fills_known_placeholders_and_braces():
    assert render("Dear {first_name}, {{ok}}", VALUES) == "Dear <first_name>, {ok}"


@pytest.mark.parametrize(
    "text",
    ["{firstname}", "{first_name.__class__}", "{first_name!r}", "{amount_due:>9}", "{0}", "{}"],
)
def test_render_refuses_anything_but_a_known_name(text):
    with pytest.raises(LetterError) as refused:
        render(text, VALUES)
    assert refused.value.errors[0].field == "body"
    assert "There is no placeholder" in sentence(refused.value.errors[0])


def test_a_stray_brace_is_said_plainly():
    with pytest.raises(LetterError) as refused:
        check_template("Hello", "Dear {first_name")
    assert sentence(refused.value.errors[0]) == (
        "A brace is not closed. Write a placeholder as {first_name}, a brace as {{ }}."
    )


@given(st.text(alphabet=st.characters(blacklist_characters="{}"), max_size=60))
def test_text_without_braces_comes_back_as_it_is(text):
    assert render(text, VALUES) == text


@pytest.mark.parametrize("lang", ["en", "pl", "fa"])
def test_every_default_letter_renders_in_every_language(lang):
    from salon_desktop.i18n import _, speaking

    with speaking(lang):
        for kind in LetterKind:
            subject, body = _(DEFAULT_SUBJECTS[kind]), _(DEFAULT_BODIES[kind])
            check_template(subject, body)
            assert set(placeholders_in(body)) <= set(PLACEHOLDERS)
            if lang != "en":
                assert body != DEFAULT_BODIES[kind], f"{kind} untranslated in {lang}"


@pytest.fixture
def shop(ctx):
    return make_shop(ctx)


def test_templates_are_stored_per_language(ctx, shop):
    letters = LetterService(ctx)
    assert not letters.template(LetterKind.BIRTHDAY, "en").custom
    saved = letters.save(LetterKind.BIRTHDAY, "pl", "Sto lat, {first_name}!", "Droga {first_name}")
    assert saved.custom
    assert letters.template(LetterKind.BIRTHDAY, "pl").subject == "Sto lat, {first_name}!"
    assert not letters.template(LetterKind.BIRTHDAY, "en").custom  # English untouched
    with pytest.raises(LetterError) as refused:
        letters.save(LetterKind.BIRTHDAY, "pl", "Hi", "Dear {first}")
    assert refused.value.errors[0].field == "body"
    assert letters.template(LetterKind.BIRTHDAY, "pl").body == "Droga {first_name}"  # kept
    letters.reset(LetterKind.BIRTHDAY, "pl")
    assert not letters.template(LetterKind.BIRTHDAY, "pl").custom


def test_a_debt_reminder_for_one_client(ctx, shop):
    ctx.save_settings(dataclasses.replace(ctx.salon, salon_name="Bloom", phone="0123 456"))
    cid = ctx.clients.create(
        ClientDraft(first_name="Ewa", last_name="Nowak", address="ul. Długa 5\nKraków"), shop.desk
    )
    ctx.sales.post(_paid(ctx, shop, cid, on_account=4_500), shop.desk)
    letters = LetterService(ctx)
    letter = letters.for_client(LetterKind.DEBT_REMINDER, cid)
    assert letter.name == "Ewa Nowak" and letter.address == "ul. Długa 5\nKraków"
    assert "45.00" in letter.body and "Bloom" in letter.body
    pdf = letters.pdf_for_client(LetterKind.DEBT_REMINDER, cid)
    structure(pdf)
    assert_fonts_embedded(pdf)
    text = pdftotext(pdf)
    for expected in ("Bloom", "Ewa Nowak", "Długa 5", "A reminder about your account", "45.00"):
        assert expected in normal(text), expected


def test_merged_letters_for_a_list_one_a_page_in_persian(ctx, shop):
    ctx.save_settings(dataclasses.replace(ctx.salon, salon_name="سالن گل", language="fa"))
    names = ("زهرا", "مریم", "سارا")
    for i, first in enumerate(names):
        ctx.clients.create(
            ClientDraft(first_name=first, last_name="کریمی", birth_date=dt.date(1990 + i, 11, 23)),
            shop.desk,
        )
    letters = LetterService(ctx)
    data, n = letters.pdf_for_list(LetterKind.BIRTHDAY, "birthdays_today")
    assert n == 3
    pdf = structure(data)
    assert len(pdf.pages) == 3
    assert_fonts_embedded(data)
    pages = pdftotext(data).split("\f")
    for first, page in zip(names, pages, strict=False):
        assert shows(normal(page), f"{first} کریمی")
        assert shows(normal(page), "سالن گل")
        assert shows(normal(page), "۱۴۰۵")  # the Jalali year, in Persian digits


def test_the_command_line(tmp_path, capsys):
    from salon_desktop.cli import main
    from salon_desktop.services.context import open_context

    folder = tmp_path / "salon"
    ctx = open_context(data_dir=folder)
    today = ctx.clients.today()
    ctx.clients.create(
        ClientDraft(first_name="=cmd|' /C calc'!A0", birth_date=today.replace(year=1990)), None
    )
    ctx.close()
    out = tmp_path / "letters.pdf"
    base = ["--data-dir", str(folder)]
    assert main([*base, "letters", "birthday", "--list", "birthdays_today", "--out", str(out)]) == 0
    assert "1 letter written" in capsys.readouterr().out
    assert out.read_bytes().startswith(b"%PDF")
    assert main([*base, "letters", "nope", "--list", "birthdays_today", "--out", str(out)]) == 2
    assert "There is no letter called nope." in capsys.readouterr().err
    assert main([*base, "letters", "birthday", "--list", "nope", "--out", str(out)]) == 2
    assert "There is no action list called nope." in capsys.readouterr().err
    assert main([*base, "letters", "apology", "--list", "open_debt", "--out", str(out)]) == 2
    assert "nobody on that list" in capsys.readouterr().err
    csv_out = tmp_path / "today.csv"
    assert main([*base, "lists", "birthdays_today", "--csv", str(csv_out)]) == 0
    assert "1 row written" in capsys.readouterr().out
    assert "'=cmd|" in csv_out.read_text(encoding="utf-8-sig")
    assert main([*base, "lists"]) == 0
    assert "birthdays_today" in capsys.readouterr().out
    fa = tmp_path / "fa.pdf"
    argv = [*base, "letters", "birthday", "--list", "birthdays_today", "--out", str(fa)]
    assert main([*argv, "--lang", "fa"]) == 0
    assert shows(normal(pdftotext(fa.read_bytes())), "تولد")
