"""What `vetqa-xl fix` changes: the mistakes that need no judgment, decided from the IR.

Pure standard library. Each rule looks at one cell of a form column and, when the checker
already reads the value one way only, proposes that value as the cell's real content:

- Thai digits and numbers stored as text in number cells ("๒๕", " 1,200 ") become numbers;
- a date typed as text in any form the checker reads, with a พ.ศ. or ค.ศ. year ("15/6/2568",
  "15 มิ.ย. 2568", "2025-06-15"), and a date cell holding a พ.ศ. year, become real dates (ค.ศ.);
- stray and non-breaking spaces in list values and in the keys that join the sheets
  (ระดับ, สาขางาน, สาขาวิชา and every choice column) are trimmed and folded.

Anything the checker cannot read, or reads with a doubt, is left for the user. A writer
(writers/fix.py) applies the changes to the file; applying them twice changes nothing more.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..form import FORM, Column, Form
from .ir import WorkbookIR
from .normalise import INVALID, THAI_DIGITS, fold_text, is_blank, is_error_value, parse_date, parse_number
from .sentences import FIX_REASONS

REASONS = FIX_REASONS  # why a cell changes (the catalogue); the sheet รายการแก้ไขอัตโนมัติ lists it

# Text columns that are keys between sheets (the programme and its major).
KEY_COLUMNS = {("programmes", "programme"), ("programmes", "major")}


@dataclass(frozen=True)
class Change:
    sheet: str  # the form's sheet name (the writer matches the file's tab after folding)
    cell: str  # A1
    before: object
    after: object  # int | float | datetime.date | str
    reason: str  # a key of REASONS


def _number(raw: object) -> object:
    if not isinstance(raw, str):
        return None
    value, _ = parse_number(raw)
    return None if value is INVALID else value


def _date(raw: object) -> tuple[object, str]:
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if isinstance(raw, dt.date):
        if raw.year <= 2400:
            return None, ""
        value, _ = parse_date(raw)
        return (None, "") if value is INVALID else (value, "be_date")
    if not isinstance(raw, str):
        return None, ""
    value, _ = parse_date(raw)
    return (None, "") if value is INVALID else (value, "date")


def _spaces(raw: object) -> str | None:
    if not isinstance(raw, str):
        return None
    folded = fold_text(raw)  # str.split() also splits at U+00A0 and other spaces
    return folded if folded != raw and folded else None


def fix_cell(sheet_key: str, col: Column, raw: object) -> tuple[object, str] | None:
    """(new value, reason) for one cell, or None when it stays as it is."""
    if is_blank(raw) or is_error_value(raw):
        return None
    if col.kind in ("count", "number", "year"):
        value = _number(raw)
        if col.kind == "year" and isinstance(raw, str):
            text = fold_text(raw).translate(THAI_DIGITS)
            value = int(text) if text.isdigit() else None
        return (value, "number") if value is not None else None
    if col.kind == "date":
        value, reason = _date(raw)
        return (value, reason) if value is not None else None
    if col.kind in ("choice", "programme") or (sheet_key, col.key) in KEY_COLUMNS:
        value = _spaces(raw)
        return (value, "spaces") if value is not None else None
    return None


def plan_fixes(ir: WorkbookIR, form: Form = FORM) -> list[Change]:
    """Every change fix would make, sheet by sheet in form order, row by row."""
    changes = []
    for sheet in form.data_sheets:
        sheet_ir = ir.sheets.get(sheet.key)
        if sheet_ir is None:
            continue
        for row in sheet_ir.rows:
            for col in sheet.columns:
                if col.label in sheet_ir.missing_headers or col.kind == "fixed":
                    continue
                cell = row.cells[col.label]
                fixed = fix_cell(sheet.key, col, cell.value)
                if fixed is not None:
                    changes.append(Change(sheet.name, cell.ref, cell.value, *fixed))
    return changes


# What a number format shows once its colours, conditions and locales ([...]), quoted text and
# escaped characters are taken out: a "d" or "y" left is a day or a year.
_NOT_SHOWN = re.compile(r'\[[^\]]*\]|"[^"]*"|\\.')


def shows_date(number_format: str) -> bool:
    """True when an Excel number format code shows a date ("d/m/yyyy", "[$-th-TH]d mmm yy");
    False for "General", "0.00", '"day"0' and the like."""
    return bool(re.search(r"[dy]", _NOT_SHOWN.sub("", number_format), re.IGNORECASE))
