"""Historum copies: XenForo posts split by non-breaking-space lines, each under a user header (name, rank, join month, post count, location, "#N")."""

from __future__ import annotations

import re

from index.threads.dialects.common import RawPost, RawThread, is_blank, separated_posts

MONTH_YEAR = re.compile(
    r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{4}$", re.IGNORECASE
)
POST_NUMBER = re.compile(r"^#\s?(\d{1,7})$")
COUNT = re.compile(r"^\d{1,3}(?:[,.]\d{3})*$|^\d+$")
# A header is a handful of short lines; a "#N" further down belongs to the body.
HEADER_REACH = 9
HEADER_LINE_LIMIT = 80


def find_header(lines: list[str]) -> int | None:
    """Index of the "#N" line that ends a user header at the top of `lines`, if there is one."""
    seen = 0
    for i, line in enumerate(lines):
        if is_blank(line):
            continue
        stripped = line.strip()
        if POST_NUMBER.match(stripped):
            before = [l.strip() for l in lines[:i] if not is_blank(l)]
            return i if any(MONTH_YEAR.match(l) for l in before) else None
        seen += 1
        if seen > HEADER_REACH or len(stripped) > HEADER_LINE_LIMIT:
            return None
    return None


def has_header(lines: list[str]) -> bool:
    return find_header(lines) is not None


def read_header(lines: list[str], post: RawPost) -> list[str]:
    """Fill `post` from the header at the top of `lines`; returns the body lines after it."""
    end = find_header(lines)
    if end is None:
        return lines
    post.number = int(POST_NUMBER.match(lines[end].strip()).group(1))
    # Keep blank-line structure: a name stands apart from the rank by a blank line.
    header = [(l.strip(), i + 1 < end and is_blank(lines[i + 1])) for i, l in enumerate(lines[:end]) if not is_blank(l)]
    joined_at = next(i for i, (l, _) in enumerate(header) if MONTH_YEAR.match(l))
    post.joined = header[joined_at][0]
    before, after = header[:joined_at], [l for l, _ in header[joined_at + 1 :]]
    if len(before) >= 2:
        post.name = before[0][0]
        post.rank = " ".join(l for l, _ in before[1:])
    elif len(before) == 1:
        line, apart = before[0]
        if apart:
            post.name = line
        else:
            post.rank = line
    if after and COUNT.match(after[0]):
        post.post_count = int(re.sub(r"[,.]", "", after[0]))
        after = after[1:]
    if after:
        post.location = ", ".join(after)
    return lines[end + 1 :]


def _read_if_header(lines: list[str], post: RawPost) -> list[str]:
    return read_header(lines, post) if has_header(lines) else lines


def parse(text: str) -> RawThread:
    title, posts = separated_posts(text, _read_if_header)
    return RawThread(title=title, dialect="historum", posts=posts)
