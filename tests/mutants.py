"""A seeded generator of damaged workbooks, written in code (no stored damaged files).

Each operator takes the bytes of a good .xlsx and a ``random.Random`` and returns the bytes of
a damaged copy, as files arrive at the commission from machines and apps it does not control:
- zip level: truncation, flipped bits in the central directory, an unknown compression method,
  an encryption flag, a broken deflate stream, a negative or wrong offset, lying sizes, a part
  missing or stored twice, a zip bomb;
- XML level: a DOCTYPE with entities, UTF-16 or invalid UTF-8, broken XML, a sheet renamed
  with quotes and markup, a cell far out in the grid, many sparse rows, a bad style index, a
  relationship that leads nowhere;
- value level: NaN, ±inf, -0, huge numbers, 32k-character text, control characters, text that
  looks like a formula, in the cells the checker reads.

``mutants(samples, n, seed)`` gives ``n`` (name, bytes) pairs, cycling over the operators so
that every one is used; the same seed gives the same files.
"""
from __future__ import annotations

import io
import os
import random
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator

Operator = Callable[[bytes, random.Random], bytes]
# rows added by sparse_rows: the 100,000 in a long run (VETQA_FUZZ_ROWS=20000,100000)
SPARSE_ROWS = [int(n) for n in os.environ.get("VETQA_FUZZ_ROWS", "20000").split(",")]
DATA_SHEET = re.compile(r"xl/worksheets/sheet[2-9]\.xml$")  # the form's data sheets, after คำแนะนำ


# --- package helpers -----------------------------------------------------------------
def parts_of(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(i.filename, z.read(i)) for i in z.infolist()]


def zipped(parts: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as z:
        for name, body in parts:
            z.writestr(name, body)
    return out.getvalue()


def edit_part(data: bytes, pick: Callable[[str], bool], edit: Callable[[bytes], bytes],
              rng: random.Random) -> bytes:
    parts = parts_of(data)
    chosen = rng.choice([i for i, (name, _) in enumerate(parts) if pick(name)])
    name, body = parts[chosen]
    parts[chosen] = (name, edit(body))
    return zipped(parts)


def _central(data: bytes) -> tuple[int, int]:
    """(offset of the central directory, number of entries) from the end record."""
    end = data.rfind(b"PK\x05\x06")
    entries, _size, offset = struct.unpack("<HII", data[end + 10:end + 20])
    return offset, entries


def _headers(data: bytes) -> list[int]:
    """Offsets of the central directory headers."""
    offset, entries = _central(data)
    found, at = [], offset
    for _ in range(entries):
        found.append(at)
        n, m, k = struct.unpack("<HHH", data[at + 28:at + 34])
        at += 46 + n + m + k
    return found


def _set(data: bytes, at: int, fmt: str, value: int) -> bytes:
    size = struct.calcsize(fmt)
    return data[:at] + struct.pack(fmt, value) + data[at + size:]


def _local_of(data: bytes, header: int) -> int:
    return struct.unpack("<I", data[header + 42:header + 46])[0]


# --- zip level -------------------------------------------------------------------------
def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.randrange(1, len(data) - 1)]


def flip_central_bits(data: bytes, rng: random.Random) -> bytes:
    offset, _ = _central(data)
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(offset, len(data))
        out[at] ^= 1 << rng.randrange(8)
    return bytes(out)


def unknown_method(data: bytes, rng: random.Random) -> bytes:
    header = rng.choice(_headers(data))
    method = rng.choice([1, 6, 9, 12, 14, 93, 99])
    data = _set(data, header + 10, "<H", method)
    return _set(data, _local_of(data, header) + 8, "<H", method)


def encryption_flag(data: bytes, rng: random.Random) -> bytes:
    header = rng.choice(_headers(data))
    flags = struct.unpack("<H", data[header + 8:header + 10])[0] | 1
    data = _set(data, header + 8, "<H", flags)
    return _set(data, _local_of(data, header) + 6, "<H", flags)


def broken_deflate(data: bytes, rng: random.Random) -> bytes:
    big = [h for h in _headers(data) if struct.unpack("<I", data[h + 20:h + 24])[0] > 64]
    header = rng.choice(big)
    local = _local_of(data, header)
    n, m = struct.unpack("<HH", data[local + 26:local + 30])
    start = local + 30 + n + m
    size = struct.unpack("<I", data[header + 20:header + 24])[0]
    out = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        out[start + rng.randrange(size)] ^= 0xFF
    return bytes(out)


def wrong_offset(data: bytes, rng: random.Random) -> bytes:
    header = rng.choice(_headers(data))
    return _set(data, header + 42, "<I", rng.choice([0xFFFFFFF0, len(data) + 5, 3, 0x7FFFFFFF]))


def lying_sizes(data: bytes, rng: random.Random) -> bytes:
    header = rng.choice(_headers(data))
    real = struct.unpack("<I", data[header + 24:header + 28])[0]
    return _set(data, header + 24, "<I", rng.choice([max(real // 2, 0), real + 1000, 0, 0xFFFFFFFE]))


def missing_part(data: bytes, rng: random.Random) -> bytes:
    parts = parts_of(data)
    essential = ["[Content_Types].xml", "xl/styles.xml", "_rels/.rels", "xl/workbook.xml",
                 "xl/_rels/workbook.xml.rels"]
    gone = rng.choice(essential + [n for n, _ in parts if DATA_SHEET.search(n)])
    return zipped([(n, b) for n, b in parts if n != gone])


def duplicate_part(data: bytes, rng: random.Random) -> bytes:
    parts = parts_of(data)
    name, body = rng.choice(parts)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name: the point
        return zipped(parts + [(name, body[: len(body) // 2])])


def zip_bomb(data: bytes, rng: random.Random) -> bytes:
    parts = parts_of(data)
    filler = b"<x/>" * rng.choice([2_000_000, 3_000_000])
    at = rng.choice(["docProps/custom.xml", "xl/worksheets/sheet2.xml", "xl/bomb.bin"])
    body = b'<?xml version="1.0"?><root>' + filler + b"</root>"
    return zipped([(n, b) for n, b in parts if n != at] + [(at, body)])


# --- XML level ---------------------------------------------------------------------------
def _xml(name: str) -> bool:
    return name.endswith((".xml", ".rels"))


def doctype(data: bytes, rng: random.Random) -> bytes:
    decl = rng.choice([b'<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">]>',
                       b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
                       b'<!DOCTYPE r>'])

    def edit(body: bytes) -> bytes:
        m = re.search(rb"<\?xml[^>]*\?>", body)
        at = m.end() if m else 0
        return body[:at] + decl + body[at:]
    return edit_part(data, _xml, edit, rng)


def bad_encoding(data: bytes, rng: random.Random) -> bytes:
    def edit(body: bytes) -> bytes:
        if rng.random() < 0.5:
            text = body.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
            return text.encode("utf-16")
        at = body.rfind(b"<")
        return body[:at] + b"\xff\xfe\xc3(" + body[at:]
    return edit_part(data, _xml, edit, rng)


def broken_xml(data: bytes, rng: random.Random) -> bytes:
    def edit(body: bytes) -> bytes:
        return body[: rng.randrange(10, max(len(body) - 1, 11))]
    return edit_part(data, _xml, edit, rng)


def odd_sheet_name(data: bytes, rng: random.Random) -> bytes:
    name = rng.choice(["a&apos;b", "a'b", "&quot;x&quot;", "&lt;s&gt;&amp;", "'", "x''y"])

    def edit(body: bytes) -> bytes:
        names = re.findall(rb'<sheet\b[^>]*?\bname="([^"]*)"', body)
        old = rng.choice(names)
        return body.replace(b'name="' + old + b'"', b'name="' + name.encode() + b'"', 1)
    return edit_part(data, lambda n: n == "xl/workbook.xml", edit, rng)


def _cell_row(ref: str, value: str = "1") -> bytes:
    row = re.match(r"[A-Z]+(\d+)", ref)[1]
    return f'<row r="{row}"><c r="{ref}"><v>{value}</v></c></row>'.encode()


def far_cell(data: bytes, rng: random.Random) -> bytes:
    ref = rng.choice(["XFD1048576", "A1048576", "XFD1", "ZZ99999", "AAA500000"])

    def edit(body: bytes) -> bytes:
        body = re.sub(rb"<dimension\b[^>]*/>", b"", body) if rng.random() < 0.5 else body
        return body.replace(b"</sheetData>", _cell_row(ref) + b"</sheetData>", 1)
    return edit_part(data, DATA_SHEET.search, edit, rng)


def huge_dimension(data: bytes, rng: random.Random) -> bytes:
    def edit(body: bytes) -> bytes:
        ref = rng.choice([b"A1:XFD1048576", b"A1:ZZZZ9", b"A1:B99999999"])
        return re.sub(rb'(<dimension\b[^>]*ref=")[^"]*', lambda m: m[1] + ref, body, count=1)
    return edit_part(data, DATA_SHEET.search, edit, rng)


def sparse_rows(data: bytes, rng: random.Random) -> bytes:
    n = rng.choice(SPARSE_ROWS)

    def edit(body: bytes) -> bytes:
        last = max(map(int, re.findall(rb'<row r="(\d+)"', body)), default=1)
        rows = b"".join(_cell_row(f"B{last + 10 + i}") for i in range(n))
        return body.replace(b"</sheetData>", rows + b"</sheetData>", 1)
    return edit_part(data, DATA_SHEET.search, edit, rng)


def bad_style(data: bytes, rng: random.Random) -> bytes:
    index = rng.choice([b"-1", b"99999", b"x", b"1.5"])

    def edit(body: bytes) -> bytes:
        cells = list(re.finditer(rb'<c r="[A-Z]+\d+"[^>]*?(?=/?>)', body))
        out = body
        for m in sorted(rng.sample(cells, min(3, len(cells))), key=lambda m: -m.start()):
            tag = re.sub(rb'\ss="[^"]*"', b"", m[0])
            out = out[:m.start()] + tag + b' s="' + index + b'"' + out[m.end():]
        return out
    return edit_part(data, DATA_SHEET.search, edit, rng)


def dangling_rel(data: bytes, rng: random.Random) -> bytes:
    def edit(body: bytes) -> bytes:
        targets = re.findall(rb'Target="([^"]*)"', body)
        old = rng.choice(targets)
        return body.replace(b'Target="' + old + b'"', b'Target="nowhere/missing.xml"', 1)
    return edit_part(data, lambda n: n.endswith(".rels"), edit, rng)


# --- value level -------------------------------------------------------------------------
VALUES = ["nan", "NaN", "inf", "-inf", "-0", "1e308", "-1e308", "1e20", "1E+400", "0x10", "",
          "   ", "1,5"]
TEXTS = ["x" * 32_767, "ก" * 40_000, "\x01\x02bell\x07", "=1+1", "=HYPERLINK(\"http://x\")",
         "\u202etext", "\ud7ff\ue000", "#DIV/0!", "๑๒๓", "1\u00a0000"]


def _cells(body: bytes) -> list[re.Match]:
    return list(re.finditer(rb'<c r="([A-Z]+)(\d+)"([^>]*?)(/>|>.*?</c>)', body, re.DOTALL))


def odd_number(data: bytes, rng: random.Random) -> bytes:
    value = rng.choice(VALUES).encode()

    def edit(body: bytes) -> bytes:
        cells = [m for m in _cells(body) if int(m[2]) > 2]
        m = rng.choice(cells)
        attrs = re.sub(rb'\st="[^"]*"', b"", m[3])
        new = b'<c r="' + m[1] + m[2] + b'"' + attrs + b"><v>" + value + b"</v></c>"
        return body[:m.start()] + new + body[m.end():]
    return edit_part(data, DATA_SHEET.search, edit, rng)


def odd_text(data: bytes, rng: random.Random) -> bytes:
    text = rng.choice(TEXTS)
    # characters XML 1.0 cannot hold go in as they would from a careless writer: raw
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").encode("utf-8", "surrogatepass")

    def edit(body: bytes) -> bytes:
        cells = [m for m in _cells(body) if int(m[2]) > 2]
        m = rng.choice(cells)
        attrs = re.sub(rb'\st="[^"]*"', b"", m[3])
        new = (b'<c r="' + m[1] + m[2] + b'"' + attrs + b' t="inlineStr"><is><t>' + escaped
               + b"</t></is></c>")
        return body[:m.start()] + new + body[m.end():]
    return edit_part(data, DATA_SHEET.search, edit, rng)


def odd_type(data: bytes, rng: random.Random) -> bytes:
    kind = rng.choice([b"e", b"b", b"s", b"d", b"str", b"zz"])
    value = rng.choice([b"#N/A", b"2", b"999999", b"2025-13-45", b"-1", b"abc"])

    def edit(body: bytes) -> bytes:
        m = rng.choice([m for m in _cells(body) if int(m[2]) > 2])
        attrs = re.sub(rb'\st="[^"]*"', b"", m[3])
        new = b'<c r="' + m[1] + m[2] + b'"' + attrs + b' t="' + kind + b'"><v>' + value + b"</v></c>"
        return body[:m.start()] + new + body[m.end():]
    return edit_part(data, DATA_SHEET.search, edit, rng)


ZIP_LEVEL: list[Operator] = [truncate, flip_central_bits, unknown_method, encryption_flag,
                             broken_deflate, wrong_offset, lying_sizes, missing_part,
                             duplicate_part, zip_bomb]
XML_LEVEL: list[Operator] = [doctype, bad_encoding, broken_xml, odd_sheet_name, far_cell,
                             huge_dimension, bad_style, dangling_rel]
VALUE_LEVEL: list[Operator] = [odd_number, odd_text, odd_type]
OPERATORS = ZIP_LEVEL + XML_LEVEL + VALUE_LEVEL
SLOW = [sparse_rows]  # a handful in every run: each is a sheet of up to 100,000 rows


def mutants(samples: dict[str, bytes], n: int, seed: int,
            operators: list[Operator] = OPERATORS) -> Iterator[tuple[str, bytes]]:
    """``n`` damaged copies of the samples, every operator in turn, reproducible by ``seed``."""
    rng = random.Random(seed)
    names = sorted(samples)
    for i in range(n):
        op = operators[i % len(operators)]
        sample = names[(i // len(operators)) % len(names)]
        for _attempt in range(5):  # an operator may find nothing to damage in one draw
            try:
                yield f"{i:04d}-{op.__name__}-{sample}", op(samples[sample], rng)
                break
            except (IndexError, ValueError, zipfile.BadZipFile, zlib.error, struct.error):
                continue
