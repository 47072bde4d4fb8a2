"""Any other text: title from the first line, posts from clear separator lines, else one post."""

from __future__ import annotations

import re

from index.threads.dialects.common import (
    NBSP_SEPARATOR,
    RawPost,
    RawThread,
    body_text,
    clean_lines,
    is_blank,
    split_on,
    take_heading,
)

RULE = re.compile(r"^\s*([-=_*~#])\1{2,}\s*$")


def is_separator(line: str) -> bool:
    return bool(NBSP_SEPARATOR.match(line) or RULE.match(line))


def parse(text: str) -> RawThread:
    lines = clean_lines(text)
    title, rest = take_heading(lines)
    chunks = [chunk for chunk in split_on(rest, is_separator) if not all(is_blank(l) for l in chunk)]
    posts = [RawPost(body=body_text(chunk)) for chunk in chunks] or [RawPost()]
    return RawThread(title=title or "", dialect="plain", posts=posts)
