"""Who took part in a thread: each author (name or label) with their post count, most active first."""

from __future__ import annotations

from collections.abc import Sequence

from index.model import Post


def participants(posts: Sequence[Post]) -> tuple[tuple[str, int], ...]:
    """(label, posts) per author key, by post count, ties in order of first post."""
    counts: dict[str, list] = {}
    for post in posts:
        entry = counts.setdefault(post.author.key, [post.author.label, 0])
        entry[1] += 1
    ranked = sorted(counts.values(), key=lambda entry: -entry[1])  # stable: first post breaks ties
    return tuple((label, count) for label, count in ranked)


def taking_part(posts: Sequence[Post], shown: int = 12) -> str:
    """'7 taking part: Chlodio (4) · Vaeltaja (2) · …': who a thread is between, most active first."""
    people = participants(posts)
    named = " · ".join(f"{label} ({count})" for label, count in people[:shown])
    more = len(people) - shown
    return f"{len(people)} taking part: {named}" + (f" · and {more} more" if more > 0 else "")
