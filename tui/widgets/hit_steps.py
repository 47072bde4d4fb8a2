"""Stepping through search hits word by word: the next match after a place, and the line it wraps to."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from index.model import Block, Post
from tui.widgets.quote_block import BAR
from tui.widgets.wrap import line_spans

Match = tuple[int, int, int, int]  # (post, block, start, end)


def _matches(post: Post, hits: re.Pattern[str]) -> list[tuple[int, int, int]]:
    return [(b, m.start(), m.end()) for b, block in enumerate(post.blocks) for m in hits.finditer(block.text) if m.end() > m.start()]


def next_match(posts: Sequence[Post], order: Iterable[int], hits: re.Pattern[str], direction: int,
               current: tuple[int, int] | None, stop: int) -> Match | None:
    """The first hit after (1) or before (-1) the place in the first post of `order`.

    The place is the current hit (block, start) when there is one in that post, else the
    cursor's stop: a header (-1) or a quote's block index.
    """
    for position, index in enumerate(order):
        found = _matches(posts[index], hits)
        if position == 0:
            if current is not None:
                found = [m for m in found if ((m[0], m[1]) > current if direction > 0 else (m[0], m[1]) < current)]
            elif direction > 0:
                found = [m for m in found if m[0] >= stop]
            else:
                found = [m for m in found if m[0] < stop]
        if found:
            block, start, end = found[0] if direction > 0 else found[-1]
            return index, block, start, end
    return None


def hit_line(block: Block, start: int, width: int, quote: bool) -> int:
    """Which line of a laid-out block holds character `start` (an open quote starts with its attribution)."""
    if quote:
        width -= len(BAR)
    spans = line_spans(block.text, width)
    line = next((i for i, (a, b) in enumerate(spans) if start < b or (a == b and start == a)), len(spans) - 1)
    return line + quote
