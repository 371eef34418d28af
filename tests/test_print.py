"""Screen and paper: every row the project writes fits 16 pt Thai, every sheet prints on A4
fitted to the width with its header rows repeated and a footer (page n of m, a date in พ.ศ.),
charts print whole on a page, and "ต่างกัน" in สรุป is red and names a finding's code."""
from __future__ import annotations

import datetime as dt
import itertools
import re
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pytest
from PIL import ImageFont

from vetqa_xl import fill_sample, report
from vetqa_xl import new_year as new_workbook
from vetqa_xl.form import FORM
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


# --- issue 22 item 8: the pages of the template, both samples' reports and the export, as
# LibreOffice prints them.

def _typo_metrics(path: Path = LAKSAMAN) -> tuple[int, int, int, int]:
    """(units per em, ascent, descent, line gap) from the font's OS/2 table: LibreOffice spaces
    the lines of a cell by the typographic ascent + descent + line gap."""
    import struct

    data = path.read_bytes()
    tables = {data[12 + 16 * i:16 + 16 * i].decode(): struct.unpack(">I", data[20 + 16 * i:24 + 16 * i])[0]
              for i in range(struct.unpack(">H", data[4:6])[0])}
    upem = struct.unpack(">H", data[tables["head"] + 18:tables["head"] + 20])[0]
    ascent, descent, gap = struct.unpack(">hhh", data[tables["OS/2"] + 68:tables["OS/2"] + 74])
    return upem, ascent, -descent if descent < 0 else descent, gap


def _pitch(size: float = 16) -> float:
    upem, ascent, descent, gap = _typo_metrics()
    return (ascent + descent + gap) / upem * size


def _text_pt(text: str, size: float = 16, bold: bool = False) -> float:
    """Width of ``text`` in points, measured with Laksaman (LibreOffice's face for TH Sarabun New)."""
    face = LAKSAMAN.with_name("Laksaman-Bold.ttf") if bold else LAKSAMAN
    return ImageFont.truetype(str(face), 1000).getlength(text) / 1000 * size


def _column_pt(width: float) -> float:
    """Room for text in a column ``width`` wide as LibreOffice prints it: ``width`` digits of
    the workbook's default font (Calibri 11, which fontconfig replaces here). Excel's columns
    are 7 pixels a unit (5.25 pt) at Calibri's own width."""
    face = subprocess.run(["fc-match", "-f", "%{file}", "Calibri"], capture_output=True, text=True,
                          check=True).stdout
    return width * ImageFont.truetype(face, 1000).getlength("0") / 1000 * 11


@pytest.fixture(scope="module")
def printed(tmp_path_factory, libreoffice) -> dict[str, tuple[Path, list[str], Path]]:
    """The template, both samples' reports and the college's export, each with the text of its
    PDF pages and the PDF, rendered to PNG as well."""
    from vetqa_xl import export

    d = tmp_path_factory.mktemp("printed")
    files = {"template": ROOT / "workbook_template.xlsx"}
    for sample in ("college", "college_mistakes"):
        files[sample] = report(fill_sample(d / f"{sample}.xlsx", sample), d / f"report-{sample}.xlsx")[0]
    files["export"] = export(d / "college.xlsx", d / "export")[0]
    out = {}
    for name, path in files.items():
        pdf, = libreoffice.convert(path, "pdf", d / name)
        subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(d / name / "page")], check=True)
        assert list((d / name).glob("page-*.png"))
        pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
            ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout).group(1))
        out[name] = (path, [subprocess.run(
            ["pdftotext", "-f", str(p), "-l", str(p), str(pdf), "-"],
            capture_output=True, text=True, check=True).stdout for p in range(1, pages + 1)], pdf)
    return out


def _bare(text: str) -> str:
    """Base letters only: pdftotext may move Thai marks and split a line anywhere."""
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Mn")


def _chart_page(pages: list[str]) -> str:
    """The text of the page with the charts."""
    found = [p for p in pages if _bare("ขั้นตอนระบบทวิภาคีที่ดำเนินการครบ") in _bare(p)]
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize("which", ["template", "college", "college_mistakes", "export"])
def test_every_stage_label_is_printed_and_no_header_band_above_the_charts(printed, which):
    page = _bare(_chart_page(printed[which][1]))
    for k in range(1, 6):  # LibreOffice dropped the long names of stages 2 and 4
        assert _bare(f"ขั้นที่ {k}") in page, k
    assert _bare("คำนวณจากสูตร") not in page  # the table's header, repeated above the charts


def test_blank_charts_count_in_whole_numbers(printed):
    """Every count of the blank template is 0: each of the two bar charts labels its value
    axis 0 and 1 once (not "0 1 1", the 0.5 in between printed by the format "0"), and the
    stage chart's axis ends at 1, not 2."""
    page = _chart_page(printed["template"][1])
    numbers = [t for t in page.split() if t.isdigit()]
    # "1" at the end of each value axis and in "ขั้นที่ 1"; "2" only in "ขั้นที่ 2"
    assert numbers.count("1") == 3 and numbers.count("2") == 1, numbers


def _chart_parts(path: Path) -> list[str]:
    pkg = Package(path.read_bytes())
    return [pkg.text(p) for p in sorted(pkg.parts) if p.startswith("xl/charts/vetqa")]


@pytest.mark.parametrize("which", ["template", "college"])
def test_value_axes_start_at_zero_in_whole_steps(printed, which):
    charts = [c for c in _chart_parts(printed[which][0]) if "<c:valAx>" in c]
    assert len(charts) == 2
    for xml in charts:
        axis = re.search(r"<c:valAx>.*?</c:valAx>", xml).group(0)
        assert re.search(r'<c:min val="0"/>', axis)
        step = float(re.search(r'<c:majorUnit val="([\d.]+)"/>', axis).group(1))
        assert step >= 1 and step.is_integer()


def _luminance(rgb: str) -> float:
    def channel(c: int) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(rgb[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def test_pie_labels_are_readable_on_their_slices(printed):
    """WCAG's 4.5:1 between each slice and the text of its label (black where none is set)."""
    pie, = [c for c in _chart_parts(printed["college"][0]) if "<c:pieChart>" in c]
    fills = dict(re.findall(r'<c:dPt><c:idx val="(\d+)"/>.*?<a:srgbClr val="(\w{6})"/>', pie))
    texts = dict(re.findall(r'<c:dLbl><c:idx val="(\d+)"/>.*?<a:srgbClr val="(\w{6})"/>', pie))
    assert len(fills) == 2
    for idx, fill in fills.items():
        light, dark = sorted((_luminance(fill), _luminance(texts.get(idx, "000000"))), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, (idx, fill, texts.get(idx))


@pytest.mark.parametrize("which", ["template", "college", "college_mistakes", "export"])
def test_summary_rows_of_one_line_stay_one_line(printed, which):
    """A สรุป row whose label fits its column is one line high, whatever column D may show
    when formula and checker differ (it shrinks to fit, on one line)."""
    wb = openpyxl.load_workbook(printed[which][0])
    ws = wb[SUMMARY]
    room = _column_pt(ws.column_dimensions["A"].width) - 6  # less the cell's margins
    one_line = 0
    for r in range(8, ws.max_row + 1):
        label = ws.cell(r, 1).value
        if isinstance(label, str) and _text_pt(label) < room * 0.8 and ws.cell(r, 4).value:
            assert ws.row_dimensions[r].height < 1.5 * _pitch(), (r, label)
            one_line += 1
        matcher = ws.cell(r, 4)
        if matcher.value:
            assert matcher.alignment.shrink_to_fit and not matcher.alignment.wrap_text, r
    assert one_line >= 20


def test_row_heights_leave_room_below_libreoffices_lines():
    """LibreOffice spaces the lines of Laksaman by ascent + descent + line gap (27.4 pt at
    16 pt): n lines of that fit every height written for n lines, with room to spare, so a
    third line of a stage name does not sit on the cell's bottom border."""
    from vetqa_xl.writers.styles import row_height

    assert 27 < _pitch() < 28  # 1279 + 376 + 60 units of 1000
    for n in range(1, 7):
        assert row_height(n) >= n * _pitch() + 2, n


@pytest.mark.parametrize("which", ["college", "college_mistakes", "export"])
def test_typed_text_wraps_into_rows_tall_enough(printed, which):
    """Every text typed into a form sheet (activity names, places, URLs in 3 กิจกรรม …) wraps,
    and its row has at least the lines its width needs at LibreOffice's pitch."""
    wb = openpyxl.load_workbook(printed[which][0])
    tall = 0
    for s in FORM.data_sheets:
        ws = wb[s.name]
        for row in ws.iter_rows(min_row=4):
            for cell in row:
                if not isinstance(cell.value, str) or (ws.protection.sheet and cell.protection.locked):
                    continue  # typed text only: the fixed texts of protected sheets are ours
                width = ws.column_dimensions[cell.column_letter].width
                lines = -(-_text_pt(cell.value) // _column_pt(width))
                assert cell.alignment.wrap_text, (s.name, cell.coordinate)
                height = ws.row_dimensions[cell.row].height
                assert height >= lines * _line_pt(), (s.name, cell.coordinate, cell.value, height)
                tall += lines > 1
    assert tall >= 20  # the samples have long names, places and URLs


@pytest.mark.parametrize("which", ["college", "college_mistakes", "export"])
def test_stage_names_keep_clear_of_the_bottom_border(printed, which, tmp_path):
    """On the printed 1 ทวิภาคี page, below the last line of every stage name (they all end in
    ทวิภาคี, with no mark below the baseline) is the font's descent and at least 3 pt more
    before the cell's border: the pixels of the stage column between its borders, at 100 dpi."""
    from PIL import Image

    path, pages, pdf = printed[which]
    page = next(i for i, t in enumerate(pages, 1) if _bare(t).startswith(_bare("1. การจัดการอาชีวศึกษา")))
    subprocess.run(["pdftoppm", "-png", "-r", "100", "-f", str(page), "-l", str(page), "-singlefile",
                    str(pdf), str(tmp_path / "dual")], check=True)
    im = Image.open(tmp_path / "dual.png").convert("L")
    px, (w, h) = im.load(), im.size
    def grey(v):
        return 120 < v < 200  # the borders, A6A6A6
    vertical = [x for x in range(w) if sum(grey(px[x, y]) for y in range(0, h, 2)) > h / 4]
    left = vertical[0]
    right = next(x for x in vertical if x > left + 2)
    cols = range(left + 3, right - 2)
    borders = [y for y in range(h) if sum(grey(px[x, y]) for x in cols) > 0.9 * len(cols)]
    borders = [y for i, y in enumerate(borders) if i == 0 or y > borders[i - 1] + 2]
    ws = openpyxl.load_workbook(path)["1 ทวิภาคี"]
    scale = (borders[2] - borders[1]) / ws.row_dimensions[4].height  # pixels a point, as printed
    upem, _, descent, _ = _typo_metrics()
    clearances = []
    for top, bottom in itertools.pairwise(borders[1:]):
        ink = [y for y in range(top + 2, bottom - 1) if any(px[x, y] < 100 for x in cols)]
        if ink:
            clearances.append((bottom - ink[-1]) / scale - descent / upem * 16)
    assert len(clearances) >= 5
    assert min(clearances) >= 3, clearances
