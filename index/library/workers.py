"""Reading, parsing and analyzing the files of an import (one file: prepare_file), here or in worker processes, in batches."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Iterator

from index.errors import TranscriptError
from index.library.documents import prepare_thread
from index.library.sources import content_hash

# Below this many bytes of transcripts, starting worker processes costs more than it saves.
PARALLEL_MIN_BYTES = 2_000_000
# A task is a few files: workers answer with small outcomes (their documents stay in their segments),
# so small tasks cost little and let the last ones spread over the workers: the import ends when the
# slowest worker does (debate 10k, 8 files a task in the order found: one worker idle for the last
# ~8% of the import). Large enough that the tasks a worker holds ahead (segment_pool.AHEAD) last
# while the importer's own process waits for a core.
CHUNK_FILES = 32  # files per task, at most
CHUNK_BYTES = 256_000  # a task's bytes, at most (a larger file is a task alone)
BATCH_POSTS = 20_000  # posts per commit, unless the importer says


@dataclass(frozen=True)
class ReadyThread:
    """A transcript parsed and analyzed: what the writer adds and the report counts."""

    thread_id: str
    source: str
    post_count: int
    notes: tuple[str, ...]
    docs: list  # documents.prepare_thread output, thread document first
    words: frozenset[str]  # for the did-you-mean vocabulary
    keys: tuple[str, str] = ("", "")  # title and address without page parts: pages of one thread share one
    again: bool = False  # done again after a worker died: counted already, only its docs to add


Task = tuple[Path, "tuple[str, str] | None", bool, float]  # path, (thread id, hash) known, force, import time


def read_file(path: Path, known: tuple[str, str] | None, force: bool):
    """(thread, content hash) to index, "unchanged", or a one-line reason the file failed."""
    # Here, not at the top: the engine (ftfy, the dialects) costs a search or the reader ~100 ms to start.
    from index.threads.read import read_bytes, thread_from_bytes


    source = str(path)
    try:
        data = read_bytes(path)
        digest = content_hash(data)
        if known is not None and known[1] == digest and not force:
            return "unchanged"
        thread = thread_from_bytes(data, source)
    except TranscriptError as error:
        reason = str(error)
        return reason[len(source) + 2:] if reason.startswith(source + ": ") else reason
    except Exception as error:  # a parser bug must not abort the other files of the batch
        return " ".join(f"could not parse: {type(error).__name__}: {error}".split())[:300]
    return thread, digest


def prepare_file(path: Path, known: tuple[str, str] | None, force: bool, imported: float):
    """A ReadyThread, "unchanged", or a one-line reason the file failed."""
    outcome = read_file(path, known, force)
    if isinstance(outcome, str):
        return outcome
    thread, digest = outcome
    try:
        docs, words = prepare_thread(thread, digest, imported)
    except Exception as error:  # a bug here must not abort the other files of the import
        return " ".join(f"could not index: {type(error).__name__}: {error}".split())[:300]
    from index.threads.pages import address_key, title_key

    keys = (title_key(thread.title), address_key(thread.url))
    return ReadyThread(thread.id, thread.source, thread.post_count, thread.notes, docs, frozenset(words), keys)


def prepare_chunk(tasks: list[Task]) -> list:
    """prepare_file for each task of a chunk (what one worker call does)."""
    return [prepare_file(*task) for task in tasks]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size if path.is_file() else 0
    except OSError:
        return 0


def workers_for(files: list[Path]) -> int:
    """How many worker processes to use: none for small imports or a single core."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if cores < 2 or sum(map(_size, files)) < PARALLEL_MIN_BYTES:
        return 0
    return min(cores, 4)


@dataclass(frozen=True)
class Commit:
    """In prepared()'s stream: commit what came before, with these segments the workers wrote."""

    segments: tuple = ()


def prepared(files: list[Path], known: dict[str, tuple[str, str]], force: bool, imported: float,
             workers: int = 0, staging: Path | None = None, batch_posts: int = BATCH_POSTS,
             pool: StartingPool | None = None) -> Iterator[tuple]:
    """(path, prepare_file outcome) for each file, and (None, Commit) whenever a batch of about
    batch_posts posts is ready to commit, and at the end. With workers and a staging folder
    (segment_pool.make_staging), worker processes write the documents into segments of their own:
    their ReadyThreads come without docs, and the Commits bring the segments (`pool`: those workers,
    started already)."""
    if workers > 0 and staging is not None:
        tasks = [((path, known.get(str(path)), force, imported), size) for path, size in largest_first(files)]
        yield from _in_pool(chunked(tasks), pool or StartingPool(workers, staging), staging, batch_posts)
    else:
        yield from _here(((path, known.get(str(path)), force, imported) for path in files), batch_posts)


def _here(tasks: Iterable[Task], batch_posts: int, posts: int = 0) -> Iterator[tuple]:
    for task in tasks:
        outcome = prepare_file(*task)
        yield task[0], outcome
        if isinstance(outcome, ReadyThread):
            posts += outcome.post_count
            if posts >= batch_posts:
                yield None, Commit()
                posts = 0
    yield None, Commit()


def start_pool(workers: int, staging: Path):
    from index.library.segment_pool import SegmentPool

    return SegmentPool(workers, staging)


class StartingPool:
    """Import workers started in a thread: starting them (a fork server, then each worker importing
    the engine) took ~0.7 s, which the importer spends importing and reading its library meanwhile."""

    def __init__(self, workers: int, staging: Path) -> None:
        self._pool = self._error = None
        self._taken = False
        self._thread = threading.Thread(target=self._start, args=(workers, staging), name="import workers", daemon=True)
        self._thread.start()

    def _start(self, workers: int, staging: Path) -> None:
        try:
            self._pool = start_pool(workers, staging)
        except BaseException as error:  # noqa: BLE001 - raised again by take(), in the importer's thread
            self._error = error

    def take(self):
        """The started pool (its owner closes it)."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        self._taken = True
        return self._pool

    def close(self) -> None:
        """Stops the workers if nobody took them."""
        self._thread.join()
        if not self._taken and self._pool is not None:
            self._pool.close(kill=True)
        self._taken = True


def _in_pool(chunks: Iterator[list[Task]], starting: StartingPool, staging: Path, batch_posts: int) -> Iterator[tuple]:
    from index.library.segment_pool import WorkerDied, discard

    pool = starting.take()
    batch: list[list[Task]] = []  # chunks sent since the last commit: what a dead worker takes with it
    answered: set[Path] = set()  # their files yielded already
    segments: list = []
    posts, flushes, exhausted = 0, 0, False
    words: set[str] = set()  # the batch's, for its did-you-mean document
    wrote: set[int] = set()  # workers whose segments have some of the batch's threads
    held = None  # the worker whose flush (with the words) waits until it has answered all it was asked
    # While a batch is flushed, a worker that was sent its flush gets the next batch's chunks at once
    # instead of waiting for the slowest one: what it answers after its segment is the next batch's.
    flushing: set[int] = set()  # workers sent their flush this round
    flushed: set[int] = set()  # workers that answered it
    early: list[list[Task]] = []  # the next batch's chunks sent during the round
    pending: list[tuple] = []  # and their answers, yielded after the commit

    def fill(among: set[int] | None = None) -> bool:
        """Chunks sent to the workers with room (of `among`); True once there are no more."""
        while (worker := pool.room(among)) is not None:
            chunk = next(chunks, None)
            if chunk is None:
                return True
            pool.send(worker, ("chunk", chunk), chunk)
            (early if among is not None else batch).append(chunk)
        return False

    def take(worker: int, chunk: list[Task], answer: list) -> Iterator[tuple]:
        nonlocal posts
        for task, outcome in zip(chunk, answer):
            answered.add(task[0])
            if isinstance(outcome, ReadyThread):
                posts += outcome.post_count
                wrote.add(worker)
                words.update(outcome.words)
                outcome = replace(outcome, words=frozenset())  # the worker writes them
            yield task[0], outcome

    try:
        while True:
            if not flushes and not exhausted:
                exhausted = fill()
            if not flushes and (posts >= batch_posts or (exhausted and not pool.busy())):
                if not batch:
                    break
                # After all it was asked, each worker's segment holds them. The words go to one
                # that wrote some threads (a segment of the words alone would have no thread
                # column), once it is waiting: a big message to a worker busy sending its own
                # answers would leave both waiting for the other.
                held = min(wrote, key=lambda w: len(pool.sent[w])) if wrote else None
                for worker in range(len(pool.processes)):
                    if worker != held:
                        pool.send(worker, ("flush", None))
                        flushing.add(worker)
                flushes = len(pool.processes)
            if held is not None and not pool.sent[held]:
                pool.send(held, ("flush", words))
                flushing.add(held)
                held = None
            if flushes and not exhausted:
                exhausted = fill(flushing)
            for worker, chunk, answer in pool.answers():
                if chunk is not None:
                    if worker in flushed:
                        pending.append((worker, chunk, answer))
                    else:
                        yield from take(worker, chunk, answer)
                    continue
                flushes -= 1
                flushed.add(worker)
                segments += [answer] if answer is not None else []
                if not flushes:
                    commit = Commit(tuple(segments))
                    batch, answered, segments, posts, words, wrote = early, set(), [], 0, set(), set()
                    early, flushing, flushed = [], set(), set()
                    # The next batch's first chunks go out before the commit: the workers parse while
                    # the importer merges (their answers are read after it, so they join the next batch).
                    exhausted = exhausted or fill()
                    yield None, commit
                    for waiting in pending:
                        yield from take(*waiting)
                    pending = []
        pool.close()
        pool = None
    except WorkerDied:
        # Every open segment is lost with the pool: this batch's files are done again here (those
        # yielded already marked `again`: counted, only their documents to add), then the rest.
        pool.close(kill=True)
        pool = None
        discard(staging, segments)
        redone = _here((task for chunk in batch + early for task in chunk), batch_posts)
        for path, outcome in redone:
            if path in answered:
                if isinstance(outcome, ReadyThread):  # its words were taken from it: here they are
                    yield path, replace(outcome, again=True)
            elif path is not None:
                yield path, outcome
        yield from _here((task for chunk in chunks for task in chunk), batch_posts)
        return
    finally:
        if pool is not None:
            pool.close(kill=True)


def largest_first(files: list[Path]) -> list[tuple[Path, int]]:
    """(file, its size), largest first: the tasks left when the workers run out are the smallest, so
    they finish together (the benchmark hands FTS5 its files the same way)."""
    return sorted(((path, _size(path)) for path in files), key=lambda item: -item[1])


def chunked(sized: Iterable[tuple[Task, int]]) -> Iterator[list]:
    """The tasks in chunks of at most CHUNK_FILES files and CHUNK_BYTES bytes (or one file)."""
    chunk: list[Task] = []
    size = 0
    for task, bytes_ in sized:
        if chunk and (len(chunk) >= CHUNK_FILES or size + bytes_ > CHUNK_BYTES):
            yield chunk
            chunk, size = [], 0
        chunk.append(task)
        size += bytes_
    if chunk:
        yield chunk

