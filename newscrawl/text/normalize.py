"""Text normalisation, so that only real changes of wording make new versions;
and which normalised pages are no article to track."""

from __future__ import annotations

import unicodedata

from newscrawl.items import ArticleItem
from newscrawl.text.hashing import content_hash

# Invisible characters that only hint at line breaks or encoding (zero-width
# space, word joiner, byte-order mark): removed, since they are not text. The
# zero-width (non-)joiners are kept: they shape emoji and scripts.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad"))


def normalize_text(text: str | None) -> str:
    """Return *text* in NFC with runs of white space collapsed to one space."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    # Every Unicode space (NBSP, thin spaces...) and line break, as
    # re.sub(r"\s+", " ", text).strip() would, three to four times faster.
    return " ".join(text.split())


def normalize_paragraphs(paragraphs: list[str] | None) -> list[str]:
    """Return the normalised non-empty paragraphs, in order."""
    out = []
    for paragraph in paragraphs or ():
        text = normalize_text(paragraph)
        if text:
            out.append(text)
    return out


def normalize_tags(tags: list[str] | None) -> list[str]:
    """Return the normalised tags without empties or repeats, in order."""
    return list(dict.fromkeys(normalize_paragraphs(tags)))


# What two spellings of one headline differ by that makes no other wording:
# curly and straight quotes (an h1 may curl what og:title keeps straight).
_QUOTES = str.maketrans(
    "\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f", "''''\"\"\"\""
)


def other_title(title: str, alternative: str | None) -> str | None:
    """The normalised *alternative* headline; None when absent or *title*'s words."""
    alternative = normalize_text(alternative)
    if not alternative or alternative.translate(_QUOTES) == title.translate(_QUOTES):
        return None
    return alternative


def word_count(paragraphs: list[str]) -> int:
    """Return the number of white-space separated words in *paragraphs*."""
    return sum(len(p.split()) for p in paragraphs)


def normalize_item(item: ArticleItem) -> ArticleItem:
    """Normalise the text fields of *item* in place and set its content hash."""
    item.title = normalize_text(item.title)
    # Not hashed: a page whose other headline wording alone changed is the
    # same version (docs/schema.md).
    item.alt_title = other_title(item.title, item.alt_title)
    item.standfirst = normalize_text(item.standfirst)
    item.byline = normalize_text(item.byline)
    item.section = normalize_text(item.section)
    item.body = normalize_paragraphs(item.body)
    item.tags = normalize_tags(item.tags)
    item.content_hash = content_hash(
        title=item.title, standfirst=item.standfirst, byline=item.byline, body=item.body
    )
    return item


def reject_reason(
    item: ArticleItem,
    *,
    min_body_words: int,
    include_liveblogs: bool,
    max_text_bytes: int,
) -> str | None:
    """Return why a normalised *item* is not an article to track, or ``None``."""
    if item.page_type in ("interstitial", "paywall"):
        return item.page_type
    if item.page_type == "liveblog" and not include_liveblogs:
        return "liveblog"
    if item.page_type not in ("article", "liveblog"):
        return "not_article"
    if not item.title:
        return "no_headline"
    if not item.body:
        return "empty_body"
    if word_count(item.body) < min_body_words:
        return "short_body"
    if text_bytes(item) > max_text_bytes:
        # No news article is this long; stored, it would outgrow MongoDB's
        # 16 MB document (the version travels in its article while written).
        return "too_large"
    return None


def text_bytes(item: ArticleItem) -> int:
    """Return the size of the item's text in UTF-8: what a version stores."""
    texts = [item.title, item.standfirst, item.byline, *item.body]
    return sum(len(text.encode()) for text in texts)
