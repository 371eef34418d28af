"""The command line: a thin layer over vetqa_xl.api (Thai by default, --lang en for English)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from . import api
from .console import check_command, prepare_console
from .core.problems import read_problem, say
from .failures import EXIT_ABORTED, EXIT_BUG, EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE, LOG_FILE, failure, os_problem  # noqa: F401


def _fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(EXIT_UNREADABLE)


def _or_exit(fn, *args, **kw):
    """Run an API call; a problem the user can fix ends with exit 2 and its message, no traceback."""
    try:
        return fn(*args, **kw)
    except api.UserError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(os_problem(exc))


def _exit_checked(path: Path) -> None:
    """Exit 1, saying how many, while the workbook a command wrote (or left) still has errors."""
    result = _or_exit(api.check, path)
    if not result.valid:
        click.echo(read_problem("errors_remain", name=path, n=len(result.errors)), err=True)
    sys.exit(EXIT_OK if result.valid else EXIT_ERRORS)


def _output(ctx: click.Context, given: Path | None, option: Path | None) -> Path:
    """OUT of template and new: the plain argument or -o/--output (not two different files)."""
    path = given or option
    if path is None or given and option and given != option:
        kind = "output_twice" if given else "output_missing"
        raise click.UsageError(read_problem(kind, given=given, option=option), ctx)
    return path


class Commands(click.Group):
    """The command group, made safe for a staff member's console:
    - the console prepared as console.prepare_console says (output its code page cannot show
      is replaced; a warning of ours prints as its sentence alone);
    - a mistyped command or option gets a Thai sentence before click's English one;
    - an exception is a sentence and an exit code (failures.failure), never a traceback."""

    def main(self, *args, **kwargs):
        prepare_console()
        kwargs.pop("standalone_mode", None)  # errors are shown here, in Thai and English
        try:
            return super().main(*args, standalone_mode=False, **kwargs)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.UsageError as exc:
            hint = f"{exc.ctx.command_path} -h" if exc.ctx else "vetqa-xl -h"
            click.echo(read_problem("usage_error", hint=hint, message=exc.format_message()), err=True)
            sys.exit(EXIT_UNREADABLE)
        except click.ClickException as exc:
            click.echo(read_problem("command_failed", message=exc.format_message()), err=True)
            sys.exit(EXIT_UNREADABLE)
        except (click.exceptions.Abort, KeyboardInterrupt):
            click.echo(read_problem("aborted"), err=True)
            sys.exit(EXIT_ABORTED)
        except Exception as exc:  # noqa: BLE001 (never a traceback: a sentence, or exit 3 and a log)
            code, message = failure(exc)
            click.echo(message, err=True)
            sys.exit(code)


# Every command's help ends with an example (\b keeps click from re-wrapping it).
def _example(*lines: str) -> str:
    return "\b\nตัวอย่าง / example:\n" + "\n".join("  " + line for line in lines)


EXIT_CODES = ("\b\nรหัสการออก / exit codes:\n"
              "  0  สำเร็จ และไฟล์ที่ตรวจไม่มีข้อผิดพลาด / done, and the workbook checked has no error\n"
              "  1  ไฟล์ยังมีข้อผิดพลาดหลังทำคำสั่ง (check report export fix new demo) ไฟล์ผลลัพธ์ยังถูกเขียน\n"
              "     ยกเว้น export / the workbook still has errors after the command (check, report,\n"
              "     export, fix, new, demo); every file but the export is still written\n"
              "  2  อ่านหรือเขียนไฟล์ไม่ได้ ไฟล์เสีย ไม่ใช่แบบฟอร์มนี้ หรือไฟล์มีอยู่แล้ว (ดู --force) /\n"
              "     a file cannot be read or written, is damaged, is not this form, or exists already\n"
              "     (see --force); the message says which, and nothing was written\n"
              "  3  ข้อผิดพลาดภายในโปรแกรม รายละเอียดอยู่ในไฟล์ที่ข้อความระบุ /\n"
              "     a bug in vetqa-xl: the message names the log file holding the details")
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
LANG_HELP = "ภาษาของผลลัพธ์ / language of the output (th: Thai, en: English)."
RUBRIC_HELP = ("ไฟล์เกณฑ์ระดับคุณภาพ (JSON) แทนเกณฑ์เริ่มต้น / rubric file (JSON) replacing the "
               "default rubric (see vetqa_xl/core/rubric_default.json).")
FORCE_HELP = ("เขียนทับไฟล์ที่มีอยู่ โดยเก็บไฟล์เดิมเป็น .bak / overwrite an existing output file, "
              "keeping the old one as FILE.bak.")
_lang = click.option("--lang", type=click.Choice(["th", "en"]), default="th", show_default=True,
                     help=LANG_HELP)
_rubric = click.option("--rubric", type=click.Path(path_type=Path), help=RUBRIC_HELP)


def _output_options(suffix: str):
    """FILE, -o/--out, --in-place and --force of a command that writes a copy of FILE."""
    options = (
        click.argument("file", type=click.Path(path_type=Path)),
        click.option("-o", "--output", "--out", "out", type=click.Path(dir_okay=False, path_type=Path),
                     help=f"ไฟล์ที่จะเขียน (ค่าเริ่มต้น FILE-{suffix}.xlsx) / output workbook "
                          f"(default FILE-{suffix}.xlsx; never FILE itself)."),
        click.option("--in-place", is_flag=True, help="เขียนลงไฟล์เดิม โดยเก็บ .bak ไว้ก่อน / "
                                                       "write into FILE itself, keeping FILE.bak first."),
        click.option("--force", is_flag=True, help=FORCE_HELP),
    )

    def wrap(fn):
        for option in reversed(options):
            fn = option(fn)
        return fn
    return wrap


def _address(ctx, param, value):
    """--to: an e-mail address, or a usage error (exit 2) before anything is written."""
    if value is None:
        return None
    try:
        return api.email_address(value)
    except api.UserError as exc:
        raise click.BadParameter(str(exc)) from None


@click.group(cls=Commands, context_settings=CONTEXT, epilog=EXIT_CODES,
             help="vetqa_xl — ตรวจสอบข้อมูลด้านความร่วมมือ (SAR) ของสถานศึกษาอาชีวศึกษา / "
                  "check the cooperation report of Thai vocational colleges. "
                  "คำสั่งที่เขียนไฟล์ไม่เขียนทับไฟล์ที่มีอยู่ (ยกเว้น --force ซึ่งเก็บ .bak) และไม่แก้ไฟล์ต้นฉบับ / "
                  "commands never overwrite an existing file (unless --force, which keeps a .bak) "
                  "and never modify their input.")
@click.version_option(package_name="vetqa_xl")
def main() -> None:
    pass


@main.command(help="สร้างแบบฟอร์มเปล่า / build the blank Thai workbook template.",
              epilog=_example("vetqa-xl template -o แบบฟอร์ม.xlsx"))
@click.argument("out", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="ไฟล์ที่จะเขียน (หรือระบุเป็น OUT) / the template to write (or give it as OUT).")
@click.option("--force", is_flag=True, help=FORCE_HELP)
@click.pass_context
def template(ctx: click.Context, out: Path | None, output: Path | None, force: bool) -> None:
    path = _or_exit(api.build_template, _output(ctx, out, output), force=force)
    click.echo(str(path))


@main.command(help="ตรวจสอบไฟล์และคำนวณตัวเลข / check a filled workbook and compute its figures. "
                   "อ่าน .xlsx .xlsm .xls .ods ได้ แต่ report, export และ fix ต้องใช้ .xlsx / "
                   "reads .xlsx, .xlsm, .xls and .ods; report, export and fix need .xlsx.",
              epilog=_example("vetqa-xl check college.xlsx", "vetqa-xl check college.xlsx --json",
                              "vetqa-xl check college.xlsx --lang en"))
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="พิมพ์ผลเป็น JSON หนึ่งออบเจกต์ / print one JSON object.")
@_lang
@_rubric
def check(file: Path, as_json: bool, lang: str, rubric: Path | None) -> None:
    # the same function `vetqa-xl check` runs without click (__main__.py): one command, two doors
    sys.exit(check_command(file, as_json, lang, rubric))


@main.command(help="เขียนสำเนาพร้อมชีต สรุป และ ผลการตรวจสอบ / write a copy with the summary and "
                   "findings sheets and highlighted cells (exit 1 after writing it while errors remain).",
              epilog=_example("vetqa-xl report college.xlsx            (writes college-report.xlsx)",
                              "vetqa-xl report college.xlsx -o ส่งผู้บริหาร.xlsx",
                              "vetqa-xl report college.xlsx --in-place (keeps college.xlsx.bak)"))
@_output_options("report")
@_rubric
@_lang
def report(file: Path, out: Path | None, in_place: bool, force: bool, rubric: Path | None,
           lang: str) -> None:
    if out is not None and in_place:
        _fail(read_problem("out_or_in_place"))
    if out is None and not in_place:
        # the default name is the tool's own output: a new report replaces it (old one kept as .bak)
        out, force = api.default_report_path(file), True
    path, rep = _or_exit(api.report, file, out or file, in_place=in_place, rubric=rubric, force=force)
    click.echo(api.render_report(rep, lang))
    click.echo(str(path))
    sys.exit(EXIT_OK if rep.valid else EXIT_ERRORS)


@main.command(help="ไฟล์สำหรับส่งอีเมล / write the email-ready workbook (plain .xlsx). "
                   "ไม่เขียนเมื่อมีข้อผิดพลาด (รหัส 1) / writes nothing when there are errors (exit 1).",
              epilog=_example("vetqa-xl export college.xlsx",
                              "vetqa-xl export college.xlsx -o ส่งออก --to qa@vec.go.th"))
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-o", "--output", "--out-dir", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="โฟลเดอร์ปลายทาง (ค่าเริ่มต้น: โฟลเดอร์ของ FILE) / folder (default: next to FILE).")
@click.option("--to", "to", callback=_address,
              help="อีเมลผู้รับ: เขียนร่างอีเมล .eml พร้อมไฟล์แนบ / recipient's address: also write "
                   "an .eml draft with the workbook attached.")
@click.option("--force", is_flag=True,
              help="ส่งออกแม้มีข้อผิดพลาด (บันทึกไว้ในไฟล์) และเขียนทับไฟล์ส่งออกเดิม (เก็บ .bak) / "
                   "export despite errors (recorded in the file) and replace an earlier export "
                   "(kept as .bak).")
@_rubric
@_lang
def export(file: Path, out_dir: Path | None, to: str | None, force: bool, rubric: Path | None,
           lang: str) -> None:
    path, rep = _or_exit(api.export, file, out_dir, force=force, rubric=rubric)
    if path is None:
        click.echo(api.render_report(rep, lang))
        click.echo(say("not_exported", lang), err=True)
        sys.exit(EXIT_ERRORS)
    if to:
        eml = _or_exit(api.email_draft, path, rep, to, force=force)
        click.echo(say("email_draft", lang, path=eml))
    click.echo(str(path))
    sys.exit(EXIT_OK if rep.valid else EXIT_ERRORS)  # --force exported a workbook with errors


@main.command(help="แก้ไขอัตโนมัติสิ่งที่ไม่ต้องตัดสินใจ / convert what needs no judgment: Thai digits "
                   "and numbers stored as text into numbers, dates typed as text (พ.ศ. or ค.ศ.) into "
                   "real dates, stray and non-breaking spaces in list values. ทุกการแก้ไขอยู่ในชีต "
                   "รายการแก้ไขอัตโนมัติ / every change is listed in the sheet รายการแก้ไขอัตโนมัติ; "
                   "nothing else changes. ไม่มีอะไรต้องแก้: ไม่เขียนไฟล์ / nothing to fix: nothing written.",
              epilog=_example("vetqa-xl fix college.xlsx               (writes college-fixed.xlsx)",
                              "vetqa-xl fix college.xlsx -o แก้แล้ว.xlsx",
                              "vetqa-xl fix college.xlsx --in-place    (keeps college.xlsx.bak)"))
@_output_options("fixed")
@_lang
def fix(file: Path, out: Path | None, in_place: bool, force: bool, lang: str) -> None:
    if out is not None and in_place:
        _fail(read_problem("out_or_in_place"))
    path, changes = _or_exit(api.fix, file, out, in_place=in_place, force=force)
    if not changes:
        click.echo(say("nothing_fixed", lang))
    else:
        for ch in changes:
            click.echo(api.change_line(ch, lang))
        click.echo(say("cells_fixed", lang, n=len(changes)))
        click.echo(str(path))
    _exit_checked(path)  # what fix cannot decide is left to the user: exit 1 while errors remain


@main.command(help="แบบฟอร์มปีการศึกษาถัดไป / a fresh workbook for the next academic year.",
              epilog=_example("vetqa-xl new --from 2568.xlsx -o 2569.xlsx"))
@click.argument("out", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="ไฟล์ที่จะเขียน (หรือระบุเป็น OUT) / the new workbook to write (or give it as OUT).")
@click.option("--from", "last", required=True, type=click.Path(path_type=Path),
              help="ไฟล์ของปีที่แล้ว / last year's workbook.")
@click.option("--force", is_flag=True, help=FORCE_HELP)
@click.pass_context
def new(ctx: click.Context, out: Path | None, output: Path | None, last: Path, force: bool) -> None:
    path = _or_exit(api.new_year, last, _output(ctx, out, output), force=force)
    click.echo(str(path))
    _exit_checked(path)  # this year's counts and answers are still to be filled in: exit 1


@main.command(help="สาธิตกับวิทยาลัยตัวอย่าง / run the whole job on the embedded sample college "
                   "(files in the demo folder are replaced; the old ones are kept as .bak).",
              epilog=_example("vetqa-xl demo", "vetqa-xl demo --sample college_mistakes --lang en"))
@click.option("-o", "--output", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("vetqa-demo"), show_default=True,
              help="โฟลเดอร์ที่จะเขียนไฟล์สาธิต / folder for the demo files.")
@click.option("--sample", type=click.Choice(["college", "college_mistakes"]), default="college",
              show_default=True, help="วิทยาลัยตัวอย่าง / which sample college "
                                      "(college_mistakes has typical mistakes).")
@_lang
def demo(out_dir: Path, sample: str, lang: str) -> None:
    report, paths = _or_exit(api.demo, out_dir, sample)
    click.echo(api.render_report(report, lang))
    click.echo("")
    click.echo(say("demo_files", lang))
    files = [(paths["template"], "demo_template"), (paths["filled"], "demo_filled"),
             (paths["report"], "demo_report"),
             (paths["export"] or out_dir, "demo_export" if paths["export"] else "demo_no_export")]
    for path, what in files:
        click.echo(f"  {path}  ({say(what, lang)})")
    sys.exit(EXIT_OK if report.valid else EXIT_ERRORS)


@main.group(help="Excel add-in (ribbon VetQA ตรวจสอบ) / build, install or remove the add-in.",
            epilog=_example("vetqa-xl addin install"))
def addin() -> None:
    pass


@addin.command("build", help="สร้าง vetqa_xl.xlam / build the add-in reproducibly.",
               epilog=_example("vetqa-xl addin build -o vetqa_xl.xlam"))
@click.option("-o", "--output", "--out", "out", type=click.Path(path_type=Path), default=Path("vetqa_xl.xlam"),
              show_default=True, help="ไฟล์ add-in ที่จะเขียน / the add-in file to write.")
@click.option("--force", is_flag=True, help=FORCE_HELP)
def addin_build(out: Path, force: bool) -> None:
    click.echo(str(_or_exit(api.addin_build, out, force=force)))


@addin.command("install", help="ติดตั้ง add-in ลงโฟลเดอร์ XLSTART / install into Excel's XLSTART.",
               epilog=_example("vetqa-xl addin install"))
@click.option("--dir", "target", type=click.Path(file_okay=False, path_type=Path),
              help="โฟลเดอร์ XLSTART (ค่าเริ่มต้น: ของผู้ใช้ใน Excel) / the XLSTART folder (default: the user's own).")
def addin_install(target: Path | None) -> None:
    path, loaded = _or_exit(api.addin_install, target)
    click.echo(str(path))
    click.echo(loaded)


@addin.command("remove", help="ถอน add-in / remove the add-in from XLSTART.",
               epilog=_example("vetqa-xl addin remove"))
@click.option("--dir", "target", type=click.Path(file_okay=False, path_type=Path),
              help="โฟลเดอร์ XLSTART (ค่าเริ่มต้น: ของผู้ใช้ใน Excel) / the XLSTART folder (default: the user's own).")
def addin_remove(target: Path | None) -> None:
    removed = _or_exit(api.addin_remove, target)
    click.echo(read_problem("addin_removed" if removed else "addin_not_installed"))


@main.command(help="สำเนาที่มีปุ่มสำหรับ xlwings Lite (ไม่ต้องติดตั้ง Python) / a copy that carries the "
                   "buttons for xlwings Lite (Excel 365/2021+, Mac, web): nothing to install.",
              epilog=_example("vetqa-xl lite college.xlsx               (writes college-lite.xlsx)",
                              "vetqa-xl lite --template -o แบบฟอร์ม-lite.xlsx"))
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("--template", "fresh", is_flag=True, help="แบบฟอร์มเปล่า แทน FILE / a fresh template instead of FILE.")
@click.option("-o", "--output", "--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="ไฟล์ที่จะเขียน / output workbook (never FILE itself; default FILE-lite.xlsx).")
@click.option("--force", is_flag=True, help="เขียนทับไฟล์ที่มีอยู่ โดยเก็บไฟล์เดิมเป็น .bak / "
                                            "replace an existing OUT, keeping it as .bak.")
def lite(file: Path | None, fresh: bool, out: Path | None, force: bool) -> None:
    if fresh == (file is not None):
        _fail(read_problem("file_or_template"))
    if out is None:
        if file is None:  # --template
            _fail(read_problem("template_needs_out"))
        out = file.with_name(f"{file.stem}-lite.xlsx")
    click.echo(str(_or_exit(api.lite, file, out, force=force)))


@main.command(help="รวมไฟล์ของทุกสถานศึกษาเป็นรายงานเดียว คำนวณใหม่จากข้อมูล / consolidate many "
                   "colleges' workbooks (files, folders, .eml) into one recomputed workbook "
                   "(docs/consolidate.md).",
              epilog=_example("vetqa-xl consolidate inbox/ 2568/ -o รวม2568.xlsx --csv รวม2568.csv "
                              "--db history.sqlite"))
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", "--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="ไฟล์ Excel ที่จะเขียน / the consolidated workbook to write.")
@click.option("--csv", "csv_out", type=click.Path(dir_okay=False, path_type=Path),
              help="ตารางรายสถานศึกษาเป็น CSV (UTF-8 BOM) / the per-college table as CSV.")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path),
              help="ฐานข้อมูลประวัติ SQLite / the history database across years.")
@click.option("--jobs", type=click.IntRange(min=1), help="จำนวนโปรเซส (ค่าเริ่มต้น: จำนวนคอร์) / processes.")
@click.option("--force", is_flag=True, help="เขียนทับ OUT และ CSV ที่มีอยู่ โดยเก็บไฟล์เดิมเป็น .bak / "
                                            "overwrite an existing OUT or CSV, keeping the old one as .bak.")
def consolidate(inputs, out: Path, csv_out: Path | None, db: Path | None, jobs: int | None,
                force: bool) -> None:
    result = _or_exit(api.consolidate, inputs, out, csv=csv_out, db=db, jobs=jobs, force=force)
    click.echo(result.summary())
    for file, message, reason in [*result.unreadable, *result.notes]:
        click.echo(f"  {file}{' (' + message + ')' if message else ''}: {reason}", err=True)
    for path in (result.out, result.csv, result.db):
        if path:
            click.echo(str(path))


if __name__ == "__main__":
    main()
