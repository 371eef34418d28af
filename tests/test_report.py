"""vetqa-xl report / export: generated sheets, highlights, links, and nothing of the user's lost."""
from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.comments import Comment
from openpyxl.drawing.image import Image
from python_calamine import CalamineWorkbook

from vetqa_xl import fill_sample, report
from vetqa_xl.writers.ooxml import Package, _rels_path
from vetqa_xl.writers.report import (
    CT_MACRO_MAINS,
    CT_XLSX_MAIN,
    HIGHLIGHTS_PROPERTY,
    REL_VBA,
    HighlightRecordWarning,
    clear_file_highlights,
    generated_names,
    highlight_record,
)

EXTRA_SHEET = "บันทึกของฉัน"
X14 = ('<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
       'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
       '<x14:dataValidations count="0" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"/>'
       '</ext></extLst>')


def _png() -> bytes:
    from PIL import Image as PILImage
    buf = io.BytesIO()
    PILImage.new("RGB", (40, 20), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


@pytest.fixture(scope="module")
def user_file(tmp_path_factory) -> Path:
    """The mistakes sample as a user would leave it: a comment, a pasted photo, a merged range,
    an extra sheet, text that looks like a formula, and an x14 extension openpyxl would drop."""
    d = tmp_path_factory.mktemp("user")
    src = fill_sample(d / "filled.xlsx", "college_mistakes")
    wb = openpyxl.load_workbook(src)
    wb["3 กิจกรรม"]["A4"].comment = Comment("ตรวจสอบชื่อกิจกรรมอีกครั้ง", "ครูสมศรี")
    img = Image(io.BytesIO(_png()))
    wb["สาขางาน"].add_image(img, "J2")
    ws = wb.create_sheet(EXTRA_SHEET)
    ws["A1"] = "หมายเหตุภายใน"
    ws.merge_cells("A1:C1")
    ws["A2"] = "=SUM(1,2)"
    ws["A2"].data_type = "s"  # text that looks like a formula, kept as text
    ws["A3"] = "+66 45 000 000"
    ws["A3"].data_type = "s"
    path = d / "user.xlsx"
    wb.save(path)
    # add an x14 extension to the extra sheet, as Excel writes for cross-sheet dropdowns
    pkg = Package(path.read_bytes())
    part = pkg.sheet(EXTRA_SHEET).part
    pkg.put(part, pkg.text(part).replace("</worksheet>", X14 + "</worksheet>"))
    path.write_bytes(pkg.to_bytes())
    return path


@pytest.fixture(scope="module")
def reported(user_file, tmp_path_factory):
    out, rep = report(user_file, tmp_path_factory.mktemp("out") / "out.xlsx")
    return out, rep


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _grid(path: Path, sheet: str):
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def test_every_user_part_survives(user_file, reported):
    out, rep = reported
    before, after = _parts(user_file), _parts(out)
    highlighted = {f.sheet for f in rep.findings if f.severity in ("error", "warning") and f.row is not None}
    pkg = Package(user_file.read_bytes())
    sheet_parts = {s.part: s.name for s in pkg.sheets()}
    replaced = set()  # the generated sheets of the input (from its template) and their charts
    todo = [s.part for s in pkg.sheets() if s.name in generated_names()]
    while todo:
        part = todo.pop()
        replaced |= {part, _rels_path(part)}
        todo += [r["part"] for r in pkg.rels(part) if "part" in r]
    edited = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/styles.xml",
              "docProps/custom.xml", "_rels/.rels"}
    for part, data in before.items():
        if part in replaced:
            continue
        assert part in after, part
        if part in edited or sheet_parts.get(part) in highlighted:
            continue
        assert after[part] == data, part  # untouched, byte for byte
    kinds = " ".join(before)
    assert "comments" in kinds and "media/image" in kinds  # the fixture really has them


def test_user_values_comment_photo_merge_and_text(user_file, reported):
    out, _ = reported
    src = CalamineWorkbook.from_path(str(user_file))
    dst = CalamineWorkbook.from_path(str(out))
    for name in src.sheet_names:
        if name in generated_names():
            continue  # replaced by design
        assert src.get_sheet_by_name(name).to_python() == dst.get_sheet_by_name(name).to_python(), name
    wb = openpyxl.load_workbook(out)
    assert wb["3 กิจกรรม"]["A4"].comment.text == "ตรวจสอบชื่อกิจกรรมอีกครั้ง"
    ws = wb[EXTRA_SHEET]
    assert "A1:C1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A2"].value == "=SUM(1,2)" and ws["A2"].data_type == "s"
    assert ws["A3"].value == "+66 45 000 000"
    assert X14 in Package(out.read_bytes()).text(Package(out.read_bytes()).sheet(EXTRA_SHEET).part)
    assert any(n.startswith("xl/media/") for n in _parts(out))


def test_generated_sheets_and_status(reported):
    out, rep = reported
    names = CalamineWorkbook.from_path(str(out)).sheet_names
    assert names.index("สรุป") == names.index("3 กิจกรรม") + 1
    assert names.index("ผลการตรวจสอบ") == names.index("สรุป") + 1
    summary = _grid(out, "สรุป")
    assert summary[3][0] == "สถานะ: ยังมีข้อผิดพลาด 10 รายการ"  # 10 errors, counted by hand
    assert "vetqa_xl" in summary[4][0] and "แบบฟอร์มรุ่น 1.0" in summary[4][0]
    findings = _grid(out, "ผลการตรวจสอบ")
    assert findings[2][:5] == ["ระดับความรุนแรง", "รหัส", "ชีต", "เซลล์", "รายละเอียด"]
    rows = findings[3:]
    assert len(rows) == len(rep.findings) == 20
    severities = [r[0] for r in rows]
    assert severities == sorted(severities, key=["ข้อผิดพลาด", "คำเตือน", "ข้อมูล"].index)  # errors first


def test_findings_link_to_their_cells(reported):
    out, rep = reported
    ws = openpyxl.load_workbook(out)["ผลการตรวจสอบ"]
    for r, f in enumerate(rep.findings, start=4):
        link = ws.cell(r, 4).hyperlink
        assert link is not None and link.location == f"'{f.sheet}'!{f.cell}"
    assert ws.cell(4, 5).value == rep.findings[0].message_th


def test_error_cells_red_warning_cells_yellow_values_untouched(user_file, reported):
    out, _ = reported
    wb = openpyxl.load_workbook(out)
    assert wb["ข้อมูลสถานศึกษา"]["B4"].fill.fgColor.rgb.endswith("FFC7CE")  # school code: error
    assert wb["ข้อมูลสถานศึกษา"]["B4"].value == "137007610"
    assert wb["3 กิจกรรม"]["A8"].fill.fgColor.rgb.endswith("FFEB9C")  # duplicate row: warning
    assert wb["สาขางาน"]["G5"].fill.fgColor.rgb in ("00000000", None) or \
        not wb["สาขางาน"]["G5"].fill.fgColor.rgb.endswith(("FFC7CE", "FFEB9C"))  # info: no colour
    assert wb["3 กิจกรรม"]["B5"].font.name == "TH Sarabun New"  # the cell keeps its own font
    before = openpyxl.load_workbook(user_file)
    assert before["3 กิจกรรม"]["B5"].number_format == wb["3 กิจกรรม"]["B5"].number_format


def test_charts_are_native_and_read_the_summary(reported):
    out, _ = reported
    parts = _parts(out)
    charts = [p for p in parts if p.startswith("xl/charts/")]
    assert len(charts) == 3
    refs = " ".join(re.findall(r"<c:f>([^<]*)</c:f>", " ".join(parts[c].decode() for c in charts)))
    assert refs.count("'สรุป'!") == 6


def test_report_of_a_report_replaces_generated_sheets(reported, tmp_path):
    out, _ = reported
    out2, _ = report(out, tmp_path / "again.xlsx")
    names1 = CalamineWorkbook.from_path(str(out)).sheet_names
    names2 = CalamineWorkbook.from_path(str(out2)).sheet_names
    assert names1 == names2
    assert len([p for p in _parts(out2) if p.startswith("xl/charts/")]) == 3
    # highlights were restored before being applied again: same style on the same cells
    wb = openpyxl.load_workbook(out2)
    assert wb["ข้อมูลสถานศึกษา"]["B4"].fill.fgColor.rgb.endswith("FFC7CE")


def test_clearing_highlights_restores_original_styles(user_file, reported):
    out, _ = reported
    pkg = Package(out.read_bytes())
    saved = highlight_record(pkg)
    assert pkg.custom_property(HIGHLIGHTS_PROPERTY) is None  # the record is a custom XML part
    assert "3 กิจกรรม" in saved and "A8" in saved["3 กิจกรรม"]
    assert clear_file_highlights(pkg) == sum(len(c) for c in saved.values())
    original = Package(user_file.read_bytes())
    for sheet, cells in saved.items():
        part_new, part_old = pkg.sheet(sheet).part, original.sheet(sheet).part
        for ref in cells:
            style = lambda xml: re.search(r'<c r="' + ref + r'"(?: s="(\d+)")?', xml).group(1)  # noqa: E731, B023  (called in the same turn)
            assert style(pkg.text(part_new)) == style(original.text(part_old)), (sheet, ref)
    assert highlight_record(pkg) == {}
    assert not any(p.startswith("customXml/") for p in Package(pkg.to_bytes()).parts)


def test_the_record_takes_a_free_custom_xml_item_and_leaves_the_users_alone(user_file, tmp_path):
    """A workbook from SharePoint carries its own custom XML items (document metadata). The
    record goes to the first number that neither an item nor its properties use (item2 has no
    properties part here, so 3), and a second report and the clearing touch only it."""
    pkg = Package(user_file.read_bytes())
    theirs = {"customXml/item1.xml": b'<?xml version="1.0"?><p:properties xmlns:p="urn:sharepoint"/>',
              "customXml/itemProps1.xml": (b'<?xml version="1.0"?><ds:datastoreItem ds:itemID="{0}" xmlns:ds='
                                           b'"http://schemas.openxmlformats.org/officeDocument/2006/customXml"/>'),
              "customXml/item2.xml": b'<?xml version="1.0"?><ct:contentTypeSchema xmlns:ct="urn:ct"/>'}
    for part, data in theirs.items():
        pkg.put(part, data, "application/xml" if "Props" not in part else
                "application/vnd.openxmlformats-officedocument.customXmlProperties+xml")
    pkg.add_rel("xl/workbook.xml", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml",
                "customXml/item1.xml")
    pkg.add_rel("customXml/item1.xml",
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps",
                "customXml/itemProps1.xml")
    pkg.add_rel("xl/workbook.xml", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml",
                "customXml/item2.xml")
    src = tmp_path / "sharepoint.xlsx"
    src.write_bytes(pkg.to_bytes())

    out, _ = report(src, tmp_path / "out.xlsx")
    parts = _parts(out)
    assert {p for p in parts if p.startswith("customXml/") and not p.endswith(".rels")} == \
        {*theirs, "customXml/item3.xml", "customXml/itemProps3.xml"}
    assert b"urn:vetqa-xl:highlights:1" in parts["customXml/item3.xml"]
    assert all(parts[p] == data for p, data in theirs.items())
    out2, _ = report(out, tmp_path / "again.xlsx")  # the old record is replaced, not added to
    assert {p for p in _parts(out2) if p.startswith("customXml/item")} == {
        p for p in parts if p.startswith("customXml/item")}
    cleared = Package(out2.read_bytes())
    assert clear_file_highlights(cleared) > 0
    left = Package(cleared.to_bytes()).parts
    assert {p for p in left if p.startswith("customXml/") and not p.endswith(".rels")} == set(theirs)
    assert all(left[p] == data for p, data in theirs.items())


@pytest.mark.parametrize("damage", ["cut", "edited", "legacy-cut"])
def test_damaged_highlight_record_warns_and_the_report_is_written(reported, tmp_path, damage):
    """A record cut short (as Office cuts a property at 255 characters) or edited by hand:
    the next report warns in Thai and English and is written, never a crash."""
    out, _ = reported
    pkg = Package(out.read_bytes())
    part = next(p for p in pkg.parts if p.startswith("customXml/item") and "Props" not in p)
    if damage == "cut":
        pkg.parts[part] = pkg.parts[part][:200]
    elif damage == "edited":
        pkg.put(part, re.sub(r's="\d+"', 's="สิบ"', pkg.text(part), count=1))
    else:
        pkg.set_custom_property(HIGHLIGHTS_PROPERTY, '{"3 กิจกรรม":{"A8":1,"B')
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(pkg.to_bytes())
    with pytest.warns(HighlightRecordWarning, match="บันทึกไฮไลต์.*/ the record"):
        out2, _ = report(damaged, tmp_path / "again.xlsx")
    again = Package(out2.read_bytes())
    assert again.custom_property(HIGHLIGHTS_PROPERTY) is None
    assert highlight_record(again)  # a fresh, whole record


def run(*args):
    return subprocess.run([sys.executable, "-m", "vetqa_xl", *map(str, args)],
                          capture_output=True, text=True, timeout=120)


def test_never_overwrites_the_source(user_file, tmp_path):
    before = user_file.read_bytes()
    p = run("report", user_file, "-o", user_file)
    assert p.returncode == 2 and "overwrite" in p.stderr and "Traceback" not in p.stderr
    assert user_file.read_bytes() == before


def test_in_place_keeps_a_backup(tmp_path):
    src = fill_sample(tmp_path / "c.xlsx", "college")
    original = src.read_bytes()
    p = run("report", src, "--in-place")
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "c.xlsx.bak").read_bytes() == original
    assert "ผลการตรวจสอบ" in CalamineWorkbook.from_path(str(src)).sheet_names


def test_write_is_atomic(tmp_path, monkeypatch):
    src = fill_sample(tmp_path / "c.xlsx", "college")

    def boom(self):
        raise OSError("disk full")
    monkeypatch.setattr(Package, "to_bytes", boom)
    with pytest.raises(OSError):
        report(src, tmp_path / "out.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.xlsx"]


def test_export_refuses_with_errors_and_writes_nothing(tmp_path):
    src = fill_sample(tmp_path / "m.xlsx", "college_mistakes")
    outdir = tmp_path / "send"
    p = run("export", src, "-o", outdir)
    assert p.returncode == 1 and "--force" in p.stderr
    assert not outdir.exists() or not list(outdir.iterdir())


def test_export_force_records_it(tmp_path):
    src = fill_sample(tmp_path / "m.xlsx", "college_mistakes")
    p = run("export", src, "-o", tmp_path / "send", "--force")
    assert p.returncode == 1, p.stderr  # written, and the workbook still has its 10 errors
    path = Path(p.stdout.strip().splitlines()[-1])
    assert path.name == "VETQA-coop-unknown-2568.xlsx"  # the school code is the mistake
    forced = Package(path.read_bytes()).custom_property("vetqa_forced_export")
    assert "10" in forced
    assert "--force" in _grid(path, "สรุป")[3][0]


def _as_xlsm(src: Path) -> Path:
    """The workbook as an .xlsm with a VBA project, as a staff member's own macro file would be."""
    pkg = Package(src.read_bytes())
    pkg.put("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 fake vba")
    pkg.add_rel("xl/workbook.xml", REL_VBA, "xl/vbaProject.bin")
    pkg.put("[Content_Types].xml", pkg.text("[Content_Types].xml").replace(CT_XLSX_MAIN, CT_MACRO_MAINS[0])
            .replace("</Types>", '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'))
    xlsm = src.with_suffix(".xlsm")
    xlsm.write_bytes(pkg.to_bytes())
    return xlsm


def test_export_clean_is_plain_xlsx_with_ascii_name_last_line(tmp_path):
    xlsm = _as_xlsm(fill_sample(tmp_path / "college.xlsx", "college"))
    p = run("export", xlsm, "--to", "sar@vec.go.th")
    assert p.returncode == 0, p.stderr
    path = Path(p.stdout.strip().splitlines()[-1])
    assert path == tmp_path / "VETQA-coop-1370076101-2568.xlsx" and path.name.isascii()
    parts = _parts(path)
    assert not [n for n in parts if "vba" in n.lower()]
    assert b"macroEnabled" not in parts["[Content_Types].xml"]
    assert "สรุป" in CalamineWorkbook.from_path(str(path)).sheet_names
    assert path.with_suffix(".eml").is_file()


def test_summary_and_findings_render_in_libreoffice(libreoffice, reported, tmp_path):
    """LibreOffice prints สรุป and ผลการตรวจสอบ as pages of their own (looked at by a person:
    VETQA_RENDER_DIR=/tmp/render pytest -k render)."""
    from .conftest import render_sheets
    out, _ = reported
    pngs = render_sheets(libreoffice, out, {"summary": "สรุปข้อมูลด้านความร่วมมือ",
                                            "findings": "ผลการตรวจสอบข้อมูล"}, tmp_path)
    assert set(pngs) == {"summary", "findings"}
    for png in pngs.values():
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000


def test_report_of_an_xlsm_to_xlsx_drops_the_macros_but_keeps_them_in_xlsm(tmp_path):
    """Excel refuses a .xlsx whose content type is macro-enabled: a report to .xlsx is plain."""
    xlsm = _as_xlsm(fill_sample(tmp_path / "c.xlsx", "college"))
    as_xlsm, _ = report(xlsm, tmp_path / "r.xlsm")
    as_xlsx, _ = report(xlsm, tmp_path / "r.xlsx")
    assert "xl/vbaProject.bin" in _parts(as_xlsm)
    assert b"macroEnabled" in _parts(as_xlsm)["[Content_Types].xml"]
    assert "xl/vbaProject.bin" not in _parts(as_xlsx)
    assert b"macroEnabled" not in _parts(as_xlsx)["[Content_Types].xml"]


def test_a_highlighted_cell_restyled_since_keeps_its_new_style(reported):
    """Only cells that still carry the highlight get their own style back: a cell the user
    restyled (or another program renumbered) is left alone, with a warning."""
    out, _ = reported
    pkg = Package(out.read_bytes())
    record = highlight_record(pkg)
    sheet, cells = next(iter(record.items()))
    ref, (own, high) = next(iter(cells.items()))
    part = pkg.sheet(sheet).part
    xml = pkg.text(part)
    pkg.put(part, re.sub(r'(<c r="' + ref + r'"[^>]*?) s="' + str(high) + '"', r'\1 s="0"', xml, count=1))
    with pytest.warns(HighlightRecordWarning, match="1 เซลล์.*/ 1 cell"):
        restored = clear_file_highlights(pkg)
    assert restored == sum(len(c) for c in record.values()) - 1
    assert re.search(r'<c r="' + ref + r'" s="0"', pkg.text(part))


def test_report_to_xlsx_drops_the_vba_default_however_it_is_written(tmp_path):
    """Another program may write the content type's Default with its attributes in the other
    order, single-quoted, the extension in capitals (OPC matches extensions in any case): the
    plain .xlsx keeps no vbaProject content type (issue 23 item 5: tag level, not a regex)."""
    xlsm = _as_xlsm(fill_sample(tmp_path / "c.xlsx", "college"))
    pkg = Package(xlsm.read_bytes())
    pkg.put("[Content_Types].xml", pkg.text("[Content_Types].xml").replace(
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>',
        "<Default ContentType='application/vnd.ms-office.vbaProject' Extension='BIN' />"))
    xlsm.write_bytes(pkg.to_bytes())
    as_xlsx, _ = report(xlsm, tmp_path / "r.xlsx")
    ct = _parts(as_xlsx)["[Content_Types].xml"]
    assert b"vbaProject" not in ct and b"<Default" in ct  # the other Defaults stay
