"""The Excel layer (vetqa_xl.excel) on Linux, through xlwings' real Book API.

xlwings' remote engine (``xw.Book(json=payload)``) stands in for Excel: the payload is what
Excel would send (every sheet's values, anchored at A1), built here from the sample workbooks
read with python-calamine; everything the buttons do is queued as actions in ``book.json()``,
which is exactly what would reach Excel. ``replay`` applies those actions to the payload, so a
later button sees the workbook as Excel would have left it.

Expected numbers come from tests/data/sample_expected.json and the sample JSON, never from
the program's own output.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

import vetqa_xl
from vetqa_xl import excel
from vetqa_xl.core.messages import SEVERITY_TH
from vetqa_xl.form import FORM
from vetqa_xl.writers.sheetxml import Formula, SheetModel
from vetqa_xl.writers.summary import CALC_SHEET, COL_CHECKER, COL_FORMULA, COL_KEY

from .excel_harness import (  # noqa: F401
    DATA_SHEETS,
    EXPECTED,
    ROOT,
    actions,
    alerts,
    expected_counts,
    expected_fills,
    expected_findings,
    expected_summary,
    fills,
    names,
    open_book,
    payload_of,
    readable_fills,
    replay,
    sample_files,
    sample_json,
    sheet_of,
    xw,
)

SAMPLES = ["college", "college_mistakes"]


# --- ตรวจสอบข้อมูล ------------------------------------------------------------------------------

@pytest.mark.parametrize("sample", SAMPLES)
def test_check_writes_findings_highlights_and_counts(xw, sample_files, sample):
    payload = payload_of(sample_files[sample])
    book = open_book(xw, payload)
    text = excel.on_ribbon("btnCheck")
    n_err, n_warn = expected_counts(sample)
    assert (n_err, n_warn) == ((10, 7) if sample == "college_mistakes" else (0, 3))  # 2 พ.ศ. dates typed as text are notes, the date cell warns

    [msg] = alerts(book)
    assert msg[0] == text
    assert f"ข้อผิดพลาด {n_err} รายการ" in text and f"คำเตือน {n_warn} รายการ" in text
    assert ("พร้อมส่ง" in text and "ต้องแก้" not in text) == (n_err == 0)
    assert msg[1] == excel.TITLE and msg[3] == ("critical" if n_err else "info")

    after = replay(payload, actions(book))
    order = names(after)
    assert excel.SUMMARY in names(payload)  # the template comes with a formula-only สรุป
    assert order.index(excel.FINDINGS) == order.index(excel.SUMMARY) + 1 == order.index(DATA_SHEETS[-1]) + 2
    assert sheet_of(after, excel.HIGHLIGHT_STORE)["visibility"] == "Hidden"
    assert fills(after) == expected_fills(sample)

    rows = sheet_of(after, excel.FINDINGS)["values"]
    assert rows[0][0] == FORM.sheet("findings").title
    assert rows[2][:5] == [c.label for c in FORM.sheet("findings").columns]
    assert f"ข้อผิดพลาด {n_err} · คำเตือน {n_warn}" in rows[1][0]
    listed = set()
    for r in rows[3:]:
        if r[0] in (SEVERITY_TH["error"], SEVERITY_TH["warning"]):
            m = re.fullmatch(r'=HYPERLINK\("#\'(.+)\'!([A-Z]+\d+)","([A-Z]+\d+)"\)', r[3])
            assert m and m.group(1) == r[2] and m.group(2) == m.group(3)
            listed.add((r[0], r[2], m.group(2)))
    assert listed == {(SEVERITY_TH[f["severity"]], f["sheet"], f["cell"])
                      for f in expected_findings(sample) if f["severity"] in ("error", "warning")}


@pytest.mark.parametrize("sample", SAMPLES)
def test_live_ir_checks_like_the_file(xw, sample_files, sample):
    """The live reader gives the checker the same workbook as the file reader."""
    book = open_book(xw, payload_of(sample_files[sample]))
    live = vetqa_xl.check(excel.read_ir(book)).to_dict()
    disk = vetqa_xl.check(sample_files[sample]).to_dict()
    for d in (live, disk):
        del d["source"], d["checked_at"]
    assert live == disk


def test_clear_restores_original_fills(xw, sample_files, readable_fills):
    sample = "college_mistakes"
    payload = payload_of(sample_files[sample])
    own = {("3 กิจกรรม", (5, 2)): "#DDEEFF",  # B5: has an error, so it gets highlighted
           ("3 กิจกรรม", (30, 1)): "#E2EFDA"}  # A30: no finding, never touched
    for (name, rc), colour in own.items():
        sheet_of(payload, name)["_colors"][rc] = colour

    book = open_book(xw, payload)
    excel.on_ribbon("btnCheck")
    checked = replay(payload, actions(book))
    assert fills(checked) == {**expected_fills(sample), ("3 กิจกรรม", "A30"): "#E2EFDA"}

    # checking again first gives back the fills, so the store keeps the user's colours
    book = open_book(xw, checked)
    excel.on_ribbon("btnCheck")
    rechecked = replay(checked, actions(book))
    assert names(rechecked).count(excel.HIGHLIGHT_STORE) == 1
    store = sheet_of(rechecked, excel.HIGHLIGHT_STORE)["values"]
    assert len([r for r in store[1:] if r[0]]) == len(expected_fills(sample)) == 17  # 10 errors + 7 warnings (the พ.ศ. dates typed as text are notes: no fill; the date cell with a พ.ศ. year warns)
    assert ["3 กิจกรรม", "B5", "#DDEEFF"] in [r[:3] for r in store]

    book = open_book(xw, rechecked)
    text = excel.on_ribbon("btnClearHighlights")
    assert text == "ล้างไฮไลต์แล้ว 17 เซลล์ / 17 highlighted cells cleared" and alerts(book)[0][0] == text
    cleared = replay(rechecked, actions(book))
    assert fills(cleared) == {("3 กิจกรรม", "B5"): "#DDEEFF", ("3 กิจกรรม", "A30"): "#E2EFDA"}
    assert excel.HIGHLIGHT_STORE not in names(cleared)

    book = open_book(xw, cleared)
    assert excel.on_ribbon("btnClearHighlights") == "ไม่มีไฮไลต์ที่ต้องล้าง / no highlights to clear"


def test_a_button_this_version_does_not_have_says_so_and_changes_nothing(xw, sample_files):
    """An add-in of another version may call a button id this package lacks: a critical message
    box names the id and says how to fix it (Thai and English), and nothing else reaches Excel."""
    book = open_book(xw, payload_of(sample_files["college"]))
    text = excel.on_ribbon("btnFromANewerAddin")
    assert text.startswith("ไม่รู้จักปุ่ม btnFromANewerAddin ") and "unknown button btnFromANewerAddin" in text
    assert "vetqa-xl addin install" in text and "Traceback" not in text
    assert [a["func"] for a in actions(book)] == ["alert"]
    assert alerts(book) == [[text, excel.TITLE, "ok", "critical", ""]]


def test_clear_where_the_engine_cannot_read_fills(xw, sample_files):
    """The remote engine cannot read fills: highlights are cleared to no fill."""
    payload = payload_of(sample_files["college"])
    book = open_book(xw, payload)
    excel.on_ribbon("btnCheck")
    checked = replay(payload, actions(book))
    assert fills(checked) == expected_fills("college")
    book = open_book(xw, checked)
    excel.on_ribbon("btnClearHighlights")
    assert fills(replay(checked, actions(book))) == {}


@pytest.mark.parametrize("sample", SAMPLES)
def test_summary_writes_formulas_and_figures(xw, sample_files, sample):
    payload = payload_of(sample_files[sample])
    book = open_book(xw, payload)
    text = excel.on_ribbon("btnSummary")
    n_err, n_warn = expected_counts(sample)
    assert alerts(book)[-1][0] == text
    assert f"ข้อผิดพลาด {n_err} รายการ" in text and f"คำเตือน {n_warn} รายการ" in text

    adds = [a["args"][1] for a in actions(book) if a["func"] == "addSheet"]
    assert adds == [CALC_SHEET, excel.SUMMARY]  # the helper first: สรุป refers to it
    after = replay(payload, actions(book))
    order = names(after)
    assert order.index(excel.SUMMARY) == order.index(DATA_SHEETS[-1]) + 1
    assert sheet_of(after, CALC_SHEET)["visibility"] == "Hidden"
    assert after["book"]["active_sheet_index"] == order.index(excel.SUMMARY)

    rows = sheet_of(after, excel.SUMMARY)["values"]
    school = sample_json(sample)["ข้อมูลสถานศึกษา"]
    # a malformed code (the mistakes sample) is an error, so the checker does not report it
    code = school["รหัสสถานศึกษา"] if sample == "college" else "-"
    assert rows[1][COL_CHECKER - 1] == f"{school['ชื่อสถานศึกษา']} ({code})"
    assert rows[1][COL_FORMULA - 1].startswith("=")
    by_key = {r[COL_KEY - 1]: r for r in rows if r[COL_KEY - 1] and "." in str(r[COL_KEY - 1])}
    want = expected_summary(sample)
    assert {k: by_key[k][COL_CHECKER - 1] for k in want} == want
    assert all(str(by_key[k][COL_FORMULA - 1]).startswith("=") for k in want)
    calc = sheet_of(after, CALC_SHEET)["values"]
    assert str(calc[1][0]).startswith("=IF(") and "'สาขางาน'!" in calc[1][0]


def test_summary_replaces_existing_sheets(xw, sample_files):
    payload = payload_of(sample_files["college"])
    book = open_book(xw, payload)
    excel.on_ribbon("btnSummary")
    once = replay(payload, actions(book))
    book = open_book(xw, once)
    excel.on_ribbon("btnSummary")
    twice = replay(once, actions(book))
    assert names(twice).count(excel.SUMMARY) == 1 and names(twice).count(CALC_SHEET) == 1
    assert names(twice) == names(once)
    deleted = [a for a in actions(book) if a["func"] == "sheetDelete"]
    assert [names(once)[a["sheet_position"]] for a in deleted[:1]] == [excel.SUMMARY]


def test_text_that_looks_like_input_stays_text(xw):
    """= + - @ text, numbers and dates as text keep an apostrophe: Excel stores them as text."""
    model = SheetModel()
    texts = ["=บ้านนาดี", "+66 81 234 5678", "-ลดลง", "@home", "'quoted", "2568", "15/6/2568", "true",
             "ข้อ 2.1", "E_DATE_ORDER", "1 ทวิภาคี"]
    for r, t in enumerate(texts, start=1):
        model.set(r, 1, t)
    model.set(1, 2, Formula("SUM(B2:B3)"))
    model.set(2, 2, 3)
    model.set(3, 2, 2.5)
    book = open_book(xw, {"client": "Office.js", "version": xw.__version__,
                          "book": {"name": "t.xlsx", "active_sheet_index": 0, "selection": "A1"},
                          "names": [], "sheets": [{"name": "S", "values": [[]], "pictures": [],
                                                   "tables": []}]})
    excel.render(model, book.sheets[0])
    [write] = [a for a in actions(book) if a["func"] == "setFormula"]
    col_a = [row[0] for row in write["values"]]
    assert col_a == ["'" + t for t in texts[:8]] + texts[8:]
    assert [row[1] for row in write["values"][:3]] == ["=SUM(B2:B3)", 3, 2.5]


# --- ส่งออก --------------------------------------------------------------------------------

@pytest.fixture
def opened(monkeypatch):
    calls: list[Path] = []
    monkeypatch.setattr(excel, "open_folder", calls.append)
    return calls


def _saved_as(monkeypatch, path: Path):
    """The remote engine knows only a book's name; Excel's fullname is the saved path."""
    from xlwings.pro import _xlremote as R

    monkeypatch.setattr(R.Book, "fullname", property(lambda self: str(path)))


def test_export_refuses_a_book_never_saved(xw, sample_files, opened, tmp_path):
    book = open_book(xw, payload_of(sample_files["college"], name="Book1"))
    text = excel.on_ribbon("btnExport")
    assert "บันทึก" in text and alerts(book) == [[text, excel.TITLE, "ok", "critical", ""]]
    assert opened == [] and list(tmp_path.iterdir()) == []


def test_export_of_the_clean_sample(xw, sample_files, opened, tmp_path, monkeypatch):
    src = tmp_path / "แบบฟอร์ม.xlsx"
    src.write_bytes(sample_files["college"].read_bytes())
    _saved_as(monkeypatch, src)
    book = open_book(xw, payload_of(src))
    text = excel.on_ribbon("btnExport")
    school = sample_json("college")["ข้อมูลสถานศึกษา"]
    out = tmp_path / f"VETQA-coop-{school['รหัสสถานศึกษา']}-{school['ปีการศึกษา']}.xlsx"
    assert out.is_file() and opened == [tmp_path]
    assert out.name in text and f"คำเตือน {expected_counts('college')[1]} รายการ" in text
    assert alerts(book)[0][3] == "info"
    assert excel.SUMMARY in vetqa_xl.read(out).sheet_names


def test_export_refuses_the_mistakes_sample(xw, sample_files, opened, tmp_path, monkeypatch):
    src = tmp_path / "แบบฟอร์ม.xlsx"
    src.write_bytes(sample_files["college_mistakes"].read_bytes())
    _saved_as(monkeypatch, src)
    book = open_book(xw, payload_of(src))
    text = excel.on_ribbon("btnExport")
    assert f"ข้อผิดพลาด {expected_counts('college_mistakes')[0]} รายการ" in text
    assert alerts(book)[0][3] == "critical"
    assert sorted(p.name for p in tmp_path.iterdir()) == [src.name] and opened == []


def test_export_refuses_unsaved_changes(xw, sample_files, opened, tmp_path, monkeypatch):
    src = tmp_path / "แบบฟอร์ม.xlsx"
    src.write_bytes(sample_files["college"].read_bytes())
    _saved_as(monkeypatch, src)
    monkeypatch.setattr(excel, "unsaved_changes", lambda book: True)
    book = open_book(xw, payload_of(src))
    text = excel.on_ribbon("btnExport")
    assert "ยังไม่ได้บันทึก" in text and alerts(book)[0][3] == "critical"
    assert [p.name for p in tmp_path.iterdir()] == [src.name] and opened == []


# --- วิธีใช้, the dispatcher and failures -------------------------------------------------------

def test_help_activates_the_instructions(xw, sample_files):
    payload = payload_of(sample_files["college"])
    payload["book"]["active_sheet_index"] = 3
    book = open_book(xw, payload)
    assert excel.on_ribbon("btnHelp") == ""
    assert actions(book) == [a for a in actions(book) if a["func"] == "activateSheet"]
    assert replay(payload, actions(book))["book"]["active_sheet_index"] == names(payload).index("คำแนะนำ")


def test_unknown_button_is_a_thai_message(xw, sample_files):
    book = open_book(xw, payload_of(sample_files["college"]))
    text = excel.on_ribbon("btnNope")
    assert "btnNope" in text and "vetqa-xl addin install" in text
    assert alerts(book) == [[text, excel.TITLE, "ok", "critical", ""]]


def test_every_ribbon_button_is_dispatched():
    from vetqa_xl.addin import RIBBON_BUTTON_IDS

    assert set(excel.BUTTONS) == set(RIBBON_BUTTON_IDS)


def test_not_this_form_is_a_thai_message(xw):
    payload = {"client": "Office.js", "version": xw.__version__,
               "book": {"name": "budget.xlsx", "active_sheet_index": 0, "selection": "A1"},
               "names": [], "sheets": [{"name": "Sheet1", "values": [["งบประมาณ", 5]],
                                        "pictures": [], "tables": []}]}
    for button in ("btnCheck", "btnSummary"):
        book = open_book(xw, payload)
        text = excel.on_ribbon(button)
        assert "budget.xlsx ไม่ใช่แบบฟอร์ม" in text and "Traceback" not in text
        assert [a["func"] for a in actions(book)] == ["alert"]  # nothing else was touched


def test_unexpected_failure_is_a_thai_message_with_a_log(xw, sample_files, monkeypatch, tmp_path):
    log = tmp_path / "error.log"
    monkeypatch.setattr(excel, "LOG_FILE", log)

    def broken(ir):
        raise RuntimeError("boom")

    monkeypatch.setattr(excel.api, "check", broken)
    book = open_book(xw, payload_of(sample_files["college"]))
    text = excel.on_ribbon("btnCheck")
    assert text.startswith("เกิดข้อผิดพลาดที่ไม่คาดคิด") and "RuntimeError: boom" in text
    assert str(log) in text and "Traceback" in log.read_text(encoding="utf-8")
    assert "Traceback" not in text and alerts(book)[0][3] == "critical"


# --- pieces only the COM engine exercises -------------------------------------------------------

class FakeComSheet:
    """The parts of a COM Worksheet that ``unprotected`` uses."""

    def __init__(self, password: bool = False):
        self.calls: list = []
        self.password = password
        self.ProtectContents = True
        self.ProtectDrawingObjects = True
        self.ProtectScenarios = False
        self.Protection = SimpleNamespace(**{k: k in ("AllowFormattingColumns", "AllowFormattingRows")
                                             for k in excel.highlights.PROTECTION_ALLOW})

    def Unprotect(self):
        if self.password:
            raise OSError("com_error: password")
        self.calls.append("Unprotect")

    def Protect(self, **kw):
        self.calls.append(("Protect", kw))


def test_unprotected_puts_protection_back_as_it_was():
    com = FakeComSheet()
    with excel.unprotected(SimpleNamespace(api=com, name="3 กิจกรรม")):
        com.calls.append("colour")
    assert com.calls[:2] == ["Unprotect", "colour"]
    _, kw = com.calls[2]
    assert kw.pop("Contents") is True and kw.pop("DrawingObjects") is True and kw.pop("Scenarios") is False
    assert {k for k, v in kw.items() if v} == {"AllowFormattingColumns", "AllowFormattingRows"}
    assert set(kw) == set(excel.highlights.PROTECTION_ALLOW)


def test_password_protected_sheet_is_a_refusal():
    with pytest.raises(excel.Refusal, match="รหัสผ่าน"):
        with excel.unprotected(SimpleNamespace(api=FakeComSheet(password=True), name="สาขางาน")):
            pass


def test_fill_of_reads_com_colours():
    assert excel.highlights.fill_of(SimpleNamespace(color=(255, 199, 206))) == "#FFC7CE"
    assert excel.highlights.fill_of(SimpleNamespace(color=None)) == ""


def test_importing_the_excel_layer_does_not_import_xlwings():
    code = "import sys, vetqa_xl.excel; assert 'xlwings' not in sys.modules, 'xlwings imported'"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_fix_button_converts_through_the_same_api(xw, sample_files):
    """แก้ไขอัตโนมัติ: the changes `vetqa-xl fix` makes (tests/test_fix.py EXPECTED, from
    sample_expected.md) are written to the live cells and listed; a second check has no notes."""
    payload = payload_of(sample_files["college_mistakes"])
    book = open_book(xw, payload)
    text = excel.on_ribbon("btnFix")
    assert "แก้ไขอัตโนมัติแล้ว 5 เซลล์" in text
    after = replay(payload, actions(book))
    assert "รายการแก้ไขอัตโนมัติ" in names(after)
    cell = lambda sheet, r, c: sheet_of(after, sheet)["values"][r - 1][c - 1]  # noqa: E731
    assert cell("สาขางาน", 5, 7) == 12
    assert cell("1 ทวิภาคี", 5, 5).startswith("2025-06-15")
    assert cell("1 ทวิภาคี", 8, 5).startswith("2025-07-01")
    assert cell("2 ครูพิเศษ", 4, 6) == "ช่างยนต์"
    codes = {f.code for f in vetqa_xl.check(excel.read_ir(open_book(xw, after))).findings}
    assert not codes & {"I_BE_DATE", "I_THAI_DIGITS"}
    # idempotent: nothing left to fix
    # Excel keeps a written datetime as a date and sends it back as Office.js does (ISO, UTC)
    for s in after["sheets"]:
        s["values"] = [[v + "T00:00:00.000Z" if isinstance(v, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", v)
                        else v for v in row] for row in s["values"]]
    assert excel.on_ribbon("btnFix", open_book(xw, after)) == "ไม่มีสิ่งที่ต้องแก้ไขอัตโนมัติ / nothing to fix automatically"
