"""``salon-desktop cards``: client cards from the command line, for scheduled use,
on SQLite and PostgreSQL: by number or all, either layout, any language; progress
on long runs; every problem a sentence and status 2, nothing written."""

from __future__ import annotations

import pikepdf
import pytest

from salon_desktop import cli
from salon_desktop.cli import main
from salon_desktop.domain.card import card_payload
from salon_desktop.domain.client import ClientDraft
from tests.documents.poppler import pdftotext


@pytest.fixture
def salon(ctx):
    ids = [
        ctx.clients.create(ClientDraft(first_name=f, last_name=last), None)
        for f, last in (("Ewa", "Nowak"), ("Adam", "Lis"), ("زهرا", "کریمی"))
    ]
    numbers = [ctx.clients.get(i).number for i in ids]
    base = ["--data-dir", str(ctx.data_dir), "--db", ctx.db_url]
    return ctx, numbers, base


def pages(path) -> int:
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def test_cards_by_number_one_a_page(salon, tmp_path, capsys):
    ctx, numbers, base = salon
    out = tmp_path / "two.pdf"
    args = ["cards", "--client", str(numbers[2]), str(numbers[0]), "--layout", "card"]
    assert main([*base, *args, "--out", str(out)]) == 0
    assert pages(out) == 2
    text = pdftotext(out.read_bytes())
    assert card_payload(numbers[2]) in text and card_payload(numbers[0]) in text
    assert "Adam" not in text
    assert "2 cards written to" in capsys.readouterr().out


def test_all_cards_on_a4_in_persian(salon, tmp_path, capsys):
    ctx, numbers, base = salon
    out = tmp_path / "all.pdf"
    assert main([*base, "--lang", "fa", "cards", "--all", "--out", str(out)]) == 0
    assert pages(out) == 1  # three cards on one sheet
    text = pdftotext(out.read_bytes())
    assert all(card_payload(n) in text for n in numbers)
    assert "مشتری از" in text  # "client since", in Persian
    said = capsys.readouterr().out
    assert "۳" in said and str(out) in said  # Persian digits in the sentence


def test_progress_on_long_runs(salon, tmp_path, capsys, monkeypatch):
    ctx, numbers, base = salon
    monkeypatch.setattr(cli, "PROGRESS_FROM", 2)
    out = tmp_path / "all.pdf"
    assert main([*base, "cards", "--all", "--layout", "card", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "3 of 3 cards" in err


def test_unknown_numbers_are_named_and_nothing_is_written(salon, tmp_path, capsys):
    ctx, numbers, base = salon
    out = tmp_path / "x.pdf"
    args = ["cards", "--client", str(numbers[0]), "99998", "99999", "--out", str(out)]
    assert main([*base, *args]) == 2
    err = capsys.readouterr().err
    assert "No client files in use have the numbers 99998, 99999." in err
    assert "Traceback" not in err
    assert not out.exists()


def test_an_archived_clients_card_is_refused(salon, tmp_path, capsys):
    ctx, numbers, base = salon
    archived = ctx.clients.create(ClientDraft(first_name="Old"), None)
    ctx.clients.set_archived(archived, True, None)
    number = ctx.clients.get(archived).number
    out = tmp_path / "x.pdf"
    assert main([*base, "cards", "--client", str(number), "--out", str(out)]) == 2
    assert f"No client file in use has the number {number}." in capsys.readouterr().err


def test_a_folder_that_does_not_exist(salon, tmp_path, capsys):
    ctx, numbers, base = salon
    out = tmp_path / "no" / "such" / "cards.pdf"
    assert main([*base, "--lang", "pl", "cards", "--all", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "nie istnieje" in err  # said in Polish
    assert not out.exists()


def test_no_clients(tmp_path, capsys, db_url):
    from salon_desktop.services.context import open_context

    open_context(tmp_path, db_url).close()
    out = tmp_path / "x.pdf"
    base = ["--data-dir", str(tmp_path), "--db", db_url]
    assert main([*base, "cards", "--all", "--out", str(out)]) == 2
    assert "There are no clients to print cards for." in capsys.readouterr().err


def test_usage_needs_clients_or_all(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--data-dir", str(tmp_path), "cards", "--out", str(tmp_path / "x.pdf")])
    assert exc.value.code == 2
    with pytest.raises(SystemExit):
        main(["--data-dir", str(tmp_path), "cards", "--all", "--client", "1", "--out", "x.pdf"])


def test_a_file_that_cannot_be_written_is_said_and_nothing_half_written(tmp_path, capsys):
    """The commands' one writer: the sentence on stderr, no file and no leftover
    partial file; a file that can be written is written whole."""
    from salon_desktop.cli_files import write_out

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    out = blocker / "cards.pdf"
    assert not write_out(out, b"%PDF-1.7")
    assert "Cannot write" in capsys.readouterr().err and not out.exists()
    good = tmp_path / "cards.pdf"
    assert write_out(good, b"%PDF-1.7") and good.read_bytes() == b"%PDF-1.7"
    assert {p.name for p in tmp_path.iterdir()} == {"cards.pdf", "not-a-folder"}
