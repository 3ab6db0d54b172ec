"""Lists of changes: one line per stored version after the first, newest first."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from newscrawl.changes.history import VersionFacts


@dataclass(frozen=True, kw_only=True)
class Change(VersionFacts):
    """One stored version after the first: a change of one article."""

    url: str
    source: str

    @property
    def version_url(self) -> str:
        """The id of this change: the article's URL and ``#v`` with the version."""
        return f"{self.url}#v{self.version}"

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Change:
        """Build from a ``versions`` document."""
        return cls(url=doc["article"], source=doc["source"], **cls.fields_of(doc))
