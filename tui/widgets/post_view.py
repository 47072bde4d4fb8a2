"""The post view: a cursor over post headers and quotes, and the keys that read, fold and follow them."""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.binding import Binding
from textual.geometry import Region
from textual.message import Message

from index.model import Post, Quote
from tui.counts import plural
from tui.widgets.hit_steps import hit_line, next_match
from tui.widgets.post_content import PostContent
from tui.widgets.post_layout import HEADER
from tui.widgets.quote_block import find_quoted


class PostView(PostContent, can_focus=True):
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
        Binding("r", "next_reply", "Next reply", id="post.next_reply"),
        Binding("backspace", "back", "Back", id="post.back"),
        Binding("z", "fold", "Fold replies", id="post.fold"),
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
        self._replies_seen: dict[int, int] = {}  # post -> the reply r went to last from it

    def show(self, posts: Sequence[Post], **options) -> None:
        """Show these posts (see load) and report the post the cursor starts on."""
        self.load(posts, **options)
        self._back, self._replies_seen = [], {}
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
        self.reveal(post)
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
        elif (following := self.arrangement.step(post, 1)) is not None:
            self.move_to(following)

    def action_previous_stop(self) -> None:
        post, stop = self.cursor
        stops = self.stops(post)
        position = stops.index(stop)
        if position > 0:
            self.move_to(post, stops[position - 1])
        elif (before := self.arrangement.step(post, -1)) is not None:
            self.move_to(before, self.stops(before)[-1])

    def action_page(self, direction: int) -> None:
        if not self.posts:
            return
        self.scroll_to(y=self.scroll_y + direction * max(self.size.height - 2, 1), animate=False, immediate=True)
        top, order = int(self.scroll_y), self.arrangement.order
        row = self._row_at(top)
        if self._offsets[row] < top and row + 1 < len(order) and self._offsets[row + 1] < top + self.size.height:
            row += 1  # the first post whose header is on screen
        post = order[row]
        if post != self.cursor[0]:
            self.cursor = (post, HEADER)
            self.post_message(self.PostVisited(self, post))
        self.refresh()

    def action_edge(self, end: int) -> None:
        if self.posts:
            self.move_to(self.arrangement.order[-1 if end else 0], top=True)

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
        """Move to the next (1) or previous (-1) hit word, opening the quote that holds it."""
        if self.hits is None or not self.posts:
            return False
        post, stop = self.cursor
        current = self.current_hit if self.current_hit and self.current_hit[0] == post else None
        found = next_match(self.posts, self.arrangement.after(post, direction), self.hits, direction,
                           (current[1], current[2]) if current else None, stop)
        if found is None:
            return False
        self._go_to_hit(*found)
        return True

    def _go_to_hit(self, index: int, block_index: int, start: int, end: int) -> None:
        previous, self.current_hit = self.current_hit, (index, block_index, start, end)
        if previous is not None and previous[0] != index:
            self._layouts.pop(previous[0], None)
        quote = isinstance(self.posts[index].blocks[block_index], Quote)
        if quote:
            self.open_quotes.setdefault(index, set()).add(block_index)
        self._invalidate(index)
        self.move_to(index, block_index if quote else HEADER)
        first, _ = self._layout(index).blocks[block_index]
        line = hit_line(self.posts[index].blocks[block_index], start, self._text_width(index), quote)
        self.scroll_to_region(Region(0, self._top(index) + first + line, 1, 1), animate=False, immediate=True)

    def action_next_reply(self) -> None:
        """To the next later post quoting the post under the cursor, on the quote; backspace comes back."""
        post = self.cursor[0]
        if self.replies is None or not self.posts:
            self.notify("Replies are known within a thread.", severity="warning")
            return
        replies = self.replies.quoted_by[post]
        if not replies:
            self.notify(f"No later post quotes {self.number(post)}.")
            return
        last = self._replies_seen.get(post, -1)
        reply = next((r for r in replies if r > last), replies[0])  # after the last, back to the first
        self._replies_seen[post] = reply
        stop = next(b for b, block in enumerate(self.posts[reply].blocks) if isinstance(block, Quote) and block.source == post)
        self.move_to(reply, stop, remember=True)
        self._scroll_to_cursor(top=True)
        self.notify(f"Reply {replies.index(reply) + 1} of {len(replies)} to {self.number(post)}: {self.number(reply)}")

    def action_fold(self) -> None:
        """Fold the replies under the post (under the post it answers, when it has none)."""
        if not self.arrangement.tree:
            self.notify("Replies fold in the tree view (v).")
            return
        post = self.cursor[0]
        if self.replies is not None and not self.replies.size[post] and self.replies.parent[post] is not None:
            post = self.replies.parent[post]
            self.move_to(post)
        hidden = self.toggle_fold(post)
        folded = f"{plural(hidden, 'post')} folded under {self.number(post)}"
        self.notify(folded if hidden else f"Unfolded {self.number(post)}")

    def action_leave(self) -> None:
        self.post_message(self.Left())

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not self.posts:
            return
        line = offset.y + int(self.scroll_y)
        post = self._post_at(line)
        stop = self._layout(post).stop_at(line - self._top(post))
        if stop is None:
            return
        self.move_to(post, stop)
        if stop != HEADER:
            self.toggle_quote(post, stop)
