"""Why a file cannot be read or written, or an output or a button is refused: one sentence per
kind, Thai then English with the same placeholders, each saying what to do (the file problems
half of the catalogue; the findings are in messages.py). The reader works out the kind of input
from the file itself; no library text is shown to a user.
"""
from __future__ import annotations

from typing import Any

from .sentences import SENTENCES, Both

#: The kinds of workbook check reads but the edits do not (readers/calamine.py), in needs_xlsx
KIND_NAMES = {"xls": Both("Excel รุ่นเก่า (.xls)", "an old-format Excel file (.xls)"),
              "ods": Both("OpenDocument (.ods)", "an OpenDocument spreadsheet (.ods)")}
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
    "needs_xlsx": ("ไฟล์ {name} เป็น {kind} คำสั่ง check อ่านได้ แต่คำสั่ง report, export และ fix "
                   "และปุ่มบน Excel ต้องใช้ไฟล์ .xlsx " + SAVE_AS_XLSX_TH,
                   "{name} is {kind}: check reads it, but report, export and fix (and the Excel "
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
    "last_year_sheet": ("{name}: ไม่พบชีต {sheet}", "{name}: sheet {sheet} is missing"),
    "last_year_headers": ("{name}: ชีต {sheet} ไม่มีหัวคอลัมน์ {headers}",
                          "{name}: sheet {sheet} lacks the header(s) {headers}"),
    "bad_email": ("อีเมลผู้รับ '{to}' ไม่ถูกต้อง (เช่น qa@college.ac.th)",
                  "'{to}' is not an e-mail address (e.g. qa@college.ac.th)"),
    "lite_is_source": ("จะไม่เขียนทับไฟล์ต้นฉบับ {name} ใช้ -o ชื่อไฟล์อื่น",
                       "refusing to overwrite {name}: give another -o"),
    "cannot_read": ("อ่านไฟล์ {path} ไม่ได้ ({reason})", "cannot read {path}: {reason}"),
    "not_the_form": ("{name} ไม่ใช่แบบฟอร์ม{title} ({form_id}) (ไม่พบชีตของแบบฟอร์ม)",
                     "{name} is not the cooperation form {form_id}, {title} (none of its sheets was found)"),
    # a package an edit cannot start from (the readers name the kind of file first)
    "no_workbook_part": ("ไม่พบ xl/workbook.xml", "no xl/workbook.xml: not an .xlsx workbook"),
    "not_a_package": ("ไม่ใช่ไฟล์ .xlsx ({reason})", "not an .xlsx package: {reason}"),
    "last_year_year": ("{name}: ปีการศึกษาในชีต ข้อมูลสถานศึกษา ว่างหรือไม่ถูกต้อง{shown} ต้องเป็น พ.ศ. "
                       "เช่น 2568 แก้ไขแล้วลองอีกครั้ง",
                       "{name}: ปีการศึกษา (academic year, B.E.) is missing or invalid{shown}; fix it, "
                       "e.g. 2568, and try again"),
    # the highlights of an earlier report, when a report replaces them
    "highlight_record_damaged": ("บันทึกไฮไลต์ของรายงานครั้งก่อนเสียหายหรือถูกแก้ไข ({reason}) สีไฮไลต์เดิมจึงยังอยู่ "
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
    "rubric_unreadable": ("อ่านไฟล์เกณฑ์ {path} ไม่ได้ ({reason})", "cannot read the rubric file: {path} ({reason})"),
    "rubric_not_json": ("ไฟล์เกณฑ์ไม่ใช่ JSON ที่ถูกต้อง: {reason}", "the rubric is not valid JSON: {reason}"),
    "rubric_malformed": ("รูปแบบไฟล์เกณฑ์ไม่ถูกต้อง: {reason}", "malformed rubric: {reason}"),
    # a consolidation input: not one, or refused as unsafe (read no further)
    "no_such_input": ("ไม่พบไฟล์หรือโฟลเดอร์", "no such file or folder"),
        "message_unreadable": ("อ่านอีเมล {name} ไม่ได้ (ไฟล์เสียหรือไม่ใช่อีเมล)",
                           "cannot read the message (damaged, or not an e-mail): {name}"),
    "message_no_workbook": ("อีเมลนี้ไม่มีไฟล์แนบที่เป็นแบบฟอร์ม (.xlsx หรือ .xlsm)",
                            "the message has no .xlsx or .xlsm attachment"),
    "message_workbooks": ("อีเมลนี้มีไฟล์แนบแบบฟอร์ม {n} ไฟล์ ({names}) อ่านทุกไฟล์",
                          "the message carries {n} workbooks ({names}); each is read"),
    "unexpected": ("อ่านไฟล์ไม่ได้ (ข้อผิดพลาดที่ไม่คาดคิด: {reason})", "unexpected error: {reason}"),
    "not_an_input": ("ไม่ใช่ไฟล์ .xlsx .xlsm หรือ .eml", "not an .xlsx, .xlsm or .eml file"),
    "part_too_large": ("ไฟล์ผิดปกติ: ส่วน {part} ใหญ่เกินกำหนด", "refused: part {part} is too large"),
    "sheet_list_unreadable": ("ไฟล์ผิดปกติ: อ่านรายชื่อชีตใน xl/workbook.xml ไม่ได้",
                              "refused: the sheet list in xl/workbook.xml cannot be read"),
    "zip_ratio": ("ไฟล์ผิดปกติ: ส่วน {part} ขยายได้ {ratio} เท่า เกินกำหนด {limit} เท่า (zip bomb)",
                  "refused: part {part} expands {ratio}×, beyond {limit}× (zip bomb)"),
    "zip_total": ("ไฟล์ผิดปกติ: ส่วนที่ต้องอ่านเมื่อขยายแล้วใหญ่ {mb} MB",
                  "refused: the parts to read are {mb} MB once unzipped (zip bomb)"),
    # a command's output named with an extension Excel would not open it by
    "out_suffix": ("ชื่อไฟล์ผลลัพธ์ {name} ต้องลงท้ายด้วย {suffixes} (Excel เลือกวิธีเปิดไฟล์จากนามสกุล)",
                   "the output {name} must end in {suffixes}: Excel opens a file by its extension"),
    "os_other": ("อ่านหรือเขียน {where} ไม่ได้ ({reason}: พื้นที่ดิสก์เต็ม หรือไดรฟ์ไม่พร้อม?)",
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
    "strict_ooxml": ("ไฟล์ {name} บันทึกเป็นแบบ Strict Open XML ซึ่งโปรแกรมไม่อ่าน " + SAVE_AS_XLSX_TH,
                     "{name} is saved as a Strict Open XML Spreadsheet, which is not read; "
                     + SAVE_AS_XLSX_EN),
    "package_no_workbook": ("ไฟล์ {name} เสีย: ความสัมพันธ์ในไฟล์ (_rels/.rels) ไม่ชี้ไปยัง xl/workbook.xml "
                            "เปิดใน Excel ให้ซ่อมไฟล์ แล้วบันทึกใหม่",
                            "{name} is damaged: its package relationships (_rels/.rels) do not "
                            "lead to xl/workbook.xml; open it in Excel, let Excel repair it and save "
                            "it again"),
    "package_sheet_no_part": ("ไฟล์ {name} เสีย: ชีต {sheet} ไม่มีข้อมูลของชีตในไฟล์ "
                              "เปิดใน Excel ให้ซ่อมไฟล์ แล้วบันทึกใหม่",
                              "{name} is damaged: the sheet {sheet} has no worksheet part; open it "
                              "in Excel, let Excel repair it and save it again"),
    "xml_refused": ("ไฟล์ {name} ผิดปกติ: ส่วน {part} ประกาศ DOCTYPE หรือ ENTITY ซึ่ง Excel ไม่เขียน "
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
    "internal_error": ("เกิดข้อผิดพลาดภายในโปรแกรม (ไม่ใช่ความผิดของไฟล์) ไม่ได้เปลี่ยนไฟล์ใด "
                       "ส่งไฟล์ {log} ให้ผู้ดูแลโปรแกรม",
                       "internal error (a bug in vetqa-xl, not in your file); no file was changed; "
                       "please send {log} to the maintainers"),
    # issue 19: consolidate: the report date that decides duplicates, the rule that decided, and
    # the history database (--db) that cannot be used (issue 18 item 13)
    "date_unread": ("วันที่รายงาน '{value}' อ่านเป็นวันที่ไม่ได้ จึงเก็บไว้ตามที่พิมพ์ และถือว่าไม่มีวันที่เมื่อเลือก"
                    "ระหว่างไฟล์ซ้ำ (พิมพ์ใหม่ เช่น 15/6/2568)",
                    "the report date '{value}' cannot be read as a date: it is kept as typed, and the "
                    "duplicate rule takes the file as undated (type it again, e.g. 15/6/2568)"),
    "rule_date": ("วันที่รายงานล่าสุด", "the latest report date"),
    "rule_errors": ("ข้อผิดพลาดน้อยกว่า", "fewer errors"),
    "rule_newest": ("ไฟล์ใหม่กว่า", "the newest file"),
    "rule_name": ("ชื่อไฟล์ (ข้อมูลอื่นเท่ากันทุกอย่าง)", "the file name (all else equal)"),
    "db_locked": ("ฐานข้อมูลประวัติ {path} ถูกโปรแกรมอื่นเปิดใช้อยู่ (ล็อก) ปิดโปรแกรมนั้นแล้วลองอีกครั้ง "
                  "ฐานข้อมูลยังเป็นข้อมูลเดิม",
                  "the history database {path} is locked by another program: close that program and "
                  "try again; the database is unchanged"),
    "db_not_database": ("{path} ไม่ใช่ฐานข้อมูลประวัติ (SQLite) ระบุไฟล์ .sqlite ที่โปรแกรมนี้สร้าง "
                        "หรือชื่อไฟล์ใหม่",
                        "{path} is not a history database (SQLite): give the .sqlite file this tool "
                        "made, or a new name"),
    "db_read_only": ("เขียนฐานข้อมูลประวัติ {path} ไม่ได้ เพราะไฟล์หรือโฟลเดอร์เป็นแบบอ่านอย่างเดียว "
                     "ขอสิทธิ์เขียน หรือคัดลอกไปไว้ที่อื่น ฐานข้อมูลยังเป็นข้อมูลเดิม",
                     "the history database {path} is read-only (the file or its folder): get write "
                     "access, or copy it elsewhere; the database is unchanged"),
    "db_full": ("ดิสก์เต็ม เขียนฐานข้อมูลประวัติ {path} ไม่ได้ ทำพื้นที่ให้ว่างแล้วลองอีกครั้ง "
                "ฐานข้อมูลยังเป็นข้อมูลเดิม",
                "the disk is full: the history database {path} could not be written; free some "
                "space and try again; the database is unchanged"),
    "db_cannot_open": ("เปิดหรือสร้างฐานข้อมูลประวัติ {path} ไม่ได้ ตรวจสอบว่ามีโฟลเดอร์นั้นและมีสิทธิ์เขียน",
                       "cannot open or create the history database {path}: check that its folder "
                       "exists and can be written"),
    "db_newer": ("ฐานข้อมูลประวัติ {path} เป็นโครงสร้างรุ่น {found} ซึ่งใหม่กว่าที่โปรแกรมนี้รู้จัก (รุ่น {known}) "
                 "ให้ปรับปรุงโปรแกรม vetqa-xl ก่อน",
                 "the history database {path} has schema version {found}, newer than this tool knows "
                 "({known}): update vetqa-xl first"),
    "db_other": ("ใช้ฐานข้อมูลประวัติ {path} ไม่ได้ ({reason}) ฐานข้อมูลยังเป็นข้อมูลเดิม",
                 "cannot use the history database {path} ({reason}); the database is unchanged"),
}


# issue 22: what a staff member meets, round 2 — a command that leaves errors behind, one
# grammar for the output, Excel's lock file, and the tab a missing sheet was renamed to.
READ_PROBLEMS.update({
    "errors_remain": ("{name} ยังมีข้อผิดพลาด {n} รายการ ดูรายการได้ด้วยคำสั่ง vetqa-xl check {name}",
                      "{name} still has {n} error(s); list them with vetqa-xl check {name}"),
    "output_missing": ("ระบุไฟล์ที่จะเขียนด้วย -o เช่น -o แบบฟอร์ม.xlsx",
                       "give the file to write with -o, e.g. -o form.xlsx"),
    "output_twice": ("ระบุไฟล์ที่จะเขียนเพียงไฟล์เดียว ({given} หรือ -o {option})",
                     "give one file to write, not both {given} and -o {option}"),
    # ~$NAME.xlsx: the owner file Excel keeps beside NAME.xlsx while it is open
    "lock_file": ("ไฟล์ {name} เป็นไฟล์ล็อกที่ Excel สร้างไว้ขณะเปิดไฟล์ {real} ไม่ใช่ข้อมูล ข้อมูลอยู่ในไฟล์ "
                  "{real} (บันทึกและปิดไฟล์นั้นใน Excel ก่อน)",
                  "{name} is the lock file Excel keeps while {real} is open, not a workbook: the data "
                  "is in {real} (save and close it in Excel first)"),
})
READ_PROBLEMS.update(SENTENCES)  # issue 23 (cat23): the sentences of the written sheets


def _pair(kind: str) -> tuple[str, str]:
    """The Thai and English templates of ``kind``; the commands' own sentences (commands.py)
    are imported only when one is asked for: the Lite copy leaves that module out."""
    if kind in READ_PROBLEMS:
        return READ_PROBLEMS[kind]
    from .commands import COMMANDS

    return COMMANDS[kind]


def read_problem(kind: str, /, **params: Any) -> str:
    """The sentence of ``kind``, Thai / English; a :class:`Both` parameter in its own language."""
    return say(kind, "th", **params) + " / " + say(kind, "en", **params)


def say(kind: str, lang: str = "th", /, **params: Any) -> str:
    """One language of a sentence: Thai for ``lang`` "th", else English (the console's --lang)."""
    template = _pair(kind)[0 if lang == "th" else 1]
    return template.format(**{k: (v.th if lang == "th" else v.en) if isinstance(v, Both) else v
                              for k, v in params.items()})


def lines(kind: str, /, **params: Any) -> str:
    """A sentence in Thai, then on its own line in English (the add-in installer's messages)."""
    return say(kind, "th", **params) + "\n" + say(kind, "en", **params)


def plural(n: int) -> Both:
    """The plural ending of an English noun counted ``n`` (none in Thai): a ``*_s`` parameter."""
    return Both("", "" if n == 1 else "s")


# issue 21: xlwings Lite, an add-in older than the actions main.py queues (vetqa_xl.lite.scripts)
READ_PROBLEMS["lite_older_addin"] = (
    ("xlwings Lite ในเครื่องนี้เป็นรุ่นเก่า (xlwings {version}): บันทึกผลครบแล้ว แต่ข้ามการจัดรูปแบบ {n} รายการ "
    "(ความกว้างคอลัมน์ ความสูงแถว ผสานเซลล์ ตัดบรรทัด ซ่อนชีต/คอลัมน์ และสีแดงของสรุป) "
    "อัปเดต xlwings Lite แล้วกดสคริปต์อีกครั้งเพื่อให้ได้รูปแบบครบ"),
    ("this xlwings Lite is older (xlwings {version}): the results are all written, but {n} formatting "
    "steps were left out (widths, heights, merges, wrapping, hiding, the red rule of สรุป); update "
    "xlwings Lite and run the script again for the full layout"))


# issue 23: the sentences of the Excel buttons (vetqa_xl.excel) and the Lite scripts
# (vetqa_xl.lite.scripts), Thai then English with the same placeholders
READ_PROBLEMS.update({
    "excel_no_book": (
        "ไม่พบไฟล์ที่เรียกใช้ปุ่ม เปิดไฟล์รายงาน (ถ้ามีแถบสีเหลืองด้านบน คลิก เปิดใช้งานการแก้ไข ก่อน) แล้วกดปุ่มอีกครั้ง",
        ("the workbook that clicked the button was not found: open the report (in Protected View click "
         "Enable Editing first) and click the button again")),
    "excel_unexpected": (
        "เกิดข้อผิดพลาดที่ไม่คาดคิด โปรแกรมหยุดทำงานโดยไม่เปลี่ยนข้อมูลที่กรอก ({error})",
        "an unexpected error: the program stopped without changing what was typed ({error})"),
    "excel_log_file": ("รายละเอียดสำหรับผู้ดูแลระบบอยู่ในไฟล์ {path}", "details for the administrator are in {path}"),
    "excel_summary_written": (
        ("สร้างชีต {sheet} แล้ว: คอลัมน์ B คำนวณสดจากสูตร คอลัมน์ C เป็นผลการตรวจสอบ "
         "(ข้อผิดพลาด {errors} รายการ · คำเตือน {warnings} รายการ)"),
        ("the sheet {sheet} is written: column B computes live from formulas, column C holds the "
         "checker's results ({errors} errors · {warnings} warnings)")),
    "excel_export_not_saved": (
        "ยังไม่ได้บันทึกไฟล์ลงเครื่อง บันทึกไฟล์ (แฟ้ม > บันทึกเป็น) ในโฟลเดอร์บนเครื่องนี้ก่อน แล้วกดส่งออกอีกครั้ง",
        ("the workbook is not saved on this computer: save it (File > Save As) in a folder here first, "
         "then export again")),
    "excel_export_unsaved": (
        ("ไฟล์มีการแก้ไขที่ยังไม่ได้บันทึก บันทึกไฟล์ (Ctrl+S) ก่อน แล้วกดส่งออกอีกครั้ง "
         "(ไฟล์ที่ส่งออกสร้างจากไฟล์ที่บันทึกไว้)"),
        ("the workbook has unsaved changes: save it (Ctrl+S) first, then export again (the export "
         "is made from the saved file)")),
    "excel_export_errors": (
        "ยังส่งออกไม่ได้: มีข้อผิดพลาด {n} รายการ กดปุ่ม ตรวจสอบข้อมูล เพื่อดูรายการ แก้ไข บันทึก แล้วส่งออกอีกครั้ง",
        "not exported yet: {n} errors; click Check to list them, correct them, save and export again"),
    "excel_exported": (
        "ส่งออกแล้ว: {name}\nในโฟลเดอร์ {folder}\nแนบไฟล์นี้ในอีเมล (ไฟล์ไม่มีมาโคร · คำเตือน {warnings} รายการ)",
        ("exported: {name}\nin the folder {folder}\nattach this file to the e-mail (no macros · "
         "{warnings} warnings)")),
    "excel_password_sheet": (
        ("ชีต {sheet} ถูกป้องกันด้วยรหัสผ่าน จึงระบายสีเซลล์ไม่ได้ ยกเลิกการป้องกันชีต "
         "(รีวิว > ยกเลิกการป้องกันแผ่นงาน) แล้วลองอีกครั้ง"),
        ("the sheet {sheet} is protected with a password, so its cells cannot be coloured: "
         "unprotect it (Review > Unprotect Sheet) and try again")),
    "excel_cleared": ("ล้างไฮไลต์แล้ว {n} เซลล์", "{n} highlighted cells cleared"),
    "excel_nothing_to_clear": ("ไม่มีไฮไลต์ที่ต้องล้าง", "no highlights to clear"),
    "excel_nothing_to_fix": ("ไม่มีสิ่งที่ต้องแก้ไขอัตโนมัติ", "nothing to fix automatically"),
    "excel_fixed": (
        ("แก้ไขอัตโนมัติแล้ว {n} เซลล์ (เลขไทย ตัวเลขที่เป็นข้อความ วันที่ที่พิมพ์เป็นข้อความ ช่องว่างเกิน) "
         "รายการอยู่ในชีต {sheet} กดปุ่ม ตรวจสอบข้อมูล อีกครั้งเพื่อดูผล"),
        ("{n} cells fixed (Thai digits, numbers stored as text, dates typed as text, stray spaces); "
         "the list is in the sheet {sheet}; click Check again to see the result")),
    "excel_no_instructions": (
        "ไม่พบชีต {sheet} ในไฟล์นี้ ดูวิธีใช้ได้จากแบบฟอร์มเปล่า (vetqa-xl template -o แบบฟอร์ม.xlsx)",
        ("this file has no sheet {sheet}: the blank form has the instructions "
         "(vetqa-xl template -o form.xlsx)")),
    "excel_unknown_button": (
        "ไม่รู้จักปุ่ม {button} add-in กับโปรแกรมอาจเป็นคนละรุ่นกัน ติดตั้ง add-in ใหม่ด้วยคำสั่ง vetqa-xl addin install",
        ("unknown button {button}: the add-in and the program may be different versions; reinstall "
         "the add-in with vetqa-xl addin install")),
    "lite_unexpected": (
        ("เกิดข้อผิดพลาดที่ไม่คาดคิด ไม่มีการเปลี่ยนแปลงใดในไฟล์ ({error}) รายละเอียดอยู่ในหน้าต่าง Output "
         "ของ xlwings Lite · {version}"),
        ("an unexpected error, nothing in the file changed ({error}); the details are in the Output "
         "pane of xlwings Lite · {version}")),
    "lite_export_errors": (
        "ยังส่งออกไม่ได้: มีข้อผิดพลาด {n} รายการ กด ตรวจสอบ เพื่อดูรายการ แก้ไข แล้วกด ส่งออก อีกครั้ง",
        "not ready to send yet: {n} errors; run Check to list them, correct them, then run Export again"),
    "lite_ready": (
        ("พร้อมส่ง: ใช้ ไฟล์ > บันทึกสำเนา (File > Save a Copy) ตั้งชื่อไฟล์ว่า {name} แล้วแนบไฟล์นั้นในอีเมล "
         "(มีชีต สรุป และ ผลการตรวจสอบ แล้ว · คำเตือน {warnings} รายการ)"),
        ("ready to send: File > Save a Copy, name it {name} and attach that file to the e-mail (the "
         "sheets สรุป and ผลการตรวจสอบ are in it · {warnings} warnings)")),
})
#: The status bar while a button works (Excel's status bar is one short line: Thai only).
EXCEL_STATUS = {"reading": "VetQA: กำลังอ่านข้อมูล…", "writing_findings": "VetQA: กำลังเขียนผลการตรวจสอบ…",
                "computing_summary": "VetQA: กำลังคำนวณสรุป…", "writing_summary": "VetQA: กำลังเขียนชีตสรุป…",
                "exporting": "VetQA: กำลังตรวจสอบและส่งออก…", "clearing": "VetQA: กำลังล้างไฮไลต์…"}
