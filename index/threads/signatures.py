"""Signature detection: a trailing sign-off repeated across posts, or set apart by blank lines."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from index.threads.dialects.common import RawPost

# A sign-off is short; a long last paragraph after a gap is still the author's words.
SIGNATURE_CHARS = 240
SIGNATURE_LINES = 3
SET_APART_BLANKS = 3
_GAP = re.compile(r"\n(?:[ \t]*\n){%d,}" % SET_APART_BLANKS)


def _last_line(body: str) -> str:
    return body.rsplit("\n", 1)[-1].strip()


def _repeated_endings(posts: list[RawPost]) -> set[str]:
    """Last lines that end two or more posts and read like a sign-off rather than a reply."""
    counts = Counter(_last_line(p.body) for p in posts if "\n" in p.body.strip())
    return {
        line
        for line, n in counts.items()
        if n >= 2 and len(line.split()) >= 2 and len(line) <= SIGNATURE_CHARS
    }


def _split(body: str, repeated: set[str]) -> tuple[str, str | None]:
    """The body without its signature, and the signature if it has one."""
    body = body.strip("\n")
    if "\n" in body and _last_line(body) in repeated:
        head = body.rsplit("\n", 1)[0].rstrip()
        if head.strip():
            return head, _last_line(body)
    parts = _GAP.split(body)
    if len(parts) >= 2:
        tail = parts[-1].strip()
        head = body[: len(body) - len(parts[-1])].rstrip()
        if tail and head.strip() and len(tail) <= SIGNATURE_CHARS and tail.count("\n") < SIGNATURE_LINES:
            return head, tail
    return body, None


def _split_parts(post: RawPost, repeated: set[str]) -> RawPost:
    """A post whose page marks quotes: a signature can only end its last run of own text."""
    parts = list(post.parts or [])
    if not parts or not isinstance(parts[-1], str):
        return replace(post, likes=list(post.likes), parts=parts)
    text, signature = _split(parts[-1], repeated)
    if signature is None:
        return replace(post, likes=list(post.likes), parts=parts)
    parts[-1] = text
    body = post.body.strip("\n")
    if body.endswith(signature):
        body = body[: -len(signature)].rstrip()
    return replace(post, body=body, signature=signature, likes=list(post.likes), parts=parts)


def split_signatures(posts: list[RawPost]) -> list[RawPost]:
    """The posts with their signatures moved out of the body into `signature`."""
    repeated = _repeated_endings(posts)
    result = []
    for post in posts:
        if post.signature is not None:
            result.append(post)
            continue
        if post.parts is not None:
            result.append(_split_parts(post, repeated))
            continue
        body, signature = _split(post.body, repeated)
        result.append(replace(post, body=body, signature=signature, likes=list(post.likes)))
    return result
