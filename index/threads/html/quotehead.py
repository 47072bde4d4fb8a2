"""Who a quote element quotes: its data attributes, or its "NAME said:" / "Originally Posted by NAME" line."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

HEAD_CHARS = 120
_VERB = r"(?:said|wrote|writes|says|posted|schrieb|schreibt|hat geschrieben|a écrit|a dit|escribió|ha scritto|scrive)"
_BEFORE = re.compile(
    r"^(?:originally posted by|posted by|quote from|quoting|quote by|zitat von|zitat:\s*von|citation de|"
    r"message de|réponse de|cita de|citazione di)\s*:?\s*(?P<name>.+?)"
    r"(?:\s+(?:on|am|le|el|il|»|at)\s.*|\s*[»↑].*)?\s*:?$",
    re.IGNORECASE,
)
_AFTER = re.compile(r"^(?:@)?(?P<name>.{1,60}?)\s*,?\s+" + _VERB + r"\b.*$", re.IGNORECASE)
_COLON = re.compile(r"^(?:@)?(?P<name>[^\s:][^:]{0,40}):$")
_BARE = re.compile(r"^(?:quote|zitat|citation|cita|citazione)\s*:?$", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"author|user|name|member|^quote$")  # matched against data-* names without "data-"
NAME_WORDS = 5
_JUMP = re.compile(r"[\s↑⇑⬆▲↗»›]+$")  # the link to the quoted post after "NAME said:"


def _clean(name: str) -> str | None:
    name = name.strip().strip("\"'“”„«»").strip()
    if not name or len(name.split()) > NAME_WORDS or len(name) > 60:
        return None
    return name


def head_author(line: str) -> tuple[bool, str | None]:
    """(whether the line is a quote's attribution, the quoted name if it gives one)."""
    line = _JUMP.sub("", line).strip()
    if not line or len(line) > HEAD_CHARS:
        return False, None
    if _BARE.match(line):
        return True, None
    for pattern in (_BEFORE, _AFTER, _COLON):
        if match := pattern.match(line):
            name = _clean(match.group("name"))
            if name:
                return True, name
    return False, None


def attribute_author(node: LexborNode) -> str | None:
    """A name the quote element carries in an attribute (data-author, data-username, data-quote...)."""
    for key, value in node.attributes.items():
        key = key.lower()
        if not key.startswith("data-") or not value or not _ATTRIBUTE.search(key[5:]) or key.endswith("id"):
            continue
        value = value.split(",")[0].strip()  # "Name, post: 123, member: 45"
        if value and not value.isdigit() and (name := _clean(value)):
            return name
    return None
