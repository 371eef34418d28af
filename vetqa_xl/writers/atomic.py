"""Write files so that nothing of the user's is lost.

- Atomically: a temporary file in the same folder, then a rename, so a crash or a full disk
  never leaves a half-written workbook where the user's file was.
- With the right permissions: a file that replaces another takes the mode of the one it
  replaces (a shared 0664 workbook stays 0664); a new file gets the user's umask, as any
  program's new file does (mkstemp alone would give 0600).
- Never over an existing file by surprise: :func:`write_new` is the one rule every
  command that writes a new file follows — refuse unless ``force``, and then keep ``.bak``.
"""
from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

from ..core.errors import UserError
from ..core.problems import read_problem

XLSX = (".xlsx",)  # what a command writes: a workbook with no macros
XLSX_OR_XLSM = (".xlsx", ".xlsm")  # report and fix: an .xlsm stays one if named so


class FileExists(UserError):
    """The output file exists and --force was not given; the message is Thai then English."""


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


def keep_backup(path: str | Path) -> None:
    """Before an existing file is replaced: keep it as ``path.bak``."""
    path = Path(path)
    if path.exists():
        shutil.copy2(path, backup_path(path))


def prepare_output(path: str | Path, force: bool = False, suffixes: tuple[str, ...] = ()) -> None:
    """The rule for every command's output, for writers that write the file themselves:
    refused over an existing file unless ``force``, and then the old file is kept as .bak."""
    refuse_existing(path, force, suffixes)
    keep_backup(path)


def write_new(path: str | Path, data: bytes, force: bool = False, suffixes: tuple[str, ...] = ()) -> Path:
    """Write a command's output (see :func:`prepare_output`), atomically, with the mode of
    the file it replaces."""
    prepare_output(path, force, suffixes)
    return atomic_write_bytes(Path(path), data)


def write_output(src: Path, out: Path, data: bytes, in_place: bool, force: bool) -> Path:
    """A command's result over its input (``in_place``: src.bak kept first) or into ``out``
    (refused over an existing file unless ``force``, see :func:`write_new`)."""
    if in_place:
        keep_backup(src)
        return atomic_write_bytes(src, data)
    return write_new(out, data, force)


def _new_file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = _new_file_mode()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix + ".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)  # on Windows only the read-only bit counts
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path
