"""The buttons for xlwings Lite: the same functions as the ribbon (vetqa_xl.excel), Lite's edges handled.

main.py of a Lite workbook (written by ``vetqa-xl lite``) imports this module from the
embedded package and registers one ``@script`` per function below. Under Lite:

* there are no message boxes and no status bar: every message goes to ``print`` (the Lite
  console) and to the message cells of the findings sheet (:data:`MESSAGE_CELLS`);
* a raised error would throw away what the script queued, and a half-done job must not reach
  Excel either: a refusal or a failure drops the actions this script queued and leaves only
  the message, so the workbook is as it was;
* fills cannot be read synchronously: highlighting keeps "" (no fill) as the original fill, so
  ล้างไฮไลต์ never needs to read fills (the template's data cells have none);
* column widths are set in points (``excel.column_width``);
* ``Book.fullname`` is only a name, there is no file to export: ส่งออก checks, writes สรุป
  and ผลการตรวจสอบ as the export file has them, gives the export's file name and asks for
  *Save a Copy* under that name;
* nine actions the scripts queue exist only since xlwings 0.37 (:data:`NEWER_ACTIONS`), and a
  Lite add-in without a handler for one throws in the middle of the batch: what came before is
  applied (the runtime syncs each range action), the rest, the check result with it, is lost.
  Python cannot catch that (the batch runs in Excel after the script), so when the client says
  it is older (its payload's ``version``) the script keeps only what an older Lite handles
  (:data:`OLDER_LITE`): formulas go as values, the looks are left out, and one line says so on
  the console and in G3 of the findings sheet.

Nothing here imports xlwings: the book is the one Lite hands to the script.
"""
from __future__ import annotations

import traceback

from .. import api, excel
from ..core.errors import UserError
from ..core.problems import read_problem
from ..version import __version__

VERSION_LINE = f"vetqa_xl {__version__} (xlwings Lite)"
MESSAGE_CELLS = ("G1", "G2")  # label, last message: right of the findings table (A:E)
MESSAGE_LABEL = "ข้อความล่าสุดจาก VetQA"
OLDER_CELL = "G3"  # under the last message: the line of an add-in older than NEWER_ACTIONS
# Every action the scripts queue, and the Lite that handles it (sources in the README, "Actions
# and versions"). OLDER_LITE: handlers in xlwings' public Office.js runtime, which Lite's comes
# from (xlwings-server app/static/js/core/xlwingsjs/xlwings.js), and setFontProperty since Lite
# 1.0.0.0-13 ("Range.font properties can now be set"). NEWER_ACTIONS: queued by xlwings' remote
# engine only since 0.37 (xlwings/pro/_xlremote.py of 0.37.8; "Requires xlwings Lite"), with no
# handler in that runtime and no Lite changelog entry: the client's xlwings version decides.
OLDER_LITE = frozenset({"setValues", "addSheet", "sheetDelete", "activateSheet", "setRangeColor",
                        "setNumberFormat", "setFontProperty"})
NEWER_ACTIONS = frozenset({"setFormula", "setColumnWidth", "setRowHeight", "rangeMerge", "setWrapText",
                           "setSheetVisibility", "setColumnHidden", "addConditionalFormat",
                           "clearConditionalFormats"})
STAND_INS = {"setFormula": "setValues"}  # the runtime's setValues sets range.values: "=..." is a formula
NEWER_SINCE = (0, 37)


def notify(book, text: str, critical: bool = False) -> None:
    """A message where Lite users see it: the console, and the findings sheet when there is one."""
    print(("⚠ " if critical else "") + text)
    sheet = excel.find_sheet(book, excel.FINDINGS)
    if sheet is not None:
        label, cell = MESSAGE_CELLS
        sheet.range(label).value = MESSAGE_LABEL
        sheet.range(cell).value = excel.as_typed(text)


def _failure_text(exc: BaseException) -> str:
    if isinstance(exc, UserError):
        return str(exc)
    traceback.print_exception(exc)  # the details go to the Lite console
    return read_problem("lite_unexpected", error=f"{type(exc).__name__}: {exc}", version=VERSION_LINE)


def client_version(book) -> tuple[int, ...] | None:
    """The xlwings version the client (the Lite add-in) sends with the book, None if unreadable."""
    text = str(book.api.get("version") or "") if isinstance(book.api, dict) else ""
    parts = text.split(".")
    return tuple(int(p) for p in parts[:2]) if len(parts) >= 2 and all(p.isdigit() for p in parts[:2]) else None


def do_without_newer(book, queued: list[dict], start: int) -> int:
    """An older add-in: of the actions queued from ``start``, only those OLDER_LITE handles
    (setFormula sent as setValues); the line that says so. Returns how many were left out."""
    kept, left_out = [], 0
    for action in queued[start:]:
        func = STAND_INS.get(action["func"], action["func"])
        if func in OLDER_LITE:
            kept.append({**action, "func": func})
        else:
            left_out += 1
    queued[start:] = kept
    if left_out:
        sent = book.api.get("version") if isinstance(book.api, dict) else None
        text = read_problem("lite_older_addin", version=sent or "?", n=left_out)
        print("⚠ " + text)
        sheet = excel.find_sheet(book, excel.FINDINGS)
        if sheet is not None:
            sheet.range(OLDER_CELL).value = excel.as_typed(text)
    return left_out


def run_button(book, button) -> str:
    """Run one of excel.py's buttons (its undecorated function) on the Lite book."""
    print(VERSION_LINE)
    queued = book.json()["actions"]
    start = len(queued)
    token = excel.NOTIFY.set(notify)
    try:
        result = getattr(button, "__wrapped__", button)(book)
        if (client_version(book) or (0,)) < NEWER_SINCE:
            do_without_newer(book, queued, start)
        return result
    except Exception as exc:  # noqa: BLE001 - every failure becomes a message
        text = _failure_text(exc)
        if len(queued) > start:
            # Nothing half-done reaches Excel. The book's model already shows the dropped
            # changes, so the message goes to the console only.
            del queued[start:]
            print("⚠ " + text)
        else:
            notify(book, text, critical=True)
        return text
    finally:
        excel.NOTIFY.reset(token)


def check(book) -> str:
    """ตรวจสอบ: the ribbon's ตรวจสอบข้อมูล."""
    return run_button(book, excel.check)


def summary(book) -> str:
    """สรุป: the ribbon's สร้างสรุป (สรุป shows the embedded version)."""
    return run_button(book, excel.summary)


def clear(book) -> str:
    """ล้างไฮไลต์: the ribbon's ล้างไฮไลต์, from the stored fills only."""
    return run_button(book, excel.clear)


def _export(book) -> str:
    from ..text import export_name

    report = api.check(excel.read_ir(book))
    if not report.valid:
        raise excel.Refusal(read_problem("lite_export_errors", n=len(report.errors)))
    # The copy to send has สรุป and ผลการตรวจสอบ, as the export file has; their own
    # messages are not shown, only the one below.
    quiet = excel.NOTIFY.set(lambda *args: None)
    try:
        excel.check.__wrapped__(book)
        excel.summary.__wrapped__(book)
    finally:
        excel.NOTIFY.reset(quiet)
    return excel.alert(book, read_problem("lite_ready", name=export_name(report), warnings=len(report.warnings)))


def export(book) -> str:
    """ส่งออก: check, then the export's file name and how to save the copy."""
    return run_button(book, _export)


def fix(book) -> str:
    """แก้ไขอัตโนมัติ: the ribbon's แก้ไขอัตโนมัติ (the changes of ``vetqa-xl fix``, listed in a sheet).
    Lite's book gives values only, so a cell is never taken for a formula here."""
    return run_button(book, excel.fix)


# {display name in Lite: function}; main.py gives each an @script(name=...) of the same name.
SCRIPTS = {"ตรวจสอบ": check, "แก้ไขอัตโนมัติ": fix, "สรุป": summary, "ล้างไฮไลต์": clear,
           "ส่งออก": export}
