"""Writes a generated thread as transcript text, byte for byte in the shape of the seed transcripts."""

from __future__ import annotations

import random

from tests.bench.generate import GenPost, GenThread

NBSP_SEPARATOR = "\n\u00a0\n"


def wrap(text: str, width: int) -> str:
    """Hard line breaks inside a paragraph, as some copies have (seed 000, post #5)."""
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join(lines + [line])


def body(post: GenPost, rng: random.Random, paragraph_sep: str, after_quote: str, width: int = 0) -> str:
    """The post's segments joined the way the forum's copy joins them; own words wrapped at width."""
    out: list[str] = []
    for i, segment in enumerate(post.segments):
        if i:
            out.append(after_quote if post.segments[i - 1].kind == "quote" else paragraph_sep)
        out.append(wrap(segment.text, width) if width and segment.kind == "own" else segment.text)
    return "".join(out)


def historum(thread: GenThread, rng: random.Random) -> str:
    """Title, then header blocks ending in '#N', posts split by NBSP lines; edits and likes after them."""
    parts = [thread.title, "\n\n"]
    for i, post in enumerate(thread.posts):
        if i:
            parts.append(NBSP_SEPARATOR)
            previous = thread.posts[i - 1]
            if previous.edited:
                parts.append("Last edited:\n")
            if previous.likes:
                parts.append("Likes: " + ", ".join(previous.likes) + "\n")
        user = post.user
        if user.name:
            parts.append(f"\n{user.name}\n\n{user.rank}\n")
        parts.append(f"{user.joined}\n{user.post_count:,}\n")
        if user.location:
            parts.append(f"{user.location}\n")
        parts.append(f"#{i + 1}\n")
        sep = rng.choice(("\n", "\n", "\n\n"))
        width = rng.randint(120, 160) if rng.random() < 0.2 else 0
        parts.append(body(post, rng, sep, "\n", width))
    return "".join(parts)


def xenforo(thread: GenThread, rng: random.Random) -> str:
    """Title, bodies split by NBSP lines, and the page's trailing 'Top'."""
    bodies = [body(p, rng, "\n\n", rng.choice(("\n\n", "\n\n", "\n\n\n"))) for p in thread.posts]
    return thread.title + "\n\n" + NBSP_SEPARATOR.join(bodies) + NBSP_SEPARATOR + "Top"


def breadcrumb_title(title: str, width: int = 40) -> str:
    """MovieChat shortens the title in its breadcrumb at a word boundary."""
    if len(title) <= width:
        return title
    cut = title[:width]
    return (cut[: cut.rfind(" ")] if " " in cut else cut) + "..."


def moviechat(thread: GenThread, rng: random.Random) -> str:
    """Breadcrumb, title, and posts each ended by a 'reply' line; signatures after blank lines."""
    parts = [f"{thread.forum} > {breadcrumb_title(thread.title)}\n\n{thread.title}\n\n\n"]
    for i, post in enumerate(thread.posts):
        if i:
            parts.append("\n\nreply\n\n" + ("\n\n" if rng.random() < 0.05 else ""))
        parts.append(body(post, rng, rng.choice(("\n\n", "\n\n", "\n")), "\n\n"))
        if post.user.signature:
            parts.append("\n" * rng.choice((2, 2, 4, 8, 16)) + post.user.signature)
    parts.append("\n\nreply")
    return "".join(parts)


RENDERERS = {"historum": historum, "xenforo": xenforo, "moviechat": moviechat}


def render(thread: GenThread, rng: random.Random) -> str:
    return RENDERERS[thread.dialect](thread, rng)
