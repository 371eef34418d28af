"""The Excel layer: one entry point per ribbon button of the VetQA add-in.

The add-in's VBA runs ``import vetqa_xl.excel as x; x.on_ribbon('<button id>')`` through
xlwings' RunPython. Every button acts on the workbook that called it (``xw.Book.caller()``)
and is a thin layer over the same Python API as the CLI:

* live sheets -> grids of values (used ranges, anchored at A1) -> ``core.ir.build_ir``
  -> ``api.check``: the checker sees exactly what the file reader would give it;
* the generated sheets are the models of ``writers.report`` / ``writers.summary``
  (``sheetxml.Sheet``), rendered here into live sheets instead of into XML;
* the export is ``api.export`` on the saved file.

Where the original fills of highlighted cells are kept: a hidden sheet ``ไฮไลต์เดิม``
(:data:`HIGHLIGHT_STORE`), one row per highlighted cell: sheet, cell, original fill as
``#RRGGBB`` or empty for no fill. It travels with the workbook, so ล้างไฮไลต์ works after
closing and reopening Excel. xlwings imports stay inside functions: ``import vetqa_xl``
and the check path never load xlwings.
"""
from __future__ import annotations

import datetime as dt
import decimal
import functools
import os
import re
import sys
import tempfile
import traceback
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from pathlib import Path

from . import api
from .core.errors import UserError
from .core.ir import WorkbookIR, build_ir, column_letter, wanted_sheets
from .core.normalise import fold_text
from .form import FORM
from .text import checked_message
from .writers.report import HIGHLIGHT, HIGHLIGHT_STORE, TOOL, findings_sheet, highlight_cells
from .writers.styles import LOOKS
from .writers.sheetxml import Formula, Sheet
from .writers.summary import CALC_SHEET, calc_sheet, file_layout, summary_sheet

TITLE = "VetQA ตรวจสอบ"
FINDINGS = FORM.sheet("findings").name
SUMMARY = FORM.sheet("summary").name
INSTRUCTIONS = FORM.sheet("instructions").name
LOG_FILE = Path(tempfile.gettempdir()) / "vetqa_xl_error.log"

# Text Excel would turn into something else when written as typed (a formula, a number,
# a date, a boolean) gets a leading apostrophe: Excel keeps the rest as text.
_NUMBER_LIKE = re.compile(r"[\d\s.,:/%()$+\-]*\d[\d\s.,:/%()$+\-]*")


class Refusal(UserError):
    """A reason not to go on, shown to the user as it is (Thai)."""


# --- reading ------------------------------------------------------------------------------

def read_grids(book) -> tuple[dict[str, list[list[object]]], list[str]]:
    """The form's sheets as grids of values from A1 to the end of each used range,
    and the names of all sheets. One block read per sheet."""
    names = [s.name for s in book.sheets]
    grids = {}
    for name in wanted_sheets(names):
        sheet = book.sheets[name]
        last = sheet.used_range.last_cell
        values = sheet.range((1, 1), (last.row, last.column)).options(ndim=2, err_to_str=True).value
        grids[name] = [[_as_file_value(v) for v in row] for row in values]
    return grids, names


# Excel's error values as COM hands them over: the VARIANT error 0x800A0000 + xlErr number.
_XL_ERR_BASE = -2146828288
_XL_ERRORS = {2000: "#NULL!", 2007: "#DIV/0!", 2015: "#VALUE!", 2023: "#REF!", 2029: "#NAME?",
              2036: "#NUM!", 2042: "#N/A", 2043: "#GETTING_DATA", 2045: "#SPILL!", 2050: "#CALC!"}


def _as_file_value(value: object) -> object:
    """A COM value as the file reader gives it: same values, same IR, same messages.

    * a date cell comes as a datetime; the file reader gives a date when there is no time;
    * a Currency/Accounting cell comes as ``decimal.Decimal`` (pywin32); the file has a float;
    * an error cell comes as its text with ``err_to_str``; errors xlwings does not name
      (#SPILL!, #CALC!, ...) stay ints, which no number cell can be over COM (numbers are
      doubles): they become their text, or ``#VALUE!`` for an unknown one."""
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value - _XL_ERR_BASE < 0x10000:
        return _XL_ERRORS.get(value - _XL_ERR_BASE, "#VALUE!")
    return value


def read_ir(book) -> WorkbookIR:
    """The live workbook as the same IR the file reader gives."""
    grids, names = read_grids(book)
    return build_ir(grids, source=book.name, sheet_names=names)


# --- rendering a Sheet model ------------------------------------------------------------------

def as_typed(value: object) -> object:
    """A model value as it must be written into a cell: formulas with "=", text as text."""
    if isinstance(value, Formula):
        return "=" + value.text
    if isinstance(value, str):
        s = value.strip()
        if value[:1] and value[0] in "=+-@'" or _NUMBER_LIKE.fullmatch(s) or s.upper() in ("TRUE", "FALSE"):
            return "'" + value
    return value


def _hyperlink(location: str, text: str) -> str:
    q = lambda s: s.replace('"', '""')  # noqa: E731
    return f'=HYPERLINK("#{q(location)}","{q(text)}")'


_A1 = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
_LOCATION = re.compile(r"^'((?:[^']|'')*)'!(.+)$")
MAX_ADDRESS = 255  # Excel's Range() takes at most 255 characters


def a1(ref: str) -> tuple[int, int]:
    """(row, column), 1-based, of an A1 reference, from its text (no round trip to Excel)."""
    m = _A1.match(ref)
    if not m:
        raise ValueError(f"not a cell reference: {ref!r}")
    col = 0
    for ch in m[1].upper():
        col = col * 26 + ord(ch) - 64
    return int(m[2]), col


def _blocks(cells: dict[tuple[int, int], str]) -> list[tuple[int, int, int, int, str]]:
    """Rectangles (r1, c1, r2, c2, style) covering cells of the same style: runs of columns
    in a row, then runs of rows with the same columns."""
    runs: dict[tuple[int, int, str], list[int]] = {}
    for r in sorted({r for r, _ in cells}):
        cols = sorted(c for rr, c in cells if rr == r)
        start = prev = cols[0]
        for c in cols[1:] + [None]:
            if c is not None and c == prev + 1 and cells[(r, c)] == cells[(r, start)]:
                prev = c
                continue
            runs.setdefault((start, prev, cells[(r, start)]), []).append(r)
            if c is not None:
                start = prev = c
    out = []
    for (c1, c2, style), rows in runs.items():
        first = last = rows[0]
        for r in rows[1:] + [None]:
            if r is not None and r == last + 1:
                last = r
                continue
            out.append((first, c1, last, c2, style))
            if r is not None:
                first = last = r
    return sorted(out)


def column_width(sheet, chars: float) -> float:
    """A model width (characters, as in the file) in the unit of the sheet's engine: characters
    on Windows and Mac; points for Office.js (remote engine, xlwings Lite), at the 7-pixel
    digit of the default font: 1 character = 7 px = 5.25 pt."""
    api = sheet.book.api
    if isinstance(api, dict) and api.get("client") == "Office.js":
        return round(int(chars * 7 + 0.5) * 0.75, 2)
    return chars


def _address(r1: int, c1: int, r2: int, c2: int) -> str:
    one = f"{column_letter(c1 - 1)}{r1}"
    return one if (r1, c1) == (r2, c2) else f"{one}:{column_letter(c2 - 1)}{r2}"


def _row_runs(rows) -> list[str]:
    """Addresses in column A ("A5:A7") covering the given row numbers in runs (a row height
    set on a cell sets its row's)."""
    out, rows = [], sorted(set(rows))
    for r in rows:
        if out and out[-1][1] == r - 1:
            out[-1][1] = r
        else:
            out.append([r, r])
    return [_address(a, 1, b, 1) for a, b in out]


def _joined(parts: list[str]) -> list[str]:
    """Multi-area addresses ("A1,C3:D4,…") of at most MAX_ADDRESS characters."""
    out: list[str] = []
    for p in parts:
        if out and len(out[-1]) + 1 + len(p) <= MAX_ADDRESS:
            out[-1] += "," + p
        else:
            out.append(p)
    return out


class Target:
    """Where a button writes: the sheet, and how many rectangles one range may cover.
    Excel's COM and AppleScript engines take multi-area addresses; others one rectangle."""

    def __init__(self, sheet, multi_area: bool):
        self.sheet, self.multi_area = sheet, multi_area

    def ranges(self, parts: list[str]):
        for address in (_joined(parts) if self.multi_area else parts):
            yield address, self.sheet.range(address)


def multi_area(book) -> bool:
    try:
        return _app(book).engine.type == "desktop"
    except Exception:
        return False


def render(model: Sheet, target, tabs: dict[str, str] | None = None, multi: bool = False) -> None:
    """Write a Sheet model into a live (empty) xlwings sheet: values, formulas and links in one
    block, then widths, heights, merges and formats, each over many cells at once.

    ``tabs`` maps folded sheet names to the workbook's tab names, so a link reaches a tab
    renamed with stray spaces."""
    if not model.cells:
        return
    out = Target(target, multi)
    nrows = max(r for r, _ in model.cells)
    ncols = max(c for _, c in model.cells)
    grid: list[list[object]] = [[None] * ncols for _ in range(nrows)]
    for (r, c), (value, _) in model.cells.items():
        grid[r - 1][c - 1] = as_typed(value)
    for ref, location, _tip in model.links:
        r, c = a1(ref)
        if tabs and (m := _LOCATION.match(location)):
            name = tabs.get(fold_text(m[1].replace("''", "'")), m[1].replace("''", "'"))
            location = "'" + name.replace("'", "''") + "'!" + m[2]
        grid[r - 1][c - 1] = _hyperlink(location, str(model.cells.get((r, c), (ref, ""))[0]))
    target.range((1, 1), (nrows, ncols)).formula = grid
    for width in sorted(set(model.widths.values())):
        cols = [f"{column_letter(c - 1)}1" for c, w in sorted(model.widths.items()) if w == width]
        for _, rng in out.ranges(cols):
            rng.column_width = column_width(target, width)
    for c in sorted(model.hidden_cols):
        target.range((1, c)).columns.hidden = True
    for height in sorted(set(model.heights.values())):
        rows = [r for r, h in model.heights.items() if h == height]
        for _, rng in out.ranges(_row_runs(rows)):
            rng.row_height = height
    for ref in model.merges:
        target.range(ref).merge()
    styled = {rc: style for rc, (_, style) in model.cells.items() if style in LOOKS}
    by_style: dict[str, list[str]] = {}
    for r1, c1, r2, c2, style in _blocks(styled) if styled else []:
        by_style.setdefault(style, []).append(_address(r1, c1, r2, c2))
    for style, parts in by_style.items():
        look = LOOKS[style]
        for _, rng in out.ranges(parts):
            if look.fill:
                rng.color = "#" + look.fill
            if look.bold:
                rng.font.bold = True
            if look.color:
                rng.font.color = "#" + look.color
            if look.numfmt:
                rng.number_format = look.numfmt
            if look.wrap:
                rng.wrap_text = True


# --- sheets and highlights ------------------------------------------------------------------

def _find(book, name: str):
    """The sheet called ``name``, comparing names as the reader does (stray spaces folded)."""
    want = fold_text(name)
    for sheet in book.sheets:
        if fold_text(sheet.name) == want:
            return sheet
    return None


def _tabs(book) -> dict[str, str]:
    return {fold_text(s.name): s.name for s in book.sheets}


def _delete(book, name: str) -> None:
    sheet = _find(book, name)
    if sheet is not None:
        sheet.delete()


def _after_data(book, *extra: str):
    """The sheet after which a generated sheet goes: the last of ``extra`` present, else the
    last form data sheet, else the last sheet."""
    for name in reversed(extra):
        if (sheet := _find(book, name)) is not None:
            return sheet
    data = {s.name for s in FORM.data_sheets}
    placed = [s for s in book.sheets if fold_text(s.name) in data]
    return placed[-1] if placed else book.sheets[-1]


def _add(book, name: str, after, model: Sheet, hidden: bool = False, tabs=None):
    sheet = book.sheets.add(name, after=after)
    render(model, sheet, tabs, multi_area(book))
    if hidden:
        sheet.visible = False
    return sheet


def _activate(sheet) -> None:
    """Show a sheet of the calling (already active) book: over COM one call; xlwings'
    Sheet.activate would also bring the book and Excel to the front."""
    try:
        sheet.api.Activate()
    except Exception:
        sheet.activate()


def _hex(rgb) -> str:
    """A fill as #RRGGBB, or "" for none (an Excel colour number is BGR)."""
    if rgb is None:
        return ""
    if isinstance(rgb, int):
        rgb = (rgb & 0xFF, (rgb >> 8) & 0xFF, (rgb >> 16) & 0xFF)
    return "#%02X%02X%02X" % tuple(rgb)


def _fill_of(rng) -> str:
    """The cell's fill as #RRGGBB, or "" for none. Engines that cannot read fills (the
    remote engine) give "": ล้างไฮไลต์ then clears the fill instead of restoring it."""
    try:
        return _hex(rng.color)
    except NotImplementedError:
        return ""


_XL_NONE = -4142  # xlColorIndexNone


def _fills(sheet, address: str, rng, refs: list[str]) -> dict[str, str]:
    """The original fills of ``refs`` (all inside ``rng``): Excel answers for a whole range
    when its cells share one fill (none, or one colour) and with Null when they differ; only
    then is each cell read."""
    try:
        interior = rng.api.Interior
        if interior.ColorIndex == _XL_NONE:
            return dict.fromkeys(refs, "")
        colour = interior.Color
        if colour is not None:
            return dict.fromkeys(refs, _hex(int(colour)))
    except Exception:  # not Excel's COM engine, or Excel did not answer for the whole range
        pass
    return {ref: _fill_of(sheet.range(ref)) for ref in refs}


_PROTECTION_ALLOW = ("AllowFormattingCells", "AllowFormattingColumns", "AllowFormattingRows",
                     "AllowInsertingColumns", "AllowInsertingRows", "AllowInsertingHyperlinks",
                     "AllowDeletingColumns", "AllowDeletingRows", "AllowSorting", "AllowFiltering",
                     "AllowUsingPivotTables")


@contextmanager
def unprotected(sheet):
    """Lift the template's password-less sheet protection while fills change (Excel refuses to
    format cells of a protected sheet), then put it back with the same permissions. Only the
    Windows (COM) engine exposes protection; elsewhere this does nothing."""
    try:
        xl = sheet.api
        protected = bool(xl.ProtectContents)
    except Exception:
        protected = False
    if not protected:
        yield
        return
    allow = {k: bool(getattr(xl.Protection, k)) for k in _PROTECTION_ALLOW}
    keep = {"DrawingObjects": bool(xl.ProtectDrawingObjects), "Scenarios": bool(xl.ProtectScenarios)}
    try:
        xl.Unprotect()
    except Exception:
        raise Refusal(f"ชีต {sheet.name} ถูกป้องกันด้วยรหัสผ่าน จึงระบายสีเซลล์ไม่ได้ "
                      f"ยกเลิกการป้องกันชีต (รีวิว > ยกเลิกการป้องกันแผ่นงาน) แล้วลองอีกครั้ง") from None
    try:
        yield
    finally:
        xl.Protect(Contents=True, **keep, **allow)


def _unprotect_all(stack: ExitStack, sheets) -> None:
    """Unprotect every sheet about to change before the first change: a sheet that refuses
    (a password) stops the button while nothing has changed yet."""
    for sheet in sheets:
        stack.enter_context(unprotected(sheet))


def _paint(target: Target, cells: dict[str, str | None]) -> None:
    """Fill cells, {ref: "#RRGGBB" or None for no fill}, one range per fill and chunk."""
    by_fill: dict[str | None, list[str]] = {}
    for ref, fill in cells.items():
        by_fill.setdefault(fill, []).append(ref)
    for fill, refs in by_fill.items():
        for _, rng in target.ranges(refs):
            rng.color = fill


def highlight(book, report) -> int:
    """Fill error cells red and warning cells yellow; how many cells.

    Nothing half-done: every sheet to paint is unprotected first (a refusal stops before any
    change), and the original fills are read and kept in the hidden sheet HIGHLIGHT_STORE
    before the first cell is painted, so ล้างไฮไลต์ restores every painted cell even when
    painting stops half-way."""
    multi = multi_area(book)
    plan = []
    for name, cells in highlight_cells(report).items():
        sheet = _find(book, name)
        if sheet is not None:
            plan.append((Target(sheet, multi), cells))
    if not plan:
        return 0
    store = Sheet()
    for c, label in enumerate(("ชีต", "เซลล์", "สีเดิม"), start=1):
        store.set(1, c, label)
    row = 1
    with ExitStack() as stack:
        _unprotect_all(stack, [t.sheet for t, _ in plan])
        for target, cells in plan:
            refs, name = list(cells), target.sheet.name
            originals: dict[str, str] = {}
            for address, rng in target.ranges(refs):
                originals.update(_fills(target.sheet, address, rng, address.split(",")))
            for ref in refs:
                row += 1
                store.set(row, 1, name)
                store.set(row, 2, ref)
                store.set(row, 3, originals[ref])
        _add(book, HIGHLIGHT_STORE, book.sheets[-1], store, hidden=True)
        for target, cells in plan:
            _paint(target, {ref: "#" + HIGHLIGHT[severity] for ref, severity in cells.items()})
    return row - 1


def clear_highlights(book) -> int:
    """Give highlighted cells their original fill back and drop the store; how many cells.
    The store goes only after every listed cell was restored."""
    store = _find(book, HIGHLIGHT_STORE)
    if store is None:
        return 0
    last = store.used_range.last_cell
    rows = store.range((1, 1), (last.row, 3)).options(ndim=2).value[1:]
    by_sheet: dict[str, dict[str, str | None]] = {}
    for name, ref, fill in rows:
        if name and ref:
            by_sheet.setdefault(str(name), {})[str(ref)] = str(fill or "") or None
    multi = multi_area(book)
    plan = [(sheet, cells) for name, cells in by_sheet.items()
            if (sheet := _find(book, name)) is not None]  # a sheet deleted since: nothing there
    with ExitStack() as stack:
        _unprotect_all(stack, [sheet for sheet, _ in plan])
        for sheet, cells in plan:
            _paint(Target(sheet, multi), cells)
    store.delete()
    return sum(len(cells) for _, cells in plan)


# --- messages -------------------------------------------------------------------------------

def _app(book):
    """The book's App, looked up once per book (each lookup is a round trip over COM)."""
    app = book.__dict__.get("_vetqa_app")
    if app is None:
        app = book.__dict__["_vetqa_app"] = book.app
    return app


def status(book, text: str | bool) -> None:
    """Excel's status bar (False hands it back to Excel); engines without one are skipped."""
    try:
        _app(book).status_bar = text
    except Exception:
        pass


#: Where messages go instead of a message box, as a function (book, text, critical); xlwings
#: Lite has no message boxes, its scripts (vetqa_xl.lite.scripts) set this while they run.
NOTIFY: ContextVar = ContextVar("vetqa_notify", default=None)


def alert(book, text: str, critical: bool = False) -> str:
    notify = NOTIFY.get()
    if notify is not None:
        notify(book, text, critical)
        return text
    _app(book).alert(text, title=TITLE, mode="critical" if critical else "info")
    return text


# Excel's settings a button turns off while it works, and their working values.
QUIET = (("screen_updating", False), ("calculation", "manual"), ("enable_events", False))


@contextmanager
def quiet(book):
    """Screen updating off, manual calculation, events off while a button works; each setting
    is put back as it was, whatever happens. Engines without a setting are skipped."""
    app = _app(book)
    before = []
    try:
        for name, value in QUIET:
            try:
                was = getattr(app, name)
                setattr(app, name, value)
            except Exception:
                continue
            before.append((name, was))
        yield
    finally:
        for name, was in reversed(before):
            try:
                setattr(app, name, was)
            except Exception:
                pass


def _failure_text(exc: BaseException) -> str:
    if isinstance(exc, UserError):
        return str(exc)
    try:
        LOG_FILE.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
        where = f"\nรายละเอียดสำหรับผู้ดูแลระบบอยู่ในไฟล์ {LOG_FILE}"
    except OSError:
        where = ""
    return (f"เกิดข้อผิดพลาดที่ไม่คาดคิด โปรแกรมหยุดทำงานโดยไม่เปลี่ยนข้อมูลที่กรอก\n"
            f"({type(exc).__name__}: {exc}){where}")


NO_BOOK = ("ไม่พบไฟล์ที่เรียกใช้ปุ่ม เปิดไฟล์รายงาน (ถ้ามีแถบสีเหลืองด้านบน คลิก เปิดใช้งานการแก้ไข ก่อน) "
           "แล้วกดปุ่มอีกครั้ง\nThe workbook that clicked the button was not found: open the report "
           "(in Protected View click Enable Editing first) and click the button again.")


def message_box(text: str) -> None:
    """A message with no workbook to show it in: Windows' own (Unicode) message box, else
    standard error (xlwings shows that in its error popup)."""
    try:
        import win32api  # pywin32, which xlwings needs on Windows

        win32api.MessageBox(0, text, TITLE, 0x30)  # MB_ICONWARNING
    except Exception:
        sys.stderr.write(text + "\n")


def caller():
    """The calling book, or None after telling the user (Thai and English, no traceback)."""
    try:
        import xlwings as xw

        return xw.Book.caller()
    except Exception as exc:
        text = NO_BOOK
        try:
            LOG_FILE.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
            text += f"\n({type(exc).__name__}: {exc})"
        except OSError:
            pass
        message_box(text)
        return None


def button(fn):
    """Run a button on a book (default: the caller) with screen updating, calculation and
    events off; any failure becomes a Thai message box."""
    @functools.wraps(fn)
    def run(book=None) -> str:
        if book is None and (book := caller()) is None:
            return NO_BOOK
        try:
            with quiet(book):
                return fn(book)
        except Exception as exc:
            return alert(book, _failure_text(exc), critical=True)
        finally:
            status(book, False)
    return run


# --- the five buttons -----------------------------------------------------------------------

@button
def check(book) -> str:
    """ตรวจสอบข้อมูล: check the live data, write ผลการตรวจสอบ, highlight the cells."""
    status(book, "VetQA: กำลังอ่านข้อมูล…")
    report = api.check(read_ir(book))
    status(book, "VetQA: กำลังเขียนผลการตรวจสอบ…")
    clear_highlights(book)
    _delete(book, FINDINGS)
    _add(book, FINDINGS, _after_data(book, SUMMARY), findings_sheet(report), tabs=_tabs(book))
    highlight(book, report)
    return alert(book, checked_message(report, FINDINGS), critical=not report.valid)


@button
def summary(book) -> str:
    """สร้างสรุป: write สรุป (live formulas beside the checker's values) and its helper sheet."""
    from .core.rubric import load_rubric

    status(book, "VetQA: กำลังคำนวณสรุป…")
    ir = read_ir(book)
    report = api.check(ir)
    layout = file_layout(ir)
    model, _charts = summary_sheet(layout, report, load_rubric(), TOOL)
    status(book, "VetQA: กำลังเขียนชีตสรุป…")
    _delete(book, SUMMARY)  # first: its formulas refer to the helper sheet
    _delete(book, CALC_SHEET)
    # The helper sheet must exist before สรุป refers to it, or Excel asks for a file.
    _add(book, CALC_SHEET, book.sheets[-1], calc_sheet(layout), hidden=True)
    _activate(_add(book, SUMMARY, _after_data(book), model))
    return alert(book, f"สร้างชีต {SUMMARY} แล้ว: คอลัมน์ B คำนวณสดจากสูตร คอลัมน์ C เป็นผลการตรวจสอบ "
                       f"(ข้อผิดพลาด {len(report.errors)} รายการ · คำเตือน {len(report.warnings)} รายการ)")


def book_path(book) -> Path | None:
    """The saved file of the book, or None (never saved, or saved only online: xlwings maps
    a OneDrive/SharePoint address to a local file where it can, and fails otherwise)."""
    try:
        path = Path(str(book.fullname))
    except Exception:
        return None
    return path if path.is_absolute() and path.is_file() else None


def unsaved_changes(book) -> bool | None:
    """True when Excel says the book has unsaved changes; None when the engine cannot tell."""
    try:
        return not bool(book.api.Saved)
    except Exception:
        return None


def open_folder(folder: Path) -> None:
    if sys.platform.startswith("win"):
        os.startfile(folder)  # noqa: S606 - a folder, for the user to attach the file


@button
def export(book) -> str:
    """ส่งออกไฟล์สำหรับส่งอีเมล: the email-ready copy of the saved file, next to it."""
    path = book_path(book)
    if path is None:
        raise Refusal("ยังไม่ได้บันทึกไฟล์ลงเครื่อง บันทึกไฟล์ (แฟ้ม > บันทึกเป็น) ในโฟลเดอร์บนเครื่องนี้ก่อน "
                      "แล้วกดส่งออกอีกครั้ง")
    if unsaved_changes(book):
        raise Refusal("ไฟล์มีการแก้ไขที่ยังไม่ได้บันทึก บันทึกไฟล์ (Ctrl+S) ก่อน แล้วกดส่งออกอีกครั้ง "
                      "(ไฟล์ที่ส่งออกสร้างจากไฟล์ที่บันทึกไว้)")
    status(book, "VetQA: กำลังตรวจสอบและส่งออก…")
    out, report = api.export(path, overwrite=True)  # a new export replaces the last (kept as .bak)
    if out is None:
        raise Refusal(f"ยังส่งออกไม่ได้: มีข้อผิดพลาด {len(report.errors)} รายการ กดปุ่ม ตรวจสอบข้อมูล "
                      f"เพื่อดูรายการ แก้ไข บันทึก แล้วส่งออกอีกครั้ง")
    open_folder(out.parent)
    return alert(book, f"ส่งออกแล้ว: {out.name}\nในโฟลเดอร์ {out.parent}\n"
                       f"แนบไฟล์นี้ในอีเมล (ไฟล์ไม่มีมาโคร · คำเตือน {len(report.warnings)} รายการ)")


@button
def clear(book) -> str:
    """ล้างไฮไลต์: give highlighted cells their original fill back."""
    status(book, "VetQA: กำลังล้างไฮไลต์…")
    n = clear_highlights(book)
    return alert(book, f"ล้างไฮไลต์แล้ว {n} เซลล์" if n else "ไม่มีไฮไลต์ที่ต้องล้าง")


@button
def help(book) -> str:  # noqa: A001 - the button's name
    """วิธีใช้: show the instructions sheet."""
    sheet = _find(book, INSTRUCTIONS)
    if sheet is None:
        raise Refusal(f"ไม่พบชีต {INSTRUCTIONS} ในไฟล์นี้ ดูวิธีใช้ได้จากแบบฟอร์มเปล่า "
                      f"(vetqa-xl template แบบฟอร์ม.xlsx)")
    _activate(sheet)
    return ""


BUTTONS = {"btnCheck": check, "btnSummary": summary, "btnExport": export,
           "btnClearHighlights": clear, "btnHelp": help}


def on_ribbon(button_id: str, book=None) -> str:
    """The add-in's one callback: run the button ``button_id`` on the calling workbook."""
    action = BUTTONS.get(button_id)
    if action is None:
        @button
        def action(book) -> str:
            raise Refusal(f"ไม่รู้จักปุ่ม {button_id} add-in กับโปรแกรมอาจเป็นคนละรุ่นกัน "
                          f"ติดตั้ง add-in ใหม่ด้วยคำสั่ง vetqa-xl addin install")
    return action(book)


# --- แก้ไขอัตโนมัติ (fix), appended by issue 10 -----------------------------------------------

def _read_or(get, default):
    """A property Excel (COM) gives at once; xlwings' remote engine cannot read formulas or
    formats synchronously (NotImplementedError), so there the default stands: values only."""
    try:
        return get()
    except NotImplementedError:
        return default


@button
def fix(book) -> str:
    """แก้ไขอัตโนมัติ: the changes of ``vetqa-xl fix`` made in the live sheets, listed in the sheet
    รายการแก้ไขอัตโนมัติ. A cell holding a formula is left alone."""
    from .writers.fix import FIX_SHEET, changes_sheet
    from .writers.template import DATE_FORMAT

    status(book, "VetQA: กำลังอ่านข้อมูล…")
    names = {" ".join(s.name.split()): s.name for s in book.sheets}
    applied = []
    for change in api.fix_changes(read_ir(book)):
        cell = book.sheets[names.get(change.sheet, change.sheet)].range(change.cell)
        if _read_or(lambda: str(cell.formula).startswith("="), False):
            continue
        if isinstance(change.after, dt.date):
            cell.value = dt.datetime.combine(change.after, dt.time())
            shown = re.sub(r'\[[^\]]*\]|"[^"]*"', "", _read_or(lambda: str(cell.number_format), ""))
            if not re.search(r"[dy]", shown, re.I):
                cell.number_format = DATE_FORMAT
        else:
            cell.value = change.after
        applied.append(change)
    if not applied:
        return alert(book, "ไม่มีสิ่งที่ต้องแก้ไขอัตโนมัติ")
    _delete(book, FIX_SHEET)
    _add(book, FIX_SHEET, _after_data(book, SUMMARY, FINDINGS), changes_sheet(applied, names))
    return alert(book, f"แก้ไขอัตโนมัติแล้ว {len(applied)} เซลล์ (เลขไทย ตัวเลขที่เป็นข้อความ วันที่ที่พิมพ์เป็นข้อความ "
                       f"ช่องว่างเกิน) รายการอยู่ในชีต {FIX_SHEET} กดปุ่ม ตรวจสอบข้อมูล อีกครั้งเพื่อดูผล")


BUTTONS["btnFix"] = fix
