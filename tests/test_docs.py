"""Docs that cannot drift: every CLI command and option is in the README's reference ("Using it"),
every public name of vetqa_xl has a docstring, and the README's Python example runs on the
sample college with the values its comments show."""
from __future__ import annotations

import ast
import inspect
import re

import click
import pytest

import vetqa_xl
from vetqa_xl.cli import main

from .conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")
USING = README.split("## Using it", 1)[1].split("\n## ", 1)[0]
REFERENCE = USING.split("```text", 1)[1].split("```", 1)[0]


def _commands(group: click.Group, prefix: str = ""):
    for name, cmd in group.commands.items():
        path = f"{prefix}{name}"
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, path + " ")
        else:
            yield path, cmd


COMMANDS = dict(_commands(main))


def _reference_line(path: str) -> str:
    head, _, sub = path.partition(" ")
    for line in REFERENCE.splitlines():
        if line.startswith(f"vetqa-xl {head} ") or line == f"vetqa-xl {head}":
            if not sub:
                return line
            part = next((p for p in re.split(r"\s\|\s", line.removeprefix(f"vetqa-xl {head} "))
                         if p.split()[0] == sub), None)
            if part is not None:
                return part
    return ""


def test_the_reference_is_found():
    assert len(COMMANDS) >= 12 and "addin build" in COMMANDS and "check" in COMMANDS


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_every_command_and_option_is_in_the_readme_reference(path):
    line = _reference_line(path)
    assert line, f"vetqa-xl {path} is not in the README's Using it reference"
    for param in COMMANDS[path].params:
        if isinstance(param, click.Option) and "--help" not in param.opts:
            assert any(re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", line) for o in param.opts), \
                f"{path}: {'/'.join(param.opts)} is missing from its README line: {line}"


def test_the_reference_names_no_option_the_cli_lacks():
    for path, cmd in COMMANDS.items():
        known = {o for p in cmd.params if isinstance(p, click.Option) for o in p.opts}
        for opt in re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", _reference_line(path)):
            assert opt in known, f"{path}: the README names {opt}, which the CLI does not have"


@pytest.mark.parametrize("name", [n for n in vetqa_xl.__all__ if n != "__version__"])
def test_every_public_name_has_a_docstring(name):
    obj = getattr(vetqa_xl, name)
    own = obj if inspect.isclass(obj) or callable(obj) else type(obj)
    assert (own.__doc__ or "").strip(), name
    if inspect.isclass(own):  # its own, not one inherited from Exception or object
        assert "__doc__" in vars(own) and own.__doc__ != Exception.__doc__, name


def _python_example() -> str:
    return USING.split("```python", 1)[1].split("```", 1)[0]


def test_the_readme_api_example_runs_and_shows_true_values(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    vetqa_xl.fill_sample(tmp_path / "college.xlsx", "college")
    scope: dict = {}
    checked = 0
    for line in _python_example().splitlines():
        code, _, comment = line.partition("  # ")
        if not code.strip():
            continue
        if code.strip().startswith(("import ", "report =")) or "=" in code.split("(")[0]:
            exec(code, scope)
            continue
        value = eval(code, scope)
        for text in (comment.strip(), comment.split(":", 1)[0].strip()):
            try:
                expected = ast.literal_eval(text)
            except (ValueError, SyntaxError):
                continue
            assert value == expected, (code, value, expected)
            checked += 1
            break
    assert checked >= 2  # valid and expert_ratio
    assert (tmp_path / "แบบฟอร์ม.xlsx").is_file()


# --- issue 22: the README and docs/form.md say what the code does -------------------------------

def _tracked_top_level() -> set[str]:
    return {p.name for p in ROOT.iterdir()} - {".git", ".venv"}


def _ignored() -> list[str]:
    lines = (ROOT / ".gitignore").read_text("utf-8").splitlines()
    return [line.strip("/") for line in lines if line.strip() and "*" not in line]


def readme_paths() -> list[str]:
    """Every repository path the README names: in `code` or as a link target, whole or as one
    word of a command; relative to the repository, or to vetqa_xl/ for its subpackages
    (`writers/styles.py`). Paths the commands or the benchmark create (.gitignore) are left out."""
    packages = {p.name for p in (ROOT / "vetqa_xl").iterdir() if p.is_dir() and p.name != "__pycache__"}
    found = []
    for chunk in re.findall(r"`([^`\n]+)`", README) + re.findall(r"\]\(([^)\s]+)\)", README):
        for word in chunk.split():
            path = word.strip("()[],;'\"").split(":")[0].split("#")[0]
            first = path.split("/")[0]
            if "/" not in path or any(path.strip("/").startswith(i) for i in _ignored()):
                continue
            if first in _tracked_top_level():
                found.append(path)
            elif first in packages:
                found.append("vetqa_xl/" + path)
    return sorted(set(found))


def test_the_readme_names_paths_in_its_own_words():
    paths = readme_paths()
    assert {"docs/form.md", "vetqa_xl/excel/", "tests/comfake.py", "vetqa_xl/writers/styles.py"} <= set(paths)


@pytest.mark.parametrize("path", readme_paths())
def test_every_path_the_readme_names_exists(path):
    assert (ROOT / path).exists(), f"the README names {path}, which is not in the repository"


def test_the_docs_say_which_be_date_is_a_warning_and_which_a_note():
    """A date cell holding a พ.ศ. year is W_BE_DATE (a warning: Excel reads its year as ค.ศ.);
    the same date typed as text is I_BE_DATE (a note). The README and docs/form.md say so."""
    import datetime as dt

    from tests.helpers import base, ir_of

    data = base()
    first, second = data["3 กิจกรรม"][0], data["3 กิจกรรม"][1]
    first["วันที่เริ่ม"] = dt.datetime(2568, 11, 1)  # a date cell, year 2568 (as typed into Excel)
    second["วันที่เริ่ม"] = "1/11/2568"  # text
    found = {(f.code, f.severity) for f in vetqa_xl.check(ir_of(data)).findings}
    assert found == {("W_BE_DATE", "warning"), ("I_BE_DATE", "info")}
    dates = README.split("- **Dates.**", 1)[1].split("\n- ", 1)[0]
    assert re.search(r"date\s+\*cell\*[^.]*\bwarning \(`W_BE_DATE`", dates)
    assert re.search(r"typed as text with a พ.ศ. year \(.*?\) is read as its ค.ศ. date with an "
                     r"info note \(`I_BE_DATE`\)", dates, re.DOTALL)
    form = (ROOT / "docs/form.md").read_text("utf-8")
    checked = form.split("## 4.", 1)[1].split("\n## ", 1)[0]
    assert re.search(r"date cell holding a พ.ศ. year is\s+the warning `W_BE_DATE`", checked)
    assert re.search(r"info note, `I_BE_DATE`", checked)
