"""Structure rules: the form's sheets, headers, checklist rows and version are all there.

Also turns the IR rows into records, reading every cell through the cell rules.
"""
from __future__ import annotations

from typing import Any

from ...form import FORM, META_FORM_VERSION, Form, Sheet
from ..context import Context, emits
from ..ir import SheetIR, WorkbookIR, other_tabs
from ..messages import sheet_hint
from ..normalise import fold_text
from .columns import read_sheet

NAME_SIMILARITY = 0.6  # difflib's ratio from which a tab's name is "similar"


def sheet_missing(ctx: Context, *keys: str) -> bool:
    """Whether one of these form sheets is missing: what follows from its absence is not
    reported again (E_SHEET_MISSING says it once)."""
    return any(key not in ctx.ir.sheets for key in keys)


def closest_tab(sheet: Sheet, ir: WorkbookIR, taken: set[str]) -> tuple[str, str] | None:
    """The tab that is probably ``sheet``, renamed: (its name, why) with why "both", "header"
    or "name"; None when no tab has a similar name or holds half of the sheet's header row.

    Only tabs that are no sheet of the form (nor ``taken`` by another missing sheet) count; each
    is compared by its name (difflib) and by the labels in its first rows (``ir.tabs``)."""
    from difflib import SequenceMatcher  # only a missing sheet needs it (0.6 ms to import, with heapq)

    wanted = fold_text(sheet.name)
    best: tuple[tuple[Any, ...], str, str] | None = None
    for name in other_tabs(ir.sheet_names):
        if name in taken:
            continue
        similar = SequenceMatcher(None, wanted, fold_text(name)).ratio()
        labels = len(set(sheet.labels) & ir.tabs.get(name, frozenset()))
        by_header = labels * 2 >= len(sheet.labels)
        by_name = similar >= NAME_SIMILARITY
        if not (by_header or by_name):
            continue
        why = "both" if by_header and by_name else "header" if by_header else "name"
        rank = (by_header, labels, similar)
        if best is None or rank > best[0]:
            best = (rank, name, why)
    return None if best is None else (best[1], best[2])


@emits("E_SHEET_MISSING")
def check_sheets_present(ctx: Context) -> None:
    """E_SHEET_MISSING: a data sheet of the form was deleted or renamed. It names no cell: the
    sheet is not there to point into. It names the tab that is probably the sheet (by name and
    by header row) and says to rename it back."""
    taken: set[str] = set()
    for sheet in ctx.form.data_sheets:
        if sheet.key not in ctx.ir.sheets:
            found = closest_tab(sheet, ctx.ir, taken)
            if found:
                taken.add(found[0])
            ctx.add("E_SHEET_MISSING", sheet.key, cell="", name=sheet.name,
                    hint=sheet_hint(sheet.name, *(found or (None,))))


@emits("E_HEADER_MISSING")
def check_headers_present(ctx: Context) -> None:
    """E_HEADER_MISSING: a header label was deleted, moved out of the first rows or renamed."""
    for key, sheet_ir in ctx.ir.sheets.items():
        sheet = ctx.form.sheet(key)
        for label in sheet_ir.missing_headers:
            column = next(c for c in sheet.columns if c.label == label)
            ctx.missing.add((key, column.key))
            ctx.add("E_HEADER_MISSING", key, cell="A1", label=label, name=sheet.name)


@emits("E_FORM_VERSION", "W_FORM_META_MISSING")
def check_form_version(ctx: Context) -> None:
    """E_FORM_VERSION / W_FORM_META_MISSING: the file's form version is the one we know."""
    found = ctx.ir.meta.get(META_FORM_VERSION)
    meta_sheet = ctx.form.sheet("meta")
    if found is None:
        ctx.add("W_FORM_META_MISSING", "meta", cell="B2", name=meta_sheet.name,
                expected=ctx.form.version)
    elif found != ctx.form.version:
        ctx.add("E_FORM_VERSION", "meta", cell="B2", found=found, expected=ctx.form.version)


# Every code a cell rule of cells.py (and the parsers of normalise.py under it) may note.
CELL_CODES = ("E_REQUIRED", "E_CELL_ERROR", "W_FORMULA_TEXT", "E_NOT_IN_LIST", "W_NOT_IN_LIST",
              "E_NOT_NUMBER", "E_COUNT_NEGATIVE", "E_COUNT_FRACTION", "E_NOT_DATE", "W_BE_DATE",
              "I_BE_DATE", "I_THAI_DIGITS", "E_ACADEMIC_YEAR", "E_SCHOOL_CODE", "E_EMAIL",
              "W_EVIDENCE_NOT_HTTP")


@emits(*CELL_CODES)
def check_cells(ctx: Context) -> None:
    """Read every cell of every data row as its column's type (the records the later steps use),
    recording what the cell rules and parsers noted (W_BE_DATE, I_THAI_DIGITS …) as findings.

    Column by column (columns.read_sheet), then the findings in row order; a sheet read ahead
    (read_cells, while the reader parsed the next) is taken as it was read."""
    for key, sheet_ir in ctx.ir.sheets.items():
        sheet = ctx.form.sheet(key)
        skip = {column for sheet_key, column in ctx.missing if sheet_key == key}
        read_as, read_ir, read_skip, read = ctx.read_ahead.get(key, (None, None, None, None))
        if read_ir is sheet_ir and read_as == sheet and read_skip == skip:
            records, notes, columns = read
        else:
            records, notes, columns = read_sheet(sheet, sheet_ir.rows, skip)
        ctx.add_cells(key, records, notes)
        ctx.records[key] = records
        ctx.columns[key] = columns


def read_cells(key: str, sheet_ir: SheetIR, form: Form = FORM) -> tuple[Sheet, SheetIR, set[str], Any]:
    """One data sheet's cells read as check_cells reads them (without the columns whose header
    it lacks), made ahead: api.check reads each sheet while calamine parses the next, and
    check_ir takes them (``read_ahead``) when they are of the same sheet, IR and columns."""
    sheet = form.sheet(key)
    skip = {column.key for column in sheet.columns if column.label in sheet_ir.missing_headers}
    return sheet, sheet_ir, skip, read_sheet(sheet, sheet_ir.rows, skip)


@emits("E_CHECKLIST_ROW_MISSING")
def check_checklist_rows(ctx: Context) -> None:
    """E_CHECKLIST_ROW_MISSING: every pre-filled item of a checklist is still there."""
    for sheet in ctx.form.data_sheets:
        if sheet.kind != "checklist" or sheet.key not in ctx.ir.sheets:
            continue
        present = {fold_text(r["number"]) for r in ctx.records.get(sheet.key, []) if r["number"]}
        sheet_ir = ctx.ir.sheets[sheet.key]
        for item in sheet.items:
            if item.number not in present:
                ctx.add("E_CHECKLIST_ROW_MISSING", sheet.key,
                        cell=sheet_ir.columns.get("ข้อ", "A1"), item=item.number, name=sheet.name)


