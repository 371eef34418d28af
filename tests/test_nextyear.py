"""The next year's workbook (vetqa-xl new OUT --from LAST.xlsx), read back with calamine.

Expected values come from the sample's JSON (vetqa_xl/samples/college.json). The policy under
test, written out here on purpose: school fields carried except วันที่รายงาน, year + 1;
programmes and partners carried row for row except the yearly counts below; the rest empty.
"""
from __future__ import annotations

import copy
import datetime as dt
import json

import openpyxl
import pytest

import vetqa_xl
from vetqa_xl import new_year as new_workbook
from vetqa_xl.form import FORM
from vetqa_xl.writers.fill import write_filled
from vetqa_xl.writers.nextyear import NewYearError
from vetqa_xl.writers.template import DATE_FORMAT

from .conftest import ROOT

SAMPLE = json.loads((ROOT / "vetqa_xl/samples/college.json").read_text("utf-8"))
CLEARED = {"สาขางาน": {"จำนวนผู้เรียน", "จำนวนผู้เรียนระบบทวิภาคี"},
           "1 สถานประกอบการ": {"จำนวนผู้เรียนที่ฝึก"}}
DATE_LABELS = {"วันที่ลงนาม MOU", "วันที่รายงาน"}


def _plain(value):
    """A value read by calamine, comparable with the JSON: blank None, 180.0 180."""
    if value == "" or value is None:
        return None
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _expected(record: dict, sheet: str) -> dict:
    """A JSON row as the new workbook must hold it (every column of its sheet)."""
    labels = next(s.labels for s in FORM.sheets if s.name == sheet)
    out = {}
    for label in labels:
        value = record.get(label)
        if label in CLEARED[sheet]:
            value = None
        elif label in DATE_LABELS and isinstance(value, str):
            value = dt.date.fromisoformat(value)
        out[label] = value
    return out


def _rows(ir, key):
    return [{label: _plain(c.value) for label, c in row.cells.items()} for row in ir.sheets[key].rows]


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    """LAST is the sample college as the demo writes it."""
    folder = tmp_path_factory.mktemp("ny")
    last = vetqa_xl.fill_sample(folder / "2568.xlsx", "college")
    out = new_workbook(last, folder / "2569.xlsx")
    return last, out, vetqa_xl.read(out)


def test_school_carried_year_advanced(plain):
    _, _, ir = plain
    school = SAMPLE["ข้อมูลสถานศึกษา"]
    got = {label: _plain(c.value) for label, c in ir.sheets["school"].rows[0].cells.items()}
    assert got == {**school, "ปีการศึกษา": 2569, "วันที่รายงาน": None}
    assert got["ชื่อสถานศึกษา"] == "วิทยาลัยเทคนิคตัวอย่างศรีสุข" and got["รหัสสถานศึกษา"] == "1370076101"


def test_programmes_and_partners_carried(plain):
    _, _, ir = plain
    assert len(SAMPLE["สาขางาน"]) == 20
    assert _rows(ir, "programmes") == [_expected(r, "สาขางาน") for r in SAMPLE["สาขางาน"]]
    assert _rows(ir, "partners") == [_expected(r, "1 สถานประกอบการ")
                                     for r in SAMPLE["1 สถานประกอบการ"]]


def test_yearly_records_empty_checklists_prefilled(plain):
    _, _, ir = plain
    for key in ("resource_projects", "experts", "activities"):
        assert ir.sheets[key].rows == [], key
    for name, answers in (("1 ทวิภาคี", ("ดำเนินการแล้ว", "วันที่ดำเนินการ", "หลักฐาน")),
                          ("2 ระดมทรัพยากร", ("ดำเนินการแล้ว", "หลักฐาน")),
                          ("3 บริการชุมชน", ("ดำเนินการแล้ว", "หลักฐาน"))):
        rows = next(ir.sheets[s.key].rows for s in FORM.sheets if s.name == name)
        assert [r.value("ข้อ") for r in rows] == list(SAMPLE[name]), name  # 13 / 5 / 5 items
        assert all(r.value(label) == "" for r in rows for label in answers), name


def test_out_is_the_current_form_and_checks(plain, template_path):
    last, out, ir = plain
    assert ir.meta == {"form_id": "VETQA-COOP", "form_version": FORM.version}
    assert openpyxl.load_workbook(out).sheetnames == openpyxl.load_workbook(template_path).sheetnames
    report = vetqa_xl.check(out)
    assert report.school["academic_year"] == 2569
    # What is left to fill: this year's student counts and the checklist answers.
    assert {(f.code, f.sheet, f.cell[0]) for f in report.errors} == {
        ("E_REQUIRED", "สาขางาน", "E"), ("E_REQUIRED", "1 ทวิภาคี", "D"),
        ("E_REQUIRED", "2 ระดมทรัพยากร", "C"), ("E_REQUIRED", "3 บริการชุมชน", "C")}
    assert len(report.errors) == 20 + 13 + 5 + 5


@pytest.fixture(scope="module")
def awkward(tmp_path_factory):
    """LAST with 230 partners (past the 200 formatted rows), a partner named "=บ้านนาดี",
    the year typed in Thai digits, an older form version, and on สาขางาน an extra title row
    and its first and fourth columns swapped."""
    folder = tmp_path_factory.mktemp("ny2")
    data = copy.deepcopy(SAMPLE)
    data["ข้อมูลสถานศึกษา"]["ปีการศึกษา"] = "๒๕๖๘"
    base = data["1 สถานประกอบการ"]
    data["1 สถานประกอบการ"] = base + [{**base[i % len(base)], "ชื่อสถานประกอบการ": f"ร้านที่ {i}"}
                                      for i in range(230 - len(base))]
    data["1 สถานประกอบการ"][3]["ชื่อสถานประกอบการ"] = "=บ้านนาดี"
    last = write_filled(folder / "last.xlsx", data)
    wb = openpyxl.load_workbook(last)
    ws = wb["สาขางาน"]
    ws.insert_rows(1)
    for row in ws.iter_rows(min_row=4, max_row=4 + 20):
        row[0].value, row[3].value = row[3].value, row[0].value
    wb["ข้อมูลแบบฟอร์ม"]["B2"] = "0.9"
    wb.save(last)
    before = vetqa_xl.read(last)
    assert before.meta["form_version"] == "0.9"
    assert before.sheets["programmes"].columns["ระดับ"] == "D4"  # header moved down, reordered
    out = new_workbook(last, folder / "out.xlsx")
    return data, out, vetqa_xl.read(out)


def test_awkward_last_reads_and_carries(awkward):
    data, out, ir = awkward
    assert ir.meta["form_version"] == FORM.version
    assert _plain(ir.sheets["school"].rows[0].value("ปีการศึกษา")) == 2569
    assert _rows(ir, "programmes") == [_expected(r, "สาขางาน") for r in SAMPLE["สาขางาน"]]
    partners = _rows(ir, "partners")
    assert len(partners) == 230
    assert partners == [_expected(r, "1 สถานประกอบการ") for r in data["1 สถานประกอบการ"]]
    assert partners[3]["ชื่อสถานประกอบการ"] == "=บ้านนาดี"


def test_text_stays_text_and_extra_rows_formatted(awkward):
    _, out, _ = awkward
    ws = openpyxl.load_workbook(out)["1 สถานประกอบการ"]
    cell = ws["A7"]  # the fourth partner
    assert (cell.value, cell.data_type) == ("=บ้านนาดี", "s")
    last = ws.cell(4 + 229, 4)  # วันที่ลงนาม MOU of the 230th partner, past the formatted rows
    assert isinstance(last.value, dt.datetime) and last.number_format == DATE_FORMAT
    assert ws.cell(4 + 229, 1).font.name == "TH Sarabun New"


def test_refuses_to_overwrite_last(tmp_path):
    last = vetqa_xl.fill_sample(tmp_path / "last.xlsx", "college")
    before = last.read_bytes()
    for out in (last, tmp_path / "sub" / ".." / "last.xlsx"):
        with pytest.raises(NewYearError, match="overwrite"):
            new_workbook(last, out)
    assert last.read_bytes() == before


def test_refuses_unreadable_last(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    for last in (bad, tmp_path / "missing.xlsx"):
        with pytest.raises(NewYearError, match="/"):  # Thai / English
            new_workbook(last, tmp_path / "out.xlsx")
    assert not (tmp_path / "out.xlsx").exists()


@pytest.mark.parametrize("year", [None, "ปีนี้", 68])
def test_refuses_missing_or_invalid_year(tmp_path, year):
    data = copy.deepcopy(SAMPLE)
    data["ข้อมูลสถานศึกษา"]["ปีการศึกษา"] = year
    last = write_filled(tmp_path / "last.xlsx", data)
    with pytest.raises(NewYearError, match="ปีการศึกษา.*academic year"):
        new_workbook(last, tmp_path / "out.xlsx")
    assert not (tmp_path / "out.xlsx").exists()


def test_refuses_when_a_carried_sheet_is_renamed(tmp_path):
    last = vetqa_xl.fill_sample(tmp_path / "last.xlsx", "college")
    wb = openpyxl.load_workbook(last)
    wb["1 สถานประกอบการ"].title = "สถานประกอบการ"
    wb.save(last)
    with pytest.raises(NewYearError, match="1 สถานประกอบการ"):
        new_workbook(last, tmp_path / "out.xlsx")
