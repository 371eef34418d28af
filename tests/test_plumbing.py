"""One set of plumbing: the one refuse-same-file guard (writers.atomic.same_file) holds for every
command, even when the output is the source under another name (a hard link)."""
from __future__ import annotations

import os

import pytest

import vetqa_xl
from vetqa_xl import api
from vetqa_xl.writers.atomic import same_file


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return vetqa_xl.fill_sample(tmp_path_factory.mktemp("p") / "college.xlsx", "college")


def test_same_file_sees_paths_and_hard_links(tmp_path):
    a = tmp_path / "a.xlsx"
    a.write_bytes(b"x")
    os.link(a, tmp_path / "b.xlsx")
    assert same_file(a, tmp_path / "sub" / ".." / "a.xlsx")
    assert same_file(a, tmp_path / "b.xlsx")
    assert not same_file(a, tmp_path / "c.xlsx")


@pytest.mark.parametrize("command", ["report", "fix", "new_year", "lite"])
def test_every_command_refuses_its_source_under_another_name(sample, tmp_path, command):
    link = tmp_path / "link.xlsx"
    os.link(sample, link)
    before = sample.read_bytes()
    call = {"report": lambda: api.report(sample, link, force=True),
            "fix": lambda: api.fix(sample, link, force=True),
            "new_year": lambda: api.new_year(sample, link, force=True),
            "lite": lambda: api.lite(sample, link, force=True)}[command]
    with pytest.raises(vetqa_xl.UserError, match="/"):  # Thai / English
        call()
    assert sample.read_bytes() == before
