"""A page saved twice in two forms (its text copy and the saved web page): telling such copies apart."""

from __future__ import annotations

import re
import unicodedata

from index.model import Post, Thread

# A page saved twice in two forms splits and words its posts a little differently
# (so pages.post_key tells their posts apart); their posts still share most runs of words.
_WORD = re.compile(r"[^\W_]+")
COPY_WORDS = 60  # of a post's first words compared
COPY_SHARED = 0.5  # of a post's word triples found in one post of the other copy: the same post
COPY_POSTS = 0.7  # of a page's posts (those of 3 words or more) that are posts of the run: the same page


def _triples(post: Post) -> set[tuple[str, ...]]:
    words = _WORD.findall(unicodedata.normalize("NFKC", " ".join(b.text for b in post.blocks)).casefold())
    words = words[:COPY_WORDS]
    return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}


def _alike(one: Thread, other: Thread) -> bool:
    """Whether two pages may be copies of one page (a cheap test before _copy_of: a thread of many
    saved pages compares each with the others): post counts within a factor 2, first posts sharing words."""
    if not one.posts or not other.posts or 2 * min(len(one.posts), len(other.posts)) < max(len(one.posts), len(other.posts)):
        return False
    return bool(_head(one) & _head(other))


def _head(page: Thread) -> set[tuple[str, ...]]:
    """The word triples of a page's first 3 posts (a copy may hold a post more or less at its top)."""
    return set().union(*(_triples(post) for post in page.posts[:3]))


def _copy_of(before: list[Post], page: Thread) -> bool:
    """Whether most of the page's posts are posts before it, worded a little differently (another form
    of a page already read); a repeated opening post alone is not."""
    owners: dict[tuple[str, ...], set[int]] = {}
    for n, post in enumerate(before):
        for triple in _triples(post):
            owners.setdefault(triple, set()).add(n)
    compared = found = 0
    for post in page.posts:
        triples = _triples(post)
        if not triples:
            continue
        compared += 1
        shared: dict[int, int] = {}
        for triple in triples:
            for n in owners.get(triple, ()):
                shared[n] = shared.get(n, 0) + 1
        found += bool(shared) and max(shared.values()) >= COPY_SHARED * len(triples)
    return compared > 0 and found >= COPY_POSTS * compared


def is_copy(before: Thread, page: Thread) -> bool:
    """Whether the page is the page before in another form (a cheap test of their first posts first)."""
    return _alike(before, page) and _copy_of(before.posts, page)


def _facts(page: Thread) -> int:
    return sum(bool(post.author.name) + bool(post.date) + (post.number is not None) for post in page.posts)


def copy_groups(pages: list[Thread]) -> list[list[Thread]]:
    """Each page with its copies in another form, the one read first: of two copies, the one that
    knows more of its posts' authors, dates and numbers (a saved web page, mostly), else the first."""
    groups: list[list[Thread]] = []
    for page in pages:
        twin = next((g for g in groups if is_copy(g[0], page)), None)
        if twin is None:
            groups.append([page])
        else:
            twin.insert(0 if _facts(page) > _facts(twin[0]) else len(twin), page)
    return groups
