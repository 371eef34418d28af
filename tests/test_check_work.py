"""The checker's own work per row and per finding (issue 24, fourth pass): a record's dict is made
only when looked at, the steps that look at every row read the sheet's columns, a column's cells
of one value are read once, and a finding met again is the first one moved to its cell. Each
test fails on the version that does the work again or mixes up the cells."""
from __future__ import annotations

import pytest

from vetqa_xl.core.checks import cells
from vetqa_xl.core.context import Context, emits
from vetqa_xl.core.messages import finding
from vetqa_xl.core.pipeline import run
from vetqa_xl.core.rubric import load_rubric
from vetqa_xl.form import FORM

from .helpers import D, base, ir_of

EXPERTS = "2 ครูพิเศษ"


def checked(data) -> Context:
    return run(Context(ir_of(data), rubric=load_rubric()))


def test_columns_hold_the_records_values_and_counted_keeps_the_counted_rows():
    data = base()
    data["3 กิจกรรม"].append(dict(data["3 กิจกรรม"][0]))  # row 8: a duplicate, counted once
    data["3 กิจกรรม"][1]["จำนวนครู"] = -1  # row 5: an error, not counted
    ctx = checked(data)
    records = ctx.records["activities"]
    assert [r.number for r in records] == [4, 5, 6, 7, 8]
    assert [r.duplicate for r in records] == [False, False, False, False, True]
    assert [r.valid for r in records] == [True, False, True, True, True]
    for sheet_key, rows in ctx.records.items():
        for col in FORM.sheet(sheet_key).columns:
            assert ctx.column(sheet_key, col.key) == [r[col.key] for r in rows], (sheet_key, col.key)
            assert ctx.column(sheet_key, col.key, counted=True) == [r[col.key] for r in ctx.rows(sheet_key)]
    # rows 4, 6, 7 are counted: their teachers, by hand from helpers.BASE (3 each; row 5 had -1)
    assert ctx.column("activities", "teachers", counted=True) == [3, 3, 3]
    assert ctx.columns_of("activities", ("activity_type", "teachers"), counted=True) == [
        ["บริการชุมชน", "บริการวิชาชีพ", "จิตอาสา"], [3, 3, 3]]


def test_a_column_left_out_reads_as_none_for_every_row():
    data = base()
    for row in data[EXPERTS]:
        del row["ระดับ"]
    ir = ir_of(data)
    ir.sheets["experts"].missing_headers.append("ระดับ")  # as a deleted header is read
    ctx = run(Context(ir, rubric=load_rubric()))
    assert ctx.column("experts", "level") == [None] * 4
    assert "level" not in ctx.records["experts"][0].values


def test_a_record_makes_its_dict_only_when_looked_at():
    ctx = checked(base())
    experts = ctx.records["experts"]
    assert all(r._values is None for r in experts)  # no step needed the experts' dicts
    first = experts[0]
    assert first.values == dict(zip(first.table.keys, first.content))
    assert first["programme"] == "ยานยนต์" and first.values is first.values  # made once
    assert first.ref("date") == "G4" and first.sheet is FORM.sheet("experts")


def test_the_cells_of_one_value_are_read_once_each_value_as_its_type(monkeypatch):
    calls = []
    read_cell = cells.read_cell
    monkeypatch.setattr(cells, "read_cell", lambda col, raw: calls.append(raw) or read_cell(col, raw))
    date = next(c for c in FORM.sheet("experts").columns if c.kind == "date")
    values, notes = cells.read_column(date, ["15/6/2568"] * 500 + ["16/6/2568"])
    assert calls == ["15/6/2568", "16/6/2568"]
    assert values == [D(2025, 6, 15).date()] * 500 + [D(2025, 6, 16).date()]
    assert notes[0] == notes[499] == [("I_BE_DATE", {"value": "15/6/2568", "date": D(2025, 6, 15).date()})]
    # 1, 1.0 and True are equal keys of a dict but no cell reads them alike
    count = next(c for c in FORM.sheet("programmes").columns if c.kind == "count")
    calls.clear()
    values, notes = cells.read_column(count, [1, 1.0, True, 1, "1"])
    assert values == [1, 1, None, 1, 1] and type(values[2]) is type(None)
    assert notes == {2: [("E_NOT_NUMBER", {"value": "True"})]}
    assert calls == [1, True, "1"]  # 1.0 is a float >= 0 and whole: the column reader's own


def test_a_finding_met_again_is_at_its_own_cell_with_the_same_sentences():
    data = base()
    for n, row in enumerate(data[EXPERTS]):
        row["วันที่"] = "1/10/2568" if n < 3 else "2/10/2568"
    ctx = checked(data)
    got = [(f.code, f.cell, f.row) for f in ctx.findings]
    assert got == [("I_BE_DATE", "G4", 4), ("I_BE_DATE", "G5", 5), ("I_BE_DATE", "G6", 6),
                   ("I_BE_DATE", "G7", 7)]
    name = FORM.sheet("experts").name
    for f, day in zip(ctx.findings, [1, 1, 1, 2]):
        want = finding("I_BE_DATE", name, f.cell, f.row, label="วันที่", value=f"{day}/10/2568",
                       date=D(2025, 10, day).date())
        assert f == want


def test_required_cells_of_two_columns_keep_their_own_label():
    data = base()
    data[EXPERTS][0]["ชื่อ-สกุล"] = None
    data[EXPERTS][1]["ชื่อ-สกุล"] = None
    data[EXPERTS][1]["ประเภท"] = None
    ctx = checked(data)
    got = [(f.cell, f.message_en) for f in ctx.findings if f.code == "E_REQUIRED"]
    assert got == [("A4", "'ชื่อ-สกุล' is required but empty"), ("A5", "'ชื่อ-สกุล' is required but empty"),
                   ("B5", "'ประเภท' is required but empty")]


def test_cell_findings_still_refuse_a_code_the_step_does_not_declare():
    ctx = Context(ir_of(base()))
    records, notes, _ = cells.read_sheet(FORM.sheet("experts"), ctx.ir.sheets["experts"].rows, set())
    ctx.step = emits()(lambda c: None)
    found = [(0, FORM.sheet("experts").columns[0], [("E_REQUIRED", {})])]
    with pytest.raises(AssertionError, match="E_REQUIRED"):
        ctx.add_cells("experts", records, found)
