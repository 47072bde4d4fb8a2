"""Workarounds for whoosh-reloaded 2.7.5 slow paths the library hits; applied once on import."""

from __future__ import annotations

from whoosh.codec import whoosh3

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
    whoosh3.W3PerDocReader._cached_reader = _cached_reader


apply()
