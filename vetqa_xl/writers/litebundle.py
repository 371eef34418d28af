"""main.py of the Lite copy: vetqa_xl carried inside it, and one ``@script`` per button.

The largest ``main.py`` in the public workbooks that xlwings Lite saved is about 100 KB, so ours
stays under that (``MAIN_PY_LIMIT``; the README states the size). Only the bundled copy is cut:

* the modules the Lite scripts never import are left out (``LEFT_OUT``), and the builder itself
  (``writers/lite.py`` and this module) is left out, and ``vetqa_xl/lite/__init__.py`` (its
  old import path) becomes empty;
* docstrings and comments go, and a module's ``if TYPE_CHECKING:`` blocks (they never run; an
  ``else`` stays): each module is parsed and written back with :func:`ast.unparse`;
* the modules travel as one zlib stream (one dictionary for all files, smaller than a zip of
  them) of ``{path: source}`` JSON, in base85 (5 characters for 4 bytes; base64 takes 6 for 4).

``main.py`` writes the files once into a folder of the temporary directory and imports from it:
plain files and ``zlib``, which every Pyodide has (``lzma`` is not in Pyodide by default).
"""
from __future__ import annotations

import ast
import base64
import hashlib
import json
import zlib
from importlib.metadata import version
from pathlib import Path

from ..version import __version__

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
MAIN_PY_LIMIT = 100_000  # bytes: the largest main.py among the public Lite workbooks (LITE.md)
# What the Lite scripts do not need: the CLI and its exit codes (failures.py), the COM add-in, the
# file reader (calamine) and its package vetting, the samples, the writers of mail, filled samples,
# a file's fixes (the button lists its changes with writers/changes.py), next year, the
# commission's consolidation, this builder, the sentences of those commands (core/commands.py)
# and what only a file's report needs (writers/atomic.py, writers/fitrows.py).
# Lite's scripts work on the live book: no file is read or written there.
# tests/test_lite_pyodide.py runs every script through Lite's own path.
LEFT_OUT = ("cli.py", "__main__.py", "console.py", "failures.py", "addin/", "macros/", "readers/calamine.py",
            "readers/errorcells.py", "readers/package.py", "readers/cellvalues.py", "readers/grid.py",
            "writers/fix.py", "samples/", "writers/charts.py", "writers/eml.py", "writers/export.py", "writers/fill.py",
            "writers/nextyear.py", "writers/template.py", "consolidate/", "writers/lite.py",
            "writers/litebundle.py", "core/commands.py", "writers/atomic.py",
            "writers/fitrows.py")
EMPTIED = ("lite/__init__.py",)  # imported on the way to lite/scripts.py: re-exports the builder
# The lines xlwings Lite writes at the top of every requirements.txt it saves (public Lite
# workbooks, LITE.md); python-dotenv as the newest of them pins it. Our pins follow.
LITE_REQUIRED = ("python-dotenv==1.1.1", "pyodide-http", "black")


def requirements() -> str:
    """requirements.txt of the Lite copy: Lite's own ``# required`` lines (xlwings at the version
    this vetqa_xl runs with), then what the embedded vetqa_xl needs besides (defusedxml)."""
    required = (f"xlwings=={version('xlwings')}",) + LITE_REQUIRED
    return "".join(f"{line}  # required\n" for line in required) + f"defusedxml=={version('defusedxml')}\n"


def _strip(source: str) -> str:
    """The module without docstrings, comments and the annotations of functions (of their
    arguments and results, and of the variables their body's own statements assign: nothing
    reads them at run time; a class's fields, which NamedTuple and dataclass read, stay), and
    without its ``if TYPE_CHECKING:`` blocks (an ``else`` in their place): the same code, as ast
    writes it back."""
    tree = ast.parse(source)
    tree.body = [kept for node in tree.body
                 for kept in (node.orelse if isinstance(node, ast.If) and _type_checking(node.test) else [node])]
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                node.body = body[1:] or [ast.Pass()]
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            node.returns = None
            for arg in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs,
                        node.args.vararg, node.args.kwarg):
                if arg is not None:
                    arg.annotation = None
            node.body = [_unannotated(statement) for statement in node.body]
    return ast.unparse(tree) + "\n"


def _type_checking(test: ast.expr) -> bool:
    """The test of ``if TYPE_CHECKING:`` (or ``typing.TYPE_CHECKING``): what only a type checker reads."""
    return isinstance(test, ast.Name) and test.id == "TYPE_CHECKING" \
        or isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def _unannotated(statement: ast.stmt) -> ast.stmt:
    """A function's ``name: T = value`` as ``name = value`` (``name: T`` alone does nothing)."""
    if not isinstance(statement, ast.AnnAssign):
        return statement
    if statement.value is None:
        return ast.Pass()
    return ast.Assign(targets=[statement.target], value=statement.value, lineno=statement.lineno)


def package_files() -> dict[str, str]:
    """{path: text} of what main.py carries: vetqa_xl's modules and data for the Lite scripts."""
    out = {}
    for path in sorted(p for p in PACKAGE_ROOT.rglob("*") if p.is_file() and p.suffix in (".py", ".json")
                       and "__pycache__" not in p.parts):
        rel = path.relative_to(PACKAGE_ROOT).as_posix()
        if any(rel == x or rel.startswith(x) for x in LEFT_OUT):
            continue
        text = path.read_text("utf-8")
        out["vetqa_xl/" + rel] = "" if rel in EMPTIED else _strip(text) if path.suffix == ".py" else text
    return out


def package_blob() -> bytes:
    """package_files() as compact JSON, zlib level 9 (the same files give the same bytes)."""
    text = json.dumps(package_files(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8"), 9)


MAIN_PY = '''\
"""VetQA ตรวจสอบ สำหรับ xlwings Lite — ปุ่มเดียวกับริบบอน โดยไม่ต้องติดตั้ง Python

เขียนโดยคำสั่ง `vetqa-xl lite` จาก vetqa_xl {version} (sha256 {digest})
อย่าแก้ไฟล์นี้: เมื่ออัปเกรด vetqa_xl ให้สร้างใหม่ด้วยคำสั่งเดิม
Written by `vetqa-xl lite`; do not edit, rebuild it after an upgrade.
"""
import base64
import json
import os
import sys
import tempfile
import zlib

import xlwings as xw
from xlwings import script

VETQA_VERSION = "{version}"
_VETQA = """
{chunks}
"""


def _load_vetqa():
    """Write vetqa_xl from _VETQA into a temporary folder once, import it from there."""
    folder = os.path.join(tempfile.gettempdir(), "vetqa_xl-{version}-{digest}")
    if not os.path.isdir(folder):
        files = json.loads(zlib.decompress(base64.b85decode("".join(_VETQA.split()))))
        part = f"{{folder}}.{{os.getpid()}}"
        for name, text in files.items():
            path = os.path.join(part, *name.split("/"))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        try:
            os.replace(part, folder)
        except OSError:  # written meanwhile by another run: use that one
            if not os.path.isdir(folder):
                raise
    for name in [m for m in sys.modules if m == "vetqa_xl" or m.startswith("vetqa_xl.")]:
        del sys.modules[name]
    sys.path[:] = [p for p in sys.path if "vetqa_xl-" not in p]
    sys.path.insert(0, folder)
    from vetqa_xl.lite import scripts

    return scripts


_vetqa = _load_vetqa()
print(_vetqa.VERSION_LINE)
{scripts}'''

# ASCII function names, Thai display names through name= (the way the Lite docs show).
SCRIPT = '''

@script(name="{name}")
def {function}(book: xw.Book):
    """{doc}"""
    _vetqa.{function}(book)
'''


def script_docs() -> dict[str, tuple[str, str]]:
    """{display name: (function name, docstring)} of scripts.SCRIPTS, read from the source of
    scripts.py: the builder is a writer, below the API the scripts import (no import runs up)."""
    tree = ast.parse((PACKAGE_ROOT / "lite" / "scripts.py").read_text("utf-8"))
    docs = {f.name: ast.get_docstring(f, clean=False) or "" for f in tree.body if isinstance(f, ast.FunctionDef)}
    table = next(n.value for n in tree.body if isinstance(n, ast.Assign)
                 and getattr(n.targets[0], "id", "") == "SCRIPTS")
    assert isinstance(table, ast.Dict)
    return {str(k.value): (v.id, docs[v.id]) for k, v in zip(table.keys, table.values)
            if isinstance(k, ast.Constant) and isinstance(v, ast.Name)}


def main_py() -> str:
    """main.py of the Lite copy: vetqa_xl embedded, one @script per button."""
    data = package_blob()
    text = base64.b85encode(data).decode("ascii")  # no quote and no backslash among its characters
    chunks = "\n".join(text[i:i + 120] for i in range(0, len(text), 120))
    scripts = "".join(SCRIPT.format(name=name, function=function, doc=doc.strip())
                      for name, (function, doc) in script_docs().items())
    return MAIN_PY.format(version=__version__, digest=hashlib.sha256(data).hexdigest()[:12],
                          chunks=chunks, scripts=scripts)
