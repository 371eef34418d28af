"""The column readers (the check path's fast pass) read every value exactly as read_cell does,
for every column of the form: same value, same notes. read_cell is the one definition of the
cell rules; the fast pass may only take the cells that read to themselves without a note."""
from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from vetqa_xl.core.checks.cells import read_cell
from vetqa_xl.core.checks.columns import read_column
from vetqa_xl.form import FORM

COLUMNS = [col for sheet in FORM.data_sheets for col in sheet.columns]
TRICKY = [
    None, "", "   ", "\t\n", " ยานยนต์ ", "ยาน  ยนต์", "=1+1", " =1", "+66", "-", " -x", "@x", "#N/A",
    " #N/A", "#REF!", "#hashtag", "ใช่", " ใช่ ", "ไม่ใช่", "ใช่\u00a0", "ปวช.", "http://x.th/a",
    "https://x.th/a", "HTTP://X.TH", "ftp://x.th", "file://c:/x", "a://b", "see http://x.th",
    "๑๒", "1,200", "3.5", 0, 3, -3, 0.0, 2.0, 2.5, -1.0, True, False,  # (NaN: read_cell fails)
    10**16, dt.date(2025, 6, 15), dt.date(2568, 6, 15), dt.date(1999, 12, 31), dt.date(2101, 1, 1),
    dt.datetime(2025, 6, 15, 8, 30), dt.datetime(2568, 6, 15), "15/6/2568", "2025-06-15",
    "1370076101", "qa@x.ac.th", 2568, 2568.0,
]
# every choice of every list, as typed and with stray spaces
TRICKY += sorted({v for col in COLUMNS for v in col.choice_values})
TRICKY += [f" {v}  " for v in sorted({v for col in COLUMNS for v in col.choice_values})]


def _same(col, raws):
    values, notes = read_column(col, raws)
    for i, raw in enumerate(raws):
        want_value, want_notes = read_cell(col, raw)
        assert (values[i], notes.get(i, [])) == (want_value, want_notes), (col.key, raw)
        assert type(values[i]) is type(want_value), (col.key, raw)


def test_column_reader_equals_read_cell_on_tricky_values():
    for col in COLUMNS:
        _same(col, TRICKY)


values = st.one_of(st.none(), st.text(max_size=12), st.sampled_from(TRICKY),
                   st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False),
                   st.booleans(), st.dates(),
                   st.datetimes())


@settings(max_examples=60, deadline=None)
@given(st.lists(values, max_size=20))
def test_column_reader_equals_read_cell_on_any_values(raws):
    for col in COLUMNS:
        _same(col, raws)


# Columns pasted as text: every cell a text, most of them read one by one (read_column's
# _read_alike), a few values many times over, as a count or a date column pasted from a report.
PASTED = ["12", "12 ", " 7", "๑๒", "0", "-1", "2.5", "1,200", "", "   ", "15/6/2568", "๑๕/๖/๒๕๖๘",
          "15 มิ.ย. 2568", "2025-06-15", "31/2/2568", "ใช่", " ใช่ ", "#N/A", "=1+1", "x"]


def test_a_column_pasted_as_text_reads_as_read_cell_reads_each_cell():
    from vetqa_xl.core.checks import columns

    taken = []
    real = columns._read_alike
    columns._read_alike = lambda *a: taken.append(a[0].key) or real(*a)
    try:
        for col in COLUMNS:
            _same(col, PASTED * 5)
            _same(col, [*PASTED * 5, 3.0, dt.date(2025, 6, 15), "ยานยนต์"])  # a few cells of their own type
    finally:
        columns._read_alike = real
    assert {"students", "start", "value"} <= set(taken)  # counts, dates, amounts took the text way


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PASTED), st.text(max_size=6)), min_size=1, max_size=30),
       st.lists(st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.dates(), st.none()), max_size=3))
def test_a_column_of_text_with_a_few_other_cells_reads_as_read_cell(texts, others):
    for col in COLUMNS:
        _same(col, [*texts, *others])


def _taken(name, run):
    """The arguments of each call of columns.``name`` while ``run()`` ran."""
    from vetqa_xl.core.checks import columns

    taken = []
    real = getattr(columns, name)
    setattr(columns, name, lambda *a: taken.append(a) or real(*a))
    try:
        run()
    finally:
        setattr(columns, name, real)
    return taken


# A text column whose cells are spaced once, a few of them typed on two lines (Alt+Enter), with
# a tab, or a line break before a formula's "=" or alone: only those cells are folded.
TWO_LINES = ["ชื่อ กิจกรรม", "ชื่อ\nกิจกรรม", "\n=1+1", "\n", "ก\tข", "", "ใช่\u00a0", "a\u200bb", "x\r\n"]


def test_a_text_column_with_line_breaks_in_some_cells_reads_as_read_cell():
    texts = [col for col in COLUMNS if col.kind in ("text", "programme", "evidence")]
    taken = _taken("_fold_unprintable", lambda: [_same(col, TWO_LINES * 3) for col in texts])
    assert len(taken) == len(texts)  # each took the way of the cells with a line break


def test_date_cells_of_a_buddhist_year_are_read_once_per_day_as_read_cell_reads_each():
    days = [dt.date(2568, 6, 15), dt.date(2568, 7, 1), dt.datetime(2568, 6, 15), "15/6/2568",
            dt.date(2025, 6, 15), dt.date(2568, 6, 15)]
    dates = [col for col in COLUMNS if col.kind == "date"]
    taken = _taken("_read_alike", lambda: [_same(col, days * 5) for col in dates])
    assert len(taken) == len(dates)
    for col in dates:  # date cells read with a time of day, all of them
        _same(col, [dt.datetime(2568, 6, 15, 8), dt.datetime(2025, 6, 15, 8), dt.datetime(2568, 1, 1)] * 3)


# A column of a few values many times over (choices, places, counts, a year's days): its reader
# runs on one cell of each value, and every cell gets its value's reading (read_column).
@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(values, st.sampled_from([1, 1.0, True, 0, 0.0, -0.0, False])), min_size=1, max_size=12),
       st.randoms(use_true_random=False))
def test_a_column_of_few_values_many_times_over_reads_as_read_cell(few, rnd):
    raws = few * 6
    rnd.shuffle(raws)
    for col in COLUMNS:
        _same(col, raws)


def test_a_column_of_few_values_is_read_once_per_value():
    from vetqa_xl.core.checks import columns

    days = [dt.date(2568, 6, 15), dt.date(2568, 7, 1), dt.datetime(2568, 6, 15), "15/6/2568", "", None]
    cases = {"start": days * 40, "activity_type": ["บริการชุมชน", "จิตอาสา", " จิตอาสา"] * 80,
             "students": [12.0, 3.0, -1.0, 2.5] * 60}
    cols = {col.key: col for col in FORM.sheet("activities").columns}

    def lengths_read(key, raws):  # of the lists read by _read_each while the column is read
        return [len(args[1]) for args in _taken("_read_each", lambda: _same(cols[key], raws))]

    for key, raws in cases.items():
        assert lengths_read(key, raws) == [len(set(raws))], key  # the distinct values only
    # mixed numbers (1 == 1.0 == True) and a column of distinct names are read cell by cell
    for key, raws in {"students": [1, 1.0, True] * 80, "name": [f"กิจกรรม {i}" for i in range(300)]}.items():
        assert lengths_read(key, raws) == [len(raws)], key
    assert columns._few_distinct([1.0, 5.0] * 100) == [1.0, 5.0]
    assert columns._few_distinct([0.0, 5.0] * 100) is None  # a zero may be -0.0: see below


def test_negative_zero_keeps_its_sign_in_a_column_of_few_values():
    """-0.0 == 0.0: a column holding both is not read once per value (each keeps its own)."""
    import math

    amount = next(col for col in COLUMNS if col.kind == "number")
    values, _ = read_column(amount, [0.0, -0.0, 5.0] * 100)
    assert [math.copysign(1.0, v) for v in values[:3]] == [1.0, -1.0, 1.0]
