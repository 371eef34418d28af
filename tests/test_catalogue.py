"""One catalogue (issue 23 item 6): every sentence a user meets is keyed in the catalogue
(core/messages.py, core/problems.py) or written by text.py, and the Thai and English templates
of every key take the same placeholders, so neither reader is told fewer facts.

The catalogues are found, not listed: every module of the package is imported and each of its
module-level values is searched for Thai/English pairs (anything with ``th`` and ``en`` text: a
``Message``, a ``Both``, a figure's names; or a 2-tuple of strings whose first holds Thai), also
inside dicts, tuples and lists, so a new table of sentences cannot escape.
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
from vetqa_xl.core import commands, messages, problems, sentences

PACKAGE = Path(vetqa_xl.__file__).parent
THAI = re.compile(r"[\u0E00-\u0E7F]")


def _modules() -> list[str]:
    return [m.name for m in pkgutil.walk_packages(vetqa_xl.__path__, "vetqa_xl.")]


def _pairs(value: object, where: str, seen: set[int]):
    """(where, thai, english) for every pair in ``value``, recursively through dicts and tuples."""
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(getattr(value, "th", None), str) and isinstance(getattr(value, "en", None), str):
        yield where, value.th, value.en  # a Message, a Both, a Figure's names
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
    """The search finds every entry of the known catalogues (so the next test is not vacuous)."""
    found = {(th, en) for _, th, en in PAIRS}
    known = [*[(m.th, m.en) for m in messages.CATALOGUE.values()], *problems.READ_PROBLEMS.values(),
             *sentences.SENTENCES.values(), *commands.COMMANDS.values(), *sentences.FIX_REASONS.values()]
    assert [pair for pair in known if tuple(pair) not in found] == []
    assert len(PAIRS) >= len(known) - len(sentences.SENTENCES)  # SENTENCES are in READ_PROBLEMS too


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
    assert problems.READ_PROBLEMS.keys() & commands.COMMANDS.keys() == set()  # no key shadows another
    for catalogue in ({**problems.READ_PROBLEMS, **commands.COMMANDS},
                      {k: (m.th, m.en) for k, m in messages.CATALOGUE.items()}):
        by_text: dict[str, str] = {}
        for key, (th, _) in catalogue.items():
            assert th not in by_text, (key, by_text.get(th))
            by_text[th] = key
    assert "too_big" not in problems.READ_PROBLEMS and "xml_entities_in" not in problems.READ_PROBLEMS


# --- no sentence outside the catalogue ---------------------------------------------------------

THAI_LETTER = re.compile(r"[\u0E01-\u0E2E]")  # a Thai consonant: every Thai word has one

#: Modules whose Thai literals are data, not sentences to key, and why. Everything else a user
#: reads is keyed in the catalogue (messages.py, problems.py, sentences.py, commands.py) or
#: written by text.py, the two places issue 23 names.
DATA_MODULES = {
    "form.py": "the form itself: sheet names, headers, lists and the commission's official wording",
    "core/messages.py": "the catalogue: the findings",
    "core/problems.py": "the catalogue: file problems, the buttons and Lite",
    "core/sentences.py": "the catalogue: the written sheets' sentences and the phrase tables",
    "core/commands.py": "the catalogue: the commands' sentences",
    "text.py": "the words of the results (status, figure and level lines), beside the catalogue",
    "core/normalise.py": "what a user may type (Thai digits, month names): read, never shown",
    "core/rubric.py": "the default rubric's level names (ดีเลิศ …), data of the rubric",
    "core/registry.py": "each figure's names and column names: the figures are data (issue 23 item 1)",
    "core/formulas.py": "the summary's row labels, beside the formulas they name",
    "writers/summary/calc.py": "the hidden helper sheet's column labels",
    "writers/template.py": "the blank form's own text (its instructions sheet, Excel's input "
                           "prompts): Thai content of the form, as form.py's",
    "writers/charts.py": "chart titles",
    "writers/litebundle.py": "the docstring of the main.py it writes",
    "consolidate/tables.py": "the commission's workbook: column headers",
    "consolidate/workbook.py": "the commission's workbook: sheet names, headers and chart titles",
}
#: Single Thai words and names elsewhere: a ribbon or script name, a sheet name, a column header
#: (written, or matched when read), a print header; they name something, they say nothing.
LABELS = {
    "addin/build.py": {"VetQA ตรวจสอบ", "เครื่องมือตรวจสอบรายงานความร่วมมือ (vetqa_xl "},
    "addin/versions.py": {"ตรวจสอบข้อมูล", "สร้างสรุป", "ส่งออกไฟล์สำหรับส่งอีเมล", "ล้างไฮไลต์", "แก้ไขอัตโนมัติ",
                          "วิธีใช้", "VetQA ตรวจสอบ"},
    "consolidate/__init__.py": {"ไฟล์"},  # the progress bar's unit
    "consolidate/worker.py": {"ผลการตรวจสอบ", "รหัส"},
    "core/checks/structure.py": {"ข้อ"},
    "excel/app.py": {"VetQA ตรวจสอบ"},
    "excel/highlights.py": {"ชีต", "เซลล์", "สีเดิม"},
    "lite/scripts.py": {"ข้อความล่าสุดจาก VetQA", "ตรวจสอบ", "ล้างไฮไลต์", "สรุป", "แก้ไขอัตโนมัติ", "ส่งออก"},
    "writers/changes.py": {"ชีต", "เซลล์", "ก่อนแก้ไข", "หลังแก้ไข", "เหตุผล"},
    "writers/keep.py": {"รายการแก้ไขอัตโนมัติ", " (เดิม)", " (เดิม "},
    "writers/nextyear.py": {"ปีการศึกษา"},
    "writers/report.py": {"ไฮไลต์เดิม"},
    "writers/sheetxml.py": {"วันที่ ...... เดือน ............ พ.ศ. ........", "หน้า &P จาก &N&R"},
    "writers/styles.py": {'"ผ่าน";"ผ่าน";"ไม่ผ่าน"'},  # a number format
    "writers/summary/rows.py": {"ต่างกัน", "วิทยาลัยการอาชีพ", "สถานศึกษา", "ปีการศึกษา", "รายการ",
                                "คำนวณจากสูตร (Excel)", "ผลการตรวจสอบ (vetqa_xl)", "ตรงกัน", "รหัส"},
    "console.py": {"ก"},  # the probe of the console's encoding
}
#: The command line's help (click's help= and epilog=, the _example lines, the *_HELP texts):
#: bilingual in one string, held to the README by tests/test_docs.py.
HELP_KEYWORDS, HELP_CALLS = {"help", "epilog"}, {"_example"}


def _help_constants(tree: ast.AST) -> set[int]:
    ids: set[int] = set()
    for node in ast.walk(tree):
        roots: list[ast.AST] = []
        if isinstance(node, ast.keyword) and node.arg in HELP_KEYWORDS:
            roots = [node.value]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in HELP_CALLS:
            roots = node.args
        elif isinstance(node, ast.FunctionDef) and node.name in HELP_CALLS:
            roots = [node]
        elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id.endswith(("_HELP", "EXIT_CODES"))
                                                  for t in node.targets):
            roots = [node.value]
        ids |= {id(n) for root in roots for n in ast.walk(root)}
    return ids


def thai_literals(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string literal with a Thai word in ``path``, but docstrings."""
    tree = ast.parse(path.read_text("utf-8"))
    skip = _help_constants(tree)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body \
                and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant):
            skip.add(id(node.body[0].value))
    return [(n.lineno, n.value) for n in ast.walk(tree) if isinstance(n, ast.Constant)
            and isinstance(n.value, str) and id(n) not in skip and THAI_LETTER.search(n.value)]


def test_no_thai_sentence_outside_the_catalogue():
    """A Thai literal outside the data modules is a label of LABELS; any other sentence is keyed."""
    inline = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel in DATA_MODULES:
            continue
        inline += [f"{rel}:{line}: {text!r}" for line, text in thai_literals(path)
                   if text not in LABELS.get(rel, set())]
    assert inline == []


def test_the_scan_sees_sentences_and_help(tmp_path):
    """The scan is not blind: it finds a sentence, and leaves out docstrings and help only."""
    path = tmp_path / "probe.py"
    path.write_text('"""ข้อความ"""\nimport click\nX_HELP = "ช่วย"\n'
                    '@click.option("--x", help="ช่วยเหลือ")\ndef f():\n    """เอกสาร"""\n'
                    '    print(f"พบ {1} รายการ", "\\u0e00-\\u0e7f")\n', "utf-8")
    assert sorted(text for _, text in thai_literals(path)) == [" รายการ", "พบ "]


def test_the_data_modules_exist():
    for rel in [*DATA_MODULES, *LABELS]:
        assert (PACKAGE / rel).is_file(), rel


# lead, after the merges: a key removed from the catalogue (xml_entities_in, folded into
# xml_refused) was still asked for by a branch that had added a call; a KeyError at run time is
# exit 3. Every key a call names literally must be in the catalogue.
SENTENCE_CALLS = {"read_problem", "say", "lines", "_refuse", "refuse", "problem"}


def _called_keys(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in SENTENCE_CALLS:
                yield node.lineno, node.args[0].value


def test_every_key_asked_for_is_in_the_catalogue():
    known = set(problems.READ_PROBLEMS) | set(commands.COMMANDS)
    asked = [(path.relative_to(PACKAGE).as_posix(), line, key) for path in sorted(PACKAGE.rglob("*.py"))
             for line, key in _called_keys(ast.parse(path.read_text(encoding="utf-8")))]
    assert len(asked) > 100  # the scan sees the calls
    assert [a for a in asked if a[2] not in known] == []


def test_the_key_scan_sees_a_missing_key():
    tree = ast.parse('raise _refuse("no_such_key", name=n)\nprint(read_problem("aborted"))')
    assert [k for _, k in _called_keys(tree)] == ["no_such_key", "aborted"]
