"""Search in the reader (as you type, did-you-mean, hits, history) and hostile transcript text."""

from __future__ import annotations

import pytest

from tests.test_app_support import app_on, build_library, copy_library, loaded, screen_text, view_text, wait_for

INJECTION = (
    "Markup injection [bold]title[/bold]\n\n"
    "[bold]x[/bold] and \x1b[31mred\x1b[0m text [@click=app.quit]quit[/] [link=https://evil.example/]l[/link]\n\n"
    "second paragraph with \x1b]0;pwned\x07 a title escape\n"
)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_library(tmp_path_factory.mktemp("search") / "library", {"injection.txt": INJECTION})


@pytest.fixture
def library(template, tmp_path):
    library = copy_library(template, tmp_path / "library")
    yield library
    library.close()


async def type_query(pilot, query: str) -> None:
    await pilot.press("slash", *query)
    await wait_for(pilot, lambda: pilot.app.screen.page is not None and pilot.app.screen.page.query == query)


async def test_results_as_you_type_then_enter_opens_best_post_with_hits(library):
    app = app_on(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        screen = app.screen
        await type_query(pilot, "molotov")
        assert screen.threads.search_rows is not None
        rows = screen.threads.rows
        assert rows and all(row.matches and row.matches >= 1 for row in rows)
        assert "matching" in screen_text(app)
        best = screen.page.results[0]
        await pilot.press("enter")
        view = screen.posts
        await wait_for(pilot, lambda: view.thread is not None and view.thread.id == best.thread.id)
        assert view.cursor[0] == best.best.post_index and app.focused is view
        hit_style = view.get_component_rich_style("post-view--hit", partial=True)
        highlighted = [seg.text for strip in view._layout(view.cursor[0]).lines for seg in strip
                       if seg.style and seg.style.bgcolor == hit_style.bgcolor and seg.text.strip()]
        assert highlighted and all(word.lower().startswith("molotov") for word in highlighted)

        here = view.cursor[0]
        # ] and [ step word by word, not block by block: every match from the cursor on, in order.
        expected = [(i, b, m.start(), m.end()) for i, post in enumerate(view.posts) if i >= here
                    for b, block in enumerate(post.blocks) for m in view.hits.finditer(block.text)]
        visited = []
        for _ in range(len(expected) + 1):  # one more press than hits: it stays on the last
            await pilot.press("right_square_bracket")
            visited.append(view.current_hit)
        assert visited == expected + expected[-1:]
        post, block, start, end = visited[-1]
        current = view.get_component_rich_style("post-view--hit-current", partial=True)
        marked = "".join(seg.text for strip in view._layout(post).lines for seg in strip
                         if seg.style and seg.style.bgcolor == current.bgcolor)
        assert marked == view.posts[post].blocks[block].text[start:end]
        first = view._top(post) + view._layout(post).blocks[block][0]
        assert view.scroll_y <= first + view._layout(post).height and first <= view.scroll_y + view.size.height
        if len(expected) > 1:
            await pilot.press("left_square_bracket")
            assert view.current_hit == expected[-2]


async def test_hit_inside_a_folded_quote_opens_it(library):
    app = app_on(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        screen = app.screen
        await type_query(pilot, 'quoted:"carte blanche"')
        await pilot.press("enter")
        view = screen.posts
        await wait_for(pilot, lambda: view.thread is not None)
        while view.current_hit is None or view.current_quote is None:
            before = view.current_hit
            await pilot.press("right_square_bracket")
            assert view.current_hit != before, "no hit inside a quote"
        post, block = view.current_hit[:2]
        assert block in view.open_quotes[post]
        assert "carte blanche" in view.current_quote.text


async def test_did_you_mean_is_shown_and_accepted_with_ctrl_y(library):
    app = app_on(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        screen = app.screen
        await type_query(pilot, "stallin")
        assert screen.page.suggestion == "stalin"
        # Nothing matched as typed: the corrected results are listed at once, and the bar says so.
        assert "showing results for “stalin”" in screen_text(app)
        assert screen.threads.rows and "No matching threads." not in screen_text(app)
        await pilot.press("ctrl+y")
        assert screen.bar.value == "stalin"
        await wait_for(pilot, lambda: screen.page.query == "stalin" and screen.page.total_posts > 0)
        assert screen.threads.rows


async def test_bad_query_is_reported_in_the_bar_not_raised(library):
    app = app_on(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await type_query(pilot, '(((author: "unclosed')
        assert app.screen.page is not None  # no exception reached the app
        assert app.is_running


async def test_history_and_escape(library):
    app = app_on(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        screen = app.screen
        await type_query(pilot, "molotov")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.posts.thread is not None)
        await pilot.press("slash", *["backspace"] * 7, *"alliance", "enter")
        await pilot.press("slash")
        assert screen.bar.value == "alliance"  # the query searched stays in the box...
        await pilot.press("up")
        assert screen.bar.value == "molotov"  # ...so up goes to the one before it at once
        await pilot.press("up")
        assert screen.bar.value == "molotov"
        await pilot.press("down")
        assert screen.bar.value == "alliance"
        await pilot.press("down")
        assert screen.bar.value == ""
        await pilot.press("escape")
        assert app.focused is screen.threads


async def test_stale_results_are_dropped(library):
    from index.model import Page
    from tui.widgets.search_bar import SearchBar

    app = app_on(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        screen = app.screen
        await type_query(pilot, "molotov")
        screen.bar.post_message(SearchBar.Searched("an older query", Page("an older query", (), 0, 0)))
        await pilot.pause(0.1)
        assert screen.page.query == "molotov" and screen.threads.rows


async def test_markup_and_escapes_in_a_post_show_as_plain_text(library):
    app = app_on(library)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        screen = app.screen
        position = next(i for i, row in enumerate(screen.threads.rows) if "injection" in row.summary.title)
        screen.threads.cursor = position
        await pilot.press("enter")
        view = screen.posts
        await wait_for(pilot, lambda: view.thread is not None and "injection" in view.thread.title)
        lines = "\n".join(view_text(view))
        assert "[bold]x[/bold]" in lines and "[@click=app.quit]quit[/]" in lines
        assert "[31mred" in lines and "pwned" in lines  # the loader drops ESC itself; the rest is literal
        segments = [seg for index in range(len(view.posts)) for strip in view._layout(index).lines for seg in strip]
        assert not any("\x1b" in seg.text or "\x07" in seg.text for seg in segments)
        assert not any(seg.style and (seg.style.link or seg.style.meta) for seg in segments)
        shown = screen_text(app)
        assert "[bold]title[/bold]" in shown and "[bold]x[/bold]" in shown
        assert app.is_running


async def test_slash_and_f_are_text_inside_the_boxes(library):
    app = app_on(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        screen = app.screen
        await pilot.press("slash", "f", "slash", "o")
        assert screen.bar.value == "f/o" and app.focused is screen.bar.input
        await pilot.press("escape", "f", "slash", "f")
        assert screen.query_one("#filter").value == "/f"


async def test_one_search_at_a_time_and_the_newest_query_next(library):
    import threading

    searched: list[str] = []
    release = threading.Event()
    real_search = library.search

    def slow_search(query, **options):
        searched.append(query)
        if query == "molotov":
            release.wait(10)  # a slow query: the reader keeps typing meanwhile
        return real_search(query, **options)

    library.search = slow_search
    app = app_on(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        screen = app.screen
        await pilot.press("slash", *"molotov")
        await wait_for(pilot, lambda: searched == ["molotov"])
        for query in ("stalin", "poland", "alliance"):
            screen.bar.input.value = query
            await pilot.pause(0.3)  # each one settles while "molotov" is still being searched
        assert searched == ["molotov"]  # nothing started beside the search in flight
        release.set()
        await wait_for(pilot, lambda: screen.page is not None and screen.page.query == "alliance")
        assert searched == ["molotov", "alliance"]  # the queries typed in between were skipped
        assert screen.bar.value == "alliance"


async def test_the_bar_and_the_list_rows_count_the_same_matching_posts(library):
    app = app_on(library)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        screen = app.screen
        await type_query(pilot, "stalin")
        page = screen.page
        rows = screen.threads.rows
        assert len(rows) == page.total_threads and sum(row.matches for row in rows) == page.total_posts
        shown = screen_text(app)
        assert f"{page.total_posts} posts in {page.total_threads} threads" in shown
        for row in rows:
            assert f"{row.matches} matching" in shown


async def test_words_found_in_a_title_only_say_so_not_no_matches(library):
    app = app_on(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: loaded(app))
        await type_query(pilot, "markup")  # the injection file's title, in none of its posts
        await pilot.pause()
        text = screen_text(app)
        assert "in 1 title only" in text and "title matches · " in text
        assert "no matches" not in text and "0 matching" not in text
