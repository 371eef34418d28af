"""Every file the project writes is a clean package, whatever application saved the input:
schema-valid parts (tests/ooxml_check.py), no stale calcChain, no orphan part, unique sheetIds,
valid defined names, no custom property over 255 characters. Inputs come from
tests/other_apps.py (Excel-style, signed .xlsm, openpyxl with and without lxml) and from
LibreOffice itself; the project's own commands also run in openpyxl's lxml mode."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from tests.ooxml_check import package_problems, problems
from tests.other_apps import EXTRA, as_xlsm, excel_style, openpyxl_resave, run_python, sdk_style
from vetqa_xl import export, fill_sample, report
from vetqa_xl import new_year as new_workbook
from vetqa_xl.writers.ooxml import Package

INPUTS = ("excel", "xlsm", "libreoffice", "openpyxl-lxml", "openpyxl-stdlib", "sdk")


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, libreoffice) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("inputs")
    sample = fill_sample(d / "sample.xlsx", "college_mistakes")
    excel = excel_style(sample, d / "excel.xlsx")
    lo_dir = d / "lo"
    lo, = libreoffice.convert(excel, "xlsx:Calc MS Excel 2007 XML", lo_dir)
    return {"excel": excel, "xlsm": as_xlsm(excel, d / "signed.xlsm"), "libreoffice": lo,
            "openpyxl-lxml": openpyxl_resave(excel, d / "pyxl-lxml.xlsx", lxml=True),
            "openpyxl-stdlib": openpyxl_resave(excel, d / "pyxl-std.xlsx", lxml=False),
            "sdk": sdk_style(sample, d / "sdk.xlsx")}


def test_inputs_are_what_the_other_apps_write(inputs):
    """The fixtures carry what makes them hard; otherwise the tests below prove little."""
    excel = _parts(inputs["excel"])
    assert b'<c r="' in excel["xl/calcChain.xml"] and b' i="' in excel["xl/calcChain.xml"]
    assert {"xl/tables/table1.xml", "xl/printerSettings/printerSettings1.bin", "xl/sharedStrings.xml",
            "xl/theme/theme1.xml"} <= set(excel)
    assert b"x14:dataValidation" in b"".join(excel.values()) and b"x14ac:knownFonts" in excel["xl/styles.xml"]
    wb = excel["xl/workbook.xml"].decode()
    assert "'1 ทวิภาคี'!$A$3:$E$20" in wb and ">สาขางาน!$D$4:$D$20<" in wb
    assert {"xl/vbaProject.bin", "xl/vbaProjectSignature.bin"} <= set(_parts(inputs["xlsm"]))
    lo = _parts(inputs["libreoffice"])
    assert b"LibreOffice" in lo["docProps/app.xml"]
    with_lxml = _parts(inputs["openpyxl-lxml"])["xl/workbook.xml"]
    assert b'<sheet xmlns:r="' in with_lxml  # the shape that crashed the writers
    assert b'<sheet xmlns:r="' not in _parts(inputs["openpyxl-stdlib"])["xl/workbook.xml"]
    sdk = _parts(inputs["sdk"])
    assert sdk["xl/styles.xml"].lstrip().startswith(b"<?xml") and b"<x:styleSheet" in sdk["xl/styles.xml"]
    assert b"<x:row " in sdk[Package(inputs["sdk"].read_bytes()).sheet("สาขางาน").part]
    for name, path in inputs.items():
        assert problems(path) == [], name  # clean inputs: what follows is ours


@pytest.mark.parametrize("source", INPUTS)
def test_report_export_and_report_of_report_are_clean(inputs, source, tmp_path):
    src = inputs[source]
    out, rep = report(src, tmp_path / "report.xlsx")
    assert rep.errors  # the mistakes sample: highlights are written
    again, _ = report(out, tmp_path / "again.xlsx")
    exported, _ = export(src, tmp_path / "export", force=True)
    for path in (out, again, exported):
        assert problems(path) == [], path.name
        parts = _parts(path)
        assert not any(p.startswith("xl/vbaProject") for p in parts)
        assert "xl/calcChain.xml" not in parts and b"calcChain" not in parts["[Content_Types].xml"]
        assert b'fullCalcOnLoad="1"' in parts["xl/workbook.xml"]


@pytest.mark.parametrize("source", INPUTS)
def test_next_year_from_any_app_is_clean(inputs, source, tmp_path):
    out = new_workbook(inputs[source], tmp_path / "next.xlsx")
    assert problems(out) == []


def test_user_parts_of_an_excel_file_survive_the_report(inputs, tmp_path):
    out, _ = report(inputs["excel"], tmp_path / "r.xlsx")
    before, after = _parts(inputs["excel"]), _parts(out)
    for part in ("xl/tables/table1.xml", "xl/printerSettings/printerSettings1.bin", "xl/theme/theme1.xml",
                 "xl/sharedStrings.xml"):
        assert after[part] == before[part], part
    wb = after["xl/workbook.xml"].decode()
    assert "'1 ทวิภาคี'!$A$3:$E$20" in wb and ">สาขางาน!$D$4:$D$20<" in wb
    assert 'mc:Ignorable="x15 xr"' in wb  # the root's prefixes kept as written
    extra = Package(out.read_bytes()).sheet(EXTRA)
    assert b"x14:dataValidation" in after[extra.part]


def test_sheet_ids_are_never_reused(inputs, tmp_path):
    """The report removes the hidden คำนวณสรุป sheet and adds sheets: none gets an old id, so
    nothing that still names a sheetId (an old calcChain, Excel's caches) points at a new sheet."""
    before = {s.name: s.sheet_id for s in Package(inputs["excel"].read_bytes()).sheets()}
    out, _ = report(inputs["excel"], tmp_path / "r.xlsx")
    after = Package(out.read_bytes()).sheets()
    new = [s for s in after if before.get(s.name) != s.sheet_id]
    assert len(new) == 3  # สรุป, ผลการตรวจสอบ, คำนวณสรุป
    assert min(s.sheet_id for s in new) > max(before.values())


def test_signed_xlsm_as_xlsx_drops_project_signature_and_their_types(inputs, tmp_path):
    out, _ = report(inputs["xlsm"], tmp_path / "r.xlsx")
    parts = _parts(out)
    assert not [p for p in parts if "vbaProject" in p]
    assert b"vbaProject" not in parts["[Content_Types].xml"]
    assert b"macroEnabled" not in parts["[Content_Types].xml"]
    kept, _ = report(inputs["xlsm"], tmp_path / "r.xlsm")
    assert {"xl/vbaProject.bin", "xl/vbaProjectSignature.bin"} <= set(_parts(kept))
    assert problems(kept) == []


def test_chart_style_parts_go_with_the_replaced_chart(inputs, tmp_path):
    """Excel adds style and colour parts to each chart it saves; the next report replaces the
    charts, and their style parts must not stay behind as orphans."""
    out, _ = report(inputs["excel"], tmp_path / "r.xlsx")
    pkg = Package(out.read_bytes())
    charts = [p for p in pkg.parts if re.fullmatch(r"xl/charts/vetqa\d+\.xml", p)]
    ns = "http://schemas.microsoft.com/office/drawing/2012/chartStyle"
    for n, chart in enumerate(charts, 1):
        pkg.put(f"xl/charts/style{n}.xml", f'<cs:chartStyle xmlns:cs="{ns}" id="201"/>',
                "application/vnd.ms-office.chartstyle+xml")
        pkg.put(f"xl/charts/colors{n}.xml", f'<cs:colorStyle xmlns:cs="{ns}" meth="cycle" id="10"/>',
                "application/vnd.ms-office.chartcolorstyle+xml")
        pkg.add_rel(chart, "http://schemas.microsoft.com/office/2011/relationships/chartStyle",
                    f"xl/charts/style{n}.xml")
        pkg.add_rel(chart, "http://schemas.microsoft.com/office/2011/relationships/chartColorStyle",
                    f"xl/charts/colors{n}.xml")
    saved = tmp_path / "saved.xlsx"
    saved.write_bytes(pkg.to_bytes())
    assert "xl/charts/style1.xml" in _parts(saved)
    again, _ = report(saved, tmp_path / "again.xlsx")
    parts = _parts(again)
    assert not [p for p in parts if re.search(r"xl/charts/(style|colors)\d", p)]
    assert b"chartstyle" not in parts["[Content_Types].xml"]
    assert problems(again) == []


@pytest.mark.parametrize("lxml", [True, False], ids=["openpyxl-lxml", "openpyxl-stdlib"])
def test_own_commands_in_both_openpyxl_modes(lxml, tmp_path):
    """template, a filled sample, report, export and next year with openpyxl in lxml mode
    (which crashed them with 'unbound prefix') and in standard-library mode."""
    d = str(tmp_path)
    run_python(f"""
from vetqa_xl import build_template, fill_sample, report, export
from vetqa_xl import new_year as new_workbook
build_template({d!r} + '/t.xlsx')
s = fill_sample({d!r} + '/s.xlsx', 'college_mistakes')
report(s, {d!r} + '/r.xlsx')
export(s, {d!r}, force=True)
new_workbook(s, {d!r} + '/n.xlsx')
""", lxml)
    written = sorted(tmp_path.glob("*.xlsx"))
    assert len(written) == 5
    for path in written:
        assert problems(path) == [], path.name


def test_addin_package_and_ribbon_are_valid(tmp_path):
    from vetqa_xl.addin import build_addin

    addin = build_addin(tmp_path / "vetqa_xl.xlam")
    parts = _parts(addin)
    assert any(p.endswith("customUI14.xml") for p in parts)
    assert problems(addin) == []


# --- the validator fails on what Excel repairs ---------------------------------------------
def _damaged(path: Path, edit) -> bytes:
    pkg = Package(path.read_bytes())
    edit(pkg)
    parts = dict(pkg.parts)
    return parts


def test_validator_catches_what_excel_repairs(inputs, tmp_path):
    out, _ = report(inputs["excel"], tmp_path / "r.xlsx")
    clean = Package(out.read_bytes())
    assert package_problems(clean.parts) == []

    def stale_chain(pkg):
        pkg.put("xl/calcChain.xml", '<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                f'<c r="XFD1" i="{pkg.sheets()[-1].sheet_id}"/></calcChain>',
                "application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml")
        pkg.add_rel("xl/workbook.xml", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain",
                    "xl/calcChain.xml")

    def reused_id(pkg):
        first = pkg.sheets()[0].sheet_id
        pkg.put("xl/workbook.xml", re.sub(r'sheetId="\d+"(?!.*sheetId)', f'sheetId="{first}"',
                                          pkg.text("xl/workbook.xml"), flags=re.S))

    def orphan(pkg):
        pkg.put("xl/media/lost.png", b"\x89PNG")

    def bad_name(pkg):
        pkg.put("xl/workbook.xml", pkg.text("xl/workbook.xml").replace(
            "<definedNames>", "<definedNames><definedName name=\"1bad\">'ไม่มีชีตนี้'!$A$1</definedName>"))

    def broken_rid(pkg):
        part = pkg.sheet("สรุป").part
        pkg.put(part, re.sub(r'<drawing r:id="[^"]+"', '<drawing r:id="rId999"', pkg.text(part)))

    expected = {stale_chain: "calcChain", reused_id: "sheetIds not unique", orphan: "orphan",
                bad_name: "invalid defined name", broken_rid: "does not resolve"}
    for edit, words in expected.items():
        found = package_problems(_damaged(out, edit))
        assert any(words in p for p in found), (edit.__name__, found)
    pkg = Package(out.read_bytes())
    pkg.set_custom_property("x", "ก")
    pkg.put("docProps/custom.xml", pkg.text("docProps/custom.xml").replace(">ก<", f">{'ก' * 256}<"))
    assert any("> 255" in p for p in package_problems(pkg.parts))
    part = pkg.sheet("สรุป").part
    pkg.put(part, pkg.text(part).replace("<sheetData>", "<sheetData><row r=\"x\"/>", 1))
    assert any("sheetData" in p or "row" in p for p in problems(pkg.to_bytes()))


def test_report_of_a_report_libreoffice_saved_is_clean(inputs, libreoffice, tmp_path):
    """The highlight record (a custom XML part) survives LibreOffice's save; LibreOffice
    renumbers the styles, so the old highlights are left (with a warning), never given a
    style index that now means something else."""
    out, _ = report(inputs["excel"], tmp_path / "r.xlsx")
    saved, = libreoffice.convert(out, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    assert any(p.startswith("customXml/item") for p in _parts(saved))
    import warnings
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        again, _ = report(saved, tmp_path / "again.xlsx")
    assert problems(again) == []
    assert "xl/calcChain.xml" not in _parts(again)


def test_content_types_of_removed_relationship_parts_go_too(inputs, tmp_path):
    """Some writers list .rels parts in [Content_Types].xml; when the report replaces its
    sheets, the overrides of their relationship parts must go with them."""
    out, _ = report(inputs["excel"], tmp_path / "r.xlsx")
    pkg = Package(out.read_bytes())
    rels = "xl/worksheets/_rels/" + pkg.sheet("สรุป").part.rsplit("/", 1)[1] + ".rels"
    assert rels in pkg.parts
    pkg.put("[Content_Types].xml", pkg.text("[Content_Types].xml").replace(
        "</Types>", f'<Override PartName="/{rels}" ContentType="application/'
                    'vnd.openxmlformats-package.relationships+xml"/></Types>'))
    saved = tmp_path / "saved.xlsx"
    saved.write_bytes(pkg.to_bytes())
    again, _ = report(saved, tmp_path / "again.xlsx")
    assert f'PartName="/{rels}"'.encode() not in _parts(again)["[Content_Types].xml"]
    assert problems(again) == []


def test_a_part_named_in_thai_and_reached_percent_encoded_is_kept(inputs, tmp_path):
    """Relationship targets are URIs: a part with a Thai name is reached as %E0%B8…; pruning
    orphans must not take it for one."""
    from urllib.parse import quote

    pkg = Package(inputs["excel"].read_bytes())
    part = "xl/media/รูปวิทยาลัย.png"
    pkg.put(part, b"\x89PNG\r\n\x1a\n" + b"\x00" * 16)
    pkg.put("[Content_Types].xml", pkg.text("[Content_Types].xml").replace(
        "</Types>", '<Default Extension="png" ContentType="image/png"/></Types>'))
    sheet = pkg.sheet(EXTRA).part
    rels = sheet.replace("worksheets/", "worksheets/_rels/") + ".rels"
    pkg.put(rels, pkg.text(rels).replace("</Relationships>", '<Relationship Id="rIdImg" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="../media/'
            + quote("รูปวิทยาลัย.png") + '"/></Relationships>'))
    saved = tmp_path / "thai-part.xlsx"
    saved.write_bytes(pkg.to_bytes())
    out, _ = report(saved, tmp_path / "r.xlsx")
    assert _parts(out)[part].startswith(b"\x89PNG")


def test_template_bytes_do_not_depend_on_lxml_being_installed(tmp_path):
    """lxml importable, OPENPYXL_LXML not set (an Anaconda developer): the writers ask openpyxl
    for its standard-library writer, so the build equals the committed template."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    env = {k: v for k, v in os.environ.items() if k != "OPENPYXL_LXML"}
    out = tmp_path / "t.xlsx"
    proc = subprocess.run([sys.executable, "-c", f"import lxml, vetqa_xl; vetqa_xl.build_template({str(out)!r})"],
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == (ROOT / "workbook_template.xlsx").read_bytes()
