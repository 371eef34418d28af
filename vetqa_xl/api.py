"""The one Python API: the CLI, the Excel buttons and the tests all call these.

    >>> import vetqa_xl
    >>> report = vetqa_xl.check("college.xlsx")
    >>> report.valid, report.figures["expert_ratio"]
    (True, {'covered': 17, 'total': 20, 'percent': 85.0, 'met': True})

Heavy libraries (openpyxl, python-calamine) are imported only by the function that needs
them, so ``check`` on a file costs little more than python-calamine itself.
"""
from __future__ import annotations

from pathlib import Path

from .core.check import Report, check_ir
from .core.errors import UserError
from .core.ir import WorkbookIR
from .core.rubric import load_rubric
from .form import FORM


class NotThisForm(UserError):
    """The workbook is readable but is not the cooperation form."""


def read(path: str | Path) -> WorkbookIR:
    """A workbook file as the intermediate representation."""
    from .readers.calamine import read_workbook

    return read_workbook(path)


def check(source: str | Path | WorkbookIR, rubric: str | Path | dict | None = None) -> Report:
    """Check a workbook (a path, or an IR from any reader) and compute its figures.

    Raises ReadError when the file cannot be read and NotThisForm when it is not this form.
    """
    ir = source if isinstance(source, WorkbookIR) else read(source)
    form_id = ir.meta.get("form_id")
    if (form_id is not None and form_id != FORM.id) or not ir.sheets:
        name = Path(ir.source).name if ir.source else "workbook"
        raise NotThisForm(
            f"{name} ไม่ใช่แบบฟอร์ม{FORM.title} (ไม่พบชีตของแบบฟอร์ม) / "
            f"{name} is not the cooperation form {FORM.id} (none of its sheets was found)")
    if not isinstance(rubric, dict):
        rubric = load_rubric(rubric)
    return check_ir(ir, rubric)


def build_template(out: str | Path, force: bool = False) -> Path:
    """Write the blank Thai workbook template (an existing file only with ``force``: kept as .bak)."""
    from .writers.template import build_template as build

    return build(out, force=force)


def fill_sample(out: str | Path, sample: str = "college") -> Path:
    """Write the template filled with an embedded sample college."""
    from .writers.fill import load_sample, write_filled

    return write_filled(out, load_sample(sample))


def report(src: str | Path, out: str | Path, in_place: bool = False, rubric=None,
           force: bool = False):
    """Write a copy of ``src`` with สรุป, ผลการตรวจสอบ and highlights; returns (path, Report).
    An existing ``out`` is replaced only with ``force`` (and kept as .bak)."""
    from .readers.calamine import require_xlsx
    from .writers.report import write_report

    require_xlsx(src)
    return write_report(src, out, in_place=in_place, rubric=rubric, force=force)


def export(src: str | Path, out_dir: str | Path | None = None, force: bool = False, rubric=None,
           overwrite: bool | None = None):
    """The email-ready .xlsx; (None, Report) when there are errors and ``force`` is not set.
    ``force`` also replaces an earlier export (kept as .bak); ``overwrite`` decides that alone."""
    from .readers.calamine import require_xlsx
    from .writers.export import export_workbook

    require_xlsx(src)
    return export_workbook(src, out_dir, force=force, rubric=rubric, overwrite=overwrite)


def new_year(last: str | Path, out: str | Path, force: bool = False) -> Path:
    """Next academic year's workbook from last year's (an existing ``out`` only with ``force``)."""
    from .writers.nextyear import new_workbook

    return new_workbook(last, out, force=force)


def fix(src: str | Path, out: str | Path | None = None, in_place: bool = False,
        force: bool = False):
    """Convert what needs no judgment (Thai digits and numbers stored as text, dates typed as
    text, stray spaces in list values) and list each change in the sheet รายการแก้ไขอัตโนมัติ.
    ``out`` defaults to FILE-fixed.xlsx; ``in_place`` rewrites ``src`` after keeping src.bak.
    Returns (path written, changes); nothing to fix: (src, []) and no file is written."""
    from .readers.calamine import require_xlsx
    from .writers.fix import fix_workbook

    require_xlsx(src)
    return fix_workbook(src, out, in_place=in_place, force=force)


def fix_changes(source: str | Path | WorkbookIR) -> list:
    """The changes fix would make (core.fixes.Change: sheet, cell, before, after, reason), for
    a file or an IR from any reader (the Excel button applies them to the live sheets)."""
    from .core.fixes import plan_fixes

    return plan_fixes(source if isinstance(source, WorkbookIR) else read(source))


def lite(src: str | Path | None, out: str | Path, force: bool = False) -> Path:
    """Write a copy of ``src`` (None: a fresh template) that carries the buttons for xlwings Lite:
    main.py with vetqa_xl embedded, and requirements.txt (see vetqa_xl/lite). An existing
    ``out`` is replaced only with ``force`` (and kept as .bak)."""
    from .lite import write_lite
    from .readers.calamine import require_xlsx

    if src is not None:
        require_xlsx(src)  # an .xls, .ods or a file that is no workbook: its own plain sentence
    return write_lite(src, out, force=force)


def consolidate(inputs, out: str | Path, csv: str | Path | None = None,
                db: str | Path | None = None, jobs: int | None = None, progress: bool | None = None,
                force: bool = False):
    """Consolidate many colleges' workbooks (files, folders, .eml messages) into one workbook.

    Every figure is recomputed from the data rows; a stored สรุป that disagrees is flagged.
    Optional: the per-college table as CSV (UTF-8 with BOM) and the history across years in
    SQLite (``db``). ``jobs`` processes (default: the number of cores); a progress bar when
    ``progress`` (default: when stderr is a terminal). An existing OUT or CSV is refused unless
    ``force`` (then kept as .bak). Returns a consolidate.Result.
    """
    from .consolidate import consolidate as run

    return run(inputs, out, csv=csv, db=db, jobs=jobs, progress=progress, force=force)
