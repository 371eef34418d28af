"""Shared fixtures. LibreOffice is the real spreadsheet application of these tests: a test
that needs it FAILS (never skips) when it is missing — `bash .ci/run` installs it."""
from __future__ import annotations

import csv
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

    def convert(self, src: Path, fmt: str, outdir: Path) -> list[Path]:
        outdir.mkdir(parents=True, exist_ok=True)
        before = set(outdir.iterdir())
        proc = subprocess.run(
            [self.binary, f"-env:UserInstallation={self.profile.as_uri()}", "--headless",
             "--convert-to", fmt, "--outdir", str(outdir), str(src)],
            capture_output=True, text=True, timeout=180)
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


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory) -> LibreOffice:
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        pytest.fail("LibreOffice (soffice) is not installed: run `bash .ci/run`, "
                    "which installs libreoffice-calc-nogui")
    return LibreOffice(binary, tmp_path_factory.mktemp("lo-profile"))


@pytest.fixture(scope="session")
def template_path(tmp_path_factory) -> Path:
    return build_template(tmp_path_factory.mktemp("template") / "template.xlsx")
