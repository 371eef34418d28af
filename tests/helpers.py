"""Test fixtures: a small hand-made college, and grids in the template's layout.

The base college below is clean (no finding at all); its figures are worked out by hand in
the comments. Tests copy it, change one thing, and check the finding or the figure.
"""
from __future__ import annotations

import copy
import datetime as dt

from vetqa_xl.core.ir import build_ir
from vetqa_xl.form import FORM

D = dt.datetime  # a date cell, as calamine returns it

# Programmes: (ระดับ, ประเภทวิชา, สาขาวิชา, สาขางาน, ผู้เรียน, ทวิภาคี, ผู้เรียนทวิภาคี)
#   1 ปวช. ช่างยนต์ / ยานยนต์                 dual
#   2 ปวช. ช่างยนต์ / เครื่องกลอุตสาหกรรม     not dual   (one สาขาวิชา, two สาขางาน)
#   3 ปวส. เทคนิคเครื่องกล / ยานยนต์          dual       (same สาขางาน name, other level)
#   4 ปวช. การบัญชี / การบัญชี                 dual
#   5 ปวส. การตลาด / การตลาด                   not dual
# F1 = {(ปวช., ช่างยนต์), (ปวส., เทคนิคเครื่องกล), (ปวช., การบัญชี)} = 3: ปวช. 2, ปวส. 1
# F2: projects name (ปวช., ยานยนต์), (ปวช., เครื่องกลอุตสาหกรรม), (ปวส., การตลาด)
#     -> majors {(ปวช., ช่างยนต์), (ปวส., การตลาด)} = 2: ปวช. 1, ปวส. 1
# R: experts cover programmes 1, 2, 3, 4 -> 4 of 5 = 80 % -> met (exactly 80 %)
# F3: 4 activities, one of each type, all four groups present -> 3.1–3.4 met
BASE = {
    "ข้อมูลสถานศึกษา": {
        "รหัสสถานศึกษา": "1370076101", "ชื่อสถานศึกษา": "วิทยาลัยเทคนิคทดสอบ", "สังกัด": "รัฐบาล",
        "จังหวัด": "อุบลราชธานี", "ปีการศึกษา": 2568, "ผู้กรอกข้อมูล": "นางสาวทดสอบ ใจดี",
        "ตำแหน่ง": "ครู", "โทรศัพท์": "045-000000", "อีเมล": "qa@test.ac.th",
        "วันที่รายงาน": D(2026, 3, 31),
    },
    "สาขางาน": [
        {"ระดับ": "ปวช.", "ประเภทวิชา": "อุตสาหกรรม", "สาขาวิชา": "ช่างยนต์", "สาขางาน": "ยานยนต์",
         "จำนวนผู้เรียน": 40, "จัดการเรียนการสอนระบบทวิภาคี": "ใช่", "จำนวนผู้เรียนระบบทวิภาคี": 10},
        {"ระดับ": "ปวช.", "ประเภทวิชา": "อุตสาหกรรม", "สาขาวิชา": "ช่างยนต์",
         "สาขางาน": "เครื่องกลอุตสาหกรรม", "จำนวนผู้เรียน": 20, "จัดการเรียนการสอนระบบทวิภาคี": "ไม่ใช่"},
        {"ระดับ": "ปวส.", "ประเภทวิชา": "อุตสาหกรรม", "สาขาวิชา": "เทคนิคเครื่องกล", "สาขางาน": "ยานยนต์",
         "จำนวนผู้เรียน": 30, "จัดการเรียนการสอนระบบทวิภาคี": "ใช่", "จำนวนผู้เรียนระบบทวิภาคี": 5},
        {"ระดับ": "ปวช.", "ประเภทวิชา": "พาณิชยกรรม", "สาขาวิชา": "การบัญชี", "สาขางาน": "การบัญชี",
         "จำนวนผู้เรียน": 50, "จัดการเรียนการสอนระบบทวิภาคี": "ใช่", "จำนวนผู้เรียนระบบทวิภาคี": 20},
        {"ระดับ": "ปวส.", "ประเภทวิชา": "บริหารธุรกิจ", "สาขาวิชา": "การตลาด", "สาขางาน": "การตลาด",
         "จำนวนผู้เรียน": 25, "จัดการเรียนการสอนระบบทวิภาคี": "ไม่ใช่"},
    ],
    "1 ทวิภาคี": {i.number: {"ดำเนินการแล้ว": "ใช่", "วันที่ดำเนินการ": D(2025, 6, 1 + n),
                            "หลักฐาน": f"https://test.ac.th/dve/{i.number}"}
                  for n, i in enumerate(FORM.sheet("dual").items)},
    "1 สถานประกอบการ": [
        {"ชื่อสถานประกอบการ": "บริษัท ยานยนต์ทดสอบ จำกัด", "จังหวัด": "อุบลราชธานี",
         "ในประเทศหรือต่างประเทศ": "ในประเทศ", "วันที่ลงนาม MOU": D(2024, 5, 1), "ระดับ": "ปวช.",
         "สาขางาน": "ยานยนต์", "จำนวนผู้เรียนที่ฝึก": 10},
    ],
    "2 ระดมทรัพยากร": {i.number: {"ดำเนินการแล้ว": "ใช่", "หลักฐาน": f"แผนระดมทรัพยากร {i.number}"}
                        for i in FORM.sheet("resource_criteria").items},
    "2 โครงการระดมทรัพยากร": [
        {"ชื่อโครงการหรือกิจกรรม": "รับบริจาคเครื่องยนต์", "ระดับ": "ปวช.", "สาขางาน": "ยานยนต์",
         "แหล่งทรัพยากร": "บริษัท ยานยนต์ทดสอบ จำกัด", "ในประเทศหรือต่างประเทศ": "ในประเทศ",
         "ประเภททรัพยากร": "ครุภัณฑ์", "มูลค่า (บาท)": 150000, "วันที่": D(2025, 7, 1)},
        {"ชื่อโครงการหรือกิจกรรม": "ทุนการศึกษาช่างกล", "ระดับ": "ปวช.", "สาขางาน": "เครื่องกลอุตสาหกรรม",
         "แหล่งทรัพยากร": "มูลนิธิทดสอบ", "ในประเทศหรือต่างประเทศ": "ในประเทศ",
         "ประเภททรัพยากร": "ทุนการศึกษา", "มูลค่า (บาท)": 20000, "วันที่": D(2025, 8, 1)},
        {"ชื่อโครงการหรือกิจกรรม": "วิทยากรการตลาดออนไลน์", "ระดับ": "ปวส.", "สาขางาน": "การตลาด",
         "แหล่งทรัพยากร": "Test Co., Ltd.", "ในประเทศหรือต่างประเทศ": "ต่างประเทศ",
         "ประเภททรัพยากร": "บุคลากร", "วันที่": D(2025, 9, 1)},
    ],
    "2 ครูพิเศษ": [
        {"ชื่อ-สกุล": f"นายผู้เชี่ยวชาญ {n}", "ประเภท": "ครูผู้เชี่ยวชาญ", "ในประเทศหรือต่างประเทศ": "ในประเทศ",
         "ระดับ": level, "สาขางาน": programme, "วันที่": D(2025, 10, n), "จำนวนชั่วโมง": 6}
        for n, (level, programme) in enumerate(
            [("ปวช.", "ยานยนต์"), ("ปวช.", "เครื่องกลอุตสาหกรรม"), ("ปวส.", "ยานยนต์"),
             ("ปวช.", "การบัญชี")], start=1)
    ],
    "3 บริการชุมชน": {i.number: {"ดำเนินการแล้ว": "ใช่", "หลักฐาน": f"https://test.ac.th/c/{i.number}"}
                       for i in FORM.sheet("community_criteria").items},
    "3 กิจกรรม": [
        {"ชื่อกิจกรรม": f"กิจกรรม{t}", "ประเภทกิจกรรม": t, "วันที่เริ่ม": D(2025, 11, n),
         "วันที่สิ้นสุด": D(2025, 11, n), "สถานที่หรือชุมชน": "บ้านทดสอบ", "จำนวนผู้บริหาร": 1,
         "จำนวนครู": 3, "จำนวนบุคลากรทางการศึกษา": 2, "จำนวนผู้เรียน": 20, "จำนวนผู้รับบริการ": 50}
        for n, t in enumerate(["บริการชุมชน", "บริการวิชาการ", "บริการวิชาชีพ", "จิตอาสา"], start=1)
    ],
}


def base() -> dict:
    return copy.deepcopy(BASE)


def grids(data: dict, title_rows: int = 2) -> dict[str, list[list]]:
    """Grids in the template's layout: title rows, the header, then the data rows."""
    out: dict[str, list[list]] = {}
    for sheet in FORM.data_sheets:
        if sheet.name not in data:
            continue
        content = data[sheet.name]
        rows: list[list] = [[f"หัวเรื่อง {n}"] for n in range(title_rows)]
        if sheet.kind == "keyvalue":
            rows.append(["รายการ", "ข้อมูล"])
            rows += [[c.label, content.get(c.label)] for c in sheet.columns]
        else:
            rows.append(list(sheet.labels))
            if sheet.kind == "checklist":
                records = []
                for item in sheet.items:
                    values = {"ขั้นที่": item.stage, "ข้อ": item.number, "กิจกรรม": item.text,
                              "รายการ": item.text, **content.get(item.number, {})}
                    records.append(values)
            else:
                records = content
            rows += [[r.get(label) for label in sheet.labels] for r in records]
        out[sheet.name] = rows
    out[FORM.sheet("meta").name] = [["form_id", FORM.id], ["form_version", FORM.version]]
    return out


def ir_of(data: dict, **kw):
    return build_ir(grids(data, **kw), source="test.xlsx")


def many_programmes(n_programmes, n_covered):
    """The base college with n programmes, experts covering the first n_covered of them."""
    data = base()
    data["สาขางาน"] = [
        {"ระดับ": "ปวส.", "ประเภทวิชา": "อุตสาหกรรม", "สาขาวิชา": f"สาขาวิชา {i}",
         "สาขางาน": f"สาขางาน {i}", "จำนวนผู้เรียน": 10, "จัดการเรียนการสอนระบบทวิภาคี": "ใช่",
         "จำนวนผู้เรียนระบบทวิภาคี": 1} for i in range(n_programmes)]
    data["2 ครูพิเศษ"] = [
        {"ชื่อ-สกุล": f"ครู {i}", "ประเภท": "ครูพิเศษ", "ในประเทศหรือต่างประเทศ": "ในประเทศ",
         "ระดับ": "ปวส.", "สาขางาน": f"สาขางาน {i}"} for i in range(n_covered)]
    data["2 โครงการระดมทรัพยากร"][0].update({"ระดับ": "ปวส.", "สาขางาน": "สาขางาน 0"})
    del data["2 โครงการระดมทรัพยากร"][1:]
    data["1 สถานประกอบการ"][0].update({"ระดับ": "ปวส.", "สาขางาน": "สาขางาน 0"})
    return data


def summary_rows(path):
    """สรุป of a (recalculated) workbook: figure key -> (formula value, checker value)."""
    from python_calamine import CalamineWorkbook

    from vetqa_xl.writers.summary import COL_CHECKER, COL_FORMULA, COL_KEY, SUMMARY_HEADER_ROW

    grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("สรุป").to_python(skip_empty_area=False)
    out = {}
    for row in grid[SUMMARY_HEADER_ROW:]:
        if len(row) >= COL_KEY and row[COL_KEY - 1]:
            out[row[COL_KEY - 1]] = (row[COL_FORMULA - 1], row[COL_CHECKER - 1])
    return out
