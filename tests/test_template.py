"""The workbook template against the contract of FORM.md §2 (copied here by hand, so a slip in
vetqa_xl/form.py cannot pass unnoticed), and opened by LibreOffice, the real spreadsheet app."""
from __future__ import annotations

import openpyxl
import pytest

from vetqa_xl.form import CHOICE_LISTS, FORM, PROVINCES
from vetqa_xl.readers.calamine import read_workbook
from vetqa_xl.writers.template import FIRST_ROW, HEADER_ROW, build_template

from .conftest import ROOT

# FORM.md §2, in order: sheet -> header labels.
CONTRACT = {
    "คำแนะนำ": None,
    "ข้อมูลสถานศึกษา": ["รหัสสถานศึกษา", "ชื่อสถานศึกษา", "สังกัด", "จังหวัด", "ปีการศึกษา",
                        "ผู้กรอกข้อมูล", "ตำแหน่ง", "โทรศัพท์", "อีเมล", "วันที่รายงาน"],
    "สาขางาน": ["ระดับ", "ประเภทวิชา", "สาขาวิชา", "สาขางาน", "จำนวนผู้เรียน",
                "จัดการเรียนการสอนระบบทวิภาคี", "จำนวนผู้เรียนระบบทวิภาคี"],
    "1 ทวิภาคี": ["ขั้นที่", "ข้อ", "กิจกรรม", "ดำเนินการแล้ว", "วันที่ดำเนินการ", "หลักฐาน"],
    "1 สถานประกอบการ": ["ชื่อสถานประกอบการ", "จังหวัด", "ในประเทศหรือต่างประเทศ", "วันที่ลงนาม MOU",
                        "ระดับ", "สาขางาน", "จำนวนผู้เรียนที่ฝึก"],
    "2 ระดมทรัพยากร": ["ข้อ", "รายการ", "ดำเนินการแล้ว", "หลักฐาน"],
    "2 โครงการระดมทรัพยากร": ["ชื่อโครงการหรือกิจกรรม", "ระดับ", "สาขางาน", "แหล่งทรัพยากร",
                              "ในประเทศหรือต่างประเทศ", "ประเภททรัพยากร", "มูลค่า (บาท)", "วันที่", "หลักฐาน"],
    "2 ครูพิเศษ": ["ชื่อ-สกุล", "ประเภท", "หน่วยงานหรือสถานประกอบการ", "ในประเทศหรือต่างประเทศ", "ระดับ",
                   "สาขางาน", "วันที่", "จำนวนชั่วโมง", "หลักฐาน"],
    "3 บริการชุมชน": ["ข้อ", "รายการ", "ดำเนินการแล้ว", "หลักฐาน"],
    "3 กิจกรรม": ["ชื่อกิจกรรม", "ประเภทกิจกรรม", "วันที่เริ่ม", "วันที่สิ้นสุด", "สถานที่หรือชุมชน",
                  "จำนวนผู้บริหาร", "จำนวนครู", "จำนวนบุคลากรทางการศึกษา", "จำนวนผู้เรียน",
                  "จำนวนผู้รับบริการ", "หลักฐาน"],
}
# FORM.md §2 choice lists (the short ones, by hand).
LISTS = {
    "LIST_LEVEL": ["ปวช.", "ปวส.", "ปริญญาตรี"],
    "LIST_YES_NO": ["ใช่", "ไม่ใช่"],
    "LIST_DOMESTIC": ["ในประเทศ", "ต่างประเทศ"],
    "LIST_AFFILIATION": ["รัฐบาล", "เอกชน"],
    "LIST_EXPERT_TYPE": ["ครูพิเศษ", "ครูภูมิปัญญาท้องถิ่น", "ครูผู้เชี่ยวชาญ", "ผู้ทรงคุณวุฒิในสถานประกอบการ"],
    "LIST_ACTIVITY_TYPE": ["บริการชุมชน", "บริการวิชาการ", "บริการวิชาชีพ", "จิตอาสา"],
    "LIST_RESOURCE_TYPE": ["งบประมาณ", "ทุนการศึกษา", "วัสดุ", "อุปกรณ์", "ครุภัณฑ์", "บุคลากร", "อื่น ๆ"],
}
# FORM.md §1: the pre-filled items, by number, with a distinctive piece of their text.
ITEMS = {
    "1 ทวิภาคี": [("1.1.1", "การสำรวจความพร้อมของสถานประกอบการ"), ("1.1.2", "(MOU)"),
                  ("1.2.1", "จัดทำแผนงาน"), ("1.2.2", "ประชาสัมพันธ์ แนะแนวผู้เรียน"),
                  ("1.3.1", "คัดเลือกผู้เข้าเรียน"), ("1.3.2", "ทำสัญญาการฝึกอาชีพ"),
                  ("1.3.3", "แผนการจัดการเรียนรู้"), ("1.3.4", "จัดการเรียนการสอนหรือการฝึกอาชีพ"),
                  ("1.4.1", "การนิเทศ"), ("1.4.2", "การวัดและประเมินผล"),
                  ("1.5.1", "การสำเร็จการศึกษาผู้เรียน"), ("1.5.2", "การติดตามผู้สำเร็จการศึกษา"),
                  ("1.5.3", "การสรุปผลการดำเนินงานและรายงานประจำปี")],
    "2 ระดมทรัพยากร": [("2.1", "แผนงาน โครงการในการระดมทรัพยากร"), ("2.2", "เครือข่ายความร่วมมือ"),
                       ("2.3", "ไม่น้อยกว่าร้อยละ 80 ของจำนวนสาขางาน"), ("2.4", "ปรากฏผลการพัฒนา"),
                       ("2.5", "การประเมินผลการดำเนินงาน")],
    "3 บริการชุมชน": [("3.1", "บริการชุมชน"), ("3.2", "บริการวิชาการ"), ("3.3", "บริการวิชาชีพ"),
                      ("3.4", "จิตอาสา"), ("3.5", "นวัตกรรมการบริการชุมชน")],
}


@pytest.fixture(scope="module")
def wb(template_path):
    return openpyxl.load_workbook(template_path)


def test_committed_template_is_a_fresh_build(tmp_path):
    """workbook_template.xlsx is the builder's output, byte for byte (the build fixes every
    timestamp, so byte equality is the equality used)."""
    fresh = build_template(tmp_path / "fresh.xlsx")
    assert fresh.read_bytes() == (ROOT / "workbook_template.xlsx").read_bytes(), \
        "run: vetqa-xl template workbook_template.xlsx"


def test_two_builds_are_identical(tmp_path):
    a = build_template(tmp_path / "a.xlsx").read_bytes()
    b = build_template(tmp_path / "b.xlsx").read_bytes()
    assert a == b


def test_sheets_in_contract_order(wb):
    visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    # the live-formula half of สรุป is in the template too (FORM.md: generated sheet)
    assert visible == [*CONTRACT, "สรุป"]
    hidden = [ws.title for ws in wb.worksheets if ws.sheet_state != "visible"]
    assert hidden == ["รายการเลือก", "ข้อมูลแบบฟอร์ม", "คำนวณสรุป"]
    assert all(len(name) <= 31 for name in wb.sheetnames)


@pytest.mark.parametrize("sheet", [s for s, h in CONTRACT.items() if h and s != "ข้อมูลสถานศึกษา"])
def test_table_headers_exact_and_in_order(wb, sheet):
    ws = wb[sheet]
    row = [c.value for c in ws[HEADER_ROW]][: len(CONTRACT[sheet])]
    assert row == CONTRACT[sheet]
    assert ws.freeze_panes == f"A{FIRST_ROW}"


def test_keyvalue_labels_in_order(wb):
    ws = wb["ข้อมูลสถานศึกษา"]
    labels = [ws.cell(r, 1).value for r in range(FIRST_ROW, FIRST_ROW + 10)]
    assert labels == CONTRACT["ข้อมูลสถานศึกษา"]


def _list_values(wb, name):
    dn = wb.defined_names[name]
    (sheet, ref), = dn.destinations
    return [c.value for row in wb[sheet][ref.replace("$", "")] for c in row]


@pytest.mark.parametrize("name", sorted(CHOICE_LISTS))
def test_dropdown_lists_equal_definition(wb, name):
    values = _list_values(wb, name)
    assert values == list(CHOICE_LISTS[name])
    if name in LISTS:
        assert values == LISTS[name]


def test_province_list_has_77_provinces(wb):
    values = _list_values(wb, "LIST_PROVINCE")
    assert len(values) == len(set(values)) == 77
    assert "กรุงเทพมหานคร" in values and "บึงกาฬ" in values
    assert values == list(PROVINCES)


def _validations(ws):
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in str(dv.sqref).split():
            out[rng] = dv
    return out


def _col_range(sheet_name, label, rows):
    letter = openpyxl.utils.get_column_letter(CONTRACT[sheet_name].index(label) + 1)
    return f"{letter}{FIRST_ROW}:{letter}{FIRST_ROW + rows - 1}"


@pytest.mark.parametrize("sheet,label,rows,kind,formula", [
    ("สาขางาน", "ระดับ", 100, "list", "LIST_LEVEL"),
    ("สาขางาน", "ประเภทวิชา", 100, "list", "LIST_SUBJECT_TYPE"),
    ("สาขางาน", "จำนวนผู้เรียน", 100, "whole", "0"),
    ("สาขางาน", "จัดการเรียนการสอนระบบทวิภาคี", 100, "list", "LIST_YES_NO"),
    ("2 ครูพิเศษ", "สาขางาน", 300, "list", "LIST_PROGRAMME"),
    ("2 ครูพิเศษ", "ประเภท", 300, "list", "LIST_EXPERT_TYPE"),
    ("2 ครูพิเศษ", "วันที่", 300, "date", None),
    ("2 โครงการระดมทรัพยากร", "มูลค่า (บาท)", 300, "decimal", "0"),
    ("2 โครงการระดมทรัพยากร", "ประเภททรัพยากร", 300, "list", "LIST_RESOURCE_TYPE"),
    ("3 กิจกรรม", "ประเภทกิจกรรม", 500, "list", "LIST_ACTIVITY_TYPE"),
    ("3 กิจกรรม", "จำนวนผู้เรียน", 500, "whole", "0"),
    ("1 สถานประกอบการ", "จังหวัด", 200, "list", "LIST_PARTNER_PROVINCE"),
    ("1 ทวิภาคี", "ดำเนินการแล้ว", 13, "list", "LIST_YES_NO"),
])
def test_validation_on_the_right_range(wb, sheet, label, rows, kind, formula):
    dv = _validations(wb[sheet])[_col_range(sheet, label, rows)]
    assert dv.type == kind
    if formula is not None:
        assert dv.formula1 == formula
    assert dv.prompt and dv.error  # Thai input and error messages
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in dv.error)


def test_open_lists_warn_closed_lists_stop(wb):
    v = _validations(wb["สาขางาน"])
    assert v[_col_range("สาขางาน", "ประเภทวิชา", 100)].errorStyle == "warning"
    assert v[_col_range("สาขางาน", "ระดับ", 100)].errorStyle in (None, "stop")
    school = _validations(wb["ข้อมูลสถานศึกษา"])
    assert school["B7"].errorStyle == "warning"  # จังหวัด
    assert school["B4"].type == "textLength" and school["B4"].formula1 == "10"  # รหัสสถานศึกษา
    assert school["B8"].type == "whole"  # ปีการศึกษา


def test_programme_dropdown_is_fed_from_the_programme_sheet(wb):
    (sheet, ref), = wb.defined_names["LIST_PROGRAMME"].destinations
    assert sheet == "สาขางาน"
    assert ref == "$D$4:$D$103"  # the สาขางาน column, all 100 formatted rows


@pytest.mark.parametrize("sheet", list(ITEMS))
def test_checklists_prefilled_locked_inputs_unlocked(wb, sheet):
    ws = wb[sheet]
    number_col = CONTRACT[sheet].index("ข้อ") + 1
    done_col = CONTRACT[sheet].index("ดำเนินการแล้ว") + 1
    evidence_col = CONTRACT[sheet].index("หลักฐาน") + 1
    for r, (number, text) in enumerate(ITEMS[sheet], start=FIRST_ROW):
        assert ws.cell(r, number_col).value == number
        assert text in ws.cell(r, number_col + 1).value
        assert ws.cell(r, number_col).protection.locked
        assert ws.cell(r, number_col + 1).protection.locked
        assert not ws.cell(r, done_col).protection.locked
        assert not ws.cell(r, evidence_col).protection.locked
    assert ws.cell(FIRST_ROW + len(ITEMS[sheet]), number_col).value is None
    assert ws.protection.sheet and not ws.protection.password


def test_stage_names_on_dual_checklist(wb):
    ws = wb["1 ทวิภาคี"]
    stages = [ws.cell(r, 1).value for r in range(FIRST_ROW, FIRST_ROW + 13)]
    assert stages.count("ขั้นที่ 3 ขั้นจัดการเรียนการสอนอาชีวศึกษาระบบทวิภาคี") == 4
    assert stages[0] == "ขั้นที่ 1 ขั้นเตรียมความพร้อมในการจัดการอาชีวศึกษาระบบทวิภาคี"
    assert stages[-1] == "ขั้นที่ 5 ขั้นสรุปรายงานผลการจัดการอาชีวศึกษาระบบทวิภาคี"


def test_fonts_and_formats(wb):
    ws = wb["3 กิจกรรม"]
    cell = ws.cell(FIRST_ROW + 10, 3)  # วันที่เริ่ม
    assert cell.font.name == "TH Sarabun New" and cell.font.sz == 16
    assert "107041E" in cell.number_format  # Thai Buddhist calendar: years shown in พ.ศ.
    assert ws.cell(FIRST_ROW + 499, 6).number_format == "#,##0"  # row 500 still formatted
    assert wb["สาขางาน"].cell(HEADER_ROW, 1).font.b


def test_print_setup(wb):
    for name in ("สาขางาน", "3 กิจกรรม"):
        ws = wb[name]
        assert str(ws.page_setup.paperSize) == str(ws.PAPERSIZE_A4)
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"


def test_form_id_and_version_readable(template_path, wb):
    meta = read_workbook(template_path).meta
    assert meta == {"form_id": FORM.id, "form_version": FORM.version}
    (sheet, ref), = wb.defined_names["VETQA_FORM_VERSION"].destinations
    assert wb[sheet][ref.replace("$", "")].value == FORM.version


def test_template_has_no_macros(template_path):
    import zipfile
    names = zipfile.ZipFile(template_path).namelist()
    assert not [n for n in names if "vba" in n.lower()]
    assert template_path.suffix == ".xlsx"


def test_libreoffice_opens_and_renders(libreoffice, template_path, tmp_path):
    pdf, = libreoffice.convert(template_path, "pdf", tmp_path)
    assert pdf.suffix == ".pdf" and pdf.stat().st_size > 10_000
    sheets = libreoffice.csv_sheets(template_path, tmp_path / "csv")
    for name, labels in CONTRACT.items():
        if labels and name != "ข้อมูลสถานศึกษา":
            assert sheets[name][HEADER_ROW - 1][: len(labels)] == labels
    school = sheets["ข้อมูลสถานศึกษา"]
    assert [row[0] for row in school[FIRST_ROW - 1: FIRST_ROW + 9]] == CONTRACT["ข้อมูลสถานศึกษา"]


def test_libreoffice_shows_buddhist_years(libreoffice, tmp_path):
    """A date cell with the template's date format shows its year in พ.ศ. in LibreOffice."""
    from vetqa_xl.writers.fill import write_filled
    src = write_filled(tmp_path / "one.xlsx", {"3 กิจกรรม": [
        {"ชื่อกิจกรรม": "ทดสอบ", "วันที่เริ่ม": "2025-06-15", "จำนวนผู้เรียน": 1234}]})
    row = libreoffice.csv_sheets(src, tmp_path / "csv")["3 กิจกรรม"][FIRST_ROW - 1]
    assert row[2] == "15 มิ.ย. 2568"
    assert row[8] == "1,234"
