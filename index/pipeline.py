"""Reading, parsing and analyzing the files of an import, in worker processes when there are many."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from index.documents import prepare_thread
from index.sources import read_one

# Below this many bytes of transcripts, starting worker processes costs more than it saves.
PARALLEL_MIN_BYTES = 2_000_000
IN_FLIGHT_PER_WORKER = 8  # files handed out ahead: keeps workers busy, bounds memory


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
    """(path, prepare_file outcome) for each file, in order."""
    tasks = ((path, known.get(str(path)), force, imported) for path in files)
    if workers <= 0:
        for task in tasks:
            yield task[0], prepare_file(*task)
        return
    with Workers(workers) as pool:
        yield from pool.run(tasks)


class Workers:
    """Worker processes (`python -m index.prepworker`) fed round-robin through pipes.

    Plain subprocesses, not multiprocessing: that re-imports the caller's __main__ in every
    child, and forking a threaded process (the app imports from a thread) can deadlock.
    A worker whose parent dies reads end-of-file and exits.
    """

    def __init__(self, count: int):
        self._procs = [_start_worker() for _ in range(count)]

    def run(self, tasks) -> Iterator[tuple[Path, object]]:
        pending: deque = deque()
        window = len(self._procs) * IN_FLIGHT_PER_WORKER
        turn = 0
        alive = True
        for task in tasks:
            if alive:
                proc = self._procs[turn % len(self._procs)]
                turn += 1
                alive = _send(proc, task)
            pending.append((task, proc if alive else None))
            while len(pending) >= window or (pending and not alive):
                task_done, owner = pending.popleft()
                outcome = _receive(owner) if owner is not None else _NO_ANSWER
                if outcome is _NO_ANSWER:  # the worker died: carry on without workers
                    alive = False
                    outcome = prepare_file(*task_done)
                yield task_done[0], outcome
        while pending:
            task_done, owner = pending.popleft()
            outcome = _receive(owner) if (owner is not None and alive) else _NO_ANSWER
            if outcome is _NO_ANSWER:
                alive = False
                outcome = prepare_file(*task_done)
            yield task_done[0], outcome

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, *exc) -> None:
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
            proc.stdout.close()


_NO_ANSWER = object()


def _start_worker() -> subprocess.Popen:
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
    return subprocess.Popen([sys.executable, "-m", "index.prepworker"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=root)


def _send(proc: subprocess.Popen, task) -> bool:
    try:
        write_frame(proc.stdin, task)
        proc.stdin.flush()
        return True
    except OSError:
        return False


def _receive(proc: subprocess.Popen):
    try:
        return read_frame(proc.stdout)
    except (OSError, EOFError, pickle.UnpicklingError):
        return _NO_ANSWER


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
