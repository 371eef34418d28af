"""The one custom-properties writer (writers/customprops.py): a whole part from name/text pairs
(the add-in), and one property set in a part another program wrote (the report, export),
valid against the ISO schema and read back by LibreOffice."""
from __future__ import annotations

import re

import pytest

from tests.ooxml_check import validate_part
from vetqa_xl.writers.customprops import MAX_PROPERTY, custom_xml, get_property, set_property
from vetqa_xl.writers.ooxml import Package

DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# docProps/custom.xml as Excel writes it: other types, its own pids, the vt prefix on the root
EXCEL_PART = (
    DECL + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="ฝ่าย"><vt:lpwstr>ประกันคุณภาพ</vt:lpwstr></property>'
    '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="5" name="ครั้งที่"><vt:i4>3</vt:i4></property>'
    '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="7" name="ส่งแล้ว"><vt:bool>true</vt:bool></property>'
    '</Properties>')


def _pids(xml: str) -> dict[str, int]:
    return {name: int(pid) for pid, name in re.findall(r'pid="(\d+)" name="([^"]*)"', xml)}


def test_a_part_from_pairs_in_order_with_pids_from_2():
    xml = DECL + custom_xml([("VetQA_AddinVersion", "0.1.0"), ("หมายเหตุ", 'a<b & "c"'),
                             ("ยาว", "ก" * MAX_PROPERTY)])
    assert validate_part("docProps/custom.xml", xml.encode()) == []
    assert _pids(xml) == {"VetQA_AddinVersion": 2, "หมายเหตุ": 3, "ยาว": 4}
    data = xml.encode()
    assert get_property(data, "หมายเหตุ") == 'a<b & "c"'
    assert get_property(data, "ยาว") == "ก" * MAX_PROPERTY
    assert get_property(data, "ไม่มี") is None


def test_a_text_over_255_characters_is_refused():
    with pytest.raises(ValueError, match="255"):
        custom_xml([("ยาว", "ก" * (MAX_PROPERTY + 1))])
    with pytest.raises(ValueError, match="255"):
        set_property(EXCEL_PART, "ยาว", "ก" * (MAX_PROPERTY + 1))


def test_setting_one_property_keeps_the_others_as_they_were():
    added = set_property(EXCEL_PART, "vetqa_forced_export", "ส่งออกแม้มีข้อผิดพลาด")
    assert validate_part("docProps/custom.xml", added.encode()) == []
    assert added.startswith(EXCEL_PART[:EXCEL_PART.index("</Properties>")])  # the rest untouched
    assert _pids(added) == {"ฝ่าย": 2, "ครั้งที่": 5, "ส่งแล้ว": 7, "vetqa_forced_export": 8}
    again = set_property(added, "vetqa_forced_export", "ครั้งที่สอง")
    assert again.count('name="vetqa_forced_export"') == 1
    assert get_property(again.encode(), "vetqa_forced_export") == "ครั้งที่สอง"
    assert set_property(again, "vetqa_forced_export", None) == EXCEL_PART


def test_libreoffice_reads_the_properties_written_and_its_part_takes_more(template_path, libreoffice,
                                                                          tmp_path):
    pkg = Package(template_path.read_bytes())
    pkg.set_custom_property("vetqa_forced_export", "ส่งออก <แม้> มีข้อผิดพลาด")
    pkg.set_custom_property("ฝ่าย", "ประกันคุณภาพ")
    src = tmp_path / "props.xlsx"
    src.write_bytes(pkg.to_bytes())
    saved, = libreoffice.convert(src, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    theirs = Package(saved.read_bytes())
    assert theirs.custom_property("vetqa_forced_export") == "ส่งออก <แม้> มีข้อผิดพลาด"
    assert theirs.custom_property("ฝ่าย") == "ประกันคุณภาพ"
    theirs.set_custom_property("ฝ่าย", None)
    theirs.set_custom_property("ครั้งที่", "๒")
    part = theirs.parts["docProps/custom.xml"]
    assert validate_part("docProps/custom.xml", part) == []
    assert get_property(part, "ฝ่าย") is None
    assert get_property(part, "ครั้งที่") == "๒"
    assert get_property(part, "vetqa_forced_export") == "ส่งออก <แม้> มีข้อผิดพลาด"
