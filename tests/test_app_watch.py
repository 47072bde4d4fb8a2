"""A running reader sees what another process imported: the list and searches follow the library."""

from __future__ import annotations

from index.library.store import Library
from tests.test_app_support import build_library, loaded, wait_for
from tui import app as app_module
from tui.widgets import library_list

NEW_THREAD = "Lighthouse keepers of the northern coast\n\nquernstone wrote the first post about lamps\n"


async def test_threads_imported_by_another_process_are_listed_and_found(tmp_path, monkeypatch):
    monkeypatch.setattr(library_list, "WATCH_SECONDS", 0.05)
    path = build_library(tmp_path / "lib")
    library = Library.open(path, load=False)
    app = app_module.make_app(library, settings_file=tmp_path / "settings.json")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        before = len(app.screen.query_one("LibraryList").all_rows)
        assert library.search("quernstone").total_posts == 0
        new = tmp_path / "new"
        new.mkdir()
        (new / "lighthouses.txt").write_text(NEW_THREAD, encoding="utf-8")
        other = Library.open(path)  # another threadreader, with its own searcher and writer
        other.import_paths([new])
        other.close()
        threads = app.screen.query_one("LibraryList")
        await wait_for(pilot, lambda: len(threads.all_rows) == before + 1)
        assert library.search("quernstone").total_posts == 1
        assert any("1 new thread" in str(n.message) for n in app._notifications)
    library.close()


async def test_a_library_that_cannot_be_looked_at_leaves_the_reader_running(tmp_path, monkeypatch):
    monkeypatch.setattr(library_list, "WATCH_SECONDS", 0.05)
    library = Library.open(build_library(tmp_path / "lib"), load=False)
    looked: list[int] = []

    def refresh():
        looked.append(1)
        raise FileNotFoundError("the library's folder is gone")

    app = app_module.make_app(library, settings_file=tmp_path / "settings.json")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        monkeypatch.setattr(library, "refresh", refresh)
        await wait_for(pilot, lambda: len(looked) >= 3)
        assert app.is_running and loaded(app)
    library.close()
