"""Sheets with names in every legal quoting, in workbooks made by openpyxl, saved by LibreOffice
and written as the .NET Open XML SDK does (``x:`` prefixes): add_sheet, rename, report, export and
fix work on them, their parts come out byte for byte, the output validates against the ISO
schemas and LibreOffice opens it and computes the formulas that name them.

The user's extra sheets: a quote in a name ('a''b' in a formula), spaces, a Thai name with a
space and one without (a formula may name that bare: สรุปย่อย!B1), names that look like a cell
(A1) or start with a digit, & and < (&amp; and &lt; in the XML). The sheet "notes" has in row k
the formula =<sheet k>!B1*10, and sheet k holds k in B1, so LibreOffice shows 10, 20, ….
"""
from __future__ import annotations

import datetime as dt
import shutil

import openpyxl
import pytest
from openpyxl.workbook.defined_name import DefinedName
from python_calamine import CalamineWorkbook

from vetqa_xl import api, fill_sample
from vetqa_xl.writers.ooxml import NS_MAIN, Package
from vetqa_xl.writers.styles import restyle

from .ooxml_check import problems
from .other_apps import sdk_style

ODD = ["a'b", "my sheet", "ข้อมูล เพิ่ม", "สรุปย่อย", "A1", "1st", "R&D", "x<y>"]
BARE = {"สรุปย่อย"}  # named without quotes in its formula, as Excel writes a Thai name
MAKERS = ["openpyxl", "libreoffice", "sdk"]


def quoted(name: str) -> str:
    return name if name in BARE else "'" + name.replace("'", "''") + "'"


def add_odd_sheets(src, out):
    """``src`` with the ODD sheets, the notes sheet, a workbook-level name and a print area on
    the first odd sheet (a name local to it), saved by openpyxl."""
    wb = openpyxl.load_workbook(src)
    for k, name in enumerate(ODD, 1):
        ws = wb.create_sheet(name)
        ws["A1"] = f"ข้อความ {k} {name}"
        ws["B1"] = k
    notes = wb.create_sheet("notes")
    for k, name in enumerate(ODD, 1):
        notes.cell(k, 1).value = f"={quoted(name)}!B1*10"
    wb.defined_names["odd_first"] = DefinedName("odd_first", attr_text=f"{quoted(ODD[0])}!$B$1")
    wb[ODD[0]].print_area = "A1:B1"
    wb.save(out)
    return out


@pytest.fixture(scope="module")
def made(tmp_path_factory, libreoffice):
    """{maker: {"clean": path, "mistakes": path}}: the clean sample and the mistakes sample,
    each with the odd sheets, as each maker writes them."""
    d = tmp_path_factory.mktemp("odd")
    out = {m: {} for m in MAKERS}
    for sample, key in (("college", "clean"), ("college_mistakes", "mistakes")):
        base = add_odd_sheets(fill_sample(d / f"{key}-filled.xlsx", sample), d / f"{key}.xlsx")
        out["openpyxl"][key] = base
        saved, = libreoffice.convert(base, "xlsx:Calc MS Excel 2007 XML", d / f"lo-{key}")
        out["libreoffice"][key] = saved
        out["sdk"][key] = sdk_style(base, d / f"sdk-{key}.xlsx")
    return out


def sheet_parts(path) -> dict[str, bytes]:
    """Sheet name -> the bytes of its part."""
    pkg = Package(path.read_bytes())
    return {s.name: pkg.parts[s.part] for s in pkg.sheets()}


def assert_odd_sheets_kept(src, out):
    before, after = sheet_parts(src), sheet_parts(out)
    for name in [*ODD, "notes"]:
        assert after[name] == before[name], name


def notes_and_odd_values(libreoffice, path, tmp_path):
    """What LibreOffice shows: the notes column and each odd sheet's A1."""
    sheets = libreoffice.csv_sheets(path, tmp_path / "csv")
    return [row[0] for row in sheets["notes"]], [sheets[n][0][0] for n in ODD]


EXPECTED_NOTES = [str(10 * k) for k in range(1, len(ODD) + 1)]
EXPECTED_TEXTS = [f"ข้อความ {k} {name}" for k, name in enumerate(ODD, 1)]


def test_the_makers_wrote_what_they_are_said_to(made):
    """The fixtures differ where the writers must cope: LibreOffice writes &apos; or a raw
    quote and its own attribute order; the SDK style has every element under x:."""
    texts = {m: Package(made[m]["clean"].read_bytes()).text("xl/workbook.xml") for m in MAKERS}
    assert "<x:sheet " in texts["sdk"] and "<sheet " not in texts["sdk"]
    assert "<sheet " in texts["libreoffice"] and texts["libreoffice"] != texts["openpyxl"]
    for text in texts.values():
        assert "R&amp;D" in text and "x&lt;y" in text


@pytest.mark.parametrize("maker", MAKERS)
def test_add_sheet_before_each_odd_sheet_then_rename_one(made, maker, libreoffice, tmp_path):
    src = made[maker]["clean"]
    pkg = Package(src.read_bytes())
    empty = f'<worksheet xmlns="{NS_MAIN}"><sheetData/></worksheet>'
    for k, name in enumerate(ODD):
        index = [s.name for s in pkg.sheets()].index(name)
        pkg.add_sheet(f"new{k}", empty, index)
        names = [s.name for s in pkg.sheets()]
        assert names[index:index + 2] == [f"new{k}", name]
    pkg.rename_sheet("a'b", "c'd")
    pkg.rename_sheet("สรุปย่อย", "สรุป ย่อ")  # bare before, must be quoted after
    out = tmp_path / "added.xlsx"
    out.write_bytes(pkg.to_bytes())
    assert problems(out) == []
    wb, was = openpyxl.load_workbook(out), openpyxl.load_workbook(src)
    formulas, before = ([book["notes"].cell(k, 1).value for k in range(1, len(ODD) + 1)] for book in (wb, was))
    assert formulas[0] == "='c''d'!B1*10" and formulas[3] == "='สรุป ย่อ'!B1*10"
    assert formulas[1:3] + formulas[4:] == before[1:3] + before[4:]  # as the maker quoted them
    # (LibreOffice leaves A1 bare: =A1!B1*10)
    assert wb.defined_names["odd_first"].attr_text == "'c''d'!$B$1"
    assert wb["c'd"].print_area == "'c''d'!$A$1:$B$1"  # still local to its sheet
    sheets = libreoffice.csv_sheets(out, tmp_path / "csv")
    assert [row[0] for row in sheets["notes"]] == EXPECTED_NOTES
    assert sheets["c'd"][0][0] == EXPECTED_TEXTS[0] and sheets["สรุป ย่อ"][0][1] == "4"


@pytest.mark.parametrize("maker", MAKERS)
def test_report_keeps_odd_sheets(made, maker, libreoffice, tmp_path):
    src = made[maker]["mistakes"]
    before = src.read_bytes()
    out, result = api.report(src, tmp_path / "report.xlsx")
    assert src.read_bytes() == before
    assert_odd_sheets_kept(src, out)
    assert problems(out) == []
    assert notes_and_odd_values(libreoffice, out, tmp_path) == (EXPECTED_NOTES, EXPECTED_TEXTS)


@pytest.mark.parametrize("maker", MAKERS)
def test_export_keeps_odd_sheets(made, maker, libreoffice, tmp_path):
    src = tmp_path / "clean.xlsx"
    shutil.copy(made[maker]["clean"], src)
    out, result = api.export(src, tmp_path / "out")
    assert out is not None, result
    assert_odd_sheets_kept(src, out)
    assert problems(out) == []
    assert notes_and_odd_values(libreoffice, out, tmp_path) == (EXPECTED_NOTES, EXPECTED_TEXTS)


@pytest.mark.parametrize("maker", MAKERS)
def test_fix_keeps_odd_sheets(made, maker, libreoffice, tmp_path):
    src = made[maker]["mistakes"]
    out, changes = api.fix(src, tmp_path / "fixed.xlsx")
    # the mistakes sample's five fixes (tests/test_fix.py EXPECTED), the odd sheets untouched
    assert [(c.sheet, c.cell) for c in changes] == [
        ("สาขางาน", "G5"), ("1 ทวิภาคี", "E5"), ("1 ทวิภาคี", "E6"), ("1 ทวิภาคี", "E8"), ("2 ครูพิเศษ", "F4")]
    assert_odd_sheets_kept(src, out)
    assert problems(out) == []
    notes, texts = notes_and_odd_values(libreoffice, out, tmp_path)
    assert (notes, texts) == (EXPECTED_NOTES, EXPECTED_TEXTS)
    grid = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("สาขางาน").to_python(skip_empty_area=False)
    assert grid[4][6] == 12  # G5: "๑๒" became the number


@pytest.mark.parametrize("maker", MAKERS)
def test_a_date_fixed_into_a_general_cell_gets_a_date_format(made, maker, tmp_path):
    """E5 of 1 ทวิภาคี holds the text 15/6/2568; given the General format (0), the fix copies
    that cell format with a date number format, under the file's own prefix (x:xf)."""
    pkg = Package(made[maker]["mistakes"].read_bytes())
    part = pkg.sheet("1 ทวิภาคี").part
    xml, old = restyle(pkg.text(part), {"E5": 0})
    assert old["E5"] != 0
    pkg.put(part, xml)
    src = tmp_path / "general.xlsx"
    src.write_bytes(pkg.to_bytes())
    out, changes = api.fix(src, tmp_path / "fixed.xlsx")
    assert ("1 ทวิภาคี", "E5") in [(c.sheet, c.cell) for c in changes]
    grid = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("1 ทวิภาคี").to_python(skip_empty_area=False)
    assert grid[4][4] == dt.date(2025, 6, 15)  # a date cell, not the serial number 45823.0
    assert problems(out) == []
