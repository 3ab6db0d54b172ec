"""The web viewer: latest changes, sources, article histories, diffs, feeds, JSON."""

from __future__ import annotations

from newscrawl.web.app import create_app

__all__ = ["create_app"]
