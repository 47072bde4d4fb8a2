"""Importing a folder of a thread's saved pages: one thread in the library, kept one on re-import; its address shown."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from index.library.store import Library
from tests.pages.paged import page

ROOT = Path(__file__).resolve().parent.parent
URL = "https://forum.example/threads/tomatoes.42/"


@pytest.fixture
def library(tmp_path):
    library = Library.open(tmp_path / "library")
    yield library
    library.close()


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "tomatoes.html").write_text(page([1, 2, 3]), encoding="utf-8")
    (folder / "tomatoes - page 2.html").write_text(page([1, 4, 5], url=URL + "page-2"), encoding="utf-8")
    (folder / "roses.html").write_text(page([1, 2], title="Roses", url="https://forum.example/threads/roses.9/"),
                                       encoding="utf-8")
    return folder


def _threads(library):
    return {summary.title: library.thread(summary.id) for summary in library.threads()}


def test_a_folder_of_saved_pages_imports_as_one_thread_with_progress_per_file(library, folder):
    steps = []
    report = library.import_paths([folder], progress=steps.append)
    threads = _threads(library)
    assert sorted(threads) == ["Roses", "Tomatoes and basil"]
    tomatoes = threads["Tomatoes and basil"]
    assert [p.number for p in tomatoes.posts] == [1, 2, 3, 4, 5]
    assert tomatoes.url == URL
    assert report.added == 2 and report.posts == 7 and not report.failed
    assert any("2 saved pages" in note for _, note in report.notes)
    assert [s.files_done for s in steps][:3] == [1, 2, 3]
    found = library.search("planting")  # the opening post: on both pages, once in the thread; and in Roses
    assert (found.total_posts, found.total_threads) == (2, 2)


def test_reimport_keeps_one_thread_and_a_changed_or_new_page_joins_it(library, folder):
    library.import_paths([folder])
    again = library.import_paths([folder])
    assert again.unchanged == 3 and again.added == again.updated == 0
    assert len(library.threads()) == 2
    (folder / "tomatoes - page 2.html").write_text(page([1, 4]), encoding="utf-8")  # saved again, shorter
    library.import_paths([folder])
    assert [p.number for p in _threads(library)["Tomatoes and basil"].posts] == [1, 2, 3, 4]
    (folder / "tomatoes - page 3.html").write_text(page([5, 6], url=URL + "page-3"), encoding="utf-8")
    library.import_paths([folder])
    assert [p.number for p in _threads(library)["Tomatoes and basil"].posts] == [1, 2, 3, 4, 5, 6]
    assert len(library.threads()) == 2


def test_show_prints_the_address_of_a_saved_page(tmp_path, folder):
    env = dict(os.environ, COLUMNS="200")
    base = [sys.executable, "-m", "tui", "--library", str(tmp_path / "lib")]
    imported = subprocess.run(base + ["import", str(folder / "roses.html")], cwd=ROOT, capture_output=True, text=True,
                              timeout=120, env=env)
    assert imported.returncode == 0, imported.stderr
    shown = subprocess.run(base + ["show", "Roses"], cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
    assert "https://forum.example/threads/roses.9/" in shown.stdout


def test_pruning_a_deleted_page_keeps_the_thread_with_its_other_pages(library, folder):
    library.import_paths([folder])
    os.remove(folder / "tomatoes - page 2.html")
    report = library.import_paths([folder], prune=True)
    threads = _threads(library)
    assert sorted(threads) == ["Roses", "Tomatoes and basil"]
    assert [p.number for p in threads["Tomatoes and basil"].posts] == [1, 2, 3]  # page 1 kept, page 2's posts gone
    assert report.pruned == 1 and not report.failed
    again = library.import_paths([folder])
    assert again.unchanged == 2 and again.added == again.updated == 0  # and recognised on the next import
