"""Every sentence a user can meet, Thai then English: the findings and the file problems.

CATALOGUE: every finding the checker can report, keyed by its stable code (E_ errors block
"ready to send", W_ warnings do not, I_ information). READ_PROBLEMS: why a file cannot be
read or written, or an output is refused. Templates use named placeholders; the caller
supplies the values.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..form import BE_OFFSET

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_TH = {ERROR: "ข้อผิดพลาด", WARNING: "คำเตือน", INFO: "ข้อมูล"}
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True)
class Message:
    """A catalogue entry: severity and the Thai and English templates."""

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
    # A date CELL with a พ.ศ. year is 543 years late for Excel's own formulas: a warning.
    "W_BE_DATE": Message(
        WARNING, "'{label}' เป็นเซลล์วันที่ที่ปีเป็น พ.ศ. ({value}) Excel จะนับเป็นปี ค.ศ. "
                 "โปรแกรมอ่านเป็นวันที่ {date} (กด แก้ไขอัตโนมัติ หรือพิมพ์ใหม่)",
        "'{label}' is a date cell with a Buddhist-era year ({value}), which Excel takes as a "
        "Gregorian year; read as {date} (run fix, or type it again)"),
    # The template itself asks for dates typed like 15/6/2568: a note, never a warning or a highlight.
    "I_BE_DATE": Message(
        INFO, "'{label}' พิมพ์ปีเป็น พ.ศ. ({value}) โปรแกรมอ่านเป็นวันที่ {date}",
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
    """One finding: its code, severity, sheet and cell, and its message in Thai and English."""

    code: str
    severity: str
    sheet: str
    cell: str
    message_th: str
    message_en: str
    row: int | None = None  # 1-based worksheet row, for row validity; not part of the JSON

    def to_dict(self) -> dict:
        """The JSON form: every field but ``row``, in field order (as asdict, minus its deep copy)."""
        return {"code": self.code, "severity": self.severity, "sheet": self.sheet, "cell": self.cell,
                "message_th": self.message_th, "message_en": self.message_en}


THAI_MONTHS_SHORT = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
                     "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")


def thai_date(day: dt.date) -> str:
    """15 มิ.ย. 2568: how a Thai message shows a date (พ.ศ. year)."""
    return f"{day.day} {THAI_MONTHS_SHORT[day.month - 1]} {day.year + BE_OFFSET}"


def thai_datetime(stamp: str | dt.datetime) -> str:
    """26 พ.ย. 2569 22:30 from an ISO timestamp such as Report.checked_at."""
    when = dt.datetime.fromisoformat(stamp) if isinstance(stamp, str) else stamp
    return f"{thai_date(when.date())} {when:%H:%M}"


def cell_text(value: object) -> str:
    """A cell's value as a person reads it in a message or a list of changes: a date as a พ.ศ.
    date (1 ก.ค. 2568); a date cell that already holds a พ.ศ. year (Excel reads it 543 years
    late) as it was typed, 1/7/2568, never 2568-07-01; whole numbers without '.0'."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        if value.year > 2400:
            return f"{value.day}/{value.month}/{value.year}"
        return thai_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _th(value: object) -> object:
    return thai_date(value) if isinstance(value, dt.date) else value


def _en(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


def finding(code: str, sheet: str, cell: str, row: int | None = None, **params) -> Finding:
    """A finding; date parameters are shown as พ.ศ. dates in Thai and ISO dates in English."""
    msg = CATALOGUE[code]
    return Finding(code, msg.severity, sheet, cell,
                   msg.th.format(**{k: _th(v) for k, v in params.items()}),
                   msg.en.format(**{k: _en(v) for k, v in params.items()}), row)


# Why a file cannot be read or written, one sentence per kind (Thai, then English), each saying
# what to do. The reader works out the kind of input from the file itself; no library text is shown.
SAVE_AS_XLSX_TH = "เปิดไฟล์ใน Excel แล้วเลือก ไฟล์ > บันทึกเป็น > เวิร์กบุ๊ก Excel (*.xlsx)"
SAVE_AS_XLSX_EN = "open it in Excel and choose File > Save As > Excel Workbook (*.xlsx)"
READ_PROBLEMS: dict[str, tuple[str, str]] = {
    "missing": ("ไม่พบไฟล์ {path} ตรวจสอบชื่อไฟล์และโฟลเดอร์",
                "File not found: {path}; check the file name and the folder"),
    "folder": ("{path} เป็นโฟลเดอร์ ไม่ใช่ไฟล์ ระบุไฟล์แบบฟอร์ม .xlsx ที่อยู่ในโฟลเดอร์นั้น",
               "{path} is a folder, not a file; give the .xlsx workbook inside it"),
    "empty": ("ไฟล์ {name} ว่างเปล่า (0 ไบต์) อาจบันทึกหรือคัดลอกไม่สำเร็จ ใช้ไฟล์ที่บันทึกจาก Excel อีกครั้ง",
              "{name} is empty (0 bytes), perhaps an unfinished save or copy; save it from Excel again"),
    "random": ("ไฟล์ {name} ไม่ใช่ไฟล์ Excel (อ่านเป็นตารางไม่ได้) ตรวจสอบว่าเลือกไฟล์ถูกต้อง",
               "{name} is not a spreadsheet file at all; check that you picked the right file"),
    "docx": ("ไฟล์ {name} เป็นเอกสาร Word ไม่ใช่ Excel ให้กรอกข้อมูลในแบบฟอร์ม .xlsx",
             "{name} is a Word document, not an Excel workbook; fill in the .xlsx form"),
    "zip": ("ไฟล์ {name} เป็นไฟล์ zip ที่ไม่ใช่เวิร์กบุ๊ก Excel ให้แตกไฟล์แล้วเลือกไฟล์ .xlsx ข้างใน",
            "{name} is a zip archive, not an Excel workbook; extract it and give the .xlsx inside"),
    "csv": ("ไฟล์ {name} เป็นข้อความธรรมดา (เช่น CSV) ซึ่งเก็บได้เพียงตารางเดียว ไม่มีชีตของแบบฟอร์ม "
            "ให้กรอกข้อมูลในแบบฟอร์ม .xlsx",
            "{name} is plain text (such as CSV), which holds one table and none of the form's sheets; "
            "fill in the .xlsx form"),
    "encrypted": ("ไฟล์ {name} ตั้งรหัสผ่านไว้ โปรแกรมเปิดไม่ได้ เปิดใน Excel แล้วเลือก ไฟล์ > ข้อมูล > "
                  "ป้องกันเวิร์กบุ๊ก > เข้ารหัสด้วยรหัสผ่าน ลบรหัสผ่านออก แล้วบันทึก",
                  "{name} is protected with a password; in Excel choose File > Info > Protect "
                  "Workbook > Encrypt with Password, clear the password and save"),
    "truncated": ("ไฟล์ {name} เสียหรือไม่ครบ (อาจดาวน์โหลดหรือคัดลอกไม่ครบ) ขอไฟล์ใหม่ "
                  "หรือเปิดใน Excel ซึ่งจะเสนอให้ซ่อมไฟล์ แล้วบันทึกใหม่",
                  "{name} is damaged or incomplete (perhaps a broken download or copy); get it "
                  "again, or open it in Excel, let Excel repair it and save it again"),
    "xls": ("ไฟล์ {name} เป็น Excel รุ่นเก่า (.xls) ที่อ่านไม่ได้หรือเสีย " + SAVE_AS_XLSX_TH,
            "{name} is an old-format Excel file (.xls) that cannot be read; " + SAVE_AS_XLSX_EN),
    "ods": ("ไฟล์ {name} เป็น OpenDocument (.ods) ที่อ่านไม่ได้หรือเสีย เปิดใน LibreOffice หรือ Excel "
            "แล้วบันทึกเป็น .xlsx",
            "{name} is an OpenDocument spreadsheet (.ods) that cannot be read; open it in "
            "LibreOffice or Excel and save it as .xlsx"),
    "xlsx": ("ไฟล์ {name} เป็นเวิร์กบุ๊ก Excel ที่เสีย (บางส่วนหายไป) เปิดใน Excel ซึ่งจะเสนอให้ซ่อมไฟล์ "
             "แล้วบันทึกใหม่",
             "{name} is a damaged Excel workbook (parts are missing); open it in Excel, let Excel "
             "repair it and save it again"),
    # check reads .xls and .ods; the commands that edit the workbook need the .xlsx package
    "needs_xlsx": ("ไฟล์ {name} เป็น {kind_th} คำสั่ง check อ่านได้ แต่คำสั่ง report, export และ fix "
                   "และปุ่มบน Excel ต้องใช้ไฟล์ .xlsx " + SAVE_AS_XLSX_TH,
                   "{name} is {kind_en}: check reads it, but report, export and fix (and the Excel "
                   "buttons) need an .xlsx; " + SAVE_AS_XLSX_EN),
    # the file system refused to read or write (any command); {where} is the user's file or
    # folder, never our temporary file
    "permission": ("ไม่มีสิทธิ์เขียนหรืออ่าน {where} เลือกโฟลเดอร์อื่น (เช่น -o เอกสารของฉัน\\ไฟล์.xlsx) "
                   "หรือขอสิทธิ์จากผู้ดูแลเครื่อง",
                   "permission denied for {where}: choose another folder (for example with -o), "
                   "or ask for write access"),
    "not_found": ("ไม่พบ {where}", "{where} does not exist"),
    "is_folder": ("{where} เป็นโฟลเดอร์ ไม่ใช่ไฟล์", "{where} is a folder, not a file"),
    # a command's output: never over a file by surprise, never over its own input
    "out_is_folder": ("{path} เป็นโฟลเดอร์ ไม่ใช่ไฟล์ ระบุชื่อไฟล์ที่จะเขียน",
                      "{path} is a folder; give a file name to write"),
    "out_exists": ("มีไฟล์ {path} อยู่แล้ว โปรแกรมไม่เขียนทับ: ระบุชื่อไฟล์อื่น หรือใช้ --force "
                   "(ไฟล์เดิมจะถูกเก็บไว้เป็น {bak})",
                   "{path} exists and is not overwritten: give another name, or --force (the old "
                   "file is kept as {bak})"),
    "out_is_source": ("จะไม่เขียนทับไฟล์ต้นฉบับ {name} ใช้ -o ชื่อไฟล์อื่น หรือ --in-place (เก็บสำเนา .bak ไว้ก่อน)",
                      "refusing to overwrite {name}: give another -o, or --in-place (which keeps a "
                      ".bak first)"),
    "out_is_last_year": ("ไฟล์ใหม่ต้องไม่ใช่ไฟล์เดิม ({name}) เพื่อไม่ให้เขียนทับข้อมูลปีที่แล้ว",
                         "the new file must not be {name}: it would overwrite last year's data"),
    "eml_is_workbook": ("ไฟล์อีเมลต้องไม่ใช่ไฟล์ {name}", "the .eml must not overwrite {name}"),
    "out_is_input": ("ไฟล์ผลลัพธ์ {path} เป็นไฟล์ต้นฉบับที่จะรวม จะไม่เขียนทับ ให้เลือกชื่อหรือโฟลเดอร์อื่น",
                     "{path} is one of the inputs (a college's workbook or message); it is never "
                     "overwritten: choose another name or folder"),
    # last year's workbook for `new`
    "last_year_sheet": ("{name}: ไม่พบชีต {sheet}", "sheet {sheet} is missing"),
    "last_year_headers": ("{name}: ชีต {sheet} ไม่มีหัวคอลัมน์ {headers}",
                          "sheet {sheet} lacks the header(s) {headers}"),
    "bad_email": ("อีเมลผู้รับ '{to}' ไม่ถูกต้อง (เช่น qa@college.ac.th)",
                  "'{to}' is not an e-mail address (e.g. qa@college.ac.th)"),
    "lite_is_source": ("จะไม่เขียนทับไฟล์ต้นฉบับ {name} ใช้ -o ชื่อไฟล์อื่น",
                       "refusing to overwrite {name}: give another -o"),
    "cannot_read": ("อ่านไฟล์ {path} ไม่ได้", "cannot read {path}: {reason}"),
    "not_the_form": ("{name} ไม่ใช่แบบฟอร์ม{title} (ไม่พบชีตของแบบฟอร์ม)",
                     "{name} is not the cooperation form {form_id} (none of its sheets was found)"),
    # a package an edit cannot start from (the readers name the kind of file first)
    "no_workbook_part": ("ไม่พบ xl/workbook.xml", "no xl/workbook.xml: not an .xlsx workbook"),
    "not_a_package": ("ไม่ใช่ไฟล์ .xlsx", "not an .xlsx package: {reason}"),
    "last_year_year": ("{name}: ปีการศึกษาในชีต ข้อมูลสถานศึกษา ว่างหรือไม่ถูกต้อง{shown} ต้องเป็น พ.ศ. "
                       "เช่น 2568 แก้ไขแล้วลองอีกครั้ง",
                       "{name}: ปีการศึกษา (academic year, B.E.) is missing or invalid{shown}; fix it, "
                       "e.g. 2568, and try again"),
    # the highlights of an earlier report, when a report replaces them
    "highlight_record_damaged": ("บันทึกไฮไลต์ของรายงานครั้งก่อนเสียหายหรือถูกแก้ไข สีไฮไลต์เดิมจึงยังอยู่ "
                                 "ลบสีเองได้ (หน้าแรก > สีเติม > ไม่เติมสี)",
                                 "the record of the earlier report's highlights is damaged or was edited "
                                 "({reason}); the old highlight fills stay, clear them by hand"),
    "highlights_restyled": ("ไฮไลต์ของรายงานครั้งก่อน {kept} เซลล์ ถูกเปลี่ยนรูปแบบหลังจากนั้น (แก้เอง "
                            "หรือบันทึกด้วยโปรแกรมอื่น) จึงคงไว้ตามเดิม",
                            "{kept} cell(s) highlighted by the earlier report were restyled since (by "
                            "hand or by another program's save) and are left as they are"),
    # a sheet of the user's named as a generated one (writers.report.keep_as): kept, renamed
    "sheet_kept": ("ชีต {name} เดิมในไฟล์ไม่ได้สร้างโดยโปรแกรมนี้ (เซลล์ A1 ไม่ใช่หัวเรื่องของโปรแกรม) "
                   "จึงเก็บไว้ครบถ้วนในชื่อใหม่ {kept} แล้วสร้างชีต {name} ใหม่",
                   "the sheet {name} already in the file was not made by vetqa-xl (its A1 is not our "
                   "title): it is kept, unchanged, as {kept}, and a new {name} is written"),
    # the rubric file (--rubric)
    "rubric_unreadable": ("อ่านไฟล์เกณฑ์ไม่ได้", "cannot read the rubric file: {path} ({reason})"),
    "rubric_not_json": ("ไฟล์เกณฑ์ไม่ใช่ JSON ที่ถูกต้อง", "the rubric is not valid JSON: {reason}"),
    "rubric_malformed": ("รูปแบบไฟล์เกณฑ์ไม่ถูกต้อง", "malformed rubric: {reason}"),
    # a consolidation input: not one, or refused as unsafe (read no further)
    "no_such_input": ("ไม่พบไฟล์หรือโฟลเดอร์", "no such file or folder"),
    "too_big": ("ไฟล์ใหญ่เกินกำหนด ({mb} MB เกิน {limit} MB)", "file too large ({mb} MB, limit {limit} MB)"),
    "message_unreadable": ("อ่านอีเมลไม่ได้ (ไฟล์เสียหรือไม่ใช่อีเมล)",
                           "cannot read the message (damaged, or not an e-mail): {name}"),
    "message_no_workbook": ("อีเมลนี้ไม่มีไฟล์แนบที่เป็นแบบฟอร์ม (.xlsx หรือ .xlsm)",
                            "the message has no .xlsx or .xlsm attachment"),
    "message_workbooks": ("อีเมลนี้มีไฟล์แนบแบบฟอร์ม {n} ไฟล์ ({names}) อ่านทุกไฟล์",
                          "the message carries {n} workbooks; each is read"),
    "unexpected": ("อ่านไฟล์ไม่ได้ (ข้อผิดพลาดที่ไม่คาดคิด)", "unexpected error: {reason}"),
    "not_an_input": ("ไม่ใช่ไฟล์ .xlsx .xlsm หรือ .eml", "not an .xlsx, .xlsm or .eml file"),
    "part_too_large": ("ไฟล์ผิดปกติ: ส่วน {part} ใหญ่เกินกำหนด", "refused: part {part} is too large"),
    "sheet_list_unreadable": ("ไฟล์ผิดปกติ: อ่านรายชื่อชีตใน xl/workbook.xml ไม่ได้",
                              "refused: the sheet list in xl/workbook.xml cannot be read"),
    "xml_entities": ("ไฟล์ผิดปกติ: ส่วน {part} ประกาศ DOCTYPE/ENTITY (อาจเป็นการโจมตีผ่าน XML)",
                     "refused: part {part} declares a DOCTYPE or entity (XML attack)"),
    "zip_ratio": ("ไฟล์ผิดปกติ: ส่วน {part} ขยายได้ {ratio} เท่า (zip bomb)",
                  "refused: part {part} expands beyond {limit}× (zip bomb)"),
    "zip_total": ("ไฟล์ผิดปกติ: ส่วนที่ต้องอ่านเมื่อขยายแล้วใหญ่ {mb} MB",
                  "refused: the parts to read are {mb} MB once unzipped (zip bomb)"),
    # a command's output named with an extension Excel would not open it by
    "out_suffix": ("ชื่อไฟล์ผลลัพธ์ {name} ต้องลงท้ายด้วย {suffixes} (Excel เลือกวิธีเปิดไฟล์จากนามสกุล)",
                   "the output {name} must end in {suffixes}: Excel opens a file by its extension"),
    "os_other": ("อ่านหรือเขียน {where} ไม่ได้ (พื้นที่ดิสก์เต็ม หรือไดรฟ์ไม่พร้อม?)",
                 "cannot read or write {where} ({reason})"),
    # issue 18: a damaged or hostile package (readers/package.py), a locked output, a bug
    "package_too_big": ("ไฟล์ {name} ใหญ่เกินกำหนด ({mb} MB เกิน {limit} MB) แบบฟอร์มของสถานศึกษาปกติไม่ถึง 5 MB",
                        "{name} is too large ({mb} MB, limit {limit} MB); a college's workbook is under 5 MB"),
    "part_twice": ("ไฟล์ {name} เสีย: ส่วน {part} อยู่ในไฟล์สองครั้ง เปิดใน Excel ให้ซ่อมไฟล์ แล้วบันทึกใหม่",
                   "{name} is damaged: the part {part} is in the file twice; open it in Excel, let "
                   "Excel repair it and save it again"),
    "part_encrypted": ("ไฟล์ {name} เสียหรือเข้ารหัสผิดแบบ: ส่วน {part} ถูกเข้ารหัสแบบ zip "
                       "เปิดใน Excel แล้วบันทึกใหม่โดยไม่ตั้งรหัสผ่าน",
                       "{name} is damaged: the part {part} is zip-encrypted, which Excel never "
                       "writes; open it in Excel and save it again without a password"),
    "part_method": ("ไฟล์ {name} เสีย: ส่วน {part} ถูกบีบอัดด้วยวิธีที่ {method} ซึ่ง Excel ไม่ใช้ "
                    "เปิดใน Excel ให้ซ่อมไฟล์ แล้วบันทึกใหม่",
                    "{name} is damaged: the part {part} uses compression method {method}, which "
                    "Excel never writes; open it in Excel, let Excel repair it and save it again"),
    "part_damaged": ("ไฟล์ {name} เสีย: ส่วน {part} แตกไฟล์ไม่ได้หรือขนาดไม่ตรง (อาจดาวน์โหลดหรือคัดลอก"
                     "ไม่ครบ) ขอไฟล์ใหม่ หรือเปิดใน Excel ให้ซ่อมไฟล์ แล้วบันทึกใหม่",
                     "{name} is damaged: the part {part} does not unpack to its recorded size and "
                     "checksum (a broken download or copy?); get it again, or open it in Excel, let "
                     "Excel repair it and save it again"),
    "part_missing": ("ไฟล์ {name} เสีย: ไม่มีส่วน {part} ที่เวิร์กบุ๊ก Excel ทุกไฟล์ต้องมี "
                     "เปิดใน Excel ให้ซ่อมไฟล์ แล้วบันทึกใหม่",
                     "{name} is damaged: the part {part}, which every Excel workbook has, is "
                     "missing; open it in Excel, let Excel repair it and save it again"),
    "part_not_utf8": ("ไฟล์ {name} เสีย: ส่วน {part} ไม่ใช่ข้อความ UTF-8 เปิดใน Excel แล้วบันทึกใหม่",
                      "{name} is damaged: the part {part} is not UTF-8 text; open it in Excel and "
                      "save it again"),
    "package_part_unreadable": ("ไฟล์ {name} เสีย: ส่วน {part} ไม่ใช่ XML ที่อ่านได้ "
                                "เปิดใน Excel ให้ซ่อมไฟล์ แล้วบันทึกใหม่",
                                "{name} is damaged: the part {part} is not readable XML; open it in "
                                "Excel, let Excel repair it and save it again"),
    "package_no_workbook": ("ไฟล์ {name} เสีย: ความสัมพันธ์ในไฟล์ (_rels/.rels) ไม่ชี้ไปยัง xl/workbook.xml "
                            "เปิดใน Excel ให้ซ่อมไฟล์ แล้วบันทึกใหม่",
                            "{name} is damaged: its package relationships (_rels/.rels) do not "
                            "lead to xl/workbook.xml; open it in Excel, let Excel repair it and save "
                            "it again"),
    "package_sheet_no_part": ("ไฟล์ {name} เสีย: ชีต {sheet} ไม่มีข้อมูลของชีตในไฟล์ "
                              "เปิดใน Excel ให้ซ่อมไฟล์ แล้วบันทึกใหม่",
                              "{name} is damaged: the sheet {sheet} has no worksheet part; open it "
                              "in Excel, let Excel repair it and save it again"),
    "xml_entities_in": ("ไฟล์ {name} ผิดปกติ: ส่วน {part} ประกาศ DOCTYPE หรือ ENTITY ซึ่ง Excel ไม่เขียน "
                        "(อาจเป็นการโจมตีผ่าน XML) โปรแกรมไม่อ่านไฟล์นี้ ขอไฟล์ที่บันทึกจาก Excel",
                        "{name} is refused: the part {part} declares a DOCTYPE or an entity, which "
                        "Excel never writes (an XML attack?); ask for a copy saved by Excel"),
    "sheet_too_large": ("ไฟล์ {name}: ชีต {sheet} มีเซลล์ไกลถึง {cell} เกินขนาดที่อ่านได้ ({limit} เซลล์) "
                        "ลบแถวและคอลัมน์ว่างที่เกินมาในชีตนั้น แล้วบันทึกใหม่",
                        "{name}: the sheet {sheet} reaches cell {cell}, beyond what can be read "
                        "({limit} cells); delete the extra rows and columns there and save again"),
    "bad_cell_value": ("ไฟล์ {name} เสีย: เซลล์ {cell} ใน {part} เก็บค่าที่ไม่ตรงกับชนิดของเซลล์ (เช่น ช่องตัวเลขที่ไม่ใช่ตัวเลข) "
                       "เปิดใน Excel ให้ซ่อมไฟล์ แล้วบันทึกใหม่",
                       "{name} is damaged: the cell {cell} in {part} holds a value its type cannot hold "
                       "(such as a number cell with no number); open it in Excel, let Excel repair it "
                       "and save it again"),
    "bad_cell_index": ("ไฟล์ {name} เสีย: เซลล์ {cell} ใน {part} ใช้รูปแบบเซลล์หรือข้อความที่ไม่มีในไฟล์ "
                       "เปิดใน Excel ให้ซ่อมไฟล์ แล้วบันทึกใหม่",
                       "{name} is damaged: the cell {cell} in {part} uses a cell format or a shared "
                       "text the file does not define; open it in Excel, let Excel repair it and save "
                       "it again"),
    "file_locked": ("เขียนไฟล์ {path} ไม่ได้ เพราะไฟล์เปิดอยู่ใน Excel หรือโปรแกรมอื่น หรือเป็นไฟล์อ่านอย่างเดียว "
                    "ปิดไฟล์ใน Excel (หรือยกเลิกอ่านอย่างเดียว) แล้วลองอีกครั้ง ไม่ได้เปลี่ยนไฟล์ใด",
                    "cannot write {path}: it is open in Excel or another program, or the file itself "
                    "is read-only; close it in Excel (or clear read-only) and try again; no file was "
                    "changed"),
    "out_of_memory": ("หน่วยความจำไม่พอสำหรับไฟล์ {where} ปิดโปรแกรมอื่นแล้วลองอีกครั้ง",
                      "not enough memory for {where}; close other programs and try again"),
    "xml_refused": ("ไฟล์ผิดปกติ: มี XML ที่โปรแกรมไม่อ่าน (DOCTYPE, ENTITY หรือการอ้างอิงภายนอก) "
                    "ขอไฟล์ที่บันทึกจาก Excel",
                    "refused: the file holds XML that is not read (a DOCTYPE, entity or external "
                    "reference); ask for a copy saved by Excel"),
    "internal_error": ("เกิดข้อผิดพลาดภายในโปรแกรม (ไม่ใช่ความผิดของไฟล์) ไม่ได้เปลี่ยนไฟล์ใด "
                       "ส่งไฟล์ {log} ให้ผู้ดูแลโปรแกรม",
                       "internal error (a bug in vetqa-xl, not in your file); no file was changed; "
                       "please send {log} to the maintainers"),
}


def read_problem(kind: str, **params) -> str:
    th, en = READ_PROBLEMS[kind]
    return f"{th.format(**params)} / {en.format(**params)}"
