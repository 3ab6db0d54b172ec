"""The content hash that decides whether a fetched page is a new version."""

from __future__ import annotations

import hashlib
import json

#: Bumped if the hashed fields or their encoding ever change.
HASH_SCHEME = "v1"


def content_hash(*, title: str, standfirst: str, byline: str, body: list[str]) -> str:
    """Return ``"v1:<sha256 hex>"`` of the (already normalised) text fields.

    The fields are encoded as the compact JSON array
    ``[title, standfirst, byline, [paragraph, ...]]`` in UTF-8, so no
    separator inside a field can make two different articles hash alike.
    Times, section and tags are left out: they change without the text
    changing and are not what a reader calls a change.
    """
    payload = json.dumps(
        [title, standfirst, byline, body], ensure_ascii=False, separators=(",", ":")
    )
    return f"{HASH_SCHEME}:{hashlib.sha256(payload.encode('utf-8')).hexdigest()}"
