"""Grow the rows of a user's form sheets to the lines their wrapped text needs.

Text typed into a row that has a height of its own (every row of our template has one) stays
on that height: Excel and LibreOffice grow a row only as it is typed into, and only when the
row has no height of its own. A long activity name, place or URL is then cut at the cell's
edge on screen and on paper. The report and the export know the text, so they give each such
row the height of its longest wrapped cell; no row is made lower, and nothing else changes.
"""
from __future__ import annotations

import re

from ..core.a1 import parse_cell
from ..core.ir import WorkbookIR
from ..core.normalise import fold_text
from .ooxml import Package
from .styles import StyleSheet, fit_height, line_chars

DEFAULT_WIDTH = 8.43  # Excel's column width where a sheet gives none
_CELL = re.compile(r'<(?:\w+:)?c\b[^>]*?\br="([A-Z]+\d+)"[^>]*?>')
_ROW_TAG = re.compile(r'<(?:\w+:)?row\b[^>]*?\br="(\d+)"[^>]*?/?>')


def _widths(xml: str) -> tuple[dict[int, float], float]:
    """Column widths by 1-based index, and the sheet's default width."""
    fmt = re.search(r"<(?:\w+:)?sheetFormatPr\b[^>]*>", xml)
    default = re.search(r'\bdefaultColWidth="([\d.]+)"', fmt.group(0)) if fmt else None
    widths: dict[int, float] = {}
    for col in re.finditer(r"<(?:\w+:)?col\b[^>]*>", xml):
        tag = col.group(0)
        lo, hi, width = (re.search(rf'\b{a}="([\d.]+)"', tag) for a in ("min", "max", "width"))
        if lo and hi and width:
            widths.update(dict.fromkeys(range(int(lo.group(1)), int(hi.group(1)) + 1),
                                        float(width.group(1))))
    return widths, float(default.group(1)) if default else DEFAULT_WIDTH


def _set_height(tag: str, height: float) -> str:
    tag = re.sub(r'\s(ht|customHeight)="[^"]*"', "", tag)
    end = -2 if tag.endswith("/>") else -1
    return tag[:end] + f' ht="{height}" customHeight="1"' + tag[end:]


def _grow(xml: str, needed: dict[int, float]) -> tuple[str, int]:
    """The sheet with rows lower than ``needed`` (row -> points) grown; how many grew."""
    fmt = re.search(r'<(?:\w+:)?sheetFormatPr\b[^>]*\bdefaultRowHeight="([\d.]+)"', xml)
    usual = float(fmt.group(1)) if fmt else 15.0
    grown = 0

    def one(m: re.Match) -> str:
        nonlocal grown
        r = int(m.group(1))
        ht = re.search(r'\bht="([\d.]+)"', m.group(0))
        if r not in needed or (float(ht.group(1)) if ht else usual) >= needed[r]:
            return m.group(0)
        grown += 1
        return _set_height(m.group(0), needed[r])

    return _ROW_TAG.sub(one, xml), grown


def _long_texts(sheet_ir, widths: dict[int, float], default: float) -> dict[str, tuple[str, float]]:
    """Texts of a sheet that may need more than one line: A1 -> (text, column width)."""
    def width_of(ref):
        return widths.get(parse_cell(ref)[1], default)
    chars: dict[str, int] = {}  # by label (a table sheet's label is one column)
    long = {}
    for row in sheet_ir.rows:
        for label, i in row.layout.index.items():
            value = row.values[i]
            if not isinstance(value, str):
                continue
            if label not in chars or row.layout.refs is not None:
                chars[label] = line_chars(width_of(row.ref(label)))
            if len(value) > chars[label] or "\n" in value:  # else one line at most
                ref = row.ref(label)
                long[ref] = (value, width_of(ref))
    return long


def fit_rows(pkg: Package, ir: WorkbookIR) -> int:
    """Give each row of the form sheets in ``pkg`` the height its wrapped text needs (cells
    whose format wraps, as every data cell of the template does); how many rows grew."""
    wraps = StyleSheet(pkg).wrapping()
    parts = {fold_text(s.name): s.part for s in pkg.sheets()}
    grown = 0
    for sheet_ir in ir.sheets.values():
        part = parts.get(fold_text(sheet_ir.name))
        if part is None or not sheet_ir.rows:
            continue
        xml = pkg.text(part)
        long = _long_texts(sheet_ir, *_widths(xml))
        needed: dict[int, float] = {}
        for m in _CELL.finditer(xml) if long else ():
            if m.group(1) in long:
                s = re.search(r'\bs="(\d+)"', m.group(0))
                style = int(s.group(1)) if s else 0
                if style < len(wraps) and wraps[style]:
                    r = parse_cell(m.group(1))[0]
                    needed[r] = max(needed.get(r, 0), fit_height([long[m.group(1)]]))
        if needed:
            xml, n = _grow(xml, needed)
            pkg.put(part, xml)
            grown += n
    return grown
