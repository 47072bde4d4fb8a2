"""The library on disk: import (incremental, prune), locks, readers during imports, rebuild."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index.library.store import Library, LibraryBusy
from index.library.lock import HOLDER_FILE

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "transcripts"


@pytest.fixture
def corpus(tmp_path):
    target = tmp_path / "corpus"
    shutil.copytree(BUNDLED, target)
    return target


@pytest.fixture
def library(tmp_path):
    library = Library.open(tmp_path / "library")
    yield library
    library.close()


def test_open_creates_a_private_empty_library(tmp_path):
    library = Library.open(tmp_path / "new" / "lib")
    assert library.is_empty() and library.threads() == []
    assert (library.path.stat().st_mode & 0o777) == 0o700
    assert library.search("stalin").total_posts == 0
    library.close()


def test_thread_is_rebuilt_from_the_index_alone(library, corpus):
    from index.threads.read import read_thread

    library.import_paths([corpus])
    original = read_thread(corpus / "000_39636f24e1ed2254.txt")
    shutil.rmtree(corpus)
    thread = library.thread(original.id)
    assert thread.posts == original.posts
    assert (thread.title, thread.forum, thread.dialect) == (original.title, original.forum, original.dialect)
    with pytest.raises(KeyError):
        library.thread("no-such-thread")


def test_incremental_import_skips_updates_and_prunes(library, corpus):
    first = library.import_paths([corpus])
    assert (first.added, first.updated, first.unchanged, first.posts) == (3, 0, 0, 44)
    again = library.import_paths([corpus])
    assert (again.added, again.updated, again.unchanged, again.posts) == (0, 0, 3, 0)

    changed = corpus / "002_b366b97a42ff2ed9.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("Stalin", "Zhukovsky"), encoding="utf-8")
    (corpus / "000_39636f24e1ed2254.txt").unlink()
    modified = library.import_paths([corpus])
    assert (modified.added, modified.updated, modified.unchanged, modified.pruned) == (0, 1, 1, 0)
    assert len(library.threads()) == 3  # without --prune the deleted file's thread stays
    assert library.search("zhukovsky").total_threads == 1
    assert library.search("zhukovsky").results[0].thread.source == str(changed)

    pruned = library.import_paths([corpus], prune=True)
    assert pruned.pruned == 1
    assert {Path(s.source).name[:3] for s in library.threads()} == {"001", "002"}
    assert library.search("author:Chlodio").total_posts == 0


def test_failed_files_are_reported_and_the_rest_imported(library, corpus):
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02PNG" * 100)
    report = library.import_paths([corpus, corpus / "missing.txt", str(corpus / "nothing-*.txt")])
    reasons = dict(report.failed)
    assert report.added == 3
    assert set(reasons) == {str(corpus / "empty.txt"), str(corpus / "binary.txt"),
                            str(corpus / "missing.txt"), str(corpus / "nothing-*.txt")}
    assert all(reason and "\n" not in reason for reason in reasons.values())


def test_globs_import_only_what_they_match(library, corpus):
    report = library.import_paths([str(corpus / "00[01]_*.txt")])
    assert report.added == 2


def test_resolve_by_id_prefix_and_title(library, corpus):
    library.import_paths([corpus])
    ids = {Path(s.source).name[:3]: s.id for s in library.threads()}
    assert library.resolve(ids["000"]).id == ids["000"]
    assert library.resolve(ids["000"][:6]).id == ids["000"]
    assert library.resolve("what if uk").id == ids["001"]
    for bad in ("zzzz-nothing", "w"):  # nothing; two titles start with W
        with pytest.raises(LookupError) as error:
            library.resolve(bad)
        assert "\n" not in str(error.value)


def test_posts_by_author_key(library, corpus):
    library.import_paths([corpus])
    thread = library.thread(library.search("author:Chlodio").results[0].thread.id)
    key = thread.posts[0].author.key  # the Madeira member wrote posts 0 and 4
    found = library.posts_by_author(key)
    assert [post.index for _, post in found] == [0, 4]
    assert all(summary.id == thread.id for summary, _ in found)


def test_a_stale_lock_left_by_a_dead_process_is_cleared(library, corpus):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)
    (library.path / HOLDER_FILE).write_text(json.dumps({"pid": pid, "host": os.uname().nodename, "what": "an import"}))
    report = library.import_paths([corpus], wait=0.5)
    assert report.added == 3
    assert any("stale lock" in note and str(pid) in note for _, note in report.notes)


def test_a_live_writer_makes_a_second_import_wait_then_fail_clearly(library, corpus):
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; sys.path.insert(0, sys.argv[1]);"
         "from index.library.lock import WriteLock; from pathlib import Path;"
         "lock = WriteLock(Path(sys.argv[2])); lock.acquire(); print('held', flush=True); time.sleep(30)",
         str(ROOT), str(library.path)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        messages = []
        started = time.monotonic()
        with pytest.raises(LibraryBusy) as error:
            library.import_paths([corpus], wait=0.6, on_wait=messages.append)
        assert time.monotonic() - started >= 0.5
        assert messages and f"pid {holder.pid}" in messages[0]
        assert "busy" in str(error.value) and "\n" not in str(error.value)
    finally:
        holder.kill()
        holder.wait()
    assert library.import_paths([corpus], wait=2).added == 3  # the kernel dropped the dead holder's lock


def test_a_reader_sees_another_process_import_after_refresh(library, corpus):
    library.import_paths([corpus / "000_39636f24e1ed2254.txt"])
    assert len(library.threads()) == 1
    result = subprocess.run(
        [sys.executable, "-m", "tui", "--library", str(library.path), "import", str(corpus)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert len(library.threads()) == 1  # still reading its own snapshot, undisturbed
    assert library.search("author:Chlodio").total_posts == 1
    assert library.refresh() is True
    assert len(library.threads()) == 3
    assert library.refresh() is False


def test_reindex_rebuilds_and_keeps_threads_whose_file_is_gone(library, corpus):
    library.import_paths([corpus])
    (corpus / "001_690af2c00ce09500.txt").unlink()
    report = library.reindex()
    assert report.added == 2
    assert any("kept the indexed copy" in note for _, note in report.notes)
    assert len(library.threads()) == 3
    assert library.search("stalin").total_threads == 3


def test_stats_count_threads_posts_and_authors(library, corpus):
    library.import_paths([corpus])
    stats = library.stats()
    assert (stats["threads"], stats["posts"]) == (3, 44)
    assert stats["authors"] > 3 and stats["words"] > 500 and stats["index_bytes"] > 0


def test_a_page_copy_gets_its_chrome_back_from_the_library(library, tmp_path):
    from index.threads.read import read_thread

    from tests.test_pagecopy import BUTTONS_ONLY

    page = tmp_path / "pages" / "buttons.txt"
    page.parent.mkdir()
    page.write_text(BUTTONS_ONLY, encoding="utf-8")
    library.import_paths([page.parent])
    original = read_thread(page)
    assert original.chrome and "Related topics" in original.chrome
    assert library.thread(original.id).chrome == original.chrome
