"""The Lite copy of a workbook: the same buttons inside the file, for xlwings Lite (nothing to install).

xlwings Lite (Microsoft store add-in WA200008175) keeps a workbook's ``main.py`` and
``requirements.txt`` as properties of the add-in's web extension ([MS-OWEXML]):

* ``xl/webextensions/webextension1.xml``: the store reference and the properties, each value a
  JSON-encoded string, XML-escaped, in the order of the public workbooks Lite saved (LITE.md):
  ``main.py``, ``pyodideVersion``, ``addinVersion``, ``requirements.txt``;
* ``xl/webextensions/taskpanes.xml`` (reached from ``_rels/.rels``): the task pane, set to open
  with the document (``visibility="1"`` and ``Office.AutoShowTaskpaneWithDocument``).

``main.py`` and ``requirements.txt`` are built in :mod:`.litebundle`; the scripts they run
are in ``vetqa_xl/lite/scripts.py`` (above the API: this writer never imports them). The rest of the workbook is
kept part by part, as ``report`` keeps it; protected sheets allow cell formatting, so
highlights need no unprotecting. :func:`write_lite` (``vetqa-xl lite``, ``api.lite``) is the
entry point the release tool calls.
"""
from __future__ import annotations

import json
import uuid
from pathlib import Path
from xml.sax.saxutils import escape

from defusedxml import ElementTree as SafeET

from ..core.errors import UserError
from ..core.problems import read_problem
from ..form import FORM
from . import xmltags
from .litebundle import MAIN_PY_LIMIT, main_py, package_files, requirements, script_docs  # noqa: F401
from .ooxml import Package
from .partnames import free_part

STORE_ID = "WA200008175"
NS_WE = "http://schemas.microsoft.com/office/webextensions/webextension/2010/11"
NS_WETP = "http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_TASKPANES = "http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes"
REL_WEBEXTENSION = "http://schemas.microsoft.com/office/2011/relationships/webextension"
CT_TASKPANES = "application/vnd.ms-office.webextensiontaskpanes+xml"
CT_WEBEXTENSION = "application/vnd.ms-office.webextension+xml"
TASKPANES = "xl/webextensions/taskpanes.xml"
# One fixed instance id: a rebuilt copy keeps the id its file already has.
EXTENSION_ID = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/vetqa_xl/lite")).upper() + "}"
# The Pyodide and add-in versions Lite stamps on a workbook it saves: the newest pair among the
# public Lite workbooks (LITE.md; Lite 1.0.0.0-12 moved to Pyodide 0.27.5). Pyodide 0.27.5 is
# Python 3.12.7, which xlwings 0.37.8 (Requires-Python >=3.11) and vetqa_xl run on; the tests
# run main.py on this Pyodide (tests/lite/package.json). Lite writes its own on saving, and a
# rebuild keeps those (see add_lite). That add-in predates the actions of xlwings 0.37: the
# scripts do without them when the client is older (scripts.NEWER_ACTIONS).
PYODIDE_VERSION = "0.27.5"
ADDIN_VERSION = "1.0.0.0-18"


class LiteError(UserError):
    """The Lite copy cannot be written; the message is Thai then English."""


def _value(text: str) -> str:
    """A web-extension property value: the JSON string of ``text``, escaped for an attribute."""
    return escape(json.dumps(text, ensure_ascii=False), {'"': "&quot;"})


def _properties(main: str, reqs: str) -> list[tuple[str, str, bool]]:
    """(name, attribute text, replace) of the properties this writer writes, in Lite's order;
    ``replace`` False: a value already in the file (Lite's own) stays."""
    return [("main.py", _value(main), True), ("pyodideVersion", _value(PYODIDE_VERSION), False),
            ("addinVersion", _value(ADDIN_VERSION), False), ("requirements.txt", _value(reqs), True),
            ("Office.AutoShowTaskpaneWithDocument", "true", False)]


def webextension_xml(main: str, reqs: str, extension_id: str = EXTENSION_ID) -> str:
    properties = "".join(f'<we:property name="{n}" value="{v}"/>' for n, v, _ in _properties(main, reqs))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<we:webextension xmlns:we="{NS_WE}" id="{extension_id}">'
            f'<we:reference id="{STORE_ID.lower()}" version="1.0.0.0" store="en-US" storeType="OMEX"/>'
            f'<we:alternateReferences><we:reference id="{STORE_ID}" version="1.0.0.0" '
            f'store="{STORE_ID}" storeType="OMEX"/></we:alternateReferences>'
            f'<we:properties>{properties}</we:properties><we:bindings/>'
            f'<we:snapshot xmlns:r="{NS_R}"/></we:webextension>')


def _set_property(xml: str, name: str, value: str, replace: bool = True) -> str:
    """Set one property of a web-extension part (its root a webextension: ``lite_part``),
    at tag level (prefixes and the rest untouched); with ``replace`` False, one the part already
    has stays as it is."""
    root = xmltags.find(xml, "webextension")
    element = f'<{root.prefix if root else ""}property name="{name}" value="{value}"/>'
    found = xmltags.find(xml, "property", {"name": name})
    if found:
        return xml if not replace else xmltags.splice(xml, [(found.start, found.close().end, element)])
    properties = xmltags.find(xml, "properties")
    return xml if properties is None else xmltags.append_child(xml, properties, element)


def _taskpane(rid: str) -> str:
    return (f'<wetp:taskpane dockstate="right" visibility="1" width="350" row="1">'
            f'<wetp:webextensionref xmlns:r="{NS_R}" r:id="{rid}"/></wetp:taskpane>')


def lite_part(pkg: Package) -> str | None:
    """The web-extension part of xlwings Lite in the package, if any."""
    for rel in pkg.rels(TASKPANES) if TASKPANES in pkg.parts else []:
        part = rel.get("part")
        if rel.get("Type") == REL_WEBEXTENSION and part is not None and part in pkg.parts:
            root = SafeET.fromstring(pkg.parts[part])
            ref = root.find(f"{{{NS_WE}}}reference")
            if root.tag == f"{{{NS_WE}}}webextension" and ref is not None and \
                    ref.attrib.get("id", "").upper() == STORE_ID:
                return part
    return None


def properties(pkg: Package) -> dict[str, str]:
    """The decoded properties of the Lite web extension ({} when there is none)."""
    part = lite_part(pkg)
    if part is None:
        return {}
    root = SafeET.fromstring(pkg.parts[part])
    return {p.attrib["name"]: json.loads(p.attrib["value"]) for p in root.iter(f"{{{NS_WE}}}property")}


def allow_formatting(pkg: Package) -> int:
    """Let protected sheets format cells (highlights need no unprotecting); how many sheets."""
    count = 0
    for sheet in pkg.sheets():
        xml = pkg.text(sheet.part) if sheet.part in pkg.parts else ""
        tag = xmltags.find(xml, "sheetProtection")
        if tag is None:
            continue
        pkg.put(sheet.part, xmltags.splice(xml, [(tag.start, tag.end, tag.with_attrs({"formatCells": "0"}, first=True))]))
        count += 1
    return count


def add_lite(pkg: Package, main: str | None = None, reqs: str | None = None) -> str:
    """Write (or rewrite) the Lite web extension into the package; returns its part name."""
    main = main_py() if main is None else main
    reqs = requirements() if reqs is None else reqs
    part = lite_part(pkg)
    if part is not None:  # a rebuild: the same part; what Lite or Excel wrote there stays
        xml = pkg.text(part)
        for name, value, replace in _properties(main, reqs):
            xml = _set_property(xml, name, value, replace)
        pkg.put(part, xml)
        return part
    if TASKPANES not in pkg.parts:
        pkg.put(TASKPANES, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                           f'<wetp:taskpanes xmlns:wetp="{NS_WETP}"></wetp:taskpanes>', CT_TASKPANES)
        pkg.add_rel("", REL_TASKPANES, TASKPANES)
    part = free_part(pkg.parts, "xl/webextensions/webextension{n}.xml")
    pkg.put(part, webextension_xml(main, reqs), CT_WEBEXTENSION)
    rid = pkg.add_rel(TASKPANES, REL_WEBEXTENSION, part)
    text = pkg.text(TASKPANES)
    root = xmltags.find(text, "taskpanes")
    pkg.put(TASKPANES, text if root is None else xmltags.append_child(text, root, _taskpane(rid)))
    return part


def write_lite(src: str | Path | None, out: str | Path, force: bool = False) -> Path:
    """Write the Lite copy of ``src`` (None: a fresh template) to ``out``; never overwrites ``src``,
    and an existing ``out`` only with ``force`` (kept as .bak first), as every command's output."""
    from .atomic import XLSX, refuse_existing, same_file, write_new
    from .report import strip_macros

    out = Path(out)
    if src is not None and same_file(src, out):
        raise LiteError(read_problem("lite_is_source", name=Path(src).name))
    refuse_existing(out, force, XLSX)  # before any work, as the other commands
    if src is None:
        from .template import build_workbook, finish

        data = finish(build_workbook(FORM), FORM)
    else:
        src = Path(src)
        try:
            data = src.read_bytes()
        except OSError as exc:
            raise LiteError(read_problem("cannot_read", path=src, reason=exc)) from None
    pkg = Package(data)
    if src is not None and not {s.name for s in FORM.data_sheets} & {s.name for s in pkg.sheets()}:
        raise LiteError(read_problem("not_the_form", name=src.name, title=FORM.title, form_id=FORM.id))
    if out.suffix.lower() == ".xlsx":
        strip_macros(pkg)
    allow_formatting(pkg)
    add_lite(pkg)
    return write_new(out, pkg.to_bytes(), force)
