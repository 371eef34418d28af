"""The red "ต่างกัน ดู CODE" rule of สรุป (``SheetModel.conditional``) in the live workbook, as in the
file: over COM (xlwings' real Windows engine on tests/comfake.py, which keeps the rules Excel
would keep) and over xlwings' remote engine (xlwings Lite's object model).

Expected rules come from the summary model of the same data and from the dxf the file writer
makes for the model's look, never from the Excel layer's own output.
"""
from __future__ import annotations

import re

import pytest

from tests.comfake import XL_EXPRESSION, FakeExcel, load_engine, parse_area, xw_book
from vetqa_xl import api, excel
from vetqa_xl.core.rubric import load_rubric
from vetqa_xl.excel.render import render
from vetqa_xl.writers.ooxml import Package
from vetqa_xl.writers.report import generated_sheets
from vetqa_xl.writers.sheetxml import SheetModel
from vetqa_xl.writers.styles import StyleSheet
from vetqa_xl.writers.summary import SUMMARY_HEADER_ROW, file_layout

from .excel_harness import ROOT, actions, open_book, payload_of, replay, sample_files, sheet_of, xw  # noqa: F401
from .test_excel_com import big  # noqa: F401

DIFFERENT = "ต่างกัน"
COL_D = 4


@pytest.fixture
def engine(monkeypatch):
    return load_engine(monkeypatch)


def model_rules(book) -> list[tuple[str, str, str]]:
    """The conditional formats of the summary model the file writer makes of the book's data."""
    ir = excel.read_ir(book)
    sheets, _ = generated_sheets(file_layout(ir), api.check(ir), load_rubric())
    return sheets["summary"].conditional


def file_look(name: str) -> dict:
    """What the file writer's dxf for the look ``name`` holds: bold, text colour and fill
    (RRGGBB), read from its styles XML."""
    styles = StyleSheet(Package((ROOT / "workbook_template.xlsx").read_bytes()))
    index = styles.dxf(name)
    dxfs = re.findall(r"<dxf>.*?</dxf>", re.search(r"<dxfs\b.*?</dxfs>", styles.xml, re.S).group(0), re.S)
    dxf = dxfs[index]
    return {"bold": "<b/>" in dxf, "color": re.search(r'<font>.*?<color rgb="FF(\w{6})"', dxf).group(1),
            "fill": re.search(r'<bgColor rgb="FF(\w{6})"', dxf).group(1)}


def bgr(hex_rgb: str) -> int:
    """Excel's COM colour integer of RRGGBB."""
    return int(hex_rgb[0:2], 16) + (int(hex_rgb[2:4], 16) << 8) + (int(hex_rgb[4:6], 16) << 16)


def d_below_the_header(cells: dict, formula_of) -> tuple[int, int, int, int]:
    """The D cells from below the header to the last whose formula can show ต่างกัน."""
    rows = [r for (r, c), cell in cells.items() if c == COL_D and DIFFERENT in str(formula_of(cell) or "")]
    return SUMMARY_HEADER_ROW + 1, COL_D, max(rows), COL_D


# --- over COM --------------------------------------------------------------------------------

def test_summary_draws_the_files_red_rule_over_com(big):  # noqa: F811
    xl, book = big  # 400 negative learner counts: the D cells can say ต่างกัน ดู E_…
    (sqref, formula, look), = model_rules(book)
    excel.summary(book)
    summary = xl.book.sheet(excel.SUMMARY)
    (rule,) = summary.rules
    assert rule.type == XL_EXPRESSION
    assert rule.areas == [parse_area(sqref)]
    assert rule.formula == "=" + formula  # relative to D's first row, as in the file
    assert rule.areas == [d_below_the_header(summary.cells, lambda cell: cell.formula)]
    want = file_look(look)
    assert (rule.bold, rule.font_color, rule.fill) == (want["bold"], bgr(want["color"]), bgr(want["fill"]))
    assert want["color"] == "9C0006"  # red text, not ✓'s green


def test_summary_twice_keeps_one_rule(big):  # noqa: F811
    xl, book = big
    excel.summary(book)
    excel.summary(book)
    assert len(xl.book.sheet(excel.SUMMARY).rules) == 1


def _model() -> SheetModel:
    model = SheetModel()
    model.set(8, 4, "ต่างกัน ดู E_X")
    model.conditional.append(("D8:D12", f'ISNUMBER(SEARCH("{DIFFERENT}",D8))', "bad"))
    return model


def test_rendering_twice_on_one_sheet_keeps_one_rule(engine):
    xl = FakeExcel()
    xl.book.add_sheet("S")
    sheet = xw_book(engine, xl).sheets["S"]
    render(_model(), sheet)
    render(_model(), sheet)
    assert len(xl.book.sheet("S").rules) == 1


def test_the_formula_is_moved_to_the_active_cell(engine):
    """Excel's COM reads a rule's relative references from the active cell (KB 895562). With
    B2 active, D8 (the rule's first cell) is sent as B2: 6 rows up, 2 columns left."""
    xl = FakeExcel()
    ws = xl.book.add_sheet("S")
    ws.active_cell = (2, 2)
    render(_model(), xw_book(engine, xl).sheets["S"])
    (rule,) = ws.rules
    assert rule.sent == f'=ISNUMBER(SEARCH("{DIFFERENT}",B2))'
    assert rule.formula == f'=ISNUMBER(SEARCH("{DIFFERENT}",D8))'


def test_the_fake_keeps_a_formula_sent_as_is_off_by_the_active_cell(engine):
    """The pitfall itself, in the fake: D8 sent with B2 active means 6 rows down and 2 columns
    right of each cell, so D8's rule reads F14."""
    xl = FakeExcel()
    ws = xl.book.add_sheet("S")
    ws.active_cell = (2, 2)
    xw_book(engine, xl).sheets["S"].range("D8:D12").api.FormatConditions.Add(
        Type=XL_EXPRESSION, Formula1='=ISNUMBER(SEARCH("x",D8))')
    assert ws.rules[0].formula == '=ISNUMBER(SEARCH("x",F14))'


def test_the_rule_costs_few_round_trips(engine):
    xl = FakeExcel()
    xl.book.add_sheet("S")
    sheet = xw_book(engine, xl).sheets["S"]
    model = _model()
    with xl.counting():
        render(model, sheet)
    with_rule = xl.total
    model.conditional.clear()
    with xl.counting():
        render(model, sheet)
    assert with_rule - xl.total <= 20, xl.calls


# --- over xlwings' remote engine (xlwings Lite) -------------------------------------------------

def test_summary_queues_the_red_rule_on_the_remote_engine(xw, sample_files):  # noqa: F811
    payload = payload_of(sample_files["college_mistakes"])
    book = open_book(xw, payload)
    (sqref, formula, look), = model_rules(book)
    excel.on_ribbon("btnSummary")
    after = replay(payload, actions(book))
    summary = sheet_of(after, excel.SUMMARY)
    (area, entry), = summary["_conditional"]
    assert area == parse_area(sqref)
    values = {(r, c): v for r, row in enumerate(summary["values"], 1) for c, v in enumerate(row, 1)}
    assert area == d_below_the_header(values, lambda v: v)
    want = file_look(look)
    # Office.js reads the formula from the range's first cell, as the file does: sent as it is
    assert (entry["type"], entry["formula"]) == ("Custom", "=" + formula)
    assert (entry["font_bold"], entry["font_color"].upper(), entry["fill_color"].upper()) == (
        want["bold"], "#" + want["color"], "#" + want["fill"])

    book = open_book(xw, after)
    excel.on_ribbon("btnSummary")
    assert len(sheet_of(replay(after, actions(book)), excel.SUMMARY)["_conditional"]) == 1
