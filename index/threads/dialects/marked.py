"""Quotes a copied page still marks: "NAME said:" ... "Click to expand...", "Zitat von NAME", "NAME wrote:", "NAME a écrit :"."""

from __future__ import annotations

import re

from index.threads.dialects.common import MarkedQuote
from index.threads.dialects.dates import find_date

# Where a long quote ends in a copy of the page: the "expand" link under it.
QUOTE_END = re.compile(
    r"(?i)^(?:click to expand|click to shrink|zum vergrößern anklicken|zum verkleinern anklicken|"
    r"cliquez pour (?:agrandir|développer|réduire)|klicken zum erweitern)\.*…?$"
)
_VERB = r"(?:said|wrote|writes|says|schrieb|schreibt|hat geschrieben|a écrit|a dit)"
_MARKERS = [
    # "NAME said:", "3 hours ago, NAME said:", "NAME hat geschrieben: ↑", "NAME wrote:text on the same line"
    re.compile(r"(?i)^(?P<name>.{1,60}?)\s+" + _VERB + r"\s*:\s*(?:↑\s*)?(?P<rest>.*)$"),
    re.compile(r"(?i)^(?:zitat|quote|citation)\s+(?:von|from|de)\s+(?P<name>[^:]{1,60}?)\s*:?\s*(?:↑\s*)?(?P<rest>)$"),
    re.compile(r"(?i)^(?:originally posted by|ursprünglich (?:geschrieben|gepostet) von|posté par)\s+(?P<name>.{1,60}?)\s*(?P<rest>)$"),
    re.compile(r"(?i)^(?:zitat|quote|citation)\s*:\s*(?P<rest>.*)$"),
    re.compile(r"^(?P<name>[^\s:][^:]{0,39}?)\s*:\s*↑\s*(?P<rest>.*)$"),
]
QUOTE_REACH = 60


def marker(text: str) -> tuple[str | None, str, bool] | None:
    """(quoted author, text after the marker on its line, whether the marker is one) for a quote marker line."""
    text = text.strip()
    if len(text) > 400:
        return None
    for pattern in _MARKERS:
        match = pattern.match(text)
        if not match:
            continue
        name = (match.groupdict().get("name") or "").strip() or None
        rest = match.group("rest").strip()
        if name:
            found = find_date(name)
            if found is not None and found.start == 0:
                name = name[found.end :].lstrip(" ,") or None  # "3 hours ago, NAME said:"
        if name and (len(name.split()) > 5 or name.endswith((".", "!", "?"))):
            continue
        if pattern is _MARKERS[0] and len(rest) > 0 and not text.split(":", 1)[0].strip().lower().endswith(
            ("wrote", "schrieb", "geschrieben", "a écrit")
        ):
            continue  # "He said: yes" in prose; only the "wrote:" markers run on into the quote
        return name, rest, True
    return None


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def quote_parts(lines: list[str], earlier: str) -> tuple[list[str | MarkedQuote] | None, set[int]]:
    """The body lines as text runs and marked quotes, and which lines are quote furniture ("Click to expand...").

    A quote ends at its "expand" link; without one, it runs while its lines are words of an earlier post of
    the page, or else to the end of its first paragraph. The marker line stays in the text (it is what the
    page printed); None when the body marks no quote."""
    seen = _norm(earlier)
    parts: list[str | MarkedQuote] = []
    furniture: set[int] = set()
    text: list[str] = []
    i = 0
    found_any = False
    while i < len(lines):
        mark = marker(lines[i]) if lines[i].strip() else None
        if mark is None:
            if QUOTE_END.match(lines[i].strip()):
                furniture.add(i)
            else:
                text.append(lines[i])
            i += 1
            continue
        found_any = True
        name, rest, _ = mark
        head = lines[i].strip()
        if rest:
            head = head[: len(head) - len(rest)].rstrip()
        text.append(head)
        if "".join(text).strip():
            parts.append("\n".join(text))
        text = []
        quoted, i = _quoted(lines, i + 1, rest, seen, furniture)
        if "".join(quoted).strip():
            parts.append(MarkedQuote("\n".join(quoted).strip("\n"), name))
    if text and "".join(text).strip():
        parts.append("\n".join(text))
    return (parts if found_any else None), furniture


def _quoted(lines: list[str], start: int, rest: str, seen: str, furniture: set[int]) -> tuple[list[str], int]:
    """The quoted lines after a marker, and where the post's own text goes on."""
    quoted = [rest] if rest else []
    end = next((j for j in range(start, min(len(lines), start + QUOTE_REACH)) if QUOTE_END.match(lines[j].strip())), None)
    if end is not None and not any(marker(l) for l in lines[start:end] if l.strip()):
        furniture.add(end)
        return quoted + lines[start:end], end + 1
    j = start
    # Blank lines right after the marker belong to no one.
    while j < len(lines) and not lines[j].strip() and not quoted:
        j += 1
    while j < len(lines):
        line = lines[j]
        if not line.strip():
            if quoted and not (j + 1 < len(lines) and _norm(lines[j + 1]) and _norm(lines[j + 1]) in seen):
                break
            quoted.append(line)
            j += 1
            continue
        if marker(line) or QUOTE_END.match(line.strip()):
            break
        if quoted and seen and _norm(line) not in seen and _norm("\n".join(quoted)) in seen:
            break  # the earlier post's words stop here: what follows is the reply
        quoted.append(line)
        j += 1
    return quoted, j
