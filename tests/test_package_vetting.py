"""The classes of issue 18, each rebuilt as the issue describes it, through the CLI in a child
process: a sentence and exit 2 (naming the file and the part or sheet), or a good output; never a
traceback or an abort."""
from __future__ import annotations

import re
import subprocess
import sys
import warnings
from pathlib import Path

import openpyxl
import pytest

from tests.mutants import parts_of, zipped
from vetqa_xl import api


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> bytes:
    return api.fill_sample(tmp_path_factory.mktemp("s") / "college.xlsx", "college").read_bytes()


def _edit(data: bytes, part: str, edit) -> bytes:
    return zipped([(n, edit(b) if n == part else b) for n, b in parts_of(data)])


def _cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vetqa_xl", *map(str, args)], check=False,
                          capture_output=True, text=True, timeout=600)


def _refused(path: Path, *words: str) -> None:
    p = _cli("check", path, "--json")
    assert p.returncode == 2 and "Traceback" not in p.stderr and path.name in p.stderr, p.stderr
    _refused_by_writers(path, *words)


def _refused_by_writers(path: Path, *words: str) -> None:
    for command in (["report", path, "-o", path.with_name("r.xlsx")],
                    ["fix", path, "-o", path.with_name("f.xlsx")], ["lite", path, "-o", path.with_name("l.xlsx")],
                    ["export", path, "-o", path.parent / "e", "--force"]):
        p = _cli(*command)
        assert p.returncode == 2, (command, p.stderr)
        assert "Traceback" not in p.stderr and path.name in p.stderr
        assert all(w in p.stderr for w in words), p.stderr
    assert sorted(f.name for f in path.parent.iterdir()) == [path.name]  # nothing written


def _add_cell(ref: str):
    row = re.match(r"[A-Z]+(\d+)", ref)[1]
    return lambda xml: xml.replace(b"</sheetData>", f'<row r="{row}"><c r="{ref}"><v>1</v></c></row>'
                                   .encode() + b"</sheetData>", 1)


def test_a_cell_at_xfd1048576_is_refused_before_calamine(sample, tmp_path):
    """Class 1: calamine would allocate 549,755,813,888 bytes and abort the process."""
    bad = tmp_path / "far.xlsx"
    bad.write_bytes(_edit(sample, "xl/worksheets/sheet5.xml", _add_cell("XFD1048576")))
    _refused(bad, "1 สถานประกอบการ", "XFD1048576")


def test_a_doctype_is_refused_with_a_sentence(sample, tmp_path):
    """Class 2: defusedxml's EntitiesForbidden was a traceback."""
    bad = tmp_path / "entity.xlsx"
    bad.write_bytes(_edit(sample, "xl/styles.xml", lambda x: b'<!DOCTYPE r [<!ENTITY a "b">]>'
                          + re.sub(rb"^<\?xml[^>]*\?>", b"", x)))
    _refused(bad, "xl/styles.xml", "DOCTYPE")


@pytest.mark.parametrize("part", ["[Content_Types].xml", "xl/styles.xml", "_rels/.rels"])
def test_a_missing_part_is_refused(sample, tmp_path, part):
    """Classes 6 and 9 (lite wrote a copy with every sheet gone when _rels/.rels was missing)."""
    bad = tmp_path / "missing.xlsx"
    bad.write_bytes(zipped([(n, b) for n, b in parts_of(sample) if n != part]))
    _refused(bad, part)


def test_a_utf16_part_is_refused(sample, tmp_path):
    """Class 8: lite met a UnicodeDecodeError."""
    bad = tmp_path / "utf16.xlsx"
    bad.write_bytes(_edit(sample, "xl/workbook.xml", lambda x: x.decode().encode("utf-16")))
    _refused(bad, "xl/workbook.xml", "UTF-8")


def _check_refuses(path: Path, *words: str) -> None:
    p = _cli("check", path, "--json")
    assert p.returncode == 2 and "Traceback" not in p.stderr, p.stderr
    assert all(w in p.stderr for w in (path.name, *words)), p.stderr


@pytest.mark.parametrize("edit", [
    (b"<is><t>", b"<is><t>\xff"),  # a cell's text
    (b"<sheetView ", b'<sheetView x="\xff" '),  # an attribute calamine does not read
    (b"<sheetData>", b"<!-- \x80 --><sheetData>"),  # a comment
    (b"</sheetData>", b"</sheetData><x>\xe0\xb8</x>"),  # after the cells, cut short
], ids=["cell", "attribute", "comment", "after"])
def test_a_sheet_that_is_not_utf8_is_named(sample, tmp_path, edit):
    """check leaves the UTF-8 of the sheets it reads to calamine, which decodes a sheet whole
    and refuses one that is not UTF-8 anywhere (XmlError): the sentence still names the part,
    as the writers' does."""
    bad = tmp_path / "sheet-not-utf8.xlsx"
    bad.write_bytes(_edit(sample, "xl/worksheets/sheet5.xml", lambda x: x.replace(*edit, 1)))
    assert bad.read_bytes() != sample
    _check_refuses(bad, "xl/worksheets/sheet5.xml", "UTF-8", "ไม่ใช่ข้อความ UTF-8")
    _refused_by_writers(bad, "xl/worksheets/sheet5.xml", "UTF-8")


def test_shared_strings_that_are_not_utf8_are_named(sample, tmp_path, libreoffice):
    """The shared strings too: calamine refuses them (between the texts as well), and the
    sentence names the part."""
    (shared,) = libreoffice.convert(_write(tmp_path / "college.xlsx", sample), "xlsx", tmp_path / "lo")
    bad = tmp_path / "bad" / "shared-not-utf8.xlsx"
    bad.parent.mkdir()
    bad.write_bytes(_edit(shared.read_bytes(), "xl/sharedStrings.xml",
                          lambda x: x.replace(b"<si>", b"<si>\xff", 1)))
    with pytest.raises(UnicodeDecodeError):
        dict(parts_of(bad.read_bytes()))["xl/sharedStrings.xml"].decode("utf-8")
    _check_refuses(bad, "xl/sharedStrings.xml", "UTF-8")
    _refused_by_writers(bad, "xl/sharedStrings.xml", "UTF-8")


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return path


def _report(src: Path) -> Path:
    out = src.with_name("report.xlsx")
    p = _cli("report", src, "-o", out)
    assert p.returncode in (0, 1), p.stderr
    assert "Traceback" not in p.stderr
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        openpyxl.load_workbook(out).close()
    return out


def test_a_sheet_named_with_a_quote_gets_its_report(sample, tmp_path):
    """Class 7: add_sheet's anchor did not find a'b as the file escapes it (&apos;)."""
    src = tmp_path / "quote.xlsx"
    src.write_bytes(_edit(sample, "xl/workbook.xml", lambda x: x.replace(
        'name="ข้อมูลแบบฟอร์ม"'.encode(), b'name="a&apos;b"', 1).replace(
        'name="คำแนะนำ"'.encode(), b'name="a&quot;b"', 1)))
    names = openpyxl.load_workbook(_report(src), read_only=True).sheetnames
    assert {"a'b", 'a"b', "สรุป", "ผลการตรวจสอบ"} <= set(names)


def test_a_negative_style_index_is_refused_by_the_writers_and_read_by_check(sample, tmp_path):
    """Class 10: s="-1" on a highlighted cell became a second s attribute. A style the file does
    not define makes openpyxl and Excel fail on any copy: the writers refuse it, naming the
    cell; check still reads the values."""
    src = tmp_path / "style.xlsx"
    data = api.fill_sample(tmp_path / "m.xlsx", "college_mistakes").read_bytes()
    src.write_bytes(zipped([(n, re.sub(rb'(<c r="[A-Z]+\d+")( s="\d+")?', rb'\1 s="-1"', b)
                             if re.search(r"worksheets/sheet\d+\.xml", n) else b)
                            for n, b in parts_of(data)]))
    (tmp_path / "m.xlsx").unlink()
    assert _cli("check", src).returncode == 1
    _refused_by_writers(src, "cell format", "A1")


def test_restyling_a_cell_with_a_damaged_style_keeps_one_attribute():
    from vetqa_xl.writers.styles import restyle

    xml, old = restyle('<sheetData><row r="5"><c r="B5" s="-1" t="s"><v>0</v></c></row></sheetData>', {"B5": 7})
    assert xml == '<sheetData><row r="5"><c r="B5" s="7" t="s"><v>0</v></c></row></sheetData>' and old == {"B5": 0}


def test_one_cell_at_a1048576_reports_in_time_linear_in_the_cells(sample, tmp_path):
    """Class 11: the helper sheet got a row of formulas per row down to 1,048,576 (> 60 s)."""
    src = tmp_path / "sparse.xlsx"
    src.write_bytes(_edit(sample, "xl/worksheets/sheet5.xml", _add_cell("A1048576")))
    out = _report(src)
    import zipfile

    with zipfile.ZipFile(out) as z:  # the helper sheet covers the rows typed, not a million
        assert max(i.file_size for i in z.infolist()) < 5_000_000
    p = _cli("check", src, "--json")
    assert p.returncode == 1 and re.search(r'"cell": "[A-Z]+1048576"', p.stdout)  # still checked


@pytest.mark.parametrize("where", ["spreadsheetml", "relationships"])
def test_strict_open_xml_is_named_not_a_crash(sample, tmp_path, where):
    """Excel's Save As "Strict Open XML Spreadsheet" uses other namespaces (ISO 29500 Strict).
    Found by the lead's independent mutation run: report and export ended in exit 3 when only
    the SpreadsheetML namespace was Strict; a Strict file is refused with its own sentence."""
    strict = {"spreadsheetml": (b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                                b"http://purl.oclc.org/ooxml/spreadsheetml/main"),
              "relationships": (b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
                                b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument")}[where]
    bad = tmp_path / "strict.xlsx"
    bad.write_bytes(zipped([(n, b.replace(*strict)) for n, b in parts_of(sample)]))
    _refused(bad, "Strict Open XML")
