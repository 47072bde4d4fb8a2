"""What the post view shows of its posts: hits, marks, signatures, open quotes, time order or reply tree."""

from __future__ import annotations

import re

from index.model import Post, Quote
from tui.widgets.post_canvas import PostCanvas
from tui.widgets.post_layout import HEADER, Marks, relayout_head


class PostContent(PostCanvas):
    """The post canvas with the reader's choices of what to show, each re-laying out only what it changes."""

    def set_hits(self, hits: re.Pattern[str] | None) -> None:
        self.hits, self.current_hit = hits, None
        self._relayout()

    def set_tree_view(self, on: bool) -> None:
        """Show the thread as a reply tree (or in time order), keeping the cursor on its post."""
        self.tree_view = on
        if self.posts:
            self._relayout()
            self._scroll_to_cursor(top=True)

    def toggle_fold(self, post: int) -> int:
        """Fold or unfold the replies under a post (tree view); how many posts the fold hides (0: unfolded)."""
        if self.replies is None or not self.replies.size[post]:
            return 0
        (self.folded.discard if post in self.folded else self.folded.add)(post)
        self._keep_anchor(self._relayout)
        self._scroll_to_cursor()
        return self.replies.size[post] if post in self.folded else 0

    def reveal(self, post: int) -> None:
        """Unfold whatever hides this post, so the cursor can go there."""
        if self.replies is None or not self.arrangement.tree or self.arrangement.rows[post] >= 0:
            return
        self.folded -= set(self.replies.ancestors(post))
        self._keep_anchor(self._relayout)

    def set_marks(self, index: int, marks: Marks) -> None:
        if self.marks.get(index) != marks:
            self.marks[index] = marks
            layout = self._layouts.get(index)
            if layout is None:
                return
            # Only the header shows marks: a post of a megabyte is not wrapped again for a read mark.
            self._layouts[index] = relayout_head(self.app.console, self.posts[index], marks, self._look(index), layout)
            self._keep_anchor(lambda: self._set_height(index, self._layouts[index].height))
            self.refresh()

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

    def number(self, index: int) -> str:
        """'#7': a post as the forum (or else the reader) numbers it."""
        return f"#{self.posts[index].number or index + 1}"

