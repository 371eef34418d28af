"""The one Python API: the CLI, the Excel buttons and the tests all call these.

    >>> import vetqa_xl
    >>> report = vetqa_xl.check("college.xlsx")
    >>> report.valid, report.figures["expert_ratio"]
    (True, {'covered': 17, 'total': 20, 'percent': 85.0, 'met': True})

Heavy libraries (openpyxl, python-calamine) are imported only by the function that needs
them, so ``check`` on a file costs little more than python-calamine itself; the checker itself
(core.check and what it imports) is loaded while calamine parses the file's sheets.
"""
from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .core.errors import ReadError, UserError
from .core.ir import WorkbookIR

if TYPE_CHECKING:
    from .core.check import NotThisForm, Report
    from .text import change_line, render_report

# names of this API that live in the checker and its texts, imported when first used (PEP 562)
_LAZY = {"NotThisForm": ".core.check", "Report": ".core.check", "change_line": ".text",
         "render_report": ".text"}

__all__ = ["NotThisForm", "ReadError", "Report", "UserError", "WorkbookIR", "build_template", "addin_build", "addin_install", "addin_remove",
           "check", "consolidate", "demo", "default_report_path", "email_address", "email_draft", "export", "fill_sample",
           "change_line", "fix", "fix_cells", "fix_changes", "lite", "new_year", "read", "render_report", "report",
           "summary_sheets", "xlsx_needed"]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_LAZY[name], __package__), name)
    globals()[name] = value
    return value


def _rubric(rubric) -> dict:
    from .core.rubric import load_rubric

    return rubric if isinstance(rubric, dict) else load_rubric(rubric)


def _checker() -> Any:
    """core.check, loaded (the first time: while calamine parses the sheets, see read)."""
    return import_module(".core.check", __package__)


def read(path: str | Path, on_sheet: Callable[[str, Any], object] | None = None) -> WorkbookIR:
    """A workbook file as the intermediate representation. ``on_sheet(sheet key, its IR)`` is
    called with each data sheet as soon as it is made, while calamine parses the next. The
    checker is loaded while calamine parses the first sheets."""
    from .readers.calamine import read_workbook

    return read_workbook(path, on_sheet=on_sheet, while_parsing=_checker)


def check(source: str | Path | WorkbookIR, rubric: str | Path | dict | None = None,
          keep: list[object] | None = None) -> Report:
    """Check a workbook (a path, or an IR from any reader) and compute its figures.

    Raises ReadError when the file cannot be read and NotThisForm when it is not this form.
    ``keep``: a list given what the check read (the IR, the cells read), for a caller whose
    process ends with the check to hold till then (``vetqa-xl check``): it is left to the
    system, not freed object by object as check returns (9–12 ms of 20,000 rows).
    """
    from .core.ir import collector_paused

    read_ahead: dict[str, Any] = {}

    def on_sheet(key: str, sheet_ir: Any) -> None:  # its cells read while calamine parses the next
        read_ahead[key] = _checker().read_cells(key, sheet_ir)

    with collector_paused():  # the read makes a list per row: see core/ir.py
        ir = source if isinstance(source, WorkbookIR) else read(source, on_sheet)
        if keep is not None:
            keep += (ir, read_ahead)
        checker = _checker()
        return checker.check_ir(checker.require_form(ir), _rubric(rubric), read_ahead)


def summary_sheets(source: str | Path | WorkbookIR, rubric=None) -> tuple[Report, dict]:
    """The report of ``source`` and the models of the sheets the summary writes
    ({"summary": สรุป, "calc": its hidden helper sheet}), as writers.sheetxml.SheetModel: the Excel
    button renders them into live sheets, the report writer into XML."""
    from .core.check import check_ir, require_form
    from .writers.report import generated_sheets
    from .writers.summary import file_layout

    ir = require_form(source if isinstance(source, WorkbookIR) else read(source))
    rubric = _rubric(rubric)
    result = check_ir(ir, rubric)
    sheets, _charts = generated_sheets(file_layout(ir), result, rubric)
    return result, sheets


def _read_and_check(src: Path, rubric: dict) -> tuple[WorkbookIR, Report]:
    ir = read(src)
    return ir, check(ir, rubric=rubric)


def default_report_path(src: str | Path) -> Path:
    """Where ``report`` writes by default: FILE-report.xlsx beside FILE (the tool's own output,
    so the CLI replaces an earlier one, kept as .bak)."""
    src = Path(src)
    return src.with_name(f"{src.stem}-report{src.suffix}")


def default_fix_path(src: str | Path) -> Path:
    """Where ``fix`` writes by default: FILE-fixed.xlsx beside FILE."""
    src = Path(src)
    return src.with_name(f"{src.stem}-fixed{src.suffix}")


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
    from .writers.report import refuse_targets, write_report

    require_xlsx(src)
    src = Path(src)
    refuse_targets(src, Path(out), in_place, force)
    rubric = _rubric(rubric)
    ir, result = _read_and_check(src, rubric)
    return write_report(src, out, ir, result, rubric, in_place=in_place, force=force), result


def export(src: str | Path, out_dir: str | Path | None = None, force: bool = False, rubric=None,
           overwrite: bool | None = None):
    """The email-ready .xlsx; (None, Report) when there are errors and ``force`` is not set.
    ``force`` also replaces an earlier export (kept as .bak); ``overwrite`` decides that alone."""
    from .readers.calamine import require_xlsx
    from .writers.export import export_workbook

    require_xlsx(src)
    rubric = _rubric(rubric)
    ir, result = _read_and_check(Path(src), rubric)
    return export_workbook(src, ir, result, rubric, out_dir, force=force, overwrite=overwrite)


def xlsx_needed(path: str | Path) -> str | None:
    """A note (Thai and English) when ``path`` can be checked but report, export and fix need .xlsx."""
    from .readers.calamine import xlsx_needed as note

    return note(path)


def demo(out_dir: str | Path, sample: str = "college") -> tuple[Report, dict[str, Path | None]]:
    """The whole job on an embedded sample college in ``out_dir`` (earlier files replaced, kept
    as .bak): the report and {"template", "filled", "report", "export"} paths (export None
    while the sample has errors)."""
    out_dir = Path(out_dir)
    template_path = build_template(out_dir / "workbook_template.xlsx", force=True)
    filled = fill_sample(out_dir / f"{sample}.xlsx", sample)
    report_path, result = report(filled, out_dir / f"{sample}-report.xlsx", force=True)
    exported, _ = export(filled, out_dir, overwrite=True)
    return result, {"template": template_path, "filled": filled, "report": report_path,
                    "export": exported}


def addin_build(out: str | Path, force: bool = False) -> Path:
    """Build the Excel add-in vetqa_xl.xlam reproducibly (``out``: a file, or a folder for
    vetqa_xl.xlam). An existing file is replaced only with ``force``, and kept as .bak."""
    from .addin import ADDIN_FILENAME, build_addin
    from .writers.atomic import prepare_output

    out = Path(out)
    prepare_output(out / ADDIN_FILENAME if out.is_dir() else out, force)  # like every command's output
    return build_addin(out)


def addin_install(target: str | Path | None = None) -> tuple[Path, str]:
    """Install the add-in into XLSTART (default: the user's own); (path, what loading it said)."""
    from .addin import install_addin, load_addin

    path = install_addin(Path(target) if target else None)
    return path, load_addin(path)


def addin_remove(target: str | Path | None = None) -> bool:
    """Remove the add-in from XLSTART; False when it was not installed."""
    from .addin import remove_addin

    return remove_addin(Path(target) if target else None)


def email_address(value: str) -> str:
    """``value`` as a checked e-mail address, or a UserError (Thai and English) saying why not."""
    from .writers.eml import check_address

    return check_address(value)


def email_draft(workbook: str | Path, result: Report, to: str, force: bool = False) -> Path:
    """An .eml draft beside the exported ``workbook`` (same name), addressed to ``to``, with the
    workbook attached and the status and figures of ``result`` in its body."""
    from .writers.eml import write_eml

    workbook = Path(workbook)
    return write_eml(workbook.with_suffix(".eml"), workbook, result, to, force=force)


def new_year(last: str | Path, out: str | Path, force: bool = False) -> Path:
    """Next academic year's workbook from last year's (an existing ``out`` only with ``force``)."""
    from .core.check import NotThisForm, require_form
    from .writers.nextyear import NewYearError, new_workbook, refuse_paths

    last, out = Path(last), Path(out)
    refuse_paths(last, out, force)
    try:
        ir = require_form(read(last))
    except (ReadError, NotThisForm) as exc:
        raise NewYearError(str(exc)) from None
    return new_workbook(ir, out, force=force)


def fix(src: str | Path, out: str | Path | None = None, in_place: bool = False,
        force: bool = False):
    """Convert what needs no judgment (Thai digits and numbers stored as text, dates typed as
    text, stray spaces in list values) and list each change in the sheet รายการแก้ไขอัตโนมัติ.
    ``out`` defaults to FILE-fixed.xlsx; ``in_place`` rewrites ``src`` after keeping src.bak.
    Returns (path written, changes); nothing to fix: (src, []) and no file is written."""
    from .readers.calamine import require_xlsx
    from .writers.fix import fix_workbook
    from .writers.report import refuse_targets

    require_xlsx(src)
    src = Path(src)
    out = Path(out) if out else default_fix_path(src)
    refuse_targets(src, out, in_place, force)
    return fix_workbook(src, fix_changes(src), out, in_place=in_place, force=force)


def fix_changes(source: str | Path | WorkbookIR) -> list:
    """The changes fix would make (core.fixes.Change: sheet, cell, before, after, reason), for
    a file or an IR from any reader (the Excel button applies them to the live sheets)."""
    from .core.fixes import plan_fixes

    return plan_fixes(source if isinstance(source, WorkbookIR) else read(source))


def _read_or(get, default):
    """A cell property the engine gives at once (COM); xlwings' remote engine and Lite cannot
    read formulas or formats synchronously (NotImplementedError): there the default stands."""
    try:
        return get()
    except NotImplementedError:
        return default


def fix_cells(source: str | Path | WorkbookIR, cell_of) -> list:
    """Make the changes of ``fix_changes(source)`` in live cells: ``cell_of(change)`` gives the
    cell as an xlwings Range (``.formula``, ``.value``, ``.number_format``). A cell holding a
    formula is left alone; a date is written as a datetime at midnight, and given the form's
    date format when its own shows no date. Returns the changes made."""
    import datetime as dt

    from .core.fixes import shows_date
    from .writers.styles import DATE_FORMAT

    def fix(cell, change) -> bool:
        if _read_or(lambda: str(cell.formula).startswith("="), False):
            return False
        if isinstance(change.after, dt.date):
            cell.value = dt.datetime.combine(change.after, dt.time())
            if not shows_date(_read_or(lambda: str(cell.number_format), "")):
                cell.number_format = DATE_FORMAT
        else:
            cell.value = change.after
        return True

    return [change for change in fix_changes(source) if fix(cell_of(change), change)]


def lite(src: str | Path | None, out: str | Path, force: bool = False) -> Path:
    """Write a copy of ``src`` (None: a fresh template) that carries the buttons for xlwings Lite:
    main.py with vetqa_xl embedded, and requirements.txt (see writers/lite.py). An existing
    ``out`` is replaced only with ``force`` (and kept as .bak)."""
    from .readers.calamine import require_xlsx
    from .writers.lite import write_lite

    if src is not None:
        require_xlsx(src)  # an .xls, .ods or a file that is no workbook: its own plain sentence
        read(src)  # what check cannot read is not copied: its Lite buttons could not read it
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
