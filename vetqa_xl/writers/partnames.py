"""The next free part name of a package, in one place: "xl/webextensions/webextension{n}.xml"
with the smallest n from 1 that no part has yet. Used by ooxml.py (vetqa{n} sheets), charts.py
(drawings, charts), report.py (customXml items and their properties), lite.py."""
from __future__ import annotations

from collections.abc import Container


def free_number(parts: Container[str], *templates: str) -> int:
    """The smallest n >= 1 for which no ``template.format(n=n)`` names a part already: one n
    for several templates that go together (an item and its properties)."""
    n = 1
    while any(t.format(n=n) in parts for t in templates):
        n += 1
    return n


def free_part(parts: Container[str], template: str) -> str:
    """The first free name of the form ``template`` ("xl/charts/chart{n}.xml")."""
    return template.format(n=free_number(parts, template))
