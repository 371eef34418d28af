"""Generators of workbooks as other applications save them, so the writers meet what staff send.

Each generator starts from a filled sample (our openpyxl output) and turns it into what the
other application writes, one explained edit at a time; no opaque blob is committed.

- ``excel_style``: what Microsoft Excel 365 writes on save — markup-compatibility namespaces
  and ``mc:Ignorable`` on the roots, ``x14ac`` attributes on styles, a styles ``extLst``, an x14
  data validation (a dropdown fed from another sheet, which Excel keeps only in x14), a table
  part, printer settings, defined names naming Thai sheets unquoted (``สาขางาน!$D$4``) and
  quoted (``'1 ทวิภาคี'!$A$3``), an hidden ``_xlnm._FilterDatabase``, and ``xl/calcChain.xml``
  listing every formula cell by sheetId (``<c r="C5" i="12"/>``, ``i`` carried forward).
- ``as_xlsm``: the same with ``xl/vbaProject.bin`` and ``xl/vbaProjectSignature.bin`` (a signed
  macro project), content type macro-enabled.
- ``openpyxl_resave``: opened and saved by openpyxl in a child process, with lxml (Anaconda's
  default) or with lxml blocked from import (a plain Python install).
- LibreOffice's re-save is made by LibreOffice itself (see tests/test_package.py).
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from vetqa_xl.writers.ooxml import NS_MAIN, NS_REL, Package

NS_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NS_X14AC = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"
NS_X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
NS_XM = "http://schemas.microsoft.com/office/excel/2006/main"
NS_XR = "http://schemas.microsoft.com/office/spreadsheetml/2014/revision"
REL_CALC = NS_REL + "/calcChain"
REL_TABLE = NS_REL + "/table"
REL_PRINTER = NS_REL + "/printerSettings"
REL_VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
REL_VBA_SIG = "http://schemas.microsoft.com/office/2006/relationships/vbaProjectSignature"
CT_MACRO_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
CT_XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
EXTRA = "บันทึก Excel"


def _formula_cells(xml: str) -> list[str]:
    from tests.ooxml_check import formula_cells

    return formula_cells(xml.encode("utf-8"))


def _shared_strings(pkg: Package) -> None:
    """Excel keeps every text cell in xl/sharedStrings.xml (``t="s"``, an index), never inline."""
    table: dict[str, int] = {}

    def share(m: re.Match) -> str:
        index = table.setdefault(m.group(3), len(table))
        return f'<c {m.group(1)}t="s"{m.group(2)}><v>{index}</v></c>'
    for ref in pkg.sheets():
        pkg.put(ref.part, re.sub(r'<c ([^>]*?)t="inlineStr"([^>]*)><is><t(?: xml:space="preserve")?>(.*?)</t></is></c>',
                                 share, pkg.text(ref.part), flags=re.S))
    items = "".join(f'<si><t xml:space="preserve">{text}</t></si>' for text in table)
    pkg.put("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                                    f'<sst xmlns="{NS_MAIN}" count="{len(table)}" uniqueCount="{len(table)}">{items}</sst>',
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml")
    pkg.add_rel("xl/workbook.xml", NS_REL + "/sharedStrings", "xl/sharedStrings.xml")


def excel_style(src: Path, out: Path) -> Path:
    pkg = Package(src.read_bytes())
    assert "xl/sharedStrings.xml" not in pkg.parts
    _shared_strings(pkg)
    sheets = pkg.sheets()
    wb = pkg.text("xl/workbook.xml")
    # Excel's workbook root: mc:Ignorable extension namespaces, a revision element Excel adds
    wb = re.sub(r"<workbook\b[^>]*>", f'<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}" xmlns:mc="{NS_MC}" '
                f'mc:Ignorable="x15 xr" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main" '
                f'xmlns:xr="{NS_XR}">', wb, count=1)
    wb = re.sub(r'<sheet ([^>]*?)xmlns:r="[^"]*" ', r"<sheet \1", wb)  # openpyxl+lxml form, if any
    wb = wb.replace("<bookViews>", '<xr:revisionPtr revIDLastSave="0" documentId="8_{1F0C}" '
                    'xr6:coauthVersionLast="47" xr6:coauthVersionMax="47" xr10:uidLastSave="{00000000-0000-0000-0000-000000000000}" '
                    'xmlns:xr6="http://schemas.microsoft.com/office/spreadsheetml/2016/revision6" '
                    'xmlns:xr10="http://schemas.microsoft.com/office/spreadsheetml/2016/revision10"/><bookViews>', 1)
    # defined names: a Thai sheet unquoted (Excel leaves a name without spaces bare) and quoted
    names = (f'<definedName name="_xlnm._FilterDatabase" localSheetId="{[s.name for s in sheets].index("1 ทวิภาคี")}" '
             f"hidden=\"1\">'1 ทวิภาคี'!$A$3:$E$20</definedName>"
             f'<definedName name="สาขาที่สอน">สาขางาน!$D$4:$D$20</definedName>')
    wb = re.sub(r"<definedNames>", "<definedNames>" + names, wb, count=1) if "<definedNames>" in wb else \
        wb.replace("</sheets>", f"</sheets><definedNames>{names}</definedNames>", 1)
    pkg.put("xl/workbook.xml", wb)
    # styles: x14ac attributes under mc:Ignorable, and Excel's styles extLst
    st = pkg.text("xl/styles.xml")
    st = re.sub(r"<styleSheet\b[^>]*>", f'<styleSheet xmlns="{NS_MAIN}" xmlns:mc="{NS_MC}" '
                f'mc:Ignorable="x14ac" xmlns:x14ac="{NS_X14AC}">', st, count=1)
    st = re.sub(r'<fonts count="(\d+)"', r'<fonts count="\1" x14ac:knownFonts="1"', st, count=1)
    st = st.replace("</styleSheet>",
                    '<extLst><ext uri="{EB79DEF2-80B8-43e5-95BD-54CBDDF9020C}" '
                    f'xmlns:x14="{NS_X14}"><x14:slicerStyles defaultSlicerStyle="SlicerStyleLight1"/></ext>'
                    '</extLst></styleSheet>')
    pkg.put("xl/styles.xml", st)
    # an extra sheet of the user's with a table, printer settings and an x14 dropdown
    table_xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 f'<table xmlns="{NS_MAIN}" id="1" name="ตารางติดตาม" displayName="ตารางติดตาม" ref="A1:B3" '
                 f'totalsRowShown="0"><autoFilter ref="A1:B3"/><tableColumns count="2">'
                 f'<tableColumn id="1" name="เรื่อง"/><tableColumn id="2" name="สาขา"/></tableColumns>'
                 f'<tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" '
                 f'showRowStripes="1" showColumnStripes="0"/></table>')
    sheet_xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}" xmlns:mc="{NS_MC}" mc:Ignorable="x14ac xr" '
                 f'xmlns:x14ac="{NS_X14AC}" xmlns:xr="{NS_XR}" xr:uid="{{8A1B2C3D-0000-4000-8000-000000000001}}">'
                 f'<dimension ref="A1:B3"/><sheetViews><sheetView workbookViewId="0"/></sheetViews>'
                 f'<sheetFormatPr defaultRowHeight="24" x14ac:dyDescent="0.55"/>'
                 f'<sheetData><row r="1" spans="1:2" x14ac:dyDescent="0.55">'
                 f'<c r="A1" t="inlineStr"><is><t>เรื่อง</t></is></c><c r="B1" t="inlineStr"><is><t>สาขา</t></is></c></row>'
                 f'<row r="2" spans="1:2" x14ac:dyDescent="0.55"><c r="A2" t="inlineStr"><is><t xml:space="preserve">ติดตาม MOU </t></is></c>'
                 f'<c r="B2" t="inlineStr"><is><t>ยานยนต์</t></is></c></row>'
                 f'<row r="3" spans="1:2" x14ac:dyDescent="0.55"><c r="A3"><f>LEN(B2)</f><v>7</v></c></row></sheetData>'
                 f'<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
                 f'<pageSetup paperSize="9" orientation="portrait" r:id="rIdP"/>'
                 f'<tableParts count="1"><tablePart r:id="rIdT"/></tableParts>'
                 f'<extLst><ext uri="{{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}}" xmlns:x14="{NS_X14}">'
                 f'<x14:dataValidations count="1" xmlns:xm="{NS_XM}"><x14:dataValidation type="list" '
                 f'allowBlank="1" showInputMessage="1" showErrorMessage="1"><x14:formula1><xm:f>สาขางาน!$D$4:$D$20</xm:f>'
                 f'</x14:formula1><xm:sqref>B2:B3</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>'
                 f'</worksheet>')
    index = len(sheets)
    part = pkg.add_sheet(EXTRA, sheet_xml, index)
    pkg.put("xl/tables/table1.xml", table_xml,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml")
    pkg.put("xl/printerSettings/printerSettings1.bin", b"\x00" * 220)  # a DEVMODE block
    ct = pkg.text("[Content_Types].xml")
    if 'Extension="bin"' not in ct:
        ct = ct.replace("</Types>", '<Default Extension="bin" ContentType="application/'
                        'vnd.openxmlformats-officedocument.spreadsheetml.printerSettings"/></Types>')
    pkg.put("[Content_Types].xml", ct)
    rels_path = part.replace("worksheets/", "worksheets/_rels/") + ".rels"
    pkg.put(rels_path, f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                       f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                       f'<Relationship Id="rIdP" Type="{REL_PRINTER}" Target="../printerSettings/printerSettings1.bin"/>'
                       f'<Relationship Id="rIdT" Type="{REL_TABLE}" Target="../tables/table1.xml"/></Relationships>')
    # calcChain.xml as Excel writes it: every formula cell, sheetId in i only when it changes
    entries, last = [], None
    for ref in pkg.sheets():
        for cell in _formula_cells(pkg.text(ref.part)):
            entries.append(f'<c r="{cell}"' + (f' i="{ref.sheet_id}"' if ref.sheet_id != last else "") + "/>")
            last = ref.sheet_id
    assert entries, "the sample has formula cells (สรุป)"
    pkg.put("xl/calcChain.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                                f'<calcChain xmlns="{NS_MAIN}">' + "".join(entries) + "</calcChain>",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml")
    pkg.add_rel("xl/workbook.xml", REL_CALC, "xl/calcChain.xml")
    out.write_bytes(pkg.to_bytes())
    return out


def as_xlsm(src: Path, out: Path) -> Path:
    """``src`` as a signed macro workbook: vbaProject.bin and vbaProjectSignature.bin."""
    pkg = Package(src.read_bytes())
    pkg.put("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)  # OLE header
    pkg.put("xl/vbaProjectSignature.bin", b"\x30\x82\x01\x00" + b"\x00" * 256,  # PKCS#7 DER start
            "application/vnd.ms-office.vbaProjectSignature")
    pkg.add_rel("xl/workbook.xml", REL_VBA, "xl/vbaProject.bin")
    pkg.add_rel("xl/vbaProject.bin", REL_VBA_SIG, "xl/vbaProjectSignature.bin")
    ct = pkg.text("[Content_Types].xml").replace(CT_XLSX_MAIN, CT_MACRO_MAIN)
    ct = re.sub(r'<Default Extension="bin"[^>]*/>', "", ct)
    ct = ct.replace("</Types>", '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                    '<Override PartName="/xl/printerSettings/printerSettings1.bin" ContentType="application/'
                    'vnd.openxmlformats-officedocument.spreadsheetml.printerSettings"/></Types>'
                    if "xl/printerSettings/printerSettings1.bin" in pkg.parts else
                    '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')
    pkg.put("[Content_Types].xml", ct)
    out.write_bytes(pkg.to_bytes())
    return out


def openpyxl_resave(src: Path, out: Path, lxml: bool) -> Path:
    """Open and save with openpyxl in a child process, with or without lxml."""
    run_python(f"import openpyxl; openpyxl.load_workbook({str(src)!r}).save({str(out)!r})", lxml)
    return out


def run_python(code: str, lxml: bool) -> str:
    """Run code in a child Python whose openpyxl uses lxml, or which has no lxml; stdout."""
    import os

    env = dict(os.environ, OPENPYXL_LXML="True" if lxml else "False")
    # without: lxml cannot even be imported in the child, as on a plain Python install
    block = "" if lxml else "import sys; sys.modules['lxml'] = None; "
    check = block + f"import openpyxl.xml as x; assert x.LXML is {lxml}, 'openpyxl lxml mode'; "
    proc = subprocess.run([sys.executable, "-c", check + code], capture_output=True, text=True,
                          env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


def sdk_style(src: Path, out: Path) -> Path:
    """As the .NET Open XML SDK writes (school systems built on it): SpreadsheetML under an
    ``x:`` prefix in every part, no default namespace. Re-serialised with ElementTree, which
    writes each namespace under the prefix registered for it."""
    import xml.etree.ElementTree as ET

    ET.register_namespace("x", NS_MAIN)
    ET.register_namespace("r", NS_REL)
    pkg = Package(src.read_bytes())
    for name, data in list(pkg.parts.items()):
        if name.endswith(".xml") and f'xmlns="{NS_MAIN}"'.encode() in data[:500]:
            root = ET.fromstring(data)
            pkg.put(name, b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    + ET.tostring(root, encoding="utf-8", xml_declaration=False))
    out.write_bytes(pkg.to_bytes())
    return out
