"""Start-up: a small library's titles come with the first frame; a large one's are read in a worker."""

from __future__ import annotations

from index.library.catalog import CATALOG_FILE
from index.library.store import Library
from tests.test_app_support import HISTORUM_TITLE, build_library, loaded, wait_for
from tui import app as app_module
from tui.screens import main as main_screen


def _first_frame_text(app) -> list[str]:
    """Records the text of every frame the app paints (headless: nothing reaches a terminal)."""
    frames: list[str] = []
    original = app._display

    def display(screen, renderable) -> None:
        original(screen, renderable)
        if renderable is not None:
            frames.append("\n".join(strip.text for strip in screen._compositor.render_strips()))

    app._display = display
    return frames


async def test_a_small_library_is_listed_in_the_first_frame(tmp_path):
    library = Library.open(build_library(tmp_path / "lib"), load=False)
    app = app_module.make_app(library, settings_file=tmp_path / "settings.json")
    frames = _first_frame_text(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not [w for w in app.workers if w.group == "threads"]  # no worker was needed
        assert HISTORUM_TITLE[:30] in frames[0]
        assert "Loading the library" not in frames[0]
    library.close()



async def test_the_first_frame_opens_none_of_the_index_segments(tmp_path, monkeypatch):
    library = Library.open(build_library(tmp_path / "lib"), load=False)
    opened: list[int] = []
    real = library.ix.searcher
    monkeypatch.setattr(library.ix, "searcher", lambda **kw: opened.append(1) or real(**kw))
    app = app_module.make_app(library, settings_file=tmp_path / "settings.json")
    frames = _first_frame_text(app)
    opened_by_frame: list[int] = []
    display = app._display
    app._display = lambda screen, renderable: (display(screen, renderable), opened_by_frame.append(len(opened)))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert HISTORUM_TITLE[:30] in frames[0] and opened_by_frame[0] == 0
        await wait_for(pilot, lambda: opened == [1])  # and after it, for the first search
    library.close()


async def test_a_start_with_nothing_to_import_builds_no_progress_bar(tmp_path):
    from textual.widgets import ProgressBar

    library = Library.open(build_library(tmp_path / "lib"), load=False)
    app = app_module.make_app(library, settings_file=tmp_path / "settings.json")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not app.screen.query(ProgressBar)
    library.close()

async def test_a_large_library_is_read_after_the_first_frame(tmp_path, monkeypatch):
    monkeypatch.setattr(main_screen, "LOAD_BEFORE_FIRST_FRAME", 10)  # every catalog counts as large
    library = Library.open(build_library(tmp_path / "lib"), load=False)
    app = app_module.make_app(library, settings_file=tmp_path / "settings.json")
    frames = _first_frame_text(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        assert "Loading the library" in frames[0] and HISTORUM_TITLE[:30] not in frames[0]
        assert any(HISTORUM_TITLE[:30] in frame for frame in frames[1:])
    library.close()


async def test_a_library_without_a_catalog_is_read_in_a_worker(tmp_path):
    path = build_library(tmp_path / "lib")
    (path / CATALOG_FILE).unlink()  # stale: the summaries come from the index, which is slow
    library = Library.open(path, load=False)
    assert library.catalog_bytes() == 0
    app = app_module.make_app(library, settings_file=tmp_path / "settings.json")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        assert len(app.screen.threads.all_rows) == 3
    library.close()


async def test_the_collector_is_off_while_the_app_starts_and_on_after_its_first_frame(tmp_path):
    import gc

    assert gc.isenabled()
    library = Library.open(build_library(tmp_path / "lib"), load=False)
    app = app_module.make_app(library, settings_file=tmp_path / "settings.json")
    assert not gc.isenabled()  # from the app's creation
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert gc.isenabled()
    library.close()


def test_an_app_that_never_ran_leaves_the_collector_as_it_found_it():
    import gc

    from tui.collector import StartingUp

    gc.disable()
    try:
        starting = StartingUp()
        starting.leave()
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()
    starting = StartingUp()
    assert not gc.isenabled()
    starting.leave()
    starting.leave()  # twice is harmless
    assert gc.isenabled()


async def test_idle_collections_are_scheduled_only_after_the_first_frame(tmp_path):
    library = Library.open(build_library(tmp_path / "lib"), load=False)
    app = app_module.make_app(library, settings_file=tmp_path / "settings.json")
    scheduled: list[bool] = []  # at each frame: whether the idle collector's timer exists yet
    display = app._display

    def painted(screen, renderable) -> None:
        display(screen, renderable)
        scheduled.append(any(timer.name == "idle collector" for timer in app._timers))

    app._display = painted
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: any(timer.name == "idle collector" for timer in app._timers))
        assert scheduled and not scheduled[0]
    library.close()


async def test_the_main_screen_is_the_only_screen_at_start(tmp_path):
    # Not pushed over Textual's empty default screen, which would be styled and laid out for nothing.
    library = Library.open(build_library(tmp_path / "lib"), load=False)
    app = app_module.make_app(library, settings_file=tmp_path / "settings.json")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        assert [type(screen) for screen in app.screen_stack] == [main_screen.MainScreen]
    library.close()
