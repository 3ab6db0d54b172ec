"""The items of a crawl: a parsed article page, and a page to store as a new version."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newscrawl.store.articles import Stored


@dataclass
class ArticleItem:
    """One article page as parsed, before normalisation.

    ``url`` is the URL that was fetched; ``canonical_url`` is the page's own
    ``link[rel=canonical]`` when it has one. ``published`` and ``modified``
    are the publisher's times, timezone-aware UTC, or ``None`` when the page
    does not give them. ``body`` is the article text, one string per
    paragraph (subheadings, list items and quotes are paragraphs too).
    ``alt_title`` is the page's other headline wording: the first of its
    headline data (JSON-LD, ``og:title``, the page state; which ones, per
    source, in docs/sources/) that differs from ``title``, or ``None`` when
    they all agree or the page has none. It is stored with each version but
    is not part of the content hash. ``page_type`` is what the parser
    recognised: ``"article"``, ``"liveblog"``, ``"interstitial"`` (a consent
    or sign-in wall in place of the article), ``"paywall"`` (a subscription
    wall or a body cut short for non-subscribers) or ``"other"`` (a page that
    is no article).
    """

    url: str
    source: str
    canonical_url: str | None = None
    title: str = ""
    alt_title: str | None = None
    standfirst: str = ""
    byline: str = ""
    published: datetime | None = None
    modified: datetime | None = None
    section: str = ""
    tags: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    page_type: str = "article"
    # Which parser read the page: equal strings mean equal extraction rules.
    parser_version: str = ""
    # Filled by the pipelines and the spider, not by parsers.
    fetched_at: datetime | None = None
    content_hash: str = ""
    etag: str | None = None
    last_modified: str | None = None
    #: The key of the fetched page's bytes (newscrawl.text.hashing.page_key).
    page_key: str | None = None
    #: The response the page came in, exactly as received: what the page
    #: archive keeps of a stored version.
    fetched: FetchedPage | None = field(default=None, repr=False)


@dataclass
class FetchedPage:
    """A response exactly as received, and the request that asked for it."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    fetched_at: datetime
    request_headers: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class NewVersion:
    """A page whose text differs from the stored latest version: what dedupe passes on.

    ``stored`` is what the store held of the article when dedupe compared
    (``None``: not tracked), so the store pipeline need not read it again.
    """

    page: ArticleItem
    stored: Stored | None
