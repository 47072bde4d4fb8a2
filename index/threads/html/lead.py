"""The opening post outside the repeated post elements: a header with a name (and a date) and a body just before them."""

from __future__ import annotations

from index.threads.html.dom import collapse
from index.threads.html.records import deepest_post
from index.threads.html.scan import Scan

LEVELS = 4  # how far above the first post element the opening post may sit
LEAD_PROSE = 40  # characters of words outside headings and links: a thread's header (title, starter, date) has fewer
LONG_TEXT = 30  # one run of text this long: a sentence, not labels
HEADER_WORDS = 12  # a header holding no more words than this ("•", "Posted") has its body in the elements after it
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "title"})


def _previous_siblings(s: Scan, i: int) -> list[int]:
    """The elements before `i` under the same parent, nearest first."""
    parent = s.parent[i]
    if parent < 0:
        return []
    found, j = [], parent + 1
    while j < i:
        found.append(j)
        j = s.end[j]
    return found[::-1]


def _words(s: Scan, tops: list[int]) -> tuple[int, int]:
    """(characters outside headings, links and dates; the longest such run of text) under the elements."""
    total = longest = 0
    stack = [s.nodes[t] for t in reversed(tops)]
    while stack:
        node = stack.pop()
        if node.is_text_node:
            text = collapse(node.text_content or "")
            total += len(text)
            longest = max(longest, len(text))
            continue
        if not node.is_element_node or node.tag in _HEADINGS or node.tag == "a" or node.tag == "time":
            continue
        kids = []
        child = node.child
        while child is not None:
            kids.append(child)
            child = child.next
        stack.extend(reversed(kids))
    return total, longest


def find_lead(s: Scan, records: list[int]) -> int | None:
    """The opening post's element when it stands before the first post element, apart from them; None if not.

    Going up from the first post element, the nearest earlier element with a name or a date decides: with a
    name and a sentence or more of words it is the opening post (with the elements after it, up to the
    posts, when its header and body are separate elements); without, it is the thread's header and there
    is no opening post outside.
    """
    if not records:
        return None
    at = records[0]
    for _ in range(LEVELS):
        before = _previous_siblings(s, at)
        for k, b in enumerate(before):
            if not (s.users[b] or s.dates[b]):
                continue
            run = before[: k + 1][::-1]  # b and the elements after it, up to the posts
            if not s.users[b] or s.quote[b]:
                return None
            total, longest = _words(s, run)
            if total < LEAD_PROSE or longest < LONG_TEXT:
                return None
            own, _ = _words(s, [b])
            if len(run) == 1 or own > HEADER_WORDS:
                return deepest_post(s, b)
            s.spans[b] = s.end[run[-1]]
            return b
        at = s.parent[at]
        if at <= 0:
            return None
    return None
