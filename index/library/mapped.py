"""Dropping a segment's memory-mapped pages from the process once a merge has read them."""

from __future__ import annotations

import mmap

# Whoosh maps each segment whole (CompoundStorage) and every page a merge reads stays in the
# process's resident set until the map is closed: merging 50,000 debate-shaped documents held
# ~140 MB of them (the importer's peak grew with the merge's size). The pages are the file's, in
# the page cache: dropping them from this process costs nothing but a page fault if read again.
_DONTNEED = getattr(mmap, "MADV_DONTNEED", None)


def release(reader) -> None:
    """Drops the reader's mapped segment pages from this process (where the platform can)."""
    storage = getattr(reader, "_storage", None)
    storage = getattr(storage, "a", storage)  # a compound segment: its files over the index's (OverlayStorage)
    source = getattr(storage, "_source", None)
    if _DONTNEED is not None and source is not None and hasattr(source, "madvise"):
        try:
            source.madvise(_DONTNEED)
        except (OSError, ValueError):  # closed, or a kernel that refuses it: the pages stay, as before
            pass
