"""Pick the dialect of a transcript and parse it with that dialect; plain always succeeds."""

from __future__ import annotations

from index.threads.dialects import historum, moviechat, plain, xenforo
from index.threads.dialects.common import NBSP_SEPARATOR, RawThread, clean_lines, split_on, take_heading


def _has_user_headers(lines: list[str]) -> bool:
    return any(historum.has_header(chunk) for chunk in split_on(take_heading(lines)[1], NBSP_SEPARATOR.match))


def _chosen(lines: list[str]):
    """The dialect module for these lines: the strongest evidence first."""
    if moviechat.has_breadcrumb(lines):
        return moviechat
    if _has_user_headers(lines):
        return xenforo  # parses Historum headers in each post
    replies = sum(1 for line in lines if moviechat.is_reply(line))
    separators = sum(1 for line in lines if NBSP_SEPARATOR.match(line))
    if replies >= 2 and replies > separators:
        return moviechat
    if separators:
        return xenforo
    return plain


def parse_raw(text: str) -> RawThread:
    """The raw thread of `text`, parsed by the dialect that recognises it (plain if none)."""
    dialect = _chosen(clean_lines(text))
    raw = dialect.parse(text)
    return raw if raw.posts else plain.parse(text)
