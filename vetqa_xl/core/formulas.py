"""The live-formula builders of the figures (registry.Figure.rows): each yields its rows of the
สรุป sheet, a section heading (str) or a :class:`SummaryRow` with its Excel formula and the
checker's value. Pure standard library: where the cells are is the writer's (a :class:`Place`,
writers/summary/rows.py), what the formulas say is the figure's.

The rules are the form's and the rubric's, as each figure declares them (Figure.thresholds): the
percentage of criterion 2.3 (form.EXPERT_RULE_PERCENT), the stages (form.STAGES) and the
aspect's maximum (rubric.MAX_LEVEL per item).
"""
# No ``from __future__ import annotations``: SummaryRow's field types are the types themselves,
# which typing takes as they are; as text, it compiles each (form.py says more). The names only
# the type checker knows (Place, Recalc) are written as text where a function names them.
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
    # What the formula computes, for its cached value (writers/summary/values.py): the same
    # formula worked out on a Recalc, with the spreadsheet's rules. Written beside the formula.
    recalc: Callable[["Recalc"], object] | None = None
    chart: str | None = None  # the chart whose series this row is part of (writers/charts.py)


if TYPE_CHECKING:  # a Protocol class costs the check's start-up; only the type checker needs it
    from collections.abc import Iterable, Sequence
    from typing import Protocol

    class Place(Protocol):
        """Where the formulas read, as the summary writer knows it (rows.Place)."""

        rubric: dict[str, Any]

        def rng(self, calc_key: str) -> str: ...  # a column of the helper sheet คำนวณสรุป
        def ref(self, row_key: str) -> str: ...  # the formula cell of an earlier สรุป row
        def declared(self, sheet_key: str, item: str) -> str: ...  # ใช่ with evidence
        def stage_complete(self, stage: str) -> str: ...
        def projects(self) -> str: ...  # a valid resource project exists

    class Recalc(Protocol):
        """What the parts of a formula compute, with the spreadsheet's rules (an error flows
        through, text compares without case …): values.Recalc, the twin of a Place."""

        def sum(self, calc_key: str) -> object: ...  # SUM(rng)
        def count(self, *pairs: tuple[str, object]) -> object: ...  # SUMPRODUCT((rng=v)*…)
        def countif(self, calc_key: str, text: str) -> object: ...  # COUNTIF(rng,text)
        def row(self, row_key: str) -> object: ...  # an earlier สรุป row's value
        def declared(self, sheet_key: str, item: str) -> object: ...
        def stage_complete(self, stage: str) -> object: ...
        def projects(self) -> object: ...
        def arith(self, fn: Callable[..., object], *args: object) -> object: ...  # fn, or the first error
        def total(self, values: Iterable[object]) -> object: ...  # SUM of values
        def all_of(self, *terms: object) -> object: ...  # AND()
        def one_if(self, v: object) -> object: ...  # IF(v,1,0)
        def is_error(self, v: object) -> bool: ...
        def rounded(self, x: float, digits: int = 2) -> float: ...  # ROUND
        def lookup(self, x: object, keys: Sequence[float], results: Sequence[object]) -> object: ...


Rows = Iterator["SummaryRow | str"]
Rule = Callable[["Recalc"], object]  # a row's value, worked out as its formula computes it


# The rules of the rows' values, each beside the formula it mirrors (bound here, not in a loop).
def _sum(calc_key: str) -> Rule:
    return lambda e: e.sum(calc_key)


def _count(*pairs: tuple[str, object]) -> Rule:
    return lambda e: e.count(*pairs)


def _countif(calc_key: str, text: str) -> Rule:
    return lambda e: e.countif(calc_key, text)


def _row(row_key: str) -> Rule:
    return lambda e: e.row(row_key)


def _sum_of(keys: list[str]) -> Rule:
    """k1+k2+…: the rows' sum (an error among them wins)."""
    return lambda e: e.arith(lambda *xs: sum(xs), *(e.row(k) for k in keys))


def _stage(stage: str) -> Rule:
    return lambda e: e.one_if(e.stage_complete(stage))


def _declared(sheet_key: str, item: str, with_project: bool = False) -> Rule:
    if with_project:
        return lambda e: e.one_if(e.all_of(e.declared(sheet_key, item), e.projects()))
    return lambda e: e.one_if(e.declared(sheet_key, item))


def _has_full(activity_type: str) -> Rule:
    """A counted activity of the type with all four groups taking part."""
    return lambda e: e.arith(lambda c: int(c > 0), e.count(("acttype", activity_type), ("actfull", 1)))


def by_level_rows(first_col: str) -> Callable[[Any, "Place", dict[str, Any] | None], Rows]:
    """Distinct (ระดับ, สาขาวิชา) per ระดับ and in total, from a first-of column of the helper."""
    def rows(fig: Any, x: "Place", v: dict[str, Any] | None) -> Rows:
        yield fig.th
        for level in LEVELS:
            yield SummaryRow(f"{fig.key}.{level}", level,
                             f'SUMPRODUCT(({x.rng(first_col)}=1)*({x.rng("plevel")}="{level}"))',
                             v["by_level"][level] if v else None, recalc=_count((first_col, 1), ("plevel", level)))
        yield SummaryRow(f"{fig.key}.total", "รวม", f"SUM({x.rng(first_col)})", v["total"] if v else None,
                         recalc=_sum(first_col))
    return rows


def activity_rows(fig: Any, x: "Place", v: dict[str, Any] | None) -> Rows:
    yield fig.th
    for t in ACTIVITY_TYPES:
        yield SummaryRow(f"{fig.key}.{t}", t, f'COUNTIF({x.rng("acttype")},"{t}")',
                         v["by_type"][t] if v else None, recalc=_countif("acttype", t), chart="by_type")
    yield SummaryRow(f"{fig.key}.total", "รวม", f'SUM({x.rng("actfirst")})', v["total"] if v else None,
                     recalc=_sum("actfirst"))


def ratio_rows(fig: Any, x: "Place", v: dict[str, Any] | None) -> Rows:
    k, rule = fig.key, fig.thresholds["percent"]
    yield fig.th
    yield SummaryRow(f"{k}.covered", "สาขางานที่มีครูพิเศษร่วมพัฒนาผู้เรียน", f'SUM({x.rng("covered")})',
                     v["covered"] if v else None, recalc=_sum("covered"), chart="experts")
    yield SummaryRow(f"{k}.uncovered", "สาขางานที่ยังไม่มีครูพิเศษ",
                     f'SUM({x.rng("pfirst")})-SUM({x.rng("covered")})', v["total"] - v["covered"] if v else None,
                     recalc=lambda e: e.arith(lambda t, c: t - c, e.sum("pfirst"), e.sum("covered")),
                     chart="experts")
    yield SummaryRow(f"{k}.total", "สาขางานทั้งหมด", f'SUM({x.rng("pfirst")})', v["total"] if v else None,
                     recalc=_sum("pfirst"))
    total, covered = x.ref(f"{k}.total"), x.ref(f"{k}.covered")
    tk, ck = f"{k}.total", f"{k}.covered"
    yield SummaryRow(f"{k}.percent", "ร้อยละ", f"IF({total}=0,0,ROUND({covered}*100/{total},2))",
                     v["percent"] if v else None, "percent",
                     recalc=lambda e: e.arith(lambda t, c: 0 if t == 0 else e.rounded(c * 100 / t),
                                              e.row(tk), e.row(ck)))
    yield SummaryRow(f"{k}.met", f"เกณฑ์ร้อยละ {rule}", f"IF(AND({total}>0,{covered}*100>={rule}*{total}),1,0)",
                     int(v["met"]) if v else None, "passfail",
                     recalc=lambda e: e.arith(lambda t, c: int(t > 0 and c * 100 >= rule * t), e.row(tk), e.row(ck)))


def stage_rows(fig: Any, x: "Place", v: dict[str, Any] | None) -> Rows:
    last = fig.thresholds["stage_count"]  # one row per stage of the form
    yield fig.th
    for k, stage in enumerate(STAGES, start=1):
        yield SummaryRow(f"{fig.key}.{k}", stage, f"IF({x.stage_complete(stage)},1,0)",
                         int(v["detail"][str(k)]) if v else None, "passfail", recalc=_stage(stage), chart="by_stage")
    yield SummaryRow(f"{fig.key}.count", "จำนวนขั้นที่ครบ",
                     f'SUM({x.ref(f"{fig.key}.1")}:{x.ref(f"{fig.key}.{last}")})', v["count"] if v else None,
                     recalc=lambda e: e.total(e.row(f"{fig.key}.{k}") for k in range(1, last + 1)))


# The criteria of each item, as สรุป row keys (criterion 1.k: stage k complete).
CRITERIA_ROWS = {"1": [f"stages.{k}" for k in range(1, len(STAGES) + 1)],
                 "2": [f"criteria.{i.number}" for i in RESOURCE_CRITERIA],
                 "3": [f"criteria.{i.number}" for i in COMMUNITY_CRITERIA]}
# Criteria of item 2 that need a valid resource project besides the declaration.
NEEDS_PROJECT = ("2.1", "2.4")


def criteria_rows(fig: Any, x: "Place", v: dict[str, Any] | None) -> Rows:
    yield f"ข้อ 2 {ITEMS['2'][0]}"
    for item in RESOURCE_CRITERIA:
        n = item.number
        if n == "2.3":
            formula, rule = x.ref("expert_ratio.met"), _row("expert_ratio.met")
        elif n in NEEDS_PROJECT:
            formula = f"IF(AND({x.declared('resource_criteria', n)},{x.projects()}),1,0)"
            rule = _declared("resource_criteria", n, with_project=True)
        else:
            formula = f"IF({x.declared('resource_criteria', n)},1,0)"
            rule = _declared("resource_criteria", n)
        yield SummaryRow(f"criteria.{n}", f"ข้อ {n} {item.text}", formula,
                         int(v["2"]["detail"][n]) if v else None, "passfail", recalc=rule)
    yield f"ข้อ 3 {ITEMS['3'][0]}"
    for item in COMMUNITY_CRITERIA:
        n, t = item.number, COMMUNITY_CRITERION_TYPE.get(item.number)
        if t:
            formula = f'IF(SUMPRODUCT(({x.rng("acttype")}="{t}")*({x.rng("actfull")}=1))>0,1,0)'
            rule = _has_full(t)
        else:
            formula = f"IF({x.declared('community_criteria', n)},1,0)"
            rule = _declared("community_criteria", n)
        yield SummaryRow(f"criteria.{n}", f"ข้อ {n} {item.text}", formula,
                         int(v["3"]["detail"][n]) if v else None, "passfail", recalc=rule)
    yield "เกณฑ์ที่ผ่านและระดับคุณภาพ"
    for number, keys in CRITERIA_ROWS.items():
        yield SummaryRow(f"criteria.{number}.met", f"ข้อ {number} จำนวนเกณฑ์ที่ผ่าน",
                         "+".join(x.ref(k) for k in keys), v[number]["met"] if v else None, recalc=_sum_of(keys))


def _leading(keys: list[str]) -> Rule:
    """IF(k1=1,IF(k2=1,…,n),0)…: how many criteria lead the list unbroken (an error wins)."""
    def score(e: "Recalc") -> object:
        for idx, k in enumerate(keys):
            got = e.row(k)
            if e.is_error(got) or got != 1:
                return got if e.is_error(got) else idx
        return len(keys)
    return score


def _level(score: Rule, at_least: list[int], level: list[int]) -> Rule:
    """LOOKUP(score,{at_least},{level})."""
    return lambda e: e.lookup(score(e), at_least, level)


def level_rows(fig: Any, x: "Place", v: dict[str, Any] | None) -> Rows:
    rubric, top = x.rubric, fig.thresholds["max_level"]
    thresholds = sorted(rubric["item_levels"].items())
    at_least, level = [m for m, _ in thresholds], [lv for _, lv in thresholds]
    lookup = "{" + ",".join(map(str, at_least)) + "},{" + ",".join(map(str, level)) + "}"
    count_mode = rubric["mode"] == "count"
    for item, keys in CRITERIA_ROWS.items():
        if count_mode:
            score = x.ref(f"criteria.{item}.met")
        else:  # criteria 1..k met in order: k = how many lead the list unbroken
            score = str(len(keys))
            for idx in reversed(range(len(keys))):
                score = f"IF({x.ref(keys[idx])}=1,{score},{idx})"
        yield SummaryRow(f"levels.{item}", f"ข้อ {item} ระดับคุณภาพ (1–{top})", f"LOOKUP({score},{lookup})",
                         v["items"][item]["level"] if v else None,
                         recalc=_level(_row(f"criteria.{item}.met") if count_mode else _leading(keys), at_least, level))
    items = [f"levels.{item}" for item in CRITERIA_ROWS]
    yield SummaryRow("levels.percent", "ด้านความร่วมมือ ร้อยละ",
                     f"ROUND(({'+'.join(x.ref(k) for k in items)})*100/{top * len(items)},2)",
                     v["aspect"]["percent"] if v else None, "percent",
                     recalc=lambda e: e.arith(lambda *xs: e.rounded(sum(xs) * 100 / (top * len(xs))),
                                              *(e.row(k) for k in items)))
    bands = sorted(rubric["aspect_bands"])
    band_lookup = ("{" + ",".join(f"{b:g}" for b, _ in bands) + "},{"
                   + ",".join(str(lv) for _, lv in bands) + "}")
    yield SummaryRow("levels.aspect", f"ด้านความร่วมมือ ระดับคุณภาพ (1–{top})",
                     f'LOOKUP({x.ref("levels.percent")},{band_lookup})', v["aspect"]["level"] if v else None,
                     recalc=lambda e: e.lookup(e.row("levels.percent"), [b for b, _ in bands],
                                               [lv for _, lv in bands]))
