"""The reader driven with Pilot on a real library built from transcripts/: lists, posts, quotes, state."""

from __future__ import annotations

import pytest

from index.library.store import Library
from index.model import Quote
from tests.test_app_support import (
    HISTORUM_TITLE, app_on, build_library, copy_library, loaded, row_index, screen_text, view_text, wait_for,
)
from tui.widgets.post_layout import HEADER


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_library(tmp_path_factory.mktemp("app") / "library")


@pytest.fixture
def library(template, tmp_path):
    library = copy_library(template, tmp_path / "library")
    yield library
    library.close()


async def open_historum(pilot):
    app = pilot.app
    await wait_for(pilot, lambda: loaded(app))
    screen = app.screen
    screen.threads.cursor = row_index(screen, HISTORUM_TITLE)
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen.posts.thread is not None)
    return screen, screen.posts


async def test_first_run_imports_bundled_transcripts_with_progress(tmp_path):
    library = Library.open(tmp_path / "fresh")
    try:
        app = app_on(library)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: loaded(app))
            titles = {row.summary.title for row in app.screen.threads.rows}
            assert HISTORUM_TITLE in titles and len(titles) == 3
            assert "3 threads" in str(app.screen.query_one("#status").render())
            assert app.screen.query_one("#import-progress").has_class("-hidden")
    finally:
        library.close()


async def test_open_thread_and_move_between_posts(library):
    app = app_on(library)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, view = await open_historum(pilot)
        assert view.thread.title == HISTORUM_TITLE
        assert view.cursor == (0, HEADER) and app.focused is view
        await pilot.press("n", "n")
        assert view.cursor[0] == 2
        await pilot.press("p")
        assert view.cursor[0] == 1
        thread_id = view.thread.id
        assert screen.threads.by_id[thread_id].unread == view.thread.post_count - 3
        # Visits are saved in a batch once the reader pauses (an fsync per key would lag).
        await wait_for(pilot, lambda: library.state.is_read(thread_id, 2))
        assert library.state.is_read(thread_id, 0) and not library.state.is_read(thread_id, 5)
        await pilot.press("N")  # next unread skips the read post 2
        assert view.cursor[0] == 3
        await pilot.press("escape")
        assert app.focused is screen.threads


async def test_quote_folds_opens_and_jumps_to_its_source(library):
    app = app_on(library)
    async with app.run_test(size=(120, 30)) as pilot:
        screen, view = await open_historum(pilot)
        await pilot.press(*["n"] * 8, "j")  # post #9 quotes #7 (Vaeltaja)
        quote = view.current_quote
        assert isinstance(quote, Quote) and quote.source == 6
        folded = "\n".join(strip.text for strip in view._layout(8).lines)
        assert "▸ quoting #7, Vaeltaja:" in folded and "more line" in folded
        assert "carte blanche to invade" not in folded
        await pilot.press("enter")
        opened = " ".join(" ".join(strip.text for strip in view._layout(8).lines).replace("│", " ").split())
        assert "▾ quoting #7, Vaeltaja:" in opened and "carte blanche to invade" in opened
        await pilot.press("enter")
        assert "▸ quoting #7" in "\n".join(strip.text for strip in view._layout(8).lines)

        on_quote = view.cursor
        await pilot.press("g")
        assert view.cursor == (6, HEADER)
        post, block, start, end = view.source_span
        assert post == 6 and "carte blanche" in view.posts[6].blocks[block].text[start:end]
        source_style = view.get_component_rich_style("post-view--source", partial=True)
        styled = [seg.text for strip in view._layout(6).lines for seg in strip if seg.style and source_style.bgcolor and seg.style.bgcolor == source_style.bgcolor]
        assert "carte blanche" in " ".join(styled)
        await pilot.press("backspace")
        assert view.cursor == on_quote and view.source_span is None


async def test_all_quotes_signatures_read_and_bookmark_keys(library):
    app = app_on(library)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, view = await open_historum(pilot)
        await pilot.press("t")
        assert view.open_quotes and all("▸ quoting" not in line for line in view_text(view))
        await pilot.press("t")
        assert not any(view.open_quotes.values())
        await pilot.press("m")  # post 0 was read on opening: m makes it unread again
        assert not library.state.is_read(view.thread.id, 0)
        assert view.marks[0].unread
        await pilot.press("B")
        assert (view.thread.id, 0) in library.state.bookmarks()
        header = view._layout(0).span(HEADER)[0]
        assert "★" in view._layout(0).lines[header].text

        await pilot.press("escape")
        screen.threads.cursor = row_index(screen, "Why was Russia so against the US joining the war?")
        await pilot.press("enter")
        await wait_for(pilot, lambda: view.thread.title.startswith("Why was Russia"))
        assert any("Who knows where the time goes?" in line for line in view_text(view))
        await pilot.press("backslash")
        assert not any("Who knows where the time goes?" in line for line in view_text(view))
        assert any("signature hidden, \\ to show" in line for line in view_text(view))
        await pilot.press("backslash")
        assert not any("signature hidden" in line for line in view_text(view))


async def test_sort_and_filter_the_thread_list(library):
    app = app_on(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        threads = app.screen.threads
        await pilot.press("o")
        assert threads.sort == "unread"
        await pilot.press("o")
        assert threads.sort == "title"
        assert [r.summary.title for r in threads.rows] == sorted((r.summary.title for r in threads.rows), key=str.casefold)
        await pilot.press("f", *"soviet")
        assert [r.summary.title for r in threads.rows] == [HISTORUM_TITLE]
        await pilot.press("escape")
        assert len(threads.rows) == 3 and app.focused is threads


async def test_position_and_read_state_survive_a_restart(library):
    app = app_on(library)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, view = await open_historum(pilot)
        await pilot.press("n", "n", "n", "n")
        thread_id = view.thread.id
    library.state.save()
    reopened = Library.open(library.path)
    try:
        app = app_on(reopened)
        async with app.run_test(size=(80, 24)) as pilot:
            screen, view = await open_historum(pilot)
            assert view.cursor[0] == 4
            assert reopened.state.is_read(thread_id, 3)
    finally:
        reopened.close()


async def test_export_writes_markdown_under_the_library(library):
    app = app_on(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_historum(pilot)
        await pilot.press("e")
        exported = list((library.path / "exports").glob("*.md"))
        assert len(exported) == 1
        assert HISTORUM_TITLE in exported[0].read_text(encoding="utf-8")


async def test_author_view_lists_posts_by_one_author_and_opens_one(library):
    app = app_on(library)
    async with app.run_test(size=(100, 30)) as pilot:
        screen, view = await open_historum(pilot)
        await pilot.press("n", "n")  # post #3: the anonymous member from Virginia
        author = view.current_post.author
        await pilot.press("a")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "AuthorScreen")
        author_view = app.screen.query_one("#author-posts")
        assert len(author_view.posts) >= 2
        assert all(post.author.key == author.key for post in author_view.posts)
        await pilot.press("end", "enter")
        await wait_for(pilot, lambda: app.screen is screen)
        await wait_for(pilot, lambda: view.cursor[0] == author_view.posts[-1].index)


async def test_help_screen_lists_every_binding(library):
    from tui.screens.help import key_rows

    app = app_on(library)
    async with app.run_test(size=(100, 70)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.press("question_mark")
        assert app.screen.__class__.__name__ == "HelpScreen"
        shown = screen_text(app)
        rows = [row for _, group in key_rows() for row in group]
        assert all(binding_id for _, _, binding_id in rows)
        for description in ("Next post", "Go to quoted post", "Accept suggestion", "Next hit", "Bookmark", "Export"):
            assert description in shown
        await pilot.press("end")  # the query language, at the foot of the help
        await pilot.pause()
        shown = screen_text(app)
        for field in ("author:", "quoted:", "sig:", "date:", "joined:"):  # every field README's query language names
            assert field in shown, field
        await pilot.press("escape")
        assert app.screen.__class__.__name__ == "MainScreen"


async def test_keymap_file_overrides_a_key(library, tmp_path):
    from tui.app import make_app

    keymap = tmp_path / "keymap.toml"
    keymap.write_text('reader.next_post = "x"\nno.such_binding = "z"\n', encoding="utf-8")
    app = make_app(library, keymap_file=keymap)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, view = await open_historum(pilot)
        await pilot.press("x")
        assert view.cursor[0] == 1
        await pilot.press("n")  # the default key was replaced
        assert view.cursor[0] == 1
        assert app.keymap_overrides == {"reader.next_post": "x"}


async def test_the_mouse_opens_threads_and_toggles_quotes(library):
    app = app_on(library)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        screen = app.screen
        position = row_index(screen, HISTORUM_TITLE)
        await pilot.click("#threads", offset=(5, 1 + position * 2))  # inside the border, on the title line
        view = screen.posts
        await wait_for(pilot, lambda: view.thread is not None and view.thread.title == HISTORUM_TITLE)
        view.move_to(8, top=True)
        await pilot.pause()
        start, _ = view._layout(8).span(0)
        line = view._offsets[8] + start - int(view.scroll_y)
        await pilot.click("#posts", offset=(10, 1 + line))
        assert 0 in view.open_quotes.get(8, set())
        await pilot.click("#posts", offset=(10, 1 + line))
        assert 0 not in view.open_quotes.get(8, set())


async def test_posts_added_since_the_last_visit_show_as_new(library):
    app = app_on(library)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        screen = app.screen
        thread_id = screen.threads.rows[row_index(screen, HISTORUM_TITLE)].summary.id
        library.state.visit(thread_id, 7)  # as if the thread had 7 posts when last read
        library.state.mark_read(thread_id, range(7))
        screen.threads.cursor = row_index(screen, HISTORUM_TITLE)
        await pilot.press("enter")
        view = screen.posts
        await wait_for(pilot, lambda: view.thread is not None)
        assert view.cursor[0] == 7  # the first unread post
        assert [i for i, mark in sorted(view.marks.items()) if mark.new] == [7, 8, 9]
        assert view._layout(8).lines[0].text.startswith("NEW #9")
        assert library.state.last_seen_count(thread_id) == 10


async def test_next_unread_goes_on_to_the_next_thread_with_unread_posts(library):
    app = app_on(library)
    async with app.run_test(size=(120, 30)) as pilot:
        screen, view = await open_historum(pilot)
        screen.threads.sort = "title"
        await pilot.pause()
        first = view.thread.id
        library.state.mark_read(first, range(view.thread.post_count))
        view.show(view.thread.posts, thread=view.thread, at=view.thread.post_count - 1)
        await pilot.pause()
        rows = screen.threads.rows
        here = next(i for i, row in enumerate(rows) if row.summary.id == first)
        expected = next(row.summary.id for row in rows[here + 1:] if row.unread)
        await pilot.press("N")
        await wait_for(pilot, lambda: view.thread.id == expected)


async def test_help_scrolls_with_the_readers_keys(library):
    app = app_on(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await pilot.press("question_mark")
        body = app.screen.query_one("#help-body")
        assert body.max_scroll_y > 0  # at 80x24 the help is taller than the screen
        await pilot.press("j", "j")
        await wait_for(pilot, lambda: body.scroll_y >= 2)
        await pilot.press("k")
        await wait_for(pilot, lambda: body.scroll_y == 1)
        await pilot.press("space")
        await wait_for(pilot, lambda: body.scroll_y > 3)
        await pilot.press("b", "b")
        await wait_for(pilot, lambda: body.scroll_y == 0)
        assert app.screen.__class__.__name__ == "HelpScreen"
