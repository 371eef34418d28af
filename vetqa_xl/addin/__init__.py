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
``vetqa_xl.excel.version_guard`` with those constants: :func:`check_addin_versions` raises
:class:`AddinVersionMismatch` when the Python side differs, and the Excel layer shows it.
"""
from __future__ import annotations

from .build import build_addin
from .install import (  # noqa: F401
                      LOADED,
                      RESTART,
                      START,
                      config_path,
                      default_addin_dir,
                      default_config_dir,
                      install_addin,
                      load_addin,
                      remove_addin,
                      write_xlwings_config,
)
from .versions import (
                      ADDIN_FILENAME,
                      CONFIG_FILENAME,
                      PROJECT_NAME,
                      RIBBON_BUTTON_IDS,
                      RIBBON_BUTTONS,
                      AddinError,
                      AddinVersionMismatch,
                      RibbonButton,
                      addin_versions,
                      check_addin_versions,
)

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
    "remove_addin",
    "write_xlwings_config",
]
