"""Find the repeated element that holds the posts: same depth and tag/class key, each with a date, a user and prose."""

from __future__ import annotations

import math
from collections import defaultdict

from index.threads.html.scan import Scan

SIMILAR_CLASSES = 0.5  # "post odd first" and "post even" are one template; "post" and "sidebar" are not
SINGLE_SHARE = 0.5  # one post on the page: the smallest element with a date, a user and most of the prose


def _classes(key: str) -> frozenset[str]:
    return frozenset(key.split(".")[1:]) - {""}


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a and not b:
        return True
    return len(a & b) / max(len(a | b), 1) >= SIMILAR_CLASSES


def _groups(s: Scan) -> list[list[int]]:
    """Elements holding a date and a user, grouped by depth and tag with like classes."""
    exact: dict[tuple[int, str], list[int]] = defaultdict(list)
    for i in range(len(s.nodes)):
        if s.dates[i] and s.users[i]:
            exact[(s.depth[i], s.key[i])].append(i)
    buckets: dict[tuple[int, str], list[tuple[frozenset[str], list[int]]]] = defaultdict(list)
    for (depth, key), members in exact.items():
        tag = key.split(".", 1)[0]
        classes = _classes(key)
        for known, group in buckets[(depth, tag)]:
            if _similar(known, classes):
                group.extend(members)
                break
        else:
            buckets[(depth, tag)].append((classes, list(members)))
    return [sorted(group) for groups in buckets.values() for _, group in groups]


def _score(s: Scan, group: list[int]) -> float:
    # Square roots: two posts outscore the one container holding both, and posts outscore
    # link lists (thread lists, "similar threads"), whose text is all links.
    return sum(math.sqrt(s.prose[i]) for i in group)


def _single(s: Scan, top: int) -> int:
    """Inside a lone candidate, the deepest element with a date, a user and most of its prose."""
    best = top
    for i in s.subtree(top):
        if s.dates[i] and s.users[i] and s.prose[i] >= SINGLE_SHARE * s.prose[top] and s.depth[i] > s.depth[best]:
            best = i
    return best


def find_records(s: Scan) -> list[int]:
    """Indices (pre-order) of the post elements in page order; [] when the page has none."""
    groups = [g for g in _groups(s) if any(s.prose[i] for i in g)]
    if not groups:
        return []
    best = max(groups, key=lambda g: (_score(s, g), -s.depth[g[0]]))
    if len(best) == 1:
        return [_single(s, best[0])]
    return _kin(s, best)


def _kin(s: Scan, group: list[int]) -> list[int]:
    """The group with the posts of the same template that lack a date or a user of their own.

    The opening post often shows its date in the thread's header, and a guest's post has no profile link.
    """
    depth, tag = s.depth[group[0]], s.key[group[0]].split(".", 1)[0]
    known = {_classes(s.key[i]) for i in group}
    members = set(group)
    for i in range(len(s.nodes)):
        if i in members or s.depth[i] != depth or not s.prose[i] or not (s.dates[i] or s.users[i]):
            continue
        key = s.key[i]
        if key.split(".", 1)[0] == tag and any(_similar(_classes(key), classes) for classes in known):
            members.add(i)
    return sorted(members)
