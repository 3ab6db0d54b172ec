"""A page's JSON-LD: its objects, their types, and the values parsers read."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from parsel import Selector

from newscrawl.parsers.page import clean, xpath_found
from newscrawl.parsers.scripts import script_values


def json_ld(sel: Selector) -> list[dict]:
    """The page's JSON-LD objects, @graph members included; bad blocks skipped."""
    raws = xpath_found(sel, "//script[@type='application/ld+json']/text()")
    objects: list[dict] = []
    for data in script_values(raws):
        objects.extend(_flatten(data))
    return objects


def _flatten(data: object, depth: int = 0) -> Iterator[dict]:
    if depth > 5:
        return
    if isinstance(data, list):
        for value in data:
            yield from _flatten(value, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _flatten(data["@graph"], depth + 1)


def article_object(objects: Iterable[dict]) -> dict:
    """The first object describing an article, or an empty dict."""
    for obj in objects:
        if any(is_article_type(t) for t in ld_types(obj)):
            return obj
    return {}


def ld_types(obj: dict) -> list[str]:
    """The @type values of a JSON-LD object."""
    kind = obj.get("@type")
    if isinstance(kind, str):
        return [kind]
    if isinstance(kind, list):
        return [k for k in kind if isinstance(k, str)]
    return []


def is_article_type(kind: str) -> bool:
    """Whether a schema.org type is an article of some kind."""
    return kind.endswith("Article") or kind in ("LiveBlogPosting", "BlogPosting")


def is_live(objects: Iterable[dict]) -> bool:
    """Whether one of the objects is a LiveBlogPosting."""
    return any("LiveBlogPosting" in ld_types(obj) for obj in objects)


def ld_str(obj: dict, key: str) -> str:
    """A string property of a JSON-LD object, or ""."""
    value = obj.get(key)
    return clean(value) if isinstance(value, str) else ""


def ld_list(value: object) -> list:
    """A JSON value as a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def ld_first_str(obj: dict, key: str) -> str:
    """The first non-empty string of a property that may hold a list, or ""."""
    for value in ld_list(obj.get(key)):
        if isinstance(value, str) and clean(value):
            return clean(value)
    return ""


def ld_authors(obj: dict) -> str:
    """JSON-LD author names joined with " and "."""
    names = []
    for author in ld_list(obj.get("author")):
        name = author.get("name") if isinstance(author, dict) else author
        if isinstance(name, str) and clean(name):
            names.append(clean(name))
    return " and ".join(names)


def ld_updates(objects: Iterable[dict]) -> list[str]:
    """The text of each liveBlogUpdate of these JSON-LD objects, in page order."""
    updates = []
    for obj in objects:
        for update in ld_list(obj.get("liveBlogUpdate")):
            if isinstance(update, dict) and ld_str(update, "articleBody"):
                updates.append(ld_str(update, "articleBody"))
    return updates
