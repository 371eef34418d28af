"""The figures of FORM.md §3 as data, the way ``pipeline.STEPS`` holds the checks: one ordered
list of :class:`Figure` declarations. Pure standard library.

Each figure declares its key, Thai and English names and value shape, its compute function
(figures.py), its live-formula builder (the rows of the สรุป sheet, formulas.py: each row with
its formula, the rule of its cached value beside it, and the chart it feeds), and its columns
in the consolidation's CSV, SQLite history and totals. The text, the summary, the e-mail draft
and the consolidation loop over :data:`FIGURES`, and reach one figure's value with
``FIGURE.of(figures)``: outside this module, figures.py and formulas.py no module indexes the
figures dict, or names a สรุป row, by a string key (tests/test_figures.py proves it on the
source).

The public API keeps ``Report.figures`` a plain dict by figure key (``report.figures["expert_ratio"]``),
the same object ``--json`` prints: users and scripts read it by key; inside the package it is
reached through the registry.

A new figure is one entry here plus its computation (and its formula rows, if any).
"""
# No ``from __future__ import annotations``: the NamedTuples' field types are the types
# themselves, which typing takes as they are; as text, it compiles each (form.py says more).
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple, cast

from ..form import ACTIVITY_TYPES, EXPERT_RULE_PERCENT, LEVELS, STAGES
from . import figures as compute
from . import formulas
from .context import Context, emits
from .rubric import MAX_LEVEL, levels

LEVEL_CODES = dict(zip(LEVELS, ("vc", "hvc", "bachelor")))
TYPE_CODES = dict(zip(ACTIVITY_TYPES, ("community", "academic", "professional", "volunteer")))


# NamedTuples, not frozen dataclasses: these load with every check, and a frozen dataclass
# costs its start-up ~0.6 ms each to build.
class Column(NamedTuple):
    """One column of the consolidation (CSV, history table, per-college sheet) a figure fills."""

    name: str  # machine name: CSV header and SQLite column
    th: str  # Thai header of the per-college sheet
    get: Callable[[dict[str, Any]], object]  # the value, from the whole figures dict
    real: bool = False  # a percentage (REAL), not a count
    total: str | None = None  # Thai header when summed per province (the totals sheet)
    yoy: str | None = None  # short Thai label when compared year over year
    since: int = 1  # the history schema version that added it (consolidate/history.py MIGRATIONS)


class Figure(NamedTuple):
    key: str  # key in Report.figures and prefix of its สรุป rows
    th: str
    en: str
    shape: str  # by_level | by_type | ratio | stages | criteria | levels (text.py renders each)
    compute: Callable[[Context], dict[str, Any]]  # the value, from the Context (earlier figures on it)
    rows: Callable[["Figure", "formulas.Place", dict[str, Any] | None], Iterator[formulas.SummaryRow | str]] | None
    columns: tuple[Column, ...] = ()
    explained_by: dict[str, tuple[str, ...]] | None = None  # row-key prefix -> sheet keys
    phase: str = "data"  # "data": from the data alone; "rubric": after the declarations
    thresholds: dict[str, int] = {}  # noqa: RUF012  its rules, from form.py and the rubric (read only)
    # The consolidation compares its สรุป rows with the recomputed ones; False: they depend on
    # the rubric the college used, not on the data alone (consolidate/worker.py).
    compared: bool = True

    def of(self, figures: dict[str, Any]) -> dict[str, Any]:
        """This figure's value in a figures dict (Report.figures)."""
        return cast("dict[str, Any]", figures[self.key])

    def name(self, lang: str = "th") -> str:
        return self.th if lang == "th" else self.en


def _get(*path: str) -> Callable[[dict[str, Any]], object]:
    """The value at ``path`` in the figures dict: figures[path[0]][path[1]]…"""
    def get(figures: dict[str, Any]) -> object:
        value: object = figures
        for step in path:
            value = value[step]  # type: ignore[index]
        return value
    return get


def _by_level(key: str, short: str, th: str, total_th: str, since: int = 1) -> tuple[Column, ...]:
    """The columns of a figure per ระดับ: one per ระดับ, then its total (summed per province)."""
    return (*(Column(f"{short}_{LEVEL_CODES[lv]}", f"{th} {lv}",
                     _get(key, "by_level", lv), since=since) for lv in LEVELS),
            Column(key, f"{th} รวม", _get(key, "total"), total=total_th, yoy=total_th, since=since))


def _criteria_columns() -> tuple[Column, ...]:
    out: list[Column] = []
    for item in ("1", "2", "3"):
        out += [Column(f"criteria_{item}", f"ข้อ {item} เกณฑ์ที่ผ่าน", _get("criteria", item, "met")),
                Column(f"level_{item}", f"ข้อ {item} ระดับ", _get("levels", "items", item, "level"))]
    return (*out,
            Column("aspect_percent", "ด้านความร่วมมือ ร้อยละ", _get("levels", "aspect", "percent"), real=True),
            Column("aspect_level", "ด้านความร่วมมือ ระดับ", _get("levels", "aspect", "level")))


_RULE = f"ร้อยละ {EXPERT_RULE_PERCENT}"

FIGURES: tuple[Figure, ...] = (
    Figure("dual_programmes", "สาขาวิชาที่จัดการเรียนการสอนระบบทวิภาคี (จำนวนสาขาวิชา)",
           "Majors taught in the dual system (F1)", "by_level", compute.dual_programmes,
           formulas.by_level_rows("dfirst"),
           _by_level("dual_programmes", "dual", "สาขาวิชาทวิภาคี", "สาขาวิชาทวิภาคี"),
           {"dual_programmes": ("programmes",)}),
    Figure("resource_programmes", "สาขาวิชาที่มีการระดมทรัพยากรเพื่อการจัดการเรียนการสอน (จำนวนสาขาวิชา)",
           "Majors with resource mobilisation (F2)", "by_level", compute.resource_programmes,
           formulas.by_level_rows("rfirst"),
           _by_level("resource_programmes", "resource", "สาขาวิชาที่ระดมทรัพยากร", "สาขาวิชาที่ระดมทรัพยากร"),
           {"resource_programmes": ("programmes", "resource_projects")}),
    Figure("activities", "กิจกรรมในการบริการชุมชนและจิตอาสา (จำนวนกิจกรรม)",
           "Community-service and volunteer activities (F3)", "by_type", compute.activities,
           formulas.activity_rows,
           (*(Column(f"activities_{TYPE_CODES[t]}", f"กิจกรรม{t}",
                     _get("activities", "by_type", t), total=f"กิจกรรม{t}") for t in ACTIVITY_TYPES),
            Column("activities", "กิจกรรมบริการชุมชนและจิตอาสา รวม", _get("activities", "total"),
                   total="กิจกรรมบริการชุมชนและจิตอาสา", yoy="กิจกรรม")),
           {"activities": ("activities",)}),
    Figure("expert_ratio", "สาขางานที่มีครูพิเศษ ครูภูมิปัญญาท้องถิ่น ครูผู้เชี่ยวชาญ ผู้ทรงคุณวุฒิในสถานประกอบการ "
                           f"ร่วมพัฒนาผู้เรียน (ข้อ 2.3 เกณฑ์{_RULE})",
           f"Programmes with experts (criterion 2.3, {EXPERT_RULE_PERCENT}% rule)", "ratio", compute.expert_ratio,
           formulas.ratio_rows,
           (Column("expert_covered", "สาขางานที่มีครูพิเศษ", _get("expert_ratio", "covered"),
                   total="สาขางานที่มีครูพิเศษ"),
            Column("expert_total", "สาขางานทั้งหมด", _get("expert_ratio", "total"), total="สาขางานทั้งหมด"),
            Column("expert_percent", "ร้อยละสาขางานที่มีครูพิเศษ", _get("expert_ratio", "percent"),
                   real=True, total="ร้อยละสาขางานที่มีครูพิเศษ", yoy="ร้อยละครูพิเศษ"),
            Column("expert_met", f"ผ่านเกณฑ์{_RULE}", lambda f: int(bool(f["expert_ratio"]["met"])),
                   total=f"สถานศึกษาที่ผ่านเกณฑ์{_RULE}", yoy=f"ผ่านเกณฑ์ {EXPERT_RULE_PERCENT}")),
           {"expert_ratio": ("programmes", "experts")}, thresholds={"percent": EXPERT_RULE_PERCENT}),
    Figure("stages", "ขั้นตอนการจัดการอาชีวศึกษาระบบทวิภาคีที่ดำเนินการครบ", "Dual-education stages complete",
           "stages", compute.stages, formulas.stage_rows,
           (Column("stages_complete", f"ขั้นทวิภาคีที่ครบ (จาก {len(STAGES)})", _get("stages", "count")),),
           {"stages": ("dual",)}, thresholds={"stage_count": len(STAGES)}),
    Figure("criteria", "เกณฑ์ที่ผ่าน", "Criteria met", "criteria",
           lambda ctx: compute.criteria(ctx, ctx.figures, ctx.contradicted), formulas.criteria_rows, (),
           {"criteria.2": ("resource_criteria", "resource_projects", "programmes", "experts"),
            "criteria.3": ("community_criteria", "activities")}, phase="rubric"),
    Figure("levels", "ระดับคุณภาพ", "Quality levels", "levels",
           lambda ctx: levels(ctx.figures["criteria"], cast("dict[str, Any]", ctx.rubric)), formulas.level_rows,
           _criteria_columns(), phase="rubric", thresholds={"max_level": MAX_LEVEL}, compared=False),
)
BY_KEY = {f.key: f for f in FIGURES}
# The figures other modules name (the rest they reach by looping over FIGURES).
DUAL_PROGRAMMES, ACTIVITIES, EXPERT_RATIO, CRITERIA, QUALITY_LEVELS = (
    BY_KEY[k] for k in ("dual_programmes", "activities", "expert_ratio", "criteria", "levels"))
COLUMNS: tuple[Column, ...] = tuple(c for f in FIGURES for c in f.columns)


@emits()
def compute_base_figures(ctx: Context) -> None:
    """Pipeline step: the figures of the data alone, and 3.1–3.4 as the data meets them."""
    for fig in FIGURES:
        if fig.phase == "data":
            ctx.figures[fig.key] = fig.compute(ctx)
    ctx.community_met = compute.community_met_by_data(ctx)


@emits()
def compute_criteria(ctx: Context) -> None:
    """Pipeline step: criteria met per item, then the quality levels of the rubric."""
    for fig in FIGURES:
        if fig.phase == "rubric":
            ctx.figures[fig.key] = fig.compute(ctx)
