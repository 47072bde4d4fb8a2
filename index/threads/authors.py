"""Who wrote each post: names kept, unnamed posts grouped by header fields or signature; mentions."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import replace

from index.threads.dialects.common import RawPost
from index.model import Author, Post


def short_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=6).hexdigest()


class _Groups:
    """Union-find over post indices: posts surely by one person end up in one group."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _fields(post: RawPost) -> tuple | None:
    if post.joined is None and post.post_count is None and post.location is None:
        return None
    return (post.joined, post.post_count, post.location)


def _member_label(post: RawPost, with_count: bool) -> str:
    label = "member"
    if post.location:
        label += f" from {post.location}"
    if post.joined:
        label += f", joined {post.joined}" if post.location else f" joined {post.joined}"
    if post.post_count is not None and (with_count or not (post.location or post.joined)):
        label += f", {post.post_count:,} posts"
    return label


def identify(posts: list[RawPost], salt: str) -> list[Author]:
    """An Author per post; `salt` (the thread id) keeps anonymous keys apart between threads."""
    groups = _Groups(len(posts))
    first_seen: dict[tuple, int] = {}
    for i, post in enumerate(posts):
        if post.name:
            key = ("name", post.name.casefold())
        elif (fields := _fields(post)) is not None:
            key = ("fields",) + fields
        else:
            key = None
        if key is not None:
            groups.join(first_seen.setdefault(key, i), i)
        if post.signature and not post.name:
            groups.join(first_seen.setdefault(("sig", post.signature.casefold()), i), i)

    roots = sorted({groups.find(i) for i in range(len(posts))})
    labels: dict[int, str] = {}
    keys: dict[int, str] = {}
    anonymous = 0
    for root in roots:
        post = posts[root]
        if post.name:
            labels[root], keys[root] = post.name, short_hash("name\0" + post.name.casefold())
        elif _fields(post) is not None:
            labels[root] = _member_label(post, with_count=False)
            keys[root] = short_hash("member\0" + repr(_fields(post)))
        else:
            anonymous += 1
            labels[root], keys[root] = f"anonymous #{anonymous}", short_hash(f"anon\0{salt}\0{root}")
    # Two members from one place who joined the same month need their post counts to tell apart.
    counts = Counter(labels.values())
    clashing = {label for label, n in counts.items() if n > 1}
    for root in roots:
        if labels[root] in clashing and not posts[root].name and _fields(posts[root]):
            labels[root] = _member_label(posts[root], with_count=True)
    return [
        Author(name=post.name, key=keys[groups.find(i)], label=labels[groups.find(i)])
        for i, post in enumerate(posts)
    ]


_GREETING = (r"(?:sorry|thanks|thank you|hi|hello|hey|dear|well|yes|no|ok|okay|agreed|exactly|indeed)"
             r",?\s+@?([A-Za-z][\w.-]{1,30})\s*[,:!]")
# A greeting opens the text, a line, or a sentence. The two patterns are one pattern's "(?:^|[.!?]\s+|\n)"
# alternatives: beginning with a character class, the second is scanned for in C, not tried everywhere.
_OPENER_FIRST = re.compile(_GREETING, re.IGNORECASE)
_OPENER = re.compile(r"[.!?\n](?:(?<=\n)|(?<=[.!?])\s+)" + _GREETING, re.IGNORECASE)
_NAME_WORD = re.compile(r"\w+")
_AT = re.compile(r"(?<![\w@])@([A-Za-z][\w.-]{1,30})")
_NOT_NAMES = frozenset(
    "all everyone everybody guys folks man mate sir then though but and so buddy friend dude people "
    "lol too again pal i you we it that this there yes no well ok okay".split()
)


def _present(by_word: dict[str, list[str]], text: str):
    """The keys of by_word (first words of names, or "") that are whole words of the text."""
    if len(by_word) > _FEW_NAMES:  # many names: one pass over the text's words
        return (set(_NAME_WORD.findall(text)) | {""}) & by_word.keys()
    # A few: each looked for as a substring first (the name's first word is all word characters,
    # so it is one of the text's words where no word character stands beside it).
    return [w for w in by_word if w == "" or (w in text and re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text))]


_FEW_NAMES = 24


def openers(text: str) -> list[re.Match]:
    """The greetings that address someone ("Sorry ashton,"), in order, as one left-to-right scan finds them."""
    first = _OPENER_FIRST.match(text)
    if first is None:
        return list(_OPENER.finditer(text))
    return [first, *_OPENER.finditer(text, first.end())]


def find_mentions(posts: tuple[Post, ...]) -> tuple[Post, ...]:
    """The posts with `mentions`: people addressed ("Sorry ashton,", "@name") or named authors cited."""
    names = {p.author.name for p in posts if p.author.name}
    # Names by their first word, so a post is only searched for the names whose first word it holds
    # (a long thread has thousands of authors).
    by_word: dict[str, list[str]] = {}
    for name in sorted(names):
        first = _NAME_WORD.search(name)
        by_word.setdefault(first.group() if first else "", []).append(name)
    result = []
    for post in posts:
        text = post.own_text
        found: dict[str, None] = {}
        addressed = openers(text) + (list(_AT.finditer(text)) if "@" in text else [])
        for match in addressed:
            word = match.group(1).rstrip(".")
            if word.casefold() not in _NOT_NAMES:
                found.setdefault(word, None)
        candidates = sorted(n for w in _present(by_word, text) for n in by_word[w] if n != post.author.name)
        for name in candidates:
            if re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
                found.setdefault(name, None)
        result.append(replace(post, mentions=tuple(found)) if found else post)
    return tuple(result)
