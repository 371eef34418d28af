"""The commission's workbook, written with openpyxl in write-only mode (rows stream to disk).

Every string is written as a text cell, so nothing a college typed becomes a formula; text
that a spreadsheet would take for one (= + - @, tab, CR) also gets Excel's quote prefix, which
keeps it text when someone edits the cell.
"""
from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill

from ..core.messages import thai_date
from ..core.problems import read_problem
from ..core.registry import COLUMNS as FIGURE_COLUMNS
from ..core.registry import TYPE_CODES
from ..form import ACTIVITY_TYPES, EXPERT_RULE_PERCENT
from ..writers.atomic import atomic_write_bytes
from ..writers.sheetxml import clean
from .tables import COLUMNS, RISKY, TOTAL_HEADERS

SHEETS = {"colleges": "สถานศึกษา", "totals": "สรุปรายจังหวัด", "charts": "แผนภูมิ",
          "findings": "ผลการตรวจสอบ", "unreadable": "ไฟล์ที่อ่านไม่ได้", "duplicates": "ไฟล์ซ้ำ",
          "yoy": "เทียบปีก่อน"}
FONT = "Laksaman"  # metrically TH SarabunPSK; Excel substitutes on a PC without it
_HEAD = (Font(name=FONT, bold=True, size=14), PatternFill("solid", fgColor="D9E2F3"),
         Alignment(wrap_text=True, vertical="top"))
_BODY = Font(name=FONT, size=14)


FOOTER_LEFT = "รวมผลข้อมูลด้านความร่วมมือ (vetqa-xl consolidate)"


class Writer:
    """Every sheet prints like the college workbooks: A4 landscape, fit to the page's width,
    the header row on every page, a footer with the page and the date (พ.ศ.) of the run."""

    def __init__(self, today=None):
        import datetime as dt

        self.wb = Workbook(write_only=True)
        self.date = thai_date(today or dt.date.today())

    def cell(self, ws, value, head: bool = False):
        if isinstance(value, str):
            value = clean(value)  # a college's text may hold control characters XML cannot
            c = WriteOnlyCell(ws, value=value)
            c.data_type = "s"  # never a formula
            if value.startswith(RISKY):
                c.quotePrefix = True
        else:
            c = WriteOnlyCell(ws, value=value)
        if head:
            c.font, c.fill, c.alignment = _HEAD
        else:
            c.font = _BODY
        return c

    def sheet(self, key: str, headers: list[str], widths: list[int] | None = None):
        ws = self.wb.create_sheet(SHEETS[key])
        for i, w in enumerate(widths or [18] * len(headers), start=1):
            ws.column_dimensions[_letter(i)].width = w
        ws.freeze_panes = "A2"
        ws.sheet_format.defaultRowHeight, ws.sheet_format.customHeight = 21, True  # Thai at 14 pt
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = "9"  # A4
        ws.sheet_properties.pageSetUpPr.fitToPage = True  # printed: all columns on a page's width
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.print_title_rows = "1:1"
        ws.row_dimensions[1].height = 21 * max(map(_lines, headers, widths or [18] * len(headers))) + 6
        for part, text in ((ws.oddFooter.left, FOOTER_LEFT), (ws.oddFooter.center, "หน้า &P จาก &N"),
                           (ws.oddFooter.right, f"วันที่ {self.date}")):
            part.text, part.font, part.size = text, f"{FONT},Regular", 12
        ws.append([self.cell(ws, h, head=True) for h in headers])
        return ws

    def rows(self, ws, rows) -> int:
        n = 0
        for row in rows:
            ws.append([self.cell(ws, v) for v in row])
            n += 1
        return n

    def save(self, out: Path) -> Path:
        buf = io.BytesIO()  # rows were streamed to temporary files; this is the zipped result
        self.wb.save(buf)
        return atomic_write_bytes(out, buf.getvalue())


def _lines(text: str, width: float) -> int:
    """Lines a wrapped header takes in a column ``width`` wide, generously: a line holds about
    0.6 × width characters of Thai at 14 pt (it breaks between words), and vowel and tone
    marks above or below take no room."""
    import unicodedata

    shown = sum(1 for ch in text if unicodedata.category(ch) != "Mn")
    return max(1, -(-shown // max(1, int(width * 0.6))))


def _letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i)


def _plain(v):
    """pandas' missing values and numpy scalars as plain Python for openpyxl."""
    if v is None:
        return None
    try:
        import pandas as pd

        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return v.item() if hasattr(v, "item") else v


def _title(text: str, size: int = 12):
    """A chart title on one line: bold, at ``size`` points, in the sheet's Thai font."""
    from openpyxl.chart.text import RichText, Text
    from openpyxl.chart.title import Title
    from openpyxl.drawing.text import (
        CharacterProperties,
        Paragraph,
        ParagraphProperties,
        RegularTextRun,
        RichTextProperties,
    )
    from openpyxl.drawing.text import Font as TextFont

    props = CharacterProperties(sz=size * 100, b=True, latin=TextFont(typeface=FONT),
                                cs=TextFont(typeface=FONT))
    para = Paragraph(pPr=ParagraphProperties(defRPr=props), r=[RegularTextRun(rPr=props, t=text)])
    return Title(tx=Text(rich=RichText(bodyPr=RichTextProperties(wrap="none"), p=[para])), overlay=False)


def _bar(title: str, y_title: str, data: Reference, cats: Reference, stacked: bool = False,
         anchor: str = "A1", titles_from_data: bool = True, across: bool = False,
         height: float = 9) -> BarChart:
    """A bar chart whose every category is labelled (never every other one); ``across`` draws
    the bars across (one line per category: a long list of provinces stays readable)."""
    ch = BarChart()
    ch.type = "bar" if across else "col"
    ch.title, ch.y_axis.title = _title(title), y_title
    ch.add_data(data, titles_from_data=titles_from_data)
    ch.set_categories(cats)
    if stacked:
        ch.grouping, ch.overlap = "stacked", 100
    ch.width, ch.height = 20, height
    ch.anchor = anchor
    ch.x_axis.delete = False
    ch.x_axis.tickLblSkip = 1  # every category label, whatever the space
    if across:
        ch.x_axis.scaling.orientation = "maxMin"  # the first category on top, as in the table
    ch.y_axis.delete = False
    ch.y_axis.scaling.min = 0  # counts start at zero, or small differences look large
    ch.y_axis.majorGridlines = None
    if not stacked:
        ch.legend = None  # one series: the title says what it is
    else:
        ch.legend.position = "b"
    return ch


def write_workbook(out: Path, colleges, totals, distribution, findings_rows, unreadable,
                   duplicates, yoy: list[dict] | None, year=None) -> Path:
    """OUT: per-college rows, totals, charts, findings, unreadable files, duplicates, last year."""
    w = Writer()
    ws = w.sheet("colleges", [h for _, h in COLUMNS],  # 40 columns: the header wraps, numbers are narrow
                 [14, 30, 14, 8, 8, 12] + [8] * (len(COLUMNS) - 12) + [10, 30, 8, 24, 20, 14])
    names = [c for c, _ in COLUMNS]
    w.rows(ws, ([_plain(v) for v in rec] for rec in colleges[names].itertuples(index=False)))

    total_cols = list(TOTAL_HEADERS)
    ws = w.sheet("totals", [TOTAL_HEADERS[c] for c in total_cols], [10, 20] + [14] * (len(total_cols) - 2))
    w.rows(ws, ([_plain(v) for v in rec] for rec in totals[total_cols].itertuples(index=False)))

    # Charts and the small tables they draw from, on one sheet
    ws = w.sheet("charts", ["ช่วงร้อยละสาขางานที่มีครูพิเศษ", "จำนวนสถานศึกษา", "",
                            "ประเภทกิจกรรม", "จำนวนกิจกรรม (ทั้งประเทศ)", "",
                            "จังหวัด", f"ผ่านเกณฑ์ร้อยละ {EXPERT_RULE_PERCENT}", "ไม่ผ่านเกณฑ์"], [26, 14, 2, 18, 22, 2, 20, 16, 14])
    from .tables import NATION, latest_year

    _, latest = latest_year(totals)  # the charts draw the latest academic year
    of_year = f" ปีการศึกษา {year}" if year else ""
    nation = latest[latest["province"] == NATION].iloc[0] if len(latest) else None
    provinces = latest[latest["province"] != NATION]
    acts = [(t, _plain(nation[f"activities_{TYPE_CODES[t]}"]) if nation is not None else 0)
            for t in ACTIVITY_TYPES]
    met = [(p, _plain(m), _plain(c - m)) for p, m, c in
           zip(provinces["province"], provinces["expert_met"], provinces["colleges"])]
    n = max(len(distribution), len(acts), len(met))
    for i in range(n):
        row = list(distribution[i]) if i < len(distribution) else [None, None]
        row += [None] + (list(acts[i]) if i < len(acts) else [None, None])
        row += [None] + (list(met[i]) if i < len(met) else [None, None, None])
        ws.append([w.cell(ws, v) for v in row])
    ws.add_chart(_bar("การกระจายของร้อยละสาขางานที่มีครูพิเศษ (จำนวนสถานศึกษา)" + of_year, "สถานศึกษา",
                      Reference(ws, min_col=2, min_row=1, max_row=1 + len(distribution)),
                      Reference(ws, min_col=1, min_row=2, max_row=1 + len(distribution)), anchor="K2"))
    ws.add_chart(_bar("กิจกรรมบริการชุมชนและจิตอาสา แยกตามประเภท" + of_year, "กิจกรรม",
                      Reference(ws, min_col=5, min_row=1, max_row=1 + len(acts)),
                      Reference(ws, min_col=4, min_row=2, max_row=1 + len(acts)), anchor="K17"))
    if met:  # one line per province, 0.5 cm each (77 provinces: a tall chart, every name shown)
        ws.add_chart(_bar(f"สถานศึกษาที่ผ่านเกณฑ์ร้อยละ {EXPERT_RULE_PERCENT} รายจังหวัด" + of_year, "สถานศึกษา",
                          Reference(ws, min_col=8, max_col=9, min_row=1, max_row=1 + len(met)),
                          Reference(ws, min_col=7, min_row=2, max_row=1 + len(met)), stacked=True,
                          anchor="K32", across=True, height=max(9, 4 + 0.5 * len(met))))

    ws = w.sheet("findings", ["รหัสสถานศึกษา", "ชื่อสถานศึกษา", "ไฟล์", "ระดับความรุนแรง", "ชีต",
                              "เซลล์", "รหัส", "รายละเอียด"], [14, 30, 30, 12, 22, 8, 24, 90])
    w.rows(ws, findings_rows)

    ws = w.sheet("unreadable", ["ไฟล์", "อีเมลที่แนบมา", "เหตุผล"], [36, 30, 120])
    w.rows(ws, unreadable)

    ws = w.sheet("duplicates", ["รหัสสถานศึกษา", "ชื่อสถานศึกษา", "ปีการศึกษา", "ไฟล์ที่ไม่ได้ใช้",
                                "อีเมลที่แนบมา", "วันที่รายงาน", "ข้อผิดพลาด", "SHA-256", "ไฟล์ที่ใช้แทน",
                                "วันที่รายงานของไฟล์ที่ใช้", "ข้อผิดพลาดของไฟล์ที่ใช้", "ตัดสินโดย"],
                 [14, 30, 10, 30, 24, 14, 12, 20, 30, 16, 12, 36])
    w.rows(ws, ([d["school_code"], d["school_name"], d["academic_year"], d["file"], d["message"],
                 d["report_date"], d["errors"], d["sha256"], d["kept_file"], d["kept_report_date"],
                 d["kept_errors"], read_problem(d["rule"])] for d in duplicates))

    if yoy:
        from .history import YOY_FIGURES

        labels = {**{c.name: c.yoy for c in FIGURE_COLUMNS if c.yoy}, "errors": "ข้อผิดพลาด"}
        heads = ["รหัสสถานศึกษา", "ชื่อสถานศึกษา", "จังหวัด", "ปีการศึกษา", "ปีก่อน"]
        for f in YOY_FIGURES:
            heads += [f"{labels[f]} ปีนี้", f"{labels[f]} ปีก่อน", f"{labels[f]} เปลี่ยนแปลง"]
        heads.append(f"เกณฑ์ร้อยละ {EXPERT_RULE_PERCENT}")
        ws = w.sheet("yoy", heads, [14, 30, 16, 10, 10] + [12] * (3 * len(YOY_FIGURES)) + [24])
        w.rows(ws, ([r["school_code"], r["school_name"], r["province"], r["academic_year"],
                     r["previous_year"], *[r[k] for f in YOY_FIGURES
                                           for k in (f, f"{f}_last", f"{f}_change")], r["rule_80"]]
                    for r in yoy))
    return w.save(Path(out))
