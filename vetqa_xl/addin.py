"""Build, install and remove the VetQA Excel add-in (``vetqa_xl.xlam``).

The add-in is an xlwings *custom add-in*: its VBA project holds

* ``xlwings``   -- xlwings' own VBA (``xlwings_custom_addin.bas`` from the
  installed xlwings package, the module ``xlwings copy vba --addin`` gives),
  with ``PROJECT_NAME`` set to ``vetqa_xl``;
* ``Dictionary`` -- the class xlwings' VBA needs on macOS (``xlwings/addin``);
* ``VetQA``      -- our ribbon callback (``macros/VetQA.bas``),

and a ribbon (``macros/customUI14.xml``) whose buttons all call
``VetQA_OnAction``, which runs ``vetqa_xl.excel.on_ribbon(control_id)`` in
Python through xlwings' ``RunPython``.

Everything is built on Linux without Excel: pyopenvba writes the VBA project,
and the OOXML package is zipped here with fixed timestamps and a fixed part
order, so two builds from the same inputs are byte-identical.

Version handshake: the build bakes the vetqa_xl and xlwings versions into the
VBA (``VETQA_ADDIN_VERSION``, ``VETQA_XLWINGS_VERSION``) and into
``docProps/custom.xml``.  Every ribbon click first runs
:func:`check_addin_versions` with those constants, which raises
:class:`AddinVersionMismatch` when the Python side differs.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import NamedTuple

from .core.errors import UserError

__all__ = [
    "ADDIN_FILENAME",
    "AddinError",
    "AddinVersionMismatch",
    "CONFIG_FILENAME",
    "PROJECT_NAME",
    "RIBBON_BUTTONS",
    "RIBBON_BUTTON_IDS",
    "RibbonButton",
    "addin_versions",
    "build_addin",
    "check_addin_versions",
    "config_path",
    "default_addin_dir",
    "default_config_dir",
    "install_addin",
    "load_addin",
    "version_guard",
    "remove_addin",
    "write_xlwings_config",
]

ADDIN_FILENAME = "vetqa_xl.xlam"
#: xlwings ``PROJECT_NAME`` of the custom add-in.  xlwings' VBA reads its
#: settings from ``%USERPROFILE%\.<PROJECT_NAME>\<PROJECT_NAME>.conf``.
PROJECT_NAME = "vetqa_xl"
CONFIG_FILENAME = PROJECT_NAME + ".conf"

VBA_MODULE = "VetQA"
RIBBON_CALLBACK = "VetQA_OnAction"
RIBBON_FILENAME = "customUI14.xml"
CUSTOMUI_PART = "customUI/customUI14.xml"

NS_CUSTOMUI = "http://schemas.microsoft.com/office/2009/07/customui"
REL_UI_EXTENSIBILITY = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
CT_ADDIN_MAIN = "application/vnd.ms-excel.addin.macroEnabled.main+xml"


class RibbonButton(NamedTuple):
    id: str
    label: str
    image_mso: str


#: The ribbon's buttons, in ribbon order.  ``id`` is what
#: ``vetqa_xl.excel.on_ribbon`` receives.  Must match macros/customUI14.xml
#: (checked at build time and by the tests).
RIBBON_BUTTONS: tuple[RibbonButton, ...] = (
    RibbonButton("btnCheck", "ตรวจสอบข้อมูล", "DataValidation"),
    RibbonButton("btnSummary", "สร้างสรุป", "AutoSum"),
    RibbonButton("btnExport", "ส่งออกไฟล์สำหรับส่งอีเมล", "FileSendAsAttachment"),
    RibbonButton("btnClearHighlights", "ล้างไฮไลต์", "ClearFormats"),
    RibbonButton("btnFix", "แก้ไขอัตโนมัติ", "Spelling"),
    RibbonButton("btnHelp", "วิธีใช้", "Help"),
)
RIBBON_BUTTON_IDS: tuple[str, ...] = tuple(b.id for b in RIBBON_BUTTONS)
RIBBON_TAB_LABEL = "VetQA ตรวจสอบ"

# Fixed metadata so that builds are reproducible.
_ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)
_DOC_DATE = "2000-01-01T00:00:00Z"


class AddinError(UserError, RuntimeError):
    """Building, installing or removing the add-in failed."""


class AddinVersionMismatch(AddinError):
    """The installed add-in was built for other vetqa_xl/xlwings versions."""


# ---------------------------------------------------------------------------
# versions
# ---------------------------------------------------------------------------


def _xlwings_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("xlwings")
    except metadata.PackageNotFoundError as exc:  # pragma: no cover - dependency
        raise AddinError("xlwings is not installed: pip install xlwings") from exc


def _package_version() -> str:
    from .version import __version__

    return __version__


def check_addin_versions(xlwings_version: str, vetqa_version: str) -> None:
    """Raise :class:`AddinVersionMismatch` unless the versions baked into the
    add-in equal the installed xlwings and vetqa_xl versions.

    Called from the add-in's VBA before every ribbon action (see
    macros/VetQA.bas); the message ends up in xlwings' error popup.
    """
    have_xw, have_vq = _xlwings_version(), _package_version()
    problems = []
    if xlwings_version != have_xw:
        problems.append(f"xlwings: add-in {xlwings_version}, Python {have_xw}")
    if vetqa_version != have_vq:
        problems.append(f"vetqa_xl: add-in {vetqa_version}, Python {have_vq}")
    if problems:
        raise AddinVersionMismatch(
            "The VetQA add-in does not match this Python ("
            + sys.executable
            + "): "
            + "; ".join(problems)
            + ". Rebuild and reinstall it with: vetqa-xl addin install"
            + " | Add-in VetQA ไม่ตรงกับเวอร์ชันของ Python"
            " กรุณาติดตั้งใหม่ด้วยคำสั่ง vetqa-xl addin install แล้วเปิด Excel ใหม่"
        )


def version_guard(xlwings_version: str, vetqa_version: str) -> None:
    """What the add-in runs before every button: on a version mismatch, a Thai and English
    message box (Unicode, from Python) and a quiet stop, instead of xlwings' traceback popup
    (whose VBA MsgBox turns Thai into ????)."""
    try:
        check_addin_versions(xlwings_version, vetqa_version)
    except AddinVersionMismatch as exc:
        from .excel import message_box

        message_box(str(exc))
        raise SystemExit(0) from None  # exit code 0: xlwings shows no second popup


def addin_versions(path: Path) -> dict[str, str]:
    """Versions recorded in a built add-in (its ``docProps/custom.xml``):
    ``{"vetqa_xl": ..., "xlwings": ...}``."""
    import zipfile
    from xml.etree import ElementTree as ET

    with zipfile.ZipFile(path) as zf:
        root = ET.fromstring(zf.read("docProps/custom.xml"))
    out: dict[str, str] = {}
    for prop in root:
        name = prop.get("name", "")
        if name.startswith("VetQA_") and len(prop):
            out[_CUSTOM_PROPS.get(name, name)] = prop[0].text or ""
    return out


_CUSTOM_PROPS = {"VetQA_AddinVersion": "vetqa_xl", "VetQA_XlwingsVersion": "xlwings"}


# ---------------------------------------------------------------------------
# sources
# ---------------------------------------------------------------------------


def _macros_dir() -> Path:
    here = Path(__file__).resolve().parent
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
        raise AddinError("xlwings is not installed: pip install xlwings")
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
    overrides["/docProps/custom.xml"] = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
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
    fmtid = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
    props = [("VetQA_AddinVersion", vetqa_version), ("VetQA_XlwingsVersion", xlwings_version)]
    body = "".join(
        f'<property fmtid="{fmtid}" pid="{pid}" name="{name}"><vt:lpwstr>{_xml_escape(value)}</vt:lpwstr></property>'
        for pid, (name, value) in enumerate(props, start=2)
    )
    return (
        _XML_DECL
        + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"'
        ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        + body
        + "</Properties>"
    ).encode("utf-8")


def _write_zip(parts: dict[str, bytes], out: Path) -> None:
    """Deterministic zip: [Content_Types].xml first, the rest sorted; fixed
    timestamps, attributes and compression."""
    import zipfile

    order = ["[Content_Types].xml"] + sorted(p for p in parts if p != "[Content_Types].xml")
    # Written beside `out`, then renamed: Excel opens every file in XLSTART,
    # so no partial file may stay there.
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        with zipfile.ZipFile(tmp, "w") as zf:
            for name in order:
                info = zipfile.ZipInfo(name, date_time=_ZIP_DATE_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 0
                info.create_version = 20
                info.extract_version = 20
                info.external_attr = 0
                zf.writestr(info, parts[name], compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
        os.replace(tmp, out)
    except PermissionError as exc:
        raise AddinError(f"cannot write {out} (is it open in Excel? close Excel and retry): {exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)


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
        raise AddinError(f"{out}: the add-in file name must end in .xlam")
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


# ---------------------------------------------------------------------------
# install / remove
# ---------------------------------------------------------------------------


def default_addin_dir() -> Path:
    """Excel's per-user XLSTART folder on Windows; elsewhere there is no
    default and a directory must be given."""
    if sys.platform == "win32":
        appdata = os.environ.get("APPDATA")
        if not appdata:
            raise AddinError("APPDATA is not set; pass the XLSTART folder explicitly")
        return Path(appdata) / "Microsoft" / "Excel" / "XLSTART"
    raise AddinError(
        "Excel's XLSTART folder is only known on Windows; pass the folder explicitly "
        "(macOS: ~/Library/Group Containers/UBF8T346G9.Office/User Content/Startup/Excel)"
    )


def default_config_dir() -> Path:
    """Where xlwings' VBA (PROJECT_NAME "vetqa_xl") looks for vetqa_xl.conf."""
    if sys.platform == "win32":
        return Path(os.environ.get("USERPROFILE") or Path.home()) / f".{PROJECT_NAME}"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Containers" / "com.microsoft.Excel" / "Data"
    return Path.home() / f".{PROJECT_NAME}"


def config_path(config_dir: Path | None = None) -> Path:
    return Path(config_dir or default_config_dir()) / CONFIG_FILENAME


def _conda_settings() -> tuple[str | None, str | None]:
    # as xlwings.cli.get_conda_settings
    env, exe = os.getenv("CONDA_DEFAULT_ENV"), os.getenv("CONDA_EXE")
    if env and exe:
        return os.path.sep.join(exe.split(os.path.sep)[:-2]), env
    return None, None


def _importable_without_pythonpath() -> bool:
    """Whether this Python finds this vetqa_xl with no PYTHONPATH, started from another
    folder (as xlwings starts it): true for a normal or editable install."""
    import subprocess
    import tempfile

    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    code = "import vetqa_xl, sys; sys.stdout.write(vetqa_xl.__file__)"
    with tempfile.TemporaryDirectory() as cwd:
        try:
            found = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True,
                                   text=True, timeout=60)
        except (OSError, subprocess.SubprocessError):
            return False
    here = Path(__file__).resolve().parent / "__init__.py"
    return found.returncode == 0 and Path(found.stdout.strip()).resolve() == here


def _config_settings() -> list[tuple[str, str]]:
    """What `xlwings config create` writes (the interpreter), and:

    * ``ADD_WORKBOOK_TO_PYTHONPATH`` False: the buttons import nothing from the workbook's
      folder, so xlwings need not map a OneDrive/SharePoint (https) FullName to a local
      folder, which fails for many such workbooks before any code runs, and a stray
      ``email.py`` beside the workbook cannot shadow the standard library;
    * ``PYTHONPATH`` only when this Python cannot import vetqa_xl without it (a source
      checkout run in place); a normal install needs none."""
    settings: list[tuple[str, str]] = []
    conda_path, conda_env = _conda_settings()
    if conda_path and sys.platform == "win32":
        settings += [("CONDA PATH", conda_path), ("CONDA ENV", conda_env or "")]
    else:
        ext = "MAC" if sys.platform == "darwin" else "WIN"
        settings.append((f"INTERPRETER_{ext}", sys.executable))
    settings.append(("ADD_WORKBOOK_TO_PYTHONPATH", "False"))
    if not _importable_without_pythonpath():
        settings.append(("PYTHONPATH", str(Path(__file__).resolve().parent.parent)))
    return settings


_MANAGED_KEYS = {"INTERPRETER_WIN", "INTERPRETER_MAC", "CONDA PATH", "CONDA ENV", "PYTHONPATH",
                 "ADD_WORKBOOK_TO_PYTHONPATH"}


def write_xlwings_config(config_dir: Path | None = None) -> Path:
    """Write the interpreter settings for the current Python into
    ``<config_dir>/vetqa_xl.conf`` (xlwings.conf format: ``"KEY","VALUE"``
    lines), keeping any other keys already there.  Returns the file path."""
    import locale

    path = config_path(config_dir)
    # xlwings' VBA reads the file with `Open ... For Input` (ANSI), and
    # xlwings writes it in the locale encoding; do the same.
    encoding = locale.getpreferredencoding(False)
    kept: list[str] = []
    if path.exists():
        for line in path.read_text(encoding=encoding, errors="replace").splitlines():
            key = line.split(",", 1)[0].strip().strip('"').upper()
            if line.strip() and key not in _MANAGED_KEYS:
                kept.append(line)
    for key, value in _config_settings():
        if '"' in value:
            raise AddinError(f"{key} contains a double quote, which xlwings.conf cannot hold: {value}")
        kept.append(f'"{key}","{value}"')
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        path.write_text("".join(line + "\n" for line in kept), encoding=encoding)
    except UnicodeEncodeError as exc:
        raise AddinError(
            f"cannot write {path} in the {encoding} code page xlwings' VBA reads: {exc}"
        ) from exc
    return path


def _runpython_install() -> None:
    """macOS: xlwings' RunPython needs its AppleScript (as `xlwings runpython install`)."""
    import shutil

    dest = Path.home() / "Library" / "Application Scripts" / "com.microsoft.Excel"
    dest.mkdir(parents=True, exist_ok=True)
    script = _xlwings_dir() / f"xlwings-{_xlwings_version()}.applescript"
    shutil.copy(script, dest)


def install_addin(dir: Path | None = None, config_dir: Path | None = None, *, source: Path | None = None) -> Path:
    """Put the add-in into Excel's XLSTART folder ``dir`` (default: the
    per-user XLSTART on Windows; required elsewhere) and write the xlwings
    settings for this Python into ``config_dir`` (default
    :func:`default_config_dir`).  ``source`` installs an already built
    add-in; by default a fresh one is built.  Returns the installed path."""
    import shutil
    import tempfile

    target_dir = Path(dir) if dir is not None else default_addin_dir()
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / ADDIN_FILENAME
    if source is None:
        build_addin(target)
    else:
        with tempfile.NamedTemporaryFile(dir=target_dir, prefix=".vetqa-", suffix=".tmp", delete=False) as fh:
            tmp = Path(fh.name)
        try:
            shutil.copyfile(source, tmp)
            os.replace(tmp, target)
        except PermissionError as exc:
            raise AddinError(f"cannot replace {target} (close Excel and retry): {exc}") from exc
        finally:
            tmp.unlink(missing_ok=True)
    write_xlwings_config(config_dir)
    if sys.platform == "darwin":
        _runpython_install()
    return target


def remove_addin(dir: Path | None = None) -> bool:
    """Delete the add-in from the XLSTART folder ``dir``; True if it was
    there.  The settings file is left in place (it may hold user keys)."""
    target = (Path(dir) if dir is not None else default_addin_dir()) / ADDIN_FILENAME
    try:
        target.unlink()
    except FileNotFoundError:
        return False
    except PermissionError as exc:
        raise AddinError(f"cannot remove {target} (close Excel and retry): {exc}") from exc
    return True


LOADED = ("โหลด add-in เข้า Excel ที่เปิดอยู่แล้ว แท็บ VetQA ตรวจสอบ อยู่บนริบบอน\n"
          "The add-in is loaded into the running Excel: the VetQA ตรวจสอบ tab is on the ribbon.")
START = ("เปิด Excel แล้วจะเห็นแท็บ VetQA ตรวจสอบ บนริบบอน\n"
         "Start Excel: the ribbon will have the VetQA ตรวจสอบ tab.")
RESTART = ("ปิด Excel ทุกหน้าต่างแล้วเปิดใหม่ จึงจะเห็นแท็บ VetQA ตรวจสอบ บนริบบอน\n"
           "Close every Excel window and start Excel again to see the VetQA ตรวจสอบ tab.")


def load_addin(path: Path) -> str:
    """Open the installed add-in in a running Excel through xlwings (Windows), so its tab
    appears without a restart; what the user must do, in Thai and English."""
    if sys.platform != "win32":
        return RESTART
    try:
        import xlwings as xw

        if not xw.apps.count:
            return START
        xw.apps.active.api.Workbooks.Open(str(path))
    except Exception:  # Excel busy (a cell in edit mode), a dialog open, no COM access...
        return RESTART
    return LOADED
