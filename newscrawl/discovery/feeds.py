"""Article links from RSS 2.0 and Atom feeds."""

from __future__ import annotations

from lxml import etree

_ATOM = "{http://www.w3.org/2005/Atom}"
_FEEDBURNER = "{http://rssnamespace.org/feedburner/ext/1.0}"


class FeedError(ValueError):
    """The document is not a feed that links can be read from."""


def parse_xml(body: bytes, *, kind: str) -> etree._Element:
    """Return the root element of an XML document, or raise FeedError."""
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        # An error page or a login wall served in place of the feed.
        raise FeedError(f"an HTML page, not a {kind}")
    # Strict: a broken feed is reported, not half-read without a word.
    parser = etree.XMLParser(
        recover=False, resolve_entities=False, no_network=True, huge_tree=False
    )
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise FeedError(f"not well-formed XML ({exc})") from None
    if root is None:
        raise FeedError(f"empty or not XML: no {kind} found")
    return root


def feed_links(body: bytes) -> list[str]:
    """Return the item links of an RSS 2.0 or Atom feed, in feed order."""
    root = parse_xml(body, kind="feed")
    links: list[str] = []
    if etree.QName(root).localname == "rss":
        for item in root.iter("item"):
            # FeedBurner items <link> to a redirector; origLink is the article.
            link = item.findtext(f"{_FEEDBURNER}origLink") or ""
            if not link.strip():
                link = item.findtext("link") or ""
            if not link.strip():
                guid = item.find("guid")
                if guid is not None and guid.get("isPermaLink", "true") == "true":
                    link = guid.text or ""
            if link.strip():
                links.append(link.strip())
    elif root.tag == f"{_ATOM}feed":
        for entry in root.iter(f"{_ATOM}entry"):
            for link in entry.iter(f"{_ATOM}link"):
                if link.get("rel", "alternate") == "alternate" and link.get("href"):
                    links.append(link.get("href").strip())
                    break
    else:
        raise FeedError(f"root element <{etree.QName(root).localname}> is not a feed")
    return links
