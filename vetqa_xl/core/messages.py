"""Every finding the checker can report: stable code, severity, Thai and English text.

One catalogue, keyed by code (E_ errors block "ready to send", W_ warnings do not,
I_ information). Templates use named placeholders; the check supplies the values.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_TH = {ERROR: "ข้อผิดพลาด", WARNING: "คำเตือน", INFO: "ข้อมูล"}
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True)
class Message:
    severity: str
    th: str
    en: str


CATALOGUE: dict[str, Message] = {
    # structure and form
    "E_SHEET_MISSING": Message(
        ERROR, "ไม่พบชีต '{name}' (ถูกลบหรือเปลี่ยนชื่อ) กรุณาใช้แบบฟอร์มมาตรฐาน",
        "Sheet '{name}' is missing (deleted or renamed); please use the standard form"),
    "E_HEADER_MISSING": Message(
        ERROR, "ไม่พบหัวคอลัมน์ '{label}' ในชีต '{name}' (ถูกลบ ย้าย หรือเปลี่ยนชื่อ)",
        "Header '{label}' is missing on sheet '{name}' (deleted, moved or renamed)"),
    "E_FORM_VERSION": Message(
        ERROR, "ไฟล์นี้เป็นแบบฟอร์มรุ่น {found} แต่โปรแกรมรู้จักรุ่น {expected} กรุณาใช้แบบฟอร์มรุ่นปัจจุบัน",
        "This file is form version {found}, but this tool knows version {expected}; use the current form"),
    "W_FORM_META_MISSING": Message(
        WARNING, "ไม่พบรหัสและรุ่นของแบบฟอร์มในไฟล์ (ชีตซ่อน '{name}') ตรวจสอบตามรุ่น {expected}",
        "The file does not carry the form id and version (hidden sheet '{name}'); checked as version {expected}"),
    "E_CHECKLIST_ROW_MISSING": Message(
        ERROR, "ไม่พบแถวของข้อ {item} ในชีต '{name}' (แถวที่กำหนดไว้ถูกลบหรือแก้ไข)",
        "The row of item {item} is missing on sheet '{name}' (a pre-filled row was deleted or edited)"),
    # values
    "E_REQUIRED": Message(
        ERROR, "ยังไม่ได้กรอก '{label}'", "'{label}' is required but empty"),
    "E_CELL_ERROR": Message(
        ERROR, "'{label}' มีค่าผิดพลาด {value} จากสูตร", "'{label}' holds the error value {value}"),
    "E_NOT_NUMBER": Message(
        ERROR, "'{label}' ต้องเป็นตัวเลข แต่พบ '{value}'", "'{label}' must be a number, found '{value}'"),
    "E_COUNT_NEGATIVE": Message(
        ERROR, "'{label}' ต้องไม่ติดลบ (พบ {value})", "'{label}' must not be negative (found {value})"),
    "E_COUNT_FRACTION": Message(
        ERROR, "'{label}' ต้องเป็นจำนวนเต็ม (พบ {value})", "'{label}' must be a whole number (found {value})"),
    "E_NOT_DATE": Message(
        ERROR, "'{label}' ต้องเป็นวันที่ เช่น 15/6/2568 แต่พบ '{value}'",
        "'{label}' must be a date such as 15/6/2568, found '{value}'"),
    "E_NOT_IN_LIST": Message(
        ERROR, "'{label}' ต้องเลือกจากรายการ ({choices}) แต่พบ '{value}'",
        "'{label}' must be one of the list ({choices}), found '{value}'"),
    "W_NOT_IN_LIST": Message(
        WARNING, "'{value}' ไม่อยู่ในรายการ '{label}' ที่โปรแกรมรู้จัก ตรวจสอบการสะกด",
        "'{value}' is not in the known list for '{label}'; check the spelling"),
    "E_SCHOOL_CODE": Message(
        ERROR, "รหัสสถานศึกษาต้องเป็นตัวเลข 10 หลัก (พบ '{value}')",
        "The school code must be 10 digits (found '{value}')"),
    "E_EMAIL": Message(
        ERROR, "อีเมล '{value}' ไม่ถูกต้อง", "The e-mail address '{value}' is malformed"),
    "E_ACADEMIC_YEAR": Message(
        ERROR, "ปีการศึกษาต้องเป็น พ.ศ. เช่น 2568 (พบ '{value}')",
        "The academic year must be a Buddhist-era year such as 2568 (found '{value}')"),
    "W_BE_DATE": Message(
        WARNING, "'{label}' พิมพ์ปีเป็น พ.ศ. ({value}) โปรแกรมอ่านเป็นวันที่ {date}",
        "'{label}' was typed with a Buddhist-era year ({value}); read as {date}"),
    "I_THAI_DIGITS": Message(
        INFO, "'{label}' ใช้เลขไทย ({value}) โปรแกรมอ่านเป็นตัวเลขแล้ว",
        "'{label}' uses Thai digits ({value}); read as digits"),
    "W_FORMULA_TEXT": Message(
        WARNING, "'{label}' ขึ้นต้นด้วย {char} โปรแกรมเก็บเป็นข้อความ ไม่คำนวณเป็นสูตร",
        "'{label}' starts with {char}; it is kept as text and never evaluated"),
    "W_EVIDENCE_NOT_HTTP": Message(
        WARNING, "หลักฐาน '{value}' เป็นลิงก์ที่ไม่ใช่ http หรือ https ผู้ตรวจอาจเปิดไม่ได้",
        "Evidence '{value}' is a link that is not http(s); reviewers may not open it"),
    # rows and relations
    "E_PROGRAMME_UNKNOWN": Message(
        ERROR, "ไม่พบสาขางาน '{programme}' ระดับ {level} ในชีต '{programmes_name}'",
        "Programme '{programme}' at level {level} is not on sheet '{programmes_name}'"),
    "W_DUPLICATE_ROW": Message(
        WARNING, "แถวนี้ซ้ำกับแถวที่ {first} นับเพียงครั้งเดียว",
        "This row duplicates row {first}; it is counted once"),
    "E_DUPLICATE_PROGRAMME": Message(
        ERROR, "สาขางาน '{programme}' ระดับ {level} ซ้ำกับแถวที่ {first} แต่ข้อมูลต่างกัน",
        "Programme '{programme}' at level {level} repeats row {first} with different data"),
    "W_DATE_OUTSIDE_YEAR": Message(
        WARNING, "'{label}' ({date}) อยู่นอกปีการศึกษา {year} ({start} ถึง {end})",
        "'{label}' {date} is outside academic year {year} ({start} to {end})"),
    "E_DATE_ORDER": Message(
        ERROR, "วันที่สิ้นสุด ({end}) มาก่อนวันที่เริ่ม ({start})",
        "The end date ({end}) is before the start date ({start})"),
    "E_DUAL_STUDENTS_EXCEED": Message(
        ERROR, "จำนวนผู้เรียนระบบทวิภาคี ({dual}) มากกว่าจำนวนผู้เรียน ({students})",
        "Dual-system students ({dual}) exceed all students ({students})"),
    "E_NO_PROGRAMMES": Message(
        ERROR, "ยังไม่มีสาขางานในชีต '{name}' จึงคำนวณร้อยละของสาขางานที่มีครูพิเศษไม่ได้",
        "Sheet '{name}' lists no programme, so the expert ratio cannot be computed"),
    # criteria
    "E_EVIDENCE_MISSING": Message(
        ERROR, "ข้อ {item} ตอบ ใช่ แต่ไม่มีหลักฐาน", "Item {item} is marked yes without evidence"),
    "W_DATE_MISSING": Message(
        WARNING, "ข้อ {item} ตอบ ใช่ แต่ไม่มีวันที่ดำเนินการ ขั้นนี้จึงยังไม่ครบ",
        "Item {item} is marked yes without a date, so its stage is not complete"),
    "E_DECLARED_CONTRADICTED": Message(
        ERROR, "ข้อ {item} ตอบ ใช่ แต่ข้อมูลไม่สนับสนุน: {reason_th}",
        "Item {item} is marked yes but the data contradicts it: {reason_en}"),
    "W_PARTICIPANTS_MISSING": Message(
        WARNING, "กิจกรรมนี้ไม่มีผู้เข้าร่วมครบทั้ง 4 กลุ่ม (ขาด {missing}) จึงไม่นับเป็นผลของข้อ {item}",
        "This activity lacks some of the four participant groups ({missing_en}), so it does not count for item {item}"),
}


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    sheet: str
    cell: str
    message_th: str
    message_en: str
    row: int | None = None  # 1-based worksheet row, for row validity; not part of the JSON

    def to_dict(self) -> dict:
        data = asdict(self)
        data.pop("row")
        return data


def finding(code: str, sheet: str, cell: str, row: int | None = None, **params) -> Finding:
    msg = CATALOGUE[code]
    return Finding(code, msg.severity, sheet, cell,
                   msg.th.format(**params), msg.en.format(**params), row)
