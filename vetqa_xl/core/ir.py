"""The intermediate representation (IR) of a filled workbook. Pure standard library.

A reader (a file through python-calamine, or a live Excel book through xlwings) produces
plain grids — ``{sheet name: [[cell value, ...], ...]}`` with the first row and column at
A1 — and :func:`build_ir` turns them into the IR: per form sheet, the rows keyed by header
label, each value carrying its cell address. The IR knows nothing about where the values
came from, and nothing about what they mean (that is the checks' business).
Plain classes, no dataclasses (and no ``from __future__ import annotations``, whose annotation
text typing would compile): a reader imports this module before calamine parses, and loading
dataclasses (with inspect) cost ~4.6 ms of every check's start.
"""
import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import compress, count, repeat
from operator import itemgetter, not_
from typing import NamedTuple

from ..form import FORM, META_FORM_ID, META_FORM_VERSION, Form, Sheet
from .normalise import fold_text, is_blank

HEADER_SEARCH_ROWS = 10  # FORM.md: the header row lies within the first 10 rows
KEYVALUE_SEARCH_ROWS = 40

Grid = Sequence[Sequence[object]]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector off while a workbook is read (a list per row, then the IR) and checked.

    A check makes a few objects per row (the row's values, its record and value dict) and no
    reference cycles: each collector pass walks all of them and frees nothing, and on 50,000
    rows those passes were a fifth of the check (docs/performance.md). Memory is freed by
    reference counting as before; any cycle is collected after. The state is restored, so a
    caller that holds the collector off itself keeps it off.
    What the read made is then moved to the oldest generation (gc.freeze, then gc.unfreeze: two
    list splices) rather than left in the youngest, whose next pass, at the first allocation
    after, would walk every one of them once more: 54 ms on a 20,000-row sheet, a tenth of the
    check. A caller's own frozen objects are left frozen."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            if not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    """A1 address from 0-based row and column indexes."""
    return f"{column_letter(col)}{row + 1}"


class Cell(NamedTuple):
    """A cell's value and its A1 address."""

    value: object
    ref: str  # A1 address on its sheet


class Layout:
    """Where a sheet's labels are: shared by all its rows, so a row holds only its values."""

    __slots__ = ("index", "letters", "refs")

    def __init__(self, index: dict[str, int], letters: dict[str, str], refs: dict[str, str] | None = None):
        self.index = index  # label -> position in Row.values
        self.letters = letters  # label -> column letter (table sheets)
        self.refs = refs  # label -> A1, when each label has its own row (key-value)


class Row:
    """A data row: its values in the order of the sheet's labels, every form column present.

    Addresses are computed only when asked for (a finding, a writer), not for every cell."""

    __slots__ = ("number", "values", "layout", "_cells")

    def __init__(self, number: int, values: Sequence[object], layout: Layout):
        self.number = number  # 1-based worksheet row
        self.values = values
        self.layout = layout
        self._cells: dict[str, Cell] | None = None

    def value(self, label: str) -> object:
        return self.values[self.layout.index[label]]

    def ref(self, label: str) -> str:
        if self.layout.refs is not None:
            return self.layout.refs[label]
        return f"{self.layout.letters[label]}{self.number}"

    @property
    def cells(self) -> dict[str, Cell]:
        """By header label: each value with its A1 address (made on the first call; the check
        path uses value() and ref(), which make nothing)."""
        if self._cells is None:
            self._cells = {label: Cell(self.values[i], self.ref(label))
                           for label, i in self.layout.index.items()}
        return self._cells


class SheetIR:
    """One form sheet as read: where its header is, its data rows, the labels it lacks."""

    def __init__(self, name: str, header_row: int | None = None, columns: dict[str, str] | None = None,
                 rows: list[Row] | None = None, missing_headers: list[str] | None = None):
        self.name = name
        self.header_row = header_row  # 1-based; None for key-value sheets
        self.columns = {} if columns is None else columns  # label -> A1 of its header cell
        self.rows = [] if rows is None else rows
        self.missing_headers = [] if missing_headers is None else missing_headers

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and vars(self) == vars(other)


class WorkbookIR:
    """A workbook as read: its form sheets by key and its meta values."""

    def __init__(self, source: str, sheet_names: list[str], sheets: dict[str, SheetIR],
                 meta: dict[str, str], tabs: dict[str, frozenset[str]] | None = None):
        self.source = source
        self.sheet_names = sheet_names
        self.sheets = sheets  # by form sheet key; absent when the sheet is missing
        self.meta = meta
        # The text of the first rows of each tab that is not a form sheet, as the readers give it
        # when a form sheet is missing: which tab holds its header row (core.checks.structure).
        self.tabs = {} if tabs is None else tabs

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and vars(self) == vars(other)


def _at(grid: Grid, r: int, c: int) -> object:
    if r < len(grid) and c < len(grid[r]):
        return grid[r][c]
    return None


def _find_header(grid: Grid, labels: Sequence[str]) -> tuple[int | None, dict[str, int]]:
    """The row (0-based) among the first rows holding most of the labels, and their columns."""
    best: tuple[int | None, dict[str, int]] = (None, {})
    wanted = set(labels)
    for r in range(min(HEADER_SEARCH_ROWS, len(grid))):
        found: dict[str, int] = {}
        for c, value in enumerate(grid[r]):
            text = fold_text(value) if isinstance(value, str) else None
            if text in wanted and text not in found:
                found[text] = c
        if len(found) > len(best[1]):
            best = (r, found)
    return best


def _table(grid: Grid, sheet: Sheet) -> SheetIR:
    ir = SheetIR(sheet.name)
    header, found = _find_header(grid, sheet.labels)
    if header is None:
        ir.missing_headers = list(sheet.labels)
        return ir
    ir.header_row = header + 1
    ir.missing_headers = [label for label in sheet.labels if label not in found]
    # A missing column still gets a place (the column after the last one) so that every
    # row has every label; its cells read as blank and the missing header is reported.
    spare = max(max(found.values()), max(map(len, grid), default=0)) + 1
    positions = {label: found.get(label, spare) for label in sheet.labels}
    ir.columns = {label: cell_ref(header, c) for label, c in positions.items()}
    layout = Layout({label: i for i, label in enumerate(positions)},
                    {label: column_letter(c) for label, c in positions.items()})
    columns = list(positions.values())
    width = max(columns) + 1
    pick = (lambda row: tuple(row[c] for c in columns)) if len(columns) < 2 else itemgetter(*columns)
    body = grid[header + 1:]
    if body and min(map(len, body)) < width:  # a short row, or a missing column's place
        pad = (None,) * width
        body = [row if len(row) >= width else (*row, *pad[len(row):]) for row in body]
    picked = list(map(pick, body))
    filled = _filled_rows(picked)
    ir.rows = list(map(Row, compress(count(header + 2), filled), compress(picked, filled),
                       repeat(layout)))
    return ir


def _filled(values: Sequence[object]) -> bool:
    """A row with a value: stops at the first filled cell, mostly the first."""
    return not all(map(is_blank, values))


def _filled_rows(picked: list[tuple[object, ...]]) -> list[bool]:
    """_filled of each row. Most rows begin with text that is not blank, which makes them
    filled: the first cells are told in two passes that run in C (str.strip, bool), and only
    the rows whose first cell is blank are looked at cell by cell. When a first cell is no text
    (a number, a date), each row is."""
    try:
        filled = list(map(bool, map(str.strip, map(itemgetter(0), picked))))
    except (TypeError, IndexError):  # a first cell that is no text; a row of no cell
        return list(map(_filled, picked))
    for i in compress(count(), map(not_, filled)):
        filled[i] = _filled(picked[i])
    return filled


def _keyvalue(grid: Grid, labels: Sequence[str]) -> SheetIR:
    """Labels in one column, each value in the cell to its right; read as a single row."""
    ir = SheetIR("")
    places: dict[str, tuple[int, int]] = {}
    for r in range(min(KEYVALUE_SEARCH_ROWS, len(grid))):
        for c, value in enumerate(grid[r]):
            text = fold_text(value).rstrip(" *") if isinstance(value, str) else None
            if text is not None and text in labels and text not in places:
                places[text] = (r, c)
    ir.missing_headers = [label for label in labels if label not in places]
    values, refs = [], {}
    for label in labels:
        r, c = places.get(label, (len(grid), 1))
        values.append(_at(grid, r, c + 1) if label in places else None)
        refs[label] = cell_ref(r, c + 1)
    ir.columns = {label: cell_ref(*places[label]) for label in places}
    ir.rows = [Row(0, tuple(values), Layout({label: i for i, label in enumerate(labels)}, {}, refs))]
    return ir


def read_meta(grid: Grid) -> dict[str, str]:
    meta = _keyvalue(grid, (META_FORM_ID, META_FORM_VERSION))
    row = meta.rows[0]
    return {k: fold_text(v) for k, v in zip(row.layout.index, row.values) if not is_blank(v)}


def wanted_sheets(names: Sequence[str], form: Form = FORM) -> list[str]:
    """Of a workbook's sheet names, those a reader must load (data sheets and the meta sheet)."""
    wanted = {s.name for s in form.data_sheets} | {form.sheet("meta").name}
    return [name for name in names if fold_text(name) in wanted]


def data_sheet(name: str, form: Form = FORM) -> Sheet | None:
    """The data sheet of the form that a tab named ``name`` is (names compared folded), or None."""
    folded = fold_text(name)
    return next((sheet for sheet in form.data_sheets if sheet.name == folded), None)


def sheet_ir(grid: Grid, sheet: Sheet) -> SheetIR:
    """The IR of one data sheet of the form, from its grid."""
    ir = _keyvalue(grid, sheet.labels) if sheet.kind == "keyvalue" else _table(grid, sheet)
    ir.name = sheet.name
    return ir


def build_ir(grids: Mapping[str, Grid], source: str = "", form: Form = FORM,
             sheet_names: Sequence[str] | None = None,
             built: Mapping[str, SheetIR] | None = None) -> WorkbookIR:
    """The IR of a workbook given as grids of values by sheet name.

    ``sheet_names`` lists every sheet of the workbook when the reader loaded only the
    :func:`wanted_sheets`; by default the keys of ``grids``. ``built``: the IR of sheets the
    reader made already (:func:`sheet_ir`, by form sheet key, of the same grids)."""
    by_name = {fold_text(name): grid for name, grid in grids.items()}
    sheets: dict[str, SheetIR] = {}
    for sheet in form.data_sheets:
        grid = by_name.get(sheet.name)
        if grid is None:
            continue
        sheets[sheet.key] = built[sheet.key] if built and sheet.key in built else sheet_ir(grid, sheet)
    meta_grid = by_name.get(form.sheet("meta").name)
    meta = read_meta(meta_grid) if meta_grid is not None else {}
    known = {s.name for s in form.sheets}
    tabs = {name: first_rows_text(grid) for name, grid in grids.items() if fold_text(name) not in known}
    return WorkbookIR(source, list(sheet_names or grids), sheets, meta, tabs)


def first_rows_text(grid: Grid) -> frozenset[str]:
    """The texts of a grid's first rows, folded as labels are (a keyvalue label's ' *' dropped)."""
    return frozenset(fold_text(v).rstrip(" *") for row in grid[:HEADER_SEARCH_ROWS] for v in row
                     if isinstance(v, str) and v.strip())


def other_tabs(names: Sequence[str], form: Form = FORM) -> list[str]:
    """When a data sheet of the form is not among a workbook's tab names, the tabs that are no
    sheet of the form: the readers give their first rows, to find where it went. Else none."""
    present = {fold_text(name) for name in names}
    if all(s.name in present for s in form.data_sheets):
        return []
    known = {s.name for s in form.sheets}
    return [name for name in names if fold_text(name) not in known]
