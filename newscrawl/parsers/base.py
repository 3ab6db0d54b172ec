"""The template every source parser fills in: an article page and its fields."""

from __future__ import annotations

from functools import cached_property

from newscrawl.parsers.jsonld import article_object, json_ld
from newscrawl.parsers.page import Page


class ArticlePage(Page):
    """A news site's article page: its tree and the JSON-LD it carries."""

    @cached_property
    def ld(self) -> list[dict]:
        """Every JSON-LD object on the page, flattened."""
        return json_ld(self.sel)

    @cached_property
    def article_ld(self) -> dict:
        """The JSON-LD object describing the article, or an empty dict."""
        return article_object(self.ld)


def cut_short(shown: int, expected: int, *, ratio: float = 0.75) -> bool:
    """Whether a page shows clearly less than the total it declares for itself.

    *shown* and *expected* count the same thing (paragraphs, words): what the
    page's HTML carries and what its own data says the article holds. Real
    full pages stay within a few percent of their declared totals, so only a
    shortfall beyond *ratio* counts as a copy cut short.
    """
    return expected > 0 and shown < expected * ratio
