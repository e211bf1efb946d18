"""Reading our PDFs as other programs do: pikepdf's structure check, the fonts,
poppler's ``pdftotext`` (NFKC-normalised) and ``pdftoppm``, and zbar's decoder."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import pikepdf
import pytest

# Direction marks and embeddings (pdftotext writes them around right-to-left runs),
# and the zero-width non-joiner of Persian words (احمدی‌نژاد): it has no glyph, so
# nothing of it is drawn and nothing comes back.
_CONTROLS = re.compile("[\u200c\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
_WORD_EDGES = "()[]{}«»:،,.;؛!؟?"
_SPACES = re.compile(r"[ \t\xa0\u202f]+")


def normal(text: str) -> str:
    """NFKC (Persian presentation forms back to letters), no direction marks, one space."""
    text = _CONTROLS.sub("", unicodedata.normalize("NFKC", text))
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.splitlines())


def words(text: str) -> list[str]:
    return [w.strip(_WORD_EDGES) for w in normal(text).split() if w.strip(_WORD_EDGES)]


def shows(text: str, expected: str) -> bool:
    """Whether the extracted ``text`` holds ``expected``: as one run when it reads in
    one direction; word by word when it mixes Persian with digits, Latin or
    brackets (pdftotext orders such a line's runs by itself, not always as written,
    and may drop the space between a run of digits and a word; the desk issue's
    /ActualText gives the logical order)."""
    want = normal(expected)
    if want in text:
        return True
    if not _RTL.search(want):
        return False
    return all(w in text for w in words(want))


_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def structure(pdf: bytes) -> pikepdf.Pdf:
    """Opens with pikepdf and passes its structure check (no problems reported)."""
    doc = pikepdf.open(io.BytesIO(pdf))
    problems = doc.check_pdf_syntax()
    assert not problems, problems
    return doc


def fonts(pdf: bytes) -> set[tuple[str, bool]]:
    """(base font, embedded as TrueType) of every font used on any page."""
    out = set()
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            resources = page.obj.get("/Resources", {})
            for font in resources.get("/Font", {}).values():
                desc = font.get("/FontDescriptor")
                out.add((str(font.BaseFont), desc is not None and "/FontFile2" in desc))
    return out


def assert_fonts_embedded(pdf: bytes) -> None:
    found = fonts(pdf)
    assert found, "no fonts"
    assert all(embedded for _name, embedded in found), found
    assert all("Vazirmatn" in name for name, _e in found), found


def pdftotext(pdf: bytes, layout: bool = False) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"]
        out = subprocess.run(args, check=True, capture_output=True).stdout.decode()
    return normal(out)


def pngs(pdf: bytes, folder: Path, dpi: int = 150, prefix: str = "page") -> list[Path]:
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils (pdftoppm) is not installed")
    path = folder / f"{prefix}.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), str(path), str(folder / prefix)], check=True
    )
    return sorted(folder.glob(f"{prefix}*.png"))


def decoded(png: Path) -> list[str]:
    """What zbar reads in an image: 'QR-Code:…', 'CODE-128:…' (skips without zbar)."""
    if shutil.which("zbarimg") is None:
        pytest.skip("zbar-tools (zbarimg) is not installed")
    run = subprocess.run(["zbarimg", "-q", str(png)], capture_output=True)
    return sorted(line for line in run.stdout.decode().splitlines() if line)
