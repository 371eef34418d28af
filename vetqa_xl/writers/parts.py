"""The parts of an .xlsx package, read lazily from the source zip and written a piece at a time.

Memory: a part is read from the source zip only when it is asked for, a generated part can be
a :class:`Streamed` producer of text, and the package is written part by part (see
``Parts.write_to``), so a workbook is never held decompressed all at once (a 50,000-row
workbook has sheets of hundreds of MB).
"""
from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from dataclasses import dataclass
from typing import IO

from ..core.errors import UserError
from ..core.problems import read_problem

SMALL_PART = 1 << 20  # a part of the source up to this size is kept once read


class PackageError(UserError):
    """The file is not an .xlsx package this writer can edit."""


@dataclass
class Streamed:
    """A part given as text produced in pieces (a generated sheet of many rows); ``chunks``
    is called anew each time the part is read or written."""

    chunks: Callable[[], Iterable[str]]

    def encoded(self, size: int = 1 << 20) -> Iterator[bytes]:
        """The part's UTF-8 bytes in pieces of about ``size`` characters."""
        buf: list[str] = []
        held = 0
        for chunk in self.chunks():
            buf.append(chunk)
            held += len(chunk)
            if held >= size:
                yield "".join(buf).encode("utf-8")
                buf, held = [], 0
        if buf:
            yield "".join(buf).encode("utf-8")


def _bad_zip(exc: Exception) -> PackageError:
    return PackageError(read_problem("not_a_package", reason=exc))


class Parts(MutableMapping):
    """Part name -> bytes, in the source's order. A part of the source zip stays compressed
    there until it is read (and is read anew each time, not kept); a part put here is kept
    as bytes or as a :class:`Streamed` producer."""

    def __init__(self, source: zipfile.ZipFile):
        self._zip = source
        self._items: dict[str, zipfile.ZipInfo | bytes | Streamed] = {
            i.filename: source.getinfo(i.filename) for i in source.infolist() if not i.is_dir()}

    def __getitem__(self, part: str) -> bytes:
        item = self._items[part]
        if isinstance(item, zipfile.ZipInfo):
            try:
                data = self._zip.read(item)
            except zipfile.BadZipFile as exc:
                raise _bad_zip(exc) from None
            if item.file_size <= SMALL_PART:  # workbook.xml, relationships …: read often
                self._items[part] = data
            return data
        if isinstance(item, Streamed):
            return b"".join(item.encoded())
        return item

    def __setitem__(self, part: str, data: bytes | Streamed) -> None:
        self._items[part] = data

    def __delitem__(self, part: str) -> None:
        del self._items[part]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, part: object) -> bool:
        return part in self._items

    def open(self, part: str) -> IO[bytes]:
        """The part as a binary stream: one of the source zip is decompressed only as far as it
        is read (the head of a sheet of hundreds of MB)."""
        item = self._items[part]
        return self._zip.open(item) if isinstance(item, zipfile.ZipInfo) else io.BytesIO(self[part])

    def write_to(self, part: str, out) -> None:
        """Copy one part into the writable file ``out``, a piece at a time."""
        item = self._items[part]
        if isinstance(item, zipfile.ZipInfo):
            try:
                with self._zip.open(item) as src:
                    shutil.copyfileobj(src, out, 1 << 20)
            except zipfile.BadZipFile as exc:
                raise _bad_zip(exc) from None
        elif isinstance(item, Streamed):
            for piece in item.encoded():
                out.write(piece)
        else:
            out.write(item)

