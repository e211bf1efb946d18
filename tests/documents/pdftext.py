"""Reading our PDFs back in tests: the strings as drawn, the text pypdf extracts, the fonts."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from pypdf.generic import ContentStream

_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def _cmap(font) -> dict[int, str]:
    data = font["/ToUnicode"].get_object().get_data()
    out = {}
    sections = re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S)
    for src, dst in _BFCHAR.findall(b"".join(sections)):
        out[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    return out


def _raw(operand) -> bytes:
    if isinstance(operand, bytes):
        return operand
    return getattr(operand, "original_bytes", None) or operand.encode("latin-1")


def drawn(pdf: bytes) -> list[str]:
    """Every string drawn (one per text object), in visual order as ReportLab drew it.

    pypdf's ``extract_text`` turns right-to-left runs around again, which helps
    reading but hides what is on paper; this decodes the glyphs themselves.
    """
    r = reader(pdf)
    out: list[str] = []
    for page in r.pages:
        fonts = page["/Resources"]["/Font"]
        maps = {name: _cmap(f.get_object()) for name, f in fonts.items()}
        current: dict[int, str] = {}
        text = ""
        for operands, op in ContentStream(page.get_contents(), r).operations:
            if op == b"Tf":
                current = maps[operands[0]]
            elif op == b"Tj":
                text += "".join(current[b] for b in _raw(operands[0]))
            elif op == b"TJ":
                text += "".join(
                    current[b]
                    for part in operands[0]
                    if not isinstance(part, (int, float))
                    for b in _raw(part)
                )
            elif op == b"ET":
                out.append(text)
                text = ""
    return out


def drawn_text(pdf: bytes) -> str:
    """All drawn strings, one a line. A no-break space shares the space's glyph, so
    it reads back as a space: compare with :func:`plain`."""
    return "\n".join(drawn(pdf))


def plain(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u202f", " ")


def extracted(pdf: bytes) -> str:
    """pypdf's text, spaces normalised (Polish amounts use no-break spaces)."""
    return plain("\n".join(p.extract_text() for p in reader(pdf).pages))


def fonts(pdf: bytes) -> list[tuple[str, bool]]:
    """(base font name, embedded?) of every font on every page."""
    out = []
    for page in reader(pdf).pages:
        for f in page["/Resources"]["/Font"].values():
            f = f.get_object()
            desc = f.get("/FontDescriptor")
            out.append(
                (str(f["/BaseFont"]), desc is not None and "/FontFile2" in desc.get_object())
            )
    return out


def page_sizes_mm(pdf: bytes) -> list[tuple[float, float]]:
    return [
        (
            round(float(p.mediabox.width) / 72 * 25.4, 1),
            round(float(p.mediabox.height) / 72 * 25.4, 1),
        )
        for p in reader(pdf).pages
    ]
