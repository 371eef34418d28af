"""The whole-column passes of the column readers (issue 24): a column of plain values is taken
in a few C-level passes, and one odd cell anywhere in it must still reach read_cell. Each case
compares read_column with read_cell cell by cell (tests/test_read_column.py mixes values at
random; here each tricky value sits alone in a column of plain ones, the shape of real data)."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.test_read_column import COLUMNS, TRICKY, _same
from vetqa_xl.core.checks.columns import COLUMN_READERS, read_column

# a value each kind reads to itself with no note
PLAIN = {"text": "ศาลาอเนกประสงค์บ้านหนองบัว หมู่ 7", "programme": "ยานยนต์",
         "evidence": "https://qa.example.ac.th/2568/a01.pdf", "count": 12.0, "number": 2.5,
         "date": dt.date(2025, 6, 15)}
READ_COLUMNS = [col for col in COLUMNS if col.kind in COLUMN_READERS]


def plain(col):
    return col.choice_values[0] if col.kind == "choice" else PLAIN[col.kind]


@pytest.mark.parametrize("col", READ_COLUMNS, ids=lambda c: f"{c.kind}:{c.key}")
def test_a_plain_column_reads_whole_to_itself(col):
    raws = [plain(col)] * 40
    values, notes = read_column(col, raws)
    assert notes == {}
    want = int(raws[0]) if col.kind == "count" else raws[0]
    assert values == [want] * 40 and all(type(v) is type(want) for v in values)
    assert values is not raws
    _same(col, raws)


@pytest.mark.parametrize("col", READ_COLUMNS, ids=lambda c: f"{c.kind}:{c.key}")
def test_one_odd_cell_in_a_plain_column_is_read_by_the_rules(col):
    odd = [*TRICKY, -0.0, 1e300, dt.datetime(2025, 6, 15, 8, 30), "a\nb"]  # (NaN, inf: read_cell fails)
    for raw in odd:
        for at in (0, 7, 14):
            raws = [plain(col)] * 15
            raws[at] = raw
            _same(col, raws)


def test_links_of_other_schemes_among_http_links_get_their_note():
    col = next(c for c in COLUMNS if c.kind == "evidence")
    link = PLAIN["evidence"]
    for raw in ("http://a.th/?u=ftp://b", "see https://x.th", "HTTPS://X.TH", "ftp://x.th",
                "https://a.th ftp://b", "x://y"):
        raws = [link, link, raw, link]
        _same(col, raws)
    _, notes = read_column(col, [link, "ftp://x.th", link, "http://a.th/?u=ftp://b"])
    assert sorted(notes) == [1]  # an http link naming another scheme inside has no note


def test_the_callers_column_is_not_changed():
    col = next(c for c in COLUMNS if c.kind == "count")
    raws = [1.0, "", -2.0, 3.5, True]
    kept = list(raws)
    read_column(col, raws)
    assert raws == kept


def test_a_superscript_digit_in_the_year_is_a_finding_not_a_crash():
    """"²".isdigit() is true but int("²") fails (found by hypothesis in test_read_column)."""
    col = next(c for c in COLUMNS if c.kind == "year")
    for raw in ("²", "2568²", "๒๕๖๘ ²"):
        values, notes = read_column(col, [raw])
        assert values == [None] and [code for code, _ in notes[0]] == ["E_ACADEMIC_YEAR"], raw
    assert read_column(col, ["๒๕๖๘"])[0] == [2568]
