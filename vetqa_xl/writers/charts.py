"""Native Excel charts (DrawingML) on the สรุป sheet, fed by its live-formula column."""
from __future__ import annotations

from xml.sax.saxutils import escape

from .ooxml import CT_CHART, CT_DRAWING, REL_CHART, REL_DRAWING, Package

NS_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FONT = "TH Sarabun New"


def _text(text: str, size: int) -> str:
    return (f'<c:tx><c:rich><a:bodyPr/><a:p><a:pPr><a:defRPr sz="{size * 100}"/></a:pPr>'
            f'<a:r><a:rPr lang="th-TH" sz="{size * 100}" b="1"><a:latin typeface="{FONT}"/>'
            f'<a:cs typeface="{FONT}"/></a:rPr><a:t>{escape(text)}</a:t></a:r></a:p></c:rich></c:tx>')


def chart_xml(title: str, cats: str, vals: str, kind: str = "bar") -> str:
    """A one-series chart: ``cats`` and ``vals`` are absolute ranges such as 'สรุป'!$A$9:$A$12."""
    series = (f'<c:ser><c:idx val="0"/><c:order val="0"/>'
              f'<c:spPr><a:solidFill><a:srgbClr val="2F5597"/></a:solidFill></c:spPr>'
              f'<c:dLbls><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/>'
              f'<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>'
              f'<c:cat><c:strRef><c:f>{escape(cats)}</c:f></c:strRef></c:cat>'
              f'<c:val><c:numRef><c:f>{escape(vals)}</c:f></c:numRef></c:val></c:ser>')
    if kind == "pie":
        series = series.replace('<c:spPr><a:solidFill><a:srgbClr val="2F5597"/></a:solidFill></c:spPr>',
                                '<c:dPt><c:idx val="0"/><c:bubble3D val="0"/><c:spPr><a:solidFill>'
                                '<a:srgbClr val="2F5597"/></a:solidFill></c:spPr></c:dPt>'
                                '<c:dPt><c:idx val="1"/><c:bubble3D val="0"/><c:spPr><a:solidFill>'
                                '<a:srgbClr val="F4B183"/></a:solidFill></c:spPr></c:dPt>')
        plot = f'<c:pieChart><c:varyColors val="1"/>{series}<c:firstSliceAng val="0"/></c:pieChart>'
        legend = '<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>'
    else:
        plot = (f'<c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/><c:varyColors val="0"/>'
                f'{series}<c:gapWidth val="80"/><c:axId val="1001"/><c:axId val="1002"/></c:barChart>'
                '<c:catAx><c:axId val="1001"/><c:scaling><c:orientation val="maxMin"/></c:scaling>'
                '<c:delete val="0"/><c:axPos val="l"/><c:numFmt formatCode="General" sourceLinked="0"/>'
                '<c:tickLblPos val="nextTo"/><c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1200"/>'
                '</a:pPr><a:endParaRPr lang="th-TH"/></a:p></c:txPr>'
                '<c:crossAx val="1002"/><c:crosses val="autoZero"/>'
                '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:tickLblSkip val="1"/></c:catAx>'
                '<c:valAx><c:axId val="1002"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
                '<c:delete val="0"/><c:axPos val="b"/><c:majorGridlines/>'
                '<c:numFmt formatCode="0" sourceLinked="0"/><c:tickLblPos val="nextTo"/>'
                '<c:crossAx val="1001"/><c:crosses val="max"/><c:crossBetween val="between"/></c:valAx>')
        legend = ""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<c:chartSpace xmlns:c="{NS_C}" xmlns:a="{NS_A}" xmlns:r="{NS_R}">'
            f'<c:roundedCorners val="0"/><c:chart><c:title>{_text(title, 16)}<c:overlay val="0"/></c:title>'
            f'<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>{plot}</c:plotArea>{legend}'
            f'<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
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


def add_charts(pkg: Package, sheet_part: str, charts: list[tuple[str, str, str, str]],
               row: int, widths: list[float]) -> str:
    """Add a drawing with one chart per (title, cats, vals, kind) to a sheet, side by side
    across the columns of ``widths`` below row ``row`` (one printed page); its r:id there."""
    n = 1
    while f"xl/drawings/vetqa{n}.xml" in pkg.parts:
        n += 1
    drawing = f"xl/drawings/vetqa{n}.xml"
    anchors = []
    total = sum(_px(w) for w in widths)
    gap = 8
    for i, (title, cats, vals, kind) in enumerate(charts):
        m = 1
        while f"xl/charts/vetqa{m}.xml" in pkg.parts:
            m += 1
        chart = f"xl/charts/vetqa{m}.xml"
        pkg.put(chart, chart_xml(title, cats, vals, kind), CT_CHART)
        rid = pkg.add_rel(drawing, REL_CHART, chart)
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
