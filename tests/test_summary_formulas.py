"""The live formulas of สรุป, recalculated by LibreOffice, equal the checker's figures — on both
sample colleges and on the per-figure fixtures of test_figures (distinct สาขาวิชา, 80 % and
79.x %, zero programmes, duplicates, folded spaces, Thai digits, พ.ศ. dates, both rubric modes).

Every formula we write carries a cached value, and it is the value LibreOffice computes when it
recalculates the file: in reports, exports, next year's workbook and the template, of both
samples, every fixture and a large generated college. Readers that do not recalculate
(openpyxl data_only, python-calamine) therefore show the checker's figures."""
from __future__ import annotations

import importlib.util
import json
import shutil
import zipfile

import pytest

from vetqa_xl import export, fill_sample, new_year, report
from vetqa_xl.core.rubric import load_rubric
from vetqa_xl.writers.fill import write_filled
from vetqa_xl.writers.summary import LIVE_TWINS

from .helpers import D, base, many_programmes
from .helpers import summary_rows as _summary

ORDERED = {**load_rubric(), "mode": "ordered", "name": "ลำดับ", "default": False}


def _fixtures():
    def mutate(fn):
        data = base()
        fn(data)
        return data

    yield "base", base(), None
    yield "80-percent", many_programmes(25, 20), None
    yield "79-percent", many_programmes(24, 19), None
    yield "zero-programmes", mutate(lambda d: d.__setitem__("สาขางาน", [])), None
    yield "duplicate-activity", mutate(lambda d: d["3 กิจกรรม"].append(dict(d["3 กิจกรรม"][0]))), None
    yield "folded-spaces", mutate(lambda d: (
        d["สาขางาน"][1].__setitem__("สาขางาน", "เครื่องกล  อุตสาหกรรม"),
        d["2 ครูพิเศษ"][1].__setitem__("สาขางาน", "เครื่องกล อุตสาหกรรม "),
        d["2 โครงการระดมทรัพยากร"][2].__setitem__("สาขางาน", " การตลาด"))), None
    yield "thai-digits", mutate(lambda d: (
        d["สาขางาน"][0].__setitem__("จำนวนผู้เรียน", "๔๐"),
        d["ข้อมูลสถานศึกษา"].__setitem__("ปีการศึกษา", "๒๕๖๘"))), None
    yield "be-dates", mutate(lambda d: (
        d["3 กิจกรรม"][0].__setitem__("วันที่เริ่ม", D(2568, 11, 1)),
        d["3 กิจกรรม"][0].__setitem__("วันที่สิ้นสุด", "1 พฤศจิกายน 2568"))), None
    yield "contradicted-2.3", mutate(lambda d: d["2 ครูพิเศษ"].pop()), None
    yield "no-projects", mutate(lambda d: d.__setitem__("2 โครงการระดมทรัพยากร", [])), None
    yield "stage-incomplete", mutate(lambda d: (
        d["1 ทวิภาคี"]["1.3.2"].__setitem__("วันที่ดำเนินการ", None),
        d["1 ทวิภาคี"]["1.5.1"].__setitem__("ดำเนินการแล้ว", "ไม่ใช่"))), None
    yield "participants", mutate(lambda d: d["3 กิจกรรม"][2].__setitem__("จำนวนผู้เรียน", 0)), None
    yield "error-rows", mutate(lambda d: (
        d["3 กิจกรรม"][3].__setitem__("จำนวนครู", -2),
        d["2 ครูพิเศษ"][0].__setitem__("ระดับ", "ปริญญาตรี"),
        d["สาขางาน"][4].__setitem__("จำนวนผู้เรียน", 2.5))), None
    # the rows that only the last twins of LIVE_TWINS drop (the rest: college_mistakes, error-rows)
    yield "twin-rows", mutate(lambda d: (
        d["สาขางาน"][0].__setitem__("จำนวนผู้เรียนระบบทวิภาคี", 41),  # E_DUAL_STUDENTS_EXCEED
        d["สาขางาน"].append({**d["สาขางาน"][1], "จำนวนผู้เรียน": 21}))), None  # E_DUPLICATE_PROGRAMME
    yield "ordered-rubric", mutate(lambda d: d["1 ทวิภาคี"]["1.1.1"].__setitem__("ดำเนินการแล้ว", "ไม่ใช่")), ORDERED


def _large_college() -> dict:
    """bench/generate.py's L college: 60 programmes, 300 experts, 200 projects, 2,000 activities."""
    from .conftest import ROOT

    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.scaled_data("L")


def _other_files(d, template_path) -> list:
    """Exports, next year's workbook, the template and a large college: every other writer of
    formulas (fill writes through the template's, report and export through report's)."""
    outs = []
    for sample in ("college", "college_mistakes"):
        written, _ = export(d / f"src-{sample}.xlsx", d / f"export-{sample}", force=True)
        outs.append(shutil.copy(written, d / f"export-{sample}.xlsx"))
    outs.append(new_year(d / "src-college.xlsx", d / "new-year.xlsx"))
    outs.append(shutil.copy(template_path, d / "template.xlsx"))
    large = write_filled(d / "large-filled.xlsx", _large_college())
    outs += [large, report(large, d / "large.xlsx")[0]]
    written, _ = export(large, d / "export-large")
    outs.append(shutil.copy(written, d / "export-large.xlsx"))
    # error cells outside IFERROR: #N/A in a สาขางาน's ระบบทวิภาคี and in a stage item's evidence
    # flow into the helper column dmajor, F1 and stage 1 (formula and checker then differ)
    from vetqa_xl.writers.summary import template_layout

    layout = template_layout()
    errors = write_filled(d / "src-error-cells.xlsx", base())
    _error_cell(errors, "สาขางาน", f'{layout.sheets["programmes"].columns["dual"]}{layout.sheets["programmes"].header_row + 1}')
    dual = layout.sheets["dual"]
    _error_cell(errors, "1 ทวิภาคี", f'{dual.columns["evidence"]}{dual.item_rows["1.1.1"]}')
    outs.append(report(errors, d / "error-cells.xlsx")[0])
    return outs


def _tampered(src, out):
    """``src`` with a wrong cached value (777) on every figure of column B of สรุป (the
    numbers: not B3, the academic year as text)."""
    import re

    from vetqa_xl.writers.ooxml import Package

    pkg = Package(src.read_bytes())
    part = next(s.part for s in pkg.sheets() if s.name == "สรุป")
    xml, n = re.subn(r'(<c r="B\d+"(?![^>]*t=)[^>]*><f>[^<]*</f><v>)[0-9.]+(</v>)', r"\g<1>777\2", pkg.text(part))
    assert n == 42
    pkg.put(part, xml)
    out.write_bytes(pkg.to_bytes())
    return out


@pytest.fixture(scope="module")
def recalculated(libreoffice, template_path, tmp_path_factory):
    """Every fixture reported, with the other writers' files, then recalculated by LibreOffice
    in one run: (recalculated path by name, report by name, written file by its name)."""
    d = tmp_path_factory.mktemp("xcheck")
    reports, outs = {}, []
    for sample in ("college", "college_mistakes"):
        src = fill_sample(d / f"src-{sample}.xlsx", sample)
        out, rep = report(src, d / f"{sample}.xlsx")
        reports[sample], _ = rep, outs.append(out)
    for name, data, rubric in _fixtures():
        src = write_filled(d / f"src-{name}.xlsx", data)
        if name == "twin-rows":
            # E_CELL_ERROR: a real #N/A cell, as Excel stores it, in a count (จำนวนผู้บริหาร): the
            # helper column actfull must not turn the 3.x criteria formulas into errors
            _error_cell(src, "3 กิจกรรม", "F5")
        out, rep = report(src, d / f"{name}.xlsx", rubric=rubric)
        reports[name], _ = rep, outs.append(out)
    outs += _other_files(d, template_path)
    outs.append(_tampered(d / "college.xlsx", d / "tampered.xlsx"))
    recalc = d / "recalc"
    libreoffice.convert(outs, "xlsx", recalc)
    return {name: recalc / f"{name}.xlsx" for name in reports}, reports, {p.stem: p for p in outs}


def _error_cell(path, sheet, ref):
    import openpyxl

    wb = openpyxl.load_workbook(path)
    cell = wb[sheet][ref]
    cell.value, cell.data_type = "#N/A", "e"
    wb.save(path)


NAMES = ["college", "college_mistakes", *(n for n, _, _ in _fixtures())]


@pytest.mark.parametrize("name", NAMES)
def test_live_formulas_equal_the_checker(recalculated, name):
    paths, _, _ = recalculated
    rows = _summary(paths[name])
    # every figure row: F1 4 + F2 4 + F3 5 + R 5 + stages 6 + 2.x 5 + 3.x 5 + met 3 + levels 5
    assert len(rows) == 42
    bad = {k: v for k, v in rows.items() if v[0] != pytest.approx(v[1], abs=0.005)}
    assert bad == {}


def test_every_live_twin_is_proven_on_a_row_with_its_error(recalculated):
    """Each error of LIVE_TWINS is found in one of the workbooks whose formulas equal the checker."""
    _, reports, _ = recalculated
    found = {f.code for rep in reports.values() for f in rep.findings}
    assert set(LIVE_TWINS) <= found, set(LIVE_TWINS) - found


def test_checker_column_holds_the_hand_counted_sample_figures(recalculated):
    paths, _, _ = recalculated
    rows = _summary(paths["college"])
    # tests/data/sample_expected.json, counted by hand
    from .conftest import ROOT
    exp = json.loads((ROOT / "tests/data/sample_expected.json").read_text("utf-8"))
    assert rows["dual_programmes.total"][0] == exp["dual_programmes"]["total"] == 9
    assert rows["activities.total"][0] == exp["activities"]["total"] == 42
    assert rows["expert_ratio.covered"][0] == 17 and rows["expert_ratio.total"][0] == 20


def test_formulas_see_the_80_percent_boundary(recalculated):
    paths, _, _ = recalculated
    assert _summary(paths["80-percent"])["expert_ratio.met"][0] == 1
    assert _summary(paths["79-percent"])["expert_ratio.met"][0] == 0
    assert _summary(paths["79-percent"])["expert_ratio.percent"][0] == pytest.approx(79.17)


def test_template_formulas_compute_in_libreoffice(libreoffice, template_path, tmp_path):
    """The blank template's สรุป computes too (zeros, level 1) before anything is typed."""
    out, = libreoffice.convert(template_path, "xlsx", tmp_path)
    rows = _summary(out)
    assert rows["activities.total"][0] == 0 and rows["levels.aspect"][0] == 1
    assert all(v[1] in ("", None) for v in rows.values())  # no checker values in the template


WRITTEN = [*NAMES, "export-college", "export-college_mistakes", "new-year", "template", "large-filled",
           "large", "export-large", "error-cells"]
NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def cached_formulas(path) -> dict[tuple[str, str], tuple[str | None, str | None]]:
    """(sheet, cell) -> (t, cached <v> text or None) of every formula cell, from the XML."""
    from defusedxml import ElementTree

    from vetqa_xl.writers.ooxml import Package

    pkg, out = Package(path.read_bytes()), {}
    for sheet in pkg.sheets():
        for c in ElementTree.fromstring(pkg.parts[sheet.part]).iter(NS + "c"):
            if c.find(NS + "f") is not None:
                v = c.find(NS + "v")
                out[(sheet.name, c.get("r"))] = (c.get("t"), None if v is None else (v.text or ""))
    return out


def _as_read(t, v):
    """A cached value as a comparable: ("e", text) for an error, text, or a number."""
    if t == "e":
        return ("e", v)
    if t in ("str", "s", "inlineStr"):
        return v
    return float(v) if t != "b" else bool(int(v))


@pytest.mark.parametrize("name", WRITTEN)
def test_every_formula_caches_the_value_libreoffice_computes(recalculated, name):
    """Test 1 of issue 19 item 3: each formula cell's <v> is LibreOffice's recalculated value."""
    import openpyxl

    _, _, written = recalculated
    ours = cached_formulas(written[name])
    assert len(ours) > 100  # สรุป alone has 90 formulas
    assert [k for k, (_, v) in ours.items() if v is None] == []
    theirs = openpyxl.load_workbook(written[name].parent / "recalc" / f"{name}.xlsx", data_only=True)
    bad = {}
    for (sheet, ref), (t, v) in ours.items():
        lo = theirs[sheet][ref].value
        lo = ("e", lo) if isinstance(lo, str) and lo.startswith("#") else ("" if lo is None else lo)
        mine = _as_read(t, v)
        same = (mine == pytest.approx(lo, abs=1e-9) if isinstance(mine, float) and not isinstance(lo, str)
                else mine == lo)
        if not same:
            bad[(sheet, ref)] = (mine, lo)
    assert bad == {}


def test_the_fixtures_cover_text_error_and_number_results(recalculated):
    """The comparisons above meet each kind of cached value: a number, text, "" and an error
    (the #N/A cells of error-cells flow into the helper sheet and สรุป)."""
    _, _, written = recalculated
    assert {t or "n" for t, _ in cached_formulas(written["college"]).values()} == {"n", "str"}
    assert ("str", "") in set(cached_formulas(written["college"]).values())
    errors = cached_formulas(written["error-cells"])
    assert errors[("สรุป", "B9")] == errors[("คำนวณสรุป", "C2")] == ("e", "#N/A")  # F1 ปวช., dmajor


@pytest.mark.parametrize("name", ["college", "college_mistakes", "export-college", "export-college_mistakes",
                                  "large", "export-large", "error-rows", "thai-digits", "be-dates"])
def test_data_only_readers_see_the_figures(recalculated, name):
    """Test 2: openpyxl data_only=True reads column B of สรุป equal to column C, in the file as
    written (no application has opened it); python-calamine reads the same figures."""
    import openpyxl

    _, _, written = recalculated
    ws = openpyxl.load_workbook(written[name], data_only=True)["สรุป"]
    rows = [(r[1].value, r[2].value) for r in ws.iter_rows(min_row=8) if r[4].value and "." in str(r[4].value)]
    assert len(rows) == 42
    assert [b for b, c in rows if b is None or b != pytest.approx(c, abs=0.005)] == []
    by_calamine = _summary(written[name])
    assert len(by_calamine) == 42 and all(b == pytest.approx(c, abs=0.005) for b, c in by_calamine.values())


def test_the_template_caches_a_blank_colleges_figures(template_path):
    """The blank template reads as zeros and level 1 (what Excel shows before anything is typed)."""
    rows = _summary(template_path)
    assert rows["activities.total"][0] == 0 and rows["expert_ratio.percent"][0] == 0
    assert rows["levels.aspect"][0] == 1 and rows["levels.1"][0] == 1


def test_excel_still_recalculates_on_load(recalculated):
    """Cached values do not stop Excel recalculating when the user edits: fullCalcOnLoad stays."""
    _, _, written = recalculated
    for name in ("college", "export-college", "new-year", "template"):
        with zipfile.ZipFile(written[name]) as z:
            assert b'fullCalcOnLoad="1"' in z.read("xl/workbook.xml"), name


def test_libreoffice_recalculates_rather_than_reading_our_values(recalculated):
    """Test 1 can fail: LibreOffice (its test profile) computes the figures again, so a wrong
    cached value is not what it shows."""
    _, _, written = recalculated
    assert _summary(written["tampered"])["activities.total"] == (777, 42)
    assert _summary(written["tampered"].parent / "recalc" / "tampered.xlsx")["activities.total"] == (42, 42)


@pytest.mark.parametrize("name", ["college", "error-cells", "export-college", "new-year", "template"])
def test_cached_values_pass_the_iso_schemas(recalculated, name):
    """Cells with <v> after <f>, of type str, e and number, validate against ISO 29500."""
    from .ooxml_check import problems

    _, _, written = recalculated
    assert problems(written[name]) == []
