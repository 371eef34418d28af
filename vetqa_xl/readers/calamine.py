"""Read a workbook file (.xlsx, .xlsm, .xls, .ods) into the IR with python-calamine.

Fast, and it reads the cached values of formulas. Only the form's sheets are loaded.
When a file cannot be read, :func:`file_kind` works out what it is from its first bytes
(a folder, empty, a Word document, CSV text, an encrypted or truncated workbook …) and the
user gets that kind's sentence from the message catalogue: no library text reaches them.
"""
from __future__ import annotations

import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from queue import SimpleQueue
from typing import Any

from ..core.errors import ReadError
from ..core.ir import (
    HEADER_SEARCH_ROWS,
    SheetIR,
    WorkbookIR,
    build_ir,
    collector_paused,
    data_sheet,
    other_tabs,
    sheet_ir,
    wanted_sheets,
)
from ..core.problems import KIND_NAMES, read_problem
from .errorcells import ErrorCells, error_cells, put_error_cells
from .package import ZIP_ERRORS, vet_package, vet_sheets

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: .xls, or an encrypted .xlsx
ZIP_MAGIC = b"PK\x03\x04"
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as z:  # reads the central directory, not the whole file
            names = set(z.namelist())
            mimetype = z.read("mimetype") if "mimetype" in names else b""
    except ZIP_ERRORS:
        return "truncated"  # a zip's central directory sits at its end: the end is missing
    if "xl/workbook.xml" in names:
        return "xlsx"
    if mimetype.startswith(ODS_MIME):
        return "ods"
    if "word/document.xml" in names:
        return "docx"
    return "zip"


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # a character cut at the end of the sample is fine
            return False
    return b"\x00" not in head


def file_kind(path: Path) -> str:
    """What a file is, from its content: missing, folder, empty, xlsx, xls, ods, encrypted,
    docx, zip, truncated, csv or random."""
    if path.is_dir():
        return "folder"
    if not path.exists():
        return "missing"
    with path.open("rb") as fh:  # the head tells most kinds: `check` asks this of every file
        head = fh.read(4096)
    if not head:
        return "empty"
    if head.startswith(ZIP_MAGIC):
        return _zip_kind(path)
    if head.startswith(OLE_MAGIC):
        data = path.read_bytes()
        # an encrypted .xlsx is a compound file with these streams (MS-OFFCRYPTO)
        if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
            return "encrypted"
        return "xls"
    if _looks_like_text(head):
        return "csv"
    return "random"


LOCK_PREFIX = "~$"  # Excel's owner file: ~$NAME.xlsx beside NAME.xlsx while it is open
WORKBOOK_KINDS = ("xlsx", "xls", "ods")


def file_problem(path: Path, name: str | None = None) -> str:
    """Why ``path`` cannot be read, in the words of its kind (``name``: how the user knows the
    file, default its path). Excel's lock file gets its own sentence naming the real workbook;
    ``check`` and ``consolidate`` both say it so."""
    shown = name or str(path)
    base = Path(shown).name
    kind = file_kind(path)
    if base.startswith(LOCK_PREFIX) and kind not in (*WORKBOOK_KINDS, "folder", "missing"):
        return read_problem("lock_file", name=base, real=base[len(LOCK_PREFIX):])
    return read_problem(kind, path=shown, name=base)


def is_lock_file(path: Path) -> bool:
    """Excel's lock file (named ~$…, and no workbook inside): read by nobody, named in a sentence."""
    return path.name.startswith(LOCK_PREFIX) and file_kind(path) not in WORKBOOK_KINDS


def unreadable(path: Path) -> ReadError:
    """The error for a file the reader could not read, in the words of its kind."""
    return ReadError(file_problem(path))


def xlsx_needed(path: str | Path) -> str | None:
    """For a readable .xls or .ods: the sentence saying which commands need an .xlsx and how
    to save as one (check reads these files; report, export and fix edit the .xlsx package)."""
    path = Path(path)
    kind = file_kind(path)
    if kind not in KIND_NAMES:
        return None
    return read_problem("needs_xlsx", name=path.name, kind=KIND_NAMES[kind])


def require_xlsx(path: str | Path) -> None:
    """The commands that edit a workbook's package (report, export, fix, lite) need an
    .xlsx/.xlsm: a plain sentence saying so, and how to save as .xlsx, for anything else; and
    one that is whole (readers/package.py: the same vetting as check)."""
    path = Path(path)
    if note := xlsx_needed(path):
        raise ReadError(note)
    if file_kind(path) != "xlsx":
        raise unreadable(path)
    vet_package(path, whole=True)  # the copy a writer makes carries every part


PARSERS = 2  # threads that parse sheets, each with a book of its own (docs/performance.md)


class _Parser:
    """python-calamine parsing the sheets of one workbook, as they are asked for, in threads of
    their own: it lets go of the GIL while it opens the book (the shared strings) and parses, so
    the thread that asks goes on vetting the next sheet and making Python values of the parsed
    ones (which needs the GIL: ``to_python`` here). A book parses one sheet at a time (another
    thread's call raises "Already mutably borrowed"): a second thread, started with the second
    sheet asked for, opens a book of its own, and the two take the sheets in turn.
    Whatever calamine raises (several error types for broken files) is the file's sentence."""

    def __init__(self, path: Path, xlsx: bool) -> None:
        self.path = path
        self.xlsx = xlsx
        self.book: Any = None
        self.names: list[str] = []
        self._opened = threading.Event()
        self._asked: SimpleQueue[str | None] = SimpleQueue()
        self._parsed: SimpleQueue[tuple[str, Any]] = SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._stopped = False

    def open(self) -> None:
        """Open the book, in the first parsing thread (an .xlsx: every part but the sheets is
        vetted by now): its shared strings are parsed while this thread vets the first sheet."""
        if not self._threads:
            self._start()

    def _start(self) -> None:
        thread = threading.Thread(target=self._work, args=(not self._threads,), name="calamine", daemon=True)
        self._threads.append(thread)
        thread.start()

    def _open(self) -> Any:
        from python_calamine import CalamineWorkbook

        try:
            return CalamineWorkbook.from_path(str(self.path))
        except Exception as exc:  # noqa: BLE001 (calamine's error types: told in the asking thread)
            return exc

    def sheet_names(self) -> list[str]:
        """The workbook's sheet names (the book opened, and waited for; read before any sheet is
        parsed: the book is not to be touched from this thread while another parses)."""
        self.open()
        self._opened.wait()
        if isinstance(self.book, Exception):
            raise self._failed() from None
        if not self.names:
            self.names = list(self.book.sheet_names)
        return self.names

    def parse(self, name: str) -> None:
        if len(self._threads) < PARSERS:  # the second thread, with the second sheet
            self._start()
        self._asked.put(name)

    def _work(self, first: bool) -> None:
        """Parse the sheets asked for with a book: the first thread's is the reader's own, opened
        here; the second thread opens one of its own."""
        if first:
            self.book = self._open()
            self._opened.set()
        book = self.book if first else self._open()
        while (name := self._asked.get()) is not None:
            try:
                if isinstance(book, Exception):
                    raise book
                sheet = None if self._stopped else book.get_sheet_by_name(name)
            except Exception as exc:  # noqa: BLE001 (told in the asking thread, by values)
                sheet = exc
            self._parsed.put((name, sheet))

    def values(self, names: list[str]) -> Iterator[tuple[str, list[list[Any]]]]:
        """(name, values) of the sheets ``names``, all asked for, as each is parsed."""
        for _ in names:
            name, sheet = self._parsed.get()
            try:
                if isinstance(sheet, Exception):
                    raise sheet
                values = sheet.to_python(skip_empty_area=False)
            except Exception:  # noqa: BLE001 (calamine's error types)
                raise self._failed() from None
            yield name, values

    def _failed(self) -> ReadError:
        """What calamine refused, as a sentence: of an .xlsx, the vetting of every part in full
        names the part when it can (not UTF-8, not well-formed XML, a cell no type holds: check's
        own vetting leaves the first to calamine); else the file's sentence."""
        if self.xlsx:
            try:
                vet_package(self.path, whole=True)
            except ReadError as refused:
                return refused
        return unreadable(self.path)

    def close(self) -> None:
        """Stop after the sheet being parsed (when the vetting refused the file, say)."""
        self._stopped = True
        for _thread in self._threads:
            self._asked.put(None)
        for thread in self._threads:
            thread.join()


def read_workbook(path: str | Path, on_sheet: Callable[[str, SheetIR], object] | None = None,
                  while_parsing: Callable[[], object] | None = None) -> WorkbookIR:
    """The IR of a workbook file. An .xlsx is vetted before calamine opens it (a huge cell
    reference aborts the process): calamine opens the book once every part but the sheets is
    vetted, while the first sheet is, and parses each sheet as soon as it is vetted while the
    next is vetted (_Parser; the order: package.vetting_order). Once every sheet is asked for,
    ``while_parsing()`` runs (api loads the checker then). The IR of each data sheet is made as
    soon as it is parsed, while calamine parses the next, and given to ``on_sheet(form sheet
    key, its IR)`` (api.check reads the sheet's cells then)."""
    path = Path(path)
    if not path.is_file():
        raise unreadable(path)
    xlsx = file_kind(path) == "xlsx"
    # calamine gives an error cell as "": their text, which the vetting reads from each sheet's XML
    errors: dict[str, ErrorCells] = {}
    parser = _Parser(path, xlsx)
    wanted: set[str] | None = None
    grids: dict[str, list[list[Any]]] = {}
    built: dict[str, SheetIR] = {}
    with collector_paused():  # the read makes a list per row and a tuple per record: core/ir.py
        try:
            for sheet, errors[sheet] in vet_sheets(path, on_parts=parser.open) if xlsx else ():
                if wanted is None:  # the book was opened (on_parts) while this sheet was vetted
                    wanted = set(wanted_sheets(parser.sheet_names()))
                if sheet in wanted:
                    parser.parse(sheet)
            names = parser.sheet_names()
            order = wanted_sheets(names)
            unvetted = [name for name in order if name not in errors]  # not an .xlsx, or a name
            for name in unvetted:  # the vetting spelt otherwise
                parser.parse(name)
            if xlsx and unvetted:
                errors.update(error_cells(path, unvetted))
            if while_parsing is not None:  # every sheet asked for: the caller's turn, till one is parsed
                while_parsing()
            for name, grid in parser.values(order):
                grids[name] = put_error_cells(grid, errors.get(name, {}))
                if (form_sheet := data_sheet(name)) is not None:
                    built[form_sheet.key] = sheet_ir(grid, form_sheet)
                    if on_sheet is not None:
                        on_sheet(form_sheet.key, built[form_sheet.key])
        finally:
            parser.close()
        grids = {name: grids[name] for name in order}  # in the workbook's order
        for name in other_tabs(names):  # a form sheet is missing: the first rows of the other tabs
            try:
                grids[name] = parser.book.get_sheet_by_name(name).to_python(skip_empty_area=False,
                                                                            nrows=HEADER_SEARCH_ROWS)
            except Exception:  # a chart sheet, say: no rows to compare
                continue
        return build_ir(grids, source=str(path), sheet_names=names, built=built)
