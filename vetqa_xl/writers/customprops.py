"""docProps/custom.xml, the document's custom properties: the one place that writes them.

Used whole by the add-in (:func:`custom_xml` from its name/text pairs) and property by property
by the package editor (:func:`set_property` on a user's part, which may hold properties of other
types and other prefixes: it is edited at tag level, never re-serialised; see xmltags.py).
"""
from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

from defusedxml import ElementTree as SafeET

from . import xmltags

NS_CUSTOM_PROPS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
NS_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
CT_CUSTOM_PROPS = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
REL_CUSTOM_PROPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one fmtid of user-defined properties
FIRST_PID = 2  # pids 0 and 1 are reserved
MAX_PROPERTY = 255  # Office truncates longer text properties


def property_xml(pid: int, name: str, text: str, prefix: str = "", declare_vt: bool = False) -> str:
    """One text property (vt:lpwstr). ``declare_vt``: the element declares the vt prefix itself,
    for a part whose root may not (or may bind it to something else)."""
    if len(text) > MAX_PROPERTY:
        raise ValueError(f"custom property {name} over {MAX_PROPERTY} characters")
    vt = f' xmlns:vt="{NS_VT}"' if declare_vt else ""
    return (f'<{prefix}property fmtid="{FMTID}" pid="{pid}" name={quoteattr(name)}>'
            f"<vt:lpwstr{vt}>{escape(text)}</vt:lpwstr></{prefix}property>")


def custom_xml(pairs: Iterable[tuple[str, str]]) -> str:
    """The part's root element with one text property per (name, text), pids from 2, in order
    (the caller puts its XML declaration first)."""
    body = "".join(property_xml(pid, name, text) for pid, (name, text) in enumerate(pairs, FIRST_PID))
    return f'<Properties xmlns="{NS_CUSTOM_PROPS}" xmlns:vt="{NS_VT}">{body}</Properties>'


def get_property(xml: bytes, name: str) -> str | None:
    """The text of property ``name`` in the part ``xml``; None when it has none."""
    for prop in SafeET.fromstring(xml):
        if prop.attrib.get("name") == name:
            return "".join(prop.itertext())
    return None


def set_property(xml: str, name: str, text: str | None) -> str:
    """The part ``xml`` with property ``name`` set to ``text`` (None: removed); the rest of the
    part as it was. A new property takes the pid after the highest in the part."""
    xml = xmltags.remove(xml, xmltags.elements(xml, "property", where={"name": name}))
    if text is None:
        return xml
    pids = [p for t in xmltags.elements(xml, "property") if (p := t.get("pid") or "").isdigit()]
    pid = max((int(p) for p in pids), default=FIRST_PID - 1) + 1
    root = xmltags.find(xml, "Properties")
    if root is None:
        raise ValueError("docProps/custom.xml has no <Properties> element")
    return xmltags.append_child(xml, root, property_xml(pid, name, text, root.prefix, declare_vt=True))
