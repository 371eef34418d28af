"""One workbook in, one small dict out: read → check → figures → compare the stored สรุป.

Runs in the worker processes. What it returns is plain data (no workbook, no Report), so the
main process holds a few kilobytes per file however many files there are.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

from ..core.errors import UserError
from ..core.messages import WARNING
from ..core.problems import READ_PROBLEMS, read_problem
from ..core.registry import COLUMNS, FIGURES
from ..form import FORM
from .inputs import MAX_FILE_BYTES, Refused, Task, read_message, too_big, vet_zip, workbook_attachments

# Rows of figures that depend on the rubric the college used, not on the data alone (registry).
SKIP_COMPARE = tuple(f"{fig.key}." for fig in FIGURES if not fig.compared)


_DEFUSED: list[bool] = []


def defuse() -> None:
    """XML entity attacks: defusedxml in place of the standard parsers in a worker process,
    before anything parses (once). Never in the caller's own process: that would change the
    standard library under the caller (xmlschema, for one, then refuses to load); there every
    part we parse goes through defusedxml explicitly (writers.ooxml, readers.errorcells)."""
    if not _DEFUSED:
        import defusedxml

        defusedxml.defuse_stdlib()
        _DEFUSED.append(True)


def _load(task: Task) -> tuple[bytes | None, str, str]:
    """(attachment bytes or None for a plain file, sha256, file time) of one task."""
    h = hashlib.sha256()
    if task.part is None:
        size = os.path.getsize(task.path)
        if size > MAX_FILE_BYTES:
            raise Refused(too_big(os.path.basename(task.path), size, MAX_FILE_BYTES))
        with open(task.path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        mtime = dt.datetime.fromtimestamp(os.path.getmtime(task.path), dt.UTC)
        return None, h.hexdigest(), mtime.isoformat(timespec="seconds")
    msg = read_message(task.path)
    data = workbook_attachments(msg)[task.index].get_payload(decode=True) or b""
    h.update(data)
    try:
        when = msg["date"].datetime.astimezone(dt.UTC).isoformat(timespec="seconds")
    except (AttributeError, TypeError, ValueError):
        when = dt.datetime.fromtimestamp(os.path.getmtime(task.path), dt.UTC).isoformat(timespec="seconds")
    return data, h.hexdigest(), when


def stored_summary(book) -> dict[str, object] | None:
    """The checker's values of a vetqa_xl-written สรุป, by figure key; None when there are none.

    Found by label: the header row that has รหัส (the figure key column) and ผลการตรวจสอบ…
    (the checker's column), wherever they are on the sheet."""
    name = FORM.sheet("summary").name
    if name not in book.sheet_names:
        return None
    grid = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    for r, row in enumerate(grid[:30]):  # noqa: B007  (r is the heading row, read after the loop)
        labels = [str(v).strip() for v in row]
        if "รหัส" in labels and any(v.startswith("ผลการตรวจสอบ") for v in labels):
            key_col = labels.index("รหัส")
            val_col = next(i for i, v in enumerate(labels) if v.startswith("ผลการตรวจสอบ"))
            break
    else:
        return None
    values = {}
    for row in grid[r + 1:]:
        if len(row) > max(key_col, val_col) and isinstance(row[key_col], str) and "." in row[key_col]:
            if row[val_col] not in (None, ""):
                values[row[key_col].strip()] = row[val_col]
    return values or None


def recomputed_summary(report) -> dict[str, object]:
    """The same keys as the สรุป sheet, from the recomputed figures (the writer's own rows)."""
    from ..core.rubric import load_rubric
    from ..writers.summary import SummaryRow, figure_rows, template_layout

    rows = figure_rows(template_layout(), report, load_rubric(), 1)
    return {r.key: r.value for r in rows if isinstance(r, SummaryRow)}


def _same(a, b) -> bool:
    try:
        return round(float(a), 2) == round(float(b), 2)
    except (TypeError, ValueError):
        return str(a).strip() == str(b).strip()


def summary_differences(stored: dict, recomputed: dict) -> list[str]:
    return [f"{k}: {_num(stored[k])}→{_num(recomputed[k])}" for k in recomputed
            if k in stored and not k.startswith(SKIP_COMPARE) and not _same(stored[k], recomputed[k])]


def _num(v):
    return int(v) if isinstance(v, float) and v.is_integer() else v


def row_of(report) -> dict:
    """The per-college row (machine names; the Thai headers are in tables.COLUMNS)."""
    s, f = report.school, report.figures
    row = {"school_code": s.get("code"), "school_name": s.get("name"), "province": s.get("province"),
           "affiliation": s.get("affiliation"), "academic_year": s.get("academic_year"),
           "form_version": report.form_version}
    for column in COLUMNS:  # every figure's own columns, from the registry
        row[column.name] = column.get(f)
    row["errors"], row["warnings"] = len(report.errors), len(report.warnings)
    return {k: _num(v) for k, v in row.items()}


def _school_cell(ir, key: str):
    sheet = ir.sheets.get("school")
    if not sheet or not sheet.rows:
        return None
    return sheet.rows[0].cells.get(FORM.sheet("school").column(key).label)


def school_value(ir, key: str):
    """A value of ข้อมูลสถานศึกษา as typed (column B), whatever the checker made of it: an
    invalid school code is still the college's own code (the checker's Report has None)."""
    cell = _school_cell(ir, key)
    v = cell.value if cell else None
    if isinstance(v, (dt.date, dt.datetime)):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, float) and v.is_integer():
        v = int(v)  # a code typed as a number
    return str(v).strip() if v not in (None, "") else ""


def report_date(ir) -> tuple[str, bool, str]:
    """(วันที่รายงาน as YYYY-MM-DD (CE), or as typed when it cannot be read ("" when empty); True
    when it was read as a date; its cell). Read by the checker's own cell reader (พ.ศ. text, a
    date cell holding a พ.ศ. year, Thai digits, real dates), never by a second parser."""
    from ..core.checks.cells import read_cell

    cell = _school_cell(ir, "report_date")
    day, _ = read_cell(FORM.sheet("school").column("report_date"), cell.value if cell else None)
    if day is None:
        return school_value(ir, "report_date"), False, cell.ref if cell else ""
    return day.isoformat(), True, cell.ref


DATE_UNREAD = "W_REPORT_DATE_UNREAD"  # the consolidation's own finding (not the checker's)


def date_unread(value: str, cell: str) -> tuple:
    """The finding of a วันที่รายงาน kept as typed: (severity, sheet, cell, code, Thai message)."""
    return (WARNING, FORM.sheet("school").name, cell, DATE_UNREAD,
            READ_PROBLEMS["date_unread"][0].format(value=value))


def process(task: Task) -> dict:
    """Everything the consolidation needs of one workbook; a failure becomes ``reason``."""
    from python_calamine import CalamineWorkbook

    from ..core.check import check_ir, require_form
    from ..readers.calamine import read_workbook

    out: dict = {"file": task.file, "message": task.message, "path": task.path, "sha256": "",
           "file_time": "", "reason": None}
    tmpdir = None
    try:
        data, out["sha256"], out["file_time"] = _load(task)
        if data is None:
            path = task.path
        else:  # the attachment under its own name, so that every message names it
            import tempfile

            tmpdir = tempfile.mkdtemp(prefix="vetqa-attachment-")
            path = os.path.join(tmpdir, Path(task.file.replace("\\", "/")).name or "attachment.xlsx")
            with open(path, "wb") as fh:
                fh.write(data)
        vet_zip(path, os.path.getsize(path), task.file)
        ir = read_workbook(path)
        report = check_ir(require_form(ir))
        row = row_of(report)
        row["report_date"], row["date_read"], date_cell = report_date(ir)
        row["school_code"] = row["school_code"] or school_value(ir, "code")  # an invalid one as typed
        stored = stored_summary(CalamineWorkbook.from_path(path)) if FORM.sheet("summary").name in ir.sheet_names else None
        diffs = summary_differences(stored, recomputed_summary(report)) if stored else []
        row["summary_mismatch"] = None if stored is None else int(bool(diffs))
        row["summary_diff"] = "; ".join(diffs)
        out["row"] = row
        out["findings"] = [(x.severity, x.sheet, x.cell, x.code, x.message_th) for x in report.findings]
        if row["report_date"] and not row["date_read"]:  # kept as typed; the duplicate rule cannot use it
            out["findings"].append(date_unread(row["report_date"], date_cell))
    except Refused as exc:
        out["reason"] = str(exc)
    except UserError as exc:
        out["reason"] = str(exc).replace(str(tmpdir) + os.sep, "") if tmpdir else str(exc)
    except Exception as exc:  # one bad file never stops the run
        out["reason"] = read_problem("unexpected", reason=f"{type(exc).__name__}: {exc}")
    finally:
        if tmpdir:
            import shutil

            shutil.rmtree(tmpdir, ignore_errors=True)
    return out
