"""The library on disk, as the app and the command line see it: open, read, search, import, reindex."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path
from typing import Callable, Iterable

from index.library import catalog, paths
from index.library.atomic import write_atomic
from index.library.errors import LibraryDamaged, LibraryError, damaged
from index.library.lock import LibraryBusy
from index.library.paths import INDEX_DIR
from index.library.state import STATE_FILE, State
from index.library.stored import StoredThreads
from index.library.version import SCHEMA_VERSION
from index.model import ImportProgress, ImportReport, Page, Post, Thread, ThreadSummary

__all__ = ["Library", "LibraryBusy", "LibraryDamaged", "LibraryError"]


def _whoosh_index():
    """whoosh.index, imported at the first need: a library listed from a current catalog needs none
    before the app's first frame (~30 ms of imports)."""
    # whoosh_patches first: it imports whoosh without the modules whoosh loads and we never use.
    from index.library import whoosh_patches  # noqa: F401,I001  (before any other whoosh import)
    from whoosh import index

    return index


def _version(root: Path) -> int:
    """The schema version the library was built with (1 for libraries from before it was recorded)."""
    try:
        return int((root / "VERSION").read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return 1


class Library:
    """A library directory: the Whoosh index, reading state, and the lock that keeps writers apart."""

    def __init__(self, path: Path, ix=None):
        self.path = path
        self.state = State(path / STATE_FILE)
        self._ix = ix  # the Whoosh index, opened at the first call that needs it (see _index)
        self._lock = threading.RLock()  # one searcher, shared by the app's worker threads
        self._stored = StoredThreads(self._index, path)

    def _index(self, open_now: bool = True):
        """The Whoosh index (None if not opened yet and not open_now); reading its table of contents
        checks it: LibraryDamaged, naming `threadreader reindex`, when it is unreadable."""
        if self._ix is None and open_now:
            with self._lock:
                if self._ix is None:
                    try:
                        self._ix = _whoosh_index().open_dir(self.path / INDEX_DIR)
                    except Exception as error:
                        raise damaged(self.path, error) from None
        return self._ix

    @staticmethod
    def outdated(path: Path | str | None = None) -> bool:
        """Whether the library at path was built by an older threadreader: opening it re-indexes every thread."""
        root = paths.library_dir(path)
        return any((root / INDEX_DIR).glob("*.toc")) and _version(root) < SCHEMA_VERSION

    @classmethod
    def open(cls, path: Path | str | None = None, *, load: bool = True) -> "Library":
        """Open (creating if needed, mode 0o700) the library at path or the default location.

        load: read the thread summaries now (else at the first call that needs them, e.g. in the
        app's worker). Raises LibraryDamaged (one line, naming `threadreader reindex`) when the
        index is unreadable.
        """
        root = paths.library_dir(path)
        if not root.is_dir():
            root.mkdir(parents=True, mode=0o700)
            os.chmod(root, 0o700)  # mkdir's mode is filtered by the umask; make sure
        index_dir = root / INDEX_DIR
        if not any(index_dir.glob("*.toc")):
            from index.library.lock import WriteLock

            whoosh_index = _whoosh_index()
            from index.library.schema import LibrarySchema

            # Two processes may open an empty library at once: only one may create the index.
            lock = WriteLock(root, what="creating the library")
            lock.acquire(wait=30)
            try:
                previous = root / ".index-old"
                if not any(index_dir.glob("*.toc")) and any(previous.glob("*.toc")):
                    # A reindex was killed between its two renames: put the previous index back.
                    shutil.rmtree(index_dir, ignore_errors=True)
                    os.replace(previous, index_dir)
                if not any(index_dir.glob("*.toc")):
                    index_dir.mkdir(mode=0o700, exist_ok=True)
                    whoosh_index.create_in(index_dir, LibrarySchema())
                    write_atomic(root / "VERSION", f"{SCHEMA_VERSION}\n".encode())
            finally:
                lock.release()
        if cls.outdated(root):
            # Built by an older threadreader: the same threads, re-indexed under today's schema.
            library, _ = cls.rebuild(root)
            return library
        try:
            library = cls(root)
            if not catalog.toc_recorded(root):
                # Not listed in a current catalog: the index is read now (and so checked).
                library._index()
            if load:
                library._stored.summaries()  # the catalog, or every segment's stored fields: damage shows here
        except (LibraryError, KeyboardInterrupt):
            raise
        except Exception as error:
            raise damaged(root, error) from None
        return library

    # Reading -------------------------------------------------------------------------

    def _read(self, what: Callable, *args, **kwargs):
        with self._lock:
            try:
                return what(self._stored, *args, **kwargs)
            except (KeyError, LookupError):
                raise
            except Exception as error:
                raise damaged(self.path, error) from None

    def is_empty(self) -> bool:
        return not self._read(StoredThreads.has_threads)

    def threads(self) -> list[ThreadSummary]:
        return list(self._read(StoredThreads.summaries).values())

    def warm(self) -> None:
        """Import whoosh and the search, and open the searcher now (the app does it in a worker
        after its first frame), so that the first search or thread does not wait for them."""
        self._read(lambda stored: stored.searcher)
        from index.search import run  # noqa: F401  (numpy and the query language: ~50 ms)

    def catalog_bytes(self) -> int:
        """The size of the thread catalog on disk (0 when there is none yet): what reading the
        summaries will cost, known without reading them."""
        from index.library.catalog import CATALOG_FILE

        try:
            return (self.path / CATALOG_FILE).stat().st_size
        except OSError:
            return 0

    def thread(self, thread_id: str) -> Thread:
        return self._read(StoredThreads.thread, thread_id)

    def resolve(self, name: str) -> ThreadSummary:
        return self._read(StoredThreads.resolve, name)

    def posts_by_author(self, author_key: str) -> list[tuple[ThreadSummary, Post]]:
        return self._read(StoredThreads.posts_by_author, author_key)

    def search(
        self, query: str, *, page: int = 1, pagelen: int = 20, sort: str = "relevance",
        thread_id: str | None = None, flat: bool = False, max_hits: int | None = None,
    ) -> Page:
        """A page of matches grouped by thread (flat: one group per post, in score order); max_hits:
        only the first max_hits hits of the page are made (and the groups holding them)."""
        from index.search.run import run_search  # at the first search: opening and listing never need it

        return self._read(run_search, query, page=page, pagelen=pagelen, sort=sort, thread_id=thread_id, flat=flat,
                          max_hits=max_hits)

    def stats(self) -> dict:
        figures = self._read(StoredThreads.stats)
        size = sum(f.stat().st_size for f in (self.path / INDEX_DIR).iterdir() if f.is_file())
        figures.update(library=str(self.path), index_bytes=size, bookmarks=len(self.state.bookmarks()))
        return figures

    def refresh(self) -> bool:
        """Pick up commits made since the searcher was opened (by us or another process)."""
        with self._lock:
            if self._stored.up_to_date():
                return False
            # A fresh searcher, not searcher.refresh(): whoosh's reader reuse keeps a segment's
            # old reader even when this commit deleted documents from that segment.
            self._stored.close()
            self._stored = StoredThreads(self._index, self.path)
            return True

    def manifest(self) -> dict[str, tuple[str, str]]:
        """Source path -> (thread id, content hash) of every thread in the index."""
        return self._read(StoredThreads.manifest)

    @property
    def ix(self):
        """The Whoosh index, for the importer's writer (index/library only)."""
        return self._index()

    @property
    def stored(self) -> StoredThreads:
        """The threads as stored in the index, for the rebuild (index/library only)."""
        return self._stored

    def close(self) -> None:
        with self._lock:
            self._stored.close()

    # Writing -------------------------------------------------------------------------

    def import_bundled(self, progress: Callable[[ImportProgress], None] | None = None) -> ImportReport:
        return self.import_paths([paths.BUNDLED_TRANSCRIPTS], progress=progress)

    def reindex(self, progress: Callable[[ImportProgress], None] | None = None, **lock_options) -> ImportReport:
        """Rebuild the index from the recorded sources (see Library.rebuild) and reopen it."""
        self.close()
        library, report = Library.rebuild(self.path, progress=progress, **lock_options)
        with self._lock:
            self._ix, self._stored = library._index(), library._stored
        return report

    @classmethod
    def rebuild(cls, path: Path | str | None = None, *, progress=None, wait: float = 10.0, on_wait=None):
        """(Library, report): a fresh index from every recorded source, swapped in when complete (rebuild.py)."""
        from index.library.rebuild import rebuild

        return rebuild(cls, path, progress=progress, wait=wait, on_wait=on_wait)

    def import_paths(
        self,
        names: Iterable[str | os.PathLike[str]],
        *,
        prune: bool = False,
        progress: Callable[[ImportProgress], None] | None = None,
        force: bool = False,
        wait: float = 10.0,
        on_wait: Callable[[str], None] | None = None,
    ) -> ImportReport:
        """Index files, directories (recursively) and globs; unchanged files are skipped by content hash.

        Commits every BATCH_POSTS posts; the index itself is the manifest, so a killed import
        keeps every committed batch and the next import carries on where it stopped.
        Waits up to `wait` seconds for another writer (LibraryBusy after that); raises
        LibraryError (one line) when the disk refuses the writes.
        """
        from index.library.importer import import_locked
        from index.library.lock import WriteLock

        lock = WriteLock(self.path)
        lock.acquire(wait=wait, on_wait=on_wait)
        try:
            report = import_locked(self, names, prune=prune, progress=progress, force=force)
            # The thread catalog, brought up to date while no other writer can commit: only the
            # segments this import wrote are read, and the next open reads one file.
            self._read(StoredThreads.summaries)
        finally:
            lock.release()
        if lock.cleared_stale:
            report = ImportReport(**{**report.__dict__, "notes": ((str(self.path), lock.cleared_stale),) + report.notes})
        return report

