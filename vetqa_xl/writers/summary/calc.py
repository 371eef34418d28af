"""The hidden helper sheet คำนวณสรุป: per data row, whether and how it counts, in plain formulas
(TRIM, SUMPRODUCT, IF) that Excel and LibreOffice compute alike; and row_valid, the checker's
rules for a row that counts, as one formula."""
from __future__ import annotations

from ...form import FORM, PARTICIPANT_KEYS, YES, Form
from ..sheetxml import Formula, SheetModel
from .layout import Refs, SheetPlace, SummaryLayout, _q
from .values import CALC_KEYS, Live

CALC_SHEET = "คำนวณสรุป"  # hidden helper sheet


def _choice(x: str, values) -> str:
    return "OR(TRIM(" + x + ')="",' + ",".join(f'TRIM({x})="{v}"' for v in values) + ")"


def row_valid(sheet_key: str, ref: Refs, programme_keys: str | None, form: Form = FORM) -> str:
    """A formula that is TRUE when a data row would count (no error under the checker's rules)."""
    sheet = form.sheet(sheet_key)
    terms = []
    for c in sheet.columns:
        x = ref[c.key]
        terms.append(f"NOT(ISERROR({x}))")
        if c.required:
            terms.append(f'TRIM({x})<>""')
        if c.kind == "choice" and not c.open:
            terms.append(_choice(x, c.choice_values))
        if c.kind == "count":
            terms.append(f"IF(ISNUMBER({x}),AND({x}>=0,{x}=INT({x})),TRUE)")
        if c.kind == "number":
            terms.append(f"IF(ISNUMBER({x}),{x}>=0,TRUE)")
        if c.kind == "programme" and programme_keys:
            terms.append(f'SUMPRODUCT(--({programme_keys}=TRIM({ref["level"]})&"|"&TRIM({x})))>0')
    if sheet_key == "activities":
        terms.append(f'IF(AND(ISNUMBER({ref["start"]}),ISNUMBER({ref["end"]})),{ref["end"]}>={ref["start"]},TRUE)')
    if sheet_key == "programmes":
        terms.append(f'IF(AND(ISNUMBER({ref["dual_students"]}),ISNUMBER({ref["students"]})),'
                     f'{ref["dual_students"]}<={ref["students"]},TRUE)')
    # Evaluation errors (a #REF! anywhere) make the row not count, as the checker does.
    return "IFERROR(AND(" + ",".join(terms) + "),FALSE)"

# Every error of the checker that stops a data row counting, and its live-formula twin (the
# term of row_valid or the helper sheet that drops the row too); tests/test_pipeline.py proves
# every error code is here or in NO_LIVE_TWIN, tests/test_summary_formulas.py that LibreOffice
# agrees with the checker on a row with each of them.
LIVE_TWINS = {
    "E_REQUIRED": 'TRIM(x)<>"" of a required column',
    "E_CELL_ERROR": "NOT(ISERROR(x)) of every column",
    "E_NOT_IN_LIST": "OR(TRIM(x)=choice …) of a closed list",
    "E_COUNT_NEGATIVE": "x>=0 of a count or amount",
    "E_COUNT_FRACTION": "x=INT(x) of a count",
    "E_PROGRAMME_UNKNOWN": "SUMPRODUCT over the valid สาขางาน keys (calc column pkey)",
    "E_DUPLICATE_PROGRAMME": "only the first row of a สาขางาน counts (calc column pfirst)",
    "E_DATE_ORDER": "end>=start of 3 กิจกรรม",
    "E_DUAL_STUDENTS_EXCEED": "dual_students<=students of สาขางาน",
    "E_EVIDENCE_MISSING": "a stage and a criterion need ใช่ with evidence",
}
# Errors with no twin, and why.
NO_LIVE_TWIN = {
    "E_NOT_NUMBER": "a formula cannot tell Thai digits the checker reads from text that is no "
                    "number: the row shows ต่างกัน ดู CODE instead",
    "E_NOT_DATE": "a date typed as text (15/6/2568) is read by the checker only: ต่างกัน ดู CODE",
    "E_SCHOOL_CODE": "ข้อมูลสถานศึกษา counts in no figure",
    "E_EMAIL": "ข้อมูลสถานศึกษา counts in no figure",
    "E_ACADEMIC_YEAR": "ข้อมูลสถานศึกษา counts in no figure",
    "E_SHEET_MISSING": "names no data row: there is nothing to count",
    "E_HEADER_MISSING": "names no data row; the sheet gets no live formulas (summary_layout)",
    "E_FORM_VERSION": "names no data row",
    "E_CHECKLIST_ROW_MISSING": "names no data row: the item is not met either way",
    "E_NO_PROGRAMMES": "names no data row: no programme counts either way",
    "E_DECLARED_CONTRADICTED": "found after the rows are counted; the criteria formulas test the "
                               "same data (not met either way)",
}

# The helper sheet's columns: (letter, heading). Row 1 holds the headings.
CALC = {
    "pkey": ("A", "สาขางาน: ระดับ|สาขางาน ของแถวที่ถูกต้อง"),
    "pfirst": ("B", "สาขางาน: แถวแรกของสาขางาน"),
    "dmajor": ("C", "สาขาวิชาระบบทวิภาคี"),
    "dfirst": ("D", "สาขาวิชาระบบทวิภาคี: ครั้งแรก"),
    "plevel": ("E", "ระดับ"),
    "rmajor": ("F", "สาขาวิชาที่มีการระดมทรัพยากร"),
    "rfirst": ("G", "สาขาวิชาที่มีการระดมทรัพยากร: ครั้งแรก"),
    "covered": ("H", "สาขางานที่มีครูพิเศษ"),
    "projkey": ("I", "โครงการระดมทรัพยากร: ระดับ|สาขางาน"),
    "expkey": ("J", "ครูพิเศษ: ระดับ|สาขางาน"),
    "actkey": ("K", "กิจกรรม: เนื้อหาแถว"),
    "actfirst": ("L", "กิจกรรม: นับ (ไม่ซ้ำ)"),
    "acttype": ("M", "กิจกรรม: ประเภท"),
    "actfull": ("N", "กิจกรรม: ผู้เข้าร่วมครบ 4 กลุ่ม"),
}
assert tuple(CALC) == CALC_KEYS  # values.calc_values computes the same columns


def _calc_range(key: str, n: int) -> str:
    letter = CALC[key][0]
    return f"{_q(CALC_SHEET)}!${letter}$2:${letter}${n + 1}"


def calc_sheet(layout: SummaryLayout, form: Form = FORM, stream: bool = False, live: Live | None = None
               ) -> SheetModel:
    """The hidden helper sheet: per data row, whether and how it counts. With ``stream`` the
    rows are made only while the sheet is rendered (``SheetModel.more_rows``): on 50,000 activity
    rows they are hundreds of MB of formula text. With ``live`` each formula carries its value."""
    sheet = SheetModel()
    for c, (_key, (_letter, heading)) in enumerate(CALC.items(), start=1):
        sheet.set(1, c, heading)
        sheet.widths[c] = 20
    if stream:
        sheet.more_rows = lambda: calc_rows(layout, form, live)
    else:
        for i, cells in calc_rows(layout, form, live):
            for c, value, style in cells:
                sheet.set(i, c, value, style)
    return sheet


def _block_rows(place: SheetPlace | None) -> int:
    """Helper rows of one data sheet's block: its own rows, not the longest table's."""
    return place.last_row - place.header_row if place else 0


def calc_rows(layout: SummaryLayout, form: Form = FORM, live: Live | None = None):
    """The helper sheet's rows after the headings: (row, [(column, Formula, style)]). Each block
    of columns has a row for each row of its own data sheet only; the ranges the summary and
    the blocks read (``_calc_range``) still run to the longest table, where the rest is blank.
    With ``live`` each formula carries its value (values.calc_values)."""
    n = layout.rows
    P, J, E, A = (layout.sheets.get(k) for k in ("programmes", "resource_projects", "experts", "activities"))
    col = {k: v[0] for k, v in CALC.items()}
    number = {k: c for c, k in enumerate(CALC, start=1)}
    pkeys = _calc_range("pkey", n)
    first = lambda k, i: (f'IF({col[k]}{i}="",0,IF(SUMPRODUCT(--(${col[k]}$2:{col[k]}{i}={col[k]}{i}))=1,1,0))')  # noqa: E731
    last = {key: _block_rows(place) + 1 for key, place in (("P", P), ("J", J), ("E", E), ("A", A))}
    activity_columns = form.sheet("activities").columns
    for i in range(2, max(last.values()) + 1):
        cells = {}
        if P and i <= last["P"]:
            p = Refs(P, i)
            major = f'TRIM({p["level"]})&"|"&TRIM({p["major"]})'
            cells["pkey"] = f'IF({row_valid("programmes", p, None, form)},TRIM({p["level"]})&"|"&TRIM({p["programme"]}),"")'
            cells["pfirst"] = first("pkey", i)
            cells["dmajor"] = f'IF(AND(B{i}=1,TRIM({p["dual"]})="{YES}"),{major},"")'
            cells["dfirst"] = first("dmajor", i)
            cells["plevel"] = f'IF(B{i}=1,TRIM({p["level"]}),"")'
            cells["rmajor"] = f'IF(AND(B{i}=1,SUMPRODUCT(--({_calc_range("projkey", n)}=A{i}))>0),{major},"")'
            cells["rfirst"] = first("rmajor", i)
            cells["covered"] = f'IF(AND(B{i}=1,SUMPRODUCT(--({_calc_range("expkey", n)}=A{i}))>0),1,0)'
        for key, place, sheet_key, block in (("projkey", J, "resource_projects", "J"), ("expkey", E, "experts", "E")):
            if place and P and i <= last[block]:
                r = Refs(place, i)
                cells[key] = (f'IF({row_valid(sheet_key, r, pkeys, form)},'
                              f'TRIM({r["level"]})&"|"&TRIM({r["programme"]}),"")')
        if A and i <= last["A"]:
            a = Refs(A, i)
            content = '&"|"&'.join(f"TRIM({a[c.key]})" for c in activity_columns)
            cells["actkey"] = f'IF({row_valid("activities", a, None, form)},{content},"")'
            cells["actfirst"] = first("actkey", i)
            cells["acttype"] = f'IF(L{i}=1,TRIM({a["activity_type"]}),"")'
            # IFERROR: an error cell (#N/A) in a count would make AND() an error even when the
            # row does not count (L=0); the checker reports it (E_CELL_ERROR) and drops the row
            groups = ",".join(f"IFERROR(N({a[k]}),0)>0" for k in PARTICIPANT_KEYS)
            cells["actfull"] = f"IF(AND(L{i}=1,{groups}),1,0)"
        yield i, sorted((number[key], Formula(formula, live.col[key][i - 2] if live else None), "")
                        for key, formula in cells.items())
