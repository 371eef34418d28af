"""vetqa_xl — the cooperation report (ข้อมูลด้านความร่วมมือ) of Thai vocational colleges in Excel.

Pipeline: form definition (form.py) → readers (file or live Excel) → IR (core/ir.py)
→ checks and figures (core/) → writers (template, summary, export) → CLI and Excel layer.
Everything outside goes through :mod:`vetqa_xl.api`; its public names are re-exported here,
except ``lite`` and ``consolidate``, whose names are subpackages (call ``vetqa_xl.api.lite``).

The names are imported when first used (PEP 562), so that ``import vetqa_xl.cli`` or a
submodule does not load what it does not need: ``vetqa-xl check`` starts faster.
"""
from .version import __version__ as __version__  # first: the writers stamp it, and api imports them

_API = ("NotThisForm", "ReadError", "UserError", "build_template", "check", "default_report_path",
        "email_address", "email_draft", "export", "fill_sample", "fix", "fix_changes", "new_year",
        "read", "render_report", "report")
_HOMES = {**dict.fromkeys(_API, "api"), "Report": "core.check", "Change": "core.fixes",
          "WorkbookIR": "core.ir", "Finding": "core.messages", "FORM": "form"}

__all__ = sorted(["__version__", *_HOMES])


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
