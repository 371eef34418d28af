"""Installing the add-in into Excel's XLSTART, xlwings' configuration beside it, removing it,
and loading it into a running Excel."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from ..core.problems import lines, read_problem
from .build import _xlwings_dir, build_addin
from .versions import ADDIN_FILENAME, CONFIG_FILENAME, PROJECT_NAME, RIBBON_TAB_LABEL, AddinError, _xlwings_version

# ---------------------------------------------------------------------------
# install / remove
# ---------------------------------------------------------------------------


def default_addin_dir() -> Path:
    """Excel's per-user XLSTART folder on Windows; elsewhere there is no
    default and a directory must be given."""
    if sys.platform == "win32":
        appdata = os.environ.get("APPDATA")
        if not appdata:
            raise AddinError(read_problem("addin_no_appdata"))
        return Path(appdata) / "Microsoft" / "Excel" / "XLSTART"
    raise AddinError(read_problem(
        "addin_no_xlstart", mac="~/Library/Group Containers/UBF8T346G9.Office/User Content/Startup/Excel"))


def default_config_dir() -> Path:
    """Where xlwings' VBA (PROJECT_NAME "vetqa_xl") looks for vetqa_xl.conf."""
    if sys.platform == "win32":
        return Path(os.environ.get("USERPROFILE") or Path.home()) / f".{PROJECT_NAME}"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Containers" / "com.microsoft.Excel" / "Data"
    return Path.home() / f".{PROJECT_NAME}"


def config_path(config_dir: Path | None = None) -> Path:
    return Path(config_dir or default_config_dir()) / CONFIG_FILENAME


def _conda_settings() -> tuple[str | None, str | None]:
    # as xlwings.cli.get_conda_settings
    env, exe = os.getenv("CONDA_DEFAULT_ENV"), os.getenv("CONDA_EXE")
    if env and exe:
        return os.path.sep.join(exe.split(os.path.sep)[:-2]), env
    return None, None


def _importable_without_pythonpath() -> bool:
    """Whether this Python finds this vetqa_xl with no PYTHONPATH, started from another
    folder (as xlwings starts it): true for a normal or editable install."""
    import subprocess
    import tempfile

    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    code = "import vetqa_xl, sys; sys.stdout.write(vetqa_xl.__file__)"
    with tempfile.TemporaryDirectory() as cwd:
        try:
            found = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True,
                                   text=True, timeout=60)
        except (OSError, subprocess.SubprocessError):
            return False
    here = Path(__file__).resolve().parent.parent / "__init__.py"  # vetqa_xl's own
    return found.returncode == 0 and Path(found.stdout.strip()).resolve() == here


def _config_settings() -> list[tuple[str, str]]:
    """What `xlwings config create` writes (the interpreter), and:

    * ``ADD_WORKBOOK_TO_PYTHONPATH`` False: the buttons import nothing from the workbook's
      folder, so xlwings need not map a OneDrive/SharePoint (https) FullName to a local
      folder, which fails for many such workbooks before any code runs, and a stray
      ``email.py`` beside the workbook cannot shadow the standard library;
    * ``PYTHONPATH`` only when this Python cannot import vetqa_xl without it (a source
      checkout run in place); a normal install needs none."""
    settings: list[tuple[str, str]] = []
    conda_path, conda_env = _conda_settings()
    if conda_path and sys.platform == "win32":
        settings += [("CONDA PATH", conda_path), ("CONDA ENV", conda_env or "")]
    else:
        ext = "MAC" if sys.platform == "darwin" else "WIN"
        settings.append((f"INTERPRETER_{ext}", sys.executable))
    settings.append(("ADD_WORKBOOK_TO_PYTHONPATH", "False"))
    if not _importable_without_pythonpath():
        settings.append(("PYTHONPATH", str(Path(__file__).resolve().parents[2])))  # holds vetqa_xl/
    return settings


_MANAGED_KEYS = {"INTERPRETER_WIN", "INTERPRETER_MAC", "CONDA PATH", "CONDA ENV", "PYTHONPATH",
                 "ADD_WORKBOOK_TO_PYTHONPATH"}


def write_xlwings_config(config_dir: Path | None = None) -> Path:
    """Write the interpreter settings for the current Python into
    ``<config_dir>/vetqa_xl.conf`` (xlwings.conf format: ``"KEY","VALUE"``
    lines), keeping any other keys already there.  Returns the file path."""
    import locale

    path = config_path(config_dir)
    # xlwings' VBA reads the file with `Open ... For Input` (ANSI), and
    # xlwings writes it in the locale encoding; do the same.
    encoding = locale.getpreferredencoding(False)
    kept: list[str] = []
    if path.exists():
        for line in path.read_text(encoding=encoding, errors="replace").splitlines():
            key = line.split(",", 1)[0].strip().strip('"').upper()
            if line.strip() and key not in _MANAGED_KEYS:
                kept.append(line)
    for key, value in _config_settings():
        if '"' in value:
            raise AddinError(read_problem("addin_quote", key=key, value=value))
        kept.append(f'"{key}","{value}"')
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        path.write_text("".join(line + "\n" for line in kept), encoding=encoding)
    except UnicodeEncodeError as exc:
        raise AddinError(
            f"cannot write {path} in the {encoding} code page xlwings' VBA reads: {exc}"
        ) from exc
    return path


def _runpython_install() -> None:
    """macOS: xlwings' RunPython needs its AppleScript (as `xlwings runpython install`)."""
    import shutil

    dest = Path.home() / "Library" / "Application Scripts" / "com.microsoft.Excel"
    dest.mkdir(parents=True, exist_ok=True)
    script = _xlwings_dir() / f"xlwings-{_xlwings_version()}.applescript"
    shutil.copy(script, dest)


def install_addin(dir: Path | None = None, config_dir: Path | None = None, *, source: Path | None = None) -> Path:
    """Put the add-in into Excel's XLSTART folder ``dir`` (default: the
    per-user XLSTART on Windows; required elsewhere) and write the xlwings
    settings for this Python into ``config_dir`` (default
    :func:`default_config_dir`).  ``source`` installs an already built
    add-in; by default a fresh one is built.  Returns the installed path."""
    import shutil
    import tempfile

    target_dir = Path(dir) if dir is not None else default_addin_dir()
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / ADDIN_FILENAME
    if source is None:
        build_addin(target)
    else:
        with tempfile.NamedTemporaryFile(dir=target_dir, prefix=".vetqa-", suffix=".tmp", delete=False) as fh:
            tmp = Path(fh.name)
        try:
            shutil.copyfile(source, tmp)
            os.replace(tmp, target)
        except PermissionError as exc:
            raise AddinError(read_problem("addin_cannot_replace", target=target, reason=exc)) from exc
        finally:
            tmp.unlink(missing_ok=True)
    write_xlwings_config(config_dir)
    if sys.platform == "darwin":
        _runpython_install()
    return target


def remove_addin(dir: Path | None = None) -> bool:
    """Delete the add-in from the XLSTART folder ``dir``; True if it was
    there.  The settings file is left in place (it may hold user keys)."""
    target = (Path(dir) if dir is not None else default_addin_dir()) / ADDIN_FILENAME
    try:
        target.unlink()
    except FileNotFoundError:
        return False
    except PermissionError as exc:
        raise AddinError(read_problem("addin_cannot_remove", target=target, reason=exc)) from exc
    return True


LOADED = lines("addin_loaded", tab=RIBBON_TAB_LABEL)
START = lines("addin_start", tab=RIBBON_TAB_LABEL)
RESTART = lines("addin_restart", tab=RIBBON_TAB_LABEL)


def load_addin(path: Path) -> str:
    """Open the installed add-in in a running Excel through xlwings (Windows), so its tab
    appears without a restart; what the user must do, in Thai and English."""
    if sys.platform != "win32":
        return RESTART
    try:
        import xlwings as xw

        if not xw.apps.count:
            return START
        xw.apps.active.api.Workbooks.Open(str(path))
    except Exception:  # Excel busy (a cell in edit mode), a dialog open, no COM access...
        return RESTART
    return LOADED

