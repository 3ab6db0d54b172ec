"""The viewer's pages, feeds and JSON API: each reads the store and nothing else.

Every endpoint is a plain function: Starlette runs it in its thread pool, so
pymongo's blocking calls never hold up the event loop.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from starlette.datastructures import State
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from newscrawl.changes.diff import VersionDiff, VersionText, diff_versions
from newscrawl.changes.history import history_rows
from newscrawl.changes.listing import Change
from newscrawl.changes.lookup import (
    SUGGESTION_POOL,
    Found,
    NotFound,
    closest_urls,
    find_article,
    version_pairs,
)
from newscrawl.health import Verdict, verdicts
from newscrawl.render.feeds import article_feed, source_feed
from newscrawl.render.html import render_inline, render_side_by_side, safe_link
from newscrawl.render.json import (
    article_row,
    change_data,
    diff_data,
    history_data,
    verdict_data,
)
from newscrawl.render.text import event_text, heading, status_line
from newscrawl.store import queries
from newscrawl.store.articles import ArticleStore
from newscrawl.web import params
from newscrawl.web.params import PER_PAGE, BadParameter


class _SourceNotFound(NotFound):
    """No article of the source is in the store."""


class Busy(RuntimeError):
    """The request needs costly work that others are doing now: a 503."""


#: Seconds a search waits for the costly work of others before a 503.
_SEARCH_WAIT = 10.0


#: Cause of a version that a parser upgrade made, not the publisher.
PARSER_CAUSE = "parser"


def href(path: str, **query: Any) -> str:
    """Return *path* with the query parameters that are not ``None``."""
    pairs = {name: value for name, value in query.items() if value is not None}
    return f"{path}?{urlencode(pairs)}" if pairs else path


def diff_href(url: str, old: int, new: int, view: str = "side") -> str:
    """Return the link to the diff of versions *old* and *new* of *url*."""
    shown = None if view == "side" else view
    return href("/diff", url=url, **{"from": old, "to": new}, view=shown)


def _store(request: Request) -> ArticleStore:
    return request.app.state.store


def _names(request: Request) -> list[str]:
    """The sources in the store (kept a minute)."""
    return _kept_names(request.app.state)


def _kept_names(state: State) -> list[str]:
    store, now = state.store, state.clock()
    return state.cache.get("sources", lambda: queries.source_names(store, now=now))


def _counts(request: Request, name: str) -> dict[str, int]:
    """A source's counts (kept a minute: counting reads all its articles)."""
    return _kept_counts(request.app.state, name)


def _kept_counts(state: State, name: str) -> dict[str, int]:
    store = state.store
    return state.cache.get(("counts", name), lambda: queries.source_counts(store, name))


def _health(request: Request) -> dict[str, Verdict]:
    """Each crawled source's health (kept a minute, as the counts)."""
    found = _kept_health(request.app.state)
    return {verdict.source: verdict for verdict in found}


def _kept_health(state: State) -> list[Verdict]:
    store, now = state.store, state.clock()
    return state.cache.get("health", lambda: verdicts(store, now=now))


def _now(request: Request) -> datetime:
    return request.app.state.clock()


def _page(request: Request, template: str, context: dict[str, Any]) -> Response:
    return request.app.state.templates.TemplateResponse(request, template, context)


# --- finding the article a request names ---------------------------------------


def _find(request: Request) -> Found:
    """Return the article the ``url`` parameter names, exactly or as lookup finds it."""
    url = params.required(request.query_params, "url")
    article = queries.article(_store(request), url)
    if article is not None:
        return Found(article, None)
    return find_article(
        _store(request), url, suggest=lambda text: _suggest(request, text)
    )


def _pool(request: Request) -> queries.SearchPool:
    """The most recently changed articles, kept a minute: search and suggestions."""
    return _kept_pool(request.app.state)


def _kept_pool(state: State) -> queries.SearchPool:
    store = state.store
    return state.cache.get("search pool", lambda: queries.search_pool(store))


def warm(state: State) -> str:
    """Read what the viewer keeps and only reading every article can give.

    The sources' counts and the search pool: run once at start, in the
    background, so that the first request for them need not wait for a read
    of every article (a request that comes sooner waits for this one).
    Returns what it read.
    """
    # The templates first, compiled once: 10-40 ms each, which every page's
    # first request paid, before anything is read from the store.
    env = state.templates.env
    for template in env.list_templates(extensions=["html"]):
        env.get_template(template)
    names = _kept_names(state)
    for name in names:
        _kept_counts(state, name)
    _kept_health(state)
    if state.text_index is None:
        state.text_index = queries.has_text_index(state.store)
    plural = "" if len(names) == 1 else "s"
    read = f"{len(names)} source{plural}, their counts and health"
    if not state.text_index:
        read += f", {len(_kept_pool(state).rows):,} articles to search"
    return read


@contextmanager
def _costly(request: Request, *, wait: float) -> Iterator[bool]:
    """Hold the viewer's one place for costly work; say whether it was had.

    Comparing a text with many thousands of headlines or URLs takes the CPU
    for a while: done one at a time, other requests stay as fast as ever.
    """
    gate = request.app.state.costly
    held = gate.acquire(timeout=wait) if wait else gate.acquire(blocking=False)
    try:
        yield held
    finally:
        if held:
            gate.release()


def _suggest(request: Request, text: str) -> list[str]:
    """The tracked URLs most like *text*; none while other costly work runs."""
    with _costly(request, wait=0) as held:
        if not held:
            return []
        urls = [url for _, url, _ in _pool(request).rows[:SUGGESTION_POOL]]
        return closest_urls(text, urls)


def _canonical(request: Request, found: Found) -> Response | None:
    """Redirect to the article's own URL when the request named it another way."""
    if request.query_params.get("url") == found.url and found.version is None:
        return None
    query = dict(request.query_params)
    query["url"] = found.url
    if found.version is not None and "to" not in query and "from" not in query:
        return RedirectResponse(href("/diff", url=found.url, to=found.version), 302)
    return RedirectResponse(href(request.url.path, **query), 302)


# --- changes --------------------------------------------------------------------


def _changes(request: Request) -> tuple[list[Change], dict[str, Any]]:
    query = request.query_params
    source = params.source(query)
    headline = params.flag(query, "headline")
    minor = params.flag(query, "minor")
    page = params.page(query)
    per_page = params.limit(query)
    store = _store(request)
    now = _now(request)
    key = ("changes", source, headline, minor, page, per_page)
    docs = request.app.state.lists.get(
        key,
        lambda: queries.changes(
            store,
            now=now,
            source=source,
            changed_field="title" if headline else None,
            include_minor=minor,
            skip=(page - 1) * per_page,
            limit=per_page + 1,
        ),
    )
    found = [Change.from_doc(doc) for doc in docs]
    filters = {
        "source": source,
        "headline": 1 if headline else None,
        "minor": 1 if minor else None,
    }
    return found[:per_page], {
        "filters": filters,
        "page": page,
        "more": len(found) > per_page,
    }


def home(request: Request) -> Response:
    """The latest changes across sources, paged; by source, by headline changed."""
    changes, paging = _changes(request)
    filters = paging["filters"]
    return _page(
        request,
        "home.html",
        {
            "changes": changes,
            "sources": _names(request),
            "feed_query": {"source": filters["source"]},
            **paging,
        },
    )


def api_changes(request: Request) -> Response:
    """The latest changes as JSON."""
    changes, paging = _changes(request)
    filters = paging["filters"]
    return JSONResponse(
        {
            "changes": [_change_dict(c) for c in changes],
            "page": paging["page"],
            "next": href(
                "/api/changes",
                **filters,
                page=paging["page"] + 1,
                limit=request.query_params.get("limit"),
            )
            if paging["more"]
            else None,
        }
    )


def _change_dict(change: Change) -> dict[str, Any]:
    return {
        **change_data(change),
        "diff": href("/api/diff", url=change.url, to=change.version),
    }


# --- sources --------------------------------------------------------------------


def sources(request: Request) -> Response:
    """Every source with its counts."""
    rows = [(name, _counts(request, name)) for name in _names(request)]
    return _page(request, "sources.html", {"rows": rows, "health": _health(request)})


def api_sources(request: Request) -> Response:
    """Every source with its counts and health, as JSON."""
    health = _health(request)
    return JSONResponse(
        {
            "sources": [
                {
                    "source": name,
                    **_counts(request, name),
                    "health": _state(health, name),
                    "articles": href(f"/api/sources/{name}"),
                }
                for name in _names(request)
            ]
        }
    )


def _state(health: Mapping[str, Verdict], name: str) -> str:
    verdict = health.get(name)
    return verdict.state if verdict else "unknown"


# --- health ---------------------------------------------------------------------


def health(request: Request) -> Response:
    """Each source's health from its recent crawls, with what is wrong."""
    found = sorted(
        _health(request).values(), key=lambda v: (v.state != "unhealthy", v.source)
    )
    return _page(request, "health.html", {"verdicts": found})


def api_health(request: Request) -> Response:
    """Each source's health, as JSON (as ``newscrawl health --json``)."""
    found = sorted(_health(request).values(), key=lambda v: v.source)
    return JSONResponse({"health": [verdict_data(v) for v in found]})


def _source(request: Request) -> tuple[str, dict[str, Any]]:
    name = params.check_source(request.path_params["name"])
    query = request.query_params
    page = params.page(query)
    per_page = params.limit(query)
    store = _store(request)
    counts = _counts(request, name)
    if not counts["tracked"]:
        raise _SourceNotFound(f"There is no source {name!r} in the store.")
    now = _now(request)
    rows = request.app.state.lists.get(
        ("source", name, page, per_page),
        lambda: queries.source_articles(
            store, name, now=now, skip=(page - 1) * per_page, limit=per_page + 1
        ),
    )
    return name, {
        "counts": counts,
        "articles": rows[:per_page],
        "page": page,
        "more": len(rows) > per_page,
    }


def source(request: Request) -> Response:
    """A source's articles by last change, with counts."""
    name, data = _source(request)
    return _page(request, "source.html", {"source": name, **data})


def api_source(request: Request) -> Response:
    """A source's counts and articles by last change, as JSON."""
    name, data = _source(request)
    return JSONResponse(
        {
            "source": name,
            "counts": data["counts"],
            "articles": [_article_row(doc) for doc in data["articles"]],
            "page": data["page"],
            "next": href(
                f"/api/sources/{name}",
                page=data["page"] + 1,
                limit=request.query_params.get("limit"),
            )
            if data["more"]
            else None,
        }
    )


def _article_row(doc: Mapping[str, Any]) -> dict[str, Any]:
    return {**article_row(doc), "article": href("/api/article", url=doc["_id"])}


# --- one article ------------------------------------------------------------------


def article(request: Request) -> Response:
    """An article's status line, feeds and list of versions."""
    found = _find(request)
    if redirect := _canonical(request, found):
        return redirect
    store = _store(request)
    doc = found.article
    versions = queries.versions(store, found.url, text=False)
    return _page(
        request,
        "article.html",
        {
            "article": doc,
            "link": safe_link(found.url),
            "status_line": status_line(doc, _now(request)),
            "rows": history_rows(versions),
            "events": [(e["at"], event_text(e)) for e in doc.get("events", ())],
            "parser_cause": PARSER_CAUSE,
            "feed_query": {"url": found.url},
        },
    )


def api_article(request: Request) -> Response:
    """An article's history as JSON."""
    found = _find(request)
    if redirect := _canonical(request, found):
        return redirect
    versions = queries.versions(_store(request), found.url, text=False)
    data = history_data(found.article, versions, _now(request))
    for row in data["versions"]:
        if row["version"]:
            row["diff"] = href("/api/diff", url=found.url, to=row["version"])
    data["title"] = found.article.get("title")
    data["feeds"] = {
        "rss": href("/feed.rss", url=found.url),
        "atom": href("/feed.atom", url=found.url),
    }
    return JSONResponse(data)


# --- diffs -------------------------------------------------------------------------


def _diff(request: Request) -> tuple[Found, VersionDiff | None, int, dict[str, Any]]:
    """Return the article, the diff the parameters ask for, and the version count."""
    found = _find(request)
    query = request.query_params
    first = params.integer(query, "from")
    second = params.integer(query, "to")
    count = int(found.article.get("version_count", 0))
    if first is None and second is not None:
        pairs = version_pairs(count, named=second)
    else:
        pairs = version_pairs(count, first, second, named=found.version)
    if not pairs:
        return found, None, count, {}
    old, new = pairs[0]
    docs = queries.numbered_versions(_store(request), found.url, [old, new])
    if old not in docs or new not in docs:  # a crawl is writing it: not there yet
        raise BadParameter(f"version {new} of {found.url} is not stored yet")
    diff = diff_versions(
        VersionText.from_doc(docs[old]), VersionText.from_doc(docs[new])
    )
    return found, diff, count, {"cause": docs[new].get("cause") or "publisher"}


def diff(request: Request) -> Response:
    """Two versions side by side (or inline), the changed words marked."""
    found, result, count, extra = _diff(request)
    if redirect := _canonical(request, found):
        return redirect
    view = params.view(request.query_params)
    context: dict[str, Any] = {
        "article": found.article,
        "link": safe_link(found.url),
        "count": count,
        "view": view,
        "diff": result,
        "feed_query": {"url": found.url},
        "parser_cause": PARSER_CAUSE,
        **extra,
    }
    if result is not None:
        old, new = result.old.number, result.new.number
        context.update(
            heading=heading(result),
            html=render_side_by_side(result)
            if view == "side"
            else render_inline(result, unchanged=True),
            old=old,
            new=new,
            previous=(new - 2, new - 1) if new >= 2 else None,
            following=(new, new + 1) if new + 1 < count else None,
        )
    return _page(request, "diff.html", context)


def api_diff(request: Request) -> Response:
    """Two versions compared, as JSON."""
    found, result, _count, extra = _diff(request)
    if redirect := _canonical(request, found):
        return redirect
    return JSONResponse(
        {
            "url": found.url,
            "diff": diff_data(result) if result is not None else None,
            "cause": extra.get("cause"),
        }
    )


# --- search --------------------------------------------------------------------------


def _search(request: Request) -> tuple[str, dict[str, Any]]:
    query = request.query_params
    text = params.query(query)
    page = params.page(query)
    store = _store(request)
    state = request.app.state
    if state.text_index is None:
        state.text_index = queries.has_text_index(store)
    with _costly(request, wait=0 if state.text_index else _SEARCH_WAIT) as held:
        if not held and not state.text_index:
            raise Busy("The viewer is busy with other searches: try again shortly.")
        result = queries.search_articles(
            store,
            text,
            text_index=state.text_index,
            pool=lambda: _pool(request),
            skip=(page - 1) * PER_PAGE,
            limit=PER_PAGE,
        )
    return text, {"result": result, "page": page}


def search(request: Request) -> Response:
    """Articles by headline or URL; a tracked URL goes straight to its page."""
    if not request.query_params.get("q", "").strip():
        return _page(request, "search.html", {"q": "", "result": None, "page": 1})
    text = params.query(request.query_params)
    if "://" in text:
        try:
            found = find_article(_store(request), text, suggest=lambda _: [])
        except LookupError:
            pass
        else:
            return RedirectResponse(href("/article", url=found.url), 302)
    text, data = _search(request)
    return _page(request, "search.html", {"q": text, **data})


def api_search(request: Request) -> Response:
    """Articles by headline or URL, as JSON."""
    text, data = _search(request)
    result = data["result"]
    return JSONResponse(
        {
            "q": text,
            "method": result.method,
            "articles": [_article_row(doc) for doc in result.articles],
            "page": data["page"],
            "next": href("/api/search", q=text, page=data["page"] + 1)
            if result.more
            else None,
        }
    )


# --- feeds -------------------------------------------------------------------


def feed_rss(request: Request) -> Response:
    """RSS 2.0 of changes: of one article (``url``), a source, or all."""
    return _feed(request, atom=False)


def feed_atom(request: Request) -> Response:
    """Atom 1.0 of changes: of one article (``url``), a source, or all."""
    return _feed(request, atom=True)


def _feed(request: Request, *, atom: bool) -> Response:
    query = request.query_params
    source = params.source(query)
    listed: dict[str, Any] = {
        "include_minor": params.flag(query, "minor"),
        "limit": params.limit(query),
    }
    now = _now(request)
    store = _store(request)
    if query.get("url"):
        if source:
            raise BadParameter("give url or source, not both")
        found = _find(request)
        changes = queries.article_changes(store, found.url, **listed)
        pairs = queries.with_previous(store, changes)
        xml = article_feed(found.article, pairs, now=now, atom=atom)
    else:
        if source and source not in _names(request):
            raise _SourceNotFound(f"There is no source {source!r} in the store.")

        def read() -> bytes:
            pairs = queries.with_previous(
                store, queries.changes(store, now=now, source=source, **listed)
            )
            return source_feed(source, pairs, now=now, atom=atom)

        key = ("feed", source, atom, listed["include_minor"], listed["limit"])
        xml = request.app.state.lists.get(key, read)
    media = "application/atom+xml" if atom else "application/rss+xml"
    return Response(xml, media_type=media)


ROUTES = [
    Route("/", home, name="home"),
    Route("/sources", sources, name="sources"),
    Route("/source/{name}", source, name="source"),
    Route("/article", article, name="article"),
    Route("/diff", diff, name="diff"),
    Route("/search", search, name="search"),
    Route("/health", health, name="health"),
    Route("/feed.rss", feed_rss),
    Route("/feed.atom", feed_atom),
    Route("/api/changes", api_changes),
    Route("/api/sources", api_sources),
    Route("/api/sources/{name}", api_source),
    Route("/api/article", api_article),
    Route("/api/diff", api_diff),
    Route("/api/search", api_search),
    Route("/api/health", api_health),
]
