"""The Excel layer: one entry point per ribbon button of the VetQA add-in.

The add-in's VBA runs ``import vetqa_xl.excel as x; x.on_ribbon('<button id>')`` through
xlwings' RunPython. Every button acts on the workbook that called it (``xw.Book.caller()``)
and is a thin layer over the same Python API as the CLI:

* live sheets -> grids of values (used ranges, anchored at A1) -> ``core.ir.build_ir``
  -> ``api.check``: the checker sees exactly what the file reader would give it;
* the generated sheets are the models of ``writers.report`` / ``writers.summary``
  (``sheetxml.SheetModel``), rendered here into live sheets instead of into XML;
* the export is ``api.export`` on the saved file.

Where the original fills of highlighted cells are kept: a hidden sheet ``ไฮไลต์เดิม``
(:data:`HIGHLIGHT_STORE`), one row per highlighted cell: sheet, cell, original fill as
``#RRGGBB`` or empty for no fill. It travels with the workbook, so ล้างไฮไลต์ works after
closing and reopening Excel. xlwings imports stay inside functions: ``import vetqa_xl``
and the check path never load xlwings.

This module holds the buttons and ``on_ribbon``: each asks the API (``api.check``,
``api.summary_sheets``, ``api.export``, ``api.fix_cells``) and renders what it gets; its
sentences are in the catalogue (``core.messages``). The rest is in app.py (status bar, message
boxes, quiet settings, the add-in's version guard), render.py (Sheet models into live sheets),
highlights.py, and the live reader in readers/live.py. ``__all__`` is the public surface the
Lite scripts and the tests use; it holds no private name.
"""
from __future__ import annotations

import functools
import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from .. import api
from ..core.errors import UserError
from ..core.problems import EXCEL_STATUS, read_problem
from ..form import FORM
from ..readers.live import read_ir
from ..text import checked_message
from ..writers.keep import FIX_SHEET
from ..writers.report import HIGHLIGHT_STORE, findings_sheet
from ..writers.summary import CALC_SHEET
from .app import NOTIFY, TITLE, Refusal, alert, message_box, quiet, status, version_guard
from .highlights import clear_live_highlights, highlight_live, unprotected
from .render import activate, add_sheet, after_data, as_typed, column_width, find_sheet, make_room, render, sheet_tabs

#: What the Lite scripts, the add-in's VBA and the tests use: the buttons and their dispatch, the
#: sheet names, the message hook and boxes, the live reader, and the pieces Lite renders with.
__all__ = ["BUTTONS", "FINDINGS", "HIGHLIGHT_STORE", "LOG_FILE", "NOTIFY", "NO_BOOK", "SUMMARY", "TITLE",
           "Refusal", "alert", "as_typed", "caller", "check", "clear", "column_width", "export", "find_sheet",
           "fix", "help", "highlight_live", "on_ribbon", "open_folder", "read_ir", "render", "summary", "unprotected",
           "unsaved_changes", "version_guard"]

FINDINGS = FORM.sheet("findings").name
SUMMARY = FORM.sheet("summary").name
INSTRUCTIONS = FORM.sheet("instructions").name
LOG_FILE = Path(tempfile.gettempdir()) / "vetqa_xl_error.log"
NO_BOOK = read_problem("excel_no_book")


def _log(exc: BaseException) -> bool:
    """The traceback into LOG_FILE, for the administrator; False when it cannot be written."""
    try:
        LOG_FILE.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
        return True
    except OSError:
        return False


def _failure_text(exc: BaseException) -> str:
    if isinstance(exc, UserError):
        return str(exc)
    where = "\n" + read_problem("excel_log_file", path=LOG_FILE) if _log(exc) else ""
    return read_problem("excel_unexpected", error=f"{type(exc).__name__}: {exc}") + where


def caller():
    """The calling book, or None after telling the user (Thai and English, no traceback).

    On macOS, when Excel called (RunPython's ``--from_xl=1``) but ``Book.caller()`` cannot
    match the workbook, the button was clicked in the active workbook: that one. RunPython hands
    a non-ASCII (Thai) file name over garbled there (xlwings issue 2004). On Windows the caller
    is found by its window and name; a miss there is Protected View, where no workbook is active."""
    try:
        import xlwings as xw

        return xw.Book.caller()
    except Exception as exc:
        if sys.platform == "darwin" and "--from_xl=1" in sys.argv:
            try:
                return xw.books.active
            except Exception:
                pass
        message_box(NO_BOOK + (f"\n({type(exc).__name__}: {exc})" if _log(exc) else ""))
        return None


class Button(Protocol):
    """A button: called with a book (default: the caller); ``__wrapped__`` is the undecorated
    function, which the Lite scripts run inside their own guard."""
    __wrapped__: Callable[[Any], str]

    def __call__(self, book: Any = None) -> str: ...


def button(fn: Callable[[Any], str]) -> Button:
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


# --- the six buttons ------------------------------------------------------------------------

@button
def check(book) -> str:
    """ตรวจสอบข้อมูล: check the live data, write ผลการตรวจสอบ, highlight the cells."""
    status(book, EXCEL_STATUS["reading"])
    report = api.check(read_ir(book))
    status(book, EXCEL_STATUS["writing_findings"])
    clear_live_highlights(book)
    kept = make_room(book, FINDINGS)
    add_sheet(book, FINDINGS, after_data(book, SUMMARY), findings_sheet(report), tabs=sheet_tabs(book))
    highlight_live(book, report)
    return alert(book, checked_message(report, FINDINGS) + kept, critical=not report.valid)


@button
def summary(book) -> str:
    """สร้างสรุป: write สรุป (live formulas beside the checker's values) and its helper sheet."""
    status(book, EXCEL_STATUS["computing_summary"])
    report, sheets = api.summary_sheets(read_ir(book))
    status(book, EXCEL_STATUS["writing_summary"])
    kept = make_room(book, SUMMARY, CALC_SHEET)  # สรุป first: its formulas refer to the helper sheet
    # The helper sheet must exist before สรุป refers to it, or Excel asks for a file.
    add_sheet(book, CALC_SHEET, book.sheets[-1], sheets["calc"], hidden=True)
    activate(add_sheet(book, SUMMARY, after_data(book), sheets["summary"]))
    return alert(book, read_problem("excel_summary_written", sheet=SUMMARY, errors=len(report.errors),
                                    warnings=len(report.warnings)) + kept)


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
        raise Refusal(read_problem("excel_export_not_saved"))
    if unsaved_changes(book):
        raise Refusal(read_problem("excel_export_unsaved"))
    status(book, EXCEL_STATUS["exporting"])
    out, report = api.export(path, overwrite=True)  # a new export replaces the last (kept as .bak)
    if out is None:
        raise Refusal(read_problem("excel_export_errors", n=len(report.errors)))
    open_folder(out.parent)
    return alert(book, read_problem("excel_exported", name=out.name, folder=out.parent,
                                    warnings=len(report.warnings)))


@button
def clear(book) -> str:
    """ล้างไฮไลต์: give highlighted cells their original fill back."""
    status(book, EXCEL_STATUS["clearing"])
    n = clear_live_highlights(book)
    return alert(book, read_problem("excel_cleared", n=n) if n else read_problem("excel_nothing_to_clear"))


@button
def fix(book) -> str:
    """แก้ไขอัตโนมัติ: the changes of ``vetqa-xl fix`` made in the live sheets (``api.fix_cells``:
    a cell holding a formula is left alone), listed in the sheet รายการแก้ไขอัตโนมัติ."""
    from ..writers.changes import changes_sheet

    status(book, EXCEL_STATUS["reading"])
    names = sheet_tabs(book)
    applied = api.fix_cells(read_ir(book),
                            lambda change: book.sheets[names.get(change.sheet, change.sheet)].range(change.cell))
    if not applied:
        return alert(book, read_problem("excel_nothing_to_fix"))
    kept = make_room(book, FIX_SHEET)
    add_sheet(book, FIX_SHEET, after_data(book, SUMMARY, FINDINGS), changes_sheet(applied, names))
    return alert(book, read_problem("excel_fixed", n=len(applied), sheet=FIX_SHEET) + kept)


@button
def help(book) -> str:  # noqa: A001 - the button's name
    """วิธีใช้: show the instructions sheet."""
    sheet = find_sheet(book, INSTRUCTIONS)
    if sheet is None:
        raise Refusal(read_problem("excel_no_instructions", sheet=INSTRUCTIONS))
    activate(sheet)
    return ""


#: The ribbon's button ids (addin.versions.RIBBON_BUTTONS) and what each runs.
BUTTONS = {"btnCheck": check, "btnSummary": summary, "btnExport": export,
           "btnClearHighlights": clear, "btnFix": fix, "btnHelp": help}


def _unknown(button_id: str) -> Button:
    """A button the ribbon has and this version does not (an add-in of another version): it
    tells so in the workbook's message box."""
    @button
    def refuse(book) -> str:
        raise Refusal(read_problem("excel_unknown_button", button=button_id))
    return refuse


def on_ribbon(button_id: str, book=None) -> str:
    """The add-in's one callback: run the button ``button_id`` on the calling workbook."""
    return (BUTTONS.get(button_id) or _unknown(button_id))(book)
