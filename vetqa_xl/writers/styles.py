"""Append styles to a package's styles.xml and restyle single cells of a worksheet, at tag
level (xmltags.py): every byte not changed stays as it was.

Existing styles keep their indexes; new fonts, fills, borders, number formats and cell
formats are appended. A highlight is a copy of the cell's own format with another fill, so
the cell keeps its font, borders and number format.
"""
from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from ..core.a1 import parse_cell
from . import xmltags
from .ooxml import NS_REL, Package, attr

DATE_FORMAT = "[$-107041E]d mmm yyyy"  # Thai Buddhist calendar: 15 มิ.ย. 2568 (Excel and LibreOffice)

REL_STYLES = NS_REL + "/styles"
FONT = "TH Sarabun New"


# Row heights. One line of 16 pt Thai needs 24.8 pt in TH Sarabun New and 27.4 pt in Laksaman,
# the face LibreOffice substitutes where TH Sarabun New is not installed: LibreOffice spaces
# lines by the font's typographic ascent + descent + line gap (1279+376+60 units of 1000), so
# a third line at 26.5 pt a line sat on the cell's bottom border. Neither Excel nor
# LibreOffice grows a row for text a library wrote, so every written row gets an explicit
# height that fits the larger of the two.
LINE_PT = 27.5
PAD_PT = 4.0  # below the last line, so it does not sit on the cell's bottom border
WRAP_SLACK = 4
CHARS_PER_WIDTH = 0.85  # Thai base characters per unit of column width at 16 pt (Laksaman in LO
#                         fits about 0.95; TH Sarabun New in Excel more)


def row_height(lines: int = 1, size: float = 16) -> float:
    """Points for ``lines`` lines of text of ``size`` pt."""
    return round(max(1, lines) * LINE_PT * size / 16 + PAD_PT, 1)


def line_chars(width: float, size: float = 16) -> int:
    """Characters (combining Thai marks aside) on one line of a column ``width`` wide."""
    # LibreOffice and Excel break Thai at word boundaries, so a line ends early by about half a
    # word: 4 characters less per line (seen clipped without it: a 30-wide stage column).
    return max(1, int(width * CHARS_PER_WIDTH * 16 / size) - WRAP_SLACK)


def text_lines(text: str, width: float, size: float = 16) -> int:
    """Lines ``text`` wraps into in a column ``width`` wide (combining Thai marks take no room)."""
    per_line = line_chars(width, size)
    lines = 0
    for part in str(text).split("\n"):
        visible = sum(1 for ch in part if unicodedata.category(ch) not in ("Mn", "Me"))
        lines += max(1, -(-visible // per_line))
    return lines


def fit_height(texts: list[tuple[str, float]], size: float = 16, minimum: int = 1) -> float:
    """Height of a row whose wrapped cells hold (text, column width) pairs; never less than
    one line of 16 pt, the body text of every sheet."""
    lines = max([minimum] + [text_lines(t, w, size) for t, w in texts if t])
    return max(row_height(lines, size), row_height())


@dataclass(frozen=True)
class Look:
    """How a named style of the generated sheets looks; read by the file writer (styles.xml)
    and by the live-Excel renderer (vetqa_xl.excel) alike."""

    size: float = 16
    bold: bool = False
    italic: bool = False
    underline: bool = False
    color: str | None = None  # RRGGBB
    fill: str | None = None  # RRGGBB
    numfmt: str | None = None
    wrap: bool = False
    border: bool = True
    center: bool = False
    shrink: bool = False  # one line, shrunk to the column's width rather than wrapped


LOOKS: dict[str, Look] = {
    "title": Look(20, bold=True, color="1F3864", border=False),
    "note": Look(14, italic=True, color="595959", wrap=True, border=False),
    "header": Look(bold=True, fill="D9E2F3", center=True),
    "label": Look(wrap=True),
    "section": Look(bold=True, fill="F2F2F2"),
    "number": Look(numfmt="#,##0"),
    "percent": Look(numfmt="0.00"),
    "passfail": Look(numfmt='"ผ่าน";"ผ่าน";"ไม่ผ่าน"'),  # 1 -> ผ่าน, 0 -> ไม่ผ่าน
    "text": Look(wrap=True),
    "ok": Look(bold=True, color="006100", shrink=True),  # ✓, or ต่างกัน ดู CODE on one line
    "bad": Look(bold=True, color="9C0006", fill="FFC7CE"),
    "status_ok": Look(18, bold=True, color="006100", fill="C6EFCE", border=False),
    "status_bad": Look(18, bold=True, color="9C0006", fill="FFC7CE", border=False),
    "link": Look(underline=True, color="0563C1"),
    "error": Look(fill="FFC7CE", wrap=True),
    "warning": Look(fill="FFEB9C", wrap=True),
    "info": Look(fill="DDEBF7", wrap=True),
}


class StyleSheet:
    def __init__(self, pkg: Package):
        self.pkg = pkg
        rel = next(r for r in pkg.rels("xl/workbook.xml") if r.get("Type") == REL_STYLES)
        self.part = rel["part"]
        self.xml = pkg.text(self.part)
        # the prefix of SpreadsheetML here: "" (Excel, openpyxl) or e.g. "x:" (.NET Open XML SDK)
        self.p = root.prefix if (root := xmltags.find(self.xml, "styleSheet")) else ""
        self._named: dict[str, int] = {}
        self._highlights: dict[tuple[int, str], int] = {}
        self._dxfs: dict[str, int] = {}

    def save(self) -> None:
        self.pkg.put(self.part, self.xml)

    # --- sections ------------------------------------------------------------------
    def _children(self, tag: str, child: str) -> list[str]:
        """The ``child`` elements of section ``tag`` (<cellXfs>: its <xf>s), as text."""
        section = xmltags.find(self.xml, tag)
        if section is None or section.empty:
            return []
        return [self.xml[t.start:end.end]
                for t, end in xmltags.whole(self.xml, child, start=section.end, end=section.close().start)]

    def _append(self, tag: str, child_xml: str, child: str, before: tuple[str, ...] = ()) -> int:
        """Append a child to a section (creating it before the first of ``before``; "/x": the
        end of x); its index. The section's other attributes stay (x14ac:knownFonts …)."""
        count = len(self._children(tag, child))
        if not child_xml.startswith("<" + self.p):  # ours, not a copy of the file's
            child_xml = xmltags.with_prefix(child_xml, self.p)
        section = xmltags.find(self.xml, tag)
        if section is not None:
            self.xml = xmltags.append_child(self.xml, section, child_xml,
                                            section.with_attrs({"count": str(count + 1)}))
            return count
        root = xmltags.find(self.xml, "styleSheet")
        spots = [found.close().start if b.startswith("/") else found.start
                 for b in before if (found := xmltags.find(self.xml, b.lstrip("/")))]
        pos = spots[0] if spots else root.end if root else 0
        self.xml = self.xml[:pos] + f'<{self.p}{tag} count="1">{child_xml}</{self.p}{tag}>' + self.xml[pos:]
        return 0

    def add_font(self, size: float = 16, bold: bool = False, color: str | None = None,
                 underline: bool = False, italic: bool = False) -> int:
        parts = ["<b/>" if bold else "", "<i/>" if italic else "", "<u/>" if underline else "",
                 f'<sz val="{size}"/>', f'<color rgb="FF{color}"/>' if color else "",
                 f'<name val="{FONT}"/>', '<family val="2"/>']
        return self._append("fonts", "<font>" + "".join(parts) + "</font>", "font",
                            before=("fills",))

    def add_fill(self, rgb: str) -> int:
        xml = f'<fill><patternFill patternType="solid"><fgColor rgb="FF{rgb}"/><bgColor indexed="64"/></patternFill></fill>'
        return self._append("fills", xml, "fill", before=("borders",))

    def add_border(self) -> int:
        side = '<{0} style="thin"><color rgb="FFA6A6A6"/></{0}>'
        xml = "<border>" + "".join(side.format(s) for s in ("left", "right", "top", "bottom")) + "<diagonal/></border>"
        return self._append("borders", xml, "border", before=("cellStyleXfs", "cellXfs"))

    def add_numfmt(self, code: str) -> int:
        formats = {t.get("formatCode"): t.get("numFmtId") or "" for t in xmltags.elements(self.xml, "numFmt")}
        if (found := formats.get(code)) and found.isdigit():
            return int(found)
        ids = [int(i) for i in formats.values() if i.isdigit()]
        new_id = max([163, *ids]) + 1
        self._append("numFmts", f'<numFmt numFmtId="{new_id}" formatCode={attr(code)}/>', "numFmt",
                     before=("fonts",))
        return new_id

    def add_dxf(self, color: str, fill: str) -> int:
        """A differential format (conditional formatting): bold ``color`` text on ``fill``."""
        xml = (f'<dxf><font><b/><color rgb="FF{color}"/></font><fill><patternFill>'
               f'<bgColor rgb="FF{fill}"/></patternFill></fill></dxf>')
        return self._append("dxfs", xml, "dxf", before=("tableStyles", "colors", "extLst", "/styleSheet"))

    def dxf(self, name: str) -> int:
        """The differential format of a named look (its text colour and fill), created once."""
        if name not in self._dxfs:
            look = LOOKS[name]
            self._dxfs[name] = self.add_dxf(look.color or "000000", look.fill or "FFFFFF")
        return self._dxfs[name]

    def add_xf(self, font: int = 0, fill: int = 0, border: int = 0, numfmt: int = 0,
               align: str = "") -> int:
        xml = (f'<xf numFmtId="{numfmt}" fontId="{font}" fillId="{fill}" borderId="{border}" xfId="0"'
               f' applyNumberFormat="1" applyFont="1" applyFill="1" applyBorder="1"'
               + (f' applyAlignment="1"><alignment {align}/></xf>' if align else "/>"))
        return self._append("cellXfs", xml, "xf", before=("cellStyles", "dxfs"))

    def wrapping(self) -> list[bool]:
        """Whether each cell format (by index) wraps its text."""
        return [(found := xmltags.find(xf, "alignment")) is not None and found.get("wrapText") in ("1", "true")
                for xf in self._children("cellXfs", "xf")]

    # --- named styles for generated sheets --------------------------------------------------
    def named(self, name: str) -> int:
        """The cell format of a generated-sheet style, created once per package."""
        if name not in self._named:
            self._named[name] = self._make(name)
        return self._named[name]

    def _make(self, name: str) -> int:
        look = LOOKS[name]
        font = self.add_font(look.size, bold=look.bold, color=look.color, underline=look.underline,
                             italic=look.italic)
        align = 'vertical="top" wrapText="1"' if look.wrap else 'vertical="top"'
        if look.shrink:
            align = 'vertical="top" shrinkToFit="1"'
        if look.center:
            align = 'horizontal="center" vertical="center" wrapText="1"'
        return self.add_xf(font=font, fill=self.add_fill(look.fill) if look.fill else 0,
                           border=self.add_border() if look.border else 0,
                           numfmt=self.add_numfmt(look.numfmt) if look.numfmt else 0, align=align)

    # --- highlights ---------------------------------------------------------------------------
    def highlight(self, base: int, color: str) -> int:
        """A copy of cell format ``base`` with a solid ``color`` fill."""
        key = (base, color)
        if key not in self._highlights:
            xfs = self._children("cellXfs", "xf")
            xf = xfs[base] if base < len(xfs) else xfs[0]
            fill = self.add_fill(color)
            xf = with_attrs(xf, {"fillId": str(fill), "applyFill": "1"})
            self._highlights[key] = self._append("cellXfs", xf, "xf", before=("cellStyles", "dxfs"))
        return self._highlights[key]


def with_attrs(element: str, values: dict[str, str | None]) -> str:
    """An element's text with attributes of its start tag set first (or removed with None)."""
    tag = next(xmltags.tags(element))
    return tag.with_attrs(values, first=True) + element[tag.end:]


Style = int | Callable[[int], int]


def restyle(sheet_xml: str, styles: dict[str, Style]) -> tuple[str, dict[str, int]]:
    """Set the style index of cells (A1 -> index, or a function of the cell's current index);
    returns the new XML and the old indexes.

    Cells that do not exist yet are inserted empty (with their style), in column order; rows
    that do not, in row order. One pass over the rows and one splice (a search per row would be
    quadratic on a sheet of 50,000 rows)."""
    old: dict[str, int] = {}
    by_row: dict[int, list[tuple[int, str, Style]]] = {}
    for ref, s in styles.items():
        row, col = parse_cell(ref)
        by_row.setdefault(row, []).append((col, ref, s))
    data = xmltags.find(sheet_xml, "sheetData")
    if data is None:
        raise ValueError("a worksheet without <sheetData>")
    rows: list[tuple[int, xmltags.Tag]] = []
    if not data.empty:  # rows are only in sheetData: no search for its end tag
        for tag in xmltags.elements(sheet_xml, "row", start=data.end):
            r = tag.get("r") or ""
            if r.isdigit():
                rows.append((int(r), tag))
    edits: list[tuple[int, int, str]] = []
    present = {n for n, _ in rows}
    for n, tag in rows:
        if n in by_row and n in present:
            present.discard(n)  # the first row of that number only
            edits += _restyle_row(sheet_xml, tag, sorted(by_row[n], key=lambda c: c[0]), old)
    missing = sorted(set(by_row) - {n for n, _ in rows})
    p, numbers = data.prefix, [n for n, _ in rows]  # rows are in ascending order (CT_SheetData)
    new_rows: dict[int, list[str]] = {}
    for n in missing:
        at = bisect.bisect_right(numbers, n)
        cells = "".join(_new_cell(p, ref, s, old) for _, ref, s in sorted(by_row[n], key=lambda c: c[0]))
        new_rows.setdefault(at, []).append(f'<{p}row r="{n}">{cells}</{p}row>')
    for at, made in new_rows.items():
        if at < len(rows):
            edits.append((rows[at][1].start, rows[at][1].start, "".join(made)))
        elif data.empty:
            edits.append((data.start, data.end, f"{data.text[:-2].rstrip()}>{''.join(made)}</{data.qname}>"))
        else:
            close = data.close().start
            edits.append((close, close, "".join(made)))
    return xmltags.splice(sheet_xml, edits), old


def _style_index(value: str | None) -> int:
    """A cell's style index; a damaged one ("-1", "x") is the default format 0 (issue 18)."""
    return int(value) if value and value.isdigit() else 0


def _new_cell(prefix: str, ref: str, style: Style, old: dict[str, int]) -> str:
    old[ref] = 0
    return f'<{prefix}c r="{ref}" s="{style(0) if callable(style) else style}"/>'


def _restyle_row(xml: str, row: xmltags.Tag, wanted: list[tuple[int, str, Style]],
                 old: dict[str, int]) -> list[tuple[int, int, str]]:
    """The edits that give the cells ``wanted`` (column, ref, style) of ``row`` their style."""
    p = row.prefix
    if row.empty:
        cells = "".join(_new_cell(p, ref, s, old) for _, ref, s in wanted)
        return [(row.start, row.end, f"{row.text[:-2].rstrip()}>{cells}</{row.qname}>")]
    found: dict[str, xmltags.Tag] = {}
    columns: list[tuple[int, int]] = []  # (column, start) of each cell, in order
    close = len(xml)
    for c in xmltags.tags(xml, "c", "row", start=row.end):  # one scan, up to the row's end tag
        if c.local == "row":
            close = c.start
            break
        if c.closing:
            continue
        r = c.get("r") or ""
        found.setdefault(r, c)
        try:
            columns.append((parse_cell(r)[1], c.start))
        except ValueError:
            continue
    edits = []
    for col, ref, s in wanted:
        if (cell := found.get(ref)) is not None:
            own = _style_index(cell.get("s"))
            old[ref] = own
            edits.append((cell.start, cell.end, cell.with_attrs({"s": str(s(own) if callable(s) else s)}, after="r")))
        else:
            at = next((start for c, start in columns if c > col), close)
            edits.append((at, at, _new_cell(p, ref, s, old)))
    return edits
