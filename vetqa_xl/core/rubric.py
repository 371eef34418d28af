"""The rubric: criteria met → a level per item, items → a percentage and a level for the aspect.

The commission's exact rubric could not be confirmed, so it is data: ``rubric_default.json``
ships as a labelled default and any JSON file of the same shape replaces it. Two modes:
``count`` (the number of criteria met) and ``ordered`` (criteria 1..k met in order, k counts).
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .errors import UserError
from .problems import read_problem
from .sentences import RUBRIC_REASONS

DEFAULT_RUBRIC = "rubric_default.json"
LEVEL_NAMES = {5: "ยอดเยี่ยม", 4: "ดีเลิศ", 3: "ดี", 2: "ปานกลาง", 1: "กำลังพัฒนา"}
MAX_LEVEL = max(LEVEL_NAMES)  # the aspect's percentage is of MAX_LEVEL per item ("/15")


class RubricError(UserError, ValueError):
    pass


def load_rubric(path: str | Path | None = None) -> dict[str, Any]:
    if path is None:
        # This module's loader reads it, from a folder or a zip (the Lite copy), as
        # pkgutil.get_data does; importlib.resources (or pkgutil) costs `check` ms to import.
        text = __loader__.get_data(  # type: ignore[name-defined]  # a module global mypy does not know
            os.path.join(os.path.dirname(__file__), DEFAULT_RUBRIC)).decode("utf-8")
    else:
        try:
            text = Path(path).read_text("utf-8")
        except OSError as exc:
            raise RubricError(read_problem("rubric_unreadable", path=path, reason=exc)) from exc
    try:
        rubric = json.loads(text)
    except ValueError as exc:
        raise RubricError(read_problem("rubric_not_json", reason=exc)) from exc
    return validate_rubric(rubric)


def validate_rubric(rubric: dict[str, Any]) -> dict[str, Any]:
    """The rubric as the program uses it, or a RubricError naming what is wrong. Explicit checks,
    not ``assert``: ``python -O`` removes asserts, and a user's file must be refused all the same."""

    def need(ok: bool, why: str) -> None:
        if not ok:
            raise RubricError(read_problem("rubric_malformed", reason=RUBRIC_REASONS[why].fill(max=MAX_LEVEL)))

    try:
        need(isinstance(rubric, dict), "not_object")
        need(rubric.get("mode") in ("count", "ordered"), "mode")
        need(isinstance(rubric.get("name"), str), "name")
        levels = {int(k): int(v) for k, v in rubric["item_levels"].items()}
        need(all(1 <= v <= MAX_LEVEL for v in levels.values()), "item_levels")
        bands = [(float(b), int(lv)) for b, lv in rubric["aspect_bands"]]
        need(all(1 <= lv <= MAX_LEVEL for _, lv in bands), "aspect_levels")
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise RubricError(read_problem("rubric_malformed", reason=exc)) from exc
    return {**rubric, "item_levels": levels, "aspect_bands": sorted(bands, reverse=True)}


def score(detail: dict[str, bool], mode: str) -> int:
    """Criteria met, counted as the rubric's mode says."""
    if mode == "count":
        return sum(bool(v) for v in detail.values())
    k = 0
    for met in detail.values():  # detail keeps the form's order of criteria
        if not met:
            break
        k += 1
    return k


def levels(criteria: dict[str, Any], rubric: dict[str, Any]) -> dict[str, Any]:
    """Level per item and for the aspect, as the rubric says."""
    items: dict[str, dict[str, Any]] = {}
    for key, item in criteria.items():
        n = score(item["detail"], rubric["mode"])
        level = max((lv for m, lv in rubric["item_levels"].items() if n >= m), default=1)
        items[key] = {"score": n, "level": level, "name": LEVEL_NAMES[level]}
    percent = round(100 * sum(i["level"] for i in items.values()) / (MAX_LEVEL * len(items)), 2) \
        if items else 0.0
    aspect = next((lv for band, lv in rubric["aspect_bands"] if percent >= band), 1)
    return {
        "rubric": rubric["name"],
        "rubric_is_default": bool(rubric.get("default", False)),
        "mode": rubric["mode"],
        "items": items,
        "aspect": {"percent": percent, "level": aspect, "name": LEVEL_NAMES[aspect]},
    }
