"""A1 cell references, parsed in one place: "B7", "$B$7" and "b7" are row 7, column 2.

The readers and writers parse A1 here (readers/errorcells.py, writers/styles.py and fitrows.py);
``core.ir.column_letter`` and ``cell_ref`` are the way back."""
from __future__ import annotations

import re

_CELL = re.compile(r"\$?([A-Za-z]{1,3})\$?([1-9][0-9]*)")


def column_number(letters: str) -> int:
    """1-based column of its letters: "A" 1, "Z" 26, "AA" 27, "XFD" 16384."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def parse_cell(ref: str) -> tuple[int, int]:
    """(row, column), 1-based, of one cell's A1 reference; ValueError when ``ref`` is none."""
    m = _CELL.fullmatch(ref.strip())
    if not m:
        raise ValueError(f"not a cell reference: {ref!r}")
    return int(m[2]), column_number(m[1])
