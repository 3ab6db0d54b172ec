"""Open the store: the MongoDB server of MONGO_URI, or the embedded one."""

from __future__ import annotations

import atexit
from pathlib import Path

from pymongo import MongoClient
from pymongo.errors import PyMongoError
from pymongo.uri_parser import parse_uri

from newscrawl.store.articles import ArticleStore
from newscrawl.store.embedded import EmbeddedStore, EmbeddedStoreError, default_data_dir
from newscrawl.store.errors import StoreUnavailable, describe
from newscrawl.store.indexes import ensure_indexes


def open_store(
    *,
    uri: str,
    database: str,
    data_dir: str | Path | None = None,
    timeout: float = 5.0,
    idle: float | None = None,
) -> ArticleStore:
    """Connect to *uri*, or to the embedded store when *uri* is empty; check it answers.

    An embedded server this starts stays up *idle* seconds after its last
    user (default: $NEWSCRAWL_STORE_IDLE, else 300). Raises StoreUnavailable
    with a one-line reason when the store does not answer.
    """
    embedded = None
    if not uri:
        directory = Path(data_dir).expanduser() if data_dir else default_data_dir()
        try:
            embedded = EmbeddedStore.acquire(directory, idle=idle)
        except EmbeddedStoreError as exc:
            raise StoreUnavailable(str(exc)) from None
        uri, description = embedded.uri, f"embedded store in {directory}"
    else:
        try:
            parse_uri(uri)
        except (PyMongoError, ValueError) as exc:
            raise StoreUnavailable(
                f"MONGO_URI {redact(uri)!r} is not valid: {exc}"
            ) from None
        description = redact(uri)
    client: MongoClient = MongoClient(
        uri, serverSelectionTimeoutMS=int(timeout * 1000), tz_aware=True
    )
    try:
        client.admin.command("ping")
        store = ArticleStore(
            client[database], description=description, embedded=embedded
        )
        ensure_indexes(store.db)
    except PyMongoError as exc:
        client.close()
        if embedded is not None:
            embedded.release()
        raise StoreUnavailable(
            f"cannot reach MongoDB at {description} ({describe(exc)})"
        ) from None
    return store


def redact(uri: str) -> str:
    """Return *uri* without its password or query options, for messages and logs."""
    scheme, sep, rest = uri.partition("://")
    # Options may carry secrets too (tlsCertificateKeyFilePassword=...).
    rest = rest.split("?", 1)[0]
    creds, at, host = rest.rpartition("@")
    if not at:
        return f"{scheme}{sep}{rest}"
    user = creds.split(":", 1)[0]
    return f"{scheme}{sep}{user}:***@{host}"


def exit_without_waiting() -> None:
    """Let this process end without waiting for the driver's idle threads.

    At exit pymongo joins each of its monitor threads, which sleep in steps
    of half a second: about a second added to every short command. They are
    daemon threads and their clients are closed by then, so nothing is lost.
    """
    from pymongo.synchronous import monitor

    hook = getattr(monitor, "_shutdown_resources", None)
    if hook is not None:
        atexit.unregister(hook)
