"""``python -m vetqa_xl`` and the ``vetqa-xl`` command: the CLI (cli.py) in a process of its own.

``vetqa-xl check FILE [--json] [--lang th|en] [--rubric RUBRIC]`` takes a fast path: the same
command (console.check_command, which cli.py's ``check`` runs too) without importing click or
building the command group (docs/performance.md, "Start-up"). Anything else, or anything click
would answer otherwise (help, a mistake, a path it refuses), goes through cli.py, which prints
the help and the errors.
"""
from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

_EXPANDED = "*?[~$%"  # click expands globs, ~ and variables in the arguments on Windows


def _path(value: str) -> Path | None:
    """``value`` as click.Path takes it, or None when click would refuse or change it."""
    if not value or value.startswith("-") or os.name == "nt" and any(ch in value for ch in _EXPANDED):
        return None
    try:
        os.stat(value)
    except OSError:
        return Path(value)  # missing: check's own sentence says so
    except ValueError:  # a NUL in the name
        return None
    return Path(value) if os.access(value, os.R_OK) else None


def check_args(argv: list[str]) -> tuple[Path, bool, str, Path | None] | None:
    """(FILE, --json, --lang, --rubric) when ``argv`` is a plain ``check`` as its help describes
    it; None for anything else, which click then parses."""
    if argv[:1] != ["check"]:
        return None
    file: Path | None = None
    rubric: Path | None = None
    as_json, lang = False, "th"
    args = iter(argv[1:])
    for arg in args:
        name, eq, value = arg.partition("=")
        if arg == "--json":
            as_json = True
        elif name in ("--lang", "--rubric"):
            value = value if eq else next(args, "")
            if name == "--lang" and value in ("th", "en"):
                lang = value
            elif name == "--rubric" and (given := _path(value)) is not None:
                rubric = given
            else:
                return None
        elif file is None and (given := _path(arg)) is not None:
            file = given
        else:  # an option click knows (-h) or explains, a second FILE
            return None
    return None if file is None else (file, as_json, lang, rubric)


def main() -> None:
    # What the CLI imports lives as long as this short process. The collector is held off while
    # it loads (it would walk the new objects again and again and find no garbage), then
    # gc.freeze keeps them out of its later passes and out of the clean-up at exit: about 6% of
    # the instructions of `check --json` on the L workbook (docs/performance.md). In-process
    # callers (the Excel layer, tests) never run this.
    # A plain check keeps the collector off to the end: one read and one report, which make no
    # cycles, in a process that ends with them (core/ir.py, collector_paused).
    gc.disable()
    args = check_args(sys.argv[1:])
    try:
        if args is not None:
            from . import api  # noqa: F401 (loaded here, with the collector off)
            from .console import check_command, run_command
        else:
            from .cli import main as cli
    finally:
        gc.freeze()
    if args is not None:
        kept: list[object] = []
        code = run_command(check_command, *args, kept)
        # The process ends with the check: what it made (every row read, ``kept`` by the check
        # till here, the report) is left to the system, not freed object by object and the
        # modules torn down (mypy's hard_exit does the same): ~4 ms of a check of the L
        # hold-out, 9–12 ms of hold-out 5 XL (docs/performance.md). What was written is flushed first.
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):  # a closed pipe: nothing more can reach it
                pass
        os._exit(code)
    gc.enable()
    cli()


if __name__ == "__main__":
    main()
