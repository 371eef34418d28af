#!/usr/bin/env python3
"""Make every release file of vetqa_xl from the last commit, for maintainers (users never run it).

    .venv/bin/python tools/release.py --out dist/        (needs the 'release' extra and git)

Writes into OUT:

* ``vetqa_xl-V-py3-none-any.whl`` and ``vetqa_xl-V.tar.gz``: ``python -m build`` of a clean copy
  of HEAD (``git archive``), both passing ``twine check --strict``;
* ``vetqa_xl.xlam``, ``workbook_template.xlsx`` and ``workbook_template-lite.xlsx``, made by the
  package inside that wheel (so the wheel is shown to carry the form, the VBA and the ribbon);
* ``vetqa_xl-V-windows.zip``: the offline Windows installer, one folder ``vetqa_xl-V-windows/``
  with installer/windows/ (each .cmd under its Thai and its ASCII name, อ่านก่อน.txt) and
  ``wheels/``: this wheel and every dependency's wheel for Windows x64 and CPython 3.11, 3.12 and
  3.13, downloaded by ``pip download --platform win_amd64`` (PyPI, or pip's cache);
* ``SHA256SUMS`` of all of them.

Reproducible: every date is the last commit's (``SOURCE_DATE_EPOCH``), so two runs of one
commit give the same bytes as long as PyPI offers the same dependency versions. setuptools
stamps its sdist with the build's clock (tar entries and the gzip header, and it ignores
``SOURCE_DATE_EPOCH``): the sdist is packed again with the commit's time, its files unchanged.
"""
from __future__ import annotations

import argparse
import email.parser
import functools
import gzip
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path
from typing import BinaryIO

from packaging.requirements import Requirement
from packaging.tags import compatible_tags, cpython_tags
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's vetqa_xl, also where it is not installed
from vetqa_xl.writers.zipout import Content, write_zip  # noqa: E402  (after the sys.path line)

PYTHONS = ("3.11", "3.12", "3.13")
EXTRA = "windows"  # pyproject.toml: what Windows needs beyond the markers pip sees on Linux
INSTALLER = ROOT / "installer" / "windows"
# (name in the installer folder, source in installer/windows): each .cmd twice, Thai and ASCII,
# since an unzip tool that ignores the zip's UTF-8 flag garbles the Thai names.
INSTALLER_FILES = (("ติดตั้ง.cmd", "install.cmd"), ("install.cmd", "install.cmd"),
                   ("ถอนการติดตั้ง.cmd", "uninstall.cmd"), ("uninstall.cmd", "uninstall.cmd"),
                   ("อ่านก่อน.txt", "อ่านก่อน.txt"))
# Builds the three files from the wheel's package (sys.path[0]), with the commit's code.
MAKE_FILES = """\
import sys
from vetqa_xl import api
assert api.__file__.startswith(sys.argv[1]), api.__file__
api.build_template(sys.argv[2] + "/workbook_template.xlsx")
api.addin_build(sys.argv[2] + "/vetqa_xl.xlam")
api.lite(None, sys.argv[2] + "/workbook_template-lite.xlsx")
"""


class ReleaseError(Exception):
    """A step of the release failed; the message says which."""


def run(*cmd: str | Path, cwd: Path | None = None, env: dict | None = None) -> str:
    proc = subprocess.run([str(c) for c in cmd], check=False, cwd=cwd, env=env, capture_output=True, text=True)
    if proc.returncode:
        raise ReleaseError(f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n"
                           f"{proc.stdout}{proc.stderr}")
    return proc.stdout


def commit_epoch() -> int:
    if run("git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no").strip():
        print("note: uncommitted changes are not in the release (it is built from HEAD)", file=sys.stderr)
    return int(run("git", "-C", ROOT, "log", "-1", "--format=%ct").strip())


def checkout(dest: Path) -> Path:
    """A clean copy of HEAD: only committed files, each dated with the commit."""
    archive = dest.with_suffix(".tar")
    run("git", "-C", ROOT, "archive", "--format=tar", "-o", archive, "HEAD")
    with tarfile.open(archive) as tar:
        tar.extractall(dest, filter="data")
    archive.unlink()
    return dest


def repack_sdist(path: Path, epoch: int) -> None:
    """The same files, with the commit's time, root's ids and a gzip header with no clock or name."""
    with tarfile.open(path) as src:
        members = [(m, src.extractfile(m).read() if m.isfile() else None)  # type: ignore[union-attr]
                   for m in src.getmembers()]
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as out:
        for member, data in members:
            member.mtime, member.uid, member.gid, member.uname, member.gname = epoch, 0, 0, "root", "root"
            member.pax_headers = {}
            out.addfile(member, io.BytesIO(data) if data is not None else None)
    with path.open("wb") as fh, gzip.GzipFile(filename="", mode="wb", fileobj=fh, mtime=epoch) as gz:
        gz.write(raw.getvalue())


def build_package(src: Path, out: Path, env: dict) -> tuple[Path, Path]:
    run(sys.executable, "-m", "build", "--outdir", out, src, env=env)
    wheel, = out.glob("vetqa_xl-*.whl")
    sdist, = out.glob("vetqa_xl-*.tar.gz")
    repack_sdist(sdist, int(env["SOURCE_DATE_EPOCH"]))
    run(sys.executable, "-m", "twine", "check", "--strict", wheel, sdist)
    return wheel, sdist


def make_files(wheel: Path, out: Path, work: Path, env: dict) -> None:
    """The add-in and both templates, made by the package as installed from ``wheel``."""
    unpacked = work / "wheel"
    with zipfile.ZipFile(wheel) as z:
        z.extractall(unpacked)
    run(sys.executable, "-c", MAKE_FILES, unpacked, out, cwd=work,
        env={**env, "PYTHONPATH": str(unpacked), "PYTHONSAFEPATH": "1"})


def download_wheels(wheel: Path, dest: Path) -> list[Path]:
    """Our wheel and every dependency's, for Windows x64, for each Python of PYTHONS."""
    dest.mkdir(parents=True, exist_ok=True)
    for version in PYTHONS:
        run(sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
            "--only-binary=:all:", "--platform", "win_amd64", "--python-version", version,
            "--dest", dest, f"{wheel}[{EXTRA}]")
    missing = [f"Python {v}: {need}" for v in PYTHONS for need in unmet_on_windows(dest, v)]
    if missing:
        raise ReleaseError("the Windows wheels lack what Windows markers ask for; add it to the "
                           f"'{EXTRA}' extra of pyproject.toml:\n  " + "\n  ".join(missing))
    return sorted(dest.iterdir())


def windows_environment(version: str) -> dict[str, str]:
    """PEP 508 marker values of 64-bit CPython ``version`` on Windows."""
    return {"os_name": "nt", "sys_platform": "win32", "platform_system": "Windows",
            "platform_machine": "AMD64", "platform_release": "10", "platform_version": "10.0",
            "implementation_name": "cpython", "platform_python_implementation": "CPython",
            "python_version": version, "python_full_version": version + ".0",
            "implementation_version": version + ".0"}


def unmet_on_windows(folder: Path, version: str, root: str = f"vetqa_xl[{EXTRA}]") -> list[str]:
    """Requirements (from ``root`` down, markers evaluated as on Windows with CPython ``version``)
    that no wheel in ``folder`` installable there satisfies: what pip on the PC would miss."""
    major, minor = map(int, version.split("."))
    tags = {*cpython_tags((major, minor), platforms=["win_amd64"]),
            *compatible_tags((major, minor), f"cp{major}{minor}", ["win_amd64"])}
    wheels: dict[str, list[tuple[Version, Path]]] = {}
    for path in folder.glob("*.whl"):
        name, ver, _, wheel_tags = parse_wheel_filename(path.name)
        if wheel_tags & tags:
            wheels.setdefault(name, []).append((ver, path))
    env, unmet, seen = windows_environment(version), [], set()
    todo = [(Requirement(root), "")]
    while todo:
        req, extra = todo.pop()
        if req.marker and not req.marker.evaluate({**env, "extra": extra}):
            continue
        found = [p for v, p in wheels.get(canonicalize_name(req.name), []) if req.specifier.contains(v, prereleases=True)]
        if not found:
            unmet.append(f"{req.name}{req.specifier}")
            continue
        for wanted in {""} | set(req.extras):
            if (found[0], wanted) not in seen:
                seen.add((found[0], wanted))
                todo += [(Requirement(r), wanted) for r in requires_dist(found[0])]
    return sorted(unmet)


def requires_dist(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as z:
        meta = next(n for n in z.namelist() if n.count("/") == 1 and n.endswith(".dist-info/METADATA"))
        return email.parser.BytesParser().parsebytes(z.read(meta)).get_all("Requires-Dist") or []


def installer_zip(src: Path, wheels: list[Path], out: Path, version: str, epoch: int) -> Path:
    """vetqa_xl-V-windows.zip: one folder with the installer files and wheels/."""
    folder = f"vetqa_xl-{version}-windows"
    entries: list[tuple[str, Content]] = []
    for name, source in INSTALLER_FILES:
        data = (src / "installer" / "windows" / source).read_bytes()
        if source.endswith(".txt"):
            data = data.replace(b"@VERSION@", version.encode())
        entries.append((f"{folder}/{name}", data))
    for wheel in wheels:
        entries.append((f"{folder}/wheels/{wheel.name}", functools.partial(_copy, wheel)))
    path = out / f"{folder}.zip"
    stamp = time.gmtime(max(epoch, 315532800))[:6]  # zip dates start in 1980
    with path.open("wb") as fh:
        write_zip(fh, entries, date_time=stamp)
    return path


def _copy(path: Path, dest: BinaryIO) -> None:
    with path.open("rb") as fh:
        shutil.copyfileobj(fh, dest)


def sha256sums(out: Path, files: list[Path]) -> Path:
    lines = [f"{hashlib.sha256(f.read_bytes()).hexdigest()}  {f.name}\n" for f in sorted(files)]
    path = out / "SHA256SUMS"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def release(out: Path) -> list[Path]:
    epoch = commit_epoch()
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "PYTHONHASHSEED": "0"}
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="vetqa-release-") as tmp:
        work = Path(tmp)
        src = checkout(work / "src")
        built = work / "dist"
        wheel, _ = build_package(src, built, env)
        version = parse_wheel_filename(wheel.name)[1].public
        make_files(wheel, built, work, env)
        wheels = download_wheels(wheel, work / "wheels")
        installer_zip(src, wheels, built, version, epoch)
        files = []
        for f in sorted(built.iterdir()):
            shutil.copyfile(f, out / f.name)
            files.append(out / f.name)
    return [*files, sha256sums(out, files)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="the folder to write (default: dist/)")
    args = parser.parse_args(argv)
    try:
        files = release(args.out)
    except ReleaseError as exc:
        print(f"release failed: {exc}", file=sys.stderr)
        return 1
    for f in files:
        print(f"{f.stat().st_size:>12,}  {f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
