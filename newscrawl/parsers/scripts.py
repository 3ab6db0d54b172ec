"""JSON values inside a page's scripts: JSON blocks and inline JavaScript data."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

from parsel import Selector

# Some pages wrap a script's JSON in CDATA markers.
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")
# `undefined` where a JSON value would be, in inline JavaScript data.
_UNDEFINED = re.compile(r"([:,\[]\s*)undefined\b")


def script_values(raws: Iterable[str]) -> Iterator[object]:
    """The JSON value of each script text that holds one; bad ones skipped."""
    for raw in raws:
        try:
            yield json.loads(_without_cdata(raw), strict=False)
        except (ValueError, RecursionError):
            continue


def _without_cdata(raw: str) -> str:
    """*raw* without the CDATA markers around its JSON, if it has them."""
    # The pattern tries its end marker at every position of the text (15 us
    # for a 600-character JSON-LD block): most scripts have no marker at all.
    if "<![CDATA[" not in raw and "]]>" not in raw:
        return raw
    return _CDATA.sub("", raw)


def script_json(sel: Selector, css: str) -> object:
    """The JSON in the first script matching *css*, or None when there is none."""
    return next(script_values(sel.css(f"{css}::text").getall()), None)


def js_value(script: str, marker: str) -> object:
    """The JSON value assigned just after *marker* in an inline script, or None.

    Reads ``window.__data = {...};`` style assignments: the text after the
    marker, an optional ``=`` and white space is decoded as one JSON value;
    JavaScript's ``undefined`` is read as null. Anything else gives None.
    """
    start = script.find(marker)
    if start < 0:
        return None
    rest = script[start + len(marker) :].lstrip().removeprefix("=").lstrip()
    rest = _UNDEFINED.sub(r"\1null", rest)
    try:
        value, _ = json.JSONDecoder(strict=False).raw_decode(rest)
    except (ValueError, RecursionError):
        return None
    return value


def dig(data: object, *keys: str | int) -> object:
    """The value at a path of keys and indexes in parsed JSON, or None."""
    for key in keys:
        if isinstance(data, dict) and isinstance(key, str):
            data = data.get(key)
        elif (
            isinstance(data, list)
            and isinstance(key, int)
            and -len(data) <= key < len(data)
        ):
            data = data[key]
        else:
            return None
    return data
