"""Column readers: a whole column of a sheet read by the cell rules of cells.py at once.

Most cells are plain values of their column's kind (text without a leading = + - @ or #, a
choice from the list, a number >= 0, a date of this century). Such a cell reads to itself,
folded, with no note. A column reader takes those cells of a whole column in a few passes that
run in C (map, compress, set and str methods: no Python call per cell) and names the positions
of every other cell, which go through read_cell: it stays the one definition of the rules.
tests/test_read_column.py holds the two to the same values and notes. (Split from cells.py in
the seventh pass of issue 24: one module, one job.)
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from itertools import compress, count, repeat
from operator import attrgetter, contains, ge, gt, is_, is_not, itemgetter, methodcaller, not_
from typing import Any

from ...form import Column, Sheet
from ..context import Record
from ..ir import Row
from .cells import REQUIRED, Read, read_cell

_RISKY_FIRST = "#=+-@"  # a first character that may mean an error value or a formula
_RISKY = tuple(_RISKY_FIRST)
_HTTP = ("http://", "https://")
_YEARS = range(2000, 2101)
_fold_all = partial(map, " ".join)
_starts_risky = methodcaller("startswith", _RISKY)
_starts_http = methodcaller("startswith", _HTTP)
_first = itemgetter(slice(None, 1))


Notes = list[tuple[Column, dict[int, list[Any]]]]  # read_sheet's: per column, per row position
# a column reader: the values of a whole column, and the positions to read cell by cell
ColumnRead = Callable[[Sequence[Any]], tuple[Sequence[Any], list[int]]]


def _where(flags: Iterable[object]) -> list[int]:
    """The positions whose flag is true."""
    return list(compress(count(), flags))


def _probe(raws: Sequence[Any], kind: type, stand_in: object) -> tuple[Sequence[Any], list[int]]:
    """``raws`` with every value not of ``kind`` replaced by ``stand_in`` (so that the C-level
    passes below may call ``kind``'s methods on all), and the positions replaced."""
    other = _where(map(is_not, map(type, raws), repeat(kind)))
    if not other:
        return raws, other
    probe = list(raws)
    for i in other:
        probe[i] = stand_in
    return probe, other


def _fold(raws: Sequence[Any], text: str | None) -> tuple[Sequence[Any], list[int]]:
    """The folded text of a column's str cells ("" for the others), and the others' positions.
    ``text``: the str cells joined by " ", the blank ones left out (_texts); None when a cell is
    no text (a number or a date among the texts: each cell's type is looked at)."""
    if text is None:
        probe, other = _probe(raws, str, "")
        return list(_fold_all(map(str.split, probe))), other
    if _folded(text):
        return raws, []
    return list(_fold_all(map(str.split, raws))), []


def _folded(text: str) -> bool:
    """Whether ``text`` is its folded self: no white space but single spaces between words.
    Most columns' text is (typed in a cell, a line break is rare): one test of the column's
    text, instead of folding each cell again. ``isprintable`` is false for every white space
    but " " (and for a few other characters, whose cells are then folded as before)."""
    return text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "


# In a column's text joined by " ": two spaces (a blank cell, or spaces to fold) or a cell that
# begins with # = + - @ (after the " " that joins it; the column's first cell is looked at apart)
_UNPLAIN = re.compile(f" [ {re.escape(_RISKY_FIRST)}]")


def _texts(raws: Sequence[Any]) -> tuple[Sequence[Any], list[int]]:
    """Folded text of the str cells; the positions of the others, of blanks and of texts that
    begin with # = + - @. Each test runs over the whole column first, positions only if it fails.
    Most columns are plain: text only, folded, no such first character, told by one search of
    their text without the blank cells (_spaced_once) and ``isprintable``; the blanks' positions
    are then the only ones to look at. Where only ``isprintable`` fails (a line break typed in
    some cells), only those cells are folded. The others go the way of each test."""
    text: str | None
    try:
        text = " ".join(raws)
    except TypeError:
        text = None  # not all text: each test below
    blank = "" in raws
    if blank and text:  # an empty cell joins as two spaces: the text of the others
        text = " ".join(filter(None, raws))
    if text and _spaced_once(text):  # no cell begins with # = + - @ or a space, none ends with one
        blanks = _where(map(not_, raws)) if blank else []
        if text.isprintable():  # nor holds another white space: each is its folded self
            return raws, blanks
        return _fold_unprintable(raws, blanks)
    folded, slow = _fold(raws, text)
    if "" in folded:
        slow += _where(map(not_, folded))
    firsts = "".join(map(_first, folded))
    if any(c in firsts for c in _RISKY_FIRST):
        slow += _where(map(_starts_risky, folded))
    return folded, slow


def _spaced_once(text: str) -> bool:
    """Whether the text of a column's cells joined by " " holds single spaces only, none of its
    cells beginning with # = + - @: one search, in C."""
    return not _UNPLAIN.search(text) and text[:1] not in " " + _RISKY_FIRST and text[-1:] != " "


def _fold_unprintable(raws: Sequence[str], blanks: list[int]) -> tuple[list[str], list[int]]:
    """_texts of a column whose cells are spaced once (_spaced_once) but some hold a white space
    other than " " (a line break typed in a cell, say): those, which ``isprintable`` refuses,
    are folded, and the blanks and those that fold to nothing or to a first # = + - @ left."""
    changed = _where(map(not_, map(str.isprintable, raws)))
    folded = list(raws)
    for i in changed:
        folded[i] = " ".join(raws[i].split())
    return folded, blanks + [i for i in changed if folded[i][:1] in _BLANK_OR_RISKY]


_BLANK_OR_RISKY = ("", *_RISKY)


def _text_column(col: Column) -> ColumnRead | None:
    return _texts


def _choice_column(col: Column) -> ColumnRead | None:
    choices = frozenset(col.choice_values)
    if any(c[:1] in _RISKY_FIRST or c != " ".join(c.split()) for c in choices):
        return None

    def read(raws: Sequence[Any]) -> tuple[Sequence[Any], list[int]]:
        # A choice is folded text: a cell that is one reads to itself. The others (blank, typed
        # with stray spaces, no choice, no text) are few: each is read by read_cell.
        inside = list(map(choices.__contains__, raws))
        return raws, ([] if all(inside) else _where(map(not_, inside)))
    return read


def _evidence_column(col: Column) -> ColumnRead | None:
    def read(raws: Sequence[Any]) -> tuple[Sequence[Any], list[int]]:
        folded, slow = _texts(raws)
        # a link of another scheme than http(s) has a note: "://" in it, not at http(s)://.
        # Folded text holds no line break: if every "://" of the column follows a line break
        # and http(s), no cell has another one.
        lines = "\n" + "\n".join(folded)
        if lines.count("://") != lines.count("\nhttp://") + lines.count("\nhttps://"):
            slow += _where(map(gt, map(contains, folded, repeat("://")), map(_starts_http, folded)))
        return folded, slow
    return read


def _numbers(raws: Sequence[Any]) -> tuple[Sequence[Any], list[int]]:
    """The float cells; the positions of the others and of negative numbers (NaN included)."""
    try:  # float.__ge__ refuses any other type (bool and int included)
        if all(map(float.__ge__, raws, repeat(0.0))):
            return raws, []
    except TypeError:
        pass
    probe, slow = _probe(raws, float, 0.0)
    return probe, slow + _where(map(not_, map(ge, probe, repeat(0.0))))


def _count_column(col: Column) -> ColumnRead | None:
    def read(raws: Sequence[Any]) -> tuple[Sequence[Any], list[int]]:
        try:
            if all(map(float.is_integer, raws)) and all(map(float.__ge__, raws, repeat(0.0))):
                return list(map(int, raws)), []
        except TypeError:
            pass
        probe, slow = _numbers(raws)
        slow += _where(map(not_, map(float.is_integer, probe)))
        if slow:  # int() of what is no whole number (inf, NaN) would raise
            probe = list(probe)
            for i in slow:
                probe[i] = 0.0
        return list(map(int, probe)), slow
    return read


def _amount_column(col: Column) -> ColumnRead | None:
    return _numbers


def _date_column(col: Column) -> ColumnRead | None:
    def read(raws: Sequence[Any]) -> tuple[Sequence[Any], list[int]]:
        kinds = set(map(type, raws))
        if kinds == {dt.date} and not _outside(raws):
            return raws, []
        if kinds == {dt.datetime}:  # date cells read with a time of day (any writer's): their dates
            raws = list(map(dt.datetime.date, raws))
        elif dt.datetime in kinds:
            raws = list(raws)
            for i in _where(map(is_, map(type, raws), repeat(dt.datetime))):
                raws[i] = raws[i].date()
        probe, slow = _probe(raws, dt.date, _ANY_DAY)
        outside = _outside(probe)
        return probe, (slow + _where(map(outside.__contains__, probe))) if outside else slow
    return read


def _outside(days: Sequence[dt.date]) -> set[dt.date]:
    """The days not of this century, each distinct day looked at once (a column's days are the
    same few hundred; their hashes, kept by each date, serve the later checks)."""
    return {day for day in set(days) if day.year not in _YEARS}


_ANY_DAY = dt.date(2025, 1, 1)
COLUMN_READERS = {"text": _text_column, "programme": _text_column, "choice": _choice_column,
                  "evidence": _evidence_column, "count": _count_column,
                  "number": _amount_column, "date": _date_column}


_TYPED = ("count", "number", "date")  # kinds whose column readers take no text
# types of which no value equals a value of another type (1 == 1.0 == True: not numbers), so
# that the cells left may be read once per distinct value (_read_alike): text, and the dates
# of date cells (dates typed with a พ.ศ. year: date cells of the year 2568, say)
_ALIKE = {str, dt.date, dt.datetime}


def read_column(col: Column, raws: Sequence[object]) -> tuple[list[object], dict[int, list[Any]]]:
    """The values of a column's cells, and the notes of those that have any, by position."""
    distinct = _few_distinct(raws)
    if distinct is None:
        return _read_each(col, raws)
    # a column of a few values many times over (choices, places, counts, a year's days): its
    # reader runs on one cell of each value, and every cell is given its value's reading
    read, noted = _read_each(col, distinct)
    value_of = dict(zip(distinct, read))
    values = list(map(value_of.__getitem__, raws))
    return values, _noted_cells(raws, {distinct[i]: found for i, found in noted.items()})


def _noted_cells(raws: Sequence[Any], noted: dict[Any, list[Any]]) -> dict[int, list[Any]]:
    """By position, the notes of the cells whose value has notes (``noted``, by value), in C."""
    at = _where(map(noted.__contains__, raws)) if noted else []
    return dict(zip(at, map(noted.__getitem__, map(raws.__getitem__, at))))


_SAMPLE = 256  # cells looked at first: a column with no value twice among them is not deduplicated
# types of which no value equals one of another type: NoneType too (1 == 1.0 == True: not numbers)
_UNMIXED = {*_ALIKE, type(None)}


def _few_distinct(raws: Sequence[Any]) -> list[Any] | None:
    """A column's distinct values in the order the cells first hold them, when they are a
    quarter of its cells or fewer and read alike wherever they stand (equal values of one type,
    or of types that equal no other: the reading of a cell depends on its value alone); else
    None. A column whose first cells hold no value twice is not looked at further: names and
    links, but also days in the order of the year (their cells left are read once per value
    all the same: _read_alike)."""
    sample = raws[:_SAMPLE]
    if len(set(sample)) == len(sample):
        return None
    kinds = set(map(type, raws))
    if len(kinds) > 1 and not kinds <= _UNMIXED:
        return None
    distinct = dict.fromkeys(raws)
    if len(distinct) * 4 > len(raws) or float in kinds and 0.0 in distinct:  # -0.0 == 0.0: not one reading
        return None
    return list(distinct)


def _read_each(col: Column, raws: Sequence[object]) -> tuple[list[object], dict[int, list[Any]]]:
    """read_column of every cell: the column reader, then read_cell of each cell it leaves."""
    if col.kind in _TYPED and raws and type(raws[0]) is str and set(map(type, raws)) == {str}:
        # numbers or dates pasted as text: no column reader takes any of them
        return _read_alike(col, raws, [None] * len(raws), dict.fromkeys(raws))
    make = COLUMN_READERS.get(col.kind)
    values: Any  # a column reader may give the column itself (a tuple): copied below
    slow: Iterable[int]
    read = make(col) if make else None
    if read is None:
        values, slow = [None] * len(raws), range(len(raws))
    else:
        values, slow = read(raws)
        if values is raws or not isinstance(values, list):  # never the caller's list itself
            values = list(values)
    left = sorted(set(slow))
    if len(left) * 4 > len(raws):  # a column mostly read one by one: pasted as text, say
        distinct = dict.fromkeys(map(raws.__getitem__, left))
        if set(map(type, distinct)) <= _ALIKE:
            return _read_alike(col, raws, values, distinct)
    notes: dict[int, list[Any]] = {}
    # The cells left are mostly alike (a column of dates typed as พ.ศ. text repeats the days of
    # one year): each value is read once. Keyed by type too: 1, 1.0 and True are equal keys but
    # read differently. The notes read are shared by those cells, and no one changes them.
    memo: dict[tuple[type, object], Read] = {}
    for i in left:
        raw = raws[i]
        if raw == "" or raw is None:  # an empty cell, the commonest of these: as read_cell reads it
            values[i] = None
            if col.required:
                notes[i] = REQUIRED
            continue
        key = (type(raw), raw)
        done = memo.get(key)
        if done is None:
            done = memo[key] = read_cell(col, raw)
        values[i], found = done
        if found:
            notes[i] = found
    return values, notes


def _read_alike(col: Column, raws: Sequence[Any], values: list[Any],
                distinct: dict[Any, None]) -> tuple[list[object], dict[int, list[Any]]]:
    """read_column's end for a column whose cells left are a quarter of it or more, all text or
    dates (counts and dates pasted as text, date cells of a พ.ศ. year): each distinct value read
    by read_cell, in the order the cells first hold it, and every cell given its reading in
    passes that run in C. Which cells a column reader leaves depends on their value alone, so a
    value left is left wherever it stands: the other cells keep theirs."""
    reads: dict[Any, Read] = {raw: read_cell(col, raw) if raw else (None, REQUIRED if col.required else [])
                              for raw in distinct}
    read_value = {raw: value for raw, (value, _notes) in reads.items()}
    values = list(map(read_value.get, raws, values))
    return values, _noted_cells(raws, {raw: found for raw, (_value, found) in reads.items() if found})


def read_sheet(sheet: Sheet, rows: list[Row], skip: set[str]) -> tuple[list[Record], Notes, dict[str, list[Any]]]:
    """The records of a sheet's rows, each cell read as its column's type (the columns in
    ``skip`` are left out), the notes as ``[(column, {row position: notes})]`` in the columns'
    order, and the values read by column key.

    One pass per column: the rows' values are turned into columns at once (zip), each column is
    read by its column reader, and each record holds its row of the columns turned back."""
    index = rows[0].layout.index if rows else {}
    grid = list(zip(*map(attrgetter("values"), rows)))  # one tuple per column
    columns: dict[str, list[Any]] = {}
    notes: Notes = []
    for col in sheet.columns:
        if col.key in skip:
            continue
        values, found = read_column(col, grid[index[col.label]] if rows else [])
        columns[col.key] = values
        if found:
            notes.append((col, found))
    contents = zip(*columns.values()) if columns else repeat(())
    records = list(map(Record, repeat(sheet), repeat(tuple(columns)), map(attrgetter("number"), rows), contents, rows))
    return records, notes, columns
