"""Why the store could not do what it was asked: the errors its callers catch.

Callers outside the store package catch these names, never the driver's
own, so that only this package knows the store speaks MongoDB.
"""

from __future__ import annotations

from pymongo.errors import BulkWriteError, ConnectionFailure, PyMongoError

#: A read or write that failed: the server's or the driver's error.
StoreError = PyMongoError
#: The server did not answer (a StoreError too).
StoreDown = ConnectionFailure


class StoreUnavailable(RuntimeError):
    """MongoDB (or the embedded store) cannot be reached; the message says which."""


#: MongoDB's error code for a duplicate key: a unique index refused a write.
DUPLICATE_KEY = 11000


def duplicates(exc: BulkWriteError) -> list[int]:
    """Return the positions of the documents a bulk insert refused as duplicate
    keys; raise *exc* again if it refused any for another reason."""
    errors = exc.details.get("writeErrors", [])
    if any(error.get("code") != DUPLICATE_KEY for error in errors):
        raise exc
    return [error["index"] for error in errors]


#: Whatever a store call may raise when the store does not do it.
STORE_FAILURES = (StoreError, StoreUnavailable)


def describe(exc: BaseException, *, limit: int = 200) -> str:
    """Return what went wrong in one short line, for a log or a message.

    The driver's messages run to pages (timeouts, the whole topology of the
    cluster); what a reader needs is their first clause.
    """
    text = str(exc).strip()
    text = text.split(" (configured timeouts")[0].split(", Timeout: ")[0]
    text = text.splitlines()[0] if text else type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"
