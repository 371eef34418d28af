"""The column readers (the check path's fast pass) read every value exactly as read_cell does,
for every column of the form: same value, same notes. read_cell is the one definition of the
cell rules; the fast pass may only take the cells that read to themselves without a note."""
from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from vetqa_xl.core.checks.cells import read_cell, read_column
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
