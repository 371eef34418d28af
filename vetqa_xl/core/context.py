"""What every step of the pipeline shares: the IR parsed into records, the findings so far and
the figures. Checks and figures both work on it, and neither imports the other."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..form import FORM, PARTICIPANT_KEYS, Form, Sheet
from .ir import Row, WorkbookIR
from .messages import ERROR, Finding, finding


class RowRefs:
    """A record's A1 addresses by column key, made only for the cells that get a finding."""

    __slots__ = ("row", "labels")

    def __init__(self, row: Row, labels: dict[str, str]):
        self.row, self.labels = row, labels  # labels: column key -> header label

    def __getitem__(self, key: str) -> str:
        return self.row.ref(self.labels[key])


@dataclass
class Record:
    """A data row with each form column read as its type (None when blank or unreadable)."""

    sheet: Sheet
    number: int  # 1-based worksheet row
    values: dict[str, Any]  # by column key: each column's type (date, int, str...)
    refs: RowRefs | dict[str, str]  # by column key -> A1
    duplicate: bool = False  # an identical earlier row exists: counted once
    valid: bool = True  # no error finding on this row

    def __getitem__(self, key: str) -> Any:
        return self.values.get(key)


def programme_key(record: Record) -> tuple[str, str] | None:
    """(ระดับ, สาขางาน) of a record; None when either is unusable. Both are read as text,
    folded (core/checks/cells.py: a choice and a programme column read to folded text or None)."""
    values = record.values
    level, programme = values.get("level"), values.get("programme")
    if level is None or programme is None:
        return None
    return level, programme


def has_full_participation(record: Record) -> bool:
    """An activity row in which all four participant groups took part: each count is > 0.
    A count column reads as a whole number >= 0 or None, so "> 0" is "true"."""
    return all(map(record.values.get, PARTICIPANT_KEYS))


_Step = TypeVar("_Step", bound=Callable[..., Any])


def emits(*codes: str) -> Callable[[_Step], _Step]:
    """Declare the finding codes a pipeline step may emit (``step.codes``); a step emitting
    another code fails loudly (Context.add), so the declarations cannot drift."""
    def mark(fn: _Step) -> _Step:
        fn.codes = codes  # type: ignore[attr-defined]  # a function attribute, read by Context.add
        return fn
    return mark


@dataclass
class Context:
    """The state one check run shares between its steps."""

    ir: WorkbookIR
    form: Form = FORM
    findings: list[Finding] = field(default_factory=list)
    records: dict[str, list[Record]] = field(default_factory=dict)  # by sheet key
    missing: set[tuple[str, str]] = field(default_factory=set)  # (sheet key, column key)
    rubric: dict[str, Any] | None = None  # the quality-level rubric (core/rubric.py)
    figures: dict[str, Any] = field(default_factory=dict)  # FORM.md section 3, filled by the figure steps
    community_met: dict[str, bool] = field(default_factory=dict)  # 3.1–3.4 met by the data alone
    contradicted: set[str] = field(default_factory=set)  # checklist items the data contradicts
    step: Any = None  # the pipeline step running now: it may emit only its declared codes
    _names: dict[str, str] = field(default_factory=dict, init=False, repr=False)  # sheet key -> name

    def add(self, code: str, sheet_key: str, record: Record | None = None,
            column: str | None = None, cell: str | None = None, **params: Any) -> None:
        if self.step is not None and code not in self.step.codes:
            raise AssertionError(f"{self.step.__name__} emits {code}, which it does not declare")
        name = self._names.get(sheet_key) or self._names.setdefault(
            sheet_key, self.form.sheet(sheet_key).name)
        if cell is None:
            cell = record.refs[column] if record is not None and column else ""
        self.findings.append(finding(code, name, cell,
                                     record.number if record is not None else None, **params))

    def rows(self, sheet_key: str, counted: bool = True) -> list[Record]:
        """Records of a sheet; counted=True keeps the valid, non-duplicate ones."""
        rows = self.records.get(sheet_key, [])
        return [r for r in rows if r.valid and not r.duplicate] if counted else rows

    def checklist(self, sheet_key: str) -> dict[str, Record]:
        """Checklist records by item number (ข้อ)."""
        return {str(r["number"]): r for r in self.records.get(sheet_key, []) if r["number"]}

    @property
    def school(self) -> Record | None:
        rows = self.records.get("school")
        return rows[0] if rows else None

    def mark_validity(self) -> None:
        bad = {(f.sheet, f.row) for f in self.findings if f.severity == ERROR and f.row}
        for rows in self.records.values():
            for r in rows:
                r.valid = (r.sheet.name, r.number) not in bad
