"""The live-formula builders of the figures (registry.Figure.rows): each yields its rows of the
สรุป sheet, a section heading (str) or a :class:`SummaryRow` with its Excel formula and the
checker's value. Pure standard library: where the cells are is the writer's (a :class:`Place`,
writers/summary/rows.py), what the formulas say is the figure's.

The rules are the form's and the rubric's, as each figure declares them (Figure.thresholds): the
percentage of criterion 2.3 (form.EXPERT_RULE_PERCENT), the stages (form.STAGES) and the
aspect's maximum (rubric.MAX_LEVEL per item).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from ..form import (
    ACTIVITY_TYPES,
    COMMUNITY_CRITERIA,
    COMMUNITY_CRITERION_TYPE,
    ITEMS,
    LEVELS,
    RESOURCE_CRITERIA,
    STAGES,
)


class SummaryRow(NamedTuple):  # a NamedTuple: a dataclass costs the check's start-up ~0.4 ms
    key: str  # stable key (hidden column), e.g. "dual_programmes.ปวช."
    label: str
    formula: str | None
    value: object  # the checker's value (None in the template)
    style: str = "number"
    # What the formula computes, for its cached value (writers/summary/values.py), when it is a
    # plain count of the helper sheet: ("sum", column) | ("count", (column, value), …) |
    # ("countif", column, text). None: values.py computes the row by its key.
    twin: tuple[Any, ...] | None = None


if TYPE_CHECKING:  # a Protocol class costs the check's start-up; only the type checker needs it
    from typing import Protocol

    class Place(Protocol):
        """Where the formulas read, as the summary writer knows it (rows.Place)."""

        rubric: dict[str, Any]

        def rng(self, calc_key: str) -> str: ...  # a column of the helper sheet คำนวณสรุป
        def ref(self, row_key: str) -> str: ...  # the formula cell of an earlier สรุป row
        def declared(self, sheet_key: str, item: str) -> str: ...  # ใช่ with evidence
        def stage_complete(self, stage: str) -> str: ...
        def projects(self) -> str: ...  # a valid resource project exists


Rows = Iterator["SummaryRow | str"]


def by_level_rows(first_col: str) -> Callable[[Any, Place, dict[str, Any] | None], Rows]:
    """Distinct (ระดับ, สาขาวิชา) per ระดับ and in total, from a first-of column of the helper."""
    def rows(fig: Any, x: Place, v: dict[str, Any] | None) -> Rows:
        yield fig.th
        for level in LEVELS:
            yield SummaryRow(f"{fig.key}.{level}", level,
                             f'SUMPRODUCT(({x.rng(first_col)}=1)*({x.rng("plevel")}="{level}"))',
                             v["by_level"][level] if v else None, twin=("count", (first_col, 1), ("plevel", level)))
        yield SummaryRow(f"{fig.key}.total", "รวม", f"SUM({x.rng(first_col)})", v["total"] if v else None,
                         twin=("sum", first_col))
    return rows


def activity_rows(fig: Any, x: Place, v: dict[str, Any] | None) -> Rows:
    yield fig.th
    for t in ACTIVITY_TYPES:
        yield SummaryRow(f"{fig.key}.{t}", t, f'COUNTIF({x.rng("acttype")},"{t}")',
                         v["by_type"][t] if v else None, twin=("countif", "acttype", t))
    yield SummaryRow(f"{fig.key}.total", "รวม", f'SUM({x.rng("actfirst")})', v["total"] if v else None,
                     twin=("sum", "actfirst"))


def ratio_rows(fig: Any, x: Place, v: dict[str, Any] | None) -> Rows:
    k = fig.key
    yield fig.th
    yield SummaryRow(f"{k}.covered", "สาขางานที่มีครูพิเศษร่วมพัฒนาผู้เรียน", f'SUM({x.rng("covered")})',
                     v["covered"] if v else None, twin=("sum", "covered"))
    yield SummaryRow(f"{k}.uncovered", "สาขางานที่ยังไม่มีครูพิเศษ",
                     f'SUM({x.rng("pfirst")})-SUM({x.rng("covered")})', v["total"] - v["covered"] if v else None)
    yield SummaryRow(f"{k}.total", "สาขางานทั้งหมด", f'SUM({x.rng("pfirst")})', v["total"] if v else None,
                     twin=("sum", "pfirst"))
    total, covered = x.ref(f"{k}.total"), x.ref(f"{k}.covered")
    yield SummaryRow(f"{k}.percent", "ร้อยละ", f"IF({total}=0,0,ROUND({covered}*100/{total},2))",
                     v["percent"] if v else None, "percent")
    rule = fig.thresholds["percent"]
    yield SummaryRow(f"{k}.met", f"เกณฑ์ร้อยละ {rule}", f"IF(AND({total}>0,{covered}*100>={rule}*{total}),1,0)",
                     int(v["met"]) if v else None, "passfail")


def stage_rows(fig: Any, x: Place, v: dict[str, Any] | None) -> Rows:
    last = fig.thresholds["stage_count"]  # one row per stage of the form
    yield fig.th
    for k, stage in enumerate(STAGES, start=1):
        yield SummaryRow(f"{fig.key}.{k}", stage, f"IF({x.stage_complete(stage)},1,0)",
                         int(v["detail"][str(k)]) if v else None, "passfail")
    yield SummaryRow(f"{fig.key}.count", "จำนวนขั้นที่ครบ",
                     f'SUM({x.ref(f"{fig.key}.1")}:{x.ref(f"{fig.key}.{last}")})', v["count"] if v else None)


# The criteria of each item, as สรุป row keys (criterion 1.k: stage k complete).
CRITERIA_ROWS = {"1": [f"stages.{k}" for k in range(1, len(STAGES) + 1)],
                 "2": [f"criteria.{i.number}" for i in RESOURCE_CRITERIA],
                 "3": [f"criteria.{i.number}" for i in COMMUNITY_CRITERIA]}


def criteria_rows(fig: Any, x: Place, v: dict[str, Any] | None) -> Rows:
    yield f"ข้อ 2 {ITEMS['2'][0]}"
    for item in RESOURCE_CRITERIA:
        if item.number == "2.3":
            formula = x.ref("expert_ratio.met")
        elif item.number in ("2.1", "2.4"):
            formula = f"IF(AND({x.declared('resource_criteria', item.number)},{x.projects()}),1,0)"
        else:
            formula = f"IF({x.declared('resource_criteria', item.number)},1,0)"
        yield SummaryRow(f"criteria.{item.number}", f"ข้อ {item.number} {item.text}", formula,
                         int(v["2"]["detail"][item.number]) if v else None, "passfail")
    yield f"ข้อ 3 {ITEMS['3'][0]}"
    for item in COMMUNITY_CRITERIA:
        t = COMMUNITY_CRITERION_TYPE.get(item.number)
        if t:
            formula = f'IF(SUMPRODUCT(({x.rng("acttype")}="{t}")*({x.rng("actfull")}=1))>0,1,0)'
        else:
            formula = f"IF({x.declared('community_criteria', item.number)},1,0)"
        yield SummaryRow(f"criteria.{item.number}", f"ข้อ {item.number} {item.text}", formula,
                         int(v["3"]["detail"][item.number]) if v else None, "passfail")
    yield "เกณฑ์ที่ผ่านและระดับคุณภาพ"
    for number, keys in CRITERIA_ROWS.items():
        yield SummaryRow(f"criteria.{number}.met", f"ข้อ {number} จำนวนเกณฑ์ที่ผ่าน",
                         "+".join(x.ref(k) for k in keys), v[number]["met"] if v else None)


def level_rows(fig: Any, x: Place, v: dict[str, Any] | None) -> Rows:
    rubric, top = x.rubric, fig.thresholds["max_level"]
    thresholds = sorted(rubric["item_levels"].items())
    lookup = ("{" + ",".join(str(m) for m, _ in thresholds) + "},{"
              + ",".join(str(lv) for _, lv in thresholds) + "}")
    for item, keys in CRITERIA_ROWS.items():
        if rubric["mode"] == "count":
            score = x.ref(f"criteria.{item}.met")
        else:  # criteria 1..k met in order: k = how many lead the list unbroken
            score = str(len(keys))
            for idx in reversed(range(len(keys))):
                score = f"IF({x.ref(keys[idx])}=1,{score},{idx})"
        yield SummaryRow(f"levels.{item}", f"ข้อ {item} ระดับคุณภาพ (1–{top})", f"LOOKUP({score},{lookup})",
                         v["items"][item]["level"] if v else None)
    levels = "+".join(x.ref(f"levels.{item}") for item in CRITERIA_ROWS)
    yield SummaryRow("levels.percent", "ด้านความร่วมมือ ร้อยละ",
                     f"ROUND(({levels})*100/{top * len(CRITERIA_ROWS)},2)",
                     v["aspect"]["percent"] if v else None, "percent")
    bands = sorted(rubric["aspect_bands"])
    band_lookup = ("{" + ",".join(f"{b:g}" for b, _ in bands) + "},{"
                   + ",".join(str(lv) for _, lv in bands) + "}")
    yield SummaryRow("levels.aspect", f"ด้านความร่วมมือ ระดับคุณภาพ (1–{top})",
                     f'LOOKUP({x.ref("levels.percent")},{band_lookup})', v["aspect"]["level"] if v else None)
