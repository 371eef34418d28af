"""The rows of the สรุป sheet: every figure of FORM.md §3 as a live Excel formula, beside the checker's value.

The formulas work without Python, in Excel and in LibreOffice, so the counts update while staff
type. Distinct counts and row validity go through a hidden helper sheet (คำนวณสรุป) with one
row per data row: plain formulas (TRIM, SUMPRODUCT, IF) that both applications compute alike.
Everything is derived from the form definition and from where the columns really are in the
file (a :class:`Layout`), so a file with an extra title row or moved columns still works.

The formulas mirror the checker's rules that decide whether a row counts (required cells,
choice lists, counts not negative or fractional, references to a programme, duplicates, end
date not before start). They cannot parse dates typed as text or Thai digits; where the two
disagree the sheet shows ต่างกัน, which is the point of putting them side by side.
"""
from __future__ import annotations

from dataclasses import dataclass

from ...core.check import Report
from ...core.ir import column_letter
from ...core.messages import SEVERITY_ORDER, thai_datetime
from ...form import (ACTIVITY_TYPES, COMMUNITY_CRITERIA, COMMUNITY_CRITERION_TYPE, FIGURES, FORM,
                    ITEMS, LEVELS, RESOURCE_CRITERIA, STAGES, YES, Form)
from ...text import school_line, status_line
from ..sheetxml import Formula, Sheet
from ..styles import fit_height, row_height
from .calc import _calc_range
from .layout import Layout, SheetPlace, _q
from .values import Live, arith, figure_values, is_error, rounded, text

SUMMARY_HEADER_ROW = 7
COL_LABEL, COL_FORMULA, COL_CHECKER, COL_MATCH, COL_KEY = 1, 2, 3, 4, 5
WIDTHS = {COL_LABEL: 58, COL_FORMULA: 24, COL_CHECKER: 24, COL_MATCH: 34, COL_KEY: 30}
DIFFERENT = "ต่างกัน"
# Sheets whose findings can explain a difference between formula and checker, by figure key
# prefix: the checker reads what formulas cannot (dates as text, พ.ศ. years, Thai digits …).
EXPLAINED_BY = {
    "dual_programmes": ("programmes",),
    "resource_programmes": ("programmes", "resource_projects"),
    "activities": ("activities",),
    "expert_ratio": ("programmes", "experts"),
    "stages": ("dual",),
    "criteria.2": ("resource_criteria", "resource_projects", "programmes", "experts"),
    "criteria.3": ("community_criteria", "activities"),
}


# Findings of values the checker reads and a formula cannot (Thai digits, text): first.
READ_BY_CHECKER_ONLY = ("I_THAI_DIGITS", "W_BE_DATE", "W_FORMULA_TEXT")


def explaining_code(key: str, report: Report | None, form: Form = FORM) -> str:
    """The code of the finding that most likely explains a difference on figure ``key``:
    a value only the checker can read first, then notes, warnings, errors."""
    if report is None:
        return ""
    prefix = next((p for p in EXPLAINED_BY if key.startswith(p)), None)
    names = ({form.sheet(k).name for k in EXPLAINED_BY[prefix]} if prefix
             else {s.name for s in form.data_sheets})
    found = [f for f in report.findings if f.sheet in names]
    found.sort(key=lambda f: (f.code not in READ_BY_CHECKER_ONLY, -SEVERITY_ORDER[f.severity]))
    return found[0].code if found else ""


def _declared(place: SheetPlace | None, item: str) -> str:
    """ใช่ with evidence, on a checklist row."""
    if place is None or item not in place.item_rows:
        return "FALSE"
    r = place.item_rows[item]
    q = _q(place.name)
    return (f'AND(TRIM({q}!{place.columns["done"]}{r})="{YES}",'
            f'TRIM({q}!{place.columns["evidence"]}{r})<>"")')


def _stage_complete(place: SheetPlace | None, stage: str, form: Form) -> str:
    if place is None:
        return "FALSE"
    terms = []
    for item in form.sheet("dual").items:
        if item.stage != stage:
            continue
        if item.number not in place.item_rows:
            return "FALSE"
        r = place.item_rows[item.number]
        terms.append(_declared(place, item.number))
        terms.append(f'{_q(place.name)}!{place.columns["date"]}{r}<>""')
    return "AND(" + ",".join(terms) + ")"


@dataclass
class Row:
    key: str  # stable key (hidden column), e.g. "dual_programmes.ปวช."
    label: str
    formula: str | None
    value: object  # the checker's value (None in the template)
    style: str = "number"


def figure_rows(layout: Layout, report: Report | None, rubric: dict, first_row: int,
                form: Form = FORM) -> list[Row | str]:
    """The summary rows (a str is a section heading), with formulas referencing each other."""
    n = layout.rows
    f = report.figures if report else None
    rng = lambda k: _calc_range(k, n)  # noqa: E731
    out: list[Row | str] = []
    where: dict[str, int] = {}

    def add(row: Row) -> None:
        where[row.key] = first_row + len(out)
        out.append(row)

    def section(title: str) -> None:
        out.append(title)

    def ref(key: str) -> str:
        return f"{column_letter(COL_FORMULA - 1)}{where[key]}"

    for fig, first_col in (("dual_programmes", "dfirst"), ("resource_programmes", "rfirst")):
        section(FIGURES[fig][0])
        for level in LEVELS:
            add(Row(f"{fig}.{level}", level,
                    f'SUMPRODUCT(({rng(first_col)}=1)*({rng("plevel")}="{level}"))',
                    f[fig]["by_level"][level] if f else None))
        add(Row(f"{fig}.total", "รวม", f"SUM({rng(first_col)})", f[fig]["total"] if f else None))
    section(FIGURES["activities"][0])
    for t in ACTIVITY_TYPES:
        add(Row(f"activities.{t}", t, f'COUNTIF({rng("acttype")},"{t}")',
                f["activities"]["by_type"][t] if f else None))
    add(Row("activities.total", "รวม", f'SUM({rng("actfirst")})', f["activities"]["total"] if f else None))
    section(FIGURES["expert_ratio"][0])
    r = f["expert_ratio"] if f else None
    add(Row("expert_ratio.covered", "สาขางานที่มีครูพิเศษร่วมพัฒนาผู้เรียน", f'SUM({rng("covered")})',
            r["covered"] if r else None))
    add(Row("expert_ratio.uncovered", "สาขางานที่ยังไม่มีครูพิเศษ",
            f'SUM({rng("pfirst")})-SUM({rng("covered")})', r["total"] - r["covered"] if r else None))
    add(Row("expert_ratio.total", "สาขางานทั้งหมด", f'SUM({rng("pfirst")})', r["total"] if r else None))
    add(Row("expert_ratio.percent", "ร้อยละ",
            f'IF({ref("expert_ratio.total")}=0,0,ROUND({ref("expert_ratio.covered")}*100/{ref("expert_ratio.total")},2))',
            r["percent"] if r else None, "percent"))
    add(Row("expert_ratio.met", "เกณฑ์ร้อยละ 80",
            f'IF(AND({ref("expert_ratio.total")}>0,{ref("expert_ratio.covered")}*100>=80*{ref("expert_ratio.total")}),1,0)',
            int(r["met"]) if r else None, "passfail"))
    section(FIGURES["stages"][0])
    dual = layout.sheets.get("dual")
    for k, stage in enumerate(STAGES, start=1):
        add(Row(f"stages.{k}", stage, f"IF({_stage_complete(dual, stage, form)},1,0)",
                int(f["stages"]["detail"][str(k)]) if f else None, "passfail"))
    add(Row("stages.count", "จำนวนขั้นที่ครบ",
            f'SUM({ref("stages.1")}:{ref("stages.5")})', f["stages"]["count"] if f else None))
    resource, community = layout.sheets.get("resource_criteria"), layout.sheets.get("community_criteria")
    projects = f'SUMPRODUCT(--({rng("projkey")}<>""))>0'
    section(f"ข้อ 2 {ITEMS['2'][0]}")
    for item in RESOURCE_CRITERIA:
        if item.number == "2.3":
            formula = ref("expert_ratio.met")
        elif item.number in ("2.1", "2.4"):
            formula = f"IF(AND({_declared(resource, item.number)},{projects}),1,0)"
        else:
            formula = f"IF({_declared(resource, item.number)},1,0)"
        add(Row(f"criteria.{item.number}", f"ข้อ {item.number} {item.text}", formula,
                int(f["criteria"]["2"]["detail"][item.number]) if f else None, "passfail"))
    section(f"ข้อ 3 {ITEMS['3'][0]}")
    for item in COMMUNITY_CRITERIA:
        t = COMMUNITY_CRITERION_TYPE.get(item.number)
        if t:
            formula = f'IF(SUMPRODUCT(({rng("acttype")}="{t}")*({rng("actfull")}=1))>0,1,0)'
        else:
            formula = f"IF({_declared(community, item.number)},1,0)"
        add(Row(f"criteria.{item.number}", f"ข้อ {item.number} {item.text}", formula,
                int(f["criteria"]["3"]["detail"][item.number]) if f else None, "passfail"))
    section("เกณฑ์ที่ผ่านและระดับคุณภาพ")
    details = {"1": [f"stages.{k}" for k in range(1, 6)],
               "2": [f"criteria.{i.number}" for i in RESOURCE_CRITERIA],
               "3": [f"criteria.{i.number}" for i in COMMUNITY_CRITERIA]}
    for item, keys in details.items():
        add(Row(f"criteria.{item}.met", f"ข้อ {item} จำนวนเกณฑ์ที่ผ่าน",
                "+".join(ref(k) for k in keys), f["criteria"][item]["met"] if f else None))
    thresholds = sorted(rubric["item_levels"].items())
    lookup = ("{" + ",".join(str(m) for m, _ in thresholds) + "},{"
              + ",".join(str(lv) for _, lv in thresholds) + "}")
    for item, keys in details.items():
        if rubric["mode"] == "count":
            score = ref(f"criteria.{item}.met")
        else:  # criteria 1..k met in order: k = how many lead the list unbroken
            score = str(len(keys))
            for idx in reversed(range(len(keys))):
                score = f"IF({ref(keys[idx])}=1,{score},{idx})"
        add(Row(f"levels.{item}", f"ข้อ {item} ระดับคุณภาพ (1–5)", f"LOOKUP({score},{lookup})",
                f["levels"]["items"][item]["level"] if f else None))
    add(Row("levels.percent", "ด้านความร่วมมือ ร้อยละ",
            f'ROUND(({ref("levels.1")}+{ref("levels.2")}+{ref("levels.3")})*100/15,2)',
            f["levels"]["aspect"]["percent"] if f else None, "percent"))
    bands = sorted(rubric["aspect_bands"])
    band_lookup = ("{" + ",".join(f"{b:g}" for b, _ in bands) + "},{"
                   + ",".join(str(lv) for _, lv in bands) + "}")
    add(Row("levels.aspect", "ด้านความร่วมมือ ระดับคุณภาพ (1–5)",
            f'LOOKUP({ref("levels.percent")},{band_lookup})',
            f["levels"]["aspect"]["level"] if f else None))
    return out


def match_value(checker: object, formula: object, differ: str) -> object:
    """What column D's IF(C="","",IF(ROUND(B,2)=ROUND(C,2),"✓",differ)) shows."""
    if checker is None:
        return ""
    if is_error(formula):
        return formula
    return "✓" if rounded(formula) == rounded(checker) else differ


def summary_sheet(layout: Layout, report: Report | None, rubric: dict, tool: str,
                  form: Form = FORM, forced: bool = False, live: Live | None = None
                  ) -> tuple[Sheet, dict[str, tuple[int, int]]]:
    """The สรุป sheet, and the (first, last) rows of the chart ranges by chart name; with
    ``live`` every formula carries the value it computes (values.py) as its cached value."""
    # Each printed page repeats the title row, not the table's header: the charts print on the
    # last page, and a header band there would head no table.
    sheet = Sheet(landscape=True, freeze_row=SUMMARY_HEADER_ROW + 1, print_rows="1:1")
    sheet.widths.update(WIDTHS)
    sheet.hidden_cols.add(COL_KEY)
    sheet.set(1, 1, form.sheet("summary").title + " · " + form.title, "title")
    sheet.heights[1] = row_height(1, 20)
    school = layout.sheets.get("school")
    school_text = "วิทยาลัยการอาชีพ" * 3  # the template: room for two lines of a long name
    if school:
        q = _q(school.name)
        name, code, year = (live.cells.school(k) if live else None for k in ("name", "code", "academic_year"))
        sheet.set(2, 1, "สถานศึกษา", "label")
        sheet.set(2, 2, Formula(f'{q}!{school.columns["name"]}&" ("&{q}!{school.columns["code"]}&")"',
                                arith(lambda a, b: f"{text(a)} ({text(b)})", name, code) if live else None), "text")
        sheet.set(3, 1, "ปีการศึกษา", "label")
        sheet.set(3, 2, Formula(f'{q}!{school.columns["academic_year"]}&""', arith(text, year) if live else None),
                  "text")
    note_width = sum(WIDTHS[c] for c in (COL_LABEL, COL_FORMULA, COL_CHECKER, COL_MATCH))
    if report:
        s = report.school
        sheet.set(2, 3, school_line(s), "text")
        sheet.set(3, 3, str(s.get("academic_year") or "-"), "text")
        sheet.set(4, 1, status_line(report, forced=forced), "status_ok" if report.valid else "status_bad")
        note = (f"ตรวจสอบเมื่อ {thai_datetime(report.checked_at)} · {tool} · "
                f"แบบฟอร์มรุ่น {report.form_version or '-'} (โปรแกรมรู้จักรุ่น {form.version}) · "
                f"คำเตือน {len(report.warnings)} รายการ · รายละเอียดในชีต {form.sheet('findings').name}")
        sheet.set(5, 1, note, "note")
    else:
        sheet.set(4, 1, "ยังไม่ได้ตรวจสอบด้วยโปรแกรม: คอลัมน์ B คำนวณสดจากข้อมูลที่กรอก "
                        "กดปุ่ม ตรวจสอบข้อมูล เพื่อเติมคอลัมน์ C และรายการที่ต้องแก้", "note")
        note = f"{tool} · แบบฟอร์มรุ่น {form.version}"
        sheet.set(5, 1, note, "note")
    sheet.heights.update({2: fit_height([(school_text, WIDTHS[COL_FORMULA])]), 3: row_height(),
                          4: max(row_height(1, 18), fit_height([(sheet.cells[(4, 1)][0], note_width)], 14)),
                          5: fit_height([(note, note_width)], 14)})
    sheet.merges += ["A4:D4", "A5:D5"]
    heads = ("รายการ", "คำนวณจากสูตร (Excel)", "ผลการตรวจสอบ (vetqa_xl)", "ตรงกัน", "รหัส")
    for c, h in enumerate(heads, start=1):
        sheet.set(SUMMARY_HEADER_ROW, c, h, "header")
    sheet.heights[SUMMARY_HEADER_ROW] = fit_height([(h, WIDTHS[c]) for c, h in enumerate(heads[:4], 1)],
                                                   minimum=2)  # bold, centred labels wrap sooner
    rows = figure_rows(layout, report, rubric, SUMMARY_HEADER_ROW + 1, form)
    cached = figure_values([r.key for r in rows if isinstance(r, Row)], live, layout, rubric, form) if live else {}
    charts: dict[str, tuple[int, int]] = {}
    keys = {}
    for i, row in enumerate(rows, start=SUMMARY_HEADER_ROW + 1):
        if isinstance(row, str):
            sheet.set(i, 1, row, "section")
            for c in (2, 3, 4):
                sheet.set(i, c, None, "section")
            sheet.heights[i] = row_height()
            continue
        keys[row.key] = i
        sheet.set(i, COL_LABEL, row.label, "label")
        sheet.set(i, COL_FORMULA, Formula(row.formula, cached.get(row.key)) if row.formula else None, row.style)
        sheet.set(i, COL_CHECKER, row.value, row.style)
        code = explaining_code(row.key, report, form)
        differ = f"{DIFFERENT} ดู {code}" if code else DIFFERENT
        sheet.set(i, COL_MATCH, Formula(f'IF(C{i}="","",IF(ROUND(B{i},2)=ROUND(C{i},2),"✓","{differ}"))',
                                        match_value(row.value, cached[row.key], differ) if live else None), "ok")
        sheet.set(i, COL_KEY, row.key, "label")
        sheet.heights[i] = fit_height([(row.label, WIDTHS[COL_LABEL])])  # D shrinks to one line
    first, last_key = SUMMARY_HEADER_ROW + 1, max(keys.values())
    sheet.conditional.append((f"D{first}:D{last_key}", f'ISNUMBER(SEARCH("{DIFFERENT}",D{first}))', "bad"))
    charts["activities"] = (keys[f"activities.{ACTIVITY_TYPES[0]}"], keys[f"activities.{ACTIVITY_TYPES[-1]}"])
    charts["experts"] = (keys["expert_ratio.covered"], keys["expert_ratio.uncovered"])
    charts["stages"] = (keys["stages.1"], keys["stages.5"])
    last = last_key + 2
    sheet.set(last, 1, "เกณฑ์: " + rubric["name"], "note")
    sheet.merges.append(f"A{last}:D{last}")
    sheet.heights[last] = fit_height([("เกณฑ์: " + rubric["name"], note_width)], 14)
    sheet.row_breaks.append(last)  # the charts, below, print on a page of their own
    return sheet, charts


def summary_keys(sheet: Sheet) -> dict[str, int]:
    """Row of each figure key (used by tests and the Excel layer)."""
    return {v: r for (r, c), (v, _) in sheet.cells.items() if c == COL_KEY and r > SUMMARY_HEADER_ROW}


