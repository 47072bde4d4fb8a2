"""What a review of the app under tmux found, driven with Pilot: narrow notices, list keys, resizing, fast keys."""

from __future__ import annotations

import pytest
from textual import events

from tests.test_app_support import (
    HISTORUM_TITLE, app_on, build_library, copy_library, loaded, open_thread, row_index, screen_text, wait_for,
)


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


async def test_m_and_b_in_the_list_act_on_the_highlighted_thread_not_the_open_one(library):
    app = app_on(library)
    async with app.run_test(size=(200, 50)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        screen = app.screen
        screen.threads.cursor = row_index(screen, HISTORUM_TITLE)
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.posts.thread is not None and app.focused is screen.posts)
        opened = screen.posts.thread.id
        await pilot.press("escape")  # back in the list, the thread still open beside it
        other = next(i for i, row in enumerate(screen.threads.rows) if row.summary.id != opened)
        screen.threads.cursor = other
        await pilot.pause()
        row = screen.threads.rows[other]
        target, count = row.summary.id, row.summary.post_count
        assert row.unread == count
        await pilot.press("m")
        assert library.state.read_posts(target) == set(range(count)) and row.unread == 0
        assert library.state.read_posts(opened) == {0}  # only what was read by opening it
        await pilot.press("m")  # nothing unread left: the whole thread is unread again
        assert library.state.read_posts(target) == set() and row.unread == count
        await pilot.press("B")
        assert library.state.bookmarks() == [(target, 0)]
        await wait_for(pilot, lambda: screen.posts.thread is not None and screen.posts.thread.id == target)
        assert screen.posts.previewing and screen.posts.marks[0].bookmarked  # the preview shows the new mark
        await pilot.press("B")
        assert library.state.bookmarks() == []
        await pilot.press("tab")  # in the post view, m is still the post under the cursor
        assert app.focused is screen.posts
        await pilot.press("m")
        notes = [notification.message for notification in app._notifications]
        assert notes[-1].startswith("Post #") and notes[-1].endswith("marked unread"), notes


async def test_the_preview_goes_when_the_terminal_narrows_and_comes_back_when_it_widens(library):
    app = app_on(library)
    async with app.run_test(size=(200, 50)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        screen, view = app.screen, app.screen.posts
        await pilot.press("j")
        highlighted = screen.threads.current.summary.id
        await wait_for(pilot, lambda: view.previewing and view.thread.id == highlighted)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert view.thread is None and not view.previewing and not view.posts
        await pilot.press("k")  # moving in a narrow list previews nothing
        await pilot.pause(0.3)
        assert view.thread is None
        await pilot.resize_terminal(200, 50)
        await wait_for(pilot, lambda: view.previewing and view.thread.id == screen.threads.current.summary.id)
        assert app.focused is screen.threads


async def test_a_search_matching_nothing_takes_the_preview_away(library):
    app = app_on(library)
    async with app.run_test(size=(200, 50)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        screen, view = app.screen, app.screen.posts
        await wait_for(pilot, lambda: view.previewing)
        await pilot.press("slash", *"zzyzxqq")
        await wait_for(pilot, lambda: screen.page is not None and screen.page.query == "zzyzxqq")
        await pilot.pause()
        assert screen.threads.current is None
        assert view.thread is None and not view.previewing and not view.posts
        await pilot.press(*["backspace"] * len("zzyzxqq"))  # the whole list again: its thread previewed again
        await wait_for(pilot, lambda: view.previewing and view.thread.id == screen.threads.current.summary.id)


async def test_a_thread_opened_stays_when_the_terminal_narrows(library):
    app = app_on(library)
    async with app.run_test(size=(200, 50)) as pilot:
        screen, view = await open_thread(pilot, HISTORUM_TITLE)
        await wait_for(pilot, lambda: app.focused is view)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert view.thread.title == HISTORUM_TITLE and app.focused is view


@pytest.mark.parametrize("query", ["stalni", "s*"])  # a corrected spelling; a wildcard narrowed to its commonest words
async def test_search_notices_are_read_whole_at_80_columns(library, query):
    app = app_on(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        bar = app.screen.bar
        await pilot.press("slash", *query)
        await wait_for(pilot, lambda: bar.page is not None and bar.page.query == query)
        notice = bar.page.notice
        assert notice and len(notice) > 40  # more than fits beside the query at 80 columns
        assert notice in screen_text(app)
        assert f"{bar.page.total_posts} posts in" in screen_text(app)
        await pilot.resize_terminal(200, 50)  # wide enough: all on the query's line again
        await pilot.pause()
        assert bar.size.height == 1 and notice in screen_text(app)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert bar.size.height == 2 and notice in screen_text(app)


async def test_leaving_the_search_bar_then_a_key_at_once_lands_in_the_list(library):
    app = app_on(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        screen = app.screen
        await pilot.press("slash")
        await press_at_once(pilot, "escape", "j")
        assert app.focused is screen.threads and screen.bar.value == "" and screen.threads.cursor == 1
        await pilot.press("slash")
        await press_at_once(pilot, "enter", "enter")  # enter on an empty bar leaves it; the next opens the thread
        await wait_for(pilot, lambda: screen.posts.thread is not None)
        assert screen.posts.thread.id == screen.threads.rows[1].summary.id and screen.bar.value == ""


async def test_a_bookmark_set_from_the_list_keeps_the_posts_just_read_read(library):
    app = app_on(library)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, view = await open_thread(pilot, HISTORUM_TITLE)
        await wait_for(pilot, lambda: app.focused is view)
        await pilot.press("n", "n", "escape")  # two more posts read, not yet written to the reading state
        assert app.focused is screen.threads and screen.threads.current.summary.id == view.thread.id
        await pilot.press("B")
        assert [view.marks[i].unread for i in range(3)] == [False, False, False]
        assert view.marks[0].bookmarked and {0, 1, 2} <= library.state.read_posts(view.thread.id)
