"""The embedded sample colleges, end to end: fill the template, write the file, read it back
with calamine, check it. Expected figures and findings were counted by hand from the JSON
(tests/data/sample_expected.md shows the working)."""
from __future__ import annotations

import json

import pytest

from vetqa_xl import check, fill_sample

from .conftest import ROOT

EXPECTED = json.loads((ROOT / "tests/data/sample_expected.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    return check(fill_sample(tmp_path_factory.mktemp("s") / "college.xlsx", "college"))


@pytest.fixture(scope="module")
def mistakes(tmp_path_factory):
    return check(fill_sample(tmp_path_factory.mktemp("s") / "m.xlsx", "college_mistakes"))


def _compare(figures, expected):
    for key in ("dual_programmes", "resource_programmes", "activities"):
        assert figures[key] == expected[key], key
    r = figures["expert_ratio"]
    assert {k: r[k] for k in ("covered", "total", "met")} == \
        {k: expected["expert_ratio"][k] for k in ("covered", "total", "met")}
    assert r["percent"] == pytest.approx(expected["expert_ratio"]["percent"], abs=0.01)
    assert figures["stages"]["complete"] == expected["stages_complete"]
    for item, exp in expected["criteria"].items():
        assert figures["criteria"][item]["met"] == exp["met"]
        assert figures["criteria"][item]["detail"] == exp["detail"]


def test_clean_sample_figures_by_hand(clean):
    _compare(clean.figures, EXPECTED)
    assert clean.valid and clean.school["code"] == "1370076101"


def test_clean_sample_findings_are_the_expected_warnings(clean):
    got = {(f.severity, f.sheet, f.cell) for f in clean.findings}
    assert got == {(w["severity"], w["sheet"], w["cell"]) for w in EXPECTED["expected_warnings"]}


def test_mistakes_sample_each_mistake_found_where_it_was_made(mistakes):
    got = {(f.severity, f.sheet, f.cell) for f in mistakes.findings}
    for m in EXPECTED["mistakes"]:
        if m["severity"] == "none":
            assert not any((f.sheet, f.cell) == (m["sheet"], m["cell"]) for f in mistakes.findings), m
        else:
            assert (m["severity"], m["sheet"], m["cell"]) in got, m["what"]
    expected = {(m["severity"], m["sheet"], m["cell"]) for m in EXPECTED["mistakes"]
                if m["severity"] != "none"}
    assert got == expected  # and nothing else
    assert not mistakes.valid


def test_mistakes_sample_figures_by_hand(mistakes):
    _compare(mistakes.figures, EXPECTED["mistakes_figures"])
