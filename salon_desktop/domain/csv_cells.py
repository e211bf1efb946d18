"""Spreadsheet-safe CSV cells: text that a spreadsheet would run as a formula.

Excel, LibreOffice and Google Sheets take a cell that starts with ``=``, ``+``,
``-`` or ``@`` (and, after a tab or a carriage return, the same) as a formula,
so a client named ``=HYPERLINK(...)`` would run when the owner opens the
export (CSV injection, OWASP). Such a text cell is written with a single quote
in front, which spreadsheets show as text; a text that itself starts with a
quote gets one more, so ``unescape_cell`` gives back exactly what was escaped.

A phone is exported in E.164 (``+48601…``) and so escaped like any text
(``'+48601…``): a spreadsheet shows it as text (not as a number losing its
``+`` and leading zeros), and Salon Desktop's import strips the quote.
Amounts and counts are written as plain numbers (``-12.50`` is a number, not a
formula) and are not escaped.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def escape_cell(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet runs as a formula."""
    if text.startswith(FORMULA_STARTS) or text.startswith(QUOTE):
        return QUOTE + text
    return text


def unescape_cell(cell: str) -> str:
    """The text ``escape_cell`` was given (an importer reads our exports with this).
    Only a quote that escaping adds is taken off: ``'s Hertogenbosch`` from another
    program stays as it is."""
    rest = cell[1:]
    if cell.startswith(QUOTE) and (rest.startswith(FORMULA_STARTS) or rest.startswith(QUOTE)):
        return rest
    return cell
