"""The sources file: news sites crawled by the generic parser, one table each.

newscrawl reads the file shipped in the package (``newscrawl/sources.toml``,
so a Scrapyd egg carries it) and then the user's own file named by the
``NEWSCRAWL_SOURCES`` setting. Each site becomes a spider of its own name.
The format is in docs/sources/generic.md.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy.settings import BaseSettings

from newscrawl.parsers.generic import Selectors, css_problem

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

logger = logging.getLogger(__name__)

#: Where the package's own sources file is, as error messages name it.
PACKAGE_FILE = "newscrawl/sources.toml"
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_SELECTOR_KEYS = (
    "title_css",
    "body_css",
    "standfirst_css",
    "byline_css",
    "exclude_css",
)
KEYS = (
    "base_url",
    "feeds",
    "sitemaps",
    "article_pattern",
    "aliases",
    *_SELECTOR_KEYS,
)


class SourcesError(ValueError):
    """A sources file (or the generic spider's arguments) that cannot be used."""


@dataclass(frozen=True)
class SiteConfig:
    """One site of the sources file, checked."""

    name: str
    base_url: str
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    article_pattern: re.Pattern[str] | None = None
    aliases: frozenset[str] = frozenset()
    selectors: Selectors = Selectors()
    #: Where it was defined: a file, or "spider arguments".
    origin: str = ""

    def is_article_path(self, path: str) -> bool:
        """Whether a URL path of the site is an article to track."""
        if self.article_pattern is not None:
            return self.article_pattern.search(path) is not None
        # Without a pattern every page the feeds link is taken, but the
        # home page: the pipelines reject what has no article text.
        return path not in ("", "/")

    def as_table(self) -> dict[str, Any]:
        """The site's keys as in the sources file (what :func:`site_config` reads)."""
        table: dict[str, Any] = {
            "base_url": self.base_url,
            "feeds": list(self.feeds),
            "sitemaps": list(self.sitemaps),
            "aliases": sorted(self.aliases),
        }
        if self.article_pattern is not None:
            table["article_pattern"] = self.article_pattern.pattern
        for key in _SELECTOR_KEYS:
            table[key] = getattr(self.selectors, key.removesuffix("_css"))
        return table


def parse_sources(
    text: str, origin: str, *, reserved: Collection[str] = ()
) -> dict[str, SiteConfig]:
    """Return the sites of a sources file's text; raise SourcesError naming *origin*."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourcesError(f"{origin}: not valid TOML: {exc}") from None
    for key in data:
        if key != "sites":
            raise SourcesError(
                f"{origin}: unknown top-level key {key!r}"
                " (each site is a table [sites.NAME])"
            )
    sites = data.get("sites", {})
    if not isinstance(sites, dict):
        raise SourcesError(f"{origin}: 'sites' must be tables [sites.NAME]")
    return {
        name: site_config(name, table, origin, reserved=reserved)
        for name, table in sites.items()
    }


def site_config(
    name: str,
    table: object,
    origin: str,
    *,
    reserved: Collection[str] = (),
) -> SiteConfig:
    """Return one site from its table of keys; raise SourcesError naming the problem."""
    if not _NAME.fullmatch(name):
        raise SourcesError(
            f"{origin}: site name {name!r} must be lower-case letters, digits"
            " and _, starting with a letter"
        )
    if name in reserved:
        raise SourcesError(
            f"{origin}: site {name!r} has the name of a built-in spider;"
            " choose another name"
        )

    def problem(text: str) -> SourcesError:
        return SourcesError(f"{origin}: site {name!r}: {text}")

    if not isinstance(table, dict):
        raise problem("must be a table of keys ([sites.NAME] then key = value lines)")
    for key in table:
        if key not in KEYS:
            raise problem(f"unknown key {key!r} (known keys: {', '.join(KEYS)})")
    if "base_url" not in table:
        raise problem("missing base_url")
    base_url = table["base_url"]
    if not isinstance(base_url, str) or not _is_http_url(base_url):
        raise problem(
            f"base_url must be an http(s) URL like https://news.example.com,"
            f" not {base_url!r}"
        )
    feeds = _strings(table, "feeds", problem)
    sitemaps = _strings(table, "sitemaps", problem)
    if not feeds and not sitemaps:
        raise problem("give feeds or sitemaps (or both): where to find its articles")
    aliases = _strings(table, "aliases", problem)
    pattern = None
    if "article_pattern" in table:
        value = table["article_pattern"]
        if not isinstance(value, str):
            raise problem("article_pattern must be a string (a regular expression)")
        try:
            pattern = re.compile(value)
        except re.error as exc:
            raise problem(
                f"article_pattern {value!r} is not a valid regular expression: {exc}"
            ) from None
    selectors = {}
    for key in _SELECTOR_KEYS:
        value = table.get(key, "")
        if not isinstance(value, str):
            raise problem(f"{key} must be a string (a CSS selector)")
        if value.strip() and (why := css_problem(value)):
            raise problem(f"{key} {value!r} is not a valid CSS selector: {why}")
        selectors[key.removesuffix("_css")] = value.strip()
    return SiteConfig(
        name=name,
        base_url=base_url.rstrip("/"),
        feeds=feeds,
        sitemaps=sitemaps,
        article_pattern=pattern,
        aliases=frozenset(alias.lower() for alias in aliases),
        selectors=Selectors(**selectors),
        origin=origin,
    )


def _is_http_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _strings(table: Mapping[str, Any], key: str, problem: Any) -> tuple[str, ...]:
    """A list-of-strings key (a single string is a list of one)."""
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise problem(f"{key} must be a list of strings")
    return tuple(v.strip() for v in value if v.strip())


def package_sources() -> str:
    """The text of the sources file shipped in the package."""
    return resources.files("newscrawl").joinpath("sources.toml").read_text("utf-8")


def load_sources(
    settings: BaseSettings, *, reserved: Collection[str] = ()
) -> tuple[dict[str, SiteConfig], list[str]]:
    """Return every configured site, and a line per file that could not be used.

    A bad file costs only its own sites: the package's sites and the
    built-in spiders still load.
    """
    sites: dict[str, SiteConfig] = {}
    problems: list[str] = []
    files: list[tuple[str, str | None]] = []
    try:
        files.append((PACKAGE_FILE, package_sources()))
    except OSError as exc:
        problems.append(f"{PACKAGE_FILE}: cannot read: {exc}")
    user_file = (settings.get("NEWSCRAWL_SOURCES") or "").strip()
    if user_file:
        try:
            files.append((user_file, Path(user_file).expanduser().read_text("utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            problems.append(f"NEWSCRAWL_SOURCES: cannot read {user_file}: {reason}")
    for origin, text in files:
        try:
            found = parse_sources(text or "", origin, reserved=reserved)
        except SourcesError as exc:
            problems.append(str(exc))
            continue
        clash = sorted(set(found) & set(sites))
        if clash:
            problems.append(
                f"{origin}: site {clash[0]!r} is already defined in"
                f" {sites[clash[0]].origin}"
            )
            continue
        sites.update(found)
    return sites, problems
