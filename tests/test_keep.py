"""A sheet of the user's named as a generated one (ผลการตรวจสอบ, สรุป, คำนวณสรุป) is kept:
renamed "… (เดิม)" with every formula that refers to it, and the user told in Thai and English.
Ours is known by its A1 title, so a report of our own output renames nothing (pyproject.toml
makes SheetKeptWarning an error in every other test). The Excel path: tests/test_excel_com.py."""
from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.defined_name import DefinedName
from python_calamine import CalamineWorkbook

from tests.ooxml_check import problems
from tests.other_apps import excel_style
from vetqa_xl import fill_sample, report
from vetqa_xl.writers.keep import SheetKeptWarning, keep_as
from vetqa_xl.writers.ooxml import Package, _refs_renamed

FINDINGS, KEPT, NOTES = "ผลการตรวจสอบ", "ผลการตรวจสอบ (เดิม)", "บันทึกของฉัน"
USERS_ROWS = [["บันทึกการตรวจเยี่ยม", None], ["ยอดที่นับเอง", 42.0], ["ผู้บันทึก", "ครูสมศรี"]]


@pytest.fixture(scope="module")
def users_file(tmp_path_factory) -> Path:
    """The clean sample as openpyxl saves it (text as shared strings, Thai in formulas as
    character references) with the user's own sheet ผลการตรวจสอบ, a formula and a defined name
    reading it from another sheet."""
    d = tmp_path_factory.mktemp("users")
    wb = openpyxl.load_workbook(fill_sample(d / "filled.xlsx", "college"))
    own = wb.create_sheet(FINDINGS)
    for row in USERS_ROWS:
        own.append(row)
    wb.create_sheet(NOTES)["A1"] = f"={FINDINGS}!B2*2"
    wb.defined_names["ยอดนับเอง"] = DefinedName("ยอดนับเอง", attr_text=f"{FINDINGS}!$B$2")
    path = d / "users.xlsx"
    wb.save(path)
    return path


def _grid(path: Path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def _report_warned(src: Path, out: Path):
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        path, _ = report(src, out)
    return path, [str(w.message) for w in seen if issubclass(w.category, SheetKeptWarning)]


def test_the_users_sheet_is_kept_renamed_with_its_references(users_file, tmp_path):
    out, said = _report_warned(users_file, tmp_path / "report.xlsx")
    assert said == [f"ชีต {FINDINGS} เดิมในไฟล์ไม่ได้สร้างโดยโปรแกรมนี้ (เซลล์ A1 ไม่ใช่หัวเรื่องของโปรแกรม) "
                    f"จึงเก็บไว้ครบถ้วนในชื่อใหม่ {KEPT} แล้วสร้างชีต {FINDINGS} ใหม่ / the sheet {FINDINGS} "
                    f"already in the file was not made by vetqa-xl (its A1 is not our title): it is kept, "
                    f"unchanged, as {KEPT}, and a new {FINDINGS} is written"]
    assert _grid(out, KEPT) == [["บันทึกการตรวจเยี่ยม", ""], ["ยอดที่นับเอง", 42.0], ["ผู้บันทึก", "ครูสมศรี"]]
    assert _grid(out, FINDINGS)[0][0] == "ผลการตรวจสอบข้อมูล"  # ours, fresh
    wb = openpyxl.load_workbook(out)
    assert wb[NOTES]["A1"].value == f"='{KEPT}'!B2*2"
    assert wb.defined_names["ยอดนับเอง"].attr_text == f"'{KEPT}'!$B$2"
    assert problems(out) == []
    # the summary and its helper sheet of the template are ours: replaced, not kept
    assert [n for n in wb.sheetnames if "เดิม" in n] == [KEPT]


def test_a_second_report_knows_its_own_sheet(users_file, tmp_path):
    out, _ = _report_warned(users_file, tmp_path / "report.xlsx")
    again, said = _report_warned(out, tmp_path / "again.xlsx")
    assert said == []
    assert CalamineWorkbook.from_path(str(again)).sheet_names == CalamineWorkbook.from_path(str(out)).sheet_names
    assert _grid(again, KEPT) == _grid(out, KEPT)


def test_our_template_and_report_rename_nothing(tmp_path):
    """The template's สรุป and คำนวณสรุป and a report's three sheets are ours: replaced in place."""
    filled = fill_sample(tmp_path / "filled.xlsx", "college_mistakes")
    out, said = _report_warned(filled, tmp_path / "report.xlsx")
    again, said_again = _report_warned(out, tmp_path / "again.xlsx")
    assert said == said_again == []
    names = CalamineWorkbook.from_path(str(again)).sheet_names
    assert {"สรุป", FINDINGS, "คำนวณสรุป"} <= set(names) and not [n for n in names if "เดิม" in n]


def test_the_cli_prints_the_warning_and_keeps_the_sheet(users_file, tmp_path):
    out = tmp_path / "cli.xlsx"
    p = subprocess.run([sys.executable, "-m", "vetqa_xl", "report", str(users_file), "-o", str(out)],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert f"จึงเก็บไว้ครบถ้วนในชื่อใหม่ {KEPT}" in p.stderr and f"it is kept, unchanged, as {KEPT}" in p.stderr
    assert "Warning" not in p.stderr  # the sentence alone, no Python warning line
    assert _grid(out, KEPT)[1] == ["ยอดที่นับเอง", 42.0]


def test_libreoffice_reads_the_kept_sheet_through_the_renamed_formula(libreoffice, users_file, tmp_path):
    out, _ = _report_warned(users_file, tmp_path / "report.xlsx")
    sheets = libreoffice.csv_sheets(out, tmp_path / "csv")
    assert sheets[NOTES][0][0] == "84"  # 42 * 2, from the kept sheet, not from our new one


def test_kept_names_are_free_numbered_and_fit_excel():
    assert keep_as(FINDINGS, "ผลการตรวจสอบข้อมูล", []) is None
    assert keep_as("สรุป", "สรุปข้อมูลด้านความร่วมมือ · แบบเก็บข้อมูล", []) is None
    assert keep_as(FINDINGS, "บันทึก", [FINDINGS]) == KEPT
    assert keep_as(FINDINGS, None, [FINDINGS, KEPT]) == "ผลการตรวจสอบ (เดิม 2)"
    assert keep_as(FINDINGS, 42, []) == KEPT
    long = keep_as("ก" * 30, None, [])
    assert long == "ก" * 24 + " (เดิม)" and len(long) == 31


def test_refs_renamed_only_in_formulas_and_only_that_sheet():
    xml = ("<c r='A1'><f>สาขางาน!A1+'สาขางาน'!B2+ข้อมูลที่สาขางาน!C3+ข้อมูลสาขางาน!D4</f></c>"
           "<c r='A2'><f t=\"shared\" si=\"0\"/><v>1</v></c><c r='A3' t='inlineStr'><is><t>สาขางาน!A1</t></is></c>"
           "<x14:formula1><xm:f>&#3626;&#3634;&#3586;&#3634;&#3591;&#3634;&#3609;!$D$4</xm:f></x14:formula1>")
    assert _refs_renamed(xml, "สาขางาน", "สาขางาน (เดิม)") == (
        "<c r='A1'><f>'สาขางาน (เดิม)'!A1+'สาขางาน (เดิม)'!B2+ข้อมูลที่สาขางาน!C3+ข้อมูลสาขางาน!D4</f></c>"
        "<c r='A2'><f t=\"shared\" si=\"0\"/><v>1</v></c><c r='A3' t='inlineStr'><is><t>สาขางาน!A1</t></is></c>"
        "<x14:formula1><xm:f>'สาขางาน (เดิม)'!$D$4</xm:f></x14:formula1>")


def test_rename_sheet_of_an_excel_file_stays_valid(tmp_path):
    """Renaming in the package: the sheet, its bare and quoted references in defined names,
    cell formulas (คำนวณสรุป reads สาขางาน) and an x14 dropdown; the package validates."""
    src = excel_style(fill_sample(tmp_path / "f.xlsx", "college"), tmp_path / "excel.xlsx")
    pkg = Package(src.read_bytes())
    pkg.rename_sheet("สาขางาน", "สาขางาน (เดิม)")
    data = pkg.to_bytes()
    assert problems(data) == []
    before, after = Package(src.read_bytes()), Package(data)
    assert "สาขางาน (เดิม)" in [s.name for s in after.sheets()] and after.sheet("สาขางาน") is None
    formulas = "".join(after.text(s.part) for s in after.sheets()) + after.text("xl/workbook.xml")
    assert ">'สาขางาน (เดิม)'!$D$4:$D$20<" in formulas  # the defined name, bare before
    assert "<xm:f>'สาขางาน (เดิม)'!$D$4:$D$20</xm:f>" in formulas  # the x14 dropdown
    calc = lambda p: p.text(p.sheet("คำนวณสรุป").part)  # noqa: E731
    assert calc(after).count("'สาขางาน (เดิม)'!") == calc(before).count("'สาขางาน'!") > 0
    assert "'สาขางาน'!" not in formulas and ">สาขางาน!" not in formulas


def test_fix_keeps_the_users_sheet_named_as_its_list_and_knows_its_own(tmp_path):
    """fix writes its list รายการแก้ไขอัตโนมัติ: a sheet of the user's with that name is kept,
    renamed; fix's own list from an earlier run is replaced without a word."""
    from vetqa_xl import fix

    wb = openpyxl.load_workbook(fill_sample(tmp_path / "m.xlsx", "college_mistakes"))
    wb.create_sheet("รายการแก้ไขอัตโนมัติ")["A1"] = "สิ่งที่ต้องแก้ของฉัน"
    wb.save(tmp_path / "users.xlsx")
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        out, changes = fix(tmp_path / "users.xlsx", tmp_path / "fixed.xlsx")
    said = [str(w.message) for w in seen if issubclass(w.category, SheetKeptWarning)]
    assert len(changes) == 5 and len(said) == 1  # the 5 changes of sample_expected.md
    assert "it is kept, unchanged, as รายการแก้ไขอัตโนมัติ (เดิม)" in said[0]
    assert _grid(out, "รายการแก้ไขอัตโนมัติ (เดิม)")[0][0] == "สิ่งที่ต้องแก้ของฉัน"
    assert _grid(out, "รายการแก้ไขอัตโนมัติ")[0][0].startswith("รายการแก้ไขอัตโนมัติ: 5 เซลล์")
    assert problems(out) == []
    # fix's own list, from the run above, is ours: a second fix (one more Thai digit) replaces it
    again = openpyxl.load_workbook(out)
    again["สาขางาน"]["E5"] = "๓๐"
    again.save(tmp_path / "again.xlsx")
    out2, changes2 = fix(tmp_path / "again.xlsx", tmp_path / "fixed2.xlsx")  # SheetKeptWarning is an error
    names = CalamineWorkbook.from_path(str(out2)).sheet_names
    assert len(changes2) == 1 and names.count("รายการแก้ไขอัตโนมัติ") == 1
    assert "รายการแก้ไขอัตโนมัติ (เดิม 2)" not in names

