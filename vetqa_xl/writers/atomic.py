"""Write files so that nothing of the user's is lost.

- Atomically: a temporary file in the same folder, then a rename, so a crash or a full disk
  never leaves a half-written workbook where the user's file was.
- With the right permissions: a file that replaces another takes the mode of the one it
  replaces (a shared 0664 workbook stays 0664); a new file gets the user's umask, as any
  program's new file does (mkstemp alone would give 0600).
- Never over an existing file by surprise: :func:`write_new` is the one rule every
  command that writes a new file follows — refuse unless ``force``, and then keep ``.bak``
  (itself written atomically; an earlier different ``.bak`` is moved to ``NAME.1.bak`` …).
- Never a lock or half a file left behind: a file open in Excel (or read-only) is refused in
  words before anything is written, a replacement that fails takes its new ``.bak`` back, and
  the temporary files of a killed process are removed by the next write in that folder.
"""
from __future__ import annotations

import contextlib
import filecmp
import hashlib
import os
import shutil
import socket
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from ..core.errors import UserError
from ..core.problems import read_problem

XLSX = (".xlsx",)  # what a command writes: a workbook with no macros
XLSX_OR_XLSM = (".xlsx", ".xlsm")  # report and fix: an .xlsm stays one if named so


class FileExists(UserError):
    """The output file exists and --force was not given; the message is Thai then English."""


class FileLocked(UserError):
    """The file to replace is open in Excel, locked or read-only; Thai then English."""


class WrongExtension(UserError):
    """A workbook output named with another extension (out.csv): Excel would refuse to open it."""


def same_file(a: str | Path, b: str | Path) -> bool:
    """The one refuse-same-file test: the same path once resolved, or (both existing) one file
    under two names (a hard link, a case-insensitive file system)."""
    a, b = Path(a), Path(b)
    if a.resolve() == b.resolve():
        return True
    return a.exists() and b.exists() and os.path.samefile(a, b)


def backup_path(path: Path) -> Path:
    path = Path(path)
    return path.with_name(path.name + ".bak")


def older_backup(path: Path) -> Path:
    """Where the current ``NAME.bak`` goes when a newer one takes its place: the first free
    ``NAME.1.bak``, ``NAME.2.bak`` … (the higher, the newer), so no generation is lost."""
    n = 1
    while (older := path.with_name(f"{path.name}.{n}.bak")).exists():
        n += 1
    return older


def refuse_existing(path: str | Path, force: bool = False, suffixes: tuple[str, ...] = ()) -> None:
    """The one rule for a command's output file: an existing file is refused unless ``force``;
    with ``suffixes``, a name that does not end in one of them is refused too."""
    path = Path(path)
    if suffixes and path.suffix.lower() not in suffixes:
        raise WrongExtension(read_problem("out_suffix", name=path.name, suffixes=", ".join(suffixes)))
    if path.is_dir():
        raise FileExists(read_problem("out_is_folder", path=path))
    if path.exists() and not force:
        bak = backup_path(path).name
        raise FileExists(read_problem("out_exists", path=path, bak=bak))


def keep_backup(path: str | Path, new: bytes | None = None) -> Callable[[], None]:
    """Before an existing file is replaced (by ``new``, when known): keep it as ``path.bak``,
    atomically (a full copy in a temporary file, fsync, then a rename), an earlier different
    ``.bak`` moved aside to :func:`older_backup` first. Returns what undoes it (for a
    replacement that then fails)."""
    path = Path(path)
    bak = backup_path(path)
    if not path.exists():
        return lambda: None
    if bak.is_file() and (filecmp.cmp(path, bak, shallow=False) or
                          (new is not None and path.stat().st_size == len(new)
                           and path.read_bytes() == new)):
        return lambda: None  # this content is kept already, or is not lost by the write
    with path.open("rb") as src:
        tmp = _write_temp(bak, lambda fh: shutil.copyfileobj(src, fh, 1 << 20),
                          stat.S_IMODE(os.stat(path).st_mode))
    older = None
    try:
        if bak.exists():
            older = older_backup(path)
            os.replace(bak, older)
        os.replace(tmp, bak)
    except BaseException:
        _unlink(tmp)
        if older is not None:
            os.replace(older, bak)
        raise

    def undo() -> None:
        _unlink(bak)
        if older is not None:
            os.replace(older, bak)
    return undo


def prepare_output(path: str | Path, force: bool = False, suffixes: tuple[str, ...] = ()) -> None:
    """The rule for every command's output, for writers that write the file themselves:
    refused over an existing file unless ``force``, and then the old file is kept as .bak."""
    refuse_existing(path, force, suffixes)
    if Path(path).exists():
        refuse_locked(Path(path))
    keep_backup(path)


def write_new(path: str | Path, data: bytes, force: bool = False, suffixes: tuple[str, ...] = ()) -> Path:
    """Write a command's output (refused over an existing file unless ``force``, which keeps
    it as .bak), atomically, with the mode of the file it replaces."""
    refuse_existing(path, force, suffixes)
    return atomic_write_bytes(Path(path), data, keep=True)


def write_output(src: Path, out: Path, data: bytes, in_place: bool, force: bool) -> Path:
    """A command's result over its input (``in_place``: src.bak kept first) or into ``out``
    (refused over an existing file unless ``force``, see :func:`write_new`)."""
    if in_place:
        return atomic_write_bytes(src, data, keep=True)
    return write_new(out, data, force)


def _new_file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


# Our temporary files: ".vetqa-HOST-PID-random-NAME.tmp" beside the file they become. A
# process killed mid-write leaves one; the next write into that folder removes it.
TEMP_PREFIX, TEMP_SUFFIX = ".vetqa-", ".tmp"
STALE_SECONDS = 3600  # a temporary file this old is stale whoever wrote it (another PC's too)
_HOST = hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:6]


def _alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill(pid, 0) would send CTRL_C_EVENT there: rely on the age
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def remove_stale_temps(folder: Path) -> list[Path]:
    """Remove the temporary files of writes that never finished (a process killed, a power
    cut): those of a process of this machine that is gone, and any over STALE_SECONDS old."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        if not (entry.name.startswith(TEMP_PREFIX) and entry.name.endswith(TEMP_SUFFIX)):
            continue
        host, _, rest = entry.name[len(TEMP_PREFIX):].partition("-")
        pid = rest.partition("-")[0]
        try:
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_SECONDS
            dead = host == _HOST and pid.isdigit() and not _alive(int(pid))
            if (old or dead) and entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def _unlink(path: str | Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def _write_temp(beside: Path, fill: Callable[[BinaryIO], object], mode: int) -> str:
    """A temporary file in the folder of ``beside``, filled by ``fill``, flushed to disk."""
    fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{_HOST}-{os.getpid()}-",
                               suffix=f"-{beside.name}{TEMP_SUFFIX}", dir=beside.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fill(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)  # on Windows only the read-only bit counts
    except BaseException:
        _unlink(tmp)
        raise
    return tmp


def refuse_locked(path: Path) -> None:
    """An existing ``path`` that cannot be opened for writing (open in Excel, which locks it on
    Windows; read-only; chattr +i on Linux) is refused in words, before anything is written."""
    try:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return
    except PermissionError:
        raise FileLocked(read_problem("file_locked", path=path)) from None
    os.close(fd)


def atomic_write_bytes(path: Path, data: bytes, keep: bool = False) -> Path:
    """Write ``data`` to ``path`` through a temporary file (fsync, rename); with ``keep`` an
    existing file is kept as .bak (:func:`keep_backup`) just before it is replaced, and that
    .bak is taken back when the replacement fails, so a refused write leaves nothing behind."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(path.parent)
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = _new_file_mode()
    else:
        refuse_locked(path)
    tmp = _write_temp(path, lambda fh: fh.write(data), mode)
    undo = None
    try:
        if keep:
            undo = keep_backup(path, data)
        try:
            os.replace(tmp, path)
        except PermissionError:  # locked between the test above and now
            raise FileLocked(read_problem("file_locked", path=path)) from None
    except BaseException:
        _unlink(tmp)
        if undo is not None:
            undo()
        raise
    return path
