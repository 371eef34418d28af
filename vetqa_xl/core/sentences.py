"""The third part of the catalogue (beside messages.py and problems.py): the sentences of the
sheets the tool writes (the report's findings and summary, fix's list) and the phrases that fill
other sentences, Thai then English with the same placeholders. problems.READ_PROBLEMS takes
SENTENCES in; the commands' own sentences, which the Lite copy leaves out, are in commands.py.
Here too: Both, a parameter worded in both languages, which the readers' sentences (problems.py)
use without loading the findings' catalogue (messages.py) before a file is read.
Without ``from __future__ import annotations``: typing would compile Both's field types."""
from typing import Any, NamedTuple


class Both(NamedTuple):
    """A parameter worded in both languages (a reason, a list of groups, a hint): the Thai
    sentence takes ``th`` and the English one ``en``, so both templates name one placeholder."""

    th: str
    en: str

    def fill(self, **params: Any) -> "Both":
        """Both templates filled with the same ``params``."""
        return Both(self.th.format(**params), self.en.format(**params))


# issue 23 (cat23): sentences that were written inline in the report, summary and fix sheets
SENTENCES: dict[str, tuple[str, str]] = {
    "go_to": ("ไปที่ {where}", "go to {where}"),
    "findings_note": ("ข้อผิดพลาด {errors} · คำเตือน {warnings} · ข้อมูล {infos} · คลิกที่เซลล์ในคอลัมน์ เซลล์ "
                      "เพื่อไปยังจุดที่ต้องแก้",
                      "{errors} error(s) · {warnings} warning(s) · {infos} info · click a cell in the column "
                      "เซลล์ to go where it needs fixing"),
    "checked_on": ("ตรวจสอบเมื่อ {date}", "checked on {date}"),
    "form_version": ("{form_id} รุ่น {version}", "{form_id} version {version}"),
    "summary_checked": ("ตรวจสอบเมื่อ {when} · {tool} · แบบฟอร์มรุ่น {found} (โปรแกรมรู้จักรุ่น {known}) · "
                        "คำเตือน {warnings} รายการ · รายละเอียดในชีต {sheet}",
                        "checked on {when} · {tool} · form version {found} (the tool knows version {known}) · "
                        "{warnings} warning(s) · the details are in the sheet {sheet}"),
    "summary_unchecked": ("ยังไม่ได้ตรวจสอบด้วยโปรแกรม: คอลัมน์ B คำนวณสดจากข้อมูลที่กรอก "
                          "กดปุ่ม ตรวจสอบข้อมูล เพื่อเติมคอลัมน์ C และรายการที่ต้องแก้",
                          "not checked by the tool yet: column B computes live from what is typed; click "
                          "ตรวจสอบข้อมูล (Check) to fill column C and list what to fix"),
    "summary_tool": ("{tool} · แบบฟอร์มรุ่น {version}", "{tool} · form version {version}"),
    "summary_rubric": ("เกณฑ์: {name}", "Rubric: {name}"),
    "differs_see": ("{differs} ดู {code}", "{differs}, see {code}"),
    "fix_title": ("{sheet}: {n} เซลล์ (vetqa-xl fix) · ค่าอื่นในไฟล์ไม่ได้เปลี่ยน",
                  "{sheet}: {n} cell(s) (vetqa-xl fix) · nothing else in the file changed"),
}


# issue 23 (cat23): why a --rubric file is malformed (core/rubric.py), in rubric_malformed
RUBRIC_REASONS = {
    "not_object": Both("ไฟล์ต้องเป็นออบเจกต์ JSON หนึ่งออบเจกต์", "the file must hold one JSON object"),
    "mode": Both("mode ต้องเป็น 'count' หรือ 'ordered'", "mode must be 'count' or 'ordered'"),
    "name": Both("name ต้องเป็นข้อความ", "name must be text"),
    "item_levels": Both("ระดับของแต่ละข้อ (item_levels) ต้องอยู่ในช่วง 1..{max}", "item levels are 1..{max}"),
    "aspect_levels": Both("ระดับของด้าน (aspect_bands) ต้องอยู่ในช่วง 1..{max}", "aspect levels are 1..{max}"),
}

#: Why a cell changes (core/fixes.py); the sheet รายการแก้ไขอัตโนมัติ lists it
FIX_REASONS = {
    "number": ("ตัวเลขที่เก็บเป็นข้อความหรือใช้เลขไทย เปลี่ยนเป็นตัวเลข",
               "a number stored as text or in Thai digits, made a number"),
    "date": ("วันที่ที่พิมพ์เป็นข้อความ เปลี่ยนเป็นวันที่ (ค.ศ. ในเซลล์ แสดงเป็น พ.ศ.)",
             "a date typed as text, made a real date"),
    "be_date": ("เซลล์วันที่ที่เก็บปี พ.ศ. เปลี่ยนเป็นวันที่ที่ถูกต้อง",
                "a date cell holding a Buddhist-era year, made the right date"),
    "spaces": ("ช่องว่างเกินหรือช่องว่างพิเศษ (non-breaking space) ในค่าจากรายการ ตัดออก",
               "stray or non-breaking spaces in a list value or key, removed"),
}
