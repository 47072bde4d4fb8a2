"""Signature detection by evidence: trailing text one author repeats, or set off by a signature delimiter."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from index.threads.changed import changed
from index.threads.dialects.common import RawPost

# A sign-off is short; a long last paragraph is still the author's words.
SIGNATURE_CHARS = 240
SIGNATURE_LINES = 3
# The line forum software and mail put before a signature: "-- ", or a rule of underscores or dashes.
_DELIMITER = re.compile(r"^[ \t]*(?:--|_{3,}|-{3,}|\u2014{2,}|\u2500{3,})[ \t]*$")
_BLANK = re.compile(r"\n[ \t]*\n")


def _identity(post: RawPost) -> tuple | None:
    """Who wrote a post as far as its header tells (None: nothing tells, an anonymous post)."""
    if post.name:
        return ("name", post.name.casefold())
    if post.joined is not None or post.post_count is not None or post.location is not None:
        return ("fields", post.joined, post.post_count, post.location)
    return None


def _tails(body: str) -> list[tuple[str, str]]:
    """(head, tail) splits a signature could make: the last line, and the last paragraph if short."""
    out = []
    if "\n" in body:
        head, last = body.rsplit("\n", 1)
        out.append((head.rstrip(), last.strip()))
    parts = _BLANK.split(body)
    if len(parts) >= 2:
        tail = parts[-1].strip()
        if tail.count("\n") < SIGNATURE_LINES:
            out.append((body[: len(body) - len(parts[-1])].rstrip(), tail))
    return [(h, t) for h, t in out if h.strip() and t and len(t) <= SIGNATURE_CHARS and len(t.split()) >= 2]


def _delimited(body: str) -> tuple[str, str] | None:
    """(head, signature) when a delimiter line stands shortly before the end of the body."""
    lines = body.split("\n")
    for at in range(len(lines) - 1, max(-1, len(lines) - SIGNATURE_LINES - 3), -1):
        if _DELIMITER.match(lines[at]):
            head, tail = "\n".join(lines[:at]).rstrip(), "\n".join(lines[at + 1 :]).strip()
            if head.strip() and tail and len(tail) <= SIGNATURE_CHARS:
                return head, tail
            return None
    return None


def _repeated(posts: list[RawPost]) -> set[tuple[tuple | None, str]]:
    """(author, tail) pairs that end two or more posts of one author; anonymous posts count as one
    author here, since a shared sign-off is how they are told apart (authors.identify)."""
    counts = Counter()
    for post in posts:
        who = _identity(post)
        for tail in {t for _, t in _tails(post.body.strip("\n"))}:
            counts[(who, tail)] += 1
    return {key for key, n in counts.items() if n >= 2}


def _split(body: str, who: tuple | None, repeated: set) -> tuple[str, str | None]:
    """The body without its signature, and the signature if the evidence shows one."""
    body = body.strip("\n")
    found = _delimited(body)
    if found is not None:
        return found
    for head, tail in sorted(_tails(body), key=lambda ht: -len(ht[1])):
        if (who, tail) in repeated:
            return head, tail
    return body, None


def _split_parts(post: RawPost, repeated: set) -> RawPost:
    """A post whose page marks quotes: a signature can only end its last run of own text."""
    parts = list(post.parts or [])
    if not parts or not isinstance(parts[-1], str):
        return replace(post, likes=list(post.likes), parts=parts)
    text, signature = _split(parts[-1], _identity(post), repeated)
    if signature is None:
        return replace(post, likes=list(post.likes), parts=parts)
    parts[-1] = text
    body = post.body.strip("\n")
    if body.endswith(signature):
        body = body[: -len(signature)].rstrip()
    return replace(post, body=body, signature=signature, likes=list(post.likes), parts=parts)


def split_signatures(posts: list[RawPost]) -> list[RawPost]:
    """The posts with their signatures moved out of the body into `signature`; a signature the
    page's markup gave (already set) is kept."""
    repeated = _repeated(posts)
    result = []
    for post in posts:
        if post.signature is not None:
            result.append(post)
            continue
        if post.parts is not None:
            result.append(_split_parts(post, repeated))
            continue
        body, signature = _split(post.body, _identity(post), repeated)
        result.append(changed(post, body=body, signature=signature, likes=list(post.likes)))
    return result
