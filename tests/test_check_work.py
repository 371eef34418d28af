"""The checker's own work per row and per finding (issue 24, fourth pass): a record's dict is made
only when looked at, the steps that look at every row read the sheet's columns, a column's cells
of one value are read once, and a finding met again is the first one moved to its cell. Each
test fails on the version that does the work again or mixes up the cells."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from vetqa_xl.core.checks import cells, columns
from vetqa_xl.core.context import Context, emits
from vetqa_xl.core.messages import finding, groups
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
    assert first.values == dict(zip(first.keys, first.content))
    assert first["programme"] == "ยานยนต์" and first.values is first.values  # made once
    assert first.ref("date") == "G4" and first.sheet is FORM.sheet("experts")


def test_the_cells_of_one_value_are_read_once_each_value_as_its_type(monkeypatch):
    calls = []
    read_cell = cells.read_cell
    monkeypatch.setattr(columns, "read_cell", lambda col, raw: calls.append(raw) or read_cell(col, raw))
    date = next(c for c in FORM.sheet("experts").columns if c.kind == "date")
    values, notes = columns.read_column(date, ["15/6/2568"] * 500 + ["16/6/2568"])
    assert calls == ["15/6/2568", "16/6/2568"]
    assert values == [D(2025, 6, 15).date()] * 500 + [D(2025, 6, 16).date()]
    assert notes[0] == notes[499] == [("I_BE_DATE", {"value": "15/6/2568", "date": D(2025, 6, 15).date()})]
    # 1, 1.0 and True are equal keys of a dict but no cell reads them alike
    count = next(c for c in FORM.sheet("programmes").columns if c.kind == "count")
    calls.clear()
    values, notes = columns.read_column(count, [1, 1.0, True, 1, "1"])
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
    records, notes, _ = columns.read_sheet(FORM.sheet("experts"), ctx.ir.sheets["experts"].rows, set())
    ctx.step = emits()(lambda c: None)
    found = [(FORM.sheet("experts").columns[0], {0: [("E_REQUIRED", {})]})]
    with pytest.raises(AssertionError, match="E_REQUIRED"):
        ctx.add_cells("experts", records, found)


def test_mark_validity_sets_each_flag_from_the_errors_and_fixes_the_rows_counted():
    data = base()
    data["3 กิจกรรม"][2]["จำนวนครู"] = -1  # row 6: an error
    ctx = checked(data)
    records = ctx.records["activities"]
    assert [r.valid for r in records] == [True, True, False, True]
    records[0].valid, records[2].valid = False, True  # as a stale flag: marked again from the errors
    ctx.mark_validity()
    assert [r.valid for r in records] == [True, True, False, True]
    assert [r.number for r in ctx.rows("activities")] == [4, 5, 7]
    assert ctx.column("activities", "teachers", counted=True) == [3, 3, 3]


def test_rows_alike_in_their_first_column_only_are_no_duplicates():
    data = base()
    data[EXPERTS][1]["ชื่อ-สกุล"] = data[EXPERTS][0]["ชื่อ-สกุล"]  # same name, other programme
    data[EXPERTS].append(dict(data[EXPERTS][2]))  # row 8: the same as row 6
    ctx = checked(data)
    assert [(f.code, f.cell) for f in ctx.findings] == [("W_DUPLICATE_ROW", "A8")]
    assert "6" in ctx.findings[0].message_en and ctx.records["experts"][4].duplicate


def test_each_row_of_a_date_or_a_span_met_again_has_its_finding():
    data = base()
    for row in data["3 กิจกรรม"][:3]:  # rows 4-6: the same span, ending before it starts
        row["วันที่เริ่ม"], row["วันที่สิ้นสุด"] = D(2025, 11, 20), D(2025, 11, 10)
    for row in data[EXPERTS][1:3]:  # rows 5-6: the same day, after the year (16/5/2568 - 15/5/2569)
        row["วันที่"] = D(2026, 6, 1)
    got = [(f.code, f.cell) for f in checked(data).findings if f.code != "E_DECLARED_CONTRADICTED"]
    assert got == [("W_DATE_OUTSIDE_YEAR", "G5"), ("W_DATE_OUTSIDE_YEAR", "G6"),
                   ("E_DATE_ORDER", "D4"), ("E_DATE_ORDER", "D5"), ("E_DATE_ORDER", "D6")]


def test_activities_lacking_the_same_groups_each_have_their_finding():
    data = base()
    for row in data["3 กิจกรรม"][1:3]:  # rows 5 and 6: no teacher, no staff
        row["จำนวนครู"], row["จำนวนบุคลากรทางการศึกษา"] = 0, None
    data["3 กิจกรรม"][3]["จำนวนผู้บริหาร"] = 0  # row 7: no executive
    found = [f for f in checked(data).findings if f.code == "W_PARTICIPANTS_MISSING"]
    assert [f.cell for f in found] == ["G5", "G6", "F7"]
    two, one = groups(["teachers", "staff"]), groups(["executives"])
    assert [(two.en in f.message_en, two.th in f.message_th) for f in found] == [(True, True)] * 2 + [(False, False)]
    assert one.en in found[2].message_en and one.th in found[2].message_th


def test_an_activity_lacking_what_another_of_its_item_lacks_has_that_sentence_at_its_cell():
    """Rows 5 and 6 both of item 3.2 (บริการวิชาการ), both without teachers and staff: the second
    finding is the first moved (its sentence made once), at its own cell and row."""
    data = base()
    data["3 กิจกรรม"][2]["ประเภทกิจกรรม"] = "บริการวิชาการ"
    for row in data["3 กิจกรรม"][1:3]:
        row["จำนวนครู"], row["จำนวนบุคลากรทางการศึกษา"] = 0, None
    found = [f for f in checked(data).findings if f.code == "W_PARTICIPANTS_MISSING"]
    name, two = FORM.sheet("activities").name, groups(["teachers", "staff"])
    assert found == [finding("W_PARTICIPANTS_MISSING", name, cell, row, item="3.2", missing=two)
                     for cell, row in (("G5", 5), ("G6", 6))]
    assert found[1].message_th is found[0].message_th


SPACES = [chr(c) for c in range(0x110000) if chr(c).isspace()]  # what str.split() splits at


def test_every_white_space_but_a_space_is_no_printable_character():
    """columns._folded trusts this to find white space other than " " in one pass."""
    assert len(SPACES) > 20 and " " in SPACES
    assert [c for c in SPACES if c != " " and c.isprintable()] == []


@pytest.mark.parametrize("space", SPACES)
def test_a_column_whose_text_is_folded_reads_to_itself_and_any_other_is_folded(space):
    text = next(c for c in FORM.sheet("experts").columns if c.kind == "text")
    folded = ["นายวีระ คำภา", "บริษัท ตัวอย่าง จำกัด", "", "ก"]
    assert columns.read_column(text, folded)[0] == ["นายวีระ คำภา", "บริษัท ตัวอย่าง จำกัด", None, "ก"]
    for typed in (f"นาย{space}วีระ", f"{space}ก", f"ก{space}", f"ก {space}ข", space):
        values, _ = columns.read_column(text, [*folded, typed])
        want = cells.read_cell(text, typed)[0]
        assert values == [*folded[:2], None, "ก", want] and (want is None or space not in want or space == " ")


CHILD = """
import sys
from vetqa_xl.core.check import check_ir
from tests.helpers import base, ir_of
data = base()
if sys.argv[1] == "renamed":
    data["2 ครูพิเศษ "] = data.pop("2 ครูพิเศษ")  # a tab of another name: the sheet is missing
codes = [f.code for f in check_ir(ir_of(data)).findings]
print(codes, "difflib" in sys.modules)
"""


@pytest.mark.parametrize(("case", "want"), [("clean", "[] False"), ("renamed", "True")])
def test_difflib_is_imported_only_when_a_sheet_is_missing(case, want):
    """closest_tab compares tab names with difflib (0.6 ms to import): a check of a workbook
    with every sheet never loads it; the control shows the child would see it."""
    out = subprocess.run([sys.executable, "-c", CHILD, case], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).parent.parent).stdout
    assert out.strip().endswith(want)
    assert case == "clean" or "E_SHEET_MISSING" in out


def test_a_row_pasted_three_times_is_two_duplicates_of_the_first():
    data = base()
    rows = data["3 กิจกรรม"]
    rows[2:2] = [dict(rows[0]), dict(rows[0])]  # rows 6 and 7 repeat row 4; rows 5, 8, 9 are their own
    found = [(f.cell, f.row) for f in checked(data).findings if f.code == "W_DUPLICATE_ROW"]
    assert found == [("A6", 6), ("A7", 7)]


def test_a_reports_counts_and_validity_in_one_pass_whatever_the_order():
    from vetqa_xl.core.check import Report
    from vetqa_xl.core.messages import Finding

    made = [Finding("C", severity, "x", "A1", "ก", "a") for severity in ("warning", "info", "error", "error")]
    report = Report("x.xlsx", "1.0", {}, {}, made)
    assert not report.valid and len(report.errors) == 2 and len(report.warnings) == 1
    d = report.to_dict()
    assert (d["valid"], d["counts"]) == (False, {"errors": 2, "warnings": 1, "findings": 4})
    clean = Report("x.xlsx", "1.0", {}, {}, made[:2])
    assert clean.valid and clean.to_dict()["valid"] and clean.to_dict()["counts"]["errors"] == 0


def test_findings_alike_on_two_sheets_keep_their_own_sheet():
    from vetqa_xl.core.sentences import Both

    ctx = checked(base())
    ctx.step = None
    n = len(ctx.findings)
    for key in ("activities", "experts", "activities"):
        ctx.add_alike("same", "W_PARTICIPANTS_MISSING", key, ctx.records[key][0], "name", item="3.1",
                      missing=Both("ครู", "teachers"))
    sheets = [f.sheet for f in ctx.findings[n:]]
    assert sheets == [FORM.sheet("activities").name, FORM.sheet("experts").name, FORM.sheet("activities").name]


# any character, and those JSON and UTF-8 treat apart: a quote, a backslash, controls, a lone
# surrogate, a character past the BMP, Thai
_TEXT = st.text(st.one_of(st.characters(), st.sampled_from(['"', "\\", "\n", "\x00", "\ud800", "😀", "ก"])),
                max_size=12)


@settings(max_examples=150, deadline=None)
@example([("E_A", "error", "x", "A1", "ก\ud800\"\\\n", "😀")], {"วันที่": dt.date(2025, 6, 15)})
@example([("W_B", "warning", "กิจกรรม", cell, "ก", "a") for cell in ("E4", "", "ก1", "E5")], {})  # cells as they are
@example([("W_B", "warning", "กิจกรรม", cell, "ก", "a") for cell in ("E4", 'x"y')], {})  # printable, yet escaped
@example([("W_B", "warning", "กิจกรรม", cell, "ก", "a") for cell in ("E4", "x\\y")], {})
@given(st.lists(st.tuples(st.sampled_from(["E_A", "W_B", "I_C"]), st.sampled_from(["error", "warning", "info"]),
                          st.sampled_from(["กิจกรรม", "x\"y"]), _TEXT, _TEXT, _TEXT), max_size=12),
       st.dictionaries(st.text(max_size=4), st.one_of(st.integers(), _TEXT, st.dates()), max_size=3))
def test_a_reports_json_is_json_dumps_of_its_dict_in_utf8(fields, figures):
    """Report.to_json writes each finding from pieces encoded once: the same bytes as json.dumps
    of to_dict, encoded as the console writes it (a lone surrogate as "?"), for any text; and
    so do its pieces of any number of findings (json_chunks), joined; and so does a report of
    the same findings kept as a check keeps them."""
    import json

    from vetqa_xl.core.check import Report
    from vetqa_xl.core.messages import Finding, Findings

    made = [Finding(*f) for f in fields]
    made += made[:3]  # findings met again: their pieces are shared
    report = Report("ไฟล์.xlsx", "1.0", {"name": "ก"}, figures, made)
    want = json.dumps(report.to_dict(), ensure_ascii=False, default=str).encode("utf-8", "replace")
    assert report.to_json() == want
    for size in (1, 2, 5):
        assert b"".join(report.json_chunks(size)) == want, size
    # the same findings as a check keeps them: each without its cell made once, then per
    # finding which it is, at its own cell and row (messages.Findings); written from those
    once = list(dict.fromkeys(f._replace(cell="", row=None) for f in made))
    which = [once.index(f._replace(cell="", row=None)) for f in made]
    for size in (1, 2, 5):
        kept = Report("ไฟล์.xlsx", "1.0", {"name": "ก"}, figures,
                      Findings(once, which, [f.cell for f in made], [f.row for f in made]), report.checked_at)
        assert b"".join(kept.json_chunks(size)) == want, size
        assert kept.findings == made and kept == report


def test_a_reports_findings_once_looked_at_are_the_list_it_writes():
    """A check's report keeps its findings as columns (messages.Findings) and writes its JSON
    and counts from them; once a caller has had the list of findings, that list is what is
    written and counted (the caller may have changed it). Worked out by hand: a note at C4 and
    C5 made once, an error at B4 between them."""
    import json

    from vetqa_xl.core.check import Report
    from vetqa_xl.core.messages import Finding, Findings

    note = Finding("I_BE_DATE", "info", "3 กิจกรรม", "", "ก", "a")
    error = Finding("E_REQUIRED", "error", "1 ทวิภาคี", "B4", "ข", "b", 4)
    report = Report("x.xlsx", "1.0", {}, {}, Findings([note, error], [0, 1, 0], ["C4", "B4", "C5"], [4, 4, 5]))
    written = json.loads(report.to_json())
    assert [(f["code"], f["cell"], f["message_th"]) for f in written["findings"]] == \
        [("I_BE_DATE", "C4", "ก"), ("E_REQUIRED", "B4", "ข"), ("I_BE_DATE", "C5", "ก")]
    assert written["counts"] == {"errors": 1, "warnings": 0, "findings": 3} and not report.valid
    assert report.findings == [note._replace(cell="C4", row=4), error, note._replace(cell="C5", row=5)]
    report.findings.remove(error)
    written = json.loads(report.to_json())
    assert [f["cell"] for f in written["findings"]] == ["C4", "C5"]
    assert written["counts"] == {"errors": 0, "warnings": 0, "findings": 2} and report.valid
    # a check of no finding: its columns are counted and written as they are, never read
    empty = Report("x.xlsx", "1.0", {}, {}, Findings([], [], [], []))
    assert json.loads(empty.to_json())["counts"] == {"errors": 0, "warnings": 0, "findings": 0}
    assert "[0 findings]" in repr(empty) and empty._found.unread()


def test_a_finding_whose_field_is_no_text_is_written_as_json_dumps_writes_it():
    import json

    from vetqa_xl.core.check import Report
    from vetqa_xl.core.messages import Finding

    report = Report("x.xlsx", "1.0", {}, {}, [Finding("C", "error", "x", None, "ก", "a"),  # type: ignore[arg-type]
                                              Finding("C", "error", "x", "A2", "ก", "a")])
    assert report.to_json() == json.dumps(report.to_dict(), ensure_ascii=False).encode()
    assert b'"cell": null' in report.to_json()


@pytest.mark.parametrize("encoding", ["utf-8", "cp874"])
def test_echo_utf8_writes_the_bytes_on_a_utf8_stream_and_the_text_on_another(monkeypatch, encoding):
    import io

    from vetqa_xl import console

    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="\r\n")
    monkeypatch.setattr(sys, "stdout", stream)
    stream.write("ก่อน\n")
    console.echo_utf8('{"ข้อความ": "ก\\"ข"}'.encode())
    console.echo_utf8(iter(['{"ข้อ'.encode(), 'ความ": 1}'.encode()]))  # in pieces, as a check writes
    assert raw.getvalue() == ('ก่อน\r\n{"ข้อความ": "ก\\"ข"}\r\n{"ข้อความ": 1}\r\n').encode(encoding)


def test_a_cells_finding_is_at_its_own_rows_address_whatever_layout_the_row_has():
    """add_cells writes a table cell's address from the sheet's layout, shared by its rows; a
    row of another layout (a reader of its own may give one) keeps its own address, and so does
    a key-value sheet's row (each label its own cell)."""
    from vetqa_xl.core.ir import Layout, Row

    ctx = checked(base())
    ctx.step = None
    records = ctx.records["activities"]
    col = FORM.sheet("activities").column("start")
    own = records[1].row
    records[1].row = Row(own.number, own.values, Layout(own.layout.index, {k: "Z" for k in own.layout.letters}))
    n = len(ctx.findings)
    note = [("I_BE_DATE", {"value": "1/7/2568", "date": dt.date(2025, 7, 1)})]
    ctx.add_cells("activities", records, [(col, {0: note, 1: note, 2: note})])
    school = ctx.records["school"]
    ctx.add_cells("school", school, [(FORM.sheet("school").column("name"), {0: [("E_REQUIRED", {})]})])
    cells = [f.cell for f in ctx.findings[n:]]
    letter = records[0].row.layout.letters[col.label]
    assert cells == [f"{letter}{records[0].number}", f"Z{records[1].number}", f"{letter}{records[2].number}",
                     school[0].row.ref(FORM.sheet("school").column("name").label)]


def test_cells_findings_come_in_row_order_each_cells_notes_in_their_order():
    """add_cells makes a sheet's cell findings column by column, a note shared by many cells
    made once; the report lists them by row, a row's cells in the columns' order and a cell's
    two notes (Thai digits, then a พ.ศ. year) in theirs. Rows and cells worked out by hand from
    helpers.BASE: the activities' rows are 4-7, วันที่เริ่ม is C, วันที่สิ้นสุด D, จำนวนครู G."""
    from vetqa_xl.core.check import check_ir

    data = base()
    rows = data["3 กิจกรรม"]
    rows[0]["วันที่เริ่ม"], rows[0]["วันที่สิ้นสุด"], rows[0]["จำนวนครู"] = "๑/๑๑/๒๕๖๘", "1/11/2568", "๓"
    rows[1]["วันที่เริ่ม"], rows[1]["จำนวนครู"] = "2/11/2568", "๓"
    rows[3]["วันที่สิ้นสุด"] = "๔/๑๑/๒๕๖๘"
    report = check_ir(ir_of(data))
    got = [(f.cell, f.code) for f in report.findings if f.sheet == "3 กิจกรรม"]
    assert got == [("C4", "I_THAI_DIGITS"), ("C4", "I_BE_DATE"), ("D4", "I_BE_DATE"), ("G4", "I_THAI_DIGITS"),
                   ("C5", "I_BE_DATE"), ("G5", "I_THAI_DIGITS"),
                   ("D7", "I_THAI_DIGITS"), ("D7", "I_BE_DATE")]
    teachers = [f for f in report.findings if f.code == "I_THAI_DIGITS" and f.cell[0] == "G"]
    assert [f.row for f in teachers] == [4, 5] and teachers[0].message_en == teachers[1].message_en


def test_the_report_lists_the_first_codes_then_by_severity_sheet_in_the_forms_order_and_row():
    """Context.in_order sorts the findings by the place each was given when added (a sort in
    C): E_SHEET_MISSING first, then errors, warnings, notes; within them the sheets in the
    form's order and the rows, and as added where all are equal.
    The order below is worked out by hand from the codes' severities and FORM's sheet order."""
    ctx = checked(base())
    ctx.step = None
    assert ctx.findings == ()  # the base workbook is clean: the findings are those added below
    acts, partners = ctx.records["activities"], ctx.records["partners"]
    start = FORM.sheet("activities").column("start")
    note = [("I_BE_DATE", {"value": "1/7/2568", "date": dt.date(2025, 7, 1)})]
    ctx.add_cells("activities", acts, [(start, {2: note, 0: note})])  # rows 6 and 4, a note
    ctx.add("W_DUPLICATE_ROW", "activities", acts[1], "name", first=4)  # a warning, row 5
    ctx.add("E_REQUIRED", "activities", acts[2], "name", label="x")  # an error, row 6
    ctx.add("E_REQUIRED", "partners", partners[0], "name", label="x")  # an error, an earlier sheet
    ctx.add("E_SHEET_MISSING", "activities", cell="A1", name="x", hint="")  # first of all
    ctx.add("E_REQUIRED", "activities", acts[0], "name", label="y")  # an error, row 4
    ctx.add("E_REQUIRED", "activities", acts[0], "name", label="z")  # the same place: as added
    got = [(f.code, f.sheet, f.row, f.message_en[:15]) for f in ctx.in_order()]
    act, part = FORM.sheet("activities").name, FORM.sheet("partners").name
    assert got == [("E_SHEET_MISSING", act, None, "Sheet 'x' is mi"),
                   ("E_REQUIRED", part, partners[0].number, "'x' is required"),
                   ("E_REQUIRED", act, 4, "'y' is required"), ("E_REQUIRED", act, 4, "'z' is required"),
                   ("E_REQUIRED", act, 6, "'x' is required"),
                   ("W_DUPLICATE_ROW", act, 5, "This row duplic"),
                   ("I_BE_DATE", act, 4, "'วันที่เริ่ม' w"), ("I_BE_DATE", act, 6, "'วันที่เริ่ม' w")]
    with pytest.raises(AttributeError):  # read-only: a finding is added by Context.add, with its place
        ctx.findings.append(ctx.findings[0])  # type: ignore[attr-defined]
