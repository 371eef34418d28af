"""Edit XML text at tag level: find elements, change attributes, insert and remove elements,
and leave every other byte as it was.

The package editor (ooxml.py), the style sheet (styles.py), the fixer (fix.py) and the custom
properties (customprops.py) change a few elements of a user's part. Re-serialising the part
(ElementTree, lxml) would renumber or move namespace prefixes that ``mc:Ignorable`` names, and
rewrite quoting and whitespace; so the parts are edited as text, and this module is the one place
that reads that text as tags. Why not lxml: it keeps prefixes, but the Lite copy bundles these
writers and Lite's Pyodide has only the standard library and defusedxml; and a parse of a whole
sheet to a tree costs more than one scan of its text for the few element names wanted.

How it reads: one regular expression per set of local names finds the start, end and empty
tags of those elements (attributes quoted either way, a ``>`` inside a quoted value), and skips
comments, CDATA sections and processing instructions, so a tag-like text inside them is not
taken for a tag. Names are matched by their local part whatever the prefix ("x:sheet",
"sheet"): the parts we edit use each local name in one namespace only (SpreadsheetML,
relationships, content types), and formulas are wanted in every namespace they appear in
(``<f>``, ``<xm:f>``, ``<c:f>``). Attribute values are given and taken unescaped; an edited tag
keeps its prefix, its other attributes in their order and their quoting.
"""
from __future__ import annotations

import functools
import html
import re
from collections.abc import Container, Iterable, Iterator
from typing import NamedTuple
from xml.sax.saxutils import quoteattr

_ATTR = r"""\s+([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*')"""
_ATTRS = re.compile(_ATTR)
_ATTR_NC = r"""\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*')"""
_SKIP = r"!--.*?-->|!\[CDATA\[.*?\]\]>|\?.*?\?>|!DOCTYPE[^>]*>"  # after a "<"


@functools.lru_cache(maxsize=128)
def _pattern(names: tuple[str, ...], closing: bool = True) -> re.Pattern[str]:
    """Tags of elements with one of the local ``names`` (any prefix; no names: every element),
    or whatever is skipped; without end tags unless ``closing``."""
    alts = "|".join(re.escape(n) for n in names) if names else r"[^\s<>/:=!?]+"
    slash = "(/?)" if closing else "()"
    # "<" first: the engine then jumps from one "<" to the next
    return re.compile(rf"<(?:{_SKIP}|{slash}((?:[^\s<>/:=]+:)?(?:{alts}))((?:{_ATTR_NC})*)\s*(/?)>)", re.S)


@functools.lru_cache(maxsize=128)
def _attr_pattern(name: str) -> re.Pattern[str]:
    """Attribute ``name`` of a tag's attributes, walked one whole attribute at a time (a quoted
    value that holds ' name="…"' is not taken for it): one match in C per tag."""
    return re.compile(rf"""(?:{_ATTR_NC})*?\s+{re.escape(name)}\s*=\s*("[^"]*"|'[^']*')""")


def _value(quoted: str) -> str:
    value = quoted[1:-1]
    return html.unescape(value) if "&" in value else value


class Tag(NamedTuple):
    """One start, end or empty tag at ``xml[start:end]`` (a tuple: a sheet has 100,000s)."""

    xml: str
    start: int
    end: int
    qname: str
    closing: bool
    empty: bool
    attrs_at: int  # where its attributes start (after the name)
    attrs_end: int

    @property
    def prefix(self) -> str:
        """"x:" for <x:sheet>, "" for <sheet>."""
        return self.qname[:self.qname.index(":") + 1] if ":" in self.qname else ""

    @property
    def local(self) -> str:
        return self.qname[len(self.prefix):]

    @property
    def text(self) -> str:
        return self.xml[self.start:self.end]

    def get(self, name: str) -> str | None:
        m = _attr_pattern(name).match(self.xml, self.attrs_at, self.attrs_end)
        return _value(m[1]) if m else None

    def with_attrs(self, values: dict[str, str | None], first: bool = False, after: str | None = None) -> str:
        """This tag's text with attributes set (in place; a new one after the others, or after
        attribute ``after`` when it has one; with ``first``, all of them moved right after the
        name) or, with None, removed."""
        out: list[str] = []
        done: set[str] = set()
        for m in _ATTRS.finditer(self.xml, self.attrs_at, self.attrs_end):
            if m[1] in values and first:
                continue
            if m[1] in values:
                done.add(m[1])
                value = values[m[1]]
                if value is not None:
                    out.append(f" {m[1]}={quoteattr(value)}")
            else:
                out.append(m[0])
            if m[1] == after:
                out.append("\0")  # where the new ones go
        new = [f" {k}={quoteattr(v)}" for k, v in values.items() if k not in done and v is not None]
        if first:
            out = new + out
        elif "\0" in out:
            at = out.index("\0")
            out[at:at + 1] = new
        else:
            out += new
        return self.xml[self.start:self.attrs_at] + "".join(out) + self.xml[self.attrs_end:self.end]

    def close(self) -> Tag:
        """The end tag of the element this start tag opens (itself when empty: its ``end`` is
        where the element ends either way)."""
        for _, close in whole(self.xml, self.local, start=self.start):
            return close
        raise ValueError(f"<{self.qname}> at {self.start} is not closed")


def tags(xml: str, *names: str, start: int = 0, end: int | None = None, closing: bool = True) -> Iterator[Tag]:
    """The tags (start, end, empty; no end tags unless ``closing``) of elements with local
    ``names``, in document order."""
    for m in _pattern(names, closing).finditer(xml, start, len(xml) if end is None else end):
        if m[2] is not None:
            yield Tag(xml, m.start(), m.end(), m[2], bool(m[1]), bool(m[4]), m.start(3), m.end(3))


def elements(xml: str, *names: str, start: int = 0, end: int | None = None,
             where: dict[str, str] | None = None) -> Iterator[Tag]:
    """The start (or empty) tags of elements with local ``names`` whose attributes have the
    (unescaped) values ``where`` asks for."""
    for m in _pattern(names, False).finditer(xml, start, len(xml) if end is None else end):
        if m[2] is not None:
            tag = Tag(xml, m.start(), m.end(), m[2], False, bool(m[4]), m.start(3), m.end(3))
            if not where or all(tag.get(k) == v for k, v in where.items()):
                yield tag


@functools.lru_cache(maxsize=32)
def _having_pattern(name: str, attr: str) -> re.Pattern[str]:
    """Start tags of elements ``name`` with attribute ``attr``, its value captured in the scan."""
    value = rf"""\s+{re.escape(attr)}\s*=\s*("[^"]*"|'[^']*')"""
    return re.compile(rf"<(?:{_SKIP}|((?:[^\s<>/:=]+:)?{re.escape(name)})"
                      rf"((?:{_ATTR_NC})*?{value}(?:{_ATTR_NC})*)\s*(/?)>)", re.S)


def having(xml: str, name: str, attr: str, values: Container[str]) -> Iterator[Tag]:
    """The start tags of elements ``name`` whose attribute ``attr`` is one of ``values`` (the
    cells of a set of references): the others are passed over in the scan, without a Tag."""
    for m in _having_pattern(name, attr).finditer(xml):
        if m[1] is not None and _value(m[3]) in values:
            yield Tag(xml, m.start(), m.end(), m[1], False, bool(m[4]), m.start(2), m.end(2))


def whole(xml: str, *names: str, start: int = 0, end: int | None = None) -> Iterator[tuple[Tag, Tag]]:
    """(start tag, end tag; the same tag twice when empty) of each outermost element with local
    ``names``, in one pass (a section's children: no search per child for its end tag)."""
    opened: Tag | None = None
    depth = 0
    for tag in tags(xml, *names, start=start, end=end):
        if opened is None:
            if tag.empty and not tag.closing:
                yield tag, tag
            elif not tag.closing:
                opened, depth = tag, 0
        elif tag.qname == opened.qname and not tag.empty:
            if not tag.closing:
                depth += 1
            elif depth:
                depth -= 1
            else:
                yield opened, tag
                opened = None


def find(xml: str, name: str, where: dict[str, str] | None = None, start: int = 0,
         end: int | None = None) -> Tag | None:
    """The first element ``name`` (local) with attribute values ``where``; None if there is none."""
    return next(elements(xml, name, start=start, end=end, where=where), None)


def splice(xml: str, edits: Iterable[tuple[int, int, str]]) -> str:
    """``xml`` with each (start, end, text) edit replacing ``xml[start:end]``; the edits do not
    overlap. One join, whatever their number."""
    out, at = [], 0
    for start, end, text in sorted(edits, key=lambda e: (e[0], e[1])):
        out += [xml[at:start], text]
        at = end
    out.append(xml[at:])
    return "".join(out)


def remove(xml: str, found: Iterable[Tag]) -> str:
    """``xml`` without the elements these start tags open."""
    return splice(xml, [(t.start, t.close().end, "") for t in found])


def append_child(xml: str, parent: Tag, child: str, start_tag: str | None = None) -> str:
    """``xml`` with ``child`` as the last child of ``parent`` (an empty <p/> becomes <p>…</p>),
    and the parent's start tag replaced by ``start_tag`` when given (a new count)."""
    head = parent.text if start_tag is None else start_tag
    if parent.empty:
        opened = head[:-2].rstrip() + ">"
        return splice(xml, [(parent.start, parent.end, f"{opened}{child}</{parent.qname}>")])
    close = parent.close()
    return splice(xml, [(parent.start, parent.end, head), (close.start, close.start, child)])


def with_prefix(xml: str, prefix: str) -> str:
    """Markup whose elements have no prefix with ``prefix`` ("x:") on every element."""
    if not prefix:
        return xml
    return splice(xml, [(t.start + 1 + t.closing, t.start + 1 + t.closing, prefix) for t in tags(xml)])
