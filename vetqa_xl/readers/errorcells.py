"""Error cells (#DIV/0!, #N/A, ...) of an .xlsx/.xlsm, read from the worksheet XML itself.

python-calamine returns an error cell as an empty string (upstream python-calamine #105), so a
check on its values alone misses them. A worksheet stores such a cell as ``<c r="H7" t="e">
<v>#DIV/0!</v></c>``: each ``t="e"`` is found by a plain search and its cell read where it
stands, its tag and its first ``<v>`` (:func:`cells_of`); the reader puts their text into the
grids, where the checks report them as E_CELL_ERROR. readers/package.py's vetting, which
inflates every sheet check reads, does it as it passes: from the first piece of a sheet holding
an error value on (error_type_in: a "#", then ``t="e"``), it keeps the pieces and reads their
cells at the end; a sheet holding none is read no further. :func:`error_cells` does the same for
a sheet the vetting did not read. Until the sixth pass of issue 24 a second pass parsed each
sheet holding one (defusedxml's iterparse): most of a 1 s check when one count in forty of
10,000 rows was #N/A (docs/performance.md). Standard library and defusedxml only.
"""
from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from typing import IO, Any

from ..core.a1 import parse_cell

NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
ERROR_TYPE = b't="e"'  # an error cell (#DIV/0!, #N/A ...)
ErrorCells = dict[tuple[int, int], str]  # (row, column) 0-based: the error text
ERROR_TAIL = 1 << 16  # bytes from an error cell's t="e" to its value's "#", at most
_CHUNK = 1 << 18  # bytes of XML looked at at once


def _position(ref: str) -> tuple[int, int] | None:
    """(row, column), 0-based, of an A1 reference; None when it is none."""
    try:
        row, col = parse_cell(ref)
    except ValueError:
        return None
    return row - 1, col - 1


def error_type_in(block: bytes, tail: bytes) -> tuple[bool, bytes]:
    """Whether ``block``, read after ``tail`` (the end of the block before), holds an error
    cell's ``t="e"``; and the tail to keep for the next block. The vetting of readers/package.py
    scans the sheets it inflates with it too.
    An error cell holds its value (#N/A, #DIV/0! ...) after its t="e": a block without a "#"
    (one memchr, most blocks) holds no error cell's value, and one with a "#" is searched for
    t="e" with the end of the block before, where that cell's start tag and formula may begin
    (an Excel formula is at most 8,192 characters: under ERROR_TAIL bytes, escaped)."""
    found = b"#" in block and ERROR_TYPE in tail + block
    return found, block[-ERROR_TAIL:] if len(block) >= ERROR_TAIL else (tail + block)[-ERROR_TAIL:]


def _holds_error_cell(fh: IO[bytes]) -> bool:
    """Whether a part's XML holds an error cell's ``t="e"``: a chunk at a time, stopping at the first."""
    tail = b""
    while chunk := fh.read(_CHUNK):
        found, tail = error_type_in(chunk, tail)
        if found:
            return True
    return False


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """{sheet name: part name} from the workbook and its relationships."""
    from defusedxml.ElementTree import fromstring

    main = next((n for n in ("xl/workbook.xml",) if n in zf.namelist()), None)
    if main is None:
        return {}
    rels_name = posixpath.join(posixpath.dirname(main), "_rels", posixpath.basename(main) + ".rels")
    targets = {}
    if rels_name in zf.namelist():
        for rel in fromstring(zf.read(rels_name)).iter(NS_PKG_REL + "Relationship"):
            target = rel.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(posixpath.dirname(main), target))
            targets[rel.get("Id")] = part
    out = {}
    for sheet in fromstring(zf.read(main)).iter(NS_MAIN + "sheet"):
        part = targets.get(sheet.get(NS_REL + "id"))
        if part:
            out[sheet.get("name", "")] = part
    return out


def error_cells(path: str | Path, names: list[str]) -> dict[str, ErrorCells]:
    """{sheet name: {(row, col) 0-based: error text}} of the named sheets, those whose XML holds
    t="e" (the others are not read whole); {} for a file that is no OOXML package (calamine's
    own reading of .xls/.ods stands). For the sheets the vetting did not read: it reads the
    error cells of the others as it inflates them (readers/package.py)."""
    if not names:
        return {}
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return {}
    out: dict[str, ErrorCells] = {}
    with zf:
        parts = _sheet_parts(zf)
        for name in names:
            part = parts.get(name)
            if part is None or part not in zf.namelist():
                continue
            with zf.open(part) as fh:
                if not _holds_error_cell(fh):
                    continue
            found = cells_of(zf.read(part))
            if found:
                out[name] = found
    return out


# an error cell's start tag, matched at its "<" (group 1: "/" when it closes itself), its t
# attribute, its reference, its first <v> (group 1: the text; none for <v/>) and its end
_CELL_TAG = re.compile(rb'<(?:\w+:)?c\s[^>]*?(/?)>')
_TYPE_E = re.compile(rb'\st="e"')  # as every writer writes it (the vetting looks for it so)
_REF = re.compile(rb'\sr="([^"]*)"')
_VALUE = re.compile(rb'<(?:\w+:)?v(?:\s[^>]*)?(?:/>|>([^<]*)</(?:\w+:)?v>)')
_CELL_END = re.compile(rb'</(?:\w+:)?c>')
_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)
# The searches of a whole sheet, as patterns: re's search for a literal reads a sheet's XML in
# about 0.28 ms per MB, bytes.find and "in" about 0.47 (their last byte, '"' or "-", is common).
_COMMENT_BEGIN = re.compile(rb"<!--")
_ERROR_TYPE = re.compile(re.escape(ERROR_TYPE))


def cells_of(xml: bytes) -> ErrorCells:
    """{(row, col) 0-based: error text} of a worksheet's XML: each cell whose t is "e", with the
    text of its first <v> (stripped; #VALUE! when it has none), as ElementTree reads them."""
    if _COMMENT_BEGIN.search(xml):  # a t="e" in a comment is no cell
        xml = _COMMENT.sub(b"", xml)
    found: ErrorCells = {}
    for error_type in _ERROR_TYPE.finditer(xml):
        at = error_type.start()
        start = xml.rfind(b"<", 0, at)
        tag = _CELL_TAG.match(xml, start)
        if tag is not None and tag.end() > at and _TYPE_E.search(xml, start, tag.end()):
            ref = _REF.search(xml, start, tag.end())
            end = _CELL_END.search(xml, tag.end()) if not tag[1] else None
            value = _VALUE.search(xml, tag.end(), end.start()) if end is not None else None
            text = value[1] if value is not None else None
            if ref is not None and (pos := _position(ref[1].decode("utf-8", "replace"))) is not None:
                found[pos] = _text(text)
    return found


def _text(value: bytes | None) -> str:
    text = (value or b"#VALUE!").decode("utf-8", "replace")
    if "&" in text:  # an entity or a character reference, as the XML parser reads it
        from html import unescape

        text = unescape(text)
    return text.strip()


def put_error_cells(grid: list[list[Any]], cells: dict[tuple[int, int], str]) -> list[list[Any]]:
    """``grid`` with each error cell of one sheet (:func:`error_cells`) holding its error text,
    as Excel shows it."""
    for (r, c), text in cells.items():
        while len(grid) <= r:
            grid.append([])
        row = grid[r]
        if len(row) <= c:
            row.extend([""] * (c + 1 - len(row)))
        row[c] = text
    return grid
