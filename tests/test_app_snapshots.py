"""SVG snapshots of the reader: main screen at 80x24, an open quote, help, a search on a wide terminal."""

from __future__ import annotations

import pytest

from tui.widgets.post_canvas import PostCanvas

from tests.test_app_support import HISTORUM_TITLE, app_on, build_library, copy_library, loaded, row_index, wait_for


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_library(tmp_path_factory.mktemp("snapshots") / "library")


@pytest.fixture
def library(template, tmp_path):
    library = copy_library(template, tmp_path / "library")
    yield library
    library.close()


async def ready(pilot) -> None:
    """The list loaded, in title order: import times (the default order) differ from run to run."""
    await wait_for(pilot, lambda: loaded(pilot.app))
    pilot.app.screen.threads.sort = "title"
    pilot.app.screen.update_counts()
    await pilot.pause()


async def settled(pilot) -> None:
    """Every post laid out: before that the scrollbar follows estimated heights, and when the
    idle measuring ends depends on the machine's speed (a snapshot taken midway differs)."""
    await wait_for(pilot, lambda: all(canvas.measured for canvas in pilot.app.screen.query(PostCanvas)))


async def open_historum(pilot) -> None:
    app = pilot.app
    await ready(pilot)
    app.screen.threads.cursor = row_index(app.screen, HISTORUM_TITLE)
    await pilot.press("enter")
    await wait_for(pilot, lambda: app.screen.posts.thread is not None)
    await settled(pilot)


def test_main_screen_80x24(snap_compare, library):
    assert snap_compare(app_on(library), terminal_size=(80, 24), run_before=open_historum)


def test_open_quote_80x24(snap_compare, library):
    async def open_quote(pilot) -> None:
        await open_historum(pilot)
        await pilot.press(*["n"] * 8, "j", "enter")

    assert snap_compare(app_on(library), terminal_size=(80, 24), run_before=open_quote)


def test_help_80x24(snap_compare, library):
    async def show_help(pilot) -> None:
        await ready(pilot)
        await pilot.press("question_mark")

    assert snap_compare(app_on(library), terminal_size=(80, 24), run_before=show_help)


def test_search_wide(snap_compare, library):
    async def search(pilot) -> None:
        await ready(pilot)
        screen = pilot.app.screen
        await pilot.press("slash", *"molotov")
        await wait_for(pilot, lambda: screen.page is not None and screen.page.query == "molotov")
        await pilot.press("enter")
        # Opened, not the preview a wide list shows as the results come (that one may be there already).
        await wait_for(pilot, lambda: screen.posts.thread is not None and not screen.posts.previewing
                       and pilot.app.focused is screen.posts)
        await settled(pilot)

    assert snap_compare(app_on(library), terminal_size=(140, 36), run_before=search)


WHAT_IF = "What if UK/France allied with USSR in 1939?"  # chains of replies: a tree worth drawing


async def tree_of_replies(pilot) -> None:
    app = pilot.app
    await ready(pilot)
    app.screen.threads.cursor = row_index(app.screen, WHAT_IF)
    await pilot.press("enter")
    await wait_for(pilot, lambda: app.screen.posts.thread is not None and not app.screen.posts.previewing)
    await settled(pilot)
    await pilot.press("v", "home", "n", "n", "n")
    await pilot.pause(0.1)
    app.clear_notifications()


def test_tree_view_80x24(snap_compare, library):
    assert snap_compare(app_on(library), terminal_size=(80, 24), run_before=tree_of_replies)


def test_tree_view_200x50(snap_compare, library):
    assert snap_compare(app_on(library), terminal_size=(200, 50), run_before=tree_of_replies)


def test_next_reply_80x24(snap_compare, library):
    async def follow_a_reply(pilot) -> None:
        await open_historum(pilot)
        await pilot.press("n", "n", "r")  # #3 is quoted by #6: r lands on that quote
        await pilot.pause(0.1)
        pilot.app.clear_notifications()

    assert snap_compare(app_on(library), terminal_size=(80, 24), run_before=follow_a_reply)


def test_preview_200x50(snap_compare, library):
    async def preview(pilot) -> None:
        app = pilot.app
        await ready(pilot)
        app.screen.threads.cursor = row_index(app.screen, WHAT_IF)
        await wait_for(pilot, lambda: app.screen.posts.thread is not None and app.screen.posts.thread.title == WHAT_IF)
        await settled(pilot)

    assert snap_compare(app_on(library), terminal_size=(200, 50), run_before=preview)


@pytest.fixture
def dated_library(tmp_path):
    from tests.pages.engines import xenforo

    build_library(tmp_path / "template", extra={"tomatoes.html": xenforo()})
    library = copy_library(tmp_path / "template", tmp_path / "library")
    yield library
    library.close()


def test_activity_sparkline_200x50(snap_compare, dated_library):
    assert snap_compare(app_on(dated_library), terminal_size=(200, 50), run_before=ready)


def test_activity_sparkline_80x24(snap_compare, dated_library):
    """Too narrow a list for sparklines: the rows keep their words."""
    assert snap_compare(app_on(dated_library), terminal_size=(80, 24), run_before=ready)
