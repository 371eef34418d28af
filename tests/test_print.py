"""Screen and paper: every row the project writes fits 16 pt Thai, every sheet prints on A4
fitted to the width with its header rows repeated and a footer (page n of m, a date in พ.ศ.),
charts print whole on a page, and "ต่างกัน" in สรุป is red and names a finding's code."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pytest
from PIL import ImageFont

from vetqa_xl import fill_sample, report
from vetqa_xl.form import FORM
from vetqa_xl import new_year as new_workbook
from vetqa_xl.writers.ooxml import Package

from .conftest import ROOT

LAKSAMAN = Path("/usr/share/fonts/truetype/tlwg/Laksaman.ttf")
SUMMARY, FINDINGS = FORM.sheet("summary").name, FORM.sheet("findings").name


def _line_pt(size: float = 16) -> float:
    """One line of Laksaman (LibreOffice's face for TH Sarabun New here), measured from the
    font file: ascent + descent at ``size`` pt."""
    font = ImageFont.truetype(str(LAKSAMAN), 1000)
    ascent, descent = font.getmetrics()
    return (ascent + descent) / 1000 * size


@pytest.fixture(scope="module")
def files(tmp_path_factory, libreoffice) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("print")
    sample = fill_sample(d / "sample.xlsx", "college")
    wb = openpyxl.load_workbook(sample)  # ผู้บริหาร of every บริการวิชาการ typed in Thai digits
    ws = wb["3 กิจกรรม"]
    thai = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
    changed = 0
    for r in range(4, ws.max_row + 1):
        cell = ws.cell(r, 6)
        if ws.cell(r, 2).value == "บริการวิชาการ" and isinstance(cell.value, int) and cell.value > 0:
            cell.value, cell.data_type = str(cell.value).translate(thai), "s"
            changed += 1
    assert changed
    wb.save(d / "thai.xlsx")
    rep, _ = report(d / "thai.xlsx", d / "report.xlsx")
    return {"template": ROOT / "workbook_template.xlsx", "report": rep,
            "next": new_workbook(sample, d / "next.xlsx")}


def _visible_sheets(path: Path):
    pkg = Package(path.read_bytes())
    return pkg, [s for s in pkg.sheets() if s.state == "visible"]


@pytest.mark.parametrize("which", ["template", "report", "next"])
def test_every_row_fits_a_line_of_16pt_thai(files, which):
    line = _line_pt()
    assert 26 < line < 27  # Laksaman: 1279 + 376 units of 1000
    pkg, sheets = _visible_sheets(files[which])
    for s in sheets:
        xml = pkg.text(s.part)
        default = float(re.search(r'defaultRowHeight="([\d.]+)"', xml).group(1))
        assert default >= line and 'customHeight="1"' in xml.split("<sheetData")[0], s.name
        for row in re.finditer(r"<row\b([^>]*)>", xml):
            ht = re.search(r'\bht="([\d.]+)"', row.group(1))
            assert ht and float(ht.group(1)) >= line, (s.name, row.group(0))


@pytest.mark.parametrize("which", ["template", "report", "next"])
def test_every_sheet_prints_on_a4_fitted_with_footer_and_header_rows(files, which):
    pkg, sheets = _visible_sheets(files[which])
    wb = pkg.text("xl/workbook.xml")
    titles = dict(re.findall(r'name="_xlnm\.Print_Titles" localSheetId="(\d+)">([^<]*)<', wb))
    all_names = [s.name for s in pkg.sheets()]
    for s in sheets:
        xml = pkg.text(s.part)
        setup = re.search(r"<pageSetup\b[^>]*>", xml).group(0)
        assert 'paperSize="9"' in setup and 'fitToWidth="1"' in setup and 'fitToHeight="0"' in setup
        assert re.search(r'<pageSetUpPr\b[^>]*fitToPage="1"', xml), s.name
        footer = re.search(r"<oddFooter>(.*?)</oddFooter>", xml, re.S).group(1)
        assert "&amp;P" in footer and "&amp;N" in footer, s.name
        assert "พ.ศ." in footer or re.search(r"25[6-9]\d", footer), s.name
        assert str(all_names.index(s.name)) in titles, s.name  # header rows repeated


def test_report_footer_carries_the_check_date_in_buddhist_years(files):
    pkg = Package(files["report"].read_bytes())
    today = dt.date.today()
    months = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.",
              "พ.ย.", "ธ.ค.")  # as every Thai message shows a date
    expected = f"ตรวจสอบเมื่อ {today.day} {months[today.month - 1]} {today.year + 543}"
    for name in (SUMMARY, FINDINGS):
        assert expected in pkg.text(pkg.sheet(name).part), name


def test_charts_sit_below_a_page_break_inside_the_printed_columns(files):
    """Two bands of charts fit one landscape A4 page: 2 × 8 rows + 1 gap row of 28.5 pt =
    484.5 pt, under the 595 − 2 × 0.6 × 72 = 508.6 pt between the margins."""
    pkg = Package(files["report"].read_bytes())
    xml = pkg.text(pkg.sheet(SUMMARY).part)
    brk = int(re.search(r'<brk id="(\d+)"', xml).group(1))
    drawing = next(p for p in pkg.parts if p.startswith("xl/drawings/vetqa") and p.endswith(".xml"))
    anchors = re.findall(r"<xdr:from><xdr:col>(\d+)</xdr:col>.*?<xdr:row>(\d+)</xdr:row>.*?"
                         r"<xdr:to><xdr:col>(\d+)</xdr:col>.*?<xdr:row>(\d+)</xdr:row>", pkg.text(drawing))
    assert len(anchors) == 3
    top = min(int(a[1]) for a in anchors)
    bottom = max(int(a[3]) for a in anchors)
    assert top >= brk  # 0-based row index brk is the row after the break
    assert all(int(a[2]) <= 3 for a in anchors)  # within A–D, the printed width
    assert (bottom - top) * 28.5 <= 595 - 2 * 0.6 * 72


def test_libreoffice_prints_each_chart_whole_with_its_legend(libreoffice, files, tmp_path):
    pdf, = libreoffice.convert(files["report"], "pdf", tmp_path)
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout).group(1))
    # pdftotext may move Thai marks (ขั้น -> ขัน ้): compare base letters only
    bare = lambda t: "".join(ch for ch in t if not ch.isspace()  # noqa: E731
                             and unicodedata.category(ch) != "Mn")
    texts = [bare(subprocess.run(["pdftotext", "-f", str(p), "-l", str(p), str(pdf), "-"],
                                 capture_output=True, text=True, check=True).stdout)
             for p in range(1, pages + 1)]
    wanted = ["สาขางานที่มีครูพิเศษ เทียบกับที่ยังไม่มี", "สาขางานที่ยังไม่มีครูพิเศษ",  # pie, its legend
              "ขั้นตอนระบบทวิภาคีที่ดำเนินการครบ", "แยกตามประเภท"]
    whole = [t for t in texts if all(bare(w) in t for w in wanted)]
    assert whole, "the three charts and the legend are not on one page"


def test_difference_is_red_and_names_the_finding(files, libreoffice, tmp_path):
    """Participant counts typed in Thai digits: the checker reads ๒ as 2 and meets 3.2 (all
    four groups present), the formula's N() reads text as 0 and does not. สรุป shows the
    difference in red, naming I_THAI_DIGITS; the other rows stay ✓."""
    sheets = libreoffice.csv_sheets(files["report"], tmp_path / "csv")
    rows = {r[0].split(" ")[1]: r for r in sheets[SUMMARY] if r and r[0].startswith("ข้อ ")}
    assert rows["3.2"][1:4] == ["ไม่ผ่าน", "ผ่าน", "ต่างกัน ดู I_THAI_DIGITS"]  # the labels carry §9's wording
    assert rows["3.1"][3] == "✓"
    pkg = Package(files["report"].read_bytes())
    xml = pkg.text(pkg.sheet(SUMMARY).part)
    rule = re.search(r'<conditionalFormatting sqref="D\d+:D\d+"><cfRule type="expression" dxfId="(\d+)"'
                     r'[^>]*><formula>ISNUMBER\(SEARCH\("ต่างกัน",D\d+\)\)</formula>', xml)
    assert rule
    styles = pkg.text("xl/styles.xml")
    dxfs = re.findall(r"<dxf>.*?</dxf>", re.search(r"<dxfs\b.*?</dxfs>", styles, re.S).group(0), re.S)
    assert 'color rgb="FF9C0006"' in dxfs[int(rule.group(1))]  # red text, not ✓'s green


def test_wrapped_texts_get_the_lines_they_need(files):
    """Long checklist items and finding messages wrap: their rows are two lines or more."""
    pkg = Package(files["report"].read_bytes())
    xml = pkg.text(pkg.sheet("1 ทวิภาคี").part)
    heights = [float(h) for h in re.findall(r'<row r="\d+"[^>]*\bht="([\d.]+)"', xml)]
    assert max(heights) >= 2 * _line_pt()
    with zipfile.ZipFile(files["report"]) as z:
        assert b"wrapText" in z.read("xl/styles.xml")
