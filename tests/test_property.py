"""Property-based: arbitrary values in arbitrary cells never crash the checker, and every value
that breaks its column's rule yields a finding located at that cell."""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vetqa_xl import check, read
from vetqa_xl.core.ir import build_ir
from vetqa_xl.form import FORM

from .helpers import base, grids

TITLE_ROWS = 2
TABLES = [s for s in FORM.data_sheets if s.kind == "table"]
A1 = re.compile(r"^[A-Z]{1,3}[1-9][0-9]*$")

values = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.text(alphabet="กขคงจฉชซญฎฐณดตถทธนบปผพฟภมยรลวศษสหฬอฮะาิีึืุูเแโใไๆ่้๊๋์๐๑๒๓๔๕๖๗๘๙ ", max_size=20),
    st.sampled_from(["😀🎉", "#REF!", "#N/A", "#DIV/0!", "=1+1", "+66", "-", "@x", "=HYPERLINK(\"x\")",
                     "๑๒", "15/6/2568", "31/2/2568", "ใช่", "ไม่ใช่", "ปวช.", "   ", "\t\n"]),
    st.integers(min_value=-10**15, max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.booleans(),
    st.datetimes(),
)


def _breaks_count_rule(v) -> bool:
    """By hand: a count must be a whole number >= 0 (digits as text are fine)."""
    if v is None or (isinstance(v, str) and not v.strip()):
        return False  # blank counts are allowed
    if isinstance(v, bool):
        return True
    if isinstance(v, int):
        return v < 0
    if isinstance(v, float):
        return v < 0 or v != int(v)
    if isinstance(v, str):
        t = v.strip().translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")).replace(",", "")
        if not re.fullmatch(r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)", t):
            return True  # not a plain decimal
        return float(t) < 0 or float(t) != int(float(t))  # "12", "12.", "-0" are whole, >= 0
    return True  # dates and anything else


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(TABLES), st.integers(0, 3), st.integers(0, 10), values),
                min_size=1, max_size=8))
def test_arbitrary_cells_never_crash_and_every_break_is_located(edits):
    g = grids(base(), title_rows=TITLE_ROWS)
    placed = {}
    for sheet, r, c, value in edits:
        rows = g[sheet.name]
        r = TITLE_ROWS + 1 + r  # a data row
        c = c % len(sheet.columns)
        while len(rows) <= r:
            rows.append([None] * len(sheet.columns))
        rows[r][c] = value
        placed[(sheet.name, f"{chr(65 + c)}{r + 1}")] = (sheet.columns[c], value)
    report = check(build_ir(g))
    located = {(f.sheet, f.cell) for f in report.findings}
    for f in report.findings:
        assert f.sheet and A1.match(f.cell), f
        assert f.message_th and f.message_en
    for (sheet, cell), (col, value) in placed.items():
        if col.kind == "count" and _breaks_count_rule(value):
            assert (sheet, cell) in located, (sheet, cell, value)
        if col.kind == "choice" and not col.open and value is not None and str(value).strip() \
                and str(value).strip() not in col.choice_values:
            assert (sheet, cell) in located, (sheet, cell, value)
        if col.required and isinstance(value, str) and not value.strip():
            row_blank = all(v is None or (isinstance(v, str) and not v.strip())
                            for v in g[sheet][int(cell[1:]) - 1])
            assert row_blank or (sheet, cell) in located, (sheet, cell, value)
    assert isinstance(report.to_dict(), dict)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["=1+1", "+ชุมชน", "-ทดสอบ", "@บ้าน", "=HYPERLINK(\"http://x\")"]),
                min_size=1, max_size=4))
def test_formula_like_text_survives_the_file_and_is_flagged(tmp_path_factory, texts):
    """Written through the template filler and read back by calamine, such text stays text."""
    from vetqa_xl.writers.fill import write_filled
    data = base()
    for i, text in enumerate(texts):
        data["3 กิจกรรม"][i]["สถานที่หรือชุมชน"] = text
    path = write_filled(tmp_path_factory.mktemp("p") / "f.xlsx", data)
    ir = read(path)
    cells = [r.cells["สถานที่หรือชุมชน"].value for r in ir.sheets["activities"].rows]
    assert cells[: len(texts)] == texts
    report = check(ir)
    flagged = {f.cell for f in report.findings if f.code == "W_FORMULA_TEXT"}
    assert flagged == {f"E{4 + i}" for i in range(len(texts))}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(values, min_size=1, max_size=4).map(tuple), max_size=12))
def test_the_rows_told_filled_at_once_are_the_rows_told_one_by_one(rows):
    """core.ir._filled_rows (the first cells in C-level passes) against _filled, row by row."""
    from vetqa_xl.core.ir import _filled, _filled_rows

    assert _filled_rows(rows) == [_filled(row) for row in rows]


def test_a_row_filled_only_after_a_blank_first_cell_is_kept():
    from vetqa_xl.core.ir import _filled_rows

    rows = [("ก", ""), ("", "ข"), (" \t", None), ("", " "), ("\n", 0.0), ("x",)]
    assert _filled_rows(rows) == [True, True, False, False, True, True]
    assert _filled_rows([(None, "a"), (1.5, ""), (None, None)]) == [True, True, False]
