"""URL canonicalisation and the Guardian's article-path filter."""

from __future__ import annotations

import pytest
from scrapy.utils.test import get_crawler

from newscrawl.discovery.urls import canonicalize_url, rebase_url, url_path
from spiders.bbc import BbcSpider
from spiders.guardian import GuardianSpider, is_article_path

SITE = "https://www.theguardian.com"
LOCAL = "http://127.0.0.1:8000"
ALIASES = GuardianSpider.aliases
ARTICLE = "/world/2024/feb/24/harbour-wall-repair"


def _canon(url: str, base_url: str = SITE) -> str | None:
    return canonicalize_url(url, base_url=base_url, aliases=ALIASES)


# --- canonicalize_url on the real site ----------------------------------------


def test_canonical_article_url_is_unchanged():
    assert _canon(SITE + ARTICLE) == SITE + ARTICLE


def test_http_becomes_https_on_the_real_site():
    assert _canon("http://www.theguardian.com" + ARTICLE) == SITE + ARTICLE


@pytest.mark.parametrize(
    "suffix",
    [
        "?CMP=share_btn_tw",
        "#comments",
        "?page=with:block-65d9&utm_source=x#block-65d9",
        "?",
        "#",
    ],
)
def test_query_and_fragment_are_dropped(suffix):
    assert _canon(SITE + ARTICLE + suffix) == SITE + ARTICLE


@pytest.mark.parametrize(
    "host",
    [
        "www.guardian.co.uk",
        "guardian.co.uk",
        "m.guardian.co.uk",
        "amp.theguardian.com",
        "theguardian.com",
    ],
)
@pytest.mark.parametrize("scheme", ["http", "https"])
def test_old_mobile_and_amp_hosts_map_to_the_base_host(host, scheme):
    assert _canon(f"{scheme}://{host}{ARTICLE}?CMP=x#y") == SITE + ARTICLE


def test_host_is_matched_case_insensitively_and_default_port_is_dropped():
    assert _canon("HTTPS://WWW.TheGuardian.COM" + ARTICLE) == SITE + ARTICLE
    assert _canon("https://www.theguardian.com:443" + ARTICLE) == SITE + ARTICLE


def test_leading_and_trailing_spaces_are_ignored():
    assert _canon(f"  {SITE}{ARTICLE}\n") == SITE + ARTICLE


def test_a_bare_host_gets_the_root_path():
    assert _canon("https://www.theguardian.com") == SITE + "/"


@pytest.mark.parametrize(
    "url",
    [
        "https://www.bbc.co.uk/news/world-12345678",
        "https://www.theguardian.com.evil.example/world/2024/feb/24/x",
        "https://evil.example/www.theguardian.com/world/2024/feb/24/x",
        "https://www.theguardian.com@evil.example/world/2024/feb/24/x",
        "https://notguardian.co.uk/world/2024/feb/24/x",
        "https://api.theguardian.com/world/2024/feb/24/x",
        "https://127.0.0.1:8000/world/2024/feb/24/x",
    ],
)
def test_off_site_hosts_give_none(url):
    assert _canon(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "ftp://www.theguardian.com/world/2024/feb/24/x",
        "javascript:alert(1)",
        "mailto:letters@theguardian.com",
        "data:text/html,<p>hi</p>",
        "file:///etc/passwd",
        "ws://www.theguardian.com/world",
    ],
)
def test_non_http_schemes_give_none(url):
    assert _canon(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "",
        "   ",
        "not a url",
        "http://",
        "https:///world/2024/feb/24/x",
        "http://[::1",
        "//www.theguardian.com/world/2024/feb/24/x",
        "/world/2024/feb/24/x",
        "www.theguardian.com/world/2024/feb/24/x",
    ],
)
def test_garbage_gives_none(url):
    assert _canon(url) is None


# --- canonicalize_url on a local copy of the site -----------------------------


def test_local_base_keeps_http_and_its_port():
    assert _canon(LOCAL + ARTICLE + "?x=1#y", LOCAL) == LOCAL + ARTICLE


def test_local_base_maps_https_on_its_own_host_and_port_to_http():
    assert _canon("https://127.0.0.1:8000" + ARTICLE, LOCAL) == LOCAL + ARTICLE


def test_local_base_maps_the_real_sites_hosts_to_itself():
    assert _canon(SITE + ARTICLE, LOCAL) == LOCAL + ARTICLE
    assert _canon("http://www.guardian.co.uk" + ARTICLE, LOCAL) == LOCAL + ARTICLE


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1" + ARTICLE,
        "http://127.0.0.1:8001" + ARTICLE,
        "http://localhost:8000" + ARTICLE,
    ],
)
def test_local_base_rejects_other_ports_and_hosts(url):
    assert _canon(url, LOCAL) is None


def test_url_path():
    assert url_path(SITE + ARTICLE + "?a=1") == ARTICLE
    assert url_path(SITE) == "/"


# --- is_article_path ----------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/world/2024/feb/24/harbour-wall-repair",
        "/world/2024/feb/4/harbour-wall-repair",
        "/world/2024/feb/24/harbour-wall-repair/",
        "/uk-news/article/2024/feb/24/river-festival-returns",
        "/commentisfree/series/2024/feb/24/a-weekly-column",
        "/commentisfree/2024/feb/24/the-budget-is-a-gamble",
        "/us-news/2024/feb/24/election-2024-results",
        "/football/2024/feb/24/arsenal-3-1-chelsea",
    ],
)
def test_article_paths_are_accepted(path):
    assert is_article_path(path)
    assert is_article_path(path, include_liveblogs=True)


@pytest.mark.parametrize(
    "path",
    [
        # Media, puzzles, interactives and profiles.
        "/world/video/2024/feb/24/harbour-wall-footage",
        "/news/audio/2024/feb/24/today-in-focus",
        "/world/gallery/2024/feb/24/week-in-pictures",
        "/artanddesign/picture/2024/feb/24/photo-of-the-day",
        "/crosswords/cryptic/2024/feb/24/puzzle",
        "/world/ng-interactive/2024/feb/24/election-map",
        "/profile/2024/feb/24/jane-smith",
        "/profile/jane-smith",
        "/crosswords/cryptic/29321",
        # Fronts, tag pages and other paths that are no article.
        "/",
        "",
        "/world",
        "/world/",
        "/uk-news",
        "/world/france",
        "/world/france/",
        "/commentisfree/series/a-weekly-column",
        "/world/2024/feb/24",
        "/world/2024/feb",
        "/world/2024",
        "/uk-news/article/2024/feb/24",
        "/world/rss",
        "/sitemaps/news.xml",
        "/world/2024/feb/24/slug/extra",
        "/World/2024/Feb/24/Slug",
        "/world/24/feb/2024/slug",
    ],
)
def test_media_puzzles_profiles_fronts_and_other_paths_are_rejected(path):
    assert not is_article_path(path)
    assert not is_article_path(path, include_liveblogs=True)


@pytest.mark.parametrize(
    "path",
    [
        "/world/live/2024/feb/24/election-night-live",
        "/politics/live/2024/feb/24/pmqs-live",
        "/sport/football/live/2024/feb/24/arsenal-v-chelsea-live",
    ],
)
def test_live_blogs_are_rejected_unless_asked_for(path):
    assert not is_article_path(path)
    assert is_article_path(path, include_liveblogs=True)


def test_a_live_video_is_still_rejected_with_live_blogs_on():
    assert not is_article_path(
        "/world/video/live/2024/feb/24/stream", include_liveblogs=True
    )


# --- GuardianSpider -----------------------------------------------------------


def test_aliases_cover_the_guardians_old_mobile_and_amp_hosts():
    assert {
        "www.theguardian.com",
        "theguardian.com",
        "amp.theguardian.com",
        "www.guardian.co.uk",
        "guardian.co.uk",
    } <= GuardianSpider.aliases
    assert all(host == host.lower() for host in GuardianSpider.aliases)
    assert GuardianSpider.default_base_url == SITE


def _spider(**settings: object) -> GuardianSpider:
    crawler = get_crawler(GuardianSpider, settings_dict=settings)
    return GuardianSpider.from_crawler(crawler)


def test_spider_article_url_canonicalises_and_filters():
    spider = _spider()
    assert spider.article_url("http://amp.theguardian.com" + ARTICLE + "?CMP=x") == (
        SITE + ARTICLE
    )
    assert spider.article_url(SITE + "/world/video/2024/feb/24/x") is None
    assert spider.article_url(SITE + "/world/france") is None
    assert spider.article_url("https://www.bbc.co.uk" + ARTICLE) is None
    assert spider.article_url(SITE + "/world/live/2024/feb/24/x") is None


def test_spider_follows_the_liveblogs_setting_and_a_local_base_url():
    spider = _spider(NEWSCRAWL_INCLUDE_LIVEBLOGS=True, GUARDIAN_BASE_URL=LOCAL + "/")
    assert spider.base_url == LOCAL
    live = "/world/live/2024/feb/24/x"
    assert spider.is_article_path(live)
    assert spider.article_url(SITE + live + "#block-1") == LOCAL + live


@pytest.mark.parametrize(
    ("url", "rebased"),
    [
        (
            "https://feeds.bbci.co.uk/news/world/rss.xml",
            "http://127.0.0.1:8000/news/world/rss.xml",
        ),
        (
            "https://rss.example/feed?format=xml",
            "http://127.0.0.1:8000/feed?format=xml",
        ),
        ("https://rss.example", "http://127.0.0.1:8000/"),
        ("/sitemaps/news.xml", "/sitemaps/news.xml"),
    ],
)
def test_rebase_url(url, rebased):
    assert rebase_url(url, "http://127.0.0.1:8000/") == rebased


def test_a_local_copy_gets_the_default_feeds_of_other_hosts_too():
    real = BbcSpider.from_crawler(get_crawler(BbcSpider))
    assert real.feeds == list(BbcSpider.default_feeds)
    assert real.feeds[0].startswith("https://feeds.bbci.co.uk/")
    local = BbcSpider.from_crawler(
        get_crawler(BbcSpider), base_url="http://127.0.0.1:8000"
    )
    assert local.feeds[0] == "http://127.0.0.1:8000/news/rss.xml"
    # Feeds the user names are taken as given.
    named = BbcSpider.from_crawler(
        get_crawler(BbcSpider),
        base_url="http://127.0.0.1:8000",
        feeds="https://x.example/f",
    )
    assert named.feeds == ["https://x.example/f"]
