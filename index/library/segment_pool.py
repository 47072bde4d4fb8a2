"""Import worker processes that parse, analyze and write Whoosh segments of their own; the importer commits them.

Each worker has a pipe, so what it answers comes back in the order it was asked: chunks of files,
then "flush", which closes its segment and sends it. Everything a worker wrote before a flush is
in that segment, so the importer commits a batch once every worker has flushed, together with the
deletions of the threads the batch replaces. Segments are written in a staging folder beside the
index (a commit of the index deletes segment files it does not list) and moved in at commit.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections import deque
from dataclasses import replace
from multiprocessing.connection import wait
from pathlib import Path

INDEX_NAME = "MAIN"  # Whoosh's default index name, as the library's index has it
AHEAD = 3  # chunks sent to a worker ahead of its answers: it never waits for the next


class WorkerDied(RuntimeError):
    """A worker process ended without being asked to: its open segment is lost."""


def serve(conn, staging: str, parent: int) -> None:
    """A worker's loop: ("chunk", tasks) -> ("done", outcomes); ("flush", words or None) -> ("segment",
    segment or None): the words go into this segment, which has the batch's threads (a segment of
    the words alone would have no thread column)."""
    from index.library.workers import prepare_file, ReadyThread

    exit_with_parent(parent)
    # A batch is millions of small objects (postings, parsed posts) alive until its segment is
    # written: the cycle collector walked them all again and again (~10% of a worker's time), and
    # parsing and analysis make next to no cycles. Collected once a segment is done instead.
    gc.disable()
    from index.library.bulk_writer import BulkWriter
    from index.library.documents import words_fields

    ix = worker_storage(staging).open_index(INDEX_NAME)
    writer = None
    while True:
        try:
            kind, payload = conn.recv()
        except EOFError:
            return
        try:
            if kind == "chunk":
                outcomes = []
                for task in payload:
                    outcome = prepare_file(*task)
                    if isinstance(outcome, ReadyThread):
                        writer = writer or BulkWriter(ix, _lk=False)
                        for doc in outcome.docs:
                            writer.add_prepared(doc)
                        outcome = replace(outcome, docs=[])  # in this worker's segment
                    outcomes.append(outcome)
                conn.send(("done", outcomes))
            elif kind == "flush":
                segment = None
                if writer is not None:
                    if payload:  # the batch's did-you-mean words: one document per commit, as ever
                        writer.add_document(**words_fields(payload))
                    segment = writer.finish_alone()
                writer = None
                conn.send(("segment", segment))
                gc.collect()  # while the importer commits
            else:
                return
        except OSError as error:  # a full disk: the importer stops with one line
            conn.send(("error", str(error)))
            return


def exit_with_parent(parent: int) -> None:
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


def worker_storage(staging: str, tag: object = None):
    """The staging folder as one worker writes to it: its writers' temporary files in a folder of
    its own (Whoosh names it after the index, and a finished writer deletes it: one worker finishing
    its segment would take the column files another is still writing)."""
    from whoosh.filedb.filestore import FileStorage

    own = f"{INDEX_NAME}.{os.getpid() if tag is None else tag}.tmp"

    class WorkerStorage(FileStorage):
        def temp_storage(self, name=None):
            return super().temp_storage(own)

    return WorkerStorage(staging)


# What the worker processes run: the tests put a dying one in its place.
WORKER_MAIN = serve


class SegmentPool:
    """Worker processes started by a fork server (not fork: the app imports from a thread), each
    writing its own segment in `staging`."""

    def __init__(self, workers: int, staging: Path) -> None:
        context = multiprocessing.get_context("forkserver")
        self.staging = Path(staging)
        self.processes, self.conns = [], []
        self.sent: list[deque] = []  # per worker: the chunks asked and not answered, in order
        for _ in range(workers):
            mine, theirs = context.Pipe()
            process = context.Process(target=WORKER_MAIN, args=(theirs, str(staging), os.getpid()), daemon=True)
            process.start()
            theirs.close()
            self.processes.append(process)
            self.conns.append(mine)
            self.sent.append(deque())

    def room(self, among: set[int] | None = None) -> int | None:
        """A worker (of `among`, else any) that can take another chunk now, or None."""
        waiting = [(len(q), n) for n, q in enumerate(self.sent) if len(q) < AHEAD and (among is None or n in among)]
        return min(waiting)[1] if waiting else None

    def send(self, worker: int, message: tuple, chunk=None) -> None:
        try:
            self.conns[worker].send(message)
        except OSError:
            raise WorkerDied(f"import worker {worker} is gone") from None
        self.sent[worker].append(chunk)

    def busy(self) -> bool:
        return any(self.sent)

    def answers(self):
        """(worker, chunk asked or None for a flush, answer) for the answers ready now (waits for one)."""
        ready = wait([c for c, q in zip(self.conns, self.sent) if q])
        out = []
        for conn in ready:
            worker = self.conns.index(conn)
            try:
                kind, payload = conn.recv()
            except (EOFError, OSError):
                raise WorkerDied(f"import worker {worker} ended") from None
            if kind == "error":
                raise OSError(payload)
            out.append((worker, self.sent[worker].popleft(), payload))
        return out

    def close(self, kill: bool = False) -> None:
        for conn in self.conns:
            try:
                if not kill:
                    conn.send(("stop", None))
                conn.close()
            except OSError:
                pass
        for process in self.processes:
            if kill:
                process.kill()
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join()


def make_staging(staging: Path, schema) -> None:
    """An empty index of the library's schema in `staging` (what a crashed import left is dropped)."""
    import shutil

    from whoosh.filedb.filestore import FileStorage

    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(mode=0o700, parents=True)
    FileStorage(str(staging)).create_index(schema, INDEX_NAME)


def discard(staging: Path, segments) -> None:
    """Deletes the files of segments that will not be committed."""
    from whoosh.filedb.filestore import FileStorage

    storage = FileStorage(str(staging))
    for segment in segments:
        for name in segment.list_files(storage):
            storage.delete_file(name)


def move_in(staging: Path, segments, storage) -> None:
    """Moves the segments' files from the staging folder into the index's folder (same file system)."""
    for segment in segments:
        for name in sorted(os.listdir(staging)):
            if name.startswith(segment.segment_id() + "."):
                os.replace(os.path.join(staging, name), os.path.join(storage.folder, name))
