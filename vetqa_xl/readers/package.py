"""Vet an .xlsx/.xlsm package once, before anything reads or writes it.

Every command goes through :func:`vet_package`: ``check`` (``readers.calamine.read_workbook``)
and the writers (``require_xlsx``: report, export, fix, lite), so check never accepts a file
that a writer then crashes on. It refuses, with a Thai and English sentence naming the file
and the part or sheet, what no spreadsheet application writes:
- a zip whose directory cannot be read, a part stored twice, encrypted or compressed with a
  method other than stored/deflate, or whose data does not unpack to its declared size and CRC;
- a package without the parts every writer edits ([Content_Types].xml, the relationships,
  the workbook, its relationships and styles), or whose package relationships do not reach
  the workbook (a writer would write a copy without a single sheet);
- a zip bomb: the limits are the ones ``consolidate`` applies (one place, here);
- an XML part that declares a DOCTYPE or an entity, or that is not UTF-8 text (on ``check``, the
  sheets it reads and the shared strings are left to python-calamine 0.9.1, which decodes them
  whole and refuses such a part: the reader then vets the package ``whole``, which names it);
- a worksheet that python-calamine reads (the form's sheets, สรุป, and the other tabs when a
  form sheet is missing) whose dimension or largest cell reference would make it allocate a
  grid of billions of cells (the process aborts, no exception): checked here, before calamine
  is called; a sheet whose references stay within SMALL_GRID is told by one search.
``check`` vets in full the parts its readers open (the package's own parts, the shared strings,
the sheets it reads); of every other part (a theme, a drawing, the hidden helper sheet) only the
local header and the first bytes, where a DOCTYPE or another encoding shows: it never reads the
rest, and the writers, which copy it, vet it whole.
The writers vet the package ``whole``: their copy carries every part, so every part must also
unpack to its size and CRC, every XML part be well-formed (expat), every internal relationship
lead to a part, and every cell hold a value, cell format and shared-string index the file
defines (Excel "repairs", openpyxl refuses such a copy). A part is decompressed once, a piece
at a time, bounded by MAX_UNZIPPED_BYTES (docs/performance.md, "Start-up", has the costs).
Standard library only: expat, told to refuse a DOCTYPE and an entity (what defusedxml does).
"""
from __future__ import annotations

import codecs
import os
import posixpath
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from xml.parsers.expat import ExpatError, ParserCreate, XMLParserType

from ..core.errors import ReadError
from ..core.ir import other_tabs, wanted_sheets
from ..core.problems import read_problem
from ..form import FORM
from .cellvalues import bad_cell
from .cellvalues import limits as cell_limits
from .errorcells import ErrorCells, cells_of, error_type_in
from .grid import MAX_COLUMN, MAX_GRID_CELLS, MAX_ROW, cells_begin, exact_corner, far_corner, too_large

MAX_FILE_BYTES = 50 * 1024 * 1024  # a college's workbook is well under 5 MB
MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024  # the parts, together, uncompressed
MAX_RATIO = 200  # uncompressed ÷ compressed, per part over 1 MB (XML compresses ~10–30×)
MAX_WORKBOOK_XML = 5 * 1024 * 1024  # xl/workbook.xml and its relationships, parsed whole
XML_PROLOG_BYTES = 2048  # a DOCTYPE must come before the root element
PIECE = 1 << 20  # bytes of a part decompressed at once
LONG_PARSE = 4 << 20  # a sheet's bytes that calamine parses in ~40 ms (vetting_order)

SHARED_STRINGS = "xl/sharedStrings.xml"
REQUIRED_PARTS = ("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml",
                  "xl/_rels/workbook.xml.rels", "xl/styles.xml")
REL_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
STRICT = "http://purl.oclc.org/ooxml/"  # Excel's "Strict Open XML Spreadsheet": other namespaces
NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
XML_SUFFIXES = (".xml", ".rels", ".vml")
METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # what Excel, LibreOffice and openpyxl write
# zipfile's and zlib's exceptions on a damaged entry (PITFALLS: "zipfile's exceptions")
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError,
              ValueError, KeyError, OverflowError, OSError)
class PackageRefused(ReadError):
    """A package refused before any reader or writer opens it (Thai, then English)."""


def _refuse(kind: str, **params) -> PackageRefused:
    return PackageRefused(read_problem(kind, **params))


def _sheet_parts(zf: zipfile.ZipFile, name: str) -> dict[str, str]:
    """{sheet name: worksheet part} from the workbook and its relationships; refuses a package
    whose relationships do not reach xl/workbook.xml or that names a sheet with no part."""

    def parsed(part: str, tag: str) -> tuple[str, list[dict[str, str]]]:
        if zf.getinfo(part).file_size > MAX_WORKBOOK_XML:
            raise _refuse("part_too_large", part=part)
        try:
            return _elements(zf.read(part), tag)
        except (ExpatError, _Refused, *ZIP_ERRORS):
            raise _refuse("package_part_unreadable", name=name, part=part) from None

    _root, rels = parsed("_rels/.rels", NS_PKG_REL + "Relationship")
    if any(r.get("Type", "").startswith(STRICT) for r in rels):
        raise _refuse("strict_ooxml", name=name)
    office = [r.get("Target", "") for r in rels if r.get("Type") == REL_OFFICE_DOCUMENT]
    if "xl/workbook.xml" not in {posixpath.normpath("/" + t).lstrip("/") for t in office}:
        raise _refuse("package_no_workbook", name=name)
    targets = {}
    for rel in parsed("xl/_rels/workbook.xml.rels", NS_PKG_REL + "Relationship")[1]:
        target = rel.get("Target", "")
        base = "/" if target.startswith("/") else "/xl/"
        targets[rel.get("Id")] = posixpath.normpath(posixpath.join(base, target)).lstrip("/")
    sheets = {}
    names = set(zf.namelist())
    root, in_workbook = parsed("xl/workbook.xml", NS_MAIN + "sheet")
    if root != NS_MAIN + "workbook":  # Strict OOXML (or no workbook at all): no sheet we know
        raise _refuse("strict_ooxml" if root.startswith("{" + STRICT) else "package_part_unreadable",
                      name=name, part="xl/workbook.xml")
    for sheet in in_workbook:
        part = targets.get(sheet.get(NS_REL + "id"))
        if part is None or part not in names:
            raise _refuse("package_sheet_no_part", name=name, sheet=sheet.get("name", "?"))
        sheets[sheet.get("name", "")] = part
    return sheets


class _Refused(Exception):
    """Raised inside the expat handlers: a DOCTYPE after the first bytes."""


def _xml_checker(namespaces: bool = False) -> XMLParserType:
    """An expat parser that only checks that a part is well-formed XML without a DOCTYPE or an
    entity (what defusedxml refuses); with ``namespaces``, names are namespace}local."""
    parser = ParserCreate(namespace_separator="}") if namespaces else ParserCreate()

    def refuse(*_args) -> None:
        raise _Refused

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    return parser


def _elements(data: bytes, tag: str) -> tuple[str, list[dict[str, str]]]:
    """The root element's name and the attributes of every ``tag`` element of an XML part, the
    names as ElementTree gives them ("{namespace}local"). Raises ExpatError for XML that is not
    well-formed, _Refused for a DOCTYPE or an entity."""
    parser = _xml_checker(namespaces=True)
    root: list[str] = []
    found: list[dict[str, str]] = []

    def start(element: str, attrs: dict[str, str]) -> None:
        element = "{" + element if "}" in element else element
        if not root:
            root.append(element)
        if element == tag:
            found.append({("{" + k if "}" in k else k): v for k, v in attrs.items()})

    parser.StartElementHandler = start
    parser.Parse(data, True)
    return (root[0] if root else ""), found


def _refuse_cell(bad: tuple[str, str] | None, name: str, part: str) -> None:
    if bad is not None:
        raise _refuse(bad[0], name=name, part=part, cell=bad[1])


def _read_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, sheet: str | None,
               whole: bool = False, limits: tuple[int, int] | None = None) -> tuple[bytes, ErrorCells]:
    """Decompress one part a piece at a time (zipfile checks its size and CRC at the end);
    XML parts must be UTF-8 with no DOCTYPE (and, ``whole``, well-formed), worksheets must fit
    the grid. The part's bytes when it is a relationships part, else b""; and, for a ``sheet``,
    its error cells (python-calamine reads them as ""): from the first piece that holds one on,
    the pieces are kept, and read by readers/errorcells.py at the end (most sheets hold none)."""
    xml = info.filename.lower().endswith(XML_SUFFIXES)
    # check's reader (python-calamine 0.9.1 and later) decodes the sheets it parses and the
    # shared strings whole, and refuses a part that is not UTF-8 anywhere (XmlError;
    # readers/calamine.py then names the part with the vetting ``whole``): check leaves that test
    # to it, a fifth of the vetting of a sheet of Thai text
    utf8 = xml and (whole or sheet is None and info.filename != SHARED_STRINGS)
    rels = info.filename.endswith(".rels")
    decoder = codecs.getincrementaldecoder("utf-8")()
    # customXml items are data stores no spreadsheet parses as the workbook (our own highlight
    # record among them, which the report replaces when damaged)
    parser = _xml_checker() if whole and xml and not info.filename.startswith("customXml/") else None
    rows = cols = read = 0
    bounded = False
    held: list[bytes] = []  # the sheet's XML from its first error cell on
    before_cells = True  # the sheet's head: its dimension
    tail = head = cells_tail = error_tail = b""
    worksheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
    kept = []
    try:
        with zf.open(info) as fh:
            while block := fh.read(PIECE):
                read += len(block)
                if read > info.file_size:  # zipfile stops at the declared size; belt and braces
                    raise zipfile.BadZipFile("longer than declared")
                if xml:
                    if len(head) < XML_PROLOG_BYTES:
                        head = (head + block)[:XML_PROLOG_BYTES]
                        upper = head.upper()
                        if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
                            raise _refuse("xml_refused", name=name, part=info.filename)
                    if utf8 and (not block.isascii() or decoder.getstate()[0]):  # ASCII is UTF-8
                        decoder.decode(block)
                if parser is not None:
                    parser.Parse(block, False)
                if rels:
                    kept.append(block)
                if sheet is not None:
                    r, c, after, exact = far_corner(block, tail, head=before_cells)
                    before_cells = before_cells and not cells_begin(tail + block)
                    rows, cols, bounded, tail = max(rows, r), max(cols, c), bounded or not exact, after
                    if held:
                        held.append(block)
                    elif (found := error_type_in(block, error_tail))[0]:
                        held = [error_tail, block]  # the cell's tag may begin in the piece before
                    else:
                        error_tail = found[1]
                if whole and worksheet:
                    cells = cells_tail + block
                    cut = cells.rfind(b"</c>") + 4 if b"</c>" in cells else 0
                    _refuse_cell(bad_cell(cells, cut, limits), name, info.filename)
                    cells_tail = cells[cut:][-(1 << 16):]
            if whole and worksheet:  # the cells after the last </c> (self-closing ones)
                _refuse_cell(bad_cell(cells_tail, len(cells_tail), limits), name, info.filename)
            if utf8:
                decoder.decode(b"", final=True)
            if parser is not None:
                parser.Parse(b"", True)
            if bounded and too_large(rows, cols):  # a bound, not the corner: read it exactly
                rows, cols = exact_corner(zf, info)
    except UnicodeDecodeError:
        raise _refuse("part_not_utf8", name=name, part=info.filename) from None
    except _Refused:
        raise _refuse("xml_refused", name=name, part=info.filename) from None
    except ZIP_ERRORS:
        raise _refuse("part_damaged", name=name, part=info.filename) from None
    except ExpatError:  # not well-formed XML
        raise _refuse("package_part_unreadable", name=name, part=info.filename) from None
    if sheet is not None and too_large(rows, cols):
        from ..core.ir import cell_ref

        raise _refuse("sheet_too_large", name=name, sheet=sheet,
                      cell=cell_ref(rows - 1, cols - 1) if rows <= MAX_ROW and cols <= MAX_COLUMN
                      else f"R{rows}C{cols}", limit=f"{MAX_GRID_CELLS:,}")
    return b"".join(kept), cells_of(b"".join(held)) if held else {}


def _read_head(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    """A part no reader opens on ``check`` (a theme, a drawing, a sheet not of the form, a
    picture): its local header and its first bytes, where a DOCTYPE or another encoding shows.
    Its CRC and the rest of its text are the writers' to vet (``whole``): they copy it."""
    try:
        with zf.open(info) as fh:
            head = fh.read(XML_PROLOG_BYTES)
    except ZIP_ERRORS:
        raise _refuse("part_damaged", name=name, part=info.filename) from None
    if not info.filename.lower().endswith(XML_SUFFIXES):
        return
    upper = head.upper()
    if b"<!DOCTYPE" in upper or b"<!ENTITY" in upper:
        raise _refuse("xml_refused", name=name, part=info.filename)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head)  # a character cut at the end waits
    except UnicodeDecodeError:
        raise _refuse("part_not_utf8", name=name, part=info.filename) from None


def _rels_source(rels: str) -> str:
    """The part a relationships part belongs to ("" for the package's own _rels/.rels)."""
    folder, base = posixpath.split(rels)
    return posixpath.join(posixpath.dirname(folder), base[:-len(".rels")]) if base != ".rels" else ""


def _check_targets(rels: str, data: bytes, names: set[str], name: str) -> None:
    """Every internal relationship of ``rels`` leads to a part of the package (a writer follows
    them all)."""
    from urllib.parse import unquote

    try:
        _root, relationships = _elements(data, NS_PKG_REL + "Relationship")
    except (ExpatError, _Refused):
        raise _refuse("package_part_unreadable", name=name, part=rels) from None
    base = "/" + posixpath.dirname(_rels_source(rels))
    for rel in relationships:
        target = rel.get("Target")
        if rel.get("TargetMode") == "External":
            continue
        if not target:
            raise _refuse("package_part_unreadable", name=name, part=rels)
        part = posixpath.normpath(posixpath.join("/" if target.startswith("/") else base, target)).lstrip("/")
        if part not in names and unquote(part) not in names:
            raise _refuse("part_missing", name=name, part=part)


def vetting_order(sheets: list[tuple[str, str]], sizes: list[int]) -> list[tuple[str, str]]:
    """The (sheet, part) check reads, in the order they are vetted and so parsed: the workbook's
    (each parsed while the next is vetted, and made into values while the next is parsed); but a
    sheet of over LONG_PARSE bytes (``sizes``: uncompressed) and larger than all the others
    together first: its parse is the longest path, and the others are read while it parses.
    A smaller one parses in less time than the checker takes to load (docs/performance.md)."""
    order = list(sheets)
    if sizes and max(sizes) > LONG_PARSE and 2 * max(sizes) > sum(sizes):
        order.insert(0, order.pop(sizes.index(max(sizes))))
    return order


def vet_package(path: str | Path, whole: bool = False) -> dict[str, ErrorCells]:
    """Refuse (PackageRefused, Thai and English) a damaged or hostile .xlsx/.xlsm package.
    ``whole`` (the commands that write a copy of it): also every XML part well-formed and every
    internal relationship leading to a part, since the copy carries them all.
    Returns {sheet name: its error cells} of the sheets check reads, which the vetting inflates
    anyway."""
    return dict(vet_sheets(path, whole))


def vet_sheets(path: str | Path, whole: bool = False,
               on_parts: Callable[[], object] = lambda: None) -> Iterator[tuple[str, ErrorCells]]:
    """:func:`vet_package` a sheet at a time: every other part is vetted first (then
    ``on_parts()`` is called: a reader may open the book), then each sheet check reads, in
    :func:`vetting_order`, is yielded (name, its error cells) as soon as it is vetted, so that a
    reader may parse it while the next is vetted (readers/calamine.py). Once per file version:
    report vets, then reads, the same file."""
    stat = Path(path).stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    done = _VETTED.get((*key, whole), _VETTED.get((*key, True)))  # vetted whole serves check too
    if done is not None:
        on_parts()
        yield from done.items()
        return
    found: dict[str, ErrorCells] = {}
    for sheet, errors in _vet(*key, whole, on_parts):
        found[sheet] = errors
        yield sheet, errors
    while len(_VETTED) >= 8:
        del _VETTED[next(iter(_VETTED))]
    _VETTED[(*key, whole)] = found


# {(path, size, mtime_ns, whole): what vet_sheets yielded}, the last 8 files vetted in this process
_VETTED: dict[tuple[str, int, int, bool], dict[str, ErrorCells]] = {}


def _vet(path: str, size: int, mtime_ns: int, whole: bool,
         on_parts: Callable[[], object] = lambda: None) -> Iterator[tuple[str, ErrorCells]]:
    name = os.path.basename(path)
    if size > MAX_FILE_BYTES:
        raise _refuse("package_too_big", name=name, mb=f"{size / 1e6:.1f}",
                      limit=f"{MAX_FILE_BYTES / 1e6:.0f}")
    try:
        zf = zipfile.ZipFile(path)
    except ZIP_ERRORS:
        raise _refuse("truncated", path=path, name=name) from None
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        seen: set[str] = set()
        for info in infos:
            if info.filename in seen:
                raise _refuse("part_twice", name=name, part=info.filename)
            seen.add(info.filename)
            if info.flag_bits & 0x1:
                raise _refuse("part_encrypted", name=name, part=info.filename)
            if info.compress_type not in METHODS:
                raise _refuse("part_method", name=name, part=info.filename, method=info.compress_type)
        if (total := sum(i.file_size for i in infos)) > MAX_UNZIPPED_BYTES:
            raise _refuse("zip_total", mb=f"{total / 1e6:.0f}")
        for part in REQUIRED_PARTS:
            if part not in seen:
                raise _refuse("part_missing", name=name, part=part)
        for part in REQUIRED_PARTS[1:4]:  # parsed whole below: read them first, checked
            _read_part(zf, zf.getinfo(part), name, None, whole)
        sheets = _sheet_parts(zf, name)
        read = {*wanted_sheets(list(sheets)), *other_tabs(list(sheets)), FORM.sheet("summary").name}
        sheet_of = {part: sheet for sheet, part in sheets.items() if sheet in read}
        for info in infos:  # a zip bomb, in a part a reader opens (as consolidate rules)
            unread = info.filename in sheets.values() and info.filename not in sheet_of
            if not unread and info.file_size > 1_000_000 \
                    and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise _refuse("zip_ratio", part=info.filename, limit=MAX_RATIO,
                              ratio=info.file_size // max(info.compress_size, 1))
        try:
            limits = cell_limits(zf, seen) if whole else None
        except ZIP_ERRORS:  # styles or shared strings that do not unpack: named below
            limits = None
        opened = {*REQUIRED_PARTS, SHARED_STRINGS, *sheet_of}  # what check's readers open
        for info in infos:  # every part but the sheets check reads
            if info.filename in sheet_of:
                continue
            if whole or info.filename in opened and info.filename not in REQUIRED_PARTS[1:4]:
                rels, _errors = _read_part(zf, info, name, None, whole, limits)
                if whole and info.filename.endswith(".rels"):
                    _check_targets(info.filename, rels, seen, name)
            elif info.filename not in opened:
                _read_head(zf, info, name)
        on_parts()
        read_here = [(sheet, part) for sheet, part in sheets.items() if sheet_of.get(part) == sheet]
        for sheet, part in vetting_order(read_here, [zf.getinfo(part).file_size for _s, part in read_here]):
            yield sheet, _read_part(zf, zf.getinfo(part), name, sheet, whole, limits)[1]
