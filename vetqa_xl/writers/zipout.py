"""The one zip writer: the same entries give the same bytes, on any machine, at any hour.

Every zip vetqa_xl writes goes through :func:`write_zip` (the report and template packages, the
Lite copy's embedded vetqa_xl, the add-in). What zipfile would take from the machine is fixed:
the entry times (otherwise the wall clock), the "made by" system (otherwise 0 on Windows, 3
elsewhere), the version fields and the file attributes. The entries stay in the order given.
The date, the system and the compression level are parameters only because the add-in was
first built with others (1980, MS-DOS, level 9) and must keep its bytes.
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable
from typing import IO, Any

FIXED_ZIP_TIME = (2025, 5, 16, 0, 0, 0)  # start of ปีการศึกษา 2568
UNIX = 3  # "made by" system: what zipfile writes on Linux and macOS
MS_DOS = 0  # what zipfile writes on Windows, and what Excel writes

# An entry's content: its bytes, or a function that writes them into the open entry
# (a part of hundreds of MB is copied or generated a piece at a time, never held whole).
Content = bytes | Callable[[IO[bytes]], None]


def write_zip(out: IO[bytes], entries: Iterable[tuple[str, Content]], *,
              date_time: tuple[int, int, int, int, int, int] = FIXED_ZIP_TIME,
              compresslevel: int | None = None, system: int = UNIX) -> None:
    """Write ``entries`` (name, content), in the order given, deflated at ``compresslevel``
    (None: zlib's default, 6) into the seekable binary file ``out``."""
    with zipfile.ZipFile(out, "w") as z:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            # what ZipFile.open(info, "w") compresses with (named compress_level from 3.13,
            # which keeps _compresslevel as its alias); open() has no argument for it
            info._compresslevel = compresslevel  # type: ignore[attr-defined]  # no public way
            info.create_system = system
            info.create_version = info.extract_version = 20
            info.external_attr = 0o600 << 16  # a file, rw for its owner (zipfile's own for 0)
            with z.open(info, "w") as dest:
                if callable(content):
                    content(dest)
                else:
                    dest.write(content)


def zip_bytes(entries: Iterable[tuple[str, Content]], **options: Any) -> bytes:
    """:func:`write_zip` into memory; the zip's bytes."""
    out = io.BytesIO()
    write_zip(out, entries, **options)
    return out.getvalue()
