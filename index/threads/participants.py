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
    """'7 taking part: Chlodio (4) · Vaeltaja (2) · 5 more with one post': the regulars first."""
    people = participants(posts)
    regulars = [(label, count) for label, count in people if count > 1][:shown]
    if not regulars:
        return f"{len(people)} taking part, one post each" if len(people) > 1 else f"1 taking part: {people[0][0]}"
    named = " · ".join(f"{label} ({count})" for label, count in regulars)
    rest = people[len(regulars):]
    if not rest:
        return f"{len(people)} taking part: {named}"
    more = "more with one post" if all(count == 1 for _, count in rest) else "more"
    return f"{len(people)} taking part: {named} · {len(rest)} {more}"
