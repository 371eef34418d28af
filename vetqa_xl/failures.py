"""How a command that failed ends: the exit code and one Thai and English sentence, never a
traceback. A problem with the user's files (a UserError, the file system's refusals, XML we
refuse) is exit 2; anything else is a bug of ours: exit 3, with the traceback in LOG_FILE."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from .core.errors import UserError
from .core.problems import read_problem

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE, EXIT_BUG, EXIT_ABORTED = 0, 1, 2, 3, 130


def __getattr__(name: str) -> Any:
    if name == "LOG_FILE":  # the Excel buttons' log too; tempfile costs a start-up its import
        return log_file()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def log_file() -> Path:
    """Where the traceback of a bug goes: vetqa_xl_error.log in the temporary folder."""
    import tempfile

    return Path(tempfile.gettempdir()) / "vetqa_xl_error.log"


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
        return EXIT_UNREADABLE, read_problem("xml_refused", name=" ".join(sys.argv[2:3]) or "-", part="-")
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
