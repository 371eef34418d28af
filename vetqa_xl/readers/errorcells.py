"""Error cells (#DIV/0!, #N/A, ...) of an .xlsx/.xlsm, read from the worksheet XML itself.

python-calamine returns an error cell as an empty string (upstream python-calamine #105), so a
check on its values alone misses them. A worksheet stores such a cell as ``<c r="H7" t="e">
<v>#DIV/0!</v></c>``; this module finds those cells, in a streaming parse (defusedxml) of only
the sheets whose XML holds ``t="e"`` at all, and puts their text into the grids, where the
checks report them as E_CELL_ERROR. Whether a sheet holds ``t="e"`` is what readers/package.py's
vetting, which inflates every sheet check reads, tells (``holds_errors``): the sheets that hold
none are not opened again, and when none does the package is not opened at all. Without it (a
sheet the vetting did not read), one streaming pass over its XML, a chunk at a time, that stops
at the first one (see docs/performance.md). Standard library and defusedxml only.
"""
from __future__ import annotations

import contextlib
import posixpath
import zipfile
from pathlib import Path
from typing import IO, Any

from ..core.a1 import parse_cell

NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
ERROR_TYPE = b't="e"'  # an error cell (#DIV/0!, #N/A ...)
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
    """Whether a part's XML holds ``t="e"``: read a chunk at a time, stopping at the first."""
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


def error_cells(path: str | Path, names, holds_errors: dict[str, bool] | None = None
                ) -> dict[str, dict[tuple[int, int], str]]:
    """{sheet name: {(row, col) 0-based: error text}} of the named sheets; {} for a file that
    is no OOXML package (calamine's own reading of .xls/.ods stands). ``holds_errors``: {sheet
    name: whether its XML holds ``t="e"``}, as the package's vetting found (a sheet it does not
    name is looked at here)."""
    known = holds_errors or {}
    names = [name for name in names if known.get(name, True)]
    if not names:
        return {}
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return {}
    out: dict[str, dict[tuple[int, int], str]] = {}
    with zf:
        parts = _sheet_parts(zf)
        for name in names:
            part = parts.get(name)
            if part is None or part not in zf.namelist():
                continue
            if name not in known:
                with zf.open(part) as fh:
                    if not _holds_error_cell(fh):
                        continue
            found: dict[tuple[int, int], str] = {}
            with zf.open(part) as fh, contextlib.suppress(ParseError, DefusedXmlException):
                # calamine parses this sheet too: XML it accepts and we refuse adds nothing
                for _, el in iterparse(fh, events=("end",)):
                    if el.tag != NS_MAIN + "c":
                        if el.tag == NS_MAIN + "row":
                            el.clear()
                        continue
                    if el.get("t") == "e" and (pos := _position(el.get("r", ""))) is not None:
                        v = el.find(NS_MAIN + "v")
                        found[pos] = (v.text or "#VALUE!").strip() if v is not None else "#VALUE!"
            if found:
                out[name] = found
    return out


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
