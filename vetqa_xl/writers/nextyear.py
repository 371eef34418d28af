"""A fresh workbook for the next academic year (``vetqa-xl new OUT --from LAST.xlsx``).

What is carried over from LAST, read with the project's reader (so extra title rows and
reordered columns are fine), into the current template:

- ข้อมูลสถานศึกษา: every field except วันที่รายงาน; ปีการศึกษา advanced by one.
- สาขางาน and 1 สถานประกอบการ: every row, each value as it was typed (text stays text, a date
  cell stays a date cell), in the order of LAST, blank rows dropped. Rows past the template's
  formatted ones are written too, with the formatting of the last formatted row (but, as in
  any workbook, without the dropdowns; the checker still checks them).
- Except the yearly numbers (``Column.yearly`` in form.py): จำนวนผู้เรียน and จำนวนผู้เรียนระบบทวิภาคี of
  สาขางาน, and จำนวนผู้เรียนที่ฝึก of 1 สถานประกอบการ, are left empty. They are numbers of the
  year just ended; carried over they would be sent again unnoticed. Left empty, the checker
  asks for จำนวนผู้เรียน (required) and the QA officer types this year's numbers.
  จัดการเรียนการสอนระบบทวิภาคี and วันที่ลงนาม MOU describe the programme and the partner, not
  the year, and are carried.

Everything yearly is empty: the answers of 1 ทวิภาคี, 2 ระดมทรัพยากร and 3 บริการชุมชน (their
items stay pre-filled by the template), 2 โครงการระดมทรัพยากร, 2 ครูพิเศษ and 3 กิจกรรม.
The form id and version are the template's (the current ones), whatever LAST had, and the
workbook is finished like a filled template (``template.finish``: the live สรุป sheet, its
ranges grown to the carried rows).

Refused, with a Thai and English message (:class:`NewYearError`): OUT is LAST; LAST cannot be
read or is not this form; ข้อมูลสถานศึกษา, สาขางาน or 1 สถานประกอบการ is missing or lacks a
header (its data would be silently lost); ปีการศึกษา is missing or not a พ.ศ. year in
2500–2700 — the next year cannot be known, and a workbook without a year is not what was asked
for. The officer fixes ปีการศึกษา in LAST and runs the command again.
"""
from __future__ import annotations

import copy
from pathlib import Path

from ..core.errors import UserError
from ..core.normalise import is_blank
from ..core.problems import read_problem
from ..form import FORM, Sheet
from .atomic import XLSX, refuse_existing, same_file, write_new
from .fill import fill_workbook
from .template import FIRST_ROW, build_workbook, finish

# What is carried is form data (Sheet.carried, Column.yearly in form.py).
CARRIED = tuple(s.key for s in FORM.data_sheets if s.carried)  # table sheets whose rows carry
YEARLY_COLUMNS = {s.key: tuple(c.label for c in s.columns if c.yearly)  # left empty next year
                  for s in FORM.data_sheets}
SCHOOL_NOT_CARRIED = YEARLY_COLUMNS["school"]


class NewYearError(UserError):
    """The next year's workbook cannot be made; the message is Thai then English."""


def _value(value: object) -> object:
    """A cell value as read, ready to write: blank is None, a whole float an int (180.0 -> 180)."""
    if is_blank(value):
        return None
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _require_sheets(ir, last: Path) -> None:
    for key in ("school", *CARRIED):
        sheet = FORM.sheet(key)
        part = ir.sheets.get(key)
        if part is None:
            raise NewYearError(read_problem("last_year_sheet", name=last.name, sheet=sheet.name))
        if part.missing_headers:
            names = ", ".join(part.missing_headers)
            raise NewYearError(read_problem("last_year_headers", name=last.name, sheet=sheet.name,
                                            headers=names))


def _next_year(last: Path, raw: object) -> int:
    from ..core.checks.cells import read_year

    year, _ = read_year(FORM.sheet("school").column("academic_year"), raw)
    if year is None:
        shown = "" if raw is None else f" ({raw})"
        raise NewYearError(read_problem("last_year_year", name=last.name, shown=shown))
    return year + 1


def next_year_data(ir) -> dict:
    """What the new workbook holds (from last year's IR, already known to be this form), in the
    fill format of :mod:`.fill` (by Thai labels)."""
    last = Path(ir.source or "workbook")
    _require_sheets(ir, last)
    cells = ir.sheets["school"].rows[0].cells
    school = {label: _value(c.value) for label, c in cells.items() if label not in SCHOOL_NOT_CARRIED}
    school["ปีการศึกษา"] = _next_year(last, cells["ปีการศึกษา"].value)
    data: dict[str, dict[str, object] | list[dict[str, object]]] = {FORM.sheet("school").name: school}
    for key in CARRIED:
        skip = YEARLY_COLUMNS.get(key, ())
        data[FORM.sheet(key).name] = [
            {label: _value(c.value) for label, c in row.cells.items() if label not in skip}
            for row in ir.sheets[key].rows]
    return data


def _format_extra_rows(ws, sheet: Sheet, count: int) -> None:
    """Rows past the template's formatted ones get the style of the last formatted row."""
    last = FIRST_ROW + sheet.rows - 1
    for r in range(last + 1, FIRST_ROW + count):
        ws.row_dimensions[r].height = ws.row_dimensions[last].height
        for c in range(1, len(sheet.columns) + 1):
            ws.cell(r, c)._style = copy.copy(ws.cell(last, c)._style)


def refuse_paths(last: Path, out: Path, force: bool = False) -> None:
    """OUT must not be LAST, nor an existing file unless ``force``: checked before reading LAST."""
    if same_file(out, last):
        raise NewYearError(read_problem("out_is_last_year", name=last.name))
    refuse_existing(out, force, XLSX)


def new_workbook(ir, out: Path, force: bool = False) -> Path:
    """Write the next academic year's workbook made from last year's IR to OUT (atomically; an
    existing OUT only with ``force``, kept as .bak). Reading LAST is the API's job."""
    out = Path(out)
    refuse_paths(Path(ir.source or ""), out, force)
    data = next_year_data(ir)
    wb = fill_workbook(build_workbook(), data)
    rows = {}
    for key in CARRIED:
        sheet = FORM.sheet(key)
        rows[key] = len(data[sheet.name])
        _format_extra_rows(wb[sheet.name], sheet, rows[key])
    return write_new(out, finish(wb, FORM, rows), force)  # as fill.write_filled
