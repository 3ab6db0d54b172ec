"""Find a tracked article from what a person types: a URL, a version URL, a part of one.

An article's id is its canonical URL. A version URL is that URL followed by
``#v`` and the version number (``https://...harbour-wall-repair#v2``): the id
feed entries carry, and what ``newscrawl diff`` needs to show one change.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import partial
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from newscrawl.store import queries
from newscrawl.store.articles import ArticleStore

_VERSION_RE = re.compile(r"^(?P<url>.+?)#v(?P<version>\d+)$")
#: Suggestions are drawn from this many most recently changed articles, which
#: keeps the error path fast on a store with millions of articles.
SUGGESTION_POOL = 20_000
# The longest text looked for as a part of a tracked URL.
_PART_MAX = 300
# How alike (0 to 1) a tracked URL must look to be suggested.
_SUGGEST_MIN = 0.6
# What is compared of a reference, at most: slugs are shorter, and a longer
# text would only make the comparison slow.
_KEY_MAX = 120
# How many of the URLs most alike in three-letter runs are compared in full.
_SHORTLIST = 100


class NotFound(LookupError):
    """What was asked for is not in the store; the message says what is."""


class NotTracked(NotFound):
    """No tracked article matches; ``suggestions`` are the closest URLs."""

    def __init__(self, reference: str, suggestions: list[str]) -> None:
        self.reference = reference
        self.suggestions = suggestions
        message = f"{reference} is not tracked"
        if suggestions:
            message += ". Closest tracked URLs:\n" + "\n".join(
                f"  {url}" for url in suggestions
            )
        super().__init__(message)


class Ambiguous(NotFound):
    """A partial URL matches several articles; ``matches`` lists some of them."""

    def __init__(self, reference: str, matches: list[str], more: bool) -> None:
        self.reference = reference
        self.matches = matches
        listed = "\n".join(f"  {url}" for url in matches)
        tail = "\n  ..." if more else ""
        super().__init__(
            f"{reference!r} matches several tracked articles; give more of the "
            f"URL:\n{listed}{tail}"
        )


class UnknownSource(NotFound):
    """No article of the source is in the store; ``known`` are the sources that are."""

    def __init__(self, source: str, known: list[str]) -> None:
        self.source = source
        self.known = known
        listed = ", ".join(known) if known else "none yet"
        super().__init__(
            f"there is no source {source!r} in the store (sources: {listed})"
        )


def check_source(store: ArticleStore, source: str | None) -> None:
    """Raise UnknownSource unless *source* is None or has articles in the store."""
    if source is not None and not queries.has_source(store, source):
        raise UnknownSource(source, queries.source_names(store))


class VersionOutOfRange(NotFound):
    """A version number the article does not have."""

    def __init__(self, number: int, count: int) -> None:
        self.number = number
        self.count = count
        super().__init__(
            f"version {number} is out of range: this article has "
            + ("only version 0" if count == 1 else f"versions 0 to {count - 1}")
        )


@dataclass(frozen=True)
class Reference:
    """What the person typed, split into the article part and a version, if any."""

    text: str
    version: int | None


@dataclass(frozen=True)
class Found:
    """A tracked article and the version the reference named, if it named one."""

    article: dict[str, Any]
    version: int | None

    @property
    def url(self) -> str:
        """The article's id, its canonical URL."""
        return str(self.article["_id"])


def parse_reference(text: str) -> Reference:
    """Split ``URL#vN`` into the URL and N; anything else has no version."""
    text = text.strip()
    if match := _VERSION_RE.match(text):
        return Reference(match.group("url"), int(match.group("version")))
    return Reference(text, None)


def url_variants(text: str) -> list[str]:
    """Return the ids *text* could be: as typed, without query, on https, with www."""
    out = [text]
    if "://" not in text and re.match(r"^[\w.-]+\.[a-z]{2,}/", text, re.I):
        text = "https://" + text  # a URL pasted without its scheme
    try:
        parts = urlsplit(text)
    except ValueError:
        return out
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return out
    host = parts.netloc.lower()
    path = parts.path or "/"
    hosts = [host] if host.startswith("www.") else [host, "www." + host]
    for candidate_host in hosts:
        for scheme in ("https", "http"):
            url = urlunsplit((scheme, candidate_host, path, "", ""))
            if url not in out:
                out.append(url)
    return out


def closest_urls(text: str, urls: list[str], n: int = 3) -> list[str]:
    """Return up to *n* of *urls* that look most like *text*, best first."""
    # Articles of one site share the host and often the date in the path: the
    # slug at the end is what tells them apart, so a full URL is compared by it.
    key = text.lower().rstrip("/")
    if "://" in key:
        key = _slug(key)
    key = key[:_KEY_MAX]
    grams = _trigrams(key)
    if not grams:
        return []

    def targets(url: str) -> tuple[str, ...]:
        # Tracked URLs are canonical: no query, no fragment.
        path = "/" + url.lower().split("://", 1)[-1].partition("/")[2].rstrip("/")
        slug = path.rsplit("/", 1)[-1][: 2 * _KEY_MAX]
        return (slug, path[-2 * _KEY_MAX :]) if "/" in key else (slug,)

    # Cheap first: the URLs most alike in three-letter runs (Dice's
    # coefficient) make a shortlist; only those are compared in full, whose
    # cost grows with the product of the lengths.
    def alike(url: str) -> float:
        other = _trigrams(targets(url)[-1])
        return 2 * len(grams & other) / (len(grams) + len(other) or 1)

    shortlist = heapq.nlargest(_SHORTLIST, ((alike(url), url) for url in urls))

    def score(url: str) -> float:
        best = 0.0
        for target in targets(url):
            matcher = SequenceMatcher(None, key, target, autojunk=False)
            if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
                best = max(best, matcher.ratio())
        return best

    scored = sorted(((score(url), url) for _, url in shortlist), key=lambda p: -p[0])
    return [url for value, url in scored[:n] if value >= _SUGGEST_MIN]


def _trigrams(text: str) -> set[str]:
    return {text[i : i + 3] for i in range(len(text) - 2)}


def _slug(url_or_path: str) -> str:
    return urlsplit(url_or_path).path.rstrip("/").rsplit("/", 1)[-1]


def find_article(
    store: ArticleStore,
    text: str,
    *,
    suggest: Callable[[str], list[str]] | None = None,
) -> Found:
    """Return the article *text* names: its URL, a version URL or a unique part.

    Raises NotTracked, with the closest tracked URLs that *suggest* finds
    (default: suggestions()), or Ambiguous.
    """
    reference = parse_reference(text)
    if not reference.text:
        raise NotTracked(text, [])
    for url in url_variants(reference.text):
        article = queries.article(store, url)
        if article is not None:
            return Found(article, reference.version)
    # A part of a URL is short; a longer text is no part of one, and would
    # make a pattern past the server's limits.
    if len(reference.text) <= _PART_MAX:
        path = _path_of(reference.text)
        # The same path on another host of the site, then any URL containing
        # the text.
        patterns = ["^https?://[^/]+" + re.escape(path) + "$"] if path else []
        patterns.append(re.escape(reference.text))
        for pattern in patterns:
            ids = queries.article_ids(store, pattern, limit=11)
            if len(ids) == 1:
                found = queries.article(store, ids[0]) or {"_id": ids[0]}
                return Found(found, reference.version)
            if len(ids) > 1:
                raise Ambiguous(reference.text, sorted(ids)[:10], more=len(ids) > 10)
    if suggest is None:
        suggest = partial(suggestions, store)
    raise NotTracked(reference.text, suggest(reference.text))


def suggestions(store: ArticleStore, text: str) -> list[str]:
    """Return the tracked URLs most like *text*, among the most recently changed."""
    pool = queries.recently_changed_ids(store, limit=SUGGESTION_POOL)
    return closest_urls(text, pool)


def check_version(number: int, count: int) -> int:
    """Return version *number* (negative counts from the latest) or raise."""
    resolved = number + count if number < 0 else number
    if not 0 <= resolved < count:
        raise VersionOutOfRange(number, count)
    return resolved


def version_pairs(
    count: int,
    first: int | None = None,
    second: int | None = None,
    *,
    named: int | None = None,
    every: bool = False,
) -> list[tuple[int, int]]:
    """Return which (from, to) versions to compare.

    Every consecutive pair with *every*; *first* and *second* when given (a
    lone *first* is compared with the latest); the version a version URL
    *named* against the one before it; else the last two versions. Nothing to
    compare (a single version, or version 0 named) is an empty list.
    """
    if every:
        return [(n - 1, n) for n in range(1, count)]
    if first is not None:
        old = check_version(first, count)
        new = check_version(second, count) if second is not None else count - 1
        return [(old, new)]
    if named is not None:
        new = check_version(named, count)
        return [(new - 1, new)] if new else []
    return [(count - 2, count - 1)] if count > 1 else []


def _path_of(text: str) -> str | None:
    """Return the path of *text* when it is a full URL with one."""
    if "://" not in text:
        return None
    path = urlsplit(text).path
    return path if path not in ("", "/") else None
