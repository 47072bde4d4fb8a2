"""A batch's commit (its merge) runs beside the loop that feeds the import workers, and its errors reach the caller."""

from __future__ import annotations

import threading

import pytest

from index.library import importer
from index.library import workers as pipeline
from index.library.errors import LibraryError
from index.library.store import Library
from tests.conftest import BUNDLED_DIR


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(pipeline, "CHUNK_FILES", 1)
    monkeypatch.setattr(importer, "BATCH_POSTS", 1)  # a commit after every thread
    folder = tmp_path / "corpus"
    for copy in range(5):
        (folder / str(copy)).mkdir(parents=True)
        for path in BUNDLED_DIR.glob("*.txt"):
            (folder / str(copy) / path.name).write_bytes(path.read_bytes())
    return folder


def test_files_are_taken_from_the_workers_while_a_commit_runs(tmp_path, corpus, monkeypatch):
    files_done = threading.Event()
    overlapped = []
    commit = importer._commit

    def slow_first_commit(*args, **kwargs):
        if not overlapped:  # the first commit ends once the importer has taken another file
            files_done.clear()
            overlapped.append(files_done.wait(timeout=60))
        commit(*args, **kwargs)

    monkeypatch.setattr(importer, "_commit", slow_first_commit)
    library = Library.open(tmp_path / "library")
    report = library.import_paths([corpus], progress=lambda _: files_done.set())
    assert overlapped == [True], "the importer waited for the commit before taking more files"
    assert report.added == 15 and report.failed == ()
    assert len(library.threads()) == 15


def test_a_commit_that_fails_beside_the_workers_fails_the_import(tmp_path, corpus, monkeypatch):
    def failing(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(importer, "_commit", failing)
    library = Library.open(tmp_path / "library")
    with pytest.raises(LibraryError, match="No space left on device"):
        library.import_paths([corpus])
    assert not (tmp_path / "library" / importer.STAGING).exists()  # removed once the commit had ended
    assert library.threads() == []


def test_batches_ready_while_a_long_commit_runs_join_the_next_commit(tmp_path, corpus, monkeypatch):
    for copy in range(5, 12):  # more batches than the workers hold ahead
        (corpus / str(copy)).mkdir()
        for path in BUNDLED_DIR.glob("*.txt"):
            (corpus / str(copy) / path.name).write_bytes(path.read_bytes())
    most_files = threading.Event()
    overlapped, commits = [], []
    commit = importer._commit

    def long_first_commit(*args, **kwargs):
        if not overlapped:  # the first commit (its merge) runs until the importer took most files
            overlapped.append(most_files.wait(timeout=60))
        commits.append(len(args[2]) if len(args) > 2 else 0)
        commit(*args, **kwargs)

    def progress(update):
        if update.files_done >= 30:
            most_files.set()

    monkeypatch.setattr(importer, "_commit", long_first_commit)
    library = Library.open(tmp_path / "library")
    report = library.import_paths([corpus], progress=progress)
    assert overlapped == [True], "the importer stopped taking files while the first commit ran"
    assert report.added == 36 and report.failed == ()
    assert len(commits) < 20, "each batch waited for a commit of its own"
    assert len(library.threads()) == 36
    assert library.search("stalin").total_posts > 0
