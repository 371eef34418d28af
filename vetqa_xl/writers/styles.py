"""Append styles to a package's styles.xml and restyle single cells of a worksheet, as text.

Existing styles keep their indexes; new fonts, fills, borders, number formats and cell
formats are appended. A highlight is a copy of the cell's own format with another fill, so
the cell keeps its font, borders and number format.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from .ooxml import NS_REL, Package, attr

DATE_FORMAT = "[$-107041E]d mmm yyyy"  # Thai Buddhist calendar: 15 มิ.ย. 2568 (Excel and LibreOffice)

REL_STYLES = NS_REL + "/styles"
FONT = "TH Sarabun New"


def _col_index(ref: str) -> int:
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n


def split_ref(ref: str) -> tuple[int, int]:
    """"E12" -> (12, 5)."""
    m = re.match(r"([A-Z]+)(\d+)$", ref)
    return int(m.group(2)), _col_index(m.group(1))


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
        self.p = re.search(r"<(\w+:)?styleSheet\b", self.xml).group(1) or ""
        self._named: dict[str, int] = {}
        self._highlights: dict[tuple[int, str], int] = {}
        self._dxfs: dict[str, int] = {}

    def save(self) -> None:
        self.pkg.put(self.part, self.xml)

    # --- sections ------------------------------------------------------------------
    def _prefixed(self, xml: str) -> str:
        """Our unprefixed markup in the file's prefix (every tag is SpreadsheetML)."""
        return re.sub(r"<(/?)(\w+)\b", lambda m: f"<{m.group(1)}{self.p}{m.group(2)}", xml) if self.p else xml

    def _children(self, tag: str, child: str) -> list[str]:
        tag, child = self.p + tag, self.p + child
        m = re.search(rf"<{tag}\b[^>]*?(/>|>(.*?)</{tag}>)", self.xml, re.S)
        if not m or m.group(1) == "/>":
            return []
        return re.findall(rf"<{child}\b(?:[^>]*?/>|[^>]*?>.*?</{child}>)", m.group(2), re.S)

    def _append(self, tag: str, child_xml: str, child: str, before: tuple[str, ...] = ()) -> int:
        """Append a child to a section (creating it before the first of ``before``); its index."""
        count = len(self._children(tag, child))
        if not child_xml.startswith("<" + self.p):  # ours, not a copy of the file's
            child_xml = self._prefixed(child_xml)
        tag = self.p + tag
        before = tuple("/" + self.p + b[1:] if b.startswith("/") else self.p + b for b in before)
        m = re.search(rf"<{tag}\b[^>]*?(/>|>(.*?)</{tag}>)", self.xml, re.S)
        if m is None:
            section = f'<{tag} count="1">{child_xml}</{tag}>'
            pos = next((self.xml.find(f"<{b}") for b in before if f"<{b}" in self.xml), None)
            if pos is None:
                pos = self.xml.find(">", self.xml.find(f"<{self.p}styleSheet")) + 1
            self.xml = self.xml[:pos] + section + self.xml[pos:]
            return 0
        inner = m.group(2) or ""
        section = f'<{tag} count="{count + 1}">{inner}{child_xml}</{tag}>'
        self.xml = self.xml[:m.start()] + section + self.xml[m.end():]
        return count

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
        ids = [int(i) for i in re.findall(r'numFmtId="(\d+)"', self.xml)]
        existing = re.search(r'<(?:\w+:)?numFmt\b[^>]*numFmtId="(\d+)"[^>]*formatCode=' + re.escape(attr(code)),
                             self.xml)
        if existing:
            return int(existing.group(1))
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
        return [bool(re.search(r'<(?:\w+:)?alignment\b[^>]*\bwrapText="(1|true)"', xf))
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
            xf = re.sub(r'\s(fillId|applyFill)="[^"]*"', "", xf)
            xf = re.sub(r"^<(\w+:)?xf\b", lambda m: f'<{m.group(1) or ""}xf fillId="{fill}" applyFill="1"', xf)
            self._highlights[key] = self._append("cellXfs", xf, "xf", before=("cellStyles", "dxfs"))
        return self._highlights[key]


_ROW = re.compile(r'<(?P<p>(?:\w+:)?)row\b[^>]*?\br="(?P<n>\d+)"[^>]*?(?:/>|>.*?</(?P=p)row>)', re.S)


def restyle(sheet_xml: str, styles: dict[str, int | Callable[[int], int]]) -> tuple[str, dict[str, int]]:
    """Set the style index of cells (A1 -> index, or a function of the cell's current index);
    returns the new XML and the old indexes.

    Cells that do not exist yet are inserted empty (with their style), in column order.
    One pass over the rows (a search per row would be quadratic on a sheet of 50,000 rows)."""
    old: dict[str, int] = {}
    by_row: dict[int, dict[str, int]] = {}
    for ref, s in styles.items():
        by_row.setdefault(split_ref(ref)[0], {})[ref] = s
    present = {int(n) for n in re.findall(r'<(?:\w+:)?row\b[^>]*?\br="(\d+)"', sheet_xml)}
    missing = sorted(set(by_row) - present)
    if missing:
        p = re.search(r"<(\w+:)?sheetData\b", sheet_xml).group(1) or ""  # the file's own prefix
        for n in missing:
            sheet_xml = _insert_row(sheet_xml, n, f'<{p}row r="{n}"></{p}row>')
    done: set[int] = set()

    def one_row(m: re.Match) -> str:
        n = int(m["n"])
        if n not in by_row or n in done:
            return m.group(0)
        done.add(n)
        row = m.group(0)
        if row.endswith("/>"):
            row = row[:-2] + f"></{m['p']}row>"
        for ref, s in by_row[n].items():
            row, old[ref] = _restyle_cell(row, ref, s)
        return row

    return _ROW.sub(one_row, sheet_xml), old


def _insert_row(xml: str, n: int, row: str) -> str:
    if re.search(r"<(\w+:)?sheetData\s*/>", xml):
        return re.sub(r"<(\w+:)?sheetData\s*/>", lambda m: f"<{m.group(1) or ''}sheetData>{row}</{m.group(1) or ''}sheetData>", xml)
    for m in re.finditer(r'<(\w+:)?row\b[^>]*?\br="(\d+)"', xml):
        if int(m.group(2)) > n:
            return xml[:m.start()] + row + xml[m.start():]
    close = re.search(r"</(\w+:)?sheetData>", xml)
    return xml[:close.start()] + row + xml[close.start():]


_CELL_TAG = re.compile(r'<(\w+:)?c\b[^>]*?\br="([^"]*)"[^>]*?(/?)>')  # one pattern: 100,000 refs compile none
_STYLE_ATTR = re.compile(r'(?<![\w:])s="([^"]*)"')


def _style_index(value: str) -> int:
    """A cell's style index; a damaged one ("-1", "x") is the default format 0 (issue 18)."""
    return int(value) if value.isdigit() else 0


def _restyle_cell(row: str, ref: str, style: int | Callable[[int], int]) -> tuple[str, int]:
    new_style = style if callable(style) else (lambda _old: style)
    m = next((c for c in _CELL_TAG.finditer(row) if c.group(2) == ref), None)
    if m:
        tag = m.group(0)
        old = _STYLE_ATTR.search(tag)
        own = _style_index(old.group(1)) if old else 0
        s = new_style(own)
        if old:
            new = tag[:old.start()] + f's="{s}"' + tag[old.end():]
        else:
            new = tag.replace(f'r="{ref}"', f'r="{ref}" s="{s}"', 1)
        return row[:m.start()] + new + row[m.end():], own
    s = new_style(0)
    col = split_ref(ref)[1]
    prefix = re.match(r"<(\w+:)?row", row).group(1) or ""
    cell = f'<{prefix}c r="{ref}" s="{s}"/>'
    for c in re.finditer(r'<(\w+:)?c\b[^>]*?\br="([A-Z]+)\d+"', row):
        if _col_index(c.group(2)) > col:
            return row[:c.start()] + cell + row[c.start():], 0
    close = row.rfind("</")
    return row[:close] + cell + row[close:], 0
