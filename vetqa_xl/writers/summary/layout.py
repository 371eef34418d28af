"""Where each form sheet's columns and rows are in one workbook (the template's, or a user's
file read into the IR), and the cell references of a data row that the formulas use."""
from __future__ import annotations

from dataclasses import dataclass, field

from ...core.ir import WorkbookIR, column_letter
from ...core.normalise import fold_text
from ...form import FORM, Form

# The rows of every sheet of the template (writers/template.py builds it on these).
TITLE_ROW, NOTE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3, 4

@dataclass
class SheetPlace:
    name: str
    header_row: int
    columns: dict[str, str]  # column key -> letter
    last_row: int  # last row the formulas cover
    item_rows: dict[str, int] = field(default_factory=dict)  # checklist item -> row


@dataclass
class SummaryLayout:
    """Where each form sheet's columns and rows are in one workbook."""

    sheets: dict[str, SheetPlace]  # by sheet key; missing sheets absent

    @property
    def rows(self) -> int:
        """Rows of the helper sheet: the longest table."""
        return max((p.last_row - p.header_row for k, p in self.sheets.items()
                    if FORM.sheet(k).kind == "table"), default=1)


SPARSE_SLACK = 1000  # rows of gaps a table may have and still be covered to its last row


def live_rows(template_last: int, numbers: list[int]) -> int:
    """The last row the live formulas cover: the table's last data row, as long as the table
    is not far sparser than any typed one (a stray cell at A1048576 would otherwise give the
    helper sheet a million rows of formulas). Rows beyond stay checked by the checker and
    listed in ผลการตรวจสอบ; only the live column B does not see them (issue 18)."""
    bound = template_last + 2 * len(numbers) + SPARSE_SLACK
    return max([n for n in numbers if n <= bound] + [template_last])


def template_layout(form: Form = FORM) -> SummaryLayout:
    places = {}
    for s in form.data_sheets:
        cols = {c.key: column_letter(i) for i, c in enumerate(s.columns)}
        if s.kind == "keyvalue":
            cols = {c.key: f"B{FIRST_ROW + i}" for i, c in enumerate(s.columns)}
        places[s.key] = SheetPlace(
            s.name, HEADER_ROW, cols, HEADER_ROW + max(s.rows, len(s.items)),
            {item.number: FIRST_ROW + i for i, item in enumerate(s.items)})
    return SummaryLayout(places)


def file_layout(ir: WorkbookIR, form: Form = FORM) -> SummaryLayout:
    """The layout of a user's workbook, from the reader's IR. Formulas name each sheet as the
    file spells it (a stray space in a tab name is matched after folding, as the checker does)."""
    spelled = {fold_text(name): name for name in ir.sheet_names}
    places = {}
    for key, sheet_ir in ir.sheets.items():
        s = form.sheet(key)
        if sheet_ir.missing_headers:
            continue  # formulas need every column; the findings name what is missing
        if s.kind == "keyvalue":
            cols = {c.key: sheet_ir.rows[0].cells[c.label].ref for c in s.columns}
            places[key] = SheetPlace(spelled.get(s.name, s.name), 0, cols, 0)
            continue
        label_to_key = {c.label: c.key for c in s.columns}
        cols = {label_to_key[label]: "".join(ch for ch in ref if ch.isalpha())
                for label, ref in sheet_ir.columns.items()}
        header = sheet_ir.header_row or 0  # a table's (None only on a key-value sheet)
        last = live_rows(header + s.rows, [r.number for r in sheet_ir.rows])
        items: dict[str, int] = {}
        if s.kind == "checklist":
            number_label = s.column("number").label
            for r in sheet_ir.rows:
                items.setdefault(fold_text(r.value(number_label) or ""), r.number)
        places[key] = SheetPlace(spelled.get(s.name, s.name), header, cols, last, items)
    return SummaryLayout(places)


def _q(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


class Refs:
    """Cell references of one data row (helper-sheet row ``i`` <-> data row header + i - 1)."""

    def __init__(self, place: SheetPlace, i: int):
        self.place = place
        self.row = place.header_row + i - 1

    def __getitem__(self, key: str) -> str:
        return f"{_q(self.place.name)}!{self.place.columns[key]}{self.row}"
