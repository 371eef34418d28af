"""What the Excel buttons ask of the API and the core (issue 23 item 3), without an engine:
``api.fix_cells`` on stand-in cells, ``core.fixes.shows_date``, ``api.summary_sheets``, and the
one A1 parser and part-name helper (item 7).

Expected changes are those of tests/test_fix.py EXPECTED (from sample_expected.md)."""
from __future__ import annotations

import datetime as dt

import pytest

import vetqa_xl
from vetqa_xl import api
from vetqa_xl.core.a1 import column_number, parse_cell
from vetqa_xl.core.fixes import shows_date
from vetqa_xl.writers.partnames import free_number, free_part
from vetqa_xl.writers.styles import DATE_FORMAT

from .test_fix import EXPECTED


class Cell:
    """A live cell as api.fix_cells uses it (an xlwings Range): formula, value, number format.
    ``readable`` False: the engine cannot read them synchronously (xlwings' remote engine)."""

    def __init__(self, formula=None, number_format="General", readable=True):
        self._formula, self._format, self.readable = formula, number_format, readable
        self.value = "untouched"
        self.format_set = None

    @property
    def formula(self):
        if not self.readable:
            raise NotImplementedError
        return self._formula or ""

    @property
    def number_format(self):
        if not self.readable:
            raise NotImplementedError
        return self.format_set or self._format

    @number_format.setter
    def number_format(self, value):
        self.format_set = value


@pytest.fixture(scope="module")
def mistakes(tmp_path_factory):
    return vetqa_xl.fill_sample(tmp_path_factory.mktemp("sample") / "mistakes.xlsx", "college_mistakes")


@pytest.fixture(scope="module")
def college(tmp_path_factory):
    return vetqa_xl.fill_sample(tmp_path_factory.mktemp("sample") / "college.xlsx", "college")


def _cells(**kw) -> dict[tuple[str, str], Cell]:
    return {(sheet, ref): Cell(**kw) for sheet, ref, _before, _after in EXPECTED}


def test_fix_cells_leaves_formulas_and_date_formats_alone(mistakes):
    cells = _cells()
    cells["สาขางาน", "G5"] = Cell(formula="=6*2")  # the user's formula: never replaced
    cells["1 ทวิภาคี", "E8"] = Cell(number_format="[$-th-TH]d mmm yyyy")  # shows a date already
    applied = api.fix_cells(mistakes, lambda c: cells[c.sheet, c.cell])
    want = [(s, ref) for s, ref, _b, _a in EXPECTED if (s, ref) != ("สาขางาน", "G5")]
    assert [(c.sheet, c.cell) for c in applied] == want
    assert cells["สาขางาน", "G5"].value == "untouched"
    assert cells["1 ทวิภาคี", "E5"].value == dt.datetime(2025, 6, 15)
    assert cells["1 ทวิภาคี", "E5"].format_set == DATE_FORMAT  # General shows no date
    assert cells["1 ทวิภาคี", "E8"].value == dt.datetime(2025, 7, 1)
    assert cells["1 ทวิภาคี", "E8"].format_set is None
    assert cells["2 ครูพิเศษ", "F4"].value == "ช่างยนต์"


def test_fix_cells_where_the_engine_reads_values_only(mistakes):
    """xlwings' remote engine and Lite: formulas and formats unreadable, every change made,
    every date given the form's date format."""
    cells = _cells(readable=False)
    applied = api.fix_cells(mistakes, lambda c: cells[c.sheet, c.cell])
    assert [(c.sheet, c.cell, c.after) for c in applied] == [(s, r, a) for s, r, _b, a in EXPECTED]
    dates = {k for k, (_s, _r, _b, a) in zip(cells, EXPECTED) if isinstance(a, dt.date)}
    assert {k for k, c in cells.items() if c.format_set == DATE_FORMAT} == dates


@pytest.mark.parametrize("code, shown", [
    ("General", False), ("0.00", False), ('"day "0', False), ("[Red]0;[Blue]-0", False),
    ("\\d0", False), ("d/m/yyyy", True), ("[$-th-TH]d mmm yy", True), ("yyyy-mm-dd", True),
    ('[$-1070000]d/mm/yyyy;@', True), ("DD/MM/YYYY", True),
])
def test_shows_date(code, shown):
    assert shows_date(code) is shown


def test_summary_sheets_are_the_models_of_summary_and_its_helper(college):
    report, sheets = api.summary_sheets(college)
    assert report.valid and set(sheets) >= {"summary", "calc"}
    assert sheets["summary"].cells and sheets["calc"].cells


@pytest.mark.parametrize("ref, rc", [("A1", (1, 1)), ("$B$7", (7, 2)), ("b7", (7, 2)), ("Z9", (9, 26)),
                                     ("AA10", (10, 27)), ("XFD1048576", (1048576, 16384))])
def test_parse_cell(ref, rc):
    assert parse_cell(ref) == rc


@pytest.mark.parametrize("ref", ["", "A0", "1A", "ABCD1", "A1:B2", "'s'!A1"])
def test_parse_cell_refuses_what_is_no_cell(ref):
    with pytest.raises(ValueError):
        parse_cell(ref)


def test_column_number_counts_in_base_26_without_zero():
    assert [column_number(x) for x in ("A", "Z", "AA", "AZ", "BA", "ZZ", "AAA")] == \
        [1, 26, 27, 52, 53, 702, 703]


def test_free_part_names():
    parts = {"xl/charts/chart1.xml", "xl/charts/chart2.xml", "customXml/item1.xml", "customXml/itemProps2.xml"}
    assert free_part(parts, "xl/charts/chart{n}.xml") == "xl/charts/chart3.xml"
    assert free_part(parts, "xl/drawings/drawing{n}.xml") == "xl/drawings/drawing1.xml"
    assert free_number(parts, "customXml/item{n}.xml", "customXml/itemProps{n}.xml") == 3


def test_the_buttons_sentences_take_the_same_placeholders_in_thai_and_english():
    """The catalogue block of issue 23 (the buttons' and Lite scripts' sentences)."""
    from string import Formatter

    from vetqa_xl.core.problems import READ_PROBLEMS

    def fields(text):
        return {f for _, f, _, _ in Formatter().parse(text) if f}

    ours = {k: v for k, v in READ_PROBLEMS.items() if k.startswith(("excel_", "lite_"))}
    assert len(ours) >= 18
    assert {k: (fields(th), fields(en)) for k, (th, en) in ours.items() if fields(th) != fields(en)} == {}
    assert all(en and not th.isascii() for th, en in ours.values())  # a Thai sentence and an English one


def test_the_lite_scripts_use_only_the_public_surface_of_the_excel_layer():
    """vetqa_xl.excel.__all__ holds no private name, and lite/scripts.py reaches the Excel layer
    through it alone (every ``excel.NAME`` in its source)."""
    import ast
    from pathlib import Path

    from vetqa_xl import excel

    assert [n for n in excel.__all__ if n.startswith("_")] == []
    assert all(hasattr(excel, n) for n in excel.__all__)
    tree = ast.parse((Path(excel.__file__).parent.parent / "lite" / "scripts.py").read_text("utf-8"))
    used = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)
            and isinstance(n.value, ast.Name) and n.value.id == "excel"}
    assert used and used <= set(excel.__all__), used - set(excel.__all__)
