"""Counts the app shows in words, driven with Pilot: one post, one thread, one reply are singular."""

from __future__ import annotations

import re

import pytest

from tests.test_app_support import HISTORUM_TITLE, app_on, open_thread, build_library, copy_library, loaded, row_index, screen_text, \
    view_text, wait_for

NEWCOMER = "A newcomer says hello"
NEWCOMER_TEXT = (  # a Historum-style copy whose first poster has one post to their name
    f"{NEWCOMER}\n\nNewbie\n\nMar 2020\n1\nOslo\n#1\nHello there, this is my very first post on the forum.\n"
    "\u00a0\nVeteran\n\nAug 2016\n3,831\nBergen\n#2\nWelcome aboard, glad to have you here with us.\n"
)


PAGE_TWO = "Page two of a thread"
PAGE_TWO_TEXT = NEWCOMER_TEXT.replace(NEWCOMER, PAGE_TWO).replace("#1\n", "#21\n").replace("#2\n", "#22\n")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_library(tmp_path_factory.mktemp("counts") / "library",
                         extra={"newcomer.txt": NEWCOMER_TEXT, "page-two.txt": PAGE_TWO_TEXT})


@pytest.fixture
def library(template, tmp_path):
    library = copy_library(template, tmp_path / "library")
    yield library
    library.close()


def messages(app) -> list[str]:
    return [notification.message for notification in app._notifications]


async def test_a_member_with_one_post_is_not_shown_as_1_posts(library):
    app = app_on(library)
    async with app.run_test(size=(100, 30)) as pilot:
        _, view = await open_thread(pilot, NEWCOMER)
        headers = [line for line in view_text(view) if "Newbie" in line or "Veteran" in line]
        assert any("· 1 post ·" in line or line.rstrip().endswith("· 1 post") for line in headers), headers
        assert not any(re.search(r"(?<![\d,])1 posts", line) for line in headers)
        assert any("3,831 posts" in line for line in headers)


async def test_folding_one_reply_says_1_post(library):
    app = app_on(library)
    async with app.run_test(size=(100, 30)) as pilot:
        _, view = await open_thread(pilot, HISTORUM_TITLE)
        await pilot.press("v")
        single = next(i for i in range(1, len(view.posts)) if view.replies.size[i] == 1)
        view.move_to(single)
        app.clear_notifications()
        await pilot.press("z")
        await pilot.pause()
        assert f"1 post folded under {view.number(single)}" in messages(app)


async def test_the_author_view_counts_one_thread_as_one_thread(library):
    app = app_on(library)
    async with app.run_test(size=(120, 30)) as pilot:
        _, view = await open_thread(pilot, HISTORUM_TITLE)
        await pilot.press("n", "n")  # post #3: the member from Virginia, 3 posts in this thread only
        await pilot.press("a")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "AuthorScreen")
        shown = screen_text(app)
        assert "3 posts in 1 thread ·" in shown and "1 threads" not in shown


async def test_read_and_bookmark_notes_name_the_post_by_its_forum_number(library):
    app = app_on(library)
    async with app.run_test(size=(100, 30)) as pilot:
        _, view = await open_thread(pilot, PAGE_TWO)
        assert [post.number for post in view.posts] == [21, 22]
        view.move_to(1)
        app.clear_notifications()
        await pilot.press("m", "B")
        await pilot.pause()
        shown = messages(app)
        assert "Post #22 marked unread" in shown or "Post #22 marked read" in shown, shown
        assert "Bookmark set on post #22" in shown, shown


async def test_the_thread_list_counts_unread_posts_with_thousands_separators(library, tmp_path):
    long_thread = "A long thread\n\n" + "\n-----\n".join(f"Post number {i} says something." for i in range(1200))
    folder = tmp_path / "long"
    folder.mkdir()
    (folder / "long.txt").write_text(long_thread, encoding="utf-8")
    assert library.import_paths([str(folder)]).added == 1
    app = app_on(library)
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        app.screen.threads.cursor = row_index(app.screen, "A long thread")
        await pilot.pause()
        shown = screen_text(app)
        assert "1,200 posts · 1,200 unread" in shown, shown
