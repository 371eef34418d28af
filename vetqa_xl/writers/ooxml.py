"""Edit an .xlsx package in place, part by part, so that nothing of the user's is lost.

openpyxl re-writes a whole workbook from its own model and silently drops what it does not
model (shapes, x14 validations, slicers, some comment formatting …). The report instead keeps
every part of the user's file byte for byte and only:
- adds or replaces its own sheets (and their drawings and charts),
- appends styles to styles.xml and changes the style index of highlighted cells,
- edits workbook.xml, its relationships, [Content_Types].xml and docProps/custom.xml.
Edits on existing XML are made at tag level (xmltags.py), every untouched byte kept:
re-serialising with ElementTree would rename namespace prefixes that ``mc:Ignorable`` refers to,
which Excel then "repairs". Every element inserted takes the prefix its parent has and declares
the namespaces of its own other prefixes, so it is right wherever the file declares them (Excel
on the root, openpyxl with lxml on each element, LibreOffice and the Open XML SDK with ``x:``).
Whenever sheets change, ``calcChain.xml`` is dropped and a full calculation asked for on load;
a sheetId is never reused; ``to_bytes`` leaves out every part no relationship reaches, and every
content type of a part that is gone.
Parts are read with defusedxml (no entity expansion from a user's file), lazily, and written a
piece at a time (parts.py); the zip is written by the one deterministic writer (zipout.py).
"""
from __future__ import annotations

import functools
import html
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from urllib.parse import unquote
from xml.sax.saxutils import escape, quoteattr

from defusedxml import ElementTree as SafeET

from ..core.problems import read_problem
from . import xmltags
from .customprops import CT_CUSTOM_PROPS, REL_CUSTOM_PROPS, custom_xml, get_property, set_property
from .partnames import free_part
from .parts import PackageError, Parts, Streamed, _bad_zip
from .xmltags import Tag
from .zipout import zip_bytes

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_WORKSHEET = NS_REL + "/worksheet"
REL_DRAWING = NS_REL + "/drawing"
REL_CHART = NS_REL + "/chart"
REL_CALC_CHAIN = NS_REL + "/calcChain"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_DRAWING = "application/vnd.openxmlformats-officedocument.drawing+xml"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"


def attr(text: str) -> str:
    return quoteattr(text)


def _rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _resolve(source_part: str, target: str) -> str:
    """The part a relationship target names (RFC 3986: LibreOffice writes ../customXml/… in
    the package's own relationships, which is /customXml/…)."""
    base = "/" if target.startswith("/") else "/" + posixpath.dirname(source_part)
    return posixpath.normpath(posixpath.join(base, target)).lstrip("/")


# The elements that hold a formula as their text (any prefix): cells, defined names, data
# validations, conditional formats, chart series; not an empty one (<f t="shared" si="0"/>),
# nor x14's <x14:formula1> around its <xm:f>.
FORMULA_ELEMENTS = ("f", "formula", "formula1", "formula2", "definedName")


def _refs_renamed(xml: str, old: str, new: str) -> str:
    """``xml`` with the references to sheet ``old`` in its formulas naming ``new``:
    'old'!A1 and old!A1 become 'new'!A1. A formula is read with its character references
    (openpyxl writes Thai as &#3612;…)."""
    # 'old'! with a quote in the name doubled ('a''b'!), or the bare old! where the name needs no
    # quotes (Excel leaves a Thai name without spaces bare)
    ref = re.compile("'" + re.escape(old.replace("'", "''")) + "'!|(?<![\\w.'\u0E00-\u0E7F])" + re.escape(old) + "!")
    quoted = "'" + new.replace("'", "''") + "'!"
    edits, opened = [], None
    for tag in xmltags.tags(xml, *FORMULA_ELEMENTS):
        if not tag.closing:
            opened = None if tag.empty else tag
        elif opened is not None and opened.qname == tag.qname:
            formula = html.unescape(xml[opened.end:tag.start])
            renamed = ref.sub(lambda _: quoted, formula)
            if renamed != formula and "<" not in xml[opened.end:tag.start]:
                edits.append((opened.end, tag.start, escape(renamed)))
            opened = None
    return xmltags.splice(xml, edits)


def _sheet_tag(workbook_xml: str, name: str) -> Tag | None:
    """The <sheet> element of sheet ``name``, however the file quotes and escapes the name (a
    quote as &apos; or &#39;, in single or double quotes)."""
    return xmltags.find(workbook_xml, "sheet", {"name": name})


# the elements that follow <definedNames> in a workbook (CT_Workbook's sequence)
_AFTER_DEFINED_NAMES = ("calcPr", "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr",
                        "smartTagTypes", "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst")


def _root(xml: str, name: str) -> Tag:
    """The element ``name`` a part must have (<Types>, <Relationships>, <sheets>)."""
    tag = xmltags.find(xml, name)
    if tag is None:
        raise PackageError(read_problem("not_a_package", reason=f"no <{name}> element"))
    return tag


@dataclass
class SheetRef:
    name: str
    sheet_id: int
    rid: str
    part: str
    state: str


class Package:
    """An .xlsx as an ordered mapping of part name -> bytes (``parts``, read lazily)."""

    def __init__(self, data: bytes):
        try:
            self.parts = Parts(zipfile.ZipFile(io.BytesIO(data)))
        except zipfile.BadZipFile as exc:
            raise _bad_zip(exc) from None
        if "xl/workbook.xml" not in self.parts:
            raise PackageError(read_problem("no_workbook_part"))
        # sheetIds ever used here: a removed sheet's id is never given to a new one
        self._last_sheet_id = max((s.sheet_id for s in self.sheets()), default=0)

    # --- text helpers ------------------------------------------------------------
    def text(self, part: str) -> str:
        return self.parts[part].decode("utf-8")

    def put(self, part: str, text: str | bytes | Streamed, content_type: str | None = None) -> None:
        self.parts[part] = text.encode("utf-8") if isinstance(text, str) else text
        if content_type:
            self._override(part, content_type)

    def remove(self, part: str) -> None:
        """Remove a part, its relationships part and their content-type overrides."""
        for gone in (part, _rels_path(part)):
            if gone in self.parts:
                del self.parts[gone]  # not pop: that would read the part from the zip first
            ct = self.text("[Content_Types].xml")
            # part names compare case-insensitively (OPC)
            ct = xmltags.remove(ct, [t for t in xmltags.elements(ct, "Override")
                                     if (t.get("PartName") or "").lower() == "/" + gone.lower()])
            self.parts["[Content_Types].xml"] = ct.encode("utf-8")

    def reachable(self) -> set[str]:
        """Parts reached from the package relationships, following every internal one."""
        seen: set[str] = set()
        todo = [""]
        while todo:
            part = todo.pop()
            for r in self.rels(part):
                target = r.get("part")
                if target and target in self.parts and target not in seen:
                    seen.add(target)
                    todo.append(target)
        return seen

    def prune(self) -> list[str]:
        """Remove the parts no relationship reaches (with their content types) and overrides of
        parts that are gone; the parts removed."""
        keep = self.reachable() | {"[Content_Types].xml", "_rels/.rels"}
        keep |= {_rels_path(p) for p in keep}
        gone = [p for p in self.parts if p not in keep]
        for part in gone:
            self.remove(part)
        ct = self.text("[Content_Types].xml")
        ct = xmltags.remove(ct, [t for t in xmltags.elements(ct, "Override")
                                 if (t.get("PartName") or "").lstrip("/") not in self.parts])
        self.parts["[Content_Types].xml"] = ct.encode("utf-8")
        return gone

    def _override(self, part: str, content_type: str) -> None:
        ct = self.text("[Content_Types].xml")
        if xmltags.find(ct, "Override", {"PartName": "/" + part}):
            return
        types = _root(ct, "Types")
        ct = xmltags.append_child(ct, types, f'<{types.prefix}Override PartName={attr("/" + part)} '
                                  f'ContentType={attr(content_type)}/>')
        self.parts["[Content_Types].xml"] = ct.encode("utf-8")

    # --- relationships -------------------------------------------------------------
    def rels(self, part: str) -> list[dict]:
        path = _rels_path(part) if part else "_rels/.rels"
        if path not in self.parts:
            return []
        root = SafeET.fromstring(self.parts[path])
        out = []
        for r in root:
            d = dict(r.attrib)
            if d.get("TargetMode") != "External":
                d["part"] = _resolve(part, d["Target"])
                if d["part"] not in self.parts and unquote(d["part"]) in self.parts:
                    d["part"] = unquote(d["part"])  # a percent-encoded target (Thai file names)
            out.append(d)
        return out

    def add_rel(self, part: str, rel_type: str, target_part: str) -> str:
        """Add a relationship from ``part`` ("" for the package) and return its id."""
        path = _rels_path(part) if part else "_rels/.rels"
        text = self.parts.get(path, b"").decode("utf-8") or \
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{NS_PKG_REL}"></Relationships>'
        ids = [t.get("Id") or "" for t in xmltags.elements(text, "Relationship")]
        rid = f"rId{max((int(i[3:]) for i in ids if re.fullmatch(r'rId[0-9]+', i)), default=0) + 1}"
        base = posixpath.dirname(part) if part else ""
        target = posixpath.relpath(target_part, base) if base else target_part
        root = _root(text, "Relationships")
        text = xmltags.append_child(text, root, f'<{root.prefix}Relationship Id="{rid}" '
                                    f'Type={attr(rel_type)} Target={attr(target)}/>')
        self.parts[path] = text.encode("utf-8")
        return rid

    def remove_rel(self, part: str, rid: str) -> None:
        path = _rels_path(part)
        text = self.text(path)
        text = xmltags.remove(text, xmltags.elements(text, "Relationship", where={"Id": rid}))
        self.parts[path] = text.encode("utf-8")

    # --- sheets ----------------------------------------------------------------------

    def sheets(self) -> list[SheetRef]:
        root = SafeET.fromstring(self.parts["xl/workbook.xml"])
        by_id = {r["Id"]: r["part"] for r in self.rels("xl/workbook.xml") if "part" in r}
        out = []
        for s in root.iter(f"{{{NS_MAIN}}}sheet"):
            rid = s.attrib[f"{{{NS_REL}}}id"]
            out.append(SheetRef(s.attrib["name"], int(s.attrib["sheetId"]), rid, by_id.get(rid, ""),
                                s.attrib.get("state", "visible")))
        return out

    def sheet(self, name: str) -> SheetRef | None:
        return next((s for s in self.sheets() if s.name == name), None)

    def _shift_local_names(self, index: int, delta: int) -> None:
        """Keep localSheetId of defined names right when a sheet is inserted or removed."""
        text = self.text("xl/workbook.xml")
        edits = []
        for tag in xmltags.elements(text, "definedName"):
            n = tag.get("localSheetId")
            if n is not None and n.isdigit() and int(n) >= index:
                edits.append((tag.start, tag.end, tag.with_attrs({"localSheetId": str(int(n) + delta)})))
        text = xmltags.splice(text, edits)
        self.parts["xl/workbook.xml"] = text.encode("utf-8")

    def remove_sheet(self, name: str) -> int | None:
        """Remove a sheet with the parts only it uses (drawings, charts); its former index."""
        sheets = self.sheets()
        index = next((i for i, s in enumerate(sheets) if s.name == name), None)
        if index is None:
            return None
        ref = sheets[index]
        text = self.text("xl/workbook.xml")
        gone = list(xmltags.elements(text, "definedName", where={"localSheetId": str(index)}))
        text = xmltags.remove(text, gone + [t for t in [_sheet_tag(text, name)] if t])
        self.parts["xl/workbook.xml"] = text.encode("utf-8")
        self._shift_local_names(index + 1, -1)
        self.remove_rel("xl/workbook.xml", ref.rid)
        self._remove_tree(ref.part)
        return index

    def rename_sheet(self, old: str, new: str) -> None:
        """Rename a sheet, and the references to it in every formula of the workbook (cells,
        defined names, validations, conditional formats, charts), as Excel does."""
        text = self.text("xl/workbook.xml")
        if tag := _sheet_tag(text, old):
            text = xmltags.splice(text, [(tag.start, tag.end, tag.with_attrs({"name": new}))])
        self.parts["xl/workbook.xml"] = text.encode("utf-8")
        for part in [p for p in self.parts if p.startswith("xl/") and p.endswith(".xml")]:
            xml = self.text(part)
            if (renamed := _refs_renamed(xml, old, new)) != xml:
                self.put(part, renamed)

    def _remove_tree(self, part: str) -> None:
        for r in self.rels(part):
            if r.get("Type") in (REL_DRAWING, REL_CHART) and "part" in r:
                self._remove_tree(r["part"])
        self.remove(part)

    def add_sheet(self, name: str, xml: str | Streamed, index: int, hidden: bool = False) -> str:
        """Add a worksheet at position ``index``; returns its part name."""
        part = free_part(self.parts, "xl/worksheets/vetqa{n}.xml")
        self.put(part, xml, CT_WORKSHEET)
        rid = self.add_rel("xl/workbook.xml", REL_WORKSHEET, part)
        sheets = self.sheets()
        self._last_sheet_id = max([self._last_sheet_id] + [s.sheet_id for s in sheets]) + 1
        state = ' state="hidden"' if hidden else ""
        text = self.text("xl/workbook.xml")
        parent = _root(text, "sheets")
        # xmlns:r on the element itself: right whether or not the root declares it
        element = (f'<{parent.prefix}sheet name={attr(name)} sheetId="{self._last_sheet_id}"{state} '
                   f'xmlns:r="{NS_REL}" r:id="{rid}"/>')
        anchor = _sheet_tag(text, sheets[index].name) if index < len(sheets) else None
        if anchor:
            text = text[:anchor.start] + element + text[anchor.start:]
        else:
            text = xmltags.append_child(text, parent, element)
        self.parts["xl/workbook.xml"] = text.encode("utf-8")
        self._shift_local_names(index, +1)
        return part

    def set_print_titles(self, name: str, rows: str) -> None:
        """Repeat ``rows`` (e.g. "7:7") at the top of each printed page of sheet ``name``."""
        index = [s.name for s in self.sheets()].index(name)
        text = self.text("xl/workbook.xml")
        p = _root(text, "sheets").prefix
        first, last = rows.split(":")
        quoted = "'" + name.replace("'", "''") + "'"
        element = (f'<{p}definedName name="_xlnm.Print_Titles" localSheetId="{index}">'
                   f"{escape(quoted)}!${first}:${last}</{p}definedName>")
        text = xmltags.remove(text, xmltags.elements(
            text, "definedName", where={"name": "_xlnm.Print_Titles", "localSheetId": str(index)}))
        if names := xmltags.find(text, "definedNames"):
            text = xmltags.append_child(text, names, element)
        else:
            spots = [t.start for t in xmltags.elements(text, *_AFTER_DEFINED_NAMES)]
            at = min(spots) if spots else _root(text, "workbook").close().start
            text = text[:at] + f"<{p}definedNames>{element}</{p}definedNames>" + text[at:]
        self.parts["xl/workbook.xml"] = text.encode("utf-8")

    def drop_calc_chain(self) -> bool:
        """Remove calcChain.xml (part, relationship, content type): it lists the formula cells
        of each sheetId, and a stale one makes Excel "repair" the file. Excel rebuilds it."""
        found = False
        for rel in self.rels("xl/workbook.xml"):
            if rel.get("Type") == REL_CALC_CHAIN:
                self.remove_rel("xl/workbook.xml", rel["Id"])
                if "part" in rel:
                    self.remove(rel["part"])
                found = True
        return found

    def set_full_calc_on_load(self) -> None:
        """Ask Excel and LibreOffice to recalculate every formula when the file opens."""
        text = self.text("xl/workbook.xml")
        if calc := xmltags.find(text, "calcPr"):
            text = xmltags.splice(text, [(calc.start, calc.end, calc.with_attrs({"fullCalcOnLoad": "1"}, first=True))])
        else:
            for anchor in ("definedNames", "externalReferences", "sheets"):
                if found := xmltags.find(text, anchor):
                    at = found.close().end
                    text = text[:at] + f'<{found.prefix}calcPr calcId="191029" fullCalcOnLoad="1"/>' + text[at:]
                    break
        self.parts["xl/workbook.xml"] = text.encode("utf-8")

    # --- custom document properties ---------------------------------------------------
    def custom_property(self, name: str) -> str | None:
        part = "docProps/custom.xml"
        return get_property(self.parts[part], name) if part in self.parts else None

    def set_custom_property(self, name: str, value: str | None) -> None:
        """Set (or with None, remove) a text custom property."""
        part = "docProps/custom.xml"
        if part in self.parts:
            self.put(part, set_property(self.text(part), name, value))
        elif value is not None:
            self.put(part, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                     + custom_xml([(name, value)]), CT_CUSTOM_PROPS)
            self.add_rel("", REL_CUSTOM_PROPS, part)

    # --- output ------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """The package as zip bytes, [Content_Types].xml first, without orphaned parts; the
        same content gives the same bytes (zipout), each part copied a piece at a time."""
        self.prune()
        if "xl/workbook.xml" not in self.parts:  # no relationship leads to it: never write a
            raise PackageError(read_problem("no_workbook_part"))  # copy without its sheets
        order = ["[Content_Types].xml"] + [p for p in self.parts if p != "[Content_Types].xml"]
        return zip_bytes((part, functools.partial(self.parts.write_to, part)) for part in order)
