"""Grow the rows of a user's form sheets to the lines their wrapped text needs.

Text typed into a row that has a height of its own (every row of our template has one) stays
on that height: Excel and LibreOffice grow a row only as it is typed into, and only when the
row has no height of its own. A long activity name, place or URL is then cut at the cell's
edge on screen and on paper. The report and the export know the text, so they give each such
row the height of its longest wrapped cell; no row is made lower, and nothing else changes.
"""
from __future__ import annotations

from ..core.a1 import parse_cell
from ..core.ir import WorkbookIR
from ..core.normalise import fold_text
from . import xmltags
from .ooxml import Package
from .styles import StyleSheet, fit_height, line_chars

DEFAULT_WIDTH = 8.43  # Excel's column width where a sheet gives none
DEFAULT_HEIGHT = 15.0  # points, where the sheet gives no defaultRowHeight


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def _widths(xml: str) -> tuple[dict[int, float], float]:
    """Column widths by 1-based index, and the sheet's default width."""
    fmt = xmltags.find(xml, "sheetFormatPr")
    default = _number(fmt.get("defaultColWidth")) if fmt else None
    widths: dict[int, float] = {}
    cols = xmltags.find(xml, "cols")
    for col in xmltags.elements(xml, "col", start=cols.end, end=cols.close().end) if cols else ():
        lo, hi, width = (_number(col.get(a)) for a in ("min", "max", "width"))
        if lo and hi and width:
            widths.update(dict.fromkeys(range(int(lo), int(hi) + 1), width))
    return widths, default or DEFAULT_WIDTH


def _grow(xml: str, needed: dict[int, float]) -> tuple[str, int]:
    """The sheet with rows lower than ``needed`` (row -> points) grown; how many grew."""
    fmt = xmltags.find(xml, "sheetFormatPr")
    usual = (_number(fmt.get("defaultRowHeight")) if fmt else None) or DEFAULT_HEIGHT
    edits = []
    for row in xmltags.elements(xml, "row"):
        r = row.get("r") or ""
        if not r.isdigit() or int(r) not in needed:
            continue
        height = needed[int(r)]
        if (_number(row.get("ht")) or usual) < height:
            edits.append((row.start, row.end, row.with_attrs({"ht": str(height), "customHeight": "1"})))
    return xmltags.splice(xml, edits), len(edits)


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
        for cell in xmltags.having(xml, "c", "r", long) if long else ():
            if (ref := cell.get("r") or "") in long:
                s = cell.get("s") or ""
                style = int(s) if s.isdigit() else 0
                if style < len(wraps) and wraps[style]:
                    r = parse_cell(ref)[0]
                    needed[r] = max(needed.get(r, 0), fit_height([long[ref]]))
        if needed:
            xml, n = _grow(xml, needed)
            pkg.put(part, xml)
            grown += n
    return grown
