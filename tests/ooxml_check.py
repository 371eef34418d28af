"""Validate a written .xlsx package: every XML part against the ISO/IEC 29500 Transitional and
OPC schemas in /work/shared/ooxml-schemas (after Markup Compatibility processing), and the
package rules Excel enforces before it offers to "repair" a file.

``problems(path_or_bytes)`` returns a list of readable problems; an empty list is a clean file.
The schemas are compiled once with lxml (libxml2); customUI14, which libxml2 cannot compile,
with the ``xmlschema`` package.
"""
from __future__ import annotations

import functools
import io
import os
import posixpath
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

SCHEMAS = Path(os.environ.get("VETQA_OOXML_SCHEMAS", "/work/shared/ooxml-schemas"))
ISO = SCHEMAS / "ISO-IEC29500-4_2016"
ECMA = SCHEMAS / "ecma" / "fouth-edition"
NS_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_CUSTOMUI14 = "http://schemas.microsoft.com/office/2009/07/customui"
NS_CUSTOMUI12 = "http://schemas.microsoft.com/office/2006/01/customui"
REL_CALC_CHAIN = NS_R + "/calcChain"
XML_NS = "http://www.w3.org/XML/1998/namespace"

# namespace of a root element -> schema file that defines it
SCHEMA_OF = {
    NS_MAIN: ISO / "sml.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/main": ISO / "dml-main.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/chart": ISO / "dml-chart.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing": ISO / "dml-spreadsheetDrawing.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties":
        ISO / "shared-documentPropertiesExtended.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties":
        ISO / "shared-documentPropertiesCustom.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/customXml": ISO / "shared-customXmlDataProperties.xsd",
    NS_CT: ECMA / "opc-contentTypes.xsd",
    NS_PKG_REL: ECMA / "opc-relationships.xsd",
    "http://schemas.openxmlformats.org/package/2006/metadata/core-properties":
        ECMA / "opc-coreProperties.local.xsd",
}
# Parts whose vocabulary no schema here covers: checked for well-formedness only.
UNSCHEMED = {
    "urn:vetqa-xl:highlights:1",                                   # our own custom XML record
    "http://schemas.microsoft.com/office/drawing/2012/chartStyle",  # Excel's chart style/colours
    "urn:schemas-microsoft-com:vml",                                # legacy comment shapes (VML)
    "",                                                             # VML written without a root ns
}


@functools.cache
def _schema(path: Path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(path)))


@functools.cache
def _customui(path: Path):
    import xmlschema

    return xmlschema.XMLSchema(str(path))


def mce(root: etree._Element) -> etree._Element:
    """Markup Compatibility processing for a consumer that knows only the Transitional schemas:
    AlternateContent becomes its Fallback, elements and attributes of ignorable namespaces go,
    and so do the mc attributes. Also drops xml:space (Excel writes it on <t>; the schema's
    simple types have no attributes)."""
    ignorable: set[str] = set()
    for el in root.iter():
        value = el.get(f"{{{NS_MC}}}Ignorable")
        if value:
            ignorable |= {el.nsmap.get(p) for p in value.split() if el.nsmap.get(p)}
    for alt in list(root.iter(f"{{{NS_MC}}}AlternateContent")):
        parent = alt.getparent()
        fallback = alt.find(f"{{{NS_MC}}}Fallback")
        index = parent.index(alt)
        parent.remove(alt)
        for child in reversed(list(fallback) if fallback is not None else []):
            parent.insert(index, child)
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        ns = etree.QName(el).namespace
        parent = el.getparent()
        in_ext = parent is not None and etree.QName(parent).localname == "ext"  # xsd:any, kept
        if ns in ignorable and parent is not None and not in_ext:
            parent.remove(el)
            continue
        for name in list(el.attrib):
            ans = etree.QName(name).namespace
            if ans in ignorable or ans == NS_MC or name == f"{{{XML_NS}}}space":
                del el.attrib[name]
    return root


def validate_part(name: str, data: bytes) -> list[str]:
    try:
        root = etree.fromstring(data)
    except etree.XMLSyntaxError as exc:
        return [f"{name}: not well-formed XML: {exc}"]
    ns = etree.QName(root).namespace or ""
    if ns in (NS_CUSTOMUI14, NS_CUSTOMUI12):
        xsd = SCHEMAS / "customui" / ("customui14.xsd" if ns == NS_CUSTOMUI14 else "customUI12.xsd")
        errors = list(_customui(xsd).iter_errors(data.decode("utf-8")))
        return [f"{name}: {e.reason} at {e.path}" for e in errors[:5]]
    if ns in UNSCHEMED:
        return []
    if ns not in SCHEMA_OF:
        return [f"{name}: no schema for namespace {ns!r}"]
    schema = _schema(SCHEMA_OF[ns])
    root = mce(root)
    if schema.validate(root):
        return []
    return [f"{name}:{e.line}: {e.message}" for e in list(schema.error_log)[:5]]


def _rels_path(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def _source_of(rels: str) -> str:
    folder, base = posixpath.split(rels)
    return posixpath.join(posixpath.dirname(folder), base[:-len(".rels")])


_PUNCT = r"\s!\"#$%&'()*+,\-/:;<=>@\[\]^`{|}~"
DEFINED_NAME = re.compile(rf"(?:_xlnm\.)?[^\d{_PUNCT}?.][^{_PUNCT}]*")
CELL_LIKE = re.compile(r"(?i)[A-Z]{1,3}\d+|R\d*C\d*|[RC]")


def formula_cells(sheet_xml: bytes) -> list[str]:
    """References of the cells with a formula, in document order."""
    root = etree.fromstring(sheet_xml)
    return [c.get("r") for c in root.iter(f"{{{NS_MAIN}}}c") if c.find(f"{{{NS_MAIN}}}f") is not None]


def package_problems(parts: dict[str, bytes]) -> list[str]:
    """Package rules: relationships resolve, every part has a content type and is reachable,
    sheetIds unique, calcChain consistent or absent, defined names valid, no custom property
    over 255 characters."""
    out: list[str] = []
    ct = etree.fromstring(parts["[Content_Types].xml"])
    defaults = {d.get("Extension").lower(): d.get("ContentType") for d in ct.iter(f"{{{NS_CT}}}Default")}
    overrides = {o.get("PartName").lstrip("/").lower(): o.get("ContentType")
                 for o in ct.iter(f"{{{NS_CT}}}Override")}
    for name in parts:
        if name == "[Content_Types].xml":
            continue
        ext = name.rsplit(".", 1)[-1].lower()
        if name.lower() not in overrides and ext not in defaults:
            out.append(f"{name}: no content type")
    for name in overrides:
        if not any(p.lower() == name for p in parts):
            out.append(f"[Content_Types].xml: override for missing part /{name}")
    # relationships: every target exists, every r:id used in a part resolves
    reached, todo = set(), [""]
    targets: dict[str, dict[str, tuple[str, str]]] = {}
    for name in parts:
        if name.endswith(".rels"):
            source = "" if name == "_rels/.rels" else _source_of(name)
            if source and source not in parts:
                out.append(f"{name}: relationships of a missing part {source}")
            rels = {}
            for r in etree.fromstring(parts[name]):
                target = r.get("Target")
                if r.get("TargetMode") == "External":
                    rels[r.get("Id")] = (r.get("Type"), "")
                    continue
                base = "/" if target.startswith("/") else "/" + posixpath.dirname(source)
                part = posixpath.normpath(posixpath.join(base, target)).lstrip("/")
                if part not in parts and unquote(part) in parts:
                    part = unquote(part)
                rels[r.get("Id")] = (r.get("Type"), part)
                if part not in parts:
                    out.append(f"{name}: {r.get('Id')} targets missing part {part}")
            targets[source] = rels
    while todo:
        source = todo.pop()
        for _, part in targets.get(source, {}).values():
            if part and part in parts and part not in reached:
                reached.add(part)
                todo.append(part)
    for name in parts:
        if name == "[Content_Types].xml" or name.endswith(".rels"):
            continue
        if name not in reached:
            out.append(f"{name}: no relationship reaches it (orphan)")
    for name, data in parts.items():
        if not name.endswith(".xml") or name.endswith(".rels"):
            continue
        for rid in set(re.findall(rb'\br:(?:id|embed|link|pict)="([^"]+)"', data)):
            if rid.decode() not in targets.get(name, {}):
                out.append(f"{name}: r:id {rid.decode()} does not resolve")
    # workbook: sheetIds, defined names, calcChain
    wb = etree.fromstring(parts["xl/workbook.xml"])
    sheets = wb.findall(f"{{{NS_MAIN}}}sheets/{{{NS_MAIN}}}sheet")
    ids = [s.get("sheetId") for s in sheets]
    if len(set(ids)) != len(ids):
        out.append(f"xl/workbook.xml: sheetIds not unique: {ids}")
    names = [s.get("name") for s in sheets]
    if len({n.lower() for n in names}) != len(names):
        out.append(f"xl/workbook.xml: sheet names not unique: {names}")
    for n in names:
        if len(n) > 31 or re.search(r"[\\/?*\[\]:]", n) or n.startswith("'"):
            out.append(f"xl/workbook.xml: invalid sheet name {n!r}")
    seen_names = set()
    for dn in wb.iter(f"{{{NS_MAIN}}}definedName"):
        key = (dn.get("name").lower(), dn.get("localSheetId"))
        if key in seen_names:
            out.append(f"xl/workbook.xml: defined name {dn.get('name')} twice in one scope")
        seen_names.add(key)
        if not DEFINED_NAME.fullmatch(dn.get("name")) or CELL_LIKE.fullmatch(dn.get("name")):
            out.append(f"xl/workbook.xml: invalid defined name {dn.get('name')!r}")
        local = dn.get("localSheetId")
        if local is not None and int(local) >= len(sheets):
            out.append(f"xl/workbook.xml: {dn.get('name')} localSheetId {local} past the last sheet")
        for quoted in re.findall(r"'((?:[^']|'')+)'!", dn.text or ""):
            if quoted.replace("''", "'") not in names:
                out.append(f"xl/workbook.xml: {dn.get('name')} refers to missing sheet {quoted!r}")
        for bare in re.findall(r"(?:^|[(,=+\-*/&:\s])([^'!(),=+\-*/&:\s]+)!", dn.text or ""):
            if bare not in names:
                out.append(f"xl/workbook.xml: {dn.get('name')} refers to missing sheet {bare!r}")
    calc = [p for t, p in targets.get("xl/workbook.xml", {}).values() if t == REL_CALC_CHAIN]
    if calc:
        by_id = {s.get("sheetId"): s.get(f"{{{NS_R}}}id") for s in sheets}
        rel_of = targets.get("xl/workbook.xml", {})
        formulas: dict[str, set[str]] = {}
        for sid, rid in by_id.items():
            part = rel_of.get(rid, ("", ""))[1]
            formulas[sid] = set(formula_cells(parts[part])) if part in parts else set()
        last = None
        for c in etree.fromstring(parts[calc[0]]):
            last = c.get("i") or last
            if c.get("r") not in formulas.get(last, set()):
                out.append(f"{calc[0]}: {c.get('r')} of sheetId {last} is not a formula cell")
                break
    if "docProps/custom.xml" in parts:
        for prop in etree.fromstring(parts["docProps/custom.xml"]):
            text = "".join(prop.itertext())
            if len(text) > 255:
                out.append(f"docProps/custom.xml: property {prop.get('name')} has {len(text)} characters (> 255)")
    return out


def problems(xlsx: Path | bytes) -> list[str]:
    data = xlsx if isinstance(xlsx, bytes) else Path(xlsx).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist() if not i.is_dir()}
    out = package_problems(parts)
    for name, body in parts.items():
        if name.endswith((".xml", ".rels", ".vml")) or name == "[Content_Types].xml":
            out += validate_part(name, body)
    return out
