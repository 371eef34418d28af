"""What the add-in's build and install share: its names, the ribbon, the errors, and the
version comparison that every ribbon click runs first (through ``vetqa_xl.excel.version_guard``,
which shows its message: the add-in package never imports the Excel layer)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import NamedTuple

from ..core.errors import UserError
from ..core.problems import read_problem

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
        raise AddinError(read_problem("addin_no_xlwings")) from exc


def _package_version() -> str:
    from ..version import __version__

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
        raise AddinVersionMismatch(read_problem("addin_mismatch", python=sys.executable, problems="; ".join(problems)))


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

