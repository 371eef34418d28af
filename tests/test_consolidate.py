"""vetqa-xl consolidate: a generated folder of about 60 workbooks whose figures are worked out by hand.

Profiles (each written once with write_filled from tests/helpers.py's base college; other
colleges of the same profile are byte copies whose school code, name and province are
replaced in the sheet XML, which is what a college typing its own details gives):

  clean   the base college: F1 ปวช. 2 / ปวส. 1 = 3, F2 ปวช. 1 / ปวส. 1 = 2, F3 one activity of
          each type = 4, experts cover 4 of 5 programmes = 80.0 % (met, exactly 80), no finding.
  low     experts only for (ปวช., ยานยนต์) and (ปวช., การบัญชี): 2 of 5 = 40.0 % (not met);
          2.3 is still declared ใช่ → one E_DECLARED_CONTRADICTED at '2 ระดมทรัพยากร'!C6
          (2.3 is the third checklist row, rows start at 4). Criteria of item 2: 4 of 5.
  faulty  the e-mail "qa-at-test" (E_EMAIL, ข้อมูลสถานศึกษา!B12: the 9th key, rows from 4),
          a second partner with -3 students (E_COUNT_NEGATIVE, '1 สถานประกอบการ'!G5; the first
          partner still backs the MOU activity) and the 5th
          programme's ประเภทวิชา "ช่างทดลอง" (W_NOT_IN_LIST, สาขางาน!B8). Figures as clean.
  more    clean plus a second จิตอาสา activity: F3 = 5 (จิตอาสา 2); report date 15 Apr 2026.
  formula clean, but the name typed starts with "=" (W_FORMULA_TEXT, ข้อมูลสถานศึกษา!B5).
  older   clean with the hidden form version set to 0.9 (E_FORM_VERSION, ข้อมูลแบบฟอร์ม!B2).
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
import sqlite3
import subprocess
import sys
import zipfile
from email.message import EmailMessage
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import pytest
from python_calamine import CalamineWorkbook

from tests.helpers import D, base
from vetqa_xl import api
from vetqa_xl.form import FORM
from vetqa_xl.writers.fill import write_filled
from vetqa_xl.writers.ooxml import Package

XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
BASE_CODE, BASE_NAME, BASE_PROVINCE = "1370076101", "วิทยาลัยเทคนิคทดสอบ", "อุบลราชธานี"
UBON, KHON, CHIANG = "อุบลราชธานี", "ขอนแก่น", "เชียงใหม่"

# Hand-worked figures per profile (see the module docstring):
# dual vc/hvc/bachelor/total, resource vc/hvc/bachelor/total, activities by type + total,
# experts covered/total/percent/met, criteria met of items 1-3, errors, warnings
FIG = ("dual_vc", "dual_hvc", "dual_bachelor", "dual_programmes", "resource_vc", "resource_hvc",
       "resource_bachelor", "resource_programmes", "activities_community", "activities_academic",
       "activities_professional", "activities_volunteer", "activities", "expert_covered",
       "expert_total", "expert_percent", "expert_met", "criteria_1", "criteria_2", "criteria_3",
       "errors", "warnings")
PROFILE = {
    "clean": (2, 1, 0, 3, 1, 1, 0, 2, 1, 1, 1, 1, 4, 4, 5, 80.0, 1, 5, 5, 5, 0, 0),
    "low": (2, 1, 0, 3, 1, 1, 0, 2, 1, 1, 1, 1, 4, 2, 5, 40.0, 0, 5, 4, 5, 1, 0),
    "faulty": (2, 1, 0, 3, 1, 1, 0, 2, 1, 1, 1, 1, 4, 4, 5, 80.0, 1, 5, 5, 5, 2, 1),
    "more": (2, 1, 0, 3, 1, 1, 0, 2, 1, 1, 1, 2, 5, 4, 5, 80.0, 1, 5, 5, 5, 0, 0),
    "formula": (2, 1, 0, 3, 1, 1, 0, 2, 1, 1, 1, 1, 4, 4, 5, 80.0, 1, 5, 5, 5, 0, 1),
    "older": (2, 1, 0, 3, 1, 1, 0, 2, 1, 1, 1, 1, 4, 4, 5, 80.0, 1, 5, 5, 5, 1, 0),
}
FINDINGS = {  # (severity, sheet, cell, code) per profile, in the checker's order
    "low": [("ข้อผิดพลาด", "2 ระดมทรัพยากร", "C6", "E_DECLARED_CONTRADICTED")],
    "faulty": [("ข้อผิดพลาด", "ข้อมูลสถานศึกษา", "B12", "E_EMAIL"),
               ("ข้อผิดพลาด", "1 สถานประกอบการ", "G5", "E_COUNT_NEGATIVE"),
               ("คำเตือน", "สาขางาน", "B8", "W_NOT_IN_LIST")],
    "formula": [("คำเตือน", "ข้อมูลสถานศึกษา", "B5", "W_FORMULA_TEXT")],
    "older": [("ข้อผิดพลาด", "ข้อมูลแบบฟอร์ม", "B2", "E_FORM_VERSION")],
}
FORMULA_NAME = '=HYPERLINK("http://evil.example","วิทยาลัยสูตร")'


def data_of(profile: str, year: int = 2568) -> dict:
    d = base()
    if profile == "low":
        d["2 ครูพิเศษ"] = [r for r in d["2 ครูพิเศษ"] if r["สาขางาน"] in ("ยานยนต์", "การบัญชี")
                           and r["ระดับ"] == "ปวช."]
    elif profile == "faulty":
        d["ข้อมูลสถานศึกษา"]["อีเมล"] = "qa-at-test"
        d["1 สถานประกอบการ"].append({**d["1 สถานประกอบการ"][0], "ชื่อสถานประกอบการ": "ร้านทดสอบ",
                                      "จำนวนผู้เรียนที่ฝึก": -3})
        d["สาขางาน"][4]["ประเภทวิชา"] = "ช่างทดลอง"
    elif profile == "more":
        d["3 กิจกรรม"].append({**d["3 กิจกรรม"][3], "ชื่อกิจกรรม": "ปลูกป่าชายเลน"})
        d["ข้อมูลสถานศึกษา"]["วันที่รายงาน"] = D(2026, 4, 15)
    if year != 2568:  # every date one year earlier, so that it lies in that academic year
        shift = year - 2568
        d["ข้อมูลสถานศึกษา"]["ปีการศึกษา"] = year
        for sheet in d.values():
            records = sheet.values() if isinstance(sheet, dict) else sheet
            for rec in records:
                if isinstance(rec, dict):
                    for k, v in rec.items():
                        if isinstance(v, D):
                            rec[k] = v.replace(year=v.year + shift)
        d["ข้อมูลสถานศึกษา"]["วันที่รายงาน"] = D(2025, 3, 31)
    return d


def _parts(src: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(src)) as z:
        return {n: z.read(n) for n in z.namelist()}


def _zip(parts: dict[str, bytes], level: int = 1) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def identity(src: bytes, code: str, name: str | None, province: str) -> bytes:
    """The same workbook for another college: code, name and province replaced in the school sheet."""
    parts = _parts(src)
    for part, data in parts.items():
        if part.startswith("xl/worksheets/") and f">{BASE_CODE}<".encode() in data:
            text = data.decode().replace(f">{BASE_CODE}<", f">{code}<").replace(f">{BASE_PROVINCE}<", f">{province}<")
            if name:
                text = text.replace(f">{BASE_NAME}<", f">{xml_escape(name)}<")
            parts[part] = text.encode()
    return _zip(parts)


def set_form_meta(src: bytes, old: str, new: str) -> bytes:
    parts = _parts(src)
    for part, data in parts.items():
        if part.startswith("xl/worksheets/") and b">form_version<" in data:
            parts[part] = data.replace(f">{old}<".encode(), f">{new}<".encode())
    return _zip(parts)


def as_xlsm(src: bytes) -> bytes:
    from vetqa_xl.writers.report import CT_MACRO_MAINS, CT_XLSX_MAIN, REL_VBA

    pkg = Package(src)
    pkg.put("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 fake vba")
    pkg.add_rel("xl/workbook.xml", REL_VBA, "xl/vbaProject.bin")
    pkg.put("[Content_Types].xml", pkg.text("[Content_Types].xml").replace(CT_XLSX_MAIN, CT_MACRO_MAINS[0])
            .replace("</Types>", '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'))
    return pkg.to_bytes()


def eml(attachments: list[tuple[str, bytes]]) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "qa@college.ac.th", "sar@vec.go.th", "ส่งข้อมูลด้านความร่วมมือ"
    msg["Date"] = "Tue, 31 Mar 2026 09:00:00 +0700"
    msg.set_content("ส่งไฟล์ข้อมูลด้านความร่วมมือ")
    for name, data in attachments:
        msg.add_attachment(data, *XLSX_TYPE, filename=name)
    return msg.as_bytes()


class Folder:
    """The generated inbox and the expected per-college rows."""

    def __init__(self, root: Path):
        self.root = root
        self.expected: dict[tuple[str, int], dict] = {}  # (code, year) -> expected row
        self.findings: list[tuple] = []  # (code, file, severity, sheet, cell, code)
        self.unreadable: dict[str, str] = {}  # file -> a word its reason must contain
        self.duplicates: set[tuple[str, str]] = set()  # (file not used, file used)

    def expect(self, code, name, province, profile, file, message="", year=2568):
        row = dict(zip(FIG, PROFILE[profile]))
        row.update(school_code=code, school_name=name, province=province, academic_year=year,
                   file=file, message=message)
        self.expected[(code, year)] = row
        for f in FINDINGS.get(profile, []):
            self.findings.append((code, file, *f))


@pytest.fixture(scope="module")
def inbox(tmp_path_factory) -> Folder:
    root = tmp_path_factory.mktemp("inbox")
    gen = tmp_path_factory.mktemp("gen")
    src = {p: write_filled(gen / f"{p}.xlsx", data_of(p)).read_bytes()
           for p in ("clean", "low", "faulty", "more")}
    src["formula"] = src["clean"]  # the name is typed in below
    src["older"] = set_form_meta(src["clean"], "1.0", "0.9")
    f = Folder(root)
    n = iter(range(1, 1000))

    def college(profile, province, folder="", name=None, file=None, message=""):
        i = next(n)
        code = f"13{i:08d}"
        name = name or f"วิทยาลัยทดสอบ {i:02d}"
        file = file or f"{code}.xlsx"
        data = identity(src[profile], code, FORMULA_NAME if profile == "formula" else name, province)
        if file.endswith(".xlsm"):
            data = as_xlsm(data)
        if not message:
            (root / folder).mkdir(parents=True, exist_ok=True)
            (root / folder / file).write_bytes(data)
        f.expect(code, FORMULA_NAME if profile == "formula" else name, province, profile, file, message)
        return code, data

    for province, clean, low in ((UBON, 12, 3), (KHON, 10, 3), (CHIANG, 8, 2)):
        for _ in range(clean):
            college("clean", province, folder=province)
        for _ in range(low):
            college("low", province, folder=province)
        college("faulty", province, folder=province + "/แก้ไข")
    college("formula", KHON)
    college("older", CHIANG)
    college("clean", UBON, file="macro.xlsm")
    # e-mails: one workbook; two workbooks; none
    _, one = college("clean", KHON, file="ข้อมูลความร่วมมือ.xlsx", message="mail1.eml")
    (root / "mail1.eml").write_bytes(eml([("ข้อมูลความร่วมมือ.xlsx", one)]))
    _, a = college("clean", CHIANG, file="a.xlsx", message="mail2.eml")
    _, b = college("low", CHIANG, file="b.xlsx", message="mail2.eml")
    (root / "mail2.eml").write_bytes(eml([("a.xlsx", a), ("b.xlsx", b)]))
    (root / "mail3.eml").write_bytes(eml([]))
    f.unreadable["mail3.eml"] = "ไม่มีไฟล์แนบ"
    f.unreadable["mail2.eml"] = "2 ไฟล์"  # reported plainly, both read
    # duplicates: D1 a later report date wins over a newer file; D2 same date: fewer errors wins
    d1 = "1399000001"
    (root / "d1-old.xlsx").write_bytes(identity(src["clean"], d1, "วิทยาลัยซ้ำหนึ่ง", UBON))
    (root / "d1-new.xlsx").write_bytes(identity(src["more"], d1, "วิทยาลัยซ้ำหนึ่ง", UBON))
    os.utime(root / "d1-new.xlsx", (1_700_000_000, 1_700_000_000))  # older file, later report date
    f.expect(d1, "วิทยาลัยซ้ำหนึ่ง", UBON, "more", "d1-new.xlsx")
    f.duplicates.add(("d1-old.xlsx", "d1-new.xlsx"))
    d2 = "1399000002"
    (root / "d2-a.xlsx").write_bytes(identity(src["low"], d2, "วิทยาลัยซ้ำสอง", KHON))
    (root / "d2-b.xlsx").write_bytes(identity(src["clean"], d2, "วิทยาลัยซ้ำสอง", KHON))
    os.utime(root / "d2-a.xlsx", (1_700_000_000, 1_700_000_000))
    f.expect(d2, "วิทยาลัยซ้ำสอง", KHON, "clean", "d2-b.xlsx")
    f.duplicates.add(("d2-a.xlsx", "d2-b.xlsx"))
    # summaries written by vetqa_xl: one left alone, one whose activities total was edited to 9
    for code, edit in (("1399000003", False), ("1399000004", True)):
        plain = gen / f"{code}.xlsx"
        plain.write_bytes(identity(src["clean"], code, f"วิทยาลัยสรุป {code[-1]}", CHIANG))
        out = root / f"{code}-report.xlsx"
        api.report(plain, out)
        if edit:
            pkg = Package(out.read_bytes())
            summary = _part_of(pkg, "สรุป")
            text = pkg.text(summary)
            grid = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("สรุป").to_python()
            row = next(i for i, r in enumerate(grid, 1) if len(r) > 4 and r[4] == "activities.total")
            assert f'<c r="C{row}"' in text
            head, rest = text.split(f'<c r="C{row}"', 1)
            cell, tail = rest.split("</c>", 1)
            pkg.put(summary, head + f'<c r="C{row}"' + cell.split(">", 1)[0].replace(' t="n"', "")
                    + "><v>9</v></c>" + tail)
            out.write_bytes(pkg.to_bytes())
        f.expect(code, f"วิทยาลัยสรุป {code[-1]}", CHIANG, "clean", out.name)
        f.expected[(code, 2568)]["summary_mismatch"] = 1 if edit else 0
        f.expected[(code, 2568)]["summary_diff"] = "activities.total: 9→4" if edit else ""
    # files that cannot be read
    (root / "broken.xlsx").write_bytes(b"this is not a workbook")
    f.unreadable["broken.xlsx"] = "ไฟล์ broken.xlsx เป็นข้อความธรรมดา (เช่น CSV)"  # check's words for text
    (root / "truncated.xlsx").write_bytes(src["clean"][: len(src["clean"]) // 2])
    f.unreadable["truncated.xlsx"] = "ไฟล์ truncated.xlsx เสียหรือไม่ครบ"
    (root / "other-form.xlsx").write_bytes(set_form_meta(src["clean"], FORM.id, "OTHER-FORM"))
    f.unreadable["other-form.xlsx"] = "ไม่ใช่แบบฟอร์ม"
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * 30_000_000)
    (root / "bomb.xlsx").write_bytes(bomb.getvalue())
    f.unreadable["bomb.xlsx"] = "zip bomb"
    pkg = Package(src["clean"])
    part = _part_of(pkg, "สาขางาน")
    text = pkg.text(part)
    if not text.startswith("<?xml"):
        text = '<?xml version="1.0" encoding="UTF-8"?>' + text
    pkg.put(part, text.replace("?>", '?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', 1)
            .replace(f">{BASE_NAME}<", ">&e;<"))
    (root / "xxe.xlsx").write_bytes(pkg.to_bytes())
    f.unreadable["xxe.xlsx"] = "DOCTYPE"
    (root / "notes.txt").write_text("ไม่ใช่แบบฟอร์ม")  # not a workbook: not an input
    f.sources = src
    return f


def _part_of(pkg: Package, sheet_name: str) -> str:
    import re

    wb = pkg.text("xl/workbook.xml")
    rid = re.search(rf'<sheet [^>]*name="{sheet_name}"[^>]*r:id="([^"]+)"', wb) or \
        re.search(rf'<sheet [^>]*r:id="([^"]+)"[^>]*name="{sheet_name}"', wb)
    rels = pkg.text("xl/_rels/workbook.xml.rels")
    target = re.search(rf'Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels) or \
        re.search(rf'Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels)
    t = target.group(1).lstrip("/")
    return t if t.startswith("xl/") else "xl/" + t


def grid(path: Path, sheet: str) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def records(path: Path, sheet: str) -> list[dict]:
    g = grid(path, sheet)
    return [dict(zip(g[0], r)) for r in g[1:]]


@pytest.fixture(scope="module")
def result(inbox, tmp_path_factory):
    out_dir = tmp_path_factory.mktemp("out")
    before = {p: p.read_bytes() for p in inbox.root.rglob("*") if p.is_file()}
    res = api.consolidate([inbox.root], out_dir / "รวม.xlsx", csv=out_dir / "รวม.csv", jobs=2)
    after = {p: p.read_bytes() for p in inbox.root.rglob("*") if p.is_file()}
    assert before == after  # nothing written into the inputs
    return res


def _csv(path: Path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM, so Excel shows the Thai
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def _num(v: str):
    return float(v) if "." in v else int(v)


def test_rows_are_exactly_the_hand_worked_ones(inbox, result):
    rows = {(r["school_code"].lstrip("'"), int(r["academic_year"])): r for r in _csv(result.csv)}
    assert set(rows) == set(inbox.expected)
    for key, exp in inbox.expected.items():
        got = rows[key]
        for col in FIG:
            assert _num(got[col]) == exp[col], (key, col)
        assert got["school_name"].lstrip("'") == exp["school_name"] and got["province"] == exp["province"]
        assert (got["file"], got["message"]) == (exp["file"], exp["message"]), key
        assert got["summary_mismatch"] == str(exp.get("summary_mismatch", "")), key
        assert got["summary_diff"] == exp.get("summary_diff", ""), key
        if not exp["message"]:
            data = next(p for p in inbox.root.rglob(exp["file"])).read_bytes()
            assert got["sha256"] == hashlib.sha256(data).hexdigest()
    required = ("school_code, school_name, province, academic_year, dual_programmes, resource_programmes, "
                "activities, expert_covered, expert_total, expert_percent, expert_met, errors, warnings, "
                "summary_mismatch, file, sha256").split(", ")
    assert set(required) <= set(_csv(result.csv)[0])
    assert result.colleges == len(inbox.expected) == 51


def test_the_workbook_has_the_same_rows_with_thai_headers(inbox, result):
    rows = records(result.out, "สถานศึกษา")
    assert len(rows) == len(inbox.expected)
    by_code = {r["รหัสสถานศึกษา"]: r for r in rows}
    exp = inbox.expected[("1399000001", 2568)]  # the duplicate whose later report won
    got = by_code["1399000001"]
    assert (got["กิจกรรมจิตอาสา"], got["กิจกรรมบริการชุมชนและจิตอาสา รวม"], got["ไฟล์"]) == (2, 5, "d1-new.xlsx")
    assert got["ร้อยละสาขางานที่มีครูพิเศษ"] == exp["expert_percent"]


def test_findings_of_every_file(inbox, result):
    got = [(r["รหัสสถานศึกษา"], r["ไฟล์"], r["ระดับความรุนแรง"], r["ชีต"], r["เซลล์"], r["รหัส"])
           for r in records(result.out, "ผลการตรวจสอบ")]
    # the duplicates that lost keep their findings too: d2-a.xlsx is a "low" college
    expected = inbox.findings + [("1399000002", "d2-a.xlsx", *FINDINGS["low"][0])]
    assert sorted(got) == sorted(expected)
    email = next(r for r in records(result.out, "ผลการตรวจสอบ") if r["รหัส"] == "E_EMAIL")
    assert email["รายละเอียด"] == "อีเมล 'qa-at-test' ไม่ถูกต้อง"


def test_unreadable_files_and_messages_are_listed_with_a_thai_reason(inbox, result):
    got = {r["ไฟล์"]: r["เหตุผล"] for r in records(result.out, "ไฟล์ที่อ่านไม่ได้")}
    assert set(got) == set(inbox.unreadable)
    for file, word in inbox.unreadable.items():
        assert word in got[file], (file, got[file])
        assert " / " in got[file]  # Thai, then English


def test_duplicates_latest_report_date_then_newest_file(inbox, result):
    got = {(r["ไฟล์ที่ไม่ได้ใช้"], r["ไฟล์ที่ใช้แทน"]) for r in records(result.out, "ไฟล์ซ้ำ")}
    assert got == inbox.duplicates
    rules = {r["ไฟล์ที่ไม่ได้ใช้"]: r["ตัดสินโดย"].split(" / ")[0] for r in records(result.out, "ไฟล์ซ้ำ")}
    assert rules == {"d1-old.xlsx": "วันที่รายงานล่าสุด", "d2-a.xlsx": "ข้อผิดพลาดน้อยกว่า"}
    assert result.duplicates == 2


def test_totals_per_province_and_nation(inbox, result):
    got = {r["จังหวัด"]: r for r in records(result.out, "สรุปรายจังหวัด")}
    assert list(got) == sorted([KHON, CHIANG, UBON]) + ["ทั้งประเทศ"]
    for province in (UBON, KHON, CHIANG, "ทั้งประเทศ"):
        rows = [e for e in inbox.expected.values() if province in (e["province"], "ทั้งประเทศ")]
        g = got[province]
        assert g["จำนวนสถานศึกษา"] == len(rows)
        assert g["กิจกรรมบริการชุมชนและจิตอาสา"] == sum(e["activities"] for e in rows)
        assert g["สาขางานที่มีครูพิเศษ"] == sum(e["expert_covered"] for e in rows)
        assert g["สาขางานทั้งหมด"] == 5 * len(rows)
        assert g["สถานศึกษาที่ผ่านเกณฑ์ร้อยละ 80"] == sum(e["expert_met"] for e in rows)
        assert g["ข้อผิดพลาด"] == sum(e["errors"] for e in rows)
    # by hand: Ubon 12 clean + 3 low + faulty + xlsm + D1 = 18 colleges, 3 below 80 %
    assert (got[UBON]["จำนวนสถานศึกษา"], got[UBON]["สถานศึกษาที่ผ่านเกณฑ์ร้อยละ 80"]) == (18, 15)
    # the nation: 51 colleges, 9 "low" (2 of 5) and 42 with 4 of 5 → 186 of 255 = 72.94 %
    assert got["ทั้งประเทศ"]["ร้อยละสาขางานที่มีครูพิเศษ"] == 72.94


def test_college_text_never_becomes_a_formula(inbox, result):
    import openpyxl

    ws = openpyxl.load_workbook(result.out)["สถานศึกษา"]
    cell = next(c for c in ws["B"] if c.value == FORMULA_NAME)
    assert cell.data_type == "s" and cell.quotePrefix
    with zipfile.ZipFile(result.out) as z:
        assert not any(b"<f>" in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
    row = next(r for r in _csv(result.csv) if "HYPERLINK" in r["school_name"])
    assert row["school_name"] == "'" + FORMULA_NAME


def test_eml_and_xlsm_and_older_form_are_read(inbox, result):
    rows = {r["file"]: r for r in _csv(result.csv)}
    assert rows["ข้อมูลความร่วมมือ.xlsx"]["message"] == "mail1.eml"
    assert rows["macro.xlsm"]["errors"] == "0"
    older = next(r for r in _csv(result.csv) if r["form_version"] == "0.9")
    assert older["errors"] == "1" and older["activities"] == "4"


def test_history_two_years_and_idempotent(inbox, tmp_path):
    prev = tmp_path / "2567"
    prev.mkdir()
    by_name = {e["file"]: e for e in inbox.expected.values()}
    # P1 clean → clean, P2 low → clean (starts meeting the rule), P3 clean → low (stops)
    p1 = next(e for e in inbox.expected.values() if e["province"] == UBON and e["expert_met"] and not e["errors"])
    p2 = by_name["d2-b.xlsx"]
    p3 = next(e for e in inbox.expected.values() if e["province"] == KHON and not e["expert_met"] and e["message"] == "")
    old = {p: write_filled(tmp_path / f"{p}-2567.xlsx", data_of(p, 2567)).read_bytes() for p in ("clean", "low")}
    for e, profile in ((p1, "clean"), (p2, "low"), (p3, "clean")):
        (prev / f"{e['school_code']}-2567.xlsx").write_bytes(
            identity(old[profile], e["school_code"], e["school_name"], e["province"]))
    db = tmp_path / "history.sqlite"
    first = api.consolidate([prev], tmp_path / "2567.xlsx", db=db, jobs=1)
    assert first.colleges == 3 and first.year_over_year == 0
    assert "เทียบปีก่อน" not in CalamineWorkbook.from_path(str(first.out)).sheet_names
    res = api.consolidate([inbox.root], tmp_path / "2568.xlsx", db=db, jobs=2)
    yoy = {r["รหัสสถานศึกษา"]: r for r in records(res.out, "เทียบปีก่อน")}
    assert set(yoy) == {p1["school_code"], p2["school_code"], p3["school_code"]}
    assert {k: (r["ปีการศึกษา"], r["ปีก่อน"]) for k, r in yoy.items()} == {k: (2568, 2567) for k in yoy}
    r1, r2, r3 = yoy[p1["school_code"]], yoy[p2["school_code"]], yoy[p3["school_code"]]
    assert r1["เกณฑ์ร้อยละ 80"] == "ผ่านทั้งสองปี" and r1["ร้อยละครูพิเศษ เปลี่ยนแปลง"] == 0
    assert (r2["ร้อยละครูพิเศษ ปีนี้"], r2["ร้อยละครูพิเศษ ปีก่อน"], r2["ร้อยละครูพิเศษ เปลี่ยนแปลง"]) == (80, 40, 40)
    assert r2["เกณฑ์ร้อยละ 80"] == "เริ่มผ่านเกณฑ์ร้อยละ 80"
    assert (r3["ร้อยละครูพิเศษ ปีนี้"], r3["ร้อยละครูพิเศษ ปีก่อน"], r3["ร้อยละครูพิเศษ เปลี่ยนแปลง"]) == (40, 80, -40)
    assert r3["เกณฑ์ร้อยละ 80"] == "ไม่ผ่านเกณฑ์ร้อยละ 80 แล้ว"
    assert (r3["ข้อผิดพลาด ปีนี้"], r3["ข้อผิดพลาด ปีก่อน"]) == (1, 0)

    def dump():
        con = sqlite3.connect(db)
        try:
            return [con.execute(f"SELECT * FROM {t} ORDER BY 1, 2, 3").fetchall() for t in ("colleges", "findings")]
        finally:
            con.close()

    once = dump()
    assert len(once[0]) == 3 + 51
    con = sqlite3.connect(db)
    assert {r[0] for r in con.execute("SELECT school_code FROM colleges WHERE academic_year = 2567")} == \
        {p1["school_code"], p2["school_code"], p3["school_code"]}
    assert con.execute("SELECT code, sheet, cell FROM findings WHERE school_code = ? AND academic_year = 2568",
                       (p3["school_code"],)).fetchall() == [("E_DECLARED_CONTRADICTED", "2 ระดมทรัพยากร", "C6")]
    con.close()
    api.consolidate([inbox.root], tmp_path / "again.xlsx", db=db, jobs=1)
    assert dump() == once  # running it twice changes nothing


def test_size_limit_and_a_bad_file_never_stop_the_run(inbox, tmp_path, monkeypatch):
    from vetqa_xl.consolidate import inputs

    (tmp_path / "big.xlsx").write_bytes(inbox.sources["clean"])
    (tmp_path / "ok.xlsx").write_bytes(inbox.sources["clean"])
    monkeypatch.setattr(inputs, "MAX_FILE_BYTES", len(inbox.sources["clean"]) - 1)
    from vetqa_xl.consolidate import worker

    monkeypatch.setattr(worker, "MAX_FILE_BYTES", len(inbox.sources["clean"]) - 1)
    (tmp_path / "ok.xlsx").write_bytes(inbox.sources["clean"][:100])
    res = api.consolidate([tmp_path], tmp_path / "out.xlsx", jobs=1)
    reasons = dict((f, r) for f, _, r in res.unreadable)
    assert "ใหญ่เกินกำหนด" in reasons["big.xlsx"] and "ไฟล์ ok.xlsx เสียหรือไม่ครบ" in reasons["ok.xlsx"]
    assert res.out.is_file() and res.colleges == 0


def test_in_process_run_leaves_the_standard_library_alone(inbox, tmp_path):
    """jobs=1 runs in the caller's process: defusedxml.defuse_stdlib() there would swap the
    standard XML parsers under the caller (xmlschema then refuses to load its schemas)."""
    import xml.etree.ElementTree as ET

    before = ET.iterparse
    (tmp_path / "one.xlsx").write_bytes(inbox.sources["clean"])
    api.consolidate([tmp_path], tmp_path / "out.xlsx", jobs=1)
    assert ET.iterparse is before and ET.iterparse.__module__ == "xml.etree.ElementTree"


def test_cli_exit_zero_with_unreadable_inputs_and_refuses_an_input_as_out(inbox, tmp_path):
    run = lambda *a: subprocess.run([sys.executable, "-m", "vetqa_xl", "consolidate", *map(str, a)],  # noqa: E731
                                    capture_output=True, text=True)
    p = run(inbox.root / "broken.xlsx", inbox.root / "mail1.eml", "-o", tmp_path / "o.xlsx", "--jobs", "1")
    assert p.returncode == 0, p.stderr
    assert "broken.xlsx" in p.stderr and (tmp_path / "o.xlsx").is_file()
    assert "%|" not in p.stderr and "ETA" not in p.stderr  # no progress bar when not a terminal
    target = inbox.root / "d1-old.xlsx"
    before = target.read_bytes()
    p = run(inbox.root / "d1-old.xlsx", "-o", target, "--force")
    assert p.returncode == 2 and "ไม่เขียนทับ" in p.stderr and target.read_bytes() == before
    first = (tmp_path / "o.xlsx").read_bytes()
    p = run(inbox.root / "d1-old.xlsx", "-o", tmp_path / "o.xlsx", "--jobs", "1")
    assert p.returncode == 2 and "--force" in p.stderr and (tmp_path / "o.xlsx").read_bytes() == first
    p = run(inbox.root / "d1-old.xlsx", "-o", tmp_path / "o.xlsx", "--jobs", "1", "--force")
    assert p.returncode == 0 and (tmp_path / "o.xlsx.bak").read_bytes() == first


def render_page(lo, xlsx: Path, text: str, outdir: Path) -> Path:
    """The first printed page that shows ``text``, as PNG (kept in VETQA_RENDER_DIR if set)."""
    outdir = Path(os.environ.get("VETQA_RENDER_DIR") or outdir)
    pdf, = lo.convert(xlsx, "pdf", outdir)
    page = 1
    while True:
        shown = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                               capture_output=True, text=True)
        assert shown.returncode == 0, f"no page shows {text}"
        if text in shown.stdout:
            break
        page += 1
    prefix = outdir / f"{xlsx.stem}-p{page}"
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile",
                    str(pdf), str(prefix)], check=True)
    return prefix.with_suffix(".png")


def test_out_opens_in_libreoffice_with_its_charts(result, libreoffice, tmp_path):
    """LibreOffice opens OUT, keeps the three charts and computes nothing from college text."""
    back, = libreoffice.convert(result.out, "xlsx", tmp_path / "lo")
    with zipfile.ZipFile(back) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        titles = b"".join(z.read(n) for n in charts).decode()
    assert len(charts) == 3
    for title in ("การกระจายของร้อยละสาขางานที่มีครูพิเศษ", "แยกตามประเภท", "รายจังหวัด"):
        assert title in titles
    rows = records(back, "สถานศึกษา")
    assert FORMULA_NAME in {r["ชื่อสถานศึกษา"] for r in rows}  # still the text, not a link
    png = render_page(libreoffice, result.out, "การกระจายของร้อยละ", tmp_path / "png")
    from PIL import Image

    img = Image.open(png).convert("RGB")
    blue = sum(1 for px in img.getdata() if px[2] > 150 and px[0] < 120)  # the bars
    assert blue > 500


def test_progress_bar_shows_count_rate_and_eta(inbox, tmp_path, capsys):
    files = [inbox.root / "d1-old.xlsx", inbox.root / "d2-b.xlsx"]
    api.consolidate(files, tmp_path / "o.xlsx", jobs=1, progress=True)
    err = capsys.readouterr().err
    assert "2/2" in err and "ไฟล์/s" in err and "<00:00" in err  # count, rate, remaining time


# --- issue 12, second round: the QA engineer's findings -------------------------------------

def _cli(*args):
    return subprocess.run([sys.executable, "-m", "vetqa_xl", "consolidate", *map(str, args)],
                          capture_output=True, text=True)


def test_an_invalid_typed_code_is_kept_and_its_copies_are_one_college(inbox, tmp_path):
    """A 9-digit code (the checker's Report has None) is the college's own: its original, its
    report and a fixed copy in an .eml are one college; without any code, name + province."""
    folder = tmp_path / "in"
    folder.mkdir()
    bad = "137007610"
    orig = folder / "orig.xlsx"
    orig.write_bytes(identity(inbox.sources["clean"], bad, "วิทยาลัยรหัสผิด", UBON))
    api.report(orig, folder / "orig-report.xlsx")
    os.utime(orig, (1_600_000_000, 1_600_000_000))
    fixed = identity(inbox.sources["more"], bad, "วิทยาลัยรหัสผิด", UBON)  # reported 15 Apr 2026
    (folder / "fixed.eml").write_bytes(eml([("fixed.xlsx", fixed)]))
    (folder / "nocode-1.xlsx").write_bytes(identity(inbox.sources["clean"], "", "วิทยาลัย ไม่มีรหัส", KHON))
    (folder / "nocode-2.xlsx").write_bytes(identity(inbox.sources["low"], "", "วิทยาลัย  ไม่มีรหัส", KHON))
    # same date: the older nocode-1 (clean, no error) wins over the newer "low" copy (1 error)
    os.utime(folder / "nocode-1.xlsx", (1_600_000_000, 1_600_000_000))
    res = api.consolidate([folder], tmp_path / "o.xlsx", csv=tmp_path / "o.csv", jobs=1)
    rows = {r["file"]: r for r in _csv(res.csv)}
    assert set(rows) == {"fixed.xlsx", "nocode-1.xlsx"}
    assert (rows["fixed.xlsx"]["school_code"], rows["fixed.xlsx"]["message"]) == (bad, "fixed.eml")
    assert rows["fixed.xlsx"]["activities"] == "5" and rows["nocode-1.xlsx"]["school_code"] == ""
    assert rows["nocode-1.xlsx"]["expert_percent"] == "80.0"  # the clean copy, 4 of 5
    dups = {(r["ไฟล์ที่ไม่ได้ใช้"], r["ไฟล์ที่ใช้แทน"]) for r in records(res.out, "ไฟล์ซ้ำ")}
    assert dups == {("orig.xlsx", "fixed.xlsx"), ("orig-report.xlsx", "fixed.xlsx"),
                    ("nocode-2.xlsx", "nocode-1.xlsx")}
    assert res.duplicates == 3 and res.colleges == 2
    totals = {r["จังหวัด"]: r for r in records(res.out, "สรุปรายจังหวัด")}
    # each college once: F1 3 each, F3 5 (the fixed copy) + 4
    assert (totals[UBON]["จำนวนสถานศึกษา"], totals[UBON]["สาขาวิชาทวิภาคี"]) == (1, 3)
    assert (totals["ทั้งประเทศ"]["จำนวนสถานศึกษา"], totals["ทั้งประเทศ"]["สาขาวิชาทวิภาคี"],
            totals["ทั้งประเทศ"]["กิจกรรมบริการชุมชนและจิตอาสา"]) == (2, 6, 9)
    codes = {r["รหัสสถานศึกษา"] for r in records(res.out, "ผลการตรวจสอบ") if r["ไฟล์"] == "fixed.xlsx"}
    assert codes == {bad}  # the findings name the college by its typed code too


def test_totals_and_charts_are_per_academic_year(inbox, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    old = write_filled(tmp_path / "old.xlsx", data_of("clean", 2567)).read_bytes()
    (folder / "a-2567.xlsx").write_bytes(identity(old, "1311111111", "วิทยาลัยปีก่อน", UBON))
    (folder / "b-2568.xlsx").write_bytes(identity(inbox.sources["clean"], "1322222222", "วิทยาลัยบี", UBON))
    (folder / "c-2568.xlsx").write_bytes(identity(inbox.sources["more"], "1333333333", "วิทยาลัยซี", UBON))
    res = api.consolidate([folder], tmp_path / "o.xlsx", jobs=1)
    got = [(r["ปีการศึกษา"], r["จังหวัด"], r["จำนวนสถานศึกษา"], r["สาขาวิชาทวิภาคี"],
            r["กิจกรรมบริการชุมชนและจิตอาสา"], r["ร้อยละสาขางานที่มีครูพิเศษ"])
           for r in records(res.out, "สรุปรายจังหวัด")]
    assert got == [(2567, UBON, 1, 3, 4, 80), (2567, "ทั้งประเทศ", 1, 3, 4, 80),
                   (2568, UBON, 2, 6, 9, 80), (2568, "ทั้งประเทศ", 2, 6, 9, 80)]
    chart = grid(res.out, "แผนภูมิ")
    assert [r[1] for r in chart[1:11]] == [0] * 8 + [2, 0]  # 2568 only: both colleges at 80 %
    assert [r[4] for r in chart[1:5]] == [2, 2, 2, 3]  # community, academic, professional, volunteer
    assert [r[6:9] for r in chart[1:2]] == [[UBON, 2, 0]]
    with zipfile.ZipFile(res.out) as z:
        titles = b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/charts/")).decode()
    assert titles.count("ปีการศึกษา 2568") == 3


def test_an_out_that_is_a_college_workbook_in_the_folder_is_refused(inbox, tmp_path):
    from vetqa_xl.consolidate import ConsolidateError

    folder = tmp_path / "inbox"
    folder.mkdir()
    a = folder / "a.xlsx"
    a.write_bytes(inbox.sources["clean"])
    mail = folder / "mail.eml"
    mail.write_bytes(eml([("b.xlsx", inbox.sources["clean"])]))
    before, mail_before = a.read_bytes(), mail.read_bytes()
    for out, kw in ((a, {}), (tmp_path / "o.xlsx", {"csv": a}), (tmp_path / "o2.xlsx", {"db": a}),
                    (mail, {}), (tmp_path / "o3.xlsx", {"csv": mail})):
        with pytest.raises(ConsolidateError, match="ไม่เขียนทับ"):
            api.consolidate([folder], out, jobs=1, force=True, **kw)
    p = _cli(folder, "-o", a, "--force", "--jobs", "1")
    assert p.returncode == 2 and "ไม่เขียนทับ" in p.stderr and "never overwritten" in p.stderr
    assert a.read_bytes() == before and mail.read_bytes() == mail_before
    assert sorted(x.name for x in folder.iterdir()) == ["a.xlsx", "mail.eml"]
    mail.unlink()
    # a previous consolidated OUT in the folder (none of the form's sheets) is no input
    prev = folder / "รวม.xlsx"
    assert api.consolidate([folder], prev, jobs=1).colleges == 1
    first = prev.read_bytes()
    again = api.consolidate([folder], prev, jobs=1, force=True)
    assert (again.colleges, again.workbooks, again.files) == (1, 1, 1)
    assert (folder / "รวม.xlsx.bak").read_bytes() == first


def test_unreadable_files_get_the_sentences_check_gives(inbox, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    clean = inbox.sources["clean"]
    (folder / "empty.xlsx").write_bytes(b"")
    (folder / "half.xlsx").write_bytes(clean[: len(clean) // 2])
    (folder / "noise.xlsx").write_bytes(bytes(range(256)) * 40)
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    (folder / "letter.xlsx").write_bytes(docx.getvalue())
    (folder / "table.xlsx").write_text("รหัส,ชื่อ\n1,ก\n", encoding="utf-8")
    (folder / "mail.eml").write_bytes(eml([("แนบ.xlsx", b"PK\x03\x04 cut short")]))
    named = tmp_path / "list.csv"
    named.write_text("รหัส,ชื่อ\n", encoding="utf-8")
    res = api.consolidate([folder, named], tmp_path / "o.xlsx", jobs=1)
    got = {f: r for f, _, r in res.unreadable}
    expected = {  # (Thai, English) of check's catalogue, by what each file is
        "empty.xlsx": ("ไฟล์ empty.xlsx ว่างเปล่า (0 ไบต์)", "empty.xlsx is empty (0 bytes)"),
        "half.xlsx": ("ไฟล์ half.xlsx เสียหรือไม่ครบ", "half.xlsx is damaged or incomplete"),
        "noise.xlsx": ("ไฟล์ noise.xlsx ไม่ใช่ไฟล์ Excel", "noise.xlsx is not a spreadsheet file at all"),
        "letter.xlsx": ("ไฟล์ letter.xlsx เป็นเอกสาร Word", "letter.xlsx is a Word document"),
        "table.xlsx": ("ไฟล์ table.xlsx เป็นข้อความธรรมดา", "table.xlsx is plain text (such as CSV)"),
        "แนบ.xlsx": ("ไฟล์ แนบ.xlsx เสียหรือไม่ครบ", "แนบ.xlsx is damaged or incomplete"),
        "list.csv": ("ไฟล์ list.csv เป็นข้อความธรรมดา", "list.csv is plain text (such as CSV)"),
    }
    assert set(got) == set(expected)
    for file, (th, en) in expected.items():
        assert got[file].startswith(th) and en in got[file].split(" / ", 1)[1], got[file]
        assert "zip file" not in got[file] and "Error" not in got[file] and "vetqa-attachment" not in got[file]
    assert {r["ไฟล์"]: r["เหตุผล"] for r in records(res.out, "ไฟล์ที่อ่านไม่ได้")} == got
    p = _cli(folder, "-o", tmp_path / "cli.xlsx", "--jobs", "1")
    assert p.returncode == 0 and "empty.xlsx is empty (0 bytes)" in p.stderr
    assert "File is not a zip file" not in p.stderr


def test_the_counts_say_what_they_count(inbox, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    src = inbox.sources
    (folder / "one.xlsx").write_bytes(identity(src["clean"], "1344444444", "วิทยาลัยหนึ่ง", UBON))
    (folder / "one-copy.xlsx").write_bytes(identity(src["clean"], "1344444444", "วิทยาลัยหนึ่ง", UBON))
    (folder / "two.eml").write_bytes(eml([("a.xlsx", identity(src["clean"], "1355555555", "วิทยาลัยเอ", KHON)),
                                          ("b.xlsx", identity(src["low"], "1366666666", "วิทยาลัยบี", KHON))]))
    (folder / "none.eml").write_bytes(eml([]))
    (folder / "broken.xlsx").write_bytes(b"not a workbook")
    res = api.consolidate([folder], tmp_path / "o.xlsx", jobs=1)
    # 5 files; 5 workbooks (one, one-copy, a, b, broken) = 3 colleges + 1 duplicate + 1 unreadable
    assert (res.files, res.workbooks, res.colleges, res.duplicates) == (5, 5, 3, 1)
    assert sorted(f for f, _, _ in res.unreadable) == ["broken.xlsx", "none.eml"]
    assert [f for f, _, _ in res.notes] == ["two.eml"]  # read all the same: not unreadable
    assert res.summary() == (
        "สถานศึกษา 3 แห่ง · พบ 5 ไฟล์ มีแบบฟอร์ม 5 ไฟล์ (รวมไฟล์แนบในอีเมล) · อ่านไม่ได้ 2 รายการ · "
        "ไฟล์ซ้ำที่ไม่ได้ใช้ 1 ไฟล์ / 3 colleges · 5 files found holding 5 workbooks (e-mail attachments "
        "included) · 2 unreadable · 1 duplicate workbook not used")
    assert "two.eml" in {r["ไฟล์"] for r in records(res.out, "ไฟล์ที่อ่านไม่ได้")}  # the note is listed


def test_a_big_sheet_the_reader_never_opens_is_no_zip_bomb(inbox, tmp_path):
    """A 30 MB part that deflates 1000×: refused in a form sheet, read past in the hidden helper
    sheet คำนวณสรุป (most of a big genuine workbook), which no reader of ours opens."""
    padding = "<!--" + " " * 30_000_000 + "-->"
    for sheet, refused in (("คำนวณสรุป", False), ("สาขางาน", True)):
        pkg = Package(inbox.sources["clean"])
        part = _part_of(pkg, sheet)
        text = pkg.text(part)
        if not refused:  # the helper's formulas (5 MB) would dilute the ratio: its frame only
            text = text.split("<sheetData", 1)[0] + "<sheetData/></worksheet>"
        pkg.put(part, text + padding)  # a comment after the root: still well-formed XML
        (tmp_path / "big.xlsx").write_bytes(_zip(_parts(pkg.to_bytes()), level=9))
        with zipfile.ZipFile(tmp_path / "big.xlsx") as z:
            assert z.getinfo(part).file_size > 200 * z.getinfo(part).compress_size  # beyond the ratio
        res = api.consolidate([tmp_path / "big.xlsx"], tmp_path / f"o-{refused}.xlsx", jobs=1)
        if refused:
            (_, _, reason), = res.unreadable
            assert "zip bomb" in reason and part in reason
        else:
            assert res.unreadable == [] and res.colleges == 1


# --- issue 19: the right copy of each college, dates as dates ----------------------------------

def _college(code: str, province: str, covered: int, total: int, date, draft: bool = False) -> dict:
    """A college with ``total`` programmes, experts for ``covered`` of them (helpers.many_programmes).
    A draft also has 3 errors typed in: the e-mail "qa-at-test" (E_EMAIL) and two partners with
    -3 students (E_COUNT_NEGATIVE each); below 80 % its 2.3 declared ใช่ is one more error
    (E_DECLARED_CONTRADICTED)."""
    from tests.helpers import many_programmes

    d = many_programmes(total, covered)
    d["ข้อมูลสถานศึกษา"].update({"รหัสสถานศึกษา": code, "ชื่อสถานศึกษา": f"วิทยาลัย {code[-1]}",
                                 "จังหวัด": province, "วันที่รายงาน": date})
    if draft:
        d["ข้อมูลสถานศึกษา"]["อีเมล"] = "qa-at-test"
        for name in ("ร้านร่าง 1", "ร้านร่าง 2"):
            d["1 สถานประกอบการ"].append({**d["1 สถานประกอบการ"][0], "ชื่อสถานประกอบการ": name,
                                          "จำนวนผู้เรียนที่ฝึก": -3})
    return d


def test_draft_and_final_the_hand_worked_example(tmp_path):
    """The issue's six colleges (docs/consolidate.md works the same example by hand).

    programmes with experts / programmes:  A 9/10, B 7/10, C 8/8 (Ubon); D 4/8, E ?/5, F 5/5 (Khon)
    E sent a draft (3/5 = 60 %, วันที่รายงาน typed as text 31/3/2569 = 31 Mar 2026, 4 errors:
    E_EMAIL, 2 × E_COUNT_NEGATIVE, E_DECLARED_CONTRADICTED) and later copied it again (the newer
    file), and a final (4/5 = 80 %, a date cell 10 Apr 2026, no error).
    With the final: 9+7+8+4+4+5 = 37 of 46 = 80.43 %; meeting 80 %: A, C, E, F = 4 colleges.
    With the draft (what the text comparison "31/3/2569" > "2026-04-10" kept): 36 of 46 =
    78.26 % and 3 colleges."""
    folder = tmp_path / "in"
    folder.mkdir()
    spec = {"1380000001": (UBON, 9, 10), "1380000002": (UBON, 7, 10), "1380000003": (UBON, 8, 8),
            "1380000004": (KHON, 4, 8), "1380000006": (KHON, 5, 5)}
    for code, (province, covered, total) in spec.items():
        write_filled(folder / f"{code}.xlsx", _college(code, province, covered, total, D(2026, 3, 31)))
    e = "1380000005"
    write_filled(folder / "E-ฉบับจริง.xlsx", _college(e, KHON, 4, 5, D(2026, 4, 10)))
    write_filled(folder / "E-ร่าง.xlsx", _college(e, KHON, 3, 5, "31/3/2569", draft=True))
    os.utime(folder / "E-ฉบับจริง.xlsx", (1_700_000_000, 1_700_000_000))  # the draft is the newer file
    db = tmp_path / "history.sqlite"
    res = api.consolidate([folder], tmp_path / "o.xlsx", csv=tmp_path / "o.csv", db=db, jobs=1)
    nation = next(r for r in records(res.out, "สรุปรายจังหวัด") if r["จังหวัด"] == "ทั้งประเทศ")
    assert (nation["สาขางานที่มีครูพิเศษ"], nation["สาขางานทั้งหมด"]) == (37, 46)
    assert nation["ร้อยละสาขางานที่มีครูพิเศษ"] == 80.43
    assert (nation["จำนวนสถานศึกษา"], nation["สถานศึกษาที่ผ่านเกณฑ์ร้อยละ 80"]) == (6, 4)
    dup, = records(res.out, "ไฟล์ซ้ำ")
    assert (dup["ไฟล์ที่ไม่ได้ใช้"], dup["ไฟล์ที่ใช้แทน"]) == ("E-ร่าง.xlsx", "E-ฉบับจริง.xlsx")
    assert (dup["วันที่รายงาน"], dup["วันที่รายงานของไฟล์ที่ใช้"]) == ("2026-03-31", "2026-04-10")
    assert (dup["ข้อผิดพลาด"], dup["ข้อผิดพลาดของไฟล์ที่ใช้"]) == (4, 0)
    assert dup["ตัดสินโดย"] == "วันที่รายงานล่าสุด / the latest report date"
    rows = {r["school_code"]: r for r in _csv(res.csv)}
    assert rows[e]["file"] == "E-ฉบับจริง.xlsx"
    assert {r["report_date"] for r in rows.values()} == {"2026-03-31", "2026-04-10"}  # ISO, CE
    con = sqlite3.connect(db)
    assert dict(con.execute("SELECT school_code, report_date FROM colleges")) == {
        **{code: "2026-03-31" for code in spec}, e: "2026-04-10"}
    con.close()
    got = {r["รหัสสถานศึกษา"]: r["วันที่รายงาน"] for r in records(res.out, "สถานศึกษา")}
    assert got[e] == "2026-04-10"


DRAFT_DATES = {"text พ.ศ.": "31/3/2569", "date cell with a พ.ศ. year": D(2569, 3, 1),
               "Thai digits": "๓๑/๓/๒๕๖๙", "Thai month": "31 มี.ค. 2569"}
FINAL_DATES = {"date cell": D(2026, 4, 10), "text พ.ศ.": "10/4/2569", "Thai digits and month": "๑๐ เม.ย. ๒๕๖๙"}


def test_the_final_is_kept_whatever_the_date_formats(tmp_path):
    """Every draft format against every final format, one college per pair, in one run: the
    draft (March 2026, 4 errors) is always the newer file and always loses, by the date."""
    gen, folder = tmp_path / "gen", tmp_path / "in"
    gen.mkdir()
    folder.mkdir()
    drafts = {k: write_filled(gen / f"d{i}.xlsx", _college(BASE_CODE, UBON, 3, 5, v, draft=True)).read_bytes()
              for i, (k, v) in enumerate(DRAFT_DATES.items())}
    finals = {k: write_filled(gen / f"f{i}.xlsx", _college(BASE_CODE, UBON, 4, 5, v)).read_bytes()
              for i, (k, v) in enumerate(FINAL_DATES.items())}
    pairs = {}
    for i, (draft, final) in enumerate((d, f) for d in drafts for f in finals):
        code = f"13900001{i:02d}"
        (folder / f"{code}-final.xlsx").write_bytes(identity(finals[final], code, None, UBON))
        os.utime(folder / f"{code}-final.xlsx", (1_700_000_000, 1_700_000_000))
        (folder / f"{code}-draft.xlsx").write_bytes(identity(drafts[draft], code, None, UBON))
        pairs[code] = (draft, final)
    res = api.consolidate([folder], tmp_path / "o.xlsx", csv=tmp_path / "o.csv", jobs=1)
    rows = {r["school_code"]: r for r in _csv(res.csv)}
    assert {code: rows[code]["file"] for code in pairs} == {code: f"{code}-final.xlsx" for code in pairs}
    assert {rows[code]["report_date"] for code in pairs} == {"2026-04-10"}
    dups = {r["รหัสสถานศึกษา"]: r for r in records(res.out, "ไฟล์ซ้ำ")}
    for code, (draft, _) in pairs.items():
        assert dups[code]["ตัดสินโดย"].startswith("วันที่รายงานล่าสุด"), pairs[code]
        expected = "2026-03-01" if draft == "date cell with a พ.ศ. year" else "2026-03-31"
        assert dups[code]["วันที่รายงาน"] == expected, pairs[code]


def test_each_rule_in_turn_and_which_one_decided():
    """tables.resolve_duplicates on rows as the worker makes them: the latest date, then fewer
    errors, then the newest file, then the file name; an unreadable date counts as none."""
    from vetqa_xl.consolidate.tables import resolve_duplicates

    def row(file, date="", read=True, errors=0, time="2026-01-01T00:00:00+00:00", code="1"):
        return {"school_code": code, "academic_year": 2568, "file": file, "report_date": date,
                "date_read": read and bool(date), "errors": errors, "file_time": time}

    cases = [  # (rows, the file kept, the rule that beat each other row)
        ([row("a", "2026-04-15", errors=3), row("b", "2026-04-10", time="2026-05-01T00:00:00+00:00")],
         "a", "rule_date"),
        ([row("a", "2026-04-10", errors=1), row("b", "2026-04-10", errors=0)], "b", "rule_errors"),
        ([row("a", "2026-04-10", time="2026-04-11T08:00:00+00:00"), row("b", "2026-04-10")], "a", "rule_newest"),
        ([row("b", ""), row("a", "")], "b", "rule_name"),
        ([row("a", "31/13/2569", read=False), row("b", "2025-06-01", errors=2)], "b", "rule_date"),
        ([row("a", "", errors=0), row("b", "", errors=5)], "a", "rule_errors"),
    ]
    for rows, kept, rule in cases:
        winners, others = resolve_duplicates(rows)
        assert [w["file"] for w in winners] == [kept], rows
        assert [(o["kept_file"], o["rule"]) for o in others] == [(kept, rule)], rows


def test_an_unreadable_date_is_kept_as_typed_with_its_own_finding(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    code = "1370000042"
    write_filled(folder / "typo.xlsx", _college(code, UBON, 4, 5, "31/13/2569"))  # month 13
    write_filled(folder / "dated.xlsx", _college(code, UBON, 4, 5, D(2025, 6, 1)))
    os.utime(folder / "dated.xlsx", (1_600_000_000, 1_600_000_000))  # older, and still kept
    res = api.consolidate([folder], tmp_path / "o.xlsx", csv=tmp_path / "o.csv", jobs=1)
    assert [r["file"] for r in _csv(res.csv)] == ["dated.xlsx"]
    dup, = records(res.out, "ไฟล์ซ้ำ")
    assert (dup["วันที่รายงาน"], dup["ตัดสินโดย"].split(" / ")[0]) == ("31/13/2569", "วันที่รายงานล่าสุด")
    found = [(r["ไฟล์"], r["ชีต"], r["เซลล์"], r["รหัส"]) for r in records(res.out, "ผลการตรวจสอบ")]
    # วันที่รายงาน is the 10th key of ข้อมูลสถานศึกษา, rows from 4: B13; the checker's own E_NOT_DATE too
    assert ("typo.xlsx", "ข้อมูลสถานศึกษา", "B13", "W_REPORT_DATE_UNREAD") in found
    assert ("typo.xlsx", "ข้อมูลสถานศึกษา", "B13", "E_NOT_DATE") in found
    note = next(r for r in records(res.out, "ผลการตรวจสอบ") if r["รหัส"] == "W_REPORT_DATE_UNREAD")
    assert note["รายละเอียด"].startswith("วันที่รายงาน '31/13/2569' อ่านเป็นวันที่ไม่ได้ จึงเก็บไว้ตามที่พิมพ์")
    typo = write_filled(tmp_path / "alone.xlsx", _college(code, UBON, 4, 5, "31/13/2569"))
    alone = api.consolidate([typo], tmp_path / "o2.xlsx", csv=tmp_path / "o2.csv", jobs=1)
    assert _csv(alone.csv)[0]["report_date"] == "31/13/2569"  # as typed


# --- issue 19 item 4: OUT prints like the college workbooks --------------------------------------

PROVINCES = ["อุบลราชธานี", "ขอนแก่น", "เชียงใหม่", "นครราชสีมา", "พระนครศรีอยุธยา", "กรุงเทพมหานคร",
             "สุราษฎร์ธานี", "นครศรีธรรมราช", "ประจวบคีรีขันธ์", "แม่ฮ่องสอน", "กาญจนบุรี", "ชลบุรี"]


def _words(pdf: Path, page: int) -> list[tuple[float, float, float, str]]:
    """(xMin, yMin, xMax, text) of every word pdftotext finds on a page."""
    import html
    import re

    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [(float(a), float(b), float(c), html.unescape(t)) for a, b, c, t in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', out)]


def _page_of(pdf: Path, text: str, start: int = 1) -> int:
    page = start
    while True:
        shown = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                               capture_output=True, text=True, check=False)
        assert shown.returncode == 0, f"no page shows {text}"
        if text in shown.stdout.replace(" ", ""):
            return page
        page += 1


def test_out_prints_a4_landscape_fit_to_width_with_headers_and_footer(tmp_path, libreoffice):
    """Every sheet: A4 landscape, one page wide, row 1 on every page, a footer with the page
    and the run's date in พ.ศ. Rendered by LibreOffice: the 40 columns of สถานศึกษา on one page's
    width, the header again on the second page of ผลการตรวจสอบ, the footer on each page; the
    charts show every category and keep each title on one line (kept as PNG with
    VETQA_RENDER_DIR, to look at)."""
    import datetime as dt

    import openpyxl

    from tests.helpers import base
    from tests.ooxml_check import problems
    from vetqa_xl.core.messages import thai_date

    folder = tmp_path / "in"
    folder.mkdir()
    clean = write_filled(tmp_path / "clean.xlsx", base()).read_bytes()
    for i, province in enumerate(PROVINCES * 2):
        (folder / f"c{i}.xlsx").write_bytes(identity(clean, f"13770000{i:02d}", f"วิทยาลัย {i}", province))
    many = base()  # 70 partners with -3 students: 70 findings, more than one printed page
    many["1 สถานประกอบการ"] += [{**many["1 สถานประกอบการ"][0], "ชื่อสถานประกอบการ": f"ร้าน {n}",
                                  "จำนวนผู้เรียนที่ฝึก": -3} for n in range(70)]
    write_filled(folder / "many.xlsx", many)
    out = api.consolidate([folder], tmp_path / "o.xlsx", jobs=1).out
    today = thai_date(dt.date.today())
    assert problems(out) == []  # every part valid against the ISO 29500 schemas

    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["สถานศึกษา", "สรุปรายจังหวัด", "แผนภูมิ", "ผลการตรวจสอบ", "ไฟล์ที่อ่านไม่ได้", "ไฟล์ซ้ำ"]
    for ws in wb:
        setup = (ws.page_setup.paperSize, ws.page_setup.orientation, ws.sheet_properties.pageSetUpPr.fitToPage,
                 ws.page_setup.fitToWidth, ws.page_setup.fitToHeight, ws.print_title_rows)
        assert setup == (9, "landscape", True, 1, 0, "$1:$1"), ws.title
        assert ws.oddFooter.center.text == "หน้า &P จาก &N" and ws.oddFooter.right.text == f"วันที่ {today}"

    pdf, = libreoffice.convert(out, "pdf", tmp_path / "pdf")

    def text(p: int) -> str:
        return subprocess.run(["pdftotext", "-layout", "-f", str(p), "-l", str(p), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout

    first = text(1)
    assert first.lstrip().startswith("รหัสสถานศึกษา") and "SHA-256" in first  # the last of 40 columns
    assert "หน้า 1 จาก" in first and f"วันที่ {today}" in first.replace("  ", " ")
    findings = _page_of(pdf, "รายละเอียด")
    second = text(findings + 1)
    assert "E_COUNT_NEGATIVE" in second  # ผลการตรวจสอบ goes on, and its header with it
    assert second.lstrip().startswith("รหัสสถานศึกษา") and "ระดับความ" in second
    assert f"หน้า {findings + 1} จาก" in second

    page = _page_of(pdf, "การกระจายของร้อยละ")
    words = _words(pdf, page)
    # the tables' last header (the chart's legend says it too, further right)
    table_right = min(x1 for x0, y0, x1, t in words if t == "ไม่ผ่านเกณฑ์")
    chart = [(y0, x0, t) for x0, y0, x1, t in words if x0 > table_right + 12]  # right of the tables
    lines: dict[int, list[tuple[float, str]]] = {}
    for y0, x0, t in chart:
        lines.setdefault(round(y0), []).append((x0, t))
    shown = ["".join(t for _, t in sorted(ws)) for _, ws in sorted(lines.items())]
    titles = ["การกระจายของร้อยละสาขางานที่มีครูพิเศษ(จำนวนสถานศึกษา)ปีการศึกษา2568",
              "กิจกรรมบริการชุมชนและจิตอาสาแยกตามประเภทปีการศึกษา2568",
              "สถานศึกษาที่ผ่านเกณฑ์ร้อยละ80รายจังหวัดปีการศึกษา2568"]
    for title in titles:
        assert any(title in line for line in shown), (title, shown)  # one line, never wrapped
    rest = "\n".join(shown)
    for title in titles:
        rest = rest.replace(title, "")
    labels = [f"{lo}–{lo + 10}%" for lo in range(0, 90, 10)] + ["90–100%", *ACTIVITY_LABELS, *PROVINCES]
    assert [label for label in labels if label not in rest] == []  # every category, none skipped
    png = Path(os.environ.get("VETQA_RENDER_DIR") or tmp_path) / "consolidate-charts-printed"
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile",
                    str(pdf), str(png)], check=True)


ACTIVITY_LABELS = ["บริการชุมชน", "บริการวิชาการ", "บริการวิชาชีพ", "จิตอาสา"]


def test_control_characters_in_a_colleges_text_reach_the_workbook_as_a_mark(tmp_path):
    """A college's text with characters XML 1.0 cannot hold (pasted from another program) is
    a finding's value; OUT shows it with U+FFFD instead of failing (openpyxl refuses to write
    them: IllegalCharacterError, exit 3, found by the mutation test)."""
    data = base()
    data["3 กิจกรรม"][0]["วันที่เริ่ม"] = "BELLMARK"  # openpyxl would refuse the real text
    folder = tmp_path / "in"
    folder.mkdir()
    path = write_filled(folder / "college.xlsx", data)
    parts = {n: b.replace(b"BELLMARK", b"\x01\x02bell\x07") for n, b in _parts(path.read_bytes()).items()}
    path.write_bytes(_zip(parts))
    out = tmp_path / "รวม.xlsx"
    api.consolidate([folder], out, jobs=1)
    cells = [c for row in grid(out, "ผลการตรวจสอบ") for c in row if isinstance(c, str)]
    assert any("\ufffdbell\ufffd" in c for c in cells), cells[:20]


def test_without_a_code_a_college_is_its_name_and_province_folded_and_caseless():
    """tables.college_key: a college that typed no school code is the same college when its name
    and province differ only in white space (fold_text: a doubled, leading, non-breaking or
    trailing space) and letter case; another province, or no name at all, is another row."""
    from vetqa_xl.consolidate.tables import college_key, resolve_duplicates

    def row(file, name, province="เชียงใหม่"):
        return {"school_code": "", "academic_year": 2568, "file": file, "school_name": name,
                "province": province}

    same = [row("a", "วิทยาลัยเทคนิค ABC"), row("b", "  วิทยาลัยเทคนิค\u00a0 abc "),
            row("c", "วิทยาลัยเทคนิค\tAbc", " เชียงใหม่\n")]
    assert len({college_key(r) for r in same}) == 1
    assert college_key(same[0]) == ("name", "วิทยาลัยเทคนิค abc", "เชียงใหม่", "2568")
    winners, others = resolve_duplicates(same + [row("d", "วิทยาลัยเทคนิค ABC", "ลำพูน"),
                                                 row("e", None), row("f", "   ")])
    assert sorted(w["file"] for w in winners) == ["c", "d", "e", "f"]  # rule_name: the largest file name
    assert sorted(o["file"] for o in others) == ["a", "b"]
