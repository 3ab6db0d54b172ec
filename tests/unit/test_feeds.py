"""Links from RSS 2.0 and Atom feeds, news sitemaps and sitemap indexes."""

from __future__ import annotations

import time

import pytest

from newscrawl.discovery.feeds import FeedError, feed_links
from newscrawl.discovery.sitemaps import sitemap_links

G = "https://www.theguardian.com"

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:media="http://search.yahoo.com/mrss/">
  <channel>
    <title>World news | The Guardian</title>
    <link>{G}/world</link>
    <item>
      <title>Harbour wall to be repaired</title>
      <link>{G}/world/2024/feb/24/harbour-wall-repair</link>
      <guid>{G}/world/2024/feb/24/harbour-wall-repair</guid>
      <media:content url="https://i.guim.co.uk/img/a.jpg"/>
    </item>
    <item>
      <title>Guid only</title>
      <guid isPermaLink="true">{G}/world/2024/feb/24/guid-only</guid>
    </item>
    <item>
      <title>Guid without attribute</title>
      <guid>{G}/world/2024/feb/24/guid-default-permalink</guid>
    </item>
    <item>
      <title>Link with white space</title>
      <link>
        {G}/world/2024/feb/24/spaced-link
      </link>
    </item>
    <item>
      <title>Not a permalink</title>
      <guid isPermaLink="false">tag:theguardian.com,2024:12345</guid>
    </item>
    <item>
      <title>Empty link, permalink guid</title>
      <link></link>
      <guid>{G}/world/2024/feb/24/empty-link</guid>
    </item>
    <item><title>No link at all</title></item>
    <item>
      <title>Escaped query</title>
      <link>{G}/world/2024/feb/24/escaped?CMP=a&amp;b=c</link>
    </item>
  </channel>
</rss>
""".encode()

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example</title>
  <link rel="self" href="{G}/world/atom"/>
  <link href="{G}/world"/>
  <entry>
    <title>First</title>
    <link rel="edit" href="{G}/edit/1"/>
    <link rel="alternate" type="text/html" href="{G}/world/2024/feb/24/first"/>
    <id>urn:uuid:1</id>
  </entry>
  <entry>
    <title>Second, rel omitted</title>
    <link href="{G}/world/2024/feb/24/second"/>
    <id>urn:uuid:2</id>
  </entry>
  <entry>
    <title>Third, enclosure before alternate</title>
    <link rel="enclosure" href="{G}/audio.mp3"/>
    <link rel="replies" href="{G}/comments/3"/>
    <link rel="alternate" href=" {G}/world/2024/feb/24/third "/>
    <id>urn:uuid:3</id>
  </entry>
  <entry>
    <title>No alternate</title>
    <link rel="self" href="{G}/self/4"/>
    <id>urn:uuid:4</id>
  </entry>
</feed>
""".encode()

NEWS_SITEMAP = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>{G}/world/2024/feb/24/first</loc>
    <news:news>
      <news:publication>
        <news:name>The Guardian</news:name>
        <news:language>en</news:language>
      </news:publication>
      <news:publication_date>2024-02-24T10:00:00Z</news:publication_date>
      <news:title>First</news:title>
      <news:keywords>World news</news:keywords>
    </news:news>
    <image:image>
      <image:loc>https://i.guim.co.uk/img/first.jpg</image:loc>
      <image:caption>A photo</image:caption>
    </image:image>
  </url>
  <url>
    <loc>
      {G}/uk-news/article/2024/feb/24/second
    </loc>
    <lastmod>2024-02-24T11:00:00Z</lastmod>
    <image:image><image:loc>https://i.guim.co.uk/img/second.jpg</image:loc></image:image>
  </url>
  <url>
    <loc>{G}/politics/2024/feb/24/third</loc>
  </url>
</urlset>
""".encode()

SITEMAP_INDEX = f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap>
    <loc>{G}/sitemaps/news.xml</loc>
    <lastmod>2024-02-24T10:00:00Z</lastmod>
  </sitemap>
  <sitemap><loc>{G}/sitemaps/2024-02-24.xml</loc></sitemap>
</sitemapindex>
""".encode()

HTML = b"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Page not found</title>
<link rel="alternate" type="application/rss+xml" href="/world/rss">
</head><body><p>Sorry<br>we could not find that page.
<a href="/world/2024/feb/24/x">x</a></body></html>"""


def _billion_laughs(root: str) -> bytes:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    dtd = "<!DOCTYPE lolz [\n" + "\n".join(entities) + "\n]>"
    return f'<?xml version="1.0"?>\n{dtd}\n{root}'.encode()


# --- RSS ------------------------------------------------------------------------


def test_rss_links_and_permalink_guids_in_feed_order():
    assert feed_links(RSS) == [
        f"{G}/world/2024/feb/24/harbour-wall-repair",
        f"{G}/world/2024/feb/24/guid-only",
        f"{G}/world/2024/feb/24/guid-default-permalink",
        f"{G}/world/2024/feb/24/spaced-link",
        f"{G}/world/2024/feb/24/empty-link",
        f"{G}/world/2024/feb/24/escaped?CMP=a&b=c",
    ]


def test_rss_channel_link_is_not_an_item():
    assert f"{G}/world" not in feed_links(RSS)


def test_rss_non_permalink_guid_is_not_a_link():
    assert not any(link.startswith("tag:") for link in feed_links(RSS))


def test_feedburner_items_give_the_original_link_not_the_redirector():
    body = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0">
  <channel>
    <item>
      <link>http://rss.example.com/~r/rss/world/~3/AbC123/index.html</link>
      <guid isPermaLink="false">https://www.example.com/2020/05/01/world/a/index.html</guid>
      <feedburner:origLink>https://www.example.com/2020/05/01/world/a/index.html</feedburner:origLink>
    </item>
    <item><link>https://www.example.com/2020/05/01/world/b/index.html</link></item>
  </channel>
</rss>"""
    assert feed_links(body) == [
        "https://www.example.com/2020/05/01/world/a/index.html",
        "https://www.example.com/2020/05/01/world/b/index.html",
    ]


def test_rss_order_is_the_feeds_order_not_sorted():
    names = ["zebra", "apple", "mango", "banana", "cherry"]
    items = "".join(
        f"<item><link>{G}/world/2024/feb/24/{n}</link></item>" for n in names
    )
    body = f'<rss version="2.0"><channel>{items}</channel></rss>'.encode()
    assert feed_links(body) == [f"{G}/world/2024/feb/24/{n}" for n in names]


def test_rss_with_no_items_gives_no_links():
    assert (
        feed_links(b'<rss version="2.0"><channel><title>x</title></channel></rss>')
        == []
    )


def test_rss_in_another_encoding_is_decoded():
    body = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>'
        '<rss version="2.0"><channel><item><title>Caf\u00e9</title>'
        f"<link>{G}/world/2024/feb/24/cafe</link></item></channel></rss>"
    ).encode("iso-8859-1")
    assert feed_links(body) == [f"{G}/world/2024/feb/24/cafe"]


# --- Atom -----------------------------------------------------------------------


def test_atom_alternate_links_in_feed_order():
    assert feed_links(ATOM) == [
        f"{G}/world/2024/feb/24/first",
        f"{G}/world/2024/feb/24/second",
        f"{G}/world/2024/feb/24/third",
    ]


def test_atom_feed_level_and_non_alternate_links_are_ignored():
    links = feed_links(ATOM)
    for other in (f"{G}/world/atom", f"{G}/world", f"{G}/edit/1", f"{G}/audio.mp3"):
        assert other not in links
    assert f"{G}/self/4" not in links


# --- sitemaps -------------------------------------------------------------------


def test_news_sitemap_gives_page_urls_and_no_image_urls():
    pages, nested = sitemap_links(NEWS_SITEMAP)
    assert pages == [
        f"{G}/world/2024/feb/24/first",
        f"{G}/uk-news/article/2024/feb/24/second",
        f"{G}/politics/2024/feb/24/third",
    ]
    assert nested == []
    assert not any("i.guim.co.uk" in url for url in pages)


def test_sitemap_index_gives_nested_sitemaps_separately():
    pages, nested = sitemap_links(SITEMAP_INDEX)
    assert pages == []
    assert nested == [f"{G}/sitemaps/news.xml", f"{G}/sitemaps/2024-02-24.xml"]


def test_sitemap_without_namespace_is_read_too():
    body = f"<urlset><url><loc>{G}/world/2024/feb/24/a</loc></url></urlset>".encode()
    assert sitemap_links(body) == ([f"{G}/world/2024/feb/24/a"], [])


def test_sitemap_order_is_kept():
    names = ["zebra", "apple", "mango"]
    urls = "".join(f"<url><loc>{G}/world/2024/feb/24/{n}</loc></url>" for n in names)
    body = (
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    ).encode()
    assert sitemap_links(body)[0] == [f"{G}/world/2024/feb/24/{n}" for n in names]


def test_a_feed_is_not_a_sitemap_and_a_sitemap_is_not_a_feed():
    with pytest.raises(FeedError, match="rss"):
        sitemap_links(RSS)
    with pytest.raises(FeedError, match="urlset"):
        feed_links(NEWS_SITEMAP)
    with pytest.raises(FeedError, match="sitemapindex"):
        feed_links(SITEMAP_INDEX)


# --- documents that are not feeds -----------------------------------------------


@pytest.mark.parametrize("parse", [feed_links, sitemap_links])
def test_html_instead_of_xml_raises_feed_error_with_a_message(parse):
    with pytest.raises(FeedError) as info:
        parse(HTML)
    message = str(info.value)
    assert "html" in message.lower()
    assert "not a" in message


@pytest.mark.parametrize("parse", [feed_links, sitemap_links])
@pytest.mark.parametrize("body", [b"", b"   \n", b"\xef\xbb\xbf"])
def test_empty_bytes_raise_feed_error(parse, body):
    with pytest.raises(FeedError) as info:
        parse(body)
    assert str(info.value)


@pytest.mark.parametrize("parse", [feed_links, sitemap_links])
@pytest.mark.parametrize(
    "body",
    [b"not xml at all", b'{"items": []}', b"\x00\x01\x02garbage"],
)
def test_non_xml_raises_feed_error(parse, body):
    with pytest.raises(FeedError):
        parse(body)


def test_feed_error_is_a_value_error():
    assert issubclass(FeedError, ValueError)


# --- hostile XML ----------------------------------------------------------------

BOMB_RSS = _billion_laughs(
    '<rss version="2.0"><channel>'
    f"<item><title>&lol9;</title><link>{G}/world/2024/feb/24/a</link></item>"
    "</channel></rss>"
)
BOMB_SITEMAP = _billion_laughs(
    f"<urlset><url><loc>{G}/world/2024/feb/24/a&lol9;</loc></url></urlset>"
)


@pytest.mark.parametrize(
    ("parse", "body"), [(feed_links, BOMB_RSS), (sitemap_links, BOMB_SITEMAP)]
)
def test_billion_laughs_does_not_expand(parse, body):
    start = time.monotonic()
    try:
        result = parse(body)
    except FeedError:
        result = None
    assert time.monotonic() - start < 2
    # Expanded, the entity would be 3 * 10**9 characters; nothing near that.
    assert len(repr(result)) < 10_000
    assert "lollol" not in repr(result)


def test_internal_entities_are_not_expanded_into_links():
    body = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY e "/world/2024/feb/24/evil">]>'
        b'<rss version="2.0"><channel><item><link>https://x.example&e;</link></item>'
        b"</channel></rss>"
    )
    try:
        links = feed_links(body)
    except FeedError:
        links = []
    assert not any("evil" in link for link in links)


def test_external_entities_are_not_fetched_or_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    body = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<rss version="2.0"><channel><item><link>https://x.example/&x;</link></item>'
        "</channel></rss>"
    ).encode()
    try:
        links = feed_links(body)
    except FeedError:
        links = []
    assert not any("TOPSECRET" in link for link in links)
