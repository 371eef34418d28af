"""Shared fixtures. LibreOffice is the real spreadsheet application of these tests: a test
that needs it FAILS (never skips) when it is missing — `bash .ci/run` installs it."""
from __future__ import annotations

import csv
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from vetqa_xl.writers.template import build_template

ROOT = Path(__file__).resolve().parent.parent


class LibreOffice:
    """Headless LibreOffice with a private profile (so parallel runs do not lock each other)."""

    def __init__(self, binary: str, profile: Path):
        self.binary = binary
        self.profile = profile

    def convert(self, src: Path | list[Path], fmt: str, outdir: Path) -> list[Path]:
        """Convert one file or several (one LibreOffice start); the files written."""
        outdir.mkdir(parents=True, exist_ok=True)
        before = set(outdir.iterdir())
        sources = [str(p) for p in (src if isinstance(src, list) else [src])]
        proc = subprocess.run(
            [self.binary, f"-env:UserInstallation={self.profile.as_uri()}", "--headless",
             "--convert-to", fmt, "--outdir", str(outdir), *sources],
            capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr
        return sorted(set(outdir.iterdir()) - before)

    def csv_sheets(self, src: Path, outdir: Path) -> dict[str, list[list[str]]]:
        """Every sheet as CSV text, as LibreOffice formats the cells (UTF-8)."""
        files = self.convert(
            src, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1",
            outdir)
        sheets = {}
        for f in files:
            name = f.stem[len(src.stem) + 1:]
            with f.open(encoding="utf-8") as fh:
                sheets[name] = list(csv.reader(fh))
        return sheets


# LibreOffice keeps the cached value of every formula of an .xlsx it opens, unless told to
# recalculate on load: the profile tells it, so a test sees LibreOffice's own computation
# (our formulas carry cached values since issue 19).
ALWAYS_RECALCULATE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory) -> LibreOffice:
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        pytest.fail("LibreOffice (soffice) is not installed: run `bash .ci/run`, "
                    "which installs libreoffice-calc-nogui")
    profile = tmp_path_factory.mktemp("lo-profile")
    (profile / "user").mkdir()
    (profile / "user" / "registrymodifications.xcu").write_text(ALWAYS_RECALCULATE, encoding="utf-8")
    return LibreOffice(binary, profile)


@pytest.fixture(scope="session")
def template_path(tmp_path_factory) -> Path:
    return build_template(tmp_path_factory.mktemp("template") / "template.xlsx")


def render_sheets(lo: LibreOffice, xlsx: Path, titles: dict[str, str], outdir: Path) -> dict[str, Path]:
    """Render the pages that start with each title (sheet name -> its title row) to PNG.

    Set VETQA_RENDER_DIR to keep the pictures for a person to look at."""
    import os

    keep = os.environ.get("VETQA_RENDER_DIR")
    outdir = Path(keep) if keep else outdir
    pdf, = lo.convert(xlsx, "pdf", outdir)
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout).group(1))
    found = {}
    for page in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout.lstrip()
        for name, title in titles.items():
            if name not in found and text.startswith(title):
                prefix = outdir / f"{xlsx.stem}-{name}"
                subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page),
                                "-singlefile", str(pdf), str(prefix)], check=True)
                found[name] = prefix.with_suffix(".png")
    return found
