"""GeoReport v2 XML: the same records as the JSON answers, as elements, escaped by ElementTree."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
# Characters XML 1.0 cannot carry at all (escaping does not help): dropped from the output.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# The element name of one item of a list, by the list's name.
ITEM_TAGS = {"services": "service", "service_requests": "request", "errors": "error",
             "attributes": "attribute", "values": "value"}


def document(root: str, items: list[dict[str, Any]]) -> str:
    """``<root><item>...</item>...</root>`` for a list answer (services, service_requests, errors)."""
    element = ET.Element(root)
    for item in items:
        _fill(ET.SubElement(element, ITEM_TAGS[root]), item)
    return _serialise(element)


def record(root: str, fields: dict[str, Any]) -> str:
    """``<root>...</root>`` for a single record (a service definition)."""
    element = ET.Element(root)
    _fill(element, fields)
    return _serialise(element)


def _fill(element: ET.Element, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        child = ET.SubElement(element, name)
        if isinstance(value, list):
            for item in value:
                _fill(ET.SubElement(child, ITEM_TAGS.get(name, "item")), item)
        elif isinstance(value, dict):
            _fill(child, value)
        else:
            child.text = _text(value)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _serialise(element: ET.Element) -> str:
    return DECLARATION + ET.tostring(element, encoding="unicode")
