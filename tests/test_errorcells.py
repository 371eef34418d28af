"""Error cells (#DIV/0!, #N/A) come from the worksheet XML, as openpyxl writes them (t="e"):
the scan that says whether a sheet holds any reads the XML a chunk at a time, and must find one
that straddles two chunks wherever it falls."""
from __future__ import annotations

import openpyxl
import pytest

from vetqa_xl.readers import errorcells


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = tmp_path_factory.mktemp("errorcells") / "errors.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "มีข้อผิดพลาด"
    for r in range(1, 60):
        ws.cell(r, 1, f"แถว {r}")
    ws["B2"] = "#N/A"  # openpyxl stores an error code as an error cell (t="e")
    ws["AB40"] = "#DIV/0!"
    clean = wb.create_sheet("ไม่มี")
    clean["A1"] = "#hashtag"  # text, not an error code
    wb.save(path)
    return path


def test_openpyxl_writes_error_cells_as_error_type(book):
    import zipfile
    with zipfile.ZipFile(book) as zf:
        assert b't="e"' in zf.read("xl/worksheets/sheet1.xml")
        assert b't="e"' not in zf.read("xl/worksheets/sheet2.xml")


@pytest.mark.parametrize("chunk", [4, 5, 6, 7, 8, 13, 64, 1 << 18])
def test_error_cells_found_at_any_chunk_boundary(book, monkeypatch, chunk):
    monkeypatch.setattr(errorcells, "_CHUNK", chunk)
    found = errorcells.error_cells(book, ["มีข้อผิดพลาด", "ไม่มี"])
    # B2 is row 1, column 1 (0-based); AB40 is row 39, column 27 (A..Z are 0..25, AA 26, AB 27)
    assert found == {"มีข้อผิดพลาด": {(1, 1): "#N/A", (39, 27): "#DIV/0!"}}


def test_every_straddle_of_the_marker(monkeypatch):
    import io
    marker = b't="e"'
    for chunk in range(4, 12):
        monkeypatch.setattr(errorcells, "_CHUNK", chunk)
        for at in range(0, 3 * chunk):
            data = b"x" * at + marker + b"><v>#N/A</v>" + b"y" * 7
            assert errorcells._holds_error_cell(io.BytesIO(data)), (chunk, at)
            assert not errorcells._holds_error_cell(io.BytesIO(data.replace(b'"e"', b'"s"'))), (chunk, at)
            cut = b"x" * at + marker[:-1] + b"y" + marker[1:] + b"><v>#N/A</v>"
            assert not errorcells._holds_error_cell(io.BytesIO(cut)), (chunk, at)


@pytest.mark.parametrize("chunk", [7, 4096, 1 << 18])
def test_a_value_far_after_its_marker(monkeypatch, chunk):
    """An error cell's formula lies between its t="e" and its value (Excel: up to 8,192
    characters, each up to 6 bytes escaped): the "#" chunks after the marker."""
    import io
    monkeypatch.setattr(errorcells, "_CHUNK", chunk)
    cell = b'<c r="B2" t="e"><f>' + b"&quot;" * 8192 + b"</f><v>#VALUE!</v></c>"
    for before in (0, chunk - 3, 3 * chunk + 1):
        data = b"x" * before + cell + b"y" * 99
        assert errorcells._holds_error_cell(io.BytesIO(data)), before


def test_position_refuses_what_is_no_reference():
    assert errorcells._position("$AB$40") == (39, 27)
    assert errorcells._position("ab40") == (39, 27)
    assert errorcells._position("A0") is None
    assert errorcells._position("") is None


@pytest.mark.parametrize("piece", [4, 5, 6, 7, 13, 64, 1 << 20])
def test_the_vetting_reads_the_error_cells(book, monkeypatch, piece):
    """check's vetting inflates the sheets anyway: it reads their error cells as it passes
    (wherever the marker and the value fall between two pieces), whole or not."""
    from vetqa_xl.readers import package

    monkeypatch.setattr(package, "PIECE", piece)
    monkeypatch.setattr(package, "_VETTED", {})
    found = package.vet_package(book)
    package._VETTED.clear()
    assert found == {"มีข้อผิดพลาด": {(1, 1): "#N/A", (39, 27): "#DIV/0!"}, "ไม่มี": {}}
    assert package.vet_package(book, whole=True) == found


def test_no_sheet_is_read_again_for_its_error_cells(tmp_path, monkeypatch):
    """An error value typed in a form sheet (openpyxl writes it as an error cell) is the
    finding at its cell, read by the vetting: the scan for sheets it did not read is not run."""
    from vetqa_xl import api
    from vetqa_xl.readers import calamine, package

    wb = openpyxl.load_workbook(api.fill_sample(tmp_path / "college.xlsx", "college"))
    wb["2 ครูพิเศษ"]["F5"] = "#DIV/0!"
    wb.save(tmp_path / "errors.xlsx")

    def refuse(path, names):
        raise AssertionError(f"read again: {names}")

    monkeypatch.setattr(calamine, "error_cells", refuse)
    monkeypatch.setattr(package, "_VETTED", {})
    found = [(f.sheet, f.cell, f.code) for f in api.check(tmp_path / "errors.xlsx").findings
             if f.code == "E_CELL_ERROR"]
    assert found == [("2 ครูพิเศษ", "F5", "E_CELL_ERROR")]


def test_the_scan_of_a_sheet_the_vetting_did_not_read(book):
    found = errorcells.error_cells(book, ["มีข้อผิดพลาด", "ไม่มี", "no such sheet"])
    assert found == {"มีข้อผิดพลาด": {(1, 1): "#N/A", (39, 27): "#DIV/0!"}}
    assert errorcells.error_cells("no such file.xlsx", ["ไม่มี"]) == {}


def _parsed(xml: bytes) -> dict:
    """The error cells as an XML parser reads them (the scan before the sixth pass of issue 24)."""
    import io
    from xml.etree.ElementTree import iterparse

    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    found = {}
    for _, el in iterparse(io.BytesIO(xml), events=("end",)):
        if el.tag == ns + "c" and el.get("t") == "e" and (pos := errorcells._position(el.get("r", ""))):
            v = el.find(ns + "v")
            found[pos] = (v.text or "#VALUE!").strip() if v is not None else "#VALUE!"
    return found


SHEET_XML = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
             ' xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{}</sheetData></worksheet>')
CELLS = [
    '<c r="A1" t="e"><v>#N/A</v></c>',
    '<c r="B2" s="3" t="e"><f>1/0</f><v>#DIV/0!</v></c>',
    '<c t="e" r="C3"><v> #REF! </v></c>',  # the type before the reference; spaces stripped
    '<c r="D4" t="e"/>',  # no value: #VALUE!, as a reader shows it
    '<c r="E5" t="e"><f>A1</f></c>',
    '<c r="F6" t="e"><v></v></c>',
    '<c r="G7" t="e"><v>&#35;NAME?</v></c>',  # a character reference
    '<c r="H8" t="s"><v>0</v></c><c r="H9"><is><t>t="e" is text</t></is></c>',  # no error cell
    '<c r="I10" x:t="e"><v>#N/A</v></c>',  # another attribute named t: no error cell
    '<x:c r="J11" t="e"><x:v>#NUM!</x:v></x:c>',  # the namespace with a prefix
    '<c t="e"><v>#N/A</v></c>',  # no reference: not placed
    '<c r="K12"  t="e" ><v>#NULL!</v></c>',
    '<!-- <c r="L13" t="e"><v>#N/A</v></c> --><c r="M14" t="n"><v>1</v></c>',
    '<c r="N15" t="e"><f>"&gt;"&amp;"t=\\"e\\""</f><v>#VALUE!</v></c>',
]


@pytest.mark.parametrize("cell", CELLS)
def test_each_error_cell_read_where_it_stands_as_a_parser_reads_it(cell):
    xml = SHEET_XML.format(cell).encode()
    assert errorcells.cells_of(xml) == _parsed(xml)


def test_a_sheet_of_all_those_cells_at_once():
    xml = SHEET_XML.format("".join(CELLS)).encode()
    got = errorcells.cells_of(xml)
    assert got == _parsed(xml)
    assert got == {(0, 0): "#N/A", (1, 1): "#DIV/0!", (2, 2): "#REF!", (3, 3): "#VALUE!", (4, 4): "#VALUE!",
                   (5, 5): "#VALUE!", (6, 6): "#NAME?", (10, 9): "#NUM!", (11, 10): "#NULL!", (14, 13): "#VALUE!"}
