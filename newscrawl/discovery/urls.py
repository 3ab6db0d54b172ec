"""URL canonicalisation: one article, one URL, whatever link led to it."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def canonicalize_url(
    url: str, *, base_url: str, aliases: frozenset[str] = frozenset()
) -> str | None:
    """Return *url* on the scheme and host of *base_url*, or ``None`` if off-site.

    A URL on the base host or on one of the source's *aliases* (old domains,
    mobile and AMP hosts) is moved to the base's scheme and host; query and
    fragment are dropped, since news sites use them only for tracking and
    paging. Any other host is not this source's, so ``None``.
    """
    try:
        parts = urlsplit(url.strip())
        base = urlsplit(base_url)
        parts.port  # noqa: B018 - raises ValueError for a port that is no number
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        return None
    if parts.netloc.lower() != base.netloc.lower() and host not in aliases:
        return None
    path = parts.path or "/"
    return urlunsplit((base.scheme, base.netloc, path, "", ""))


def url_path(url: str) -> str:
    """Return the path of *url* (``/`` when it has none)."""
    return urlsplit(url).path or "/"


def rebase_url(url: str, base_url: str) -> str:
    """Return *url*'s path and query on *base_url*; a bare path is kept as it is."""
    if "://" not in url:
        return url
    parts = urlsplit(url)
    query = f"?{parts.query}" if parts.query else ""
    return f"{base_url.rstrip('/')}{parts.path or '/'}{query}"
