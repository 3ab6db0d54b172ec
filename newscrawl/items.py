"""The item a source parser yields for one fetched article page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class ArticleItem:
    """One article page as parsed, before normalisation.

    ``url`` is the URL that was fetched; ``canonical_url`` is the page's own
    ``link[rel=canonical]`` when it has one. ``published`` and ``modified``
    are the publisher's times, timezone-aware UTC, or ``None`` when the page
    does not give them. ``body`` is the article text, one string per
    paragraph (subheadings, list items and quotes are paragraphs too).
    ``page_type`` is what the parser recognised: ``"article"``,
    ``"liveblog"``, ``"interstitial"`` (a consent or sign-in wall in place
    of the article), ``"paywall"`` (a subscription wall or a body cut short
    for non-subscribers) or ``"other"`` (a page that is no article).
    """

    url: str
    source: str
    canonical_url: str | None = None
    title: str = ""
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
    # The article's stored state as the dedupe pipeline read it ({}: not
    # tracked; None: not read), so the store pipeline need not read it again.
    # The spider sets {} for an article the store did not track at discovery.
    stored_state: dict[str, Any] | None = field(default=None, repr=False)
