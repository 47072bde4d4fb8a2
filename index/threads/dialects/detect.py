"""Pick the dialect of a transcript and parse it with that dialect; plain always succeeds."""

from __future__ import annotations

from index.threads.dialects import historum, moviechat, pagecopy, plain, xenforo
from index.threads.dialects.common import NBSP_SEPARATOR, RawThread, clean_lines, split_on, take_heading


def _has_user_headers(lines: list[str]) -> bool:
    return any(historum.has_header(chunk) for chunk in split_on(take_heading(lines)[1], NBSP_SEPARATOR.match))


def _sample(lines: list[str]):
    """The sample dialect whose marks these lines carry, strongest evidence first; None for any other text."""
    if moviechat.has_breadcrumb(lines):
        return moviechat
    if _has_user_headers(lines):
        return historum
    replies = sum(1 for line in lines if moviechat.is_reply(line))
    separators = sum(1 for line in lines if NBSP_SEPARATOR.match(line))
    if separators and separators >= replies:
        return xenforo
    return None


def _weak_guess(lines: list[str]):
    """For text no dialect recognises: a few "reply" lines still split it as MovieChat does."""
    replies = sum(1 for line in lines if moviechat.is_reply(line))
    return moviechat if replies >= 2 else plain


def parse_raw(text: str, name: str = "") -> RawThread:
    """The raw thread of `text`, parsed by the dialect that recognises it (plain if none); `name`, the file's
    name, hints at a copied page's title."""
    lines = clean_lines(text)
    dialect = _sample(lines)
    raw = dialect.parse(text) if dialect else pagecopy.parse(text, name)
    if raw is None or not raw.posts:
        raw = _weak_guess(lines).parse(text)
    return raw if raw.posts else plain.parse(text)
