"""The official wording (FORM.md §9): every criterion and activity is shown exactly as the
commission's form gives it, in the template, the summary and the email — never shortened.

OFFICIAL below is a hand copy of FORM.md §9 (typed from the contract, not from the code). The
two artefacts of the source's extraction that §9 names are mended as §9 says.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import openpyxl
import pytest

from vetqa_xl import fill_sample, report
from vetqa_xl.form import FORM
from vetqa_xl.writers.eml import body
from vetqa_xl.writers.template import FIRST_ROW

ROOT = Path(__file__).resolve().parent.parent

OFFICIAL = """\
ข้อมูลด้านความร่วมมือ
1) การจัดการอาชีวศึกษาระบบทวิภาคี
1.1 ขั้นที่ 1 ขั้นเตรียมความพร้อมในการจัดการอาชีวศึกษาระบบทวิภาคี
การสำรวจความพร้อมของสถานประกอบการ หน่วยงาน องค์การ ในการจัดการอาชีวศึกษาระบบทวิภาคีร่วมกับสถานศึกษา
การบันทึกข้อตกลงความร่วมมือ (MOU) ในการจัดการอาชีวศึกษาระบบทวิภาคี
1.2 ขั้นที่ 2 ขั้นวางแผนในการจัดการอาชีวศึกษาระบบทวิภาคี
จัดทำแผนงานและจัดทำแผนการเรียนในการจัดการอาชีวศึกษาระบบทวิภาคีร่วมกับสถานประกอบการ หน่วยงาน องค์การ
ประชาสัมพันธ์ แนะแนวผู้เรียน
1.3 ขั้นที่ 3 ขั้นจัดการเรียนการสอนอาชีวศึกษาระบบทวิภาคี
คัดเลือกผู้เข้าเรียน
ทำสัญญาการฝึกอาชีพ ปฐมนิเทศผู้เรียน การประชุมผู้ปกครอง
จัดทำแผนการจัดการเรียนรู้หรือแผนการฝึกอาชีพ
จัดการเรียนการสอนหรือการฝึกอาชีพ
1.4 ขั้นที่ 4 ขั้นติดตาม ตรวจสอบคุณภาพในการจัดการอาชีวศึกษาระบบทวิภาคี
การนิเทศการจัดการเรียนการสอนหรือการฝึกอาชีพ
การวัดและประเมินผลรายวิชาหรือการฝึกอาชีพ
1.5 ขั้นที่ 5 ขั้นสรุปรายงานผลการจัดการอาชีวศึกษาระบบทวิภาคี
การสำเร็จการศึกษาผู้เรียนอาชีวศึกษาระบบทวิภาคี
การติดตามผู้สำเร็จการศึกษาอาชีวศึกษาระบบทวิภาคี
การสรุปผลการดำเนินงานและรายงานประจำปีในการจัดการอาชีวศึกษาระบบทวิภาคี
- สาขาวิชาที่จัดการเรียนการสอนระบบทวิภาคี\tจำนวนสาขาวิชา
2) การระดมทรัพยากรเพื่อการจัดการเรียนการสอน
2.1 สถานศึกษามีแผนงาน โครงการในการระดมทรัพยากรที่หลากหลายในการจัดการอาชีวศึกษา ทั้งในประเทศและหรือต่างประเทศ
2.2 สถานศึกษามีเครือข่ายความร่วมมือกับสถานประกอบการหรือหน่วยงานอื่น ๆ เพื่อพัฒนาศักยภาพครูและครูฝึกในสถานประกอบการ
2.3 สถานศึกษามีการจัดให้ครูพิเศษ ครูภูมิปัญญาท้องถิ่น ครูผู้เชี่ยวชาญ ผู้ทรงคุณวุฒิในสถานประกอบการ ทั้งในประเทศและหรือต่างประเทศร่วมพัฒนาผู้เรียนไม่น้อยกว่าร้อยละ 80 ของจำนวนสาขางานที่สถานศึกษาจัดการเรียน การสอน
2.4 สถานศึกษามีการระดมทรัพยากรเพื่อพัฒนาการจัดการศึกษาของสถานศึกษา เช่น งบประมาณ ทุนการศึกษา วัสดุ อุปกรณ์ ครุภัณฑ์ ฯลฯ ปรากฏผลการพัฒนาตามวัตถุประสงค์ของการระดมทรัพยากรอย่างเป็นรูปธรรม
2.5 สถานศึกษามีการประเมินผลการดำเนินงานตามแผนงาน โครงการในการระดมทรัพยากรในการจัด การอาชีวศึกษากับเครือข่าย เพื่อการปรับปรุงและพัฒนาอย่างต่อเนื่อง
- สาขาวิชาที่มีการระดมทรัพยากรเพื่อการจัดการเรียนการสอน\tจำนวนสาขาวิชา
3) การบริการชุมชนและจิตอาสา
3.1 สถานศึกษาจัดกิจกรรมให้ผู้บริหาร ครู บุคลากรทางการศึกษา และผู้เรียนเข้าร่วมกิจกรรมบริการชุมชน
3.2 สถานศึกษาจัดกิจกรรมให้ผู้บริหาร ครู บุคลากรทางการศึกษา และผู้เรียนเข้าร่วมกิจกรรมบริการวิชาการ
3.3 สถานศึกษาจัดกิจกรรมให้ผู้บริหาร ครู บุคลากรทางการศึกษา และผู้เรียนเข้าร่วมกิจกรรมบริการวิชาชีพ
3.4 สถานศึกษาจัดกิจกรรมให้ผู้บริหาร ครู บุคลากรทางการศึกษา และผู้เรียนเข้าร่วมกิจกรรมจิตอาสา
3.5 สถานศึกษามีนวัตกรรมการบริการชุมชน วิชาการ วิชาชีพ และจิตอาสาของสถานศึกษา
- กิจกรรมในการบริการชุมชนและจิตอาสา\tจำนวนกิจกรรม
"""
# FORM.md §9: "write จัดการเรียนการสอน and ในการจัดการอาชีวศึกษา without them".
MENDED = OFFICIAL.replace("จัดการเรียน การสอน", "จัดการเรียนการสอน").replace(
    "ในการจัด การอาชีวศึกษา", "ในการจัดการอาชีวศึกษา")


def official() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(stages by number 1..5, activities 1.k.n in order under their stage, criteria 2.x/3.x)."""
    stages, activities, criteria = {}, {}, {}
    stage, n = None, 0
    for line in MENDED.splitlines()[2:]:
        if m := re.match(r"^1\.(\d) (ขั้นที่ .*)$", line):
            stage, n = m[1], 0
            stages[stage] = m[2]
        elif m := re.match(r"^([23]\.\d) (.*)$", line):
            criteria[m[1]] = m[2]
        elif re.match(r"^([23]\)|- )", line):
            stage = None
        elif stage:
            n += 1
            activities[f"1.{stage}.{n}"] = line
    return stages, activities, criteria


STAGES, ACTIVITIES, CRITERIA = official()


def test_hand_copy_has_the_whole_form():
    assert len(STAGES) == 5 and len(ACTIVITIES) == 13 and len(CRITERIA) == 10


def test_form_definition_is_the_official_wording():
    dual = FORM.sheet("dual").items
    assert {i.number: i.text for i in dual} == ACTIVITIES
    assert [i.stage for i in dual if i.number.endswith(".1")] == list(STAGES.values())
    items = FORM.sheet("resource_criteria").items + FORM.sheet("community_criteria").items
    assert {i.number: i.text for i in items} == CRITERIA


def _template_texts(ws, column: int, rows: int) -> list[str]:
    return [ws.cell(r, column).value for r in range(FIRST_ROW, FIRST_ROW + rows)]


def test_template_shows_each_text_in_full_and_wrapped():
    wb = openpyxl.load_workbook(ROOT / "workbook_template.xlsx")
    ws = wb["1 ทวิภาคี"]
    assert _template_texts(ws, 3, 13) == list(ACTIVITIES.values())
    assert set(_template_texts(ws, 1, 13)) == set(STAGES.values())
    for name in ("2 ระดมทรัพยากร", "3 บริการชุมชน"):
        ws = wb[name]
        for r in range(FIRST_ROW, FIRST_ROW + 5):
            number, text = ws.cell(r, 1).value, ws.cell(r, 2).value
            assert text == CRITERIA[number]
            assert ws.cell(r, 2).alignment.wrap_text
            # the row is tall enough for the wrapped lines: at most ~0.95 base characters per
            # unit of width fit a line of 16 pt Laksaman in LibreOffice (Thai marks take no
            # room), 26 pt a line; fewer lines than that would clip the official text
            base = sum(1 for ch in text if unicodedata.category(ch) != "Mn")
            lines = -(-base // int(ws.column_dimensions["B"].width * 0.95))
            assert ws.row_dimensions[r].height >= 26 * lines


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("wording")
    return report(fill_sample(folder / "college.xlsx"), folder / "report.xlsx")


def test_summary_names_each_criterion_in_full(sample_report):
    path, _ = sample_report
    ws = openpyxl.load_workbook(path)["สรุป"]
    labels = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    for number, text in CRITERIA.items():
        assert f"ข้อ {number} {text}" in labels
    for text in STAGES.values():
        assert text in labels


def test_email_has_no_paraphrased_criterion(sample_report):
    path, rep = sample_report
    text = body(rep, path.name)
    # the email names the three items by their official headings, never a shortened criterion
    for heading in ("การจัดการอาชีวศึกษาระบบทวิภาคี", "การระดมทรัพยากรเพื่อการจัดการเรียนการสอน",
                    "การบริการชุมชนและจิตอาสา"):
        assert heading in text
    assert "จิตอาสา จัดกิจกรรมให้" not in text and "…" not in text


def test_the_contract_the_readme_cites_is_in_the_repository():
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "../shared/FORM.md" not in readme and "docs/form.md" in readme
    page = (ROOT / "docs/form.md").read_text("utf-8")
    for text in [*STAGES.values(), *ACTIVITIES.values(), *CRITERIA.values()]:
        assert text in page


def test_checked_at_is_shown_in_buddhist_era(sample_report):
    """"ตรวจสอบเมื่อ" in สรุป and the e-mail: a พ.ศ. date such as 26 พ.ย. 2569 22:30, no ISO date."""
    import datetime as dt

    path, rep = sample_report
    when = dt.datetime.fromisoformat(rep.checked_at)
    months = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
    expected = f"{when.day} {months[when.month - 1]} {when.year + 543} {when:%H:%M}"
    line = openpyxl.load_workbook(path)["สรุป"]["A5"].value
    assert line.startswith(f"ตรวจสอบเมื่อ {expected} ·")
    assert f"ตรวจสอบด้วย vetqa_xl เมื่อ {expected} " in body(rep, path.name)
    assert not re.search(r"\d{4}-\d\d-\d\d", line + body(rep, path.name))
