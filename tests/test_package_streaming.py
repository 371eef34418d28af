"""The report's memory: Package reads a part from the source zip only when asked for, writes a
generated part from a stream, and the hidden helper sheet has rows only where its data sheet
has them (docs/performance.md)."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from vetqa_xl.core.ir import column_letter
from vetqa_xl.form import FORM
from vetqa_xl.writers.ooxml import Package, PackageError, Streamed
from vetqa_xl.writers.sheetxml import render, render_chunks
from vetqa_xl.writers.styles import StyleSheet
from vetqa_xl.writers.summary import CALC, SheetPlace, SummaryLayout, calc_sheet

TEMPLATE = Path(__file__).resolve().parent.parent / "workbook_template.xlsx"
JUNK = "xl/junk.bin"


def _with_corrupt_part() -> bytes:
    """The template plus a stored part whose bytes no longer match its CRC."""
    out = io.BytesIO()
    payload = b"JUNK" * 1000
    with zipfile.ZipFile(TEMPLATE) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info, src.read(info))
        z.writestr(zipfile.ZipInfo(JUNK), payload, compress_type=zipfile.ZIP_STORED)
    data = out.getvalue()
    at = data.rindex(payload)
    return data[:at] + b"XXXX" + data[at + 4:]


def test_a_part_is_read_only_when_asked_for():
    pkg = Package(_with_corrupt_part())  # unzipping every part up front would fail here
    assert JUNK in pkg.parts
    with pytest.raises(PackageError):
        pkg.parts[JUNK]
    pkg.remove(JUNK)  # removing does not read it either
    out = pkg.to_bytes()
    with zipfile.ZipFile(io.BytesIO(out)) as z, zipfile.ZipFile(TEMPLATE) as t:
        assert JUNK not in z.namelist()
        assert z.testzip() is None
        assert {n: z.read(n) for n in z.namelist()} == {n: t.read(n) for n in t.namelist()}


def test_an_untouched_corrupt_part_is_refused_when_written():
    pkg = Package(_with_corrupt_part())
    pkg.add_rel("xl/workbook.xml", "urn:test", JUNK)  # reachable: copied, not pruned
    with pytest.raises(PackageError, match="not an .xlsx package"):
        pkg.to_bytes()


def test_a_streamed_part_is_made_anew_when_read_and_when_written():
    calls = []

    def chunks():
        calls.append(1)
        yield "<a>"
        yield "ไทย" * 3
        yield "</a>"
    pkg = Package(TEMPLATE.read_bytes())
    pkg.put("xl/streamed.xml", Streamed(chunks))
    pkg.add_rel("xl/workbook.xml", "urn:test", "xl/streamed.xml")  # reachable: not pruned
    assert pkg.parts["xl/streamed.xml"] == "<a>ไทยไทยไทย</a>".encode()
    with zipfile.ZipFile(io.BytesIO(pkg.to_bytes())) as z:
        assert z.read("xl/streamed.xml") == "<a>ไทยไทยไทย</a>".encode()
    assert len(calls) == 2


def _place(key: str, rows: int) -> SheetPlace:
    s = FORM.sheet(key)
    return SheetPlace(s.name, 3, {c.key: column_letter(i) for i, c in enumerate(s.columns)}, 3 + rows)


def test_each_helper_block_covers_the_rows_of_its_own_sheet():
    layout = SummaryLayout({"programmes": _place("programmes", 2), "resource_projects": _place("resource_projects", 1),
                     "experts": _place("experts", 3), "activities": _place("activities", 10)})
    sheet = calc_sheet(layout)
    column = {k: c for c, k in enumerate(CALC, start=1)}
    rows = {k: sorted(r for (r, c) in sheet.cells if c == column[k] and r > 1) for k in CALC}
    for key in ("pkey", "pfirst", "dmajor", "dfirst", "plevel", "rmajor", "rfirst", "covered"):
        assert rows[key] == [2, 3], key  # helper row i is data row header + i - 1: rows 4 and 5
    assert rows["projkey"] == [2]
    assert rows["expkey"] == [2, 3, 4]
    for key in ("actkey", "actfirst", "acttype", "actfull"):
        assert rows[key] == list(range(2, 12)), key
    # the ranges still run to the longest table (10 rows: $2..$11), blank beyond a block
    assert "$A$2:$A$11" in sheet.cells[(2, column["projkey"])][0].text
    assert "'สาขางาน'!B5" in sheet.cells[(3, column["pkey"])][0].text


def test_the_streamed_helper_sheet_is_the_same_xml():
    layout = SummaryLayout({"programmes": _place("programmes", 4), "experts": _place("experts", 2),
                     "activities": _place("activities", 7)})
    styles = StyleSheet(Package(TEMPLATE.read_bytes()))
    streamed = calc_sheet(layout, stream=True)
    assert [r for r, _ in streamed.cells] == [1] * len(CALC)  # only the headings are held
    pieces = list(render_chunks(streamed, styles))
    assert len(pieces) > 7  # a piece per row
    assert "".join(pieces) == render(calc_sheet(layout), styles)
