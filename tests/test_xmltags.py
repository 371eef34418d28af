"""writers/xmltags.py: tags found by local name whatever the prefix, quoting and escaping; edits
leave every other byte as it was. The XML here is typed by hand as other writers may legally
write it (a raw ">" in an attribute value, single quotes, comments, CDATA, prefixes)."""
from __future__ import annotations

import io
import zipfile

from vetqa_xl.writers import xmltags
from vetqa_xl.writers.ooxml import NS_MAIN, NS_REL, Package

from .ooxml_check import problems


def inner(tag: xmltags.Tag) -> str:
    """An element's content between its start and end tags."""
    return tag.xml[tag.end:tag.close().start]


WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<x:workbook xmlns:x="{NS_MAIN}" xmlns:rel="{NS_REL}">'
    '<!-- <x:sheet name="in a comment" sheetId="9" rel:id="rId9"/> -->'
    '<x:sheets>\n  <x:sheet name="x>y" sheetId="1" rel:id="rId1"/>\n'
    """  <x:sheet sheetId='2' name='say "a&apos;b"' rel:id='rId2' />\n"""
    '</x:sheets>'
    '<x:definedNames><x:definedName name="_xlnm.Print_Area" localSheetId="1">'
    "'say \"a''b\"'!$A$1:$B$2</x:definedName>"
    '<x:definedName name="both">\'x&gt;y\'!$A$1+\'say "a\'\'b"\'!$A$1</x:definedName></x:definedNames>'
    '<x:calcPr calcId="191029"/></x:workbook>')


def test_tags_by_local_name_in_any_quoting_and_not_in_comments():
    found = list(xmltags.elements(WORKBOOK, "sheet"))
    assert [t.qname for t in found] == ["x:sheet", "x:sheet"]
    assert [t.get("name") for t in found] == ["x>y", 'say "a\'b"']
    assert [found[1].get(a) for a in ("sheetId", "rel:id", "state")] == ["2", "rId2", None]
    sheets = xmltags.find(WORKBOOK, "sheets")
    assert sheets.prefix == "x:" and inner(sheets).count("<x:sheet ") == 2
    assert xmltags.find(WORKBOOK, "sheet", {"name": "in a comment"}) is None
    assert xmltags.find("<a><![CDATA[<b/>]]><b/></a>", "b").start == 19


def test_an_edit_changes_its_tag_only():
    tag = xmltags.find(WORKBOOK, "sheet", {"name": 'say "a\'b"'})
    new = xmltags.splice(WORKBOOK, [(tag.start, tag.end, tag.with_attrs({"name": "ok", "state": "hidden"}))])
    # the other attributes keep their order and quoting; the rest is byte for byte
    assert new == WORKBOOK.replace("""name='say "a&apos;b"'""", 'name="ok"').replace(
        "rel:id='rId2' />", "rel:id='rId2' state=\"hidden\" />")


def test_append_child_opens_an_empty_parent_and_keeps_its_prefix():
    xml = '<r:Relationships xmlns:r="urn:x"  />'
    assert xmltags.append_child(xml, xmltags.find(xml, "Relationships"), "<r:Relationship/>") == \
        '<r:Relationships xmlns:r="urn:x"><r:Relationship/></r:Relationships>'
    assert xmltags.with_prefix('<font><b/><sz val="1"/></font>', "x:") == '<x:font><x:b/><x:sz val="1"/></x:font>'


def _package(workbook: str) -> Package:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml",
                   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.spreadsheetml.sheet.main+xml"/>'
                   '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.spreadsheetml.worksheet+xml"/>'
                   '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.spreadsheetml.worksheet+xml"/></Types>')
        z.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument'
                   '/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", workbook)
        ws = NS_REL + "/worksheet"
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/'
                   f'package/2006/relationships"><Relationship Id="rId1" Type="{ws}" Target="worksheets/sheet1.xml"/>'
                   f'<Relationship Id="rId2" Type="{ws}" Target="worksheets/sheet2.xml"/></Relationships>')
        for n in (1, 2):
            z.writestr(f"xl/worksheets/sheet{n}.xml", f'<worksheet xmlns="{NS_MAIN}"><sheetData/></worksheet>')
    return Package(buf.getvalue())


def test_package_edits_on_a_raw_greater_than_and_single_quoted_names(tmp_path):
    pkg = _package(WORKBOOK)
    empty = f'<worksheet xmlns="{NS_MAIN}"><sheetData/></worksheet>'
    assert [s.name for s in pkg.sheets()] == ["x>y", 'say "a\'b"']
    pkg.add_sheet("new", empty, 1)
    pkg.add_sheet("first", empty, 0)  # before <x:sheet name="x>y" …/>
    assert [s.name for s in pkg.sheets()] == ["first", "x>y", "new", 'say "a\'b"']
    pkg.rename_sheet('say "a\'b"', "b'c")
    pkg.rename_sheet("x>y", "x>z")
    pkg.set_print_titles("x>z", "1:1")
    pkg.set_full_calc_on_load()
    text = pkg.text("xl/workbook.xml")
    assert "<!-- <x:sheet name=\"in a comment\" sheetId=\"9\" rel:id=\"rId9\"/> -->" in text
    # the print area moved with its sheet to the fourth place, and names it by its new name
    area = xmltags.find(text, "definedName", {"name": "_xlnm.Print_Area"})
    assert area.get("localSheetId") == "3" and inner(area) == "'b''c'!$A$1:$B$2"
    both = xmltags.find(text, "definedName", {"name": "both"})
    assert inner(both) == "'x&gt;z'!$A$1+'b''c'!$A$1"
    titles = xmltags.find(text, "definedName", {"name": "_xlnm.Print_Titles"})
    assert titles.get("localSheetId") == "1" and inner(titles) == "'x&gt;z'!$1:$1"
    assert xmltags.find(text, "calcPr").text == '<x:calcPr fullCalcOnLoad="1" calcId="191029"/>'
    assert pkg.remove_sheet("new") == 2
    assert [s.name for s in pkg.sheets()] == ["first", "x>z", "b'c"]
    text = pkg.text("xl/workbook.xml")
    assert xmltags.find(text, "definedName", {"name": "_xlnm.Print_Area"}).get("localSheetId") == "2"
    out = tmp_path / "edited.xlsx"
    out.write_bytes(pkg.to_bytes())
    assert problems(out) == []


def test_whole_elements_in_one_pass():
    xml = '<s><x:xf a="1"/><x:xf><x:xf/><alignment/></x:xf><!-- <x:xf> --><x:xf b=">"></x:xf></s>'
    found = [(t.get("a") or t.get("b"), xml[t.start:end.end]) for t, end in xmltags.whole(xml, "xf")]
    assert found == [("1", '<x:xf a="1"/>'), (None, "<x:xf><x:xf/><alignment/></x:xf>"),
                     (">", '<x:xf b=">"></x:xf>')]


def test_having_picks_elements_by_one_attribute():
    xml = """<row><c r="A1"/><x:c s="1" r='B1'/><c t="a r='A1'" r="C1"><v>1</v></c></row>"""
    assert [t.get("r") for t in xmltags.having(xml, "c", "r", {"A1", "B1"})] == ["A1", "B1"]
    assert [t.get("r") for t in xmltags.having(xml, "c", "r", {"C1"})] == ["C1"]
