"""The release (tools/release.py, issue 20): it writes every file, twice the same bytes; the wheel
carries its metadata and sources; pip resolves the Windows installer's folder alone for CPython
3.11, 3.12 and 3.13; the .cmd files are what cmd.exe needs; the README's staff section names
only commands that exist. The release runs once for the module (about a minute: the build, and
the Windows wheels from PyPI or pip's cache) and once more for the reproducibility test."""
from __future__ import annotations

import email.parser
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from packaging.utils import parse_wheel_filename

from vetqa_xl.cli import main as cli
from vetqa_xl.version import __version__

from .conftest import ROOT
from .ooxml_check import problems

_spec = importlib.util.spec_from_file_location("release", ROOT / "tools" / "release.py")
release = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(release)

V = __version__
FOLDER = f"vetqa_xl-{V}-windows"
EXPECTED = {f"vetqa_xl-{V}-py3-none-any.whl", f"vetqa_xl-{V}.tar.gz", "vetqa_xl.xlam",
            "workbook_template.xlsx", "workbook_template-lite.xlsx", f"{FOLDER}.zip", "SHA256SUMS"}
INSTALLER = ROOT / "installer" / "windows"
CMD_FILES = ("install.cmd", "uninstall.cmd")


def _release(out: Path) -> Path:
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "release.py"), "--out", str(out)],
                          check=False, capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    return _release(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def unzipped(dist, tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(dist / f"{FOLDER}.zip") as z:
        z.extractall(dest)
    return dest / FOLDER


def _metadata(wheel: Path):
    with zipfile.ZipFile(wheel) as z:
        return email.parser.Parser().parsestr(z.read(f"vetqa_xl-{V}.dist-info/METADATA").decode("utf-8"))


# -- the files -----------------------------------------------------------------------------------

def test_the_release_writes_every_file_and_their_sums(dist):
    assert {p.name for p in dist.iterdir()} == EXPECTED
    sums = dict(reversed(line.split("  ")) for line in (dist / "SHA256SUMS").read_text().splitlines())
    assert set(sums) == EXPECTED - {"SHA256SUMS"}
    for name, digest in sums.items():
        assert hashlib.sha256((dist / name).read_bytes()).hexdigest() == digest, name


def test_two_runs_give_the_same_bytes(dist, tmp_path):
    again = _release(tmp_path / "again")
    assert (again / "SHA256SUMS").read_bytes() == (dist / "SHA256SUMS").read_bytes()


def test_the_sdist_is_dated_with_the_last_commit(dist):
    epoch = int(subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%ct"],
                               capture_output=True, text=True, check=True).stdout)
    with tarfile.open(dist / f"vetqa_xl-{V}.tar.gz") as tar:
        members = tar.getmembers()
    assert members and {m.mtime for m in members} == {epoch}
    raw = (dist / f"vetqa_xl-{V}.tar.gz").read_bytes()
    assert int.from_bytes(raw[4:8], "little") == epoch  # the gzip header's own time (RFC 1952)


def test_the_wheel_metadata_is_complete(dist):
    meta = _metadata(dist / f"vetqa_xl-{V}-py3-none-any.whl")
    assert meta["Name"] == "vetqa_xl" and meta["Version"] == V
    assert meta["Requires-Python"] == ">=3.11"
    assert meta["License-Expression"] == "BSD-3-Clause" and meta["License-File"] == "LICENSE"
    classifiers = meta.get_all("Classifier")
    for version in release.PYTHONS:
        assert f"Programming Language :: Python :: {version}" in classifiers
    assert "Natural Language :: Thai" in classifiers
    assert meta["Description-Content-Type"] == "text/markdown"
    readme = subprocess.run(["git", "-C", str(ROOT), "show", "HEAD:README.md"], capture_output=True,
                            check=True).stdout.decode("utf-8")  # the release is built from HEAD
    assert meta.get_payload() == readme
    assert "windows" in meta.get_all("Provides-Extra")
    windows = [r for r in meta.get_all("Requires-Dist") if 'extra == "windows"' in r]
    assert {r.split(">=")[0] for r in windows} == {"pywin32", "colorama"}


def test_the_wheel_and_sdist_carry_the_form_rubric_vba_and_ribbon(dist):
    needed = ["vetqa_xl/form.py", "vetqa_xl/writers/template.py", "vetqa_xl/core/rubric_default.json",
              "vetqa_xl/macros/VetQA.bas", "vetqa_xl/macros/customUI14.xml", "vetqa_xl/samples/college.json"]
    with zipfile.ZipFile(dist / f"vetqa_xl-{V}-py3-none-any.whl") as z:
        names = set(z.namelist())
    assert set(needed) <= names and f"vetqa_xl-{V}.dist-info/licenses/LICENSE" in names
    with tarfile.open(dist / f"vetqa_xl-{V}.tar.gz") as tar:
        in_sdist = {m.name.split("/", 1)[1] for m in tar.getmembers() if "/" in m.name}
    sdist_paths = [n.replace("vetqa_xl/macros/", "macros/") for n in needed]  # macros/ is at the top
    assert set(sdist_paths) | {"pyproject.toml", "README.md", "LICENSE"} <= in_sdist


def test_the_template_and_add_in_are_those_of_the_commit(dist, tmp_path):
    # the template test keeps workbook_template.xlsx equal to a fresh build; the add-in build is
    # reproducible, so the checkout's own build gives the same bytes
    assert (dist / "workbook_template.xlsx").read_bytes() == (ROOT / "workbook_template.xlsx").read_bytes()
    from vetqa_xl import api

    assert (dist / "vetqa_xl.xlam").read_bytes() == api.addin_build(tmp_path / "x.xlam").read_bytes()
    with zipfile.ZipFile(dist / "workbook_template-lite.xlsx") as z:
        extension = z.read("xl/webextensions/webextension1.xml").decode("utf-8")
    assert "main.py" in extension and "requirements.txt" in extension and V in extension
    assert problems(dist / "workbook_template.xlsx") == []
    # the web-extension parts have no schema here; tests/test_lite.py checks them on their own
    assert [p for p in problems(dist / "workbook_template-lite.xlsx") if not p.startswith("xl/webextensions/")] == []


# -- the Windows installer -----------------------------------------------------------------------

def test_the_installer_zip_is_one_folder_with_the_cmd_files_readme_and_wheels(dist, unzipped):
    with zipfile.ZipFile(dist / f"{FOLDER}.zip") as z:
        names = z.namelist()
        assert all(z.getinfo(n).flag_bits & 0x800 for n in names if not n.isascii())  # UTF-8 names
    assert {n.split("/")[0] for n in names} == {FOLDER}
    files = {p.name for p in unzipped.iterdir()}
    assert files == {"ติดตั้ง.cmd", "install.cmd", "ถอนการติดตั้ง.cmd", "uninstall.cmd", "อ่านก่อน.txt", "wheels"}
    for thai, ascii_name in (("ติดตั้ง.cmd", "install.cmd"), ("ถอนการติดตั้ง.cmd", "uninstall.cmd")):
        source = (INSTALLER / ascii_name).read_bytes()
        assert (unzipped / thai).read_bytes() == (unzipped / ascii_name).read_bytes() == source
    readme = (unzipped / "อ่านก่อน.txt").read_bytes()
    assert readme.startswith(b"\xef\xbb\xbf") and b"\n" not in readme.replace(b"\r\n", b"")
    text = readme.decode("utf-8-sig")
    assert "@VERSION@" not in text and f"vetqa_xl {V} " in text and FOLDER in text
    assert all(v in text for v in release.PYTHONS) and "ติดตั้ง.cmd" in text and "ถอนการติดตั้ง.cmd" in text


def test_every_wheel_is_for_windows_x64_and_each_python_has_its_own(unzipped):
    wheels = [parse_wheel_filename(p.name) for p in (unzipped / "wheels").iterdir()]
    assert {t.platform for *_, tags in wheels for t in tags} <= {"win_amd64", "any"}
    for version in release.PYTHONS:
        cp = "cp" + version.replace(".", "")
        for name in ("numpy", "pandas", "pywin32", "python-calamine", "xlwings"):
            assert any(n == name and any(t.interpreter == cp for t in tags) for n, _, _, tags in wheels), (name, cp)
    assert any(n == "vetqa-xl" for n, *_ in wheels)


@pytest.mark.parametrize("version", release.PYTHONS)
def test_pip_resolves_the_installer_folder_alone_for_windows(unzipped, tmp_path, version):
    wheels = unzipped / "wheels"
    # no pip configuration or PIP_* variable of this machine (its find-links, its indexes). pip
    # 23.2 checked Requires-Python against the running Python, not --python-version (pypa/pip
    # #12216: numpy for 3.12 "requires a different Python: 3.11"); .ci/run upgrades pip first.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")} | {"PIP_CONFIG_FILE": os.devnull}
    report = tmp_path / "report.json"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--no-index",
         "--find-links", str(wheels), "--platform", "win_amd64", "--python-version", version,
         "--only-binary=:all:", "--target", str(tmp_path / "t"), "--report", str(report),
         "--disable-pip-version-check", f"vetqa_xl[{release.EXTRA}]"],
        check=False, capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    installs = json.loads(report.read_text())["install"]
    names = {i["metadata"]["name"].lower() for i in installs}
    assert {"vetqa_xl", "xlwings", "pywin32", "colorama", "pandas", "numpy"} <= names
    assert all(Path(i["download_info"]["url"].removeprefix("file://")).parent == wheels for i in installs)


def test_markers_as_on_windows_find_what_a_linux_download_would_miss(unzipped, tmp_path):
    for version in release.PYTHONS:
        assert release.unmet_on_windows(unzipped / "wheels", version) == []
    partial = tmp_path / "wheels"
    shutil.copytree(unzipped / "wheels", partial, ignore=shutil.ignore_patterns("colorama-*"))
    # tqdm asks for colorama only where platform_system == "Windows"
    assert release.unmet_on_windows(partial, "3.12") == ["colorama", "colorama>=0.4.6"]
    assert release.unmet_on_windows(partial, "3.12", root="vetqa_xl") == ["colorama"]


# -- the .cmd files, from their text -------------------------------------------------------------

# Commands of Windows 10 itself (cmd.exe's own, chcp.com and where.exe in System32), the Python
# launcher that install.cmd looks for with `where py`, and the Python of the venv it creates.
WINDOWS_COMMANDS = {"echo", "set", "setlocal", "endlocal", "if", "for", "goto", "call", "exit", "pause",
                    "rmdir", "mkdir", "del", "chcp", "where", "py", '"%venv%\\scripts\\python.exe"'}
PATH_VARIABLES = ("%~dp0", "%VENV%", "%WHEELS%", "%ADDIN%", "%LOCALAPPDATA%", "%APPDATA%", "%USERPROFILE%")


def _split_first(text: str) -> tuple[str, str]:
    if text.startswith('"'):
        end = text.index('"', 1) + 1
        return text[:end], text[end:]
    word, _, rest = text.partition(" ")
    return word, rest


def _after_operator(rest: str) -> str | None:
    """What follows the first &&, || or & outside quotes."""
    quoted = False
    for i, ch in enumerate(rest):
        quoted ^= ch == '"'
        if not quoted and ch in "&|" and rest[i - 1:i] != ">":  # not the 2>&1 of a redirection
            return rest[i:].lstrip("&|")
    return None


def _commands(text: str):
    """The command words of one line of a batch file."""
    text = text.strip().lstrip("@").strip().lstrip("()").strip()
    if not text or text.startswith(":") or text.lower().startswith("rem "):
        return
    word, rest = _split_first(text)
    word = word.lower()
    if word.startswith("echo"):
        assert not re.search(r"[&|<>^%]", rest.replace("%PYVER%", "").replace('"%VENV%"', "")), \
            f"cmd.exe would not echo this as text: {text}"
        yield "echo"
        return
    yield word
    if word == "if":
        m = re.match(r'(/i\s+)?(not\s+)?(defined\s+\S+|exist\s+("[^"]*"|\S+)|errorlevel\s+\S+'
                     r'|("[^"]*"|\S+)==("[^"]*"|\S+))\s*(?P<then>.*)$', rest, re.IGNORECASE)
        assert m, text
        yield from _commands(m.group("then"))
        return
    if word == "for":
        m = re.match(r".*?\bin\s*\((.*?)\)\s*do\s+(.*)$", rest, re.IGNORECASE)
        assert m, text
        if m.group(1).startswith("'"):
            yield from _commands(m.group(1).strip("'"))
        yield from _commands(m.group(2))
        return
    after = _after_operator(rest)
    if after is not None:
        yield from _commands(after)


def test_the_command_reader_sees_through_if_and_for():
    assert list(_commands('if exist "%VENV%" rmdir /s /q "%VENV%"')) == ["if", "rmdir"]
    assert list(_commands("if not defined PYVER goto :nopython")) == ["if", "goto"]
    assert list(_commands('if not exist "%WHEELS%\\vetqa_xl-*.whl" goto :notunzipped')) == ["if", "goto"]
    assert list(_commands("for /f \"tokens=*\" %%A in ('chcp') do for %%B in (%%A) do set \"X=%%B\"")) \
        == ["for", "chcp", "for", "set"]
    assert list(_commands('    py -%%V -c "import sys" >nul 2>&1 && set "PYVER=%%V"')) == ["py", "set"]
    assert list(_commands("where py >nul 2>&1 || goto :nopython")) == ["where", "goto"]
    assert list(_commands("powershell -Command x")) == ["powershell"]  # would fail the test below


@pytest.mark.parametrize("name", CMD_FILES)
def test_cmd_file_is_utf8_without_bom_with_crlf(name):
    data = (INSTALLER / name).read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    data.decode("utf-8")
    assert b"\n" not in data.replace(b"\r\n", b"") and b"\r" not in data.replace(b"\r\n", b"")


@pytest.mark.parametrize("name", CMD_FILES)
def test_cmd_file_sets_the_code_page_before_any_thai_and_gives_it_back_after(name):
    lines = (INSTALLER / name).read_text("utf-8").splitlines()
    chcp = lines.index("chcp 65001 >nul")
    restore = lines.index("if defined OLDCP chcp %OLDCP% >nul")
    assert all(line.isascii() for line in lines[:chcp] + lines[restore:])
    assert any(not line.isascii() for line in lines[chcp:restore])


@pytest.mark.parametrize("name", CMD_FILES)
def test_cmd_file_quotes_every_path(name):
    for line in (INSTALLER / name).read_text("utf-8").splitlines():
        if line.lower().startswith("rem "):
            continue
        for var in PATH_VARIABLES:
            for m in re.finditer(re.escape(var), line):
                assert line[:m.start()].count('"') % 2 == 1, f"{var} unquoted: {line}"


@pytest.mark.parametrize("name", CMD_FILES)
def test_cmd_file_uses_only_windows_10_commands_and_its_own_labels(name):
    text = (INSTALLER / name).read_text("utf-8")
    used = {w for line in text.splitlines() for w in _commands(line)}
    assert used <= WINDOWS_COMMANDS, used - WINDOWS_COMMANDS
    labels = set(re.findall(r"^:(\w+)$", text, re.MULTILINE))
    assert set(re.findall(r"goto :(\w+)", text)) <= labels


def test_install_cmd_installs_offline_into_localappdata_then_the_add_in():
    text = (INSTALLER / "install.cmd").read_text("utf-8")
    assert 'set "VENV=%LOCALAPPDATA%\\vetqa_xl"' in text and 'set "WHEELS=%~dp0wheels"' in text
    assert "where py " in text and 'py -%PYVER%-64 -m venv "%VENV%"' in text
    pip = next(line for line in text.splitlines() if " -m pip install " in line)
    for part in ("--no-index", '--find-links "%WHEELS%"', "--only-binary=:all:", f'"vetqa_xl[{release.EXTRA}]"'):
        assert part in pip
    assert release.EXTRA in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert text.index(" -m pip install ") < text.index('"%VENV%\\Scripts\\python.exe" -m vetqa_xl addin install')
    for version in release.PYTHONS:
        assert "py -%%V-64 " in text and version in text.split("for %%V in (", 1)[1].split(")", 1)[0]


def test_uninstall_cmd_removes_the_add_in_then_the_venv():
    text = (INSTALLER / "uninstall.cmd").read_text("utf-8")
    assert text.index("-m vetqa_xl addin remove") < text.index('rmdir /s /q "%VENV%"')
    assert 'set "VENV=%LOCALAPPDATA%\\vetqa_xl"' in text


# -- the README's staff section ------------------------------------------------------------------

README = (ROOT / "README.md").read_text("utf-8")
STAFF = README.split("## สำหรับเจ้าหน้าที่ที่ใช้ Windows", 1)[1].split("\n## ", 1)[0]
VENV = "%LOCALAPPDATA%\\vetqa_xl"


def _cli_exists(args: list[str]) -> bool:
    """Whether the words lead to a vetqa-xl command (not a group), whose -h then answers."""
    command, path = cli, []
    for word in args:
        sub = getattr(command, "commands", {}).get(word)
        if sub is None:
            break
        command, path = sub, path + [word]
    return bool(path) and not hasattr(command, "commands") and \
        CliRunner().invoke(cli, [*path, "--help"]).exit_code == 0


def _check_command(span: str) -> None:
    words = span.split()
    first = words[0].strip('"')
    if first in ("vetqa-xl", f"{VENV}\\Scripts\\vetqa-xl", ".venv\\Scripts\\vetqa-xl"):
        assert _cli_exists(words[1:]), span
    elif words[:3] == ["py", "-m", "vetqa_xl"]:
        assert _cli_exists(words[3:]), span
    elif words[:3] == ["py", "-m", "venv"]:
        assert importlib.util.find_spec("venv"), span
    elif first in (f"{VENV}\\Scripts\\pip", ".venv\\Scripts\\pip"):
        # from the folder of wheels, a checkout, or the release's wheel: vetqa_xl is on no index
        assert words[1] == "install" and ("--no-index" in words or words[-1] == "."
                                          or re.fullmatch(r'"vetqa_xl-VERSION-py3-none-any\.whl\[\w+\]"', words[-1])), span
        for extra in re.findall(r"vetqa_xl\[(\w+)\]", span):
            assert extra in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    elif words[:3] == ["xlwings", "addin", "install"]:  # named as what not to run
        assert importlib.metadata.entry_points(group="console_scripts", name="xlwings")
    elif words[0] == "python" and words[1].endswith(".py"):  # a script of this repository
        assert (ROOT / words[1]).is_file(), span
    elif first == "Unblock-File":  # a PowerShell cmdlet of Windows itself
        assert "XLSTART\\vetqa_xl.xlam" in span
    else:
        pytest.fail(f"the README names a command this test does not know: {span}")


COMMAND_START = ("vetqa-xl", "py ", "pip ", "python ", "xlwings ", "Unblock-File", '"%', ".venv\\")


def test_the_staff_section_names_only_commands_and_files_that_exist(dist):
    spans = re.findall(r"`([^`\n]+)`", STAFF)
    with zipfile.ZipFile(dist / f"{FOLDER}.zip") as z:
        shipped = {n.split("/")[1] for n in z.namelist()}
    commands = [s for s in spans if s.startswith(COMMAND_START)]
    assert len(commands) >= 8
    for span in commands:
        for part in span.split(" && "):
            _check_command(part)
    for span in spans:
        if span.endswith((".cmd", ".txt")):
            assert span in shipped, span
    assert "ติดตั้ง.cmd" in STAFF and "vetqa_xl-VERSION-windows.zip" in STAFF


def test_the_windows_command_1_is_beside_the_posix_one_which_is_unchanged():
    assert README.split("```bash", 1)[1].split("```", 1)[0].splitlines()[2] == \
        "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/vetqa-xl demo"
    line = next(s for s in re.findall(r"`([^`\n]+)`", README) if s.startswith("py -m venv .venv"))
    for part in line.split(" && "):
        _check_command(part)


def test_the_readme_installs_from_no_index_until_vetqa_xl_is_published():
    # vetqa_xl is on no index yet: `pip install vetqa_xl` answers "No matching distribution found"
    assert not re.search(r"pip install (--upgrade )?vetqa_xl\b", README)
