"""Native Excel charts (DrawingML) on the สรุป sheet, fed by its live-formula column."""
from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from ..core.ir import column_letter
from .ooxml import CT_CHART, CT_DRAWING, REL_CHART, REL_DRAWING, Package
from .partnames import free_part
from .sheetxml import SheetModel
from .summary.rows import COL_CHECKER, COL_FORMULA, COL_KEY, COL_LABEL

NS_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FONT = "TH Sarabun New"


def _text(text: str, size: int) -> str:
    return (f'<c:tx><c:rich><a:bodyPr/><a:p><a:pPr><a:defRPr sz="{size * 100}"/></a:pPr>'
            f'<a:r><a:rPr lang="th-TH" sz="{size * 100}" b="1"><a:latin typeface="{FONT}"/>'
            f'<a:cs typeface="{FONT}"/></a:rPr><a:t>{escape(text)}</a:t></a:r></a:p></c:rich></c:tx>')


@dataclass
class Chart:
    """One chart: ``cats`` and ``vals`` are absolute ranges such as 'สรุป'!$A$9:$A$12."""

    title: str
    cats: str
    vals: str
    kind: str = "bar"  # or "pie"
    step: int = 1  # between the value axis' labels: whole numbers, counts have no halves
    top: float | None = None  # the value axis' end; None: the application's


def step_for(values: list) -> int:
    """A whole step that labels 0…max(values) in at most 8 steps: 1, 2, 5, 10, 20, 50, …"""
    top = max([v for v in values if isinstance(v, (int, float))], default=0)
    step = 1
    while top / step > 8:
        step = step * 5 // 2 if str(step)[0] == "2" else step * 2
    return step


# Label text on each pie slice: white on the dark slice, black on the light one (contrast
# above 4.5:1 both, the WCAG minimum for text).
PIE = (("2F5597", "FFFFFF"), ("F4B183", "000000"))


def _label_text(color: str, size: int = 14) -> str:
    return (f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{size * 100}" b="1">'
            f'<a:solidFill><a:srgbClr val="{color}"/></a:solidFill></a:defRPr></a:pPr>'
            f'<a:endParaRPr lang="th-TH"/></a:p></c:txPr>')


_SHOW_VALUE = ('<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/>'
               '<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/>')


def chart_xml(chart: Chart) -> str:
    """The chart part of a one-series chart."""
    if chart.kind == "pie":
        points = "".join(f'<c:dPt><c:idx val="{i}"/><c:bubble3D val="0"/><c:spPr><a:solidFill>'
                         f'<a:srgbClr val="{fill}"/></a:solidFill></c:spPr></c:dPt>'
                         for i, (fill, _) in enumerate(PIE))
        labels = "".join(f'<c:dLbl><c:idx val="{i}"/>{_label_text(text)}{_SHOW_VALUE}</c:dLbl>'
                         for i, (_, text) in enumerate(PIE))
    else:
        points = '<c:spPr><a:solidFill><a:srgbClr val="2F5597"/></a:solidFill></c:spPr>'
        labels = _label_text("000000", 12)
    series = (f'<c:ser><c:idx val="0"/><c:order val="0"/>{points}'
              f'<c:dLbls>{labels}{_SHOW_VALUE}</c:dLbls>'
              f'<c:cat><c:strRef><c:f>{escape(chart.cats)}</c:f></c:strRef></c:cat><c:val><c:numRef><c:f>{escape(chart.vals)}</c:f></c:numRef></c:val></c:ser>')
    if chart.kind == "pie":
        plot = f'<c:pieChart><c:varyColors val="1"/>{series}<c:firstSliceAng val="0"/></c:pieChart>'
        legend = '<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>'
    else:
        top = f'<c:max val="{chart.top}"/>' if chart.top is not None else ""
        plot = (f'<c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/><c:varyColors val="0"/>'
                f'{series}<c:gapWidth val="80"/><c:axId val="1001"/><c:axId val="1002"/></c:barChart>'
                '<c:catAx><c:axId val="1001"/><c:scaling><c:orientation val="maxMin"/></c:scaling>'
                '<c:delete val="0"/><c:axPos val="l"/><c:numFmt formatCode="General" sourceLinked="0"/>'
                '<c:tickLblPos val="nextTo"/><c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1200"/>'
                '</a:pPr><a:endParaRPr lang="th-TH"/></a:p></c:txPr>'
                '<c:crossAx val="1002"/><c:crosses val="autoZero"/>'
                '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:tickLblSkip val="1"/></c:catAx>'
                f'<c:valAx><c:axId val="1002"/><c:scaling><c:orientation val="minMax"/>{top}<c:min val="0"/>'
                '</c:scaling><c:delete val="0"/><c:axPos val="b"/><c:majorGridlines/>'
                '<c:numFmt formatCode="0" sourceLinked="0"/><c:tickLblPos val="nextTo"/>'
                '<c:crossAx val="1001"/><c:crosses val="max"/><c:crossBetween val="between"/>'
                f'<c:majorUnit val="{chart.step}"/></c:valAx>')
        legend = ""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<c:chartSpace xmlns:c="{NS_C}" xmlns:a="{NS_A}" xmlns:r="{NS_R}">'
            f'<c:roundedCorners val="0"/><c:chart><c:title>{_text(chart.title, 16)}<c:overlay val="0"/></c:title>'
            f'<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>{plot}</c:plotArea>{legend}'
            f'<c:plotVisOnly val="0"/><c:dispBlanksAs val="gap"/></c:chart>'
            f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1400"><a:latin typeface="{FONT}"/>'
            f'<a:cs typeface="{FONT}"/></a:defRPr></a:pPr><a:endParaRPr lang="th-TH"/></a:p></c:txPr>'
            f'</c:chartSpace>')


EMU_PER_PX = 9525
CHART_ROWS = 8  # rows of default height a chart is tall: two bands fit one landscape A4 page
PER_BAND = 2  # charts side by side; a last chart alone takes the whole width


def _px(width: float) -> int:
    """Pixels of a column ``width`` wide (Excel's rule at the default font's 7 px digit)."""
    return int(width * 7 + 5)


def _at(px: int, widths: list[float]) -> tuple[int, int]:
    """(column index, offset in EMU) of a horizontal position in pixels."""
    for col, w in enumerate(widths):
        if px < _px(w) or col == len(widths) - 1:
            return col, min(px, _px(w)) * EMU_PER_PX
        px -= _px(w)
    return 0, 0


def _anchor(n: int, rid: str, left: tuple[int, int], right: tuple[int, int], row: int) -> str:
    return (f'<xdr:twoCellAnchor editAs="oneCell">'
            f'<xdr:from><xdr:col>{left[0]}</xdr:col><xdr:colOff>{left[1]}</xdr:colOff><xdr:row>{row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>'
            f'<xdr:to><xdr:col>{right[0]}</xdr:col><xdr:colOff>{right[1]}</xdr:colOff><xdr:row>{row + CHART_ROWS}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>'
            f'<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="{n + 1}" name="Chart {n}"/>'
            f'<xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>'
            f'<a:graphic><a:graphicData uri="{NS_C}"><c:chart xmlns:c="{NS_C}" r:id="{rid}"/></a:graphicData></a:graphic>'
            f'</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>')


def add_charts(pkg: Package, sheet_part: str, charts: list[Chart], row: int, widths: list[float]) -> str:
    """Add a drawing with one chart each to a sheet, side by side
    across the columns of ``widths`` below row ``row`` (one printed page); its r:id there."""
    drawing = free_part(pkg.parts, "xl/drawings/vetqa{n}.xml")
    anchors = []
    total = sum(_px(w) for w in widths)
    gap = 8
    for i, chart in enumerate(charts):
        part = free_part(pkg.parts, "xl/charts/vetqa{n}.xml")
        pkg.put(part, chart_xml(chart), CT_CHART)
        rid = pkg.add_rel(drawing, REL_CHART, part)
        band, slot = divmod(i, PER_BAND)
        in_band = min(PER_BAND, len(charts) - band * PER_BAND)
        each = (total - gap * (in_band - 1)) // in_band
        start = slot * (each + gap)
        anchors.append(_anchor(i + 1, rid, _at(start, widths), _at(start + each, widths),
                               row + band * (CHART_ROWS + 1)))
    pkg.put(drawing, f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                     f'<xdr:wsDr xmlns:xdr="{NS_XDR}" xmlns:a="{NS_A}" xmlns:r="{NS_R}">'
                     + "".join(anchors) + "</xdr:wsDr>", CT_DRAWING)
    return pkg.add_rel(sheet_part, REL_DRAWING, drawing)


COL_SHORT = COL_KEY + 1  # hidden, beside the keys: the stages' short labels


def summary_charts(name: str, summary: SheetModel, rows: dict[str, tuple[int, int]]) -> list[Chart]:
    """The charts of the สรุป sheet ``name``, over its formula column (``rows``: the first and last
    row of each chart's range), with value axes stepped by what the checker counted.

    The stages' full names (column A) are too long to stand beside a bar (LibreOffice drops
    every other one), so the stage chart takes "ขั้นที่ 1"… from a hidden column it adds to
    ``summary``: LibreOffice ignores labels written into the chart itself (c:strLit)."""
    q = "'" + name.replace("'", "''") + "'!"

    def rng(col: int, key: str) -> str:
        letter = column_letter(col - 1)
        return f"{q}${letter}${rows[key][0]}:${letter}${rows[key][1]}"

    for k, r in enumerate(range(rows["by_stage"][0], rows["by_stage"][1] + 1), start=1):
        summary.set(r, COL_SHORT, f"ขั้นที่ {k}")
    summary.hidden_cols.add(COL_SHORT)
    counts = [summary.cells.get((r, COL_CHECKER), (None,))[0]
              for r in range(rows["by_type"][0], rows["by_type"][1] + 1)]
    return [
        Chart("กิจกรรมบริการชุมชนและจิตอาสา แยกตามประเภท", rng(COL_LABEL, "by_type"),
              rng(COL_FORMULA, "by_type"), step=step_for(counts)),
        Chart("สาขางานที่มีครูพิเศษ เทียบกับที่ยังไม่มี", rng(COL_LABEL, "experts"),
              rng(COL_FORMULA, "experts"), "pie"),
        # 0 or 1; the axis runs on a little past 1 (no label there) for "ผ่าน" beside a full bar.
        # Its labels are in a hidden column: the chart plots hidden cells too (plotVisOnly 0)
        Chart("ขั้นตอนระบบทวิภาคีที่ดำเนินการครบ (1 = ครบ)", rng(COL_SHORT, "by_stage"),
              rng(COL_FORMULA, "by_stage"), top=1.25),
    ]
