"""Large imports parse and analyze in worker processes; the library they build is the same."""

from __future__ import annotations

import os
from datetime import datetime

import pytest

from index.library import segment_pool
from index.library import workers as pipeline
from index.library.store import Library
from tests.conftest import BUNDLED_DIR


def _snapshot(library: Library) -> dict:
    threads = {s.id: (s.title, s.post_count, s.authors) for s in library.threads()}
    searches = {}
    for query in ("stalin", '"mutual distrust"', "author:Chlodio", "molotov OR ribbentrop", "stallin"):
        page = library.search(query)
        # Hits of equal score come in index order, which depends on which worker wrote them: the
        # scores each thread's hits have, and how many posts matched, must be the same.
        searches[query] = (page.total_posts, page.suggestion,
                           sorted((group.thread.id, group.matched, tuple(sorted(round(h.score, 6) for h in group.hits)))
                                  for group in page.results))
    return {"threads": threads, "searches": searches,
            "posts": {tid: library.thread(tid).posts for tid in threads}}


@pytest.fixture
def in_workers(monkeypatch):
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(pipeline, "CHUNK_FILES", 1)


def test_workers_build_the_same_library_as_one_process(tmp_path, in_workers, monkeypatch):
    started = []
    real_start = pipeline.start_pool
    monkeypatch.setattr(pipeline, "start_pool", lambda *args: started.append(args) or real_start(*args))
    parallel = Library.open(tmp_path / "parallel")
    report = parallel.import_paths([BUNDLED_DIR])
    assert started, "the import did not use worker processes"
    assert report.added == 3 and report.failed == ()
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_BYTES", 10**12)
    serial = Library.open(tmp_path / "serial")
    serial.import_paths([BUNDLED_DIR])
    assert _snapshot(parallel) == _snapshot(serial)


def _die_at_once(conn, staging, parent):
    os._exit(3)


def _die_after_one_chunk(conn, staging, parent):
    # Answers its first chunk (the thread goes into its open segment), then dies: that thread
    # must still be in the library, once.
    segment_pool.serve(_OneChunk(conn), staging, parent)


class _OneChunk:
    def __init__(self, conn):
        self.conn, self.answered = conn, 0

    def recv(self):
        if self.answered:
            os._exit(3)
        return self.conn.recv()

    def send(self, message):
        self.answered += 1
        self.conn.send(message)


@pytest.mark.parametrize("death", [_die_at_once, _die_after_one_chunk])
def test_an_import_carries_on_in_process_when_workers_die(tmp_path, in_workers, monkeypatch, death):
    monkeypatch.setattr(segment_pool, "WORKER_MAIN", death)
    library = Library.open(tmp_path / "library")
    report = library.import_paths([BUNDLED_DIR])
    assert report.added == 3 and report.failed == ()
    assert library.search("stalin").total_posts > 0
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_BYTES", 10**12)
    serial = Library.open(tmp_path / "serial")
    serial.import_paths([BUNDLED_DIR])
    assert _snapshot(library) == _snapshot(serial), "a thread lost or doubled"


class _DieAfterFlush(_OneChunk):
    def recv(self):
        if self.flushed:
            os._exit(3)
        return self.conn.recv()

    def send(self, message):
        self.flushed = message[0] == "segment"
        self.conn.send(message)


def _die_after_its_first_flush(conn, staging, parent):
    # Its segment is sent, the next batch's first chunk reaches it at once, and it dies holding it.
    wrapped = _DieAfterFlush(conn)
    wrapped.flushed = False
    segment_pool.serve(wrapped, staging, parent)


def test_a_worker_that_dies_with_the_next_batchs_chunks_loses_no_thread(tmp_path, in_workers, monkeypatch):
    from index.library import importer

    monkeypatch.setattr(importer, "BATCH_POSTS", 1)  # a flush after every thread: the next chunks go out early
    monkeypatch.setattr(segment_pool, "WORKER_MAIN", _die_after_its_first_flush)
    corpus = tmp_path / "corpus"  # more files than the workers are sent at first
    for copy in range(5):
        (corpus / str(copy)).mkdir(parents=True)
        for path in BUNDLED_DIR.glob("*.txt"):
            (corpus / str(copy) / path.name).write_bytes(path.read_bytes())
    library = Library.open(tmp_path / "library")
    report = library.import_paths([corpus])
    assert report.added == 15 and report.failed == ()
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_BYTES", 10**12)
    serial = Library.open(tmp_path / "serial")
    serial.import_paths([corpus])
    # Scores are left out: each commit adds a did-you-mean document, and the two made different commits.
    assert _contents(library) == _contents(serial), "a thread lost or doubled"


def _contents(library: Library) -> dict:
    found = {query: sorted((group.thread.id, group.matched) for group in library.search(query).results)
             for query in ("stalin", '"mutual distrust"', "author:Chlodio")}
    threads = {s.id: s.post_count for s in library.threads()}
    return {"threads": threads, "found": found, "posts": {tid: library.thread(tid).posts for tid in threads}}


def test_files_that_fail_in_a_worker_are_reported_like_any_other(tmp_path, in_workers):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 40)
    for path in BUNDLED_DIR.glob("*.txt"):
        (corpus / path.name).write_bytes(path.read_bytes())
    library = Library.open(tmp_path / "library")
    report = library.import_paths([corpus])
    assert report.added == 3
    assert sorted(name.rsplit("/", 1)[-1] for name, _ in report.failed) == ["binary.txt", "empty.txt"]
    assert library.import_paths([corpus]).unchanged == 3



def test_a_batch_with_many_new_words_commits_while_workers_are_busy(tmp_path, in_workers, monkeypatch):
    # The batch's did-you-mean words (far more than a pipe holds) reach a worker only once it has
    # answered all it was asked: sent while it was sending its own answers, both would wait forever.
    import random
    import threading

    from index.library import importer

    rng = random.Random(5)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(8):
        words = ["".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(5)) for _ in range(25000)]
        posts = [" ".join(words[i : i + 500]) + "." for i in range(0, len(words), 500)]
        (corpus / f"{n:02d}.txt").write_text(f"Thread {n}\n\n" + "\n\u00a0\n".join(posts), encoding="utf-8")
    monkeypatch.setattr(importer, "BATCH_POSTS", 60)
    library = Library.open(tmp_path / "library")
    reports = []
    worker = threading.Thread(target=lambda: reports.append(library.import_paths([corpus])), daemon=True)
    worker.start()
    worker.join(timeout=180)
    assert reports, "the import hung"
    assert reports[0].added == 8 and reports[0].failed == ()
    assert library.search(posts[0].split()[0]).total_posts == 1


@pytest.mark.parametrize("tags", [(1, 2), (1, 1)])
def test_a_worker_finishing_its_segment_leaves_the_others_files_alone(tmp_path, tags):
    from index.library.bulk_writer import BulkWriter
    from index.library.schema import LibrarySchema

    staging = tmp_path / "incoming"
    segment_pool.make_staging(staging, LibrarySchema())
    first, second = (BulkWriter(segment_pool.worker_storage(str(staging), tag).open_index(segment_pool.INDEX_NAME),
                                _lk=False) for tag in tags)
    for writer in (first, second):
        writer.add_document(kind="post", thread="t", post=0, own="some words")
    first.finish_alone()
    if tags[0] == tags[1]:  # one folder for both, as Whoosh names it: the second writer's column is gone
        with pytest.raises(OSError):
            second.add_document(kind="post", thread="t", post=1, own="more words", date=datetime(2020, 1, 1))
            second.finish_alone()
    else:
        second.add_document(kind="post", thread="t", post=1, own="more words", date=datetime(2020, 1, 1))
        assert second.finish_alone().doc_count() == 2


def test_the_workers_get_the_largest_files_first_a_few_bytes_a_task(tmp_path, monkeypatch):
    # The import ends when the slowest worker does: the last tasks are the smallest, so neither
    # is left with a big file while the other has nothing to do.
    sizes = [3_000, 250_000, 40_000, 190_000, 2_000, 60_000, 1_000, 170_000, 500, 35_000]
    files = []
    for n, size in enumerate(sizes):
        files.append(tmp_path / f"{n}.txt")
        files[-1].write_bytes(b"x" * size)
    sent = []
    monkeypatch.setattr(pipeline, "_in_pool", lambda chunks, *rest: iter(sent.extend(chunks) or ()))
    list(pipeline.prepared(files, {}, False, 0.0, workers=2, staging=tmp_path, pool=object()))
    order = [task[0].stat().st_size for chunk in sent for task in chunk]
    assert order == sorted(sizes, reverse=True)
    for chunk in sent:
        assert len(chunk) <= pipeline.CHUNK_FILES
        assert len(chunk) == 1 or sum(task[0].stat().st_size for task in chunk) <= pipeline.CHUNK_BYTES
    assert len(sent) < len(files)  # small files still share a task
