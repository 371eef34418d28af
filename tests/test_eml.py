"""The e-mail draft: parsed back with the standard parser, checked against the hand-counted
figures of the sample college (tests/data/sample_expected.json, from college.json)."""
from __future__ import annotations

import email
import email.policy
import json

import pytest

from vetqa_xl import check, fill_sample
from vetqa_xl.writers.eml import EmlError, write_eml

from .conftest import ROOT

EXPECTED = json.loads((ROOT / "tests/data/sample_expected.json").read_text("utf-8"))
SAMPLE = json.loads((ROOT / "vetqa_xl/samples/college.json").read_text("utf-8"))
TO = "งานประกันคุณภาพ สอศ. <qa@vec.go.th>"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("eml")
    workbook = fill_sample(folder / "ข้อมูลความร่วมมือ 2568.xlsx", "college")
    out = write_eml(folder / "ส่ง.eml", workbook, check(workbook), TO)
    raw = out.read_bytes()
    return workbook, raw, email.message_from_bytes(raw, policy=email.policy.default)


def test_headers(written):
    _, _, msg = written
    school = SAMPLE["ข้อมูลสถานศึกษา"]
    assert msg["Subject"] == (f"ส่งข้อมูลด้านความร่วมมือ ปีการศึกษา {school['ปีการศึกษา']} — "
                              f"{school['ชื่อสถานศึกษา']} ({school['รหัสสถานศึกษา']})")
    assert msg["X-Unsent"] == "1"
    # Python's parser puts an extra space where the folded encoded words meet; fold it.
    assert " ".join(msg["To"].addresses[0].display_name.split()) == "งานประกันคุณภาพ สอศ."
    assert msg["To"].addresses[0].addr_spec == "qa@vec.go.th"
    assert msg["From"] is None  # the mail program fills in the user's account
    assert msg["Date"].datetime is not None


def test_file_is_ascii_with_short_crlf_lines(written):
    _, raw, _ = written
    raw.decode("ascii")  # Thai only as RFC 2047 / RFC 2231 / base64
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert b"=?utf-8?" in head  # the Thai subject is an encoded word
    lines = raw.split(b"\r\n")
    assert all(len(line) <= 998 for line in lines)
    assert b"\n" not in raw.replace(b"\r\n", b"")


def test_body_has_the_figures_counted_by_hand(written):
    _, _, msg = written
    text = msg.get_body(("plain",)).get_content().replace("\r\n", "\n")
    school = SAMPLE["ข้อมูลสถานศึกษา"]
    f1, f2, f3, r = (EXPECTED[k] for k in
                     ("dual_programmes", "resource_programmes", "activities", "expert_ratio"))
    assert school["ชื่อสถานศึกษา"] in text and school["รหัสสถานศึกษา"] in text
    assert f"ปีการศึกษา {school['ปีการศึกษา']}" in text
    assert f"(จำนวนสาขาวิชา): {f1['total']}\n   ปวช. 5 · ปวส. 4 · ปริญญาตรี 0" in text
    assert f1["total"] == 9 and f1["by_level"] == {"ปวช.": 5, "ปวส.": 4, "ปริญญาตรี": 0}
    assert f"(จำนวนสาขาวิชา): {f2['total']}\n   ปวช. 4 · ปวส. 4 · ปริญญาตรี 0" in text
    assert "(จำนวนกิจกรรม): 42\n" in text and f3["total"] == 42
    assert "บริการชุมชน 12 · บริการวิชาการ 10 · บริการวิชาชีพ 12 · จิตอาสา 8" in text
    assert f"{r['covered']}/{r['total']} = 85.00% · ผ่านเกณฑ์ร้อยละ 80" in text
    assert (r["covered"], r["total"]) == (17, 20)
    assert "สถานะการตรวจสอบ: พร้อมส่ง" in text
    assert "ข้อ 1 การจัดการอาชีวศึกษาระบบทวิภาคี: ผ่าน 4/5 ข้อ → ระดับ 4 ดีเลิศ" in text
    assert "ด้านความร่วมมือ: ร้อยละ 93.33 → ระดับ 5 ยอดเยี่ยม" in text


def test_attachment_is_the_workbook(written):
    workbook, _, msg = written
    (part,) = list(msg.iter_attachments())
    assert part.get_content_type() == XLSX
    assert part.get_filename() == "ข้อมูลความร่วมมือ 2568.xlsx"
    assert part.get_content() == workbook.read_bytes()


def test_status_counts_the_errors(tmp_path):
    workbook = fill_sample(tmp_path / "m.xlsx", "college_mistakes")
    report = check(workbook)
    n = len(report.errors)
    assert n > 0
    msg = email.message_from_bytes(write_eml(tmp_path / "m.eml", workbook, report, "a@b.th").read_bytes(),
                                   policy=email.policy.default)
    text = msg.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert f"สถานะการตรวจสอบ: ยังไม่พร้อมส่ง: มีข้อผิดพลาด {n} รายการ" in text
    assert "5/8 = 62.50% · ไม่ผ่านเกณฑ์ร้อยละ 80" in text  # hand count: 5 of 8 programmes


def test_never_overwrites_the_workbook(tmp_path):
    workbook = fill_sample(tmp_path / "c.xlsx", "college")
    before = workbook.read_bytes()
    with pytest.raises(EmlError, match="must not overwrite"):
        write_eml(tmp_path / "x" / ".." / "c.xlsx", workbook, check(workbook), "a@b.th")
    assert workbook.read_bytes() == before


def test_signed_with_the_reporter_and_position(tmp_path):
    workbook = fill_sample(tmp_path / "c.xlsx", "college")
    school = SAMPLE["ข้อมูลสถานศึกษา"]  # ผู้กรอกข้อมูล and ตำแหน่ง as the sample gives them
    msg = email.message_from_bytes(write_eml(tmp_path / "m.eml", workbook, check(workbook), "a@b.th")
                                   .read_bytes(), policy=email.policy.default)
    text = msg.get_body().get_content().replace("\r\n", "\n")
    closing = text[text.index("ขอแสดงความนับถือ"):].split("\n")
    assert [line for line in closing if line] == [
        "ขอแสดงความนับถือ", "(นางสาวอรุณี ศรีประเสริฐ)", "หัวหน้างานประกันคุณภาพและมาตรฐานการศึกษา",
        school["ชื่อสถานศึกษา"]]
    assert school["ผู้กรอกข้อมูล"] == "นางสาวอรุณี ศรีประเสริฐ"


@pytest.mark.parametrize("to", ["not-an-email", "a@b", "qa@college", ""])
def test_to_must_be_an_address(tmp_path, to):
    workbook = fill_sample(tmp_path / "c.xlsx", "college")
    with pytest.raises(EmlError, match="not an e-mail address"):
        write_eml(tmp_path / "m.eml", workbook, check(workbook), to)
    assert not (tmp_path / "m.eml").exists()


@pytest.mark.parametrize("to, expected", [
    (TO, [("งานประกันคุณภาพ สอศ.", "qa@vec.go.th")]),
    ("ฝ่ายประกัน สอศ. <qa@vec.go.th>", [("ฝ่ายประกัน สอศ.", "qa@vec.go.th")]),
    ('"A. B. Smith" <ab@college.ac.th>, qa@vec.go.th',
     [("A. B. Smith", "ab@college.ac.th"), ("", "qa@vec.go.th")]),
])
def test_to_header_reads_back_under_the_strict_policy(tmp_path, to, expected):
    """A '.' in a display name must not stand bare outside the encoded word (RFC 5322 §3.2.5,
    RFC 2047 §5): the name is quoted before it is encoded. Python's strict policy then finds no
    defect in the header and reads back every name and address as typed."""
    workbook = fill_sample(tmp_path / "c.xlsx", "college")
    raw = write_eml(tmp_path / "m.eml", workbook, check(workbook), to).read_bytes()
    lines = raw.split(b"\r\n\r\n", 1)[0].decode("ascii").split("\r\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("To: "))
    end = next(i for i in range(start + 1, len(lines) + 1) if i == len(lines) or lines[i][:1] != " ")
    folded = " ".join(lines[start:end])  # the To header, unfolded
    assert "?=." not in folded and "?= ." not in folded
    msg = email.message_from_bytes(raw, policy=email.policy.strict)
    assert msg["To"].defects == ()
    assert [(" ".join(a.display_name.split()), a.addr_spec) for a in msg["To"].addresses] == expected
