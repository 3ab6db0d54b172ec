"""A local news site on 127.0.0.1 that tests edit between crawls.

By default it is Guardian-like; another source's layout (its page renderers
and where its feeds and sitemaps live) is a :class:`SiteLayout`, as in
``TestSite(bbc.default_pages(), layout=bbc.LAYOUT)``. Tests use it in-process
(``TestSite().start()``); benchmarks and demos run it as
``python -m testsite.server --articles 1000 --padding-kb 300``.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import itertools
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar

from testsite import pages

T0 = datetime(2026, 11, 20, 9, 30, tzinfo=timezone.utc)

_PARAGRAPHS = [
    "The council met on Tuesday evening to discuss the future of the old "
    "harbour wall, which has been closed to walkers since the storms of last "
    "winter left a long crack along its seaward side.",
    "Engineers told the meeting that a full repair would take at least two "
    "years and cost more than the town had set aside, but that a temporary "
    "barrier could reopen the northern half of the path by the spring.",
    "## What happens next",
    "Residents who spoke at the meeting were divided. Some wanted the money "
    "spent on the wall at once; others argued that the library and the bus "
    "service should come first in a year of tight budgets.",
    "A final decision is expected at the next meeting in January, when the "
    "council will also publish the engineers' full report for anyone to read.",
]


def sample_article(
    slug: str,
    *,
    section_slug: str = "world",
    section: str = "World news",
    title: str | None = None,
    published: datetime = T0,
    paragraphs: list[str] | None = None,
    path: str = "/{section_slug}/2026/nov/20/{slug}",
    tags: list[str] | None = None,
) -> dict[str, Any]:
    """Return an article dict for the renderers, with test-written text.

    *path* may name ``{slug}``, ``{section_slug}`` and ``{published}`` (as
    ``{published:%Y/%m/%d}``), so that each source's articles get its shape of
    URL; *tags* default to the section and two topics.
    """
    return {
        "path": path.format(slug=slug, section_slug=section_slug, published=published),
        "title": title or f"Harbour wall repair plan divides town ({slug})",
        "standfirst": "Engineers say a temporary barrier could reopen part of "
        "the path by spring, but the full repair will take years.",
        "byline": "Alex Example and Sam Sample",
        "byline_kind": "staff",
        "published": published,
        "modified": published + timedelta(minutes=45),
        "section": section,
        "section_slug": section_slug,
        "tags": list(
            [section, "Local government", "Coastal erosion"] if tags is None else tags
        ),
        "body": list(paragraphs or _PARAGRAPHS),
    }


def article_at(path: str, **fields: Any) -> dict[str, Any]:
    """A sample article moved to *path*, its slug the path's last part, *fields* set.

    The sample's tags and other texts stay those of a World news article
    whatever *fields* say about the section.
    """
    slug = path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".html")
    return {**sample_article(slug), "path": path, **fields}


def page_table(*pages: tuple[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The pages a site starts with, from (kind, article) pairs: path -> page."""
    return {
        article["path"]: {"kind": kind, "article": article} for kind, article in pages
    }


def default_pages() -> dict[str, dict[str, Any]]:
    """Return the site's starting pages: path -> {"kind", "article"}."""
    dcr = sample_article("harbour-wall-repair")
    politics = sample_article(
        "budget-vote-delayed",
        section_slug="politics",
        section="Politics",
        title="Budget vote delayed after late amendment",
    )
    frontend = sample_article(
        "river-festival-returns",
        section_slug="uk-news",
        section="UK news",
        title="River festival returns after three-year break",
    )
    frontend["byline"] = "Press Association"
    frontend["byline_kind"] = "agency"
    live = sample_article("election-night-live", title="Election night: live")
    live["path"] = "/world/live/2026/nov/20/election-night-live"
    live["updates"] = [
        {
            "id": f"{n:024x}",
            "time": T0 + timedelta(minutes=10 * n),
            "text": f"Update {n}: counting continues in the eastern districts, "
            "where turnout was higher than at any election of the last decade "
            "and the first results are expected after midnight.",
        }
        for n in (3, 2, 1)  # newest first, as on the page
    ]
    short = sample_article("stub-page", paragraphs=["Too short to be an article."])
    gated = sample_article("members-only-briefing")
    return page_table(
        ("dcr", dcr),
        ("dcr", politics),
        ("frontend", frontend),
        ("liveblog", live),
        ("dcr", short),
        ("interstitial", gated),
    )


#: Links the feeds carry that are not articles; the spider must not fetch them.
NON_ARTICLE_LINKS = [
    "/world/video/2026/nov/20/harbour-wall-drone-footage",
    "/world/gallery/2026/nov/20/storm-pictures",
    "/crosswords/cryptic/29000",
    "/profile/alex-example",
]


#: A page renderer: (article dict with "url", padding in KB) -> HTML.
Renderer = Callable[..., str]
#: A discovery document: (path, articles as served, each with "url") ->
#: (content type, body), or None when *path* is not one of the site's.
Documents = Callable[[str, list[dict[str, Any]]], tuple[str, str] | None]


_NEWS_PART = re.compile(r"/sitemaps/news-([2-9]|[1-9][0-9]+)\.xml")


def _guardian_documents(
    path: str, items: list[dict[str, Any]]
) -> tuple[str, str] | None:
    if path == "/sitemaps/news.xml":
        return "application/xml", pages.render_news_sitemap(items)
    # Not the real site's: the articles past the first 1,000, for benchmarks.
    if (part := _NEWS_PART.fullmatch(path)) and 1000 * (int(part[1]) - 1) < len(items):
        return "application/xml", pages.render_news_sitemap(items, part=int(part[1]))
    if not path.endswith("/rss"):
        return None
    section = path[1:-4]
    chosen = [a for a in items if section == "uk" or a["section_slug"] == section]
    extra = [
        {
            **chosen[0],
            "url": pages.site_origin(chosen[0]["url"]) + link,
            "title": "Not an article",
        }
        for link in NON_ARTICLE_LINKS
        if chosen
    ]
    return "application/rss+xml", pages.render_rss(
        f"{section} | The Guardian", chosen + extra
    )


def feed_documents(
    feeds: dict[str, str], render: Callable[[str, list[dict[str, Any]]], str]
) -> Documents:
    """Documents of a site that has only RSS feeds: *feeds* maps path -> name.

    The feed at a path is ``render(name, items)``; other paths are not the
    site's documents (its sitemaps, gzip files, are served as overrides).
    """

    def documents(path: str, items: list[dict[str, Any]]) -> tuple[str, str] | None:
        name = feeds.get(path)
        return None if name is None else ("application/rss+xml", render(name, items))

    return documents


@dataclass(frozen=True)
class SiteLayout:
    """How one source's site is built: page kinds, feeds and sitemaps, robots.txt."""

    renderers: dict[str, Renderer]
    documents: Documents
    robots: str = "User-agent: *\nDisallow: /search\n"
    #: Kinds rendered from the URL alone: interstitials, paywalls.
    walls: dict[str, Callable[[str], str]] = field(default_factory=dict)


GUARDIAN = SiteLayout(
    renderers={
        "dcr": pages.render_dcr,
        "frontend": pages.render_frontend,
        "liveblog": pages.render_liveblog,
    },
    documents=_guardian_documents,
    walls={"interstitial": pages.render_signin_interstitial},
)


_Site = TypeVar("_Site", bound="TestSite")


class TestSite:
    """Serves articles, feeds, sitemaps and robots.txt in a source's layout."""

    __test__ = False  # a fixture, not a test class

    def __init__(
        self,
        site_pages: dict[str, dict[str, Any]] | None = None,
        *,
        layout: SiteLayout = GUARDIAN,
        padding_kb: int = 0,
        port: int = 0,
    ) -> None:
        self._initial = site_pages if site_pages is not None else default_pages()
        self.layout = layout
        self.padding_kb = padding_kb
        self._lock = threading.Lock()
        self.pages: dict[str, dict[str, Any]] = {}
        self.requests: list[str] = []
        self.reset()
        self._server = _Server(("127.0.0.1", port), _handler(self))
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        assert isinstance(host, str)  # an IPv4 server's address
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def start(self: _Site) -> _Site:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # --- the editing API tests use --------------------------------------------

    def reset(self) -> None:
        """Restore the starting pages and forget the request log."""
        with self._lock:
            self.pages = copy.deepcopy(self._initial)
            self.requests = []
            self.not_modified = 0
            self.not_modified_paths: list[str] = []
            self.overrides: dict[str, tuple[int, str, bytes, dict[str, str]]] = {}
            self._cache: dict[str, bytes] = {}
            # Article pages carry an ETag and answer If-None-Match with a 304.
            self.validators = True

    def edit(self, path: str, **fields: Any) -> None:
        """Change fields of the article at *path* (title, body, byline, ...)."""
        with self._lock:
            self.pages[path]["article"].update(copy.deepcopy(fields))
            self._cache.pop(path, None)

    def add(self, article: dict[str, Any], *, kind: str = "dcr") -> None:
        """Publish a new article (it appears in the feeds and the sitemap)."""
        with self._lock:
            self.pages.update(page_table((kind, copy.deepcopy(article))))

    def set_kind(self, path: str, kind: str) -> None:
        """Serve the article at *path* in another markup ("dcr", "frontend", ...)."""
        with self._lock:
            self.pages[path]["kind"] = kind
            self._cache.pop(path, None)

    def override(
        self,
        path: str,
        body: bytes = b"",
        *,
        status: int = 200,
        content_type: str = "text/html",
        headers: dict[str, str] | None = None,
    ) -> None:
        """Serve *body* as it is at *path* (a broken feed, an error page, ...)."""
        with self._lock:
            self.overrides[path] = (status, content_type, body, headers or {})

    def remove(self, path: str, *, status: int = 404) -> None:
        """Answer *path* with an error status (404, 410, 503, ...)."""
        page = f"<html><body><h1>Error {status}</h1></body></html>".encode()
        self.override(path, page, status=status)

    def delete(self, path: str, *, status: int = 404) -> None:
        """Take the article at *path* down: off the feeds, answered with *status*."""
        with self._lock:
            del self.pages[path]
            self._cache.pop(path, None)
        self.remove(path, status=status)

    def redirect(self, path: str, to: str, *, status: int = 301) -> None:
        """Redirect *path* to *to* (a path or a URL)."""
        location = to if "://" in to else self.url(to)
        self.override(path, status=status, headers={"Location": location})

    def restore(self, path: str) -> None:
        """Serve *path* normally again after remove() / redirect() / override()."""
        with self._lock:
            self.overrides.pop(path, None)

    def article(self, path: str) -> dict[str, Any]:
        """Return a copy of the article at *path* as currently served."""
        with self._lock:
            return copy.deepcopy(self.pages[path]["article"])

    def articles(self) -> list[dict[str, Any]]:
        """Return copies of the articles as currently served, each with its "url"."""
        with self._lock:
            pages_now = copy.deepcopy(self.pages)
        return [self._absolute(page["article"]) for page in pages_now.values()]

    def requested(self, path: str) -> int:
        """Return how many times *path* was requested."""
        with self._lock:
            return self.requests.count(path)

    # --- rendering ---------------------------------------------------------------

    def _absolute(self, article: dict[str, Any]) -> dict[str, Any]:
        return {**article, "url": self.url(article["path"])}

    def respond(
        self, path: str, request_headers: dict[str, str]
    ) -> tuple[int, str, bytes, dict[str, str]]:
        """Return (status, content type, body, extra headers) for a GET of *path*."""
        with self._lock:
            if path in self.overrides:
                self.requests.append(path)
                return self.overrides[path]
            validators = self.validators
        status, content_type, body = self.render(path)
        if status != 200 or not content_type.startswith("text/html") or not validators:
            return status, content_type, body, {}
        etag = '"' + hashlib.sha1(body).hexdigest() + '"'
        if request_headers.get("if-none-match") == etag:
            with self._lock:
                self.not_modified += 1
                self.not_modified_paths.append(path)
            return 304, content_type, b"", {"ETag": etag}
        return status, content_type, body, {"ETag": etag}

    def render(self, path: str) -> tuple[int, str, bytes]:
        """Return (status, content type, body) for *path*."""
        with self._lock:
            self.requests.append(path)
            if path in self._cache:
                return 200, "text/html; charset=utf-8", self._cache[path]
            # An article page copies its own article only: copying all of a
            # benchmark's 10,000 for each page made warming the site quadratic.
            page = copy.deepcopy(self.pages.get(path))
            pages_now = copy.deepcopy(self.pages) if page is None else {}
        if path == "/robots.txt":
            return 200, "text/plain", self.layout.robots.encode()
        if page is None:
            items = [self._absolute(p["article"]) for p in pages_now.values()]
            document = self.layout.documents(path, items)
            if document is not None:
                content_type, text = document
                return 200, content_type, text.encode()
            return (
                404,
                "text/html",
                b"<html><body><h1>Page not found</h1></body></html>",
            )
        html = self._render_page(page).encode("utf-8")
        with self._lock:
            self._cache[path] = html
        return 200, "text/html; charset=utf-8", html

    def _render_page(self, page: dict[str, Any]) -> str:
        kind, article = page["kind"], self._absolute(page["article"])
        if kind == "raw":
            return article["html"]
        if kind in self.layout.walls:
            return self.layout.walls[kind](article["url"])
        return self.layout.renderers[kind](article, padding_kb=self.padding_kb)


class _Server(ThreadingHTTPServer):
    # socketserver's backlog of 5 drops SYNs when a crawl opens 16
    # connections at once, and those connections stall for a second.
    request_queue_size = 128


def _handler(site: TestSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            path = self.path.split("?", 1)[0]
            headers = {name.lower(): value for name, value in self.headers.items()}
            status, content_type, body, extra = site.respond(path, headers)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in extra.items():
                self.send_header(name, value)
            self.send_header("Date", format_datetime(datetime.now(timezone.utc), True))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # the request log is site.requests

    return Handler


def generated_pages(count: int) -> dict[str, dict[str, Any]]:
    """Return *count* distinct DCR articles across a few sections."""
    sections = [
        ("world", "World news"),
        ("politics", "Politics"),
        ("uk-news", "UK news"),
    ]
    stories = [
        sample_article(
            f"generated-story-{i}",
            section_slug=slug,
            section=name,
            title=f"Generated story number {i} for the benchmark",
        )
        for i, (slug, name) in zip(range(count), itertools.cycle(sections))
    ]
    return page_table(*(("dcr", story) for story in stories))


#: The test site's port: not the viewer's (8000), so that both can run at once.
DEFAULT_PORT = 8001


def build_parser() -> argparse.ArgumentParser:
    """Return the command line of ``python -m testsite.server``."""
    parser = argparse.ArgumentParser(
        prog="python -m testsite.server",
        description="Serve a local copy of a news site on 127.0.0.1, to crawl "
        "without the network: the Guardian's page markup, feeds and sitemap, "
        "with text written for newscrawl's tests. Crawl it with: scrapy crawl "
        f"guardian -a base_url=http://127.0.0.1:{DEFAULT_PORT}. To see "
        "articles change, run newscrawl demo instead.",
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port ({DEFAULT_PORT})"
    )
    parser.add_argument(
        "--articles",
        type=int,
        default=0,
        help="serve N generated articles instead of the six sample pages",
    )
    parser.add_argument(
        "--padding-kb",
        type=int,
        default=0,
        help="make each page this much larger, as real pages are (benchmarks)",
    )
    return parser


def main() -> None:
    """Serve the sample pages, or a generated site, until interrupted."""
    args = build_parser().parse_args()
    site_pages = generated_pages(args.articles) if args.articles else None
    site = TestSite(site_pages, padding_kb=args.padding_kb, port=args.port).start()
    print(f"serving {len(site.pages)} pages on {site.base_url}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        site.stop()


if __name__ == "__main__":
    main()
