"""Rebuilding the index from the recorded sources: after damage, for a new schema, or on request."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from index.library import whoosh_patches  # noqa: F401,I001  (before any whoosh import: it imports whoosh lightly)
from whoosh import index as whoosh_index

from index.library import paths
from index.library.atomic import write_atomic
from index.library.bulk_writer import BulkWriter, merge_policy
from index.library.documents import prepare_thread, words_fields
from index.library.errors import LibraryError, one_line
from index.library.importer import import_locked
from index.library.lock import WriteLock
from index.library.paths import INDEX_DIR
from index.library.schema import SCHEMA_VERSION, LibrarySchema
from index.library.sources import read_sources, write_sources
from index.model import ImportReport, Thread


def rebuild(library_class, path: Path | str | None = None, *, progress=None, wait: float = 10.0, on_wait=None):
    """(Library, report): a fresh index from every recorded source, swapped in when complete.

    Works on a damaged index too. A thread whose source file is gone is copied from the old
    index when that can still be read, so nothing readable is lost.
    """
    root = paths.library_dir(path)
    root.mkdir(parents=True, mode=0o700, exist_ok=True)
    lock = WriteLock(root, what="a reindex")
    lock.acquire(wait=wait, on_wait=on_wait)
    try:
        sources = set(read_sources(root))
        kept: list[tuple[Thread, str]] = []
        try:
            old = library_class(root, whoosh_index.open_dir(root / INDEX_DIR))
            for source, (thread_id, digest) in old.stored.manifest().items():
                sources.add(source)
                if not os.path.isfile(source) and thread_id not in {t.id for t, _ in kept}:
                    kept.append((old.stored.thread(thread_id), digest))
            old.close()
        except Exception:
            pass  # damaged: rebuild from the files alone
        fresh_root = root / ".rebuild"
        shutil.rmtree(fresh_root, ignore_errors=True)
        fresh_root.mkdir(mode=0o700)
        (fresh_root / INDEX_DIR).mkdir(mode=0o700)
        whoosh_index.create_in(fresh_root / INDEX_DIR, LibrarySchema())
        fresh = library_class(fresh_root, whoosh_index.open_dir(fresh_root / INDEX_DIR))
        present = sorted(source for source in sources if os.path.isfile(source))
        report = import_locked(fresh, present, progress=progress)
        if kept:
            writer = BulkWriter(fresh.ix)
            words: set[str] = set()
            for thread, digest in kept:
                docs, thread_words = prepare_thread(thread, digest)
                for doc in docs:
                    writer.add_prepared(doc)
                words |= thread_words
            writer.add_document(**words_fields(words))
            writer.commit(mergetype=merge_policy)
        fresh.close()
        write_sources(root, sources)
        old_dir = root / ".index-old"
        shutil.rmtree(old_dir, ignore_errors=True)
        if (root / INDEX_DIR).exists():
            os.replace(root / INDEX_DIR, old_dir)
        os.replace(fresh_root / INDEX_DIR, root / INDEX_DIR)
        write_atomic(root / "VERSION", f"{SCHEMA_VERSION}\n".encode())
        shutil.rmtree(old_dir, ignore_errors=True)
        shutil.rmtree(fresh_root, ignore_errors=True)
    except OSError as error:
        raise LibraryError(f"could not rebuild the library: {one_line(error)}") from None
    finally:
        lock.release()
    lost = tuple((s, "source file is gone and the old index could not be read")
                 for s in sorted(sources) if not os.path.isfile(s) and s not in {t.source for t, _ in kept})
    kept_notes = tuple((t.source, "source file is gone; kept the indexed copy") for t, _ in kept)
    report = ImportReport(**{**report.__dict__, "notes": report.notes + kept_notes + lost})
    return library_class.open(root), report

