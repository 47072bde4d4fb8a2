"""Large imports parse and analyze in worker processes; the library they build is the same."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

import pytest

from index.library import workers as pipeline
from index.library.store import Library
from tests.conftest import BUNDLED_DIR


def _snapshot(library: Library) -> dict:
    threads = {s.id: (s.title, s.post_count, s.authors) for s in library.threads()}
    searches = {}
    for query in ("stalin", '"mutual distrust"', "author:Chlodio", "molotov OR ribbentrop", "stallin"):
        page = library.search(query)
        searches[query] = (page.total_posts, page.suggestion,
                           sorted((h.thread_id, h.post_index, h.snippet, h.highlights)
                                  for group in page.results for h in group.hits))
    return {"threads": threads, "searches": searches,
            "posts": {tid: library.thread(tid).posts for tid in threads}}


@pytest.fixture
def in_workers(monkeypatch):
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(pipeline, "CHUNK_FILES", 1)


def test_workers_build_the_same_library_as_one_process(tmp_path, in_workers, monkeypatch):
    started = []
    real_start = pipeline.start_pool
    monkeypatch.setattr(pipeline, "start_pool", lambda n: started.append(n) or real_start(n))
    parallel = Library.open(tmp_path / "parallel")
    report = parallel.import_paths([BUNDLED_DIR])
    assert started, "the import did not use worker processes"
    assert report.added == 3 and report.failed == ()
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_BYTES", 10**12)
    serial = Library.open(tmp_path / "serial")
    serial.import_paths([BUNDLED_DIR])
    assert _snapshot(parallel) == _snapshot(serial)


def test_an_import_carries_on_in_process_when_workers_die(tmp_path, in_workers, monkeypatch):
    def dying_pool(workers):
        # Each worker exits as it starts: the pool breaks on the first task.
        context = multiprocessing.get_context("forkserver")
        return ProcessPoolExecutor(workers, mp_context=context, initializer=os._exit, initargs=(3,))

    monkeypatch.setattr(pipeline, "start_pool", dying_pool)
    library = Library.open(tmp_path / "library")
    report = library.import_paths([BUNDLED_DIR])
    assert report.added == 3 and report.failed == ()
    assert library.search("stalin").total_posts > 0


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

