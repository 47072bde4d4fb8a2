"""The order the post view shows posts in: time order, or the reply tree drawn with slrn-like lines."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from index.threads.replies import ReplyTree

BRANCH, LAST = "├─", "└─"
GOES_ON, ENDED = "│ ", "  "
ELIDED = "┆ "  # in place of the levels too deep to draw
MARGIN = " "  # between the pane's border and the tree lines


@dataclass
class Arrangement:
    """Display rows and the posts on them; in tree view also each post's tree lines and folds."""

    order: list[int]  # row -> post position
    rows: list[int]  # post position -> row, -1 while folded away
    head: list[str] = field(default_factory=list)  # tree lines before a post's header ("" in time order)
    body: list[str] = field(default_factory=list)  # tree lines before its other lines
    hidden: dict[int, int] = field(default_factory=dict)  # folded post -> how many posts its fold hides

    @property
    def tree(self) -> bool:
        return bool(self.head)

    def step(self, post: int, step: int) -> int | None:
        """The post `step` rows after (or before) this one, None past either end."""
        row = self.rows[post] + step if 0 <= post < len(self.rows) and self.rows[post] >= 0 else -1
        return self.order[row] if 0 <= row < len(self.order) else None

    def after(self, post: int, step: int = 1) -> list[int]:
        """The posts from this one on, in display order, forwards (1) or backwards (-1)."""
        row = self.rows[post] if 0 <= post < len(self.rows) else -1
        if row < 0:
            return list(self.order if step > 0 else reversed(self.order))
        return self.order[row:] if step > 0 else self.order[row::-1]


def time_order(count: int) -> Arrangement:
    return Arrangement(list(range(count)), list(range(count)))


def tree_order(tree: ReplyTree, folded: Collection[int], levels: int) -> Arrangement:
    """Rows in reply-tree order with the tree lines of each post, at most `levels` levels drawn."""
    count = len(tree.parent)
    levels = max(levels, 2)
    order: list[int] = []
    rows = [-1] * count
    head, body = [""] * count, [""] * count
    goes_on: list[bool] = []  # per level above a post: does that ancestor have later siblings
    for post, depth, last in tree.walk(folded):
        rows[post] = len(order)
        order.append(post)
        if depth == 0:
            continue
        del goes_on[depth - 1:]
        drawn = goes_on[-(levels - 1):] if depth > 1 else []
        guide = "".join(GOES_ON if on else ENDED for on in drawn)
        if depth > levels:  # deeper than the width allows: the shallowest drawn level stands for the rest
            guide = ELIDED + guide[len(ELIDED):]
        head[post] = MARGIN + guide + (LAST if last else BRANCH)
        body[post] = MARGIN + guide + (ENDED if last else GOES_ON)
        goes_on.append(not last)
    hidden = {post: tree.size[post] for post in folded if 0 <= post < count and rows[post] >= 0 and tree.size[post]}
    return Arrangement(order, rows, head, body, hidden)


def tree_levels(width: int) -> int:
    """How many levels of tree lines a post view of this width can draw and still leave room to read."""
    return min(max((width - 40) // 4, 2), 12)
