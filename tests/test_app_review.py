"""What a review of the app under tmux found, driven with Pilot: narrow notices, list keys, resizing, fast keys."""

from __future__ import annotations

import pytest
from textual import events

from tests.test_app_support import HISTORUM_TITLE, app_on, build_library, copy_library, loaded, row_index, wait_for


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_library(tmp_path_factory.mktemp("review") / "library")


@pytest.fixture
def library(template, tmp_path):
    library = copy_library(template, tmp_path / "library")
    yield library
    library.close()


async def press_at_once(pilot, *keys: str) -> None:
    """Keys in one burst, as a fast typist sends them: all queued before the app reads the first."""
    app = pilot.app
    for key in keys:
        event = events.Key(key, "\r" if key == "enter" else key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)
    await pilot.pause()


async def test_enter_in_the_filter_then_enter_on_the_list_at_once_opens_the_thread(library):
    app = app_on(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        screen = app.screen
        await pilot.press("f", *"soviet")
        await press_at_once(pilot, "enter", "enter")
        await wait_for(pilot, lambda: screen.posts.thread is not None)
        assert screen.posts.thread.title == HISTORUM_TITLE and app.focused is screen.posts


async def test_escape_in_the_filter_then_j_at_once_moves_in_the_list(library):
    app = app_on(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        screen = app.screen
        await pilot.press("f", "x")
        await press_at_once(pilot, "escape", "j")
        assert app.focused is screen.threads and screen.query_one("#filter").value == ""
        assert screen.threads.cursor == 1
