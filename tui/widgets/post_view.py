"""The post view: a thread's posts drawn lazily with the Line API, a cursor over headers and quotes."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from time import perf_counter

from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from index.models import Post, Quote, Thread
from tui.widgets.post_layout import HEADER, Look, Marks, PostLayout, estimate_height, layout_post

STYLE_NAMES = (
    "header", "number", "author", "meta", "unread", "new", "bookmark", "context", "text", "hit",
    "source", "quote-summary", "quote-text", "quote-bar", "signature", "cursor",
)
MEASURE_DELAY = 0.3  # seconds after a thread opens before idle measuring starts
MEASURE_BUDGET = 0.008  # seconds of layout per idle tick: heights become exact without a stall


class PostView(ScrollView, can_focus=True):
    """Posts of one thread (or one author across threads); only posts near the viewport are laid out."""

    COMPONENT_CLASSES = {f"post-view--{name}" for name in STYLE_NAMES}
    BINDINGS = [
        Binding("j,down", "next_stop", "Next item", id="post.next_item"),
        Binding("k,up", "previous_stop", "Previous item", id="post.previous_item"),
        Binding("space,pagedown", "page(1)", "Page down", id="post.page_down"),
        Binding("b,pageup", "page(-1)", "Page up", id="post.page_up"),
        Binding("home", "edge(0)", "First post", id="post.first", show=False),
        Binding("end", "edge(1)", "Last post", id="post.last", show=False),
        Binding("enter", "activate", "Open/fold quote", id="post.toggle_quote"),
        Binding("g", "go_to_source", "Go to quoted post", id="post.go_to_source"),
        Binding("backspace", "back", "Back", id="post.back"),
        Binding("escape", "leave", "Thread list", id="post.leave"),
    ]

    class PostVisited(Message):
        """The cursor came to a post (the screen marks it read and remembers the position)."""

        def __init__(self, control: PostView, index: int) -> None:
            super().__init__()
            self._control, self.index = control, index

        @property
        def control(self) -> PostView:
            return self._control

    class Left(Message):
        """The reader asked to go back to the thread list."""

    class OpenRequested(Message):
        """In a view mixing threads, the reader chose a post to read in its thread."""

        def __init__(self, thread_id: str, index: int) -> None:
            super().__init__()
            self.thread_id, self.index = thread_id, index

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.thread: Thread | None = None
        self.posts: Sequence[Post] = ()
        self.origins: Sequence[tuple[str, str]] | None = None  # (thread id, title) per post
        self.marks: dict[int, Marks] = {}
        self.open_quotes: dict[int, set[int]] = {}
        self.show_signatures = True
        self.hits: re.Pattern[str] | None = None
        self.source_span: tuple[int, int, int, int] | None = None  # (post, block, start, end)
        self.cursor: tuple[int, int] = (0, HEADER)
        self._back: list[tuple[tuple[int, int], float]] = []
        self._layouts: dict[int, PostLayout] = {}
        self._heights: list[int] = []
        self._offsets: list[int] = [0]
        self._width = 0
        self._measured = 0
        self._hit_at: tuple[int, int] | None = None
        self._measure_timer: Timer | None = None
        self._last_input = 0.0

    # -- content -------------------------------------------------------------------------

    def show(self, posts: Sequence[Post], *, thread: Thread | None = None, at: int = 0,
             origins: Sequence[tuple[str, str]] | None = None, marks: dict[int, Marks] | None = None,
             hits: re.Pattern[str] | None = None) -> None:
        """Show these posts with the cursor on post `at`; nothing is laid out until it is seen."""
        self.thread, self.posts, self.origins = thread, posts, origins
        self.marks = dict(marks or {})
        self.open_quotes, self.hits, self.source_span, self._back = {}, hits, None, []
        self._hit_at = None
        self.cursor = (min(max(at, 0), max(len(posts) - 1, 0)), HEADER)
        self._relayout()
        self.scroll_to(y=self._offsets[self.cursor[0]] if posts else 0, animate=False, immediate=True)
        if posts:  # again once laid out: a view that was never shown cannot scroll yet
            self.call_after_refresh(self._scroll_to_cursor, top=True)
        self._measured = 0
        if self._measure_timer is not None:
            self._measure_timer.stop()
        # Start measuring only after the first screen is painted, so it never delays it.
        self._measure_timer = self.set_timer(MEASURE_DELAY, self._start_measuring)
        if posts:
            self.post_message(self.PostVisited(self, self.cursor[0]))

    def set_hits(self, hits: re.Pattern[str] | None) -> None:
        self.hits = hits
        self._relayout()

    def set_marks(self, index: int, marks: Marks) -> None:
        if self.marks.get(index) != marks:
            self.marks[index] = marks
            self._invalidate(index)

    def set_signatures(self, show: bool) -> None:
        self.show_signatures = show
        self._relayout()

    def toggle_all_quotes(self) -> bool:
        """Open every quote if any is folded, else fold them all; True if they are now open."""
        quotes = {i: {b for b, block in enumerate(p.blocks) if isinstance(block, Quote)} for i, p in enumerate(self.posts)}
        opening = any(blocks - self.open_quotes.get(i, set()) for i, blocks in quotes.items())
        self.open_quotes = {i: set(b) for i, b in quotes.items() if b} if opening else {}
        self._relayout()
        return opening

    def toggle_quote(self, post: int, block: int, open: bool | None = None) -> None:
        opened = self.open_quotes.setdefault(post, set())
        if open is None:
            open = block not in opened
        (opened.add if open else opened.discard)(block)
        self._invalidate(post)

    @property
    def current_post(self) -> Post | None:
        return self.posts[self.cursor[0]] if self.posts else None

    @property
    def current_quote(self) -> Quote | None:
        post, stop = self.cursor
        if not self.posts or stop == HEADER:
            return None
        block = self.posts[post].blocks[stop]
        return block if isinstance(block, Quote) else None

    # -- lazy layout ---------------------------------------------------------------------

    def _look(self, index: int) -> Look:
        span = self.source_span
        return Look(
            width=self._width,
            styles={name: self.get_component_rich_style(f"post-view--{name}", partial=True) for name in STYLE_NAMES},
            open_quotes=frozenset(self.open_quotes.get(index, ())),
            show_signature=self.show_signatures,
            hits=self.hits,
            source_span=span[1:] if span and span[0] == index else None,
            context=self.origins[index][1] if self.origins else None,
        )

    def _layout(self, index: int) -> PostLayout:
        layout = self._layouts.get(index)
        if layout is None:
            layout = layout_post(self.app.console, self.posts[index], self.thread.posts if self.thread else None,
                                 self.marks.get(index, Marks()), self._look(index))
            self._layouts[index] = layout
            if self._heights[index] != layout.height:
                self._heights[index] = layout.height
                self._offsets = [0, *accumulate(self._heights)]
                self.virtual_size = Size(self._width, self._offsets[-1])
        return layout

    def _relayout(self) -> None:
        self._width = max(self.scrollable_content_region.width or self.size.width, 10)
        self._layouts.clear()
        self._heights = [
            estimate_height(post, self._width, frozenset(self.open_quotes.get(i, ())), self.show_signatures)
            + bool(self.origins)
            for i, post in enumerate(self.posts)
        ]
        self._offsets = [0, *accumulate(self._heights)]
        self._measured = 0
        self.virtual_size = Size(self._width, self._offsets[-1])
        self.refresh()

    def _invalidate(self, index: int) -> None:
        self._layouts.pop(index, None)
        self._keep_anchor(lambda: self._layout(index))
        self.refresh()

    def _keep_anchor(self, change) -> None:
        """Run a change of heights without moving the post at the top of the viewport."""
        top = int(self.scroll_y)
        anchor = self._post_at(top)
        within = top - self._offsets[anchor] if self.posts else 0
        change()
        if self.posts and self._offsets[anchor] + within != top:
            self.scroll_to(y=self._offsets[anchor] + within, animate=False, immediate=True)

    def _post_at(self, line: int) -> int:
        return min(max(bisect_right(self._offsets, line) - 1, 0), max(len(self.posts) - 1, 0))

    def _start_measuring(self) -> None:
        self._measure_timer = self.set_interval(0.02, self._measure_some, name="measure")

    def _measure_some(self) -> None:
        """Lay out a few more posts while idle, so heights (and the scrollbar) become exact."""
        if self._measured >= len(self.posts):
            if self._measure_timer is not None:
                self._measure_timer.stop()
            return
        if perf_counter() - self._last_input < MEASURE_DELAY:
            return  # the reader is moving: keep every millisecond for their keys
        self._keep_anchor(self._measure_for_a_while)

    def _measure_for_a_while(self) -> None:
        deadline = perf_counter() + MEASURE_BUDGET
        while self._measured < len(self.posts) and perf_counter() < deadline:
            self._layout(self._measured)
            self._measured += 1

    def on_key(self, event: events.Key) -> None:
        self._last_input = perf_counter()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._last_input = perf_counter()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._last_input = perf_counter()

    def on_resize(self, event: events.Resize) -> None:
        if self.posts and self.scrollable_content_region.width != self._width:
            self._relayout()
            self._scroll_to_cursor(top=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self.posts:
            self._layouts.clear()

    def render_lines(self, crop: Region) -> list[Strip]:
        if self.posts:
            # Lay out what is about to be seen first, so every line of this frame agrees.
            top = int(self.scroll_y)
            index = self._post_at(top)
            while index < len(self.posts) and self._offsets[index] < top + self.size.height:
                self._layout(index)
                index += 1
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = y + int(self.scroll_y)
        if not self.posts or line >= self._offsets[-1]:
            return Strip.blank(width, self.rich_style)
        index = self._post_at(line)
        layout = self._layout(index)
        local = line - self._offsets[index]
        if local >= layout.height:
            return Strip.blank(width, self.rich_style)
        strip = layout.lines[local]
        if index == self.cursor[0]:
            start, end = layout.span(self.cursor[1])
            if start <= local < end:
                strip = strip.extend_cell_length(width).apply_style(self.get_component_rich_style("post-view--cursor"))
        return strip.apply_style(self.rich_style).crop_extend(0, width, self.rich_style)

    # -- cursor --------------------------------------------------------------------------

    def stops(self, index: int) -> list[int]:
        return [HEADER, *(b for b, block in enumerate(self.posts[index].blocks) if isinstance(block, Quote))]

    def move_to(self, post: int, stop: int = HEADER, *, top: bool = False, remember: bool = False) -> None:
        """Put the cursor on a post's header or quote and scroll it into view."""
        if not self.posts:
            return
        if remember:
            self._back.append((self.cursor, self.scroll_y))
        post = min(max(post, 0), len(self.posts) - 1)
        visited = post != self.cursor[0]
        self.cursor = (post, stop if stop in self.stops(post) else HEADER)
        self._scroll_to_cursor(top=top)
        self.refresh()
        if visited:
            self.post_message(self.PostVisited(self, post))

    def _scroll_to_cursor(self, *, top: bool = False) -> None:
        post, stop = self.cursor
        start, end = self._layout(post).span(stop)
        base = self._offsets[post]
        if top:
            self.scroll_to(y=base, animate=False, immediate=True)
        else:
            self.scroll_to_region(Region(0, base + start, 1, end - start), animate=False, immediate=True)

    def action_next_stop(self) -> None:
        post, stop = self.cursor
        stops = self.stops(post)
        position = stops.index(stop)
        if position + 1 < len(stops):
            self.move_to(post, stops[position + 1])
        elif post + 1 < len(self.posts):
            self.move_to(post + 1)

    def action_previous_stop(self) -> None:
        post, stop = self.cursor
        stops = self.stops(post)
        position = stops.index(stop)
        if position > 0:
            self.move_to(post, stops[position - 1])
        elif post > 0:
            self.move_to(post - 1, self.stops(post - 1)[-1])

    def action_page(self, direction: int) -> None:
        if not self.posts:
            return
        self.scroll_to(y=self.scroll_y + direction * max(self.size.height - 2, 1), animate=False, immediate=True)
        top = int(self.scroll_y)
        post = self._post_at(top)
        if self._offsets[post] < top and post + 1 < len(self.posts) and self._offsets[post + 1] < top + self.size.height:
            post += 1  # the first post whose header is on screen
        if post != self.cursor[0]:
            self.cursor = (post, HEADER)
            self.post_message(self.PostVisited(self, post))
        self.refresh()

    def action_edge(self, end: int) -> None:
        self.move_to(len(self.posts) - 1 if end else 0, top=True)

    def action_activate(self) -> None:
        post, stop = self.cursor
        if stop != HEADER:
            self.toggle_quote(post, stop)
        elif self.origins:
            self.post_message(self.OpenRequested(self.origins[post][0], self.posts[post].index))

    def action_go_to_source(self) -> None:
        quote = self.current_quote
        if quote is None:
            self.notify("Put the cursor on a quote first (j/k).", severity="warning")
            return
        if self.origins or quote.source is None or not 0 <= quote.source < len(self.posts):
            self.notify("The post this quote came from is not known.", severity="warning")
            return
        self.source_span = find_quoted(self.posts[quote.source], quote)
        self._layouts.pop(quote.source, None)
        self.move_to(quote.source, top=True, remember=True)

    def action_back(self) -> None:
        if not self._back:
            self.notify("Nowhere to go back to.", severity="information")
            return
        (post, stop), scroll_y = self._back.pop()
        if self.source_span is not None:
            self._layouts.pop(self.source_span[0], None)
            self.source_span = None
        self.cursor = (post, stop)
        self.scroll_to(y=scroll_y, animate=False, immediate=True)
        self.post_message(self.PostVisited(self, post))
        self.refresh()

    def next_hit(self, direction: int) -> bool:
        """Move to the next (1) or previous (-1) block holding a search hit, opening its quote."""
        if self.hits is None or not self.posts:
            return False
        post, stop = self._hit_at if self._hit_at and self._hit_at[0] == self.cursor[0] else self.cursor
        order = range(post, len(self.posts)) if direction > 0 else range(post, -1, -1)
        for index in order:
            blocks = list(enumerate(self.posts[index].blocks))
            for block_index, block in blocks if direction > 0 else reversed(blocks):
                if index == post and (block_index <= stop if direction > 0 else block_index >= stop and stop != HEADER):
                    continue
                if index == post and direction < 0 and stop == HEADER:
                    continue
                if self.hits.search(block.text):
                    self._go_to_hit(index, block_index)
                    return True
        return False

    def _go_to_hit(self, index: int, block_index: int) -> None:
        if isinstance(self.posts[index].blocks[block_index], Quote):
            self.open_quotes.setdefault(index, set()).add(block_index)
            self._invalidate(index)
            self.move_to(index, block_index)
        else:
            self.move_to(index)
            start, end = self._layout(index).blocks[block_index]
            base = self._offsets[index]
            self.scroll_to_region(Region(0, base + start, 1, max(end - start, 1)), animate=False, immediate=True)
        self._hit_at = (index, block_index)

    def action_leave(self) -> None:
        self.post_message(self.Left())

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not self.posts:
            return
        line = offset.y + int(self.scroll_y)
        post = self._post_at(line)
        stop = self._layout(post).stop_at(line - self._offsets[post])
        if stop is None:
            return
        self.move_to(post, stop)
        if stop != HEADER:
            self.toggle_quote(post, stop)


def find_quoted(source: Post, quote: Quote) -> tuple[int, int, int, int] | None:
    """Where in its source post a quote's words are: (post, block, start, end), for highlighting."""
    words = quote.text.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)
    for block_index, block in enumerate(source.blocks):
        if isinstance(block, Quote):
            continue
        match = pattern.search(block.text)
        if match:
            return (source.index, block_index, match.start(), match.end())
    from rapidfuzz import fuzz  # fuzzy quotes (a typo fixed) only: the exact search above is the rule

    best = None
    for block_index, block in enumerate(source.blocks):
        if isinstance(block, Quote):
            continue
        found = fuzz.partial_ratio_alignment(quote.text, block.text)
        if found and (best is None or found.score > best[0]):
            best = (found.score, block_index, found.dest_start, found.dest_end)
    if best is None or best[0] < 60:
        return None
    return (source.index, best[1], best[2], best[3])
