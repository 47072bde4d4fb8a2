"""An import, step by step: discover the files, read and parse them, analyze them into documents, write them to Whoosh.

Reading, parsing and analyzing happen in workers.prepare_file (threads/read.py and
documents.py). For big imports worker processes also write those documents into segments of
their own (segment_pool.py); this module deletes what the import replaces and commits, one
batch at a time, holding the index's lock.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from index.library.documents import words_fields
from index.library.errors import LibraryError, one_line
from index.library.sources import discover, read_sources, write_sources
from index.library.page_groups import Member, groups_of, merge_groups
from index.library.tiers import merge_policy
from index.library.workers import Commit, ReadyThread, StartingPool, prepared, workers_for
from index.model import ImportProgress, ImportReport

if TYPE_CHECKING:
    from index.library.bulk_writer import BulkWriter

# Posts per commit: a killed import loses at most one batch (or the batches that came while a long
# merge ran). Each import worker holds its share of a batch's postings until it flushes (~63 MB over
# its own ~57 MB for 6,000 debate-shaped posts), and each commit adds one segment per worker: twice
# the posts a batch, half the segments for commits to merge (debate 100k: 10 segments and no merge,
# where 10,000 a batch made 16 and a last commit that merged three of them alone, ~10 s with the
# workers done). Merges at commit stream a term at a time (merging.py) and drop the pages they have
# read (mapped.py), so the importer's own process stays near 130 MB while one runs. Debate 100k:
# ~425 MB over the process tree.
BATCH_POSTS = 20_000
STAGING = "incoming"  # in the library's folder: segments import workers are writing


def _under(source: Path, roots: list[Path]) -> bool:
    return any(source == root or root in source.parents for root in roots)


def _writer(library) -> BulkWriter:
    from index.library.bulk_writer import BulkWriter

    return BulkWriter(library.ix)


def _commit(writer: BulkWriter, words: set[str], incoming: tuple = (), staging: Path | None = None) -> None:
    if words:
        writer.add_document(**words_fields(words))
        words.clear()
    writer.commit(mergetype=merge_policy, incoming=incoming, staging=staging)


class _Background:
    """One batch's commit at a time, run beside the loop that feeds the import workers: a commit's
    merge took seconds, and the workers, a few files ahead, waited for it (one core idle)."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def commit(self, writer: BulkWriter, words: set[str], incoming: tuple, staging: Path | None) -> None:
        self.wait()

        def run() -> None:
            try:
                _commit(writer, words, incoming, staging)
            except BaseException as error:  # noqa: BLE001 - raised again by wait(), in the importer's thread
                self._error = error

        self._thread = threading.Thread(target=run, name="import commit")
        self._thread.start()

    def busy(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def wait(self) -> None:
        """Once the commit is done; its error, if it failed."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        error, self._error = self._error, None
        if error is not None:
            raise error

    def writer(self, library) -> BulkWriter:
        """A writer of the library (it takes the index's lock: once the commit is done)."""
        self.wait()
        return _writer(library)


def _merge_pages(library, written, unchanged, known, summaries, removed, imported, counts, notes, failed, progress,
                 total):
    """The files of this import that are saved pages of one thread (with the unchanged files of their
    folders) rewritten as one thread; the writer holding the changes and the words they add, or None."""
    from index.threads.pages import address_key, title_key

    folders = {member.path.parent for member in written}
    members = list(written)
    for path in unchanged:
        thread_id = known[str(path)][0]
        summary = summaries.get(thread_id)
        if path.parent in folders and summary is not None:
            keys = (title_key(summary.title), address_key(summary.url))
            # A page whose merged thread this import replaced must be written again, merged or alone.
            members.append(Member(path, keys, None if thread_id in removed else thread_id))
    changed = {m.path for m in members if m.fresh or m.thread_id is None}
    groups = groups_of(members, changed)
    if not groups:
        return None
    writer = _writer(library)
    outcome = merge_groups(groups, writer, imported, progress, (total, total, counts["posts"]))
    merged = outcome.threads_merged
    counts["added"], merged = max(0, counts["added"] - merged), max(0, merged - counts["added"])
    counts["updated"] = max(0, counts["updated"] - merged)
    counts["posts"] += outcome.posts - outcome.posts_dropped
    notes.extend(outcome.notes)
    failed.extend(outcome.failed)
    return writer, outcome.words


def import_locked(library, names, *, prune=False, progress=None, force=False) -> ImportReport:
    started = time.monotonic()
    files, failed, roots = discover(names)
    counts = dict(added=0, updated=0, unchanged=0, pruned=0, posts=0)
    notes: list[tuple[str, str]] = []
    writer = None
    words: set[str] = set()  # of the threads added since the last commit
    staging = pool = outcomes = None
    background = _Background()
    try:
        workers = workers_for(files)
        if workers:  # started first: they take a while to start, and the importer has its own to do
            from index.library.segment_pool import make_staging

            staging = library.path / STAGING
            make_staging(staging, library.ix.schema)
            pool = StartingPool(workers, staging)
        library.refresh()
        known = library.manifest()
        summaries = {summary.id: summary for summary in library.threads()}  # as before this import
        recorded = set(read_sources(library.path)) | set(known)
        imported = time.time()
        # The writer's modules (numpy, the merges: ~0.2 s) imported while the workers start, not at the
        # first commit (with 2 workers, the last commit of a small import: after them).
        from index.library import bulk_writer  # noqa: F401
        outcomes = prepared(files, known, force, imported, workers, staging, BATCH_POSTS, pool)
        written: list[Member] = []  # what the page merge needs of each file: small, whatever the import's size
        unchanged: list[Path] = []
        removed: set[str] = set()  # thread ids this import replaced
        done = 0
        waiting: tuple = ()  # segments of batches ready, not committed yet
        for path, outcome in outcomes:
            if isinstance(outcome, Commit):  # a batch is ready: what it replaced goes in the same commit
                waiting += outcome.segments
                if writer is None and not words and background.busy():
                    # The commit before (its merge) outlasted a batch: this one joins the next commit, and
                    # the importer goes on feeding the workers (waiting for it left a core idle).
                    continue
                if writer is not None or waiting or words:
                    write_sources(library.path, recorded)  # before the commit: a superset is harmless
                    background.commit(writer or background.writer(library), set(words), waiting, staging)
                    writer, waiting = None, ()
                    words.clear()
                continue
            if writer is None and isinstance(outcome, ReadyThread) and (
                    outcome.again or outcome.docs or str(path) in known):
                writer = background.writer(library)  # holds the index's lock until the batch is committed
            if isinstance(outcome, ReadyThread) and outcome.again:  # a dead worker's: counted already
                for doc in outcome.docs:
                    writer.add_prepared(doc)
                words |= outcome.words
                continue
            done += 1
            source = str(path)
            if outcome == "unchanged":
                counts["unchanged"] += 1
                unchanged.append(path)
            elif isinstance(outcome, str):
                failed.append((source, outcome))
            else:
                written.append(Member(path, outcome.keys, outcome.thread_id, fresh=True))
                if source in known:
                    writer.delete_by_term("thread", known[source][0])
                    removed.add(known[source][0])
                    counts["updated"] += 1
                else:
                    counts["added"] += 1
                recorded.add(source)
                for doc in outcome.docs:  # none when a worker wrote them into its segment
                    writer.add_prepared(doc)
                words |= outcome.words
                notes.extend((source, note) for note in outcome.notes)
                counts["posts"] += outcome.post_count
            if progress is not None:
                progress(ImportProgress(done, len(files), counts["posts"], source))
        if waiting:
            write_sources(library.path, recorded)
            background.commit(background.writer(library), set(), waiting, staging)
        background.wait()
        survivors: list[str] = []  # the other saved pages of a pruned page's thread
        if prune:
            seen = {str(path) for path in files}
            gone = {source: thread_id for source, (thread_id, _) in known.items()
                    if source not in seen and _under(Path(source), roots) and not os.path.exists(source)}
            for source, thread_id in gone.items():
                writer = writer or _writer(library)
                writer.delete_by_term("thread", thread_id)
                recorded.discard(source)
                counts["pruned"] += 1
            pruned = set(gone.values())
            survivors = [source for source, (thread_id, _) in known.items()
                         if thread_id in pruned and source not in gone and os.path.exists(source)]
        if writer is not None:
            write_sources(library.path, recorded)
            _commit(writer, words)
            writer = None
        if written and (changes := _merge_pages(library, written, unchanged, known, summaries, removed, imported,
                                                counts, notes, failed, progress, len(files))):
            writer, words = changes
            _commit(writer, words)
            writer = None
        if survivors:  # written again without the pruned pages, merged or alone
            again = import_locked(library, survivors, force=True)
            counts["updated"] += again.added + again.updated
            counts["posts"] += again.posts
            notes.extend(again.notes)
            failed.extend(again.failed)
    except OSError as error:
        raise LibraryError(
            f"could not write to the library: {one_line(error)}; the unfinished batch was not kept"
        ) from None
    finally:
        try:
            background.wait()  # before the staging folder goes
        except BaseException:  # noqa: BLE001 - raised already, or another error is on its way
            pass
        if outcomes is not None:
            outcomes.close()  # its workers stopped, when the import stopped on an error
        if pool is not None:
            pool.close()  # when the import stopped before its files went to the workers
        if writer is not None:
            try:
                writer.cancel()
            except Exception:
                pass
        if staging is not None:
            import shutil

            shutil.rmtree(staging, ignore_errors=True)
        library.refresh()
    return ImportReport(**counts, failed=tuple(failed), notes=tuple(notes), elapsed=time.monotonic() - started)

