"""Huge posts: a megabyte line wraps exactly as Rich would, but only the lines on screen are drawn."""

from __future__ import annotations

import random
import re

from rich.console import Console
from rich.text import Text as RichText
from textual.app import App, ComposeResult

from index.model import Author, Paragraph, Post, Quote, Thread
from tui.widgets import wrap
from tui.widgets.post_layout import HEADER, Marks
from tui.widgets.post_view import PostView
from tui.widgets.wrap import Lines, WrappedLines, count_lines, wrap_text

PIECES = ["a", "bb", "ccc ", " ", "  ", "\n", "longwordlongwordlongword", "日本語", "é", "x" * 90, "\t", "\n\n", ". "]


def rich_lines(console: Console, body: RichText, width: int) -> list[list]:
    return [list(line.render(console)) for line in body.wrap(console, width)]


def test_the_lazy_wrap_breaks_and_styles_lines_exactly_like_rich(monkeypatch):
    console = Console(width=100)
    rng = random.Random(7)
    monkeypatch.setattr(wrap, "LONG_TEXT", -1)  # every text takes the lazy path
    for _ in range(1500):
        plain = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 50)))
        width = rng.randint(2, 40)
        body = RichText(plain, end="")
        body.stylize("bold")
        body.highlight_regex(re.compile(r"b+|日|word"), "red")
        lines = wrap_text(console, body, width)
        assert isinstance(lines, WrappedLines)
        assert [list(strip) for strip in lines] == rich_lines(console, body, width), (plain, width)
        assert count_lines(console, body, width) == len(lines)


def test_lines_join_lists_and_lazy_parts_and_keep_a_tail():
    console = Console(width=100)
    long = RichText("word " * 10_000, end="")
    lazy = WrappedLines(console, long, 20)
    lines = Lines()
    lines.append(wrap_text(console, RichText("head"), 20)[0])
    lines.extend(lazy)
    lines.extend(wrap_text(console, RichText("tail"), 20))
    assert len(lines) == len(lazy) + 2 == 2502
    assert lines[0].text == "head" and lines[-1].text == "tail" and lines[1].text.startswith("word word")
    assert len(lazy._chunks) == 1  # only the line asked for was drawn (with its chunk)
    rest = lines.tail(1)
    assert len(rest) == len(lines) - 1 and rest[0] is lines[1]


def long_line_thread(words: int = 150_000) -> Thread:
    rng = random.Random(3)
    line = " ".join(rng.choice(["history", "alliance", "treaty", "soviet", "border"]) for _ in range(words)) + " lastword"
    author = Author(name="someone", key="k", label="someone")
    posts = (
        Post(index=0, author=author, blocks=(Paragraph(line),), number=1),
        Post(index=1, author=author, blocks=(Quote(text=line, source=0, source_author="someone", score=1.0),), number=2),
    )
    return Thread(id="huge", title="A megabyte line", source="/huge.txt", dialect="plain", posts=posts)


class PostsApp(App):
    CSS_PATH = "../tui/app.tcss"

    def compose(self) -> ComposeResult:
        yield PostView(id="posts")


async def test_a_megabyte_line_is_counted_at_once_and_drawn_only_where_seen():
    app = PostsApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(PostView)
        view.focus()
        thread = long_line_thread()
        view.show(thread.posts, thread=thread, marks={0: Marks(unread=True)})
        await pilot.pause()
        layout = view._layouts[0]
        body = layout.lines._parts[-2]  # the text block, before the blank line after the post
        assert isinstance(body, WrappedLines)
        assert layout.height > 10_000  # every line is counted, so the scrollbar is right
        assert len(body._chunks) == 1  # but only the first screen was drawn
        assert view.virtual_size.height >= layout.height
        # A read mark redraws the header only; the megabyte is not wrapped again.
        view.set_marks(0, Marks(unread=False))
        assert view._layouts[0].lines._parts[-2] is body
        header = layout.span(HEADER)[0]
        assert "●" in layout.lines[header].text and "●" not in view._layouts[0].lines[header].text
        # The end of the post is reachable and shows its last word.
        view.scroll_to(y=layout.height - 2, animate=False, immediate=True)
        await pilot.pause()
        assert "lastword" in view._layouts[0].lines[layout.height - 2].text
        assert len(body._chunks) <= 3
        # Opening a quote of the whole megabyte is lazy in the same way.
        view.toggle_quote(1, 0, True)
        quote_lines = view._layout(1).lines
        assert len(quote_lines) > 10_000 and "lastword" in quote_lines[-2].text
