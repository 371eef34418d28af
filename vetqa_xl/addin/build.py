"""Building vetqa_xl.xlam on any system, without Excel: xlwings' VBA and ours (pyopenvba),
the ribbon, and the OOXML package zipped with fixed times and order (reproducible)."""
from __future__ import annotations

import re
from pathlib import Path

from ..core.problems import read_problem
from ..writers.atomic import atomic_write_bytes
from ..writers.customprops import CT_CUSTOM_PROPS, custom_xml
from ..writers.zipout import MS_DOS, zip_bytes
from .versions import (
    _DOC_DATE,
    _ZIP_DATE_TIME,
    ADDIN_FILENAME,
    CT_ADDIN_MAIN,
    CUSTOMUI_PART,
    NS_CUSTOMUI,
    PROJECT_NAME,
    REL_UI_EXTENSIBILITY,
    RIBBON_BUTTONS,
    RIBBON_FILENAME,
    RIBBON_TAB_LABEL,
    VBA_MODULE,
    AddinError,
    RibbonButton,
    _package_version,
    _xlwings_version,
)

# ---------------------------------------------------------------------------
# sources
# ---------------------------------------------------------------------------


def _macros_dir() -> Path:
    here = Path(__file__).resolve().parent.parent  # the vetqa_xl package
    for cand in (here / "macros", here.parent / "macros"):
        if (cand / RIBBON_FILENAME).is_file() and (cand / f"{VBA_MODULE}.bas").is_file():
            return cand
    raise AddinError(
        f"macros/{RIBBON_FILENAME} and macros/{VBA_MODULE}.bas not found next to "
        f"{here} (a wheel must ship them as vetqa_xl/macros)"
    )


def _xlwings_dir() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("xlwings")
    if spec is None or not spec.origin:
        raise AddinError(read_problem("addin_no_xlwings"))
    return Path(spec.origin).resolve().parent


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def _read_ascii(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if not text.isascii():
        raise AddinError(f"{path}: VBA source must be ASCII (the VBA project is ANSI)")
    return _crlf(text)


def _vba_sources(xlwings_version: str, vetqa_version: str) -> list[tuple[str, str, bool]]:
    """(module name, source, is_class) in project order."""
    xw = _xlwings_dir()
    xlwings_src = _read_ascii(xw / "xlwings_custom_addin.bas")
    m = re.search(r'^Public Const XLWINGS_VERSION As String = "([^"]*)"', xlwings_src, re.M)
    if not m or m.group(1) != xlwings_version:
        raise AddinError(
            f"{xw / 'xlwings_custom_addin.bas'} says xlwings "
            f"{m.group(1) if m else '?'}, but xlwings {xlwings_version} is installed; "
            "reinstall xlwings"
        )
    xlwings_src, n = re.subn(
        r'^Public Const PROJECT_NAME As String = "[^"]*"',
        f'Public Const PROJECT_NAME As String = "{PROJECT_NAME}"',
        xlwings_src,
        flags=re.M,
    )
    if n != 1:
        raise AddinError("cannot set PROJECT_NAME in xlwings_custom_addin.bas")
    dictionary_src = _read_ascii(xw / "addin" / "Dictionary.cls")

    ours = _read_ascii(_macros_dir() / f"{VBA_MODULE}.bas")
    for placeholder, value in (("@VETQA_VERSION@", vetqa_version), ("@XLWINGS_VERSION@", xlwings_version)):
        if placeholder not in ours:
            raise AddinError(f"{VBA_MODULE}.bas lacks the {placeholder} placeholder")
        ours = ours.replace(placeholder, value)
    return [("xlwings", xlwings_src, False), ("Dictionary", dictionary_src, True), (VBA_MODULE, ours, False)]


_CALLBACK_SUB = r"^[ \t]*(?:Public[ \t]+)?Sub[ \t]+{name}[ \t]*\([ \t]*(?:ByVal[ \t]+|ByRef[ \t]+)?\w+[ \t]+As[ \t]+IRibbonControl[ \t]*\)"


def _check_ribbon(ribbon_xml: bytes, module_source: str) -> None:
    from xml.etree import ElementTree as ET

    root = ET.fromstring(ribbon_xml)
    if root.tag != f"{{{NS_CUSTOMUI}}}customUI":
        raise AddinError(f"{RIBBON_FILENAME}: root must be customUI in {NS_CUSTOMUI}")
    tabs = root.findall(f".//{{{NS_CUSTOMUI}}}tab")
    if [t.get("label") for t in tabs] != [RIBBON_TAB_LABEL]:
        raise AddinError(f"{RIBBON_FILENAME}: expected one tab labelled {RIBBON_TAB_LABEL!r}")
    buttons = tuple(
        RibbonButton(b.get("id", ""), b.get("label", ""), b.get("imageMso", ""))
        for b in root.iter(f"{{{NS_CUSTOMUI}}}button")
    )
    if buttons != RIBBON_BUTTONS:
        raise AddinError(f"{RIBBON_FILENAME} buttons {buttons} differ from RIBBON_BUTTONS")
    for el in root.iter():
        action = el.get("onAction")
        if action is None:
            continue
        name = action.rsplit(".", 1)[-1]
        if not re.search(_CALLBACK_SUB.format(name=re.escape(name)), module_source, re.M | re.I):
            raise AddinError(f"onAction={action!r}: no Sub {name}(control As IRibbonControl) in {VBA_MODULE}.bas")


# ---------------------------------------------------------------------------
# build
# ---------------------------------------------------------------------------


def _vba_project(sources: list[tuple[str, str, bool]], workdir: Path) -> dict[str, bytes]:
    """Parts of pyopenvba's Excel-authored .xlam template, with our VBA project."""
    import zipfile

    from pyopenvba import ExcelFile, VBAModuleKind

    path = workdir / "base.xlam"
    with ExcelFile.create_new(path) as wb:
        project = wb.vba_project()
        for name in list(project.module_names()):
            if name.casefold() == "module1":  # the template's empty Module1
                project.delete_module(name)
        for name, source, is_class in sources:
            kind = VBAModuleKind.other if is_class else VBAModuleKind.standard
            project.add_module(name, source, kind=kind)
        wb.save()
    with zipfile.ZipFile(path) as zf:
        parts = {info.filename: zf.read(info) for info in zf.infolist()}
    parts["xl/vbaProject.bin"] = _vba_storage_to_spec(parts["xl/vbaProject.bin"])
    return parts


#: MS-OVBA §2.3.4.1: Reserved1 0x61CC, Version 0xFFFF (no performance cache: Office compiles
#: the project from source), Reserved2 0x00, Reserved3; no cache. The bytes xlwings' own
#: add-ins carry.
VBA_PROJECT_STREAM = bytes.fromhex("cc61ffff000100")


def _vba_storage_to_spec(data: bytes) -> bytes:
    """The VBA project's compound file with ``VBA/_VBA_PROJECT`` in the §2.3.4.1 form for
    no cache, and every directory entry black ([MS-CFB] 2.6.4: a tree of black nodes is a
    valid red-black tree; the template's colouring, after modules were added, had two red
    nodes in a row)."""
    import struct

    from pyopenvba.cfb import CFB

    cfb = CFB.from_bytes(data)
    cfb.write_stream_in_storage("VBA", "_VBA_PROJECT", VBA_PROJECT_STREAM)
    out = bytearray(cfb.to_bytes())
    size = 1 << struct.unpack_from("<H", out, 0x1E)[0]
    fat_sectors = [s for s in struct.unpack_from("<109I", out, 0x4C) if s < 0xFFFFFFFA]
    if struct.unpack_from("<I", out, 0x44)[0] != 0xFFFFFFFE:  # DIFAT sectors: not for ~50 KB
        raise AddinError("vbaProject.bin too large to recolour")
    fat: list[int] = []
    for s in fat_sectors:
        fat += struct.unpack_from(f"<{size // 4}I", out, 512 + s * size)
    sector = struct.unpack_from("<I", out, 0x30)[0]
    while sector < 0xFFFFFFFA:
        base = 512 + sector * size
        for entry in range(base, base + size, 128):
            if out[entry + 66] != 0:  # object type: not an unused entry
                out[entry + 67] = 1  # black
        sector = fat[sector]
    return bytes(out)


def _xml_escape(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(text, {'"': "&quot;"})


_XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'


def _root_rels() -> bytes:
    rels = [
        ("rId1", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument", "xl/workbook.xml"),
        ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", "docProps/core.xml"),
        ("rId3", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties", "docProps/app.xml"),
        ("rId4", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties", "docProps/custom.xml"),
        ("rIdVetQAUI", REL_UI_EXTENSIBILITY, CUSTOMUI_PART),
    ]
    body = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{p}"/>' for i, t, p in rels)
    return (
        _XML_DECL
        + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + body
        + "</Relationships>"
    ).encode("utf-8")


def _content_types(template: bytes, parts: list[str]) -> bytes:
    from xml.etree import ElementTree as ET

    ns = "http://schemas.openxmlformats.org/package/2006/content-types"
    defaults = {"bin": "application/vnd.ms-office.vbaProject",
                "rels": "application/vnd.openxmlformats-package.relationships+xml",
                "xml": "application/xml"}
    overrides: dict[str, str] = {}
    for el in ET.fromstring(template):
        if el.tag == f"{{{ns}}}Override":
            overrides[el.get("PartName", "")] = el.get("ContentType", "")
    overrides["/xl/workbook.xml"] = CT_ADDIN_MAIN
    overrides["/docProps/custom.xml"] = CT_CUSTOM_PROPS
    overrides = {k: v for k, v in overrides.items() if k.lstrip("/") in parts}
    for part in parts:
        ext = part.rsplit(".", 1)[-1]
        if "/" + part not in overrides and ext not in defaults:
            raise AddinError(f"no content type for part {part}")
    body = "".join(f'<Default Extension="{e}" ContentType="{c}"/>' for e, c in sorted(defaults.items()))
    body += "".join(f'<Override PartName="{p}" ContentType="{c}"/>' for p, c in sorted(overrides.items()))
    return (_XML_DECL + f'<Types xmlns="{ns}">' + body + "</Types>").encode("utf-8")


def _core_xml(vetqa_version: str, xlwings_version: str) -> bytes:
    # Title/description are what Excel's Add-ins dialog shows.
    title = "VetQA ตรวจสอบ"
    desc = (f"เครื่องมือตรวจสอบรายงานความร่วมมือ (vetqa_xl {vetqa_version}, "
            f"xlwings {xlwings_version})")
    return (
        _XML_DECL
        + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_xml_escape(title)}</dc:title>"
        f"<dc:description>{_xml_escape(desc)}</dc:description>"
        "<dc:creator>vetqa_xl</dc:creator><cp:lastModifiedBy>vetqa_xl</cp:lastModifiedBy>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{_DOC_DATE}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{_DOC_DATE}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode("utf-8")


def _custom_xml(vetqa_version: str, xlwings_version: str) -> bytes:
    props = [("VetQA_AddinVersion", vetqa_version), ("VetQA_XlwingsVersion", xlwings_version)]
    return (_XML_DECL + custom_xml(props)).encode("utf-8")


def _write_zip(parts: dict[str, bytes], out: Path) -> None:
    """[Content_Types].xml first, the rest sorted; the add-in's own fixed date, system and
    compression (zipout). Written atomically: Excel opens every file in XLSTART, so no
    partial file may stay there."""
    order = ["[Content_Types].xml"] + sorted(p for p in parts if p != "[Content_Types].xml")
    data = zip_bytes(((name, parts[name]) for name in order), date_time=_ZIP_DATE_TIME,
                     compresslevel=9, system=MS_DOS)
    try:
        atomic_write_bytes(out, data)
    except PermissionError as exc:
        raise AddinError(read_problem("addin_cannot_write", target=out, reason=exc)) from exc


def build_addin(out: Path) -> Path:
    """Build ``vetqa_xl.xlam`` at ``out`` (a file path ending in ``.xlam``, or an
    existing directory to put ``vetqa_xl.xlam`` in) and return its path.

    Reproducible: the same vetqa_xl, xlwings and pyopenvba versions give the
    same bytes.
    """
    import tempfile

    out = Path(out)
    if out.is_dir():
        out = out / ADDIN_FILENAME
    if out.suffix.lower() != ".xlam":
        raise AddinError(read_problem("addin_suffix", out=out))
    xlwings_version, vetqa_version = _xlwings_version(), _package_version()
    sources = _vba_sources(xlwings_version, vetqa_version)
    ribbon = (_macros_dir() / RIBBON_FILENAME).read_bytes()
    _check_ribbon(ribbon, dict((n, s) for n, s, _ in sources)[VBA_MODULE])

    with tempfile.TemporaryDirectory(prefix="vetqa-addin-") as tmp:
        parts = _vba_project(sources, Path(tmp))

    template_ct = parts.pop("[Content_Types].xml")
    parts["_rels/.rels"] = _root_rels()
    parts["docProps/core.xml"] = _core_xml(vetqa_version, xlwings_version)
    parts["docProps/custom.xml"] = _custom_xml(vetqa_version, xlwings_version)
    parts[CUSTOMUI_PART] = ribbon
    parts["[Content_Types].xml"] = _content_types(template_ct, [p for p in parts if p != "[Content_Types].xml"])

    out.parent.mkdir(parents=True, exist_ok=True)
    _write_zip(parts, out)
    return out

