"""The viewer's Starlette application: routes, templates, static CSS, error pages.

Read-only: every route answers GET (and HEAD) only. Every text from the store
goes through Jinja2 with autoescaping on, or through newscrawl.render.html,
which escapes it; pages load no script, and say so in their
Content-Security-Policy.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable, MutableMapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Receive, Scope, Send

from newscrawl.changes.lookup import Ambiguous, NotFound, NotTracked
from newscrawl.clock import Clock, utcnow
from newscrawl.render.html import content_security_policy
from newscrawl.render.times import ago, later, utc
from newscrawl.store.articles import ArticleStore
from newscrawl.store.errors import StoreDown, StoreError, StoreUnavailable, describe
from newscrawl.web import routes
from newscrawl.web.cache import Cache
from newscrawl.web.params import BadParameter

logger = logging.getLogger(__name__)

_HERE = Path(__file__).resolve().parent

CSP = content_security_policy(page="viewer")
_SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]


class _Headers:
    """Add the security headers, and the server's time in ``Server-Timing``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()

        async def send_with_headers(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                took = (time.perf_counter() - start) * 1000
                timing = f"app;dur={took:.1f}".encode()
                message["headers"] = [
                    *message.get("headers", []),
                    *_SECURITY_HEADERS,
                    (b"server-timing", timing),
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _templates() -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(_HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["utc"] = utc
    env.filters["later"] = lambda delta: "" if delta is None else later(delta)
    env.globals["href"] = routes.href
    env.globals["diff_href"] = routes.diff_href
    return Jinja2Templates(env=env)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_response(
    request: Request,
    status: int,
    title: str,
    message: str,
    *,
    links: list[str] | None = None,
    links_text: str = "",
) -> Response:
    """Return the error as JSON for the API, else as a page."""
    if _is_api(request):
        body: dict[str, Any] = {"error": message, "status": status}
        if links:
            body["urls"] = links
        return JSONResponse(body, status_code=status)
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request,
        "error.html",
        {
            "title": title,
            "message": message,
            "links": links or [],
            "links_text": links_text,
        },
        status_code=status,
    )


async def _bad_parameter(request: Request, exc: Exception) -> Response:
    return error_response(request, 400, "Bad request", str(exc))


async def _not_found(request: Request, exc: Exception) -> Response:
    if isinstance(exc, NotTracked):
        return error_response(
            request,
            404,
            "Not tracked",
            f"{exc.reference} is not tracked.",
            links=exc.suggestions,
            links_text="Closest tracked articles:",
        )
    if isinstance(exc, Ambiguous):
        return error_response(
            request,
            404,
            "Several articles match",
            f"{exc.reference} matches several tracked articles.",
            links=exc.matches,
            links_text="Some of them:",
        )
    return error_response(request, 404, "Not found", str(exc))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        message = f"There is no page at {request.url.path}."
        return error_response(request, 404, "Not found", message)
    if exc.status_code == 405:
        response = error_response(
            request,
            405,
            "Method not allowed",
            f"The viewer is read-only: {request.method} is not allowed here.",
        )
        response.headers["allow"] = "GET, HEAD"
        return response
    return error_response(request, exc.status_code, "Error", str(exc.detail))


async def _busy(request: Request, exc: Exception) -> Response:
    response = error_response(request, 503, "Busy", str(exc))
    response.headers["retry-after"] = "5"
    return response


async def _store_down(request: Request, exc: Exception) -> Response:
    store: ArticleStore = request.app.state.store
    logger.warning("store unreachable: %s", describe(exc))
    return error_response(
        request,
        503,
        "Store unreachable",
        f"The store ({store.description}) cannot be reached just now. "
        "Is the database server running? Try again in a moment.",
    )


async def _store_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, StoreDown):
        return await _store_down(request, exc)
    logger.error("store error on %s: %s", request.url.path, describe(exc))
    return error_response(
        request, 500, "Store error", "The store could not answer this request."
    )


async def _server_error(request: Request, exc: Exception) -> Response:
    logger.exception("error on %s", request.url.path, exc_info=exc)
    return error_response(
        request,
        500,
        "Something went wrong",
        "The viewer could not show this page; the error is in its log.",
    )


def _read_ahead(app: Starlette, on_ready: Callable[[str], None] | None) -> None:
    """Run routes.warm() and say what it read, or why it could not."""
    start = time.perf_counter()
    try:
        read = routes.warm(app.state)
    except Exception as exc:  # the pages read the store when asked, as always
        said = f"Could not read ahead ({describe(exc)}): pages will read the store"
        logger.warning("%s", said)
    else:
        said = f"Read {read} in {time.perf_counter() - start:.1f} s"
    if on_ready is not None:
        on_ready(said)


def create_app(
    store: ArticleStore,
    *,
    clock: Clock = utcnow,
    cache_seconds: float = 15.0,
    on_ready: Callable[[str], None] | None = None,
) -> Starlette:
    """Return the viewer for *store*.

    *clock* gives the "now" that ages count from. The lists of latest changes
    and the feeds of sources are read again after *cache_seconds*, the
    sources and their counts after four times that (0: read every time).
    Unless that is 0, the viewer reads the sources' counts and the search
    pool in a thread from its start (it answers meanwhile), and then calls
    *on_ready* with what it read and how long that took.
    """

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if cache_seconds > 0:
            ahead = threading.Thread(
                target=_read_ahead, args=(app, on_ready), name="read-ahead"
            )
            ahead.daemon = True
            ahead.start()
        yield

    app = Starlette(
        routes=[
            *routes.ROUTES,
            Mount("/static", StaticFiles(directory=_HERE / "static"), name="static"),
        ],
        middleware=[Middleware(_Headers)],
        exception_handlers={
            BadParameter: _bad_parameter,
            routes.Busy: _busy,
            NotFound: _not_found,
            HTTPException: _http_error,
            StoreUnavailable: _store_down,
            StoreError: _store_error,
            Exception: _server_error,
        },
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.clock = clock
    app.state.templates = _templates()
    app.state.templates.env.globals["ago"] = lambda then: ago(then, clock())
    app.state.text_index = None  # looked up on the first search
    app.state.cache = Cache(ttl=4 * cache_seconds)
    app.state.lists = Cache(ttl=cache_seconds)
    # One costly comparison (search without a text index, suggestions) at a
    # time: routes._costly.
    app.state.costly = threading.Semaphore(1)
    return app
