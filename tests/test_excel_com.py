"""The buttons over COM: xlwings' real Windows engine (xlwings/_xlwindows.py) on a counting
fake of Excel's object model (tests/comfake.py), with pywin32 stubbed.

Budgets are round trips to Excel on a generated workbook of 2,000 activity rows, 400 of
them with a negative number of learners (one error each, worked out from the generator).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import vetqa_xl
from tests.comfake import ERRORS, FakeExcel, load_engine, parse_area, xw_book
from tests.helpers import base, grids
from vetqa_xl import excel
from vetqa_xl.core.ir import column_letter
from vetqa_xl.excel.render import joined
from vetqa_xl.form import FORM
from vetqa_xl.readers.live import as_file_value
from vetqa_xl.writers.report import HIGHLIGHT, HIGHLIGHT_STORE

ACTIVITIES = FORM.sheet("activities").name
FINDINGS = FORM.sheet("findings").name
TYPES = ["บริการชุมชน", "บริการวิชาการ", "บริการวิชาชีพ", "จิตอาสา"]
N_ROWS, EVERY = 2000, 5  # every 5th activity row has -1 learners: 400 errors


def bgr(hex_rgb: str) -> int:
    r, g, b = int(hex_rgb[0:2], 16), int(hex_rgb[2:4], 16), int(hex_rgb[4:6], 16)
    return r + (g << 8) + (b << 16)


ERROR_FILL = bgr(HIGHLIGHT["error"])


def big_grids() -> dict:
    """The clean base college with 2,000 activities (types in turn, so every type keeps
    activities with all four groups); rows 0, 5, 10, … have -1 learners."""
    data = base()
    data[ACTIVITIES] = [
        {"ชื่อกิจกรรม": f"กิจกรรม {n}", "ประเภทกิจกรรม": TYPES[n % 4], "วันที่เริ่ม": dt.datetime(2025, 11, 1),
         "วันที่สิ้นสุด": dt.datetime(2025, 11, 2), "สถานที่หรือชุมชน": "บ้านทดสอบ", "จำนวนผู้บริหาร": 1,
         "จำนวนครู": 3, "จำนวนบุคลากรทางการศึกษา": 2, "จำนวนผู้เรียน": -1 if n % EVERY == 0 else 20,
         "จำนวนผู้รับบริการ": 50}
        for n in range(N_ROWS)]
    return grids(data)


def learner_cells() -> list[str]:
    """Where the negative counts are: grids() puts 2 title rows and the header first."""
    col = column_letter(FORM.sheet("activities").labels.index("จำนวนผู้เรียน"))
    return [f"{col}{4 + n}" for n in range(0, N_ROWS, EVERY)]


def load(xl: FakeExcel, sheets: dict) -> None:
    for name, rows in sheets.items():
        sheet = xl.book.add_sheet(name)
        for r, row in enumerate(rows, 1):
            for c, v in enumerate(row, 1):
                if v is not None:
                    sheet.cell(r, c).value = v


@pytest.fixture
def engine(monkeypatch):
    return load_engine(monkeypatch)


@pytest.fixture
def big(engine):
    """The generated workbook open in Excel, its data sheets protected without a password
    as in the template."""
    xl = FakeExcel()
    load(xl, big_grids())
    for sheet in FORM.data_sheets:
        xl.book.sheet(sheet.name).protect()
    return xl, xw_book(engine, xl)


def fills(xl: FakeExcel) -> dict[tuple[str, str], int | None]:
    return {(s._name, f"{column_letter(c - 1)}{r}"): cell.fill
            for s in xl.book.sheets for (r, c), cell in s.cells.items() if cell.fill is not None
            and s._name in {d.name for d in FORM.data_sheets}}


# --- budgets ----------------------------------------------------------------------------------

def within_budget(xl: FakeExcel, button, book, budget: int) -> None:
    with xl.counting():
        button(book)
    print(f"{button.__name__}: {xl.total} COM calls")
    assert xl.total <= budget, xl.calls.most_common(10)


def test_check_within_budget_and_right(big):
    xl, book = big
    within_budget(xl, excel.check, book, 1500)
    assert "ข้อผิดพลาด 400 รายการ" in xl.alerts[-1][0]
    assert fills(xl) == {(ACTIVITIES, ref): ERROR_FILL for ref in learner_cells()}
    findings = xl.book.sheet(FINDINGS)
    assert findings.cells[(4, 4)].formula == f'=HYPERLINK("#\'{ACTIVITIES}\'!{learner_cells()[0]}","{learner_cells()[0]}")'
    assert [s._name for s in xl.book.sheets if s.visible == 0] == [HIGHLIGHT_STORE]
    assert xl.book.sheet(ACTIVITIES).protected  # unprotected to paint, protected again
    # every button runs with screen updating, calculation and events off, restored after
    assert xl.app.state["ScreenUpdating"] is True and xl.app.state["Calculation"] == -4105
    assert xl.app.state["EnableEvents"] is True


def test_clear_within_budget_restores(big):
    xl, book = big
    excel.check(book)
    within_budget(xl, excel.clear, book, 300)
    assert xl.alerts[-1][0] == "ล้างไฮไลต์แล้ว 400 เซลล์ / 400 highlighted cells cleared"
    assert fills(xl) == {}
    assert HIGHLIGHT_STORE not in [s._name for s in xl.book.sheets]


def test_summary_within_budget(big):
    xl, book = big
    within_budget(xl, excel.summary, book, 1200)
    assert xl.alerts[-1][0].startswith("สร้างชีต สรุป แล้ว")
    assert xl.book.active._name == "สรุป"


def test_settings_are_off_while_painting_and_restored_after_a_failure(big):
    xl, book = big
    seen = []
    touch = xl.touch

    def spy(kind, cls, name, obj=None):
        if cls == "Interior":
            seen.append((xl.app.state["ScreenUpdating"], xl.app.state["Calculation"], xl.app.state["EnableEvents"]))
        return touch(kind, cls, name, obj)

    xl.touch = spy
    xl.app.state["Calculation"] = -4135  # the user had semi-automatic calculation
    xl.fail_at("Interior.Color", 2, sheet=ACTIVITIES, kinds=("set",))
    excel.check(book)
    assert seen and set(seen) == {(False, -4135, False)}  # xlCalculationManual, events off
    assert xl.app.state == {"ScreenUpdating": True, "Calculation": -4135, "EnableEvents": True,
                            "DisplayAlerts": True, "StatusBar": False, "Interactive": True}
    assert "เกิดข้อผิดพลาดที่ไม่คาดคิด" in xl.alerts[-1][0]


# --- nothing half-done -------------------------------------------------------------------------

def _two_sheet_mistakes(engine, password=None):
    """A clean college with one error on 2 โครงการระดมทรัพยากร (row 1 value -5) and one on
    3 กิจกรรม (row 1 learners -1; a fifth activity keeps a บริการชุมชน one with all four
    groups, so nothing else is found); the later sheet protected (with a password or not); some
    cells already filled by the user."""
    data = base()
    data["2 โครงการระดมทรัพยากร"][0]["มูลค่า (บาท)"] = -5
    data[ACTIVITIES].append(dict(data[ACTIVITIES][0], ชื่อกิจกรรม="กิจกรรมซ้ำ"))  # 3.1 stays met
    data[ACTIVITIES][0]["จำนวนผู้เรียน"] = -1
    xl = FakeExcel()
    load(xl, grids(data))
    value_col = column_letter(FORM.sheet("resource_projects").labels.index("มูลค่า (บาท)"))
    learner_col = column_letter(FORM.sheet("activities").labels.index("จำนวนผู้เรียน"))
    cells = {("2 โครงการระดมทรัพยากร", f"{value_col}4"): 0x00CCFF, (ACTIVITIES, f"{learner_col}4"): None}
    xl.book.sheet("2 โครงการระดมทรัพยากร").put(f"{value_col}4", -5, fill=0x00CCFF)  # user's own fill
    xl.book.sheet(ACTIVITIES).protect(password)
    return xl, xw_book(engine, xl), cells


def test_password_on_a_later_sheet_paints_nothing(engine):
    xl, book, cells = _two_sheet_mistakes(engine, password="secret")
    before = fills(xl)
    excel.check(book)
    assert "ถูกป้องกันด้วยรหัสผ่าน" in xl.alerts[-1][0] and ACTIVITIES in xl.alerts[-1][0]
    assert fills(xl) == before
    assert HIGHLIGHT_STORE not in [s._name for s in xl.book.sheets]
    assert xl.book.sheet(ACTIVITIES).protected  # left as it was


def test_com_failure_half_way_is_fully_restorable(engine):
    xl, book, cells = _two_sheet_mistakes(engine)
    before = fills(xl)
    xl.fail_at("Interior.Color", sheet=ACTIVITIES, kinds=("set",))  # the second sheet's paint fails
    excel.check(book)
    assert "เกิดข้อผิดพลาดที่ไม่คาดคิด" in xl.alerts[-1][0]
    assert fills(xl) != before  # painted half-way
    act = xl.book.sheet(ACTIVITIES)
    assert act.protected and act.protect_args is not None  # protection put back
    excel.clear(book)
    assert xl.alerts[-1][0] == "ล้างไฮไลต์แล้ว 2 เซลล์ / 2 highlighted cells cleared"
    assert fills(xl) == before
    assert act.protected


def test_check_twice_keeps_the_users_fill(engine):
    xl, book, cells = _two_sheet_mistakes(engine)
    before = fills(xl)
    excel.check(book)
    excel.check(book)
    assert all(fill == ERROR_FILL for (s, ref), fill in fills(xl).items() if (s, ref) in cells)
    excel.clear(book)
    assert fills(xl) == before


def test_the_users_own_sheets_named_as_ours_are_kept(engine):
    """Sheets the user called ผลการตรวจสอบ and สรุป (their notes: A1 is not our title) are renamed,
    not deleted, and the message box says so; the next press replaces only our own sheets."""
    xl = FakeExcel()
    load(xl, grids(base()))
    notes = xl.book.add_sheet(FINDINGS)
    notes.put("A1", "บันทึกการตรวจเยี่ยม")
    notes.put("B2", 42)
    summary = xl.book.add_sheet("สรุป")
    summary.put("A1", "สรุปของฉันเอง")
    book = xw_book(engine, xl)
    excel.check(book)
    assert xl.book.sheet("ผลการตรวจสอบ (เดิม)") is notes and notes.cells[(2, 2)].value == 42
    assert xl.book.sheet(FINDINGS).cells[(1, 1)].value == "ผลการตรวจสอบข้อมูล"
    assert xl.alerts[-1][0].endswith("\nชีต ผลการตรวจสอบ เดิมในไฟล์ไม่ได้สร้างโดยโปรแกรมนี้ (เซลล์ A1 ไม่ใช่"
                                     "หัวเรื่องของโปรแกรม) จึงเก็บไว้ครบถ้วนในชื่อใหม่ ผลการตรวจสอบ (เดิม) แล้ว"
                                     "สร้างชีต ผลการตรวจสอบ ใหม่ / the sheet ผลการตรวจสอบ already in the file "
                                     "was not made by vetqa-xl (its A1 is not our title): it is kept, unchanged, "
                                     "as ผลการตรวจสอบ (เดิม), and a new ผลการตรวจสอบ is written")
    excel.summary(book)
    assert xl.book.sheet("สรุป (เดิม)") is summary and "it is kept, unchanged, as สรุป (เดิม)" in xl.alerts[-1][0]
    names = sorted(s._name for s in xl.book.sheets)
    excel.check(book)
    excel.summary(book)
    assert sorted(s._name for s in xl.book.sheets) == names  # ours are known as ours: none renamed
    assert not any("kept" in text for text, *_ in xl.alerts[-2:])


def test_the_users_own_sheet_named_as_fixs_list_is_kept(engine):
    """แก้ไขอัตโนมัติ writes its list รายการแก้ไขอัตโนมัติ: a sheet of the user's with that name
    (A1 is not "รายการแก้ไขอัตโนมัติ: …") is renamed, not deleted, and the message box says so."""
    data = base()
    data["สาขางาน"][0]["จำนวนผู้เรียน"] = "๔๐"  # Thai digits as text: one change for fix
    xl = FakeExcel()
    load(xl, grids(data))
    mine = xl.book.add_sheet("รายการแก้ไขอัตโนมัติ")
    mine.put("A1", "สิ่งที่ต้องแก้ของฉัน")
    book = xw_book(engine, xl)
    excel.fix(book)
    assert xl.book.sheet("รายการแก้ไขอัตโนมัติ (เดิม)") is mine
    assert mine.cells[(1, 1)].value == "สิ่งที่ต้องแก้ของฉัน"
    assert str(xl.book.sheet("รายการแก้ไขอัตโนมัติ").cells[(1, 1)].value).startswith("รายการแก้ไขอัตโนมัติ: 1 เซลล์")
    text = xl.alerts[-1][0]
    assert text.startswith("แก้ไขอัตโนมัติแล้ว 1 เซลล์")
    assert text.endswith("it is kept, unchanged, as รายการแก้ไขอัตโนมัติ (เดิม), and a new รายการแก้ไขอัตโนมัติ is written")


# --- live check == file check -----------------------------------------------------------------

CURRENCY = '"฿"#,##0.00'
ACCOUNTING = '_("฿"* #,##0.00_);_("฿"* (#,##0.00);_("฿"* "-"??_);_(@_)'


def _header_col(ws, label: str) -> tuple[int, int]:
    for row in ws.iter_rows(min_row=1, max_row=10):
        for cell in row:
            if isinstance(cell.value, str) and " ".join(cell.value.split()) == label:
                return cell.row, cell.column
    raise LookupError(label)


@pytest.fixture(scope="module")
def odd_file(tmp_path_factory) -> tuple[Path, dict]:
    """The clean sample college, changed with openpyxl (another writer than ours): currency and
    accounting formats on money cells, an error cell #DIV/0! and one #N/A, Thai digits in a
    count, and the activities tab renamed with a trailing space."""
    import openpyxl

    out = tmp_path_factory.mktemp("odd")
    src = vetqa_xl.fill_sample(out / "college.xlsx", "college")
    wb = openpyxl.load_workbook(src)
    money = wb["2 โครงการระดมทรัพยากร"]
    hr, hc = _header_col(money, "มูลค่า (บาท)")
    money.cell(hr + 1, hc).number_format = CURRENCY
    money.cell(hr + 2, hc).number_format = ACCOUNTING
    act = wb[ACTIVITIES]
    hr, lc = _header_col(act, "จำนวนผู้เรียน")
    _, tc = _header_col(act, "จำนวนครู")
    act.cell(hr + 1, lc).value = "#DIV/0!"  # openpyxl stores it as an error cell (t="e")
    act.cell(hr + 2, tc).value = "#N/A"
    act.cell(hr + 3, tc).value = "๓"
    act.title = ACTIVITIES + " "
    path = out / "odd.xlsx"
    wb.save(path)
    errors = {f"{column_letter(lc - 1)}{hr + 1}": "#DIV/0!", f"{column_letter(tc - 1)}{hr + 2}": "#N/A"}
    return path, errors


def fake_from_file(path: Path) -> FakeExcel:
    """Excel with the file open: values, number formats, error cells and tab names as saved."""
    import openpyxl

    xl = FakeExcel(path.name)
    for ws in openpyxl.load_workbook(path).worksheets:
        sheet = xl.book.add_sheet(ws.title)
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                if cell.data_type == "e":
                    sheet.put(cell.coordinate, error=cell.value)
                else:
                    sheet.put(cell.coordinate, cell.value, numfmt=cell.number_format)
    return xl


def _key(report):
    return sorted((f.code, f.severity, f.sheet, f.cell) for f in report.findings), report.figures


def test_the_file_reader_sees_error_cells(odd_file):
    path, errors = odd_file
    report = vetqa_xl.check(path)
    found = {f.cell: f for f in report.findings if f.code == "E_CELL_ERROR"}
    assert set(found) == set(errors)
    assert all(f.sheet == ACTIVITIES for f in found.values())
    for ref, text in errors.items():
        assert text in found[ref].message_th


def test_live_check_equals_file_check(engine, odd_file):
    path, errors = odd_file
    xl = fake_from_file(path)
    book = xw_book(engine, xl)
    # the fake hands Excel's types over: Decimal for currency/accounting, error ints
    money = xl.book.sheet("2 โครงการระดมทรัพยากร")
    from decimal import Decimal

    values = [money.cells[k].value for k in money.cells if money.cells[k].numfmt in (CURRENCY, ACCOUNTING)]
    assert len(values) == 2
    assert all(isinstance(book.sheets["2 โครงการระดมทรัพยากร"].range(
        f"{column_letter(c - 1)}{r}").value, Decimal) for (r, c), cell in money.cells.items()
        if cell.numfmt in (CURRENCY, ACCOUNTING) and cell.value is not None)
    live = vetqa_xl.check(excel.read_ir(book))
    file = vetqa_xl.check(path)
    assert _key(live) == _key(file)
    assert not [f for f in live.findings if f.code == "E_NOT_NUMBER"]
    assert {f.cell for f in live.findings if f.code == "E_CELL_ERROR"} == set(errors)
    assert any(f.code == "I_THAI_DIGITS" for f in live.findings)


def test_renamed_tab_keeps_highlights_and_links(engine, odd_file):
    path, errors = odd_file
    xl = fake_from_file(path)
    excel.check(xw_book(engine, xl))
    tab = xl.book.sheet(ACTIVITIES + " ")
    for ref in errors:
        assert tab.fill_at(ref) == ERROR_FILL
    formulas = [c.formula for c in xl.book.sheet(FINDINGS).cells.values() if c.formula]
    assert any(f"#'{ACTIVITIES} '!{ref}" in f for f in formulas for ref in errors)
    excel.clear(xw_book(engine, xl))
    assert all(tab.fill_at(ref) is None for ref in errors)


def test_a_renamed_tab_is_named_live_as_in_the_file(engine, tmp_path):
    """2 ครูพิเศษ renamed ครูพิเศษ 2568 (issue 22): the button reads the other tabs' first rows
    as the file reader does, and names the same tab to rename back."""
    import openpyxl

    path = vetqa_xl.fill_sample(tmp_path / "c.xlsx", "college")
    wb = openpyxl.load_workbook(path)
    wb["2 ครูพิเศษ"].title = "ครูพิเศษ 2568"
    wb.save(path)
    live = vetqa_xl.check(excel.read_ir(xw_book(engine, fake_from_file(path))))
    file = vetqa_xl.check(path)
    assert [f.message_th for f in live.findings] == [f.message_th for f in file.findings]
    (f,) = [f for f in live.findings if f.code == "E_SHEET_MISSING"]
    assert "กลับเป็น '2 ครูพิเศษ'" in f.message_th and "'ครูพิเศษ 2568'" in f.message_th


def test_error_ints_from_com(engine):
    assert {as_file_value(code) for code in ERRORS.values()} == set(ERRORS)
    assert as_file_value(-2146828288 + 2045) == "#SPILL!"
    assert as_file_value(7) == 7


# --- before the workbook is known ---------------------------------------------------------------

def test_no_caller_gives_the_thai_message_box(monkeypatch):
    import sys
    import types

    import xlwings

    shown = []
    monkeypatch.setitem(sys.modules, "win32api", types.SimpleNamespace(
        MessageBox=lambda hwnd, text, title, style: shown.append((text, title))))

    def fail():
        raise RuntimeError("Could not find the workbook")

    monkeypatch.setattr(xlwings.Book, "caller", staticmethod(fail))
    assert excel.on_ribbon("btnCheck") == excel.NO_BOOK
    (text, title), = shown
    assert text.startswith("ไม่พบไฟล์ที่เรียกใช้ปุ่ม") and "เปิดใช้งานการแก้ไข" in text
    assert "Traceback" not in text and title == excel.TITLE


def test_a_thai_named_workbook_is_found_on_mac(engine, monkeypatch):
    """xlwings issue 2004: on macOS, RunPython hands the workbook's name over garbled (UTF-8
    read as Mac Roman), Book.caller() matches no open book and raises as xlwings does for a
    name it cannot find. Excel did call (--from_xl=1), so the button acts on the active
    workbook, the one it was clicked in."""
    import sys
    import types

    import xlwings

    name = "ข้อมูลความร่วมมือ 2568.xlsx"
    garbled = name.encode("utf-8").decode("mac_roman")
    xl = FakeExcel(name)
    load(xl, grids(base()))
    monkeypatch.setattr(sys, "argv", ["-c", f"--wb={garbled}", "--from_xl=1",
                                      "--app=/Applications/Microsoft Excel.app", "--hwnd="])
    monkeypatch.setattr(sys, "platform", "darwin")

    def no_match():
        raise FileNotFoundError(f"No such file: '{garbled.lower()}'")

    monkeypatch.setattr(xlwings.Book, "caller", staticmethod(no_match))
    xw_book(engine, xl)  # Excel's message box goes to xl.alerts
    workbooks = engine.COMRetryObjectWrapper(types.SimpleNamespace(Application=xl.app))
    monkeypatch.setattr(xlwings, "books", xlwings.main.Books(impl=engine.Books(xl=workbooks, app=None)))
    text = excel.on_ribbon("btnCheck")
    assert text != excel.NO_BOOK and "Traceback" not in text
    assert FINDINGS in [s._name for s in xl.book.sheets]  # checked and written in that workbook
    assert xl.alerts and xl.alerts[-1][0] == text


@pytest.mark.parametrize("platform, argv", [
    ("darwin", ["pytest"]),  # not called by Excel: no guessing at the active workbook
    ("win32", ["-c", "--wb=report.xlsx", "--from_xl=1", "--hwnd=1001"]),  # Windows: Protected View
])
def test_no_fallback_but_on_a_mac_called_by_excel(monkeypatch, platform, argv):
    import sys
    import types

    import xlwings

    monkeypatch.setitem(sys.modules, "win32api", types.SimpleNamespace(MessageBox=lambda *a: None))
    monkeypatch.setattr(sys, "argv", argv)
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(xlwings.Book, "caller", staticmethod(lambda: (_ for _ in ()).throw(RuntimeError("x"))))
    monkeypatch.setattr(xlwings, "books", types.SimpleNamespace(active="another workbook"))
    assert excel.caller() is None


def test_multi_area_addresses_fit_excel():
    parts = [f"H{r}" for r in range(4, 3000, 5)]
    areas = joined(parts)
    assert all(len(a) <= 255 for a in areas)
    assert ",".join(areas).split(",") == parts
    assert [parse_area(p) for p in areas[0].split(",")][0] == (4, 8, 4, 8)


def test_export_of_a_workbook_on_onedrive_says_to_save_it_locally(engine):
    xl = FakeExcel("report.xlsx")
    load(xl, grids(base()))
    xl.book.full_name = "https://d.docs.live.net/0a1b2c3d/Documents/report.xlsx"
    excel.export(xw_book(engine, xl))
    text = xl.alerts[-1][0]
    assert text.startswith("ยังไม่ได้บันทึกไฟล์ลงเครื่อง") and "Traceback" not in text


def test_error_cells_that_libreoffice_calculated(libreoffice, tmp_path):
    """Formulas =1/0 and =NA() saved by LibreOffice (which calculates them and stores the
    error results as t="e" cells): the file check names both cells."""
    import openpyxl

    src = vetqa_xl.fill_sample(tmp_path / "college.xlsx", "college")
    wb = openpyxl.load_workbook(src)
    act = wb[ACTIVITIES]
    hr, lc = _header_col(act, "จำนวนผู้เรียน")
    _, tc = _header_col(act, "จำนวนครู")
    act.cell(hr + 1, lc).value = "=1/0"
    act.cell(hr + 2, tc).value = "=NA()"
    wb.save(tmp_path / "formulas.xlsx")
    (saved,) = libreoffice.convert(tmp_path / "formulas.xlsx", "xlsx", tmp_path / "lo")
    found = {f.cell: f.message_en for f in vetqa_xl.check(saved).findings if f.code == "E_CELL_ERROR"}
    assert set(found) == {f"{column_letter(lc - 1)}{hr + 1}", f"{column_letter(tc - 1)}{hr + 2}"}
    assert "#DIV/0!" in found[f"{column_letter(lc - 1)}{hr + 1}"]
    assert "#N/A" in found[f"{column_letter(tc - 1)}{hr + 2}"]
