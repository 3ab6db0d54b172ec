"""The ``newscrawl`` command: one module per group of subcommands."""

from __future__ import annotations

from newscrawl.cli.main import main

__all__ = ["main"]
