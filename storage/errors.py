"""Storage errors. Vendor (SQLAlchemy, OS) errors are translated here, once::

    StorageError
     ├── StoreUnavailable   the database or disk refused a write: retry later
     └── NotFound           a row that was asked for by key does not exist
"""


class StorageError(Exception):
    """Base of every error the storage package raises."""


class StoreUnavailable(StorageError):
    """The store cannot take writes now (locked, read-only, disk full, connection lost)."""


class NotFound(StorageError):
    """The row asked for does not exist."""
