"""Every check of FORM.md §4: the clean base college passes all of them (no finding at all);
each mutation below breaks exactly one rule and must yield that finding at that cell."""
from __future__ import annotations

import pytest

from vetqa_xl import check
from vetqa_xl.core.ir import build_ir
from vetqa_xl.core.messages import CATALOGUE
from vetqa_xl.form import FORM

from .helpers import D, base, grids, ir_of


def findings(data, **kw):
    return check(ir_of(data, **kw)).findings


def codes_at(data):
    return {(f.code, f.sheet, f.cell) for f in findings(data)}


def test_base_college_passes_every_check():
    assert findings(base()) == []


def test_every_finding_has_both_languages_and_a_location():
    data = base()
    data["2 โครงการระดมทรัพยากร"][0]["มูลค่า (บาท)"] = -1
    f, = findings(data)
    assert f.sheet == "2 โครงการระดมทรัพยากร" and f.cell == "G4"
    assert "ติดลบ" in f.message_th and "negative" in f.message_en


def _set(sheet, index, label, value):
    def mutate(data):
        target = data[sheet]
        if isinstance(target, dict) and index is None:
            target[label] = value
        else:
            target[index][label] = value
    return mutate


# (mutation, code, sheet, cell). Rows: header on row 3, data from row 4 (helpers.grids).
CASES = {
    "required missing": (_set("3 กิจกรรม", 1, "ชื่อกิจกรรม", None), "E_REQUIRED", "3 กิจกรรม", "A5"),
    "required blank text": (_set("ข้อมูลสถานศึกษา", None, "ชื่อสถานศึกษา", "   "),
                            "E_REQUIRED", "ข้อมูลสถานศึกษา", "B5"),
    "not a number": (_set("สาขางาน", 0, "จำนวนผู้เรียน", "สี่สิบ"), "E_NOT_NUMBER", "สาขางาน", "E4"),
    "not a date": (_set("2 ครูพิเศษ", 0, "วันที่", "เมื่อวาน"), "E_NOT_DATE", "2 ครูพิเศษ", "G4"),
    "impossible date": (_set("2 ครูพิเศษ", 0, "วันที่", "31/2/2568"), "E_NOT_DATE", "2 ครูพิเศษ", "G4"),
    "not in list": (_set("3 กิจกรรม", 2, "ประเภทกิจกรรม", "กีฬา"), "E_NOT_IN_LIST", "3 กิจกรรม", "B6"),
    "yes/no not in list": (_set("สาขางาน", 1, "จัดการเรียนการสอนระบบทวิภาคี", "Y"),
                           "E_NOT_IN_LIST", "สาขางาน", "F5"),
    "open list warns": (_set("สาขางาน", 4, "ประเภทวิชา", "พาณิชยการ"), "W_NOT_IN_LIST", "สาขางาน", "B8"),
    "province warns": (_set("ข้อมูลสถานศึกษา", None, "จังหวัด", "อุบล"),
                       "W_NOT_IN_LIST", "ข้อมูลสถานศึกษา", "B7"),
    "negative count": (_set("3 กิจกรรม", 0, "จำนวนผู้รับบริการ", -3), "E_COUNT_NEGATIVE", "3 กิจกรรม", "J4"),
    "fractional count": (_set("สาขางาน", 2, "จำนวนผู้เรียน", 30.5), "E_COUNT_FRACTION", "สาขางาน", "E6"),
    "negative money": (_set("2 โครงการระดมทรัพยากร", 0, "มูลค่า (บาท)", -1),
                       "E_COUNT_NEGATIVE", "2 โครงการระดมทรัพยากร", "G4"),
    "unknown programme": (_set("2 ครูพิเศษ", 2, "ระดับ", "ปริญญาตรี"),
                          "E_PROGRAMME_UNKNOWN", "2 ครูพิเศษ", "F6"),
    "school code 9 digits": (_set("ข้อมูลสถานศึกษา", None, "รหัสสถานศึกษา", "137007610"),
                             "E_SCHOOL_CODE", "ข้อมูลสถานศึกษา", "B4"),
    "school code letters": (_set("ข้อมูลสถานศึกษา", None, "รหัสสถานศึกษา", "13700761O1"),
                            "E_SCHOOL_CODE", "ข้อมูลสถานศึกษา", "B4"),
    "email malformed": (_set("ข้อมูลสถานศึกษา", None, "อีเมล", "qa@test"), "E_EMAIL", "ข้อมูลสถานศึกษา", "B12"),
    "academic year in CE": (_set("ข้อมูลสถานศึกษา", None, "ปีการศึกษา", 2025),
                            "E_ACADEMIC_YEAR", "ข้อมูลสถานศึกษา", "B8"),
    "date outside year": (_set("3 กิจกรรม", 3, "วันที่เริ่ม", D(2025, 5, 15)),
                          "W_DATE_OUTSIDE_YEAR", "3 กิจกรรม", "C7"),
    "BE date cell": (_set("2 ครูพิเศษ", 1, "วันที่", D(2568, 10, 2)), "W_BE_DATE", "2 ครูพิเศษ", "G5"),
    "BE date text": (_set("2 ครูพิเศษ", 1, "วันที่", "2/10/2568"), "I_BE_DATE", "2 ครูพิเศษ", "G5"),
    "thai digits": (_set("สาขางาน", 0, "จำนวนผู้เรียน", "๔๐"), "I_THAI_DIGITS", "สาขางาน", "E4"),
    "formula-like text": (_set("3 กิจกรรม", 0, "สถานที่หรือชุมชน", "=SUM(A1:A9)"),
                          "W_FORMULA_TEXT", "3 กิจกรรม", "E4"),
    "at-sign text": (_set("1 สถานประกอบการ", 0, "ชื่อสถานประกอบการ", "@บริษัท"),
                     "W_FORMULA_TEXT", "1 สถานประกอบการ", "A4"),
    "evidence ftp": (_set("3 บริการชุมชน", "3.5", "หลักฐาน", "ftp://x/y.pdf"),
                     "W_EVIDENCE_NOT_HTTP", "3 บริการชุมชน", "D8"),
    "yes without evidence": (_set("2 ระดมทรัพยากร", "2.5", "หลักฐาน", None),
                             "E_EVIDENCE_MISSING", "2 ระดมทรัพยากร", "D8"),
    "dual yes without date": (_set("1 ทวิภาคี", "1.4.1", "วันที่ดำเนินการ", None),
                              "W_DATE_MISSING", "1 ทวิภาคี", "E12"),
    "error value": (_set("3 กิจกรรม", 1, "จำนวนครู", "#REF!"), "E_CELL_ERROR", "3 กิจกรรม", "G5"),
    "end before start": (_set("3 กิจกรรม", 1, "วันที่สิ้นสุด", D(2025, 10, 30)),
                         "E_DATE_ORDER", "3 กิจกรรม", "D5"),
    "dual students exceed": (_set("สาขางาน", 0, "จำนวนผู้เรียนระบบทวิภาคี", 41),
                             "E_DUAL_STUDENTS_EXCEED", "สาขางาน", "G4"),
    "participants missing": (_set("3 กิจกรรม", 2, "จำนวนบุคลากรทางการศึกษา", 0),
                             "W_PARTICIPANTS_MISSING", "3 กิจกรรม", "H6"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_each_check_fails_on_its_fixture(name):
    mutate, code, sheet, cell = CASES[name]
    data = base()
    mutate(data)
    assert (code, sheet, cell) in codes_at(data)


def _structure_fixtures():
    """The workbook-level fixtures of the tests below, as (name, IR): what a rule about sheets,
    headers, the form's version, checklists and duplicates is tested on."""
    def grid_case(edit, **kw):
        g = grids(base(), **kw)
        edit(g)
        return build_ir(g)

    def data_case(edit):
        data = base()
        edit(data)
        return ir_of(data)

    yield "missing sheet", grid_case(lambda g: g.pop("2 ครูพิเศษ"))
    yield "renamed header", grid_case(lambda g: g["3 กิจกรรม"][2].__setitem__(1, "ประเภท"))
    yield "header below row 10", grid_case(lambda g: None, title_rows=10)
    yield "form version", grid_case(lambda g: g["ข้อมูลแบบฟอร์ม"][1].__setitem__(1, "0.9"))
    yield "form meta missing", grid_case(lambda g: g.pop("ข้อมูลแบบฟอร์ม"))
    yield "checklist row deleted", grid_case(lambda g: g["2 ระดมทรัพยากร"].pop(3 + 1))
    yield "duplicate row", data_case(lambda d: d["3 กิจกรรม"].append(dict(d["3 กิจกรรม"][0])))
    yield "duplicate programme", data_case(
        lambda d: d["สาขางาน"].append({**d["สาขางาน"][1], "จำนวนผู้เรียน": 99}))
    yield "zero programmes", data_case(lambda d: d.__setitem__("สาขางาน", []))
    yield "declared yes contradicted", data_case(lambda d: d["2 ครูพิเศษ"].pop())


def test_every_catalogued_code_is_exercised_somewhere():
    """A code in the catalogue with no fixture is a rule nobody checked. The codes exercised are
    what the checker emits on the fixtures of this file (CASES and the workbook-level ones),
    not a list typed by hand."""
    emitted = set()
    for mutate, *_ in CASES.values():
        data = base()
        mutate(data)
        emitted |= {f.code for f in findings(data)}
    for _, ir in _structure_fixtures():
        emitted |= {f.code for f in check(ir).findings}
    assert set(CATALOGUE) - emitted == set()  # every rule has a fixture that triggers it
    assert emitted <= set(CATALOGUE)


def test_a_code_without_a_fixture_is_caught(monkeypatch):
    """The derivation can fail: a catalogue entry no fixture triggers is reported."""
    from vetqa_xl.core.messages import Message

    monkeypatch.setitem(CATALOGUE, "E_NOBODY_CHECKS_THIS", Message("error", "x", "x"))
    with pytest.raises(AssertionError):
        test_every_catalogued_code_is_exercised_somewhere()


def test_severity_of_open_and_closed_lists():
    data = base()
    data["สาขางาน"][4]["ประเภทวิชา"] = "พาณิชยการ"
    f, = findings(data)
    assert f.severity == "warning"
    assert check(ir_of(data)).valid


def test_missing_sheet_names_it():
    g = grids(base())
    del g["2 ครูพิเศษ"]
    report = check(build_ir(g))
    f = [x for x in report.findings if x.code == "E_SHEET_MISSING"]
    assert len(f) == 1 and "2 ครูพิเศษ" in f[0].message_th and "2 ครูพิเศษ" in f[0].message_en
    assert report.figures["expert_ratio"]["covered"] == 0
    # the only finding: not its consequence too (2.3 is ใช่ but "experts cover 0 of 20") …
    assert [x.code for x in report.findings] == ["E_SHEET_MISSING"]
    assert "(ถูกลบหรือเปลี่ยนชื่อ)" in f[0].message_th  # no tab to point to
    # … and it points into no cell of the sheet that is not there
    assert f[0].cell == ""


@pytest.mark.parametrize("sheet", [s.name for s in FORM.data_sheets])
def test_a_missing_sheet_is_the_only_finding_it_causes(sheet):
    """The base college has no finding at all (test_base_college_passes_every_check): with one
    data sheet deleted, the one finding left is that sheet's E_SHEET_MISSING. Nothing else
    follows from it (a declaration "contradicted" by data that is not there, programmes
    "unknown" while สาขางาน is gone)."""
    g = grids(base())
    del g[sheet]
    report = check(build_ir(g))
    assert [(x.code, x.sheet, x.cell) for x in report.findings] == [("E_SHEET_MISSING", sheet, "")]


def _renamed(tmp_path, renames: dict[str, str], blank: tuple[str, ...] = ()):
    """The base college saved as a file, its tabs renamed as a user renames them in Excel (the
    tab's name only: formulas and data stay), and new empty tabs ``blank`` added."""
    import openpyxl

    from vetqa_xl.writers.fill import write_filled

    path = write_filled(tmp_path / "c.xlsx", base())
    wb = openpyxl.load_workbook(path)
    for old, new in renames.items():
        wb[old].title = new
    for name in blank:
        wb.create_sheet(name)
    wb.save(path)
    return check(path)


@pytest.mark.parametrize("renames, blank, found, why_th, why_en", [
    # the case: a year added to the tab's name
    ({"2 ครูพิเศษ": "ครูพิเศษ 2568"}, (), "ครูพิเศษ 2568", "มีชื่อคล้ายกันและมีหัวตารางของชีตนี้",
     "has a similar name and this sheet's header row"),
    # Excel's default name: only the header row tells
    ({"3 กิจกรรม": "Sheet1"}, (), "Sheet1", "มีหัวตารางของชีตนี้", "has this sheet's header row"),
    # the sheet deleted, an empty tab of a similar name added: its name alone
    ({"2 ครูพิเศษ": "Sheet1"}, ("ครูพิเศษ",), "Sheet1", "มีหัวตารางของชีตนี้", "has this sheet's header row"),
])
def test_a_renamed_sheet_names_the_tab_to_rename_back(tmp_path, renames, blank, found, why_th, why_en):
    (old,) = renames
    report = _renamed(tmp_path, renames, blank)
    (f,) = report.findings
    assert f.code == "E_SHEET_MISSING" and f.sheet == old
    assert f.message_th == (f"ไม่พบชีต '{old}' แต่พบชีต '{found}' ที่{why_th} ถ้าเป็นชีตเดียวกัน "
                            f"ให้เปลี่ยนชื่อชีต '{found}' กลับเป็น '{old}'")
    assert f.message_en == (f"Sheet '{old}' is missing, but the tab '{found}' {why_en}: if it is "
                            f"this sheet, rename it back to '{old}'")


def test_a_similar_name_alone_names_the_tab():
    """The sheet deleted and a tab of a similar name holding no header: named by its name."""
    g = grids(base())
    del g["2 ครูพิเศษ"]
    g["ครูพิเศษ 2568"] = [["ครูพิเศษ"]]
    (f,) = check(build_ir(g)).findings
    assert "แต่พบชีต 'ครูพิเศษ 2568' ที่มีชื่อคล้ายกัน ถ้า" in f.message_th
    assert "the tab 'ครูพิเศษ 2568' has a similar name:" in f.message_en


def test_an_unrelated_tab_is_not_named():
    g = grids(base())
    del g["2 ครูพิเศษ"]
    g["งบประมาณ"] = [["รายการ", "จำนวนเงิน"], ["ค่าวัสดุ", 500]]
    (f,) = check(build_ir(g)).findings
    assert "งบประมาณ" not in f.message_th and "(ถูกลบหรือเปลี่ยนชื่อ)" in f.message_th


def test_partner_abroad_has_a_valid_province():
    data = base()
    data["1 สถานประกอบการ"][0]["จังหวัด"] = "ต่างประเทศ"
    data["1 สถานประกอบการ"][0]["ในประเทศหรือต่างประเทศ"] = "ต่างประเทศ"
    assert findings(data) == []
    data["ข้อมูลสถานศึกษา"]["จังหวัด"] = "ต่างประเทศ"  # the college itself is in Thailand
    assert [f.code for f in findings(data)] == ["W_NOT_IN_LIST"]


def test_tab_name_with_stray_spaces_is_the_form_sheet():
    g = grids(base())
    g["2 ครูพิเศษ "] = g.pop("2 ครูพิเศษ")
    assert check(build_ir(g)).findings == []


def test_renamed_header_names_it():
    g = grids(base())
    g["3 กิจกรรม"][2][1] = "ประเภท"  # header row (row 3) renamed
    f = [x for x in check(build_ir(g)).findings if x.code == "E_HEADER_MISSING"]
    assert len(f) == 1 and "ประเภทกิจกรรม" in f[0].message_th and f[0].sheet == "3 กิจกรรม"


def test_moved_header_and_extra_title_row_still_read():
    """The header is found by its labels: an extra title row and reordered columns still read."""
    data = base()
    g = grids(data, title_rows=5)
    rows = g["สาขางาน"]
    g["สาขางาน"] = [list(reversed(r)) + [None] * (7 - len(r)) if i >= 5 else r
                    for i, r in enumerate(rows)]
    report = check(build_ir(g))
    assert report.findings == []
    assert report.figures["dual_programmes"]["total"] == 3


def test_header_below_row_10_is_missing():
    g = grids(base(), title_rows=10)
    codes = {f.code for f in check(build_ir(g)).findings}
    assert "E_HEADER_MISSING" in codes


def test_form_version_mismatch():
    g = grids(base())
    g["ข้อมูลแบบฟอร์ม"][1][1] = "0.9"
    f = [x for x in check(build_ir(g)).findings if x.code == "E_FORM_VERSION"]
    assert len(f) == 1 and "0.9" in f[0].message_en


def test_form_meta_missing_warns():
    g = grids(base())
    del g["ข้อมูลแบบฟอร์ม"]
    report = check(build_ir(g))
    assert [f.code for f in report.findings] == ["W_FORM_META_MISSING"]
    assert report.valid


def test_deleted_checklist_row():
    g = grids(base())
    del g["2 ระดมทรัพยากร"][3 + 1]  # the row of 2.2
    f = [x for x in check(build_ir(g)).findings if x.code == "E_CHECKLIST_ROW_MISSING"]
    assert len(f) == 1 and "2.2" in f[0].message_th


def test_duplicate_row_warns_and_counts_once():
    data = base()
    data["3 กิจกรรม"].append(dict(data["3 กิจกรรม"][0]))
    report = check(ir_of(data))
    assert [(f.code, f.cell) for f in report.findings] == [("W_DUPLICATE_ROW", "A8")]
    assert report.figures["activities"]["total"] == 4  # 4 distinct, not 5
    assert report.figures["activities"]["by_type"]["บริการชุมชน"] == 1


def test_duplicate_row_after_folding_spaces():
    data = base()
    copy_row = dict(data["3 กิจกรรม"][1])
    copy_row["ชื่อกิจกรรม"] = "  " + copy_row["ชื่อกิจกรรม"] + "  "
    data["3 กิจกรรม"].append(copy_row)
    assert [f.code for f in findings(data)] == ["W_DUPLICATE_ROW"]


def test_duplicate_programme_with_different_data_is_an_error():
    data = base()
    row = dict(data["สาขางาน"][1])
    row["จำนวนผู้เรียน"] = 99
    data["สาขางาน"].append(row)
    assert ("E_DUPLICATE_PROGRAMME", "สาขางาน", "D9") in codes_at(data)


def test_zero_programmes():
    data = base()
    data["สาขางาน"] = []
    report = check(ir_of(data))
    assert ("E_NO_PROGRAMMES", "สาขางาน", "A4") in {(f.code, f.sheet, f.cell) for f in report.findings}
    assert report.figures["expert_ratio"] == {"covered": 0, "total": 0, "percent": 0.0, "met": False}


@pytest.mark.parametrize("items,mutate,reason", [
    (["2.3"], lambda d: d["2 ครูพิเศษ"].pop(), "80"),  # 3 of 5 = 60 %
    (["2.1", "2.4"], lambda d: d.__setitem__("2 โครงการระดมทรัพยากร", []), "โครงการ"),
    (["3.2"], lambda d: d["3 กิจกรรม"][1].__setitem__("จำนวนผู้บริหาร", 0), "บริการวิชาการ"),
    (["1.3.4"], lambda d: [p.__setitem__("จัดการเรียนการสอนระบบทวิภาคี", "ไม่ใช่") for p in d["สาขางาน"]],
     "ทวิภาคี"),
    (["1.1.2"], lambda d: d["1 สถานประกอบการ"][0].__setitem__("วันที่ลงนาม MOU", None), "MOU"),
])
def test_declared_yes_contradicted_by_the_data(items, mutate, reason):
    data = base()
    mutate(data)
    report = check(ir_of(data))
    f = [x for x in report.findings if x.code == "E_DECLARED_CONTRADICTED"]
    assert [x.message_th.split()[1] for x in f] == items
    assert reason in f[0].message_th
    for item in items:
        if item[0] in "23":
            assert report.figures["criteria"][item[0]]["detail"][item] is False


def test_declared_no_is_not_a_contradiction():
    data = base()
    data["2 ครูพิเศษ"].pop()
    data["2 ระดมทรัพยากร"]["2.3"] = {"ดำเนินการแล้ว": "ไม่ใช่"}
    assert [f.code for f in findings(data)] == []


def test_error_row_does_not_count():
    data = base()
    data["3 กิจกรรม"][3]["จำนวนครู"] = "#N/A"
    report = check(ir_of(data))
    assert report.figures["activities"]["total"] == 3
    assert report.figures["criteria"]["3"]["detail"]["3.4"] is False


def test_thai_messages_show_buddhist_era_dates():
    data = base()
    data["2 ครูพิเศษ"][0]["วันที่"] = D(2025, 6, 7)  # academic year 2568 runs 16 May 2025 - 15 May 2026
    data["ข้อมูลสถานศึกษา"]["ปีการศึกษา"] = 2567  # now 7 June 2025 is outside 2567
    outside = [f for f in findings(data) if f.code == "W_DATE_OUTSIDE_YEAR" and f.cell == "G4"]
    assert outside[0].message_th == ("'วันที่' (7 มิ.ย. 2568) อยู่นอกปีการศึกษา 2567 "
                                     "(16 พ.ค. 2567 ถึง 15 พ.ค. 2568)")
    assert "2025-06-07" in outside[0].message_en  # English keeps the ISO date


@pytest.mark.parametrize("typed", ["15/6/2568", "15 มิ.ย. 2568"])
def test_date_as_the_template_shows_is_a_note_not_a_warning(typed):
    from vetqa_xl.writers.report import highlight_cells

    data = base()
    data["2 ครูพิเศษ"][0]["วันที่"] = typed
    report = check(ir_of(data))
    f, = report.findings
    assert (f.code, f.severity) == ("I_BE_DATE", "info")
    assert "15 มิ.ย. 2568" in f.message_th and "2025-06-15" in f.message_en
    assert highlight_cells(report) == {}  # no fill for a note


def test_date_cell_with_a_be_year_still_warns():
    """A date cell holding 2568 is 543 years late for Excel's own formulas (FORM.md §4)."""
    from vetqa_xl.writers.report import highlight_cells

    data = base()
    data["2 ครูพิเศษ"][0]["วันที่"] = D(2568, 6, 15)
    report = check(ir_of(data))
    f, = report.findings
    assert (f.code, f.severity, f.cell) == ("W_BE_DATE", "warning", "G4")
    assert "15 มิ.ย. 2568" in f.message_th and "2025-06-15" in f.message_en
    assert highlight_cells(report) == {"2 ครูพิเศษ": {"G4": "warning"}}  # first data row (header on row 3)
