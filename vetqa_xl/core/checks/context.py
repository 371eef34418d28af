"""What the checks share: the IR parsed into records, and the findings so far."""
from __future__ import annotations

from dataclasses import dataclass, field

from ...form import FORM, Form, Sheet
from ..ir import Row, WorkbookIR
from ..messages import ERROR, Finding, finding


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
    values: dict[str, object]  # by column key
    refs: RowRefs | dict[str, str]  # by column key -> A1
    duplicate: bool = False  # an identical earlier row exists: counted once
    valid: bool = True  # no error finding on this row

    def __getitem__(self, key: str) -> object:
        return self.values.get(key)


@dataclass
class Context:
    ir: WorkbookIR
    form: Form = FORM
    findings: list[Finding] = field(default_factory=list)
    records: dict[str, list[Record]] = field(default_factory=dict)  # by sheet key
    missing: set[tuple[str, str]] = field(default_factory=set)  # (sheet key, column key)

    def add(self, code: str, sheet_key: str, record: Record | None = None,
            column: str | None = None, cell: str | None = None, **params) -> None:
        sheet = self.form.sheet(sheet_key)
        if cell is None:
            cell = record.refs[column] if record is not None and column else ""
        self.findings.append(finding(code, sheet.name, cell,
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
