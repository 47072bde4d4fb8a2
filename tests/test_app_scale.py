"""The list and the post view stay virtual: 100,000 threads and 2,000 posts never become widgets."""

from __future__ import annotations

from textual.app import App, ComposeResult

from index.model import Author, Paragraph, Post, Quote, Thread, ThreadSummary
from tui.widgets.post_layout import HEADER
from tui.widgets.post_view import PostView
from tui.widgets.thread_list import ThreadList


def summaries(count: int) -> list[ThreadSummary]:
    return [
        ThreadSummary(id=f"{i:016x}", title=f"Thread number {i:06d}", forum="Bench forum", post_count=i % 300 + 1,
                      authors=("someone",), source=f"/bench/{i}.txt", dialect="plain", last_date=f"2020-01-{i % 28 + 1:02d}")
        for i in range(count)
    ]


def long_thread(count: int) -> Thread:
    posts = []
    for i in range(count):
        blocks = [Paragraph(f"Post {i} says something about the alliance talks of 1939, " * 4)]
        if i and i % 4 == 0:
            blocks.insert(0, Quote(text=f"Post {i - 1} says something " * 6, source=i - 1, source_author="someone", score=1.0))
        posts.append(Post(index=i, author=Author(name=f"user{i % 50}", key=f"k{i % 50}", label=f"user{i % 50}"),
                          blocks=tuple(blocks), number=i + 1))
    return Thread(id="long", title="A long thread", source="/bench/long.txt", dialect="plain", posts=tuple(posts))


class ListApp(App):
    CSS_PATH = "../tui/app.tcss"

    def compose(self) -> ComposeResult:
        yield ThreadList(id="threads")


class PostsApp(App):
    CSS_PATH = "../tui/app.tcss"

    def compose(self) -> ComposeResult:
        yield PostView(id="posts")


async def test_a_hundred_thousand_threads_are_rows_not_widgets():
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        threads = app.query_one(ThreadList)
        threads.set_threads(summaries(100_000), {})
        threads.focus()
        await pilot.pause()
        assert len(threads.rows) == 100_000 and not threads.children
        assert threads.virtual_size.height == 200_000
        await pilot.press("end")
        assert threads.cursor == 99_999
        assert threads.scroll_y >= threads.max_scroll_y - 1
        threads.set_filter("000042")
        assert [row.summary.title for row in threads.rows] == ["Thread number 000042"]
        threads.set_filter("")
        threads.sort = "title"
        await pilot.pause()
        assert threads.rows[0].summary.title == "Thread number 000000"


async def test_a_two_thousand_post_thread_lays_out_only_what_is_seen():
    app = PostsApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(PostView)
        view.focus()
        view.show(long_thread(2000).posts, thread=long_thread(2000))
        await pilot.pause()
        assert 0 < len(view._layouts) < 40  # only the first screen, not 2,000 posts
        assert not view.children
        await pilot.press("end")
        await pilot.pause()
        assert view.cursor == (1999, HEADER)
        assert 1999 in view._layouts
        assert view.scroll_y > 0
        await pilot.press("home", "j")
        assert view.cursor == (1, HEADER)


async def test_measuring_in_the_background_keeps_the_top_post_in_place():
    app = PostsApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(PostView)
        thread = long_thread(600)
        view.show(thread.posts, thread=thread, at=300)
        await pilot.pause()
        top_post = view._post_at(int(view.scroll_y))
        while view._measured < len(view.posts):
            await pilot.pause(0.05)
        await pilot.pause()
        assert len(view._layouts) == 600
        assert view._post_at(int(view.scroll_y)) == top_post == 300
        assert view.virtual_size.height == sum(layout.height for layout in view._layouts.values())
