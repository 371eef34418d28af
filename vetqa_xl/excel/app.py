"""The Excel application around a button: its status bar, its message boxes (or the Lite
scripts' NOTIFY), and the settings a button turns off while it works."""
from __future__ import annotations

import sys
from contextlib import contextmanager
from contextvars import ContextVar

from ..core.errors import UserError

TITLE = "VetQA ตรวจสอบ"


class Refusal(UserError):
    """A reason not to go on, shown to the user as it is (Thai)."""

def app_of(book):
    """The book's App, looked up once per book (each lookup is a round trip over COM)."""
    app = book.__dict__.get("_vetqa_app")
    if app is None:
        app = book.__dict__["_vetqa_app"] = book.app
    return app


def status(book, text: str | bool) -> None:
    """Excel's status bar (False hands it back to Excel); engines without one are skipped."""
    try:
        app_of(book).status_bar = text
    except Exception:
        pass


#: Where messages go instead of a message box, as a function (book, text, critical); xlwings
#: Lite has no message boxes, its scripts (vetqa_xl.lite.scripts) set this while they run.
NOTIFY: ContextVar = ContextVar("vetqa_notify", default=None)


def alert(book, text: str, critical: bool = False) -> str:
    notify = NOTIFY.get()
    if notify is not None:
        notify(book, text, critical)
        return text
    app_of(book).alert(text, title=TITLE, mode="critical" if critical else "info")
    return text


# Excel's settings a button turns off while it works, and their working values.
QUIET = (("screen_updating", False), ("calculation", "manual"), ("enable_events", False))


@contextmanager
def quiet(book):
    """Screen updating off, manual calculation, events off while a button works; each setting
    is put back as it was, whatever happens. Engines without a setting are skipped."""
    app = app_of(book)
    before = []
    try:
        for name, value in QUIET:
            try:
                was = getattr(app, name)
                setattr(app, name, value)
            except Exception:
                continue
            before.append((name, was))
        yield
    finally:
        for name, was in reversed(before):
            try:
                setattr(app, name, was)
            except Exception:
                pass


def message_box(text: str) -> None:
    """A message with no workbook to show it in: Windows' own (Unicode) message box, else
    standard error (xlwings shows that in its error popup)."""
    try:
        import win32api  # pywin32, which xlwings needs on Windows

        win32api.MessageBox(0, text, TITLE, 0x30)  # MB_ICONWARNING
    except Exception:
        sys.stderr.write(text + "\n")


def version_guard(xlwings_version: str, vetqa_version: str) -> None:
    """What the add-in runs before every button (macros/VetQA.bas): on a version mismatch
    (``addin.versions.check_addin_versions``, pure), a Thai and English message box (Unicode,
    from Python) and a quiet stop, instead of xlwings' traceback popup (whose VBA MsgBox turns
    Thai into ????)."""
    from ..addin.versions import AddinVersionMismatch, check_addin_versions

    try:
        check_addin_versions(xlwings_version, vetqa_version)
    except AddinVersionMismatch as exc:
        message_box(str(exc))
        raise SystemExit(0) from None  # exit code 0: xlwings shows no second popup
