"""The console side of a command, without click: both ways into ``vetqa-xl check`` run
:func:`check_command`, the click group (cli.py) and the fast path of the console entry point
(__main__.py), which imports neither click nor cli.py. The API is imported when first needed.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .core.problems import read_problem
from .failures import EXIT_ABORTED, EXIT_ERRORS, EXIT_OK, failure

_ANSI = re.compile(r"\033\[[0-?]*[ -/]*[@-~]")  # click.echo's pattern: styles it strips off a file


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
    stream.write(text)  # not text + "\n": a check's JSON can be megabytes, copied for nothing
    stream.write("\n")
    stream.flush()


def echo_utf8(data: bytes | Iterable[bytes]) -> None:
    """``echo`` of UTF-8 text (a check's JSON: megabytes, in pieces each written as it comes:
    Report.json_chunks): its bytes as they are to stdout when it writes UTF-8, not decoded and
    encoded again; else decoded, for the stream's encoding."""
    chunks = (data,) if isinstance(data, bytes) else data
    stream = sys.stdout
    buffer = getattr(stream, "buffer", None)
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
    if buffer is None or encoding not in ("utf-8", "utf8"):
        echo(b"".join(chunks).decode("utf-8"))
        return
    stream.flush()  # what was written as text first
    for chunk in chunks:
        buffer.write(chunk)
    stream.write("\n")  # the line's end as the stream writes it ("\r\n" on Windows)
    stream.flush()


def check_command(file: Path, as_json: bool, lang: str, rubric: Path | None,
                  keep: list[object] | None = None) -> int:
    """``vetqa-xl check``: the report (JSON, or the text in ``lang``), the note when report,
    export and fix need an .xlsx, and the exit code (1 while the workbook has errors). A
    problem is raised, for :func:`failure`. ``keep``: as api.check's, given the report too (the
    fast path's process ends with the check)."""
    from . import api

    report = api.check(file, rubric=rubric, keep=keep)
    if keep is not None:
        keep.append(report)
    if as_json:
        echo_utf8(report.json_chunks())
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
        echo(read_problem("aborted"), err=True)
        return EXIT_ABORTED
    except Exception as exc:  # noqa: BLE001 (never a traceback: a sentence, or exit 3 and a log)
        code, message = failure(exc)
        echo(message, err=True)
        return code
