"""A small client for Scrapyd's JSON API over plain HTTP, with one-line errors."""

from __future__ import annotations

import base64
import json
import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit, urlunsplit
from urllib.request import Request, urlopen

logger = logging.getLogger(__name__)


class ScrapydError(RuntimeError):
    """A Scrapyd node did not answer, refused the request or reported an error."""


@dataclass(frozen=True)
class Node:
    """One Scrapyd node: its URL without credentials, and its basic auth."""

    url: str
    username: str = ""
    password: str = ""

    @classmethod
    def parse(cls, url: str, *, env: Mapping[str, str] = os.environ) -> Node:
        """Parse *url*, with credentials from it or $SCRAPYD_USERNAME/PASSWORD."""
        parts = urlsplit(url if "://" in url else f"http://{url}")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not a Scrapyd URL: {url!r}")
        netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
        path = parts.path if parts.path.endswith("/") else parts.path + "/"
        clean = urlunsplit((parts.scheme, netloc, path, "", ""))
        if parts.username is not None:
            return cls(clean, parts.username, parts.password or "")
        return cls(
            clean, env.get("SCRAPYD_USERNAME", ""), env.get("SCRAPYD_PASSWORD", "")
        )

    @property
    def name(self) -> str:
        """Return host:port, for log lines (never the password)."""
        return urlsplit(self.url).netloc

    def call(
        self,
        endpoint: str,
        *,
        params: Sequence[tuple[str, str]] = (),
        post: bool = False,
        timeout: float = 10.0,
    ) -> dict:
        """Call *endpoint* (``listjobs.json``, ...) and return its JSON answer."""
        query = urlencode(list(params))
        url = self.url + endpoint + ("" if post or not query else f"?{query}")
        request = Request(url, data=query.encode() if post else None)
        if self.username:
            token = base64.b64encode(f"{self.username}:{self.password}".encode())
            request.add_header("Authorization", "Basic " + token.decode())
        try:
            with urlopen(request, timeout=timeout) as response:
                answer = json.load(response)
        except HTTPError as exc:
            if exc.code == 401:
                raise ScrapydError(
                    f"Scrapyd {self.name} refused the username or password (HTTP 401)"
                ) from None
            raise ScrapydError(
                f"Scrapyd {self.name} answered HTTP {exc.code}"
            ) from None
        except (URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ScrapydError(
                f"Scrapyd {self.name} does not answer: {reason}"
            ) from None
        except ValueError:
            raise ScrapydError(
                f"{self.url} is not a Scrapyd (no JSON answer)"
            ) from None
        if answer.get("status") != "ok":
            message = str(answer.get("message", answer)).strip().splitlines()
            raise ScrapydError(
                f"Scrapyd {self.name}: {message[-1] if message else 'error'}"
            )
        return answer

    def list_jobs(self, project: str) -> dict:
        """Return listjobs.json for *project*: pending, running and finished jobs."""
        return self.call("listjobs.json", params=[("project", project)])

    def schedule(
        self,
        project: str,
        spider: str,
        *,
        settings: Mapping[str, str] = {},  # noqa: B006 - never mutated
        args: Mapping[str, str] = {},  # noqa: B006 - never mutated
    ) -> str:
        """Schedule a run of *spider*; return its job id."""
        params = [("project", project), ("spider", spider)]
        params += [("setting", f"{name}={value}") for name, value in settings.items()]
        params += list(args.items())
        return self.call("schedule.json", params=params, post=True)["jobid"]
