"""The lazy part of the post view: posts laid out only when seen, heights measured while idle."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from time import perf_counter

from rich.text import Text as RichText
from textual import events
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.timer import Timer

from index.model import Post, Quote, Thread
from index.threads.participants import taking_part
from index.threads.replies import ReplyTree, reply_tree
from tui.widgets.arrangement import Arrangement, time_order, tree_levels, tree_order
from tui.widgets.line_view import LineView
from tui.widgets.post_layout import HEADER, Look, Marks, PostLayout, estimate_height, layout_post

STYLE_NAMES = (
    "header", "number", "author", "meta", "unread", "new", "bookmark", "context", "text", "hit", "hit-current",
    "source", "quote-summary", "quote-text", "quote-bar", "signature", "cursor", "empty", "tree", "replies",
    "folded", "participants",
)

READING_WIDTH = 110  # columns of text at most, however wide the terminal
MEASURE_DELAY = 0.3  # seconds after a thread opens before idle measuring starts
MEASURE_BUDGET = 0.008  # seconds of layout per idle tick: heights become exact without a stall


class PostCanvas(LineView):
    """Posts as lines (Line API): only posts near the viewport are laid out, never a widget per post."""

    COMPONENT_CLASSES = {f"post-view--{name}" for name in STYLE_NAMES}

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.empty_message = "enter: read · /: search · ?: keys"
        self.thread: Thread | None = None
        self.posts: Sequence[Post] = ()
        self.origins: Sequence[tuple[str, str]] | None = None  # (thread id, title) per post
        self.marks: dict[int, Marks] = {}
        self.open_quotes: dict[int, set[int]] = {}
        self.show_signatures = True
        self.hits: re.Pattern[str] | None = None
        self.source_span: tuple[int, int, int, int] | None = None  # (post, block, start, end)
        self.cursor: tuple[int, int] = (0, HEADER)
        self.replies: ReplyTree | None = None  # who answered whom, for a thread (not a view mixing threads)
        self.tree_view = False
        self.folded: set[int] = set()
        self.arrangement: Arrangement = time_order(0)
        self.current_hit: tuple[int, int, int, int] | None = None  # (post, block, start, end)
        self._preface: str | None = None
        self._layouts: dict[int, PostLayout] = {}
        self._heights: list[int] = []
        self._offsets: list[int] = [0]
        self._width = 0
        self._measured = 0
        self._measure_timer: Timer | None = None
        self._last_input = 0.0
        self._style_cache: dict | None = None

    # -- content -------------------------------------------------------------------------

    def load(self, posts: Sequence[Post], *, thread: Thread | None = None, at: int = 0,
             origins: Sequence[tuple[str, str]] | None = None, marks: dict[int, Marks] | None = None,
             hits: re.Pattern[str] | None = None, tree: ReplyTree | None = None) -> None:
        """Take these posts with the cursor on post `at`; nothing is laid out until it is seen."""
        self.thread, self.posts, self.origins = thread, posts, origins
        self.marks = dict(marks or {})
        self.open_quotes, self.hits, self.source_span, self.current_hit = {}, hits, None, None
        self.replies = (tree or reply_tree(posts)) if thread is not None else None
        self.folded = set()
        self._preface = taking_part(posts) if thread is not None and len(posts) > 1 else None
        self.cursor = (min(max(at, 0), max(len(posts) - 1, 0)), HEADER)
        self._relayout()
        self.scroll_to(y=self._top(self.cursor[0]) if posts else 0, animate=False, immediate=True)
        if posts:  # again once laid out: a view that was never shown cannot scroll yet
            self.call_after_refresh(self._scroll_to_cursor, top=True)
        self._measured = 0
        if self._measure_timer is not None:
            self._measure_timer.stop()
        # Start measuring only after the first screen is painted, so it never delays it.
        self._measure_timer = self.set_timer(MEASURE_DELAY, self._start_measuring)

    # -- lazy layout ---------------------------------------------------------------------

    def _styles(self) -> dict:
        if self._style_cache is None:  # rebuilt when the theme or CSS changes
            self._style_cache = {
                name: self.get_component_rich_style(f"post-view--{name}", partial=True) for name in STYLE_NAMES
            }
        return self._style_cache

    def _look(self, index: int) -> Look:
        span, hit, arranged = self.source_span, self.current_hit, self.arrangement
        tree = self.replies
        return Look(
            width=self._width,
            styles=self._styles(),
            open_quotes=frozenset(self.open_quotes.get(index, ())),
            show_signature=self.show_signatures,
            hits=self.hits,
            source_span=span[1:] if span and span[0] == index else None,
            context=self.origins[index][1] if self.origins else None,
            preface=self._preface if index == 0 else None,
            tree_head=arranged.head[index] if arranged.tree else "",
            tree_body=arranged.body[index] if arranged.tree else "",
            quoted_by=tuple(self.number(i) for i in tree.quoted_by[index]) if tree else (),
            hidden=arranged.hidden.get(index, 0),
            current_hit=hit[1:] if hit and hit[0] == index else None,
        )

    def _layout(self, index: int) -> PostLayout:
        layout = self._layouts.get(index)
        if layout is None:
            layout = layout_post(self.app.console, self.posts[index], self.thread.posts if self.thread else None,
                                 self.marks.get(index, Marks()), self._look(index))
            self._layouts[index] = layout
            self._set_height(index, layout.height)
        return layout

    def _set_height(self, index: int, height: int) -> None:
        row = self.arrangement.rows[index]
        if row >= 0 and self._heights[row] != height:
            self._heights[row] = height
            self._offsets = [0, *accumulate(self._heights)]
            self.virtual_size = Size(self._width, self._offsets[-1])

    def _text_width(self, index: int) -> int:
        """Columns a post's paragraphs wrap to: the width less its tree lines and the margin."""
        arranged = self.arrangement
        return self._width - (len(arranged.body[index]) if arranged.tree else 0) - 1

    def _top(self, index: int) -> int:
        """The first line of a post (of the post above it while it is folded away)."""
        rows = self.arrangement.rows
        row = rows[index] if 0 <= index < len(rows) else -1
        if row < 0 and self.replies is not None:
            row = next((rows[a] for a in self.replies.ancestors(index) if rows[a] >= 0), 0)
        return self._offsets[max(row, 0)]

    def _arrange(self) -> Arrangement:
        if self.tree_view and self.replies is not None:
            self.folded &= {i for i, size in enumerate(self.replies.size) if size}
            return tree_order(self.replies, self.folded, tree_levels(self._width))
        return time_order(len(self.posts))

    def _relayout(self) -> None:
        self._width = self._reading_width()
        self._layouts.clear()
        self.arrangement = arranged = self._arrange()
        width, posts, pad = self._width, self.posts, bool(self.origins)
        self._heights = [
            estimate_height(posts[i], width - len(arranged.body[i]) if arranged.tree else width,
                            frozenset(self.open_quotes.get(i, ())), self.show_signatures) + pad
            for i in arranged.order
        ]
        if self._preface is not None and arranged.order:
            self._heights[0] += len(self._preface) // max(width - 2, 8) + 2
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
        within = top - self._top(anchor) if self.posts else 0
        change()
        if self.posts and self._top(anchor) + within != top:
            self.scroll_to(y=self._top(anchor) + within, animate=False, immediate=True)

    def _row_at(self, line: int) -> int:
        return min(max(bisect_right(self._offsets, line) - 1, 0), max(len(self.arrangement.order) - 1, 0))

    def _post_at(self, line: int) -> int:
        """The post on this line of the view."""
        order = self.arrangement.order
        return order[self._row_at(line)] if order else 0

    @property
    def measured(self) -> bool:
        """Every post laid out: heights, and so the scrollbar, are exact and stay put."""
        return self._measured >= len(self.arrangement.order)

    def _start_measuring(self) -> None:
        self._measure_timer = self.set_interval(0.02, self._measure_some, name="measure")

    def _measure_some(self) -> None:
        """Lay out a few more posts while idle, so heights (and the scrollbar) become exact."""
        if self.measured:
            if self._measure_timer is not None:
                self._measure_timer.stop()
            return
        if perf_counter() - self._last_input < MEASURE_DELAY:
            return  # the reader is moving: keep every millisecond for their keys
        self._keep_anchor(self._measure_for_a_while)

    def _measure_for_a_while(self) -> None:
        deadline = perf_counter() + MEASURE_BUDGET
        order = self.arrangement.order
        while self._measured < len(order) and perf_counter() < deadline:
            self._layout(order[self._measured])
            self._measured += 1

    def on_key(self, event: events.Key) -> None:
        self._last_input = perf_counter()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._last_input = perf_counter()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._last_input = perf_counter()

    def _reading_width(self) -> int:
        # Lines longer than this are hard to read; wide terminals get a margin instead.
        return min(max(self.scrollable_content_region.width or self.size.width, 10), READING_WIDTH)

    def on_resize(self, event: events.Resize) -> None:
        if self.posts and self._reading_width() != self._width:
            self._relayout()
            self._scroll_to_cursor(top=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style_cache = None
        if self.posts:
            self._layouts.clear()

    def render_lines(self, crop: Region) -> list[Strip]:
        if self.posts:
            if self._reading_width() != self._width:
                # Resized since the last frame (the Resize event comes later): lay out once, at the new width.
                self._keep_anchor(self._relayout)
            # Lay out what is about to be seen first, so every line of this frame agrees.
            top, order = int(self.scroll_y), self.arrangement.order
            row = self._row_at(top)
            while row < len(order) and self._offsets[row] < top + self.size.height:
                self._layout(order[row])
                row += 1
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        base, width = self.frame()
        line = y + int(self.scroll_y)
        if not self.posts and line == 1 and self.empty_message:
            hint = RichText(f" {self.empty_message}", style=self.get_component_rich_style("post-view--empty"), end="")
            return Strip(list(hint.render(self.app.console))).crop_extend(0, width, base)
        if not self.posts or line >= self._offsets[-1]:
            return Strip.blank(width, base)
        row = self._row_at(line)
        index = self.arrangement.order[row]
        layout = self._layout(index)
        local = line - self._offsets[row]
        if local >= layout.height:
            return Strip.blank(width, base)
        strip = layout.lines[local]
        if index == self.cursor[0]:
            start, end = layout.span(self.cursor[1])
            if start <= local < end:
                strip = strip.extend_cell_length(width).apply_style(self.get_component_rich_style("post-view--cursor"))
        return strip.apply_style(base).crop_extend(0, width, base)

    def stops(self, index: int) -> list[int]:
        return [HEADER, *(b for b, block in enumerate(self.posts[index].blocks) if isinstance(block, Quote))]

    def _scroll_to_cursor(self, *, top: bool = False) -> None:
        post, stop = self.cursor
        start, end = self._layout(post).span(stop)
        base = self._top(post)
        if top:
            self.scroll_to(y=base, animate=False, immediate=True)
        else:
            self.scroll_to_region(Region(0, base + start, 1, end - start), animate=False, immediate=True)

