"""Pick the dialect of a transcript and parse it with that dialect; plain always succeeds."""

from __future__ import annotations

from index.dialects import moviechat, plain, xenforo
from index.dialects.common import RawThread, clean_lines


def parse_raw(text: str) -> RawThread:
    """The raw thread of `text`, parsed by the first dialect that recognises it."""
    lines = clean_lines(text)
    if moviechat.looks_like(lines):
        raw = moviechat.parse(text)
        if raw.posts:
            return raw
    if xenforo.looks_like(lines):
        raw = xenforo.parse(text)
        if raw.posts:
            return raw
    return plain.parse(text)
