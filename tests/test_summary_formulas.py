"""The live formulas of สรุป, recalculated by LibreOffice, equal the checker's figures — on both
sample colleges and on the per-figure fixtures of test_figures (distinct สาขาวิชา, 80 % and
79.x %, zero programmes, duplicates, folded spaces, Thai digits, พ.ศ. dates, both rubric modes)."""
from __future__ import annotations

import json

import pytest

from vetqa_xl import fill_sample, report
from vetqa_xl.core.rubric import load_rubric
from vetqa_xl.writers.fill import write_filled
from vetqa_xl.writers.summary import LIVE_TWINS

from .helpers import D, base, many_programmes, summary_rows as _summary

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


@pytest.fixture(scope="module")
def recalculated(libreoffice, tmp_path_factory):
    """Every fixture reported, then recalculated by LibreOffice in one run."""
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
    recalc = d / "recalc"
    libreoffice.convert(outs, "xlsx", recalc)
    return {name: recalc / f"{name}.xlsx" for name in reports}, reports


def _error_cell(path, sheet, ref):
    import openpyxl

    wb = openpyxl.load_workbook(path)
    cell = wb[sheet][ref]
    cell.value, cell.data_type = "#N/A", "e"
    wb.save(path)


NAMES = ["college", "college_mistakes", *(n for n, _, _ in _fixtures())]


@pytest.mark.parametrize("name", NAMES)
def test_live_formulas_equal_the_checker(recalculated, name):
    paths, _ = recalculated
    rows = _summary(paths[name])
    # every figure row: F1 4 + F2 4 + F3 5 + R 5 + stages 6 + 2.x 5 + 3.x 5 + met 3 + levels 5
    assert len(rows) == 42
    bad = {k: v for k, v in rows.items() if v[0] != pytest.approx(v[1], abs=0.005)}
    assert bad == {}


def test_every_live_twin_is_proven_on_a_row_with_its_error(recalculated):
    """Each error of LIVE_TWINS is found in one of the workbooks whose formulas equal the checker."""
    _, reports = recalculated
    found = {f.code for rep in reports.values() for f in rep.findings}
    assert set(LIVE_TWINS) <= found, set(LIVE_TWINS) - found


def test_checker_column_holds_the_hand_counted_sample_figures(recalculated):
    paths, _ = recalculated
    rows = _summary(paths["college"])
    # tests/data/sample_expected.json, counted by hand
    from .conftest import ROOT
    exp = json.loads((ROOT / "tests/data/sample_expected.json").read_text("utf-8"))
    assert rows["dual_programmes.total"][0] == exp["dual_programmes"]["total"] == 9
    assert rows["activities.total"][0] == exp["activities"]["total"] == 42
    assert rows["expert_ratio.covered"][0] == 17 and rows["expert_ratio.total"][0] == 20


def test_formulas_see_the_80_percent_boundary(recalculated):
    paths, _ = recalculated
    assert _summary(paths["80-percent"])["expert_ratio.met"][0] == 1
    assert _summary(paths["79-percent"])["expert_ratio.met"][0] == 0
    assert _summary(paths["79-percent"])["expert_ratio.percent"][0] == pytest.approx(79.17)


def test_template_formulas_compute_in_libreoffice(libreoffice, template_path, tmp_path):
    """The blank template's สรุป computes too (zeros, level 1) before anything is typed."""
    out, = libreoffice.convert(template_path, "xlsx", tmp_path)
    rows = _summary(out)
    assert rows["activities.total"][0] == 0 and rows["levels.aspect"][0] == 1
    assert all(v[1] in ("", None) for v in rows.values())  # no checker values in the template
