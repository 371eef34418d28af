"""The far corner of a worksheet, read from its XML before python-calamine reads it: a cell
reference or a dimension far out makes calamine allocate a grid of billions of cells, and the
process aborts (no exception). readers/package.py refuses such a sheet with a sentence.

Most sheets are told by one search: no reference of two letters (a column past Z) and none of six
digits (a row past 99,999) means a grid within SMALL_GRID. Only otherwise are the references read
one by one. Standard library only.
"""
from __future__ import annotations

import re
import zipfile

from ..core.a1 import column_number

MAX_ROW, MAX_COLUMN = 1_048_576, 16_384  # Excel's grid (XFD1048576)
MAX_GRID_CELLS = 20_000_000  # rows × columns a reader allocates for one sheet (~640 MB in calamine)
# a cell reference in a worksheet: <c r="XFD1048576"> and <dimension ref="A1:XFD1048576">
_CELL_REF = re.compile(rb'\sr="\$?([A-Za-z]{1,4})\$?([0-9]{1,9})"')  # only cells have r="A1" refs
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\sref="([^"]*)"')
# A reference that may lie past SMALL_GRID: two letters, or a row of six digits. A literal prefix
# (' r="') makes the search fast; a reference after other white space (_CELL_REF's \s) sends the
# chunk the exact way, and so does any "$" among its first two characters (no writer puts one in a
# cell's r: one class for both, which costs the search a quarter less than an optional "$").
_FAR = re.compile(rb' r="[A-Za-z$](?:[A-Za-z$]|[0-9]{6})')
SMALL_GRID = (99_999, 26)
_A1 = re.compile(r"\$?([A-Za-z]{1,4})\$?([0-9]{1,9})")


def _grid(ref: str) -> tuple[int, int] | None:
    """(row, column) of the far corner of an A1 reference or range; None when it is none."""
    corners = [m for p in ref.split(":") if (m := _A1.fullmatch(p))]
    if not corners or len(corners) != len(ref.split(":")):
        return None
    return (max(int(m[2]) for m in corners), max(column_number(m[1]) for m in corners))


def far_corner(chunk: bytes, tail: bytes, exact: bool = False,
               head: bool = True) -> tuple[int, int, bytes, bool]:
    """The largest row and column referenced by the cells and (in the ``head`` of the part,
    before its cells) the dimension in ``tail + chunk``; the bytes after the last complete tag,
    to prefix to the next chunk; and whether the references were read one by one. Unless
    ``exact``, a chunk whose references are all within SMALL_GRID gives that bound instead (one
    search, not a list of every reference)."""
    data = tail + chunk
    cut = data.rfind(b">") + 1
    if not exact and not _after_other_space(data) \
            and not _FAR.search(data, 0, cut):
        (rows, cols), exact = SMALL_GRID, False
    else:
        refs = _CELL_REF.findall(data, 0, cut)
        rows = max(map(int, {r for _, r in refs}), default=0)
        cols = max(map(column_number, {c.decode("ascii") for c, _ in refs}), default=0)
        exact = True
    # the tag's name, then the tag from its "<": before the cells, where the schema puts it and
    # readers look (python-calamine 0.9.1 does not size its grid by it)
    at = data.find(b"dimension", 0, cut) if head else -1
    while at != -1:
        m = _DIMENSION.match(data, data.rfind(b"<", 0, at), cut)
        if m and (corner := _grid(m[1].decode("ascii", "replace"))):
            rows, cols = max(rows, corner[0]), max(cols, corner[1])
        at = data.find(b"dimension", at + 1, cut)
    return rows, cols, data[cut:][-4096:], exact


def _after_other_space(data: bytes) -> bool:
    """Whether an r=" may follow white space other than a space (a tab, a line break: a
    pretty-printed part): then the references are read one by one. A few line breaks (Excel's
    after the XML declaration) are looked at one by one, at memchr speed."""
    for space in b"\t\n\r\x0b\x0c":
        at = data.find(space)
        for _ in range(64):
            if at == -1:
                break
            if data.startswith(b'r="', at + 1):
                return True
            at = data.find(space, at + 1)
        else:
            return True  # many: read them all
    return False


def too_large(rows: int, cols: int) -> bool:
    return rows > MAX_ROW or cols > MAX_COLUMN or rows * cols > MAX_GRID_CELLS


def exact_corner(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, int]:
    """The far corner of a worksheet whose bounds, taken chunk by chunk, looked too large: its
    references read one by one (a second pass, only for such a sheet)."""
    rows = cols = 0
    tail = b""
    head = True
    with zf.open(info) as fh:
        while block := fh.read(1 << 20):
            r, c, after, _exact = far_corner(block, tail, exact=True, head=head)
            rows, cols, head, tail = max(rows, r), max(cols, c), head and not cells_begin(tail + block), after
    return rows, cols


def cells_begin(data: bytes) -> bool:
    """Whether the cells of a worksheet begin in ``data`` (its sheetData): the head ends there."""
    return b"sheetData" in data
