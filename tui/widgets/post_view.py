"""The post view: a cursor over post headers and quotes, and the keys that read, fold and follow them."""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.binding import Binding
from textual.geometry import Region
from textual.message import Message

from index.model import Post, Quote
from tui.widgets.post_canvas import PostCanvas
from tui.widgets.post_layout import HEADER
from tui.widgets.quote_block import find_quoted


class PostView(PostCanvas, can_focus=True):
    """Posts of one thread (or one author across threads); only posts near the viewport are laid out."""

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
        self._back: list[tuple[tuple[int, int], float]] = []
        self._hit_at: tuple[int, int] | None = None

    def show(self, posts: Sequence[Post], **options) -> None:
        """Show these posts (see load) and report the post the cursor starts on."""
        self.load(posts, **options)
        self._back, self._hit_at = [], None
        if posts:
            self.post_message(self.PostVisited(self, self.cursor[0]))

    # -- cursor --------------------------------------------------------------------------

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
