"""Reading the viewer's query parameters: each one checked, or a 400 that says why."""

from __future__ import annotations

import re
from collections.abc import Mapping

#: Rows per page of changes, articles and search results.
PER_PAGE = 50
#: The deepest page: skipping further is slow on any server and never useful.
MAX_PAGE = 200
#: The most rows an API request may ask for.
MAX_LIMIT = 200
#: Longer search text is not a headline or a URL.
MAX_QUERY = 200
#: Source names are spider names.
_SOURCE_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class BadParameter(ValueError):
    """A query parameter the viewer cannot use; the message says which and why."""


def _one(params: Mapping[str, str], name: str) -> str | None:
    value = params.get(name)
    return None if value is None or value == "" else value


def integer(
    params: Mapping[str, str],
    name: str,
    *,
    default: int | None = None,
    low: int | None = None,
    high: int | None = None,
) -> int | None:
    """Return parameter *name* as an int within [low, high], or *default*."""
    text = _one(params, name)
    if text is None:
        return default
    # [0-9], not \d: int() reads other scripts' digits too ("٣" is 3).
    if not re.fullmatch(r"-?[0-9]{1,9}", text.strip()):
        raise BadParameter(f"{name} must be a whole number, not {text!r}")
    value = int(text)
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = f"from {low} to {high}" if high is not None else f"at least {low}"
        raise BadParameter(f"{name} must be {bounds}, not {value}")
    return value


def page(params: Mapping[str, str]) -> int:
    """Return the 1-based page number (``page``, default 1)."""
    return integer(params, "page", default=1, low=1, high=MAX_PAGE) or 1


def limit(params: Mapping[str, str], default: int = PER_PAGE) -> int:
    """Return how many rows to list (``limit``)."""
    return integer(params, "limit", default=default, low=1, high=MAX_LIMIT) or default


def flag(params: Mapping[str, str], name: str) -> bool:
    """Return an on/off parameter: ``1`` / ``0`` (``true`` / ``false`` too)."""
    text = _one(params, name)
    if text is None:
        return False
    lowered = text.lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise BadParameter(f"{name} must be 1 or 0, not {text!r}")


def source(params: Mapping[str, str]) -> str | None:
    """Return the ``source`` filter, if given."""
    text = _one(params, "source")
    if text is not None:
        check_source(text)
    return text


def check_source(name: str) -> str:
    """Return *name* if it can be a source's name (a spider's), else raise."""
    if not _SOURCE_RE.match(name):
        raise BadParameter(f"{name[:80]!r} is not a source name")
    return name


def required(params: Mapping[str, str], name: str, *, longest: int = 2000) -> str:
    """Return parameter *name*, which must be given and not too long."""
    text = _one(params, name)
    if text is None or not text.strip():
        raise BadParameter(f"{name} is required")
    if len(text) > longest:
        raise BadParameter(f"{name} is too long ({len(text)} characters)")
    return text.strip()


def query(params: Mapping[str, str]) -> str:
    """Return the search text ``q``."""
    return required(params, "q", longest=MAX_QUERY)


def view(params: Mapping[str, str]) -> str:
    """Return the diff view: ``side`` (side by side, the default) or ``inline``."""
    text = _one(params, "view") or "side"
    if text not in ("side", "inline"):
        raise BadParameter(f"view must be side or inline, not {text[:40]!r}")
    return text
