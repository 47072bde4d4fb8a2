"""Reading as a threaded reader, driven with Pilot: quoted-by links, the reply tree, folds, preview, settings."""

from __future__ import annotations

import gc
import json
import weakref

import pytest

from index.library.store import Library
from index.model import Quote
from tests.test_app_support import app_on, build_library, copy_library, loaded, row_index, screen_text, wait_for
from tests.test_app_support import open_thread as open_title
from tui.widgets.post_layout import HEADER

TITLE = "What if UK/France allied with USSR in 1939?"  # 17 posts with chains of replies


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_library(tmp_path_factory.mktemp("threads") / "library")


@pytest.fixture
def library(template, tmp_path):
    library = copy_library(template, tmp_path / "library")
    yield library
    library.close()


async def open_thread(pilot, title: str = TITLE):
    return await open_title(pilot, title)


def header(view, index: int) -> str:
    layout = view._layout(index)
    start, end = layout.span(HEADER)
    return "".join(strip.text for strip in layout.lines[start:end])


def quoters(view, index: int) -> list[int]:
    return [i for i, post in enumerate(view.posts) if i > index and any(q.source == index for q in post.quotes)]


async def test_headers_say_which_later_posts_quote_them_and_r_follows_each_reply_and_comes_back(library):
    app = app_on(library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen, view = await open_thread(pilot)
        source = next(i for i in range(len(view.posts)) if len(quoters(view, i)) >= 2)
        replies = quoters(view, source)
        assert f"quoted by {', '.join(f'#{r + 1}' for r in replies)}" in " ".join(header(view, source).split())
        view.move_to(source)
        for reply in [*replies, replies[0]]:  # each reply in turn, then round again
            await pilot.press("r")
            post, stop = view.cursor
            assert post == reply and isinstance(view.posts[post].blocks[stop], Quote)
            assert view.posts[post].blocks[stop].source == source
            await pilot.press("backspace")  # the same history as g
            assert view.cursor == (source, HEADER)
        last = len(view.posts) - 1
        view.move_to(last)
        await pilot.press("r")
        assert view.cursor == (last, HEADER)  # nothing quotes the last post: the cursor stays


async def test_v_shows_the_reply_tree_keeping_the_cursor_and_back_to_time_order(library):
    app = app_on(library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen, view = await open_thread(pilot)
        deep = max(range(len(view.posts)), key=lambda i: len(view.replies.ancestors(i)))
        view.move_to(deep)
        await pilot.press("v")
        arranged = view.arrangement
        assert arranged.tree and view.cursor == (deep, HEADER)
        assert sorted(arranged.order) == list(range(len(view.posts)))
        for row, post in enumerate(arranged.order[1:], start=1):
            parent = view.replies.parent[post]
            sources = [q.source for q in view.posts[post].quotes if q.source is not None and q.source < post]
            assert parent == (min(sources) if sources else 0)  # under the earliest post it quotes
            between = arranged.order[arranged.rows[parent] + 1:row]
            assert all(parent in view.replies.ancestors(other) for other in between)  # a subtree is contiguous
        drawn = header(view, deep)
        assert drawn.lstrip(" │┆").startswith(("├─", "└─")) and f"#{deep + 1}" in drawn
        assert len(drawn) - len(drawn.lstrip(" │┆├└─")) > 4  # deeper posts are drawn further in
        assert "reply tree" in screen_text(app) and "post " in screen_text(app)
        await pilot.press("n")
        assert view.cursor[0] == arranged.step(deep, 1)  # n follows the tree
        here = view.cursor[0]
        await pilot.press("v")
        assert not view.arrangement.tree and view.cursor == (here, HEADER)
        assert header(view, here).startswith(("#", "●", "NEW", "★"))


async def test_z_folds_a_subtree_and_going_into_it_unfolds_it(library):
    app = app_on(library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen, view = await open_thread(pilot)
        await pilot.press("z")
        assert not view.folded and not view.arrangement.hidden  # folding is a tree-view thing
        await pilot.press("v")
        root = max(range(1, len(view.posts)), key=lambda i: view.replies.size[i])
        below = view.replies.size[root]
        view.move_to(root)
        await pilot.press("z")
        assert len(view.arrangement.order) == len(view.posts) - below
        assert f"[+{below}]" in header(view, root)
        child = view.replies.children[root][0]
        assert view.arrangement.rows[child] == -1
        await pilot.press("r")  # to a reply inside the fold: it opens
        assert view.cursor[0] in view.replies.quoted_by[root] and view.arrangement.rows[view.cursor[0]] >= 0
        view.move_to(child)
        await pilot.press("z")  # on a post without replies: folds the post it answers
        assert view.cursor == (view.replies.parent[child], HEADER) and view.arrangement.hidden


async def test_wide_terminals_preview_the_highlighted_thread_without_reading_it(library):
    app = app_on(library)
    async with app.run_test(size=(200, 50)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        screen, view = app.screen, app.screen.posts
        target = row_index(screen, TITLE)
        screen.threads.cursor = target
        thread_id = screen.threads.rows[target].summary.id
        await wait_for(pilot, lambda: view.thread is not None and view.thread.id == thread_id)
        assert view.previewing and app.focused is screen.threads
        assert view.cursor[0] == 0  # the first unread post
        assert "preview" in str(view.border_title) and "preview" in screen_text(app)
        await pilot.pause(0.8)  # longer than the delay before visits are saved
        assert library.state.read_posts(thread_id) == set()
        assert screen.threads.rows[target].unread == len(view.posts)
        await pilot.press("enter")
        await wait_for(pilot, lambda: not view.previewing and app.focused is view)
        assert view.thread.id == thread_id and "preview" not in str(view.border_title)
        await wait_for(pilot, lambda: library.state.is_read(thread_id, 0))


async def test_while_searching_the_preview_opens_at_the_best_hit(library):
    app = app_on(library)
    async with app.run_test(size=(200, 50)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        screen, view = app.screen, app.screen.posts
        await pilot.press("slash", *"molotov")
        await wait_for(pilot, lambda: screen.page is not None and screen.page.query == "molotov")
        best = screen.page.results[0]
        await wait_for(pilot, lambda: view.thread is not None and view.thread.id == best.thread.id)
        assert view.previewing and view.cursor[0] == best.best.post_index and view.hits is not None


async def test_narrow_terminals_do_not_preview(library):
    app = app_on(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.press("j", "j")
        await pilot.pause(0.4)
        assert app.screen.posts.thread is None


async def test_tree_view_signatures_sort_and_theme_are_kept_for_the_next_run(library, tmp_path):
    settings = tmp_path / "settings.json"
    app = app_on(library, settings)
    async with app.run_test(size=(100, 30)) as pilot:
        screen, view = await open_thread(pilot)
        await pilot.press("v", "backslash", "o")
        app.theme = "nord"
        await pilot.pause()
    saved = json.loads(settings.read_text(encoding="utf-8"))
    assert saved["tree_view"] is True and saved["signatures"] is False and saved["theme"] == "nord"
    app = app_on(library, settings)
    async with app.run_test(size=(100, 30)) as pilot:
        screen, view = await open_thread(pilot)
        assert view.tree_view and view.arrangement.tree and not view.show_signatures
        assert app.theme == "nord" and screen.threads.sort == saved["sort"]
    settings.write_text('{"theme": 7, "tree_view": "yes"', encoding="utf-8")  # damaged: defaults, no crash
    app = app_on(library, settings)
    async with app.run_test(size=(100, 30)) as pilot:
        screen, view = await open_thread(pilot)
        assert not view.tree_view and app.theme == "textual-dark"


async def test_status_line_says_where_the_reader_is_and_the_top_says_who_took_part(library):
    app = app_on(library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen, view = await open_thread(pilot)
        await pilot.press("home", "n", "n")
        assert f"post 3 of {len(view.posts)}" in screen_text(app)
        top = " ".join(strip.text for strip in view._layout(0).lines[: view._layout(0).span(HEADER)[0]])
        authors = {post.author.label for post in view.posts}
        assert f"{len(authors)} taking part" in top


class Cycle:
    def __init__(self) -> None:
        self.me = self  # only the cyclic collector frees it, and never while it is frozen


def test_what_was_frozen_with_a_closed_thread_is_collected_once_the_reader_pauses():
    from tui.collector import IdleCollector

    collector = IdleCollector()
    gc.disable()  # only the collector under test may collect here
    try:
        shown = Cycle()
        gone = weakref.ref(shown)
        gc.freeze()  # as when the thread was opened
        del shown  # the thread closed
        collector.last_input -= 60
        collector.tick()
        assert gone() is not None  # frozen: a plain pass cannot free it
        collector.release_soon()
        collector.touched()
        assert not collector.tick() and gone() is not None  # not while the reader is pressing keys
        collector.last_input -= 60
        assert collector.tick() and gone() is None and not collector.releasing
    finally:
        gc.unfreeze()
        gc.enable()


async def test_opening_another_thread_asks_for_the_last_one_to_be_released(library, monkeypatch):
    import tui.collector

    # The app's own idle check must not run first: on a loaded machine opening a thread can take
    # longer than IDLE, and its tick would release (and clear the flag) before the assert.
    monkeypatch.setattr(tui.collector, "IDLE", 3600.0)
    app = app_on(library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen, view = await open_thread(pilot)
        app.collector.releasing = False
        await pilot.press("escape")
        await open_thread(pilot, "Why was Russia so against the US joining the war?")
        assert app.collector.releasing
        app.collector.last_input -= 2 * 3600  # as if the reader paused
        assert app.collector.tick() and not app.collector.releasing
        assert gc.get_freeze_count() > 0  # what is open now is frozen again


async def test_reopening_after_a_restart_keeps_the_tree_position(library):
    app = app_on(library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen, view = await open_thread(pilot)
        await pilot.press("v", "end")
        last = view.cursor[0]
    library.state.save()
    reopened = Library.open(library.path)
    try:
        app = app_on(reopened)
        async with app.run_test(size=(100, 30)) as pilot:
            screen, view = await open_thread(pilot)
            assert view.arrangement.tree and view.cursor[0] == last
    finally:
        reopened.close()


async def test_the_author_view_charts_posts_per_month():
    from textual.app import App
    from textual.widgets import Sparkline

    from index.model import Author, Paragraph, Post, ThreadSummary
    from tui.screens.author import AuthorScreen

    summary = ThreadSummary(id="t1", title="A thread", forum=None, post_count=4, authors=("ann",), source="x", dialect="plain")
    author = Author("ann", "ann", "ann")
    dates = ["2020-01-05", "2020-01-20", "2020-03-02", "2020-04-30", None]
    entries = [(summary, Post(index=i, author=author, blocks=(Paragraph(f"post {i}"),), date=d)) for i, d in enumerate(dates)]

    class Host(App):
        CSS_PATH = "../tui/app.tcss"

        def on_mount(self) -> None:
            self.push_screen(AuthorScreen("ann", entries))

    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        chart = app.screen.query_one("#author-months", Sparkline)
        assert list(chart.data) == [2, 0, 1, 1]
        assert "2020-01 to 2020-04 · most: 2 in 2020-01" in screen_text(app)
        assert any(ch in screen_text(app) for ch in "▁▂▃▄▅▆▇█")

    undated = [(summary, Post(index=0, author=author, blocks=(Paragraph("x"),)))]

    class Plain(App):
        CSS_PATH = "../tui/app.tcss"

        def on_mount(self) -> None:
            self.push_screen(AuthorScreen("ann", undated))

    app = Plain()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not app.screen.query("#author-months")


def test_a_sparkline_draws_counts_as_blocks_scaled_to_the_busiest_slice():
    from tui.widgets.sparkline import sparkline

    assert sparkline((1, 0, 0, 8)) == "▁  █"
    assert sparkline((2, 4)) == "▄█"
    assert sparkline(()) == "" and sparkline((0, 0, 0)) == ""  # undated threads draw nothing
    assert sparkline(tuple(range(32)), width=16) == "▁▁▂▂▃▃▄▄▅▅▆▆▇▇██"  # merged pairwise by their peak


@pytest.fixture(scope="module")
def dated(tmp_path_factory):
    from tests.pages.engines import xenforo

    return build_library(tmp_path_factory.mktemp("dated") / "library", extra={"tomatoes.html": xenforo()})


@pytest.mark.parametrize("size, drawn", [((200, 50), True), ((80, 24), False)])
async def test_wide_lists_draw_each_dated_threads_activity_beside_it(dated, tmp_path, size, drawn):
    from tui.widgets.sparkline import sparkline

    library = copy_library(dated, tmp_path / "library")
    try:
        app = app_on(library)
        async with app.run_test(size=size) as pilot:
            await wait_for(pilot, lambda: loaded(app))
            rows = {row.summary.title: row.summary for row in app.screen.threads.rows}
            dated_rows = [s for s in rows.values() if s.activity]
            assert len(dated_rows) == 1 and sum(dated_rows[0].activity) == 4  # four posts over four days
            spark = sparkline(dated_rows[0].activity)
            assert spark.startswith("█") and spark.endswith("█")  # the first and last day both posted
            assert (spark in screen_text(app)) is drawn
            assert not any(ch in screen_text(app) for ch in "▁▂▃▄▅▆▇") or drawn  # undated rows draw nothing
    finally:
        library.close()
