"""The rows of the สรุป sheet: every figure of FORM.md §3 as a live Excel formula, beside the checker's value.

The formulas work without Python, in Excel and in LibreOffice, so the counts update while staff
type. Distinct counts and row validity go through a hidden helper sheet (คำนวณสรุป) with one
row per data row: plain formulas (TRIM, SUMPRODUCT, IF) that both applications compute alike.
Everything is derived from the form definition and from where the columns really are in the
file (a :class:`SummaryLayout`), so a file with an extra title row or moved columns still works.

The formulas mirror the checker's rules that decide whether a row counts (required cells,
choice lists, counts not negative or fractional, references to a programme, duplicates, end
date not before start). They cannot parse dates typed as text or Thai digits; where the two
disagree the sheet shows ต่างกัน, which is the point of putting them side by side.
"""
from __future__ import annotations

from typing import cast

from ...core.check import Report
from ...core.formulas import SummaryRow
from ...core.ir import column_letter
from ...core.messages import SEVERITY_ORDER, thai_datetime
from ...core.problems import say
from ...core.registry import FIGURES
from ...form import FORM, YES, Form
from ...text import school_line, status_line
from ..sheetxml import Formula, SheetModel
from ..styles import fit_height, row_height
from .calc import _calc_range
from .layout import SheetPlace, SummaryLayout, _q
from .values import Live, arith, figure_values, is_error, rounded, text

SUMMARY_HEADER_ROW = 7
COL_LABEL, COL_FORMULA, COL_CHECKER, COL_MATCH, COL_KEY = 1, 2, 3, 4, 5
WIDTHS = {COL_LABEL: 58, COL_FORMULA: 24, COL_CHECKER: 24, COL_MATCH: 34, COL_KEY: 30}
DIFFERENT = "ต่างกัน"
# Sheets whose findings can explain a difference between formula and checker, by row-key
# prefix (each figure declares its own): the checker reads what formulas cannot (dates as text,
# พ.ศ. years, Thai digits …).
EXPLAINED_BY = {prefix: sheets for fig in FIGURES for prefix, sheets in (fig.explained_by or {}).items()}


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


class Place:
    """Where the สรุป formulas read in one workbook (core.formulas.Place), for the figures'
    live-formula builders."""

    def __init__(self, layout: SummaryLayout, rubric: dict, form: Form, where: dict[str, int]):
        self.layout, self.rubric, self.form, self.where = layout, rubric, form, where

    def rng(self, calc_key: str) -> str:
        return _calc_range(calc_key, self.layout.rows)

    def ref(self, row_key: str) -> str:
        return f"{column_letter(COL_FORMULA - 1)}{self.where[row_key]}"

    def declared(self, sheet_key: str, item: str) -> str:
        return _declared(self.layout.sheets.get(sheet_key), item)

    def stage_complete(self, stage: str) -> str:
        return _stage_complete(self.layout.sheets.get("dual"), stage, self.form)

    def projects(self) -> str:
        return f'SUMPRODUCT(--({self.rng("projkey")}<>""))>0'


def figure_rows(layout: SummaryLayout, report: Report | None, rubric: dict, first_row: int,
                form: Form = FORM) -> list[SummaryRow | str]:
    """The summary rows (a str is a section heading), with formulas referencing each other:
    each figure of the registry in turn, by its live-formula builder."""
    out: list[SummaryRow | str] = []
    where: dict[str, int] = {}
    place = Place(layout, rubric, form, where)
    for fig in FIGURES:
        if fig.rows is None:
            continue
        for row in fig.rows(fig, place, fig.of(report.figures) if report else None):
            if isinstance(row, SummaryRow):
                where[row.key] = first_row + len(out)
            out.append(row)
    return out


def match_value(checker: object, formula: object, differ: str) -> object:
    """What column D's IF(C="","",IF(ROUND(B,2)=ROUND(C,2),"✓",differ)) shows."""
    if checker is None:
        return ""
    if is_error(formula):
        return formula
    return "✓" if rounded(cast(float, formula)) == rounded(cast(float, checker)) else differ  # both numbers


def summary_sheet(layout: SummaryLayout, report: Report | None, rubric: dict, tool: str,
                  form: Form = FORM, forced: bool = False, live: Live | None = None
                  ) -> tuple[SheetModel, dict[str, tuple[int, int]]]:
    """The สรุป sheet, and the (first, last) rows of the chart ranges by chart name; with
    ``live`` every formula carries the value it computes (values.py) as its cached value."""
    # Each printed page repeats the title row, not the table's header: the charts print on the
    # last page, and a header band there would head no table.
    sheet = SheetModel(landscape=True, freeze_row=SUMMARY_HEADER_ROW + 1, print_rows="1:1")
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
        note = say("summary_checked", when=thai_datetime(report.checked_at), tool=tool,
                   found=report.form_version or "-", known=form.version, warnings=len(report.warnings),
                   sheet=form.sheet("findings").name)
        sheet.set(5, 1, note, "note")
    else:
        sheet.set(4, 1, say("summary_unchecked"), "note")
        note = say("summary_tool", tool=tool, version=form.version)
        sheet.set(5, 1, note, "note")
    sheet.heights.update({2: fit_height([(school_text, WIDTHS[COL_FORMULA])]), 3: row_height(),
                          4: max(row_height(1, 18), fit_height([(str(sheet.cells[(4, 1)][0]), note_width)], 14)),
                          5: fit_height([(note, note_width)], 14)})
    sheet.merges += ["A4:D4", "A5:D5"]
    heads = ("รายการ", "คำนวณจากสูตร (Excel)", "ผลการตรวจสอบ (vetqa_xl)", "ตรงกัน", "รหัส")
    for c, h in enumerate(heads, start=1):
        sheet.set(SUMMARY_HEADER_ROW, c, h, "header")
    sheet.heights[SUMMARY_HEADER_ROW] = fit_height([(h, WIDTHS[c]) for c, h in enumerate(heads[:4], 1)],
                                                   minimum=2)  # bold, centred labels wrap sooner
    rows = figure_rows(layout, report, rubric, SUMMARY_HEADER_ROW + 1, form)
    cached = figure_values([r for r in rows if isinstance(r, SummaryRow)], live, layout, form) if live else {}
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
        if row.chart:  # the series of a chart: the rows its figure declares for it, in a run
            charts[row.chart] = (charts.get(row.chart, (i, i))[0], i)
        sheet.set(i, COL_LABEL, row.label, "label")
        sheet.set(i, COL_FORMULA, Formula(row.formula, cached.get(row.key)) if row.formula else None, row.style)
        sheet.set(i, COL_CHECKER, row.value, row.style)
        code = explaining_code(row.key, report, form)
        differ = say("differs_see", differs=DIFFERENT, code=code) if code else DIFFERENT
        sheet.set(i, COL_MATCH, Formula(f'IF(C{i}="","",IF(ROUND(B{i},2)=ROUND(C{i},2),"✓","{differ}"))',
                                        match_value(row.value, cached[row.key], differ) if live else None), "ok")
        sheet.set(i, COL_KEY, row.key, "label")
        sheet.heights[i] = fit_height([(row.label, WIDTHS[COL_LABEL])])  # D shrinks to one line
    first, last_key = SUMMARY_HEADER_ROW + 1, max(keys.values())
    sheet.conditional.append((f"D{first}:D{last_key}", f'ISNUMBER(SEARCH("{DIFFERENT}",D{first}))', "bad"))
    last = last_key + 2
    sheet.set(last, 1, say("summary_rubric", name=rubric["name"]), "note")
    sheet.merges.append(f"A{last}:D{last}")
    sheet.heights[last] = fit_height([(say("summary_rubric", name=rubric["name"]), note_width)], 14)
    sheet.row_breaks.append(last)  # the charts, below, print on a page of their own
    return sheet, charts


def summary_keys(sheet: SheetModel) -> dict[str, int]:
    """Row of each figure key (used by tests and the Excel layer)."""
    return {str(v): r for (r, c), (v, _) in sheet.cells.items() if c == COL_KEY and r > SUMMARY_HEADER_ROW}


