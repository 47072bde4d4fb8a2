"""Whoosh's version pinned, and a workaround for a whoosh-reloaded 2.7.5 slow path; applied once on import."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from whoosh.codec import whoosh3

from index.library.errors import LibraryError

# The bulk writer writes this version's posting format itself, and the patch below replaces one
# of its methods: under any other version, neither may run (tests/test_bulkwriter.py compares
# what both writers put on disk, so a bump is checked before it is pinned here and in pyproject).
PINNED = "2.7.5"


class WhooshVersionError(LibraryError):
    """The installed whoosh-reloaded is not the one the library's writer was built for."""


def installed() -> str | None:
    try:
        return version("whoosh-reloaded")
    except PackageNotFoundError:
        return None


def check() -> None:
    """Refuse to write with a Whoosh the writer was not checked against: better one line than a bad index."""
    found = installed()
    if found != PINNED:
        raise WhooshVersionError(
            f"whoosh-reloaded {found or '(not installed)'} is installed, but this threadreader writes "
            f"whoosh-reloaded {PINNED}'s format; reinstall threadreader (pip install -e .)"
        )

_MISSING = object()


def _cached_reader(self, fieldname, column):
    # Whoosh caches only the columns it finds: for a field without a lengths column (ID,
    # KEYWORD, NUMERIC) every posting written at commit asked the filesystem again.
    reader = self._readers.get(fieldname, _MISSING)
    if reader is _MISSING:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        self._readers[fieldname] = reader
    return reader


def apply() -> None:
    if installed() == PINNED:  # a later version may have fixed it differently: leave its code alone
        whoosh3.W3PerDocReader._cached_reader = _cached_reader


apply()
