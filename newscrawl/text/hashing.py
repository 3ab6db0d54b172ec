"""The hashes that find a page unchanged: of its text (a version), of its bytes."""

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


def page_key(body: bytes, *, url: str, content_type: str | None, reader: str) -> str:
    """Return a key that is equal only for pages that read alike, byte for byte.

    *reader* names the parsers that would read the page (their versions):
    the same bytes read by the same parsers give the same text, so a page
    whose key is the stored one needs no parse to be found unchanged. The
    URL and the Content-Type header (its charset) are read too.
    """
    digest = hashlib.sha256()  # the fastest of hashlib's here (SHA extensions)
    for part in (HASH_SCHEME, reader, url, content_type or ""):
        digest.update(part.encode("utf-8") + b"\0")
    digest.update(body)
    return digest.hexdigest()
