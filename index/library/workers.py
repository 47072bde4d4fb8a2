"""Reading, parsing and analyzing the files of an import (one file: prepare_file), here or in a pool of worker processes."""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import (
    FIRST_COMPLETED,
    CancelledError,
    Future,
    ProcessPoolExecutor,
    wait,
)
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from index.errors import TranscriptError
from index.library.documents import prepare_thread
from index.library.sources import content_hash

# Below this many bytes of transcripts, starting worker processes costs more than it saves.
PARALLEL_MIN_BYTES = 2_000_000
CHUNK_FILES = 8  # files per task: one task per file would spend the time pickling
# Chunks submitted ahead of the writer: workers keep parsing while it commits (a commit takes
# seconds), and answered chunks waiting for it stay bounded in memory.
CHUNKS_AHEAD = 160


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


def prepared(files: list[Path], known: dict[str, tuple[str, str]], force: bool, imported: float,
             workers: int = 0) -> Iterator[tuple[Path, object]]:
    """(path, prepare_file outcome) for each file, in order; in worker processes when `workers` > 0."""
    tasks = ((path, known.get(str(path)), force, imported) for path in files)
    if workers <= 0:
        for task in tasks:
            yield task[0], prepare_file(*task)
        return
    yield from _in_pool(tasks, workers)


def start_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of import workers started by a fork server.

    Not fork: the app imports from a thread, and forking a threaded process can deadlock.
    Not spawn: each worker would re-import the caller's modules from scratch.
    """
    # No preload: the fork server starts with the current folder first on its path, so a folder
    # holding an "index" package would stand in for ours; workers import after taking our path.
    context = multiprocessing.get_context("forkserver")
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_exit_with_parent,
                               initargs=(os.getpid(),))


def _in_pool(tasks: Iterable[Task], workers: int) -> Iterator[tuple[Path, object]]:
    # Answers are taken as they come, so a worker on a 3,000-post thread holds up no other.
    chunks = _chunks(tasks, CHUNK_FILES)
    pending: dict[Future, list[Task]] = {}
    pool: ProcessPoolExecutor | None = start_pool(workers)
    try:
        while pool is not None:
            while len(pending) < CHUNKS_AHEAD and (chunk := next(chunks, None)) is not None:
                try:
                    pending[pool.submit(prepare_chunk, chunk)] = chunk
                except (BrokenProcessPool, RuntimeError):
                    pool = _drop(pool)
                    yield from _here(chunk)
                    break
            if pool is None or not pending:
                break
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                chunk = pending.pop(future)
                try:
                    outcomes = future.result()
                except (BrokenProcessPool, CancelledError):  # a worker died
                    pool = _drop(pool)
                    yield from _here(chunk)
                    continue
                yield from zip((task[0] for task in chunk), outcomes)
        # The pool broke: what it owed, and the files not handed out yet, are done here.
        for future, chunk in list(pending.items()):
            pending.pop(future)
            try:
                outcomes = future.result() if future.done() else prepare_chunk(chunk)
            except (BrokenProcessPool, CancelledError):
                outcomes = prepare_chunk(chunk)
            yield from zip((task[0] for task in chunk), outcomes)
        for chunk in chunks:
            yield from _here(chunk)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _here(chunk: list[Task]) -> Iterator[tuple[Path, object]]:
    return zip((task[0] for task in chunk), prepare_chunk(chunk))


def _drop(pool: ProcessPoolExecutor | None) -> None:
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)
    return None


def _chunks(items: Iterable[Task], size: int) -> Iterator[list[Task]]:
    chunk: list[Task] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _exit_with_parent(parent: int) -> None:
    """In a worker: exit when the importer is gone (killed with -9, it cannot shut the pool down)."""
    def watch() -> None:
        while True:
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(0)
            except PermissionError:
                pass
            threading.Event().wait(0.5)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
