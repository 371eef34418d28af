"""The cells of a worksheet whose value its type cannot hold, or whose cell format or shared
string the file does not define: Excel "repairs" such a file and openpyxl refuses it, so the
writers' vetting (readers/package.py, ``whole``) refuses it first, a piece of XML at a time.
Standard library only.
"""
from __future__ import annotations

import functools
import re
import zipfile
from typing import cast

# A cell whose value its type cannot hold: Excel "repairs" such a file and other readers fail
# on it (check reads them, and reports nan or inf as not a number). A number (no t, or t="n")
# that is no number, a boolean not 0 or 1, a shared string whose index is no integer, a date that is no
# ISO date, or a type that does not exist. Compiled when the writers' vetting first needs it
# (1 ms that check need not spend).
_F = rb'\s*(?:<(?:\w+:)?f\b[^>]*/>|<(?:\w+:)?f\b[^>]*>[^<]*</(?:\w+:)?f>)?\s*<(?:\w+:)?v>'
_BAD_NUMBER = (
    rb'<(?:\w+:)?c\b(?:(?!\st=")[^>])*(?:\st="n"[^>]*)?(?<!/)>' + _F
    + rb'(?!(?:\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*|)</)'
    + rb'|<(?:\w+:)?c\b[^>]*?\st="(?:b"[^>]*?(?<!/)>' + _F + rb'(?!\s*[01]\s*</)'
    + rb'|s"[^>]*?(?<!/)>' + _F + rb'(?!\s*\d+\s*</)'
    + rb'|d"[^>]*?(?<!/)>' + _F + rb'(?!\s*\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?:T[^<]*)?\s*</)'
    + rb'|(?!(?:b|s|d|n|e|str|inlineStr)")[^"]*")')


@functools.cache
def _bad_number() -> re.Pattern[bytes]:
    return re.compile(_BAD_NUMBER)


def limits(zf: zipfile.ZipFile, names: set[str]) -> tuple[int, int]:
    """(cell formats in styles.xml, strings in sharedStrings.xml): the indexes a cell may use."""
    styles = zf.read("xl/styles.xml")
    xfs = re.search(rb"<(?:\w+:)?cellXfs\b.*?</(?:\w+:)?cellXfs>", styles, re.DOTALL)
    formats = len(re.findall(rb"<(?:\w+:)?xf\b", xfs[0])) if xfs else 0
    shared = 0
    if "xl/sharedStrings.xml" in names:
        with zf.open("xl/sharedStrings.xml") as fh:
            tail = b""
            while block := fh.read(1 << 20):
                data = tail + block
                shared += len(re.findall(rb"<(?:\w+:)?si\b", data[:len(data) - 8]))
                tail = data[len(data) - 8:]
            shared += len(re.findall(rb"<(?:\w+:)?si\b", tail))
    return max(formats, 1), shared


_STYLE_OF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\ss="([^"]*)"')
_SHARED_OF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\st="s"[^>]*?(?<!/)>\s*<(?:\w+:)?v>\s*(\d+)\s*<')


def _bad_index(cells: bytes, cut: int, limits: tuple[int, int]) -> bytes | None:
    """A cell format or shared string index of the cells in ``cells[:cut]`` that the file
    does not define (openpyxl and Excel fail on it): the cell's start tag, else None."""
    formats, shared = limits
    for value in set(_STYLE_OF.findall(cells, 0, cut)):
        if not value.isdigit() or int(value) >= formats:
            return cast(re.Match[bytes], re.search(rb'<(?:\w+:)?c\b[^>]*?\ss="' + re.escape(value) + b'"', cells))[0]
    indexes = set(_SHARED_OF.findall(cells, 0, cut))
    if indexes and max(map(int, indexes)) >= shared:
        worst = max(indexes, key=int)
        found = re.search(rb'<(?:\w+:)?c\b[^>]*?\st="s"[^>]*?>\s*<(?:\w+:)?v>\s*' + worst + rb'\s*<', cells)
        return cast(re.Match[bytes], found)[0]
    return None


def bad_cell(cells: bytes, cut: int, limits: tuple[int, int] | None) -> tuple[str, str] | None:
    """A cell of ``cells[:cut]`` whose value its type cannot hold ("bad_cell_value"), or whose
    cell format or shared-string index the file does not define ("bad_cell_index"), with its
    reference; None when there is none."""
    kind, tag = "bad_cell_value", _bad_number().search(cells, 0, cut)
    found = tag[0] if tag is not None else None
    if found is None and limits is not None:
        kind, found = "bad_cell_index", _bad_index(cells, cut, limits)
    if found is None:
        return None
    ref = re.search(rb'\sr="([^"]*)"', found)
    return kind, ref[1].decode("ascii", "replace") if ref else "?"
