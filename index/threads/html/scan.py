"""One pass over the DOM: per element its place, tag/class key, prose length and date/user anchors."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborNode

from index.threads.html.dates import looks_like_date
from index.threads.html.dom import class_key, collapse, is_quote, short_key, words

# Profile links of forum engines in general: /members/, /user/, /u/, memberlist.php?mode=viewprofile, ?uid= ...
_PROFILE_HREF = re.compile(
    r"(?:^|[/?&._=-])(?:members?|users?|u|profiles?|people|authors?|poster|benutzer|mitglied(?:er)?|membres?|"
    r"utilisateurs?|viewprofile|showuser|userid|uid|memberid)(?:[/?&._=;:-]|\d|$)",
    re.IGNORECASE,
)
SIGNATURE_WORDS = re.compile(r"signature|\bsig\b|signatur")
_USER_WORDS = re.compile(r"author|user|poster|member|nick|creator|owner|profile")
_NOT_NAME_WORDS = re.compile(r"title|rank|role|group|badge|status|online|count|since|joined|location|avatar|stats")
_NUMBER = re.compile(r"^[+#-]?\d+$")
_LABELLED = re.compile(r"^[^:]{1,30}:\s*\S")
_DATE_ATTRS = ("datetime", "data-time", "data-timestamp", "data-date", "data-datetime", "data-created")
NAME_CHARS = 48  # a display name; longer link text is a title or a sentence
NAME_WORDS = 6


@dataclass
class Scan:
    """Parallel lists indexed by pre-order position: a subtree is the range [i, end[i])."""

    nodes: list[LexborNode] = field(default_factory=list)
    parent: list[int] = field(default_factory=list)
    depth: list[int] = field(default_factory=list)
    key: list[str] = field(default_factory=list)
    short: list[str] = field(default_factory=list)  # tag and first class: "postrow has_after_content" is a postrow
    end: list[int] = field(default_factory=list)
    prose: list[int] = field(default_factory=list)  # characters outside links and dates, subtree total
    dates: list[int] = field(default_factory=list)  # date anchors in the subtree
    users: list[int] = field(default_factory=list)  # user links or names in the subtree
    free: list[int] = field(default_factory=list)  # date and user anchors in the subtree outside quotes below it
    quote: list[bool] = field(default_factory=list)
    is_date: list[bool] = field(default_factory=list)
    is_user: list[bool] = field(default_factory=list)

    # A post laid out as several sibling elements (a table's header row, message row and button row)
    # is the range from its first element to the end of its last: pre-order keeps it contiguous.
    spans: dict[int, int] = field(default_factory=dict)

    def subtree(self, i: int) -> range:
        return range(i, self.end[i])

    def span(self, i: int) -> range:
        return range(i, self.spans.get(i, self.end[i]))

    def span_prose(self, i: int) -> int:
        return sum(self.prose[j] for j in self.tops(i))

    def tops(self, i: int) -> list[int]:
        """The sibling elements a post element spans (itself alone, usually)."""
        stop = self.spans.get(i, self.end[i])
        tops, j = [], i
        while j < stop:
            tops.append(j)
            j = self.end[j]
        return tops


def is_user_element(node: LexborNode, text: str) -> bool:
    """A link to a member's profile, or an element its class calls a user/author name, with name-like text."""
    if not text or len(text) > NAME_CHARS or len(text.split()) > NAME_WORDS or looks_like_date(text):
        return False
    if _LABELLED.match(text) or text.replace(",", "").replace(".", "").isdigit():
        return False  # "Posts: 516", "1,204": a member detail, not a name
    if is_profile_link(node):
        return True
    if _NOT_NAME_WORDS.search(words(node)) or any(_NUMBER.match(token) for token in text.split()):
        return False  # a rank, a badge, "Userlevel 7 +6"
    return bool(_USER_WORDS.search(words(node)))


def is_profile_link(node: LexborNode) -> bool:
    return node.tag == "a" and bool(_PROFILE_HREF.search(node.attributes.get("href") or ""))


def _maybe_user(node: LexborNode) -> bool:
    """Cheap test before reading an element's text."""
    if is_profile_link(node):
        return True
    return bool(_USER_WORDS.search(words(node)))


def date_attribute(node: LexborNode) -> str | None:
    attrs = node.attributes
    for name in _DATE_ATTRS:
        value = attrs.get(name)
        if value and (looks_like_date(value) or value.strip().isdigit()):
            return value
    if node.tag in ("abbr", "span", "time", "a") and looks_like_date(attrs.get("title") or ""):
        return attrs.get("title")
    return None


def scan(root: LexborNode) -> Scan:
    s = Scan()
    # (node, parent index, depth, inside a link or a signature: text that is not the post's prose)
    stack: list[tuple[LexborNode, int, int, bool]] = [(root, -1, 0, False)]
    while stack:
        node, parent, depth, in_link = stack.pop()
        i = len(s.nodes)
        s.nodes.append(node)
        s.parent.append(parent)
        s.depth.append(depth)
        s.key.append(class_key(node))
        s.short.append(short_key(node))
        s.end.append(0)
        own_prose, user, date = 0, False, node.tag == "time" or date_attribute(node) is not None
        in_link = in_link or node.tag == "a" or bool(SIGNATURE_WORDS.search(words(node)))
        kids = []
        child = node.child
        while child is not None:
            if child.is_element_node:
                kids.append(child)
            elif child.is_text_node:
                text = child.text_content or ""
                if text.strip():
                    short = collapse(text)
                    if looks_like_date(short):
                        date = True
                    elif not in_link:
                        own_prose += len(short)
            child = child.next
        if _maybe_user(node):
            user = is_user_element(node, collapse(node.text(deep=True, separator=" ")))
        s.prose.append(own_prose)
        s.dates.append(int(date))
        s.users.append(int(user))
        s.free.append(int(date) + int(user))
        s.quote.append(is_quote(node))
        s.is_date.append(date)
        s.is_user.append(user)
        for kid in reversed(kids):
            stack.append((kid, i, depth + 1, in_link))
    # Children follow their parent in pre-order: fold totals upward from the end.
    n = len(s.nodes)
    for i in range(n - 1, -1, -1):
        if s.end[i] == 0:
            s.end[i] = i + 1
        p = s.parent[i]
        if p >= 0:
            s.prose[p] += s.prose[i]
            s.dates[p] += s.dates[i]
            s.users[p] += s.users[i]
            if not s.quote[i]:
                s.free[p] += s.free[i]
            s.end[p] = max(s.end[p], s.end[i])
    return s
