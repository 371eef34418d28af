"""What the formulas of สรุป and คำนวณสรุป compute, worked out in Python from the IR the checker
reads, to be written as each formula's cached value.

Each function here is the twin of one formula of calc.py, or of a part of the สรุป rows'
formulas (:class:`Recalc`, through which each row's rule in core/formulas.py computes its
value), and follows the spreadsheet's rules, not the checker's: TRIM removes spaces only, text
compares without case, a number typed as text is no number (ISNUMBER) and counts 0 (N), a date
cell is its serial number, an error cell makes the row not count (IFERROR) but flows through a
formula that reads it outside IFERROR (AND, SUM, SUMPRODUCT), as it does in Excel and
LibreOffice. Where the checker reads more (Thai digits, dates typed as text) the cached value
is still the formula's: column D shows ต่างกัน before any recalculation, as it does after.
tests/test_summary_formulas.py proves every cached value equal to LibreOffice's recalculation.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeGuard

from ...core.formulas import SummaryRow
from ...core.ir import Row, WorkbookIR
from ...core.normalise import is_error_value
from ...form import FORM, PARTICIPANT_KEYS, YES, Form
from ..sheetxml import ErrorValue
from .layout import SheetPlace, SummaryLayout

NA = ErrorValue("#N/A")
_EPOCH = dt.datetime(1899, 12, 30)
_SPACES = re.compile(" +")


def cell_value(raw: object) -> object:
    """A value of the IR as a formula sees the cell: blank None, a date its serial number, an
    error cell an :class:`ErrorValue`."""
    if type(raw) is str:  # most cells: checked first
        if not raw:
            return None
        return ErrorValue(raw.strip().upper()) if raw[0] == "#" and is_error_value(raw) else raw
    if raw is None:
        return None
    if isinstance(raw, dt.datetime):
        delta = raw - _EPOCH
        return delta.days + delta.seconds / 86400 + delta.microseconds / 86400e6
    if isinstance(raw, dt.date):
        return (raw - _EPOCH.date()).days
    if isinstance(raw, dt.time):
        return (raw.hour * 3600 + raw.minute * 60 + raw.second + raw.microsecond / 1e6) / 86400
    if isinstance(raw, dt.timedelta):
        return raw.total_seconds() / 86400
    return raw


def is_error(v: object) -> TypeGuard[ErrorValue]:
    return isinstance(v, ErrorValue)


def is_number(v: object) -> TypeGuard[int | float]:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def text(v: object) -> str:
    """A value as text (the argument of TRIM and of &); not for errors."""
    if type(v) is str:
        return v
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, (int, float)):
        if float(v).is_integer() and abs(v) < 1e15:
            return str(int(v))
        return f"{v:.15g}".upper().replace("E+0", "E+").replace("E-0", "E-")
    return str(v)


def trim(v: object) -> str:
    """TRIM: runs of spaces (only U+0020) made one, none at the ends."""
    t = text(v)
    return (_SPACES.sub(" ", t) if "  " in t else t).strip(" ")


def same(a: object, b: object) -> bool:
    """a=b as a formula compares: text without case; a blank cell equals "" and 0."""
    if a is None or b is None:
        other = b if a is None else a
        return other is None or other == "" or (is_number(other) and other == 0) or other is False
    if isinstance(a, str) and isinstance(b, str):
        return a.casefold() == b.casefold()
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return is_number(a) and is_number(b) and a == b


def first_error(values: Iterable[object]) -> ErrorValue | None:
    return next((v for v in values if isinstance(v, ErrorValue)), None)


def number(v: object) -> float | int:
    """N(v): a number, else 0."""
    return v if is_number(v) else (int(v) if isinstance(v, bool) else 0)


def rounded(x: float, digits: int = 2) -> float:
    """ROUND: half away from zero on the decimal the number shows."""
    d = Decimal(repr(x)).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)
    return float(d) if digits else int(d)


def lookup(x: object, keys: Sequence[float], results: Sequence[object]) -> object:
    """LOOKUP(x,{keys},{results}): the result of the last key not above x."""
    if is_error(x) or not is_number(x):
        return x if is_error(x) else NA
    found = [r for k, r in zip(keys, results) if k <= x]
    return found[-1] if found else NA


def arith(fn: Callable[..., object], *args: object) -> object:
    """fn(*args), or the first error among args."""
    err = first_error(args)
    return err if err is not None else fn(*args)


def total(values: Iterable[object]) -> object:
    """SUM of a range: numbers only, an error wins."""
    out: int | float = 0
    for v in values:
        if is_error(v):
            return v
        if is_number(v):
            out += v
    return out


def count_where(*pairs: tuple[list, object]) -> object:
    """SUMPRODUCT((range1=v1)*(range2=v2)*…)."""
    ranges = [r for r, _ in pairs]
    for r in ranges:
        err = first_error(r)
        if err is not None:
            return err
    return sum(all(same(x, v) for x, (_, v) in zip(row, pairs)) for row in zip(*ranges))


def countif(values: Iterable[object], wanted: str) -> int:
    return sum(isinstance(v, str) and v.casefold() == wanted.casefold() for v in values)


class Cells:
    """The IR's cells by (sheet key, column key, worksheet row), as formulas see them."""

    def __init__(self, ir: WorkbookIR, form: Form = FORM):
        self.rows: dict[str, dict[int, Row]] = {}
        self.labels = {s.key: {c.key: c.label for c in s.columns} for s in form.data_sheets}
        for key, sheet in ir.sheets.items():
            self.rows[key] = {r.number: r for r in sheet.rows}

    def get(self, sheet: str, column: str, row: int) -> object:
        r = self.rows.get(sheet, {}).get(row)
        return None if r is None else cell_value(r.value(self.labels[sheet][column]))

    def row(self, place: SheetPlace, sheet: str, row: int) -> dict[str, object]:
        r = self.rows.get(sheet, {}).get(row)
        labels = self.labels[sheet]
        return {k: (None if r is None else cell_value(r.value(labels[k]))) for k in place.columns}

    def school(self, column: str) -> object:
        return self.get("school", column, 0)


def all_of(*terms: object) -> object:
    """AND(): an error among the terms wins."""
    err = first_error(terms)
    return err if err is not None else all(terms)


def one_if(v: object) -> object:
    """IF(v,1,0)."""
    return v if is_error(v) else int(bool(v))


def _declared(done: object, evidence: object) -> object:
    """AND(TRIM(done)="ใช่",TRIM(evidence)<>"")."""
    err = first_error((done, evidence))
    return err if err is not None else (trim(done).casefold() == YES.casefold() and trim(evidence) != "")


def declared(cells: Cells, sheet: str, place: SheetPlace | None, item: str) -> object:
    """rows._declared: ใช่ with evidence on a checklist row."""
    if place is None or item not in place.item_rows:
        return False
    r = place.item_rows[item]
    return _declared(cells.get(sheet, "done", r), cells.get(sheet, "evidence", r))


def stage_complete(cells: Cells, place: SheetPlace | None, stage: str, form: Form = FORM) -> object:
    """rows._stage_complete: every item of the stage declared, with a date."""
    if place is None:
        return False
    terms: list[object] = []
    for item in form.sheet("dual").items:
        if item.stage != stage:
            continue
        if item.number not in place.item_rows:
            return False
        r = place.item_rows[item.number]
        terms.append(_declared(cells.get("dual", "done", r), cells.get("dual", "evidence", r)))
        date = cells.get("dual", "date", r)
        terms.append(date if is_error(date) else not same(date, ""))
    return all_of(*terms)


Rules = list[tuple[str, bool, str, frozenset[str] | None]]


def rules(sheet_key: str, form: Form = FORM) -> Rules:
    """Per column of a sheet: (key, required, kind, the closed list's values folded)."""
    return [(c.key, c.required, c.kind, frozenset(v.casefold() for v in c.choice_values)
             if c.kind == "choice" and not c.open else None) for c in form.sheet(sheet_key).columns]


def row_ok(sheet_key: str, r: dict[str, object], pkeys: set[str] | None, checks: Rules) -> bool:
    """calc.row_valid: the row counts (``checks``: the sheet's :func:`rules`)."""
    if any(type(v) is ErrorValue for v in r.values()):
        return False
    for key, required, kind, choices in checks:
        x = r[key]
        if required and trim(x) == "":
            return False
        if choices is not None:
            t = trim(x).casefold()
            if t and t not in choices:
                return False
        if kind in ("count", "number") and is_number(x) and (x < 0 or (kind == "count" and x != math.floor(x))):
            return False
        if kind == "programme" and pkeys is not None and \
                (trim(r["level"]) + "|" + trim(x)).casefold() not in pkeys:
            return False
    pairs = {"activities": ("start", "end"), "programmes": ("dual_students", "students")}.get(sheet_key)
    if pairs:
        low, high = r[pairs[0]], r[pairs[1]]
        if is_number(low) and is_number(high) and high < low:
            return False
    return True


def firsts(values: list[object], count: int) -> list[object]:
    """calc's first(): 1 on the first row of each value, 0 on the others and on "" (the first
    ``count`` rows; the rest stay empty). An error in the range makes every later count one."""
    out: list[object] = [None] * len(values)
    seen: dict[str, int] = {}
    err: ErrorValue | None = None
    for j in range(count):
        v = values[j]
        if is_error(v):
            out[j] = err = err or v
        elif v in ("", None):
            out[j] = 0
        elif err is not None:
            out[j] = err
        else:
            key = str(v).casefold()
            seen[key] = seen.get(key, 0) + 1
            out[j] = 1 if seen[key] == 1 else 0
    return out


def calc_values(layout: SummaryLayout, cells: Cells, form: Form = FORM) -> dict[str, list[object]]:
    """The helper sheet's values: per column key, one per row 2…n+1 (None: no formula)."""
    n = layout.rows
    col: dict[str, list[object]] = {k: [None] * n for k in CALC_KEYS}
    P, J, E, A = (layout.sheets.get(k) for k in ("programmes", "resource_projects", "experts", "activities"))
    checks = {k: rules(k, form) for k in ("programmes", "resource_projects", "experts", "activities")}

    def rows(place: SheetPlace, key: str):
        return [(j, cells.row(place, key, place.header_row + j + 1))
                for j in range(place.last_row - place.header_row)]

    def key(r: dict[str, object], column: str) -> str:
        return trim(r["level"]) + "|" + trim(r[column])

    if P:
        prog = rows(P, "programmes")
        for j, p in prog:
            col["pkey"][j] = key(p, "programme") if row_ok("programmes", p, None, checks["programmes"]) else ""
        col["pfirst"] = firsts(col["pkey"], len(prog))
        pkeys = {str(v).casefold() for v in col["pkey"] if v}
        for name, place, sheet in (("projkey", J, "resource_projects"), ("expkey", E, "experts")):
            for j, r in rows(place, sheet) if place else ():
                col[name][j] = key(r, "programme") if row_ok(sheet, r, pkeys, checks[sheet]) else ""
        projects, experts = ({str(v).casefold() for v in col[k] if v} for k in ("projkey", "expkey"))
        for j, p in prog:
            b = col["pfirst"][j] == 1
            dual = all_of(b, p["dual"] if is_error(p["dual"]) else trim(p["dual"]).casefold() == YES.casefold())
            col["dmajor"][j] = dual if is_error(dual) else (key(p, "major") if dual else "")
            col["plevel"][j] = trim(p["level"]) if b else ""
            col["rmajor"][j] = key(p, "major") if b and col["pkey"][j].casefold() in projects else ""
            col["covered"][j] = int(b and col["pkey"][j].casefold() in experts)
        col["dfirst"] = firsts(col["dmajor"], len(prog))
        col["rfirst"] = firsts(col["rmajor"], len(prog))
    if A:
        columns = [c.key for c in form.sheet("activities").columns]
        acts = rows(A, "activities")
        for j, a in acts:
            col["actkey"][j] = "|".join(trim(a[c]) for c in columns) if row_ok("activities", a, None,
                                                                                checks["activities"]) else ""
        col["actfirst"] = firsts(col["actkey"], len(acts))
        for j, a in acts:
            counted = col["actfirst"][j] == 1
            col["acttype"][j] = trim(a["activity_type"]) if counted else ""
            col["actfull"][j] = int(counted and all(number(a[k]) > 0 for k in PARTICIPANT_KEYS))
    return col


CALC_KEYS = ("pkey", "pfirst", "dmajor", "dfirst", "plevel", "rmajor", "rfirst", "covered", "projkey",
             "expkey", "actkey", "actfirst", "acttype", "actfull")  # calc.CALC's keys


class Live:
    """The values of a workbook's formulas: its cells (from the IR) and the helper sheet's."""

    def __init__(self, layout: SummaryLayout, ir: WorkbookIR, form: Form = FORM):
        self.cells = Cells(ir, form)
        self.col = calc_values(layout, self.cells, form)

    def projects(self) -> bool:
        """SUMPRODUCT(--(projkey<>""))>0."""
        return any(v not in ("", None) for v in self.col["projkey"])


class Recalc:
    """What the parts of the สรุป formulas compute (core.formulas.Recalc): the helper sheet's
    columns, the data cells and the rows above, with the spreadsheet's rules."""

    def __init__(self, live: Live, layout: SummaryLayout, form: Form = FORM):
        self.live, self.layout, self.form = live, layout, form
        self.got: dict[str, object] = {}  # the value of each row so far, by row key

    def sum(self, calc_key: str) -> object:
        return total(self.live.col[calc_key])

    def count(self, *pairs: tuple[str, object]) -> object:
        return count_where(*((self.live.col[c], v) for c, v in pairs))

    def countif(self, calc_key: str, text: str) -> object:
        return countif(self.live.col[calc_key], text)

    def row(self, row_key: str) -> object:
        return self.got[row_key]

    def declared(self, sheet_key: str, item: str) -> object:
        return declared(self.live.cells, sheet_key, self.layout.sheets.get(sheet_key), item)

    def stage_complete(self, stage: str) -> object:
        return stage_complete(self.live.cells, self.layout.sheets.get("dual"), stage, self.form)

    def projects(self) -> object:
        return self.live.projects()

    arith = staticmethod(arith)
    total = staticmethod(total)
    all_of = staticmethod(all_of)
    one_if = staticmethod(one_if)
    is_error = staticmethod(is_error)
    rounded = staticmethod(rounded)
    lookup = staticmethod(lookup)


def figure_values(rows: list[SummaryRow], live: Live, layout: SummaryLayout, form: Form = FORM
                  ) -> dict[str, object]:
    """The value of each สรุป formula of rows.figure_rows, by row key, each by the rule its
    figure declares beside the formula (SummaryRow.recalc), in the rows' order: a formula
    reads only rows above it."""
    e = Recalc(live, layout, form)
    for row in rows:
        if row.recalc is None:
            raise ValueError(f"summary row {row.key} declares no recalc (core/formulas.py)")
        e.got[row.key] = row.recalc(e)
    return e.got
