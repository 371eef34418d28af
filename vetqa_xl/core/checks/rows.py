"""Row and cross-sheet rules: references, duplicates, dates, consistency."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from itertools import compress, count, repeat
from operator import attrgetter, gt, ne
from typing import Any

from ...form import ACADEMIC_YEAR_END, ACADEMIC_YEAR_START, BE_OFFSET
from ..context import Context, emits
from .structure import sheet_missing

# Values are read already (text trimmed and folded); every record of a sheet holds its values
# in the same order, so its content alone compares rows (without a pair per cell).
_CONTENT = attrgetter("content")


def programme_keys(ctx: Context) -> set[tuple[str, str]]:
    """The programmes of สาขางาน: its rows' (ระดับ, สาขางาน) with neither None."""
    return {k for k in set(ctx.pairs("programmes")) if None not in k}


@emits("E_PROGRAMME_UNKNOWN")
def check_programme_reference(ctx: Context) -> None:
    """E_PROGRAMME_UNKNOWN: a ระดับ + สาขางาน that is not a row of สาขางาน (not reported while
    สาขางาน itself is missing: E_SHEET_MISSING says so once)."""
    if sheet_missing(ctx, "programmes"):
        return
    known = programme_keys(ctx)
    for sheet in ctx.form.data_sheets:
        if sheet.kind != "table" or sheet.key == "programmes":
            continue
        if not any(c.kind == "programme" for c in sheet.columns):
            continue
        named = ctx.pairs(sheet.key)
        if all(None in k for k in set(named) - known):  # every row names a known programme: no loop
            continue
        for r, key in zip(ctx.records.get(sheet.key, []), named):
            if None not in key and key not in known:
                ctx.add("E_PROGRAMME_UNKNOWN", sheet.key, r, "programme", level=key[0],
                        programme=key[1], programmes_name=ctx.form.sheet("programmes").name)


@emits("W_DUPLICATE_ROW")
def check_duplicate_rows(ctx: Context) -> None:
    """W_DUPLICATE_ROW: a table row identical to an earlier one; it is counted once."""
    for sheet in ctx.form.data_sheets:
        if sheet.kind != "table":
            continue
        records = ctx.records.get(sheet.key, [])
        # no two alike, the usual case: no loop. Rows alike are alike in their first column, so
        # when that one holds no value twice (names, mostly) no row needs hashing whole, and
        # else only the rows whose first value is met twice (hashing a row hashes each of its
        # cells: most of this step's time, a third of the rows on hold-out 3 XL).
        firsts = ctx.column(sheet.key, sheet.columns[0].key)
        seen = Counter(firsts)
        if len(seen) == len(records):
            continue
        again = list(compress(count(), map(gt, map(seen.__getitem__, firsts), repeat(1))))
        # each such row's content hashed once: the position of the first row of that content
        first: dict[tuple[Any, ...], int] = {}
        at = list(map(first.setdefault, map(_CONTENT, map(records.__getitem__, again)), again))
        for i, j in compress(zip(again, at), map(ne, again, at)):  # only the rows met before
            r = records[i]
            r.duplicate = True
            ctx.add("W_DUPLICATE_ROW", sheet.key, r, sheet.columns[0].key, first=records[j].number)


@emits("E_DUPLICATE_PROGRAMME")
def check_duplicate_programmes(ctx: Context) -> None:
    """E_DUPLICATE_PROGRAMME: the same ระดับ + สาขางาน twice with different data."""
    first: dict[tuple[str, str], int] = {}
    named = ctx.pairs("programmes")
    if len(set(named)) == len(named):  # no programme twice, the usual case: no loop
        return
    for r, key in zip(ctx.records.get("programmes", []), named):
        if None in key or r.duplicate:
            continue
        if key in first:
            ctx.add("E_DUPLICATE_PROGRAMME", "programmes", r, "programme",
                    level=key[0], programme=key[1], first=first[key])
        else:
            first[key] = r.number


def academic_year_window(year: int) -> tuple[dt.date, dt.date]:
    """16 May of CE year (ปีการศึกษา − 543) to 15 May of the next CE year."""
    ce = year - BE_OFFSET
    return dt.date(ce, *ACADEMIC_YEAR_START), dt.date(ce + 1, *ACADEMIC_YEAR_END)


@emits("W_DATE_OUTSIDE_YEAR")
def check_dates_in_academic_year(ctx: Context) -> None:
    """W_DATE_OUTSIDE_YEAR: a date of the year's records falls outside the academic year."""
    school = ctx.school
    year = school["academic_year"] if school else None
    if year is None:
        return
    start, end = academic_year_window(year)
    for sheet in ctx.form.data_sheets:
        for col in sheet.columns:
            if col.kind != "date" or not col.in_academic_year:
                continue
            days = ctx.column(sheet.key, col.key)
            # the column's days are the same few hundred: each is compared once
            outside = {day for day in set(days) if day is not None and not start <= day <= end}
            if not outside:
                continue
            for r, day in compress(zip(ctx.records.get(sheet.key, []), days), map(outside.__contains__, days)):
                    ctx.add("W_DATE_OUTSIDE_YEAR", sheet.key, r, col.key, label=col.label,
                            date=day, year=year, start=start, end=end)


@emits("E_DATE_ORDER")
def check_date_order(ctx: Context) -> None:
    """E_DATE_ORDER: an activity ends before it starts."""
    spans = list(zip(*ctx.columns_of("activities", ("start", "end"))))
    wrong = {(start, end) for start, end in set(spans) if start and end and end < start}  # each pair once
    if not wrong:
        return
    for r, (start, end) in compress(zip(ctx.records.get("activities", []), spans), map(wrong.__contains__, spans)):
            ctx.add("E_DATE_ORDER", "activities", r, "end", start=start, end=end)


@emits("E_DUAL_STUDENTS_EXCEED")
def check_dual_students(ctx: Context) -> None:
    """E_DUAL_STUDENTS_EXCEED: more dual-system students than students in a programme."""
    for r, dual, students in zip(ctx.records.get("programmes", []),
                                 *ctx.columns_of("programmes", ("dual_students", "students"))):
        if dual is not None and students is not None and dual > students:
            ctx.add("E_DUAL_STUDENTS_EXCEED", "programmes", r, "dual_students", dual=dual, students=students)


@emits("E_NO_PROGRAMMES")
def check_has_programmes(ctx: Context) -> None:
    """E_NO_PROGRAMMES: no programme at all, so the 80% rule cannot be met."""
    if "programmes" in ctx.ir.sheets and not programme_keys(ctx):
        sheet_ir = ctx.ir.sheets["programmes"]
        row = (sheet_ir.header_row or 0) + 1
        ctx.add("E_NO_PROGRAMMES", "programmes", cell=f"A{row}",
                name=ctx.form.sheet("programmes").name)

