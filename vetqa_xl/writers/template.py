"""Build the standard Thai workbook template from the form definition (openpyxl).

Layout of every data sheet: row 1 title, row 2 a short instruction, row 3 the header,
data from row 4. The key–value sheet ข้อมูลสถานศึกษา has its labels in column A (rows 4…)
and the values in column B. Dropdown lists live on a hidden sheet behind defined names
(kept by every library and by LibreOffice); the form id and version on another hidden sheet.
The output is byte-reproducible: fixed document times and zip entry times.
"""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from ..form import CHOICE_LISTS, FORM, META_FORM_ID, META_FORM_VERSION, Column, Form, Sheet
from .atomic import XLSX, write_new
from .sheetxml import DATE_LINE
from .styles import DATE_FORMAT, fit_height, row_height  # DATE_FORMAT: also fix, Excel layer
from .summary.layout import FIRST_ROW, HEADER_ROW, NOTE_ROW, TITLE_ROW  # noqa: F401  (nextyear, fill, tests)
from .zipout import FIXED_ZIP_TIME

FONT_NAME = "TH Sarabun New"
FONT_SIZE = 16
NUMBER_FORMATS = {"count": "#,##0", "number": "#,##0.00", "date": DATE_FORMAT, "year": "0",
                  "school_code": "@", "phone": "@"}
PROGRAMME_LIST = "LIST_PROGRAMME"  # defined name: the สาขางาน column of the สาขางาน sheet
FIXED_TIME = dt.datetime(*FIXED_ZIP_TIME)  # the document times: those of the zip entries
# Excel serial numbers of the date range the template accepts (ค.ศ. and พ.ศ. years both pass;
# the checker converts พ.ศ. years and warns).
DATE_MIN, DATE_MAX = "DATE(1950,1,1)", "DATE(2700,12,31)"


def _styles():
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

    thin = Side(style="thin", color="A6A6A6")
    return {
        "body": Font(name=FONT_NAME, size=FONT_SIZE),
        "bold": Font(name=FONT_NAME, size=FONT_SIZE, bold=True),
        "title": Font(name=FONT_NAME, size=20, bold=True, color="1F3864"),
        "note": Font(name=FONT_NAME, size=FONT_SIZE, italic=True, color="595959"),
        "header_fill": PatternFill("solid", fgColor="D9E2F3"),
        "fixed_fill": PatternFill("solid", fgColor="F2F2F2"),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "wrap": Alignment(wrap_text=True, vertical="top"),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "unlocked": Protection(locked=False),
    }


def _validation(col: Column, ref: str):
    """The data validation of a column (None when the kind has none)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    kw = dict(allow_blank=True, showInputMessage=True, showErrorMessage=True,
              promptTitle=col.label[:32], errorTitle="ข้อมูลไม่ถูกต้อง")
    hint = col.hint
    if col.kind == "choice":
        dv = DataValidation(type="list", formula1=col.choices, **kw)
        hint = hint or f"เลือกจากรายการ {col.label}"
        if col.open:  # long lists that may be incomplete: warn, do not stop
            dv.errorStyle = "warning"
            dv.error = f"'{col.label}' นี้ไม่อยู่ในรายการ ตรวจสอบการสะกด (กด ใช่ เพื่อใช้ค่านี้)"
        else:
            dv.error = f"กรุณาเลือก {col.label} จากรายการ"
    elif col.kind == "programme":
        dv = DataValidation(type="list", formula1=PROGRAMME_LIST, **kw)
        dv.error = "กรุณาเลือกสาขางานที่มีอยู่ในชีต สาขางาน"
    elif col.kind == "count":
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", **kw)
        dv.error = f"'{col.label}' ต้องเป็นจำนวนเต็มตั้งแต่ 0 ขึ้นไป"
    elif col.kind == "number":
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", **kw)
        dv.error = f"'{col.label}' ต้องเป็นตัวเลขตั้งแต่ 0 ขึ้นไป"
    elif col.kind == "date":
        dv = DataValidation(type="date", operator="between", formula1=DATE_MIN, formula2=DATE_MAX, **kw)
        dv.error = f"'{col.label}' ต้องเป็นวันที่ เช่น 15/6/2568"
    elif col.kind == "school_code":
        dv = DataValidation(type="textLength", operator="equal", formula1="10", **kw)
        dv.error = "รหัสสถานศึกษาต้องมี 10 หลัก"
    elif col.kind == "year":
        dv = DataValidation(type="whole", operator="between", formula1="2500", formula2="2700", **kw)
        dv.error = "ปีการศึกษาต้องเป็น พ.ศ. เช่น 2568"
    elif col.kind == "email":
        first = ref.split(":")[0]
        dv = DataValidation(type="custom", formula1=f'ISNUMBER(FIND("@",{first}))', **kw)
        dv.error = "อีเมลต้องมีเครื่องหมาย @ เช่น qa@college.ac.th"
    else:
        return None
    dv.prompt = (hint or col.label)[:255]
    dv.add(ref)
    return dv


def _footer(ws, sheet: Sheet, form: Form) -> None:
    """The form on the left, page n of m, and a line for the date (พ.ศ.) on the right:
    Excel's &D field would print the Gregorian date."""
    for part, text in ((ws.oddFooter.left, f"แบบฟอร์ม {form.id} รุ่น {form.version}"),
                       (ws.oddFooter.center, "หน้า &P จาก &N"), (ws.oddFooter.right, DATE_LINE)):
        part.text, part.font, part.size = text, f"{FONT_NAME},Regular", 12


def _print_setup(ws, sheet: Sheet, title_rows: str | None, form: Form = FORM) -> None:
    _footer(ws, sheet, form)
    ws.sheet_format.defaultRowHeight = row_height()
    ws.sheet_format.customHeight = True
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if sheet.landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    if title_rows:
        ws.print_title_rows = title_rows


def _title(ws, sheet: Sheet, st) -> None:
    ws.cell(TITLE_ROW, 1, sheet.title or sheet.name).font = st["title"]
    if sheet.instructions:
        ws.cell(NOTE_ROW, 1, sheet.instructions).font = st["note"]
        ws.row_dimensions[NOTE_ROW].height = row_height()
    ws.row_dimensions[TITLE_ROW].height = row_height(1, 20)


def _column_body(ws, c: int, col: Column, st, last_row: int, unlocked: bool) -> None:
    fmt = col.number_format or NUMBER_FORMATS.get(col.kind)
    for r in range(FIRST_ROW, last_row + 1):
        ws.row_dimensions[r].height = max(ws.row_dimensions[r].height or 0, row_height())
        cell = ws.cell(r, c)
        cell.font = st["body"]
        cell.border = st["border"]
        cell.alignment = st["wrap"]
        if fmt:
            cell.number_format = fmt
        if unlocked:
            cell.protection = st["unlocked"]


def _header(ws, sheet: Sheet, st) -> None:
    from openpyxl.utils import get_column_letter

    for c, col in enumerate(sheet.columns, start=1):
        cell = ws.cell(HEADER_ROW, c, col.label)
        cell.font, cell.fill, cell.border, cell.alignment = (
            st["bold"], st["header_fill"], st["border"], st["center"])
        ws.column_dimensions[get_column_letter(c)].width = col.width
    ws.row_dimensions[HEADER_ROW].height = fit_height([(c.label, c.width) for c in sheet.columns], minimum=2)
    ws.freeze_panes = ws.cell(FIRST_ROW, 1)


def _table_sheet(ws, sheet: Sheet, st) -> None:
    from openpyxl.utils import get_column_letter

    _title(ws, sheet, st)
    _header(ws, sheet, st)
    last = FIRST_ROW + max(sheet.rows, len(sheet.items)) - 1
    checklist = sheet.kind == "checklist"
    for c, col in enumerate(sheet.columns, start=1):
        fixed = col.kind == "fixed"
        _column_body(ws, c, col, st, last, unlocked=checklist and not fixed)
        letter = get_column_letter(c)
        dv = _validation(col, f"{letter}{FIRST_ROW}:{letter}{last}")
        if dv is not None:
            ws.add_data_validation(dv)
    if checklist:
        for r, item in enumerate(sheet.items, start=FIRST_ROW):
            values = {"stage": item.stage, "number": item.number, "activity": item.text,
                      "text": item.text}
            for c, col in enumerate(sheet.columns, start=1):
                if col.kind == "fixed":
                    cell = ws.cell(r, c, values[col.key])
                    cell.data_type = "s"
                    cell.fill = st["fixed_fill"]
            ws.row_dimensions[r].height = fit_height(
                [(str(values[col.key]), col.width) for col in sheet.columns if col.kind == "fixed"])
        ws.protection.sheet = True  # no password: it guards against slips, not people
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
    _print_setup(ws, sheet, f"{HEADER_ROW}:{HEADER_ROW}")


def _keyvalue_sheet(ws, sheet: Sheet, st) -> None:
    _title(ws, sheet, st)
    heads = ("รายการ", "ข้อมูล", "คำอธิบาย")
    for c, (text, width) in enumerate(zip(heads, (26, 42, 60)), start=1):
        cell = ws.cell(HEADER_ROW, c, text)
        cell.font, cell.fill, cell.border, cell.alignment = (
            st["bold"], st["header_fill"], st["border"], st["center"])
        ws.column_dimensions["ABC"[c - 1]].width = width
    for r, col in enumerate(sheet.columns, start=FIRST_ROW):
        label = ws.cell(r, 1, col.label)
        label.font, label.border, label.fill = st["bold"], st["border"], st["fixed_fill"]
        value = ws.cell(r, 2)
        value.font, value.border, value.protection = st["body"], st["border"], st["unlocked"]
        value.alignment = st["wrap"]
        fmt = col.number_format or NUMBER_FORMATS.get(col.kind)
        if fmt:
            value.number_format = fmt
        note = ("(จำเป็น) " if col.required else "") + col.hint
        hint = ws.cell(r, 3, note.strip())
        hint.font, hint.border, hint.alignment = st["note"], st["border"], st["wrap"]
        dv = _validation(col, f"B{r}")
        if dv is not None:
            ws.add_data_validation(dv)
        ws.row_dimensions[r].height = fit_height([(col.label, 26), (note.strip(), 60)])
    ws.row_dimensions[HEADER_ROW].height = row_height()
    ws.protection.sheet = True
    _print_setup(ws, sheet, f"{HEADER_ROW}:{HEADER_ROW}")


def instructions_text(form: Form) -> list[tuple[str, str]]:
    """(style, text) lines of the คำแนะนำ sheet, derived from the form."""
    lines = [("title", f"คำแนะนำการกรอก {form.title}"),
             ("note", f"แบบฟอร์ม {form.id} รุ่น {form.version}"),
             ("", ""),
             ("bold", "ขั้นตอน"),
             ("", "1. กรอกชีต ข้อมูลสถานศึกษา และชีต สาขางาน ก่อน (ชีตอื่นเลือกสาขางานจากชีต สาขางาน)"),
             ("", "2. กรอกชีตที่เหลือตามลำดับ หนึ่งแถวต่อหนึ่งรายการ ช่องที่มีลูกศรให้เลือกจากรายการ"),
             ("", "3. วันที่พิมพ์ได้ทั้ง พ.ศ. และ ค.ศ. เช่น 15/6/2568 ตัวเลขพิมพ์เป็นเลขอารบิกหรือเลขไทยก็ได้"),
             ("", "4. กดปุ่ม ตรวจสอบข้อมูล บนแท็บ VetQA ตรวจสอบ (หรือคำสั่ง vetqa-xl check) "
                  "แก้ไขตามผลการตรวจสอบจนไม่มีข้อผิดพลาด"),
             ("", "5. กดปุ่ม ส่งออกไฟล์สำหรับส่งอีเมล แล้วส่งไฟล์ที่ได้ให้ สอศ."),
             ("", ""),
             ("bold", "ชีตในแบบฟอร์ม")]
    for sheet in form.sheets:
        if sheet.kind in ("keyvalue", "table", "checklist"):
            text = f"• {sheet.name}: {sheet.title}"
            if sheet.instructions:
                text += f" — {sheet.instructions}"
            lines.append(("", text))
    lines += [("", ""),
              ("bold", "ข้อควรรู้"),
              ("", "• อย่าเปลี่ยนชื่อชีต อย่าลบหรือย้ายแถวหัวตาราง (แถวที่ 3) และแถวข้อที่กำหนดไว้ในชีต 1, 2, 3"),
              ("", "• แต่ละตารางเตรียมแถวว่างพร้อมรายการเลือกไว้ (สาขางาน 100 แถว ครูพิเศษ 300 แถว "
                   "โครงการ 300 แถว กิจกรรม 500 แถว) ถ้าไม่พอ ให้กรอกต่อท้ายได้ โปรแกรมตรวจสอบทุกแถว "
                   "แต่แถวที่เกินจะไม่มีรายการเลือก ให้คัดลอกแถวสุดท้ายลงไปเพื่อคัดลอกรายการเลือกด้วย"),
              ("", "• การวางข้อมูล (Paste) ข้ามกฎการป้อนข้อมูลของ Excel ได้ โปรแกรมจึงตรวจสอบทุกช่องอีกครั้ง"),
              ("", "• ข้อความที่ขึ้นต้นด้วย = + - @ เก็บเป็นข้อความเสมอ ไม่คำนวณเป็นสูตร")]
    return lines


def _instructions_sheet(ws, form: Form, st) -> None:
    ws.column_dimensions["A"].width = 72  # fits A4 portrait
    for r, (style, text) in enumerate(instructions_text(form), start=1):
        cell = ws.cell(r, 1, text or None)
        cell.font = st.get(style or "body", st["body"])
        cell.alignment = st["wrap"]
        # Neither Excel nor LibreOffice grows a row for wrapped text written by a library:
        # give each line room for the lines it wraps into.
        ws.row_dimensions[r].height = fit_height([(text, 72)], 20 if style == "title" else 16)
    _print_setup(ws, form.sheet("instructions"), f"{TITLE_ROW}:{TITLE_ROW}")


def _lists_sheet(wb, ws, st) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.workbook.defined_name import DefinedName

    for c, (name, values) in enumerate(CHOICE_LISTS.items(), start=1):
        letter = get_column_letter(c)
        ws.cell(1, c, name).font = st["bold"]
        for r, value in enumerate(values, start=2):
            ws.cell(r, c, value).font = st["body"]
        ref = f"'{ws.title}'!${letter}$2:${letter}${len(values) + 1}"
        wb.defined_names[name] = DefinedName(name, attr_text=ref)
    ws.sheet_state = "hidden"


def _programme_list(wb, form: Form) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.workbook.defined_name import DefinedName

    sheet = form.sheet("programmes")
    c = [col.key for col in sheet.columns].index("programme") + 1
    letter = get_column_letter(c)
    ref = f"'{sheet.name}'!${letter}${FIRST_ROW}:${letter}${FIRST_ROW + sheet.rows - 1}"
    wb.defined_names[PROGRAMME_LIST] = DefinedName(PROGRAMME_LIST, attr_text=ref)


def _meta_sheet(wb, ws, form: Form) -> None:
    from openpyxl.workbook.defined_name import DefinedName

    for r, (key, value) in enumerate(((META_FORM_ID, form.id), (META_FORM_VERSION, form.version)), 1):
        ws.cell(r, 1, key)
        ws.cell(r, 2, value).data_type = "s"
        name = "VETQA_" + key.upper()
        wb.defined_names[name] = DefinedName(name, attr_text=f"'{ws.title}'!$B${r}")
    ws.sheet_state = "hidden"


def build_workbook(form: Form = FORM):
    """The template as an openpyxl Workbook."""
    from openpyxl import Workbook

    st = _styles()
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in form.sheets:
        if sheet.kind == "generated":
            continue  # written by the report, not part of the blank template
        ws = wb.create_sheet(sheet.name)
        if sheet.kind == "text":
            _instructions_sheet(ws, form, st)
        elif sheet.kind == "keyvalue":
            _keyvalue_sheet(ws, sheet, st)
        elif sheet.kind in ("table", "checklist"):
            _table_sheet(ws, sheet, st)
        elif sheet.key == "lists":
            _lists_sheet(wb, ws, st)
        elif sheet.key == "meta":
            _meta_sheet(wb, ws, form)
    _programme_list(wb, form)
    wb.active = 0
    wb.properties.creator = "vetqa_xl"
    wb.properties.title = form.title
    wb.properties.created = wb.properties.modified = FIXED_TIME
    return wb


def saved_package(wb):
    """The workbook as openpyxl saves it, as a :class:`Package` with the document times fixed
    (openpyxl stamps the time of saving), so the same input gives the same bytes."""
    from . import xmltags
    from .ooxml import Package

    raw = io.BytesIO()
    wb.save(raw)
    pkg = Package(raw.getvalue())
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    xml = pkg.text("docProps/core.xml")
    times = [t for t in xmltags.elements(xml, "created", "modified") if not t.empty]
    pkg.put("docProps/core.xml", xmltags.splice(xml, [(t.end, t.close().start, stamp) for t in times]))
    return pkg


def finish(wb, form: Form = FORM, rows: dict[str, int] | None = None) -> bytes:
    """The workbook's bytes with the live-formula สรุป sheet (and its helper sheet) added.

    ``rows``: data rows per sheet key, when more than the template's formatted rows."""
    from .report import write_generated
    from .summary import template_layout

    pkg = saved_package(wb)
    layout = template_layout(form)
    for key, n in (rows or {}).items():
        place = layout.sheets[key]
        place.last_row = max(place.last_row, place.header_row + n)
    write_generated(pkg, layout, None, form=form)
    return pkg.to_bytes()


def build_template(out: str | Path, form: Form = FORM, force: bool = False) -> Path:
    """Write the template to ``out`` (atomically; an existing file only with ``force``, kept
    as .bak) and return its path."""
    return write_new(Path(out), finish(build_workbook(form), form), force, XLSX)
