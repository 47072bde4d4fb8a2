"""Reading, parsing and analyzing the files of an import, in worker processes when there are many."""

from __future__ import annotations

import os
import pickle
import queue
import selectors
import subprocess
import sys
import threading
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from index.library.documents import prepare_thread
from index.library.sources import read_one

# Below this many bytes of transcripts, starting worker processes costs more than it saves.
PARALLEL_MIN_BYTES = 2_000_000
CHUNK_FILES = 8  # files per message to a worker
CHUNKS_IN_FLIGHT = 2  # chunks handed to each worker ahead of its answers
READY_AHEAD = 160  # answered chunks waiting for the writer (it may be committing): bounds memory


@dataclass(frozen=True)
class ReadyThread:
    """A transcript parsed and analyzed: what the writer adds and the report counts."""

    thread_id: str
    source: str
    post_count: int
    notes: tuple[str, ...]
    docs: list  # Preparer output, thread document first
    words: frozenset[str]  # for the did-you-mean vocabulary


def prepare_file(path: Path, known: tuple[str, str] | None, force: bool, imported: float):
    """A ReadyThread, "unchanged", or a one-line reason the file failed."""
    outcome = read_one(path, known, force)
    if isinstance(outcome, str):
        return outcome
    thread, digest = outcome
    try:
        docs, words = prepare_thread(thread, digest, imported)
    except Exception as error:  # a bug here must not abort the other files of the import
        return " ".join(f"could not index: {type(error).__name__}: {error}".split())[:300]
    return ReadyThread(thread.id, thread.source, thread.post_count, thread.notes, docs, frozenset(words))


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
    """(path, prepare_file outcome) for each file; in order unless workers do the work."""
    tasks = ((path, known.get(str(path)), force, imported) for path in files)
    if workers <= 0:
        for task in tasks:
            yield task[0], prepare_file(*task)
        return
    with Workers(workers) as pool:
        yield from pool.run(tasks)


class Workers:
    """Worker processes (`python -m index.library.worker_main`) fed round-robin through pipes.

    Plain subprocesses, not multiprocessing: that re-imports the caller's __main__ in every
    child, and forking a threaded process (the app imports from a thread) can deadlock.
    A thread feeds them and collects their answers, so they keep working while the importer
    commits. A worker whose parent dies reads end-of-file and exits.
    """

    def __init__(self, count: int):
        self._procs = [_start_worker() for _ in range(count)]
        self._ready: queue.Queue = queue.Queue(maxsize=READY_AHEAD)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run(self, tasks) -> Iterator[tuple[Path, object]]:
        self._thread = threading.Thread(target=self._pump, args=(tasks,), name="import-feeder", daemon=True)
        self._thread.start()
        while True:
            item = self._ready.get()
            if item is _DONE:
                return
            chunk, frame = item
            if frame is None:  # no worker could answer: do it here
                for task in chunk:
                    yield task[0], prepare_file(*task)
            else:
                yield from zip((task[0] for task in chunk), pickle.loads(frame))

    def _put(self, item) -> bool:
        while not self._stop.is_set():
            try:
                self._ready.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def _pump(self, tasks) -> None:
        # Files go out in chunks: this thread waits for the GIL at each step while the writer
        # works, so a message per file would starve the workers. Answers are taken from whichever
        # worker has one, so a worker on a 3,000-post thread holds up no other.
        chunks = _chunks(tasks, CHUNK_FILES)
        owed: dict[subprocess.Popen, deque] = {proc: deque() for proc in self._procs}
        selector = selectors.DefaultSelector()
        try:
            for proc in self._procs:
                selector.register(proc.stdout, selectors.EVENT_READ, proc)
                for _ in range(CHUNKS_IN_FLIGHT):
                    if not self._hand_out(proc, chunks, owed):
                        break
            for proc in [proc for proc, due in owed.items() if not due]:  # fewer chunks than workers
                selector.unregister(proc.stdout)
                del owed[proc]
            while owed:
                if not selector.get_map():
                    break
                for key, _ in selector.select(timeout=1.0):
                    proc = key.data
                    frame = _receive_frame(proc)
                    if frame is None:  # the worker died: what it owed is done here
                        selector.unregister(proc.stdout)
                        for chunk in owed.pop(proc):
                            if not self._put((chunk, None)):
                                return
                        continue
                    if not self._put((owed[proc].popleft(), frame)):
                        return
                    self._hand_out(proc, chunks, owed)
                    if not owed[proc]:
                        selector.unregister(proc.stdout)
                        del owed[proc]
                if self._stop.is_set():
                    return
            for chunk in chunks:  # every worker died
                if not self._put((chunk, None)):
                    return
        finally:
            selector.close()
            self._put(_DONE)

    def _hand_out(self, proc, chunks, owed) -> bool:
        chunk = next(chunks, None)
        if chunk is None:
            return False
        if _send(proc, chunk):
            owed[proc].append(chunk)
            return True
        return self._put((chunk, None))

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        for proc in self._procs:
            try:
                proc.stdin.close()
            except OSError:
                pass
        for proc in self._procs:
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self._thread is not None:
            self._thread.join(timeout=5)
        for proc in self._procs:
            proc.stdout.close()


_DONE = object()


def _chunks(items, size: int):
    items = iter(items)
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _start_worker() -> subprocess.Popen:
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    return subprocess.Popen([sys.executable, "-m", "index.library.worker_main"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=root)


def _send(proc: subprocess.Popen, task) -> bool:
    try:
        write_frame(proc.stdin, task)
        proc.stdin.flush()
        return True
    except (OSError, ValueError):
        return False


def _receive_frame(proc: subprocess.Popen) -> bytes | None:
    """A worker's next answer, still pickled, or None if it died or stopped."""
    # Unbuffered reads of exactly what one answer holds: a buffered reader could swallow the
    # next answer too, and select() would then wait for bytes already read.
    fd = proc.stdout.fileno()
    try:
        header = _read_exact(fd, 8)
        if header is None:
            return None
        return _read_exact(fd, int.from_bytes(header, "little"))
    except (OSError, ValueError):
        return None


def _read_exact(fd: int, size: int) -> bytes | None:
    parts, left = [], size
    while left:
        part = os.read(fd, min(left, 1 << 20))
        if not part:
            return None
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def write_frame(stream, value) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(len(data).to_bytes(8, "little") + data)


def read_frame(stream):
    header = stream.read(8)
    if len(header) < 8:
        raise EOFError
    size = int.from_bytes(header, "little")
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)
