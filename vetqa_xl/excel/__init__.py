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

This module holds the buttons and ``on_ribbon``; the rest is in app.py (status bar, message
boxes, quiet settings), render.py (Sheet models into live sheets), highlights.py, and the live
reader in readers/live.py. The names tests and the Lite scripts use are re-exported here.
"""
from __future__ import annotations

import datetime as dt
import functools
import os
import re
import sys
import tempfile
import traceback
from pathlib import Path

from .. import api
from ..core.errors import UserError
from ..form import FORM
from ..readers.live import _as_file_value, read_grids, read_ir  # noqa: F401  (tests, Lite)
from ..text import checked_message
from ..writers.report import HIGHLIGHT_STORE, findings_sheet, generated_sheets  # noqa: F401
from ..writers.summary import CALC_SHEET, file_layout
from .app import NOTIFY, QUIET, TITLE, Refusal, _app, alert, message_box, quiet, status  # noqa: F401
from .highlights import _PROTECTION_ALLOW, _fill_of, clear_highlights, highlight, unprotected  # noqa: F401
from .render import (_activate, _add, _after_data, _delete, _find, _joined, _make_room, _tabs,  # noqa: F401
                     as_typed, column_width, render)

FINDINGS = FORM.sheet("findings").name
SUMMARY = FORM.sheet("summary").name
INSTRUCTIONS = FORM.sheet("instructions").name
LOG_FILE = Path(tempfile.gettempdir()) / "vetqa_xl_error.log"



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
    kept = _make_room(book, FINDINGS)
    _add(book, FINDINGS, _after_data(book, SUMMARY), findings_sheet(report), tabs=_tabs(book))
    highlight(book, report)
    return alert(book, checked_message(report, FINDINGS) + kept, critical=not report.valid)


@button
def summary(book) -> str:
    """สร้างสรุป: write สรุป (live formulas beside the checker's values) and its helper sheet."""
    from ..core.rubric import load_rubric

    status(book, "VetQA: กำลังคำนวณสรุป…")
    ir = read_ir(book)
    report = api.check(ir)
    layout = file_layout(ir)
    sheets, _charts = generated_sheets(layout, report, load_rubric())
    status(book, "VetQA: กำลังเขียนชีตสรุป…")
    kept = _make_room(book, SUMMARY, CALC_SHEET)  # สรุป first: its formulas refer to the helper sheet
    # The helper sheet must exist before สรุป refers to it, or Excel asks for a file.
    _add(book, CALC_SHEET, book.sheets[-1], sheets["calc"], hidden=True)
    _activate(_add(book, SUMMARY, _after_data(book), sheets["summary"]))
    return alert(book, f"สร้างชีต {SUMMARY} แล้ว: คอลัมน์ B คำนวณสดจากสูตร คอลัมน์ C เป็นผลการตรวจสอบ "
                       f"(ข้อผิดพลาด {len(report.errors)} รายการ · คำเตือน {len(report.warnings)} รายการ)"
                       + kept)


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
                      f"(vetqa-xl template -o แบบฟอร์ม.xlsx)")
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
    from ..writers.fix import FIX_SHEET, changes_sheet
    from ..writers.styles import DATE_FORMAT

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
    kept = _make_room(book, FIX_SHEET)
    _add(book, FIX_SHEET, _after_data(book, SUMMARY, FINDINGS), changes_sheet(applied, names))
    return alert(book, f"แก้ไขอัตโนมัติแล้ว {len(applied)} เซลล์ (เลขไทย ตัวเลขที่เป็นข้อความ วันที่ที่พิมพ์เป็นข้อความ "
                       f"ช่องว่างเกิน) รายการอยู่ในชีต {FIX_SHEET} กดปุ่ม ตรวจสอบข้อมูล อีกครั้งเพื่อดูผล" + kept)


BUTTONS["btnFix"] = fix

