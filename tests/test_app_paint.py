"""Partial redraws stay correct: what changes while reading reaches the screen; collection stays off the keys' path."""

from __future__ import annotations

import gc

import pytest

from tests.test_app_support import HISTORUM_TITLE, app_on, build_library, copy_library, loaded, row_index, screen_text, wait_for


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_library(tmp_path_factory.mktemp("paint") / "library")


@pytest.fixture
def library(template, tmp_path):
    library = copy_library(template, tmp_path / "library")
    yield library
    library.close()


async def test_the_unread_count_in_the_list_follows_the_reader(library):
    app = app_on(library)
    async with app.run_test(size=(140, 30)) as pilot:  # wide: the list stays beside the posts
        await wait_for(pilot, lambda: loaded(app))
        screen = app.screen
        screen.threads.cursor = row_index(screen, HISTORUM_TITLE)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.posts.thread is not None)
        total = screen.posts.thread.post_count
        await wait_for(pilot, lambda: f"{total - 1} unread" in screen_text(app))
        await pilot.press("n", "n")
        await wait_for(pilot, lambda: f"{total - 3} unread" in screen_text(app))
        assert f"{total - 1} unread" not in screen_text(app)


async def test_the_list_is_on_screen_in_the_first_frame(library):
    app = app_on(library)
    async with app.run_test(size=(100, 30)):
        # No pause: the summaries are in memory once the library is open, so mounting shows them.
        assert loaded(app)
        assert HISTORUM_TITLE[:30] in screen_text(app)


async def test_long_lived_objects_are_frozen_while_the_app_runs_and_released_after(library):
    app = app_on(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        assert gc.get_freeze_count() > 0  # full collections skip the library: no 150 ms stall mid-scroll
    assert gc.get_freeze_count() == 0


class Node:
    def __init__(self) -> None:
        self.other = self  # a reference cycle: only the collector frees it


def test_the_idle_collector_waits_for_a_pause_and_frees_cycles_without_freezing_them():
    import weakref

    from tui.collector import IdleCollector

    collector = IdleCollector()
    gc.disable()  # only the collector under test may collect here
    try:
        keep = [[] for _ in range(20_000)]  # enough new objects for the collection to be worth it
        garbage = Node()
        gone = weakref.ref(garbage)
        del garbage
        collector.touched()
        assert not collector.tick() and gone() is not None  # the reader just pressed a key
        collector.last_input -= 60
        assert collector.tick() and collector.collections == 1
        assert gone() is None  # collected before the survivors were frozen: cycles do not leak
        assert gc.get_freeze_count() >= len(keep)
        assert not collector.tick()  # nothing new since: no pointless pass
    finally:
        gc.unfreeze()  # what this test froze must not reach the tests after it
        gc.enable()
        gc.unfreeze()
