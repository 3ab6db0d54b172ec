"""Which parsed pages are no article to track (text.normalize.reject_reason)."""

from __future__ import annotations

import pytest

from newscrawl.items import ArticleItem
from newscrawl.text.normalize import reject_reason, text_bytes

WORDS = ["Thirty words of a real paragraph " * 6]
RULES = {"min_body_words": 20, "include_liveblogs": False, "max_text_bytes": 4096}


def _item(**fields: object) -> ArticleItem:
    defaults: dict[str, object] = {"title": "A headline", "body": list(WORDS)}
    return ArticleItem(
        url="https://example.org/a", source="x", **{**defaults, **fields}
    )


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({}, None),
        ({"page_type": "paywall"}, "paywall"),
        ({"page_type": "interstitial"}, "interstitial"),
        ({"page_type": "liveblog"}, "liveblog"),
        ({"page_type": "other"}, "not_article"),
        ({"title": ""}, "no_headline"),
        ({"body": []}, "empty_body"),
        ({"body": ["Too short."]}, "short_body"),
        ({"body": ["word " * 1000]}, "too_large"),
    ],
)
def test_each_reason(fields, reason):
    assert reject_reason(_item(**fields), **RULES) == reason


def test_live_blogs_pass_when_asked_for():
    rules = {**RULES, "include_liveblogs": True}
    assert reject_reason(_item(page_type="liveblog"), **rules) is None


def test_the_size_is_of_the_text_in_utf8():
    assert text_bytes(_item(title="é", body=["ab"], byline="c")) == 2 + 2 + 1
