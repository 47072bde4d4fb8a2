"""What the post elements share: the relative place of the body, the author and the date in each of them."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from index.threads.html.scan import Scan

BODY_TAGS = frozenset({"div", "article", "section", "blockquote", "td", "main", "li", "span", "aside"})
MIN_SHARE = 0.3  # posts whose header outweighs their words still keep them in one element
NEAR_BEST = 0.85
CLEAN_SHARE = 0.7
SAME_TEXT_POSTS = 3
SAME_TEXT_WEIGHT = 0.25  # the deepest element nearly as full of the post's prose as the best one is its body
ALIKE_CLASSES = 0.6  # "odd reply post-3 hentry" and "even reply post-4 hentry" are one place


@dataclass
class Layout:
    """Relative keys (a tag/class path from the post element) per element, and the chosen ones."""

    rel: dict[int, int]  # element -> relative key id
    depth: dict[int, int]  # relative key id -> depth below the post element
    body: int | None = None

    def find(self, s: Scan, record: int, key: int | None) -> list[int]:
        if key is None:
            return []
        return [j for j in s.span(record) if self.rel.get(j) == key]


def _classes(key: str) -> frozenset[str]:
    return frozenset(key.split(".")[1:]) - {""}


def relative_keys(s: Scan, records: list[int]) -> Layout:
    """Each element's place in its post: its parent's place and its own tag and classes.

    Posts taking turns ("odd ..."/"even ...") lead with different classes and share the rest:
    elements of one tag whose class sets are mostly the same take one place.
    """
    known: dict[tuple[int, str], list[tuple[str, frozenset[str], int]]] = {}
    rel: dict[int, int] = {}
    depth: dict[int, int] = {0: 0, -1: 0}
    count = 0
    for record in records:
        rel[record] = 0
        for j in s.span(record):
            if j == record:
                continue
            parent = rel.get(s.parent[j], -1) if s.parent[j] >= record else -1  # -1: a later sibling of the span
            tag, classes = s.nodes[j].tag, _classes(s.key[j])
            places = known.setdefault((parent, tag), [])
            key = next((k for short, seen, k in places if short == s.short[j] or _alike(seen, classes)), None)
            if key is None:
                count += 1
                key = count
                places.append((s.short[j], classes, key))
            rel[j] = key
            depth[key] = depth[parent] + 1
    return Layout(rel, depth)


def _alike(a: frozenset[str], b: frozenset[str]) -> bool:
    return len(a) >= 2 and len(b) >= 2 and len(a & b) / len(a | b) >= ALIKE_CLASSES


def choose_body(s: Scan, records: list[int], layout: Layout) -> None:
    """The relative key whose single element holds most of each post's prose, as deep as that stays true."""
    cover: dict[int, float] = defaultdict(float)
    clean: Counter[int] = Counter()  # posts where the element holds no author or date of its own: no header
    present: Counter[int] = Counter()
    with_prose = 0
    for record in records:
        total = s.span_prose(record)
        if not total:
            continue
        with_prose += 1
        counts = Counter(layout.rel[j] for j in s.span(record))
        for j in s.span(record):
            key = layout.rel[j]
            if j != record and counts[key] == 1 and s.nodes[j].tag in BODY_TAGS:
                cover[key] += s.prose[j] / total
                present[key] += 1
                clean[key] += s.free[j] == 0
    headless = {key: value for key, value in cover.items() if clean[key] >= CLEAN_SHARE * present[key]}
    for candidates in (headless, cover):
        if not candidates:
            continue
        best = max(candidates.values())
        if best < MIN_SHARE * with_prose:
            continue  # no one element holds the words: the post element is the body
        near = [key for key, value in candidates.items() if value >= NEAR_BEST * best]
        layout.body = max(near, key=lambda key: (layout.depth[key], candidates[key]))
        return


def common_key(layout: Layout, candidates: list[list[int]], strong: set[int], value) -> int | None:
    """The relative key most posts have an author candidate at; ties go to the earliest.

    Candidates in `strong` (profile links) count double: a box its class calls "user" may hold a level
    or a badge. A place with the same text in every post ("Profile", "Show posts") is a menu, not names.
    """
    counts: Counter[int] = Counter()
    values: dict[int, set[str]] = defaultdict(set)
    for found in candidates:
        for key, j in {layout.rel[j]: j for j in reversed(found)}.items():
            counts[key] += 2 if j in strong else 1
            values[key].add(value(j))
    if not counts:
        return None
    same = len(candidates) >= SAME_TEXT_POSTS
    return max(counts, key=lambda key: counts[key] * (SAME_TEXT_WEIGHT if same and len(values[key]) == 1 else 1))
