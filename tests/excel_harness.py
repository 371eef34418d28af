"""The harness of the Excel-layer tests (test_excel, test_lite, test_lite_pyodide): xlwings'
remote engine as Excel, the payloads of the sample workbooks, replaying the queued actions, and
the expected counts, fills and summary values from tests/data/sample_expected.json."""
from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

import vetqa_xl
from vetqa_xl.core.ir import column_letter
from vetqa_xl.form import FORM
from vetqa_xl.writers.report import HIGHLIGHT

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = json.loads((ROOT / "tests/data/sample_expected.json").read_text(encoding="utf-8"))
RED, YELLOW = "#" + HIGHLIGHT["error"], "#" + HIGHLIGHT["warning"]
DATA_SHEETS = [s.name for s in FORM.data_sheets]


def sample_json(sample: str) -> dict:
    return json.loads((ROOT / f"vetqa_xl/samples/{sample}.json").read_text(encoding="utf-8"))


def expected_findings(sample: str) -> list[dict]:
    """Every finding the sample was built to contain (severity, sheet, cell)."""
    if sample == "college":
        return EXPECTED["expected_errors"] + EXPECTED["expected_warnings"]
    return [m for m in EXPECTED["mistakes"] if m["severity"] != "none"]


def expected_counts(sample: str) -> tuple[int, int]:
    found = expected_findings(sample)
    return (sum(f["severity"] == "error" for f in found), sum(f["severity"] == "warning" for f in found))


# --- the remote engine ----------------------------------------------------------------------

@pytest.fixture
def xw(monkeypatch):
    """xlwings with its remote engine; Book.caller() is restored after each test."""
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")  # PolyForm Noncommercial
    import xlwings

    if "remote" not in [e.name for e in xlwings.engines]:
        # xlwings was imported earlier in this session without the key: register the engine
        # as xlwings/__init__ does when the key is present.
        from xlwings.main import Engine
        from xlwings.pro import _xlremote

        monkeypatch.setattr(xlwings.engines, "engines", list(xlwings.engines.engines))
        monkeypatch.setattr(xlwings.engines, "engines_by_name", dict(xlwings.engines.engines_by_name))
        xlwings.engines.add(Engine(impl=_xlremote.engine))
    monkeypatch.delattr(xlwings.Book, "_mock_caller", raising=False)
    yield xlwings
    monkeypatch.delattr(xlwings.Book, "_mock_caller", raising=False)


def _cell_json(value):
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    if isinstance(value, dt.datetime):  # Office.js sends dates as ISO strings in UTC
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, dt.timedelta):
        return value.total_seconds() / 86400
    return value


def payload_of(path: Path, name: str | None = None) -> dict:
    """The remote engine's payload of a workbook file: all sheets' values from A1."""
    import xlwings
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    sheets = []
    for meta in book.sheets_metadata:
        rows = book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
        sheets.append({"name": meta.name, "values": [[_cell_json(v) for v in r] for r in rows] or [[]],
                       "visibility": "Visible" if str(meta.visible).endswith("Visible") else "Hidden",
                       "pictures": [], "tables": [], "_colors": {}})
    return {"client": "Office.js", "version": xlwings.__version__,
            "book": {"name": name or path.name, "active_sheet_index": 0, "selection": "A1"},
            "names": [], "sheets": sheets}


@pytest.fixture(scope="session")
def sample_files(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("samples")
    return {s: vetqa_xl.fill_sample(out / f"{s}.xlsx", s) for s in ("college", "college_mistakes")}


def open_book(xw, payload: dict):
    book = xw.Book(json=copy.deepcopy(payload))
    book.set_mock_caller()
    return book


def actions(book) -> list[dict]:
    return book.json()["actions"]


def alerts(book) -> list[list]:
    return [a["args"] for a in actions(book) if a["func"] == "alert"]


def _area(action: dict) -> tuple[int, int, int, int]:
    """(r1, c1, r2, c2), 1-based, of a range action."""
    r, c = action["start_row"] + 1, action["start_column"] + 1
    return r, c, r + action["row_count"] - 1, c + action["column_count"] - 1


def replay(payload: dict, acts: list[dict]) -> dict:
    """The payload after Excel has applied the actions (values as written, fills, sheets, and
    conditional formats as ``_conditional``: [(area, rule)], first rule first)."""
    out = copy.deepcopy(payload)
    sheets = out["sheets"]
    for a in acts:
        f, args = a["func"], a["args"]
        if f == "addSheet":
            sheets.insert(args[0], {"name": args[1], "values": [[]], "visibility": "Visible",
                                    "pictures": [], "tables": [], "_colors": {}})
            out["book"]["active_sheet_index"] = args[0]
            continue
        if f == "activateSheet":
            out["book"]["active_sheet_index"] = args[0]
            continue
        if a["sheet_position"] is None:
            continue
        sheet = sheets[a["sheet_position"]]
        if f == "sheetDelete":
            sheets.remove(sheet)
        elif f == "setSheetVisibility":
            sheet["visibility"] = args[0]
        elif f in ("setFormula", "setValues"):
            values = sheet["values"]
            for i, row in enumerate(a["values"]):
                r = a["start_row"] + i
                while len(values) <= r:
                    values.append([])
                for j, v in enumerate(row):
                    c = a["start_column"] + j
                    while len(values[r]) <= c:
                        values[r].append("")
                    values[r][c] = v
        elif f == "addConditionalFormat":  # Excel puts a new rule first
            sheet.setdefault("_conditional", []).insert(0, (_area(a), args[0]))
        elif f == "clearConditionalFormats":
            r1, c1, r2, c2 = _area(a)
            sheet["_conditional"] = [(ar, e) for ar, e in sheet.get("_conditional", [])
                                     if ar[2] < r1 or r2 < ar[0] or ar[3] < c1 or c2 < ar[1]]
        elif f == "setRangeColor":
            for i in range(a["row_count"]):
                for j in range(a["column_count"]):
                    sheet["_colors"][(a["start_row"] + i + 1, a["start_column"] + j + 1)] = args[0]
    for s in sheets:  # Excel sends rectangles
        w = max((len(r) for r in s["values"]), default=0)
        s["values"] = [r + [""] * (w - len(r)) for r in s["values"]] if w else [[]]
    return out


def sheet_of(payload: dict, name: str) -> dict:
    return next(s for s in payload["sheets"] if s["name"] == name)


def names(payload: dict) -> list[str]:
    return [s["name"] for s in payload["sheets"]]


def fills(payload: dict) -> dict[tuple[str, str], str]:
    """{(sheet, A1): colour} of every filled cell of the data sheets."""
    return {(s["name"], f"{column_letter(c - 1)}{r}"): colour
            for s in payload["sheets"] if s["name"] in DATA_SHEETS
            for (r, c), colour in s["_colors"].items() if colour}


def expected_fills(sample: str) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for f in expected_findings(sample):
        if f["severity"] in ("error", "warning") and out.get((f["sheet"], f["cell"])) != RED:
            out[(f["sheet"], f["cell"])] = RED if f["severity"] == "error" else YELLOW
    return out


@pytest.fixture
def readable_fills(xw, monkeypatch):
    """Let the remote engine read fills (from the payload, and those set since), as Excel's
    COM engine reads them."""
    from xlwings.pro import _xlremote as R
    from xlwings.utils import hex_to_rgb

    def getter(self):
        colour = self.sheet.api.get("_colors", {}).get((self.row, self.column))
        return hex_to_rgb(colour) if colour else None

    queue = R.Range.color.fset

    def setter(self, colour):  # queue the action, and let later reads see it, as COM does
        queue(self, colour)
        rows, cols = self.shape
        for i in range(rows):
            for j in range(cols):
                self.sheet.api.setdefault("_colors", {})[(self.row + i, self.column + j)] = (
                    R._color_to_hex(colour))

    monkeypatch.setattr(R.Range, "color", property(getter, setter))


def expected_summary(sample: str) -> dict[str, float]:
    """The checker column of สรุป by figure key, from sample_expected.json."""
    e = EXPECTED if sample == "college" else EXPECTED["mistakes_figures"]
    out: dict[str, float] = {}
    for fig in ("dual_programmes", "resource_programmes"):
        out[f"{fig}.total"] = e[fig]["total"]
        out.update({f"{fig}.{lv}": n for lv, n in e[fig]["by_level"].items()})
    out["activities.total"] = e["activities"]["total"]
    out.update({f"activities.{t}": n for t, n in e["activities"]["by_type"].items()})
    r = e["expert_ratio"]
    out.update({"expert_ratio.covered": r["covered"], "expert_ratio.total": r["total"],
                "expert_ratio.uncovered": r["total"] - r["covered"],
                "expert_ratio.percent": r["percent"], "expert_ratio.met": int(r["met"])})
    out.update({f"stages.{k}": int(k in e["stages_complete"]) for k in range(1, 6)})
    out["stages.count"] = len(e["stages_complete"])
    for item, c in e["criteria"].items():
        out[f"criteria.{item}.met"] = c["met"]
        if item != "1":
            out.update({f"criteria.{n}": int(v) for n, v in c["detail"].items()})
    return out


