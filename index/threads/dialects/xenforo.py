"""XenForo copies: posts split by non-breaking-space lines, no user headers."""

from __future__ import annotations

from index.threads.dialects.common import RawThread, separated_posts


def parse(text: str) -> RawThread:
    title, posts = separated_posts(text)
    return RawThread(title=title, dialect="xenforo", posts=posts)
