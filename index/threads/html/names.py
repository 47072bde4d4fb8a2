"""Authors shown as plain text: the place where every post element has a short name, varying from post to post."""

from __future__ import annotations

import re
from collections import defaultdict

from index.threads.html.dates import looks_like_date
from index.threads.html.dom import collapse
from index.threads.html.scan import NAME_CHARS, Scan

NAME_WORDS = 4
MIN_POSTS = 2
PRESENT_SHARE = 0.8  # of the post elements that must have a name at the place
OPENING_PROSE = 40  # a text this long is the post's words: its name stands before it
MAX_ELEMENTS = 400  # elements looked at per post element: a name sits in the header, near the top
_NAME_TAGS = frozenset({"strong", "b", "span", "a", "em", "i", "h2", "h3", "h4", "h5", "h6", "div", "dt", "cite", "p"})
_NOT_NAME = re.compile(r"[?!:;,]$|^[\W\d_]+$|https?:|www\.|@\w+\.\w")
_LABELLED = re.compile(r"^[^:]{1,30}:\s*\S")


def is_name_text(text: str) -> bool:
    """Text that could be a display name: a few words, not a sentence, a number, a date or a label."""
    if not text or len(text) > NAME_CHARS or len(text.split()) > NAME_WORDS:
        return False
    return not (_NOT_NAME.search(text) or _LABELLED.match(text) or looks_like_date(text))


def _path(s: Scan, top: int, j: int) -> str:
    steps = []
    while j != top:
        steps.append(s.short[j])
        j = s.parent[j]
    return "/".join(reversed(steps))


def _names_in(s: Scan, top: int) -> dict[str, tuple[int, str]]:
    """Per path below `top`, its first element whose whole text is name-like, up to the post's first long text."""
    found: dict[str, tuple[int, str]] = {}
    stack = [s.nodes[top]]
    j = top  # the scan's next element: it lists elements in the order this walk meets them
    while stack and j - top < MAX_ELEMENTS:
        node = stack.pop()
        if node.is_text_node:
            text = collapse(node.text_content or "")
            if len(text) >= OPENING_PROSE and not looks_like_date(text):
                break  # the words of the post have begun
            continue
        if not node.is_element_node:
            continue
        if j >= len(s.nodes) or s.nodes[j].mem_id != node.mem_id:
            break
        if s.quote[j]:
            j = s.end[j]
            continue
        if j != top and node.tag in _NAME_TAGS and not s.is_date[j] and s.end[j] - j <= 3:
            text = collapse(node.text(deep=True, separator=" "))
            if is_name_text(text):
                found.setdefault(_path(s, top, j), (j, text))
        kids = []
        child = node.child
        while child is not None:
            kids.append(child)
            child = child.next
        stack.extend(reversed(kids))
        j += 1
    return found


def name_slot(s: Scan, group: list[int]) -> dict[int, int]:
    """Post element -> its name element, when one place holds a name in (nearly) every post and the names vary."""
    if len(group) < MIN_POSTS:
        return {}
    per_path: dict[str, dict[int, tuple[int, str]]] = defaultdict(dict)
    order: dict[str, int] = {}
    for top in group:
        for rank, (path, found) in enumerate(_names_in(s, top).items()):
            per_path[path][top] = found
            order[path] = min(order.get(path, rank), rank)
    slots = [
        path for path, found in per_path.items()
        if len(found) >= PRESENT_SHARE * len(group) and len({text for _, text in found.values()}) >= 2
    ]
    if not slots:
        return {}
    # A label repeated in every post ("Reply", "Report") has one text; of the varying places, the earliest.
    best = min(slots, key=lambda path: (order[path], -len(per_path[path])))
    return {top: j for top, (j, _) in per_path[best].items()}


def mark_names(s: Scan, names: dict[int, int]) -> None:
    """Count the name elements as users, in the element and every element holding it."""
    for j in names.values():
        if s.is_user[j]:
            continue
        s.is_user[j] = True
        free = True
        k = j
        while k >= 0:
            s.users[k] += 1
            if free:
                s.free[k] += 1
            free = free and not s.quote[k]
            k = s.parent[k]
