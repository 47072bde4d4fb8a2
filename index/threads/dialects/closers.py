"""Posts of a copied page that prints no dates: each post closed by the same run of button lines ("Reply", "Report")."""

from __future__ import annotations

from collections import Counter

from index.threads.dialects.heads import clean_name, is_mark
from index.threads.dialects.lines import ACTION, BLANK, COUNT, LITERAL, PROSE, SHORT, Line
from index.threads.dialects.named import REPLY_TO
from index.threads.dialects.page import framed_name
from index.threads.dialects.reach import Block

# A post's header over its text is a few short lines; a longer run of them is a menu.
HEADER_LINES = 4


def _runs(lines: list[Line]) -> list[tuple[int, int]]:
    """Runs of button lines (with the counts among them), as (first, last) line."""
    runs: list[tuple[int, int]] = []
    start = last = None
    for line in lines:
        if line.kind == BLANK:
            continue
        if line.kind == ACTION or (line.kind == COUNT and start is not None and len(line.text) <= 8):
            start = line.index if start is None else start
            last = line.index
            continue
        if start is not None:
            runs.append((start, last))
        start = None
    if start is not None:
        runs.append((start, last))
    return runs


def _header_runs(lines: list[Line], start: int, end: int) -> list[tuple[int, int]]:
    """Runs of short lines between blank lines that a blank line and text follow: where a header may stand."""
    out = []
    i = start
    while i < end:
        if lines[i].kind in (SHORT, LITERAL, COUNT) and (i == start or lines[i - 1].kind == BLANK):
            j = i
            while j + 1 < end and lines[j + 1].kind in (SHORT, LITERAL, COUNT):
                j += 1
            k = j + 1
            while k < end and lines[k].kind == BLANK:
                k += 1
            if k > j + 1 and k < end and lines[k].kind == PROSE and j - i < HEADER_LINES:
                out.append((i, j))
            i = j + 1
        else:
            i += 1
    return out


def _candidates(lines: list[Line], top: int, bottom: int) -> list[str]:
    out = []
    for line in lines[top : bottom + 1]:
        if line.kind in (SHORT, LITERAL) and not REPLY_TO.match(line.text) and not is_mark(line.text):
            if framed_name(line.text) or "•" in line.text.strip("•· "):
                continue
            name = clean_name(line.text.strip("•· "))
            if name:
                out.append(name)
    return out


def posts(lines: list[Line]) -> tuple[list[Block], list[tuple[int, int]], list[str | None]] | None:
    """Each post's header block, body span and author; None unless at least two button runs close posts."""
    runs = _runs(lines)
    if len(runs) < 2:
        return None
    heads: list[Block] = []
    bodies: list[tuple[int, int]] = []
    previous = -1
    for first, last in runs:
        found = _header_runs(lines, previous + 1, first)
        if not found:
            previous = last
            continue
        # The first post's chunk holds the page's menus too: its header is the last one over text.
        top, bottom = found[0] if heads else found[-1]
        heads.append(Block(top, top, top, bottom))
        bodies.append((bottom + 1, first))
        previous = last
    if len(heads) < 2:
        return None
    options = [_candidates(lines, h.top, h.bottom) for h in heads]
    # Names come back: as another post's header line, or in "in reply to NAME".
    known = Counter(name for names in options for name in set(names))
    mentioned = {m.group("name").strip() for l in lines if (m := REPLY_TO.match(l.text))}
    authors = []
    for names in options:
        ranked = sorted(
            range(len(names)), key=lambda i: (-(known[names[i]] >= 2) - (names[i] in mentioned), -i)
        )
        authors.append(names[ranked[0]] if ranked else None)
    return heads, bodies, authors
