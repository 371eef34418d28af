"""The one zip writer (writers/zipout.py): the same entries give the same bytes whatever the
clock says and whatever system writes them; entries stay in the order given; a part copied a
piece at a time gives the same bytes as the part given whole."""
from __future__ import annotations

import io
import random
import sys
import time
import zipfile
from pathlib import Path

from vetqa_xl.writers.template import build_template
from vetqa_xl.writers.zipout import FIXED_ZIP_TIME, MS_DOS, UNIX, write_zip, zip_bytes

ROOT = Path(__file__).resolve().parent.parent
# given in this order on purpose: not sorted, [Content_Types].xml not first
ENTRIES = [("xl/workbook.xml", "<workbook>สมุดงาน</workbook>".encode()),
           ("[Content_Types].xml", b"<Types/>"),
           ("a/b.bin", bytes(range(256)) * 40)]


def _at(monkeypatch, seconds: float, platform: str) -> None:
    """The wall clock at ``seconds`` since the epoch, on ``platform``."""
    monkeypatch.setattr(time, "time", lambda: seconds)
    monkeypatch.setattr(sys, "platform", platform)


def test_same_bytes_at_any_hour_on_any_system(monkeypatch):
    _at(monkeypatch, 1_000_000_000, "linux")  # 2001
    linux = zip_bytes(ENTRIES)
    _at(monkeypatch, 1_800_000_000, "win32")  # 2027, where zipfile says "made on MS-DOS"
    windows = zip_bytes(ENTRIES)
    assert windows == linux
    infos = zipfile.ZipFile(io.BytesIO(linux)).infolist()
    assert [i.filename for i in infos] == [name for name, _ in ENTRIES]
    assert {(i.date_time, i.create_system, i.external_attr, i.compress_type) for i in infos} == \
        {(FIXED_ZIP_TIME, UNIX, 0o600 << 16, zipfile.ZIP_DEFLATED)}
    with zipfile.ZipFile(io.BytesIO(linux)) as z:
        assert z.testzip() is None
        assert [z.read(name) for name, _ in ENTRIES] == [data for _, data in ENTRIES]


def test_options_are_what_is_written():
    """The add-in's options (1980, MS-DOS, level 9) reach every entry."""
    words = random.Random(1).choices(["สาขางาน", "ครูพิเศษ", "ทวิภาคี", "2568", "ปวช.", "ก"], k=30_000)
    data = " ".join(words).encode()  # text on which level 9 packs tighter than zlib's default
    default = zip_bytes([("d.txt", data)])
    addin = zip_bytes([("d.txt", data)], date_time=(1980, 1, 1, 0, 0, 0), compresslevel=9, system=MS_DOS)
    info, = zipfile.ZipFile(io.BytesIO(addin)).infolist()
    assert (info.date_time, info.create_system) == ((1980, 1, 1, 0, 0, 0), MS_DOS)
    assert info.compress_size < zipfile.ZipFile(io.BytesIO(default)).infolist()[0].compress_size
    assert zipfile.ZipFile(io.BytesIO(addin)).read("d.txt") == data


def test_a_part_written_in_pieces_equals_the_part_given_whole(tmp_path):
    def pieces(name: str, data: bytes):
        def write(out):
            for at in range(0, len(data), 1000):
                out.write(data[at:at + 1000])
        return name, write

    path = tmp_path / "streamed.zip"
    with path.open("wb") as out:  # a real file, as the add-in's is
        write_zip(out, [pieces(name, data) for name, data in ENTRIES])
    assert path.read_bytes() == zip_bytes(ENTRIES)


def test_the_template_built_on_windows_is_the_committed_one(monkeypatch, tmp_path):
    """Package.to_bytes goes through the one writer: a build on another day, on Windows
    (where zipfile alone would say "made on MS-DOS"), is still the committed template."""
    _at(monkeypatch, 1_800_000_000, "win32")
    fresh = build_template(tmp_path / "fresh.xlsx")
    assert fresh.read_bytes() == (ROOT / "workbook_template.xlsx").read_bytes()
