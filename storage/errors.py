"""Storage errors. Vendor (SQLAlchemy, OS) errors are translated here, once::

    StorageError
     ├── StoreUnavailable   the database or disk refused a write: retry later
     │    └── WriteConflict a unique key another transaction took first: retry that work alone
     └── NotFound           a row that was asked for by key does not exist
"""


class StorageError(Exception):
    """Base of every error the storage package raises."""


class StoreUnavailable(StorageError):
    """The store cannot take writes now (locked, read-only, disk full, connection lost)."""


class WriteConflict(StoreUnavailable):
    """A unique constraint refused the write: another transaction inserted the same key.

    A subclass of :class:`StoreUnavailable` so every caller that says "try again" still does;
    a batch writer catches it first and retries its items one at a time, so one conflicting
    item does not hold back the others.
    """


class NotFound(StorageError):
    """The row asked for does not exist."""
