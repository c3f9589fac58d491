"""CSV cells that spreadsheets will not run as formulas.

A cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is taken
as a formula by Excel, LibreOffice and Google Sheets (``=HYPERLINK("http://x","y")``
in an item title becomes a live link; others run commands). Every CSV export of the
platform writes its rows through :func:`safe_row` (or :func:`write`), which prefixes
such text cells with a single quote, the spreadsheets' own "this is text" mark. Plain
numbers (``-12.5``) stay numbers. The catalog's CSV import undoes the mark with
:func:`unescape_cell`, so an export imports back to the same values.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?")


def safe_cell(value: Any) -> Any:
    """``value`` with a leading ``'`` if it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """Every cell of ``row`` through :func:`safe_cell`."""
    return {key: safe_cell(value) for key, value in row.items()}


def unescape_cell(value: str) -> str:
    """Undo :func:`safe_cell` on a cell read back from a CSV file."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def write(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """CSV text with a header of ``columns`` and one line per row, every cell made safe."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(safe_row(row))
    return out.getvalue()
