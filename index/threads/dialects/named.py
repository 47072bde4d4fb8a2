"""Names a copied page prints outside its post headers: quote markers, "@name", "in reply to NAME", likes lines."""

from __future__ import annotations

import re

from index.threads.dialects.lines import QUOTE, Line
from index.threads.dialects.marked import marker

REPLY_TO = re.compile(r"(?i)^(?:in reply to|replying to|reply to|antwort auf|en réponse à|réponse à)\s+(?P<name>.+)$")
LIKES = [
    re.compile(r"(?i)^(?P<names>.+?)\s+(?:likes?|like) this\.?$"),
    re.compile(r"(?i)^(?:likes|reactions|reaktionen|réactions|thanks|danke)\s*:\s*(?P<names>.+)$"),
    re.compile(r"(?i)^(?P<names>.+?)\s+(?:gefällt das|gefällt dies|aime ça|aiment ça|aime ceci|aiment ceci)\.?$"),
]
_AT = re.compile(r"(?<![\w@])@([^\W_][\w.\-]{1,30}\w)")


def likes(text: str) -> list[str] | None:
    """The names of a "NAME and NAME like this" line, or None when the line is no likes line."""
    for pattern in LIKES:
        match = pattern.match(text)
        if match:
            names = re.split(r",\s*|\s+(?:and|und|et)\s+", match.group("names"))
            return [n.strip() for n in names if n.strip() and not re.match(r"^\d", n.strip())]
    return None


def mentioned(lines: list[Line]) -> frozenset[str]:
    """Names the page's text cites (casefolded): the people quoted, addressed, replied to or thanked there."""
    found: set[str] = set()
    for line in lines:
        text = line.text
        if not text or len(text) > 400:
            continue
        if line.kind == QUOTE or len(text) <= 160:
            mark = marker(text)
            if mark is not None and mark[0]:
                found.add(mark[0])
        if match := REPLY_TO.match(text):
            found.add(match.group("name").strip())
        if len(text) <= 200:
            found.update(likes(text) or ())
        found.update(_AT.findall(text))
    return frozenset(name.casefold() for name in found if name)
