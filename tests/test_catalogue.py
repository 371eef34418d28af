"""One catalogue (issue 23 item 6): every sentence a user meets is keyed in the catalogue
(core/messages.py, core/problems.py) or written by text.py, and the Thai and English templates
of every key take the same placeholders, so neither reader is told fewer facts.

The catalogues are found, not listed: every module of the package is imported and each of its
module-level values is searched for Thai/English pairs (a ``Message``, or a 2-tuple of strings
whose first holds Thai), also inside dicts and tuples, so a new table of sentences cannot escape.
"""
from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import string
from pathlib import Path

import pytest

import vetqa_xl
from vetqa_xl.core import messages, problems
from vetqa_xl.core.messages import Message

PACKAGE = Path(vetqa_xl.__file__).parent
THAI = re.compile(r"[\u0E00-\u0E7F]")


def _modules() -> list[str]:
    return [m.name for m in pkgutil.walk_packages(vetqa_xl.__path__, "vetqa_xl.")]


def _pairs(value: object, where: str, seen: set[int]):
    """(where, thai, english) for every pair in ``value``, recursively through dicts and tuples."""
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, Message):
        yield where, value.th, value.en
    elif (isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, str) for v in value)
          and THAI.search(value[0])):
        yield where, value[0], value[1]
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _pairs(v, f"{where}[{k!r}]", seen)
    elif isinstance(value, (tuple, list)):
        for i, v in enumerate(value):
            yield from _pairs(v, f"{where}[{i}]", seen)


def _assigned(module) -> set[str]:
    """The names a module binds itself at its top level (not the ones it imports)."""
    tree = ast.parse(Path(module.__file__).read_text("utf-8"))
    return {t.id for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(t, ast.Name)}


def catalogue_pairs() -> list[tuple[str, str, str]]:
    """Every pair of every module of the package, named by the module that defines it."""
    out: list[tuple[str, str, str]] = []
    seen: set[int] = set()
    for name in _modules():
        module = importlib.import_module(name)  # every module imports here (test_layering)
        for attr in sorted(_assigned(module)):
            out += _pairs(getattr(module, attr), f"{name}.{attr}", seen)
    return out


PAIRS = catalogue_pairs()


def placeholders(template: str) -> set[str]:
    """The named fields of a str.format template (``{n}``, ``{r['x']:g}`` → n, r)."""
    fields = set()
    for _, field, _, _ in string.Formatter().parse(template):
        if field is not None:
            fields.add(re.split(r"[.\[]", field, maxsplit=1)[0])
    return fields


def test_the_catalogues_are_found():
    """The search finds the known catalogues (so the next test is not vacuous), in full."""
    found = {where for where, _, _ in PAIRS}
    for code in messages.CATALOGUE:
        assert f"vetqa_xl.core.messages.CATALOGUE[{code!r}]" in found
    for kind in problems.READ_PROBLEMS:
        assert f"vetqa_xl.core.problems.READ_PROBLEMS[{kind!r}]" in found
    assert len(PAIRS) >= len(messages.CATALOGUE) + len(problems.READ_PROBLEMS)


@pytest.mark.parametrize(("where", "th", "en"), PAIRS, ids=[p[0].removeprefix("vetqa_xl.") for p in PAIRS])
def test_thai_and_english_take_the_same_placeholders(where, th, en):
    assert placeholders(th) == placeholders(en), where


def test_no_paired_language_placeholders():
    """A fact is one placeholder worded in both languages (messages.Both), never a Thai field
    beside an English one (hint_th/hint_en, reason_th/reason_en, missing/missing_en)."""
    for where, th, en in PAIRS:
        for field in placeholders(th) | placeholders(en):
            assert not re.search(r"_(th|en)$", field), (where, field)


def test_placeholders_parse_the_brace_syntax():
    assert placeholders("{a} {b!r} {c:.2f} {d[0]} {e.x} {{f}}") == {"a", "b", "c", "d", "e"}
    assert placeholders("no fields") == set()


def test_one_key_per_sentence():
    """No two keys of a catalogue carry the same sentence (too_big/package_too_big and
    xml_refused/xml_entities_in said the same thing twice)."""
    for catalogue in (problems.READ_PROBLEMS, {k: (m.th, m.en) for k, m in messages.CATALOGUE.items()}):
        by_text: dict[str, str] = {}
        for key, (th, _) in catalogue.items():
            assert th not in by_text, (key, by_text.get(th))
            by_text[th] = key
    assert "too_big" not in problems.READ_PROBLEMS and "xml_entities_in" not in problems.READ_PROBLEMS
