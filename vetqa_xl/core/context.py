"""What every step of the pipeline shares: the IR parsed into records, the findings so far and
the figures. Checks and figures both work on it, and neither imports the other."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import compress, count, repeat
from operator import add, attrgetter, gt, is_
from typing import Any, TypeVar

from ..form import FORM, Column, Form, Sheet
from .ir import Row, WorkbookIR
from .messages import ERROR, SEVERITY_ORDER, Finding, Findings, finding


class Record:
    """A data row with each form column read as its type (None when blank or unreadable).

    It holds its values as a tuple in the order of ``keys`` (``content``, shared by the records
    of a sheet); the dict by column key (``values``) is made on the first look only: the steps
    that look at every row of a sheet read its columns (``Context.column``), so most records
    never make one (issue 24: a dict per row was a tenth of a check)."""

    __slots__ = ("sheet", "keys", "number", "content", "row", "_values", "duplicate", "valid")

    def __init__(self, sheet: Sheet, keys: tuple[str, ...], number: int, content: tuple[Any, ...], row: Row):
        self.sheet, self.keys, self.number, self.content, self.row = sheet, keys, number, content, row
        self._values: dict[str, Any] | None = None  # number: the 1-based worksheet row
        self.duplicate = False  # an identical earlier row exists: counted once
        self.valid = True  # no error finding on this row

    @property
    def values(self) -> dict[str, Any]:
        """By column key: each column's type (date, int, str...); a column left out is absent."""
        if self._values is None:
            self._values = dict(zip(self.keys, self.content))
        return self._values

    def ref(self, key: str) -> str:
        """The A1 address of the record's cell of column ``key``."""
        return self.row.ref(self.sheet.column(key).label)

    def __getitem__(self, key: str) -> Any:
        return self.values.get(key)


_VALID, _DUPLICATE = attrgetter("valid"), attrgetter("duplicate")
_NUMBER, _ROW, _LAYOUT = attrgetter("number"), attrgetter("row"), attrgetter("layout")
_Step = TypeVar("_Step", bound=Callable[..., Any])
# Reported before everything else: what follows may be its consequence.
FIRST_CODES = ("E_SHEET_MISSING",)
_ROW_BITS = 21  # a worksheet has 1,048,576 rows: 2 ** 20


def emits(*codes: str) -> Callable[[_Step], _Step]:
    """Declare the finding codes a pipeline step may emit (``step.codes``); a step emitting
    another code fails loudly (Context.add), so the declarations cannot drift."""
    def mark(fn: _Step) -> _Step:
        fn.codes = codes  # type: ignore[attr-defined]  # a function attribute, read by Context.add
        return fn
    return mark


class Context:
    """The state one check run shares between its steps. A plain class, no dataclass (see
    core/check.py's Report)."""

    def __init__(self, ir: WorkbookIR, form: Form = FORM, rubric: dict[str, Any] | None = None,
                 read_ahead: dict[str, Any] | None = None) -> None:
        self.ir = ir
        self.form = form
        self.rubric = rubric  # the quality-level rubric (core/rubric.py)
        self.read_ahead = {} if read_ahead is None else read_ahead  # sheets read ahead (structure.read_cells)
        # the findings as columns (messages.Findings): each made once, then per finding the one
        # it is, its cell and row, and its place in the report: the first codes, then by
        # severity, by sheet in the form's order and by row (``place``; ``in_order`` sorts by it)
        self._made: list[Finding] = []
        self._which: list[int] = []
        self._cells: list[str] = []
        self._rows: list[int | None] = []
        self._places: list[int] = []
        self.records: dict[str, list[Record]] = {}  # by sheet key
        # by sheet key, by column key: the records' values of each column read, in row order
        self.columns: dict[str, dict[str, list[Any]]] = {}
        self.missing: set[tuple[str, str]] = set()  # (sheet key, column key)
        self.figures: dict[str, Any] = {}  # FORM.md section 3, filled by the figure steps
        self.community_met: dict[str, bool] = {}  # 3.1–3.4 met by the data alone
        self.contradicted: set[str] = set()  # checklist items the data contradicts
        self.step: Any = None  # the pipeline step running now: it may emit only its declared codes
        self._names: dict[str, str] = {}  # sheet key -> name
        self._counted: dict[str, list[bool]] = {}  # see _keep
        self._marked = False  # mark_validity has run
        self._alike: dict[tuple[str, str, object], int] = {}  # see add_alike
        self._place_of: dict[tuple[str, str, str], int] = {}  # (code, severity, sheet name) -> place

    def add(self, code: str, sheet_key: str, record: Record | None = None,
            column: str | None = None, cell: str | None = None, **params: Any) -> None:
        if cell is None:
            cell = record.ref(column) if record is not None and column else ""
        self._put(self._finding(code, sheet_key, cell, record.number if record else None, params))

    def _put(self, found: Finding) -> None:
        """One finding, with its place in the report (add_cells keeps many at once)."""
        self._made.append(found)
        self._put_at(len(self._made) - 1, found[3], found[6])

    def _put_at(self, which: int, cell: str, row: int | None) -> None:
        """The finding made as ``which``, at ``cell`` and ``row``."""
        self._which.append(which)
        self._cells.append(cell)
        self._rows.append(row)
        self._places.append(self.place(self._made[which]) + (row or 0))

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The findings so far, as they were added (read-only: add them with ``add``)."""
        return tuple(Findings(self._made, self._which, self._cells, self._rows).all())

    def add_alike(self, alike: object, code: str, sheet_key: str, record: Record, column: str,
                  **params: Any) -> None:
        """``add``, for the findings of ``code`` on one sheet that differ only by their cell when
        ``alike`` is the same: the first is made, the others are it at their own cells (as add_cells)."""
        key = (code, sheet_key, alike)
        first = self._alike.get(key)
        if first is not None:
            self._put_at(first, record.ref(column), record.number)
            return
        self.add(code, sheet_key, record, column, **params)
        self._alike[key] = len(self._made) - 1

    def add_cells(self, sheet_key: str, records: list[Record],
                  notes: Iterable[tuple[Column, dict[int, list[Any]]]]) -> None:
        """The findings of cells: per column, {record position: [(code, parameters), ...]} (a
        note or more), each with the column's label; column by column (the report's stable sort
        by row keeps the columns' order within a row). A column's cells of one value share their
        notes (columns.read_column): each list of notes is made into findings once, and every
        cell holding it is kept as their index at its address and row (messages.Findings: tens
        of thousands of cells of dates typed as พ.ศ. text, issue 24), each cell's first note in
        passes in C, the few second notes after them."""
        numbers = list(map(_NUMBER, records))
        # a table's rows share their layout: a cell's address is its column's letters and its row
        layout = records[0].row.layout if records else None
        table = layout if layout is not None and layout.refs is None \
            and all(map(is_, map(_LAYOUT, map(_ROW, records)), repeat(layout))) else None
        for col, found in notes:
            label = col.label
            at = list(found)
            rows = list(map(numbers.__getitem__, at))
            cells = list(map(f"{table.letters[label]}%d".__mod__, rows)) if table is not None \
                else [records[n].row.ref(label) for n in at]
            lists = list(found.values())
            ids = list(map(id, lists))
            made: dict[int, list[int]] = {}  # each list's findings, made once: their indices in _made
            for notes_id, one in dict(zip(ids, lists)).items():
                made[notes_id] = list(range(len(self._made), len(self._made) + len(one)))
                self._made += [self._finding(code, sheet_key, "", None, {"label": label, **params})
                               for code, params in one]
            which = list(map({notes_id: one[0] for notes_id, one in made.items()}.__getitem__, ids))  # in C
            if more := {notes_id: one[1:] for notes_id, one in made.items() if len(one) > 1}:
                # a cell of two notes (Thai digits and a พ.ศ. year): its second after the column's
                # firsts, at the same place (the sort keeps their order; the cells' rows differ)
                spread = [(k, cells[i], rows[i]) for i in compress(count(), map(more.__contains__, ids))
                          for k in more[ids[i]]]
                which += [t[0] for t in spread]
                cells += [t[1] for t in spread]
                rows += [t[2] for t in spread]
            place = {k: self.place(self._made[k]) for one in made.values() for k in one}
            self._which += which
            self._cells += cells
            self._rows += rows
            self._places += map(add, map(place.__getitem__, which), rows)

    def place(self, found: Finding) -> int:
        """Where findings of ``found``'s code, severity and sheet stand in the report, rows
        apart: the first codes, then by severity, then by sheet in the form's order (others last)."""
        key = (found[0], found[1], found[2])
        place = self._place_of.get(key)
        if place is None:
            sheet = next((i for i, sheet in enumerate(self.form.sheets) if sheet.name == found[2]), 99)
            place = self._place_of[key] = ((found[0] not in FIRST_CODES) << 12 | SEVERITY_ORDER[found[1]] << 8
                                           | sheet) << _ROW_BITS
        return place

    def in_order(self) -> Findings:
        """The findings as the report lists them (``place``, then as they were found): a sort of
        the places' positions, in C (a key function per finding was 13 ms of 51,052), and each
        column taken in that order."""
        order = sorted(range(len(self._places)), key=self._places.__getitem__)
        return Findings(self._made, list(map(self._which.__getitem__, order)),
                        list(map(self._cells.__getitem__, order)), list(map(self._rows.__getitem__, order)))

    def _finding(self, code: str, sheet_key: str, cell: str, row: int | None, params: dict[str, Any]) -> Finding:
        if self.step is not None and code not in self.step.codes:
            raise AssertionError(f"{self.step.__name__} emits {code}, which it does not declare")
        name = self._names.get(sheet_key) or self._names.setdefault(sheet_key, self.form.sheet(sheet_key).name)
        return finding(code, name, cell, row, **params)

    def column(self, sheet_key: str, key: str, counted: bool = False) -> list[Any]:
        """The values of one column of a sheet's records in row order (None for each when the
        column is left out); counted=True keeps the valid, non-duplicate rows' (as ``rows``)."""
        return self.columns_of(sheet_key, (key,), counted)[0]

    def columns_of(self, sheet_key: str, keys: Sequence[str], counted: bool = False) -> list[list[Any]]:
        """``column`` of each of ``keys``, the rows counted picked once for all."""
        read = self.columns.get(sheet_key, {})
        found = [read.get(key) or [None] * len(self.records.get(sheet_key, [])) for key in keys]
        keep = self._keep(sheet_key) if counted else ()
        return found if all(keep) else [list(compress(values, keep)) for values in found]  # all: as they are

    def pairs(self, sheet_key: str, counted: bool = False) -> list[tuple[Any, Any]]:
        """(ระดับ, สาขางาน) of each row of a sheet: text read folded, None when unusable."""
        return list(zip(*self.columns_of(sheet_key, ("level", "programme"), counted)))

    def rows(self, sheet_key: str, counted: bool = True) -> list[Record]:
        """Records of a sheet; counted=True keeps the valid, non-duplicate ones."""
        rows = self.records.get(sheet_key, [])
        return list(compress(rows, self._keep(sheet_key))) if counted else rows

    def _keep(self, sheet_key: str) -> list[bool]:
        """Per record of a sheet, whether it counts: valid, not duplicate. From mark_validity on
        no flag changes: each sheet's is kept."""
        keep = self._counted.get(sheet_key)
        if keep is None:
            rows = self.records.get(sheet_key, [])
            keep = list(map(gt, map(_VALID, rows), map(_DUPLICATE, rows)))
            if self._marked:
                self._counted[sheet_key] = keep
        return keep

    def checklist(self, sheet_key: str) -> dict[str, Record]:
        """Checklist records by item number (ข้อ)."""
        return {str(r["number"]): r for r in self.records.get(sheet_key, []) if r["number"]}

    @property
    def school(self) -> Record | None:
        rows = self.records.get("school")
        return rows[0] if rows else None

    def mark_validity(self) -> None:
        """A record is valid when no error finding names its row. The rows counted (valid, not
        duplicate) are fixed from here on: ``columns_of`` keeps them per sheet."""
        bad: dict[str, set[int]] = {}
        errors = {k for k, f in enumerate(self._made) if f[1] == ERROR}
        for k, row in zip(self._which, self._rows) if errors else ():
            if row and k in errors:
                bad.setdefault(self._made[k][2], set()).add(row)
        self._counted.clear()
        self._marked = True
        for rows in self.records.values():
            numbers = bad.get(rows[0].sheet.name, set()) if rows else set()
            if numbers or not all(map(_VALID, rows)):  # else all valid already, the usual case
                for r in rows:
                    r.valid = r.number not in numbers
