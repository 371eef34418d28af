"""A small model of a generated worksheet, rendered to SpreadsheetML text.

Text is always written as an inline string (never a formula, whatever it starts with). A
formula carries the value it computes, when the writer knows it (``Formula.value``), as its
cached value: readers that do not recalculate (openpyxl ``data_only``, pandas, calamine, mail
and phone previews) show it. The workbook is still marked to recalculate on load
(``fullCalcOnLoad``), so Excel and LibreOffice compute every formula again when the file opens.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from ..core.ir import column_letter
from .ooxml import NS_MAIN, NS_REL
from .styles import StyleSheet, row_height

_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    """Text without the characters XML 1.0 cannot hold."""
    return _BAD_XML.sub("\ufffd", text)


class ErrorValue(str):
    """An error a formula evaluates to ("#N/A", "#VALUE!"): written as a cell of type e."""


@dataclass
class Formula:
    text: str  # without the leading "="
    value: object = None  # the cached value: number, bool, text ("" too), ErrorValue; None: none


@dataclass
class SheetModel:
    cells: dict[tuple[int, int], tuple[object, str]] = field(default_factory=dict)  # (row, col) -> (value, style)
    widths: dict[int, float] = field(default_factory=dict)
    hidden_cols: set[int] = field(default_factory=set)
    heights: dict[int, float] = field(default_factory=dict)
    merges: list[str] = field(default_factory=list)
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (ref, location, tooltip)
    freeze_row: int | None = None
    landscape: bool = False
    print_rows: str | None = None  # rows repeated on each printed page, e.g. "7:7"
    drawing_rid: str | None = None
    footer: str | None = None  # Excel header/footer codes (&P page, &N pages)
    conditional: list[tuple[str, str, str]] = field(default_factory=list)  # (sqref, formula, look)
    row_breaks: list[int] = field(default_factory=list)  # a new printed page after these rows
    # rows made only while rendering, after those of ``cells``: (row, [(col, value, style)])
    more_rows: Callable[[], Iterable[tuple[int, list[tuple[int, object, str]]]]] | None = None

    def set(self, row: int, col: int, value: object, style: str = "") -> None:
        self.cells[(row, col)] = (value, style)


def _cell(ref: str, value: object, s: int | None) -> str:
    st = f' s="{s}"' if s is not None else ""
    if value is None:
        return f'<c r="{ref}"{st}/>'
    if isinstance(value, Formula):
        return _formula(ref, st, value)
    if isinstance(value, bool):
        return f'<c r="{ref}"{st} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"{st}><v>{value!r}</v></c>'
    text = escape(clean(str(value)))
    return f'<c r="{ref}"{st} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _formula(ref: str, st: str, formula: Formula) -> str:
    f, v = f"<f>{escape(clean(formula.text))}</f>", formula.value
    if v is None:
        return f'<c r="{ref}"{st}>{f}</c>'
    if isinstance(v, ErrorValue):
        return f'<c r="{ref}"{st} t="e">{f}<v>{escape(v)}</v></c>'
    if isinstance(v, bool):
        return f'<c r="{ref}"{st} t="b">{f}<v>{int(v)}</v></c>'
    if isinstance(v, (int, float)):
        return f'<c r="{ref}"{st}>{f}<v>{v!r}</v></c>'
    return f'<c r="{ref}"{st} t="str">{f}<v>{escape(clean(str(v)))}</v></c>'


FOOTER_FONT = '&"TH Sarabun New,Regular"&12'
# Excel's &D prints the Gregorian date (or whatever the printing PC's locale gives): a written
# file carries its own date as พ.ศ. text, a blank form a line to write the date on.
DATE_LINE = "วันที่ ...... เดือน ............ พ.ศ. ........"


def footer(left: str, right: str = DATE_LINE) -> str:
    """A page footer: ``left``, page n of m in the middle, ``right`` (a date in พ.ศ.)."""
    esc = lambda t: t.replace("&", "&&")  # noqa: E731
    return (f"&L{FOOTER_FONT}{esc(left)}&C{FOOTER_FONT}หน้า &P จาก &N"
            f"&R{FOOTER_FONT}{esc(right)}")


def render(sheet: SheetModel, styles: StyleSheet) -> str:
    return "".join(render_chunks(sheet, styles))


def render_chunks(sheet: SheetModel, styles: StyleSheet) -> Iterator[str]:
    """The sheet's XML in pieces (a row of ``more_rows`` at a time)."""
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">',
           '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>']
    view = '<sheetViews><sheetView workbookViewId="0"'
    if sheet.freeze_row:
        r = sheet.freeze_row
        view += (f'><pane ySplit="{r - 1}" topLeftCell="A{r}" activePane="bottomLeft" state="frozen"/>'
                 f'</sheetView></sheetViews>')
    else:
        view += "/></sheetViews>"
    out.append(view)
    out.append(f'<sheetFormatPr defaultRowHeight="{row_height()}" customHeight="1"/>')
    cols = sorted(set(sheet.widths) | sheet.hidden_cols)
    if cols:
        out.append("<cols>")
        for c in cols:
            hidden = ' hidden="1"' if c in sheet.hidden_cols else ""
            out.append(f'<col min="{c}" max="{c}" width="{sheet.widths.get(c, 9)}" customWidth="1"{hidden}/>')
        out.append("</cols>")
    out.append("<sheetData>")
    rows: dict[int, list[int]] = {}
    for r, c in sheet.cells:
        rows.setdefault(r, []).append(c)
    for r in sorted(rows):
        ht = f' ht="{sheet.heights[r]}" customHeight="1"' if r in sheet.heights else ""
        out.append(f'<row r="{r}"{ht}>')
        for c in sorted(rows[r]):
            value, style = sheet.cells[(r, c)]
            out.append(_cell(f"{column_letter(c - 1)}{r}", value, styles.named(style) if style else None))
        out.append("</row>")
    if sheet.more_rows:
        yield "".join(out)
        for r, cells in sheet.more_rows():
            ht = f' ht="{sheet.heights[r]}" customHeight="1"' if r in sheet.heights else ""
            yield (f'<row r="{r}"{ht}>'
                   + "".join(_cell(f"{column_letter(c - 1)}{r}", value, styles.named(style) if style else None)
                             for c, value, style in cells) + "</row>")
        out = []
    out.append("</sheetData>")
    if sheet.merges:
        out.append(f'<mergeCells count="{len(sheet.merges)}">'
                   + "".join(f'<mergeCell ref="{m}"/>' for m in sheet.merges) + "</mergeCells>")
    for n, (sqref, formula, look) in enumerate(sheet.conditional, start=1):
        out.append(f'<conditionalFormatting sqref="{sqref}"><cfRule type="expression" dxfId="{styles.dxf(look)}" '
                   f'priority="{n}"><formula>{escape(formula)}</formula></cfRule></conditionalFormatting>')
    if sheet.links:
        out.append("<hyperlinks>" + "".join(
            f'<hyperlink ref="{ref}" location={quoteattr(clean(loc))} tooltip={quoteattr(clean(tip))} '
            f'display={quoteattr(clean(ref))}/>' for ref, loc, tip in sheet.links) + "</hyperlinks>")
    out.append('<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>')
    orientation = "landscape" if sheet.landscape else "portrait"
    out.append(f'<pageSetup paperSize="9" orientation="{orientation}" fitToWidth="1" fitToHeight="0"/>')
    if sheet.footer:
        out.append(f"<headerFooter><oddFooter>{escape(clean(sheet.footer))}</oddFooter></headerFooter>")
    if sheet.row_breaks:
        out.append(f'<rowBreaks count="{len(sheet.row_breaks)}" manualBreakCount="{len(sheet.row_breaks)}">'
                   + "".join(f'<brk id="{r}" max="16383" man="1"/>' for r in sheet.row_breaks) + "</rowBreaks>")
    if sheet.drawing_rid:
        out.append(f'<drawing r:id="{sheet.drawing_rid}"/>')
    out.append("</worksheet>")
    yield "".join(out)
