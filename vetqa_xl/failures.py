"""How a command talks to the console and how it ends: the exit code and one Thai and English
sentence, never a traceback. A problem with the user's files (a UserError, the file system's
refusals, XML we refuse) is exit 2; anything else is a bug of ours: exit 3, with the traceback
in LOG_FILE.

Both ways into a command use it: the click group (cli.py) and the fast path of ``vetqa-xl
check`` (__main__.py), which runs :func:`check_command` without importing click. So this module
imports nothing heavy: the API is imported by the function that needs it.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from .core.errors import UserError
from .core.problems import read_problem

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE, EXIT_BUG, EXIT_ABORTED = 0, 1, 2, 3, 130
ABORTED = "ยกเลิกแล้ว / aborted"
_ANSI = re.compile(r"\033\[[0-?]*[ -/]*[@-~]")  # click.echo's pattern: styles it strips off a file


def __getattr__(name: str) -> Any:
    if name == "LOG_FILE":  # the Excel buttons' log too; tempfile costs a start-up its import
        return log_file()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def log_file() -> Path:
    """Where the traceback of a bug goes: vetqa_xl_error.log in the temporary folder."""
    import tempfile

    return Path(tempfile.gettempdir()) / "vetqa_xl_error.log"


def prepare_console() -> None:
    """Make the console safe for a staff member's output, before any command runs:
    - output that the console's code page cannot show (cp874 on Thai Windows, cp1252 elsewhere
      when redirected) is replaced, never a UnicodeEncodeError; a code page without Thai gets
      UTF-8;
    - a warning of ours (for example a damaged highlight record) prints as its sentence alone."""
    import warnings

    for stream in (sys.stdout, sys.stderr):
        _safe_encoding(stream)
    warnings.showwarning = lambda message, *_a, **_k: echo(str(message), err=True)


def _safe_encoding(stream) -> None:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        "ก".encode(encoding)
    except (LookupError, UnicodeEncodeError):
        encoding = "utf-8"
    try:
        stream.reconfigure(encoding=encoding, errors="replace")
    except (AttributeError, ValueError):  # not a text stream of io (tests, embedding)
        pass


def echo(text: str, err: bool = False) -> None:
    """One line to stdout (stderr with ``err``), flushed, as click.echo writes it: terminal
    styles are stripped when the stream is not a terminal."""
    stream = sys.stderr if err else sys.stdout
    if "\033" in text and not stream.isatty():
        text = _ANSI.sub("", text)
    stream.write(text + "\n")
    stream.flush()


def check_command(file: Path, as_json: bool, lang: str, rubric: Path | None) -> int:
    """``vetqa-xl check``: the report (JSON, or the text in ``lang``), the note when report,
    export and fix need an .xlsx, and the exit code (1 while the workbook has errors). A
    problem is raised, for :func:`failure`."""
    from . import api

    report = api.check(file, rubric=rubric)
    if as_json:
        import json

        echo(json.dumps(report.to_dict(), ensure_ascii=False, default=str))
    else:
        echo(api.render_report(report, lang))
    if note := api.xlsx_needed(file):
        echo(note, err=True)
    return EXIT_OK if report.valid else EXIT_ERRORS


def run_command(command, *args: Any) -> int:
    """The exit code of ``command(*args)`` run outside click: a problem is its sentence on
    stderr and exit 2 (or 3 for a bug of ours), Ctrl+C is "aborted" and exit 130."""
    prepare_console()
    try:
        return int(command(*args))
    except KeyboardInterrupt:
        echo(ABORTED, err=True)
        return EXIT_ABORTED
    except Exception as exc:  # noqa: BLE001 (never a traceback: a sentence, or exit 3 and a log)
        code, message = failure(exc)
        echo(message, err=True)
        return code


def failure(exc: Exception) -> tuple[int, str]:
    """The exit code and the Thai and English sentence of an exception no command caught:
    a problem with the user's files is exit 2; anything else is a bug of ours, exit 3, with
    its traceback in LOG_FILE."""
    if isinstance(exc, UserError):
        return EXIT_UNREADABLE, str(exc)
    if isinstance(exc, OSError):
        return EXIT_UNREADABLE, os_problem(exc)
    if isinstance(exc, MemoryError):
        return EXIT_UNREADABLE, read_problem("out_of_memory", where=" ".join(sys.argv[2:3]) or "-")
    if type(exc).__module__.startswith("defusedxml"):  # an entity trick the vetting did not see
        return EXIT_UNREADABLE, read_problem("xml_refused")
    import traceback

    log = log_file()
    try:
        log.write_text(f"vetqa-xl {' '.join(sys.argv[1:])}\n"
                       + "".join(traceback.format_exception(exc)), encoding="utf-8")
    except OSError:
        log = Path("-")
    return EXIT_BUG, read_problem("internal_error", log=log)


def os_problem(exc: OSError) -> str:
    """A Thai and English sentence for a file-system refusal, naming the user's folder or file
    (never a temporary file's name or an errno)."""
    name = Path(exc.filename) if exc.filename else None
    if name is not None and name.name.startswith(".") and name.name.endswith(".tmp"):
        name = name.parent  # our atomic write's temporary file: the folder is what matters
    where = str(name) if name is not None else "-"
    kind = {PermissionError: "permission", FileNotFoundError: "not_found",
            IsADirectoryError: "is_folder"}.get(type(exc), "os_other")
    return read_problem(kind, where=where, reason=exc.strerror or type(exc).__name__)
