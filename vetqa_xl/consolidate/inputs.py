"""Which files a consolidation reads: workbooks in folders and in e-mail messages, within limits.

Everything here only reads. An .eml is opened with the standard library's ``email`` package and
its .xlsx/.xlsm attachments become tasks; the attachment bytes are extracted again by the worker
that reads them, so the main process never holds a workbook.
"""
from __future__ import annotations

import email
import email.policy
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..core.problems import read_problem

# the limits live with the package vetting that every command applies (one place)
from ..readers.package import MAX_FILE_BYTES, MAX_RATIO, MAX_UNZIPPED_BYTES, MAX_WORKBOOK_XML, XML_PROLOG_BYTES  # noqa: F401

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class Task:
    """One workbook to read: a file, or attachment ``part`` (its name) of the message ``path``."""

    path: str
    part: str | None = None
    index: int = 0  # which workbook attachment of the message

    @property
    def file(self) -> str:
        """The workbook's file name as the commission knows it."""
        return self.part or Path(self.path).name

    @property
    def message(self) -> str:
        """The e-mail it came in ("" for a plain file)."""
        return Path(self.path).name if self.part else ""


@dataclass(frozen=True)
class Problem:
    """An input that gives no workbook to read (Thai then English)."""

    path: str
    part: str | None
    reason: str
    note: bool = False  # a remark on an input that is read all the same (an .eml with several)


def workbook_attachments(msg) -> list:
    return [p for p in msg.iter_attachments() if (p.get_filename() or "").lower().endswith(WORKBOOK_SUFFIXES)]


def read_message(path: str | Path):
    with open(path, "rb") as fh:
        return email.message_from_binary_file(fh, policy=email.policy.default)


def message_tasks(path: Path) -> tuple[list[Task], list[Problem]]:
    """The workbooks attached to one message; a message with none, or several, is reported."""
    if path.stat().st_size > MAX_FILE_BYTES * 4:
        return [], [Problem(str(path), None, too_big(path.name, path.stat().st_size, MAX_FILE_BYTES * 4))]
    try:
        parts = workbook_attachments(read_message(path))
    except Exception:  # a broken message must not stop the run
        return [], [Problem(str(path), None, read_problem("message_unreadable", name=path.name))]
    if not parts:
        return [], [Problem(str(path), None, read_problem("message_no_workbook"))]
    names = [p.get_filename() for p in parts]
    tasks = [Task(str(path), name, i) for i, name in enumerate(names)]
    problems = []
    if len(parts) > 1:
        problems.append(Problem(str(path), None, read_problem("message_workbooks", n=len(parts),
                                                              names=", ".join(names)), note=True))
    return tasks, problems


def discover(inputs) -> tuple[list[Task], list[Problem]]:
    """Tasks and problems of the given files and folders (folders searched recursively)."""
    from ..readers.calamine import file_problem, is_lock_file

    tasks: list[Task] = []
    problems: list[Problem] = []
    seen: set[Path] = set()
    for given in inputs:
        given = Path(given)
        if given.is_dir():
            files = sorted(p for p in given.rglob("*") if p.is_file())
        elif given.exists():
            files = [given]
        else:
            problems.append(Problem(str(given), None, read_problem("no_such_input")))
            continue
        for f in files:
            real = f.resolve()
            if real in seen:
                continue
            seen.add(real)
            if is_lock_file(f):  # ~$NAME.xlsx: listed with check's sentence naming NAME.xlsx
                problems.append(Problem(str(f), None, file_problem(f, f.name)))
                continue
            suffix = f.suffix.lower()
            if suffix in WORKBOOK_SUFFIXES:
                tasks.append(Task(str(f)))
            elif suffix == ".eml":
                t, p = message_tasks(f)
                tasks += t
                problems += p
            elif given == f:
                problems.append(Problem(str(f), None, not_an_input(f)))
    return tasks, problems


def not_an_input(path: Path) -> str:
    """Why a file named as an input is not read: what it is, in the words of ``check``."""
    from ..readers.calamine import file_kind, file_problem

    kind = file_kind(path)
    if kind in ("empty", "random", "docx", "zip", "csv", "encrypted", "truncated"):
        return file_problem(path, path.name)
    return read_problem("not_an_input")


def too_big(name: str, size: int, limit: int) -> str:
    return read_problem("package_too_big", name=name, mb=f"{size / 1e6:.1f}", limit=f"{limit / 1e6:.0f}")


class Refused(Exception):
    """A file refused before any parser sees it; the message is Thai then English."""


def read_sheet_parts(zf: zipfile.ZipFile) -> set[str] | None:
    """The worksheet parts a consolidation opens (the form's sheets and สรุป), None when the
    package has no workbook part to say which (then every part counts)."""
    from ..core.ir import wanted_sheets
    from ..form import FORM
    from ..readers.errorcells import _sheet_parts

    names = set(zf.namelist())
    if "xl/workbook.xml" not in names:
        return None
    for name in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
        if name in names and zf.getinfo(name).file_size > MAX_WORKBOOK_XML:
            raise Refused(read_problem("part_too_large", part=name))
    try:
        parts = _sheet_parts(zf)  # defusedxml: an entity trick raises
    except Exception:
        raise Refused(read_problem("sheet_list_unreadable")) from None
    opened = set(wanted_sheets(list(parts))) | {FORM.sheet("summary").name}
    return {part for name, part in parts.items() if name in opened}


def vet_zip(source, size: int, name: str) -> None:
    """Refuse what no college's workbook looks like: too large, a zip bomb, an XML entity trick.

    ``source`` is a path; ``name`` the file name the commission knows. Only the zip directory,
    the workbook's sheet list and the first bytes of each XML part are read, so the check costs
    little beside reading the workbook. The size and ratio limits apply to the parts the reader
    opens: a worksheet part of a sheet it never loads (such as the hidden helper sheet
    คำนวณสรุป, which is most of a large workbook) cannot bomb it.
    """
    if size > MAX_FILE_BYTES:
        raise Refused(too_big(name, size, MAX_FILE_BYTES))
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        from ..readers.calamine import file_problem

        raise Refused(file_problem(Path(source), name)) from None
    with zf:
        for info in zf.infolist():
            if info.filename.endswith((".xml", ".rels", ".vml")):
                try:
                    with zf.open(info) as part:
                        head = part.read(XML_PROLOG_BYTES).upper()
                except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):

                    raise Refused(read_problem("truncated", path=name, name=name)) from None
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise Refused(read_problem("xml_refused", name=name, part=info.filename))
        sheets = read_sheet_parts(zf)
        total = 0
        for info in zf.infolist():
            if sheets is not None and info.filename.startswith("xl/worksheets/") \
                    and info.filename.endswith(".xml") and info.filename not in sheets:
                continue  # a sheet the reader never opens
            total += info.file_size
            if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise Refused(read_problem("zip_ratio", part=info.filename, limit=MAX_RATIO,
                                           ratio=info.file_size // max(info.compress_size, 1)))
        if total > MAX_UNZIPPED_BYTES:
            raise Refused(read_problem("zip_total", mb=f"{total / 1e6:.0f}"))
