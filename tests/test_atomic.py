"""Writers that cannot lose a file (issue 18 item 2, issue 22 item 1): a process killed with
SIGKILL at any point of a write leaves the user's file and its .bak whole, the next write
removes its temporary files, .bak keeps every generation, and a file that is open or locked
is refused in words with nothing left behind."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from vetqa_xl.writers.atomic import TEMP_PREFIX, atomic_write_bytes, write_new

# A child that writes NEW over FILE (keeping .bak) and stops for good at its N-th fsync, so
# the test can kill it there: 1 = the new content is in its temporary file, 2 = the .bak copy
# is in its temporary file, not yet renamed.
CHILD = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from vetqa_xl.writers import atomic

    real, stop, calls = os.fsync, int(sys.argv[2]), []

    def fsync(fd):
        real(fd)
        calls.append(fd)
        if len(calls) == stop:
            print("ready", flush=True)
            time.sleep(600)
    os.fsync = fsync
    atomic.atomic_write_bytes(Path(sys.argv[1]), b"NEW" * 100_000, keep=True)
""")


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX))


def _kill_at(target: Path, stop: int) -> None:
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(target), str(stop)],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    assert child.returncode == -signal.SIGKILL


@pytest.mark.parametrize("stop", [1, 2])
def test_kill_9_mid_write_loses_nothing_and_the_next_write_cleans_up(tmp_path, stop):
    target = tmp_path / "college.xlsx"
    target.write_bytes(b"ORIGINAL")
    (tmp_path / "college.xlsx.bak").write_bytes(b"OLDER")
    _kill_at(target, stop)
    # the user's file and the earlier .bak are whole; the killed write left a temporary file
    assert target.read_bytes() == b"ORIGINAL"
    assert (tmp_path / "college.xlsx.bak").read_bytes() == b"OLDER"
    assert len(_temps(tmp_path)) == stop
    # the next write into the folder removes them, and keeps both generations
    atomic_write_bytes(target, b"SECOND", keep=True)
    assert _temps(tmp_path) == []
    assert target.read_bytes() == b"SECOND"
    assert (tmp_path / "college.xlsx.bak").read_bytes() == b"ORIGINAL"
    assert (tmp_path / "college.xlsx.1.bak").read_bytes() == b"OLDER"


def test_a_live_writers_temporary_file_is_left_alone(tmp_path):
    """Another process writing into the same folder right now: its file is not ours to remove."""
    from vetqa_xl.writers.atomic import _HOST

    live = tmp_path / f"{TEMP_PREFIX}{_HOST}-{os.getppid()}-abc-x.xlsx.tmp"  # pytest's parent
    other_pc = tmp_path / f"{TEMP_PREFIX}f00f00-1-abc-y.xlsx.tmp"  # pid 1 there means nothing here
    for temp in (live, other_pc):
        temp.write_bytes(b"in progress")
    atomic_write_bytes(tmp_path / "out.xlsx", b"data")
    assert live.exists() and other_pc.exists()
    hour_ago = os.stat(other_pc).st_mtime - 2 * 3600
    os.utime(other_pc, (hour_ago, hour_ago))  # … unless it is hours old: then it is stale
    atomic_write_bytes(tmp_path / "out2.xlsx", b"data")
    assert live.exists() and not other_pc.exists()


def test_two_forced_writes_keep_the_original(tmp_path):
    out = tmp_path / "report.xlsx"
    out.write_bytes(b"the user's original")
    write_new(out, b"first", force=True)
    write_new(out, b"second", force=True)
    write_new(out, b"second", force=True)  # the same content again: no new generation
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert kept == ["report.xlsx", "report.xlsx.1.bak", "report.xlsx.bak"]
    assert (tmp_path / "report.xlsx.1.bak").read_bytes() == b"the user's original"
    assert (tmp_path / "report.xlsx.bak").read_bytes() == b"first"


def _immutable(path: Path, on: bool) -> None:
    subprocess.run(["chattr", "+i" if on else "-i", str(path)], check=True)


@pytest.fixture
def sample(tmp_path):
    from vetqa_xl import api

    return api.fill_sample(tmp_path / "college.xlsx", "college_mistakes")


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vetqa_xl", *args], check=False, capture_output=True,
                          text=True, timeout=300)


def test_report_in_place_on_a_locked_file_says_so_and_leaves_nothing(sample):
    """issue 22 item 1: what a report still open in Excel gives on Windows, made on Linux with
    chattr +i (the file cannot be opened for writing, nor replaced)."""
    before = sample.read_bytes()
    _immutable(sample, True)
    try:
        p = _cli("report", str(sample), "--in-place")
    finally:
        _immutable(sample, False)
    assert p.returncode == 2, p.stderr
    assert "Traceback" not in p.stderr
    assert str(sample) in p.stderr and "Excel" in p.stderr and "read-only" in p.stderr
    assert "ปิดไฟล์ใน Excel" in p.stderr
    assert sample.read_bytes() == before
    assert sorted(p.name for p in sample.parent.iterdir()) == ["college.xlsx"]  # no .bak, no temp


def test_forced_report_over_a_locked_output_leaves_the_old_bak(sample):
    out = sample.with_name("college-report.xlsx")
    out.write_bytes(b"an earlier report, open in Excel")
    out.with_name(out.name + ".bak").write_bytes(b"the report before it")
    _immutable(out, True)
    try:
        p = _cli("report", str(sample), "-o", str(out), "--force")
    finally:
        _immutable(out, False)
    assert p.returncode == 2 and "Excel" in p.stderr and str(out) in p.stderr
    assert out.read_bytes() == b"an earlier report, open in Excel"
    assert out.with_name(out.name + ".bak").read_bytes() == b"the report before it"
    assert sorted(p.name for p in out.parent.iterdir()) == [
        "college-report.xlsx", "college-report.xlsx.bak", "college.xlsx"]


def test_a_bug_exits_3_with_a_sentence_and_a_log(tmp_path):
    """A genuine bug (here: an API function that raises) is exit 3, one Thai and English line
    naming the log, and the traceback only in the log."""
    log = tmp_path / "tmp"
    log.mkdir()
    code = ("import sys, vetqa_xl.api as api\n"
            "def boom(*a, **k): raise ZeroDivisionError('a bug of ours')\n"
            "api.check = boom\n"
            "from vetqa_xl.__main__ import main\n"
            "sys.argv = ['vetqa-xl', 'check', 'college.xlsx']\n"
            "main()\n")
    p = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=120,
                       env={**os.environ, "TMPDIR": str(log)})
    assert p.returncode == 3
    assert "Traceback" not in p.stderr and "ZeroDivisionError" not in p.stderr
    assert "ข้อผิดพลาดภายในโปรแกรม" in p.stderr and "internal error" in p.stderr
    written = log / "vetqa_xl_error.log"
    assert str(written) in p.stderr
    assert "ZeroDivisionError: a bug of ours" in written.read_text("utf-8")
