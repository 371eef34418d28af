"""vetqa-xl fix: what needs no judgment is converted, listed, and nothing else changes.

The expected changes of the mistakes sample come from tests/data/sample_expected.md (mistakes
3, 5, 6, 7 and 14, located there by hand); the causes fixture is the hand-made base college
with a non-breaking space and Thai digits typed in."""
from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile

import pytest
from python_calamine import CalamineWorkbook

from vetqa_xl import api, fill_sample, report
from vetqa_xl.core.fixes import plan_fixes
from vetqa_xl.writers.fill import write_filled
from vetqa_xl.writers.fix import FIX_SHEET
from vetqa_xl.writers.ooxml import Package

from .helpers import base
from .helpers import summary_rows as _summary

# sample_expected.md, college_mistakes.json: (sheet, cell, before, after)
EXPECTED = [
    ("สาขางาน", "G5", "๑๒", 12),  # 3: Thai digits in a count
    ("1 ทวิภาคี", "E5", "15/6/2568", dt.date(2025, 6, 15)),  # 5: date text, พ.ศ. year
    ("1 ทวิภาคี", "E6", "15 มิ.ย. 2568", dt.date(2025, 6, 15)),  # 6: Thai month, พ.ศ. year
    ("1 ทวิภาคี", "E8", dt.date(2568, 7, 1), dt.date(2025, 7, 1)),  # 7: date cell with a พ.ศ. year
    ("2 ครูพิเศษ", "F4", "ช่างยนต์  ", "ช่างยนต์"),  # 14: trailing spaces in a key
]


@pytest.fixture(scope="module")
def fixed(tmp_path_factory):
    d = tmp_path_factory.mktemp("fix")
    src = fill_sample(d / "mistakes.xlsx", "college_mistakes")
    before = src.read_bytes()
    out, changes = api.fix(src, d / "fixed.xlsx")
    assert src.read_bytes() == before  # the input is never modified
    return src, out, changes


def _date(value):
    return value.date() if isinstance(value, dt.datetime) else value


def test_the_mistakes_sample_gets_exactly_the_expected_changes(fixed):
    _, _, changes = fixed
    assert [(c.sheet, c.cell, _date(c.before), c.after) for c in changes] == EXPECTED


def test_fixed_cells_hold_real_numbers_and_dates(fixed):
    _, out, _ = fixed
    book = CalamineWorkbook.from_path(str(out))
    def at(sheet, ref):
        m = re.match(r"([A-Z]+)(\d+)", ref)
        grid = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        return grid[int(m[2]) - 1][ord(m[1]) - 65]
    for sheet, ref, _, after in EXPECTED:
        value = _date(at(sheet, ref))
        # a number cell (calamine reads every number as float), a date cell: never text any more
        assert value == after and isinstance(value, str) == isinstance(after, str), (sheet, ref, value)
        assert isinstance(value, dt.date) == isinstance(after, dt.date)


def test_every_change_is_listed(fixed):
    _, out, _ = fixed
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name(FIX_SHEET).to_python()
    assert rows[1][:4] == ["ชีต", "เซลล์", "ก่อนแก้ไข", "หลังแก้ไข"]
    listed = [tuple(r[:4]) for r in rows[2:]]
    assert listed == [
        ("สาขางาน", "G5", "๑๒", 12.0),
        ("1 ทวิภาคี", "E5", "15/6/2568", "15 มิ.ย. 2568"),
        ("1 ทวิภาคี", "E6", "15 มิ.ย. 2568", "15 มิ.ย. 2568"),
        ("1 ทวิภาคี", "E8", "1/7/2568", "1 ก.ค. 2568"),
        ("2 ครูพิเศษ", "F4", "ช่างยนต์  ", "ช่างยนต์"),
    ]


def _cells(xml: str) -> dict[str, str]:
    return {m.group(1): m.group(0) for m in
            re.finditer(r'<(?:\w+:)?c\b[^>]*?\br="([A-Z]+\d+)"[^>]*?(?:/>|>.*?</(?:\w+:)?c>)', xml, re.S)}


def test_nothing_else_changes(fixed):
    """Every part byte for byte, except: the sheets with a changed cell (where only those cells
    differ), styles.xml (formats appended only), and what adding the list sheet needs."""
    src, out, changes = fixed
    a, b = zipfile.ZipFile(src), zipfile.ZipFile(out)
    old = {n: a.read(n) for n in a.namelist()}
    new = {n: b.read(n) for n in b.namelist()}
    assert set(old) <= set(new)
    sheet_of = {s.name: s.part for s in Package(src.read_bytes()).sheets()}
    changed_parts = {sheet_of[c.sheet] for c in changes}
    by_design = {"xl/styles.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                 "[Content_Types].xml", "docProps/app.xml"}
    for part, data in old.items():
        if part in changed_parts:
            x, y = data.decode(), new[part].decode()
            cx, cy = _cells(x), _cells(y)
            refs = {c.cell for c in changes if sheet_of[c.sheet] == part}
            assert set(cx) == set(cy)
            assert {r for r in cx if cx[r] != cy[r]} == refs
            # and outside sheetData nothing moved
            strip = lambda t: re.sub(r"<(\w+:)?sheetData>.*</(\w+:)?sheetData>", "", t, flags=re.S)  # noqa: E731
            assert strip(x) == strip(y)
        elif part not in by_design:
            assert new[part] == data, part
    assert new["xl/styles.xml"].startswith(old["xl/styles.xml"][:200])
    # the only new parts are the list sheet's
    assert len(set(new) - set(old)) == 1


def test_idempotent(fixed, tmp_path):
    _, out, _ = fixed
    assert plan_fixes(api.read(out)) == []
    again, changes = api.fix(out, tmp_path / "again.xlsx")
    assert changes == [] and again == out and not (tmp_path / "again.xlsx").exists()
    copy = tmp_path / "inplace.xlsx"
    shutil.copy(out, copy)
    before = copy.read_bytes()
    api.fix(copy, in_place=True)
    assert copy.read_bytes() == before and not copy.with_name("inplace.xlsx.bak").exists()


def test_fix_leaves_the_checkers_figures_alone_and_drops_the_notes(fixed):
    src, out, _ = fixed
    a, b = api.check(src), api.check(out)
    assert a.figures == b.figures
    assert [f.code for f in a.findings if f.code not in ("I_BE_DATE", "W_BE_DATE", "I_THAI_DIGITS")] == \
        [f.code for f in b.findings]


def test_a_formula_is_never_replaced_by_its_value(tmp_path):
    src = fill_sample(tmp_path / "m.xlsx", "college_mistakes")
    with zipfile.ZipFile(src) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    part = next(s.part for s in Package(src.read_bytes()).sheets() if s.name == "สาขางาน")
    xml = parts[part].decode()
    cell = re.search(r'<c r="G5"[^>]*?(?:/>|>.*?</c>)', xml, re.S).group(0)
    formula = '<c r="G5" t="str"><f>"๑๒"</f><v>๑๒</v></c>'  # a formula whose value is Thai digits
    parts[part] = xml.replace(cell, formula).encode()
    with zipfile.ZipFile(src, "w") as z:
        for n, d in parts.items():
            z.writestr(n, d)
    assert any(c.cell == "G5" for c in plan_fixes(api.read(src)))  # the IR sees the value …
    out, changes = api.fix(src, tmp_path / "out.xlsx")
    assert "G5" not in {c.cell for c in changes}  # … the writer leaves the formula
    with zipfile.ZipFile(out) as z:
        assert formula in z.read(part).decode()


def _causes() -> dict:
    data = base()
    programme = data["2 ครูพิเศษ"][0]["สาขางาน"]
    for row in data["2 ครูพิเศษ"]:
        if row["สาขางาน"] == programme:  # every expert row of one programme: NBSP after the name
            row["สาขางาน"] = programme + "\u00a0"
    data["3 กิจกรรม"][3]["จำนวนผู้บริหาร"] = "๒"  # Thai digits
    data["3 กิจกรรม"][2]["จำนวนครู"] = "3"  # a number stored as text
    return data


def _tab_with_a_trailing_space(path):
    """The sample with its tab "2 ครูพิเศษ" renamed "2 ครูพิเศษ " (a slip a user makes)."""
    import openpyxl
    wb = openpyxl.load_workbook(fill_sample(path, "college"))
    wb["2 ครูพิเศษ"].title = "2 ครูพิเศษ "
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def recalculated(libreoffice, tmp_path_factory):
    """Reports of: the causes fixture and the mistakes sample, before and after fix, and a tab
    with a trailing space; recalculated by LibreOffice in one run. {name: recalculated path}."""
    d = tmp_path_factory.mktemp("fix-lo")
    outs = []
    for name, src in (("causes", write_filled(d / "causes.xlsx", _causes())),
                      ("mistakes", fill_sample(d / "mistakes.xlsx", "college_mistakes"))):
        fixed_src, changes = api.fix(src, d / f"{name}-fixed.xlsx")
        assert changes
        for label, path in (("before", src), ("after", fixed_src)):
            outs.append(report(path, d / f"{name}-{label}.xlsx")[0])
    outs.append(report(_tab_with_a_trailing_space(d / "tab.xlsx"), d / "tab-report.xlsx")[0])
    libreoffice.convert(outs, "xlsx", d / "recalc")
    return {p.stem: d / "recalc" / p.name for p in outs}


def _differing(path) -> set[str]:
    rows = _summary(path)
    assert len(rows) == 42
    return {k for k, (b, c) in rows.items() if b != pytest.approx(c, abs=0.005)}


def test_after_fix_the_live_formulas_agree_with_the_checker(recalculated):
    """Before fix these causes make สรุป's live formulas and the checker differ; after, no row does."""
    assert _differing(recalculated["causes-before"])  # the causes do make them differ
    assert _differing(recalculated["causes-after"]) == set()
    assert _differing(recalculated["mistakes-after"]) == set()


def test_live_formulas_find_a_tab_with_a_trailing_space(recalculated):
    rows = _summary(recalculated["tab-report"])
    assert _differing(recalculated["tab-report"]) == set()
    assert rows["expert_ratio.covered"][0] == 17  # tests/data/sample_expected.json, by hand
