"""Edit an .xlsx package in place, part by part, so that nothing of the user's is lost.

openpyxl re-writes a whole workbook from its own model and silently drops what it does not
model (shapes, x14 validations, slicers, some comment formatting …). The report instead keeps
every part of the user's file byte for byte and only:
- adds or replaces its own sheets (and their drawings and charts),
- appends styles to styles.xml and changes the style index of highlighted cells,
- edits workbook.xml, its relationships, [Content_Types].xml and docProps/custom.xml.
Edits on existing XML are textual and targeted: re-serialising with ElementTree would rename
namespace prefixes that ``mc:Ignorable`` refers to, which Excel then "repairs". Every element
inserted declares the namespaces of its own prefixes, so it is right wherever the file declares
them (Excel on the root, openpyxl with lxml on each element).
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
from .customprops import CT_CUSTOM_PROPS, REL_CUSTOM_PROPS, custom_xml, get_property, set_property
from .parts import PackageError, Parts, Streamed, _bad_zip
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
_FORMULA_ELEMENTS = re.compile(r"(<(?:\w+:)?(f|formula[12]?|definedName)\b[^>]*(?<!/)>)([^<]*)(</(?:\w+:)?\2>)")


def _refs_renamed(xml: str, old: str, new: str) -> str:
    """``xml`` with the references to sheet ``old`` in its formulas naming ``new``:
    'old'!A1 and old!A1 (Excel leaves a Thai name without spaces bare) become 'new'!A1.
    A formula is read with its character references (openpyxl writes Thai as &#3612;…)."""
    ref = re.compile("'" + re.escape(old.replace("'", "''")) + "'!|(?<![\\w.'\u0E00-\u0E7F])"
                     + re.escape(old) + "!")
    quoted = "'" + new.replace("'", "''") + "'!"

    def fix(m: re.Match) -> str:
        formula = html.unescape(m[3])
        renamed = ref.sub(lambda _: quoted, formula)
        return m[0] if renamed == formula else m[1] + escape(renamed) + m[4]
    return _FORMULA_ELEMENTS.sub(fix, xml)


def _sheet_tag(workbook_xml: str, name: str) -> re.Match | None:
    """The <sheet> element of sheet ``name``, however the file escapes the name (a quote as
    &apos; or &#39;, in single or double quotes)."""
    for m in re.finditer(r"<(\w+:)?sheet\b[^>]*>", workbook_xml):
        found = re.search(r"""\sname=("[^"]*"|'[^']*')""", m[0])
        if found and html.unescape(found[1][1:-1]) == name:
            return m
    return None


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
            ct = re.sub(r'<(\w+:)?Override\b[^>]*PartName="/' + re.escape(gone) + r'"[^>]*/>', "", ct,
                        flags=re.I)
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

        def stale(m: re.Match) -> str:
            return m.group(0) if m.group(2).lstrip("/") in self.parts else ""
        ct = re.sub(r'<(\w+:)?Override\b[^>]*PartName="([^"]*)"[^>]*/>', stale, ct)
        self.parts["[Content_Types].xml"] = ct.encode("utf-8")
        return gone

    def _override(self, part: str, content_type: str) -> None:
        ct = self.text("[Content_Types].xml")
        if f'PartName="/{part}"' in ct:
            return
        ct = re.sub(r"</(\w+:)?Types>", lambda m: f'<{m.group(1) or ""}Override PartName="/{part}" '
                    f'ContentType="{content_type}"/>' + m.group(0), ct, count=1)
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
        ids = {int(m) for m in re.findall(r'Id="rId(\d+)"', text)}
        rid = f"rId{max(ids, default=0) + 1}"
        base = posixpath.dirname(part) if part else ""
        target = posixpath.relpath(target_part, base) if base else target_part
        text = re.sub(r"</(\w+:)?Relationships>", lambda m: f'<{m.group(1) or ""}Relationship Id="{rid}" '
                      f'Type="{rel_type}" Target="{target}"/>' + m.group(0), text, count=1)
        self.parts[path] = text.encode("utf-8")
        return rid

    def remove_rel(self, part: str, rid: str) -> None:
        path = _rels_path(part)
        text = self.text(path)
        text = re.sub(r'<(\w+:)?Relationship\b[^>]*\bId="' + re.escape(rid) + r'"[^>]*/>', "", text)
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

        def fix(m: re.Match) -> str:
            n = int(m.group(1))
            return f'localSheetId="{n + delta if n >= index else n}"'
        text = re.sub(r'localSheetId="(\d+)"', fix, text)
        self.parts["xl/workbook.xml"] = text.encode("utf-8")

    def remove_sheet(self, name: str) -> int | None:
        """Remove a sheet with the parts only it uses (drawings, charts); its former index."""
        sheets = self.sheets()
        index = next((i for i, s in enumerate(sheets) if s.name == name), None)
        if index is None:
            return None
        ref = sheets[index]
        text = self.text("xl/workbook.xml")
        text = re.sub(r'<(\w+:)?definedName\b[^>]*localSheetId="' + str(index) + r'"[^>]*>.*?</(\w+:)?definedName>',
                      "", text, flags=re.S)
        if tag := _sheet_tag(text, name):
            text = text[:tag.start()] + text[tag.end():]
        self.parts["xl/workbook.xml"] = text.encode("utf-8")
        self._shift_local_names(index + 1, -1)
        self.remove_rel("xl/workbook.xml", ref.rid)
        self._remove_tree(ref.part)
        return index

    def rename_sheet(self, old: str, new: str) -> None:
        """Rename a sheet, and the references to it in every formula of the workbook (cells,
        defined names, validations, conditional formats, charts), as Excel does."""
        text = self.text("xl/workbook.xml")
        if m := _sheet_tag(text, old):
            name = re.search(r"""\sname=("[^"]*"|'[^']*')""", m[0])
            tag = m[0][:name.start()] + " name=" + attr(new) + m[0][name.end():]
            text = text[:m.start()] + tag + text[m.end():]
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
        n = 1
        while f"xl/worksheets/vetqa{n}.xml" in self.parts:
            n += 1
        part = f"xl/worksheets/vetqa{n}.xml"
        self.put(part, xml, CT_WORKSHEET)
        rid = self.add_rel("xl/workbook.xml", REL_WORKSHEET, part)
        sheets = self.sheets()
        self._last_sheet_id = max([self._last_sheet_id] + [s.sheet_id for s in sheets]) + 1
        state = ' state="hidden"' if hidden else ""
        text = self.text("xl/workbook.xml")
        prefix = re.search(r"<(\w+:)?sheets\b", text).group(1) or ""
        # xmlns:r on the element itself: right whether or not the root declares it
        element = (f'<{prefix}sheet name={attr(name)} sheetId="{self._last_sheet_id}"{state} '
                   f'xmlns:r="{NS_REL}" r:id="{rid}"/>')
        if index < len(sheets):
            anchor = _sheet_tag(text, sheets[index].name)
            text = text[:anchor.start()] + element + text[anchor.start():]
        else:
            text = re.sub(r"</(\w+:)?sheets>", lambda m: element + m.group(0), text, count=1)
        self.parts["xl/workbook.xml"] = text.encode("utf-8")
        self._shift_local_names(index, +1)
        return part

    def set_print_titles(self, name: str, rows: str) -> None:
        """Repeat ``rows`` (e.g. "7:7") at the top of each printed page of sheet ``name``."""
        index = [s.name for s in self.sheets()].index(name)
        text = self.text("xl/workbook.xml")
        p = re.search(r"<(\w+:)?sheets\b", text).group(1) or ""
        first, last = rows.split(":")
        quoted = "'" + name.replace("'", "''") + "'"
        element = (f'<{p}definedName name="_xlnm.Print_Titles" localSheetId="{index}">'
                   f"{escape(quoted)}!${first}:${last}</{p}definedName>")
        old = re.compile(r'<(\w+:)?definedName\b(?=[^>]*name="_xlnm\.Print_Titles")(?=[^>]*localSheetId="'
                         + str(index) + r'")[^>]*>.*?</(\w+:)?definedName>', re.S)
        text = old.sub("", text)
        close = re.search(r"</(\w+:)?definedNames>", text)
        if close:
            text = text[:close.start()] + element + text[close.start():]
        else:
            after = ("calcPr", "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr",
                     "smartTagTypes", "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst")
            spots = [m.start() for a in after if (m := re.search(rf"<(\w+:)?{a}\b", text))]
            at = min(spots) if spots else re.search(r"</(\w+:)?workbook>", text).start()
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
        m = re.search(r"<(\w+:)?calcPr\b[^>]*/?>", text)
        if m:
            tag = m.group(0)
            new = re.sub(r'\s*fullCalcOnLoad="[^"]*"', "", tag)
            new = new.replace("<" + (m.group(1) or "") + "calcPr", "<" + (m.group(1) or "") + 'calcPr fullCalcOnLoad="1"', 1)
            text = text.replace(tag, new, 1)
        else:
            for anchor in ("definedNames", "externalReferences", "sheets"):
                close = re.search(r"</(\w+:)?" + anchor + ">", text)
                if close:
                    prefix = close.group(1) or ""
                    text = text[:close.end()] + f'<{prefix}calcPr calcId="191029" fullCalcOnLoad="1"/>' + text[close.end():]
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
