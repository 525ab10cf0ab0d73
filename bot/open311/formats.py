"""Open311 answers in the format the path asks for: ``….json`` or ``….xml``.

JSON is the document as is. XML follows the GeoReport v2 examples: a root element holding one
element per item (``<services><service>…``), lists of scalars as repeated children, ``null``
as an empty element, booleans as ``true`` / ``false``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from xml.etree import ElementTree

from starlette.responses import JSONResponse, Response

FORMATS = ("json", "xml")
XML_MEDIA_TYPE = "text/xml; charset=utf-8"

#: For XML: the child element name of each list, by the list's own name.
_ITEM_NAMES = {"endpoints": "endpoint", "formats": "format", "attributes": "attribute",
               "values": "value"}


def render(document: Any, fmt: str, *, root: str, item: str, status: int = 200) -> Response:
    """``document`` (a list of items, or one mapping) as a JSON or XML response."""
    if fmt == "xml":
        return Response(to_xml(document, root=root, item=item), status_code=status,
                        media_type=XML_MEDIA_TYPE)
    return JSONResponse(document, status_code=status)


def to_xml(document: Any, *, root: str, item: str) -> bytes:
    element = ElementTree.Element(root)
    if isinstance(document, Mapping):
        _fill(element, document)
    else:
        for entry in document:
            _fill(ElementTree.SubElement(element, item), entry)
    body: bytes = ElementTree.tostring(element, encoding="utf-8", xml_declaration=True)
    return body


def _fill(element: ElementTree.Element, value: Any) -> None:
    if isinstance(value, Mapping):
        for key, child in value.items():
            if isinstance(child, Sequence) and not isinstance(child, str):
                holder = ElementTree.SubElement(element, key)
                for entry in child:
                    _fill(ElementTree.SubElement(holder, _ITEM_NAMES.get(key, "item")), entry)
            else:
                _fill(ElementTree.SubElement(element, key), child)
    elif value is None:
        return
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    else:
        element.text = str(value)
