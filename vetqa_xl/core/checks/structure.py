"""Structure rules: the form's sheets, headers, checklist rows and version are all there.

Also turns the IR rows into records, reading every cell through the cell rules.
"""
from __future__ import annotations

from ...form import META_FORM_VERSION
from ..normalise import fold_text
from .cells import read_cell
from .context import Context, Record


def check_sheets_present(ctx: Context) -> None:
    """E_SHEET_MISSING: a data sheet of the form was deleted or renamed. It names no cell: the
    sheet is not there to point into."""
    for sheet in ctx.form.data_sheets:
        if sheet.key not in ctx.ir.sheets:
            ctx.add("E_SHEET_MISSING", sheet.key, cell="", name=sheet.name)


def check_headers_present(ctx: Context) -> None:
    """E_HEADER_MISSING: a header label was deleted, moved out of the first rows or renamed."""
    for key, sheet_ir in ctx.ir.sheets.items():
        sheet = ctx.form.sheet(key)
        for label in sheet_ir.missing_headers:
            column = next(c for c in sheet.columns if c.label == label)
            ctx.missing.add((key, column.key))
            ctx.add("E_HEADER_MISSING", key, cell="A1", label=label, name=sheet.name)


def check_form_version(ctx: Context) -> None:
    """E_FORM_VERSION / W_FORM_META_MISSING: the file's form version is the one we know."""
    found = ctx.ir.meta.get(META_FORM_VERSION)
    meta_sheet = ctx.form.sheet("meta")
    if found is None:
        ctx.add("W_FORM_META_MISSING", "meta", cell="B2", name=meta_sheet.name,
                expected=ctx.form.version)
    elif found != ctx.form.version:
        ctx.add("E_FORM_VERSION", "meta", cell="B2", found=found, expected=ctx.form.version)


def read_records(ctx: Context) -> None:
    """Read every cell of every data row as its column's type, noting what is wrong."""
    for key, sheet_ir in ctx.ir.sheets.items():
        sheet = ctx.form.sheet(key)
        records = ctx.records.setdefault(key, [])
        for row in sheet_ir.rows:
            record = Record(sheet, row.number, {}, {})
            for col in sheet.columns:
                cell = row.cells[col.label]
                record.refs[col.key] = cell.ref
                if (key, col.key) in ctx.missing:
                    continue
                value, notes = read_cell(col, cell.value)
                record.values[col.key] = value
                for code, params in notes:
                    ctx.add(code, key, record, col.key, label=col.label, **params)
            records.append(record)


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


STRUCTURE_CHECKS = (check_sheets_present, check_headers_present, check_form_version,
                    read_records, check_checklist_rows)
