"""Posts split by non-breaking-space lines (XenForo copies), with or without Historum user headers."""

from __future__ import annotations

import re

from index.threads.dialects import historum
from index.threads.dialects.common import (
    NBSP_SEPARATOR,
    RawPost,
    RawThread,
    body_text,
    clean_lines,
    drop_trailing_chrome,
    is_blank,
    split_on,
    take_heading,
)

LAST_EDITED = re.compile(r"^Last edited(?: by [^:]*)?:\s*(.*)$", re.IGNORECASE)
LIKES = re.compile(r"^(?:Likes|Reactions):\s*(.*)$", re.IGNORECASE)


def _split_likes(text: str) -> list[str]:
    names = re.split(r",\s*|\s+and\s+", text.strip())
    return [name for name in (n.strip() for n in names) if name]


def _take_trailers(lines: list[str], previous: RawPost | None) -> list[str]:
    """Move "Last edited:" / "Likes:" lines at the top of a chunk onto the post before it."""
    i = 0
    while i < len(lines) and previous is not None:
        line = lines[i].strip()
        if is_blank(line):
            i += 1
        elif LAST_EDITED.match(line):
            previous.edited = True
            i += 1
        elif match := LIKES.match(line):
            previous.likes.extend(_split_likes(match.group(1)))
            i += 1
        else:
            break
    # Blank lines we skipped before a non-trailer line are harmless; return from the first non-trailer.
    return lines[i:]


def parse(text: str) -> RawThread:
    lines = clean_lines(text)
    title, rest = take_heading(lines)
    chunks = split_on(rest, NBSP_SEPARATOR.match)
    if chunks:
        chunks[-1] = drop_trailing_chrome(chunks[-1])
    posts: list[RawPost] = []
    headers = 0
    for chunk in chunks:
        chunk = _take_trailers(chunk, posts[-1] if posts else None)
        if all(is_blank(line) for line in chunk):
            continue
        post = RawPost()
        if historum.has_header(chunk):
            chunk = historum.read_header(chunk, post)
            headers += 1
        post.body = body_text(chunk)
        posts.append(post)
    dialect = "historum" if headers else "xenforo"
    return RawThread(title=title or "", dialect=dialect, posts=posts)
