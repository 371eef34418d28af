"""Every sentence a user can meet, Thai then English: the findings (this module) and the file
problems (problems.py).

CATALOGUE: every finding the checker can report, keyed by its stable code (E_ errors block
"ready to send", W_ warnings do not, I_ information). problems.READ_PROBLEMS: why a file
cannot be read or written, or an output is refused. Templates use named placeholders; the caller
supplies the values.
"""
from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from typing import Any, NamedTuple

from ..form import BE_OFFSET
from .normalise import THAI_MONTHS_SHORT
from .sentences import Both

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_TH = {ERROR: "ข้อผิดพลาด", WARNING: "คำเตือน", INFO: "ข้อมูล"}
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


class Message(NamedTuple):
    """A catalogue entry: severity and the Thai and English templates."""

    severity: str
    th: str
    en: str


CATALOGUE: dict[str, Message] = {
    # structure and form
    "E_SHEET_MISSING": Message(
        ERROR, "ไม่พบชีต '{name}' {hint}", "Sheet '{name}' is missing{hint}"),
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
        ERROR, "ข้อ {item} ตอบ ใช่ แต่ข้อมูลไม่สนับสนุน: {reason}",
        "Item {item} is marked yes but the data contradicts it: {reason}"),
    "W_PARTICIPANTS_MISSING": Message(
        WARNING, "กิจกรรมนี้ไม่มีผู้เข้าร่วมครบทั้ง 4 กลุ่ม (ขาด {missing}) จึงไม่นับเป็นผลของข้อ {item}",
        "This activity lacks some of the four participant groups ({missing}), so it does not count for item {item}"),
}


class Finding(NamedTuple):
    """One finding: its code, severity, sheet and cell, and its message in Thai and English;
    ``row``: the 1-based worksheet row, for row validity, not part of the JSON. A named tuple:
    read-only, equal and hashed by value, and made in C from its fields (a check makes tens of
    thousands of them: :class:`Findings`; issue 24)."""

    code: str
    severity: str
    sheet: str
    cell: str
    message_th: str
    message_en: str
    row: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: every field but ``row``, in field order."""
        return {"code": self.code, "severity": self.severity, "sheet": self.sheet, "cell": self.cell,
                "message_th": self.message_th, "message_en": self.message_en}


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
    if isinstance(value, Both):
        return value.th
    return _thai_date(value) if isinstance(value, dt.date) else value


def _en(value: object) -> object:
    if isinstance(value, Both):
        return value.en
    return value.isoformat() if isinstance(value, dt.date) else value


_thai_date = functools.lru_cache(maxsize=1024)(thai_date)  # a check meets the same few dates


def finding(code: str, sheet: str, cell: str, row: int | None = None, **params: Any) -> Finding:
    """A finding; date parameters are shown as พ.ศ. dates in Thai and ISO dates in English, a
    :class:`Both` parameter in its own language (a check makes thousands; one met again at
    other cells is made once: :class:`Findings`)."""
    msg = CATALOGUE[code]
    return _tuple(Finding, (code, msg.severity, sheet, cell,
                            msg.th.format(**{k: _th(v) for k, v in params.items()}),
                            msg.en.format(**{k: _en(v) for k, v in params.items()}), row))


_tuple = tuple.__new__  # a named tuple from its fields, with no Python call (Finding.__new__ is one)


class Findings:
    """Findings kept as columns: each finding made once (``made``), and per finding the one it
    is (``which``: its index in ``made``), at its own ``cells`` and ``rows``. A check meets one
    note in thousands of cells (a column of the same few dates typed as พ.ศ. text): its
    sentences are made once, and a finding at each cell only when a caller asks for them all
    (the report's JSON and counts are made from the columns: issue 24). Read-only."""

    __slots__ = ("made", "which", "cells", "rows", "_all")

    def __init__(self, made: list[Finding], which: list[int], cells: list[str], rows: list[int | None]) -> None:
        self.made, self.which, self.cells, self.rows = made, which, cells, rows
        self._all: list[Finding] | None = None

    def unread(self) -> bool:
        """Whether no caller has had the findings themselves (who may have changed that list
        since): the columns are then all there is."""
        return self._all is None

    def all(self) -> list[Finding]:
        """Every finding, each at its cell and row (made once, then kept)."""
        if self._all is None:
            self._all = [_tuple(Finding, (f[0], f[1], f[2], cell, f[4], f[5], row))  # f at cell and row
                         for f, cell, row in zip(map(self.made.__getitem__, self.which), self.cells, self.rows)]
        return self._all

    def __len__(self) -> int:
        return len(self.which)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.all())


# The end of E_SHEET_MISSING: the tab that is probably the missing sheet, and why.
SHEET_NOT_FOUND = ("(ถูกลบหรือเปลี่ยนชื่อ) กรุณาใช้แบบฟอร์มมาตรฐาน",
                   " (deleted or renamed); please use the standard form")
SHEET_FOUND = ("แต่พบชีต '{found}' ที่{why} ถ้าเป็นชีตเดียวกัน ให้เปลี่ยนชื่อชีต '{found}' กลับเป็น '{name}'",
               ", but the tab '{found}' {why}: if it is this sheet, rename it back to '{name}'")
SHEET_FOUND_WHY = {"name": ("มีชื่อคล้ายกัน", "has a similar name"),
                   "header": ("มีหัวตารางของชีตนี้", "has this sheet's header row"),
                   "both": ("มีชื่อคล้ายกันและมีหัวตารางของชีตนี้", "has a similar name and this sheet's header row")}


def sheet_hint(name: str, found: str | None = None, why: str = "both") -> Both:
    """The Thai and English end of E_SHEET_MISSING: the tab ``found`` for sheet ``name`` (and
    ``why``: by its name, its header row or both), or that no tab was found."""
    if found is None:
        return Both(*SHEET_NOT_FOUND)
    th, en = SHEET_FOUND_WHY[why]
    return Both(SHEET_FOUND[0].format(found=found, why=th, name=name),
                SHEET_FOUND[1].format(found=found, why=en, name=name))



# issue 23 (cat23): the reasons of E_DECLARED_CONTRADICTED (core/checks/criteria.py) and the
# participant groups W_PARTICIPANTS_MISSING names, Thai then English with the same placeholders
CONTRADICTION_REASONS = {
    "no_dual_programme": Both("ไม่มีสาขางานที่จัดการเรียนการสอนระบบทวิภาคี", "no programme is taught in the dual system"),
    "no_mou": Both("ไม่มีสถานประกอบการที่มีวันที่ลงนาม MOU", "no partner has an MOU date"),
    "no_resource_project": Both("ไม่มีโครงการระดมทรัพยากรที่ถูกต้อง", "there is no valid resource-mobilisation project"),
    "expert_ratio_below": Both("สาขางานที่มีครูพิเศษ {covered} จาก {total} (ร้อยละ {percent:g}) ต่ำกว่าร้อยละ {rule}",
                               "experts cover {covered} of {total} programmes ({percent:g}%), below {rule}%"),
    "no_full_activity": Both("ไม่มีกิจกรรมประเภท{kind}ที่มีผู้เข้าร่วมครบ 4 กลุ่ม",
                             "no {kind} activity had all four participant groups"),
}
PARTICIPANT_GROUPS = {"executives": ("ผู้บริหาร", "executives"), "teachers": ("ครู", "teachers"),
                      "staff": ("บุคลากรทางการศึกษา", "educational staff"), "students": ("ผู้เรียน", "students")}


def reason(key: str, **params: Any) -> Both:
    """One reason of CONTRADICTION_REASONS, worded in both languages."""
    return CONTRADICTION_REASONS[key].fill(**params)


def groups(keys: list[str]) -> Both:
    """Participant groups (form.PARTICIPANT_KEYS) as a list in each language."""
    return Both(*(", ".join(PARTICIPANT_GROUPS[k][i] for k in keys) for i in (0, 1)))
