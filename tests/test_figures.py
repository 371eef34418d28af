"""The figures of FORM.md §3, with expectations worked out by hand (see the comments)."""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

import vetqa_xl
from vetqa_xl import check
from vetqa_xl.core.registry import COLUMNS, EXPERT_RATIO, FIGURES
from vetqa_xl.core.rubric import RubricError, levels, load_rubric
from vetqa_xl.form import EXPERT_RULE_PERCENT, STAGES

from .helpers import D, base, ir_of, many_programmes


def figures(data, **kw):
    return check(ir_of(data), **kw).figures


def test_base_figures_by_hand():
    f = figures(base())
    # F1: (ปวช., ช่างยนต์) has two สาขางาน, one dual -> counted once; (ปวส., เทคนิคเครื่องกล);
    #     (ปวช., การบัญชี) -> 3 = ปวช. 2 + ปวส. 1
    assert f["dual_programmes"] == {"total": 3, "by_level": {"ปวช.": 2, "ปวส.": 1, "ปริญญาตรี": 0}}
    # F2: projects on (ปวช., ยานยนต์) and (ปวช., เครื่องกลอุตสาหกรรม) are both ปวช. ช่างยนต์ -> once;
    #     (ปวส., การตลาด) -> 2
    assert f["resource_programmes"] == {"total": 2, "by_level": {"ปวช.": 1, "ปวส.": 1, "ปริญญาตรี": 0}}
    assert f["activities"] == {"total": 4, "by_type": {"บริการชุมชน": 1, "บริการวิชาการ": 1,
                                                      "บริการวิชาชีพ": 1, "จิตอาสา": 1}}
    # R: 4 of 5 programmes have an expert = exactly 80 % -> met
    assert f["expert_ratio"] == {"covered": 4, "total": 5, "percent": 80.0, "met": True}
    assert f["stages"]["complete"] == [1, 2, 3, 4, 5]
    assert {k: v["met"] for k, v in f["criteria"].items()} == {"1": 5, "2": 5, "3": 5}


def test_same_programme_name_at_two_levels_counts_twice():
    data = base()
    # experts only on ยานยนต์ -- at ปวช. and ปวส.: two programmes, not one
    data["2 ครูพิเศษ"] = [e for e in data["2 ครูพิเศษ"] if e["สาขางาน"] == "ยานยนต์"]
    r = figures(data)["expert_ratio"]
    assert (r["covered"], r["total"]) == (2, 5)


def test_exactly_80_percent_meets_the_rule():
    r = figures(many_programmes(25, 20))["expert_ratio"]  # 20/25 = 80 %
    assert r == {"covered": 20, "total": 25, "percent": 80.0, "met": True}


def test_79_point_something_does_not():
    data = many_programmes(24, 19)  # 19/24 = 79.166… %
    report = check(ir_of(data))
    assert report.figures["expert_ratio"] == {"covered": 19, "total": 24, "percent": 79.17, "met": False}
    assert report.figures["criteria"]["2"]["detail"]["2.3"] is False
    assert [f.code for f in report.findings] == ["E_DECLARED_CONTRADICTED"]  # 2.3 was declared ใช่


def test_zero_programmes_not_met():
    data = base()
    data["สาขางาน"] = []
    f = figures(data)
    assert f["expert_ratio"]["met"] is False and f["dual_programmes"]["total"] == 0


def test_names_compared_after_trimming_and_folding_spaces():
    data = base()
    data["2 ครูพิเศษ"][3]["สาขางาน"] = "  การ บัญชี ".replace("การ บัญชี", "การบัญชี  ")
    data["2 โครงการระดมทรัพยากร"][2]["สาขางาน"] = " การตลาด"
    data["สาขางาน"][0]["สาขาวิชา"] = "ช่างยนต์ "  # same major as row 2 after trimming
    report = check(ir_of(data))
    assert report.findings == []
    assert report.figures["expert_ratio"]["covered"] == 4
    assert report.figures["dual_programmes"]["total"] == 3


def test_internal_double_spaces_fold():
    data = base()
    data["สาขางาน"][1]["สาขางาน"] = "เครื่องกล  อุตสาหกรรม"
    data["2 ครูพิเศษ"][1]["สาขางาน"] = "เครื่องกล อุตสาหกรรม"
    data["2 โครงการระดมทรัพยากร"][1]["สาขางาน"] = "เครื่องกล   อุตสาหกรรม"
    report = check(ir_of(data))
    assert report.findings == []
    assert report.figures["expert_ratio"]["covered"] == 4


def test_thai_digits_count_as_numbers():
    data = base()
    data["สาขางาน"][0]["จำนวนผู้เรียน"] = "๔๐"
    data["ข้อมูลสถานศึกษา"]["ปีการศึกษา"] = "๒๕๖๘"
    data["ข้อมูลสถานศึกษา"]["รหัสสถานศึกษา"] = "๑๓๗๐๐๗๖๑๐๑"
    report = check(ir_of(data))
    assert {f.code for f in report.findings} == {"I_THAI_DIGITS"}
    assert report.school["academic_year"] == 2568 and report.school["code"] == "1370076101"


def test_stage_incomplete_when_one_activity_lacks_date_or_evidence():
    data = base()
    data["1 ทวิภาคี"]["1.3.2"]["วันที่ดำเนินการ"] = None  # stage 3
    data["1 ทวิภาคี"]["1.5.1"]["ดำเนินการแล้ว"] = "ไม่ใช่"  # stage 5
    f = figures(data)
    assert f["stages"]["complete"] == [1, 2, 4]
    assert f["criteria"]["1"]["met"] == 3


def test_community_criteria_from_data_and_35_declared():
    data = base()
    data["3 กิจกรรม"][2]["จำนวนผู้เรียน"] = 0  # the only บริการวิชาชีพ activity -> 3.3 not met
    data["3 บริการชุมชน"]["3.3"] = {"ดำเนินการแล้ว": "ไม่ใช่"}
    data["3 บริการชุมชน"]["3.5"] = {"ดำเนินการแล้ว": "ไม่ใช่"}
    f = figures(data)
    assert f["criteria"]["3"]["detail"] == {"3.1": True, "3.2": True, "3.3": False, "3.4": True,
                                            "3.5": False}
    assert f["activities"]["total"] == 4  # still a valid activity: only a warning


def test_levels_count_and_ordered_modes(tmp_path):
    data = base()
    data["1 ทวิภาคี"]["1.1.1"]["ดำเนินการแล้ว"] = "ไม่ใช่"  # stage 1 incomplete: met 4 of 5
    f = figures(data)
    # default rubric, count mode: item 1 -> 4 met -> level 4; items 2, 3 -> 5
    lv = f["levels"]
    assert [lv["items"][k]["level"] for k in "123"] == [4, 5, 5]
    # aspect percent = (4 + 5 + 5) / 15 = 93.33 % -> band >= 80 -> 5 ยอดเยี่ยม
    assert lv["aspect"] == {"percent": 93.33, "level": 5, "name": "ยอดเยี่ยม"}
    assert lv["rubric_is_default"] is True
    rubric = json.loads(Path(load_rubric.__code__.co_filename).with_name("rubric_default.json")
                        .read_text("utf-8"))
    rubric.update(mode="ordered", default=False, name="ทดลอง")
    path = tmp_path / "r.json"
    path.write_text(json.dumps(rubric), "utf-8")
    lv = figures(data, rubric=path)["levels"]
    # ordered: stage 1 fails first -> k = 0 -> level 1; aspect (1 + 5 + 5) / 15 = 73.33 % -> 4
    assert [lv["items"][k]["level"] for k in "123"] == [1, 5, 5]
    assert lv["aspect"]["level"] == 4 and lv["rubric"] == "ทดลอง"


def test_aspect_bands_by_hand():
    rubric = load_rubric()
    crit = lambda n: {"detail": {str(i): i < n for i in range(5)}}  # noqa: E731
    # levels 3, 3, 3 -> 9 / 15 = 60 % -> band 60 -> 3 ดี
    assert levels({"1": crit(3), "2": crit(3), "3": crit(3)}, rubric)["aspect"]["level"] == 3
    # levels 2, 2, 3 -> 7 / 15 = 46.67 % -> below 50 -> 1
    assert levels({"1": crit(2), "2": crit(2), "3": crit(3)}, rubric)["aspect"]["level"] == 1


def test_bad_rubric_file_is_a_clear_error(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"mode": "sometimes"}', "utf-8")
    with pytest.raises(RubricError, match="malformed rubric"):
        load_rubric(path)


def test_dates_with_be_years_count_in_the_year():
    data = base()
    data["3 กิจกรรม"][0]["วันที่เริ่ม"] = D(2568, 11, 1)  # date cell typed with a พ.ศ. year
    data["3 กิจกรรม"][0]["วันที่สิ้นสุด"] = "1 พฤศจิกายน 2568"
    report = check(ir_of(data))
    assert [f.code for f in report.findings] == ["W_BE_DATE", "I_BE_DATE"]  # the cell warns, the text notes
    assert report.figures["activities"]["total"] == 4


@pytest.mark.parametrize("bad, why", [
    ({"mode": "sometimes", "name": "x", "item_levels": {}, "aspect_bands": []}, "mode"),
    ({"mode": "count", "name": 7, "item_levels": {}, "aspect_bands": []}, "name"),
    ({"mode": "count", "name": "x", "item_levels": {"3": 9}, "aspect_bands": []}, "item levels"),
    ({"mode": "count", "name": "x", "item_levels": {}, "aspect_bands": [[80, 0]]}, "aspect levels"),
    (["not", "an", "object"], "object"),
])
def test_rubric_is_refused_under_python_O_too(bad, why):
    """`python -O` strips asserts: a malformed rubric must still be a RubricError with a sentence."""
    import json
    import subprocess
    import sys

    code = ("import json, sys\n"
            "from vetqa_xl.core.rubric import RubricError, validate_rubric\n"
            "try:\n"
            "    validate_rubric(json.loads(sys.argv[1]))\n"
            "except RubricError as exc:\n"
            "    print(exc)\n"
            "else:\n"
            "    print('ACCEPTED')\n")
    out = subprocess.run([sys.executable, "-O", "-c", code, json.dumps(bad)],
                         capture_output=True, text=True, check=True).stdout
    assert "ACCEPTED" not in out
    assert "malformed rubric" in out and why in out


# --- the figure registry (issue 23) ----------------------------------------------------------

PACKAGE = Path(vetqa_xl.__file__).parent
FIGURE_KEYS = {f.key for f in FIGURES}
# The registry and its compute and formula functions may index a figure by its key.
OWNERS = {"core/registry.py", "core/figures.py", "core/formulas.py"}
# Dicts keyed by sheet keys, where the sheet "activities" is spelled like the figure: not figures.
SHEET_KEYED = {("core/checks/rows.py", "ctx.records"), ("writers/summary/values.py", "checks")}


def _docstrings(tree: ast.AST) -> set[int]:
    return {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
            and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}


def figure_subscripts(source: str) -> list[tuple[int, str, str]]:
    """(line, receiver, key) of every ``x["figure key"]`` and ``x.get("figure key")``, and
    (line, "", text) of every string that names a สรุป row of a figure ("expert_ratio.met",
    f"stages.{k}", "levels." …): its key, a dot, then the rest of the row key."""
    found = []
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            head, dot, _ = node.value.partition(".")
            if dot and head in FIGURE_KEYS:
                found.append((node.lineno, "", node.value))
            continue
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            receiver, key = node.value, node.slice.value
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr in ("get", "pop", "setdefault") and node.args
              and isinstance(node.args[0], ast.Constant)):
            receiver, key = node.func.value, node.args[0].value
        else:
            continue
        if key in FIGURE_KEYS:
            found.append((node.lineno, ast.unparse(receiver), key))
    return found


def test_the_scan_finds_a_figure_indexed_by_its_key():
    src = ('r = report.figures["expert_ratio"]["met"]\nlv = f.get("levels")\nx = ctx.rows("activities")\n'
           'm = got["expert_ratio.met"]\nif k == "stages.count": pass\ns = keys[f"stages.{n}"]\n'
           'def f():\n    """The stages.1 row."""\n')
    assert sorted(figure_subscripts(src)) == [(1, "report.figures", "expert_ratio"), (2, "f", "levels"),
                                              (4, "", "expert_ratio.met"), (5, "", "stages.count"),
                                              (6, "", "stages.")]


def offenders(package: Path = PACKAGE) -> list[str]:
    found = []
    for path in sorted(package.rglob("*.py")):
        name = path.relative_to(package).as_posix()
        if name in OWNERS:
            continue
        found += [f"{name}:{line} {receiver}[{key!r}]"
                  for line, receiver, key in figure_subscripts(path.read_text("utf-8"))
                  if (name, receiver) not in SHEET_KEYED]
    return found


def test_no_module_outside_the_registry_indexes_a_figure_by_a_string_key():
    """Issue 23: consumers loop over registry.FIGURES or use FIGURE.of(figures); the values and
    the charts of the สรุป rows are declared by each figure's rows (core/formulas.py)."""
    assert offenders() == []


def test_the_registry_declares_every_figure_of_a_report():
    report = check(ir_of(base()))
    assert [f.key for f in FIGURES] == list(report.figures)  # the same figures, in the same order
    assert EXPERT_RATIO.of(report.figures) is report.figures["expert_ratio"]
    names = [c.name for c in COLUMNS]
    assert len(names) == len(set(names))
    # every column a figure declares is in the CSV and the history table, in the figures' order
    from vetqa_xl.consolidate.tables import NAMES
    assert [n for n in NAMES if n in names] == names


def test_each_figure_builds_its_own_summary_rows():
    from vetqa_xl.core.rubric import load_rubric
    from vetqa_xl.writers.summary import SummaryRow, figure_rows, template_layout

    report = check(ir_of(base()))
    rows = [r for r in figure_rows(template_layout(), report, load_rubric(), 1) if isinstance(r, SummaryRow)]
    prefixes = {r.key.split(".")[0] for r in rows}
    assert prefixes == FIGURE_KEYS
    by_key = {r.key: r for r in rows}
    # base(): 4 of 5 programmes have an expert (by hand, helpers.py) -> 80.0 %, met
    assert (by_key["expert_ratio.covered"].value, by_key["expert_ratio.total"].value) == (4, 5)
    assert by_key["expert_ratio.met"].value == 1
    assert f"*100>={EXPERT_RULE_PERCENT}*" in by_key["expert_ratio.met"].formula
    assert f"stages.{len(STAGES)}" in by_key  # one row per stage of the form
    # the aspect: 3 items of at most 5 levels each -> the formula divides by 15
    assert "*100/15," in by_key["levels.percent"].formula


# The rules of the form live in form.py and the rubric, not in formulas or sentences.
RULE_LITERALS = re.compile(r"ร้อยละ ?80|80 ?%|\d\)\*100/15|/15\b|จาก 5|\b5 ขั้น|}/5\b")


def test_the_rules_are_data_not_literals():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        if name == "form.py":
            continue
        tree = ast.parse(path.read_text("utf-8"))
        docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                      if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
                      and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Constant) or id(node) in docstrings:
                continue
            if type(node.value) is int and node.value == 80 or \
                    isinstance(node.value, str) and RULE_LITERALS.search(node.value):
                found.append(f"{name}:{node.lineno} {node.value!r}")
    assert found == []


def _summary_of(data):
    """The สรุป sheet written with cached values (as report writes it), its charts' rows, and
    row key -> (cached formula value, checker value)."""
    from vetqa_xl.writers.summary import COL_CHECKER, COL_FORMULA, file_layout, summary_keys, summary_sheet
    from vetqa_xl.writers.summary.values import Live

    ir = ir_of(data)
    layout = file_layout(ir)
    sheet, charts = summary_sheet(layout, check(ir), load_rubric(), "test", live=Live(layout, ir))
    keys = summary_keys(sheet)
    cell = lambda r, c: sheet.cells[(r, c)][0]  # noqa: E731
    return sheet, charts, keys, {k: (cell(r, COL_FORMULA).value, cell(r, COL_CHECKER)) for k, r in keys.items()}


def test_the_charts_take_the_rows_their_figures_declare():
    from vetqa_xl.form import ACTIVITY_TYPES

    _, charts, keys, _ = _summary_of(base())
    by_row = {r: k for k, r in keys.items()}
    series = {name: [by_row[r] for r in range(first, last + 1)] for name, (first, last) in charts.items()}
    assert series == {"by_type": [f"activities.{t}" for t in ACTIVITY_TYPES],
                      "experts": ["expert_ratio.covered", "expert_ratio.uncovered"],
                      "by_stage": [f"stages.{k}" for k in range(1, len(STAGES) + 1)]}


def test_a_new_compound_figure_needs_no_edit_of_the_summary_writer(monkeypatch):
    """A figure added as one registry entry (its computation and its rows, each row with the
    rule of its cached value) gets its สรุป rows, their cached values and the checker's column,
    with no edit of writers/summary (values.py, rows.py)."""
    from vetqa_xl.core import figures as compute
    from vetqa_xl.core import registry
    from vetqa_xl.core.formulas import SummaryRow
    from vetqa_xl.writers.summary import rows as summary_rows

    def share(ctx):  # programmes without an expert, in per cent
        r = compute.expert_ratio(ctx)
        return {"uncovered": r["total"] - r["covered"], "total": r["total"],
                "percent": round(100 * (r["total"] - r["covered"]) / r["total"], 2) if r["total"] else 0.0}

    def share_rows(fig, x, v):
        yield fig.th
        yield SummaryRow(f"{fig.key}.total", "สาขางานทั้งหมด", f'SUM({x.rng("pfirst")})', v and v["total"],
                         recalc=lambda e: e.sum("pfirst"))
        yield SummaryRow(f"{fig.key}.uncovered", "ไม่มีครูพิเศษ", f'SUM({x.rng("pfirst")})-SUM({x.rng("covered")})',
                         v and v["uncovered"], recalc=lambda e: e.arith(lambda t, c: t - c, e.sum("pfirst"),
                                                                        e.sum("covered")))
        t, u = x.ref(f"{fig.key}.total"), x.ref(f"{fig.key}.uncovered")
        yield SummaryRow(f"{fig.key}.percent", "ร้อยละ", f"IF({t}=0,0,ROUND({u}*100/{t},2))", v and v["percent"],
                         "percent", recalc=lambda e: e.arith(lambda t, u: 0 if t == 0 else e.rounded(u * 100 / t),
                                                             e.row(f"{fig.key}.total"), e.row(f"{fig.key}.uncovered")))

    new = registry.Figure("uncovered_share", "สาขางานที่ยังไม่มีครูพิเศษ", "Programmes without experts", "share",
                          share, share_rows)
    figures_ = (*registry.FIGURES, new)
    monkeypatch.setattr(registry, "FIGURES", figures_)
    monkeypatch.setattr(summary_rows, "FIGURES", figures_)
    _, _, _, got = _summary_of(base())
    # base(): 5 programmes, 4 with an expert (helpers.py) -> 1 without, 1*100/5 = 20 %
    assert {k: v for k, v in got.items() if k.startswith("uncovered_share.")} == {
        "uncovered_share.total": (5, 5), "uncovered_share.uncovered": (1, 1), "uncovered_share.percent": (20.0, 20.0)}


def test_a_row_without_the_rule_of_its_value_is_refused():
    from vetqa_xl.core.formulas import SummaryRow
    from vetqa_xl.writers.summary import file_layout
    from vetqa_xl.writers.summary.values import Live, figure_values

    ir = ir_of(base())
    layout = file_layout(ir)
    with pytest.raises(ValueError, match="new.total declares no recalc"):
        figure_values([SummaryRow("new.total", "รวม", "SUM(A1:A2)", 3)], Live(layout, ir), layout)
