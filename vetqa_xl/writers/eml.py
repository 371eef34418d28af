"""An e-mail draft (.eml) that sends a checked workbook: Thai subject and body, the file attached.

Double-clicked, the .eml opens in the user's mail program:
- Outlook (Windows) opens it as a new, unsent message ready to send, because of the header
  ``X-Unsent: 1`` (MIMEToMAPI clears the "sent" state when it finds it).
- Thunderbird opens any .eml as a received message; Message ▸ Edit as New Message turns it into
  a draft with the same recipients, subject, text and attachment.

There is no From header: the mail program fills in the account the user sends from. A made-up
From (or the address typed in อีเมล) could name an account the user cannot send as, and
Outlook would then fail or send "on behalf of". Date is the time the draft was written.

The file is plain RFC 5322 with MIME: every header is ASCII (Thai text is RFC 2047 encoded-words,
the Thai attachment name RFC 2231), lines end with CRLF and are folded well below 998 characters.
"""
from __future__ import annotations

import email.policy
import email.utils
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path

from ..core.check import Report
from ..core.checks.cells import EMAIL
from ..core.errors import UserError
from ..core.messages import thai_datetime
from ..core.problems import read_problem, say
from ..core.registry import QUALITY_LEVELS
from ..text import DATA_FIGURES, detail_line, headline, level_lines, send_status
from .atomic import same_file, write_new

XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def subject(report: Report) -> str:
    s = report.school
    return say("eml_subject", year=s.get("academic_year") or "-", name=s.get("name") or "-",
               code=s.get("code") or "-")


def body(report: Report, filename: str) -> str:
    """The Thai text of the message: school, status, figures and levels."""
    s, f = report.school, report.figures
    lines = [
        say("eml_greeting"),
        "",
        say("eml_intro", name=s.get("name") or "-", code=s.get("code") or "-", year=s.get("academic_year") or "-",
            file=filename),
        "",
        say("eml_status", status=send_status(report)),
        "",
        say("eml_figures"),
    ]
    for n, fig in enumerate(DATA_FIGURES, start=1):
        lines.append(f"{n}. {headline(fig, f)}")
        detail = detail_line(fig, f)
        if detail:
            lines.append(f"   {detail}")
    if QUALITY_LEVELS.key in f:
        lines += ["", say("eml_levels"), *level_lines(f, console=False)]
    lines += ["", say("eml_checked", when=thai_datetime(report.checked_at), version=report.form_version or "-"),
              "", say("eml_closing"), "", *signature(report), ""]
    return "\n".join(lines)


def signature(report: Report) -> list[str]:
    """The sender as the workbook names them: ผู้กรอกข้อมูล, ตำแหน่ง, the school."""
    s = report.school
    lines = [f"({s['reporter']})" if s.get("reporter") else "", s.get("position") or "",
             s.get("name") or ""]
    return [line for line in lines if line]


class EmlError(UserError):
    """The draft cannot be written (--to is not an address …); the message is Thai then English."""


def check_address(to: str) -> str:
    """``to`` trimmed, or EmlError. Each address ("qa@vec.go.th", "name <qa@vec.go.th>", a
    comma-separated list) follows the same rule as the workbook's อีเมล cell."""
    address = to.strip()
    found = email.utils.getaddresses([address])
    if not found or not all(EMAIL.match(addr) for _, addr in found):
        raise EmlError(read_problem("bad_email", to=to))
    return address


def recipients(to: str) -> list[Address]:
    """``to`` as header objects: a display name such as "ฝ่ายประกัน สอศ." (a '.' is not allowed
    bare in a phrase, RFC 5322 §3.2.5) is then quoted before it is encoded, so the whole name
    sits inside one RFC 2047 encoded-word, with no dot left outside it."""
    return [Address(display_name=name, addr_spec=addr) for name, addr in email.utils.getaddresses([to])]


def write_eml(out: Path, workbook: Path, report: Report, to: str, force: bool = False) -> Path:
    """Write an unsent e-mail to ``to`` with ``workbook`` attached, summarising ``report``
    (an existing draft is replaced only with ``force``, and kept as .bak)."""
    out, workbook = Path(out), Path(workbook)
    to = check_address(to)
    if same_file(out, workbook):
        raise EmlError(read_problem("eml_is_workbook", name=workbook.name))
    data = workbook.read_bytes()
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["To"] = recipients(to)
    msg["Subject"] = subject(report)
    msg["Date"] = email.utils.formatdate(localtime=True)
    msg["X-Unsent"] = "1"
    msg.set_content(body(report, workbook.name))
    msg.add_attachment(data, *XLSX_TYPE, filename=workbook.name)
    return write_new(out, msg.as_bytes(), force)
