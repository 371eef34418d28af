"""The Lite copy of a workbook: the same buttons inside the file, for xlwings Lite (nothing to install).

xlwings Lite (Microsoft store add-in WA200008175) keeps a workbook's ``main.py`` and
``requirements.txt`` as properties of the add-in's web extension ([MS-OWEXML]):

* ``xl/webextensions/webextension1.xml``: the store reference and the properties, each value a
  JSON-encoded string, XML-escaped;
* ``xl/webextensions/taskpanes.xml`` (reached from ``_rels/.rels``): the task pane, set to open
  with the document (``visibility="1"`` and ``Office.AutoShowTaskpaneWithDocument``).

``main.py`` carries vetqa_xl itself as a base64 zip of its pure-Python modules (the check path
needs neither openpyxl nor calamine), imported through zipimport; ``requirements.txt`` pins
only what PyPI has: xlwings and defusedxml. The rest of the workbook is kept part by part, as
``report`` keeps it; protected sheets allow cell formatting, so highlights need no unprotecting.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
import uuid
from importlib.metadata import version
from pathlib import Path
from xml.sax.saxutils import escape

from defusedxml import ElementTree as SafeET

from ..version import __version__
from ..core.errors import UserError
from ..core.messages import read_problem
from ..form import FORM
from ..writers.ooxml import Package
from ..writers.zipout import zip_bytes

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
PACKAGE_ROOT = Path(__file__).resolve().parent.parent
# What the Lite scripts do not need: the CLI, the COM add-in, the file reader (calamine), the
# samples, the writers of mail, filled samples and next year, and the commission's consolidation.
LEFT_OUT = ("cli.py", "__main__.py", "addin/", "macros/", "readers/calamine.py", "readers/errorcells.py",
            "samples/", "writers/charts.py", "writers/eml.py", "writers/export.py", "writers/fill.py", "writers/nextyear.py", "writers/template.py",
            "consolidate/")


class LiteError(UserError):
    """The Lite copy cannot be written; the message is Thai then English."""


def requirements() -> str:
    """requirements.txt of the Lite copy: the versions this vetqa_xl runs with."""
    return f"xlwings=={version('xlwings')}\ndefusedxml=={version('defusedxml')}\n"


def package_zip() -> bytes:
    """vetqa_xl's pure-Python modules and data as a zip (same content, same bytes)."""
    files = sorted(p for p in PACKAGE_ROOT.rglob("*") if p.is_file() and p.suffix in (".py", ".json")
                   and "__pycache__" not in p.parts)
    named = ((path.relative_to(PACKAGE_ROOT).as_posix(), path) for path in files)
    return zip_bytes(("vetqa_xl/" + rel, path.read_bytes()) for rel, path in named
                     if not any(rel == x or rel.startswith(x) for x in LEFT_OUT))


MAIN_PY = '''\
"""VetQA ตรวจสอบ สำหรับ xlwings Lite — ปุ่มเดียวกับริบบอน โดยไม่ต้องติดตั้ง Python

เขียนโดยคำสั่ง `vetqa-xl lite` จาก vetqa_xl {version} (zip sha256 {digest})
อย่าแก้ไฟล์นี้: เมื่ออัปเกรด vetqa_xl ให้สร้างใหม่ด้วยคำสั่งเดิม
Written by `vetqa-xl lite`; do not edit, rebuild it after an upgrade.
"""
import base64
import os
import sys
import tempfile

import xlwings as xw
from xlwings import script

VETQA_VERSION = "{version}"
_VETQA_ZIP = (
{chunks}
)


def _load_vetqa():
    """Import vetqa_xl from the zip above (zipimport), replacing any copy loaded before."""
    path = os.path.join(tempfile.gettempdir(), "vetqa_xl-{version}-{digest}.zip")
    if not os.path.exists(path):
        with open(path, "wb") as f:
            f.write(base64.b64decode("".join(_VETQA_ZIP)))
    for name in [m for m in sys.modules if m == "vetqa_xl" or m.startswith("vetqa_xl.")]:
        del sys.modules[name]
    sys.path[:] = [p for p in sys.path if "vetqa_xl-" not in p]
    sys.path.insert(0, path)
    from vetqa_xl.lite import scripts

    return scripts


_vetqa = _load_vetqa()
print(_vetqa.VERSION_LINE)
{scripts}'''

SCRIPT = '''

@script
def {name}(book: xw.Book):
    """{doc}"""
    _vetqa.SCRIPTS["{name}"](book)
'''


def script_docs() -> dict[str, str]:
    """{script name: docstring} of scripts.SCRIPTS, read from the source of scripts.py: the
    builder runs under api.lite, and the scripts import api (no import cycle)."""
    import ast

    tree = ast.parse(Path(__file__).with_name("scripts.py").read_text("utf-8"))
    docs = {f.name: ast.get_docstring(f, clean=False) or "" for f in tree.body if isinstance(f, ast.FunctionDef)}
    table = next(n.value for n in tree.body if isinstance(n, ast.Assign)
                 and getattr(n.targets[0], "id", "") == "SCRIPTS")
    return {k.value: docs[v.id] for k, v in zip(table.keys, table.values)}


def main_py() -> str:
    """main.py of the Lite copy: vetqa_xl embedded, one @script per button."""
    data = package_zip()
    text = base64.b64encode(data).decode("ascii")
    chunks = "\n".join(f'    "{text[i:i + 96]}"' for i in range(0, len(text), 96))
    scripts = "".join(SCRIPT.format(name=name, doc=doc.strip()) for name, doc in script_docs().items())
    return MAIN_PY.format(version=__version__, digest=hashlib.sha256(data).hexdigest()[:12],
                          chunks=chunks, scripts=scripts)


def _value(text: str) -> str:
    """A web-extension property value: the JSON string of ``text``, escaped for an attribute."""
    return escape(json.dumps(text, ensure_ascii=False), {'"': "&quot;"})


def _properties(main: str, reqs: str) -> list[tuple[str, str]]:
    """(name, attribute text) of the properties this writer owns."""
    return [("Office.AutoShowTaskpaneWithDocument", "true"),
            ("main.py", _value(main)), ("requirements.txt", _value(reqs))]


def webextension_xml(main: str, reqs: str, extension_id: str = EXTENSION_ID) -> str:
    properties = "".join(f'<we:property name="{n}" value="{v}"/>' for n, v in _properties(main, reqs))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<we:webextension xmlns:we="{NS_WE}" id="{extension_id}">'
            f'<we:reference id="{STORE_ID.lower()}" version="1.0.0.0" store="en-US" storeType="OMEX"/>'
            f'<we:alternateReferences><we:reference id="{STORE_ID}" version="1.0.0.0" '
            f'store="{STORE_ID}" storeType="OMEX"/></we:alternateReferences>'
            f'<we:properties>{properties}</we:properties><we:bindings/>'
            f'<we:snapshot xmlns:r="{NS_R}"/></we:webextension>')


# A property element, attribute by attribute: a value may hold ">" (legal in an attribute).
_PROPERTY = re.compile(r"""<(\w+:)?property\b(?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*/>""")
_ATTR = re.compile(r"""\s([\w:.-]+)\s*=\s*("[^"]*"|'[^']*')""")


def _set_property(xml: str, name: str, value: str) -> str:
    """Set one property of a web-extension part, textually (prefixes and the rest untouched)."""
    prefix = re.search(r"<(\w+:)?webextension\b", xml).group(1) or ""
    element = f'<{prefix}property name="{name}" value="{value}"/>'
    found = next((m for m in _PROPERTY.finditer(xml)
                  if ("name", name) in ((k, v[1:-1]) for k, v in _ATTR.findall(m.group(0)))), None)
    if found:
        return xml[:found.start()] + element + xml[found.end():]
    xml = re.sub(r"<(\w+:)?properties\s*/>", lambda m: f"<{prefix}properties></{prefix}properties>", xml,
                 count=1)
    return re.sub(r"</(\w+:)?properties>", lambda m: element + m.group(0), xml, count=1)


def _taskpane(rid: str) -> str:
    return (f'<wetp:taskpane dockstate="right" visibility="1" width="350" row="1">'
            f'<wetp:webextensionref xmlns:r="{NS_R}" r:id="{rid}"/></wetp:taskpane>')


def lite_part(pkg: Package) -> str | None:
    """The web-extension part of xlwings Lite in the package, if any."""
    for rel in pkg.rels(TASKPANES) if TASKPANES in pkg.parts else []:
        part = rel.get("part")
        if rel.get("Type") == REL_WEBEXTENSION and part in pkg.parts:
            ref = SafeET.fromstring(pkg.parts[part]).find(f"{{{NS_WE}}}reference")
            if ref is not None and ref.attrib.get("id", "").upper() == STORE_ID:
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
        m = re.search(r"<(\w+:)?sheetProtection\b[^>]*>", xml)
        if not m:
            continue
        tag = re.sub(r'\s+formatCells="[^"]*"', "", m.group(0))
        tag = re.sub(r"(<(\w+:)?sheetProtection)\b", r'\1 formatCells="0"', tag, count=1)
        pkg.put(sheet.part, xml[:m.start()] + tag + xml[m.end():])
        count += 1
    return count


def add_lite(pkg: Package, main: str | None = None, reqs: str | None = None) -> str:
    """Write (or rewrite) the Lite web extension into the package; returns its part name."""
    main = main_py() if main is None else main
    reqs = requirements() if reqs is None else reqs
    part = lite_part(pkg)
    if part is not None:  # a rebuild: the same part; what Lite or Excel wrote there stays
        xml = pkg.text(part)
        for name, value in _properties(main, reqs):
            xml = _set_property(xml, name, value)
        pkg.put(part, xml)
        return part
    if TASKPANES not in pkg.parts:
        pkg.put(TASKPANES, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                           f'<wetp:taskpanes xmlns:wetp="{NS_WETP}"></wetp:taskpanes>', CT_TASKPANES)
        pkg.add_rel("", REL_TASKPANES, TASKPANES)
    n = 1
    while f"xl/webextensions/webextension{n}.xml" in pkg.parts:
        n += 1
    part = f"xl/webextensions/webextension{n}.xml"
    pkg.put(part, webextension_xml(main, reqs), CT_WEBEXTENSION)
    rid = pkg.add_rel(TASKPANES, REL_WEBEXTENSION, part)
    text = pkg.text(TASKPANES)
    text = re.sub(r"</(\w+:)?taskpanes>", lambda m: _taskpane(rid) + m.group(0), text, count=1)
    pkg.put(TASKPANES, text)
    return part


def write_lite(src: str | Path | None, out: str | Path, force: bool = False) -> Path:
    """Write the Lite copy of ``src`` (None: a fresh template) to ``out``; never overwrites ``src``,
    and an existing ``out`` only with ``force`` (kept as .bak first), as every command's output."""
    from ..writers.atomic import XLSX, refuse_existing, same_file, write_new
    from ..writers.report import strip_macros

    out = Path(out)
    if src is not None and same_file(src, out):
        raise LiteError(read_problem("lite_is_source", name=Path(src).name))
    refuse_existing(out, force, XLSX)  # before any work, as the other commands
    if src is None:
        from ..writers.template import build_workbook, finish

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
