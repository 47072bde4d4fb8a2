"""Who answered whom: the later posts quoting each post, and the reply tree a threaded reader walks."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from index.model import Post


@dataclass(frozen=True)
class ReplyTree:
    """Each post under the post it answers; the opening post is the root.

    A post answers the earliest post it quotes (the one whose words started the exchange);
    a post quoting nothing earlier answers the opening post, so it stays in time order there.
    """

    parent: tuple[int | None, ...]  # None for the opening post
    children: tuple[tuple[int, ...], ...]  # in time order
    quoted_by: tuple[tuple[int, ...], ...]  # later posts quoting each post, in time order
    size: tuple[int, ...]  # how many posts each post's subtree holds below it

    def walk(self, folded: Collection[int] = ()) -> list[tuple[int, int, bool]]:
        """(post, depth, is the last child of its parent) in reading order; folded posts hide their subtrees."""
        if not self.parent:
            return []
        rows: list[tuple[int, int, bool]] = []
        stack: list[tuple[int, int, bool]] = [(0, 0, True)]
        children = self.children
        while stack:  # a loop, not recursion: a chain of 2,000 replies is 2,000 deep
            post, depth, last = stack.pop()
            rows.append((post, depth, last))
            if post in folded:
                continue
            kids = children[post]
            for position in range(len(kids) - 1, -1, -1):
                stack.append((kids[position], depth + 1, position == len(kids) - 1))
        return rows

    def ancestors(self, post: int) -> list[int]:
        """The posts above this one, nearest first."""
        out = []
        parent = self.parent[post] if 0 <= post < len(self.parent) else None
        while parent is not None:
            out.append(parent)
            parent = self.parent[parent]
        return out


def quoted_by(posts: Sequence[Post]) -> tuple[tuple[int, ...], ...]:
    """For each post, the later posts that quote it (each once, in time order)."""
    found: list[list[int]] = [[] for _ in posts]
    for position, post in enumerate(posts):
        for source in sorted({q.source for q in post.quotes if q.source is not None}):
            if 0 <= source < position:  # a source at or after the quoting post is bad data, not a reply
                found[source].append(position)
    return tuple(tuple(replies) for replies in found)


def reply_tree(posts: Sequence[Post]) -> ReplyTree:
    """The reply tree of a thread's posts (positions in `posts`, which are post indices in a thread)."""
    parents: list[int | None] = []
    for position, post in enumerate(posts):
        sources = [q.source for q in post.quotes if q.source is not None and 0 <= q.source < position]
        parents.append(min(sources) if sources else (0 if position else None))
    children: list[list[int]] = [[] for _ in posts]
    for position, parent in enumerate(parents):
        if parent is not None:
            children[parent].append(position)
    size = [0] * len(posts)
    for position in range(len(posts) - 1, 0, -1):  # a parent is always earlier than its children
        size[parents[position]] += size[position] + 1  # type: ignore[index]
    return ReplyTree(tuple(parents), tuple(tuple(c) for c in children), quoted_by(posts), tuple(size))
