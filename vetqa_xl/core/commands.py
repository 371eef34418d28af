"""The catalogue's sentences of the commands that run outside the live book: the command line,
the add-in, consolidate's account of a run, the export's stamp and the e-mail draft, Thai then
English with the same placeholders. problems.read_problem (say, lines) finds these keys too; they
load on first use, so the Lite copy, which has none of these commands, leaves this module out."""
from __future__ import annotations

from .sentences import Both

# issue 23 (cat23): sentences that were written inline in cli.py, addin/, consolidate/, export, eml
COMMANDS: dict[str, tuple[str, str]] = {
    "usage_error": ("คำสั่งหรือตัวเลือกไม่ถูกต้อง พิมพ์ {hint} เพื่อดูวิธีใช้ ({message})",
                    "usage error (see {hint}): {message}"),
    "command_failed": ("ทำคำสั่งไม่สำเร็จ: {message}", "failed: {message}"),
    "aborted": ("ยกเลิกแล้ว", "aborted"),
    "out_or_in_place": ("ใช้ -o หรือ --in-place อย่างใดอย่างหนึ่ง", "give either -o or --in-place, not both"),
    "file_or_template": ("ระบุ FILE หรือ --template อย่างใดอย่างหนึ่ง", "give either FILE or --template"),
    "template_needs_out": ("--template ต้องมี -o OUT", "--template needs -o OUT"),
    "not_exported": ("ไม่ได้ส่งออก: แก้ข้อผิดพลาดก่อน หรือใช้ --force",
                     "Not exported: fix the errors first, or use --force"),
    "email_draft": ("ร่างอีเมล: {path}", "E-mail draft: {path}"),
    "nothing_fixed": ("ไม่มีสิ่งที่ต้องแก้ ไม่ได้เขียนไฟล์", "Nothing to fix; no file written"),
    "cells_fixed": ("แก้ไข {n} เซลล์ (ดูชีต รายการแก้ไขอัตโนมัติ)", "{n} cell(s) fixed (see the sheet รายการแก้ไขอัตโนมัติ)"),
    "demo_files": ("ไฟล์ที่สร้าง:", "Files written:"),
    "demo_template": ("แบบฟอร์มเปล่า", "blank template"),
    "demo_filled": ("แบบฟอร์มที่กรอกข้อมูลตัวอย่าง", "filled with the sample"),
    "demo_report": ("พร้อมชีต สรุป และ ผลการตรวจสอบ", "with the summary and findings sheets"),
    "demo_export": ("ไฟล์สำหรับส่งอีเมล", "email-ready workbook"),
    "demo_no_export": ("ไม่ได้สร้างไฟล์สำหรับส่งอีเมล เพราะยังมีข้อผิดพลาด", "no email-ready workbook: errors remain"),
    "addin_removed": ("ถอน add-in แล้ว", "removed"),
    "addin_not_installed": ("ไม่ได้ติดตั้ง add-in ไว้", "not installed"),
    "addin_loaded": ("โหลด add-in เข้า Excel ที่เปิดอยู่แล้ว แท็บ {tab} อยู่บนริบบอน",
                     "The add-in is loaded into the running Excel: the {tab} tab is on the ribbon."),
    "addin_start": ("เปิด Excel แล้วจะเห็นแท็บ {tab} บนริบบอน", "Start Excel: the ribbon will have the {tab} tab."),
    "addin_restart": ("ปิด Excel ทุกหน้าต่างแล้วเปิดใหม่ จึงจะเห็นแท็บ {tab} บนริบบอน",
                      "Close every Excel window and start Excel again to see the {tab} tab."),
    "addin_no_appdata": ("ไม่พบตัวแปร APPDATA ระบุโฟลเดอร์ XLSTART เอง",
                         "APPDATA is not set; pass the XLSTART folder explicitly"),
    "addin_no_xlstart": ("รู้จักโฟลเดอร์ XLSTART ของ Excel บน Windows เท่านั้น ระบุโฟลเดอร์เอง (macOS: {mac})",
                         "Excel's XLSTART folder is only known on Windows; pass the folder explicitly (macOS: {mac})"),
    "addin_cannot_replace": ("แทนที่ {target} ไม่ได้ ปิด Excel แล้วลองอีกครั้ง ({reason})",
                             "cannot replace {target} (close Excel and retry): {reason}"),
    "addin_cannot_remove": ("ลบ {target} ไม่ได้ ปิด Excel แล้วลองอีกครั้ง ({reason})",
                            "cannot remove {target} (close Excel and retry): {reason}"),
    "addin_cannot_write": ("เขียน {target} ไม่ได้ (เปิดอยู่ใน Excel หรือไม่?) ปิด Excel แล้วลองอีกครั้ง ({reason})",
                           "cannot write {target} (is it open in Excel? close Excel and retry): {reason}"),
    "addin_quote": ("ค่า {key} มีเครื่องหมายคำพูด (\") ซึ่ง xlwings.conf เก็บไม่ได้: {value}",
                    "{key} contains a double quote, which xlwings.conf cannot hold: {value}"),
    "addin_suffix": ("{out}: ชื่อไฟล์ add-in ต้องลงท้ายด้วย .xlam", "{out}: the add-in file name must end in .xlam"),
    "addin_no_xlwings": ("ยังไม่ได้ติดตั้ง xlwings: pip install xlwings", "xlwings is not installed: pip install xlwings"),
    "addin_mismatch": ("Add-in VetQA ไม่ตรงกับเวอร์ชันของ Python ({python}): {problems} กรุณาติดตั้งใหม่ด้วยคำสั่ง "
                       "vetqa-xl addin install แล้วเปิด Excel ใหม่",
                       "The VetQA add-in does not match this Python ({python}): {problems}. Rebuild and "
                       "reinstall it with: vetqa-xl addin install, then start Excel again"),
    "consolidated": ("สถานศึกษา {colleges} แห่ง{colleges_s} · พบ {files} ไฟล์{files_s} มีแบบฟอร์ม {workbooks} "
                     "ไฟล์{workbooks_s} (รวมไฟล์แนบในอีเมล) · อ่านไม่ได้ {unreadable} รายการ · ไฟล์ซ้ำที่ไม่ได้ใช้ "
                     "{duplicates} ไฟล์{duplicates_s}",
                     "{colleges} college{colleges_s} · {files} file{files_s} found holding {workbooks} "
                     "workbook{workbooks_s} (e-mail attachments included) · {unreadable} unreadable · "
                     "{duplicates} duplicate workbook{duplicates_s} not used"),
    "exported_with_errors": ("{stamp}: ส่งออกแม้มีข้อผิดพลาด {n} รายการ", "{stamp}: exported with {n} error(s)"),
    "eml_subject": ("ส่งข้อมูลด้านความร่วมมือ ปีการศึกษา {year} — {name} ({code})",
                    "the cooperation data of academic year {year} — {name} ({code})"),
    "eml_greeting": ("เรียน เจ้าหน้าที่ผู้รับผิดชอบ", "Dear officer in charge,"),
    "eml_intro": ("{name} (รหัสสถานศึกษา {code}) ขอส่งข้อมูลด้านความร่วมมือ ปีการศึกษา {year} ตามไฟล์แนบ {file}",
                  "{name} (school code {code}) sends its cooperation data of academic year {year} in the "
                  "attached {file}"),
    "eml_status": ("สถานะการตรวจสอบ: {status}", "Check status: {status}"),
    "eml_figures": ("ตัวเลขสรุป", "Figures"),
    "eml_levels": ("ระดับคุณภาพ", "Quality levels"),
    "eml_checked": ("ตรวจสอบด้วย vetqa_xl เมื่อ {when} แบบฟอร์มรุ่น {version}",
                    "checked with vetqa_xl on {when}, form version {version}"),
    "eml_closing": ("ขอแสดงความนับถือ", "Yours sincerely,"),
}
#: The year-on-year verdict of the expert-ratio rule in the history (consolidate/history.py)
RULE_TREND = {
    "started": Both("เริ่มผ่านเกณฑ์ร้อยละ {rule}", "meets the {rule}% rule since this year"),
    "stopped": Both("ไม่ผ่านเกณฑ์ร้อยละ {rule} แล้ว", "no longer meets the {rule}% rule"),
    "both": Both("ผ่านทั้งสองปี", "meets it both years"),
    "neither": Both("ไม่ผ่านทั้งสองปี", "meets it in neither year"),
}
