"""The library on disk: the one Whoosh writer (import, re-import, prune) and the readers' searcher."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path
from typing import Callable, Iterable

from whoosh import index as whoosh_index

from index.library import paths, whoosh_patches  # noqa: F401  (whoosh slow-path fixes)
from index.library.atomic import write_atomic
from index.library.bulk_writer import BulkWriter, merge_policy
from index.library.stored import Catalog
from index.library.documents import prepare_thread, words_fields
from index.library.lock import LibraryBusy, WriteLock
from index.model import ImportProgress, ImportReport, Page, Post, Thread, ThreadSummary
from index.library.workers import prepared, workers_for
from index.library.schema import SCHEMA_VERSION, LibrarySchema
from index.search.run import run_search
from index.library.sources import discover, read_sources as _read_sources, write_sources as _write_sources
from index.library.state import STATE_FILE, State

__all__ = ["Library", "LibraryBusy", "LibraryDamaged", "LibraryError"]

INDEX_DIR = "index"
# Posts per commit: a killed import loses at most one batch, and each commit costs a merge.
BATCH_POSTS = 20_000


class LibraryError(RuntimeError):
    """The library could not be written (disk full, permissions); str() is one line for the user."""


class LibraryDamaged(LibraryError):
    """The index on disk cannot be read; `threadreader reindex` rebuilds it from the sources."""


def _one_line(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return " ".join(f"{type(error).__name__}: {error}".split())[:200]


def _damaged(root: Path, error: BaseException) -> LibraryDamaged:
    return LibraryDamaged(
        f"the library index in {root} is damaged ({_one_line(error)}); rebuild it with: threadreader reindex"
    )


def _version(root: Path) -> int:
    """The schema version the library was built with (1 for libraries from before it was recorded)."""
    try:
        return int((root / "VERSION").read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return 1


def _under(source: Path, roots: list[Path]) -> bool:
    return any(source == root or root in source.parents for root in roots)


def _commit(writer: BulkWriter, words: set[str]) -> None:
    if words:
        writer.add_document(**words_fields(words))
        words.clear()
    writer.commit(mergetype=merge_policy)


class Library:
    """A library directory: the Whoosh index, reading state, and the lock that keeps writers apart."""

    def __init__(self, path: Path, ix: whoosh_index.Index):
        self.path = path
        self.state = State(path / STATE_FILE)
        self._ix = ix
        self._lock = threading.RLock()  # one searcher, shared by the app's worker threads
        self._catalog = Catalog(ix.searcher())

    @classmethod
    def open(cls, path: Path | str | None = None) -> "Library":
        """Open (creating if needed, mode 0o700) the library at path or the default location.

        Raises LibraryDamaged (one line, naming `threadreader reindex`) when the index is unreadable.
        """
        root = paths.library_dir(path)
        if not root.is_dir():
            root.mkdir(parents=True, mode=0o700)
            os.chmod(root, 0o700)  # mkdir's mode is filtered by the umask; make sure
        index_dir = root / INDEX_DIR
        if not any(index_dir.glob("*.toc")):
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
        if _version(root) < SCHEMA_VERSION:
            # Built by an older threadreader: the same threads, re-indexed under today's schema.
            library, _ = cls.rebuild(root)
            return library
        try:
            library = cls(root, whoosh_index.open_dir(index_dir))
            library._catalog.summaries()  # reads every segment's stored fields: damage shows here
        except (LibraryError, KeyboardInterrupt):
            raise
        except Exception as error:
            raise _damaged(root, error) from None
        return library

    # Reading -------------------------------------------------------------------------

    def _read(self, what: Callable, *args, **kwargs):
        with self._lock:
            try:
                return what(self._catalog, *args, **kwargs)
            except (KeyError, LookupError):
                raise
            except Exception as error:
                raise _damaged(self.path, error) from None

    def is_empty(self) -> bool:
        return not self._read(Catalog.summaries)

    def threads(self) -> list[ThreadSummary]:
        return list(self._read(Catalog.summaries).values())

    def thread(self, thread_id: str) -> Thread:
        return self._read(Catalog.thread, thread_id)

    def resolve(self, name: str) -> ThreadSummary:
        return self._read(Catalog.resolve, name)

    def posts_by_author(self, author_key: str) -> list[tuple[ThreadSummary, Post]]:
        return self._read(Catalog.posts_by_author, author_key)

    def search(
        self, query: str, *, page: int = 1, pagelen: int = 20, sort: str = "relevance",
        thread_id: str | None = None,
    ) -> Page:
        return self._read(run_search, query, page=page, pagelen=pagelen, sort=sort, thread_id=thread_id)

    def stats(self) -> dict:
        figures = self._read(Catalog.stats)
        size = sum(f.stat().st_size for f in (self.path / INDEX_DIR).iterdir() if f.is_file())
        figures.update(library=str(self.path), index_bytes=size, bookmarks=len(self.state.bookmarks()))
        return figures

    def refresh(self) -> bool:
        """Pick up commits made since the searcher was opened (by us or another process)."""
        with self._lock:
            searcher = self._catalog.searcher
            if searcher.up_to_date():
                return False
            # A fresh searcher, not searcher.refresh(): whoosh's reader reuse keeps a segment's
            # old reader even when this commit deleted documents from that segment.
            fresh = self._ix.searcher()
            searcher.close()
            self._catalog = Catalog(fresh)
            return True

    def close(self) -> None:
        with self._lock:
            self._catalog.searcher.close()

    # Writing -------------------------------------------------------------------------

    def import_bundled(self, progress: Callable[[ImportProgress], None] | None = None) -> ImportReport:
        return self.import_paths([paths.BUNDLED_TRANSCRIPTS], progress=progress)

    def reindex(self, progress: Callable[[ImportProgress], None] | None = None, **lock_options) -> ImportReport:
        """Rebuild the index from the recorded sources (see Library.rebuild) and reopen it."""
        self.close()
        library, report = Library.rebuild(self.path, progress=progress, **lock_options)
        with self._lock:
            self._ix, self._catalog = library._ix, library._catalog
        return report

    @classmethod
    def rebuild(cls, path: Path | str | None = None, *, progress=None, wait: float = 10.0, on_wait=None):
        """(Library, report): a fresh index from every recorded source, swapped in when complete.

        Works on a damaged index too. A thread whose source file is gone is copied from the old
        index when that can still be read, so nothing readable is lost.
        """
        root = paths.library_dir(path)
        root.mkdir(parents=True, mode=0o700, exist_ok=True)
        lock = WriteLock(root, what="a reindex")
        lock.acquire(wait=wait, on_wait=on_wait)
        try:
            sources = set(_read_sources(root))
            kept: list[tuple[Thread, str]] = []
            try:
                old = cls(root, whoosh_index.open_dir(root / INDEX_DIR))
                for source, (thread_id, digest) in old._catalog.manifest().items():
                    sources.add(source)
                    if not os.path.isfile(source):
                        kept.append((old._catalog.thread(thread_id), digest))
                old.close()
            except Exception:
                pass  # damaged: rebuild from the files alone
            fresh_root = root / ".rebuild"
            shutil.rmtree(fresh_root, ignore_errors=True)
            fresh_root.mkdir(mode=0o700)
            (fresh_root / INDEX_DIR).mkdir(mode=0o700)
            whoosh_index.create_in(fresh_root / INDEX_DIR, LibrarySchema())
            fresh = cls(fresh_root, whoosh_index.open_dir(fresh_root / INDEX_DIR))
            present = sorted(source for source in sources if os.path.isfile(source))
            report = fresh._import_locked(present, progress=progress)
            if kept:
                writer = fresh._writer()
                words: set[str] = set()
                for thread, digest in kept:
                    docs, thread_words = prepare_thread(thread, digest)
                    for doc in docs:
                        writer.add_prepared(doc)
                    words |= thread_words
                writer.add_document(**words_fields(words))
                writer.commit(mergetype=merge_policy)
            fresh.close()
            _write_sources(root, sources)
            old_dir = root / ".index-old"
            shutil.rmtree(old_dir, ignore_errors=True)
            if (root / INDEX_DIR).exists():
                os.replace(root / INDEX_DIR, old_dir)
            os.replace(fresh_root / INDEX_DIR, root / INDEX_DIR)
            write_atomic(root / "VERSION", f"{SCHEMA_VERSION}\n".encode())
            shutil.rmtree(old_dir, ignore_errors=True)
            shutil.rmtree(fresh_root, ignore_errors=True)
        except OSError as error:
            raise LibraryError(f"could not rebuild the library: {_one_line(error)}") from None
        finally:
            lock.release()
        lost = tuple((s, "source file is gone and the old index could not be read")
                     for s in sorted(sources) if not os.path.isfile(s) and s not in {t.source for t, _ in kept})
        kept_notes = tuple((t.source, "source file is gone; kept the indexed copy") for t, _ in kept)
        report = ImportReport(**{**report.__dict__, "notes": report.notes + kept_notes + lost})
        return cls.open(root), report

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
        lock = WriteLock(self.path)
        lock.acquire(wait=wait, on_wait=on_wait)
        try:
            report = self._import_locked(names, prune=prune, progress=progress, force=force)
        finally:
            lock.release()
        if lock.cleared_stale:
            report = ImportReport(**{**report.__dict__, "notes": ((str(self.path), lock.cleared_stale),) + report.notes})
        return report

    def _import_locked(self, names, *, prune=False, progress=None, force=False) -> ImportReport:
        started = time.monotonic()
        files, failed, roots = discover(names)
        counts = dict(added=0, updated=0, unchanged=0, pruned=0, posts=0)
        notes: list[tuple[str, str]] = []
        writer = None
        pending = 0
        words: set[str] = set()  # of the threads added since the last commit
        try:
            self.refresh()
            with self._lock:
                known = self._catalog.manifest()
            recorded = set(_read_sources(self.path)) | set(known)
            imported = time.time()
            outcomes = prepared(files, known, force, imported, workers_for(files))
            for done, (path, outcome) in enumerate(outcomes, start=1):
                source = str(path)
                if outcome == "unchanged":
                    counts["unchanged"] += 1
                elif isinstance(outcome, str):
                    failed.append((source, outcome))
                else:
                    if writer is None:
                        writer = self._writer()
                    if source in known:
                        writer.delete_by_term("thread", known[source][0])
                        counts["updated"] += 1
                    else:
                        counts["added"] += 1
                    recorded.add(source)
                    for doc in outcome.docs:
                        writer.add_prepared(doc)
                    words |= outcome.words
                    notes.extend((source, note) for note in outcome.notes)
                    counts["posts"] += outcome.post_count
                    pending += outcome.post_count
                    if pending >= BATCH_POSTS:
                        _write_sources(self.path, recorded)  # before the commit: a superset is harmless
                        _commit(writer, words)
                        writer, pending = None, 0
                if progress is not None:
                    progress(ImportProgress(done, len(files), counts["posts"], source))
            if prune:
                seen = {str(path) for path in files}
                for source, (thread_id, _) in known.items():
                    if source not in seen and _under(Path(source), roots) and not os.path.exists(source):
                        writer = writer or self._writer()
                        writer.delete_by_term("thread", thread_id)
                        recorded.discard(source)
                        counts["pruned"] += 1
            if writer is not None:
                _write_sources(self.path, recorded)
                _commit(writer, words)
                writer = None
        except OSError as error:
            raise LibraryError(
                f"could not write to the library: {_one_line(error)}; the unfinished batch was not kept"
            ) from None
        finally:
            if writer is not None:
                try:
                    writer.cancel()
                except Exception:
                    pass
            self.refresh()
        return ImportReport(**counts, failed=tuple(failed), notes=tuple(notes), elapsed=time.monotonic() - started)

    def _writer(self) -> BulkWriter:
        return BulkWriter(self._ix)
