"""Why the store could not do what it was asked: the errors its callers catch.

Callers outside the store package catch these names, never the driver's
own, so that only this package knows the store speaks MongoDB.
"""

from __future__ import annotations

from pymongo.errors import ConnectionFailure, PyMongoError

#: A read or write that failed: the server's or the driver's error.
StoreError = PyMongoError
#: The server did not answer (a StoreError too).
StoreDown = ConnectionFailure


class StoreUnavailable(RuntimeError):
    """MongoDB (or the embedded store) cannot be reached; the message says which."""


#: Whatever a store call may raise when the store does not do it.
STORE_FAILURES = (StoreError, StoreUnavailable)
