"""A check on the IR: the steps of pipeline.py (structure → cells → rows → figures → criteria),
then the Report.

Pure standard library: it runs wherever Python runs (Pyodide included) and the readers
are adapters that only produce the IR.
"""
from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator
from itertools import chain
from json.encoder import encode_basestring
from operator import itemgetter, methodcaller
from pathlib import PurePath
from typing import Any

from ..form import FORM
from .checks.structure import read_cells as read_cells  # api.check reads each sheet ahead
from .context import Context
from .errors import UserError
from .ir import WorkbookIR, collector_paused
from .messages import ERROR, WARNING, Finding, Findings
from .pipeline import run
from .problems import read_problem
from .rubric import load_rubric

_SEVERITY = itemgetter(1)  # of a Finding (a named tuple: its fields by position, in C)
# Report.to_json: a finding's JSON in three pieces, as json.dumps writes its dict
_JSON_PIECES = (itemgetter(0, 1, 2), itemgetter(3), itemgetter(4, 5))
_JSON_PLACE = '{"code": %s, "severity": %s, "sheet": %s, "cell": '
_JSON_SENTENCES = ', "message_th": %s, "message_en": %s}'


# UTF-8, a lone surrogate as "?" (as a console set to "replace" writes it)
_encoded = methodcaller("encode", "utf-8", "replace")


class Report:
    """The result of a check: figures and findings, data before text. A plain class, no
    dataclass: dataclasses (with inspect and copy) cost ~5 ms of every check, and ~0.35 ms each
    class made, loaded while calamine parses (core/ir.py)."""

    def __init__(self, source: str, form_version: str, school: dict[str, Any], figures: dict[str, Any],
                 findings: list[Finding] | Findings, checked_at: str | None = None) -> None:
        self.source = source
        self.form_version = form_version
        self.school = school
        self.figures = figures
        self._found = findings  # a check's are columns (messages.Findings), made into a list when asked
        self.checked_at = dt.datetime.now().isoformat(timespec="seconds") if checked_at is None else checked_at

    @property
    def findings(self) -> list[Finding]:
        found = self._found
        return found.all() if isinstance(found, Findings) else found

    def _columns(self) -> Findings | None:
        """The findings' columns while nobody has had the list (the JSON and the counts are
        made from them: issue 24), else None."""
        found = self._found
        return found if isinstance(found, Findings) and found.unread() else None

    def _count(self) -> int:
        """How many findings, from the columns while they are unread (an empty Findings is falsy:
        ``columns or findings`` would read it)."""
        columns = self._columns()
        return len(self.findings) if columns is None else len(columns)

    def _severities(self) -> Iterator[str]:
        """Each finding's severity, in a pass in C."""
        if (columns := self._columns()) is not None:
            return map(list(map(_SEVERITY, columns.made)).__getitem__, columns.which)
        return map(_SEVERITY, self.findings)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._fields() == other._fields()

    def _fields(self) -> tuple[Any, ...]:
        return self.source, self.form_version, self.school, self.figures, self.findings, self.checked_at

    __hash__ = None  # type: ignore[assignment]  # equal by value, as the dataclass was

    def __repr__(self) -> str:
        return (f"Report(source={self.source!r}, form_version={self.form_version!r}, "
                f"figures={self.figures!r}, findings=[{self._count()} findings])")

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def valid(self) -> bool:
        return ERROR not in self._severities()  # a pass in C, ended by the first error

    def to_dict(self) -> dict[str, Any]:
        return {**self._head(), "findings": [f.to_dict() for f in self.findings]}

    def _head(self) -> dict[str, Any]:
        """to_dict but its findings, its last key."""
        counts = Counter(self._severities())  # one pass, not one per count
        return {
            "valid": not counts[ERROR],
            "form_version": self.form_version,
            "tool_form_version": FORM.version,
            "source": self.source,
            "checked_at": self.checked_at,
            "school": self.school,
            "figures": self.figures,
            "counts": {"errors": counts[ERROR], "warnings": counts[WARNING],
                       "findings": self._count()},
        }

    def to_json(self) -> bytes:
        """The UTF-8 of ``json.dumps(self.to_dict(), ensure_ascii=False, default=str)`` (what
        the text cannot encode, a lone surrogate, as "?": as a console set to "replace" writes it)."""
        return b"".join(self.json_chunks())

    def json_chunks(self, size: int = 2000) -> Iterator[bytes]:
        """``to_json`` in pieces of ``size`` findings, to be written as they come.

        A check's findings are thousands of one sentence at many cells: each finding is written
        as three pieces, its place (code, severity, sheet), its cell and its sentences, each
        piece encoded once and the pieces joined in C. json.dumps of the dicts, then encoding
        its text, took 31 ms of 15,357 findings; this 11 ms. Written a piece at a time, the
        memory of one is the next one's: one piece of 40,000 findings (17 MB) was 37 ms, a
        third of it the first touch of its pages; in pieces 22 ms (docs/performance.md).
        A check's own findings are written from their columns (messages.Findings): the pieces of
        each finding made once, then taken for each finding by its index."""
        head = json.dumps(self._head(), ensure_ascii=False, default=str)
        columns = self._columns()
        try:
            made = self.findings if columns is None else columns.made
            place, cell, sentence = _JSON_PIECES
            places, sentences = list(map(place, made)), list(map(sentence, made))
            middle, quote = _json_cells(list(map(cell, made)) if columns is None else columns.cells)
            first: Any = {k: _encoded(_JSON_PLACE % tuple(map(encode_basestring, k)) + quote) for k in set(places)}
            last: Any = {k: _encoded(quote + _JSON_SENTENCES % tuple(map(encode_basestring, k)) + ", ")
                         for k in set(sentences)}
            if columns is not None:  # each made finding's pieces, by its index
                first, last = list(map(first.__getitem__, places)), list(map(last.__getitem__, sentences))
                places = sentences = columns.which
        except TypeError:  # a field that is no text: json.dumps writes it as it does
            yield _encoded(json.dumps(self.to_dict(), ensure_ascii=False, default=str))
            return
        yield _encoded(head[:-1]) + b', "findings": ['
        for at in range(0, len(middle), size):
            part = slice(at, at + size)
            pieces = list(chain.from_iterable(zip(map(first.__getitem__, places[part]), middle[part],
                                                  map(last.__getitem__, sentences[part]))))
            if at + size >= len(middle):
                pieces[-1] = pieces[-1][:-2]  # no comma after the last
            yield b"".join(pieces)
        yield b"]}"


def _json_cells(cells: list[str]) -> tuple[list[bytes], str]:
    """The findings' cells for the JSON, and the quote the pieces around them hold. Cells are
    A1 addresses: when no cell holds what JSON escapes (a quote, a backslash, a control: one
    test of their text), each is its text between quotes, the quotes in the pieces around it,
    and all are encoded at once; else each is its own JSON string."""
    text = "".join(cells)
    if cells and text.isprintable() and '"' not in text and "\\" not in text:
        return _encoded("\n".join(cells)).split(b"\n"), '"'  # printable: no cell holds a line break
    return list(map(_encoded, map(encode_basestring, cells))), ""


class NotThisForm(UserError):
    """The workbook is readable but is not the cooperation form."""


def require_form(ir: WorkbookIR) -> WorkbookIR:
    """``ir`` itself, or NotThisForm when it is not the cooperation form (another form id, or
    none of its sheets)."""
    form_id = ir.meta.get("form_id")
    if (form_id is not None and form_id != FORM.id) or not ir.sheets:
        name = PurePath(ir.source).name if ir.source else "workbook"
        raise NotThisForm(read_problem("not_the_form", name=name, title=FORM.title, form_id=FORM.id))
    return ir


def _school(ctx: Context) -> dict[str, Any]:
    s = ctx.school
    get = (lambda k: s[k]) if s else (lambda k: None)
    return {"code": get("code"), "name": get("name"), "academic_year": get("academic_year"),
            "province": get("province"), "affiliation": get("affiliation"),
            "reporter": get("reporter"), "position": get("position")}


def check_ir(ir: WorkbookIR, rubric: dict[str, Any] | None = None,
             read_ahead: dict[str, Any] | None = None) -> Report:
    """Check a workbook's IR and compute its figures (``read_ahead``: {sheet key: read_cells of
    its IR}, the sheets whose cells were read while the reader parsed the next)."""
    with collector_paused():
        ctx = run(Context(ir, rubric=rubric or load_rubric(), read_ahead=read_ahead or {}))
    return Report(ir.source, ir.meta.get("form_version", ""), _school(ctx), ctx.figures,
                  ctx.in_order())
