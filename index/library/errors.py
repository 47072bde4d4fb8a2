"""What the library raises: one line for the user each."""

from __future__ import annotations

from pathlib import Path


class LibraryError(RuntimeError):
    """The library could not be written (disk full, permissions); str() is one line for the user."""


class LibraryDamaged(LibraryError):
    """The index on disk cannot be read; `threadreader reindex` rebuilds it from the sources."""


def one_line(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return " ".join(f"{type(error).__name__}: {error}".split())[:200]


def damaged(root: Path, error: BaseException) -> LibraryDamaged:
    return LibraryDamaged(
        f"the library index in {root} is damaged ({one_line(error)}); rebuild it with: threadreader reindex"
    )
