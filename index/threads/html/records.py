"""Find the repeated element that holds the posts: same depth and tag/class key, each with a date, a user and prose."""

from __future__ import annotations

import math
from collections import defaultdict

from index.threads.html.names import mark_names, name_slot
from index.threads.html.scan import Scan

SIMILAR_CLASSES = 0.5  # "post odd first" and "post even" are one template; "post" and "sidebar" are not
SINGLE_SHARE = 0.5
MIN_PROSE = 30  # characters a post element holds on average outside links  # one post on the page: the smallest element with a date, a user and most of the prose


def _classes(key: str) -> frozenset[str]:
    return frozenset(key.split(".")[1:]) - {""}


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a and not b:
        return True
    return len(a & b) / max(len(a | b), 1) >= SIMILAR_CLASSES


def _groups(s: Scan, named: bool = True) -> list[list[int]]:
    """Elements holding a date and a user (or only a date), grouped by depth and tag with like classes."""
    exact: dict[tuple[int, str], list[int]] = defaultdict(list)
    for i in range(len(s.nodes)):
        if s.dates[i] and (s.users[i] or not named):
            exact[(s.depth[i], s.key[i])].append(i)
    buckets: dict[tuple[int, str], list[tuple[frozenset[str], set[int], list[int]]]] = defaultdict(list)
    for (depth, key), members in exact.items():
        tag = key.split(".", 1)[0]
        classes = _classes(key)
        parents = {s.parent[i] for i in members}
        for known, known_parents, group in buckets[(depth, tag)]:
            # Siblings taking turns ("odd reply", "even reply") are one template too.
            if _similar(known, classes) or (known & classes and known_parents & parents):
                group.extend(members)
                known_parents |= parents
                break
        else:
            buckets[(depth, tag)].append((classes, parents, list(members)))
    found = [sorted(group) for groups in buckets.values() for _, _, group in groups]
    return _across_depths(s, found)


def _nested(s: Scan, members: list[int]) -> bool:
    """Whether any of the (sorted) elements holds another."""
    open_until = -1
    for i in members:
        if i < open_until:
            return True
        open_until = max(open_until, s.end[i])
    return False


def _across_depths(s: Scan, groups: list[list[int]]) -> list[list[int]]:
    """One template at several depths is one group when none holds another: threaded replies nest
    each answer in a wrapper one level deeper than the post it answers."""
    by_key: dict[str, list[list[int]]] = defaultdict(list)
    for group in groups:
        by_key[s.key[group[0]]].append(group)
    merged: list[list[int]] = []
    for same in by_key.values():
        if len(same) > 1:
            union = sorted(i for group in same for i in group)
            if not _nested(s, union):
                merged.append(union)
                continue
        merged.extend(same)
    return merged


def _next_sibling(s: Scan, j: int) -> int | None:
    k = s.end[j]
    return k if k < len(s.nodes) and s.parent[k] == s.parent[j] else None


def _spans(s: Scan, group: list[int]) -> dict[int, int]:
    """Where each post ends when the repeated element is only its header row and the words follow it.

    Old table layouts give a post three rows (name and date, message, buttons); the siblings up to
    the next header row belong to the post. Empty when the elements hold their posts themselves.
    """
    if len(group) < 2 or len({s.parent[i] for i in group}) != 1:
        return {}
    gaps: list[int] = []
    spans: dict[int, int] = {}
    own = between = 0
    for a, b in zip(group, group[1:]):
        if s.end[a] == b:
            return {}
        spans[a] = b
        own += s.prose[a]
        between += sum(s.prose[j] for j in range(s.end[a], b) if s.parent[j] == s.parent[a])
        gaps.append(sum(1 for j in range(s.end[a], b) if s.parent[j] == s.parent[a]))
    if between <= own:
        return {}
    last, stop = group[-1], s.end[group[-1]]
    typical = max(set(gaps), key=gaps.count)
    sibling = _next_sibling(s, last)
    for _ in range(typical):
        if sibling is None:
            break
        stop = s.end[sibling]
        sibling = _next_sibling(s, sibling)
    spans[last] = stop
    return spans


def _prose(s: Scan, i: int, spans: dict[int, int]) -> int:
    if i not in spans:
        return s.prose[i]
    return sum(s.prose[j] for j in range(i, spans[i]) if s.parent[j] == s.parent[i])


def _score(s: Scan, group: list[int], spans: dict[int, int]) -> float:
    # Square roots: two posts outscore the one container holding both, and posts outscore
    # link lists (thread lists, "similar threads"), whose text is all links.
    return sum(math.sqrt(_prose(s, i, spans)) for i in group)


def deepest_post(s: Scan, top: int) -> int:
    """Inside a lone candidate, the deepest element with a date, a user and most of its prose."""
    best = top
    for i in s.subtree(top):
        if s.dates[i] and s.users[i] and s.prose[i] >= SINGLE_SHARE * s.prose[top] and s.depth[i] > s.depth[best]:
            best = i
    return best


def find_records(s: Scan, plain_names: bool = True) -> list[int]:
    """Indices (pre-order) of the post elements in page order; [] when the page has none."""
    groups = [(g, _spans(s, g)) for g in _groups(s)]
    groups = [(g, spans) for g, spans in groups if any(_prose(s, i, spans) for i in g)]
    if not groups:
        return find_records(s, False) if plain_names and _plain_names(s) else []
    # Repeated posts beat any one container holding them; lists of links ("latest threads by X")
    # repeat too, but hold little prose of their own.
    repeated = [
        (g, spans) for g, spans in groups if len(g) > 1 and sum(_prose(s, i, spans) for i in g) >= MIN_PROSE * len(g)
    ]
    if not repeated and plain_names and _plain_names(s):
        return find_records(s, False)
    best, spans = max(repeated or groups, key=lambda pair: (_score(s, *pair), -s.depth[pair[0][0]]))
    if len(best) == 1:
        return [deepest_post(s, best[0])]
    if spans:
        s.spans.update(spans)
        return best
    return _kin(s, best)


def _plain_names(s: Scan) -> bool:
    """Posts that name their author in plain text (no profile link, no "user" class): a repeated element with a
    date whose name place is found counts that name as a user. True when names were marked."""
    candidates = [(g, _spans(s, g)) for g in _groups(s, named=False) if len(g) > 1]
    candidates = [(g, spans) for g, spans in candidates if sum(_prose(s, i, spans) for i in g) >= MIN_PROSE * len(g)]
    for group, _ in sorted(candidates, key=lambda pair: (-_score(s, *pair), s.depth[pair[0][0]])):
        if names := name_slot(s, group):
            mark_names(s, names)
            return True
    return False


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
